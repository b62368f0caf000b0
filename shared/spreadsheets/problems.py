"""What is wrong with a spreadsheet, as a message key and its values (rendered in French or English by the caller).

Apart from :mod:`shared.spreadsheets.reader` so that the guards that read a file before it is parsed
(:mod:`spreadsheet_guard`, :mod:`spreadsheet_xlsx`) raise the same errors without importing the reader.
"""

from __future__ import annotations


class Problem(ValueError):
    """Something wrong with a file or a cell, as a message key and its values (rendered in French or English)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class FileProblem(Problem):
    """The file as a whole cannot be read."""
