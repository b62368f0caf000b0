"""The mail benchmark's results as Markdown tables, French first, each target with its verdict."""

from __future__ import annotations

import math
from typing import Any

from bench.setup import markdown_table

TARGET_RENDERED, TARGET_RATIO, TARGET_P99_MS = 600.0, 0.90, 25.0
#: The two readings of "half load" the paced runs are made at, each pipeline at both.
HALF_LOADS = {
    "baseline": "moitié du débit du témoin / half the baseline's delivered rate",
    "festplan": "moitié du débit de festplan / half festplan's delivered rate",
}


def _verdict(ok: bool) -> str:
    return "atteint / met" if ok else "non atteint / missed"


def report(results: list[dict[str, Any]]) -> str:
    """Rendering, delivery and latency tables, then the targets and the machine's load."""
    out: list[str] = []
    render = [r for r in results if r["section"] == "render"]
    queue = [r for r in results if r["section"] == "queue"]
    out.append(
        markdown_table(
            ["mesure (un processus) / measure (one process)", "courriels / emails", "s", "courriels/s / emails/s"],
            [[r["measure"], r["emails"], f"{r['seconds']:.2f}", f"{r['per_second']:.0f}"] for r in render]
            + [
                [
                    "mise en file : invitations + lignes de la boîte d'envoi (une transaction) / "
                    "queueing: invitations + outbox rows (one transaction)",
                    q["emails"],
                    f"{q['seconds']:.2f}",
                    f"{q['per_second']:.0f}",
                ]
                for q in queue
            ],
        )
    )
    delivery = [r for r in results if r["section"] == "delivery"]
    out.append("")
    out.append(
        markdown_table(
            [
                "backend",
                "chaîne / pipeline",
                "courriels / emails",
                "reçus / received",
                "doublons / duplicates",
                "livrés/s / delivered/s",
                "part du témoin / of baseline",
                "CPU workers ms/courriel",
                "CPU récepteur ms/courriel / receiver CPU ms/email",
            ],
            [
                [
                    r["backend"],
                    r["pipeline"],
                    r["emails"],
                    r["delivered"],
                    r["duplicates"],
                    f"{r['per_second']:.0f}",
                    f"{100 * r['ratio']:.0f} %" if "ratio" in r else "—",
                    f"{r['worker_cpu_ms']:.2f}",
                    f"{r['receiver_cpu_ms']:.2f}",
                ]
                for r in delivery
            ],
        )
    )
    out.append("")
    out.append(
        markdown_table(
            [
                "backend",
                "chaîne / pipeline",
                "mi-charge / half load",
                "cadence / pace (/s)",
                "tenue / achieved (/s)",
                "reçus / received",
                "p50 ms",
                "p99 ms",
                "max ms",
                "machine occupée / machine busy",
                "CPU ms/courriel : producteur · workers · PostgreSQL · Redis · récepteur / CPU ms per email: "
                "producer · workers · PostgreSQL · Redis · receiver",
            ],
            [
                [
                    r["backend"],
                    r["pipeline"],
                    HALF_LOADS[whose],
                    f"{p['rate']:.0f}",
                    f"{p['achieved_rate']:.0f}",
                    f"{p['delivered']}/{p['emails']}",
                    f"{p['p50_ms']:.1f}",
                    f"{p['p99_ms']:.1f}",
                    f"{p['max_ms']:.1f}",
                    f"{100 * p['machine_busy']:.0f} %",
                    _cpu_split(p.get("cpu_ms")),
                ]
                for r in delivery
                for whose, p in r["paced"].items()
            ],
        )
    )
    targets: list[list[str]] = []
    full = next((r for r in render if "target" in r), None)
    if full is not None:
        targets.append(
            [
                "rendu ≥ 600 courriels/s / rendered ≥ 600 emails/s",
                f"{full['per_second']:.0f}/s",
                _verdict(full["per_second"] >= TARGET_RENDERED),
            ]
        )
    for r in delivery:
        if r["pipeline"] != "festplan":
            continue
        targets.append(
            [
                f"{r['backend']} : livrés ≥ 90 % du témoin / delivered ≥ 90 % of baseline",
                f"{100 * r['ratio']:.0f} %",
                _verdict(r["ratio"] >= TARGET_RATIO),
            ]
        )
        for whose, p in r["paced"].items():
            targets.append(
                [
                    f"{r['backend']} : p99 < 25 ms, {HALF_LOADS[whose]} ({p['achieved_rate']:.0f}/s)",
                    f"{p['p99_ms']:.1f} ms",
                    _verdict(p["p99_ms"] < TARGET_P99_MS and p["delivered"] == p["emails"]),
                ]
            )
        lost = r["emails"] - r["delivered"]
        targets.append(
            [
                f"{r['backend']} : tout livré, marqué envoyé / all delivered, marked sent",
                f"{r['delivered']}/{r['emails']} reçus, {r['marked_sent']} envoyés, {r['duplicates']} doublons",
                _verdict(lost == 0 and r["marked_sent"] == r["emails"]),
            ]
        )
    out.append("")
    out.append(markdown_table(["objectif / target", "mesuré / measured", "verdict"], targets))
    loads = {r["when"]: r["load"] for r in results if r["section"] == "load"}
    probes = {r["when"]: f"{r['probe_ms']:.0f} ms" for r in results if r["section"] == "load" and "probe_ms" in r}
    out += [
        "",
        f"Charge de la machine (1, 5, 15 min) au début : {loads.get('start', '?')} ; à la fin : {loads.get('end', '?')}"
        f" / machine load (1, 5, 15 min) at start: {loads.get('start', '?')}; at end: {loads.get('end', '?')}",
        f"Sonde de vitesse (le même Python fixe, meilleur de trois) au début : {probes.get('start', '?')} ; à la fin : "
        f"{probes.get('end', '?')} / speed probe (the same fixed Python, best of three) at start: "
        f"{probes.get('start', '?')}; at end: {probes.get('end', '?')}",
        "Livrés/s : de la première à la dernière arrivée au serveur local, tout étant en file avant le démarrage "
        "des workers (2 processus : `festplan worker -Q mail -c 2`, le témoin `celery worker -c 2`, mêmes réglages "
        "acks_late / prefetch 1). CPU : utime+stime du groupe de processus des workers entre la première et la "
        "dernière arrivée. Latence : de juste avant l'écriture de la ligne (festplan : record + commit, relais, "
        "envoi) ou l'appel `delay` (témoin) à l'arrivée, une ligne par courriel et par transaction, par deux fils "
        "producteurs à tour de rôle (un seul ne tenait pas 400/s), à deux cadences : moitié du débit du témoin et "
        "moitié de celui de festplan ; machine occupée : part des deux cœurs occupée pendant la mesure, tous "
        "processus confondus (producteur, workers, récepteur, PostgreSQL, Redis). / "
        "Delivered/s: first to last arrival at the local server, everything queued before the workers start "
        "(2 processes each, same acks_late / prefetch 1 settings). CPU: utime+stime of the workers' process group "
        "between first and last arrival. Latency: from just before the outbox row is written (festplan: record + "
        "commit, relay, send) or `delay` is called (baseline) to arrival, one row per email and transaction, "
        "by two producer threads in turn (one alone could not keep 400/s), at two paces: half the baseline's and "
        "half festplan's delivered rate; machine busy: share of both cores in use during the run, every process "
        "included (producer, workers, receiver, PostgreSQL, Redis).",
    ]
    return "\n".join(out)


def _cpu_split(cpu_ms: dict[str, float] | None) -> str:
    """``1.3 · 2.0 · 1.1 · 0.1 · 0.3``: where a paced run's CPU went, per email (— when not measured)."""
    if not cpu_ms:
        return "—"
    values = (cpu_ms.get(who) for who in ("producer", "workers", "postgres", "redis", "receiver"))
    return " · ".join("—" if value is None or math.isnan(value) else f"{value:.2f}" for value in values)
