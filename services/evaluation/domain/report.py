"""The evaluation's figures, computed from plain dataclasses (pure: no database, no web framework).

:func:`compute_report` turns what happened (sessions with their registrations and counted attendance,
venues, survey invitations and answers) into the figures the report shows: attendance by day, venue,
intercommunality, audience and kind; fill rates against capacity and against registrations (over the
sessions that were counted only, so a missing count does not pass for an empty room); territorial
coverage; satisfaction and NPS by kind and audience, each with its number of responses; response
rates; the free comments grouped by survey and question; partners' expectations against their
assessment. Its input, what happened, is the dataclasses of :mod:`.facts`; :mod:`services.evaluation.report.render`
writes the figures as HTML and CSV.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from services.evaluation.domain.facts import EvaluationInput, SessionFact
from shared.i18n import format_date, translate
from shared.report_sections import ReportSection

LABELS: dict[str, dict[str, str]] = {
    "conference": {"fr": "Conférence", "en": "Conference"},
    "round_table": {"fr": "Table ronde", "en": "Round table"},
    "workshop": {"fr": "Atelier", "en": "Workshop"},
    "showroom": {"fr": "Démonstration", "en": "Showroom"},
    "social": {"fr": "Moment convivial", "en": "Social"},
    "public": {"fr": "Grand public", "en": "General public"},
    "professional": {"fr": "Professionnels", "en": "Professionals"},
    "family": {"fr": "Familles", "en": "Families"},
    "school": {"fr": "Scolaires", "en": "Schools"},
    "": {"fr": "Non précisé", "en": "Not given"},
}


def label(value: str | None, locale: str) -> str:
    """A stored kind or audience in words (the value itself when it is not a known one)."""
    key = value or ""
    return translate(LABELS, key, locale) if key in LABELS else key


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """Sessions of one group; fill rates are over its counted sessions only."""

    label: str
    sessions: int
    counted: int
    attended: int
    registered: int
    capacity: int

    @property
    def fill_capacity(self) -> float | None:
        return self.attended / self.capacity if self.capacity else None

    @property
    def fill_registrations(self) -> float | None:
        return self.attended / self.registered if self.registered else None


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """Satisfaction (mean of the 1–5 scale) and NPS (% promoters 9–10 − % detractors 0–6) of one group."""

    label: str
    satisfaction: float | None
    satisfaction_n: int
    nps: float | None
    nps_n: int
    promoters: int = 0
    detractors: int = 0


@dataclass(frozen=True, slots=True)
class RateRow:
    survey: str
    title: str
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True, slots=True)
class CommentGroup:
    survey_title: str
    question: str
    #: (context — the session or the respondent —, text)
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CompareRow:
    """A partner_before scale against the partner_after scale of the same ``compare`` name."""

    key: str
    before_label: str
    after_label: str
    before_mean: float | None
    before_n: int
    after_mean: float | None
    after_n: int


@dataclass(frozen=True, slots=True)
class PartnerPair:
    partner: str
    expectations: str
    before: dict[str, int]
    after: dict[str, int]
    comment: str


@dataclass(frozen=True, slots=True)
class MapPoint:
    code: str
    name: str
    lat: float
    lon: float
    territory: str
    sessions: int
    attended: int


@dataclass(slots=True)
class Report:
    edition_code: str
    edition_name: str
    period: str
    generated: str
    totals: AttendanceRow
    by: dict[str, list[AttendanceRow]]
    sessions: list[tuple[SessionFact, str, str]]
    territories: list[AttendanceRow]
    covered: int
    targeted: int
    map_points: list[MapPoint]
    scores: dict[str, list[ScoreRow]]
    overall_score: ScoreRow
    rates: list[RateRow]
    comments: list[CommentGroup]
    comparison: list[CompareRow]
    partners: list[PartnerPair]
    locale: str = "fr"
    notes: list[str] = field(default_factory=list)
    #: Other services' sections (the budget's), drawn after the evaluation's own.
    extra_sections: tuple[ReportSection, ...] = ()


def _group(
    sessions: Iterable[SessionFact], key: Callable[[SessionFact], str], *, order: list[str] | None = None
) -> list[AttendanceRow]:
    groups: dict[str, list[SessionFact]] = defaultdict(list)
    for item in sessions:
        groups[key(item)].append(item)
    names = order if order is not None else sorted(groups)
    return [_row(name, groups.get(name, [])) for name in names if order is not None or groups.get(name)]


def _row(name: str, items: list[SessionFact]) -> AttendanceRow:
    counted = [s for s in items if s.attended is not None]
    return AttendanceRow(
        label=name,
        sessions=len(items),
        counted=len(counted),
        attended=sum(s.attended or 0 for s in counted),
        registered=sum(s.registered for s in counted),
        capacity=sum(s.capacity for s in counted),
    )


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _score(name: str, answers: list[Mapping[str, Any]], satisfaction: list[str], recommend: list[str]) -> ScoreRow:
    sat = [a[q] for a in answers for q in satisfaction if isinstance(a.get(q), int)]
    rec = [a[q] for a in answers for q in recommend if isinstance(a.get(q), int)]
    promoters = sum(1 for v in rec if v >= 9)
    detractors = sum(1 for v in rec if v <= 6)
    nps = 100.0 * (promoters - detractors) / len(rec) if rec else None
    return ScoreRow(name, _mean(sat), len(sat), nps, len(rec), promoters, detractors)


def compute_report(data: EvaluationInput, *, locale: str = "fr") -> Report:
    """Every figure of the evaluation report."""
    venues = {v.code: v for v in data.venues}
    sessions = sorted(data.sessions, key=lambda s: (s.start, s.code))
    by_code = {s.code: s for s in sessions}
    days = sorted({s.start.date() for s in sessions})

    def territory(s: SessionFact) -> str:
        venue = venues.get(s.venue_code)
        return (venue.territory if venue is not None else None) or label(None, locale)

    by_day = _group(sessions, lambda s: s.start.date().isoformat(), order=[d.isoformat() for d in days])
    by = {
        "day": [replace(r, label=format_date(date.fromisoformat(r.label), locale)) for r in by_day],
        "venue": _group(sessions, lambda s: venues[s.venue_code].name if s.venue_code in venues else s.venue_code),
        "territory": _group(sessions, territory),
        "audience": _group(sessions, lambda s: label(s.audience, locale)),
        "kind": _group(sessions, lambda s: label(s.kind, locale)),
    }
    targets = list(data.territories)
    seen = [t for t in sorted({territory(s) for s in sessions}) if t not in targets]
    territories = _group(sessions, territory, order=targets + seen)
    covered = sum(1 for row in territories if row.label in targets and row.sessions)

    points = []
    for venue in data.venues:
        here = [s for s in sessions if s.venue_code == venue.code]
        if venue.lat is not None and venue.lon is not None and here:
            points.append(
                MapPoint(
                    venue.code,
                    venue.name,
                    venue.lat,
                    venue.lon,
                    venue.territory or "",
                    len(here),
                    sum(s.attended or 0 for s in here),
                )
            )

    participant = data.questions.surveys["participant_after"]
    sat_ids = [q.id for q in participant.with_measure("satisfaction")]
    rec_ids = [q.id for q in participant.with_measure("recommend")]
    about: list[tuple[SessionFact | None, Mapping[str, Any]]] = [
        (by_code.get(r.session_code or ""), r.answers) for r in data.responses if r.survey == "participant_after"
    ]
    scores = {}
    for name, key in (("kind", lambda s: label(s.kind, locale)), ("audience", lambda s: label(s.audience, locale))):
        grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for fact, answers in about:
            grouped[key(fact) if fact is not None else label(None, locale)].append(answers)
        scores[name] = [_score(k, v, sat_ids, rec_ids) for k, v in sorted(grouped.items())]
    overall = _score("", [a for _f, a in about], sat_ids, rec_ids)

    rates = []
    for invited in data.invitations:
        survey = data.questions.surveys.get(invited.survey)
        rates.append(
            RateRow(
                invited.survey,
                survey.title.get(locale) if survey else invited.survey,
                invited.invited,
                invited.answered,
            )
        )

    return Report(
        edition_code=data.edition_code,
        edition_name=data.edition_name,
        period=f"{format_date(data.start_date, locale)} – {format_date(data.end_date, locale)}",
        generated=format_date(data.generated_at, locale) if data.generated_at else "",
        totals=_row("", sessions),
        by=by,
        sessions=[
            (s, venues[s.venue_code].name if s.venue_code in venues else s.venue_code, territory(s)) for s in sessions
        ],
        territories=territories,
        covered=covered,
        targeted=len(targets),
        map_points=points,
        scores=scores,
        overall_score=overall,
        rates=rates,
        comments=_comments(data, by_code, locale),
        comparison=_comparison(data, locale),
        partners=_partners(data, locale),
        locale=locale,
        extra_sections=data.extra_sections,
    )


def _comments(data: EvaluationInput, by_code: Mapping[str, SessionFact], locale: str) -> list[CommentGroup]:
    """Free answers, grouped by survey and question; a participant's comment is placed by its session."""
    groups = []
    for key, survey in data.questions.surveys.items():
        for question in survey.questions:
            if question.type != "text":
                continue
            items = []
            for response in data.responses:
                text = response.answers.get(question.id) if response.survey == key else None
                if not isinstance(text, str) or not text.strip():
                    continue
                fact = by_code.get(response.session_code or "")
                context = fact.title if fact is not None else (response.respondent or "")
                items.append((context, text.strip()))
            if items:
                groups.append(CommentGroup(survey.title.get(locale), question.label.get(locale), tuple(sorted(items))))
    return groups


