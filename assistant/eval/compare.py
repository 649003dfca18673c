"""Side-by-side comparison of finished evaluation runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.eval.items import EvalError
from assistant.eval.metrics import HEADLINE_METRICS, HEADLINE_TABLE
from assistant.eval.report import fmt, table


def read_run(run_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """metrics.json and answers.jsonl of a run directory (answers keyed by id)."""
    try:
        metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in (run_dir / "answers.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"{run_dir}: not a finished eval run ({exc}). Run `ddassist eval run` into it first.") from exc
    return metrics, {row["id"]: row for row in rows}


def compare_runs(run_dirs: list[Path], out: Path | None = None) -> str:
    """Side-by-side Markdown comparison of runs: headline metrics, ratios to the first run, per-split headline, differing items."""
    if not run_dirs:
        raise EvalError("compare needs at least one run directory.")
    names = [d.name for d in run_dirs]
    if len(set(names)) < len(names):
        names = [str(d) for d in run_dirs]
    runs = [read_run(d) for d in run_dirs]
    lines = ["# Run comparison", ""]
    lines += table(["metric", *names], [(m, *(fmt(metrics.get(m)) for metrics, _ in runs)) for m in HEADLINE_METRICS])
    lines += ["", f"## Ratio to {names[0]}", ""]
    base = runs[0][0]

    def ratio(metrics: dict[str, Any], name: str) -> str:
        value, reference = metrics.get(name), base.get(name)
        if value is None or not reference:
            return "—"
        return fmt(float(value) / float(reference))

    lines += table(["metric", *names], [(m, *(ratio(metrics, m) for metrics, _ in runs)) for m in HEADLINE_METRICS])
    split_names = sorted({s for metrics, _ in runs for s in metrics.get("splits", {})})
    if len(split_names) > 1:
        for split in split_names:
            lines += ["", f"## {split} split", ""]
            lines += table(
                ["metric", *names],
                [(m, *(fmt(metrics.get("splits", {}).get(split, {}).get(m)) for metrics, _ in runs)) for m in HEADLINE_TABLE],
            )
    lines += ["", "## Items whose outcome differs", ""]
    ids = sorted({i for _, rows in runs for i in rows})
    differing = []
    for item_id in ids:
        outcomes = [rows[item_id]["scores"]["outcome"] if item_id in rows else "—" for _, rows in runs]
        if len(set(outcomes)) > 1:
            category = next(rows[item_id]["category"] for _, rows in runs if item_id in rows)
            differing.append((item_id, category, *outcomes))
    if differing:
        lines += table(["id", "category", *names], differing)
    else:
        lines += ["No item's outcome differs."]
    text = "\n".join(lines) + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
