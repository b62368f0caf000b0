"""Importing a spreadsheet: read it, check all of it, then change the database in one go — or not at all.

Every error of the file is collected (``FILE, ligne N, colonne « X » : message``, the row number as the
spreadsheet shows it, header = line 1) before anything is written. A kind's *plan* function compares the
rows with the database and queues the changes; they are applied only when the whole file is clean and this
is not a dry run, inside the caller's transaction (the edge commits). Re-importing a file therefore finds
every row unchanged and writes nothing.

Adding a kind means declaring its columns (:class:`~services.ingest.imports.kinds.KindSpec`) and a plan
function, then calling :func:`register_kind` from a module :mod:`.import_catalogue` imports (ingest's own
kinds) or the composition root imports (other services' kinds, such as the evaluation's attendance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from shared.i18n import translate
from shared.models import Edition
from shared.settings import get_settings
from shared.spreadsheets import reader as sheet
from shared.spreadsheets.columns import Column, KindSpec
from shared.spreadsheets.guard import ImportLimits
from shared.spreadsheets.texts import CATALOG


@dataclass(frozen=True, slots=True)
class Issue:
    """One error (or warning) of a file, kept as a message key so it can be told in French or English."""

    key: str
    line: int | None = None
    column_fr: str | None = None
    column_en: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, file: str, locale: str = "fr") -> str:
        """``FILE, ligne N, colonne « X » : message``."""
        message = translate(CATALOG, self.key, locale, **self.params)
        column = self.column_en if locale == "en" and self.column_en else self.column_fr
        if self.line is not None and column:
            return translate(CATALOG, "where.cell", locale, file=file, line=self.line, column=column, message=message)
        if self.line is not None:
            return translate(CATALOG, "where.line", locale, file=file, line=self.line, message=message)
        return translate(CATALOG, "where.file", locale, file=file, message=message)


class ImportRefused(Exception):
    """The file has errors: nothing was written. ``messages(locale)`` lists every one."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file = file
        self.issues = sorted(issues, key=lambda i: (i.line or 0, i.column_fr or ""))
        super().__init__(self.messages()[0] if self.issues else file)

    def messages(self, locale: str = "fr") -> list[str]:
        return [issue.render(self.file, locale) for issue in self.issues]

    def summary(self, locale: str = "fr") -> str:
        return translate(CATALOG, "report.refused", locale, file=self.file, count=len(self.issues))


