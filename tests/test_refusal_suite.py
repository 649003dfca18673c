"""The refusal suite (eval/refusal) through `assistant.ask` with the real model over the corpus.

answer.jsonl holds in-scope questions with risky words (national names, fines, dates, taxes)
that must be answered; refuse.jsonl holds questions the sources cannot answer (national law,
counts and amounts the corpus does not state, court outcomes, future events, texts that are
not indexed, tasks and product advice) that must be refused. The gates were tuned on the odd
ids only; the even ids are reported as held out. Each half must reach 95 %.
"""

from __future__ import annotations

import json

import pytest

from assistant.answer import gates
from assistant.answer.pipeline import ask, get_pipeline
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Answer

SUITE = PROJECT_ROOT / "eval" / "refusal"
MIN_SHARE = 0.95


def _items(name: str) -> list[dict[str, str]]:
    path = SUITE / name
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 60, f"{path} holds {len(items)} items; the suite needs both halves"
    return items


@pytest.fixture(scope="module")
def suite_answers(corpus_settings: Settings) -> dict[str, tuple[dict[str, str], Answer]]:
    pipeline = get_pipeline(corpus_settings)
    answers: dict[str, tuple[dict[str, str], Answer]] = {}
    for name in ("answer.jsonl", "refuse.jsonl"):
        for item in _items(name):
            answers[item["id"]] = (item, ask(item["question"], settings=corpus_settings, pipeline=pipeline))
    return answers


def _share(answers: dict[str, tuple[dict[str, str], Answer]], prefix: str, parity: int, refused: bool) -> tuple[float, list[str]]:
    chosen = {k: v for k, v in answers.items() if k.startswith(prefix) and int(k[-3:]) % 2 == parity}
    wrong = [f"{k}: {item['question']} -> {answer.refusal_reason}" for k, (item, answer) in sorted(chosen.items()) if answer.refused != refused]
    assert chosen, f"no {prefix} items with parity {parity}"
    return 1 - len(wrong) / len(chosen), wrong


@pytest.mark.parametrize(("parity", "half"), [(1, "tuned (odd ids)"), (0, "held out (even ids)")])
def test_in_scope_questions_with_risky_words_are_answered(suite_answers: dict, parity: int, half: str) -> None:
    share, wrong = _share(suite_answers, "ans-", parity, refused=False)
    assert share >= MIN_SHARE, f"{half}: answered {share:.0%}; refused by mistake:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("parity", "half"), [(1, "tuned (odd ids)"), (0, "held out (even ids)")])
def test_questions_outside_the_sources_are_refused(suite_answers: dict, parity: int, half: str) -> None:
    share, wrong = _share(suite_answers, "ref-", parity, refused=True)
    assert share >= MIN_SHARE, f"{half}: refused {share:.0%}; answered by mistake:\n" + "\n".join(wrong)


def test_every_refusal_except_injection_shows_related_passages(suite_answers: dict) -> None:
    refused = [(item, answer) for item, answer in suite_answers.values() if answer.refused]
    assert refused
    for item, answer in refused:
        if gates.is_injection(item["question"]):
            assert answer.related == []
        else:
            assert answer.related, f"{item['id']} refused without related passages"
            assert answer.citations == [] and "do not answer the question" in answer.answer
