"""festplan scheduler service."""
