"""The demo's evaluation on the small published programme: counts entered, surveys answered through the
form's use case (the reminder called off for those who answer), and a report a newcomer can open."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from evaluation_world import build_world
from sqlalchemy import func, select

from services.demo.run import DemoContext
from services.evaluation.demo import answer_sent, count_day, demo_steps, evaluation_demo
from services.evaluation.surveys.invitations import invite
from services.notifier.delivery.sending import send_due
from shared.clock import SteppedClock, using
from shared.db import unit_of_work
from shared.models import AttendanceCount, Edition, Notification
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.settings import Settings


def test_demo_evaluation_counts_answers_and_writes_the_report(festplan_env: Settings) -> None:
    with unit_of_work() as session:
        build_world(session, attendance=False)
    with unit_of_work() as session:
        edition = session.scalar(select(Edition).where(Edition.code == "cn2023"))
        assert edition is not None
        start, end, edition_id = edition.start_date, edition.end_date, edition.id
    clock = SteppedClock(datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=UTC))
    ctx = DemoContext(settings=festplan_env, edition_code="cn2023", edition_id=edition_id, clock=clock)
    rng = random.Random(1)
    decided: set[int] = set()
    with using(clock):
        with unit_of_work() as session:
            edition = session.get_one(Edition, edition_id)
            for survey in ("participant_after", "speaker_after", "partner_after"):
                invite(session, edition=edition, survey=survey)
            day = start
            while day <= end:
                count_day(session, edition=edition, day=day, rng=rng)
                day += timedelta(days=1)
        clock.advance(timedelta(hours=12))
        assert send_due(clock=clock).complete
        with unit_of_work() as session:
            answered = answer_sent(session, edition=session.get_one(Edition, edition_id), rng=rng, decided=decided)
            assert answer_sent(session, edition=session.get_one(Edition, edition_id), rng=rng, decided=decided) == 0
        clock.advance(timedelta(days=8))
        assert send_due(clock=clock).complete
        lines = evaluation_demo(ctx)
    path = festplan_env.var_dir / "report" / "evaluation.html"
    assert lines[-1] == f"rapport d'évaluation : {path}"
    assert ctx.outputs["évaluation (html)"] == path
    assert "Satisfaction et recommandation" in path.read_text(encoding="utf-8")
    with unit_of_work() as session:
        counted = session.scalar(select(func.count()).select_from(AttendanceCount))
        invited = session.scalar(select(func.count()).select_from(SurveyInvitation))
        responses = session.scalar(select(func.count()).select_from(SurveyResponse))
        reminders = dict(
            session.execute(
                select(Notification.status, func.count())
                .where(Notification.kind == "survey.reminder")
                .group_by(Notification.status)
            ).all()
        )
    assert 1 <= counted <= 4
    assert invited == 5 + 2 + 2  # participants' registrations, speakers, partners after
    assert responses == answered >= 1
    assert reminders.get("cancelled", 0) == answered  # those who answered are not reminded
    assert reminders.get("sent", 0) == invited - answered
    assert lines[0].startswith(f"fréquentation : {counted} séances comptées sur 4")
    assert lines[1] == f"questionnaires : {invited} invitations, {answered} réponses"
    assert [step.name for step in demo_steps()] == ["évaluation : fréquentation, questionnaires et rapport"]
