"""The evaluation report as one self-contained HTML page (inline CSS and SVG, printable, offline) and as CSV tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from services.evaluation.domain.report import AttendanceRow, Report, ScoreRow, label
from services.evaluation.report.charts import PALETTE, Place, Series, bar_chart, venue_map
from shared.i18n import format_datetime, translate
from shared.spreadsheets.reader import neutralise_cell
from shared.web.templating import make_environment

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

TEXTS: dict[str, dict[str, str]] = {
    "title": {"fr": "Évaluation — {name}", "en": "Evaluation — {name}"},
    "generated": {"fr": "Rapport produit le {date} par festplan.", "en": "Report produced on {date} by festplan."},
    "contents": {"fr": "Sommaire", "en": "Contents"},
    "summary": {"fr": "En bref", "en": "At a glance"},
    "sessions_held": {"fr": "séances au programme", "en": "sessions in the programme"},
    "sessions_counted": {"fr": "séances comptées", "en": "sessions counted"},
    "attended": {"fr": "personnes présentes", "en": "people attended"},
    "fill_capacity": {"fr": "remplissage des salles", "en": "room fill rate"},
    "fill_registrations": {"fr": "présents / inscrits", "en": "attended / registered"},
    "territories_covered": {"fr": "intercommunalités touchées", "en": "intercommunalities reached"},
    "attendance": {"fr": "Fréquentation", "en": "Attendance"},
    "fill_note": {
        "fr": "Les taux portent sur les seules séances dont la fréquentation a été comptée.",
        "en": "Rates only cover the sessions whose attendance was counted.",
    },
    "by_day": {"fr": "Par jour", "en": "By day"},
    "by_venue": {"fr": "Par lieu", "en": "By venue"},
    "by_territory": {"fr": "Par intercommunalité", "en": "By intercommunality"},
    "by_audience": {"fr": "Par public", "en": "By audience"},
    "by_kind": {"fr": "Par format", "en": "By kind"},
    "col_group": {"fr": "Groupe", "en": "Group"},
    "col_sessions": {"fr": "Séances", "en": "Sessions"},
    "col_counted": {"fr": "Comptées", "en": "Counted"},
    "col_attended": {"fr": "Présents", "en": "Attended"},
    "col_registered": {"fr": "Inscrits", "en": "Registered"},
    "col_capacity": {"fr": "Jauge", "en": "Capacity"},
    "col_fill_capacity": {"fr": "Remplissage (jauge)", "en": "Fill (capacity)"},
    "col_fill_registrations": {"fr": "Présents / inscrits", "en": "Attended / registered"},
    "chart_attendance": {"fr": "Personnes présentes, {by}", "en": "People who attended, {by}"},
    "chart_attendance_desc": {
        "fr": "Barres horizontales : nombre de présents par groupe.",
        "en": "Horizontal bars: number of people who attended per group.",
    },
    "fill": {"fr": "Taux de remplissage", "en": "Fill rates"},
    "chart_fill_desc": {
        "fr": "Pour chaque format, présents rapportés à la jauge puis aux inscrits ; la ligne pointillée marque 100 %.",
        "en": "For each kind, attendance against capacity then against registrations; the dashed line marks 100%.",
    },
    "sessions_table": {"fr": "Détail des séances", "en": "Sessions in detail"},
    "col_session": {"fr": "Séance", "en": "Session"},
    "col_when": {"fr": "Date", "en": "Date"},
    "col_venue": {"fr": "Lieu", "en": "Venue"},
    "not_counted": {"fr": "non compté", "en": "not counted"},
    "coverage": {"fr": "Couverture territoriale", "en": "Territorial coverage"},
    "coverage_line": {
        "fr": "{covered} intercommunalité(s) sur {targeted} visées ont accueilli au moins une séance.",
        "en": "{covered} of the {targeted} intercommunalities aimed at hosted at least one session.",
    },
    "map_title": {"fr": "Carte des lieux", "en": "Map of the venues"},
    "map_desc": {
        "fr": "Chaque cercle est un lieu, placé selon ses coordonnées ; sa surface suit la fréquentation, "
        "sa couleur l'intercommunalité.",
        "en": "Each circle is a venue at its coordinates; its area follows attendance, its colour the "
        "intercommunality.",
    },
    "map_caption": {
        "fr": "{sessions} séance(s), {attended} présent(s)",
        "en": "{sessions} session(s), {attended} attended",
    },
    "no_session": {"fr": "aucune séance", "en": "no session"},
    "satisfaction": {"fr": "Satisfaction et recommandation", "en": "Satisfaction and recommendation"},
    "satisfaction_note": {
        "fr": "Satisfaction : moyenne sur 5. Recommandation : NPS = % de notes 9–10 moins % de notes 0–6 "
        "(de −100 à +100). n = nombre de réponses.",
        "en": "Satisfaction: mean out of 5. Recommendation: NPS = % of 9–10 scores minus % of 0–6 scores "
        "(−100 to +100). n = number of responses.",
    },
    "overall": {
        "fr": "Ensemble : satisfaction {sat} (n = {sat_n}), NPS {nps} (n = {nps_n}).",
        "en": "Overall: satisfaction {sat} (n = {sat_n}), NPS {nps} (n = {nps_n}).",
    },
    "col_satisfaction": {"fr": "Satisfaction /5", "en": "Satisfaction /5"},
    "col_nps": {"fr": "NPS", "en": "NPS"},
    "col_n": {"fr": "n", "en": "n"},
    "chart_satisfaction": {"fr": "Satisfaction moyenne (sur 5), {by}", "en": "Mean satisfaction (out of 5), {by}"},
    "rates": {"fr": "Taux de réponse", "en": "Response rates"},
    "col_survey": {"fr": "Questionnaire", "en": "Survey"},
    "col_invited": {"fr": "Invitations", "en": "Invited"},
    "col_answered": {"fr": "Réponses", "en": "Answered"},
    "col_rate": {"fr": "Taux", "en": "Rate"},
    "comments": {"fr": "Commentaires libres", "en": "Free comments"},
    "no_comments": {"fr": "Aucun commentaire.", "en": "No comments."},
    "partners": {"fr": "Partenaires : attentes et bilan", "en": "Partners: expectations and assessment"},
    "partners_note": {
        "fr": "Moyennes sur 5 des questions appariées, avant l'événement puis après.",
        "en": "Means out of 5 of the paired questions, before the event then after.",
    },
    "col_before": {"fr": "Avant", "en": "Before"},
    "col_after": {"fr": "Après", "en": "After"},
    "col_question": {"fr": "Question (avant / après)", "en": "Question (before / after)"},
    "col_partner": {"fr": "Partenaire", "en": "Partner"},
    "col_expectations": {"fr": "Attentes exprimées", "en": "Expectations"},
    "col_assessment": {"fr": "Bilan (notes après)", "en": "Assessment (scores after)"},
    "col_comment": {"fr": "Commentaire", "en": "Comment"},
    "none": {"fr": "—", "en": "—"},
    "privacy": {
        "fr": "Les réponses des participant·es sont anonymes ; aucune donnée personnelle ne figure ici.",
        "en": "Participants' answers are anonymous; no personal data appears here.",
    },
}


CSV_GROUPS = {"day": "jour", "venue": "lieu", "territory": "intercommunalite", "audience": "public", "kind": "format"}


def tr(key: str, locale: str, **values: object) -> str:
    return translate(TEXTS, key, locale, **values)


def percent(value: float | None, locale: str) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f} %" if locale == "fr" else f"{value * 100:.0f}%"


def decimal(value: float | None, locale: str, digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if locale == "fr" else text


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"


def _charts(report: Report) -> dict[str, object]:
    loc = report.locale
    charts: dict[str, object] = {}
    for key in ("day", "venue", "territory", "audience", "kind"):
        by = tr(f"by_{key}", loc).lower()
        charts[f"attendance_{key}"] = bar_chart(
            [(r.label, [float(r.attended) if r.counted else None]) for r in report.by[key]],
            chart_id=f"frequentation-{key}",
            title=tr("chart_attendance", loc, by=by),
            desc=tr("chart_attendance_desc", loc),
            locale=loc,
        )
    charts["fill"] = bar_chart(
        [(r.label, [r.fill_capacity, r.fill_registrations]) for r in report.by["kind"]],
        chart_id="remplissage",
        title=tr("fill", loc),
        desc=tr("chart_fill_desc", loc),
        percent=True,
        max_value=1.0,
        locale=loc,
        series=(
            Series(tr("col_fill_capacity", loc), PALETTE[0]),
            Series(tr("col_fill_registrations", loc), PALETTE[1]),
        ),
    )
    for key in ("kind", "audience"):
        charts[f"satisfaction_{key}"] = bar_chart(
            [(f"{r.label} (n = {r.satisfaction_n})", [r.satisfaction]) for r in report.scores[key]],
            chart_id=f"satisfaction-{key}",
            title=tr("chart_satisfaction", loc, by=tr(f"by_{key}", loc).lower()),
            desc=tr("satisfaction_note", loc),
            max_value=5.0,
            locale=loc,
            series=(Series("", PALETTE[2]),),
        )
    charts["map"] = venue_map(
        [
            Place(
                p.name,
                p.lat,
                p.lon,
                p.territory,
                float(p.attended or p.sessions),
                tr("map_caption", loc, sessions=p.sessions, attended=p.attended),
            )
            for p in report.map_points
        ],
        chart_id="carte",
        title=tr("map_title", loc),
        desc=tr("map_desc", loc),
    )
    for section in report.extra_sections:  # other services' charts (the budget's), drawn the same way
        for chart in section.charts:
            charts[chart.chart_id] = bar_chart(
                [(name, list(values)) for name, values in chart.rows],
                chart_id=chart.chart_id,
                title=chart.title,
                desc=chart.desc,
                percent=chart.percent,
                locale=loc,
                series=tuple(Series(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(chart.series)),
            )
    return charts


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    env = make_environment(TEMPLATES)
    loc = report.locale
    return env.get_template("evaluation_report.html").render(
        r=report,
        lang=loc,
        t=lambda key, **v: tr(key, loc, **v),
        charts=_charts(report),
        pct=lambda v: percent(v, loc),
        dec=lambda v, d=1: decimal(v, loc, d),
        signed=signed,
        when=lambda v: format_datetime(v, loc),
        kind=lambda v: label(v, loc),
    )


def _attendance_rows(rows: list[AttendanceRow]) -> list[list[object]]:
    return [
        [
            r.label,
            r.sessions,
            r.counted,
            r.attended,
            r.registered,
            r.capacity,
            _ratio(r.fill_capacity),
            _ratio(r.fill_registrations),
        ]
        for r in rows
    ]


def _ratio(value: float | None) -> object:
    return "" if value is None else round(value, 4)


def _score_rows(rows: list[ScoreRow]) -> list[list[object]]:
    return [
        [
            r.label,
            _ratio(r.satisfaction),
            r.satisfaction_n,
            "" if r.nps is None else round(r.nps, 1),
            r.nps_n,
            r.promoters,
            r.detractors,
        ]
        for r in rows
    ]


Table = list[list[object]]


def _table(header: str, rows: list[list[object]]) -> Table:
    """A table whose first row is ``header`` (names separated by ``|``)."""
    return [list(header.split("|")), *rows]


def csv_tables(report: Report) -> dict[str, Table]:
    """The tables under the report's figures, by file name (first row: the French headers)."""
    group = "groupe|séances|séances comptées|présents|inscrits|jauge|remplissage jauge|présents sur inscrits"
    score = "groupe|satisfaction moyenne|réponses satisfaction|nps|réponses recommandation|promoteurs|détracteurs"
    tables: dict[str, Table] = {
        "seances": _table(
            "code|titre|format|public|début|lieu|intercommunalité|jauge|inscrits|présents",
            [
                [
                    s.code,
                    s.title,
                    s.kind or "",
                    s.audience or "",
                    s.start.isoformat(timespec="minutes"),
                    venue,
                    territory,
                    s.capacity,
                    s.registered,
                    "" if s.attended is None else s.attended,
                ]
                for s, venue, territory in report.sessions
            ],
        )
    }
    for key, name in CSV_GROUPS.items():
        tables[f"frequentation_par_{name}"] = _table(group, _attendance_rows(report.by[key]))
    tables["couverture"] = _table(group, _attendance_rows(report.territories))
    tables["satisfaction_par_format"] = _table(score, _score_rows(report.scores["kind"]))
    tables["satisfaction_par_public"] = _table(score, _score_rows(report.scores["audience"]))
    tables["taux_de_reponse"] = _table(
        "questionnaire|invitations|réponses|taux",
        [[r.survey, r.invited, r.answered, _ratio(r.rate)] for r in report.rates],
    )
    tables["commentaires"] = _table(
        "questionnaire|question|contexte|commentaire",
        [[g.survey_title, g.question, context, text] for g in report.comments for context, text in g.items],
    )
    tables["partenaires_avant_apres"] = _table(
        "question|moyenne avant|réponses avant|moyenne après|réponses après",
        [[c.key, _ratio(c.before_mean), c.before_n, _ratio(c.after_mean), c.after_n] for c in report.comparison],
    )
    return tables


def csv_bytes(rows: list[list[object]]) -> bytes:
    """UTF-8 with a BOM (spreadsheet programs then read the accents); formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_html(report: Report, out: Path) -> list[Path]:
    """Write the HTML report (atomically) and, when WeasyPrint is importable, a PDF beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(report)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    written = [out]
    try:
        import weasyprint  # type: ignore[import-not-found]
    except ImportError:
        return written
    pdf = out.with_suffix(".pdf")
    weasyprint.HTML(string=html, base_url=str(out.parent)).write_pdf(str(pdf))
    written.append(pdf)
    return written


def write_csv(report: Report, directory: Path) -> list[Path]:
    """One CSV file per table of the report in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in csv_tables(report).items():
        path = directory / f"{name}.csv"
        path.write_bytes(csv_bytes(rows))
        written.append(path)
    return written