def _comparison(data: EvaluationInput, locale: str) -> list[CompareRow]:
    before = data.questions.surveys["partner_before"]
    after = data.questions.surveys["partner_after"]
    rows = []
    for question in before.questions:
        if question.compare is None:
            continue
        match = next((q for q in after.questions if q.compare == question.compare), None)
        if match is None:
            continue
        b = [
            r.answers[question.id]
            for r in data.responses
            if r.survey == "partner_before" and isinstance(r.answers.get(question.id), int)
        ]
        a = [
            r.answers[match.id]
            for r in data.responses
            if r.survey == "partner_after" and isinstance(r.answers.get(match.id), int)
        ]
        rows.append(
            CompareRow(
                question.compare,
                question.label.get(locale),
                match.label.get(locale),
                _mean(b),
                len(b),
                _mean(a),
                len(a),
            )
        )
    return rows


def _partners(data: EvaluationInput, locale: str) -> list[PartnerPair]:
    """Each partner who answered before or after (identity kept), their words before beside their scores after."""
    before_survey = data.questions.surveys["partner_before"]
    after_survey = data.questions.surveys["partner_after"]
    texts_before = [q.id for q in before_survey.with_measure("expectations")]
    texts_after = [q.id for q in after_survey.with_measure("comment")]
    pairs: dict[str, dict[str, Any]] = {}
    for response in data.responses:
        if response.survey not in ("partner_before", "partner_after") or not response.respondent:
            continue
        entry = pairs.setdefault(response.respondent, {"before": {}, "after": {}, "expect": "", "comment": ""})
        survey = before_survey if response.survey == "partner_before" else after_survey
        side = "before" if response.survey == "partner_before" else "after"
        for question in survey.questions:
            value = response.answers.get(question.id)
            if question.compare and isinstance(value, int):
                entry[side][question.compare] = value
        ids, slot = (texts_before, "expect") if side == "before" else (texts_after, "comment")
        entry[slot] = " ".join(str(response.answers[i]) for i in ids if response.answers.get(i))
    return [PartnerPair(name, e["expect"], e["before"], e["after"], e["comment"]) for name, e in sorted(pairs.items())]
