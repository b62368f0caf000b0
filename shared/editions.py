"""Which edition a command or a back-office page means when none is named: the one that starts last."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Edition


def default_edition(session: Session) -> Edition | None:
    """The edition that starts last (ties: the newest row), or None on an empty database."""
    return session.scalar(select(Edition).order_by(Edition.start_date.desc(), Edition.id.desc()).limit(1))
