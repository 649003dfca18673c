"""End-to-end: the web chat in Debian's Chromium (Playwright), served on a loopback port.

The server runs the real answer engine over the session-wide `corpus_settings` index
(tests/conftest.py). There is no canned fallback: when the engine cannot be imported or
built, the test errors. Without /usr/bin/chromium the test skips with the reason
locally, and fails the run in CI (see the conftest hook).

Screenshots go to tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

import importlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TIMEOUT_MS = 180_000

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def app_settings(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict]:
    """The real pipeline over the shared corpus index, with its own data directory."""
    data = tmp_path_factory.mktemp("e2e-data")
    return corpus_settings.model_copy(update={"data_dir": data}), {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(app_settings: tuple[Settings, dict]) -> Iterator[str]:
    import uvicorn

    app_module = importlib.import_module("assistant.web.server")
    settings, fakes = app_settings
    server = uvicorn.Server(uvicorn.Config(app_module.create_server(settings, **fakes), host="127.0.0.1",
                                           port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, name="e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.1)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _watch_requests(page: Any, base: str) -> list[str]:
    """Collect every request that does not go to the app itself (must stay empty: no internet)."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else outside.append(r.url))
    return outside


def _fill(page: Any, elem_id: str, text: str) -> None:
    page.locator(f"#{elem_id} :is(input, textarea)").first.fill(text)


def test_ask_scenario_evidence_and_docx_memo(browser: Any, base_url: str, tmp_path: Path) -> None:
    from docx import Document

    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    outside = _watch_requests(page, base_url)
    page.goto(base_url + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    _fill(page, "f-destination", "Iran")
    _fill(page, "f-buyer", "a distributor in Dubai")
    _fill(page, "f-end-user", "a municipality in Tehran")
    _fill(page, "f-parties", "Tehran Smart City Company")
    _fill(page, "f-question", "May we sell thermal-imaging cameras for this project? What must we check?")
    page.locator("#f-product input").fill("thermal-imaging camera")
    page.keyboard.press("Enter")
    page.click("#compose")
    page.wait_for_function(
        "() => document.querySelector('#question textarea').value.startsWith('Scenario — ')", timeout=10_000
    )
    assert "Destination: Iran" in page.input_value("#question textarea")
    page.click("#send")

    card = page.locator("#evidence .dd-cite").first
    card.wait_for(timeout=TIMEOUT_MS)
    locator = card.locator(".dd-loc").inner_text().strip()
    quote = card.locator(".dd-quote mark").inner_text().strip()
    assert locator and len(quote) > 20
    assert card.locator(".dd-badge").inner_text().strip()
    chat_links = page.locator("#chat a[href^='#ev-']")
    assert chat_links.count() >= 1
    open_link = page.locator("#evidence .dd-open a").first.get_attribute("href")
    assert open_link.startswith("/source/")
    assert context.request.get(base_url + open_link.split("#")[0]).status == 200
    page.screenshot(path=str(SCREENSHOTS / "01-ask-evidence.png"), full_page=True)

    # a follow-up keeps the context
    page.fill("#question textarea", "And if the end user were a hospital instead?")
    page.click("#send")
    page.wait_for_function("() => document.querySelectorAll('#chat .message-row, #chat [data-testid=\"bot\"]').length >= 2",
                           timeout=TIMEOUT_MS)
    page.locator("#memo-docx").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => { const b = document.querySelector('#memo-docx'); return b && !b.disabled && "
        "!b.querySelector('button[disabled]'); }", timeout=TIMEOUT_MS)
    time.sleep(1.0)

    with page.expect_download(timeout=60_000) as info:
        page.click("#memo-docx")
    download = info.value
    target = tmp_path / "memo.docx"
    download.save_as(str(target))
    doc = Document(str(target))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == ["Bottom line", "Question", "Scenario", "Screening of named parties", "Answer"]
    assert "Checklist" in headings
    assert "Sources quoted" in headings
    cites = doc.tables[-1]
    assert [c.text for c in cites.rows[0].cells] == ["#", "Source", "Locator", "Page", "Quote", "Official text"]
    assert len(cites.rows) >= 2 and cites.rows[1].cells[2].text.strip()
    page.screenshot(path=str(SCREENSHOTS / "02-follow-up.png"), full_page=True)
    assert outside == []
    context.close()


def test_workshop_round_with_two_participants(browser: Any, base_url: str) -> None:
    trainer_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    trainer = trainer_ctx.new_page()
    outside = _watch_requests(trainer, base_url)
    trainer.goto(base_url + "/")
    trainer.get_by_role("tab", name="Workshop").click()
    trainer.get_by_role("tab", name="Trainer").click()
    _fill(trainer, "ws-title", "Friday compliance workshop")
    boxes = trainer.locator("#ws-cards input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    trainer.click("#ws-open")
    code_el = trainer.locator("#ws-code-out strong")
    code_el.wait_for(timeout=30_000)
    code = code_el.inner_text().strip()
    assert len(code) == 6
    trainer.screenshot(path=str(SCREENSHOTS / "03-workshop-trainer-open.png"), full_page=True)

    participants = []
    for name, text in (("Ana", "Screen the buyer and check Annex III."), ("Ben", "Refuse: end use is repression.")):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = ctx.new_page()
        outside += _watch_requests(page, base_url)
        page.goto(base_url + "/")
        page.get_by_role("tab", name="Workshop").click()
        _fill(page, "ws-code", code.lower())
        _fill(page, "ws-name", name)
        page.click("#ws-join")
        page.locator("#ws-card-view .dd-card").wait_for(timeout=30_000)
        _fill(page, "ws-answer", text)
        page.click("#ws-submit")
        page.get_by_text("Your answer is saved").wait_for(timeout=30_000)
        participants.append((ctx, page))

    for i, (_, page) in enumerate(participants):
        page.click("#ws-reveal")
        page.locator("#ws-memo .dd-reveal").wait_for(timeout=TIMEOUT_MS)
        page.locator("#ws-must .dd-checklist li").first.wait_for(timeout=30_000)
        reveal = page.locator("#ws-memo .dd-reveal").inner_text()
        assert "Your answer" in reveal and "bottom line" in reveal
        assert page.locator("#ws-memo .dd-reveal .dd-verdict").count() == 1
        if i == 0:
            page.screenshot(path=str(SCREENSHOTS / "04-workshop-participant-reveal.png"), full_page=True)

    trainer.click("#ws-refresh")
    trainer.locator("#ws-trainer-view table").first.wait_for(timeout=30_000)
    heads = trainer.locator("#ws-trainer-view table").first.locator("th").all_inner_texts()
    assert heads == ["Ana", "Ben"]
    body = trainer.locator("#ws-trainer-view table").first.inner_text()
    assert "Screen the buyer and check Annex III." in body and "Refuse: end use is repression." in body
    trainer.screenshot(path=str(SCREENSHOTS / "05-workshop-trainer-view.png"), full_page=True)
    assert outside == []
    for ctx, _ in participants:
        ctx.close()
    trainer_ctx.close()


def test_api_ask_with_gradio_client(base_url: str) -> None:
    from gradio_client import Client

    client = Client(base_url + "/", verbose=False)
    result = client.predict("What does Principle 17 of the UN Guiding Principles require?", "", api_name="/ask")
    assert set(result) >= {"question", "answer", "refused", "citations", "obligations", "screening", "engine"}
    assert result["question"] == "What does Principle 17 of the UN Guiding Principles require?"
