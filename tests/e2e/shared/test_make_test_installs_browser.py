"""`make test` on a fresh machine installs what its tests need, the browser of the accessibility tests included.

The browser step runs for real, in a scratch virtualenv folder: once as an unprivileged user who cannot install
(one clear line, no stamp), once where the browser is there (stamp made, apt never asked, nothing re-run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NOBODY = 65534


def _make(*args: str, user: int | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] if user is not None else []
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [*prefix, "make", "--no-print-directory", "-f", str(ROOT / "Makefile"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_make_test_installs_the_browser_before_running_the_suite(tmp_path: Path) -> None:
    plan = _make("-n", "test", f"VENV={tmp_path / 'venv'}", "BROWSER=festplan-absent-browser")
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    install = next(i for i, line in enumerate(lines) if "apt-get install" in line and "chromium" in line)
    pytest_run = next(i for i, line in enumerate(lines) if line.endswith("/bin/pytest"))
    assert install < pytest_run


def test_ci_only_starts_the_services_and_calls_make_test() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in script
    assert script.rstrip().endswith("make test")


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to act as another user")
def test_without_root_the_step_says_what_to_do_and_makes_no_stamp() -> None:
    with tempfile.TemporaryDirectory() as scratch:  # pytest's tmp_path sits in a folder only root may enter
        Path(scratch).chmod(0o755)
        venv = Path(scratch) / "venv"
        venv.mkdir()
        os.chown(venv, NOBODY, NOBODY)
        stamp = venv / ".browser-stamp"
        result = _make(str(stamp), f"VENV={venv}", "BROWSER=festplan-absent-browser", user=NOBODY)
        made = stamp.exists()
    assert result.returncode != 0
    message = [line for line in result.stderr.splitlines() if "chromium" in line]
    assert message
    assert message[0].startswith("make test : le navigateur chromium manque")
    assert "sudo apt-get install -y chromium" in message[0]
    assert not made


def test_a_present_browser_is_not_installed_again(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    stamp = venv / ".browser-stamp"
    first = _make(str(stamp), f"VENV={venv}", "BROWSER=sh")
    assert first.returncode == 0, first.stderr
    assert "apt-get" not in first.stdout
    assert stamp.exists()
    again = _make(str(stamp), f"VENV={venv}", "BROWSER=festplan-absent-browser")
    assert again.returncode == 0, again.stderr
    assert "apt-get" not in again.stdout
    assert "is up to date" in again.stdout
