"""Split documents along their own structure so every chunk carries a lawyer's locator.

Schemes (named by `locator_scheme` in the manifest):
- `eu-regulation`: articles, numbered paragraphs, points, definitions, annex items,
  sanctions-list entries (one chunk per entry) and control-list entries;
- `ungp`: Guiding Principles and their commentaries;
- `headings-pages`: numbered headings of a PDF report, with the page;
- `paragraphs`: plain text by paragraph;
- `digest`: one chunk per `##` section of our digests and case notes;
- `auto`: user documents; picks `eu-regulation` for texts with article headings,
  else headings and paragraphs.

Chunk text is verbatim source text (whitespace aside); the `context` kept in
`Chunk.extra` adds the instrument and locator for embedding and lexical search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.load import LoadedDocument, Page, join_pdf_lines
from assistant.settings import ChunkSettings
from assistant.text import split_sentences
from assistant.types import Chunk, Source

CHUNKER_VERSION = "2026-11-30.1"

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ARTICLE = re.compile(r"^Article\s+(\d+[a-z]*)\b\W*(.*)$", re.IGNORECASE)
_ANNEX = re.compile(r"\bANNEX\s+([IVXL]+)\b", re.IGNORECASE)
_ANNEX_SUFFIX = re.compile(r"\(Annex\s+([IVXL]+)\)", re.IGNORECASE)
_CHAPTER = re.compile(r"^(CHAPTER|SECTION|TITLE|PART)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(\d+)\\?\.\s+(?=\S)")
_NUMBERED_DEF = re.compile(r"^-?\s*\((\d+)\)\s+")
_POINT = re.compile(r"^-?\s*\(([a-z]{1,2})\)\s+")
_CONTROL_CODE = re.compile(r"^(\d[A-E]\d{3})\b")
_SUBCODE = re.compile(r"^(\d[A-E]\d{3}(?:\.[a-z]+)?)")
_ITEM = re.compile(r"^(\d{1,2})\\?\.\s*(?!\d)(?=\S)")
_LETTER_SECTION = re.compile(r"^([A-E])\.\s+\S")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}")
_ENTRY_CELL = re.compile(r"^(\d{1,4})\.$")
_GAUL = re.compile(r"[^\w]+")


@dataclass
class Segment:
    """A labelled run of text inside a unit (a point, a sub-entry, a page's worth)."""

    text: str
    label: str | None = None
    page: Page | None = None


@dataclass
class Unit:
    """A structural unit: one locator and its text segments."""

    locator: str
    section_path: tuple[str, ...]
    segments: list[Segment] = field(default_factory=list)
    context: str = ""
    label_style: str = "point"
    extra: dict[str, str] = field(default_factory=dict)

    def add(self, text: str, label: str | None = None, page: Page | None = None) -> None:
        if label is None and self.segments and self.segments[-1].page is page:
            self.segments[-1].text += "\n" + text
        else:
            self.segments.append(Segment(text, label, page))

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments).strip()


def slug(text: str) -> str:
    """A readable id fragment: 'Article 5(2)' -> 'article-5-2'."""
    return _GAUL.sub("-", text.lower()).strip("-")[:80] or "x"


def split_document(doc: LoadedDocument, source: Source, relpath: str, settings: ChunkSettings) -> list[Chunk]:
    """Split one loaded document into chunks with locators."""
    scheme = source.locator_scheme or "auto"
    if scheme == "auto":
        scheme = _detect_scheme(doc)
    short = source.short_title or source.title
    if scheme == "eu-regulation":
        units = _RegulationSplitter(doc, source).run()
    elif scheme == "ungp":
        units = _split_ungp(doc)
    elif scheme == "headings-pages":
        units = _split_headings_pages(doc)
    elif scheme == "digest":
        units = _split_markdown_sections(doc, level=2)
    elif scheme == "paragraphs":
        units = _split_paragraphs(doc)
    else:
        units = _split_markdown_sections(doc, level=None)
    return _units_to_chunks(units, source, relpath, short, settings)


def _detect_scheme(doc: LoadedDocument) -> str:
    if doc.fmt == "pdf":
        return "headings-pages"
    articles = re.findall(r"^#{1,6}\s+Article\s+\d+", doc.text, re.MULTILINE | re.IGNORECASE)
    if len(articles) >= 3:
        return "eu-regulation"
    return "markdown" if doc.fmt in {"markdown", "html"} else "paragraphs"


