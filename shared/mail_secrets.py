"""Which payload keys of an email hold a personal secret link, and the payload once that link is redacted.

A one-time link (survey invitation, partner or speaker invitation, back-office sign-in) is stored only as
its SHA-256 in its own table, and a registration's cancellation link is an HMAC of the secret key: the
clear link exists in the email's outbox row alone, for as long as the email may still have to be sent.
Once the row ends deliberately (:data:`REDACTED_ON`: sent, suppressed, called off) the link is replaced by
:data:`REDACTED`, in the statement that records the outcome (:func:`shared.outbox.payload_after`), so that
a backup, a read-only account or the back-office gallery never hands out a usable link. A ``failed`` row
keeps its link: its email never reached its person, and ``festplan notify retry-failed`` sends it again
once the cause is fixed (the link is redacted then, once sent).

This module is the one place that says which keys are secret (:data:`SECRET_KEYS`, per kind) and which
link-looking keys are public (:data:`PUBLIC_LINK_KEYS`); the unit test walks every kind's example and every
payload the integration tests produce, and fails on a link-looking key declared as neither. Pure: no
database here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

#: What a secret link becomes: ASCII only, so it reads the same in any JSON text (``\\u`` escapes or not).
REDACTED = "[redacted]"

#: Statuses whose row loses its secret links: the email left, or will never leave (suppressed, called off).
#: Not ``failed``: that email never reached its person and ``festplan notify retry-failed`` puts it back,
#: with the link it must carry.
REDACTED_ON = ("sent", "suppressed", "cancelled")

_SURVEY_LINK = ("link",)
#: Top-level payload keys holding a secret link, by kind; a kind not named carries none.
SECRET_KEYS: dict[str, tuple[str, ...]] = {
    "partner.invitation": ("link",),  # personal proposal-form link (ingest directory, hashed in api_tokens)
    "speaker.invitation": ("link",),  # personal availability link (same)
    "lead.signin_link": ("link",),  # one-time back-office sign-in (hashed in api_tokens too)
    "participant.registration_confirmed": ("link", "cancel_url"),  # cancellation link, an HMAC of the secret key
    "partner.survey_before": _SURVEY_LINK,  # survey invitations (hashed in survey_invitations)
    "partner.survey_after": _SURVEY_LINK,
    "speaker.survey_after": _SURVEY_LINK,
    "participant.survey": _SURVEY_LINK,
    "survey.reminder": _SURVEY_LINK,
}
#: Link-looking keys that are no secret: the public site and programme. (The unsubscribe link is in no
#: payload: it is signed again at each send from the address and the secret key.)
PUBLIC_LINK_KEYS = frozenset({"base_url", "programme_url"})

#: A key that looks like a link or a token (``*_url``, ``*link*``, ``*token*``).
LINK_LIKE = re.compile(r"(_url$|^url$|link|token)", re.IGNORECASE)


def secret_keys(kind: str) -> tuple[str, ...]:
    """The payload keys of ``kind`` that hold a secret link (empty for most kinds)."""
    return SECRET_KEYS.get(kind, ())


def redact(kind: str, payload: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``payload`` with its secret links replaced by :data:`REDACTED`; None when nothing is to change."""
    keys = [key for key in secret_keys(kind) if payload and payload.get(key) not in (None, REDACTED)]
    if not keys or payload is None:
        return None
    return {**payload, **dict.fromkeys(keys, REDACTED)}


def is_redacted(kind: str, payload: Mapping[str, Any] | None) -> bool:
    """Whether a secret link of the row is gone: such an email can no longer be sent (delivery refuses it)."""
    if not payload:
        return False
    return any(payload.get(key) == REDACTED for key in secret_keys(kind))


def link_like_keys(value: Any, path: str = "") -> Iterator[str]:
    """The dotted paths of every link-looking key in a payload or context, nested dicts and lists included."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if LINK_LIKE.search(str(key)):
                yield where
            yield from link_like_keys(item, where)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from link_like_keys(item, path)


def undeclared_links(kind: str, payload: Mapping[str, Any]) -> list[str]:
    """Link-looking keys of ``kind``'s payload declared neither secret for that kind nor public."""
    secret = set(secret_keys(kind))
    return [
        path
        for path in link_like_keys(payload)
        if path not in secret and path.rsplit(".", 1)[-1] not in PUBLIC_LINK_KEYS
    ]
