"""Memo export: exact Markdown for a fixed answer and time, and a Word file read back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from assistant.types import Answer, Citation, ObligationHit, Scenario, ScreeningHit
from assistant.web.memo import memo_docx, memo_markdown

NOW = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)


def fixed_answer() -> Answer:
    return Answer(
        question="May we sell thermal cameras to a distributor in Dubai for Iran?",
        answer="An authorisation is needed [1]. Carry out due diligence [2].\n\n- Ask for an **end-user statement**.",
        citations=[
            Citation(n=1, source_id="eu-359-2011", title="Council Regulation (EU) No 359/2011", kind="law",
                     locator="Article 1a(1)", quote="It shall be prohibited to sell <b>equipment</b>. ![x](http://evil/?q=1)",
                     chunk_id="c1", url="https://eur-lex.europa.eu/eli/reg/2011/359/oj", file="eu-reg-359-2011.md"),
            Citation(n=2, source_id="oecd-ddg-digest", title="OECD Due Diligence Guidance — project digest",
                     kind="digest", locator="Step 2", page="4", quote="Scope the operations.", chunk_id="c2",
                     url="https://mneguidelines.oecd.org/ddg.pdf", file="bundled:digests/oecd-dd-guidance-2018.md"),
        ],
        scenario=Scenario(products=["thermal_camera"], destinations=["IR"], stage="pre_contract",
                          parties=["Tehran Smart City Co"], is_scenario=True, missing=["the end user"]),
        obligations=[
            ObligationHit(id="rf-1", source_id="oecd-ddg-digest", provision="Step 2", kind="digest",
                          binding="red flag", group="red-flags", title="Unknown end user", summary="Diversion risk.",
                          confidence="medium", citations=[2]),
            ObligationHit(id="ir-1", source_id="eu-359-2011", provision="Article 1a(1)", kind="law", binding="binding",
                          group="law", title="Check the equipment bans", summary="", actions=["Classify the product"],
                          confidence="high", citations=[1]),
        ],
        screening=[ScreeningHit(query="Tehran Smart City Co", name="Tehran Smart City Company", score=0.91,
                                source_id="eu-359-2011", locator="Annex I — entities, entry 19",
                                listed_on="2023-04-24", quote="Tehran Smart City Company.")],
        warnings=["Answer built from 2 passages only."],
        engine="grounded",
        corpus_version="corpus-2026-05",
    )


EXPECTED = """\
# Due-diligence memo

- Prepared by: alice
- Date (UTC): 2026-05-01T12:00:00+00:00
- Engine: grounded
- Corpus version: corpus-2026-05

## Question

May we sell thermal cameras to a distributor in Dubai for Iran?

## Scenario

Facts as understood:

- Products: thermal-imaging camera
- Destinations: IR
- Named parties: Tehran Smart City Co
- Stage: before the contract (enquiry, tender, negotiation)

Facts still missing:

- the end user

## Screening of named parties

- POSSIBLE MATCH: “Tehran Smart City Co” — Tehran Smart City Company (similarity 0.91) — Annex I — entities, entry 19, listed on 2023-04-24
  > Tehran Smart City Company.

## Answer

An authorisation is needed [1]. Carry out due diligence [2].

- Ask for an **end-user statement**.

Warnings:

- Answer built from 2 passages only.

## Checklist

### The law requires

- [ ] **Check the equipment bans** — Article 1a(1) (eu-359-2011, binding) [1]
  - Action: Classify the product

### Red flags

- [ ] **Unknown end user** — Step 2 (oecd-ddg-digest, red flag) [2]
  Diversion risk.

## Sources quoted

### [1] Council Regulation (EU) No 359/2011

- Kind: law
- Locator: Article 1a(1)
- Page: —
- Official text: `https://eur-lex.europa.eu/eli/reg/2011/359/oj`

> It shall be prohibited to sell &lt;b>equipment&lt;/b>. x

### [2] OECD Due Diligence Guidance — project digest

- Kind: project digest
- Locator: Step 2
- Page: 4
- Official text: project digest — verify against the official text at `https://mneguidelines.oecd.org/ddg.pdf`

> Scope the operations.

---

