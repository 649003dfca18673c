"""An index held in memory: the same interface as a loaded build, without Chroma or files.

For small document sets and for tests of the answer path (the test suite's `fake_searcher`
builds one over 20 chunks with the hash embedder, so every stage runs in milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.search.fields import embedding_text
from assistant.search.lexical import LexicalIndex
from assistant.search.store import FILTER_FIELDS, IndexRows
from assistant.types import Chunk


@dataclass(frozen=True)
class MemoryState:
    """The parts of an index state that searching reads."""

    build_id: str
    corpus_version: str
    chunk_count: int


class MemoryIndex(IndexRows):
    """Chunk rows, a BM25 index and a matrix of normalised vectors, all in memory."""

    def __init__(self, chunks: list[Chunk], embedder: Embeddings, kinds: dict[str, str], version: str = "memory") -> None:
        rows = [{**c.model_dump(mode="json"), "kind": kinds.get(c.source_id, "user"), "jurisdiction": ""} for c in chunks]
        super().__init__(rows)
        self.state = MemoryState(build_id=version, corpus_version=version, chunk_count=len(rows))
        self.lexical = LexicalIndex.in_memory(rows)
        matrix = np.asarray(embedder.embed_documents([embedding_text(c) for c in chunks]), dtype=np.float32)
        self.matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)

    def dense_query(self, vector: list[float], n: int, filters: dict[str, list[str]]) -> list[tuple[str, float]]:
        sims = self.matrix @ np.asarray(vector, dtype=np.float32)
        allowed = [p for p in range(len(self.rows)) if all(not filters.get(name) or self.rows[p].get(field) in filters[name] for name, field in FILTER_FIELDS)]
        best = sorted(allowed, key=lambda p: (-sims[p], p))[:n]
        return [(self.ids[p], float(sims[p])) for p in best]

    def vectors(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        return {cid: self.matrix[self.position[cid]].tolist() for cid in chunk_ids if cid in self.position}
