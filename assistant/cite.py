"""Check an LLM answer against the evidence it was given.

`check_answer` maps `[n]` markers to the pipeline's citations (keeping its
numbers), drops markers that name no passage, flags sentences without a
citation and quotes that the cited passages do not contain, and removes links,
images and raw HTML so a rendered answer cannot send data anywhere. An answer
that fails badly (`ok` is False) is replaced by the grounded answer upstream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from assistant.text import MARKER, fold, markers, quoted_spans
from assistant.text import answer_sentences as sentences
from assistant.types import Citation

SENTINEL = "INSUFFICIENT_EVIDENCE"
MIN_QUOTE_WORDS = 6
MIN_CLAIM_WORDS = 3
MAX_UNCITED_SHARE = 0.5

_MARKER_WITH_SPACE = re.compile(r"(\s*)" + MARKER.pattern)

_SCRIPT = re.compile(r"<(script|style|iframe|object)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)|!\[([^\[\]]*)\]\[[^\[\]]*\]")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?:[A-Za-z][A-Za-z0-9+.-]*:|//|www\.)\S*.*$\n?", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:|www\.)[^<>\s]*>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LOCAL_URL = re.compile(r"^(?:#[A-Za-z0-9_-]+|/source/[^\s\\]*)$")

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\(\s*(?:\.\s*){3}\)|\.\.\.|…)\s*")


class CheckedAnswer(BaseModel):
    """An LLM answer after citation, quote and link checks."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The cleaned answer: unknown markers, links, images and HTML removed.")
    citations: list[Citation] = Field(default_factory=list, description="Citations the answer uses, by the pipeline's numbers.")
    dropped_markers: list[int] = Field(default_factory=list, description="Marker numbers that named no passage, in order.")
    sentence_count: int = 0
    uncited_sentences: list[str] = Field(default_factory=list)
    uncited_share: float = 0.0
    unverified_quotes: list[str] = Field(default_factory=list, description="Quotes the passages cited beside them do not contain.")
    fabricated_quotes: list[str] = Field(default_factory=list, description="Quotes no evidence passage contains.")
    removed_links: int = 0
    removed_html: int = 0
    insufficient: bool = Field(False, description="The model answered with the INSUFFICIENT_EVIDENCE sentinel.")
    warnings: list[str] = Field(default_factory=list)
    ok: bool = False


def _strip_markup(text: str) -> tuple[str, int, int]:
    """Remove raw HTML, images and links off this server; return (text, links removed, HTML removed)."""
    html = 0
    links = 0
    text, n = _SCRIPT.subn("", text)
    html += n
    text, n = _COMMENT.subn("", text)
    html += n
    previous = None
    while previous != text:
        previous = text
        text, n = _IMAGE.subn("", text)
        links += n

    def _link(match: re.Match[str]) -> str:
        nonlocal links
        url = match.group(2).strip().strip("<>").split(" ", 1)[0]
        if _LOCAL_URL.match(url) and "//" not in url and ".." not in url:
            return match.group(0)
        links += 1
        return match.group(1)

    text = _LINK.sub(_link, text)
    text, n = _REF_DEF.subn("", text)
    links += n
    text, n = _AUTOLINK.subn("", text)
    links += n
    text, n = _TAG.subn("", text)
    html += n
    if links or html:
        text = re.sub(r"(?<=\S)[ \t]{2,}", " ", text)
    return text, links, html


def _drop_unknown_markers(text: str, known: set[int]) -> tuple[str, list[int]]:
    dropped: list[int] = []

    def _marker(match: re.Match[str]) -> str:
        numbers = markers(match.group(0).strip())
        kept = [n for n in numbers if n in known]
        dropped.extend(n for n in numbers if n not in known)
        if len(kept) == len(numbers):
            return match.group(0)
        if not kept:
            return ""
        return f"{match.group(1)}[{', '.join(str(n) for n in kept)}]"

    return _MARKER_WITH_SPACE.sub(_marker, text), dropped


