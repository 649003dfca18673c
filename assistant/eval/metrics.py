"""Benchmark harness: score answers against a gold dataset, write reports, compare runs.

Scoring is deterministic by default: citation hits and recall@k use the gold
`source` + `locator` regex / verbatim `evidence` rule; key-point coverage and
citation precision use an embedder (the project's own, or one passed in) with
thresholds calibrated by `eval/calibrate.py` (see eval/README.md). An LLM judge
for key points is available when a chat model is passed in.

Dataset format (JSONL, one item a line):
`{"id", "question", "history"?, "answerable", "category", "gold": [{"source", "locator", "evidence"}], "key_points"}`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.types import Answer, Citation, Passage, Turn

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

# Key-point coverage: a key point counts as covered when the cosine similarity of
# its embedding and the best-matching answer sentence is at least this value.
# Chosen with `eval/calibrate.py` on 60 hand-written pairs (30 paraphrases that
# should count, 30 related-but-different statements that should not) embedded
# with all-MiniLM-L6-v2: the grid threshold (0.30-0.95, step 0.01) with the best
# accuracy averaged over a +-0.05 window. Accuracy 0.767 (precision 0.722,
# recall 0.867), leave-one-out 0.650: a coarse signal; see eval/README.md.
KEY_POINT_THRESHOLD = 0.63

# Citation precision: a citation supports its sentence when the cosine similarity
# of sentence and quote is at least this value OR when the quote contains at
# least CITATION_OVERLAP of the sentence's content words. Chosen the same way on
# 40 hand-written (sentence, quote) pairs, 20 supported and 20 not (a quote from
# the same instrument about something else), for the combined rule: accuracy
# 0.875 (precision 0.895, recall 0.850), leave-one-out 0.850.
CITATION_SIM_THRESHOLD = 0.56
CITATION_OVERLAP = 0.5

HEADLINE_METRICS: tuple[str, ...] = (
    "n_items",
    "citation_hit_rate",
    "recall_at_k",
    "refusal_accuracy",
    "precision_answered",
    "refusal_precision",
    "refusal_recall",
    "key_point_coverage",
    "citation_precision",
    "latency_p50_ms",
    "latency_p95_ms",
)

# fmt: off
STOPWORDS: frozenset[str] = frozenset({
    "about", "above", "after", "again", "against", "also", "although", "among", "another", "because", "been",
    "before", "being", "below", "between", "both", "cannot", "could", "does", "doing", "down", "during", "each",
    "either", "else", "every", "from", "further", "have", "having", "here", "hers", "herself", "himself", "into",
    "itself", "just", "least", "less", "like", "made", "make", "many", "more", "most", "much", "must", "neither",
    "none", "only", "other", "others", "ought", "ours", "ourselves", "over", "same", "shall", "should", "since",
    "some", "such", "than", "that", "their", "theirs", "them", "themselves", "then", "there", "therefore", "these",
    "they", "this", "those", "though", "through", "thus", "under", "unless", "until", "upon", "very", "were", "what",
    "whatever", "when", "where", "whether", "which", "while", "whom", "whose", "will", "with", "within", "without",
    "would", "your", "yours", "yourself", "yourselves",
})
# fmt: on

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_MARKER = re.compile(r"\[(\d+(?:\s*[,;\u2013-]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*\u2018\u201cA-Z])")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "art.",
    "arts.",
    "no.",
    "para.",
    "paras.",
    "p.",
    "pp.",
    "cf.",
    "reg.",
    "dir.",
    "vol.",
    "ch.",
    "sec.",
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_LEADING_MARKERS = re.compile(r"^(?:\[\d[^\]]*\]\s*)+")


class EvalError(AssistantError):
    """The dataset or a run directory cannot be used."""


class Embedder(Protocol):
    """What the scorers need from an embedder (a langchain `Embeddings` fits)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class GoldRef(BaseModel):
    """Where the answer to a benchmark question is: a source, a locator regex and a verbatim phrase."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    locator: str = ""
    evidence: str = ""

    @field_validator("locator")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"locator is not a valid regular expression ({exc})") from exc
        return value


class EvalItem(BaseModel):
    """One benchmark question."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    question: str
    history: list[Turn] = Field(default_factory=list)
    answerable: bool
    category: str = "uncategorised"
    gold: list[GoldRef] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- text


