"""Scale benchmark of dd-assistant: lexical engines, hybrid search and a Chroma server at N chunks.

Usage:  .venv/bin/python bench/scale.py [--chunks 100000] [--server] [--index DIR] [--out bench/results]

The real corpus ($DDA_DOCUMENTS_DIR, default ../shared/corpus) is indexed first (in a temp dir, or
in --index DIR, which is reused when it already holds an index). Its chunks are then grown to N:
each synthetic chunk is a real chunk with varied text (entities, countries, numbers, dates swapped;
sentences shuffled, dropped, duplicated) and a perturbed vector (real vector + Gaussian noise,
renormalised) — re-embedding 100k chunks would take about an hour on 2 cores. Every measurement
runs in its own child process so that RSS figures are not polluted by the generator.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import apply_offline_env

apply_offline_env()

from assistant.settings import Settings, get_settings
from bench.benchlib import lat_stats, peak_rss_mb, rss_mb, write_results

N_QUERIES = 50
CHROMA_MAX_BATCH = 5000  # Chroma rejects larger add() batches
GOAL_HYBRID_P95_MS = 100.0


# ---------------------------------------------------------------- helpers (same conventions as run.py)










def load_questions(limit: int) -> list[str]:
    with (ROOT / "eval" / "dev" / "core.jsonl").open(encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return [it["question"] for it in items[:limit]]


def stage(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


class PeakSampler:
    """Highest RSS of this process seen by a background thread (every 20 ms) while the block runs."""

    def __init__(self) -> None:
        import threading

        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- synthetic corpus

COUNTRIES = ["Iran", "Syria", "Belarus", "Russia", "Myanmar", "Venezuela", "China", "Turkey", "Egypt", "Kazakhstan", "Azerbaijan", "Pakistan"]
CITIES = ["Tehran", "Isfahan", "Mashhad", "Tabriz", "Shiraz", "Dubai", "Sharjah", "Istanbul", "Baku", "Almaty", "Minsk", "Yerevan", "Karachi", "Muscat", "Doha"]
SYLLABLES = ["ar", "van", "kav", "ir", "pars", "tek", "nor", "sep", "ehr", "dan", "mah", "zar", "bin", "tal", "ros", "ken", "vis", "lum", "sor", "qad", "bar", "fal", "gol", "rix"]
SUFFIXES = ["Vision", "Secure Systems", "Trading", "Integrators", "Electronics", "Technologies", "Optics", "Security", "Imaging", "Networks"]
FORMS = ["Co.", "LLC", "FZE", "GmbH", "B.V.", "Ltd", "JSC", "S.A."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
TEMPLATES = [
    "{entity} of {city}, {country}, was named as the buyer on {date}.",
    "On {date} {entity} asked for a quotation for delivery to {city}.",
    "The end-user statement signed by {entity} ({city}) is dated {date}.",
    "{entity} re-exported {n} units via {city} before {date}.",
    "Screening of {entity} against the listings was last run on {date}.",
]
_SENT = re.compile(r"(?<=[.;:!?])\s+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUM = re.compile(r"\b\d{1,4}\b")
_COUNTRY = re.compile(r"\b(" + "|".join(COUNTRIES) + r")\b")


def _entity(rng: random.Random) -> str:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{name} {rng.choice(SUFFIXES)} {rng.choice(FORMS)}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2012, 2031)}"


def vary_text(text: str, rng: random.Random) -> str:
    """A plausible variant: numbers, years and countries swapped; sentences shuffled, dropped, duplicated; an entity sentence added."""
    original = text
    if rng.random() < 0.6:
        text = _YEAR.sub(lambda m: str(rng.randint(1995, 2031)), text)
    if rng.random() < 0.5:
        text = _NUM.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0, 10 ** len(m.group()) - 1)), text)
    if rng.random() < 0.5:
        swap = {c: rng.choice(COUNTRIES) for c in COUNTRIES}
        text = _COUNTRY.sub(lambda m: swap[m.group(1)], text)
    sentences = [s for s in _SENT.split(text) if s.strip()]
    if len(sentences) > 2 and rng.random() < 0.3:
        sentences.pop(rng.randrange(len(sentences)))
    if sentences and rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        sentences.insert(i, sentences[i])
    if len(sentences) > 1:
        if rng.random() < 0.5:
            rng.shuffle(sentences)
        else:
            k = rng.randrange(len(sentences))
            sentences = sentences[k:] + sentences[:k]
    if rng.random() < 0.7 or " ".join(sentences) == original:
        extra = rng.choice(TEMPLATES).format(entity=_entity(rng), city=rng.choice(CITIES), country=rng.choice(COUNTRIES), date=_date(rng), n=rng.randint(2, 900))
        sentences.insert(rng.randint(0, len(sentences)), extra)
    return " ".join(sentences)


def synthesize(rows: list[dict[str, Any]], vectors: Any, n_total: int, noise: float, seed: int) -> tuple[list[dict[str, Any]], Any, dict[str, float]]:
    """The real rows and vectors plus (n_total - real) varied copies."""
    import numpy as np

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    n_real = len(rows)
    n_syn = max(0, n_total - n_real)
    src = nrng.integers(0, n_real, size=n_syn)
    out_rows = list(rows)
    for j, i in enumerate(src.tolist()):
        row = dict(rows[i])
        row["chunk_id"] = f"{row['chunk_id']}~syn{j}"
        row["text"] = vary_text(row["text"], rng)
        out_rows.append(row)
    base = vectors[src]
    noisy = base + nrng.normal(0.0, noise, size=base.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    cos = (noisy * base).sum(axis=1) if n_syn else np.ones(1)
    all_vectors = np.concatenate([vectors, noisy.astype(np.float32)]) if n_syn else vectors
    identical = sum(1 for j, i in enumerate(src.tolist()) if out_rows[n_real + j]["text"] == rows[i]["text"])
    return out_rows, all_vectors, {"cos_to_source_mean": float(cos.mean()), "cos_to_source_min": float(cos.min()), "texts_unchanged": identical}


# ---------------------------------------------------------------- the real index


def real_index(settings: Settings) -> tuple[list[dict[str, Any]], Any, dict[str, Any]]:
    """Build (or reuse) the real index and return its rows, vectors and ingest facts."""
    import numpy as np

    from assistant.search.store import _load_chunk_rows, build_index, chroma_client, read_state

    facts: dict[str, Any] = {}
    if read_state(settings) is None:
        stage(f"ingesting the real corpus {settings.documents_dir} into {settings.index_dir}")
        report = build_index(settings)
        stage(report.summary())
        facts.update(ingest_s=report.seconds, ingest_chunks=report.chunks, ingest_errors=len(report.errors), reused_index=False)
    else:
        facts["reused_index"] = True
    state = read_state(settings)
    assert state is not None
    by_id = _load_chunk_rows(settings, state.build_id)
    rows = list(by_id.values())
    collection = chroma_client(settings).get_collection(state.collection, embedding_function=None)
    vecs: dict[str, Any] = {}
    ids = [r["chunk_id"] for r in rows]
    for start in range(0, len(ids), CHROMA_MAX_BATCH):
        got = collection.get(ids=ids[start : start + CHROMA_MAX_BATCH], include=["embeddings"])
        vecs.update(zip(got["ids"], got["embeddings"], strict=True))
    vectors = np.asarray([vecs[i] for i in ids], dtype=np.float32)
    facts.update(real_chunks=len(rows), dim=int(vectors.shape[1]), build_id=state.build_id)
    return rows, vectors, facts


def write_build(index_dir: Path, build_id: str, rows: list[dict[str, Any]]) -> float:
    """chunks.jsonl plus the project's bm25s index for a synthetic build; returns the lexical build seconds."""
    from assistant.search.store import _write_rows
    from assistant.search.lexical import build_lexical_index

    build_dir = index_dir / "builds" / build_id
    build_dir.mkdir(parents=True, exist_ok=True)
    _write_rows(build_dir, rows)
    t0 = time.perf_counter()
    build_lexical_index(build_dir, rows)
    return time.perf_counter() - t0