# --- EU regulations -----------------------------------------------------------


class _RegulationSplitter:
    """A line-driven state machine over an EUR-Lex text converted to Markdown."""

    def __init__(self, doc: LoadedDocument, source: Source) -> None:
        self.doc = doc
        self.source = source
        self.units: list[Unit] = []
        self.unit: Unit | None = None
        self.chapter = ""
        self.article: str | None = None
        self.article_title = ""
        self.expect_title = False
        self.para = 0
        self.para_intro = ""
        self.letter: str | None = None
        self.annex: str | None = None
        self.annex_title = ""
        self.annex_section = ""
        self.tables = 0
        self.item_word = "point" if source.id == "eu-ai-act" else "item"

    # unit management
    def _open(self, locator: str, context: str = "", label_style: str = "point", **extra: str) -> Unit:
        self._close()
        path = tuple(p for p in (self.chapter, self.annex_title, self.annex_section) if p)
        self.unit = Unit(locator, path, context=context, label_style=label_style, extra=dict(extra))
        return self.unit

    def _close(self) -> None:
        if self.unit is not None and self.unit.text:
            self.units.append(self.unit)
        self.unit = None

    def run(self) -> list[Unit]:
        page = self.doc.pages[0]
        for raw in page.text.splitlines():
            line = raw.strip()
            if not line:
                continue
            heading = _HEADING.match(line)
            if heading:
                self._heading(heading.group(2).strip().strip("`*").strip())
                continue
            if self.annex is not None:
                self._annex_line(line)
            elif self.article is not None:
                self._article_line(line)
        self._close()
        return self.units

    # headings
    def _heading(self, text: str) -> None:
        plain = text.replace("**", "").strip()
        article = _ARTICLE.match(plain)
        if article and self.annex is None:
            self.article = article.group(1)
            self.article_title = article.group(2).strip(" `")
            self.expect_title = not self.article_title
            self.para = 0
            self.letter = None
            self.para_intro = ""
            self._open(f"Article {self.article}", context=self._article_context())
            return
        annex = _ANNEX.search(plain) or _ANNEX_SUFFIX.search(plain)
        if annex and (plain.upper().startswith("ANNEX") or _ANNEX_SUFFIX.search(plain)):
            self._close()
            self.article = None
            self.annex = annex.group(1).upper()
            self.annex_title = ""
            self.annex_section = ""
            self.tables = 0
            rest = _ANNEX.sub("", plain, count=1).strip(" —-")
            if rest and not _ANNEX_SUFFIX.search(plain):
                self.annex_title = rest
            return
        if _CHAPTER.match(plain) and self.annex is None:
            self._close()
            self.chapter = plain
            self.article = None
            return
        if self.annex is not None:
            self._annex_heading(plain)
            return
        if self.article is not None and self.unit is not None:
            if not self.article_title:
                self.article_title = plain
                self.unit.context = self._article_context()
                self.expect_title = False
            else:
                self.unit.add(plain)

    def _article_context(self) -> str:
        title = f" ({self.article_title})" if self.article_title else ""
        return f"Article {self.article}{title}"

    # articles
    def _article_line(self, line: str) -> None:
        if self.expect_title and not _PARAGRAPH.match(line) and len(line) < 90 and not line.endswith((".", ":", ";")):
            self.article_title = line
            self.expect_title = False
            if self.unit is not None:
                self.unit.context = self._article_context()
            return
        self.expect_title = False
        para = _PARAGRAPH.match(line) or _NUMBERED_DEF.match(line)
        if para and int(para.group(1)) == self.para + 1:
            self.para = int(para.group(1))
            self.letter = None
            self.para_intro = line[:200]
            self._open(f"Article {self.article}({self.para})", context=self._article_context())
            assert self.unit is not None
            self.unit.add(line)
            return
        if self.unit is None:
            self._open(f"Article {self.article}", context=self._article_context())
        assert self.unit is not None
        point = _POINT.match(line)
        if point and point.group(1) == "i" and self.letter == "h" and self.unit.segments and self.unit.segments[-1].text.rstrip().endswith(":"):
            self.unit.add(line)  # "(i)" after a point (h) that ends "the following objectives:" is its roman sub-point (h)(i), not point (i)
            return
        if point and self._next_letter(point.group(1)):
            self.letter = point.group(1)
            if self.unit.segments and not self.unit.context.endswith(":"):
                intro = self.unit.segments[0].text if len(self.unit.segments) == 1 else ""
                if intro and len(intro) < 300:
                    self.unit.context = f"{self._article_context()} {intro}"
            self.unit.add(line, label=f"({self.letter})")
            return
        self.unit.add(line)

    def _next_letter(self, letter: str) -> bool:
        if len(letter) != 1:
            return False
        if self.letter is None:
            return letter == "a"
        return ord(letter) == ord(self.letter) + 1

    # annexes
    def _annex_base(self) -> str:
        return f"Annex {self.annex}"

    def _annex_heading(self, text: str) -> None:
        code = _CONTROL_CODE.match(text)
        if code:
            self._open(f"{self._annex_base()} — {code.group(1)}", context=f"{self._annex_base()} control entry", label_style="code")
            return
        gea = re.match(r"^(EU\d{3})\b", text)
        if gea:
            self._close()
            self.annex = "II"
            self._open(f"Annex II — {gea.group(1)}", context="Union general export authorisation")
            return
        item = _ITEM.match(text)
        if item:
            self._open_item(item.group(1), text)
            return
        if re.match(r"^Annex\s+[IVXL]+\s+—\s+Category", text, re.IGNORECASE):
            self._close()
            self.annex_section = text
            return
        if text.isupper() or text.startswith(("GENERAL", "DEFINITIONS", "ACRONYMS")):
            self._close()
            title = text.title() if text.isupper() else text
            if not self.annex_title:
                self.annex_title = title
                return
            self.annex_section = title
            self._open(f"{self._annex_base()} — {_short_section(title)}", context=title)
            return
        if not self.annex_title:
            self.annex_title = text
            return
        self._close()
        self.annex_section = text
        self._open(f"{self._annex_base()} — {_short_section(text)}", context=text)

    def _open_item(self, number: str, text: str) -> None:
        self._open(
            f"{self._annex_base()} — {self.item_word} {number}",
            context=f"{self._annex_base()} {self.annex_title}".strip(),
            label_style="item-point",
        )
        self.letter = None
        assert self.unit is not None
        self.unit.extra["item"] = number
        self.unit.add(text)

    def _annex_line(self, line: str) -> None:
        if line.startswith("|"):
            self._table_row(line)
            return
        bold = _BOLD_LINE.match(line)
        if bold:
            title = bold.group(1).strip()
            if not self.annex_title:
                self.annex_title = title
                return
            self._open(f"{self._annex_base()} — {_short_section(title)}", context=title)
            return
        letter = _LETTER_SECTION.match(line)
        if letter and self.annex == "IV":
            self._open(f"{self._annex_base()} — {letter.group(1)}", context=f"{self._annex_base()} {self.annex_title}")
            assert self.unit is not None
            self.unit.add(line)
            return
        item = _ITEM.match(line)
        if item and (self.unit is None or self.unit.extra.get("item") != item.group(1)) and self.unit is not None and self.unit.label_style != "code":
            if self.unit.extra.get("item") is None or int(item.group(1)) == int(self.unit.extra["item"]) + 1:
                self._open_item(item.group(1), line)
                return
        if item and self.unit is None:
            self._open_item(item.group(1), line)
            return
        if self.unit is None:
            self._open(self._annex_base(), context=self.annex_title)
        assert self.unit is not None
        if self.unit.label_style == "code":
            sub = _SUBCODE.match(line)
            self.unit.add(line, label=sub.group(1) if sub and "." in sub.group(1) else None)
            return
        if self.unit.label_style == "item-point":
            point = _POINT.match(line)
            if point and self._next_letter(point.group(1)):
                self.letter = point.group(1)
                self.unit.add(line, label=f"({self.letter})")
                return
        self.unit.add(line)

    def _table_row(self, line: str) -> None:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if _TABLE_SEP.match(line.strip().strip("|").strip()):
            return
        if len(cells) >= 2 and cells[1].lower() == "name":
            self.tables += 1
            return
        if all(not c or set(c) <= {"—", "-"} for c in cells):
            return
        text = "\n".join(c for c in cells if c)
        entry = _ENTRY_CELL.match(cells[0]) if cells else None
        if entry:
            lists = {1: "persons", 2: "entities"}
            which = lists.get(self.tables, f"table {self.tables}")
            name = cells[1] if len(cells) > 1 else ""
            listed = cells[-1] if re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}$", cells[-1] or "") else ""
            self._open(
                f"{self._annex_base()} — {which}, entry {entry.group(1)}",
                context=f"{self._annex_base()} {self.annex_title} — listed {which.removesuffix('s')}",
                entry=entry.group(1),
                name=name,
                listed_on=listed,
                list=which,
            )
            assert self.unit is not None
            self.unit.add("\n".join(c for c in cells[1:] if c))
            return
        item = _ITEM.match(cells[0]) if cells else None
        if item and (self.unit is None or self.unit.extra.get("item") != item.group(1)):
            self._open_item(item.group(1), text)
            return
        if self.unit is None:
            self._open(self._annex_base(), context=self.annex_title)
        assert self.unit is not None
        if not self.unit.extra.get("listed_on") and cells and re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}$", cells[-1] or ""):
            self.unit.extra["listed_on"] = cells[-1]
        self.unit.add(text)