def normalise(text: str) -> str:
    """Case-fold, unify typographic quotes, apostrophes and dashes, and collapse whitespace."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def strip_markup(text: str) -> str:
    """Remove [n] citation markers and Markdown emphasis, headings, links, bullets and code marks."""
    text = _MARKER.sub("", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_(\S[^_]*?)_(?!\w)", r"\1", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return " ".join(text.split())


def _raw_sentences(text: str) -> list[str]:
    """Split answer text into sentences by line and sentence end, keeping [n] markers with the sentence they close."""
    result: list[str] = []
    for line in text.splitlines():
        if not line.strip() or re.fullmatch(r"\s*([-*_=|:]\s*){3,}", line):
            continue
        parts: list[str] = []
        for part in _SENTENCE_END.split(line.strip()):
            leading = _LEADING_MARKERS.match(part)
            if parts and leading:
                parts[-1] = f"{parts[-1]} {leading.group(0).strip()}"
                part = part[leading.end() :]
            if not part.strip():
                continue
            last_word = parts[-1].rsplit(None, 1)[-1].lstrip("(").casefold() if parts else ""
            if parts and (last_word in _ABBREVIATIONS or not re.search(r"[^\W\d_]", strip_markup(parts[-1]))):
                parts[-1] = f"{parts[-1]} {part}"
            else:
                parts.append(part)
        result.extend(parts)
    return result


def split_sentences(text: str) -> list[str]:
    """Answer text as sentences, with [n] markers and Markdown stripped."""
    return [s for s in (strip_markup(p) for p in _raw_sentences(text)) if re.search(r"[^\W\d_]", s)]


def marker_numbers(text: str) -> list[int]:
    """The citation numbers of every [n], [n, m] or [n–m] marker in `text`, in order, without repeats."""
    found: list[int] = []
    for group in _MARKER.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = re.split(r"\s*[\u2013-]\s*", part)
            numbers = range(int(bounds[0]), int(bounds[-1]) + 1) if len(bounds) == 2 else [int(bounds[0])]
            found.extend(n for n in numbers if n not in found)
    return found


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """The sentences of the answer that carry [n] markers, stripped, with their citation numbers."""
    result = []
    for raw in _raw_sentences(text):
        numbers = marker_numbers(raw)
        clean = strip_markup(raw)
        if numbers and re.search(r"[^\W\d_]", clean):
            result.append((clean, numbers))
    return result


def content_words(text: str) -> set[str]:
    """Normalised words of at least four letters that are not stopwords."""
    return {w for w in _WORD.findall(normalise(text)) if w not in STOPWORDS}


# ------------------------------------------------------------------- citation hits


def _ref_matches(source_id: str, locator: str, text: str, ref: GoldRef) -> bool:
    """True when a cited or retrieved passage is the gold reference (source, then locator or evidence)."""
    if source_id != ref.source:
        return False
    if ref.locator and re.search(ref.locator, locator, re.IGNORECASE):
        return True
    return bool(ref.evidence.strip()) and normalise(ref.evidence) in normalise(text)


def citation_matches(citation: Citation, gold: Sequence[GoldRef]) -> bool:
    """True when this citation points at one of the gold references."""
    return any(_ref_matches(citation.source_id, citation.locator, citation.quote, g) for g in gold)


def passage_matches(passage: Passage, gold: Sequence[GoldRef]) -> bool:
    """True when this retrieved passage is one of the gold references."""
    return any(_ref_matches(passage.source_id, passage.locator, passage.text, g) for g in gold)


def citation_hit(answer: Answer, gold: Sequence[GoldRef]) -> bool:
    """True when at least one citation of the answer matches a gold reference."""
    return any(citation_matches(c, gold) for c in answer.citations)


def recall_at_k(answer: Answer, gold: Sequence[GoldRef], k: int) -> bool:
    """True when a gold reference is among the first k retrieved passages."""
    return any(passage_matches(p, gold) for p in answer.retrieved[:k])


def first_gold_rank(answer: Answer, gold: Sequence[GoldRef]) -> int | None:
    """1-based position of the first retrieved passage that matches the gold, or None."""
    for position, passage in enumerate(answer.retrieved, start=1):
        if passage_matches(passage, gold):
            return position
    return None


def miss_reason(answer: Answer, item: EvalItem, k: int) -> str:
    """Why an item was scored wrong, in one or two plain sentences."""
    if not item.answerable:
        return "" if answer.refused else "Answered a question the corpus cannot answer; it should have refused."
    if answer.refused:
        reason = f" ({answer.refusal_reason})" if answer.refusal_reason else ""
        return f"Refused an answerable question{reason}." + _retrieval_note(answer, item, k)
    if citation_hit(answer, item.gold):
        return ""
    if not answer.citations:
        return "Answered without citations." + _retrieval_note(answer, item, k)
    gold_sources = {g.source for g in item.gold}
    same_source = [c for c in answer.citations if c.source_id in gold_sources]
    if not same_source:
        return f"No citation from the gold source ({', '.join(sorted(gold_sources))})." + _retrieval_note(answer, item, k)
    cited = "; ".join(f"{c.source_id} {c.locator}" for c in same_source)
    return (
        f"Cited the right source at the wrong place ({cited}): no locator matched and no quote held the evidence."
        + _retrieval_note(answer, item, k)
    )


def _retrieval_note(answer: Answer, item: EvalItem, k: int) -> str:
    """Whether the gold passage was retrieved, to tell retrieval misses from answering misses."""
    rank = first_gold_rank(answer, item.gold)
    if rank is None:
        return " The gold passage was not retrieved."
    where = f"within the top {k}" if rank <= k else f"but below the top {k}"
    return f" The gold passage was retrieved at rank {rank} ({where})."


# ------------------------------------------------------------------------ refusals


def refusal_scores(outcomes: Iterable[tuple[bool, bool, bool]]) -> dict[str, float | None]:
    """Refusal accuracy, precision and recall, and precision_answered, from (answerable, refused, hit) triples."""
    rows = list(outcomes)
    refused = [r for r in rows if r[1]]
    unanswerable = [r for r in rows if not r[0]]
    answered_answerable = [r for r in rows if r[0] and not r[1]]
    correct = sum(1 for answerable, was_refused, _ in rows if answerable != was_refused)
    true_refusals = sum(1 for answerable, was_refused, _ in rows if not answerable and was_refused)
    return {
        "refusal_accuracy": _ratio(correct, len(rows)),
        "refusal_precision": _ratio(true_refusals, len(refused)),
        "refusal_recall": _ratio(true_refusals, len(unanswerable)),
        "precision_answered": _ratio(sum(1 for r in answered_answerable if r[2]), len(answered_answerable)),
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


# ---------------------------------------------------------------------- embeddings


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two vectors (0.0 when either is all zeros)."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def key_point_similarities(answer_text: str, key_points: Sequence[str], embedder: Embedder) -> list[float]:
    """For each key point, the cosine similarity of the best-matching answer sentence (0.0 for an empty answer)."""
    sentences = split_sentences(answer_text)
    if not key_points:
        return []
    if not sentences:
        return [0.0 for _ in key_points]
    vectors = embedder.embed_documents([*key_points, *sentences])
    points, sents = vectors[: len(key_points)], vectors[len(key_points) :]
    return [max(cosine(p, s) for s in sents) for p in points]


def key_point_coverage(
    answer_text: str,
    key_points: Sequence[str],
    embedder: Embedder,
    threshold: float = KEY_POINT_THRESHOLD,
) -> float | None:
    """Share of key points whose best-matching answer sentence reaches the threshold (None without key points)."""
    if not key_points:
        return None
    sims = key_point_similarities(answer_text, key_points, embedder)
    return sum(1 for s in sims if s >= threshold) / len(key_points)


_JUDGE_PROMPT = """You check whether an answer states a key point.

