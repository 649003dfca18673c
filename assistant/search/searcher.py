"""The `Searcher`: one loaded index and one embedder, passed in, used by every stage.

A question is embedded once (`embed`) and the vector is handed to `search`, to the
dense-similarity measure of the evidence gate and to the register hints.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.search.fuse import fused_order, rrf_scores
from assistant.search.lexical import LexicalIndex
from assistant.search.store import FILTER_FIELDS
from assistant.settings import RetrievalSettings
from assistant.types import Chunk, Passage, ScoredChunk

Filters = dict[str, list[str]]
_SECONDARY_KINDS = frozenset({"digest", "case-notes"})


class SearchIndex(Protocol):
    """What a searcher needs of an index: a loaded build (`LoadedIndex`) or an in-memory one (`MemoryIndex`)."""

    state: Any
    ids: list[str]
    rows: list[dict[str, Any]]
    position: dict[str, int]
    lexical: LexicalIndex

    @property
    def rows_by_source(self) -> dict[str, list[dict[str, Any]]]: ...
    @property
    def text_lower(self) -> str: ...
    @property
    def instrument_numbers(self) -> frozenset[str]: ...
    def chunk(self, chunk_id: str) -> Chunk: ...
    def row(self, chunk_id: str) -> dict[str, Any]: ...
    def dense_query(self, vector: list[float], n: int, filters: dict[str, list[str]]) -> list[tuple[str, float]]: ...
    def vectors(self, chunk_ids: list[str]) -> dict[str, list[float]]: ...


class Searcher:
    """Hybrid search over one index build: BM25 and dense rankings fused by reciprocal rank."""

    def __init__(self, index: SearchIndex, embedder: Embeddings, config: RetrievalSettings) -> None:
        self.index = index
        self.embedder = embedder
        self.config = config
        self.embed_calls = 0

    @property
    def corpus_version(self) -> str:
        return self.index.state.corpus_version

    def embed(self, text: str) -> np.ndarray:
        """The query vector (normalised, float32). Call once per question and pass it on."""
        self.embed_calls += 1
        return np.asarray(self.embedder.embed_query(text), dtype=np.float32)

    def chunk(self, chunk_id: str) -> Chunk:
        return self.index.chunk(chunk_id)

    def rows(self, source_id: str) -> list[dict[str, Any]]:
        """Chunk rows of one source, in document order."""
        return self.index.rows_by_source.get(source_id, [])

    def search(self, text: str, vector: np.ndarray | None, k: int | None = None, filters: Filters | None = None, mode: str | None = None) -> list[ScoredChunk]:
        """Top-k chunks: lexical on `text`, dense on `vector` (embedded here only when None), fused."""
        cfg = self.config
        k = k or cfg.k
        mode = mode or cfg.mode
        filters = filters or {}
        n_cand = max(cfg.candidates, k)
        ranks: dict[str, dict[str, int]] = {}
        similarity: dict[str, float] = {}
        if mode in {"hybrid", "lexical"}:
            for rank, cid in enumerate(self._lexical(text, n_cand, filters), start=1):
                ranks.setdefault(cid, {})["lexical"] = rank
        if mode in {"hybrid", "dense"}:
            query_vector = self.embed(text) if vector is None else vector
            for rank, (cid, sim) in enumerate(self.index.dense_query(query_vector.tolist(), n_cand, filters), start=1):
                ranks.setdefault(cid, {})["dense"] = rank
                similarity[cid] = sim
        index = self.index
        ranks = {cid: r for cid, r in ranks.items() if cid in index.position}
        scores = rrf_scores(
            ranks,
            {"dense": cfg.dense_weight, "lexical": cfg.lexical_weight},
            cfg.rrf_k,
            lambda cid: cfg.secondary_weight if index.row(cid).get("kind") in _SECONDARY_KINDS else 1.0,
        )
        anchor = ("lexical", "dense") if cfg.anchor_top and mode == "hybrid" else ()
        best = fused_order(scores, ranks, anchor)[:k]
        return [ScoredChunk(chunk=index.chunk(cid), score=round(scores[cid], 6), ranks=ranks[cid], similarity=similarity.get(cid)) for cid in best]

    def similarity(self, vector: np.ndarray, chunk_ids: list[str]) -> dict[str, float]:
        """Cosine similarity between a query vector and given chunks."""
        if not chunk_ids:
            return {}
        return {cid: float(np.dot(vector, np.asarray(vec, dtype=np.float32))) for cid, vec in self.index.vectors(chunk_ids).items()}

    def _lexical(self, text: str, n: int, filters: Filters) -> list[str]:
        index = self.index
        scores = index.lexical.scores(text)
        mask = _mask(index.rows, filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argpartition(-scores, min(n, len(scores) - 1))[:n] if len(scores) > n else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [index.ids[pos] for pos in top if scores[pos] > 0]


def _mask(rows: list[dict[str, Any]], filters: Filters) -> np.ndarray | None:
    if not any(filters.get(name) for name, _ in FILTER_FIELDS):
        return None
    ok = np.ones(len(rows), dtype=bool)
    for name, field in FILTER_FIELDS:
        allowed = set(filters.get(name) or [])
        if allowed:
            ok &= np.fromiter((r.get(field) in allowed for r in rows), dtype=bool, count=len(rows))
    return ok


def to_passages(results: list[ScoredChunk]) -> list[Passage]:
    """The `search --json` / `Answer.retrieved` view of results."""
    return [
        Passage(rank=n, score=r.score, source_id=r.chunk.source_id, locator=r.chunk.locator, page=r.chunk.page, chunk_id=r.chunk.chunk_id, text=r.chunk.text)
        for n, r in enumerate(results, start=1)
    ]
