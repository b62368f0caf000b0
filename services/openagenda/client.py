"""festplan's own small client of OpenAgenda's REST API v2 (over httpx; no maintained Python client exists).

What it relies on, with the sources in ``../shared/spec/openagenda-v2.md``: reads with the public key in
a ``key`` header; writes with an access token obtained by ``POST /requestAccessToken`` ``{"code": secret}``
and sent as an ``access-token`` header, renewed a minute before ``expires_in``; upserts by external id
(``PUT /agendas/{a}/locations|events/ext/{key}/{value}``), whose answer holds the item and its ``uid``.

It does not retry: it sorts failures into three kinds so that the Celery task can decide. Wrong
credentials (:class:`CredentialsRefused`) stop the sync; a refused item (:class:`ItemRefused`, 4xx with
OpenAgenda's ``message`` and ``errors``) is recorded and the sync goes on; 429, 5xx and network errors
(:class:`Unavailable`, with ``Retry-After`` when the API gives one) make the task retry later.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from services.openagenda.domain.mapping import EXT_KEY

#: Renew the token this long before OpenAgenda says it expires (``expires_in`` is 3600 s in practice).
TOKEN_MARGIN_SECONDS = 60.0
TIMEOUT_SECONDS = 20.0


class OpenAgendaError(RuntimeError):
    """Any failure of a call to OpenAgenda, with a message fit to show the lead."""


class CredentialsRefused(OpenAgendaError):
    """401/403: the secret key, the token or the agenda is not accepted; nothing more can be sent."""


class ItemRefused(OpenAgendaError):
    """OpenAgenda refused this one item (400 validation, 404…): recorded with its message, the sync goes on."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class Unavailable(OpenAgendaError):
    """429, 5xx, or no answer: try again later, after ``retry_after`` seconds when the API said so."""

    def __init__(self, message: str, *, status: int | None, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Credentials:
    api_url: str
    agenda_uid: str
    secret_key: str
    public_key: str = ""


def describe_refusal(body: Any, status: int) -> str:
    """OpenAgenda's error body in one line: its ``message`` then each ``errors`` entry (field, lang, code, message)."""
    if not isinstance(body, Mapping):
        return f"HTTP {status}"
    parts: list[str] = []
    message = body.get("message") or body.get("error")
    if message:
        parts.append(str(message))
    for error in body.get("errors") or []:
        if not isinstance(error, Mapping):
            continue
        where = ".".join(str(error[k]) for k in ("field", "lang") if error.get(k))
        what = " ".join(str(error[k]) for k in ("code", "message") if error.get(k))
        parts.append(f"{where} : {what}" if where else what)
    return " ; ".join(parts) or f"HTTP {status}"


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` in seconds (only the delta-seconds form; an HTTP date is read as "no hint")."""
    if not value:
        return None
    try:
        return max(float(value.strip()), 0.0)
    except ValueError:
        return None


class OpenAgendaClient:
    """One agenda's locations and events, written by external id."""

    def __init__(
        self, credentials: Credentials, *, http: httpx.Client | None = None, clock: Any = time.monotonic
    ) -> None:
        self.credentials = credentials
        self.http = http or httpx.Client(timeout=TIMEOUT_SECONDS)
        self._clock = clock
        self._token: str | None = None
        self._token_until = 0.0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> OpenAgendaClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- plumbing ---------------------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.credentials.api_url.rstrip("/") + path

    def _send(self, method: str, path: str, *, headers: dict[str, str], json: object | None = None) -> httpx.Response:
        try:
            return self.http.request(method, self._url(path), headers=headers, json=json)
        except httpx.HTTPError as exc:
            raise Unavailable(f"OpenAgenda injoignable : {type(exc).__name__}", status=None, retry_after=None) from exc

    @staticmethod
    def _body(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def _check(self, response: httpx.Response) -> dict[str, Any]:
        status = response.status_code
        body = self._body(response)
        if 200 <= status < 300:
            return body if isinstance(body, dict) else {}
        message = describe_refusal(body, status)
        if status in (401, 403):
            raise CredentialsRefused(f"HTTP {status} : {message}")
        if status == 429 or status >= 500:
            raise Unavailable(
                f"HTTP {status} : {message}",
                status=status,
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        raise ItemRefused(f"HTTP {status} : {message}", status=status)

    # --- authentication ---------------------------------------------------------------------------------------

    def access_token(self) -> str:
        """A live access token, asked for again once it is about to expire."""
        if self._token is not None and self._clock() < self._token_until:
            return self._token
        response = self._send(
            "POST",
            "/requestAccessToken",
            headers={"content-type": "application/json"},
            json={"code": self.credentials.secret_key},
        )
        if response.status_code in (400, 401, 403, 404):
            message = describe_refusal(self._body(response), response.status_code)
            raise CredentialsRefused(f"clé secrète refusée (HTTP {response.status_code} : {message})")
        body = self._check(response)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise CredentialsRefused("OpenAgenda n'a pas rendu de jeton d'accès")
        expires = float(body.get("expires_in") or 3600)
        self._token = token
        self._token_until = self._clock() + max(expires - TOKEN_MARGIN_SECONDS, 1.0)
        return token

    def _write(self, method: str, path: str, payload: object) -> dict[str, Any]:
        headers = {"access-token": self.access_token(), "content-type": "application/json"}
        response = self._send(method, path, headers=headers, json=payload)
        if response.status_code == 401 and self._token is not None:
            self._token = None  # expired early: one new token, then the answer stands
            headers["access-token"] = self.access_token()
            response = self._send(method, path, headers=headers, json=payload)
        return self._check(response)

    def _read(self, path: str) -> dict[str, Any]:
        key = self.credentials.public_key
        headers = {"key": key} if key else {"access-token": self.access_token()}
        return self._check(self._send("GET", path, headers=headers))

    # --- the agenda's items -----------------------------------------------------------------------------------

    def _agenda(self) -> str:
        return f"/agendas/{quote(str(self.credentials.agenda_uid), safe='')}"

    @staticmethod
    def _ext(value: str) -> str:
        return f"ext/{quote(EXT_KEY, safe='')}/{quote(value, safe='')}"

    @staticmethod
    def _uid(body: Mapping[str, Any], key: str) -> int:
        item = body.get(key)
        uid = item.get("uid") if isinstance(item, Mapping) else None
        if not isinstance(uid, int):
            raise ItemRefused(f"réponse sans « {key}.uid »", status=200)
        return uid

    def upsert_location(self, external_id: str, payload: Mapping[str, object]) -> int:
        """Create or update the location filed under ``external_id``; its OpenAgenda uid."""
        body = self._write("PUT", f"{self._agenda()}/locations/{self._ext(external_id)}", dict(payload))
        return self._uid(body, "location")

    def upsert_event(self, external_id: str, payload: Mapping[str, object]) -> int:
        """Create or update (with the complete event) the event filed under ``external_id``; its uid."""
        body = self._write("PUT", f"{self._agenda()}/events/{self._ext(external_id)}", dict(payload))
        return self._uid(body, "event")

    def get_event(self, external_id: str) -> dict[str, Any] | None:
        """The event filed under ``external_id`` as OpenAgenda holds it, or None."""
        try:
            body = self._read(f"{self._agenda()}/events/{self._ext(external_id)}")
        except ItemRefused as exc:
            if exc.status == 404:
                return None
            raise
        event = body.get("event")
        return event if isinstance(event, dict) else None
