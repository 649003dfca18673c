"""Load benchmark of the dd-assistant web app: chat users on the `/ask` API, a workshop round, RSS.

Usage:  .venv/bin/python bench/load.py [--seconds 120] [--users 20] [--participants 30] [--index DIR] [--out bench/results]

1. `ddassist ingest` over the corpus ($DDA_DOCUMENTS_DIR, default ../shared/corpus) as a child
   process into a fresh index; its peak RSS is `getrusage(RUSAGE_CHILDREN).ru_maxrss`.
2. `python app.py` (uvicorn, `create_server`) on a free 127.0.0.1 port over that index (or --index).
3. N chat users, each a `gradio_client.Client` calling `/ask` (grounded engine) in a loop over the
   dev-set questions (with their history for follow-ups) and a think time, for --seconds.
4. A workshop round: a trainer opens a session with --cards scenario cards, P participants join,
   write, submit and reveal, the trainer polls the answers — through `assistant.web.workshop.Workshop`
   on the server's data dir; the assistant's memos are computed by the server through `/ask`.
5. Server RSS (psutil, server and children) sampled every second; the server is stopped at the end.
   Per-minute figures go to `<out>/load-rss.csv` and a plot to `<out>/load-rss.png`.
6. With --abuse, once a minute during the chat phase: four 6 MB histories in parallel, a lone
   surrogate, a deeply nested history, a 20 MB history and a 50 MB upload, each timed and checked
   (refused or trimmed, with a clear message).
Loopback only; every loop is bounded by --seconds or the number of cards, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import apply_offline_env

apply_offline_env()

from assistant.settings import get_settings
from bench.benchlib import lat_stats, write_results

GOAL_P95_S = 2.0
GOAL_RSS_MB = 1536.0
GOAL_GROWTH_MB = 50.0  # "no memory growth": second half of the chat phase grows less than this






def load_items() -> list[dict[str, Any]]:
    with (ROOT / "eval" / "dev" / "core.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def stage(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_rss_mb(pid: int) -> float:
    """RSS of the server process plus its children, in MiB."""
    import psutil

    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


class RssSampler(threading.Thread):
    """Samples the server's RSS once a second; `mark(label)` records the current value under a name."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float]] = []
        self.marks: dict[str, float] = {}
        self._halt = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        while not self._halt.wait(1.0):
            try:
                value = server_rss_mb(self.pid)
                if value > 0:  # a stopped, not yet reaped server reads as 0
                    self.samples.append((time.monotonic() - self.t0, value))
            except Exception:  # noqa: BLE001 - the server may be gone at the very end
                return

    def mark(self, label: str) -> float:
        value = server_rss_mb(self.pid)
        self.marks[label] = value
        return value

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def peak(self) -> float:
        return max([v for _, v in self.samples] + list(self.marks.values()))


# ---------------------------------------------------------------- ingest and server