@dataclass(slots=True)
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, on a dry run, would do), per kind of row touched."""

    kind: str
    file: str
    dry_run: bool
    counts: dict[str, Counts]
    warnings: list[Issue]
    #: Personal-link emails recorded (or, on a dry run, that would be); ``None`` for kinds that invite nobody.
    invitations: int | None = None

    def as_dict(self, locale: str = "fr") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "dry_run": self.dry_run,
            "counts": {
                kind: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged, "deleted": c.deleted}
                for kind, c in self.counts.items()
            },
            "warnings": [w.render(self.file, locale) for w in self.warnings],
            "invitations": self.invitations,
        }


@dataclass(slots=True)
class Row:
    """A data row: its spreadsheet line and its values by column key (only for columns present in the file)."""

    line: int
    values: dict[str, Any]


class PlanContext:
    """What a kind's plan function works with: the session, the edition, the file's columns; collects errors and
    the queued changes."""

    def __init__(self, *, session: Session, edition: Edition, spec: KindSpec, headers: dict[str, str]) -> None:
        self.session = session
        self.edition = edition
        self.spec = spec
        self.headers = headers
        self.issues: list[Issue] = []
        self.ops: list[Callable[[], None]] = []
        self.inserts: dict[Any, list[Callable[[], dict[str, Any]]]] = {}
        self.counts: dict[str, Counts] = {}
        self.afterwards: list[Callable[[], None]] = []
        self.invitations: int | None = None

    def has(self, key: str) -> bool:
        """The file has this column (absent columns leave the stored value as it is)."""
        return key in self.headers

    def error(self, row: Row, column: str | None, key: str, **params: Any) -> None:
        """Record an error on ``row`` (and ``column`` of this kind, when given)."""
        fr = en = None
        if column is not None:
            spec_column = self.spec.column(column)
            fr = self.headers.get(column, spec_column.fr)
            en = self.headers.get(column, spec_column.en)
        self.issues.append(Issue(key, row.line, fr, en, params))

    def count(self, kind: str, what: str, n: int = 1) -> None:
        counts = self.counts.setdefault(kind, Counts())
        setattr(counts, what, getattr(counts, what) + n)

    def pick(self, row: Row, keys: Iterable[str], defaults: dict[str, Any] | None = None) -> dict[str, Any]:
        """The values of ``keys`` that the file has; an empty cell takes ``defaults[key]`` when the column is
        NOT NULL."""
        defaults = defaults or {}
        picked = {}
        for key in keys:
            if self.has(key):
                value = row.values.get(key)
                picked[key] = defaults.get(key) if value is None and key in defaults else value
        return picked

    def upsert(
        self,
        *,
        kind: str,
        existing: Any,
        values: dict[str, Any],
        create: Callable[[], Any],
        also: Callable[[], None] | None = None,
        load: Callable[[], Any] | None = None,
    ) -> None:
        """Queue the creation (``create()``, added to the session) or the changed attributes; count which.

        ``also`` is a further change of an existing row that is not a plain attribute (its speakers, say).
        ``existing`` may be a light result row (fast to load by thousands); ``load()`` then gives the mapped
        object to change.
        """
        if existing is None:
            self.count(kind, "created")
            self.ops.append(lambda: self.session.add(create()))
            return
        changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
        if not changed and also is None:
            self.count(kind, "unchanged")
            return
        self.count(kind, "updated")

        def apply() -> None:
            target = load() if load is not None else existing
            for k, v in changed.items():
                setattr(target, k, v)
            if also is not None:
                also()

        self.ops.append(apply)

    def insert(self, *, kind: str, model: Any, values: Callable[[], dict[str, Any]]) -> None:
        """Queue a new row of a plain table for one multi-row INSERT after the other changes (and their flush),
        so ``values()`` may read ids those gave: 10,000 registrations cost one statement, not 10,000 objects."""
        self.count(kind, "created")
        self.inserts.setdefault(model, []).append(values)

    def apply(self) -> None:
        """Run the queued changes in order, then the multi-row inserts; flush."""
        for op in self.ops:
            op()
        self.session.flush()
        for model, rows in self.inserts.items():
            # One executemany (pipelined by psycopg, batched by sqlite3): measured faster than RETURNING batches
            # or multi-VALUES statements for 10,000 rows.
            self.session.execute(insert(model), [values() for values in rows])
        self.session.flush()
        for op in self.afterwards:
            op()
        if self.afterwards:
            self.session.flush()

    def after_flush(self, op: Callable[[], None]) -> None:
        """Queue a step that needs the ids of the rows created (an invitation names its person); it runs last."""
        self.afterwards.append(op)

    def later(self, op: Callable[[], None]) -> None:
        """Queue a change that is not a plain create or update."""
        self.ops.append(op)

    def all_of(self, model: Any) -> list[Any]:
        """Every row of ``model`` in this edition."""
        return list(self.session.scalars(select(model).where(model.edition_id == self.edition.id)))

    def next_position(self, model: Any) -> int:
        """Where a new row goes in the lead's lists: after the existing ones."""
        found = self.session.scalar(select(func.max(model.position)).where(model.edition_id == self.edition.id))
        return (found if found is not None else -1) + 1


Plan = Callable[[PlanContext, list[Row]], None]


@dataclass(frozen=True, slots=True)
class ImportKind:
    spec: KindSpec
    plan: Plan


_KINDS: dict[str, ImportKind] = {}


def register_kind(spec: KindSpec, plan: Plan) -> None:
    """Make ``festplan import <spec.name>`` and ``POST /api/v1/imports/<spec.name>`` exist."""
    _KINDS[spec.name] = ImportKind(spec, plan)


def registered() -> dict[str, ImportKind]:
    """The kinds registered so far, in registration order (:mod:`.import_catalogue` imports ingest's own)."""
    return _KINDS


