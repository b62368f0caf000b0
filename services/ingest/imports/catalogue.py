"""The import kinds ``festplan import`` and ``POST /api/v1/imports/<kind>`` offer.

Ingest's own kinds register when their plan modules are imported here; another service's kinds (the
evaluation's attendance counts) register when the composition root imports their module. The importer
itself imports no plan, so plans may import the importer without an import circle.
"""

from __future__ import annotations

from services.ingest.imports import plans as import_plans
from services.ingest.imports import plans_sessions as import_plans_sessions
from shared.spreadsheets.importer import ImportKind, registered

#: Ingest's own plan modules, imported for their :func:`~shared.spreadsheets.importer.register_kind` calls.
PLAN_MODULES = (import_plans, import_plans_sessions)


def kinds() -> dict[str, ImportKind]:
    """Every registered kind, in registration order."""
    return registered()