Prepared with dd-assistant from the sources quoted above. It is not legal advice: check each quote against \
the official text, and project digests in particular.
"""


def test_memo_markdown_exact() -> None:
    assert memo_markdown(fixed_answer(), "alice", NOW) == EXPECTED


def test_memo_markdown_naive_time_is_utc() -> None:
    text = memo_markdown(fixed_answer(), "alice", datetime(2026, 5, 1, 12, 0, 0))
    assert "- Date (UTC): 2026-05-01T12:00:00+00:00" in text


def test_memo_markdown_refusal() -> None:
    answer = Answer(
        question="Capital of France?", answer="", refused=True, refusal_reason="Not in the sources.",
        related=[Citation(n=1, source_id="ungps", title="UNGPs", kind="standard", locator="Principle 1",
                          quote="States must protect.", chunk_id="u1")],
    )
    text = memo_markdown(answer, "bob", NOW)
    assert "## Answer\n\n**The sources here do not cover this.**\n\nNot in the sources.\n" in text
    assert "No passage answers the question. Nearest passages (related — not an answer):" in text
    assert "### [1] UNGPs\n\n*related — not an answer*\n" in text


def test_memo_docx_reads_back(tmp_path: Path) -> None:
    from docx import Document

    answer = fixed_answer()
    answer.citations[1].quote = "Scope the operations.\x00\x07"  # control characters are not valid in Word XML
    path = memo_docx(answer, "alice", NOW, tmp_path / "memo.docx")
    assert path == tmp_path / "memo.docx"
    doc = Document(str(path))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Due-diligence memo"),
        ("Heading 1", "Question"),
        ("Heading 1", "Scenario"),
        ("Heading 1", "Screening of named parties"),
        ("Heading 1", "Answer"),
        ("Heading 1", "Checklist"),
        ("Heading 2", "The law requires"),
        ("Heading 2", "Red flags"),
        ("Heading 1", "Sources quoted"),
    ]
    meta, cites = doc.tables
    assert [[c.text for c in row.cells] for row in meta.rows] == [
        ["Prepared by", "alice"],
        ["Date (UTC)", "2026-05-01T12:00:00+00:00"],
        ["Engine", "grounded"],
        ["Corpus version", "corpus-2026-05"],
    ]
    rows = [[c.text for c in row.cells] for row in cites.rows]
    assert rows[0] == ["#", "Source", "Locator", "Page", "Quote", "Official text"]
    assert rows[1] == [
        "[1]", "Council Regulation (EU) No 359/2011 (law)", "Article 1a(1)", "—",
        "It shall be prohibited to sell <b>equipment</b>. ![x](http://evil/?q=1)",
        "https://eur-lex.europa.eu/eli/reg/2011/359/oj",
    ]
    assert rows[2] == [
        "[2]", "OECD Due Diligence Guidance — project digest (project digest)", "Step 2", "4",
        "Scope the operations.",
        "project digest — verify against the official text at https://mneguidelines.oecd.org/ddg.pdf",
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "May we sell thermal cameras to a distributor in Dubai for Iran?" in texts
    assert "Products: thermal-imaging camera" in texts
    assert "the end user" in texts
    assert "An authorisation is needed [1]. Carry out due diligence [2]." in texts
    bullet = next(p for p in doc.paragraphs if p.text == "Ask for an end-user statement.")
    assert bullet.style.name == "List Bullet"
    assert [r.text for r in bullet.runs if r.bold] == ["end-user statement"]
    assert any(t.startswith("POSSIBLE MATCH: ") and "Annex I — entities, entry 19, listed on 2023-04-24" in t
               for t in texts)
    assert "☐ Check the equipment bans — Article 1a(1) (eu-359-2011, binding) [1]" in texts
    assert doc.core_properties.author == "alice"


def test_memo_export_does_not_load_the_page_renderer() -> None:
    import subprocess
    import sys

    code = ("import sys, assistant.web.memo, assistant.web.workshop; "
            "print(sorted(m for m in sys.modules if m in {'assistant.web.ui', 'assistant.web.server', 'gradio'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


def _verdict_answer() -> Answer:
    from assistant.types import BottomLine

    text = (
        "## Bottom line\n\n**Prohibited — do not proceed.** Thermal cameras may not go to Iran.\n\n**Decided by:**\n- Art 1a(1) [1]\n\n"
        "### Facts to establish\n- the buyer's name\n\n### Details\n\n**The scenario as understood**\n- Destination: IR\n\n### Sources\n[1] x"
    )
    bottom = BottomLine(verdict="prohibited", text="**Prohibited — do not proceed.** Thermal cameras may not go to Iran.\n\n**Decided by:**\n- Art 1a(1) [1]", decisive=[1])
    return fixed_answer().model_copy(update={"answer": text, "bottom_line": bottom})


def test_memo_puts_the_bottom_line_first_and_details_in_an_appendix() -> None:
    text = memo_markdown(_verdict_answer(), "alice", NOW)
    order = [text.index(h) for h in ("## Bottom line", "## Question", "## Answer", "## Appendix: details", "## Sources quoted")]
    assert order == sorted(order)
    assert "**Verdict: Prohibited**" in text
    answer_section = text[text.index("## Answer"): text.index("## Checklist")]
    assert "Thermal cameras may not go to Iran" not in answer_section
    assert "Destination: IR" in text[text.index("## Appendix: details"):]


def test_docx_memo_has_the_bottom_line_before_the_question(tmp_path) -> None:
    from docx import Document

    path = memo_docx(_verdict_answer(), "alice", NOW, tmp_path / "m.docx")
    headings = [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Bottom line") < headings.index("Question") < headings.index("Appendix: details") < headings.index("Sources quoted")
