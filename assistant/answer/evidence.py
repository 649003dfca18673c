"""Evidence: which indexed passage holds a register item's provision, which words of a passage to
quote, and the numbered citations of one answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.register import RegisterItem
from assistant.search import Searcher
from assistant.text import normalise_space, split_sentences, tokenize
from assistant.types import Chunk, Citation, Source

Titles = dict[str, tuple[str, str, str]]


_BULLET = re.compile(r"^(?:[-*•]\s+)+")


def source_titles(sources: list[Source]) -> Titles:
    """Source id -> (short title, kind, official URL)."""
    return {s.id: (s.short_title or s.title, s.kind, s.url) for s in sources}


@dataclass
class Evidence:
    """Numbered citations of one answer, in order of first use; a passage is numbered once."""

    titles: Titles
    citations: list[Citation] = field(default_factory=list)
    by_chunk: dict[str, int] = field(default_factory=dict)

    def cite(self, chunk: Chunk, quote: str) -> int:
        """Number a chunk (once) and return its marker number."""
        if chunk.chunk_id in self.by_chunk:
            return self.by_chunk[chunk.chunk_id]
        title, kind, url = self.titles.get(chunk.source_id, (chunk.source_id, "user", ""))
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n, source_id=chunk.source_id, title=title, kind=kind, locator=chunk.locator, page=chunk.page, quote=quote,
                chunk_id=chunk.chunk_id, url=url, file=chunk.file,
                page_number=(chunk.page_index + 1) if chunk.page_index is not None else None,
            )
        )
        self.by_chunk[chunk.chunk_id] = n
        return n


def best_window(text: str, query: str, max_chars: int) -> str:
    """The whole sentences of a passage that best match the query, at most max_chars long (no list bullet)."""
    return _BULLET.sub("", _best_window(text, query, max_chars))


def _best_window(text: str, query: str, max_chars: int) -> str:
    flat = normalise_space(text)
    if len(flat) <= max_chars:
        return flat
    sentences = [normalise_space(s) for s in split_sentences(text)]
    if not sentences:
        return flat[:max_chars].rsplit(" ", 1)[0]
    terms = set(tokenize(query))
    scores = [len(terms & set(tokenize(s))) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    lo = hi = best
    length = len(sentences[best])
    while True:
        grown = False
        for nxt in (hi + 1, lo - 1):
            if 0 <= nxt < len(sentences) and length + len(sentences[nxt]) + 1 <= max_chars:
                lo, hi = min(lo, nxt), max(hi, nxt)
                length += len(sentences[nxt]) + 1
                grown = True
                break
        if not grown:
            break
    quote = " ".join(sentences[lo : hi + 1])
    if len(quote) > max_chars:
        quote = quote[:max_chars].rsplit(" ", 1)[0].rstrip(",;:")
    return quote


def pinned_quote(item: RegisterItem, chunk: Chunk, max_chars: int) -> str:
    """The sentence of `chunk` around the register item's pinned phrase (whole words), else the best window."""
    return _BULLET.sub("", _pinned_quote(item, chunk, max_chars))


def short_quote(item: RegisterItem, chunk: Chunk, max_chars: int) -> str:
    """A short verbatim quote for the bottom line: the pinned phrase, its head and tail joined by an ellipsis when long."""
    text = normalise_space(chunk.text)
    pinned = normalise_space(item.quote)
    start = text.lower().find(pinned.lower()) if pinned else -1
    if start < 0 or len(pinned) <= max_chars:
        return pinned_quote(item, chunk, max_chars)
    phrase = _BULLET.sub("", text[start : start + len(pinned)])
    return _elide(phrase, max_chars)


def _elide(phrase: str, max_chars: int) -> str:
    """Head and tail of a long phrase joined by an ellipsis; the tail starts after a comma or semicolon, so it
    reads as a clause ("… to any person, entity or body in Iran"); with no such break, the head alone."""
    head = phrase[: max_chars // 2].rsplit(" ", 1)[0].rstrip(",;:")
    breaks = [i + 2 for i in range(len(head), len(phrase) - 1) if phrase[i] in ",;" and phrase[i + 1] == " "]
    fitting = [i for i in breaks if len(phrase) - i <= max_chars - len(head) - 3]
    if fitting:
        return f"{head} … {phrase[fitting[0]:]}"
    head = phrase[: max_chars - 2].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{head} …"


def _pinned_quote(item: RegisterItem, chunk: Chunk, max_chars: int) -> str:
    text = normalise_space(chunk.text)
    pinned = normalise_space(item.quote)
    start = text.lower().find(pinned.lower()) if pinned else -1
    if start < 0:
        return best_window(chunk.text, item.evidence_query, max_chars)
    stop = start + len(pinned)
    before = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start))
    left = before + 2 if before >= 0 else 0
    after = text.find(". ", stop)
    right = len(text) if after < 0 else after + 1
    if right - left <= max_chars:
        return text[left:right].strip()
    if stop - start <= max_chars:
        return text[start:stop].strip()
    return text[start : start + max_chars].rsplit(" ", 1)[0].rstrip(",;:")


class RegisterEvidence:
    """Maps register items to the indexed passage holding their provision (computed once per item)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._cache: dict[str, Chunk | None] = {}

    def chunk(self, item: RegisterItem) -> Chunk | None:
        if item.id not in self._cache:
            self._cache[item.id] = self._find(item)
        return self._cache[item.id]

    def _find(self, item: RegisterItem) -> Chunk | None:
        rows = self.searcher.rows(item.source_id)
        provision = item.provision
        candidates = [r for r in rows if r["locator"] == provision or r["locator"].startswith((provision + "(", provision + " —", provision + ",", provision + " "))]
        pinned = normalise_space(item.quote).lower()
        if pinned:
            with_quote = [r for r in candidates if pinned in normalise_space(r["text"]).lower()]
            with_quote = with_quote or [r for r in rows if pinned in normalise_space(r["text"]).lower()]
            if with_quote:
                return self.searcher.chunk(with_quote[0]["chunk_id"])
        if candidates:
            return self.searcher.chunk(candidates[0]["chunk_id"])
        found = self.searcher.search(item.evidence_query, None, 3, {"sources": [item.source_id]}, mode="lexical")
        return found[0].chunk if found else None


_PROVISION = re.compile(r"^(Article|Principle|Annex)\b")


def locator_words(citation: Citation) -> str:
    """'Article 5(2) of Regulation (EU) 2021/821' or 'Title (locator)'."""
    if citation.kind == "digest":
        return f"The project digest of {citation.title.replace(' (digest)', '')} ({citation.locator})"
    if _PROVISION.match(citation.locator):
        return f"{citation.locator} of {citation.title}"
    return f"{citation.title} ({citation.locator})"


def kind_note(citation: Citation) -> str:
    """A warning after digests and case notes: they are ours, not official texts."""
    if citation.kind == "digest":
        return f" — project digest — verify against the official text at {citation.url}" if citation.url else " — project digest"
    if citation.kind == "case-notes":
        return " — project case notes compiled from public reporting"
    return ""
