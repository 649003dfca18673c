"""Hybrid retrieval: BM25 (bm25s) and dense (Chroma) rankings fused by reciprocal rank.

bm25s was chosen over rank-bm25 and SQLite FTS5 by measurement at 100k chunks
(see bench/README.md): sparse-matrix scoring keeps a query in milliseconds and
lets metadata filters be applied as a mask over all scores.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.settings import Settings
from assistant.types import Passage, ScoredChunk

_TOKEN = re.compile(r"[a-z0-9]+(?:[a-z0-9]*)")
_STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "must", "my", "no", "not", "of", "on", "or", "our", "shall", "should", "so", "such", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "under", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your", "about", "also", "any", "all", "other", "than", "within", "whether"]
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def tokenize(text: str) -> list[str]:
    """Lower-case word and number tokens, English stop words dropped, stemmed."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


def build_lexical_index(build_dir: Path, rows: list[dict[str, Any]]) -> None:
    """Index chunk rows (context + text) with BM25 and save it beside the build."""
    import bm25s

    from assistant.index import lexical_text
    from assistant.types import Chunk

    corpus = [tokenize(lexical_text(Chunk(**{k: v for k, v in r.items() if k in Chunk.model_fields}))) or ["_empty_"] for r in rows]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    target = build_dir / "bm25"
    model.save(str(target), show_progress=False)
    (target / "ids.json").write_text(json.dumps([r["chunk_id"] for r in rows]), encoding="utf-8")


class LexicalIndex:
    """A saved BM25 index aligned with the build's chunk order."""

    def __init__(self, model: Any, order: np.ndarray) -> None:
        self.model = model
        self.order = order

    @classmethod
    def load(cls, build_dir: Path, ids: list[str]) -> LexicalIndex:
        import bm25s

        target = build_dir / "bm25"
        model = bm25s.BM25.load(str(target), show_progress=False)
        saved = json.loads((target / "ids.json").read_text(encoding="utf-8"))
        position = {cid: n for n, cid in enumerate(ids)}
        order = np.array([position[cid] for cid in saved], dtype=np.int64)
        return cls(model, order)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk, in the index's chunk order."""
        tokens = tokenize(query)
        out = np.zeros(len(self.order), dtype=np.float32)
        if not tokens:
            return out
        raw = self.model.get_scores(tokens)
        out[self.order] = raw
        return out


def _where(sources: list[str] | None, kinds: list[str] | None, jurisdictions: list[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if sources:
        clauses.append({"source_id": {"$in": list(sources)}})
    if kinds:
        clauses.append({"kind": {"$in": list(kinds)}})
    if jurisdictions:
        clauses.append({"jurisdiction": {"$in": list(jurisdictions)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _mask(rows: list[dict[str, Any]], sources: list[str] | None, kinds: list[str] | None, jurisdictions: list[str] | None) -> np.ndarray | None:
    if not (sources or kinds or jurisdictions):
        return None
    ok = np.ones(len(rows), dtype=bool)
    for field, allowed in (("source_id", sources), ("kind", kinds), ("jurisdiction", jurisdictions)):
        if allowed:
            allowed_set = set(allowed)
            ok &= np.fromiter((r.get(field) in allowed_set for r in rows), dtype=bool, count=len(rows))
    return ok


def search(
    query: str,
    settings: Settings | None = None,
    k: int | None = None,
    *,
    sources: list[str] | None = None,
    kinds: list[str] | None = None,
    jurisdictions: list[str] | None = None,
    mode: str | None = None,
) -> list[ScoredChunk]:
    """Top-k chunks for a query: lexical, dense or hybrid (RRF), with metadata filters."""
    from assistant.embed import get_embedder
    from assistant.index import load_index
    from assistant.settings import get_settings

    settings = settings or get_settings()
    cfg = settings.retrieval
    k = k or cfg.k
    mode = mode or cfg.mode
    index = load_index(settings)
    n_cand = max(cfg.candidates, k)
    ranks: dict[str, dict[str, int]] = {}
    similarity: dict[str, float] = {}
    if mode in {"hybrid", "lexical"}:
        scores = index.lexical.scores(query)
        mask = _mask(index.rows, sources, kinds, jurisdictions)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argpartition(-scores, min(n_cand, len(scores) - 1))[:n_cand] if len(scores) > n_cand else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        for rank, pos in enumerate(p for p in top if scores[p] > 0):
            ranks.setdefault(index.ids[pos], {})["lexical"] = rank + 1
    if mode in {"hybrid", "dense"}:
        vector = get_embedder(settings).embed_query(query)
        result = index.collection.query(
            query_embeddings=[vector],
            n_results=min(n_cand, max(1, index.state.chunk_count)),
            where=_where(sources, kinds, jurisdictions),
            include=["distances"],
        )
        for rank, (cid, dist) in enumerate(zip(result["ids"][0], result["distances"][0], strict=True)):
            ranks.setdefault(cid, {})["dense"] = rank + 1
            similarity[cid] = 1.0 - float(dist)
    weights = {"dense": cfg.dense_weight, "lexical": cfg.lexical_weight}
    secondary = {"digest", "case-notes"}
    fused = {
        cid: sum(weights[name] / (cfg.rrf_k + rank) for name, rank in r.items())
        * (cfg.secondary_weight if index.row(cid).get("kind") in secondary else 1.0)
        for cid, r in ranks.items()
        if cid in index.position
    }
    order = sorted(fused, key=lambda c: (-fused[c], c))
    if cfg.anchor_top and mode == "hybrid":
        anchors = [min((c for c in ranks if name in ranks[c]), key=lambda c: ranks[c][name], default=None) for name in ("lexical", "dense")]
        for anchor in sorted({a for a in anchors if a is not None}, key=lambda c: -fused[c]):
            if anchor in order and order.index(anchor) > 2:
                order.remove(anchor)
                order.insert(2, anchor)
    best = order[:k]
    return [
        ScoredChunk(chunk=index.chunk(cid), score=round(fused[cid], 6), ranks=ranks[cid], similarity=similarity.get(cid))
        for cid in best
        if cid in index.position
    ]


def dense_similarity(query: str, chunk_ids: list[str], settings: Settings) -> dict[str, float]:
    """Cosine similarity between a query and given chunks (for the refusal gate)."""
    from assistant.embed import get_embedder
    from assistant.index import load_index

    if not chunk_ids:
        return {}
    index = load_index(settings)
    got = index.collection.get(ids=chunk_ids, include=["embeddings"])
    q = np.asarray(get_embedder(settings).embed_query(query), dtype=np.float32)
    return {cid: float(np.dot(q, np.asarray(vec, dtype=np.float32))) for cid, vec in zip(got["ids"], got["embeddings"], strict=True)}


def to_passages(results: list[ScoredChunk]) -> list[Passage]:
    """The `search --json` / `Answer.retrieved` view of results."""
    return [
        Passage(rank=n, score=r.score, source_id=r.chunk.source_id, locator=r.chunk.locator, page=r.chunk.page, chunk_id=r.chunk.chunk_id, text=r.chunk.text)
        for n, r in enumerate(results, start=1)
    ]


class HybridRetriever(BaseRetriever):
    """The hybrid search as a langchain retriever, for chains and integrators."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    settings: Settings
    k: int = 8
    filters: dict[str, list[str]] = Field(default_factory=dict)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        results = search(query, self.settings, self.k, **self.filters)
        return [
            Document(
                page_content=r.chunk.text,
                id=r.chunk.chunk_id,
                metadata={"source_id": r.chunk.source_id, "locator": r.chunk.locator, "page": r.chunk.page, "score": r.score},
            )
            for r in results
        ]
