"""One cleaner for people's and organisations' names, used wherever a name enters festplan.

A name travels into email headers, .ics files, exports and printed running sheets. A control character
(typed, pasted from a spreadsheet, or sent to the API) makes an email that cannot be built or a header
that breaks, so every entry — the API's schemas, the forms, the spreadsheet imports — passes names
through :func:`clean_name` before they are checked and stored.
"""

from __future__ import annotations

import unicodedata
from typing import Any

#: Unicode categories never meant to be seen in a name: controls, lone surrogates, private use, unassigned,
#: line and paragraph separators.
_DROPPED = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean_name(value: str) -> str:
    """``value`` without control or invisible-break characters (each becomes a space), spaces folded."""
    if value.isprintable():  # the common case, and str.isprintable() is true of none of the dropped ones
        return " ".join(value.split())
    kept = "".join(" " if unicodedata.category(char) in _DROPPED else char for char in value)
    return " ".join(kept.split())


def clean_name_input(value: Any) -> Any:
    """:func:`clean_name` for a validator that may receive anything (non-text is left for the type check)."""
    return clean_name(value) if isinstance(value, str) else value