def _short_section(title: str) -> str:
    title = re.sub(r"\s+", " ", title.replace("*", "")).strip(" :")
    if title.upper().startswith("DEFINITIONS"):
        return "Definitions"
    if title.upper().startswith("ACRONYMS"):
        return "Acronyms"
    return title[:60]


# --- UN Guiding Principles ----------------------------------------------------

_UNGP_PRINCIPLE = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 5 or len(line) > 90:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.75


def _split_ungp(doc: LoadedDocument) -> list[Unit]:
    units: list[Unit] = []
    unit: Unit | None = None
    expected = 1
    heading = "Introduction"
    principle: int | None = None

    def close() -> None:
        if unit is not None and unit.text:
            units.append(unit)

    for page in doc.pages:
        for raw in page.text.splitlines():
            line = raw.strip()
            if not line:
                continue
            match = _UNGP_PRINCIPLE.match(line)
            if match and int(match.group(1)) == expected:
                close()
                principle = expected
                expected += 1
                unit = Unit(f"Principle {principle}", (heading,), context=f"Guiding Principle {principle} ({heading.title()})")
                unit.add(line, page=page)
                continue
            if line == "Commentary" and principle is not None:
                close()
                unit = Unit(f"Principle {principle} — Commentary", (heading,), context=f"Commentary to Guiding Principle {principle} ({heading.title()})")
                continue
            if _is_caps_heading(line):
                heading = re.sub(r"\s+", " ", line).strip()
                if principle is None or (unit is not None and unit.locator.endswith("Commentary")):
                    close()
                    unit = None
                continue
            if unit is None:
                title = heading.title()
                unit = Unit(title if principle is None else f"{title}", (heading,), context=title)
            unit.add(line, page=page)
    close()
    return units


