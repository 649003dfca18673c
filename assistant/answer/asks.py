"""Provision questions: what people ask whose answer is a given provision (corpus/asks/*.yaml).

Users rarely ask in a provision's own words ("how long must we keep the paperwork?" for
Article 27(3) of Regulation 2021/821). Each indexed provision that matters carries a few
questions in everyday words, written by us from the provision's text. Every question is
embedded once; a user's question is compared with all of them, and a provision whose
closest question is near enough joins the ranking (fused like the register hints). The
questions never reach the answer text: they only decide which official passage is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.errors import CorpusError
from assistant.search import Searcher
from assistant.settings import PROJECT_ROOT
from assistant.types import Chunk, ScoredChunk

ASKS_DIR = PROJECT_ROOT / "corpus" / "asks"
_KEYS = frozenset({"source", "locator", "asks"})


@dataclass(frozen=True)
class AskEntry:
    """One provision and the questions it answers."""

    source: str
    locator: str
    asks: tuple[str, ...]
    where: str  # file and position, for error messages


def load_asks(directory: Path = ASKS_DIR) -> list[AskEntry]:
    """Read every YAML file of the directory; a malformed entry stops with its file and position."""
    entries: list[AskEntry] = []
    if not directory.is_dir():
        return entries
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as exc:
            raise CorpusError(f"{path}: cannot read the provision questions ({exc}). Fix the YAML or remove the file.") from exc
        if not isinstance(data, list):
            raise CorpusError(f"{path}: expected a list of {{source, locator, asks}} entries.")
        for n, raw in enumerate(data, start=1):
            where = f"{path.name} entry {n}"
            if not isinstance(raw, dict) or set(raw) - _KEYS or not {"source", "locator", "asks"} <= set(raw):
                raise CorpusError(f"{where}: each entry needs exactly the keys source, locator and asks.")
            asks = raw["asks"]
            if not isinstance(asks, list) or not asks or not all(isinstance(a, str) and a.strip() for a in asks):
                raise CorpusError(f"{where} ({raw['locator']}): `asks` must be a non-empty list of questions.")
            entries.append(AskEntry(str(raw["source"]), str(raw["locator"]), tuple(a.strip() for a in asks), where))
    return entries


class ProvisionAsks:
    """Embedded provision questions of the provisions that are indexed, and the ranking they give a question."""

    def __init__(self, entries: list[AskEntry], searcher: Searcher, embedder: Embeddings) -> None:
        first_chunk: dict[tuple[str, str], str] = {}
        for source in {e.source for e in entries}:
            for row in searcher.rows(source):
                first_chunk.setdefault((source, row["locator"]), row["chunk_id"])
        self.searcher = searcher
        self.chunk_ids: list[str] = []  # one per entry that is indexed
        owners: list[int] = []  # for each question, the position of its entry in chunk_ids
        texts: list[str] = []
        for entry in entries:
            chunk_id = first_chunk.get((entry.source, entry.locator))
            if chunk_id is None:  # the document is not in this corpus, or the locator changed
                continue
            self.chunk_ids.append(chunk_id)
            for ask in entry.asks:
                texts.append(ask)
                owners.append(len(self.chunk_ids) - 1)
        self.skipped = len(entries) - len(self.chunk_ids)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32) if texts else np.zeros((0, 1), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def best(self, vector: np.ndarray) -> np.ndarray:
        """For each provision, the similarity of its closest question to the query vector."""
        best = np.full(len(self.chunk_ids), -1.0, dtype=np.float32)
        if len(self.owners):
            np.maximum.at(best, self.owners, self.vectors @ vector)
        return best

    def closest(self, vector: np.ndarray, top: int, min_similarity: float, sources: frozenset[str] | None = None) -> list[tuple[Chunk, float]]:
        """The `top` provisions whose questions come closest, at least `min_similarity` similar (only of `sources` when given)."""
        if not self.chunk_ids or top <= 0:
            return []
        best = self.best(vector)
        if sources:
            best = np.where([self.searcher.chunk(c).source_id in sources for c in self.chunk_ids], best, -1.0).astype(np.float32)
        order = np.argsort(-best, kind="stable")[:top]
        return [(self.searcher.chunk(self.chunk_ids[p]), float(best[p])) for p in order if best[p] >= min_similarity]

    def hints(self, vector: np.ndarray, top: int, min_similarity: float, sources: frozenset[str] | None = None) -> list[ScoredChunk]:
        """The closest provisions as a ranking to fuse with the search results."""
        return [
            ScoredChunk(chunk=chunk, score=sim, ranks={"asks": n}, similarity=sim)
            for n, (chunk, sim) in enumerate(self.closest(vector, top, min_similarity, sources), start=1)
        ]


def describe(asks: ProvisionAsks) -> dict[str, Any]:
    """Counts for the health page and logs."""
    return {"provisions": len(asks), "questions": int(len(asks.owners)), "not_indexed": asks.skipped}
