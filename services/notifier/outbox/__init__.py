"""The outbox package."""
