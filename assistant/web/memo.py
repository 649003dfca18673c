"""Due-diligence memos of an answer, as Markdown and as a Word document.

A memo records what was asked, the facts as understood (and those missing), the
answer, every quote with its source, locator, page and official URL, the
obligations checklist, the screening results, and who asked with which engine
and corpus, when. Text from answers and documents is escaped in the Markdown
memo so that no renderer turns it into HTML, links or images.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from assistant.types import KIND_LABELS, Answer, Citation
from assistant.web.text import (
    GROUP_HEADINGS,
    REFUSAL_HEADLINE,
    RELATED_LABEL,
    group_obligations,
    sanitize_markdown,
    scenario_facts,
    split_details,
    verdict_label,
)

DISCLAIMER = (
    "Prepared with dd-assistant from the sources quoted above. It is not legal advice: "
    "check each quote against the official text, and project digests in particular."
)
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def utc_timestamp(now: datetime) -> str:
    """`now` as an ISO 8601 UTC timestamp to the second."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).isoformat(timespec="seconds")


def memo_parts(answer: Answer) -> tuple[str, str, str]:
    """(bottom line, answer body, details) of an answer: the bottom line goes first, details to an appendix."""
    if answer.refused or answer.bottom_line is None:
        return "", answer.answer, ""
    body, details = split_details(answer.answer)
    head = f"## Bottom line\n\n{answer.bottom_line.text}"
    body = body[len(head):].lstrip("\n") if body.startswith(head) else body
    label = verdict_label(answer)
    bottom = (f"**Verdict: {label}**\n\n" if label else "") + answer.bottom_line.text
    return bottom, body, details


def _md(text: str) -> str:
    return sanitize_markdown(text, escape_amp=False).strip()


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in _md(text).splitlines() or [""])


def _citation_lines(c: Citation, related: bool = False) -> list[str]:
    kind = KIND_LABELS.get(c.kind, c.kind)
    head = f"### [{c.n}] {_md(c.title or c.source_id)}"
    lines = [head, ""]
    if related:
        lines += [f"*{RELATED_LABEL}*", ""]
    lines.append(f"- Kind: {kind}")
    lines.append(f"- Locator: {_md(c.locator) or '—'}")
    lines.append(f"- Page: {_md(c.page) if c.page else '—'}")
    if c.kind == "digest":
        lines.append(f"- Official text: project digest — verify against the official text at `{c.url or 'the official source'}`")
    else:
        lines.append(f"- Official text: `{c.url}`" if c.url else "- Official text: —")
    lines += ["", _quote_block(c.quote), ""]
    return lines


