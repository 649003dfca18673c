"""The corpus as a whole: what is present (`sources`), getting it (`corpus fetch`) and checking it (`corpus check`).

`fetch_corpus` fills the documents directory from a mirror (a copy of
../shared/corpus) or, where a network exists, from the official URLs; it never
overwrites a file, writes every file atomically and records what it fetched in
`<documents_dir>/sources.lock.json`.

`check_corpus` checks the obligations register, the digests and the scenario
cards against the manifest, the source texts and the index, and returns one
readable problem string per fault (an empty list when all is well).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import AssistantError, CorpusError
from assistant.load import read_source_text
from assistant.register import RegisterItem
from assistant.search.store import build_index, file_sha256, load_index, read_state
from assistant.settings import PROJECT_ROOT, Settings
from assistant.sources import BUNDLED_ROOT, MANIFEST_PATH, load_manifest, resolve_files
from assistant.types import Source

LOCK_FILE = "sources.lock.json"
DOWNLOAD_TIMEOUT_S = 30.0
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
USER_AGENT = "dd-assistant corpus fetch (+https://eur-lex.europa.eu reuse under Decision 2011/833/EU)"

REGISTER_DIR = PROJECT_ROOT / "corpus" / "register"
DIGEST_DIRS = (BUNDLED_ROOT / "digests", BUNDLED_ROOT / "case-notes")


# ------------------------------------------------------------------ source table


def _chunk_counts(settings: Settings) -> dict[str, int]:
    """Chunks per source id in the active index (from its state file; no index -> empty)."""

    try:
        state = read_state(settings)
    except AssistantError:
        return {}
    counts: dict[str, int] = {}
    if state is None:
        return counts
    for file_state in state.files.values():
        counts[file_state.source_id] = counts.get(file_state.source_id, 0) + len(file_state.chunk_ids)
    return counts


def source_table(settings: Settings) -> list[dict[str, Any]]:
    """One row per manifest source and user document: files present/missing and chunks indexed."""
    present, missing = resolve_files(settings)
    present_by_source: dict[str, int] = {}
    users: list[Source] = []
    for sf in present:
        present_by_source[sf.source.id] = present_by_source.get(sf.source.id, 0) + 1
        if sf.source.kind == "user":
            users.append(sf.source)
    counts = _chunk_counts(settings)
    rows: list[dict[str, Any]] = []
    for source in [*load_manifest(), *users]:
        lost = missing.get(source.id, [])
        rows.append(
            {
                "id": source.id,
                "title": source.title,
                "kind": source.kind,
                "jurisdiction": source.jurisdiction,
                "files_present": present_by_source.get(source.id, 0),
                "files_missing": len(lost),
                "missing": list(lost),
                "chunks": counts.get(source.id, 0),
                "url": source.url,
            }
        )
    return rows


# ------------------------------------------------------------------ fetch


@dataclass(frozen=True)
class MissingFile:
    """A manifest file that could not be copied or downloaded."""

    source_id: str
    file: str
    url: str
    target: Path
    reason: str

    def line(self) -> str:
        where = f"download it by hand from {self.url}" if self.url else "no official URL is known; obtain it by hand"
        return f"missing: {self.source_id}: {self.file} ({self.reason}) — {where} and save it as {self.target}"


@dataclass
class FetchResult:
    """What `fetch_corpus` did, file by file (paths relative to the documents directory)."""

    documents_dir: Path
    copied: list[str] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    missing: list[MissingFile] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Human-readable report, one line per fetched or missing file, then a summary."""
        out = [f"copied: {name} from {self.origins.get(name, 'mirror')}" for name in self.copied]
        out += [f"downloaded: {name} from {self.origins.get(name, 'the official URL')}" for name in self.downloaded]
        out += [m.line() for m in self.missing]
        out.append(
            f"corpus fetch: {len(self.copied)} copied, {len(self.downloaded)} downloaded, "
            f"{len(self.present)} already present, {len(self.missing)} missing — documents directory {self.documents_dir}"
        )
        if self.copied or self.downloaded:
            out.append("Run `ddassist ingest` to index the new files.")
        return out


