"""What happened at an edition, as plain frozen dataclasses: the input of :func:`.report.compute_report`.

:mod:`services.evaluation.report.data` fills them from the database, the tests and the demo by hand; keeping
them apart from the figures lets either side change without the other (pure: no database, no web framework).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.evaluation.domain.questions import QuestionSet
from shared.report_sections import ReportSection


@dataclass(frozen=True, slots=True)
class SessionFact:
    code: str
    title: str
    kind: str | None
    audience: str | None
    start: datetime
    venue_code: str
    capacity: int
    registered: int
    #: None when nobody counted (not zero).
    attended: int | None


@dataclass(frozen=True, slots=True)
class VenueFact:
    code: str
    name: str
    commune: str | None
    territory: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class ResponseFact:
    survey: str
    answers: Mapping[str, Any]
    session_code: str | None = None
    #: Who answered, only for surveys that keep identity (a partner's or speaker's name).
    respondent: str | None = None


@dataclass(frozen=True, slots=True)
class InvitationFact:
    survey: str
    invited: int
    answered: int


@dataclass(frozen=True, slots=True)
class EvaluationInput:
    edition_code: str
    edition_name: str
    start_date: date
    end_date: date
    territories: tuple[str, ...]
    sessions: tuple[SessionFact, ...]
    venues: tuple[VenueFact, ...]
    questions: QuestionSet
    responses: tuple[ResponseFact, ...] = ()
    invitations: tuple[InvitationFact, ...] = ()
    generated_at: datetime | None = None
    #: Sections other services add (the budget's), as plain data: see :mod:`shared.report_sections`.
    extra_sections: tuple[ReportSection, ...] = ()
