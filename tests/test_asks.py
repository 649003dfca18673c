"""Provision questions (corpus/asks): loading, errors that name the entry, and the ranking they give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answer.asks import ASKS_DIR, ProvisionAsks, load_asks
from assistant.errors import CorpusError
from assistant.search.fuse import fuse_hints
from tests.fakes import fake_searcher, fake_settings


def _write(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "x.yaml").write_text(text, encoding="utf-8")
    return directory


def test_project_files_load_and_every_entry_has_questions() -> None:
    entries = load_asks(ASKS_DIR)
    assert len(entries) >= 300
    assert all(len(e.asks) >= 3 for e in entries)
    keys = [(e.source, e.locator) for e in entries]
    assert len(keys) == len(set(keys)), "a provision is listed twice"


@pytest.mark.parametrize(
    "text, message",
    [
        ("- source: ungps\n  locator: Principle 17\n", "needs exactly the keys"),
        ("- source: ungps\n  locator: Principle 17\n  asks: []\n", "non-empty list"),
        ("- source: ungps\n  locator: Principle 17\n  asks: [fine question]\n  note: x\n", "needs exactly the keys"),
        ("source: ungps\n", "expected a list"),
        ("- [unclosed\n", "cannot read"),
    ],
)
def test_malformed_entries_name_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message) as info:
        load_asks(_write(tmp_path / "asks", text))
    assert "x.yaml" in str(info.value)


def test_missing_directory_gives_no_entries(tmp_path: Path) -> None:
    assert load_asks(tmp_path / "nothing") == []


def test_closest_question_decides_and_unindexed_provisions_are_skipped(tmp_path: Path) -> None:
    searcher = fake_searcher(fake_settings(tmp_path))
    entries = load_asks(_write(tmp_path / "asks", """
- source: eu-359-2011
  locator: "Article 1a(2)"
  asks: ["may embassy guards in Iran get thermal goggles", "protective use exception for union personnel"]
- source: eu-2021-821
  locator: "Article 5(2)"
  asks: ["must we notify the authority about repression", "tell the export office we know of abuse"]
- source: eu-2021-821
  locator: "Article 99"
  asks: ["a provision this corpus does not hold"]
"""))
    asks = ProvisionAsks(entries, searcher, searcher.embedder)
    assert len(asks) == 2 and asks.skipped == 1
    vector = np.asarray(searcher.embedder.embed_query("may embassy guards in Iran get thermal goggles"), dtype=np.float32)
    best = asks.closest(vector, 2, 0.0)
    assert best[0][0].locator == "Article 1a(2)"
    assert best[0][1] == pytest.approx(1.0, abs=1e-5)
    assert best[0][1] > best[1][1]
    assert asks.closest(vector, 2, 1.01) == []
    hints = asks.hints(vector, 1, 0.0)
    assert [h.ranks for h in hints] == [{"asks": 1}]


def test_shared_rare_words_add_to_the_similarity(tmp_path: Path) -> None:
    searcher = fake_searcher(fake_settings(tmp_path))
    entries = load_asks(_write(tmp_path / "asks", """
- source: eu-359-2011
  locator: "Article 1a(2)"
  asks: ["may embassy guards in Iran get thermal goggles"]
- source: eu-2021-821
  locator: "Article 5(2)"
  asks: ["must we notify the authority about repression"]
"""))
    plain = ProvisionAsks(entries, searcher, searcher.embedder)
    worded = ProvisionAsks(entries, searcher, searcher.embedder, lexical_weight=0.5)
    question = "embassy goggles?"
    vector = np.asarray(searcher.embedder.embed_query(question), dtype=np.float32)
    overlap = worded.lexical(question)
    assert overlap[1] == 0.0 and 0.0 < overlap[0] < 1.0  # two of the first question's rarer words, none of the second's
    gain = worded.best(vector, question) - plain.best(vector)
    assert gain[0] == pytest.approx(0.5 * overlap[0], abs=1e-6) and gain[1] == pytest.approx(0.0, abs=1e-6)
    assert worded.best(vector)[0] == pytest.approx(plain.best(vector)[0], abs=1e-6)  # no text: the vectors alone


def test_fusion_weight_scales_the_hint_ranking(tmp_path: Path) -> None:
    searcher = fake_searcher(fake_settings(tmp_path))
    results = searcher.search("thermal cameras Iran", None, 5)
    hint = results[-1].model_copy(update={"ranks": {"asks": 1}, "similarity": 0.5})
    ignored = fuse_hints(results, [hint], 60, 1.0, weight=0.0)
    heavy = fuse_hints(results, [hint], 60, 1.0, weight=10.0)
    assert [r.chunk.chunk_id for r in ignored] == [r.chunk.chunk_id for r in results]
    assert [r.chunk.chunk_id for r in heavy].index(hint.chunk.chunk_id) == 0
