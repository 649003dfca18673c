"""The README, run exactly, on a fresh clone: `make run`, then `ddassist serve` from another directory.

A fresh `git clone` of this checkout's committed HEAD goes into a temporary
directory with `../shared` beside it (a symlink to the real shared directory),
so `make run` creates its own .venv (torch and every dependency; pip's cache is
reused, .venv is not), fetches the texts from ../shared/corpus, builds the index
and serves on a free port. The test waits until /healthz answers, asks one
question through `gradio_client` and checks that the answer is cited, stops the
server, and does the same with the clone's installed `ddassist serve` started
from a directory outside the repository (where the repository root is not on
sys.path). Several minutes: it runs in CI (CI=true) and locally with DDA_SMOKE=1.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT
from tests.conftest import SHARED_CORPUS

ENABLED = os.environ.get("CI", "").lower() == "true" or os.environ.get("DDA_SMOKE") == "1"
pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(not ENABLED, reason="fresh-clone smoke test (`make run`, several minutes): "
                                           "runs in CI (CI=true) or with DDA_SMOKE=1"),
]

QUESTION = "What does Article 1a of Council Regulation (EU) No 359/2011 prohibit?"
READY_TIMEOUT_S = 40 * 60  # install (torch and all), fetch, index, warm-up on a 2-core machine
SERVE_TIMEOUT_S = 5 * 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env(port: int) -> dict[str, str]:
    """The environment of a new user's shell: no DDA_* settings, no Python path, no active venv."""
    drop = ("DDA_", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTEST_", "TQDM_", "HF_HUB_DISABLE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and not Path(p).resolve().is_relative_to(PROJECT_ROOT))
    env["DDA_PORT"] = str(port)
    return env


def _tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else "(no output)"


def _wait_until_ready(proc: subprocess.Popen, port: int, log: Path, timeout: float) -> dict:
    """Poll /healthz until it answers 200; fail at once if the process ends first."""
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`{' '.join(proc.args)}` exited with {proc.returncode} before serving:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as exc:
            pytest.fail(f"{url} answered {exc.code}: {exc.read()[:500]!r}\n{_tail(log)}")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(2)
    pytest.fail(f"nothing answered on {url} within {timeout / 60:.0f} min:\n{_tail(log)}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the whole process group (make, its shell and the server)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def _ask_through_the_page(port: int) -> dict:
    from gradio_client import Client

    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    answer = client.predict(QUESTION, "", api_name="/ask")
    assert isinstance(answer, dict), answer
    return answer


def _assert_cited(answer: dict) -> None:
    assert answer["refused"] is False, answer["answer"][:500]
    citations = answer["citations"]
    assert citations, answer["answer"][:500]
    numbers = {c["n"] for c in citations}
    assert any(f"[{n}]" in answer["answer"] for n in numbers), answer["answer"][:500]
    assert all(c["quote"].strip() and c["source_id"] for c in citations)
    assert "eu-359-2011" in {c["source_id"] for c in citations}


def _run_server(cmd: list[str], cwd: Path, log: Path, timeout: float) -> tuple[dict, dict, float]:
    port = _free_port()
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=_clean_env(port), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        health = _wait_until_ready(proc, port, log, timeout)
        ready_after = time.monotonic() - started
        answer = _ask_through_the_page(port)
    finally:
        _stop(proc)
    return health, answer, ready_after


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`git clone` of this checkout's committed HEAD, with ../shared beside it."""
    if not (PROJECT_ROOT / ".git").exists():
        pytest.fail(f"{PROJECT_ROOT} is not a git checkout; the smoke test clones it.")
    shared = SHARED_CORPUS.parent
    if not (shared / "corpus").is_dir():
        pytest.fail(f"no shared corpus at {shared / 'corpus'}; set DDA_DOCUMENTS_DIR to ../shared/corpus.")
    root = tmp_path_factory.mktemp("smoke")
    subprocess.run(["git", "clone", "--quiet", str(PROJECT_ROOT), str(root / "dd-assistant")], check=True, timeout=300)
    (root / "shared").symlink_to(shared, target_is_directory=True)
    yield root / "dd-assistant"


def test_make_run_on_a_fresh_clone_serves_a_cited_answer(fresh_clone: Path) -> None:
    log = fresh_clone.parent / "make-run.log"
    health, answer, ready_after = _run_server(["make", "run"], fresh_clone, log, READY_TIMEOUT_S)
    assert health["status"] == "ok" and health["warmed_up"] is True
    assert health["chunks"] > 1000 and health["corpus_version"]
    _assert_cited(answer)
    assert answer["corpus_version"] == health["corpus_version"]
    print(f"\nsmoke: make run ready after {ready_after:.0f} s on a fresh clone")


def test_installed_ddassist_serve_works_outside_the_repository(fresh_clone: Path) -> None:
    ddassist = fresh_clone / ".venv" / "bin" / "ddassist"
    if not ddassist.exists():
        pytest.fail("the clone has no .venv/bin/ddassist: `make run` did not install (see the test before)")
    elsewhere = fresh_clone.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    log = fresh_clone.parent / "serve.log"
    health, answer, _ = _run_server([str(ddassist), "serve"], elsewhere, log, SERVE_TIMEOUT_S)
    assert health["status"] == "ok" and health["chunks"] > 1000
    _assert_cited(answer)
