"""The solve package."""
