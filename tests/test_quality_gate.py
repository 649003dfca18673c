"""Quality gate: the held-out test split, run through `assistant.ask` with the real model, must not
fall below eval/baseline.json (hit@3, refusal accuracy, verdict accuracy, minus the margin)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.eval import EvalError, run_eval
from assistant.eval.gate import GATED_METRICS, baseline_from_metrics, check_baseline, load_baseline, write_baseline
from assistant.settings import PROJECT_ROOT, Settings

BASELINE = PROJECT_ROOT / "eval" / "baseline.json"


def _baseline(**values: float) -> dict:
    return {
        "split": "test",
        "margin": 0.03,
        "metrics": {"hit_at_3": 0.6, "refusal_accuracy": 0.9, "verdict_accuracy": 0.5, **values},
    }


def test_check_baseline_passes_within_the_margin() -> None:
    assert check_baseline({"hit_at_3": 0.571, "refusal_accuracy": 0.9, "verdict_accuracy": 0.8}, _baseline()) == []


def test_check_baseline_names_each_drop() -> None:
    failures = check_baseline({"hit_at_3": 0.56, "refusal_accuracy": 0.95, "verdict_accuracy": None}, _baseline())
    assert failures == [
        "hit_at_3: 0.560 < baseline 0.600 − margin 0.030",
        "verdict_accuracy: not measured (the split has no items it counts), baseline 0.500",
    ]


def test_baseline_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"split": "test", "margin": 0.03, "metrics": {"hit_at_3": 0.5}}), encoding="utf-8")
    with pytest.raises(EvalError, match=r"missing: refusal_accuracy, verdict_accuracy"):
        load_baseline(path)
    with pytest.raises(EvalError, match="cannot read the baseline"):
        load_baseline(tmp_path / "absent.json")


def test_write_baseline_records_the_test_split(tmp_path: Path) -> None:
    figures = {"hit_at_3": 2 / 3, "refusal_accuracy": 1.0, "verdict_accuracy": 0.25, "n_items": 9}
    metrics = {
        "splits": {"dev": {}, "test": figures},
        "config": {"split_files": {"test": ["test/a.jsonl"]}, "engine": "grounded"},
    }
    record = write_baseline(metrics, tmp_path / "b.json")
    assert record["metrics"] == {"hit_at_3": 0.6667, "refusal_accuracy": 1.0, "verdict_accuracy": 0.25}
    assert record["files"] == ["test/a.jsonl"] and record["split"] == "test" and record["margin"] == 0.03
    assert load_baseline(tmp_path / "b.json")["metrics"] == record["metrics"]
    with pytest.raises(EvalError, match="does not measure verdict_accuracy"):
        baseline_from_metrics({"splits": {"test": {**figures, "verdict_accuracy": None}}}, "test")


@pytest.mark.quality_gate
def test_test_split_holds_the_baseline(corpus_settings: Settings, tmp_path: Path) -> None:
    baseline = load_baseline(BASELINE)
    metrics = run_eval(PROJECT_ROOT / "eval", tmp_path / "gate", corpus_settings, split=baseline["split"], progress=False)
    figures = metrics["splits"][baseline["split"]]
    assert figures["n_items"] == baseline["also_measured"]["n_items"], (
        "the test split changed size since the baseline was recorded; record it again (see assistant/eval/gate.py)"
    )
    failures = check_baseline(figures, baseline)
    measured = ", ".join(f"{name} {figures[name]}" for name in GATED_METRICS)
    assert not failures, f"quality gate ({measured}): " + "; ".join(failures) + f". Report: {tmp_path / 'gate' / 'report.md'}"