# ---------------------------------------------------------------- child processes


def run_child(args: list[str], env: dict[str, str] | None = None, timeout: float = 3600) -> dict[str, Any]:
    """Run this script in child mode; the child prints its result as JSON on its last stdout line."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args], stdout=subprocess.PIPE, text=True, env=env, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child_engine(engine: str, texts_file: Path, queries_file: Path, work: Path) -> dict[str, Any]:
    """One lexical engine over the same project tokens: build time, query latency, RSS delta."""
    import numpy as np

    from assistant.text import tokenize

    with texts_file.open(encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle]
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    corpus = [tokenize(t) or ["_empty_"] for t in texts]
    tokenize_s = time.perf_counter() - t0
    n_cand = get_settings().retrieval.candidates
    gc.collect()
    before = rss_mb()
    disk_mb = 0.0
    sampler = PeakSampler().__enter__()
    t0 = time.perf_counter()
    if engine == "bm25s":
        import bm25s

        model = bm25s.BM25()
        model.index(corpus, show_progress=False)
        build_s = time.perf_counter() - t0
        sampler.__exit__()
        model.save(str(work / "bm25s"), show_progress=False)
        disk_mb = dir_mb(work / "bm25s")

        def query(q: str) -> list[int]:
            scores = model.get_scores(tokenize(q))
            top = np.argpartition(-scores, n_cand)[:n_cand]
            return top[np.argsort(-scores[top], kind="stable")].tolist()

    elif engine == "rank-bm25":
        from rank_bm25 import BM25Okapi

        model = BM25Okapi(corpus)
        build_s = time.perf_counter() - t0
        sampler.__exit__()

        def query(q: str) -> list[int]:
            tokens = tokenize(q)
            if not tokens:
                return []
            scores = model.get_scores(tokens)
            top = np.argpartition(-scores, n_cand)[:n_cand]
            return top[np.argsort(-scores[top], kind="stable")].tolist()

    elif engine == "fts5":
        import sqlite3

        path = work / "fts5.sqlite3"
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("CREATE VIRTUAL TABLE chunks USING fts5(body, tokenize='unicode61')")
        conn.executemany("INSERT INTO chunks(rowid, body) VALUES (?, ?)", ((n, " ".join(toks)) for n, toks in enumerate(corpus)))
        conn.commit()
        build_s = time.perf_counter() - t0
        sampler.__exit__()
        disk_mb = sum(dir_mb(f) for f in work.glob("fts5.sqlite3*"))

        def query(q: str) -> list[int]:
            tokens = sorted(set(tokenize(q)))
            if not tokens:
                return []
            match = " OR ".join(f'"{t}"' for t in tokens)
            sql = "SELECT rowid FROM chunks WHERE chunks MATCH ? ORDER BY bm25(chunks) LIMIT ?"
            return [r[0] for r in conn.execute(sql, (match, n_cand))]

    else:
        raise SystemExit(f"unknown engine {engine}")
    gc.collect()
    after_build = rss_mb()
    query(queries[0])  # warm-up, not timed
    times: list[float] = []
    hits = 0
    tops: list[list[int]] = []
    for q in queries:
        t1 = time.perf_counter()
        got = query(q)
        times.append(time.perf_counter() - t1)
        hits += len(got)
        tops.append(got[:10])
    return {
        "engine": engine,
        "docs": len(texts),
        "tokenize_s": tokenize_s,
        "build_s": build_s,
        "disk_mb": disk_mb,
        "rss_before_mb": before,
        "rss_delta_mb": after_build - before,
        "peak_rss_delta_mb": sampler.peak - before,
        "query": lat_stats(times),
        "mean_hits": hits / len(queries),
        "top10": tops,
    }


def child_write_chroma(index_dir: Path, build_id: str, vectors_file: Path, chroma_url: str, n_total: int) -> dict[str, Any]:
    """Add the build's chunks and vectors to a new Chroma collection (≤ 5000 per add) and switch state.json to it."""
    import numpy as np

    from assistant.search.store import COLLECTION_PREFIX, IndexState, _chunk_metadata, _load_chunk_rows, _write_state, chroma_client
    from assistant.split import CHUNKER_VERSION
    from assistant.types import Chunk

    settings = get_settings(index_dir=index_dir, chroma_url=chroma_url)
    rows = list(_load_chunk_rows(settings, build_id).values())
    vectors = np.load(vectors_file)
    client = chroma_client(settings)
    try:
        batch = min(CHROMA_MAX_BATCH, int(client.get_max_batch_size()))
    except Exception:  # noqa: BLE001 - older clients have no such call
        batch = CHROMA_MAX_BATCH
    name = f"{COLLECTION_PREFIX}{build_id}"
    collection = client.create_collection(name=name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
    t0 = time.perf_counter()
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        chunks = [Chunk(**{k: v for k, v in r.items() if k in Chunk.model_fields}) for r in part]
        collection.add(
            ids=[r["chunk_id"] for r in part],
            embeddings=vectors[start : start + len(part)],
            documents=[r["text"] for r in part],
            metadatas=[_chunk_metadata(c, r["kind"], r["jurisdiction"]) for c, r in zip(chunks, part, strict=True)],
        )
        if (start // batch) % 5 == 4:
            stage(f"  chroma add: {start + len(part)} / {len(rows)}")
    add_s = time.perf_counter() - t0
    count = collection.count()
    state = IndexState(
        build_id=build_id, collection=name, fingerprint=settings.fingerprint(), embedder=settings.embedding_model,
        chunker_version=CHUNKER_VERSION, corpus_version=f"synthetic-{n_total}", built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        chunk_count=len(rows), files={},
    )
    _write_state(settings, state)
    return {"add_s": add_s, "batch": batch, "count": count, "chunks_per_s": len(rows) / add_s if add_s else 0.0, "peak_rss_mb": peak_rss_mb()}


def wait_idle(pids: list[int], limit_s: float, cores: float = 0.15, window_s: float = 2.0) -> float:
    """Wait until these processes together use < `cores` CPU over `window_s` (Chroma indexes in background
    threads after a bulk add or on opening a fresh collection); returns the seconds waited."""
    import psutil

    procs = [psutil.Process(p) for p in pids]

    def cpu() -> float:
        return sum(sum(pr.cpu_times()[:2]) for pr in procs)

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        before = cpu()
        time.sleep(window_s)
        if (cpu() - before) / window_s < cores:
            break
    return time.perf_counter() - t0


def child_hybrid(index_dir: Path, queries_file: Path, chroma_url: str, settle_pids: list[int] | None = None, settle_s: float = 0.0) -> dict[str, Any]:
    """The project's search() at this index: cold first query, then warm p50/p95 per mode, and RSS."""
    from assistant.embed import get_embedder
    from assistant.search.store import load_index
    from assistant.search import search

    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    settings = get_settings(index_dir=index_dir, data_dir=index_dir / "data", chroma_url=chroma_url)
    base = rss_mb()
    t0 = time.perf_counter()
    search(queries[0], settings, mode="hybrid")  # loads the embedder, rows, bm25s and the collection
    cold_s = time.perf_counter() - t0
    loaded = rss_mb()
    out: dict[str, Any] = {"chunks": None, "cold_first_query_s": cold_s, "rss_start_mb": base, "rss_loaded_mb": loaded}
    if settle_s > 0:
        out["settle_s"] = wait_idle([os.getpid(), *(settle_pids or [])], settle_s)
        stage(f"  background work settled after {out['settle_s']:.0f} s")
    embedder = get_embedder(settings)
    index_obj = load_index(settings)
    n_cand = max(settings.retrieval.candidates, settings.retrieval.k)
    modes = ("lexical", "dense", "hybrid")
    for mode in modes:
        search(queries[0], settings, mode=mode)  # warm-up, not timed
    # Interleaved: per question every measurement in turn (rotated order), so that load from other
    # jobs on the machine hits all of them alike instead of one block.
    times: dict[str, list[float]] = {m: [] for m in ("embed_query", "chroma_query", *modes)}
    gc_before = gc.get_stats()[2]["collections"]
    cpu_before = sum(os.times()[:2])
    wall_before = time.perf_counter()
    for n, q in enumerate(queries):
        steps = ["embed", *modes]
        steps = steps[n % len(steps) :] + steps[: n % len(steps)]
        for step in steps:
            t1 = time.perf_counter()
            if step == "embed":
                vector = embedder.embed_query(q)
                times["embed_query"].append(time.perf_counter() - t1)
                t1 = time.perf_counter()
                index_obj.collection.query(query_embeddings=[vector], n_results=n_cand, include=["distances"])
                times["chroma_query"].append(time.perf_counter() - t1)
            else:
                hits = search(q, settings, mode=step)
                times[step].append(time.perf_counter() - t1)
                assert hits, f"no hits for {q[:40]!r} in {step} mode"
    out["gc_gen2_collections"] = gc.get_stats()[2]["collections"] - gc_before
    out["process_cpu_cores_while_timing"] = (sum(os.times()[:2]) - cpu_before) / (time.perf_counter() - wall_before)
    for key, values in times.items():
        out[key] = lat_stats(values)
    out["loadavg_1m_end"] = os.getloadavg()[0]
    out["chunks"] = len(load_index(settings).ids)
    out["rss_end_mb"] = rss_mb()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def child_main(argv: list[str]) -> None:
    kind, rest = argv[0], argv[1:]
    if kind == "engine":
        res = child_engine(rest[0], Path(rest[1]), Path(rest[2]), Path(rest[3]))
    elif kind == "write-chroma":
        res = child_write_chroma(Path(rest[0]), rest[1], Path(rest[2]), rest[3], int(rest[4]))
    elif kind == "hybrid":
        pids = [int(x) for x in rest[3].split(",") if x] if len(rest) > 3 else []
        res = child_hybrid(Path(rest[0]), Path(rest[1]), rest[2], pids, float(rest[4]) if len(rest) > 4 else 0.0)
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(res))


# ---------------------------------------------------------------- Chroma server


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`chroma run` from the venv on a free loopback port; waits until it accepts connections."""
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    log = (path.parent / "chroma-server.log").open("wb")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {proc.returncode}; see {path.parent / 'chroma-server.log'}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc, f"http://127.0.0.1:{port}"
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("chroma run did not open its port within 90 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- report


def ok(flag: bool) -> str:
    return "✅" if flag else "❌"


def render(res: dict[str, Any]) -> str:
    n = res["chunks"]
    s = res["synthetic"]
    lines = [
        f"Run {res['date']} — {n} chunks ({res['real']['real_chunks']} real + {n - res['real']['real_chunks']} synthetic), {res['host']}; {res['note']}",
        "",
        (
            f"Synthetic corpus: generated in {s['generate_s']:.1f} s; vectors = real + N(0, {res['noise']}²) per dimension, renormalised "
            f"(cosine to the source vector: mean {s['cos_to_source_mean']:.3f}, min {s['cos_to_source_min']:.3f}); "
            f"{s['texts_unchanged']} synthetic texts identical to their source."
        ),
        "",
        f"**(a) Lexical engines at {n} chunks** (same project tokens for all; {N_QUERIES} dev-set questions, top {res['candidates']}; one warm-up query)",
        "",
        "| engine | tokenize | index build | on disk | RSS delta (peak) | query p50 / p95 | top-10 overlap with bm25s |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in res["engines"]:
        if "error" in e:
            lines.append(f"| {e['engine']} | — | failed: {e['error']} | | | | |")
            continue
        q = e["query"]
        disk = f"{e['disk_mb']:.0f} MiB" if e["disk_mb"] else "— (in memory)"
        lines.append(f"| {e['engine']} | {e['tokenize_s']:.1f} s | {e['build_s']:.1f} s | {disk} | {e['rss_delta_mb']:.0f} MiB ({e['peak_rss_delta_mb']:.0f}) | {q['p50_ms']:.1f} / {q['p95_ms']:.1f} ms | {e.get('top10_overlap_with_bm25s', 0):.0%} |")
    lines += [
        "",
        f"**(b, c) The project's `search()`** ({N_QUERIES} dev-set questions, warm; the cold row is the first query of a fresh process)",
        "",
        "| setup | chunks | write to Chroma | cold first query | embed query p50 / p95 | Chroma query only p50 / p95 | lexical p50 / p95 | dense p50 / p95 | hybrid p50 / p95 | process RSS | goal hybrid p95 < 100 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for h in res["hybrid"]:
        if "error" in h:
            lines.append(f"| {h['setup']} | | failed: {h['error']} | | | | | | | | |")
            continue
        w = h.get("write")
        write = f"{w['add_s']:.0f} s ({w['chunks_per_s']:.0f}/s, batch {w['batch']})" if w else "(real ingest)"
        if h.get("settle_s") is not None:
            write += f"; idle after {h['settle_s']:.0f} s"
        rss = f"{h['rss_end_mb']:.0f} MiB"
        if h.get("server_rss_mb") is not None:
            rss += f" + server {h['server_rss_mb']:.0f} MiB"
        hy = h["hybrid"]
        goal = ok(hy["p95_ms"] < GOAL_HYBRID_P95_MS) if h["chunks"] >= n else ""
        lines.append(
            f"| {h['setup']} | {h['chunks']} | {write} | {h['cold_first_query_s']:.1f} s | {h['embed_query']['p50_ms']:.1f} / {h['embed_query']['p95_ms']:.1f} ms | "
            f"{h['chroma_query']['p50_ms']:.1f} / {h['chroma_query']['p95_ms']:.1f} ms | "
            f"{h['lexical']['p50_ms']:.1f} / {h['lexical']['p95_ms']:.1f} ms | {h['dense']['p50_ms']:.1f} / {h['dense']['p95_ms']:.1f} ms | "
            f"{hy['p50_ms']:.1f} / {hy['p95_ms']:.1f} ms | {rss} | {goal} |"
        )
    lines += ["", f"Project bm25s build (tokenize + index + save) inside the synthetic build: {res['project_lexical_build_s']:.1f} s."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="total chunks, real + synthetic")
    parser.add_argument("--server", action="store_true", help="also measure against a `chroma run` server")
    parser.add_argument("--index", type=Path, help="index dir of the real corpus: reused if built, else built there and kept")
    parser.add_argument("--engines", default="bm25s,rank-bm25,fts5", help="lexical engines to compare")
    parser.add_argument("--noise", type=float, default=0.015, help="std-dev of the Gaussian noise per vector dimension")
    parser.add_argument("--settle", type=float, default=180.0, help="at most this many seconds to wait, before timing, for Chroma's background indexing to finish (0: time at once)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--note", default="", help="free text recorded with the run, e.g. concurrent load")
    args = parser.parse_args()
    import numpy as np

    docs = Path(os.environ.get("DDA_DOCUMENTS_DIR") or (ROOT.parent / "shared" / "corpus")).resolve()
    queries = load_questions(N_QUERIES)
    load1 = os.getloadavg()[0]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dda-scale-") as tmp_name:
        tmp = Path(tmp_name)
        real_dir = args.index.resolve() if args.index else tmp / "real-index"
        settings = get_settings(documents_dir=docs, index_dir=real_dir, data_dir=tmp / "data", chroma_url="")
        rows, vectors, real = real_index(settings)
        stage(f"real index: {real['real_chunks']} chunks, dim {real['dim']}; growing to {args.chunks}")
        t0 = time.perf_counter()
        syn_rows, syn_vectors, syn_facts = synthesize(rows, vectors, args.chunks, args.noise, args.seed)
        syn_facts["generate_s"] = time.perf_counter() - t0
        del rows, vectors
        build_id = "synthetic-" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        emb_dir = tmp / "syn-embedded"
        stage(f"writing chunks.jsonl and the project's bm25s index for {len(syn_rows)} chunks")
        lexical_build_s = write_build(emb_dir, build_id, syn_rows)
        np.save(tmp / "vectors.npy", syn_vectors)
        del syn_vectors
        from assistant.search.fields import lexical_text
        from assistant.types import Chunk

        with (tmp / "texts.jsonl").open("w", encoding="utf-8") as handle:
            for r in syn_rows:
                handle.write(json.dumps(lexical_text(Chunk(**{k: v for k, v in r.items() if k in Chunk.model_fields}))) + "\n")
        n_total = len(syn_rows)
        del syn_rows
        gc.collect()
        queries_file = tmp / "queries.json"
        queries_file.write_text(json.dumps(queries), encoding="utf-8")

        engines: list[dict[str, Any]] = []
        for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
            stage(f"(a) lexical engine {engine} at {n_total} chunks")
            work = tmp / f"engine-{engine}"
            work.mkdir()
            try:
                engines.append(run_child(["engine", engine, str(tmp / "texts.jsonl"), str(queries_file), str(work)]))
            except Exception as exc:  # noqa: BLE001 - one failing engine must not lose the others
                engines.append({"engine": engine, "error": str(exc)})
            shutil.rmtree(work, ignore_errors=True)
        ref = next((e["top10"] for e in engines if e.get("engine") == "bm25s" and "top10" in e), None)
        for e in engines:
            if ref and "top10" in e:
                e["top10_overlap_with_bm25s"] = statistics.fmean(len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(e["top10"], ref, strict=True))
            e.pop("top10", None)

        hybrid: list[dict[str, Any]] = []
        env = {k: v for k, v in os.environ.items() if k != "DDA_CHROMA_URL"}
        stage(f"(b) search() on the real index ({real['real_chunks']} chunks), embedded Chroma")
        hybrid.append({"setup": "real corpus, embedded Chroma", **run_child(["hybrid", str(real_dir), str(queries_file), "", "", str(args.settle)], env=env)})
        stage(f"(b) writing {n_total} chunks to embedded Chroma")
        try:
            write = run_child(["write-chroma", str(emb_dir), build_id, str(tmp / "vectors.npy"), "", str(n_total)], env=env)
            stage(f"(b) search() at {n_total} chunks, embedded Chroma")
            hybrid.append({"setup": "synthetic, embedded Chroma (PersistentClient)", "write": write, "chroma_dir_mb": dir_mb(emb_dir / "chroma"), **run_child(["hybrid", str(emb_dir), str(queries_file), "", "", str(args.settle)], env=env)})
        except Exception as exc:  # noqa: BLE001
            hybrid.append({"setup": "synthetic, embedded Chroma (PersistentClient)", "error": str(exc)})
        shutil.rmtree(emb_dir / "chroma", ignore_errors=True)

        if args.server:
            srv_dir = tmp / "syn-server"
            (srv_dir / "builds").mkdir(parents=True)
            shutil.copytree(emb_dir / "builds" / build_id, srv_dir / "builds" / build_id)
            stage("(c) starting `chroma run` on loopback")
            server, url = start_chroma(tmp / "chroma-srv")
            try:
                srv_rss0 = rss_mb(server.pid)
                stage(f"(c) writing {n_total} chunks to the Chroma server at {url}")
                write = run_child(["write-chroma", str(srv_dir), build_id, str(tmp / "vectors.npy"), url, str(n_total)], env={**env, "DDA_CHROMA_URL": url})
                stage(f"(c) search() at {n_total} chunks, Chroma server")
                got = run_child(["hybrid", str(srv_dir), str(queries_file), url, str(server.pid), str(args.settle)], env={**env, "DDA_CHROMA_URL": url})
                hybrid.append({"setup": "synthetic, Chroma server (HttpClient, loopback)", "write": write, "server_rss_start_mb": srv_rss0, "server_rss_mb": rss_mb(server.pid), **got})
            except Exception as exc:  # noqa: BLE001
                hybrid.append({"setup": "synthetic, Chroma server (HttpClient, loopback)", "error": str(exc)})
            finally:
                stop(server)
                stage(f"(c) chroma server stopped (exit code {server.returncode})")

    load2 = os.getloadavg()[0]
    cfg = get_settings().retrieval
    res: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "chunks": n_total,
        "documents_dir": str(docs),
        "noise": args.noise,
        "seed": args.seed,
        "candidates": cfg.candidates,
        "settle_limit_s": args.settle,
        "real": real,
        "synthetic": syn_facts,
        "project_lexical_build_s": lexical_build_s,
        "engines": engines,
        "hybrid": hybrid,
        "total_s": time.perf_counter() - started,
        "loadavg_1m_start_end": [round(load1, 2), round(load2, 2)],
    }
    res["note"] = args.note or f"1-min load average {load1:.1f} → {load2:.1f} (shared machine; other jobs may be running)"
    table = render(res)
    write_results(args.out, "scale", res, table)


if __name__ == "__main__":
    main()
