"""The architecture rules of issue 18, enforced by the suite: import-linter's contracts (pyproject.toml) and
no import circle between modules (lazy imports included), which import-linter cannot express."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_of_pyproject_are_kept() -> None:
    # In a process of its own: import-linter's command reconfigures logging, which other tests' caplog needs.
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_domain_package_is_held_pure_by_the_contract() -> None:
    """A service's new ``domain/`` is pure only if the contract names it: the list cannot silently fall behind."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    pure = next(c for c in contracts if c["id"] == "pure-domains")["source_modules"]
    domains = sorted(
        ".".join(path.relative_to(ROOT).parts[:-1]) for path in (ROOT / "services").glob("**/domain/__init__.py")
    )
    assert domains
    assert sorted(pure) == domains


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_import_circle_between_modules(monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph("services", "shared", cache_dir=None)
    # A package's __init__ importing its children is not a circle of ideas; grimp counts it as one only when a
    # child imports the package back, which is itself what we forbid, so no exception is made.
    assert _circles(graph) == []
