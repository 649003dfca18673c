"""Shared fixtures: the documents directory (one place for every test), settings over it, indexed once.

The documents directory is DDA_DOCUMENTS_DIR, else ../shared/corpus; a test that needs an
official text fails (never skips) when it is missing. In CI (`CI` set to true or 1) a run
in which any test skipped fails, listing the reasons.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings, apply_offline_env, get_settings

apply_offline_env()

SHARED_CORPUS = Path(os.environ.get("DDA_DOCUMENTS_DIR") or PROJECT_ROOT.parent / "shared" / "corpus").resolve()


def _require_corpus() -> None:
    if not (SHARED_CORPUS / "eu-reg-359-2011.md").is_file():
        pytest.fail(f"The shared corpus is missing at {SHARED_CORPUS}; set DDA_DOCUMENTS_DIR to ../shared/corpus.")


def corpus_file(documents_dir: Path, name: str) -> Path:
    """A file of the documents directory; the test fails (not skips) when it is missing."""
    path = documents_dir / name
    if not path.is_file():
        pytest.fail(f"{path} is missing from the documents directory; run `ddassist corpus fetch` or set DDA_DOCUMENTS_DIR.")
    return path


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    """The documents directory with the official texts (fails when the corpus is absent)."""
    _require_corpus()
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_settings(documents_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the documents directory with the real embedding model; the index is built once."""
    from assistant.search.store import build_index

    root = tmp_path_factory.mktemp("corpus-index")
    # DDA_TEST_INDEX_DIR: reuse an index of the same corpus built beforehand (local iteration only; CI builds its own)
    index_dir = Path(os.environ["DDA_TEST_INDEX_DIR"]) if os.environ.get("DDA_TEST_INDEX_DIR") else root / "index"
    settings = get_settings(documents_dir=documents_dir, index_dir=index_dir, data_dir=root / "data")
    report = build_index(settings)
    assert not report.errors, report.errors
    return settings


@pytest.fixture()
def tmp_settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings with an empty documents directory and index in tmp_path (real model)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    yield get_settings(documents_dir=docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data")


@pytest.fixture()
def fake_pipeline(tmp_path: Path) -> object:
    """The answer pipeline over a 21-chunk in-memory index with the hash embedder (no model, no corpus)."""
    from tests.fakes import fake_pipeline as build

    return build(tmp_path)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a skipped test fails the run: a skip there means a gap nobody sees."""
    if not _in_ci():
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if not skipped:
        return
    reasons = sorted({f"{r.nodeid}: {r.longrepr[2] if isinstance(r.longrepr, tuple) else r.longrepr}" for r in skipped})
    if reporter is not None:
        reporter.write_sep("=", f"CI: {len(skipped)} skipped test(s) fail the run", red=True)
        for reason in reasons:
            reporter.write_line(f"skipped: {reason}")
    if session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
