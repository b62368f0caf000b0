"""The attendance package."""
