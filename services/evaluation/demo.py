"""The evaluation's part of ``festplan demo``: plausible attendance and survey answers, then the report.

Seeded, so two demos give the same figures. The demo's season (:mod:`services.demo.season`) calls
:func:`count_day` the day after each day of the edition and :func:`answer_sent` as survey emails go
out; answers go through the same code as a real submission. The step itself writes the report.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.attendance.service import record_count
from services.evaluation.domain.invitations import KIND_OF_SURVEY
from services.evaluation.domain.questions import Answer, Question, Survey
from services.evaluation.domain.report import compute_report
from services.evaluation.report.data import load_evaluation
from services.evaluation.report.render import write_html
from services.evaluation.surveys.responses import record_answers
from shared.db import unit_of_work
from shared.i18n import translate
from shared.models import Edition, Notification
from shared.models.evaluation import AttendanceCount, SurveyInvitation
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

MESSAGES = {
    "step": {
        "fr": "évaluation : fréquentation, questionnaires et rapport",
        "en": "evaluation: attendance, surveys and report",
    },
    "no_programme": {
        "fr": "aucun programme publié : l'étape d'optimisation et de publication doit passer avant",
        "en": "no published programme: the optimise-and-publish step must run first",
    },
    "attendance": {
        "fr": "fréquentation : {counted} séances comptées sur {sessions}, {attended} personnes présentes",
        "en": "attendance: {counted} of {sessions} sessions counted, {attended} people attended",
    },
    "surveys": {
        "fr": "questionnaires : {invited} invitations, {answered} réponses",
        "en": "surveys: {invited} invitations, {answered} answers",
    },
    "report": {"fr": "rapport d'évaluation : {path}", "en": "evaluation report: {path}"},
}
#: Share of the invited who answer, by survey.
ANSWER_RATES = {"participant_after": 0.35, "speaker_after": 0.55, "partner_after": 0.6, "partner_before": 0.7}
TEXTS = {
    "learned": [
        "Des outils simples pour accompagner mes enfants sur les écrans.",
        "Comment vérifier une information avant de la partager.",
        "Les bases de la cybersécurité au quotidien.",
        "Qu'une médiathèque prête aussi des tablettes !",
        "Le fonctionnement des intelligences artificielles.",
        "Des démarches en ligne que je ne savais pas faire seul·e.",
    ],
    "comment": [
        "Très bonne animation, merci !",
        "Un peu court, on aurait aimé plus d'échanges.",
        "Salle difficile à trouver, mieux fléchée la prochaine fois.",
        "Intervenant passionnant.",
        "Horaire compliqué pour les personnes qui travaillent.",
        "À refaire dans d'autres communes.",
        "Accueil chaleureux, ambiance conviviale.",
        "Le son n'était pas toujours bon au fond de la salle.",
    ],
    "expectations": [
        "Faire venir des familles qui ne fréquentent pas la médiathèque.",
        "Mieux nous faire connaître des autres structures du territoire.",
        "Rencontrer des partenaires pour des projets communs.",
        "Toucher un public éloigné du numérique.",
    ],
}
SATISFACTION_WEIGHTS = (3, 7, 20, 40, 30)


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def _answer(question: Question, rng: random.Random, mood: int) -> Answer:
    """A plausible answer; ``mood`` (1–5) keeps one person's answers consistent with each other."""
    if question.type == "scale":
        low, high = question.min or 0, question.max or 5
        position = (mood - 1) / 4 + rng.uniform(-0.15, 0.15)
        return max(low, min(high, round(low + position * (high - low))))
    if question.type == "choice":
        options = [o.value for o in question.options]
        return options[0] if mood >= 4 and rng.random() < 0.7 else rng.choice(options)
    if question.type == "multiple":
        return sorted(rng.sample([o.value for o in question.options], k=rng.randint(1, 2)))
    pool = TEXTS.get(question.id) or TEXTS.get(question.measure or "") or []
    if not pool or rng.random() > (0.8 if question.required else 0.4):
        return None
    return rng.choice(pool)


