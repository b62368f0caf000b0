"""``make bench``'s import section runs as ``make bench`` runs it: a process of its own, a small file, exit 0.

(It once stopped at its first import with ``KeyError: 'registrations'``: the kinds register when the composition
root is wired, and the script did not wire. Speed is the benchmark's business, not this test's.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_import_benchmark_runs_to_its_tables(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--rows", "40", "--participants", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FESTPLAN_VAR_DIR": str(tmp_path / "var")},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "| registrations CSV import | 40 |" in done.stdout
