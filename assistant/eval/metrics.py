"""Scoring rules of the benchmark: citation hits, hit@3 / decisive@5, refusals, verdicts, key points, precision.

Scoring is deterministic by default: citation hits, hit@3, decisive@5 and recall@k use
the gold `source` + `locator` regex / verbatim `evidence` rule; key-point coverage and
citation precision use an embedder (the project's own, or one passed in) with
thresholds calibrated by `eval/calibrate.py` (see eval/README.md). An LLM judge
for key points is available when a chat model is passed in.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from assistant.eval.items import VERDICTS, EvalItem, GoldRef
from assistant.text import MARKER, STOPWORDS, answer_sentences, fold, markers
from assistant.types import Answer, Citation, Passage

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

# Cut-offs of the volume-proof hit metrics: only the first citations count.
HIT_AT = 3
DECISIVE_AT = 5

# The table at the top of report.md: the figures that citing more cannot inflate come first.
HEADLINE_TABLE: tuple[str, ...] = (
    "hit_at_3",
    "decisive_at_5",
    "citation_precision",
    "citation_hit_rate",
    "verdict_accuracy",
    "refusal_accuracy",
    "mean_citations",
)

HEADLINE_METRICS: tuple[str, ...] = (
    "n_items",
    "hit_at_3",
    "decisive_at_5",
    "verdict_accuracy",
    "n_verdict_items",
    "mean_citations",
    "median_bottom_line_chars",
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

_WORD = re.compile(r"[^\W\d_]{4,}")


class Embedder(Protocol):
    """What the scorers need from an embedder (a langchain `Embeddings` fits)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


# --------------------------------------------------------------------------- text


normalise = fold  # the scorers compare texts in the project's one folded form (assistant.text.fold)


def strip_markup(text: str) -> str:
    """Remove [n] citation markers and Markdown emphasis, headings, links, bullets and code marks."""
    text = MARKER.sub("", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_(\S[^_]*?)_(?!\w)", r"\1", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    """Answer text as sentences (assistant.text.answer_sentences), with [n] markers and Markdown stripped."""
    return [s for s in (strip_markup(p) for p in answer_sentences(text)) if re.search(r"[^\W\d_]", s)]


def marker_numbers(text: str) -> list[int]:
    """The citation numbers of every [n], [n, m] or [n–m] marker in `text`, in order, without repeats."""
    return list(dict.fromkeys(markers(text)))


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """The sentences of the answer that carry [n] markers, stripped, with their citation numbers."""
    result = []
    for raw in answer_sentences(text):
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


def cited_within(answer: Answer, refs: Sequence[GoldRef], cutoff: int) -> bool:
    """True when one of the citations numbered 1..cutoff matches a reference (citing more cannot help)."""
    return any(citation_matches(c, refs) for c in answer.citations if 1 <= c.n <= cutoff)


def decisive_refs(item: EvalItem) -> list[GoldRef]:
    """The passages that decide the item: its `decisive` list, or its gold when it has none."""
    return list(item.decisive) or list(item.gold)


def bottom_line_value(answer: Answer, name: str) -> Any:
    """A field of `answer.bottom_line` (object or dict), or None while the contract lacks it."""
    bottom_line = getattr(answer, "bottom_line", None)
    if bottom_line is None:
        return None
    if isinstance(bottom_line, dict):
        return bottom_line.get(name)
    return getattr(bottom_line, name, None)


def predicted_verdict(answer: Answer) -> str | None:
    """The verdict the answer reached (`bottom_line.verdict`); None when refused or absent."""
    if answer.refused:
        return None
    value = bottom_line_value(answer, "verdict")
    value = getattr(value, "value", value)  # an Enum reads as its value
    return str(value) if value is not None else None


def verdict_confusion(pairs: Iterable[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """Counts of (expected, predicted) verdicts; rows and columns in VERDICTS order, `none` last."""
    labels = [*VERDICTS, "none"]
    table = {gold: {pred: 0 for pred in labels} for gold in labels}
    for gold, pred in pairs:
        table[gold if gold in table else "none"][pred if pred in table else "none"] += 1
    return table


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
    predicted = predicted_verdict(answer)
    bottom_text = bottom_line_value(answer, "text")
    return {
        "outcome": outcome,
        "correct": outcome == "hit" or (not item.answerable and answer.refused),
        "hit_at_3": cited_within(answer, item.gold, HIT_AT) if item.answerable else None,
        "decisive_at_5": cited_within(answer, decisive_refs(item), DECISIVE_AT) if item.answerable else None,
        "verdict_expected": item.verdict,
        "verdict_predicted": predicted,
        "verdict_correct": (predicted == item.verdict) if item.verdict is not None else None,
        "n_citations": len(answer.citations) if not answer.refused else None,
        "bottom_line_chars": len(bottom_text) if isinstance(bottom_text, str) and not answer.refused else None,
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
    verdict_rows = [r for r in rows if r["scores"].get("verdict_expected") is not None]
    n_citations = [r["scores"]["n_citations"] for r in rows if r["scores"].get("n_citations") is not None]
    bottom_chars = [r["scores"]["bottom_line_chars"] for r in rows if r["scores"].get("bottom_line_chars") is not None]
    return {
        "n_items": len(rows),
        "n_answerable": len(answerable),
        "hit_at_3": _ratio(sum(1 for r in answerable if r["scores"]["hit_at_3"]), len(answerable)),
        "decisive_at_5": _ratio(sum(1 for r in answerable if r["scores"]["decisive_at_5"]), len(answerable)),
        "n_verdict_items": len(verdict_rows),
        "verdict_accuracy": _ratio(sum(1 for r in verdict_rows if r["scores"]["verdict_correct"]), len(verdict_rows)),
        "mean_citations": _ratio(sum(n_citations), len(n_citations)),
        "median_bottom_line_chars": statistics.median(bottom_chars) if bottom_chars else None,
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