def import_file(
    session: Session,
    *,
    kind: str,
    data: bytes,
    filename: str,
    edition_code: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check the whole file, then apply it in ``session`` (flushed, not committed); raise :class:`ImportRefused`."""
    handler = _KINDS[kind]
    spec = handler.spec
    name = PurePath(filename).name
    try:
        table = sheet.read_table(data, name, limits=ImportLimits.from_settings(get_settings()))
    except sheet.FileProblem as problem:
        raise ImportRefused(name, [Issue(problem.key, params=problem.params)]) from None
    headers, positions, issues, warnings = _map_header(spec, table)
    rows = _read_rows(spec, table, positions, headers, issues)
    if not rows and not issues:
        issues.append(Issue("file.no_rows", table.header_line))
    _check_duplicates(spec, rows, headers, issues)
    edition = _edition(session, edition_code, issues)
    if edition is None or not rows:
        raise ImportRefused(name, issues)
    bad_lines = {i.line for i in issues}
    context = PlanContext(session=session, edition=edition, spec=spec, headers=headers)
    handler.plan(context, [r for r in rows if r.line not in bad_lines])
    issues.extend(context.issues)
    if issues:
        raise ImportRefused(name, issues)
    if not dry_run:
        context.apply()
    return ImportReport(
        kind=kind,
        file=name,
        dry_run=dry_run,
        counts=context.counts,
        warnings=warnings,
        invitations=context.invitations,
    )


def _map_header(spec: KindSpec, table: sheet.Table) -> tuple[dict[str, str], dict[str, int], list[Issue], list[Issue]]:
    """Which file column holds which spec column; missing required and duplicate columns are errors."""
    by_spelling = {spelling: column for column in spec.columns for spelling in column.spellings()}
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    line = table.header_line
    for index, cell in enumerate(table.header):
        if cell is None:
            continue
        column = by_spelling.get(sheet.normalise_header(cell))
        if column is None:
            warnings.append(Issue("header.unknown", line, cell, cell))
        elif column.key in positions:
            letter = sheet.column_letter(positions[column.key])
            issues.append(Issue("header.duplicate", line, cell, cell, {"letter": letter}))
        else:
            headers[column.key] = cell
            positions[column.key] = index
    for column in spec.columns:
        if column.required and column.key not in positions:
            issues.append(Issue("header.missing", line, column.fr, column.en))
    return headers, positions, issues, warnings


def _is_help_row(spec: KindSpec, cells: list[Any], positions: dict[str, int]) -> bool:
    """The template's second row (help texts) is skipped when a filled template comes back."""
    seen = 0
    for key, index in positions.items():
        value = cells[index] if index < len(cells) else None
        if value is None:
            continue
        column = spec.column(key)
        if str(value) not in (column.help_fr, column.help_en):
            return False
        seen += 1
    return seen > 0


def _read_rows(
    spec: KindSpec, table: sheet.Table, positions: dict[str, int], headers: dict[str, str], issues: list[Issue]
) -> list[Row]:
    rows: list[Row] = []
    columns: list[tuple[Column, int]] = [(spec.column(k), i) for k, i in positions.items()]
    for number, (line, cells) in enumerate(table.rows):
        if number == 0 and _is_help_row(spec, cells, positions):
            continue
        values: dict[str, Any] = {}
        for column, index in columns:
            raw = cells[index] if index < len(cells) else None
            try:
                value = column.parse(raw)
            except sheet.ValueProblem as problem:
                header = headers[column.key]
                issues.append(Issue(problem.key, line, header, header, problem.params))
                continue
            if value is None and column.required:
                issues.append(Issue("cell.required", line, headers[column.key], headers[column.key]))
            values[column.key] = value
        rows.append(Row(line, values))
    return rows


def _check_duplicates(spec: KindSpec, rows: list[Row], headers: dict[str, str], issues: list[Issue]) -> None:
    """Two rows with the same stable key would be one thing written twice: the later one is an error."""
    seen: dict[Any, int] = {}
    for row in rows:
        found = spec.key_of(row.values)
        if found is None:
            continue
        keys, _values = found
        if found in seen:
            fr = " + ".join(headers.get(k, spec.column(k).fr) for k in keys)
            en = " + ".join(headers.get(k, spec.column(k).en) for k in keys)
            first = headers.get(keys[0], spec.column(keys[0]).fr)
            params = {"key": fr, "key_en": en, "line": seen[found]}
            issues.append(Issue("row.duplicate", row.line, first, first, params))
        else:
            seen[found] = row.line


def _edition(session: Session, code: str | None, issues: list[Issue]) -> Edition | None:
    """The edition named by ``code``, or the only one there is."""
    if code is not None:
        edition = session.scalar(select(Edition).where(Edition.code == code))
        if edition is None:
            issues.append(Issue("edition.unknown", params={"code": code}))
        return edition
    editions = list(session.scalars(select(Edition).order_by(Edition.start_date)))
    if not editions:
        issues.append(Issue("edition.none"))
        return None
    if len(editions) > 1:
        issues.append(Issue("edition.ambiguous", params={"codes": ", ".join(e.code for e in editions)}))
        return None
    return editions[0]
