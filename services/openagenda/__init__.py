"""Publishing the programme to OpenAgenda: venues as locations, published sessions as events."""
