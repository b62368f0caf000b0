"""schemathesis over the WHOLE OpenAPI of the app, as the lead, a partner and a speaker, on PostgreSQL: no 5xx.

The ingest-only run (``test_api_schemathesis``) also checks statuses and schemas; this one covers every
service's operations under each role a token can have, where PostgreSQL's integer ranges, NUL bytes and
lengths bite. The ``festplan-fuzz`` profile keeps it bounded and deterministic (derandomized, no example
database), a few examples per operation and role (~1,000 cases): about a minute on two cores.
"""

from __future__ import annotations

import schemathesis
from hypothesis import given, settings
from schemathesis.checks import not_a_server_error

from tests.fuzz_profile import FUZZ

#: Each role and how many examples of each operation it runs: the lead reaches every operation, the others
#: mostly meet their 401/403 answers, so fewer of theirs find anything new.
ROLES = {"lead": 8, "partner_a": 3, "speaker_a": 3}


def test_no_operation_answers_a_server_error_whatever_the_role(pg_module_app):
    client, world = pg_module_app
    client.app.state.rate_limiter.per_minute = 0  # the run hammers the public routes on purpose
    api = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []
    cases: list[str] = []
    operations = 0
    for role, examples in ROLES.items():
        for result in api.get_all_operations():
            operation = result.ok()
            operations += 1
            try:
                _fuzz(operation, headers=world.h(role), examples=examples, cases=cases)
            except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, reported together
                failures.append(f"[{role}] {operation.method.upper()} {operation.path}: {str(exc)[:800]}")
    print(f"schemathesis: {operations} operations x roles, {len(cases)} cases, {len(failures)} failing")
    assert operations >= 3 * 60
    assert not failures, "\n\n".join(failures)


def _fuzz(operation: schemathesis.APIOperation, *, headers: dict[str, str], examples: int, cases: list[str]) -> None:
    """Run the profile's examples of one operation with one role's token; raise on the first server error."""

    @given(case=operation.as_strategy())
    @settings(FUZZ, max_examples=examples)
    def run(case: schemathesis.Case) -> None:
        cases.append(operation.path)
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    run()
