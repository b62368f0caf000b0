"""The département's network of digital-culture actors, kept from one edition to the next."""
