"""The evaluation report's figures, from a known small data set worked out by hand (pure: no database)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from services.evaluation.domain.facts import EvaluationInput, InvitationFact, ResponseFact, SessionFact, VenueFact
from services.evaluation.domain.questions import default_question_set
from services.evaluation.domain.report import compute_report
from services.evaluation.report.render import csv_bytes, csv_tables, render_html

VENUES = (
    VenueFact("hd", "Hôtel du Département", "Clermont-Ferrand", "Clermont Auvergne Métropole", 45.7745, 3.0895),
    VenueFact("riom", "Médiathèque de Riom", "Riom", "Riom Limagne et Volcans", 45.8936, 3.1126),
    VenueFact("ambert", "Maison des services", "Ambert", "Ambert Livradois-Forez", 45.5497, 3.7417),
)
SESSIONS = (
    SessionFact(
        "se-001",
        "Les écrans et les tout-petits",
        "round_table",
        "public",
        datetime(2023, 10, 17, 14),
        "hd",
        capacity=150,
        registered=3,
        attended=90,
    ),
    SessionFact(
        "se-002",
        "Atelier FALC",
        "workshop",
        "public",
        datetime(2023, 10, 18, 10),
        "ambert",
        capacity=3,
        registered=1,
        attended=3,
    ),
    SessionFact(
        "se-003",
        "IA et bibliothèques",
        "conference",
        "professional",
        datetime(2023, 10, 19, 9, 30),
        "riom",
        capacity=60,
        registered=1,
        attended=45,
    ),
    SessionFact(
        "se-004",
        "Apéro <numérique>",
        "social",
        "public",
        datetime(2023, 10, 17, 18),
        "hd",
        capacity=30,
        registered=3,
        attended=None,
    ),
)
TERRITORIES = (
    "Clermont Auvergne Métropole",
    "Riom Limagne et Volcans",
    "Ambert Livradois-Forez",
    "Thiers Dore et Montagne",
)


def _participant(code: str, sat: int, rec: int, comment: str = "") -> ResponseFact:
    return ResponseFact(
        "participant_after",
        {
            "satisfaction": sat,
            "recommend": rec,
            "comment": comment or None,
            "learned": None,
            "accessibility": None,
            "heard": [],
        },
        session_code=code,
    )


RESPONSES = (
    _participant("se-001", 5, 10, "Super, merci !"),
    _participant("se-001", 4, 9),
    _participant("se-001", 2, 3, '=HYPERLINK("x")'),
    _participant("se-003", 4, 7, "Trop court"),
    _participant("se-003", 3, 6),
    ResponseFact(
        "partner_before",
        {
            "goal": ["new_audiences"],
            "organisation": 4,
            "logistics": 5,
            "audience": 5,
            "expectations": "Toucher les familles",
        },
        respondent="Médiathèque de Riom",
    ),
    ResponseFact(
        "partner_after",
        {"organisation": 5, "logistics": 3, "audience": 2, "come_back": "yes", "comment": "Public clairsemé"},
        respondent="Médiathèque de Riom",
    ),
    ResponseFact(
        "partner_after",
        {"organisation": 3, "logistics": 4, "audience": 4, "come_back": "maybe", "comment": None},
        respondent="Clic'63",
    ),
)
INVITATIONS = (
    InvitationFact("participant_after", invited=10, answered=5),
    InvitationFact("partner_before", 2, 1),
    InvitationFact("partner_after", 2, 2),
    InvitationFact("speaker_after", 3, 0),
)


@pytest.fixture(scope="module")
def data() -> EvaluationInput:
    return EvaluationInput(
        edition_code="cn2023",
        edition_name="Culture et numérique 2023",
        start_date=date(2023, 10, 16),
        end_date=date(2023, 10, 27),
        territories=TERRITORIES,
        sessions=SESSIONS,
        venues=VENUES,
        questions=default_question_set(),
        responses=RESPONSES,
        invitations=INVITATIONS,
        generated_at=datetime(2023, 11, 30, 9),
    )


def test_attendance_and_fill_rates_count_only_counted_sessions(data: EvaluationInput) -> None:
    report = compute_report(data)
    totals = report.totals
    assert (totals.sessions, totals.counted, totals.attended, totals.registered, totals.capacity) == (4, 3, 138, 5, 213)
    assert totals.fill_capacity == pytest.approx(138 / 213)
    assert totals.fill_registrations == pytest.approx(138 / 5)
    day = {r.label: r for r in report.by["day"]}
    assert list(day) == ["mardi 17 octobre 2023", "mercredi 18 octobre 2023", "jeudi 19 octobre 2023"]
    assert (day["mardi 17 octobre 2023"].sessions, day["mardi 17 octobre 2023"].attended) == (2, 90)
    venue = {r.label: r.attended for r in report.by["venue"]}
    assert venue == {"Hôtel du Département": 90, "Maison des services": 3, "Médiathèque de Riom": 45}
    audience = {r.label: (r.sessions, r.counted, r.attended) for r in report.by["audience"]}
    assert audience == {"Grand public": (3, 2, 93), "Professionnels": (1, 1, 45)}
    kind = {r.label: r for r in report.by["kind"]}
    assert kind["Atelier"].fill_capacity == 1.0
    assert kind["Moment convivial"].fill_capacity is None


def test_coverage_lists_every_targeted_intercommunality(data: EvaluationInput) -> None:
    report = compute_report(data)
    assert (report.covered, report.targeted) == (3, 4)
    rows = {r.label: r.sessions for r in report.territories}
    assert rows == {
        "Clermont Auvergne Métropole": 2,
        "Riom Limagne et Volcans": 1,
        "Ambert Livradois-Forez": 1,
        "Thiers Dore et Montagne": 0,
    }
    assert sorted((p.code, p.sessions, p.attended) for p in report.map_points) == [
        ("ambert", 1, 3),
        ("hd", 2, 90),
        ("riom", 1, 45),
    ]


def test_satisfaction_and_nps_by_kind_and_audience_with_counts(data: EvaluationInput) -> None:
    report = compute_report(data)
    kind = {r.label: r for r in report.scores["kind"]}
    assert kind["Table ronde"].satisfaction == pytest.approx(11 / 3)
    assert kind["Table ronde"].satisfaction_n == 3
    assert kind["Table ronde"].nps == pytest.approx(100 * (2 - 1) / 3)
    assert kind["Conférence"].satisfaction == pytest.approx(3.5)
    assert kind["Conférence"].nps == pytest.approx(-50)
    audience = {r.label: (r.satisfaction_n, r.nps_n) for r in report.scores["audience"]}
    assert audience == {"Grand public": (3, 3), "Professionnels": (2, 2)}
    overall = report.overall_score
    assert overall.satisfaction == pytest.approx(3.6)
    assert overall.nps == pytest.approx(0.0)
    assert overall.nps_n == 5


def test_response_rates_comments_and_partner_comparison(data: EvaluationInput) -> None:
    report = compute_report(data)
    rates = {r.survey: r.rate for r in report.rates}
    assert rates == {"participant_after": 0.5, "partner_before": 0.5, "partner_after": 1.0, "speaker_after": 0.0}
    groups = {(g.survey_title, g.question): g.items for g in report.comments}
    assert groups[("Votre avis sur la séance", "Un commentaire, une suggestion ?")] == (
        ("IA et bibliothèques", "Trop court"),
        ("Les écrans et les tout-petits", '=HYPERLINK("x")'),
        ("Les écrans et les tout-petits", "Super, merci !"),
    )
    compare = {c.key: (c.before_mean, c.before_n, c.after_mean, c.after_n) for c in report.comparison}
    assert compare == {"organisation": (4, 1, 4, 2), "logistics": (5, 1, 3.5, 2), "audience": (5, 1, 3, 2)}
    riom = next(p for p in report.partners if p.partner == "Médiathèque de Riom")
    assert (riom.expectations, riom.before["audience"], riom.after["audience"], riom.comment) == (
        "Toucher les familles",
        5,
        2,
        "Public clairsemé",
    )


def test_html_is_self_contained_printable_and_escaped(data: EvaluationInput) -> None:
    html = render_html(compute_report(data))
    assert html.count("<svg") == 9  # five attendance charts, fill rates, two satisfaction charts, the map
    assert 'role="img"' in html
    assert '<title id="carte-t">Carte des lieux</title>' in html
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing fetched: readable offline
    assert "<script" not in html
    assert "@media print" in html
    assert "Apéro &lt;numérique&gt;" in html
    assert "<numérique>" not in html
    assert "65 %" in html  # 138 / 213
    assert "3 / 4" in html
    english = render_html(compute_report(data, locale="en"))
    assert '<html lang="en">' in english
    assert "Response rates" in english
    assert "General public" in english


def test_csv_tables_hold_the_figures_and_neutralise_formulas(data: EvaluationInput) -> None:
    tables = csv_tables(compute_report(data))
    assert {
        "seances",
        "frequentation_par_jour",
        "frequentation_par_lieu",
        "frequentation_par_intercommunalite",
        "frequentation_par_public",
        "frequentation_par_format",
        "couverture",
        "satisfaction_par_format",
        "satisfaction_par_public",
        "taux_de_reponse",
        "commentaires",
        "partenaires_avant_apres",
    } <= set(tables)
    sessions = {row[0]: row for row in tables["seances"][1:]}
    assert sessions["se-004"][-1] == ""
    assert sessions["se-001"][-1] == 90
    text = csv_bytes(tables["commentaires"]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert text.startswith("questionnaire,question")
