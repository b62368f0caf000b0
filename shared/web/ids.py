"""The one type of a database id taken from a request (path, query or body), with the bounds of its column.

Ids are INTEGER columns: a number beyond 2**31 - 1 (or beyond 2**63 - 1, which psycopg cannot even bind)
made PostgreSQL raise and the request answer 500. Declared with plain ``annotated_types`` bounds, the
same alias works as a FastAPI path or query parameter and as a pydantic field, so every route refuses
such an id with a 422 that names it, before any query runs.
"""

from __future__ import annotations

from typing import Annotated

import annotated_types

#: The largest value of an INTEGER column (PostgreSQL and SQLite alike store festplan's ids in 32 bits).
INT32 = 2_147_483_647

DbId = Annotated[int, annotated_types.Ge(1), annotated_types.Le(INT32)]


def is_db_id(value: object) -> bool:
    """Whether ``value`` can name a row, for ids read outside pydantic (tokens, webhook payloads, forms)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INT32


def parse_db_id(text: str | None) -> int | None:
    """The id a form field or query parameter names, or None when it cannot name a row.

    ``str.isdigit()`` alone let ``²`` through (``int()`` then raised) and any length of digits (PostgreSQL
    then raised): both were 500s.
    """
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(INT32))):
        return None
    number = int(value)
    return number if is_db_id(number) else None
