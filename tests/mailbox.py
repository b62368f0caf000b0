"""What the file backend delivered: the emails in the outbox folder and the personal links they carry.

Once an email has left, its outbox row keeps no secret link (``shared.mail_secrets``): a test that
follows a link takes it from the delivered email, as the person does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

#: A link festplan sends: the public site's address, then a path and a token of at least 16 characters.
LINK = re.compile(r"https?://[^\s\"<>]+/[A-Za-z0-9._~-]{16,}(?:/annuler)?")


@dataclass(frozen=True)
class Delivered:
    kind: str
    to: str
    text: str


def delivered(outbox_dir: Path | str, *, kind: str | None = None, to: str | None = None) -> list[Delivered]:
    """The emails written to the outbox folder, oldest first, by kind and recipient address if given."""
    found = []
    for path in sorted(Path(outbox_dir).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        email = Delivered(str(message["X-Festplan-Kind"]), str(message["To"]), body.get_content() if body else "")
        if (kind is None or email.kind == kind) and (to is None or to.lower() in email.to.lower()):
            found.append(email)
    return found


def links(outbox_dir: Path | str, *, kind: str | None = None, to: str | None = None, part: str = "") -> list[str]:
    """The links of the delivered emails (those whose path holds ``part``), in order, each once."""
    found: list[str] = []
    for email in delivered(outbox_dir, kind=kind, to=to):
        found += [link for link in LINK.findall(email.text) if part in link and link not in found]
    return found