Answer:
<<<
{answer}
>>>

Key point: {key_point}

Does the answer state this key point, in any wording? Reply with one word: yes or no."""


def judge_key_points(answer_text: str, key_points: Sequence[str], chat_model: BaseChatModel) -> list[bool]:
    """Ask a chat model, one key point at a time, whether the answer states it (yes/no)."""
    verdicts = []
    for point in key_points:
        reply = chat_model.invoke(_JUDGE_PROMPT.format(answer=answer_text, key_point=point))
        content = reply.content if isinstance(reply.content, str) else " ".join(str(p) for p in reply.content)
        verdicts.append(bool(re.match(r"\W*yes\b", content.strip(), re.IGNORECASE)))
    return verdicts


def citation_support(
    answer: Answer,
    embedder: Embedder,
    threshold: float = CITATION_SIM_THRESHOLD,
    overlap: float = CITATION_OVERLAP,
) -> list[tuple[str, int, bool]]:
    """(sentence, n, supported) for every (cited sentence, citation) pair of the answer.

    A marker with no matching citation counts as an unsupported pair.
    """
    by_n = {c.n: c for c in answer.citations}
    pairs = [(sentence, n) for sentence, numbers in cited_sentences(answer.answer) for n in numbers]
    known = [(s, by_n[n].quote) for s, n in pairs if n in by_n]
    sims: dict[tuple[str, str], float] = {}
    if known:
        texts = sorted({t for pair in known for t in pair})
        vectors = dict(zip(texts, embedder.embed_documents(texts), strict=True))
        sims = {(s, q): cosine(vectors[s], vectors[q]) for s, q in known}
    result = []
    for sentence, n in pairs:
        citation = by_n.get(n)
        if citation is None:
            result.append((sentence, n, False))
            continue
        words = content_words(sentence)
        shared = len(words & content_words(citation.quote)) / len(words) if words else 0.0
        result.append((sentence, n, sims[(sentence, citation.quote)] >= threshold or shared >= overlap))
    return result


def citation_precision(
    answer: Answer,
    embedder: Embedder,
    threshold: float = CITATION_SIM_THRESHOLD,
    overlap: float = CITATION_OVERLAP,
) -> float | None:
    """Supported (sentence, citation) pairs / all pairs, ALCE-style; None when no sentence carries a marker."""
    pairs = citation_support(answer, embedder, threshold, overlap)
    return sum(1 for *_, ok in pairs if ok) / len(pairs) if pairs else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# ------------------------------------------------------------------------- dataset


def load_dataset(path: Path) -> list[EvalItem]:
    """Read and validate a benchmark JSONL file; errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the dataset ({exc.strerror or exc}). Check the path.") from exc
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path} line {number}: not valid JSON ({exc.msg} at column {exc.colno}).") from exc
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
            raise EvalError(f"{path} line {number}: {problems}.") from exc
        if item.id in seen:
            raise EvalError(f"{path} line {number}: id {item.id!r} already used on line {seen[item.id]}.")
        if item.answerable and not item.gold:
            raise EvalError(f"{path} line {number}: answerable item {item.id!r} has no gold reference; add one.")
        seen[item.id] = number
        items.append(item)
    if not items:
        raise EvalError(f"{path}: the dataset has no items.")
    return items


