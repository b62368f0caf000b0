"""Fixtures of the notifier integration tests (the servers themselves live in ``notifier_servers``)."""

from notifier_servers import sendgrid_stand_in, smtp_sink, starttls_sink  # noqa: F401
