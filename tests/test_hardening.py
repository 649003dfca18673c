"""Issue 13: one test per finding of the attacker / careless-user probe of the served app.

Each test fails on the code before the fix. The served-instance checks (a 6 MB history within
5 s, RSS under 1.5 GB over a 30-minute soak) are measured in `bench/load.py --abuse`.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.web import auditlog, auth
from assistant.web import ui as webui
from assistant.scenario import extract_parties, understand
from assistant.settings import Settings
from assistant.web.workshop import Workshop, WorkshopError, clean_name
from tests.test_webui import import_app, make_answer
from tests.test_workshop import CARDS, ITEMS, CountingAsk

# ---------------------------------------------------------------- helpers


def _settings(tmp_path: Path, **web: object) -> Settings:
    docs = tmp_path / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "law.md").write_text("# Article 1\nText.", encoding="utf-8")
    return Settings(documents_dir=docs, data_dir=tmp_path / "data", index_dir=tmp_path / "index", web=dict(web))


def _workshop(tmp_path: Path, **web: object) -> Workshop:
    return Workshop(_settings(tmp_path, **web), ask=CountingAsk(), load_cards=lambda: CARDS, load_register=lambda: ITEMS)


class RecordingAsk:
    """An `ask` that records what it was given and, like a tokenizer, needs encodable text."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[dict[str, str]] | None]] = []

    def __call__(self, question, history=None, settings=None, **kw):
        question.encode("utf-8")
        for turn in history or []:
            turn["content"].encode("utf-8")
        self.calls.append((question, history))
        return make_answer(question)


def _server(settings: Settings, ask: RecordingAsk | None = None):
    app_module = import_app()
    ask = ask or RecordingAsk()

    def fake_iter(question, history, settings, *, engine=None, filters=None):
        yield make_answer(question)

    return app_module.create_server(settings, iter_ask=fake_iter, ask=ask, engines=["grounded"])


def _call_ask(client, question: str, history_json: str) -> tuple[str, str]:
    """POST /gradio_api/call/ask and read the event stream: (event name, data)."""
    body = json.dumps({"data": [question, history_json]})  # ASCII escapes, so a lone surrogate reaches the server
    r = client.post("/gradio_api/call/ask", content=body.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    lines = client.get(f"/gradio_api/call/ask/{r.json()['event_id']}").text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("event:") and line.split(":", 1)[1].strip() != "heartbeat")
    data = next(line.split(":", 1)[1].strip() for line in lines[i + 1:] if line.startswith("data:"))
    return lines[i].split(":", 1)[1].strip(), data


@pytest.fixture(scope="module")
def open_app(tmp_path_factory: pytest.TempPathFactory):
    """The app without login, with a recording `ask`."""
    from starlette.testclient import TestClient

    settings = _settings(tmp_path_factory.mktemp("open"))
    ask = RecordingAsk()
    with TestClient(_server(settings, ask)) as client:
        yield client, ask, settings


@pytest.fixture(scope="module")
def login_app(tmp_path_factory: pytest.TempPathFactory):
    """The app with login on (alice), and its settings."""
    tmp = tmp_path_factory.mktemp("login")
    users = tmp / "users.json"
    auth.add_user(users, "alice", "correct horse battery")
    settings = _settings(tmp, login_max_failures=5, login_base_delay_s=30).model_copy(update={"auth_file": users})
    return _server(settings), settings


# ---------------------------------------------------------------- medium: trainer view without access check