# --- PDF reports with numbered headings -----------------------------------------

_NUM_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^\n]{2,100}?)\s*$")
_TOC_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(\S.*?)\s+(\d{1,3})$")
_SIDEBAR = re.compile(r"^\d\s{2,}\S.*(\d\s{2,}\S|\s{2}$)|^\d\s{2,}[A-Z][a-z]+( [a-z]+){0,4}\s*$")
_TOC_START = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z].*)$")


def _table_of_contents(doc: LoadedDocument) -> list[tuple[str, str, int]]:
    """(number, title, page) entries of a printed table of contents in the first pages."""
    entries: list[tuple[str, str, int]] = []
    for page in doc.pages[:8]:
        lines = [line.strip() for line in page.text.splitlines() if line.strip()]
        found: list[tuple[str, str, int]] = []
        pending = ""
        for line in lines:
            candidate = f"{pending} {line}".strip() if pending else line
            match = _TOC_LINE.match(candidate)
            if match:
                found.append((match.group(1), re.sub(r"\s+", " ", match.group(2)).strip(), int(match.group(3))))
                pending = ""
            elif _TOC_START.match(line) and not pending:
                pending = line
            else:
                pending = ""
        if len(found) >= 5 and [int(e[2]) for e in found] == sorted(int(e[2]) for e in found):
            entries = found
            break
    return entries


