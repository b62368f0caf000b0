"""No production on the development secret key.

``FESTPLAN_SECRET_KEY`` signs the backoffice sessions and the personal links' CSRF and signatures: whoever
knows it forges them. The embedded default (SQLite, tasks in-process, a plain-http address, a loopback bind)
runs on the built-in development key so that ``make demo`` needs nothing; as soon as festplan looks like a
real deployment (a PostgreSQL database, a broker, an https base URL, ``festplan serve`` on a non-loopback
address) a missing, example or short key stops every process at start with one line saying how to make one.
"""

from __future__ import annotations

import ipaddress
import os
import secrets

from shared.settings import DEV_SECRET_KEY, Settings, SettingsError

#: Shorter keys are refused outside the embedded default (``token_urlsafe(48)`` gives 64 characters).
MIN_LENGTH = 32
MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
#: Fragments of placeholder values copied from examples and tutorials.
_PLACEHOLDERS = ("change-me", "changeme", "change_me", "changeit", "replace-me", "your-secret", "secret-key")


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def deployment_signs(settings: Settings, *, bind_host: str | None = None) -> list[str]:
    """What makes this process more than the embedded default, in French and English; empty when it is not."""
    signs: list[str] = []
    if settings.database_url.startswith("postgresql"):
        signs.append("base PostgreSQL / PostgreSQL database")
    if settings.broker_url and not settings.broker_url.startswith("memory://"):
        signs.append("broker FESTPLAN_BROKER_URL")
    if settings.base_url.lower().startswith("https://"):
        signs.append("adresse https / https base URL")
    if bind_host is not None and not is_loopback(bind_host):
        signs.append(f"écoute sur {bind_host} / listening on {bind_host}")
    return signs


def key_weakness(key: str) -> tuple[str, str] | None:
    """Why a key must not sign anything outside the embedded default (French, English), or None when it is fine."""
    value = key.strip()
    if not value:
        return "absente", "missing"
    if value == DEV_SECRET_KEY:
        return "valeur de développement intégrée", "the built-in development value"
    if any(fragment in value.lower() for fragment in _PLACEHOLDERS):
        return "valeur d'exemple", "an example value"
    if len(value) < MIN_LENGTH:
        return (
            f"trop courte ({len(value)} caractères, {MIN_LENGTH} au moins)",
            f"too short ({len(value)} characters, at least {MIN_LENGTH})",
        )
    return None


def require_secret_key(settings: Settings, *, bind_host: str | None = None) -> None:
    """Raise :class:`SettingsError` (one line, French first) when a deployment would run on a weak key."""
    signs = deployment_signs(settings, bind_host=bind_host)
    weakness = key_weakness(settings.secret_key)
    if not signs or weakness is None:
        return
    why = ", ".join(signs)
    raise SettingsError(
        f"FESTPLAN_SECRET_KEY {weakness[0]} hors du mode embarqué ({why}) : créez-en une avec {MAKE_ONE} "
        f"/ FESTPLAN_SECRET_KEY is {weakness[1]} outside the embedded default: make one with {MAKE_ONE}"
    )


def use_throwaway_key_if_weak() -> None:
    """For the benchmarks, which run the deployment's shape (PostgreSQL, Redis) on this machine and sign nothing
    that outlives the run: a random key of this run (inherited by the processes it starts) when the
    environment's is weak, so that they pass the check above as a deployment does."""
    if key_weakness(os.environ.get("FESTPLAN_SECRET_KEY", "")) is not None:
        os.environ["FESTPLAN_SECRET_KEY"] = secrets.token_urlsafe(48)
