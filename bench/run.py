"""Benchmark of dd-assistant in one run: ingest, raw embedding, re-ingest, search, answer, RSS.

Usage:  .venv/bin/python bench/run.py [--quick] [--out bench/results]
Documents come from $DDA_DOCUMENTS_DIR (default ../shared/corpus); the index goes to a temp dir.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import apply_offline_env

apply_offline_env()

from assistant.embed import get_embedder
from assistant.search.fields import embedding_text
from assistant.search.store import build_index, load_index
from assistant.answer.pipeline import ask
from assistant.search import search
from assistant.settings import Settings, get_settings
from bench.benchlib import lat_stats, peak_rss_mb, write_results

QUICK_N = 40
QUICK_RAW = 512  # --quick: raw embedding is timed on the first 512 chunk texts only
GOAL_RATIO = 0.90
GOAL_REINGEST_S = 2.0
GOAL_ANSWER_P95_S = 0.5








def load_questions(limit: int | None) -> list[dict[str, Any]]:
    with (ROOT / "eval" / "dev" / "core.jsonl").open(encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return items[:limit] if limit else items


def stage(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def bench_ingest(settings: Settings, raw_limit: int | None) -> dict[str, Any]:
    """Cold-index ingest (embedder preloaded, load time reported apart), raw embedding, re-ingest."""
    t0 = time.perf_counter()
    embedder = get_embedder(settings)
    embedder.embed_documents(["warm-up"])
    load_s = time.perf_counter() - t0
    stage(f"embedder loaded in {load_s:.1f} s; ingesting {settings.documents_dir}")
    report = build_index(settings)
    stage(f"{report.summary()}; timing raw embedding")
    if report.errors:
        print("ingest errors:", *report.errors, sep="\n  ", file=sys.stderr)
    rss_ingest = peak_rss_mb()
    index = load_index(settings)
    texts = [embedding_text(index.chunk(cid)) for cid in index.ids][:raw_limit]
    part = settings.embedding_batch * 4  # same sub-batching as build_index
    t0 = time.perf_counter()
    for start in range(0, len(texts), part):
        embedder.embed_documents(texts[start : start + part])
    raw_s = time.perf_counter() - t0
    stage(f"raw: {len(texts)} texts in {raw_s:.1f} s; re-ingest")
    again = build_index(settings)
    ingest_rate = report.embedded / report.seconds if report.seconds else 0.0
    raw_rate = len(texts) / raw_s if raw_s else 0.0
    return {
        "model_load_s": load_s,
        "files": report.files,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "ingest_s": report.seconds,
        "ingest_chunks_per_s": ingest_rate,
        "raw_texts": len(texts),
        "raw_embed_s": raw_s,
        "raw_chunks_per_s": raw_rate,
        "ratio": ingest_rate / raw_rate if raw_rate else 0.0,
        "reingest_s": again.seconds,
        "reingest_rebuilt": again.rebuilt,
        "peak_rss_after_ingest_mb": rss_ingest,
    }


def bench_search(settings: Settings, questions: list[str]) -> dict[str, dict[str, float]]:
    """Warm search latency per mode; the first call of each mode is excluded."""
    out: dict[str, dict[str, float]] = {}
    stage(f"search: {len(questions)} questions x 3 modes")
    for mode in ("lexical", "dense", "hybrid"):
        search(questions[0], settings, mode=mode)  # warm-up, not timed
        times: list[float] = []
        for q in questions:
            t0 = time.perf_counter()
            search(q, settings, mode=mode)
            times.append(time.perf_counter() - t0)
        out[mode] = lat_stats(times)
    return out


def bench_answer(settings: Settings, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Grounded answer latency (warm: one untimed call first), with history for follow-ups."""
    stage(f"answer: {len(items)} questions")
    ask(items[0]["question"], items[0].get("history"), settings=settings, engine="grounded")
    times: list[float] = []
    refused = 0
    for item in items:
        t0 = time.perf_counter()
        answer = ask(item["question"], item.get("history"), settings=settings, engine="grounded")
        times.append(time.perf_counter() - t0)
        refused += bool(answer.refused)
    return {**lat_stats(times), "refused": refused, "peak_rss_after_answer_mb": peak_rss_mb()}


def ok(flag: bool) -> str:
    return "✅" if flag else "❌"


def render(res: dict[str, Any]) -> str:
    i, s, a = res["ingest"], res["search"], res["answer"]
    lines = [
        f"Run {res['date']} — {res['mode']} mode, {res['host']}; {res['note']}",
        "",
        "| metric | value | goal |",
        "|---|---|---|",
        f"| embedder load (once, not in ingest) | {i['model_load_s']:.2f} s | |",
        f"| ingest ({i['files']} files, {i['chunks']} chunks) | {i['ingest_s']:.2f} s = {i['ingest_chunks_per_s']:.1f} chunks/s | |",
        f"| raw embedding, same texts ({i['raw_texts']}), batch {res['embedding_batch']} | {i['raw_embed_s']:.2f} s = {i['raw_chunks_per_s']:.1f} chunks/s | |",
        f"| ingest / raw throughput | {i['ratio']:.2f} | ≥ {GOAL_RATIO:.2f} {ok(i['ratio'] >= GOAL_RATIO)} |",
        f"| no-change re-ingest | {i['reingest_s']:.2f} s (rebuilt: {i['reingest_rebuilt']}) | < {GOAL_REINGEST_S:.0f} s {ok(i['reingest_s'] < GOAL_REINGEST_S)} |",
    ]
    for mode, st in s.items():
        lines.append(f"| search {mode} p50 / p95 (n={st['n']}) | {st['p50_ms']:.1f} / {st['p95_ms']:.1f} ms | |")
    lines += [
        f"| grounded answer p50 / p95 (n={a['n']}, {a['refused']} refused) | {a['p50_ms']:.0f} / {a['p95_ms']:.0f} ms | p95 < {GOAL_ANSWER_P95_S * 1e3:.0f} ms {ok(a['p95_ms'] < GOAL_ANSWER_P95_S * 1e3)} |",
        f"| peak RSS after ingest | {i['peak_rss_after_ingest_mb']:.0f} MiB | |",
        f"| peak RSS after answering | {a['peak_rss_after_answer_mb']:.0f} MiB | |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"use the first {QUICK_N} dev questions only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--note", default="", help="free text recorded with the run, e.g. concurrent load")
    args = parser.parse_args()
    docs = Path(os.environ.get("DDA_DOCUMENTS_DIR") or (ROOT.parent / "shared" / "corpus")).resolve()
    items = load_questions(QUICK_N if args.quick else None)
    with tempfile.TemporaryDirectory(prefix="dda-bench-") as tmp:
        settings = get_settings(documents_dir=docs, index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data")
        load1 = os.getloadavg()[0]
        res: dict[str, Any] = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "mode": "quick" if args.quick else "full",
            "host": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "embedding_model": settings.embedding_model,
            "embedding_batch": settings.embedding_batch,
            "documents_dir": str(docs),
            "ingest": bench_ingest(settings, QUICK_RAW if args.quick else None),
            "search": bench_search(settings, [it["question"] for it in items]),
            "answer": bench_answer(settings, items),
        }
    load2 = os.getloadavg()[0]
    res["loadavg_1m_start_end"] = [round(load1, 2), round(load2, 2)]
    res["note"] = args.note or f"1-min load average {load1:.1f} → {load2:.1f} (shared machine; other jobs may be running)"
    table = render(res)
    write_results(args.out, "latest", res, table)


if __name__ == "__main__":
    main()