def memo_markdown(answer: Answer, user: str, now: datetime) -> str:
    """The memo of one answer as Markdown."""
    lines: list[str] = ["# Due-diligence memo", ""]
    lines += [
        f"- Prepared by: {_md(user) or 'anonymous'}",
        f"- Date (UTC): {utc_timestamp(now)}",
        f"- Engine: {_md(answer.engine)}",
        f"- Corpus version: {_md(answer.corpus_version) or 'unknown'}",
        "",
    ]
    bottom, body, details = memo_parts(answer)
    if bottom:
        lines += ["## Bottom line", "", _md(bottom), ""]
    lines += [
        "## Question",
        "",
        _md(answer.question),
        "",
        "## Scenario",
        "",
        "Facts as understood:",
        "",
    ]
    facts = scenario_facts(answer)
    lines += [f"- {label}: {_md(value)}" for label, value in facts] or ["- No transaction facts were recognised."]
    lines += ["", "Facts still missing:", ""]
    lines += [f"- {_md(m)}" for m in answer.scenario.missing] or ["- None identified."]
    lines += ["", "## Screening of named parties", ""]
    if answer.screening:
        for h in answer.screening:
            listed = f", listed on {h.listed_on}" if h.listed_on else ""
            query = f"“{_md(h.query)}” — " if h.query else ""
            lines.append(f"- POSSIBLE MATCH: {query}{_md(h.name)} (similarity {h.score:.2f}) — {_md(h.locator)}{listed}")
            lines.append(f"  > {_md(h.quote)}")
    elif answer.scenario.parties:
        lines.append(f"- No candidate match for: {_md(', '.join(answer.scenario.parties))}.")
    else:
        lines.append("- No party was named.")
    lines += ["", "## Answer", ""]
    if answer.refused:
        lines.append(f"**{REFUSAL_HEADLINE}.**")
        if answer.refusal_reason:
            lines += ["", _md(answer.refusal_reason)]
    else:
        lines.append(_md(body))
    if answer.warnings:
        lines += ["", "Warnings:", ""] + [f"- {_md(w)}" for w in answer.warnings]
    lines += ["", "## Checklist", ""]
    if not answer.obligations:
        lines += ["No register item was triggered.", ""]
    for group, hits in group_obligations(answer.obligations).items():
        if not hits:
            continue
        lines += [f"### {GROUP_HEADINGS.get(group, group)}", ""]
        for hit in hits:
            cites = "".join(f"[{n}]" for n in hit.citations)
            lines.append(
                f"- [ ] **{_md(hit.title)}** — {_md(hit.provision)} ({_md(hit.source_id)}, {_md(hit.binding)})"
                + (f" {cites}" if cites else "")
            )
            if hit.summary:
                lines.append(f"  {_md(hit.summary)}")
            lines += [f"  - Action: {_md(a)}" for a in hit.actions]
        lines.append("")
    if details:
        lines += ["## Appendix: details", "", _md(details), ""]
    lines += ["## Sources quoted", ""]
    if answer.refused:
        if answer.related:
            lines += [f"No passage answers the question. Nearest passages ({RELATED_LABEL}):", ""]
            for c in answer.related:
                lines += _citation_lines(c, related=True)
        else:
            lines += ["None.", ""]
    elif answer.citations:
        for c in answer.citations:
            lines += _citation_lines(c)
    else:
        lines += ["None: the answer is unverified.", ""]
    lines += ["---", "", DISCLAIMER, ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- DOCX


def _x(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _add_markdownish(doc: object, text: str) -> None:
    """Add answer text with its simple Markdown (bullets, headings, **bold**) as Word paragraphs."""
    for block in _x(text).split("\n"):
        line = block.rstrip()
        if not line.strip():
            continue
        stripped = line.lstrip()
        if stripped.startswith("#"):
            doc.add_heading(stripped.lstrip("#").strip(), level=3)  # type: ignore[attr-defined]
            continue
        style = None
        if re.match(r"^[-*] ", stripped):
            style, stripped = "List Bullet", stripped[2:]
        elif re.match(r"^\d+[.)] ", stripped):
            style, stripped = "List Number", stripped.split(" ", 1)[1]
        elif stripped.startswith("> "):
            style, stripped = "Quote", stripped[2:]
        para = doc.add_paragraph(style=style)  # type: ignore[attr-defined]
        for i, piece in enumerate(stripped.split("**")):
            if piece:
                para.add_run(piece).bold = i % 2 == 1


def memo_docx(answer: Answer, user: str, now: datetime, path: Path) -> Path:
    """Write the memo of one answer as a Word document and return its path."""
    from docx import Document  # python-docx is loaded only when a Word memo is written
    from docx.shared import Pt  # see above

    doc = Document()
    doc.core_properties.title = "Due-diligence memo"
    doc.core_properties.author = _x(user) or "dd-assistant"
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading("Due-diligence memo", level=0)

    meta = doc.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for label, value in (
        ("Prepared by", user or "anonymous"),
        ("Date (UTC)", utc_timestamp(now)),
        ("Engine", answer.engine),
        ("Corpus version", answer.corpus_version or "unknown"),
    ):
        row = meta.add_row().cells
        row[0].text, row[1].text = _x(label), _x(value)
        row[0].paragraphs[0].runs[0].bold = True

    bottom, body, details = memo_parts(answer)
    if bottom:
        doc.add_heading("Bottom line", level=1)
        _add_markdownish(doc, bottom)

    doc.add_heading("Question", level=1)
    doc.add_paragraph(_x(answer.question))

    doc.add_heading("Scenario", level=1)
    doc.add_paragraph("Facts as understood:")
    facts = scenario_facts(answer)
    for label, value in facts:
        doc.add_paragraph(_x(f"{label}: {value}"), style="List Bullet")
    if not facts:
        doc.add_paragraph("No transaction facts were recognised.", style="List Bullet")
    doc.add_paragraph("Facts still missing:")
    for m in answer.scenario.missing or ["None identified."]:
        doc.add_paragraph(_x(m), style="List Bullet")

    doc.add_heading("Screening of named parties", level=1)
    if answer.screening:
        for h in answer.screening:
            listed = f", listed on {h.listed_on}" if h.listed_on else ""
            para = doc.add_paragraph(style="List Bullet")
            para.add_run("POSSIBLE MATCH: ").bold = True
            query = f"“{h.query}” — " if h.query else ""
            para.add_run(_x(f"{query}{h.name} (similarity {h.score:.2f}) — {h.locator}{listed}"))
            doc.add_paragraph(_x(h.quote), style="Quote")
    elif answer.scenario.parties:
        doc.add_paragraph(_x(f"No candidate match for: {', '.join(answer.scenario.parties)}."))
    else:
        doc.add_paragraph("No party was named.")

    doc.add_heading("Answer", level=1)
    if answer.refused:
        doc.add_paragraph().add_run(f"{REFUSAL_HEADLINE}.").bold = True
        if answer.refusal_reason:
            doc.add_paragraph(_x(answer.refusal_reason))
    else:
        _add_markdownish(doc, body)
    for w in answer.warnings:
        doc.add_paragraph(_x(f"Warning: {w}"), style="Intense Quote")

    doc.add_heading("Checklist", level=1)
    if not answer.obligations:
        doc.add_paragraph("No register item was triggered.")
    for group, hits in group_obligations(answer.obligations).items():
        if not hits:
            continue
        doc.add_heading(GROUP_HEADINGS.get(group, group), level=2)
        for hit in hits:
            para = doc.add_paragraph(style="List Bullet")
            para.add_run("☐ ")
            para.add_run(_x(hit.title)).bold = True
            cites = "".join(f"[{n}]" for n in hit.citations)
            para.add_run(_x(f" — {hit.provision} ({hit.source_id}, {hit.binding})" + (f" {cites}" if cites else "")))
            if hit.summary:
                doc.add_paragraph(_x(hit.summary))
            for action in hit.actions:
                doc.add_paragraph(_x(f"Action: {action}"), style="List Bullet 2")

    if details:
        doc.add_heading("Appendix: details", level=1)
        _add_markdownish(doc, details)
    doc.add_heading("Sources quoted", level=1)
    rows = answer.related if answer.refused else answer.citations
    if answer.refused and rows:
        doc.add_paragraph(f"No passage answers the question. Nearest passages ({RELATED_LABEL}):")
    if rows:
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, ("#", "Source", "Locator", "Page", "Quote", "Official text")):
            cell.text = title
            cell.paragraphs[0].runs[0].bold = True
        for c in rows:
            cells = table.add_row().cells
            official = c.url or ""
            if c.kind == "digest":
                official = f"project digest — verify against the official text at {c.url or 'the official source'}"
            values = (
                f"[{c.n}]",
                f"{c.title or c.source_id} ({KIND_LABELS.get(c.kind, c.kind)})",
                c.locator,
                c.page or "—",
                c.quote,
                official or "—",
            )
            for cell, value in zip(cells, values):
                cell.text = _x(value)
    else:
        doc.add_paragraph("None: the answer is unverified." if not answer.refused else "None.")

    doc.add_paragraph()
    doc.add_paragraph(DISCLAIMER).runs[0].italic = True
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
