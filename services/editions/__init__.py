"""Editions that follow each other: next year's edition started from this one, and the edition the lead looks at."""
