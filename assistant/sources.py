"""The corpus manifest (`corpus/sources.yaml`) and the documents it points at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.errors import CorpusError
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Source

MANIFEST_PATH = PROJECT_ROOT / "corpus" / "sources.yaml"
BUNDLED_ROOT = PROJECT_ROOT / "corpus"
SUPPORTED_SUFFIXES = frozenset({".pdf", ".md", ".markdown", ".txt", ".html", ".htm"})
IGNORED_DIRS = frozenset({"alt", "raw"})
IGNORED_NAMES = frozenset({"sources.md", "readme.md", "license", "license.md"})
BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class SourceFile:
    """One file of a source, resolved on disk."""

    source: Source
    relpath: str
    path: Path

    @property
    def key(self) -> str:
        """The file's identity in the index state: its relative path, bundled files prefixed."""
        return f"{BUNDLED_PREFIX}{self.relpath}" if self.source.bundled else self.relpath


@lru_cache(maxsize=4)
def _read_manifest(path: Path, mtime: float) -> tuple[Source, ...]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot read the manifest ({exc}). Restore corpus/sources.yaml from git.") from exc
    entries = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise CorpusError(f"{path}: expected a top-level 'sources:' list. Restore corpus/sources.yaml from git.")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        try:
            source = Source(**{**entry, "files": tuple(entry.get("files", ()))})
        except (TypeError, ValidationError) as exc:
            raise CorpusError(f"{path}: entry {number} is invalid: {exc}") from exc
        if source.id in seen:
            raise CorpusError(f"{path}: source id {source.id!r} appears twice; ids must be unique.")
        seen.add(source.id)
        sources.append(source)
    return tuple(sources)


def load_manifest(path: Path = MANIFEST_PATH) -> list[Source]:
    """Return the sources named in the manifest, validated."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise CorpusError(f"{path}: manifest not found. Restore corpus/sources.yaml from git.") from exc
    return list(_read_manifest(path, mtime))


def user_source_id(relpath: str) -> str:
    """Derive a stable source id for a user document from its file name."""
    stem = Path(relpath).with_suffix("").as_posix().lower()
    return "user-" + re.sub(r"[^a-z0-9]+", "-", stem).strip("-")


def _title_names(title: str) -> tuple[str, ...]:
    """A pattern that finds a user document named by its title in a question ("what does the supplier note say"):
    titles of two or more words only, since one word ("report", "notes") names nothing in particular."""
    words = re.findall(r"[^\W\d_]+", title)
    if len(words) < 2 or sum(len(w) for w in words) < 8:
        return ()
    return (r"\b" + r"[\s_-]+".join(re.escape(w) for w in words) + r"\b",)


def _user_documents(documents_dir: Path, claimed: set[str]) -> list[SourceFile]:
    found: list[SourceFile] = []
    if not documents_dir.is_dir():
        return found
    for path in sorted(documents_dir.rglob("*")):
        rel = path.relative_to(documents_dir)
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if any(part in IGNORED_DIRS or part.startswith(".") for part in rel.parts):
            continue
        if rel.name.lower() in IGNORED_NAMES or rel.as_posix() in claimed:
            continue
        relpath = rel.as_posix()
        title = path.stem.replace("-", " ").replace("_", " ")
        source = Source(
            id=user_source_id(relpath),
            title=title,
            short_title=path.name,
            kind="user",
            files=(relpath,),
            locator_scheme="auto",
            names=_title_names(title),
        )
        found.append(SourceFile(source, relpath, path))
    return found


def load_sources(settings: Settings) -> list[Source]:
    """All sources: the manifest's plus user documents found in the documents directory."""
    manifest = load_manifest()
    claimed = {f for s in manifest if not s.bundled for f in s.files}
    return manifest + [sf.source for sf in _user_documents(settings.documents_dir, claimed)]


def resolve_files(settings: Settings) -> tuple[list[SourceFile], dict[str, list[str]]]:
    """Files present on disk for every source, and the missing files per source id."""
    manifest = load_manifest()
    present: list[SourceFile] = []
    missing: dict[str, list[str]] = {}
    for source in manifest:
        root = BUNDLED_ROOT if source.bundled else settings.documents_dir
        for relpath in source.files:
            path = root / relpath
            if path.is_file():
                present.append(SourceFile(source, relpath, path))
            else:
                missing.setdefault(source.id, []).append(relpath)
    claimed = {f for s in manifest if not s.bundled for f in s.files}
    present.extend(_user_documents(settings.documents_dir, claimed))
    return present, missing


def source_by_id(settings: Settings) -> dict[str, Source]:
    """Map of source id to source, user documents included."""
    return {s.id: s for s in load_sources(settings)}


def document_path(settings: Settings, file_key: str) -> Path | None:
    """Resolve a citation's `file` to a path inside the documents or bundled directory, or None."""
    if file_key.startswith(BUNDLED_PREFIX):
        root, rel = BUNDLED_ROOT, file_key[len(BUNDLED_PREFIX):]
    else:
        root, rel = settings.documents_dir, file_key
    if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
        return None
    base = root.resolve()
    candidate = (root / rel).resolve()
    if base != candidate and base not in candidate.parents:
        return None
    return candidate if candidate.is_file() else None
