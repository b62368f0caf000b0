"""Commands of the evaluation: ``report``, ``privacy export|erase``, ``surveys send|load``, ``attendance links``.

Each command is an edge: it bootstraps, opens one unit of work and commits (or rolls back), and prints
one line per outcome in the configured language.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from services.evaluation.texts import t

surveys_app = typer.Typer(
    help="Questionnaires d'évaluation : charger, envoyer. / Evaluation surveys.", no_args_is_help=True
)
privacy_app = typer.Typer(
    help="Données personnelles (RGPD) : exporter, effacer. / Personal data (GDPR).", no_args_is_help=True
)
attendance_app = typer.Typer(
    help="Fréquentation : liens de saisie des lieux. / Attendance entry links.", no_args_is_help=True
)

SURVEYS = ("participant_after", "speaker_after", "partner_after", "partner_before")
EDITION_HELP = "Code de l'édition (par défaut la seule de la base)."


class Format(StrEnum):
    html = "html"
    csv = "csv"


def _locale() -> str:
    from shared.settings import get_settings

    return get_settings().locale


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"festplan: {message}", err=True)
    return typer.Exit(code)


def report(
    out: Path = typer.Option(
        None, "--out", "-o", help="Fichier HTML (ou dossier des CSV) ; par défaut var/report/evaluation.html."
    ),
    fmt: Format = typer.Option(Format.html, "--format", "-f", help="html (rapport) ou csv (tableaux)."),
    edition: str = typer.Option(None, "--edition", "-e", help=EDITION_HELP),
    lang: str = typer.Option(None, "--lang", help="fr ou en (par défaut FESTPLAN_LOCALE)."),
) -> None:
    """Écrit le rapport d'évaluation (HTML autonome avec graphiques SVG, PDF si WeasyPrint est installé)."""
    from services.evaluation.domain.report import compute_report
    from services.evaluation.report.data import load_evaluation
    from services.evaluation.report.render import write_csv, write_html
    from services.evaluation.repository import EvaluationError, find_edition
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.i18n import normalise_locale

    settings = bootstrap()
    locale = normalise_locale(lang or settings.locale)
    try:
        with unit_of_work() as session:
            data = load_evaluation(session, find_edition(session, edition), locale=locale)
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    figures = compute_report(data, locale=locale)
    if fmt == Format.csv:
        directory = out or settings.var_dir / "report" / "csv"
        written = write_csv(figures, directory)
        typer.echo(t("csv_written", locale, n=len(written), dir=directory))
        return
    written = write_html(figures, out or settings.var_dir / "report" / "evaluation.html")
    typer.echo(t("report_written", locale, file=written[0]))
    typer.echo(t("pdf_written", locale, file=written[1]) if len(written) > 1 else t("pdf_absent", locale))


@privacy_app.command("export")
def privacy_export(
    email: str = typer.Argument(..., help="Adresse électronique de la personne."),
    out: Path = typer.Option(None, "--out", "-o", help="Fichier JSON à écrire (par défaut : la sortie standard)."),
) -> None:
    """Affiche en JSON tout ce que festplan détient sur une personne."""
    from services.evaluation.privacy.service import export_person
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work

    bootstrap()
    with unit_of_work() as session:
        data = export_person(session, email)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")


