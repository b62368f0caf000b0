"""The previous festplan as one more solver of the benchmark: an earlier revision's own ``festplan solve``.

An optimiser change is only worth keeping if it beats the code it replaces on the same instances, in the
same run, on the same machine (a figure copied from an older run mixes the change with the machine's mood).
So the benchmark extracts the solver of an earlier revision from this repository (``git archive`` of its
``services`` and ``shared`` packages: no worktree to clean up, nothing installed) and runs it through the
file contract every solver honours (``festplan solve --scenario IN --out OUT``), in a process of its own
whose peak memory the harness measures like the others'.

The default revision is main as it stood when issue 21 (the optimiser frontier) was filed, before any of
its work: ``--previous REV`` (or ``FESTPLAN_BENCH_PREVIOUS``) measures against another one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: main at the sixth stop (26/11/2026): the solver issue 21 set out to improve.
DEFAULT_REVISION = "03616bb"
SOLVER = "festplan-previous"


def revision() -> str:
    return os.environ.get("FESTPLAN_BENCH_PREVIOUS", DEFAULT_REVISION)


def extract(rev: str, *, into: Path) -> Path | None:
    """The revision's ``services`` and ``shared`` packages under ``into/<rev>``; None when git cannot give them
    (a copy of the code without its history), so that the benchmark says so instead of failing."""
    tree = into / f"previous-{rev}"
    if (tree / "services" / "__main__.py").exists():
        return tree
    tree.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[2]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "services", "shared"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def command(tree: Path, *, scenario_file: Path, out: Path, limit: float) -> tuple[list[str], dict[str, str], Path]:
    """The command, environment and working folder that run the previous revision's solver with 2 workers.

    The tree comes first on ``sys.path`` (working folder and PYTHONPATH), ahead of the installed festplan,
    and the interpreter is this one: the same OR-Tools, so the comparison is of festplan's code alone."""
    argv = [
        sys.executable,
        "-m",
        "services",
        "solve",
        "--scenario",
        str(scenario_file.resolve()),
        "--out",
        str(out.resolve()),
        "--time-limit",
        f"{limit:g}",
        "--workers",
        "2",
    ]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return argv, env, tree
