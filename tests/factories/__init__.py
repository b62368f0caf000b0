"""Small builders of scenario-format 1 documents for tests (see ``scenarios``)."""
