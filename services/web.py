"""``festplan serve``: one FastAPI app that mounts every service's routers."""

from __future__ import annotations

import importlib

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from services.wiring import wire
from shared.bootstrap import bootstrap
from shared.db import get_engine
from shared.web.head_requests import HeadAsGet
from shared.web.security_headers import install as install_security_headers

#: Modules exposing ``router`` (an APIRouter); each service adds its own here.
ROUTER_MODULES: list[str] = [
    "services.ingest.api",
    "services.ingest.forms.partner",
    "services.scheduler.api",
    "services.ingest.imports.api",
    "services.notifier.api",
    "services.scheduler.programme.pages",
    "services.scheduler.programme.registration",
    "services.scheduler.programme.api",
    "services.scheduler.programme.exchange",
    "services.scheduler.programme.feeds",
    "services.scheduler.programme.running_sheet",
    "services.evaluation.surveys.pages",
    "services.evaluation.attendance.pages",
    "services.evaluation.backoffice",
    "shared.web.backoffice.signin",
    "services.ingest.backoffice.dashboard",
    "services.scheduler.backoffice",
    "services.notifier.backoffice",
    "services.openagenda.backoffice",
    "services.network.public",
    "services.network.backoffice",
    "services.editions.backoffice",
    "services.budget.api",
    "services.budget.backoffice",
]


def create_app() -> FastAPI:
    """Build the app: handlers wired, settings checked, database migrated on the embedded default, routers mounted."""
    wire()
    bootstrap()
    app = FastAPI(
        title="festplan",
        description="Culture et numérique — API de festplan (propositions, programme, optimisation, courriels).",
        version="1.0",
    )
    from shared.web.security import install as install_limits

    install_limits(app)  # body size on every endpoint; the rate limiter the public and form routes use
    install_security_headers(app)  # CSP, framing, referrer, nosniff (and HSTS on https) on every response
    app.add_middleware(HeadAsGet)  # every GET route answers HEAD too (monitors, link checkers, caches)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> JSONResponse:
        """Liveness and database reachability, for the container's health check."""
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})

    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app


def create_served_app() -> FastAPI:
    """The app as ``festplan serve`` runs it in each worker: :func:`create_app`, then the heap settled."""
    from shared import heap

    app = create_app()
    heap.enable()  # after every module, router and template is loaded: they live as long as the worker
    return app