def _answers(survey: Survey, rng: random.Random) -> dict[str, Answer]:
    mood = rng.choices(range(1, 6), weights=SATISFACTION_WEIGHTS)[0]
    answers = {q.id: _answer(q, rng, mood) for q in survey.questions}
    return {
        k: ([] if v is None and survey.question(k).type == "multiple" else v)  # type: ignore[union-attr]
        for k, v in answers.items()
    }


def count_day(session: Session, *, edition: Edition, day: date, rng: random.Random) -> tuple[int, int]:
    """Enter the attendance of ``day``'s sessions, as a venue does the day after; return (sessions, people)."""
    placed = [p for p in repo.placed_sessions(session, edition.id) if p.start.date() == day]
    seats = repo.confirmed_seats(session, [p.proposal.id for p in placed])
    counted = attended = 0
    for item in placed:
        if rng.random() < 0.1:  # a few sessions nobody counted
            continue
        registered = seats.get(item.proposal.id, 0)
        walk_ins = rng.randint(0, max(1, item.room.capacity // 5))
        count = min(item.room.capacity, round(registered * rng.uniform(0.6, 0.95)) + walk_ins)
        record_count(session, proposal=item.proposal, count=count, recorded_by="démo")
        counted += 1
        attended += count
    return counted, attended


def answer_sent(session: Session, *, edition: Edition, rng: random.Random, decided: set[int]) -> int:
    """Some of the people whose survey email went out answer (each decides once); return how many did.

    Answers go through the survey form's use case, which uses the link up and calls the reminder off:
    only those who do not answer get the reminder a week later.
    """
    sent = {
        int(key.split(":", 1)[1])
        for key in session.scalars(
            select(Notification.idempotency_key).where(
                Notification.edition_id == edition.id,
                Notification.kind.in_(list(KIND_OF_SURVEY.values())),
                Notification.status == "sent",
            )
        )
        if key.startswith("survey:")
    }
    waiting = sorted(sent - decided)
    if not waiting:
        return 0
    questions = repo.question_set(session, edition.id)
    answered = 0
    for invitation in session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.id.in_(waiting)).order_by(SurveyInvitation.id)
    ):
        decided.add(invitation.id)
        if invitation.used_at is None and rng.random() < ANSWER_RATES[invitation.survey]:
            asked = questions.surveys[invitation.survey]
            answers = _answers(asked, rng)
            answered += record_answers(session, invitation=invitation, survey=asked, answers=answers) is not None
    return answered


def evaluation_demo(ctx: DemoContext) -> list[str]:
    """Write ``var/report/evaluation.html`` from what the edition recorded; say what it counted (from the database)."""
    with unit_of_work() as session:
        edition = repo.find_edition(session, ctx.edition_code)
        placed = repo.placed_sessions(session, edition.id)
        if not placed:
            raise RuntimeError(_t("no_programme"))
        counts = session.execute(
            select(func.count(), func.coalesce(func.sum(AttendanceCount.count), 0)).where(
                AttendanceCount.proposal_id.in_([p.proposal.id for p in placed])
            )
        ).one()
        invited = session.scalar(select(func.count()).where(SurveyInvitation.edition_id == edition.id))
        answered = session.scalar(
            select(func.count()).where(SurveyInvitation.edition_id == edition.id, SurveyInvitation.used_at.is_not(None))
        )
        data = load_evaluation(session, edition, locale=ctx.settings.locale)
    path = ctx.settings.var_dir / "report" / "evaluation.html"
    written = write_html(compute_report(data, locale=ctx.settings.locale), path)
    for file in written:
        ctx.outputs[f"évaluation ({file.suffix[1:]})"] = file
    return [
        _t("attendance", counted=counts[0], sessions=len(placed), attended=counts[1]),
        _t("surveys", invited=invited, answered=answered),
        _t("report", path=path),
    ]


def demo_steps() -> list[DemoStep]:
    """The step ``services.demo.run`` runs when this module is in its ``STEP_MODULES`` (after the scheduler's)."""
    from shared.demo_steps import DemoStep

    return [DemoStep(name=_t("step"), run=evaluation_demo)]
