"""The index store: a versioned, incremental, atomic index: Chroma (dense) plus BM25 (lexical).

Layout under `settings.index_dir`:
    state.json              the active build: collection, fingerprint, per-file hashes
    builds/<build_id>/      chunks.jsonl and the bm25/ lexical index of that build
    chroma/                 the embedded Chroma store (unless DDA_CHROMA_URL is set)

A build writes a new collection and build directory, then switches `state.json`
with an atomic rename; queries never see a half-built index. Unchanged files
reuse their chunks and embeddings; a no-change ingest touches nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tqdm import tqdm

from assistant.embed import get_embedder
from assistant.errors import BackendError, DocumentError, IndexError_
from assistant.load import load_document
from assistant.search.fields import embedding_text
from assistant.settings import Settings
from assistant.sources import SourceFile, resolve_files
from assistant.search.lexical import LexicalIndex, build_lexical_index
from assistant.split import CHUNKER_VERSION, split_document
from assistant.types import Chunk

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
COLLECTION_PREFIX = "dda-"
_ADD_BATCH = 2000


class FileState(BaseModel):
    sha256: str
    source_id: str
    chunk_ids: list[str] = Field(default_factory=list)


class IndexState(BaseModel):
    build_id: str
    collection: str
    fingerprint: str
    embedder: str
    chunker_version: str
    corpus_version: str
    built_at: str
    chunk_count: int
    files: dict[str, FileState] = Field(default_factory=dict)


@dataclass
class IngestReport:
    """What an ingest did, for the one-line summary and for tests."""

    files: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    skipped_files: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    rebuilt: bool = False
    corpus_version: str = ""

    def summary(self) -> str:
        """One line: files, chunks, skipped, errors, seconds."""
        return (
            f"ingest: {self.files} files, {self.chunks} chunks ({self.embedded} embedded, {self.reused} reused), "
            f"{self.skipped_files} unchanged files skipped, {len(self.errors)} errors, "
            f"{sum(len(v) for v in self.missing.values())} missing files, {self.seconds:.1f} s"
        )


def chroma_client(settings: Settings) -> Any:
    """A Chroma client: HTTP when `chroma_url` is set, else persistent under index_dir."""
    import chromadb  # heavy (about 1 s to import): only processes that touch the index pay for it
    from chromadb.config import Settings as ChromaSettings  # heavy: see chroma_client

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        match = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", settings.chroma_url)
        if not match:
            raise BackendError(f"DDA_CHROMA_URL={settings.chroma_url!r} is not of the form http://host:port.")
        ssl = match.group(1) == "https"
        port = int(match.group(3) or (443 if ssl else 8000))
        try:
            return chromadb.HttpClient(host=match.group(2), port=port, ssl=ssl, settings=chroma_settings)
        except Exception as exc:  # chromadb raises several types when the server is down
            raise BackendError(f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}). Start it with `chroma run --path DIR --host 127.0.0.1 --port N` or unset DDA_CHROMA_URL.") from exc
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return _persistent_client(str(path))


@lru_cache(maxsize=8)
def _persistent_client(path: str) -> Any:
    import chromadb  # heavy: see chroma_client
    from chromadb.config import Settings as ChromaSettings  # heavy: see chroma_client

    return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_state(settings: Settings) -> IndexState | None:
    """The active build's state, or None when no index has been built."""
    path = settings.index_dir / STATE_FILE
    if not path.is_file():
        return None
    try:
        return IndexState.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise IndexError_(f"{path} is unreadable ({exc}). Delete {settings.index_dir} and run `ddassist ingest`.") from exc


def _write_state(settings: Settings, state: IndexState) -> None:
    path = settings.index_dir / STATE_FILE
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(state.model_dump_json(indent=1), encoding="utf-8")
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def _build_lock(settings: Settings) -> Iterator[None]:
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with (settings.index_dir / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexError_(f"Another ingest is running on {settings.index_dir}. Wait for it to finish.") from exc
        yield


def _file_identity(sf: SourceFile) -> str:
    meta = sf.source.model_dump_json()
    return hashlib.sha256((file_sha256(sf.path) + meta).encode()).hexdigest()


def _chunk_metadata(chunk: Chunk, kind: str, jurisdiction: str) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "source_id": chunk.source_id,
        "kind": kind,
        "jurisdiction": jurisdiction or "",
        "locator": chunk.locator,
        "file": chunk.file,
        "page": chunk.page or "",
    }
    return meta


