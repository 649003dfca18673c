"""Search: the index store, BM25, rank fusion and the `Searcher` built once per process.

`get_searcher(settings)` is the one place where an index and an embedder are looked up
from settings; every stage after it receives the `Searcher`.
"""

from __future__ import annotations

import threading

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.embed import get_embedder
from assistant.search.searcher import Filters, Searcher, to_passages
from assistant.search.store import IngestReport, LoadedIndex, build_index, load_index, read_state
from assistant.settings import Settings, get_settings
from assistant.types import ScoredChunk

__all__ = ["Filters", "HybridRetriever", "IngestReport", "LoadedIndex", "Searcher", "build_index", "get_searcher", "load_index", "read_state", "search", "to_passages"]

_SEARCHERS: dict[tuple[str, str, str, str], Searcher] = {}
_LOCK = threading.Lock()


def get_searcher(settings: Settings) -> Searcher:
    """The searcher of the active index build, built once per process and build."""
    index = load_index(settings)
    key = (str(settings.index_dir), settings.chroma_url, index.state.build_id, settings.embedding_model)
    with _LOCK:
        searcher = _SEARCHERS.get(key)
        if searcher is None or searcher.config != settings.retrieval:
            for stale in [k for k in _SEARCHERS if k[:2] == key[:2]]:
                del _SEARCHERS[stale]
            searcher = Searcher(index, get_embedder(settings), settings.retrieval)
            _SEARCHERS[key] = searcher
        return searcher


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
    searcher = get_searcher(settings or get_settings())
    filters = {"sources": sources or [], "kinds": kinds or [], "jurisdictions": jurisdictions or []}
    return searcher.search(query, None, k, filters, mode)


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
