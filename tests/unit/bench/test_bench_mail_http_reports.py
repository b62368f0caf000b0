"""The mail and HTTP benchmarks' arithmetic and tables: percentiles, wrk's figures, verdicts against the targets."""

from __future__ import annotations

import pytest

from bench.__main__ import markdown_tables
from bench.http import report as http_report
from bench.http_client import parse_wrk_output
from bench.mail.report import report as mail_report
from bench.setup import markdown_table, percentile


def test_nearest_rank_percentiles():
    sample = [float(x) for x in range(100, 0, -1)]
    assert percentile(sample, 0.50) == 50.0
    assert percentile(sample, 0.99) == 99.0
    assert percentile(sample, 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_tables_read_back_by_the_bench_runner():
    text = markdown_table(["a", "b"], [["1", "deux"], ["3", "quatre"]])
    tables, lines = markdown_tables("titre\n" + text + "\nnote")
    assert tables == [(["a", "b"], [["1", "deux"], ["3", "quatre"]])]
    assert lines == ["titre", "note"]


def test_wrk_figures_are_converted_from_microseconds():
    load = parse_wrk_output("Running 4s test\nFESTPLAN 1200 3 1 4000000 2500.0 81000.0 120000.0\n")
    assert load is not None
    assert (load.requests, load.errors, load.seconds) == (1200, 4, 4.0)
    assert (load.per_second, load.p50_ms, load.p99_ms, load.max_ms) == (300.0, 2.5, 81.0, 120.0)
    assert parse_wrk_output("unable to connect to 127.0.0.1:1\n") is None


def _delivery(pipeline: str, *, per_second: float, p99: float, delivered: int = 100, **extra) -> dict:
    return {
        "section": "delivery",
        "backend": "smtp",
        "pipeline": pipeline,
        "emails": 100,
        "delivered": delivered,
        "duplicates": 0,
        "marked_sent": delivered if pipeline == "festplan" else None,
        "seconds": 1.0,
        "per_second": per_second,
        "worker_cpu_ms": 5.0,
        "receiver_cpu_ms": 1.0,
        "paced": {
            whose: {
                "rate": 50.0,
                "achieved_rate": 50.0,
                "emails": 100,
                "delivered": 100,
                "p50_ms": 5.0,
                "p99_ms": p99,
                "max_ms": p99,
                "machine_busy": 0.4,
                "cpu_ms": {"producer": 1.25, "workers": 2.0, "postgres": 1.1, "redis": 0.1, "receiver": 0.3},
            }
            for whose in ("baseline", "festplan")
        },
        **extra,
    }


def _mail_results(*, ratio: float, p99: float, rendered: float, delivered: int = 100) -> list[dict]:
    return [
        {
            "section": "render",
            "measure": "full",
            "emails": 100,
            "seconds": 100 / rendered,
            "per_second": rendered,
            "target": True,
        },
        _delivery("festplan", per_second=100 * ratio, p99=p99, delivered=delivered, ratio=ratio),
        _delivery("baseline", per_second=100.0, p99=4.0),
    ]


def _verdicts(text: str) -> list[str]:
    tables, _ = markdown_tables(text)
    return [row[2] for row in tables[-1][1]]


def test_mail_targets_met():
    assert _verdicts(mail_report(_mail_results(ratio=0.95, p99=12.0, rendered=900.0))) == ["atteint / met"] * 5


def test_mail_targets_missed_each_for_its_own_reason():
    verdicts = _verdicts(mail_report(_mail_results(ratio=0.89, p99=25.0, rendered=599.0, delivered=99)))
    assert verdicts == ["non atteint / missed"] * 5


def test_mail_latency_is_judged_at_each_half_load_apart():
    results = _mail_results(ratio=0.95, p99=12.0, rendered=900.0)
    results[1]["paced"]["festplan"]["p99_ms"] = 40.0  # met at half the baseline's rate, missed at half festplan's
    text = mail_report(results)
    tables, _ = markdown_tables(text)
    verdicts = dict((row[0].split(" (")[0], row[2]) for row in tables[-1][1])
    assert verdicts["smtp : p99 < 25 ms, moitié du débit du témoin / half the baseline's delivered rate"] == (
        "atteint / met"
    )
    assert verdicts["smtp : p99 < 25 ms, moitié du débit de festplan / half festplan's delivered rate"] == (
        "non atteint / missed"
    )
    latency = tables[2]
    assert [row[:3] for row in latency[1]][:2] == [
        ["smtp", "festplan", "moitié du débit du témoin / half the baseline's delivered rate"],
        ["smtp", "festplan", "moitié du débit de festplan / half festplan's delivered rate"],
    ]
    assert latency[1][0][-2:] == ["40 %", "1.25 · 2.00 · 1.10 · 0.10 · 0.30"]  # busy, and where the CPU went


def test_mail_report_gives_the_machine_speed_read_at_start_and_end():
    """Rates from two runs compare only with how fast the (shared) machine was: the probe says it."""
    results = [
        {"section": "load", "when": "start", "load": "0.10 0.20 0.30", "probe_ms": 31.4},
        *_mail_results(ratio=0.95, p99=12.0, rendered=900.0),
        {"section": "load", "when": "end", "load": "1.90 1.20 0.70", "probe_ms": 52.6},
    ]
    assert "speed probe (the same fixed Python, best of three) at start: 31 ms; at end: 53 ms" in mail_report(results)


def test_http_verdict_needs_rate_latency_and_no_error():
    def row(per_second: float, p99: float, errors: int = 0) -> dict:
        return {
            "section": "endpoint",
            "endpoint": "GET /programme",
            "read": True,
            "connections": 16,
            "requests": 1000,
            "errors": errors,
            "seconds": 1.0,
            "per_second": per_second,
            "p50_ms": 10.0,
            "p99_ms": p99,
            "max_ms": p99,
        }

    setup = {
        "section": "setup",
        "sessions": 600,
        "placed": 588,
        "seconds": 7.0,
        "workers": 2,
        "client": "wrk",
        "connections": 16,
        "duration": 15.0,
    }
    text = http_report([setup, row(450.0, 60.0), row(299.0, 60.0), row(450.0, 100.0), row(450.0, 60.0, errors=1)])
    tables, _ = markdown_tables(text)
    assert [r[-1].split(" (")[0] for r in tables[0][1]] == [
        "atteint / met",
        "non atteint / missed",
        "non atteint / missed",
        "non atteint / missed",
    ]