def build_index(
    settings: Settings,
    *,
    progress: bool = False,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Build or update the index from the documents directory and the bundled digests."""
    started = time.perf_counter()
    report = IngestReport()
    with _build_lock(settings):
        files, missing = resolve_files(settings)
        report.missing = missing
        report.files = len(files)
        old = read_state(settings)
        embedder_name = settings.embedding_model
        compatible = (
            old is not None
            and old.fingerprint == settings.fingerprint()
            and old.chunker_version == CHUNKER_VERSION
            and old.embedder == embedder_name
        )
        identities = {sf.key: _file_identity(sf) for sf in files}
        client = chroma_client(settings)
        if compatible and old is not None and _same_files(old, identities) and _collection_exists(client, old.collection):
            report.skipped_files = len(files)
            report.chunks = old.chunk_count
            report.corpus_version = old.corpus_version
            report.seconds = time.perf_counter() - started
            return report

        _drop_orphans(settings, client, keep=old.collection if old else None)
        build_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
        collection = client.create_collection(
            name=f"{COLLECTION_PREFIX}{build_id}", metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        build_dir = settings.index_dir / "builds" / build_id
        build_dir.mkdir(parents=True, exist_ok=True)
        old_chunks = _load_chunk_rows(settings, old.build_id) if (old is not None) else {}
        old_collection = client.get_collection(old.collection, embedding_function=None) if old and _collection_exists(client, old.collection) else None

        new_state_files: dict[str, FileState] = {}
        rows: list[dict[str, Any]] = []
        to_embed: list[Chunk] = []
        kinds = {sf.source.id: (sf.source.kind, sf.source.jurisdiction) for sf in files}
        for sf in files:
            if on_file:
                on_file(sf.key)
            identity = identities[sf.key]
            previous = old.files.get(sf.key) if old else None
            if compatible and previous is not None and previous.sha256 == identity and old_collection is not None:
                reused = _copy_chunks(old_collection, collection, previous.chunk_ids, old_chunks)
                rows.extend(reused)
                report.reused += len(reused)
                report.skipped_files += 1
                new_state_files[sf.key] = previous
                continue
            try:
                doc = load_document(sf.path)
                report.warnings.extend(doc.warnings)
                chunks = split_document(doc, sf.source, sf.key, settings.chunk)
                if not chunks:
                    raise DocumentError(str(sf.path), "no text could be split into passages", "Check that the file holds the document's text.")
            except DocumentError as exc:
                report.errors.append(str(exc))
                if previous is not None and old_collection is not None and compatible:
                    kept = _copy_chunks(old_collection, collection, previous.chunk_ids, old_chunks)
                    rows.extend(kept)
                    report.reused += len(kept)
                    new_state_files[sf.key] = previous
                    report.warnings.append(f"{sf.key}: kept the previously indexed version.")
                continue
            to_embed.extend(chunks)
            new_state_files[sf.key] = FileState(sha256=identity, source_id=sf.source.id, chunk_ids=[c.chunk_id for c in chunks])

        embedder = get_embedder(settings)
        bar = _progress(len(to_embed), progress)
        for start in range(0, len(to_embed), _ADD_BATCH):
            batch = to_embed[start : start + _ADD_BATCH]
            vectors: list[list[float]] = []
            for sub in range(0, len(batch), settings.embedding_batch * 4):
                part = batch[sub : sub + settings.embedding_batch * 4]
                vectors.extend(embedder.embed_documents([embedding_text(c) for c in part]))
                bar(len(part))
            collection.add(
                ids=[c.chunk_id for c in batch],
                embeddings=vectors,
                documents=[c.text for c in batch],
                metadatas=[_chunk_metadata(c, *kinds[c.source_id]) for c in batch],
            )
            rows.extend(_chunk_row(c, *kinds[c.source_id]) for c in batch)
        bar(0, close=True)
        report.embedded = len(to_embed)
        report.chunks = len(rows)

        _write_rows(build_dir, rows)
        build_lexical_index(build_dir, rows)
        corpus_version = _corpus_version(new_state_files, settings)
        state = IndexState(
            build_id=build_id,
            collection=collection.name,
            fingerprint=settings.fingerprint(),
            embedder=embedder_name,
            chunker_version=CHUNKER_VERSION,
            corpus_version=corpus_version,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            chunk_count=len(rows),
            files=new_state_files,
        )
        _write_state(settings, state)
        report.rebuilt = True
        report.corpus_version = corpus_version
        if old is not None:
            _drop_build(settings, client, old)
    report.seconds = time.perf_counter() - started
    return report


def _same_files(old: IndexState, identities: dict[str, str]) -> bool:
    return set(old.files) == set(identities) and all(old.files[k].sha256 == v for k, v in identities.items())


def _collection_exists(client: Any, name: str) -> bool:
    try:
        client.get_collection(name, embedding_function=None)
    except Exception:  # chromadb raises NotFoundError / ValueError by version
        return False
    return True


def _progress(total: int, enabled: bool) -> Callable[..., None]:
    if not enabled or total == 0:
        return lambda n, close=False: None
    bar = tqdm(total=total, unit="chunk", desc="embedding", leave=False)

    def step(n: int, close: bool = False) -> None:
        bar.update(n)
        if close:
            bar.close()

    return step


def _chunk_row(chunk: Chunk, kind: str, jurisdiction: str) -> dict[str, Any]:
    row = chunk.model_dump(mode="json")
    row["kind"] = kind
    row["jurisdiction"] = jurisdiction or ""
    return row


def _write_rows(build_dir: Path, rows: list[dict[str, Any]]) -> None:
    with (build_dir / "chunks.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _load_chunk_rows(settings: Settings, build_id: str) -> dict[str, dict[str, Any]]:
    path = settings.index_dir / "builds" / build_id / "chunks.jsonl"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["chunk_id"]: row for row in map(json.loads, handle)}


def _copy_chunks(src: Any, dst: Any, ids: list[str], rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    copied: list[dict[str, Any]] = []
    for start in range(0, len(ids), _ADD_BATCH):
        part = ids[start : start + _ADD_BATCH]
        got = src.get(ids=part, include=["embeddings", "documents", "metadatas"])
        if not got["ids"]:
            continue
        dst.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"], metadatas=got["metadatas"])
        copied.extend(rows[i] for i in got["ids"] if i in rows)
    return copied


def _corpus_version(files: dict[str, FileState], settings: Settings) -> str:
    digest = hashlib.sha256()
    for key in sorted(files):
        digest.update(f"{key}={files[key].sha256};".encode())
    digest.update(f"{settings.fingerprint()}|{CHUNKER_VERSION}".encode())
    return digest.hexdigest()[:12]


def _drop_build(settings: Settings, client: Any, state: IndexState) -> None:
    with contextlib.suppress(Exception):
        client.delete_collection(state.collection)
    shutil.rmtree(settings.index_dir / "builds" / state.build_id, ignore_errors=True)


def _drop_orphans(settings: Settings, client: Any, keep: str | None) -> None:
    """Remove collections and build directories left by interrupted builds."""
    with contextlib.suppress(Exception):
        for col in client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(COLLECTION_PREFIX) and name != keep and not settings.chroma_url:
                client.delete_collection(name)
    builds = settings.index_dir / "builds"
    if builds.is_dir():
        for child in builds.iterdir():
            if keep is None or f"{COLLECTION_PREFIX}{child.name}" != keep:
                shutil.rmtree(child, ignore_errors=True)


class IndexRows:
    """Chunk rows of one build, in index order, and what is derived from them."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.ids: list[str] = [r["chunk_id"] for r in rows]
        self.rows = rows
        self.position = {cid: n for n, cid in enumerate(self.ids)}

    @cached_property
    def rows_by_source(self) -> dict[str, list[dict[str, Any]]]:
        """Chunk rows grouped by source id, in index order."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in self.rows:
            grouped.setdefault(row["source_id"], []).append(row)
        return grouped

    @cached_property
    def text_lower(self) -> str:
        """All chunk texts and source titles, lower-cased and whitespace-collapsed (for 'is X mentioned?')."""
        titles = {row.get("extra", {}).get("title", "") for row in self.rows}
        parts = [re.sub(r"\s+", " ", row["text"]).lower() for row in self.rows]
        return "\n".join(parts + sorted(t.lower() for t in titles if t))

    @cached_property
    def instrument_numbers(self) -> frozenset[str]:
        """Instrument numbers such as '2021/821' that occur anywhere in the indexed text."""
        found: set[str] = set()
        for row in self.rows:
            found.update(re.findall(r"\b(\d{2,4}/\d{1,4})\b", row["text"]))
            found.update(re.findall(r"\b(\d{2,4}/\d{1,4})\b", row.get("extra", {}).get("context", "")))
        return frozenset(found)

    def chunk(self, chunk_id: str) -> Chunk:
        row = self.rows[self.position[chunk_id]]
        return Chunk(**{k: v for k, v in row.items() if k in Chunk.model_fields})

    def row(self, chunk_id: str) -> dict[str, Any]:
        return self.rows[self.position[chunk_id]]


class LoadedIndex(IndexRows):
    """The active build in memory: chunk rows, lexical index, dense collection."""

    loads = 0  # how many builds this process has loaded (a test checks it is one per build)

    def __init__(self, settings: Settings, state: IndexState) -> None:
        LoadedIndex.loads += 1
        self.settings = settings
        self.state = state
        build_dir = settings.index_dir / "builds" / state.build_id
        rows = _load_chunk_rows(settings, state.build_id)
        if not rows:
            raise IndexError_(f"The index build {state.build_id} has no chunks. Run `ddassist ingest`.")
        super().__init__(list(rows.values()))
        self.lexical = LexicalIndex.load(build_dir, self.ids)
        self.collection = chroma_client(settings).get_collection(state.collection, embedding_function=None)

    def dense_query(self, vector: list[float], n: int, filters: dict[str, list[str]]) -> list[tuple[str, float]]:
        """The `n` chunks closest to `vector` (cosine similarity), within the metadata filters."""
        result = self.collection.query(query_embeddings=[vector], n_results=min(n, max(1, self.state.chunk_count)), where=chroma_where(filters), include=["distances"])
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0], strict=True)]

    def vectors(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """Stored embeddings of the given chunks."""
        got = self.collection.get(ids=chunk_ids, include=["embeddings"])
        return {cid: list(vec) for cid, vec in zip(got["ids"], got["embeddings"], strict=True)}


FILTER_FIELDS: tuple[tuple[str, str], ...] = (("sources", "source_id"), ("kinds", "kind"), ("jurisdictions", "jurisdiction"))


def chroma_where(filters: dict[str, list[str]]) -> dict[str, Any] | None:
    """Metadata filters (sources, kinds, jurisdictions) as a Chroma `where` clause."""
    clauses = [{field: {"$in": list(filters[name])}} for name, field in FILTER_FIELDS if filters.get(name)]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


_LOADED: dict[tuple[str, str, str], LoadedIndex] = {}
_LOADED_LOCK = threading.Lock()


def load_index(settings: Settings) -> LoadedIndex:
    """The active index, loaded once per process and reloaded when a new build is switched in."""
    state = read_state(settings)
    if state is None:
        raise IndexError_(f"No index in {settings.index_dir}. Run `ddassist ingest` (or `make run`) first.")
    key = (str(settings.index_dir), settings.chroma_url, state.build_id)
    with _LOADED_LOCK:
        loaded = _LOADED.get(key)
        if loaded is None:
            for stale in [k for k in _LOADED if k[:2] == key[:2]]:
                del _LOADED[stale]
            loaded = LoadedIndex(settings, state)
            _LOADED[key] = loaded
        return loaded
