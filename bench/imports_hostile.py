"""Benchmark: hostile spreadsheets must be refused quickly and in little memory (issue 17, point 4).

Each file of :mod:`bench.hostile_files`, at the sizes measured in issue 17, is read by
``read_table`` with the default limits in a child process of its own, so that its peak memory is its own (``VmHWM``
from ``/proc/self/status``: unlike ``ru_maxrss`` it starts afresh at ``exec``, not at the parent's size).
Printed as one Markdown table (``bench.imports`` prints it after its own).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import hostile_files as hostile

TARGET_SECONDS = 2.0
TARGET_MB = 200

#: label, builder, file name: the files of issue 17 and the other hostile shapes the import refuses (a declared
#: dimension is not refused: it is ignored, and the two real rows are read).
CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("1 000 000 one-cell rows", hostile.many_rows, "lignes.xlsx"),
    ("60 000 one-cell rows (under the size limit)", lambda: hostile.many_rows(60_000), "lignes.xlsx"),
    ("one 300 MB cell", hostile.giant_cell, "cellule.xlsx"),
    ("declared A1:XFD1000", hostile.declared_dimension, "dimension.xlsx"),
    ("cell in column XFD", hostile.far_cell, "colonne.xlsx"),
    ("zip bomb, 1 GB of blanks", hostile.zip_bomb, "bombe.xlsx"),
    ("billion laughs", hostile.billion_laughs, "entites.xlsx"),
    ("external entity (XXE)", hostile.external_entity, "xxe.xlsx"),
    ("CSV, 10 MB in one cell", lambda: b"Code;Nom\nhd;" + b"a" * (10 * 1024 * 1024 - 20) + b"\n", "cellule.csv"),
]

_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from shared.spreadsheets.problems import FileProblem
from shared.spreadsheets.reader import read_table
path = Path(sys.argv[1])
try:
    read_table(path.read_bytes(), path.name)
    outcome = "read"
except FileProblem as problem:
    outcome = problem.key
seconds = time.perf_counter() - started
status = Path("/proc/self/status").read_text().splitlines()
kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": seconds, "kb": kb}))
"""


def measure(data: bytes, name: str) -> dict:
    """Read ``data`` as ``name`` in a fresh interpreter; its outcome, seconds and peak memory."""
    with tempfile.TemporaryDirectory(prefix="festplan-hostile-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True, timeout=600
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    baseline = measure(b"Code;Nom\nhd;H\xc3\xb4tel\n", "lieux.csv")
    print(f"| hostile file | size | outcome | seconds | peak MB | target < {TARGET_SECONDS:.0f} s, < {TARGET_MB} MB |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    print(
        f"| (two-line CSV, for reference) | 20 B | {baseline['outcome']} | {baseline['seconds']:.2f} | "
        f"{baseline['kb'] / 1024:.0f} | — |"
    )
    ok = True
    for label, build, name in CASES:
        data = build()
        result = measure(data, name)
        expected = result["outcome"] != "read" or name == "dimension.xlsx"
        fine = expected and result["seconds"] < TARGET_SECONDS and result["kb"] / 1024 < TARGET_MB
        ok &= fine
        print(
            f"| {label} | {_size(len(data))} | {result['outcome']} | {result['seconds']:.2f} | "
            f"{result['kb'] / 1024:.0f} | {'OK' if fine else 'TOO COSTLY'} |"
        )
    return 0 if ok else 1


def _size(n: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


if __name__ == "__main__":
    raise SystemExit(main())
