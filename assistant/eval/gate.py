"""Quality gate: the held-out test split must not fall below its recorded baseline.

eval/baseline.json records, for one split (normally `test`), the figures of a run and a
margin. `check_baseline` lists every gated metric that fell below baseline − margin;
tests/test_quality_gate.py runs the split through `assistant.ask` and fails on any.
Record a new baseline with `ddassist eval run --split test --out DIR --write-baseline eval/baseline.json`
after a change that is meant to move the figures, and say why in the commit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from assistant.eval.items import EvalError

GATED_METRICS: tuple[str, ...] = ("hit_at_3", "refusal_accuracy", "verdict_accuracy")
DEFAULT_MARGIN = 0.03


def load_baseline(path: Path) -> dict[str, Any]:
    """Read and check a baseline file: split, margin and a number for every gated metric."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(
            f"{path}: cannot read the baseline ({exc}). Record one with `ddassist eval run --write-baseline`."
        ) from exc
    missing = [name for name in GATED_METRICS if not isinstance(data.get("metrics", {}).get(name), int | float)]
    if missing or not isinstance(data.get("split"), str) or not isinstance(data.get("margin"), int | float):
        raise EvalError(
            f"{path}: a baseline needs `split`, `margin` and a number for {', '.join(GATED_METRICS)}"
            + (f" (missing: {', '.join(missing)})" if missing else "")
            + "."
        )
    return data


def check_baseline(metrics: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """One line per gated metric below baseline − margin (or not measured); empty when the run passes."""
    margin = float(baseline["margin"])
    failures = []
    for name in GATED_METRICS:
        floor = float(baseline["metrics"][name]) - margin
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: not measured (the split has no items it counts), baseline {baseline['metrics'][name]:.3f}")
        elif float(value) < floor - 1e-9:
            failures.append(f"{name}: {float(value):.3f} < baseline {baseline['metrics'][name]:.3f} − margin {margin:.3f}")
    return failures


def baseline_from_metrics(metrics: dict[str, Any], split: str, margin: float = DEFAULT_MARGIN) -> dict[str, Any]:
    """The baseline record of one split of a finished run (`metrics` as returned by `run_eval`)."""
    figures = metrics.get("splits", {}).get(split)
    if figures is None:
        raise EvalError(f"the run has no {split!r} split; run it with --split {split} (or all).")
    unmeasured = [name for name in GATED_METRICS if figures.get(name) is None]
    if unmeasured:
        raise EvalError(
            f"the {split} split does not measure {', '.join(unmeasured)}; add items that it counts before recording a baseline."
        )
    config = metrics.get("config", {})
    return {
        "split": split,
        "margin": margin,
        "metrics": {name: round(float(figures[name]), 4) for name in GATED_METRICS},
        "also_measured": {
            name: figures.get(name)
            for name in (
                "n_items",
                "n_verdict_items",
                "decisive_at_5",
                "citation_hit_rate",
                "citation_precision",
                "mean_citations",
            )
        },
        "recorded": dt.date.today().isoformat(),
        "files": config.get("split_files", {}).get(split, []),
        "engine": config.get("engine"),
        "retriever": config.get("retriever"),
        "settings_fingerprint": config.get("settings_fingerprint"),
    }


def write_baseline(metrics: dict[str, Any], path: Path, split: str = "test", margin: float = DEFAULT_MARGIN) -> dict[str, Any]:
    """Record the figures of `split` as the baseline in `path` and return the record."""
    record = baseline_from_metrics(metrics, split, margin)
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return record
