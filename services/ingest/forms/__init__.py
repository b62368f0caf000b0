"""The forms package."""
