"""``POST /api/v1/imports/{kind}``: the lead uploads a spreadsheet; the same checks and report as the CLI.

The body limit of the web layer lets up to 16 MB through to this path; the import's own limit (10 MB) is
checked here while reading, so a larger upload is refused with 413 without being held in memory whole.
A file of the wrong type (by extension and by content) is 415; a file with errors is 422 with every error,
in French then in English; nothing is written in either case.
"""

from __future__ import annotations

import enum
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from services.ingest.imports.catalogue import kinds
from shared.spreadsheets.importer import ImportRefused, Issue, import_file
from shared.spreadsheets.reader import MAX_BYTES
from shared.web.api_docs import AUTH_ERRORS
from shared.web.auth import require_lead
from shared.web.http import SessionDep

router = APIRouter(
    prefix="/api/v1/imports", tags=["imports"], dependencies=[Depends(require_lead)], responses=AUTH_ERRORS
)

ImportKindName = enum.StrEnum("ImportKindName", {name: name for name in kinds()})  # type: ignore[misc]
_TYPE_PROBLEMS = frozenset({"file.extension", "file.xls", "file.not_xlsx", "file.xlsx_as_csv", "file.binary"})
_CHUNK = 1024 * 1024


class CountsOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    deleted: int


class ImportOut(BaseModel):
    """What the import did (or would do, on a dry run), per kind of row touched."""

    kind: str
    file: str
    dry_run: bool
    counts: dict[str, CountsOut]
    warnings: list[str]
    #: Personal-link emails recorded by a partners or speakers import (would be, on a dry run); null otherwise.
    invitations: int | None = None


class ImportErrorsOut(BaseModel):
    """The file was refused as a whole: every error, as ``FILE, ligne N, colonne « X » : message``."""

    detail: str
    errors: list[str]
    errors_en: list[str]


def _refusal(refused: ImportRefused) -> JSONResponse:
    status = 415 if any(i.key in _TYPE_PROBLEMS for i in refused.issues) else 422
    if any(i.key in ("file.too_large", "file.archive_too_large") for i in refused.issues):
        status = 413
    body = ImportErrorsOut(
        detail=f"{refused.summary('fr')} / {refused.summary('en')}",
        errors=refused.messages("fr"),
        errors_en=refused.messages("en"),
    )
    return JSONResponse(body.model_dump(), status_code=status)


def _safe_name(name: str | None) -> str:
    """The uploaded file's own name, without any path or control characters (it is echoed in messages)."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable())[:120]
    return cleaned or "fichier"


async def _read_limited(upload: UploadFile) -> bytes | None:
    """The upload's bytes, or ``None`` as soon as it passes the limit."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/{kind}",
    response_model=ImportOut,
    summary="Importer un tableur / Import a spreadsheet",
    responses={
        413: {"model": ImportErrorsOut, "description": "Fichier trop volumineux / File too large"},
        415: {"model": ImportErrorsOut, "description": "Type de fichier refusé / Unsupported file type"},
        422: {"model": ImportErrorsOut, "description": "Fichier refusé / File refused"},
    },
)
async def import_spreadsheet(
    kind: ImportKindName,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="Fichier .csv ou .xlsx (10 Mo au plus) / .csv or .xlsx file")],
    dry_run: Annotated[bool, Query(description="Vérifier et compter sans rien enregistrer / Check only")] = False,
    edition: Annotated[str | None, Query(max_length=64, description="Code de l'édition / Edition code")] = None,
) -> Any:
    """Check the whole file, then apply it in this request's transaction (or report every error, writing nothing)."""
    name = _safe_name(file.filename)
    data = await _read_limited(file)
    try:
        if data is None:
            raise ImportRefused(name, [Issue("file.too_large", params={"limit": MAX_BYTES // (1024 * 1024)})])
        # A big file takes seconds to check: off the event loop, so other requests are still served.
        report = await run_in_threadpool(
            import_file, session, kind=kind.value, data=data, filename=name, edition_code=edition, dry_run=dry_run
        )
    except ImportRefused as refused:
        session.rollback()
        return _refusal(refused)
    return report.as_dict("fr")
