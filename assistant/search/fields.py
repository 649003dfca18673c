"""What each retriever indexes for a chunk: the dense text and the lexical text."""

from __future__ import annotations

from assistant.types import Chunk


def embedding_text(chunk: Chunk) -> str:
    """What is embedded: a short context line (instrument, locator, heading) plus the verbatim text."""
    context = chunk.extra.get("context", "")
    return f"{context}\n{chunk.text}" if context else chunk.text


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes: the embedded text plus the instrument's full title."""
    title = chunk.extra.get("title", "")
    return f"{title}\n{embedding_text(chunk)}" if title else embedding_text(chunk)
