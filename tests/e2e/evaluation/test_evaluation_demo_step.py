"""The demo's evaluation step on the small published programme: counts, answers and a report a newcomer can open."""

from __future__ import annotations

from evaluation_world import build_world
from sqlalchemy import func, select

from services.demo import DemoContext
from services.ingest.evaluation.demo import demo_steps, evaluation_demo
from shared.db import unit_of_work
from shared.models import AttendanceCount, Notification
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.settings import Settings


def test_demo_step_fills_attendance_and_answers_and_writes_the_report(festplan_env: Settings) -> None:
    with unit_of_work() as session:
        build_world(session, attendance=False)
    ctx = DemoContext(settings=festplan_env, edition_code="cn2023")
    lines = evaluation_demo(ctx)
    path = festplan_env.var_dir / "report" / "evaluation.html"
    assert lines[-1] == f"rapport d'évaluation : {path}"
    assert ctx.outputs["évaluation (html)"] == path
    html = path.read_text(encoding="utf-8")
    assert "Satisfaction et recommandation" in html
    with unit_of_work() as session:
        counted = session.scalar(select(func.count()).select_from(AttendanceCount))
        invited = session.scalar(select(func.count()).select_from(SurveyInvitation))
        answered = session.scalar(select(func.count()).select_from(SurveyResponse))
        used = session.scalar(
            select(func.count()).select_from(SurveyInvitation).where(SurveyInvitation.used_at.is_not(None))
        )
        assert session.scalar(select(func.count()).select_from(Notification)) == 0  # no mail from the demo step
    assert 1 <= counted <= 4
    assert invited == 5 + 2 + 2 + 2  # participants' registrations, speakers, partners after and before
    assert answered == used
    assert answered >= 1
    assert lines[0].startswith(f"fréquentation : {counted} séances comptées sur 4")
    assert [step.name for step in demo_steps()] == ["évaluation : fréquentation, questionnaires et rapport"]