def _is_read_only(directory: Path) -> bool:
    """True when `directory` (or its nearest existing ancestor) may not be written to.

    A directory without any write bit counts as read-only even for root, so the
    read-only shared mirror is never written to by accident.
    """
    probe = directory
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return True
    mode = probe.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(probe, os.W_OK | os.X_OK)


def _download_url(source: Source, relpath: str) -> str | None:
    """The direct URL of one file, or None when only a landing page is known."""
    name = Path(relpath).name
    for key in (relpath, name):
        if source.download_urls.get(key):
            return source.download_urls[key]
    url = source.url.split("#", 1)[0].split("?", 1)[0]
    if url and url.lower().endswith(Path(relpath).suffix.lower()) and Path(relpath).suffix:
        return source.url
    return None


@contextlib.contextmanager
def _temp_in(directory: Path, name: str) -> Iterator[Path]:
    """A temporary file next to the target (hidden, so ingest ignores it), removed unless moved."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    os.close(fd)
    path = Path(tmp)
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _install(tmp: Path, target: Path) -> bool:
    """Move `tmp` to `target` atomically unless `target` exists; False when it already did."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o644)
    try:
        os.link(tmp, target)  # fails if the target exists: never overwrite
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        os.replace(tmp, target)
    return True


def _fetch_url(url: str, tmp: Path, suffix: str) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response, tmp.open("wb") as out:
        ctype = (response.headers.get("Content-Type") or "").lower()
        if "text/html" in ctype and suffix not in {".html", ".htm"}:
            raise CorpusError(f"{url} returned a web page, not the {suffix} file")
        total = 0
        for block in iter(lambda: response.read(1 << 16), b""):
            total += len(block)
            if total > MAX_DOWNLOAD_BYTES:
                raise CorpusError(f"{url} is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB")
            out.write(block)
    if tmp.stat().st_size == 0:
        raise CorpusError(f"{url} returned an empty file")
    if suffix == ".pdf" and not tmp.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        raise CorpusError(f"{url} did not return a PDF")


def _read_lock(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {"files": {}}
    return data


def _write_lock(path: Path, data: dict[str, Any]) -> None:
    with _temp_in(path.parent, path.name) as tmp:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)


def fetch_corpus(settings: Settings, mirror: Path | None = None, allow_network: bool = True) -> FetchResult:
    """Copy (from `mirror`) or download (from the official URL) every manifest file missing in the documents directory."""
    docs = settings.documents_dir
    result = FetchResult(documents_dir=docs)
    wanted: list[tuple[Source, str]] = []
    for source in load_manifest():
        if source.bundled:
            continue
        for relpath in source.files:
            if (docs / relpath).is_file():
                result.present.append(relpath)
            else:
                wanted.append((source, relpath))
    if not wanted:
        return result
    mirror_root = mirror.resolve() if mirror is not None else None
    if mirror_root is not None and mirror_root == docs.resolve():
        mirror_root = None  # the documents directory is the mirror: nothing to copy from
    if _is_read_only(docs):
        hint = " (it is the mirror you are fetching from)" if mirror is not None and mirror.resolve() == docs.resolve() else ""
        raise CorpusError(
            f"The documents directory {docs} is not writable{hint}; it looks like a read-only shared mirror. "
            f"{len(wanted)} file(s) are missing there. Set DDA_DOCUMENTS_DIR to a writable directory "
            "(e.g. corpus/documents) and run `ddassist corpus fetch --from <mirror>` again."
        )
    lock_path = docs / LOCK_FILE
    lock = _read_lock(lock_path)
    changed = False
    for source, relpath in wanted:
        target = docs / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        origin: str | None = None
        reasons: list[str] = []
        with _temp_in(target.parent, target.name) as tmp:
            mirrored = mirror_root / relpath if mirror_root is not None else None
            if mirrored is not None and mirrored.is_file():
                shutil.copyfile(mirrored, tmp)
                origin = f"mirror:{mirrored}"
            elif mirror_root is not None:
                reasons.append(f"not in mirror {mirror_root}")
            elif mirror is None:
                reasons.append("no mirror given")
            if origin is None:
                url = _download_url(source, relpath)
                if not allow_network:
                    reasons.append("network disabled (--offline)")
                elif url is None:
                    reasons.append("the manifest URL is a landing page, not the file")
                else:
                    try:
                        _fetch_url(url, tmp, target.suffix.lower())
                        origin = url
                    except (OSError, urllib.error.URLError, CorpusError, ValueError) as exc:
                        reasons.append(f"download failed: {exc}")
            if origin is None:
                result.missing.append(MissingFile(source.id, relpath, source.url, target, "; ".join(reasons)))
                continue
            if not _install(tmp, target):
                result.present.append(relpath)
                continue
        lock["files"][relpath] = {
            "source_id": source.id,
            "sha256": file_sha256(target),
            "size": target.stat().st_size,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "origin": origin,
        }
        changed = True
        result.origins[relpath] = origin.removeprefix("mirror:")
        (result.copied if origin.startswith("mirror:") else result.downloaded).append(relpath)
    if changed:
        _write_lock(lock_path, lock)
    return result


