"""Errors of the ingest use cases, in French and English, each with the HTTP status the edge answers with."""

from __future__ import annotations


class IngestError(Exception):
    """A use case refused: ``field`` names the offending input when there is one."""

    status_code = 400

    def __init__(self, message_fr: str, message_en: str, *, field: str | None = None) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr
        self.message_en = message_en
        self.field = field

    def message(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message_fr


class NotFound(IngestError):
    """Absent, or not the caller's: both answer 404 so that nobody learns what others own."""

    status_code = 404


class Conflict(IngestError):
    """The request clashes with the current state (duplicate code, call for proposals closed…)."""

    status_code = 409


class Invalid(IngestError):
    """Well-formed input that breaks a rule of the edition (date outside it, unknown venue…)."""

    status_code = 422