def _split_headings_pages(doc: LoadedDocument) -> list[Unit]:
    toc = _table_of_contents(doc)
    if not toc:
        return _split_numbered_headings(doc)
    by_label = {p.label: i for i, p in enumerate(doc.pages)}
    units: list[Unit] = []
    heading = "Front matter"
    unit = Unit(heading, (heading,), context=heading, label_style="page")
    pending = list(toc)
    for index, page in enumerate(doc.pages):
        starting = [e for e in pending if by_label.get(str(e[2]), -1) == index]
        lines = [line.strip() for line in page.text.splitlines() if line.strip() and not _SIDEBAR.match(line.strip())]
        found_at: dict[int, tuple[str, str, int]] = {}
        for entry in starting:
            prefix = f"{entry[0]} {entry[1][:20]}".lower()
            for i, line in enumerate(lines):
                if re.sub(r"\s+", " ", line).lower().startswith(prefix) and i not in found_at:
                    found_at[i] = entry
                    break
        unplaced = [e for e in starting if e not in found_at.values()]
        if unplaced:
            found_at.setdefault(-1, unplaced[-1])
        for i in [-1, *range(len(lines))]:
            entry = found_at.get(i)
            if entry is not None:
                if unit.text:
                    units.append(unit)
                heading = f"{entry[0]} {entry[1]}"
                unit = Unit(heading, (heading,), context=heading, label_style="page")
                if i >= 0:
                    continue
            if i >= 0:
                unit.add(lines[i], page=page)
        pending = [e for e in pending if e not in starting]
    if unit.text:
        units.append(unit)
    return units


def _split_numbered_headings(doc: LoadedDocument) -> list[Unit]:
    units: list[Unit] = []
    unit: Unit | None = None
    last: tuple[int, ...] = ()
    heading = "Front matter"
    for page in doc.pages:
        for raw in page.text.splitlines():
            line = raw.strip()
            if not line:
                continue
            match = _NUM_HEADING.match(line)
            if match and (line[-1].isalpha() or line[-1] in ")?"):
                number = tuple(int(x) for x in match.group(1).split("."))
                title = match.group(2)
                shaped = "," not in title and len(title) <= 75 and (len(number) > 1 or len(title) <= 45)
                if shaped and number > last and number[0] <= (last[0] + 2 if last else 2):
                    if unit is not None and unit.text:
                        units.append(unit)
                    last = number
                    heading = f"{match.group(1)} {title.strip()}"
                    unit = Unit(heading, (heading,), context=heading, label_style="page")
                    continue
            if unit is None:
                unit = Unit(heading, (heading,), context=heading, label_style="page")
            unit.add(line, page=page)
    if unit is not None and unit.text:
        units.append(unit)
    return units


# --- Markdown sections, digests, plain paragraphs --------------------------------


def _split_markdown_sections(doc: LoadedDocument, level: int | None) -> list[Unit]:
    units: list[Unit] = []
    unit: Unit | None = None
    path: list[str] = []
    para = 0
    for raw in doc.text.splitlines():
        heading = _HEADING.match(raw.strip())
        if heading and (level is None or len(heading.group(1)) <= level):
            depth = len(heading.group(1))
            title = heading.group(2).strip().strip("*").strip()
            path = path[: depth - 1] + [title]
            if unit is not None and unit.text:
                units.append(unit)
            unit = Unit(title, tuple(path), context=" — ".join(path))
            para = 0
            continue
        line = raw.rstrip()
        if unit is None:
            if not line.strip():
                continue
            para += 1
            unit = Unit(f"para {para}", (), context=doc.path.stem)
        unit.add(line)
    if unit is not None and unit.text:
        units.append(unit)
    return units


def _split_paragraphs(doc: LoadedDocument) -> list[Unit]:
    units: list[Unit] = []
    blocks = [b.strip() for b in re.split(r"\n\s*\n", doc.text) if b.strip()]
    for number, block in enumerate(blocks, start=1):
        unit = Unit(f"para {number}", (), context=doc.path.stem.replace("-", " "))
        unit.add(block)
        units.append(unit)
    return units


