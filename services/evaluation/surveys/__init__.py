"""The surveys package."""
