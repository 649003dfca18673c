"""Shared fixtures: settings pointing at the real shared corpus, indexed once per session."""

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


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over ../shared/corpus with the real embedding model; the index is built once."""
    from assistant.search.store import build_index

    _require_corpus()
    root = tmp_path_factory.mktemp("corpus-index")
    # DDA_TEST_INDEX_DIR: reuse an index of the same corpus built beforehand (local iteration only; CI builds its own)
    index_dir = Path(os.environ["DDA_TEST_INDEX_DIR"]) if os.environ.get("DDA_TEST_INDEX_DIR") else root / "index"
    settings = get_settings(documents_dir=SHARED_CORPUS, index_dir=index_dir, data_dir=root / "data")
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
    """The answer pipeline over a 20-chunk in-memory index with the hash embedder (no model, no corpus)."""
    from tests.fakes import fake_pipeline as build

    return build(tmp_path)