# ------------------------------------------------------------------ check


_DIGEST_QUOTE = re.compile(r"“([^”]{8,})”\s*\(Source:\s*([A-Za-z0-9_.-]+)\s*\)")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


_UNREADABLE = object()


def _yaml_or_problem(path: Path, label: str, problems: list[str]) -> Any:
    """The parsed YAML of `path`, or `_UNREADABLE` with the problem noted."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{label}: cannot parse YAML ({_short(str(exc), 120)})")
        return _UNREADABLE


def _short(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def provision_matches(provision: str, locator: str) -> bool:
    """True when a chunk `locator` is the `provision` or a part of it ("Article 5" -> "Article 5(2)")."""
    provision = provision.strip()
    if locator == provision:
        return True
    return any(locator.startswith(provision + sep) for sep in ("(", " —", ","))


class _Texts:
    """Whitespace-collapsed, case-folded texts of sources, read once."""

    def __init__(self, settings: Settings, sources: dict[str, Source]) -> None:
        self.settings = settings
        self.sources = sources
        self._cache: dict[str, str | None] = {}

    def files(self, source_id: str) -> list[Path]:
        source = self.sources[source_id]
        root = BUNDLED_ROOT if source.bundled else self.settings.documents_dir
        return [root / rel for rel in source.files if (root / rel).is_file()]

    def text(self, source_id: str) -> str | None:
        """The source's text, or None when none of its files is present."""
        if source_id not in self._cache:
    
            parts: list[str] = []
            for path in self.files(source_id):
                try:
                    parts.append(read_source_text(path))
                except AssistantError:
                    continue
            self._cache[source_id] = _collapse(" ".join(parts)) if parts else None
        return self._cache[source_id]


def _index_locators(settings: Settings) -> dict[str, set[str]]:
    """Locators per source id of the active index; builds the index when there is none."""

    if read_state(settings) is None:
        build_index(settings)
    loaded = load_index(settings)
    locators: dict[str, set[str]] = {}
    for row in loaded.rows:
        locators.setdefault(str(row.get("source_id", "")), set()).add(str(row.get("locator", "")))
    return locators


def _manifest_for(register_dir: Path) -> list[Source]:
    candidate = register_dir.parent / "sources.yaml"
    return load_manifest(candidate if candidate.is_file() else MANIFEST_PATH)


