"""The one start-up path of every festplan process (CLI, API, worker, beat, tests).

It checks the settings (a deployment's secret key included), brings the embedded SQLite database up
to date (a production PostgreSQL is migrated explicitly with ``festplan db upgrade``, never by a web
process racing another), and configures Celery. Tests call it after swapping settings.
"""

from __future__ import annotations

from shared.celery_app import configure as configure_celery
from shared.secret_key import require_secret_key
from shared.settings import Settings, get_settings


def bootstrap(settings: Settings | None = None, *, migrate: bool | None = None) -> Settings:
    """Prepare this process to run festplan code against the configured database and broker."""
    settings = settings or get_settings()
    require_secret_key(settings)  # a deployment never runs on the public development key
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if migrate is None:
        migrate = settings.database_url.startswith("sqlite")
    if migrate:
        from shared.migrate import upgrade

        upgrade(settings.database_url)
    configure_celery(settings)
    return settings
