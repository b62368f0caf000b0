"""The privacy package."""