def test_trainer_view_needs_the_trainer_key_or_the_opening_account(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    opened = ws.start_session("trainer-ann", ["thermal-dubai"], "Friday")
    ws.join(opened.code, "Ana")
    ws.submit(opened.code, "Ana", "thermal-dubai", "Screen the distributor.")
    # every participant has the code: the code alone shows nothing
    for attempt in ({}, {"trainer_key": opened.code}, {"trainer_key": "WRONGKEY99"}, {"user": "anonymous"}, {"user": "bob"}):
        with pytest.raises(WorkshopError, match="Only the trainer"):
            ws.trainer_view(opened.code, **attempt)
        with pytest.raises(WorkshopError):
            ws.trainer_page(opened.code, **attempt)
        with pytest.raises(WorkshopError):
            ws.participants(opened.code, **attempt)
    assert opened.trainer_key != opened.code and len(opened.trainer_key) == 10
    view = ws.trainer_view(opened.code, trainer_key=opened.trainer_key.lower())
    assert [r.text for r in view["thermal-dubai"]] == ["Screen the distributor."]
    assert ws.participants(opened.code, user="trainer-ann") == ["Ana"]  # with login: the account that opened it


# ---------------------------------------------------------------- medium: taking over a participant's name


@pytest.mark.parametrize("lookalike", ["Alice", "alice", " Alice ", "Alice\u200b", "\u202eAlice", "Al\u00adice", "Ａｌｉｃｅ",
                                       "Alice\u2066", "\u200dAlice\ufeff"])
def test_a_taken_name_cannot_be_reused_or_imitated(tmp_path: Path, lookalike: str) -> None:
    ws = _workshop(tmp_path)
    code = ws.open_session("t", ["thermal-dubai"])
    alice = ws.enter(code, "Alice")
    ws.submit(code, alice.name, "thermal-dubai", "Alice's own answer", token=alice.token)
    with pytest.raises(WorkshopError, match="already taken"):
        ws.join(code, lookalike)
    with pytest.raises(WorkshopError, match="already taken"):
        ws.enter(code, lookalike, "NOTHERKEY1")
    # Alice herself comes back with her rejoin key and finds her answer
    back = ws.enter(code, lookalike, alice.token)
    assert back.name == "Alice" and ws.response(code, "Alice", "thermal-dubai", token=back.token).text == "Alice's own answer"
    # a wrong key cannot read, overwrite or reveal her answer
    with pytest.raises(WorkshopError):
        ws.response(code, "Alice", "thermal-dubai", token="NOTHERKEY1")
    with pytest.raises(WorkshopError):
        ws.submit(code, "Alice", "thermal-dubai", "overwritten", token="NOTHERKEY1")
    with pytest.raises(WorkshopError):
        ws.reveal(code, "Alice", "thermal-dubai", token="NOTHERKEY1")


def test_names_are_normalised_without_invisible_or_bidi_characters() -> None:
    assert clean_name("  Ａｎａ\u200b  Lopez\u202e ") == "Ana Lopez"
    assert clean_name("Zoë\u2067") == "Zoë"
    with pytest.raises(WorkshopError, match="Type your name"):
        clean_name("\u200b\u202e\u2066")


# ---------------------------------------------------------------- medium: no limits on sessions, participants, answers


def test_sessions_per_client_are_limited(tmp_path: Path) -> None:
    ws = _workshop(tmp_path, workshop_sessions_per_client=3, workshop_sessions_total=5)
    for _ in range(3):
        ws.start_session("anonymous", ["fr-police"], client="10.0.0.7")
    with pytest.raises(WorkshopError, match="opened 3 sessions in the last 24 hours"):
        ws.start_session("anonymous", ["fr-police"], client="10.0.0.7")
    ws.start_session("anonymous", ["fr-police"], client="10.0.0.8")
    ws.start_session("anonymous", ["fr-police"], client="10.0.0.9")
    with pytest.raises(WorkshopError, match="limit of new workshop sessions"):
        ws.start_session("anonymous", ["fr-police"], client="10.0.0.10")


def test_default_limit_stops_a_hundred_anonymous_sessions(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    opened = 0
    with pytest.raises(WorkshopError):
        for _ in range(100):
            ws.open_session("anonymous", ["fr-police"], client="127.0.0.1")
            opened += 1
    assert opened == Settings().web.workshop_sessions_per_client == 10


def test_participants_and_answer_length_are_limited(tmp_path: Path) -> None:
    ws = _workshop(tmp_path, workshop_max_participants=3, workshop_max_answer_chars=4000)
    code = ws.open_session("t", ["fr-police"])
    for name in ("A1", "A2", "A3"):
        ws.join(code, name)
    with pytest.raises(WorkshopError, match="is full \\(3 participants\\)"):
        ws.join(code, "A4")
    ws.submit(code, "A1", "fr-police", "x" * 4000)
    with pytest.raises(WorkshopError, match="at most 4,000 characters; this one has 20,000"):
        ws.submit(code, "A2", "fr-police", "x" * 20_000)


def test_the_trainer_view_pages_a_large_room(tmp_path: Path) -> None:
    ws = _workshop(tmp_path, workshop_max_participants=1000, workshop_page_size=30)
    opened = ws.start_session("t", ["fr-police"])
    for i in range(65):
        name = ws.join(opened.code, f"P{i:03d}")
        ws.submit(opened.code, name, "fr-police", "y" * 4000)
    first = ws.trainer_page(opened.code, 1, trainer_key=opened.trainer_key)
    last = ws.trainer_page(opened.code, 99, trainer_key=opened.trainer_key)
    assert (first.pages, first.total, len(first.participants)) == (3, 65, 30)
    assert (last.page, last.participants) == (3, [f"P{i:03d}" for i in range(60, 65)])
    html = webui.render_trainer_view_html(first.cards, first.answers, first.participants)
    assert html.count('class="dd-answer"') == 30 and len(html) < 30 * 4000 + 20_000


# ---------------------------------------------------------------- medium: chat history without a size limit


def test_api_refuses_a_six_megabyte_history_in_one_line(open_app) -> None:
    client, ask, _ = open_app
    calls = len(ask.calls)
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": "x" * 2**20} for i in range(6)]
    body = json.dumps({"data": ["And what about Iran?", json.dumps(turns)]}).encode()
    r = client.post("/gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.text == "Request too large: the limit is 2,097,152 bytes."
    assert len(ask.calls) == calls  # refused before any parsing or answering


def test_api_trims_a_long_history_and_says_so(open_app) -> None:
    client, ask, _ = open_app
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": "x" * 250_000} for i in range(6)]
    event, data = _call_ask(client, "And what about Iran?", json.dumps(turns))
    assert event == "complete"
    _, history = ask.calls[-1]
    assert history is not None and sum(len(t["content"]) for t in history) <= Settings().web.max_history_chars
    warnings = json.loads(data)[0]["warnings"]
    assert any("Only the last 1 of 6 earlier turns (24,000 of 1,500,000 characters)" in w for w in warnings)


def test_api_calls_leave_no_session_state_behind(open_app) -> None:
    client, _, _ = open_app
    mounted = next(r.app for r in client.app.routes if getattr(r, "path", None) == "")
    before = len(mounted.state_holder.session_data)
    for _ in range(5):
        assert _call_ask(client, "Which rules apply to thermal cameras?", json.dumps([{"role": "user", "content": "z" * 100_000}]))[0] == "complete"
    assert len(mounted.state_holder.session_data) <= before


def test_a_request_body_over_the_limit_is_refused_before_parsing(open_app) -> None:
    client, _, _ = open_app
    body = json.dumps({"data": ["Q?", json.dumps([{"role": "user", "content": "y" * 20 * 2**20}])]}).encode()
    r = client.post("/gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "Request too large" in r.text


def test_the_chat_turn_bounds_context_display_and_kept_answers() -> None:
    seen: list[list[dict[str, str]] | None] = []

    def fake_iter(question, history, settings, *, engine=None, filters=None):
        seen.append(history)
        yield make_answer(question)

    from assistant.settings import WebSettings

    web = WebSettings(max_history_chars=5000, max_display_chars=20_000)
    state = webui.ChatState(turns=[{"role": "user", "content": "u" * 2**20}, {"role": "assistant", "content": "a" * 2**20}])
    huge_display = [{"role": "user", "content": "m" * 2**20}] * 20  # a 20 MB page sent back by the browser
    views = list(webui.respond("And Iran?", huge_display, state, iter_ask=fake_iter, settings=None, web=web))
    assert sum(len(t["content"]) for t in seen[-1] or []) <= 5000
    assert sum(len(m["content"]) for m in views[-1].messages) < 20_000 + 10_000
    assert any("earlier turns" in w for w in views[-1].answer.warnings)
    for _ in range(webui.MAX_KEPT_ANSWERS + 5):
        views = list(webui.respond("Next?", [], views[-1].state, iter_ask=fake_iter, settings=None, web=web))
    assert len(views[-1].state.answers) == webui.MAX_KEPT_ANSWERS
    assert len(views[-1].state.turns) <= 2 + 2 * web.max_history_turns


# ---------------------------------------------------------------- medium: uploads of any size


def test_uploads_are_off_by_default(open_app) -> None:
    client, _, _ = open_app
    r = client.post("/gradio_api/upload", files={"files": ("big.bin", b"\0" * 100_000)})
    assert r.status_code == 403 and "uploads are disabled" in r.text


def test_uploads_when_enabled_are_capped(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    with TestClient(_server(_settings(tmp_path, max_upload_bytes=10_000))) as client:
        assert client.post("/gradio_api/upload", files={"files": ("ok.txt", b"a" * 1000)}).status_code == 200
        big = client.post("/gradio_api/upload", files={"files": ("big.bin", b"\0" * 50_000)})
        assert big.status_code == 413


# ---------------------------------------------------------------- low-medium: memo files and databases readable by all


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_memos_are_private_per_instance_and_swept(tmp_path: Path) -> None:
    app_module = import_app()
    settings = _settings(tmp_path)
    folder, docx, md = app_module._write_memos(make_answer(), "alice", "k1", settings)
    assert folder.parent == Path(settings.data_dir) / "memos"
    assert _mode(folder.parent) == 0o700 and _mode(folder) == 0o700
    assert _mode(Path(md)) == 0o600 and _mode(Path(docx)) == 0o600
    old = time.time() - settings.web.memo_ttl_s - 5
    os.utime(folder, (old, old))
    assert app_module.sweep_memos(folder.parent, settings.web.memo_ttl_s) == 1 and not folder.exists()


def test_each_instance_has_its_own_private_gradio_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "shared-cache"))  # restored after the test
    app_module = import_app()
    one, two = _settings(tmp_path / "one"), _settings(tmp_path / "two")
    app_module.build_app(one, iter_ask=lambda *a, **k: iter(()), ask=RecordingAsk(), engines=["grounded"])
    assert os.environ["GRADIO_TEMP_DIR"] == str(Path(one.data_dir) / "gradio-cache")
    assert _mode(Path(one.data_dir) / "gradio-cache") == 0o700
    demo = app_module.build_app(two, iter_ask=lambda *a, **k: iter(()), ask=RecordingAsk(), engines=["grounded"])
    assert os.environ["GRADIO_TEMP_DIR"] == str(Path(two.data_dir) / "gradio-cache")
    assert demo.delete_cache == (two.web.cache_sweep_s, two.web.memo_ttl_s)
    caches = {b.GRADIO_CACHE for b in demo.blocks.values() if hasattr(b, "GRADIO_CACHE")}
    assert caches == {str(Path(two.data_dir) / "gradio-cache")}  # the memo buttons copy into this one


def test_audit_database_is_private(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    auditlog.log_answer(settings, make_answer(), "alice")
    path = auditlog.db_path(settings)
    assert _mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            assert _mode(extra) == 0o600


# ---------------------------------------------------------------- low: lone surrogate, deeply nested history


def test_a_lone_surrogate_gets_an_answer(open_app) -> None:
    client, ask, _ = open_app
    event, _ = _call_ask(client, "Can we sell cameras to Iran \ud800?", "")
    assert event == "complete"
    assert ask.calls[-1][0] == "Can we sell cameras to Iran \ufffd?"


def test_a_lone_surrogate_in_the_chat_gets_an_answer() -> None:
    def encoding_iter(question, history, settings, *, engine=None, filters=None):
        question.encode("utf-8")  # what a tokenizer does
        yield make_answer(question)

    sent_back = [{"role": "user", "content": "earlier \udc00 turn"}, {"role": "assistant", "content": "ok"}]
    views = list(webui.respond("Iran \ud800?", sent_back, None, iter_ask=encoding_iter, settings=None))
    assert views[-1].answer is not None and "Cannot answer" not in views[-1].messages[-1]["content"]
    json.dumps(views[-1].messages, ensure_ascii=False).encode("utf-8")  # the page update encodes


def test_deeply_nested_history_gets_one_clear_line(open_app, capfd: pytest.CaptureFixture[str]) -> None:
    client, _, _ = open_app
    capfd.readouterr()
    event, data = _call_ask(client, "And Iran?", "[" * 5000 + "]" * 5000)
    assert "Traceback" not in capfd.readouterr().err  # a refusal is not a server error: no traceback in the log
    assert event == "error"
    message = json.loads(data)["error"] if data.startswith("{") else data
    assert "history is nested too deeply" in message
    assert "recursion" not in message.lower() and "\n" not in message


# ---------------------------------------------------------------- low: wrong passwords lock the real user out


def test_wrong_passwords_lock_out_the_guessing_address_only(login_app) -> None:
    from starlette.testclient import TestClient

    server, _ = login_app
    with TestClient(server, client=("10.0.0.66", 5000)) as attacker:
        for _ in range(5):
            assert attacker.post("/login", data={"username": "alice", "password": "guess"}).status_code == 400
        locked = attacker.post("/login", data={"username": "alice", "password": "correct horse battery"})
        assert locked.status_code == 429 and "Too many failed logins from this address" in locked.text
        assert int(locked.headers["retry-after"]) >= 30
        user = TestClient(server, client=("192.168.5.20", 5000))
        ok = user.post("/login", data={"username": "alice", "password": "correct horse battery"})
        assert ok.status_code == 200 and ok.json() == {"success": True}


# ---------------------------------------------------------------- low: /source and OpenAPI open with login, /config, CORS


def test_with_login_documents_and_api_description_need_login(login_app) -> None:
    from starlette.testclient import TestClient

    server, _ = login_app
    with TestClient(server, client=("10.1.1.1", 5000)) as client:
        assert client.get("/source/law.md").status_code == 401
        assert client.get("/openapi.json").status_code in {401, 404}
        assert client.get("/gradio_api/openapi.json").status_code == 401
        assert client.post("/login", data={"username": "alice", "password": "correct horse battery"}).status_code == 200
        r = client.get("/source/law.md")
        assert r.status_code == 200 and r.text == "# Article 1\nText."


def test_config_shows_no_memory_address(open_app) -> None:
    client, _, _ = open_app
    text = client.get("/config").text
    assert " at 0x" not in text


def test_cors_does_not_echo_a_foreign_origin(open_app) -> None:
    client, _, _ = open_app
    r = client.get("/config", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    assert r.headers.get("access-control-allow-credentials") != "true"
    pre = client.options("/gradio_api/call/ask", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "POST"})
    assert pre.headers.get("access-control-allow-origin") != "https://evil.example"


# ---------------------------------------------------------------- low: history keyed on the logged session hash


def test_history_is_keyed_on_a_random_httponly_cookie_not_the_session_hash(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    app_module = import_app()
    with TestClient(_server(_settings(tmp_path))) as client:
        r = client.get("/")
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("dda_sid=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        sid = cookie.split("=", 1)[1].split(";", 1)[0]
        assert len(sid) >= 40
        assert "set-cookie" not in client.get("/").headers  # the browser keeps its id
    # the gradio session hash (printed in access logs) is not the key
    leaked = SimpleNamespace(session_hash="abc123", cookies={}, username=None)
    assert app_module._session(leaked) == ""
    mine = SimpleNamespace(session_hash="abc123", cookies={"dda_sid": sid}, username=None)
    key = app_module._session(mine)
    assert key and sid not in key and key != "abc123"


# ---------------------------------------------------------------- low: the form's "Named parties"


def test_named_parties_from_the_form_are_screened_as_typed() -> None:
    question = webui.compose_question(product="thermal-imaging camera", destination="Iran", buyer="",
                                      parties="R&D Corp <Tehran>, Pars Vision Trading\nNoor Systems")
    assert extract_parties(question) == ["R&D Corp <Tehran>", "Pars Vision Trading", "Noor Systems"]
    scenario = understand(question)
    assert "Product" not in scenario.parties and "Destination" not in scenario.parties
    assert scenario.destinations == ["IR"]
