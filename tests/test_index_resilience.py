"""A killed ingest never leaves a half-built index; the Chroma server backend works."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.search.store import build_index, read_state
from assistant.search import search
from assistant.settings import Settings, get_settings
from tests.conftest import corpus_file


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DDA_DOCUMENTS_DIR": str(settings.documents_dir), "DDA_INDEX_DIR": str(settings.index_dir), "DDA_EMBEDDING_BATCH": "2"})
    return env


def test_kill_9_midway_keeps_old_index(tmp_settings: Settings, documents_dir: Path) -> None:
    docs = tmp_settings.documents_dir
    (docs / "policy.md").write_text("# Policy\n\n## Screening\n\nEvery camera buyer is screened before a quote.\n", encoding="utf-8")
    build_index(tmp_settings)
    before = read_state(tmp_settings)
    assert before is not None
    shutil.copy(corpus_file(documents_dir, "eu-reg-2019-125.md"), docs / "torture-goods.md")
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", "--quiet"], env=_env(tmp_settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = tmp_settings.index_dir / "builds"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(builds.iterdir())) < 2:
        time.sleep(0.2)
    time.sleep(3)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert read_state(tmp_settings) == before
    hits = search("who is screened before a quote", tmp_settings, 2)
    assert hits[0].chunk.source_id == "user-policy"
    report = build_index(tmp_settings)
    assert report.rebuilt and report.errors == []
    assert search("export prohibition of goods listed in Annex II", tmp_settings, 3, sources=["user-torture-goods"])
    assert len(list(builds.iterdir())) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.server
def test_chroma_server_backend(tmp_path: Path) -> None:
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        docs = tmp_path / "docs"
        docs.mkdir()
        (docs / "policy.md").write_text("# Policy\n\n## Remote access\n\nRemote maintenance of police systems is never offered.\n", encoding="utf-8")
        settings = get_settings(documents_dir=docs, index_dir=tmp_path / "index", chroma_url=f"http://127.0.0.1:{port}")
        report = build_index(settings)
        assert report.rebuilt and report.errors == []
        assert build_index(settings).embedded == 0
        hits = search("is remote maintenance offered to police", settings, 3)
        assert hits[0].chunk.source_id == "user-policy" and hits[0].chunk.locator == "Remote access"
        dense = search("remote maintenance police", settings, 3, mode="dense")
        assert dense and dense[0].similarity is not None
    finally:
        server.terminate()
        server.wait(timeout=30)
