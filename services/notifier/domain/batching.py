"""Grouping schedule changes: several changes to one person's sessions within a window make one email.

A change is ``{"code", "title", "old": slot | None, "new": slot | None}`` with slots as plain dicts
of strings (ISO datetimes, venue, room). Merging keeps the first ``old`` and the latest ``new`` of
each session, and drops a session that ended where it started.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

Change = dict[str, Any]


def merge_changes(earlier: list[Change], later: list[Change]) -> list[Change]:
    """One change per session: first known ``old``, latest ``new``; no-op round trips disappear."""
    merged: dict[str, Change] = {c["code"]: dict(c) for c in earlier}
    for change in later:
        code = change["code"]
        if code in merged:
            merged[code] = {
                **merged[code],
                "title": change.get("title", merged[code].get("title")),
                "new": change.get("new"),
            }
        else:
            merged[code] = dict(change)
    return [c for c in merged.values() if c.get("old") != c.get("new")]


def content_hash(changes: list[Change]) -> str:
    """A fingerprint of a set of changes, independent of their order."""
    canonical = json.dumps(sorted(changes, key=lambda c: c["code"]), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def window_end(now: datetime, *, minutes: int) -> datetime:
    """When a batch opened at ``now`` goes out."""
    return now + timedelta(minutes=minutes)


def change_kind(change: Change) -> str:
    """``added``, ``removed`` or ``moved``."""
    if change.get("old") is None:
        return "added"
    if change.get("new") is None:
        return "removed"
    return "moved"