@privacy_app.command("erase")
def privacy_erase(
    email: str = typer.Argument(..., help="Adresse électronique de la personne."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Ne pas demander de confirmation."),
) -> None:
    """Efface les données personnelles d'une personne ; seuls restent les chiffres anonymes."""
    from services.evaluation.domain.privacy import holds_anything
    from services.evaluation.privacy.service import erase_person, export_person
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work

    bootstrap()
    locale = _locale()
    from services.evaluation.privacy.files import erase_files
    from shared.settings import get_settings

    with unit_of_work() as session:
        if not holds_anything(export_person(session, email)):
            erase_files(get_settings(), [email])  # files an earlier erasure (or a crash before them) left
            typer.echo(t("privacy_nothing", locale, email=email))
            return
    if not yes and not typer.confirm(t("privacy_confirm", locale, email=email)):
        raise typer.Exit(1)
    with unit_of_work() as session:
        erasure = erase_person(session, email)
    erasure.counts.update(erase_files(get_settings(), erasure.needles))  # after the commit: files follow the rows
    summary = ", ".join(f"{key} {n}" for key, n in sorted(erasure.counts.items()))
    typer.echo(t("privacy_erased", locale, email=email, summary=summary))


@surveys_app.command("load")
def surveys_load(
    file: Path = typer.Argument(..., help="Questionnaires (.yaml, .yml ou .json), sur le modèle du jeu par défaut."),
    edition: str = typer.Option(None, "--edition", "-e", help=EDITION_HELP),
) -> None:
    """Vérifie puis enregistre les questionnaires de l'édition (remplace les précédents)."""
    from services.evaluation.domain.questions import QuestionSetError, load_question_set
    from services.evaluation.repository import EvaluationError, find_edition, store_question_set
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work

    bootstrap()
    locale = _locale()
    if not file.is_file():
        raise _fail(f"{file} : fichier introuvable / no such file", 2)
    try:
        questions = load_question_set(file)
    except QuestionSetError as exc:
        raise _fail(t("load_bad", locale, file=file.name, path=exc.path, message=exc.message)) from None
    try:
        with unit_of_work() as session:
            target = find_edition(session, edition)
            store_question_set(session, edition_id=target.id, questions=questions, source=file.name)
            code = target.code
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    typer.echo(t("load_ok", locale, edition=code, file=file.name, n=len(questions.surveys)))


@surveys_app.command("send")
def surveys_send(
    survey: list[str] = typer.Option(
        None,
        "--survey",
        "-s",
        help="participant_after, speaker_after, partner_after "
        "ou partner_before (plusieurs possibles ; par défaut tous).",
    ),
    edition: str = typer.Option(None, "--edition", "-e", help=EDITION_HELP),
) -> None:
    """Crée les invitations manquantes et planifie leurs courriels (lendemain de séance, fin d'édition, rappel)."""
    from services.evaluation.repository import EvaluationError, find_edition
    from services.evaluation.surveys.invitations import invite
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work

    bootstrap()
    locale = _locale()
    chosen = survey or list(SURVEYS)
    unknown = [s for s in chosen if s not in SURVEYS]
    if unknown:
        raise _fail(f"questionnaire inconnu « {unknown[0]} » ({', '.join(SURVEYS)})", 2)
    try:
        with unit_of_work() as session:
            target = find_edition(session, edition)
            reports = [invite(session, edition=target, survey=s) for s in chosen]
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    for item in reports:
        typer.echo(
            t(
                "send_line",
                locale,
                survey=item.survey,
                created=item.created,
                existing=item.existing,
                skipped=item.skipped,
            )
        )


@attendance_app.command("links")
def attendance_links(
    venue: str = typer.Option(None, "--venue", help="Code du lieu (par défaut tous les lieux)."),
    edition: str = typer.Option(None, "--edition", "-e", help=EDITION_HELP),
) -> None:
    """Crée et affiche un lien personnel de saisie de la fréquentation par lieu (à transmettre à son équipe)."""
    from sqlalchemy import select

    from services.evaluation.attendance.service import issue_venue_link, venue_link_url
    from services.evaluation.repository import EvaluationError, find_edition
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.models import Venue

    bootstrap()
    locale = _locale()
    lines = []
    try:
        with unit_of_work() as session:
            target = find_edition(session, edition)
            query = select(Venue).where(Venue.edition_id == target.id).order_by(Venue.position)
            if venue is not None:
                query = query.where(Venue.code == venue)
            venues = list(session.scalars(query))
            if not venues:
                raise EvaluationError(t("unknown_venue", locale, code=venue))
            for item in venues:
                lines.append(
                    t("link_line", locale, venue=item.name, url=venue_link_url(issue_venue_link(session, venue=item)))
                )
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    for line in lines:
        typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add the evaluation commands to the root festplan app."""
    app.command("report")(report)
    app.add_typer(privacy_app, name="privacy")
    app.add_typer(surveys_app, name="surveys")
    app.add_typer(attendance_app, name="attendance")