# ---------------------------------------------------------------------- run_eval


class MemoEmbedder:
    """Wraps an embedder: embeds each distinct text once, in large batches via `prefetch`."""

    def __init__(self, inner: Embedder, batch: int = 256) -> None:
        self.inner = inner
        self.batch = batch
        self.cache: dict[str, list[float]] = {}

    def prefetch(self, texts: Iterable[str]) -> None:
        """Embed every text not yet cached, `batch` at a time."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        for start in range(0, len(missing), self.batch):
            chunk = missing[start : start + self.batch]
            self.cache.update(zip(chunk, self.inner.embed_documents(chunk), strict=True))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of `texts`, from the cache where possible."""
        self.prefetch(texts)
        return [self.cache[t] for t in texts]


def texts_to_embed(item: EvalItem, answer: Answer) -> list[str]:
    """Every text the embedding scorers will need for this item (for one batched embedding call)."""
    if not item.answerable or answer.refused:
        return []
    texts = [*item.key_points, *split_sentences(answer.answer)] if item.key_points else []
    texts += [sentence for sentence, _ in cited_sentences(answer.answer)]
    return texts + [c.quote for c in answer.citations]


def score_item(
    item: EvalItem,
    answer: Answer,
    embedder: Embedder,
    k: int,
    judge_model: BaseChatModel | None = None,
) -> dict[str, Any]:
    """Every per-item score of one answer."""
    hit = citation_hit(answer, item.gold) if item.answerable else None
    coverage: float | None = None
    if item.answerable and item.key_points:
        if answer.refused:
            coverage = 0.0
        elif judge_model is not None:
            verdicts = judge_key_points(answer.answer, item.key_points, judge_model)
            coverage = sum(verdicts) / len(verdicts)
        else:
            coverage = key_point_coverage(answer.answer, item.key_points, embedder)
    support = citation_support(answer, embedder) if item.answerable and not answer.refused else []
    if item.answerable:
        outcome = "refused" if answer.refused else ("hit" if hit else "miss")
    else:
        outcome = "refused" if answer.refused else "answered"
    return {
        "outcome": outcome,
        "correct": outcome == "hit" or (not item.answerable and answer.refused),
        "refused": answer.refused,
        "citation_hit": hit,
        "recall_at_k": recall_at_k(answer, item.gold, k) if item.answerable else None,
        "gold_rank": first_gold_rank(answer, item.gold) if item.answerable else None,
        "key_point_coverage": coverage,
        "citation_pairs": len(support),
        "supported_pairs": sum(1 for *_, ok in support if ok),
        "citation_precision": (sum(1 for *_, ok in support if ok) / len(support)) if support else None,
        "why": miss_reason(answer, item, k),
    }


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Headline metrics over per-item rows (each with `answerable`, `latency_ms` and `scores`)."""
    answerable = [r for r in rows if r["answerable"]]
    refusal = refusal_scores((r["answerable"], r["scores"]["refused"], bool(r["scores"]["citation_hit"])) for r in rows)
    coverages = [r["scores"]["key_point_coverage"] for r in answerable if r["scores"]["key_point_coverage"] is not None]
    precisions = [r["scores"]["citation_precision"] for r in rows if r["scores"]["citation_precision"] is not None]
    latencies = [r["latency_ms"] for r in rows]
    return {
        "n_items": len(rows),
        "n_answerable": len(answerable),
        "citation_hit_rate": _ratio(sum(1 for r in answerable if r["scores"]["citation_hit"]), len(answerable)),
        "recall_at_k": _ratio(sum(1 for r in answerable if r["scores"]["recall_at_k"]), len(answerable)),
        **refusal,
        "key_point_coverage": _ratio(sum(coverages), len(coverages)),
        "citation_precision": _ratio(sum(precisions), len(precisions)),
        "latency_p50_ms": _round_ms(percentile(latencies, 50)),
        "latency_p95_ms": _round_ms(percentile(latencies, 95)),
    }


def _round_ms(value: float | None) -> float | None:
    """Milliseconds to three decimals (None stays None)."""
    return None if value is None else round(value, 3)


def recall_curve(rows: Sequence[dict[str, Any]], k: int) -> list[float]:
    """recall@j for j = 1..k over the answerable rows, from each row's first gold rank."""
    answerable = [r for r in rows if r["answerable"]]
    if not answerable:
        return []
    ranks = [r["scores"]["gold_rank"] for r in answerable]
    return [sum(1 for rank in ranks if rank is not None and rank <= j) / len(answerable) for j in range(1, k + 1)]


