"""Downstream due-diligence assistant: grounded answers on surveillance-technology sales.

Public API:
    ask(question, history=None, settings=None, **options) -> Answer
    iter_ask(question, history=None, settings=None, **options) -> Iterator[str | Answer]
    search(query, settings=None, k=None, **filters) -> list[ScoredChunk]
    build_index(settings=None) -> IngestReport
"""

from __future__ import annotations

from assistant.settings import Settings, apply_offline_env, get_settings
from assistant.types import Answer, Chunk, Citation, Passage, Scenario, ScoredChunk

apply_offline_env()

__all__ = [
    "Answer",
    "Chunk",
    "Citation",
    "Passage",
    "Scenario",
    "ScoredChunk",
    "Settings",
    "ask",
    "build_index",
    "get_settings",
    "iter_ask",
    "search",
]


def __getattr__(name: str) -> object:
    """Import the heavy pipeline lazily so that `import assistant` stays fast."""
    if name in {"ask", "iter_ask"}:
        from assistant.answer import pipeline  # lazy: loads torch and the index only when asked

        return getattr(pipeline, name)
    if name == "search":
        from assistant.search import search  # lazy: see above

        return search
    if name == "build_index":
        from assistant.search.store import build_index  # lazy: see above

        return build_index
    raise AttributeError(name)
