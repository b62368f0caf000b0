"""The directory package."""