def measure_ingest(docs: Path, index_dir: Path) -> dict[str, Any]:
    """`ddassist ingest` as a child process; must be this process's first waited-for child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = {**os.environ, "DDA_DOCUMENTS_DIR": str(docs), "DDA_INDEX_DIR": str(index_dir)}
    env.pop("DDA_CHROMA_URL", None)
    t0 = time.perf_counter()
    proc = subprocess.run([str(Path(sys.executable).with_name("ddassist")), "ingest", "--quiet"], env=env, capture_output=True, text=True, timeout=3600, check=False)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise RuntimeError(f"ddassist ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    return {"seconds": seconds, "peak_rss_mb": peak / 1024.0, "earlier_children_peak_mb": before / 1024.0, "summary": summary}


def start_server(env: dict[str, str], log_path: Path, timeout: float = 300) -> tuple[subprocess.Popen[bytes], str, float]:
    """`python app.py` (uvicorn) on loopback; returns once the page answers."""
    port = free_port()
    env = {**env, "DDA_HOST": "127.0.0.1", "DDA_PORT": str(port)}
    log = log_path.open("wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:  # loopback URL we built
                if resp.status == 200:
                    return proc, url, time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"the app did not answer on {url} within {timeout:.0f} s; see {log_path}")


def stop_server(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def make_client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False, httpx_kwargs={"timeout": 120})


# ---------------------------------------------------------------- chat users


def chat_phase(url: str, items: list[dict[str, Any]], users: int, seconds: float, think: tuple[float, float], seed: int) -> dict[str, Any]:
    """`users` threads, each with its own client, asking in a loop until the deadline."""
    lat: list[float] = []
    errors: Counter[str] = Counter()
    refused = 0
    client_s: list[float] = []
    guard = threading.Lock()
    start_barrier = threading.Barrier(users + 1)
    deadline_box: list[float] = []

    def user(n: int) -> None:
        nonlocal refused
        rng = random.Random(seed * 1000 + n)
        try:
            t0 = time.perf_counter()
            client = make_client(url)
            with guard:
                client_s.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001
            with guard:
                errors[f"client: {type(exc).__name__}: {str(exc)[:120]}"] += 1
            start_barrier.wait()
            return
        start_barrier.wait()
        k = rng.randrange(len(items))
        time.sleep(rng.uniform(0, think[1]))  # users do not all start in the same millisecond
        while time.monotonic() < deadline_box[0]:
            item = items[k % len(items)]
            k += 1
            history = json.dumps(item["history"]) if item.get("history") else ""
            t0 = time.perf_counter()
            try:
                res = client.predict(item["question"], history, api_name="/ask")
                took = time.perf_counter() - t0
                if not isinstance(res, dict) or "answer" not in res:
                    raise ValueError(f"unexpected result {str(res)[:80]}")
                with guard:
                    lat.append(took)
                    refused += bool(res.get("refused"))
            except Exception as exc:  # noqa: BLE001 - every failure is counted, the user goes on
                with guard:
                    errors[f"{type(exc).__name__}: {str(exc)[:120]}"] += 1
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    start_barrier.wait()
    started = time.monotonic()
    deadline_box.append(started + seconds)
    for t in threads:
        t.join(timeout=seconds + 300)
    wall = time.monotonic() - started
    return {
        "users": users,
        "seconds": seconds,
        "wall_s": wall,
        "requests": len(lat),
        "throughput_rps": len(lat) / wall if wall else 0.0,
        "latency": lat_stats(lat),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "refused": refused,
        "think_s": list(think),
        "client_setup": lat_stats(client_s),
        "stuck_threads": sum(t.is_alive() for t in threads),
    }


# ---------------------------------------------------------------- workshop round


def workshop_phase(url: str, settings: Any, participants: int, n_cards: int, think: tuple[float, float], seed: int) -> dict[str, Any]:
    """Trainer opens a session and warms the memos (as the app does); participants join, submit, reveal."""
    from assistant.types import Answer
    from assistant.web.workshop import Workshop

    local = threading.local()
    memo_s: list[float] = []

    def api_ask(question: str, history: Any = None, settings: Any = None, **options: Any) -> Answer:
        # the server computes the answer (grounded, its default engine); the workshop caches it
        if getattr(local, "client", None) is None:
            local.client = make_client(url)
        t0 = time.perf_counter()
        res = local.client.predict(question, json.dumps(history) if history else "", api_name="/ask")
        memo_s.append(time.perf_counter() - t0)
        return Answer.model_validate(res)

    ws = Workshop(settings, ask=api_ask, engine="grounded")
    card_ids = [c.id for c in ws.cards()[:n_cards]]
    ops: dict[str, list[float]] = {k: [] for k in ("open", "join", "card_view", "submit", "reveal", "trainer_view")}
    errors: Counter[str] = Counter()
    guard = threading.Lock()

    def timed(op: str, fn: Any, *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001
            with guard:
                errors[f"{op}: {type(exc).__name__}: {str(exc)[:120]}"] += 1
            return None
        with guard:
            ops[op].append(time.perf_counter() - t0)
        return out

    t_start = time.perf_counter()
    opened = timed("open", ws.start_session, "trainer", card_ids, "load bench")
    if opened is None:
        return {"errors": sum(errors.values()), "error_kinds": dict(errors)}
    code, trainer_key = opened.code, opened.trainer_key
    warm = ws.warm(card_ids)
    done = threading.Event()
    revealed = Counter()

    def participant(n: int) -> None:
        rng = random.Random(seed * 7919 + n)
        time.sleep(rng.uniform(0, 5))  # people arrive over a few seconds
        member = timed("join", ws.enter, code, f"Participant {n:02d}")
        if member is None:
            return
        name, token = member.name, member.token
        cards = timed("card_view", ws.session_cards, code) or []
        for card in cards:
            time.sleep(rng.uniform(*think))  # reading the card and writing an answer
            text = f"{name}: before quoting, screen the buyer and end user, check the product against the lists and the destination's sanctions; card {card.id}. " * 4
            timed("submit", lambda c=card.id, t=text: ws.submit(code, name, c, t, token=token))
            time.sleep(rng.uniform(0, think[0]))
            rev = timed("reveal", lambda c=card.id: ws.reveal(code, name, c, token=token))
            if rev is not None:
                with guard:
                    revealed[card.id] += 1
            timed("card_view", lambda c=card.id: ws.response(code, name, c, token=token))

    def trainer() -> None:
        while not done.wait(2.0):
            timed("trainer_view", lambda: ws.trainer_page(code, 1, trainer_key=trainer_key))
            timed("trainer_view", lambda: ws.participants(code, trainer_key=trainer_key))

    people = [threading.Thread(target=participant, args=(n,), daemon=True) for n in range(participants)]
    trainer_thread = threading.Thread(target=trainer, daemon=True)
    trainer_thread.start()
    for t in people:
        t.start()
    budget = 5 + n_cards * (think[1] * 2 + 120)
    for t in people:
        t.join(timeout=max(1.0, budget - (time.perf_counter() - t_start)))
    done.set()
    trainer_thread.join(timeout=10)
    warm.join(timeout=10)
    view = ws.trainer_view(code, trainer_key=trainer_key)
    return {
        "participants": participants,
        "cards": card_ids,
        "wall_s": time.perf_counter() - t_start,
        "ops": {k: lat_stats(v) for k, v in ops.items()},
        "memo_via_api": lat_stats(memo_s),
        "responses_stored": sum(len(v) for v in view.values()),
        "revealed": sum(revealed.values()),
        "expected": participants * len(card_ids),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "stuck_threads": sum(t.is_alive() for t in people),
    }


# ---------------------------------------------------------------- abuse


def _post(url: str, body: bytes, content_type: str, timeout: float = 60.0) -> tuple[int, str]:
    """POST over http.client, so that a server that refuses before reading the whole body still gives its status."""
    import http.client
    from urllib.parse import urlparse

    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.putrequest("POST", parts.path or "/")
        conn.putheader("Content-Type", content_type)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        try:
            conn.send(body)
        except OSError:
            pass  # the server answered and closed before the body was sent
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def call_ask(url: str, question: str, history_json: str, timeout: float = 120.0) -> tuple[str, str, float]:
    """One `/gradio_api/call/ask` round trip over raw HTTP: (outcome, one-line message, seconds).

    outcome is "answer" (with warnings when the history was trimmed), "error" (gradio's error
    event, i.e. a refusal with a message) or "http <status>".
    """
    t0 = time.perf_counter()
    body = json.dumps({"data": [question, history_json]}).encode("utf-8")  # ASCII escapes: a lone surrogate survives
    status, text = _post(url + "gradio_api/call/ask", body, "application/json", timeout)
    if status != 200:
        return f"http {status}", text.strip().splitlines()[0][:160] if text.strip() else "", time.perf_counter() - t0
    event_id = json.loads(text)["event_id"]
    with urllib.request.urlopen(url + f"gradio_api/call/ask/{event_id}", timeout=timeout) as resp:  # loopback
        stream = resp.read().decode("utf-8", "replace")
    took = time.perf_counter() - t0
    # the stream may start with heartbeats; the outcome is the complete or error event and the data after it
    lines = stream.splitlines()
    event, data = "", ""
    for i, line in enumerate(lines):
        if line.startswith("event:") and line.split(":", 1)[1].strip() in {"complete", "error"}:
            event = line.split(":", 1)[1].strip()
            data = next((d.split(":", 1)[1].strip() for d in lines[i + 1:] if d.startswith("data:")), "")
            break
    if event == "complete":
        answer = json.loads(data)[0]
        warn = "; ".join(w for w in answer.get("warnings", []) if "earlier turns" in w)
        return "answer", (warn or "no trim warning")[:160], took
    return "error", data[:160], took


def upload(url: str, size: int, timeout: float = 60.0) -> tuple[str, float]:
    """POST a `size`-byte file to gradio's upload route; returns (status or exception, seconds)."""
    import http.client
    from urllib.parse import urlparse

    parts = urlparse(url)
    boundary = "ddabenchboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.putrequest("POST", "/gradio_api/upload")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(head) + size + len(tail)))
        conn.endheaders()
        chunk = b"\0" * 2**20
        try:
            conn.send(head)
            for _ in range(size // len(chunk)):
                conn.send(chunk)
            conn.send(tail)
        except OSError:
            pass  # the server answered and closed before the body was sent: that is a refusal
        resp = conn.getresponse()
        return f"http {resp.status}", time.perf_counter() - t0
    except OSError as exc:
        return f"{type(exc).__name__}", time.perf_counter() - t0
    finally:
        conn.close()


def abuse_round(url: str) -> list[dict[str, Any]]:
    """The issue-13 probes, once: each returns what happened and how long it took."""
    big_turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": "x" * 2**20} for i in range(6)]
    six_mb = json.dumps(big_turns)
    results: list[dict[str, Any]] = []
    guard = threading.Lock()

    def run(name: str, fn: Any) -> None:
        try:
            outcome = fn()
        except Exception as exc:  # noqa: BLE001 - recorded, not raised
            outcome = (f"{type(exc).__name__}", str(exc)[:160], 0.0)
        with guard:
            results.append({"probe": name, "outcome": outcome[0], "message": outcome[1] if len(outcome) > 2 else "",
                            "seconds": round(outcome[-1], 3)})

    threads = [threading.Thread(target=run, args=(f"6 MB history #{i}", lambda: call_ask(url, "And what about Iran?", six_mb)))
               for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    run("lone surrogate", lambda: call_ask(url, "Can we sell cameras to Iran \ud800?", ""))
    run("nested history", lambda: call_ask(url, "And Iran?", "[" * 5000 + "]" * 5000))
    run("20 MB history", lambda: call_ask(url, "And Iran?", json.dumps([{"role": "user", "content": "y" * 20 * 2**20}])))
    run("50 MB upload", lambda: upload(url, 50 * 2**20))
    return results


class Abuser(threading.Thread):
    """Runs `abuse_round` once a minute until stopped."""

    def __init__(self, url: str, every: float = 60.0) -> None:
        super().__init__(daemon=True)
        self.url, self.every = url, every
        self.rounds: list[dict[str, Any]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        t0 = time.monotonic()
        while not self._halt.wait(5.0 if not self.rounds else self.every):
            self.rounds.append({"t_s": round(time.monotonic() - t0, 1), "probes": abuse_round(self.url)})

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=300)


def rss_per_minute(samples: list[tuple[float, float]]) -> list[dict[str, float]]:
    """Per minute of the run: the RSS sampled at the minute mark and the highest RSS within that minute."""
    rows: list[dict[str, float]] = []
    if not samples:
        return rows
    last = samples[-1][0]
    minute = 0
    while minute * 60 <= last:
        window = [v for t, v in samples if minute * 60 <= t < (minute + 1) * 60]
        at = min(samples, key=lambda s: abs(s[0] - minute * 60))[1]
        rows.append({"minute": minute, "rss_mb": round(at, 1), "max_in_minute_mb": round(max(window), 1) if window else round(at, 1)})
        minute += 1
    return rows


def write_rss_files(out: Path, rows: list[dict[str, float]], title: str) -> None:
    """`load-rss.csv` and `load-rss.png` (RSS per minute against the 1.5 GB goal)."""
    out.mkdir(parents=True, exist_ok=True)
    lines = ["minute,rss_mb,max_in_minute_mb"] + [f"{r['minute']},{r['rss_mb']},{r['max_in_minute_mb']}" for r in rows]
    (out / "load-rss.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - matplotlib is a project dependency
        return
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([r["minute"] for r in rows], [r["rss_mb"] for r in rows], marker="o", label="RSS at the minute mark")
    ax.plot([r["minute"] for r in rows], [r["max_in_minute_mb"] for r in rows], linestyle="--", label="highest in the minute")
    ax.axhline(GOAL_RSS_MB, color="red", linewidth=1, label=f"goal {GOAL_RSS_MB:.0f} MiB")
    ax.set_xlabel("minute of the run")
    ax.set_ylabel("server RSS (MiB)")
    ax.set_ylim(0, max(GOAL_RSS_MB * 1.1, max((r["max_in_minute_mb"] for r in rows), default=0) * 1.1))
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "load-rss.png", dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------- report


def ok(flag: bool) -> str:
    return "✅" if flag else "❌"


def render(res: dict[str, Any]) -> str:
    ing, srv, chat, ws = res.get("ingest"), res["server"], res["chat"], res["workshop"]
    m = srv["rss_marks_mb"]
    lat = chat["latency"]
    lines = [f"Run {res['date']} — {res['host']}; {res['note']}", "", "| metric | value | goal |", "|---|---|---|"]
    if ing:
        lines.append(f"| `ddassist ingest` (child process, fresh index): {ing['summary'].removeprefix('ingest: ').split(', 0 unchanged')[0]} | {ing['seconds']:.0f} s, peak RSS {ing['peak_rss_mb']:.0f} MiB | |")
    lines += [
        f"| server start → page answers | {srv['start_s']:.1f} s | |",
        f"| first `/ask` (cold: loads embedder and index) | {srv['cold_ask_s'] * 1e3:.0f} ms | |",
        f"| chat: {chat['users']} users × {chat['seconds']:.0f} s, think {chat['think_s'][0]:g}–{chat['think_s'][1]:g} s | {chat['requests']} answers, {chat['throughput_rps']:.2f} answers/s, {chat['refused']} refused | |",
        f"| chat `/ask` latency p50 / p95 / max (grounded) | {lat['p50_ms']:.0f} / {lat['p95_ms']:.0f} / {lat['max_ms']:.0f} ms | p95 < {GOAL_P95_S:.0f} s {ok(lat['n'] > 0 and lat['p95_ms'] < GOAL_P95_S * 1e3)} |",
        f"| chat errors | {chat['errors']}{' — ' + '; '.join(f'{v}× {k}' for k, v in chat['error_kinds'].items()) if chat['errors'] else ''} | 0 {ok(chat['errors'] == 0)} |",
    ]
    if "ops" in ws:
        o = ws["ops"]
        lines += [
            f"| workshop: {ws['participants']} participants × {len(ws['cards'])} cards, trainer polling every 2 s | {ws['wall_s']:.0f} s wall, {ws['responses_stored']}/{ws['expected']} answers stored, {ws['revealed']}/{ws['expected']} reveals | |",
            f"| workshop join / submit / reveal p95 | {o['join']['p95_ms']:.0f} / {o['submit']['p95_ms']:.0f} / {o['reveal']['p95_ms']:.0f} ms (reveal max {o['reveal']['max_ms']:.0f} ms) | |",
            f"| workshop trainer view p50 / p95; memos computed via `/ask` | {o['trainer_view']['p50_ms']:.0f} / {o['trainer_view']['p95_ms']:.0f} ms; {ws['memo_via_api']['n']} memos, max {ws['memo_via_api']['max_ms']:.0f} ms | |",
        ]
    lines += [
        f"| workshop errors | {ws['errors']}{' — ' + '; '.join(f'{v}× {k}' for k, v in ws['error_kinds'].items()) if ws['errors'] else ''} | 0 {ok(ws['errors'] == 0)} |",
        f"| server RSS: idle / after warm-up / chat mid / chat end / after workshop | {m['idle']:.0f} / {m['warm']:.0f} / {m.get('chat_mid', 0):.0f} / {m['chat_end']:.0f} / {m['workshop_end']:.0f} MiB | |",
        f"| server RSS growth, second half of chat (end − mid) | {srv['growth_mb']:+.0f} MiB (whole chat phase: {m['chat_end'] - m['warm']:+.0f} MiB) | < {GOAL_GROWTH_MB:.0f} MiB {ok(srv['growth_mb'] < GOAL_GROWTH_MB)} |",
        f"| server peak RSS (sampled every 1 s) | {srv['peak_rss_mb']:.0f} MiB | < {GOAL_RSS_MB:.0f} MiB {ok(srv['peak_rss_mb'] < GOAL_RSS_MB)} |",
    ]
    minutes = srv.get("rss_per_minute") or []
    if minutes:
        top = max(minutes, key=lambda r: r["max_in_minute_mb"])
        lines.append(
            f"| server RSS per minute: start / peak / end ({len(minutes)} minutes, `load-rss.csv`, `load-rss.png`) | "
            f"{minutes[0]['rss_mb']:.0f} / {top['max_in_minute_mb']:.0f} (minute {top['minute']}) / {srv.get('rss_end_mb', minutes[-1]['rss_mb']):.0f} MiB | |"
        )
    abuse = res.get("abuse") or []
    if abuse:
        by_probe: dict[str, list[dict[str, Any]]] = {}
        for rnd in abuse:
            for p in rnd["probes"]:
                by_probe.setdefault(p["probe"].split(" #")[0], []).append(p)
        for probe, runs in by_probe.items():
            outcomes = Counter(r["outcome"] for r in runs)
            worst = max(r["seconds"] for r in runs)
            lines.append(
                f"| abuse: {probe} ({len(runs)}×) | {', '.join(f'{v}× {k}' for k, v in outcomes.items())}; max {worst:.2f} s; "
                f"e.g. “{runs[-1]['message'][:90]}” | |"
            )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the chat phase")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"), help="chat think time range, seconds")
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--cards", type=int, default=3, help="scenario cards in the workshop session")
    parser.add_argument("--ws-think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"), help="workshop writing time per card, seconds")
    parser.add_argument("--index", type=Path, help="serve this index dir; built there by the measured ingest if empty")
    parser.add_argument("--no-ingest", action="store_true", help="with --index: skip the ingest peak-RSS measurement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--note", default="", help="free text recorded with the run, e.g. concurrent load")
    parser.add_argument("--abuse", action="store_true", help="run the issue-13 abuse probes once a minute during the chat phase")
    args = parser.parse_args()
    from assistant.search.store import read_state

    docs = Path(os.environ.get("DDA_DOCUMENTS_DIR") or (ROOT.parent / "shared" / "corpus")).resolve()
    items = load_items()
    load1 = os.getloadavg()[0]
    res: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "documents_dir": str(docs),
    }
    with tempfile.TemporaryDirectory(prefix="dda-load-") as tmp_name:
        tmp = Path(tmp_name)
        index_dir = args.index.resolve() if args.index else tmp / "index"
        data_dir = tmp / "data"
        settings = get_settings(documents_dir=docs, index_dir=index_dir, data_dir=data_dir, chroma_url="", auth_file=None)
        res["ingest"] = None
        if read_state(settings) is None:
            stage(f"ddassist ingest {docs} → {index_dir}")
            res["ingest"] = measure_ingest(docs, index_dir)
        elif not args.no_ingest:
            stage(f"ddassist ingest {docs} → fresh temp index (peak RSS only; serving {index_dir})")
            res["ingest"] = measure_ingest(docs, tmp / "ingest-rss-index")
        if res["ingest"]:
            stage(f"{res['ingest']['summary']}; peak RSS {res['ingest']['peak_rss_mb']:.0f} MiB")

        env = {k: v for k, v in os.environ.items() if k not in {"DDA_CHROMA_URL", "DDA_AUTH_FILE"}}
        env.update(DDA_DOCUMENTS_DIR=str(docs), DDA_INDEX_DIR=str(index_dir), DDA_DATA_DIR=str(data_dir))
        stage("starting the app (python app.py) on loopback")
        server, url, start_s = start_server(env, tmp / "server.log")
        sampler = RssSampler(server.pid)
        try:
            sampler.mark("idle")
            sampler.start()
            client = make_client(url)
            t0 = time.perf_counter()
            client.predict(items[0]["question"], "", api_name="/ask")
            cold = time.perf_counter() - t0
            for item in items[1:4]:  # a few warm calls so that lazy imports are done before measuring growth
                client.predict(item["question"], "", api_name="/ask")
            sampler.mark("warm")
            stage(f"server ready at {url} in {start_s:.1f} s; first /ask {cold:.1f} s; {args.users} chat users for {args.seconds:.0f} s")
            mid_timer = threading.Timer(args.seconds / 2, lambda: sampler.mark("chat_mid"))
            mid_timer.start()
            abuser = Abuser(url) if args.abuse else None
            if abuser:
                abuser.start()
            res["chat"] = chat_phase(url, items, args.users, args.seconds, tuple(args.think), args.seed)
            mid_timer.cancel()
            if abuser:
                abuser.stop()
                res["abuse"] = abuser.rounds
            sampler.mark("chat_end")
            c = res["chat"]
            stage(f"chat: {c['requests']} answers, p95 {c['latency']['p95_ms']:.0f} ms, {c['errors']} errors; workshop round with {args.participants} participants")
            res["workshop"] = workshop_phase(url, settings, args.participants, args.cards, tuple(args.ws_think), args.seed)
            sampler.mark("workshop_end")
            stage(f"workshop: {res['workshop'].get('wall_s', 0):.0f} s, {res['workshop']['errors']} errors")
        finally:
            code = stop_server(server)
            sampler.stop()
            stage(f"app stopped (exit code {code})")
        log_tail = (tmp / "server.log").read_text(encoding="utf-8", errors="replace").splitlines()
        res["server_log_errors"] = [line for line in log_tail if "Traceback" in line or "ERROR" in line][:20]
    marks = sampler.marks
    res["server"] = {
        "start_s": start_s,
        "cold_ask_s": cold,
        "rss_marks_mb": marks,
        "growth_mb": marks["chat_end"] - marks.get("chat_mid", marks["warm"]),
        "peak_rss_mb": sampler.peak(),
        "rss_samples": [(round(t, 1), round(v, 1)) for t, v in sampler.samples],
        "rss_per_minute": rss_per_minute(sampler.samples),
        "rss_end_mb": sampler.samples[-1][1] if sampler.samples else marks["workshop_end"],
    }
    load2 = os.getloadavg()[0]
    res["loadavg_1m_start_end"] = [round(load1, 2), round(load2, 2)]
    res["note"] = args.note or f"1-min load average {load1:.1f} → {load2:.1f} (shared machine; the load generator runs on the same 2 cores)"
    table = render(res)
    write_results(args.out, "load", res, table)
    write_rss_files(args.out, res["server"]["rss_per_minute"],
                    f"dd-assistant server RSS, {args.users} chat users{' + abuse' if args.abuse else ''}, {res['date'][:16]}Z")


if __name__ == "__main__":
    main()
