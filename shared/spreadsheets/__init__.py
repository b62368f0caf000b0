"""The spreadsheets package."""
