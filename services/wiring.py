"""The composition root's wiring: the one module that knows which service reacts to which event.

The web app, the CLI, the Celery worker and the test suite call :func:`wire` before anything else, so
every process subscribes the same handlers (:mod:`shared.events`) and registers the same Celery task
modules. Services never import each other; this module imports them all.
"""

from __future__ import annotations

from services.budget import handlers as budget
from services.budget.wiring import install as install_budget
from services.evaluation import handlers as evaluation
from services.evaluation.attendance import service as attendance
from services.ingest.imports import catalogue as ingest_imports
from services.notifier import handlers as notifier
from services.openagenda import handlers as openagenda
from shared import celery_app, events

#: Celery task modules, by import path (their task names, ``service.verb``, do not depend on it).
TASK_MODULES = [
    "services.notifier.tasks",
    "services.scheduler.tasks",
    "services.scheduler.programme.reminder_tasks",
    "services.evaluation.tasks",
    "services.openagenda.tasks",
    "shared.event_tasks",
]


def wire() -> None:
    """Subscribe every handler and tell the Celery app where the tasks are (idempotent)."""
    events.unsubscribe_all()
    events.subscribe(events.ProposalSubmitted, notifier.on_proposal_submitted, name="notifier.proposal_submitted")
    events.subscribe(events.ProposalDecided, notifier.on_proposal_decided, name="notifier.proposal_decided")
    events.subscribe(events.PersonInvited, notifier.on_person_invited, name="notifier.person_invited")
    events.subscribe(events.RegistrationMade, notifier.on_registration_made, name="notifier.registration_made")
    events.subscribe(events.SigninRequested, notifier.on_signin_requested, name="notifier.signin_requested")
    events.subscribe(events.VersionPublished, budget.on_version_published, name="budget.version_published")
    events.subscribe(events.VersionPublished, openagenda.on_version_published, name="openagenda.version_published")
    events.subscribe(events.RegistrationMade, openagenda.on_registration_made, name="openagenda.registration_made")
    events.subscribe(events.SurveyDue, evaluation.on_survey_due, name="evaluation.survey_due")
    celery_app.TASK_MODULES[:] = TASK_MODULES
    install_budget()  # runs carry the variable-cost table, publication recomputes planned costs, report section


#: Every module whose import registers spreadsheet kinds (ingest's own catalogue, the evaluation's attendance
#: counts): imported here, so a process that wires (CLI, API, worker, a benchmark) knows every kind.
IMPORT_KIND_MODULES = (ingest_imports, attendance)
