"""The lexical retriever: BM25 over stemmed tokens (bm25s).

bm25s was chosen over rank-bm25 and SQLite FTS5 by measurement at 100k chunks
(see bench/README.md): sparse-matrix scoring keeps a query in milliseconds and
lets metadata filters be applied as a mask over all scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.search.fields import lexical_text
from assistant.text import tokenize
from assistant.types import Chunk

def _bm25(rows: list[dict[str, Any]]) -> Any:
    corpus = [tokenize(lexical_text(Chunk(**{k: v for k, v in r.items() if k in Chunk.model_fields}))) or ["_empty_"] for r in rows]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    return model


def build_lexical_index(build_dir: Path, rows: list[dict[str, Any]]) -> None:
    """Index chunk rows (context + text) with BM25 and save it beside the build."""
    model = _bm25(rows)
    target = build_dir / "bm25"
    model.save(str(target), show_progress=False)
    (target / "ids.json").write_text(json.dumps([r["chunk_id"] for r in rows]), encoding="utf-8")


class LexicalIndex:
    """A saved BM25 index aligned with the build's chunk order."""

    def __init__(self, model: Any, order: np.ndarray) -> None:
        self.model = model
        self.order = order

    @classmethod
    def in_memory(cls, rows: list[dict[str, Any]]) -> LexicalIndex:
        """A BM25 index of rows kept in memory only (small indexes, tests)."""
        return cls(_bm25(rows), np.arange(len(rows), dtype=np.int64))

    @classmethod
    def load(cls, build_dir: Path, ids: list[str]) -> LexicalIndex:
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
