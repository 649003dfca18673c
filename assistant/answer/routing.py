"""Routing: passages a question names outright, a boost for instruments it names, and register
hints (the provisions whose own-words summaries are closest to the question)."""

from __future__ import annotations

import re

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer.evidence import RegisterEvidence
from assistant.register import RegisterItem
from assistant.search import Searcher
from assistant.types import ScoredChunk, Source

_EXPLICIT = re.compile(
    r"\b(Article|Art\.|Principle|UNGPs?|GP|Annex)\s*(\d+[a-z]?|[IVX]+)\b((?:\s?\(\w{1,4}\))*)(?:[\s,—-]*(?:item|point|entry|no\.?)\s*(\d+))?",
    re.IGNORECASE,
)
# "item 7 of Annex III", "point 1 in Annex III": the same locator written item first
_ITEM_OF_ANNEX = re.compile(r"\b(item|point|entry)\s*(\d+)\s+(?:of|in|to)\s+(?:the\s+)?Annex\s*([IVX]+|\d+)\b", re.IGNORECASE)
_ARTICLE_SOURCES = ("eu-2021-821", "eu-359-2011", "eu-2019-125", "eu-ai-act")


class InstrumentNames:
    """Which sources a question names, from the `names` patterns in corpus/sources.yaml."""

    def __init__(self, sources: list[Source]) -> None:
        self.patterns = [(re.compile("|".join(s.names), re.IGNORECASE), s.id, s.kind) for s in sources if s.names]

    def named(self, question: str, official_only: bool = False) -> list[str]:
        return [sid for rx, sid, kind in self.patterns if rx.search(question) and (not official_only or kind in {"law", "standard"})]


def boost_named(question: str, results: list[ScoredChunk], names: InstrumentNames, boost: float) -> list[ScoredChunk]:
    """When the question names an instrument, rank that instrument's passages first among equals."""
    named = set(names.named(question))
    if not named:
        return results
    boosted = [r.model_copy(update={"score": r.score * (boost if r.chunk.source_id in named else 1.0)}) for r in results]
    return sorted(boosted, key=lambda r: (-r.score, r.chunk.chunk_id))


def explicit_references(question: str, searcher: Searcher, names: InstrumentNames) -> list[ScoredChunk]:
    """Chunks at locators the question names outright ("Article 5(2) of the dual-use regulation")."""
    hinted = names.named(question, official_only=True)
    found: list[ScoredChunk] = []
    question = _ITEM_OF_ANNEX.sub(lambda m: f"Annex {m.group(3)} {m.group(1)} {m.group(2)}", question)
    for match in _EXPLICIT.finditer(question):
        kind, number, paren, item = match.group(1).lower(), match.group(2), re.sub(r"\s", "", match.group(3) or ""), match.group(4)
        if kind in {"principle", "gp", "ungp", "ungps"}:
            prefix, sources = f"Principle {number}", ["ungps"]
        elif kind == "annex":
            if not item:
                continue
            prefix, sources = f"Annex {number.upper()} — ", hinted or ["eu-359-2011", "eu-2019-125", "eu-ai-act", "eu-2021-821"]
        else:
            prefix, sources = f"Article {number}{paren}", hinted or list(_ARTICLE_SOURCES)
        rows = [row for source in sources for row in searcher.rows(source) if _locator_matches(row["locator"], kind, prefix, item)]
        if kind in {"article", "art."} and not hinted and len({r["source_id"] for r in rows}) != 1:
            continue
        found.extend(ScoredChunk(chunk=searcher.chunk(row["chunk_id"]), score=1.0, ranks={"explicit": 1}) for row in rows[:4])
    unique: dict[str, ScoredChunk] = {}
    for f in found:
        unique.setdefault(f.chunk.chunk_id, f)
    return list(unique.values())[:6]


def _locator_matches(locator: str, kind: str, prefix: str, item: str | None) -> bool:
    if kind == "annex":
        return locator.startswith(prefix) and bool(re.search(rf"(?:item|point|entry) {item}\b", locator))
    return locator == prefix or locator.startswith((prefix + "(", prefix + " —"))


class RegisterHints:
    """Register items ranked by how close their title, summary and evidence query are to a question."""

    def __init__(self, items: list[RegisterItem], embedder: Embeddings, evidence: RegisterEvidence) -> None:
        self.items = items
        self.evidence = evidence
        texts = [f"{i.title}. {i.summary} {i.evidence_query}" for i in items]
        self.vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32) if texts else np.zeros((0, 1), dtype=np.float32)
        self.position = {item.id: n for n, item in enumerate(items)}

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        return self.vectors @ vector if len(self.items) else np.zeros(0, dtype=np.float32)

    def similarity(self, vector: np.ndarray, item: RegisterItem) -> float:
        pos = self.position.get(item.id)
        return float(self.vectors[pos] @ vector) if pos is not None else 0.0

    def closest(self, vector: np.ndarray, top: int, min_similarity: float) -> list[tuple[RegisterItem, float]]:
        sims = self.similarities(vector)
        return [(self.items[p], float(sims[p])) for p in np.argsort(-sims)[: top * 2] if sims[p] >= min_similarity]

    def hints(self, vector: np.ndarray, top: int, min_similarity: float) -> list[ScoredChunk]:
        """The official passages of the closest items, as a ranking to fuse with the search results."""
        hints: list[ScoredChunk] = []
        for item, sim in self.closest(vector, top, min_similarity):
            if len(hints) >= top:
                break
            chunk = self.evidence.chunk(item)
            if chunk is not None and all(h.chunk.chunk_id != chunk.chunk_id for h in hints):
                hints.append(ScoredChunk(chunk=chunk, score=sim, ranks={"register": len(hints) + 1}, similarity=sim))
        return hints
