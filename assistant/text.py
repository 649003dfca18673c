"""Text utilities shared by every stage: one of each.

- `normalise_space`: the form in which quotes are compared with sources;
- `split_sentences`: sentences of legal source text (blingfire keeps "Art. 5" intact);
- `answer_sentences`: sentences of an answer in Markdown (list items, table rows, markers);
- `tokenize`: stemmed lexical tokens without stop words (BM25 and overlap measures);
- `content_words`: unstemmed words of four letters or more that carry meaning;
- `markers`: every citation number named by `[n]`, `[n, m]` or `[n–m]` markers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

STOPWORDS: frozenset[str] = frozenset(
    (
        "a about above after again against all also although among an and another any are as at be because been before "
        "being below between both but by can cannot could do does doing down during each either else every for from "
        "further had has have having here hers herself himself how i if in into is it its itself just least less like "
        "made make many may me might more most much must my neither no none not of on only or other others ought our "
        "ours ourselves over same shall should since so some such than that the their theirs them themselves then "
        "there therefore these they this those though through thus to under unless until upon very was we were what "
        "whatever when where whether which while who whom whose why will with within without would you your yours "
        "yourself yourselves"
    ).split()
)
# Words that say nothing about the subject of a question (used where overlap with evidence is measured).
QUESTION_WORDS: frozenset[str] = STOPWORDS | frozenset(
    "what's doesn't need needs required require requires apply applies company companies question answer tell explain describe "
    "just only very like much many more most some each over then".split()
    # how the asker frames the request ("the precise logic for my slides, trainer here"), not what it is about
    + "exactly precise precisely supposed logic reasoning slides slide deck trainer trainers workshop please thanks "
    "wondering quick quickly briefly simply basically actually really ungps ungp".split()
)

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")
MARKER = re.compile(r"\[(\d{1,3}(?:\s*(?:,|;|–|-|—)\s*\d{1,3})*)\]")


def normalise_space(text: str) -> str:
    """Collapse whitespace; the form in which quotes are compared with sources."""
    return _SPACE.sub(" ", text).strip()


_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
     "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
     "\u00a0": " ", "\u202f": " ", "\u2009": " "}
)


def fold(text: str) -> str:
    """Case-, quote-mark-, dash- and whitespace-insensitive form of a text, for comparisons."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold().split())


def split_sentences(text: str) -> list[str]:
    """Sentence-split legal text line block by line block (blingfire keeps 'Art. 5' and 'approx. 25%' intact)."""
    import blingfire  # heavy native library, needed only when text is split

    flat = re.sub(r"[ \t]+", " ", text)
    pieces: list[str] = []
    for block in flat.split("\n"):
        if block.strip():
            pieces.extend(s for s in blingfire.text_to_sentences(block.strip()).split("\n") if s.strip())
    return pieces


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: native, loaded on first tokenisation

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokenize(text: str) -> list[str]:
    """Lower-case word and number tokens, English stop words dropped, stemmed."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


def content_words(text: str) -> list[str]:
    """Lower-cased words of at least four letters that are not question or stop words."""
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in QUESTION_WORDS]


def markers(text: str) -> list[int]:
    """Every number named by a citation marker, in order: `[2]`, `[2, 5]`, and ranges `[2–4]` / `[2-4]`."""
    numbers: list[int] = []
    for match in MARKER.finditer(text):
        for part in re.split(r"[,;]", match.group(1)):
            bounds = [int(b) for b in re.split(r"\s*[–\-—]\s*", part.strip()) if b]
            if len(bounds) == 2 and bounds[0] <= bounds[1] and bounds[1] - bounds[0] <= 50:
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return numbers


_QUOTE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')]*(?:\s*\[\d{1,3}(?:\s*(?:,|–|-|—)\s*\d{1,3})*\])*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc art arts no nos p pp para paras reg regs cf vs mr ms dr st inc ltd co fig sec sect ch vol approx u.s e.u u.k ann".split()
)
_LIST_PREFIX = re.compile(r"^(?:>\s*)*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?")
_LABEL_LINE = re.compile(r"^(?:\*\*|__)?[^.!?]{0,80}:(?:\*\*|__)?$|^(?:\*\*|__)[^*_]{1,80}(?:\*\*|__):?$")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def quoted_spans(line: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every “…” or "…" quotation in a line."""
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _QUOTE.finditer(line)]


def _is_boundary(line: str, match: re.Match[str], quotes: list[tuple[int, int]]) -> bool:
    if any(start < match.end() < end for start, end in quotes):
        return False
    rest = line[match.end():].lstrip()
    if rest and rest[0].islower():
        return False
    if match.group(0).startswith(".") and not match.group(0).startswith(".."):
        word = _WORD_BEFORE.search(line[: match.start()])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1) and rest[:1].isalnum():
            return False
    return True


def _split_line(line: str) -> list[str]:
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(line)]
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        if _is_boundary(line, match, quotes):
            pieces.append(line[start : match.end()].strip())
            start = match.end()
    pieces.append(line[start:].strip())
    return [piece for piece in pieces if piece]


def answer_sentences(text: str) -> list[str]:
    """Split an answer into sentences; headings, label lines and table rules are left out.

    List items and table rows count as sentences even without a full stop, and
    `[n]` markers after a full stop belong to the sentence before them.
    """
    result: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or _TABLE_RULE.match(line):
            continue
        line = _LIST_PREFIX.sub("", line, count=1).strip()
        if line.startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        if not line or _LABEL_LINE.match(line):
            continue
        result.extend(_split_line(line))
    return result


def whole_sentences(text: str, max_chars: int) -> str:
    """At most `max_chars` of `text` (verbatim), cut at the last sentence end (or word end) that fits, never mid-word."""
    flat = normalise_space(text)
    if len(flat) <= max_chars:
        return flat
    head = flat[:max_chars]
    end = max(head.rfind(". "), head.rfind("; "), head.rfind(": "))
    if end >= max_chars // 2:
        return head[: end + 1].rstrip()
    return head.rsplit(" ", 1)[0].rstrip(",;:")


def shown_quote(text: str, max_chars: int) -> str:
    """`whole_sentences` for display: a quote cut inside a sentence ends with " …", so a reader sees it goes on."""
    quote = whole_sentences(text, max_chars)
    if len(quote) < len(normalise_space(text)) and not quote.endswith((".", ";", ":", "!", "?", "…")):
        return quote + " …"
    return quote
