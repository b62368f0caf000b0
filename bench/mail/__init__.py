"""The mail package."""
