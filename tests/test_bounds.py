"""assistant.bounds: clean text, flat history, bounded context, bounded display."""

from __future__ import annotations

import json

import pytest

from assistant.bounds import HistoryError, bound_history, clean_text, parse_history, trim_messages
from assistant.errors import QuestionError
from assistant.settings import WebSettings


def test_clean_text_replaces_lone_surrogates_and_keeps_everything_else() -> None:
    assert clean_text("Iran \ud800 cameras") == "Iran \ufffd cameras"
    assert clean_text("\udfff") == "\ufffd"
    assert clean_text("ok ✓ Ω 😀") == "ok ✓ Ω 😀"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair left unjoined by a decoder becomes its character
    clean_text("a\ud800b\udc00").encode("utf-8")  # the result always encodes
    with pytest.raises(QuestionError, match="expected text"):
        clean_text(None)  # type: ignore[arg-type]


def test_parse_history_accepts_json_text_and_lists() -> None:
    turns = [{"role": "user", "content": "Thermal cameras to Dubai?"}, {"role": "assistant", "content": "Check the end user."}]
    assert parse_history(json.dumps(turns)) == turns
    assert parse_history(turns) == turns
    assert parse_history("") == [] and parse_history(None) == [] and parse_history("   ") == []
    assert parse_history(json.dumps([{"role": "user", "content": "x \ud800"}], ensure_ascii=True)) == [
        {"role": "user", "content": "x \ufffd"}
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),  # beyond the JSON decoder's recursion limit
        ("[" * 50 + "]" * 50, "nested too deeply"),
        (json.dumps([{"role": "user", "content": [[["x"]]]}]), "nested too deeply"),
        (json.dumps([{"role": "user", "content": {"a": 1}}]), "nested too deeply"),
        (json.dumps([{"role": "system", "content": "x"}]), "history item 0 must be"),
        (json.dumps([{"role": "user", "content": 5}]), "history item 0 must be"),
        (json.dumps({"role": "user", "content": "x"}), "must be a JSON list"),
        ("[{'role': 'user'}]", "not valid JSON"),
        (json.dumps([{"role": "user", "content": "x"}] * 401), "401 items; at most 400"),
    ],
)
def test_parse_history_refuses_with_one_line(value: str, message: str) -> None:
    with pytest.raises(HistoryError, match=message) as info:
        parse_history(value)
    assert "\n" not in str(info.value)
    assert "recursion" not in str(info.value).lower()
    assert isinstance(info.value, QuestionError)


def test_bound_history_keeps_the_newest_turns_within_the_budget() -> None:
    web = WebSettings(max_history_turns=4, max_history_chars=1000)
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"{i}" * 300} for i in range(6)]
    kept, notice = bound_history(turns, web)
    assert [t["content"][0] for t in kept] == ["3", "4", "5"]  # 3 × 300 fit; the 4th newest would be cut to 100, below the minimum piece
    assert notice == (
        "Only the last 3 of 6 earlier turns (900 of 1,800 characters) were used as context; "
        "the limit is 4 turns and 1,000 characters."
    )
    small = turns[:2]
    assert bound_history(small, web) == (small, None)


def test_bound_history_shortens_a_huge_newest_turn_and_drops_the_rest() -> None:
    web = WebSettings(max_history_chars=24_000)
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": "x" * 2**20} for i in range(6)]
    kept, notice = bound_history(turns, web)
    assert len(kept) == 1 and kept[0]["role"] == "assistant"
    assert len(kept[0]["content"]) == 24_000 and kept[0]["content"].endswith(" […]")
    assert notice is not None and "6,291,456 characters" in notice and "shortened" in notice


def test_bound_history_turn_limit_zero_means_no_context() -> None:
    kept, notice = bound_history([{"role": "user", "content": "a"}], WebSettings(max_history_turns=0))
    assert kept == [] and notice is not None and "last 0 of 1" in notice


def test_trim_messages_drops_the_oldest_messages() -> None:
    messages = [{"role": "user", "content": "a" * 400}, {"role": "assistant", "content": "b" * 400},
                {"role": "user", "content": "c" * 100}]
    kept, dropped = trim_messages(messages, 600)
    assert [m["content"][0] for m in kept] == ["b", "c"] and dropped == 1
    assert trim_messages(messages, 10_000) == (messages, 0)
