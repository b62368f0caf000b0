"""Signed one-click unsubscribe links (RFC 8058) that need no database lookup to verify."""

from __future__ import annotations

from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "festplan.unsubscribe.v1"
#: Kinds that are bulk or survey mail: they carry List-Unsubscribe and respect the suppression list.
UNSUBSCRIBABLE_KINDS = frozenset(
    {
        "partner.survey_before",
        "partner.survey_after",
        "speaker.survey_after",
        "participant.survey",
        "participant.reminder",
        "survey.reminder",
        "network.news",
    }
)


@lru_cache(maxsize=4)
def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def make_token(email: str, *, secret_key: str) -> str:
    """A token naming the address, signed with the instance's secret key."""
    return _serializer(secret_key).dumps({"e": email.strip().lower()})


def read_token(token: str, *, secret_key: str) -> str | None:
    """The address a token names, or None when the signature does not match."""
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        return None
    email = data.get("e") if isinstance(data, dict) else None
    return email if isinstance(email, str) and "@" in email else None


def unsubscribe_url(email: str, *, base_url: str, secret_key: str) -> str:
    """The endpoint of ``festplan serve`` that shows (GET) and performs (POST) the unsubscription."""
    return f"{base_url.rstrip('/')}/notifications/unsubscribe/{make_token(email, secret_key=secret_key)}"


def unsubscribe_headers(email: str, *, base_url: str, secret_key: str) -> dict[str, str]:
    """The RFC 8058 headers of a bulk email."""
    return one_click_headers(unsubscribe_url(email, base_url=base_url, secret_key=secret_key))


def one_click_headers(url: str) -> dict[str, str]:
    """The RFC 8058 headers of a bulk email whose unsubscribe link is ``url`` (signed once per email)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