def run_eval(
    dataset: Path,
    out_dir: Path,
    settings: Settings,
    *,
    engine: str | None = None,
    retriever: str | None = None,
    ask_fn: Callable[..., Answer] | None = None,
    k: int = 8,
    progress: bool = True,
    embedder: Embedder | None = None,
    judge_model: BaseChatModel | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Ask every dataset question, score the answers and write answers.jsonl, metrics.json, report.md and plots.

    `embedder` defaults to the project's embedder; `judge_model`, when given, judges
    key points instead of the embedder (pass the chat model of an LLM engine);
    `clock` (seconds) is for tests.
    """
    from tqdm import tqdm

    if k < 1:
        raise EvalError(f"k must be at least 1, not {k}.")
    items = load_dataset(dataset)
    if ask_fn is None:
        from assistant.pipeline import ask as pipeline_ask

        ask_fn = pipeline_ask
    if embedder is None:
        from assistant.embed import get_embedder

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
    answered: list[tuple[EvalItem, Answer, float]] = []
    for item in tqdm(items, desc="eval", unit="q", file=sys.stderr, disable=not progress):
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
        answered.append((item, answer, round((clock() - started) * 1000, 3)))
    scorer = MemoEmbedder(embedder)
    scorer.prefetch(text for item, answer, _ in answered for text in texts_to_embed(item, answer))
    rows: list[dict[str, Any]] = [
        {
            "id": item.id,
            "category": item.category,
            "answerable": item.answerable,
            "latency_ms": latency_ms,
            "scores": score_item(item, answer, scorer, k, judge_model),
            "answer": answer.model_dump(mode="json"),
        }
        for item, answer, latency_ms in answered
    ]
    metrics = aggregate(rows)
    metrics["by_category"] = {
        category: aggregate([r for r in rows if r["category"] == category]) for category in sorted({r["category"] for r in rows})
    }
    metrics["recall_curve"] = recall_curve(rows, k)
    metrics["config"] = {
        "engine": engine or settings.answer.engine,
        "retriever": retriever or settings.retrieval.mode,
        "k": k,
        "settings_fingerprint": settings.fingerprint(),
        "dataset": dataset.name,
        "dataset_sha256": hashlib.sha256(dataset.read_bytes()).hexdigest(),
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
    items_by_id = {item.id: item for item in items}
    (out_dir / "report.md").write_text(render_report(metrics, rows, items_by_id), encoding="utf-8")
    write_plots(metrics, rows, out_dir)
    return metrics


# ------------------------------------------------------------------------ reports


def fmt(value: object) -> str:
    """A metric value as fixed text: floats with 3 decimals, None as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(header: Sequence[str], body: Iterable[Sequence[str]]) -> list[str]:
    """Markdown table lines; pipes inside cells are escaped."""

    def cell(text: str) -> str:
        return " ".join(str(text).replace("|", "\\|").split())

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in body)
    return lines


