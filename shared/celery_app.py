"""The one Celery app of festplan, configured from the settings.

The notifier owns the ``mail`` queue and the scheduler the ``solver`` queue, so a long solve never
delays an email. With no ``FESTPLAN_BROKER_URL`` (the embedded default) tasks run eagerly in-process.
Delivery guarantees come from the database (the outbox rows and run rows), not from the broker:
tasks carry ids, are acknowledged late, rejected if their worker dies, and prefetched one at a time.
"""

from __future__ import annotations

from celery import Celery

from shared.settings import Settings, get_settings

#: Task modules, by import path: filled by the composition root (``services/wiring.py``), which knows the services.
TASK_MODULES: list[str] = []
#: Above the longest task (a solve is capped at one hour), so Redis does not hand a running task to a second worker.
VISIBILITY_TIMEOUT_SECONDS = 2 * 60 * 60

celery = Celery("festplan")


def configure(settings: Settings | None = None) -> Celery:
    """Point the Celery app at the configured broker (or eager mode) and register festplan's tasks."""
    settings = settings or get_settings()
    _forget_connections()
    celery.conf.update(
        broker_url=settings.broker_url or "memory://",
        task_always_eager=settings.eager,
        task_eager_propagates=True,
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_SECONDS},
        broker_connection_retry_on_startup=True,
        task_default_queue="default",
        task_routes={
            "notifier.*": {"queue": "mail"},
            # a few queries a day: not behind an hour-long solve on the solver's single process
            "scheduler.remind_participants": {"queue": "default"},
            "scheduler.*": {"queue": "solver"},
        },
        task_serializer="json",
        accept_content=["json"],
        timezone="Europe/Paris",
        enable_utc=True,
        worker_hijack_root_logger=False,
        beat_schedule=beat_schedule(),
    )
    celery.autodiscover_tasks(lambda: [], force=True)
    for module in TASK_MODULES:
        __import__(module)
    return celery


def _forget_connections() -> None:
    """Drop pooled broker connections, so a new broker URL (tests, a forked process) is really used."""
    from kombu import pools

    if celery._pool is not None:
        celery._pool.force_close_all()
        celery._pool = None
    celery.amqp._producer_pool = None
    pools.reset()  # kombu's process-wide producer pools are keyed by connection and would hand back closed ones


def beat_schedule() -> dict[str, dict[str, object]]:
    """Periodic jobs, by task name: the outbox relay picks up due emails (planned mail included), the events'
    relay what a crash left undispatched; every quarter of an hour, the survey rounds whose time has come are
    announced (each once); once a day, participants' personal data past the retention period is erased."""
    return {
        "notifier-relay": {"task": "notifier.relay", "schedule": 15.0},
        "events-relay": {"task": "events.relay", "schedule": 15.0},
        # surveys leave at ten in the morning: a quarter of an hour late at most, each round once however often
        "evaluation-announce-due-surveys": {"task": "evaluation.announce_due_surveys", "schedule": 15 * 60.0},
        "ingest-erase-expired": {"task": "ingest.erase_expired", "schedule": 24 * 60 * 60.0},
        # every few hours: idempotent, so a restarted beat or a late run still reminds everyone the day before
        "scheduler-remind-participants": {"task": "scheduler.remind_participants", "schedule": 4 * 60 * 60.0},
    }
