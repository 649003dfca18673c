"""Read source files (PDF, Markdown, plain text, HTML) into page-aware text.

Every failure raises `DocumentError` naming the file, the problem and the fix;
the ingest reports it and goes on with the other files.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.errors import DocumentError
from assistant.text import normalise_space

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 200 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class Page:
    """Text of one page (PDF) or of a whole text document (page None)."""

    text: str
    label: str | None = None
    index: int | None = None


@dataclass
class LoadedDocument:
    """A file's text by page, its format and its front-matter metadata."""

    path: Path
    fmt: str
    pages: list[Page]
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


def load_document(path: Path) -> LoadedDocument:
    """Load one file by its suffix."""
    if not path.is_file():
        raise DocumentError(str(path), "file not found", "Check the documents directory (DDA_DOCUMENTS_DIR) or run `ddassist corpus fetch`.")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(str(path), "the file is empty", "Replace it with the complete document.")
    if size > MAX_FILE_BYTES:
        raise DocumentError(str(path), f"the file is {size // 2**20} MB, above the {MAX_FILE_BYTES // 2**20} MB limit", "Split the document or remove it from the documents directory.")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _load_pdf(path)
    raw = path.read_bytes()
    text, warnings = _decode(path, raw)
    if suffix in {".html", ".htm"}:
        return LoadedDocument(path, "html", [Page(_html_to_text(text))], warnings=warnings)
    metadata: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            parsed = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            parsed = None
        if isinstance(parsed, dict):
            metadata = {str(k): str(v) for k, v in parsed.items()}
            text = text[match.end():]
    fmt = "markdown" if suffix in {".md", ".markdown"} else "text"
    if not text.strip():
        raise DocumentError(str(path), "the file has no text", "Replace it with the complete document.")
    return LoadedDocument(path, fmt, [Page(text)], metadata, warnings)


def _decode(path: Path, raw: bytes) -> tuple[str, list[str]]:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DocumentError(str(path), "the file has a UTF-16 mark but is not valid UTF-16", "Re-save the file as UTF-8.") from exc
    if b"\x00" in raw[:4096]:
        raise DocumentError(str(path), "the file is binary, not text", "Remove it or save it as UTF-8 text, Markdown, HTML or PDF.")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError(str(path), "the text is neither UTF-8 nor Windows-1252", "Re-save the file as UTF-8.") from exc
    return text, [f"{path.name}: not UTF-8; read as Windows-1252. Re-save it as UTF-8 to be sure quotes are exact."]


def _html_to_text(html: str) -> str:
    """Turn HTML (e.g. a EUR-Lex page) into Markdown-like text with headings kept."""
    from bs4 import BeautifulSoup, Comment  # HTML parser, loaded for HTML files only

    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "noscript", "template", "head"]):
        node.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for level in range(1, 5):
        for node in soup.find_all(f"h{level}"):
            node.insert_before("\n" + "#" * level + " ")
            node.insert_after("\n")
    for node in soup.find_all("p", class_=re.compile(r"ti-art|title-article", re.IGNORECASE)):
        node.insert_before("\n#### ")
    for node in soup.find_all(["p", "div", "li", "tr", "br"]):
        node.insert_after("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _load_pdf(path: Path) -> LoadedDocument:
    import pypdf  # PDF parser, loaded for PDF files only
    from pypdf.errors import PdfReadError  # see above

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise DocumentError(str(path), "the PDF is encrypted", "Save an unencrypted copy and put it in the documents directory.") from exc
            if not ok:
                raise DocumentError(str(path), "the PDF is password-protected", "Save an unencrypted copy and put it in the documents directory.")
        pages = list(reader.pages)
        has_labels = "/PageLabels" in reader.trailer["/Root"]
        labels = list(reader.page_labels) if has_labels else []
        texts = [page.extract_text() or "" for page in pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise DocumentError(str(path), f"the PDF is damaged or not a PDF ({type(exc).__name__})", "Download the document again from its official URL.") from exc
    if not pages:
        raise DocumentError(str(path), "the PDF has no pages", "Download the document again from its official URL.")
    if sum(len(t.strip()) for t in texts) < 20 * len(pages) // 4 + 1:
        raise DocumentError(str(path), "the PDF has no text layer (scanned images?)", "Run OCR on it (e.g. ocrmypdf) and put the OCR'd copy in the documents directory.")
    cleaned = _strip_running_lines(texts)
    result = [
        Page(text=cleaned[i], label=(labels[i] if has_labels else str(i + 1)), index=i)
        for i in range(len(pages))
    ]
    return LoadedDocument(path, "pdf", result)


def _strip_running_lines(texts: list[str]) -> list[str]:
    """Drop headers, footers, side navigation and bare page numbers repeated on most pages.

    A line counts as running when it recurs on at least two thirds of the pages;
    body words that recur often (a UNGP 'Commentary' heading) stay below that.
    """
    n = len(texts)
    pages = [[line for line in text.splitlines() if line.strip()] for text in texts]
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({line.strip() for line in lines})
    threshold = max(3, -(-2 * n // 3)) if n >= 5 else n + 1
    running = {line for line, c in counts.items() if c >= threshold}
    return [
        "\n".join(line for line in lines if line.strip() not in running and not _PAGE_NUMBER_LINE.match(line))
        for lines in pages
    ]


def join_pdf_lines(text: str) -> str:
    """Join a PDF page's lines into running text, undoing end-of-line hyphenation."""
    text = re.sub(r"(\w)-\n(?=[a-z])", r"\1", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def read_source_text(path: Path) -> str:
    """Whole text of a file as the splitter sees it, whitespace-collapsed (for quote checks)."""
    doc = load_document(path)
    if doc.fmt == "pdf":
        return normalise_space(" ".join(join_pdf_lines(p.text) for p in doc.pages))
    return normalise_space(doc.text)