def _worst(rows: Sequence[dict[str, Any]], limit: int = 10) -> list[dict[str, Any]]:
    """Wrong items first, then the lowest key-point coverage and citation precision."""

    def badness(row: dict[str, Any]) -> tuple[int, float, float, str]:
        s = row["scores"]
        wrong = 0 if s["correct"] else 1
        cov = s["key_point_coverage"] if s["key_point_coverage"] is not None else 1.0
        prec = s["citation_precision"] if s["citation_precision"] is not None else 1.0
        return (-wrong, cov, prec, row["id"])

    ranked = sorted(rows, key=badness)
    return [r for r in ranked if badness(r)[:3] != (0, 1.0, 1.0)][:limit]


def render_report(metrics: dict[str, Any], rows: Sequence[dict[str, Any]], items: dict[str, EvalItem]) -> str:
    """The run's report as Markdown: config, metrics, per-category table and worst items."""
    config = metrics["config"]
    lines = ["# Evaluation report", "", "## Configuration", ""]
    lines += _table(["setting", "value"], [(key, fmt(config[key])) for key in sorted(config)])
    lines += ["", "## Metrics", ""]
    lines += _table(["metric", "value"], [(name, fmt(metrics[name])) for name in HEADLINE_METRICS])
    lines += ["", f"Recall@1..{config['k']}: " + ", ".join(fmt(v) for v in metrics["recall_curve"]), ""]
    lines += ["## By category", ""]
    columns = [
        "n_items",
        "citation_hit_rate",
        "recall_at_k",
        "refusal_accuracy",
        "precision_answered",
        "key_point_coverage",
        "citation_precision",
        "latency_p50_ms",
    ]
    lines += _table(
        ["category", *columns],
        [(cat, *(fmt(m[c]) for c in columns)) for cat, m in sorted(metrics["by_category"].items())],
    )
    lines += ["", "## Worst items", ""]
    worst = _worst(rows)
    if not worst:
        lines += ["Every item was scored correct, with full key-point coverage and citation precision.", ""]
    for row in worst:
        item = items[row["id"]]
        s = row["scores"]
        answer = row["answer"]
        lines += [
            f"### {row['id']} ({row['category']}, {'answerable' if row['answerable'] else 'unanswerable'}) — {s['outcome']}",
            "",
        ]
        lines += [f"**Question:** {item.question}", ""]
        lines += ["**Cited:**" + ("" if answer["citations"] else " nothing")]
        lines += [f"- [{c['n']}] {c['source_id']} — {c['locator']}: “{_excerpt(c['quote'])}”" for c in answer["citations"]]
        lines += [""]
        if item.gold:
            lines += ["**Gold** (any one):"]
            lines += [f"- {g.source} — `{g.locator}`" + (f" or “{g.evidence}”" if g.evidence else "") for g in item.gold]
            lines += [""]
        scores = f"key-point coverage {fmt(s['key_point_coverage'])}, citation precision {fmt(s['citation_precision'])}"
        lines += [f"**Scores:** {scores}, recall@k {fmt(s['recall_at_k'])}, latency {fmt(row['latency_ms'])} ms", ""]
        if s["why"]:
            lines += [f"**Why:** {s['why']}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _excerpt(text: str, limit: int = 160) -> str:
    """The start of a quote on one line, cut at a word boundary."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def write_plots(metrics: dict[str, Any], rows: Sequence[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Per-category hit-rate bars, the recall@k curve and the latency histogram, as PNG files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    categories = sorted(metrics["by_category"])
    rates = [metrics["by_category"][c]["citation_hit_rate"] for c in categories]
    fig, ax = plt.subplots(figsize=(max(4.0, 1.2 * len(categories) + 2), 3.5))
    ax.bar(categories, [r or 0.0 for r in rates], color="#4c72b0")
    for x, rate in enumerate(rates):
        ax.text(x, (rate or 0.0) + 0.02, fmt(rate), ha="center", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("citation hit rate")
    ax.set_title("Citation hit rate by category (answerable items)")
    ax.tick_params(axis="x", labelrotation=30)
    written.append(_save(fig, out_dir / "hit_rate_by_category.png"))

    curve = metrics["recall_curve"]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(range(1, len(curve) + 1), curve, marker="o")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_title("Gold passage among the top k retrieved")
    ax.set_xticks(range(1, len(curve) + 1))
    written.append(_save(fig, out_dir / "recall_at_k.png"))

    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.hist([r["latency_ms"] for r in rows], bins=min(20, max(1, len(rows))), color="#55a868")
    ax.set_xlabel("latency (ms)")
    ax.set_ylabel("items")
    ax.set_title("Answer latency")
    written.append(_save(fig, out_dir / "latency_hist.png"))
    return written


def _save(fig: Any, path: Path) -> Path:
    """Save and close a matplotlib figure."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path


# ----------------------------------------------------------------------- compare


def _read_run(run_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """metrics.json and answers.jsonl of a run directory (answers keyed by id)."""
    try:
        metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in (run_dir / "answers.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"{run_dir}: not a finished eval run ({exc}). Run `ddassist eval run` into it first.") from exc
    return metrics, {row["id"]: row for row in rows}


def compare_runs(run_dirs: list[Path], out: Path | None = None) -> str:
    """Side-by-side Markdown comparison of runs: headline metrics, ratios to the first run, differing items."""
    if not run_dirs:
        raise EvalError("compare needs at least one run directory.")
    names = [d.name for d in run_dirs]
    if len(set(names)) < len(names):
        names = [str(d) for d in run_dirs]
    runs = [_read_run(d) for d in run_dirs]
    lines = ["# Run comparison", ""]
    lines += _table(["metric", *names], [(m, *(fmt(metrics.get(m)) for metrics, _ in runs)) for m in HEADLINE_METRICS])
    lines += ["", f"## Ratio to {names[0]}", ""]
    base = runs[0][0]

    def ratio(metrics: dict[str, Any], name: str) -> str:
        value, reference = metrics.get(name), base.get(name)
        if value is None or not reference:
            return "—"
        return fmt(float(value) / float(reference))

    lines += _table(["metric", *names], [(m, *(ratio(metrics, m) for metrics, _ in runs)) for m in HEADLINE_METRICS])
    lines += ["", "## Items whose outcome differs", ""]
    ids = sorted({i for _, rows in runs for i in rows})
    differing = []
    for item_id in ids:
        outcomes = [rows[item_id]["scores"]["outcome"] if item_id in rows else "—" for _, rows in runs]
        if len(set(outcomes)) > 1:
            category = next(rows[item_id]["category"] for _, rows in runs if item_id in rows)
            differing.append((item_id, category, *outcomes))
    if differing:
        lines += _table(["id", "category", *names], differing)
    else:
        lines += ["No item's outcome differs."]
    text = "\n".join(lines) + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
