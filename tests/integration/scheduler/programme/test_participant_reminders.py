"""Participants are reminded the day before: one email per person and day, from the programme as it stands."""

from __future__ import annotations

import sys
from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "e2e" / "evaluation"))
from evaluation_world import build_world

from services.scheduler.programme.reminders import plan_reminders
from shared.db import unit_of_work
from shared.models import Notification, Registration


def test_reminders_of_a_day_are_planned_once_per_person_and_skip_cancelled_seats(festplan_env):
    with unit_of_work() as session:
        world = build_world(session, attendance=False)
        edition_id = world.programme.edition_id
        jules = world.participants["jules.bernard@example.org"]
        session.scalars(select(Registration).where(Registration.participant_id == jules)).one().status = "cancelled"
    with unit_of_work() as session:
        # se-001 and se-004 are on the 17th: Camille and Inès are reminded, Jules cancelled
        assert plan_reminders(session, edition_id=edition_id, day=date(2023, 10, 17)) == 2
    with unit_of_work() as session:
        assert plan_reminders(session, edition_id=edition_id, day=date(2023, 10, 17)) == 0  # idempotent
        rows = list(session.scalars(select(Notification).where(Notification.kind == "participant.reminder")))
    assert sorted((r.recipient_email, r.status) for r in rows) == [
        ("camille.roux@example.org", "sent"),
        ("ines.moreau@example.org", "sent"),
    ]
    messages = [
        message_from_bytes(eml.read_bytes(), policy=email_policy.default)
        for eml in sorted(festplan_env.outbox_dir.glob("*.eml"))
    ]
    camille = next(m for m in messages if "camille.roux" in m["To"])
    text = camille.get_body(preferencelist=("plain",)).get_content()
    assert "demain" in camille["Subject"]
    assert "Camille Roux" in text
    assert camille["List-Unsubscribe"]
