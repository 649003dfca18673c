"""Run evaluation items through `assistant.ask`, score them and write the run directory.

Output (in `out_dir`): answers.jsonl, metrics.json, report.md and PNG plots; see eval/README.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tqdm import tqdm

import assistant
from assistant.embed import get_embedder
from assistant.errors import AssistantError
from assistant.eval.items import EvalError, EvalItem, load_files, resolve_datasets
from assistant.eval.metrics import (
    CITATION_OVERLAP,
    CITATION_SIM_THRESHOLD,
    KEY_POINT_THRESHOLD,
    Embedder,
    MemoEmbedder,
    aggregate,
    normalise,
    recall_curve,
    score_item,
    texts_to_embed,
    verdict_confusion,
)
from assistant.eval.report import render_report, write_plots
from assistant.settings import Settings
from assistant.types import Answer

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def load_splits(datasets: dict[str, list[Path]]) -> dict[str, list[EvalItem]]:
    """The items of every split; an id or a question used in two splits is an error (a leak between them)."""
    by_split = {name: load_files(files) for name, files in datasets.items()}
    ids: dict[str, str] = {}
    questions: dict[str, str] = {}
    for name, items in by_split.items():
        for item in items:
            if ids.get(item.id, name) != name:
                raise EvalError(f"item id {item.id!r} is used in both the {ids[item.id]} and the {name} split; rename one.")
            key = normalise(item.question)
            if questions.get(key, name) != name:
                raise EvalError(
                    f"item {item.id!r} of the {name} split repeats a question of the {questions[key]} split; "
                    "a held-out item must not appear in another split."
                )
            ids[item.id] = name
            questions[key] = name
    return by_split


def summarise(rows: Sequence[dict[str, Any]], k: int) -> dict[str, Any]:
    """Headline metrics of some rows with their per-category breakdown, recall curve and verdict confusion."""
    metrics = aggregate(rows)
    metrics["by_category"] = {
        category: aggregate([r for r in rows if r["category"] == category]) for category in sorted({r["category"] for r in rows})
    }
    metrics["recall_curve"] = recall_curve(rows, k)
    metrics["verdict_confusion"] = verdict_confusion(
        (r["scores"]["verdict_expected"], r["scores"]["verdict_predicted"]) for r in rows if r["scores"]["verdict_expected"]
    )
    return metrics


def _sha256(files: Sequence[Path]) -> str:
    """sha256 of one file, or of the names and bytes of several."""
    if len(files) == 1:
        return hashlib.sha256(files[0].read_bytes()).hexdigest()
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_eval(
    dataset: Path,
    out_dir: Path,
    settings: Settings,
    *,
    split: str = "all",
    engine: str | None = None,
    retriever: str | None = None,
    ask_fn: Callable[..., Answer] | None = None,
    k: int = 8,
    progress: bool = True,
    embedder: Embedder | None = None,
    judge_model: BaseChatModel | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Ask every question of the chosen splits, score the answers and write answers.jsonl, metrics.json, report.md and plots.

    `dataset` is the eval directory (split layout, `split` = dev | test | all or another
    sub-directory), one split directory, or one JSONL file. The returned metrics cover
    all items run; `metrics["splits"]` holds the same per split. `embedder` defaults to
    the project's embedder; `judge_model`, when given, judges key points instead of the
    embedder (pass the chat model of an LLM engine); `clock` (seconds) is for tests.
    """
    if k < 1:
        raise EvalError(f"k must be at least 1, not {k}.")
    datasets = resolve_datasets(dataset, split)
    by_split = load_splits(datasets)
    if ask_fn is None:
        ask_fn = cast("Callable[..., Answer]", assistant.ask)  # the public API, whatever module provides it
    if embedder is None:
        embedder = get_embedder(settings)
        scoring_embedder = settings.embedding_model
        if "minilm-l6-v2" not in scoring_embedder.casefold():
            log.warning(
                "Scoring with %s: the key-point and citation-precision thresholds were calibrated for all-MiniLM-L6-v2.",
                scoring_embedder,
            )
    else:
        scoring_embedder = type(embedder).__name__
    out_dir.mkdir(parents=True, exist_ok=True)
    todo = [(name, item) for name, items in by_split.items() for item in items]
    answered: list[tuple[str, EvalItem, Answer, float]] = []
    for name, item in tqdm(todo, desc="eval", unit="q", file=sys.stderr, disable=not progress):
        started = clock()
        try:
            answer = ask_fn(
                item.question,
                history=[turn.model_dump() for turn in item.history] or None,
                settings=settings,
                engine=engine,
                retrieval_mode=retriever,
            )
        except AssistantError as exc:
            raise EvalError(f"{dataset}: item {item.id!r}: {exc}") from exc
        answered.append((name, item, answer, round((clock() - started) * 1000, 3)))
    scorer = MemoEmbedder(embedder)
    scorer.prefetch(text for _, item, answer, _ in answered for text in texts_to_embed(item, answer))
    rows: list[dict[str, Any]] = [
        {
            "id": item.id,
            "split": name,
            "category": item.category,
            "answerable": item.answerable,
            "latency_ms": latency_ms,
            "scores": score_item(item, answer, scorer, k, judge_model),
            "answer": answer.model_dump(mode="json"),
        }
        for name, item, answer, latency_ms in answered
    ]
    metrics = summarise(rows, k)
    metrics["splits"] = {name: summarise([r for r in rows if r["split"] == name], k) for name in by_split}
    all_files = [path for files in datasets.values() for path in files]
    metrics["config"] = {
        "engine": engine or settings.answer.engine,
        "retriever": retriever or settings.retrieval.mode,
        "k": k,
        "settings_fingerprint": settings.fingerprint(),
        "dataset": dataset.name,
        "dataset_sha256": _sha256(all_files),
        "split_files": {name: [f"{p.parent.name}/{p.name}" for p in files] for name, files in datasets.items()},
        "key_points_scored_by": "llm-judge" if judge_model is not None else "embedding",
        "scoring_embedder": scoring_embedder,
        "key_point_threshold": KEY_POINT_THRESHOLD,
        "citation_sim_threshold": CITATION_SIM_THRESHOLD,
        "citation_overlap": CITATION_OVERLAP,
    }
    with (out_dir / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    items_by_id = {item.id: item for items in by_split.values() for item in items}
    (out_dir / "report.md").write_text(render_report(metrics, rows, items_by_id), encoding="utf-8")
    write_plots(metrics, rows, out_dir)
    return metrics
