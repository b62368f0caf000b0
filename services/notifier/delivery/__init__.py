"""The delivery package."""