# --- packing units into chunks ---------------------------------------------------


def _bounded(sentences: list[str], max_chars: int) -> list[str]:
    """Cut run-on 'sentences' (tables, lists without full stops) at word boundaries."""
    out: list[str] = []
    for sentence in sentences:
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out


def _segment_text(segment: Segment) -> str:
    if segment.page is not None:
        return join_pdf_lines(segment.text)
    return segment.text.strip()


def _pack(segments: list[Segment], max_chars: int) -> list[list[Segment]]:
    """Group consecutive segments into pieces no longer than max_chars (single long ones split)."""
    pieces: list[list[Segment]] = []
    current: list[Segment] = []
    size = 0
    for seg in segments:
        text = _segment_text(seg)
        if not text:
            continue
        if len(text) > max_chars:
            if current:
                pieces.append(current)
                current, size = [], 0
            chunk_text = ""
            first = True
            for sentence in _bounded(split_sentences(text), max_chars):
                if chunk_text and len(chunk_text) + len(sentence) + 1 > max_chars:
                    pieces.append([Segment(chunk_text, seg.label if first else None, seg.page)])
                    first = False
                    chunk_text = ""
                chunk_text = f"{chunk_text} {sentence}".strip()
            if chunk_text:
                pieces.append([Segment(chunk_text, seg.label if first else None, seg.page)])
            continue
        if current and size + len(text) + 1 > max_chars:
            pieces.append(current)
            current, size = [], 0
        current.append(Segment(text, seg.label, seg.page))
        size += len(text) + 1
    if current:
        pieces.append(current)
    return pieces


def _piece_locator(unit: Unit, piece: list[Segment], index: int) -> str:
    label = piece[0].label
    if unit.label_style == "page":
        page = piece[0].page
        return f"{unit.locator}, p. {page.label}" if page is not None and page.label else unit.locator
    if index == 0 or not label:
        return unit.locator
    if unit.label_style == "code":
        return unit.locator.rsplit(" — ", 1)[0] + f" — {label}"
    return f"{unit.locator}{label}"


def _units_to_chunks(units: list[Unit], source: Source, relpath: str, short: str, settings: ChunkSettings) -> list[Chunk]:
    chunks: list[Chunk] = []
    counters: dict[str, int] = {}
    for unit in units:
        segments = unit.segments
        total = sum(len(_segment_text(s)) for s in segments)
        labelled = any(s.label for s in segments)
        if total > settings.max_chars and labelled and unit.label_style != "code":
            pieces: list[list[Segment]] = []
            for seg in segments:
                pieces.extend(_pack([seg], settings.max_chars))
            pieces = _merge_small(pieces, settings.min_chars)
        else:
            pieces = _pack(segments, settings.max_chars)
        for index, piece in enumerate(pieces):
            text = "\n".join(s.text for s in piece).strip()
            if not text:
                continue
            locator = _piece_locator(unit, piece, index)
            key = f"{source.id}:{slug(locator)}"
            n = counters.get(key, 0)
            counters[key] = n + 1
            page = piece[0].page
            context = f"{short} — {locator}"
            if unit.context and unit.context not in locator:
                context += f" — {unit.context}"
            chunks.append(
                Chunk(
                    chunk_id=f"{key}:{n}",
                    source_id=source.id,
                    file=relpath,
                    text=text,
                    locator=locator,
                    section_path=unit.section_path,
                    page=page.label if page is not None else None,
                    page_index=page.index if page is not None else None,
                    extra={**unit.extra, "context": context, "title": source.title},
                )
            )
    return chunks


def _merge_small(pieces: list[list[Segment]], min_chars: int) -> list[list[Segment]]:
    """Fold an unlabelled tiny piece (a paragraph's lead-in) into the piece after it."""
    merged: list[list[Segment]] = []
    carry: list[Segment] = []
    for piece in pieces:
        if carry:
            piece = carry + piece
            carry = []
        if sum(len(s.text) for s in piece) < min_chars and not piece[0].label and piece is not pieces[-1]:
            carry = piece
            continue
        merged.append(piece)
    if carry:
        merged.append(carry)
    return merged
