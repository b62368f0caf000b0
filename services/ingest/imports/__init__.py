"""The imports package."""
