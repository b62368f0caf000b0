"""Property-based run of schemathesis against the app's own OpenAPI, with lead credentials, on PostgreSQL.

Bounded on purpose (a few examples per operation): it must find no 5xx, no undocumented status, no
response that breaks its declared schema on the ingest endpoints.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

#: The ingest service's operations (the other services' routers have their own runs).
INGEST_PATHS = (
    r"^/api/v1/(partner|speaker|speakers|editions|venues|rooms|partners|participants|registrations|proposals"
    r")(/|$)|^/api/v1/programme$"
)


def test_ingest_api_honours_its_openapi(pg_module_app):
    client, world = pg_module_app
    client.app.state.rate_limiter.per_minute = 0  # the run hammers /programme on purpose
    api = schemathesis.openapi.from_asgi("/openapi.json", client.app).include(path_regex=INGEST_PATHS)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    failures: list[str] = []
    operations = 0
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=world.h("lead"), checks=checks)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    print(f"schemathesis: {operations} operations")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)
