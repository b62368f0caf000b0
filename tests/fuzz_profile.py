"""The hypothesis profile of the fuzz tests (schemathesis over the API, the HTML forms): bounded, deterministic.

Derandomized and without an example database, a run finds the same cases on every machine and in CI;
each test sets its own number of examples so that both together add about two minutes on two cores.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "festplan-fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
FUZZ = settings.get_profile("festplan-fuzz")
