"""The embedded default: each email an ``.eml`` file in the outbox folder, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from services.notifier.domain.message import OutgoingEmail, build_mime, to_bytes
from services.notifier.domain.policy import TransientDeliveryError, key_hash


class FileBackend:
    """Write ``<id>-<hash>.eml``: named after the notification, so a resend overwrites instead of duplicating."""

    name = "file"

    def __init__(self, outbox_dir: Path) -> None:
        self.outbox_dir = Path(outbox_dir)

    def path_for(self, email: OutgoingEmail) -> Path:
        """The file an email is (or will be) written to."""
        return self.outbox_dir / f"{email.notification_id:08d}-{key_hash(email.message_id)}.eml"

    def send(self, email: OutgoingEmail) -> str:
        target = self.path_for(email)
        data = to_bytes(build_mime(email), linesep="\n")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".eml")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:  # a full disk or a missing mount may come back
            raise TransientDeliveryError(f"outbox folder not writable: {exc}") from exc
        return target.name

    def close(self) -> None:
        """Nothing to close."""
