"""Provision questions: what people ask whose answer is a given provision (corpus/asks/*.yaml).

Users rarely ask in a provision's own words ("how long must we keep the paperwork?" for
Article 27(3) of Regulation 2021/821). Each indexed provision that matters carries a few
questions in everyday words, written by us from the provision's text. Every question is
embedded once; a user's question is compared with all of them, and a provision whose
closest question is near enough joins the ranking (fused like the register hints). The
questions never reach the answer text: they only decide which official passage is read.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.errors import CorpusError
from assistant.search import Searcher
from assistant.settings import PROJECT_ROOT
from assistant.text import tokenize
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

    def __init__(self, entries: list[AskEntry], searcher: Searcher, embedder: Embeddings, lexical_weight: float = 0.0) -> None:
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
        # the words of each question, weighted by rarity among all questions: a small embedding model misses
        # paraphrases that share the rare words ("which risks first" / "which should come first")
        self.terms = [frozenset(tokenize(t)) for t in texts]
        counts = Counter(term for terms in self.terms for term in terms)
        self.idf = {term: math.log(len(texts) / n) for term, n in counts.items()}
        self.lexical_weight = lexical_weight
        self._unknown_idf = math.log(len(texts) or 1)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def lexical(self, text: str) -> np.ndarray:
        """For each question, the rarity-weighted share of words it has in common with `text` (cosine over idf weights, 0 to 1)."""
        wanted = set(tokenize(text))
        out = np.zeros(len(self.terms), dtype=np.float32)
        if not wanted:
            return out
        norm_q = sum(self.idf.get(t, self._unknown_idf) for t in wanted)
        for n, terms in enumerate(self.terms):
            shared = wanted & terms
            if shared:
                out[n] = sum(self.idf[t] for t in shared) / math.sqrt(norm_q * (sum(self.idf[t] for t in terms) or 1.0))
        return out

    def best(self, vector: np.ndarray, text: str = "") -> np.ndarray:
        """For each provision, the similarity of its closest question: the vectors' cosine plus, with `text`, the weighted word overlap."""
        best = np.full(len(self.chunk_ids), -1.0, dtype=np.float32)
        if len(self.owners):
            scores = self.vectors @ vector
            if text and self.lexical_weight:
                scores = scores + self.lexical_weight * self.lexical(text)
            np.maximum.at(best, self.owners, scores)
        return best

    def closest(self, vector: np.ndarray, top: int, min_similarity: float, sources: frozenset[str] | None = None, text: str = "") -> list[tuple[Chunk, float]]:
        """The `top` provisions whose questions come closest, at least `min_similarity` similar (only of `sources` when given)."""
        best = self.best(vector, text)
        return [(self.searcher.chunk(self.chunk_ids[p]), float(best[p])) for p in self._order(best, top, min_similarity, sources)]

    def _order(self, best: np.ndarray, top: int, min_similarity: float, sources: frozenset[str] | None) -> list[int]:
        if not self.chunk_ids or top <= 0:
            return []
        if sources:
            best = np.where([self.searcher.chunk(c).source_id in sources for c in self.chunk_ids], best, -1.0).astype(np.float32)
        return [int(p) for p in np.argsort(-best, kind="stable")[:top] if best[p] >= min_similarity]

    def hints(self, vector: np.ndarray, top: int, min_similarity: float, sources: frozenset[str] | None = None, text: str = "") -> list[ScoredChunk]:
        """The closest provisions as a ranking to fuse with the search results.

        Shared words order the provisions, but a hint's `similarity` (which can lift it to the top of the
        results) is its questions' cosine alone: a rare word in common ("police", a place) is no paraphrase.
        """
        dense = self.best(vector)
        best = self.best(vector, text) if text else dense
        return [
            ScoredChunk(chunk=self.searcher.chunk(self.chunk_ids[p]), score=float(best[p]), ranks={"asks": n}, similarity=float(dense[p]))
            for n, p in enumerate(self._order(best, top, min_similarity, sources), start=1)
        ]


def describe(asks: ProvisionAsks) -> dict[str, Any]:
    """Counts for the health page and logs."""
    return {"provisions": len(asks), "questions": int(len(asks.owners)), "not_indexed": asks.skipped}
