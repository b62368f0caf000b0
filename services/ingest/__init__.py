"""festplan ingest service."""
