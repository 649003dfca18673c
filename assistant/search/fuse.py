"""Rank fusion: reciprocal-rank fusion of retriever rankings, and fusion of register hints.

Pure functions over rankings; they know nothing about the index or the embedder.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.types import ScoredChunk


def rrf_scores(ranks: dict[str, dict[str, int]], weights: dict[str, float], rrf_k: int, factor: Callable[[str], float]) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum of weight / (rrf_k + rank) per retriever, times a per-chunk factor."""
    return {cid: sum(weights[name] / (rrf_k + rank) for name, rank in r.items()) * factor(cid) for cid, r in ranks.items()}


def fused_order(scores: dict[str, float], ranks: dict[str, dict[str, int]], anchor: tuple[str, ...] = (), slot: int = 2) -> list[str]:
    """Chunk ids by fused score; the best hit of each retriever named in `anchor` is lifted to `slot` at worst."""
    order = sorted(scores, key=lambda c: (-scores[c], c))
    anchors = [min((c for c in ranks if name in ranks[c]), key=lambda c: ranks[c][name], default=None) for name in anchor]
    for cid in sorted({a for a in anchors if a is not None}, key=lambda c: -scores[c]):
        if cid in order and order.index(cid) > slot:
            order.remove(cid)
            order.insert(slot, cid)
    return order


def fuse_hints(results: list[ScoredChunk], hints: list[ScoredChunk], rrf_k: int, strong: float, weight: float = 1.0) -> list[ScoredChunk]:
    """Add a hint ranking (register items, provision questions) to the fused scores (weighted reciprocal rank) and re-sort.

    Hints at least `strong` similar to the question are lifted to the second place at worst:
    the register's own-words summary matched the question closely.
    """
    scores = {r.chunk.chunk_id: r.score for r in results}
    by_id = {r.chunk.chunk_id: r for r in results}
    for rank, hint in enumerate(hints, start=1):
        cid = hint.chunk.chunk_id
        scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank)
        if cid not in by_id:
            by_id[cid] = hint
    order = sorted(scores, key=lambda c: (-scores[c], c))
    lifted = [h.chunk.chunk_id for h in hints if (h.similarity or 0.0) >= strong]
    for cid in reversed(lifted[:2]):
        if order.index(cid) > 1:
            order.remove(cid)
            order.insert(1, cid)
    return [by_id[c].model_copy(update={"score": round(scores[c], 6)}) for c in order]
