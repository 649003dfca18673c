"""Checks of the evaluation data: the core dev set `eval/dev/core.jsonl` (schema, balance) and,
for every `eval/*/*.jsonl` file, the harness's validation and the gold and decisive evidence.

Every `evidence` phrase must occur verbatim (case-insensitive, whitespace collapsed,
nothing else folded) in the text of its source, read from the documents directory
(the `documents_dir` fixture) or, for bundled digests and case notes, from corpus/ in
this repository; a missing source file fails the check. Failures name the item id.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "dev" / "core.jsonl"
# the answer-benchmark splits (eval/refusal and eval/parser have schemas of their own, checked by their tests)
ALL_FILES = sorted([*(ROOT / "eval" / "dev").glob("*.jsonl"), *(ROOT / "eval" / "test").glob("*.jsonl")])
MANIFEST = ROOT / "corpus" / "sources.yaml"

REQUIRED = {"id": str, "question": str, "answerable": bool, "category": str, "gold": list, "key_points": list}
CATEGORIES = {"scenario", "factual-law", "factual-standard", "follow-up", "unanswerable"}
GOLD_KEYS = {"source", "locator", "evidence"}


def _items(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
            pytest.fail(f"{path} line {number}: not valid JSON ({exc.msg})")
    return items


ITEMS = _items(DEV)
# Every answerable item of every split, for the evidence checks (ids are unique within a split).
ANSWERABLE = [
    {**it, "id": f"{path.parent.name}/{it.get('id')}"} for path in ALL_FILES for it in _items(path) if it.get("answerable") is True
]


def _ids(items: list[dict]) -> list[str]:
    return [str(it.get("id", f"line-{i}")) for i, it in enumerate(items, start=1)]


@cache
def _manifest() -> dict[str, dict]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["sources"]}


def _collapse(text: str) -> str:
    return " ".join(text.split()).lower()


def _read(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        return " ".join(page.extract_text() or "" for page in reader.pages)
    return path.read_text(encoding="utf-8")


@cache
def _source_text(documents_dir: Path, source_id: str) -> str:
    source = _manifest()[source_id]
    base = ROOT / "corpus" if source.get("bundled") else documents_dir
    parts = []
    for name in source.get("files", []):
        path = base / name
        if not path.exists():
            pytest.fail(f"source file {path} for {source_id!r} is missing: fetch the corpus or set DDA_DOCUMENTS_DIR")
        parts.append(_read(path))
    return _collapse(" ".join(parts))


# ---------------------------------------------------------------------- schema


@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_item_schema(item: dict) -> None:
    item_id = item.get("id", "<no id>")
    for key, kind in REQUIRED.items():
        assert key in item, f"{item_id}: missing key {key!r}"
        assert isinstance(item[key], kind), f"{item_id}: {key!r} must be {kind.__name__}"
    assert re.fullmatch(r"dev-\d{3}", item["id"]), f"{item_id}: id must look like dev-001"
    assert item["question"].strip(), f"{item_id}: empty question"
    assert item["category"] in CATEGORIES, f"{item_id}: unknown category {item['category']!r}"
    for point in item["key_points"]:
        assert isinstance(point, str) and point.strip(), f"{item_id}: key points must be non-empty strings"
    for gold in item["gold"]:
        assert isinstance(gold, dict) and set(gold) == GOLD_KEYS, f"{item_id}: gold entries need exactly {sorted(GOLD_KEYS)}"
        assert all(isinstance(gold[k], str) and gold[k].strip() for k in GOLD_KEYS), f"{item_id}: empty gold field"
    if "history" in item:
        assert isinstance(item["history"], list) and item["history"], f"{item_id}: history must be a non-empty list"
        for turn in item["history"]:
            assert isinstance(turn, dict) and set(turn) == {"role", "content"}, f"{item_id}: history turns need role and content"
            assert turn["role"] in {"user", "assistant"}, f"{item_id}: bad role {turn['role']!r}"
            assert isinstance(turn["content"], str) and turn["content"].strip(), f"{item_id}: empty history turn"
    if item["category"] == "follow-up":
        assert item.get("history"), f"{item_id}: follow-up items need a history"
        assert 1 <= sum(t["role"] == "user" for t in item["history"]) <= 2, f"{item_id}: follow-ups have 1-2 earlier user turns"
    if item["answerable"]:
        assert item["category"] != "unanswerable", f"{item_id}: answerable item in category 'unanswerable'"
        assert len(item["gold"]) >= 1, f"{item_id}: answerable item without gold"
        assert len(item["key_points"]) >= 1, f"{item_id}: answerable item without key points"
    else:
        assert item["category"] == "unanswerable", f"{item_id}: unanswerable item must have category 'unanswerable'"
        assert item["gold"] == [], f"{item_id}: unanswerable item must have no gold"
        assert item["key_points"] == [], f"{item_id}: unanswerable item must have no key points"


def test_ids_unique() -> None:
    counts = Counter(it.get("id") for it in ITEMS)
    dupes = sorted(i for i, n in counts.items() if n > 1)
    assert not dupes, f"duplicate ids: {dupes}"


def test_size_and_balance() -> None:
    assert len(ITEMS) >= 60, f"only {len(ITEMS)} items"
    share = sum(1 for it in ITEMS if it.get("answerable") is False) / len(ITEMS)
    assert 0.15 <= share <= 0.30, f"unanswerable share {share:.2f} outside 0.15-0.30"


def test_questions_unique() -> None:
    counts = Counter(_collapse(it["question"]) for it in ITEMS)
    dupes = [q for q, n in counts.items() if n > 1]
    assert not dupes, f"duplicate questions: {dupes}"


# ------------------------------------------------------------------------ gold


@pytest.mark.parametrize("path", ALL_FILES, ids=[f"{p.parent.name}/{p.name}" for p in ALL_FILES])
def test_every_eval_file_loads(path: Path) -> None:
    """The harness accepts every file of every split (schema incl. verdict and decisive)."""
    from assistant.eval import load_dataset

    assert load_dataset(path)


def test_splits_share_no_question_or_id() -> None:
    from assistant.eval import load_split
    from assistant.eval.run import load_splits
    from assistant.eval.items import DEFAULT_SPLITS

    assert DEFAULT_SPLITS == ("dev", "test")

    splits = ["dev", "test"]  # the answer-benchmark splits; eval/refusal and eval/parser hold other kinds of data
    assert len(load_split(ROOT / "eval", "dev")) >= len(ITEMS)
    load_splits({name: sorted((ROOT / "eval" / name).glob("*.jsonl")) for name in splits})  # raises on a leak


@pytest.mark.parametrize("item", ANSWERABLE, ids=_ids(ANSWERABLE))
def test_gold_sources_and_locators(item: dict) -> None:
    known = _manifest()
    for gold in [*item["gold"], *item.get("decisive", [])]:
        assert gold["source"] in known, f"{item['id']}: unknown source id {gold['source']!r}"
        try:
            re.compile(gold["locator"])
        except re.error as exc:
            pytest.fail(f"{item['id']}: locator {gold['locator']!r} does not compile ({exc})")


@pytest.mark.parametrize("item", [it for it in ANSWERABLE if it.get("decisive")], ids=_ids([it for it in ANSWERABLE if it.get("decisive")]))
def test_decisive_passages_are_gold(item: dict) -> None:
    """A passage that decides the case is also one the answer is scored against, in every split."""
    gold = [(ref["source"], ref["locator"], ref["evidence"]) for ref in item["gold"]]
    missing = [ref for ref in item["decisive"] if (ref["source"], ref["locator"], ref["evidence"]) not in gold]
    assert not missing, f"{item['id']}: decisive passages missing from gold: {missing}"


@pytest.mark.parametrize("item", ANSWERABLE, ids=_ids(ANSWERABLE))
def test_gold_evidence_is_verbatim(item: dict, documents_dir: Path) -> None:
    for gold in [*item["gold"], *item.get("decisive", [])]:
        if gold["source"] not in _manifest():
            pytest.fail(f"{item['id']}: unknown source id {gold['source']!r}")
        phrase = _collapse(gold.get("evidence", ""))
        if not phrase:  # allowed outside core.jsonl (its schema test requires evidence): the locator carries the match
            assert gold.get("locator", "").strip(), f"{item['id']}: a reference needs a locator or an evidence phrase"
            continue
        assert 5 <= len(phrase.split()) <= 15, f"{item['id']}: evidence should be 5-15 words: {gold['evidence']!r}"
        assert phrase in _source_text(documents_dir, gold["source"]), (
            f"{item['id']}: evidence not found verbatim in {gold['source']}: {gold['evidence']!r}"
        )


# ------------------------------------------------- verdict-labelled dev items
# eval/dev/*.jsonl: items with a legal verdict and the decisive provisions.

VERDICT_FILES = sorted((ROOT / "eval" / "dev").glob("verdicts*.jsonl"))  # core.jsonl predates verdict labels
# Paraphrased items by further authors (their own ids and key-point counts; loaded by the harness's schema).
PARAPHRASE_FILES = sorted((ROOT / "eval" / "dev").glob("paraphrase-*.jsonl"))
VERDICTS = {"prohibited", "licence_required", "notify_authority", "enhanced_due_diligence", "standard_due_diligence"}
VERDICT_CATEGORIES = {"scenario", "follow-up", "factual-law", "factual-standard"}
VERDICT_KEYS = {"id", "question", "history", "answerable", "category", "verdict", "decisive", "gold", "key_points"}


def _verdict_items() -> list[dict]:
    items = []
    for path in VERDICT_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
                pytest.fail(f"{path} line {number}: not valid JSON ({exc.msg})")
    return items


VERDICT_ITEMS = _verdict_items()


def test_verdict_files_present() -> None:
    assert VERDICT_FILES, "no eval/dev/*.jsonl files"
    assert len(VERDICT_ITEMS) >= 45, f"only {len(VERDICT_ITEMS)} verdict items"
    counts = Counter(it.get("verdict") for it in VERDICT_ITEMS)
    for verdict in VERDICTS:
        assert counts[verdict] >= 6, f"only {counts[verdict]} items with verdict {verdict!r}"


def test_verdict_ids_and_questions_unique() -> None:
    ids = Counter(it.get("id") for it in VERDICT_ITEMS + ITEMS)
    assert not [i for i, n in ids.items() if n > 1], f"duplicate ids: {sorted(i for i, n in ids.items() if n > 1)}"
    questions = Counter(_collapse(it["question"]) for it in VERDICT_ITEMS + ITEMS)
    assert not [q for q, n in questions.items() if n > 1], "a verdict item repeats a question"


@pytest.mark.parametrize("item", VERDICT_ITEMS, ids=_ids(VERDICT_ITEMS))
def test_verdict_item_schema(item: dict) -> None:
    item_id = item.get("id", "<no id>")
    assert set(item) <= VERDICT_KEYS and set(item) >= VERDICT_KEYS - {"history"}, f"{item_id}: keys {sorted(item)}"
    assert re.fullmatch(r"dev-v\d{3}", item_id), f"{item_id}: id must look like dev-v001"
    assert item["answerable"] is True, f"{item_id}: verdict items are answerable"
    assert item["category"] in VERDICT_CATEGORIES, f"{item_id}: unknown category {item['category']!r}"
    if item["category"].startswith("factual"):
        assert item["verdict"] is None, f"{item_id}: factual items have verdict null"
    else:
        assert item["verdict"] in VERDICTS, f"{item_id}: unknown verdict {item['verdict']!r}"
    assert 1 <= len(item["decisive"]) <= 3, f"{item_id}: 1-3 decisive refs"
    assert all(ref in item["gold"] for ref in item["decisive"]), f"{item_id}: decisive refs must be in gold"
    assert len(item["gold"]) - len(item["decisive"]) <= 2, f"{item_id}: at most 2 gold refs beyond the decisive ones"
    assert 3 <= len(item["key_points"]) <= 5, f"{item_id}: 3-5 key points"
    assert all(isinstance(p, str) and p.strip() for p in item["key_points"]), f"{item_id}: empty key point"
    if item["category"] == "follow-up":
        assert item.get("history"), f"{item_id}: follow-up items need a history"
        assert 1 <= sum(t["role"] == "user" for t in item["history"]) <= 2, f"{item_id}: follow-ups have 1-2 earlier user turns"
    else:
        assert "history" not in item, f"{item_id}: only follow-ups carry a history"
    for ref in item["gold"]:
        assert isinstance(ref, dict) and set(ref) == GOLD_KEYS, f"{item_id}: refs need exactly {sorted(GOLD_KEYS)}"


@pytest.mark.parametrize("item", VERDICT_ITEMS, ids=_ids(VERDICT_ITEMS))
def test_verdict_evidence_is_verbatim(item: dict, documents_dir: Path) -> None:
    for ref in item["gold"]:
        assert ref["source"] in _manifest(), f"{item['id']}: unknown source id {ref['source']!r}"
        try:
            re.compile(ref["locator"])
        except re.error as exc:
            pytest.fail(f"{item['id']}: locator {ref['locator']!r} does not compile ({exc})")
        phrase = _collapse(ref["evidence"])
        assert 6 <= len(phrase.split()) <= 15, f"{item['id']}: evidence should be 6-15 words: {ref['evidence']!r}"
        assert phrase in _source_text(documents_dir, ref["source"]), (
            f"{item['id']}: evidence not found verbatim in {ref['source']}: {ref['evidence']!r}"
        )


def _paraphrase_items() -> list[dict]:
    return [json.loads(line) for path in PARAPHRASE_FILES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


PARAPHRASE_ITEMS = _paraphrase_items()


def test_paraphrase_files_load_with_the_harness_schema() -> None:
    from assistant.eval.items import load_dataset

    assert len(PARAPHRASE_FILES) >= 2
    loaded = [item for path in PARAPHRASE_FILES for item in load_dataset(path)]
    assert len(loaded) == len(PARAPHRASE_ITEMS) >= 100
    assert all(item.verdict is None or item.answerable for item in loaded)
    assert all(item.decisive is None or all(ref in item.gold for ref in item.decisive) for item in loaded)


@pytest.mark.parametrize("item", [it for it in PARAPHRASE_ITEMS if it["answerable"]], ids=_ids([it for it in PARAPHRASE_ITEMS if it["answerable"]]))
def test_paraphrase_evidence_is_verbatim(item: dict, documents_dir: Path) -> None:
    for ref in item["gold"]:
        assert ref["source"] in _manifest(), f"{item['id']}: unknown source id {ref['source']!r}"
        phrase = _collapse(ref["evidence"])
        assert 5 <= len(phrase.split()) <= 15, f"{item['id']}: evidence should be 5-15 words: {ref['evidence']!r}"
        assert phrase in _source_text(documents_dir, ref["source"]), f"{item['id']}: evidence not found verbatim in {ref['source']}: {ref['evidence']!r}"
