"""Small typed readers over a decoded JSON document that stop at the first problem and name its JSON path.

Each reader is ``(value, path) -> parsed``; :func:`read_object` runs the readers of an object's known keys
in the document's own key order, so the error reported is the first one a person reading the file meets.
Messages are French first, English second.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from shared.scenario import calendar

Reader = Callable[[Any, str], Any]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FormatError(ValueError):
    """A scenario or schedule document that breaks format 1, with the JSON path of the first problem."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def child(path: str, key: str) -> str:
    """``$.edition`` + ``id`` → ``$.edition.id``; keys that are not identifiers use ``['lezoux-musee']``."""
    if _IDENT.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


def item(path: str, index: int) -> str:
    return f"{path}[{index}]"


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "booléen / boolean"
    return {
        dict: "objet / object",
        list: "liste / list",
        str: "texte / string",
        int: "entier / integer",
        float: "nombre / number",
    }.get(type(value), type(value).__name__)


def fail_type(value: object, path: str, expected: str) -> FormatError:
    return FormatError(path, f"{expected} attendu, {_type_name(value)} trouvé / {expected} expected")


def expect_dict(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail_type(value, path, "objet")
    return value


def expect_list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise fail_type(value, path, "liste")
    return value


def text(value: object, path: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str):
        raise fail_type(value, path, "texte")
    if not value.strip():
        raise FormatError(path, "texte vide / empty string")
    return value


def any_text(value: object, path: str) -> str:
    """A string, possibly empty (free text such as an e-mail left blank)."""
    if not isinstance(value, str):
        raise fail_type(value, path, "texte")
    return value


def integer(*, minimum: int | None = None, maximum: int | None = None, multiple_of: int | None = None) -> Reader:
    """A JSON integer (not a boolean, not ``15.0``) within bounds and, when given, a multiple of ``multiple_of``."""

    def read(value: object, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail_type(value, path, "entier")
        if minimum is not None and value < minimum:
            raise FormatError(path, f"doit être ≥ {minimum} / must be ≥ {minimum}")
        if maximum is not None and value > maximum:
            raise FormatError(path, f"doit être ≤ {maximum} / must be ≤ {maximum}")
        if multiple_of and value % multiple_of:
            raise FormatError(path, f"doit être un multiple de {multiple_of} / must be a multiple of {multiple_of}")
        return value

    return read


def number(*, minimum: float, maximum: float) -> Reader:
    """A JSON number (integer or decimal), kept as written so that it round-trips."""

    def read(value: object, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail_type(value, path, "nombre")
        if not minimum <= value <= maximum:
            raise FormatError(path, f"hors de [{minimum}, {maximum}] / out of range")
        return value

    return read


def boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise fail_type(value, path, "booléen")
    return value


def one_of(choices: Iterable[str]) -> Reader:
    allowed = tuple(choices)

    def read(value: object, path: str) -> str:
        if not isinstance(value, str):
            raise fail_type(value, path, "texte")
        if value not in allowed:
            listed = ", ".join(allowed)
            raise FormatError(path, f"{value!r} inconnu, attendu : {listed} / unknown, expected one of: {listed}")
        return value

    return read


def reference(ids: set[str], what: str) -> Reader:
    """An id that must name an existing ``what`` (venue, room, speaker…)."""

    def read(value: object, path: str) -> str:
        value = text(value, path)
        if value not in ids:
            raise FormatError(path, f"{what} {value!r} inexistant / unknown {what} id")
        return value

    return read


def new_id(seen: set[str]) -> Reader:
    """A non-empty id not yet used in ``seen`` (which it extends)."""

    def read(value: object, path: str) -> str:
        value = text(value, path)
        if value in seen:
            raise FormatError(path, f"identifiant {value!r} en double / duplicate id")
        seen.add(value)
        return value

    return read


def list_of(reader: Reader, *, unique: bool = False) -> Reader:
    def read(value: object, path: str) -> list[Any]:
        out: list[Any] = []
        for index, raw in enumerate(expect_list(value, path)):
            parsed = reader(raw, item(path, index))
            if unique and parsed in out:
                raise FormatError(item(path, index), f"{raw!r} en double / duplicate")
            out.append(parsed)
        return out

    return read


def a_date(value: object, path: str) -> date:
    try:
        return calendar.parse_date(value)  # type: ignore[arg-type]
    except ValueError:
        raise FormatError(path, f"date AAAA-MM-JJ attendue, {value!r} trouvé / YYYY-MM-DD expected") from None


def a_datetime(granularity: int) -> Reader:
    """A ``YYYY-MM-DDTHH:MM`` date-time on the edition's grid."""

    def read(value: object, path: str) -> datetime:
        try:
            parsed = calendar.parse_dt(value)  # type: ignore[arg-type]
        except ValueError:
            raise FormatError(path, f"AAAA-MM-JJTHH:MM attendu, {value!r} trouvé / YYYY-MM-DDTHH:MM expected") from None
        if calendar.minute_of(parsed) % granularity:
            raise FormatError(path, f"pas sur la grille de {granularity} min / not a multiple of {granularity} min")
        return parsed

    return read


def hhmm(*, granularity: int, allow_24: bool) -> Reader:
    """An ``HH:MM`` time of day (``24:00`` only for an end) on the grid, as minutes after midnight."""

    def read(value: object, path: str) -> int:
        try:
            minute = calendar.parse_hhmm(value, allow_24=allow_24)  # type: ignore[arg-type]
        except ValueError:
            raise FormatError(path, f"heure HH:MM attendue, {value!r} trouvé / HH:MM expected") from None
        if minute % granularity:
            raise FormatError(path, f"pas sur la grille de {granularity} min / not a multiple of {granularity} min")
        return minute

    return read


def read_object(value: object, path: str, fields: Mapping[str, Reader], required: Iterable[str] = ()) -> dict[str, Any]:
    """Read the known keys of an object in document order, then require ``required``; unknown keys are ignored.

    A ``null`` is refused unless the key's reader accepts it (only ``fixed`` does in format 1).
    """
    obj = expect_dict(value, path)
    out: dict[str, Any] = {}
    for key, raw in obj.items():
        reader = fields.get(key)
        if reader is not None:
            out[key] = reader(raw, child(path, key))
    for key in required:
        if key not in obj:
            raise FormatError(child(path, key), "clé obligatoire absente / missing required key")
    return out


def top_object(doc: object, *, format_name: str, keys: Iterable[str]) -> dict[str, Any]:
    """The document's top-level object, once it names ``format_name`` and holds only ``keys``: scenario and
    schedule documents are told apart, and their unknown keys refused, the same way."""
    top = expect_dict(doc, "$")
    if "format" not in top:
        raise FormatError("$.format", "clé obligatoire absente / missing required key")
    if top["format"] != format_name:
        raise FormatError("$.format", f"{format_name!r} attendu, {top['format']!r} trouvé / unsupported format")
    known = set(keys)
    for key in top:
        if key not in known:
            raise FormatError(child("$", key), "clé inconnue au premier niveau / unknown top-level key")
    return top


def load_json(path: Path) -> object:
    """Decode a UTF-8 JSON file; a syntax error becomes a FormatError at ``$`` with its line and column."""
    raw = Path(path).read_text(encoding="utf-8")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FormatError(
            "$", f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg} / invalid JSON"
        ) from None
