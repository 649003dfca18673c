"""Bounds on what a request may hand the answer engine: valid text, a small, flat history.

Pure functions, no I/O. The web app calls them before the pipeline, and the
pipeline entry may call them again; calling them twice is harmless.

- `clean_text` replaces what cannot be encoded as UTF-8 (lone surrogates such
  as `\\ud800`) with U+FFFD, so no tokenizer, database or log sees it.
- `parse_history` reads a history given as JSON text or as a list and refuses,
  with one line, anything that is not a flat list of {role, content} turns.
- `bound_history` keeps the newest turns within a turn count and a character
  budget and says, in one sentence, what was left out.
- `trim_messages` keeps the chat display within a character budget.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.errors import QuestionError
from assistant.settings import WebSettings

ROLES = ("user", "assistant")
ELLIPSIS = " […]"
MIN_PIECE = 200  # a turn that does not fit is kept shortened only if at least this much room is left


class HistoryError(QuestionError):
    """The conversation history is malformed, too deeply nested or too long to read."""


def clean_text(text: str) -> str:
    """`text` with every code point UTF-8 cannot encode (lone surrogates) replaced by U+FFFD.

    Properly paired surrogates (as some JSON decoders leave them) are joined into
    the character they encode.
    """
    if not isinstance(text, str):
        raise QuestionError(f"expected text, got {type(text).__name__}.")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of lists and dicts in `value`, counted without recursion; stops past `limit`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_history(value: str | Sequence[Any] | None, web: WebSettings | None = None) -> list[dict[str, str]]:
    """A history as a list of {role, content} dicts, or one clear error line.

    `value` is JSON text (the API), a list of dicts or `Turn`-like objects, or
    None/empty. Nesting deeper than a list of flat objects, more than
    `max_history_items` items, a role other than user/assistant or content that
    is not text are refused. Text is passed through `clean_text`.
    """
    web = web or WebSettings()
    if value is None:
        return []
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            value = json.loads(value)
        except RecursionError:
            raise HistoryError(
                "history is nested too deeply; pass a flat JSON list of {\"role\", \"content\"} objects."
            ) from None
        except json.JSONDecodeError as exc:
            raise HistoryError(
                f"history is not valid JSON ({exc.msg}); pass a list of {{\"role\", \"content\"}} objects."
            ) from None
    if not isinstance(value, (list, tuple)):
        raise HistoryError("history must be a JSON list of {\"role\", \"content\"} objects.")
    if len(value) > web.max_history_items:
        raise HistoryError(
            f"history has {len(value):,} items; at most {web.max_history_items:,} are accepted. Send the recent turns only."
        )
    if _depth(value, 2) > 2:
        raise HistoryError(
            "history is nested too deeply; each item must be a flat {\"role\": \"user\"|\"assistant\", \"content\": text} object."
        )
    turns: list[dict[str, str]] = []
    for i, item in enumerate(value):
        role = item.get("role") if isinstance(item, Mapping) else getattr(item, "role", None)
        content = item.get("content") if isinstance(item, Mapping) else getattr(item, "content", None)
        if role not in ROLES or not isinstance(content, str):
            raise HistoryError(f"history item {i} must be {{\"role\": \"user\"|\"assistant\", \"content\": text}}.")
        turns.append({"role": role, "content": clean_text(content)})
    return turns


def bound_history(
    turns: Sequence[Mapping[str, str]], web: WebSettings | None = None
) -> tuple[list[dict[str, str]], str | None]:
    """The newest turns within `max_history_turns` and `max_history_chars`, and a notice if any were cut.

    Older turns are dropped first; if the newest turn alone is longer than the
    character budget, its beginning is kept and marked with " […]".
    """
    web = web or WebSettings()
    given = [{"role": t["role"], "content": clean_text(t["content"])} for t in turns]
    total_chars = sum(len(t["content"]) for t in given)
    kept: list[dict[str, str]] = []
    budget = web.max_history_chars
    shortened = False
    for turn in reversed(given[-web.max_history_turns:] if web.max_history_turns else []):
        size = len(turn["content"])
        if size <= budget:
            kept.append(turn)
            budget -= size
            continue
        if (not kept or budget >= MIN_PIECE) and budget > len(ELLIPSIS):
            kept.append({"role": turn["role"], "content": turn["content"][: budget - len(ELLIPSIS)] + ELLIPSIS})
            shortened = True
        break
    kept.reverse()
    if len(kept) == len(given) and not shortened:
        return kept, None
    used = sum(len(t["content"]) for t in kept)
    notice = (
        f"Only the last {len(kept)} of {len(given)} earlier turns ({used:,} of {total_chars:,} characters) were used "
        f"as context; the limit is {web.max_history_turns} turns and {web.max_history_chars:,} characters."
    )
    if shortened:
        notice += " The most recent turn was shortened."
    return kept, notice


def trim_messages(messages: Sequence[Mapping[str, Any]], max_chars: int) -> tuple[list[dict[str, Any]], int]:
    """The newest chat messages whose text fits in `max_chars`, and how many older ones were dropped."""
    kept: list[dict[str, Any]] = []
    budget = max_chars
    for message in reversed(list(messages)):
        content = message.get("content") if isinstance(message, Mapping) else None
        size = len(content) if isinstance(content, str) else 1000  # files and components: a nominal size
        if size > budget:
            break
        kept.append(dict(message))
        budget -= size
    kept.reverse()
    return kept, len(messages) - len(kept)


__all__ = ["HistoryError", "bound_history", "clean_text", "parse_history", "trim_messages"]
