"""The proposals package."""
