"""The backoffice package."""
