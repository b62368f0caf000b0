"""The checker package."""
