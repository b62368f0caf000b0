"""One settings object for every process (API, worker, beat, CLI), read from ``FESTPLAN_*`` variables.

A missing or malformed setting must stop the process at start with one clear line, never halfway
through a job: :func:`get_settings` turns pydantic's validation error into :class:`SettingsError`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = PROJECT_ROOT / "var"
#: The embedded default's key: public, so refused wherever festplan is deployed (see shared.secret_key).
DEV_SECRET_KEY = "festplan-dev-secret-change-me"


class SettingsError(RuntimeError):
    """A FESTPLAN_* variable is missing or malformed; the message is one line meant for a person."""


class Settings(BaseSettings):
    """Everything festplan reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="FESTPLAN_", env_file=None, extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DEFAULT_VAR / 'festplan.db'}")
    broker_url: str = ""
    email_backend: Literal["file", "smtp", "sendgrid"] = "file"
    outbox_dir: Path = DEFAULT_VAR / "outbox"
    var_dir: Path = DEFAULT_VAR
    mail_from: str = "Culture et numérique <culture-numerique@puy-de-dome.fr>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_timeout: float = Field(default=30.0, gt=0)
    sendgrid_api_key: str = ""
    sendgrid_host: str = "https://api.sendgrid.com"
    sendgrid_sandbox: bool = False
    sendgrid_webhook_public_key: str = ""
    secret_key: str = DEV_SECRET_KEY
    base_url: str = "http://127.0.0.1:8000"
    locale: Literal["fr", "en"] = "fr"
    solver_time_limit: float = Field(default=60.0, gt=0)
    solver_workers: int = Field(default=2, ge=1)
    change_batch_minutes: int = Field(default=15, ge=0)
    retention_months: int = Field(default=12, ge=1)
    #: The lead's own survey question sets (YAML or JSON); empty means the bundled French default.
    surveys_file: Path | None = None
    #: Requests per minute and per client address on the public and form endpoints; 0 turns the limit off.
    rate_limit_per_minute: int = Field(default=600, ge=0)
    #: Largest request body accepted (spreadsheet imports have their own, larger ceiling).
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    #: Spreadsheet imports (CLI, API): larger files are refused before they are read whole.
    import_max_rows: int = Field(default=50_000, ge=1)
    import_max_columns: int = Field(default=200, ge=1)
    import_max_cell_chars: int = Field(default=32_767, ge=1)
    import_max_uncompressed_mb: int = Field(default=50, ge=1)
    import_max_compression_ratio: int = Field(default=100, ge=2)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql://")
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// URLs are accepted and mapped to it.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "memory://")):
            raise ValueError("must be empty (tasks run in-process) or a redis:// URL")
        return value

    @property
    def redis_url(self) -> str | None:
        """The broker's URL when it is a Redis, where counters shared by every process live too; else None."""
        return self.broker_url if self.broker_url.startswith(("redis://", "rediss://")) else None

    @property
    def eager(self) -> bool:
        """No broker configured: Celery tasks run in-process, as in the embedded default."""
        return not self.broker_url


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment (plus explicit overrides), or raise one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "FESTPLAN_" + "_".join(str(p) for p in first["loc"]).upper()
        raise SettingsError(f"setting {name} is invalid: {first['msg']}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()


def reset_settings() -> None:
    """Forget the cached settings (tests and the CLI call this after changing the environment)."""
    get_settings.cache_clear()
