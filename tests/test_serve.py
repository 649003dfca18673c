"""Starting the web chat: warm-up before ready, `/healthz` and the footer, `ddassist serve`
from another directory, `python app.py`, and quiet one-off commands."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.errors import IndexError_
from assistant.settings import PROJECT_ROOT, Settings, get_settings
from assistant.types import Answer
from assistant.web import server


def _hash_settings(root: Path) -> Settings:
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    return get_settings(documents_dir=docs, index_dir=root / "index", data_dir=root / "data", embedding_model="hash:64")


@pytest.fixture(scope="module")
def hash_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A small index of the bundled digests with the hashing embedder (no model load)."""
    from assistant.search.store import build_index

    settings = _hash_settings(tmp_path_factory.mktemp("serve"))
    report = build_index(settings)
    assert not report.errors and report.chunks > 0
    return settings


def _fake_ask(question: str, history=None, settings=None, **options) -> Answer:
    return Answer(question=question, answer="a")


FAKES = {"iter_ask": lambda *a, **k: iter([Answer(question="q", answer="a")]), "ask": _fake_ask, "engines": ["grounded"]}


# ---------------------------------------------------------------- warm-up, health, footer


def test_warm_up_asks_one_grounded_question_and_times_it(hash_index: Settings) -> None:
    calls: list[tuple[str, object, dict]] = []

    def ask(question: str, history=None, settings=None, **options) -> Answer:
        calls.append((question, settings, options))
        return Answer(question=question, answer="a")

    health = server.warm_up(hash_index, ask)
    assert calls == [(server.WARMUP_QUESTION, hash_index, {"engine": "grounded"})]
    assert health.status == "ok" and health.detail == ""
    assert isinstance(health.warmup_seconds, float) and health.warmup_seconds >= 0
    from assistant.web.auditlog import db_path

    assert db_path(hash_index).is_file()  # the audit log's tables are made before the first visitor


def test_warm_up_failure_is_reported_not_raised(hash_index: Settings) -> None:
    def ask(*args, **kwargs) -> Answer:
        raise IndexError_("No index in /x. Run `ddassist ingest` (or `make run`) first.")

    health = server.warm_up(hash_index, ask)
    assert (health.status, health.detail, health.warmup_seconds) == (
        "error", "No index in /x. Run `ddassist ingest` (or `make run`) first.", None)


def test_healthz_reports_corpus_chunks_and_engine(hash_index: Settings) -> None:
    from starlette.testclient import TestClient

    from assistant.search.store import read_state

    state = read_state(hash_index)
    assert state is not None
    app = server.create_server(hash_index, health=server.Health("ok", warmup_seconds=1.25), **FAKES)
    with TestClient(app) as client:
        r = client.get("/healthz")
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        assert r.json() == {
            "status": "ok", "corpus_version": state.corpus_version, "chunks": state.chunk_count,
            "engine": "grounded", "engines": ["grounded"], "warmed_up": True, "warmup_seconds": 1.25, "detail": "",
        }
        config = client.get("/config").json()
    footers = [c["props"]["value"] for c in config["components"] if c.get("props", {}).get("elem_id") == "dd-footer"]
    expected = (f"dd-assistant · corpus version `{state.corpus_version}` · {state.chunk_count:,} chunks · "
                "engine grounded · status ok")
    assert footers == [expected]


def test_healthz_is_503_without_an_index_or_after_a_failed_warm_up(tmp_path: Path, hash_index: Settings) -> None:
    from starlette.testclient import TestClient

    empty = _hash_settings(tmp_path)
    with TestClient(server.create_server(empty, **FAKES)) as client:
        r = client.get("/healthz")
    assert r.status_code == 503
    assert (r.json()["status"], r.json()["chunks"], r.json()["detail"]) == ("error", 0, "no index: run `ddassist ingest`")
    failed = server.Health("error", "the embedding model could not be loaded")
    with TestClient(server.create_server(hash_index, health=failed, **FAKES)) as client:
        r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["detail"] == "the embedding model could not be loaded"
    assert r.json()["chunks"] > 0 and r.json()["warmed_up"] is False


def test_health_never_shows_a_local_model_directory() -> None:
    assert server._engine_label("llamacpp:/root/.cache/dd-assistant/model.gguf") == "llamacpp:model.gguf"
    assert server._engine_label("ollama:qwen2.5:7b") == "ollama:qwen2.5:7b"


def test_source_links_carry_the_root_path_behind_a_proxy(tmp_path: Path) -> None:
    html = '<a href="/source/eu-reg-359-2011.md" target="_blank">Open</a> <a href="#ev-a-1">1</a>'
    plain = _hash_settings(tmp_path)
    assert server._rooted(plain)(html) == html
    proxied = plain.model_copy(update={"root_path": "/dd"})
    assert server._rooted(proxied)(html) == html.replace('href="/source/', 'href="/dd/source/')


@pytest.mark.parametrize("value", ["dd", "/dd?x=1", "//evil.example", "/a b"])
def test_bad_root_path_is_refused_with_the_variable_name(value: str) -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="DDA_ROOT_PATH"):
        get_settings(root_path=value)
    assert get_settings(root_path="/dd/").root_path == "/dd"


