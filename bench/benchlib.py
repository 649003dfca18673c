"""Helpers shared by the benchmarks: percentiles, latency summaries, memory, result files."""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
from pathlib import Path
from typing import Any


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100.0 * len(ordered))))
    return ordered[rank - 1]


def lat_stats(seconds: list[float]) -> dict[str, float]:
    """p50/p95/max/mean in milliseconds (zeros when empty)."""
    if not seconds:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "mean_ms": 0.0}
    return {
        "n": len(seconds),
        "p50_ms": pct(seconds, 50) * 1e3,
        "p95_ms": pct(seconds, 95) * 1e3,
        "max_ms": max(seconds) * 1e3,
        "mean_ms": statistics.fmean(seconds) * 1e3,
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb(pid: int | None = None) -> float:
    """Current resident set size of a process in MiB."""
    import psutil

    return float(psutil.Process(pid or os.getpid()).memory_info().rss / 2**20)


def write_results(out: Path, stem: str, res: dict[str, Any], table: str) -> None:
    """Write `<stem>.json` and `<stem>.md` into `out` and print the table."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    (out / f"{stem}.md").write_text(table, encoding="utf-8")
    print(table)