def normalize_quote(text: str) -> str:
    """Case-, whitespace-, quote-mark- and dash-insensitive form for comparing quotes (Markdown emphasis ignored)."""
    return fold(text.replace("*", " "))


def quote_found(quote: str, passages: Iterable[str]) -> bool:
    """True when every part of `quote` (split at ellipses) occurs, in order, in one passage."""
    parts = [normalize_quote(part).strip(" .,;:!?\"'()[]") for part in _ELLIPSIS.split(quote)]
    parts = [part for part in parts if part]
    if not parts:
        return True
    for passage in passages:
        haystack = normalize_quote(passage)
        position = 0
        for part in parts:
            found = haystack.find(part, position)
            if found < 0:
                break
            position = found + len(part)
        else:
            return True
    return False


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def check_answer(text: str, citations: list[Citation]) -> CheckedAnswer:
    """Clean an answer and judge whether it is grounded in `citations` (see module docstring)."""
    by_number = {citation.n: citation for citation in citations}
    warnings: list[str] = []

    cleaned, removed_links, removed_html = _strip_markup(text or "")
    if removed_links:
        warnings.append(f"Removed {removed_links} {_plural(removed_links, 'link or image', 'links or images')} to other sites.")
    if removed_html:
        warnings.append("Removed raw HTML.")

    cleaned, dropped = _drop_unknown_markers(cleaned, set(by_number))
    cleaned = re.sub(r"[ \t]+\n", "\n", cleaned).strip()
    if dropped:
        shown = ", ".join(f"[{n}]" for n in dict.fromkeys(dropped))
        count = len(dropped)
        warnings.append(f"Dropped {count} citation {_plural(count, 'marker', 'markers')} that {_plural(count, 'names', 'name')} no evidence passage: {shown}.")

    insufficient = SENTINEL in cleaned
    if insufficient:
        warnings.append("The model found that the evidence does not answer the question.")

    used_numbers = sorted(set(markers(cleaned)))
    used = [by_number[n] for n in used_numbers]

    claims: list[str] = []
    uncited: list[str] = []
    unverified: list[str] = []
    fabricated: list[str] = []
    all_passages = [citation.quote for citation in citations]
    for sentence in sentences(cleaned):
        cited = [by_number[n] for n in dict.fromkeys(markers(sentence))]
        bare = MARKER.sub("", sentence).strip()
        if bare == SENTINEL or (len(bare.split()) < MIN_CLAIM_WORDS and not cited):
            continue
        claims.append(sentence)
        if not cited:
            uncited.append(sentence)
        for _, _, quote in quoted_spans(sentence):
            if len(quote.split()) < MIN_QUOTE_WORDS:
                continue
            against = [c.quote for c in cited] if cited else [c.quote for c in used]
            if quote_found(quote, against):
                continue
            unverified.append(quote)
            if quote_found(quote, all_passages):
                refs = "".join(f"[{c.n}]" for c in cited) or "of the answer"
                warnings.append(f"Quote not found in the cited {_plural(len(cited), 'passage', 'passages')} {refs}: “{quote}”.")
            else:
                fabricated.append(quote)
                warnings.append(f"Quote not found in any evidence passage: “{quote}”.")

    share = round(len(uncited) / len(claims), 3) if claims else 0.0
    if uncited:
        warnings.append(f"{len(uncited)} of {len(claims)} {_plural(len(claims), 'sentence cites', 'sentences cite')} no passage.")
    if not used and not insufficient:
        warnings.append("No valid citation remains in the answer.")

    ok = bool(used) and share <= MAX_UNCITED_SHARE and not fabricated and not insufficient
    return CheckedAnswer(
        text=cleaned,
        citations=used,
        dropped_markers=dropped,
        sentence_count=len(claims),
        uncited_sentences=uncited,
        uncited_share=share,
        unverified_quotes=unverified,
        fabricated_quotes=fabricated,
        removed_links=removed_links,
        removed_html=removed_html,
        insufficient=insufficient,
        warnings=warnings,
        ok=ok,
    )