# ---------------------------------------------------------------- real processes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _package_only_path(tmp_path: Path) -> str:
    """A PYTHONPATH holding this checkout's `assistant` package and nothing else of the repository,
    as an installed console script sees it (the repository root is not on sys.path)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "assistant").symlink_to(PROJECT_ROOT / "assistant", target_is_directory=True)
    return str(site)


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DDA_", "PYTHON"))}
    env.update(DDA_DOCUMENTS_DIR=str(settings.documents_dir), DDA_INDEX_DIR=str(settings.index_dir),
               DDA_DATA_DIR=str(settings.data_dir), DDA_EMBEDDING_MODEL=settings.embedding_model)
    env.update(extra)
    return env


def _wait_for_health(proc: subprocess.Popen, url: str, log: Path, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return json.loads(r.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"no answer from {url} within {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_ddassist_serve_from_another_directory_warms_up_before_listening(tmp_path: Path, hash_index: Settings) -> None:
    """`ddassist serve` as installed: run from elsewhere, with only the package importable."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    env = _env(hash_index, PYTHONPATH=_package_only_path(tmp_path), DDA_PORT=str(port))
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve"], cwd=elsewhere, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        report = _wait_for_health(proc, f"http://127.0.0.1:{port}/healthz", log)
    finally:
        _stop(proc)
    assert report["status"] == "ok" and report["warmed_up"] is True and report["chunks"] > 0
    text = log.read_text(errors="replace")
    # the port opened only after the warm-up: the ready line precedes uvicorn's start-up lines
    assert text.index("dd-assistant: ready in") < text.index("Uvicorn running on")
    assert "DEBUG" not in text and "Loading weights" not in text


def test_python_app_py_still_imports_the_server() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import app, assistant.web.server as s; print(app.create_server is s.create_server)"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert out.stdout.strip() == "True", out.stderr[-2000:]


def test_one_off_commands_are_quiet_unless_verbose(tmp_path: Path) -> None:
    """`ddassist ingest` (real model, bundled digests only) prints no DEBUG line and no progress bar
    when its output is not a terminal; `--verbose` shows both."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DDA_", "TQDM_", "HF_HUB_DISABLE"))}
    runs = {}
    for name, extra in (("quiet", []), ("verbose", ["--verbose"])):
        docs = tmp_path / name / "docs"
        docs.mkdir(parents=True)
        run_env = dict(env, DDA_DOCUMENTS_DIR=str(docs), DDA_INDEX_DIR=str(tmp_path / name / "index"),
                       DDA_DATA_DIR=str(tmp_path / name / "data"))
        runs[name] = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", *extra], cwd=PROJECT_ROOT,
                                    env=run_env, capture_output=True, text=True, timeout=600, check=False)
        assert runs[name].returncode == 0, runs[name].stderr[-2000:]
        assert runs[name].stdout.startswith("ingest: ")
    quiet, verbose = runs["quiet"].stderr, runs["verbose"].stderr
    assert "DEBUG" not in quiet and "INFO" not in quiet
    assert "Loading weights" not in quiet and "%|" not in quiet and "\r" not in quiet
    assert "DEBUG bm25s: Building index from tokens" in verbose
    assert "Loading weights" in verbose and "embedding:" in verbose


@pytest.mark.server
def test_team_setup_chroma_server_login_and_reverse_proxy(tmp_path: Path) -> None:
    """README 'Run it for a team': index on a `chroma run` server, `ddassist users add`, then
    `ddassist serve` with login and DDA_ROOT_PATH, reached the way a reverse proxy forwards."""
    import httpx

    from assistant.search.store import build_index

    chroma = Path(sys.executable).with_name("chroma")
    chroma_port, port = _free_port(), _free_port()
    chroma_proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1",
                                    "--port", str(chroma_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    serve_proc = None
    try:
        deadline = time.monotonic() + 60
        while not _listening(chroma_port):
            assert time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.3)
        settings = _hash_settings(tmp_path).model_copy(update={"chroma_url": f"http://127.0.0.1:{chroma_port}"})
        assert build_index(settings).chunks > 0
        users = tmp_path / "data" / "users.json"
        env = _env(settings, PYTHONPATH=_package_only_path(tmp_path), DDA_PORT=str(port), DDA_CHROMA_URL=settings.chroma_url,
                   DDA_AUTH_FILE=str(users), DDA_ROOT_PATH="/dd", DDA_FORWARDED_ALLOW_IPS="127.0.0.1")
        added = subprocess.run([sys.executable, "-m", "assistant.cli", "users", "add", "alice", "--password-stdin"],
                               input="a long enough password\n", env=env, cwd=tmp_path, capture_output=True, text=True,
                               timeout=120, check=False)
        assert added.returncode == 0 and added.stdout.strip() == f"user alice written to {users}", added.stderr
        log = tmp_path / "serve.log"
        with log.open("wb") as out:
            serve_proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve"], cwd=tmp_path, env=env,
                                          stdout=out, stderr=subprocess.STDOUT)
        report = _wait_for_health(serve_proc, f"http://127.0.0.1:{port}/healthz", log)
        assert report["status"] == "ok" and report["chunks"] > 0  # health needs no login (for the proxy's checks)
        proxy_headers = {"X-Forwarded-Host": "chat.example.org", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=proxy_headers, timeout=30) as client:
            assert client.get("/config").status_code == 401
            assert client.post("/login", data={"username": "alice", "password": "wrong"}).status_code == 400
            assert client.post("/login", data={"username": "alice", "password": "a long enough password"}).status_code == 200
            config = client.get("/config")
            assert config.status_code == 200
            assert config.json()["root"] == "https://chat.example.org/dd"
    finally:
        if serve_proc is not None:
            _stop(serve_proc)
        chroma_proc.terminate()
        chroma_proc.wait(timeout=30)


@pytest.mark.parametrize(("argv", "verbose"), [
    (["serve"], False), (["serve", "--verbose"], True), (["--verbose", "serve"], True),
    (["ask", "q", "-v"], True), (["ingest"], False), (["-v", "sources"], True),
])
def test_verbose_before_or_after_the_command(argv: list[str], verbose: bool) -> None:
    from assistant.cli import build_parser

    assert build_parser().parse_args(argv).verbose is verbose
