"""Where emails go: one interface, three backends chosen by ``FESTPLAN_EMAIL_BACKEND``.

A backend is kept per process and reused, so the SMTP backend holds one connection for a whole
batch of sends instead of one per email.
"""

from __future__ import annotations

from typing import Protocol

from services.notifier.domain.message import OutgoingEmail
from shared.settings import Settings


class EmailBackend(Protocol):
    """Send one email and return the provider's message id; raise a :class:`DeliveryError` on failure."""

    name: str

    def send(self, email: OutgoingEmail) -> str: ...

    def close(self) -> None: ...


_CACHE: dict[tuple[str, str], EmailBackend] = {}


def make_backend(settings: Settings) -> EmailBackend:
    """A fresh backend for the configured kind."""
    if settings.email_backend == "smtp":
        from services.notifier.delivery.backends.smtp import SmtpBackend

        return SmtpBackend(settings)
    if settings.email_backend == "sendgrid":
        from services.notifier.delivery.backends.sendgrid import SendGridBackend

        return SendGridBackend(settings)
    from services.notifier.delivery.backends.file import FileBackend

    return FileBackend(settings.outbox_dir)


def get_backend(settings: Settings) -> EmailBackend:
    """The process's backend for these settings, created on first use and then reused."""
    key = (settings.email_backend, _identity(settings))
    if key not in _CACHE:
        _CACHE[key] = make_backend(settings)
    return _CACHE[key]


def close_backends() -> None:
    """Close every cached backend (tests, worker shutdown)."""
    for backend in _CACHE.values():
        backend.close()
    _CACHE.clear()


def _identity(settings: Settings) -> str:
    if settings.email_backend == "smtp":
        return f"{settings.smtp_host}:{settings.smtp_port}:{settings.smtp_security}:{settings.smtp_user}"
    if settings.email_backend == "sendgrid":
        return f"{settings.sendgrid_host}:{settings.sendgrid_sandbox}"
    return str(settings.outbox_dir)
