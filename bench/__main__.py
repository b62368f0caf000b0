"""``make bench``: every benchmark of festplan, a table per section on screen and the same in docs/benchmarks.md.

``python -m bench [--quick] [--full] [--only solver,import,mail,http]``. The solver section is the
harness of :mod:`bench.solver`; the other sections are the services' own scripts, run as
``python -m MODULE`` in a process of their own: each prints its results as Markdown tables, copied here as they are.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rich.console import Console
from rich.table import Table

SECTIONS = ("solver", "import", "mail", "http")
#: The scripts of the other sections, by section: (module, title).
SCRIPTS = {
    "import": ("bench.imports", "Import de 10 000 inscriptions / import of 10,000 registrations"),
    "mail": ("bench.mail.run", "Courriels / email"),
    "http": ("bench.http", "Charge HTTP / HTTP load"),
}
DOC = Path("docs/benchmarks.md")
#: Longest a section's script may run before it is stopped (seconds).
SCRIPT_TIMEOUT = 1800.0  # the full mail section takes 12–19 min on 2 cores


@dataclass(slots=True)
class Section:
    """One section's results: Markdown-ready tables (header + rows) and free lines of text."""

    key: str
    title: str
    tables: list[tuple[list[str], list[list[str]]]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "absent"


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "non installé / not installed"


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return [
        ("processeur / CPU", cpu),
        ("cœurs / cores", str(os.cpu_count())),
        ("mémoire / memory", f"{memory_kb / 1024 / 1024:.1f} Gio"),
        ("système / OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("OR-Tools", _package("ortools")),
        ("Java", _first_line(["java", "-version"])),
        ("timefold", _package("timefold")),
        ("conference-scheduler", _package("conference-scheduler")),
        ("PuLP (CBC)", _package("pulp")),
        ("date", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("charge au départ / load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


def solver_section(*, quick: bool, full: bool, console: Console, frontier: bool = False) -> list[Section]:
    """Every solver (the previous festplan included) on every instance; then the issues' targets, each with its
    verdict. ``frontier``: issue 21's cases only, with its own table (previous, current, best peer)."""
    from bench.solver import frontier as frontier_table
    from bench.solver import harness, instances, report
    from shared.settings import get_settings

    out_dir = get_settings().var_dir / "bench" / "solver"
    all_runs: list[harness.Run] = []
    rows: list[list[str]] = []
    targets: list[list[str]] = []
    frontier_rows: list[list[str]] = []
    for instance in instances.frontier_plan() if frontier else instances.plan(quick=quick, full=full):
        limits = ", ".join(f"{t:g} s" for t in instance.limits)
        console.print(f"[bold]{instance.label}[/bold] — limites / limits {limits}")
        runs = harness.run_instance(
            instance,
            out_dir=out_dir,
            solvers=("festplan", harness.PREVIOUS, *harness.PEERS),
            progress=lambda run: console.print("  " + " · ".join(report.run_row(run)[2:])),
            halves=not frontier,
        )
        frontier_rows += frontier_table.rows(runs)
        all_runs += runs
        rows += [report.run_row(run) for run in runs]
        targets += report.instance_targets(runs)
    runs_section = Section(
        "solver",
        "Solveur contre ses pairs / solver against its peers",
        tables=[(list(report.RUN_COLUMNS), rows)],
        lines=_peer_notes(),
    )
    targets_section = Section(
        "targets", "Objectifs de l'issue / the issue's targets", tables=[(list(report.TARGET_COLUMNS), targets)]
    )
    frontier_section = Section(
        "frontier",
        "Frontière de l'optimiseur (issue 21) / optimiser frontier",
        tables=[(list(frontier_table.COLUMNS), frontier_rows)],
    )
    return [runs_section, frontier_section] if frontier else [runs_section, targets_section, frontier_section]


def _peer_notes() -> list[str]:
    """What each peer models, from its adapter (French and English as the adapters write them)."""
    from bench.solver import peers_conference_scheduler, peers_greedy, peers_timefold

    return [
        f"- **greedy** : {peers_greedy.LIMITS}",
        f"- **conference-scheduler** : {peers_conference_scheduler.LIMITS}",
        f"- **timefold** : {peers_timefold.LIMITS}",
        "- secondes : durée murale du processus (import Python compris) ; mémoire : pic de RSS (ru_maxrss) du "
        "processus de la mesure / seconds: wall time of the run's process (Python start included); memory: its "
        "peak RSS (ru_maxrss, the largest of the process and its reaped children — CBC, the JVM is in-process)",
    ]


def markdown_tables(text: str) -> tuple[list[tuple[list[str], list[list[str]]]], list[str]]:
    """The Markdown tables a section's script printed, and its other non-empty lines."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    lines: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            body = [row for row in block[1:] if not all(set(c) <= set(":- ") for c in row)]
            tables.append((block[0], body))
            block.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            block.append([cell.strip() for cell in line[1:-1].split("|")])
        else:
            flush()
            if line:
                lines.append(line)
    flush()
    return tables, lines


def script_section(key: str, *, quick: bool) -> Section:
    """Run a service's benchmark script; a script not written yet is said, not hidden."""
    module, title = SCRIPTS[key]
    section = Section(key, title)
    if importlib.util.find_spec(module) is None:
        section.lines.append(
            f"non disponible : le module {module} n'existe pas encore / not available: "
            f"module {module} does not exist yet"
        )
        return section
    command = [sys.executable, "-m", module]
    if quick and "--quick" in _first_lines_of_help(module):
        command.append("--quick")
    began = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=SCRIPT_TIMEOUT)
    except subprocess.TimeoutExpired:
        stop(process)
        section.lines.append(f"arrêté après {SCRIPT_TIMEOUT:.0f} s / stopped after {SCRIPT_TIMEOUT:.0f} s")
        return section
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    section.tables, section.lines = markdown_tables(done.stdout)
    section.lines.append(
        f"`{' '.join(['python', *command[1:]])}` : code {done.returncode}, {time.monotonic() - began:.0f} s"
    )
    if done.returncode != 0:
        section.lines += [f"    {line}" for line in done.stderr.strip().splitlines()[-5:]]
    return section


def stop(process: subprocess.Popen) -> None:
    """Interrupt an overrunning script so that its own cleanup stops the workers it started, then kill its group."""
    process.send_signal(signal.SIGINT)
    try:
        process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def _first_lines_of_help(module: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=False, timeout=120
    )
    return done.stdout


def show(section: Section, console: Console) -> None:
    console.rule(section.title)
    for header, rows in section.tables:
        table = Table(*header, show_lines=False)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for line in section.lines:
        console.print(line, markup=False)


def to_markdown(table: tuple[list[str], list[list[str]]]) -> list[str]:
    header, rows = table
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return out


#: The heading of the hand-written analysis at the end of docs/benchmarks.md, kept when the file is rewritten.
NOTES_HEADING = "## Analyse / analysis"


def kept_notes(path: Path) -> str:
    """The hand-written analysis of the previous docs/benchmarks.md (from its heading to the end), if any."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    at = text.find(NOTES_HEADING)
    return "" if at < 0 else text[at:].rstrip() + "\n"


def document(*, sections: list[Section], about: list[tuple[str, str]], command: str, notes: str = "") -> str:
    """docs/benchmarks.md: the machine, then each section's tables and notes, then the kept analysis."""
    lines = [
        "# Mesures de performance / benchmarks",
        "",
        f"Produit par `{command}` (`make bench`). Chaque programme est noté par `festplan check --json`. / "
        f"Written by `{command}` (`make bench`); every schedule is scored by `festplan check --json`.",
        "",
        "## Machine",
        "",
        *to_markdown((["", ""], [list(pair) for pair in about])),
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", ""]
        for table in section.tables:
            lines += [*to_markdown(table), ""]
        lines += [*section.lines, ""] if section.lines else []
    text = "\n".join(lines).rstrip() + "\n"
    return text + ("\n" + notes if notes else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks de festplan / festplan's benchmarks.")
    parser.add_argument("--quick", action="store_true", help="essai rapide (~2 min) / smoke run (~2 min)")
    parser.add_argument("--full", action="store_true", help="ajoute 600 sessions à 300 s / adds 600 sessions at 300 s")
    parser.add_argument(
        "--frontier",
        action="store_true",
        help="solveur : les cas de l'issue 21 seulement (~35 min) / solver: issue 21's cases only (~35 min)",
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, ex. solver,import")
    parser.add_argument("--doc", type=Path, default=DOC, help="fichier Markdown écrit / Markdown file written")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        parser.error(f"sections inconnues / unknown sections: {', '.join(unknown)}")
    console = Console()
    about = machine()
    began = time.monotonic()
    sections: list[Section] = []
    for key in wanted:
        found = (
            solver_section(quick=args.quick, full=args.full, console=console, frontier=args.frontier)
            if key == "solver"
            else [script_section(key, quick=args.quick)]
        )
        for section in found:
            show(section, console)
        sections += found
    about += [
        ("charge à la fin / load average at end", " ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("durée totale / total time", f"{(time.monotonic() - began) / 60:.1f} min"),
    ]
    command = " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])])
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    notes = kept_notes(args.doc)
    args.doc.write_text(document(sections=sections, about=about, command=command, notes=notes), encoding="utf-8")
    console.print(f"→ {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