def check_corpus(
    settings: Settings,
    register_dir: Path | None = None,
    scenarios_dir: Path | None = None,
    digest_dirs: tuple[Path, ...] | None = None,
) -> list[str]:
    """Every problem of the register, digests and scenario cards against manifest, texts and index."""

    register_dir = (register_dir or REGISTER_DIR).resolve()
    scenarios_dir = (scenarios_dir or register_dir.parent / "scenarios").resolve()
    digest_dirs = DIGEST_DIRS if digest_dirs is None else digest_dirs
    problems: list[str] = []
    sources = {s.id: s for s in _manifest_for(register_dir)}
    texts = _Texts(settings, sources)

    files = sorted(register_dir.glob("*.yaml"))
    if not files:
        return [f"{register_dir}: no register files (*.yaml)"]
    items: list[tuple[str, int, dict[str, Any]]] = []
    for path in files:
        label = f"{path.parent.name}/{path.name}"
        data = _yaml_or_problem(path, label, problems)
        if data is _UNREADABLE:
            continue
        raw_items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(raw_items, list):
            problems.append(f"{label}: top-level 'items:' list is missing")
            continue
        for index, raw in enumerate(raw_items, start=1):
            if not isinstance(raw, dict):
                problems.append(f"{label}: item #{index} is not a mapping")
                continue
            items.append((label, index, raw))

    seen: dict[str, str] = {}
    need_index: list[tuple[str, str, str, str]] = []
    for label, index, raw in items:
        item_id = str(raw.get("id") or f"#{index}")
        where = f"{label}: item '{item_id}'"
        if item_id in seen:
            problems.append(f"{where}: duplicate id (first defined in {seen[item_id]})")
        else:
            seen[item_id] = label
        try:
            RegisterItem.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: invalid {loc}: {str(err['msg']).removeprefix('Value error, ')}")
        source_id = str(raw.get("source_id", ""))
        if source_id not in sources:
            problems.append(f"{where}: unknown source_id '{source_id}' (not in the manifest)")
            continue
        source = sources[source_id]
        text = texts.text(source_id)
        quote = raw.get("quote")
        if isinstance(quote, str) and quote.strip() and text is not None and _collapse(quote) not in text:
            problems.append(f"{where}: quote not found verbatim in '{source_id}': “{_short(quote)}”")
        provision = raw.get("provision")
        if not source.bundled and text is not None and isinstance(provision, str) and provision.strip():
            need_index.append((where, source_id, provision, item_id))

    if need_index:
        locators = _index_locators(settings)
        for where, source_id, provision, _item_id in need_index:
            if not any(provision_matches(provision, loc) for loc in locators.get(source_id, ())):
                problems.append(f"{where}: provision '{provision}' resolves to no indexed chunk of '{source_id}'")

    problems.extend(_check_digests(digest_dirs, sources, texts))
    problems.extend(_check_cards(scenarios_dir, set(seen)))
    return problems


def _check_digests(dirs: tuple[Path, ...], sources: dict[str, Source], texts: _Texts) -> list[str]:
    """Passages quoted in digests as “…” (Source: <id>) must be verbatim in that source's text."""
    problems: list[str] = []
    for directory in dirs:
        for path in sorted(directory.glob("*.md")) if directory.is_dir() else []:
            label = f"{path.parent.name}/{path.name}"
            content = path.read_text(encoding="utf-8")
            for match in _DIGEST_QUOTE.finditer(content):
                passage, source_id = match.group(1), match.group(2)
                if source_id not in sources:
                    problems.append(f"{label}: quoted passage attributed to unknown source '{source_id}': “{_short(passage)}”")
                    continue
                text = texts.text(source_id)
                if text is not None and _collapse(passage) not in text:
                    problems.append(f"{label}: quoted passage not found verbatim in '{source_id}': “{_short(passage)}”")
    return problems


def _check_cards(directory: Path, register_ids: set[str]) -> list[str]:
    """Every scenario card's must_cover id must be a register item."""
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        label = f"{path.parent.name}/{path.name}"
        data = _yaml_or_problem(path, label, problems)
        if data is _UNREADABLE:
            continue
        if not isinstance(data, dict):
            problems.append(f"{label}: not a scenario card (expected a mapping)")
            continue
        card_id = data.get("id", path.stem)
        for item_id in data.get("must_cover") or []:
            if str(item_id) not in register_ids:
                problems.append(f"{label}: card '{card_id}': must_cover names unknown register item '{item_id}'")
    return problems
