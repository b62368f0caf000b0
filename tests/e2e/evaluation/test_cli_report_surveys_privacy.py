"""The evaluation commands end to end: report (HTML and CSV), surveys load and send, privacy export and erase."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import yaml
from evaluation_world import EvaluationWorld
from sqlalchemy import select

from services.evaluation.domain.questions import DEFAULT_FILE
from shared.db import unit_of_work
from shared.models import Notification, Participant, SurveySet
from shared.settings import Settings


def test_report_html_and_csv_from_the_database(
    eval_world: EvaluationWorld,
    festplan_cli,
    festplan_env: Settings,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    result = festplan_cli("report")
    assert result.exit_code == 0, result.output
    html = (festplan_env.var_dir / "report" / "evaluation.html").read_text(encoding="utf-8")
    assert "Évaluation — Culture et numérique 2023" in html
    assert "<dd>138</dd>" in html  # 90 + 3 + 45 counted, se-004 not counted
    pdf = festplan_env.var_dir / "report" / "evaluation.pdf"
    if importlib.util.find_spec("weasyprint") is None:
        assert "WeasyPrint n'est pas installé : pas de PDF" in result.output
        assert not pdf.exists()
    else:
        assert pdf.read_bytes().startswith(b"%PDF")

    out = tmp_path / "tables"
    result = festplan_cli("report", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    with (out / "frequentation_par_intercommunalite.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["groupe"]: row for row in csv.DictReader(handle)}
    assert rows["Clermont Auvergne Métropole"]["présents"] == "90"
    assert rows["Clermont Auvergne Métropole"]["séances"] == "2"
    assert rows["Riom Limagne et Volcans"]["inscrits"] == "1"


def test_surveys_load_checks_the_file_and_send_plans_the_emails(
    eval_world: EvaluationWorld,
    festplan_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    broken = tmp_path / "questions.yaml"
    broken.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace("max: 10", "max: 12", 1), encoding="utf-8")
    refused = festplan_cli("surveys", "load", broken)
    assert refused.exit_code == 1
    assert "surveys.participant_after.questions[1].max" in refused.output
    own = tmp_path / "mes-questions.yaml"
    own.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace("Votre avis sur la séance", "Votre avis, en deux minutes"),
        encoding="utf-8",
    )
    loaded = festplan_cli("surveys", "load", own)
    assert loaded.exit_code == 0, loaded.output
    with unit_of_work() as session:
        stored = session.scalar(select(SurveySet))
        assert stored.source == "mes-questions.yaml"
        assert stored.document["surveys"]["participant_after"]["title"]["fr"] == "Votre avis, en deux minutes"

    sent = festplan_cli("surveys", "send")
    assert sent.exit_code == 0, sent.output
    assert "participant_after : 5 invitation(s) créée(s)" in sent.output
    assert "speaker_after : 2 invitation(s) créée(s)" in sent.output
    assert "partner_before : 0 invitation(s) créée(s), 0 déjà existante(s), 2 sans adresse ou hors délai" in sent.output
    with unit_of_work() as session:
        kinds = sorted(session.scalars(select(Notification.kind)))
    assert kinds.count("participant.survey") == 5
    assert kinds.count("speaker.survey_after") == 2
    assert kinds.count("partner.survey_after") == 2
    assert kinds.count("survey.reminder") == 9


def test_privacy_export_then_erase_from_the_command_line(eval_world: EvaluationWorld, festplan_cli) -> None:  # type: ignore[no-untyped-def]
    exported = festplan_cli("privacy", "export", "ines.moreau@example.org")
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert data["participants"][0]["name"] == "Inès Moreau"
    assert sorted(r["session"] for r in data["participants"][0]["registrations"]) == ["se-002", "se-004"]

    erased = festplan_cli("privacy", "erase", "ines.moreau@example.org", "--yes")
    assert erased.exit_code == 0, erased.output
    assert "participants 1" in erased.output
    with unit_of_work() as session:
        person = session.get(Participant, eval_world.participants["ines.moreau@example.org"])
        assert (person.name, person.phone, person.commune) == ("Personne effacée", None, None)
        assert len(person.registrations) == 2  # the seats still count
    nothing = festplan_cli("privacy", "erase", "ines.moreau@example.org", "--yes")
    assert "ne détient rien" in nothing.output


def test_the_lead_can_point_to_a_question_file_with_a_setting(
    eval_world: EvaluationWorld, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from services.evaluation.repository import question_set
    from shared.models import Edition
    from shared.settings import reset_settings

    own = tmp_path / "questions.json"
    document = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    document["surveys"]["partner_before"]["title"] = {"fr": "Vos attentes 2024", "en": "Your expectations 2024"}
    own.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("FESTPLAN_SURVEYS_FILE", str(own))
    reset_settings()
    with unit_of_work() as session:
        edition = session.scalar(select(Edition))
        assert question_set(session, edition.id).surveys["partner_before"].title.fr == "Vos attentes 2024"
