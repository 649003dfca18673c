"""The web chat: gradio wiring only; answers come from `assistant.iter_ask`.

Run with `ddassist serve` or `python app.py` (settings from DDA_* variables).
Rendering lives in `assistant.web.ui`, memos in `assistant.web.memo`, the audit
log in `assistant.web.auditlog`, workshops in `assistant.web.workshop`, login
and security headers in `assistant.web.auth`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from assistant.settings import PROJECT_ROOT, Settings, apply_offline_env, get_settings

apply_offline_env()

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse

import assistant
from assistant.answer.pipeline import available_engines
from assistant.errors import AssistantError
from assistant.search.store import read_state
from assistant.types import Answer
from assistant.vocab import CAPABILITIES, PRODUCTS, STAGES
from assistant.web import auditlog
from assistant.web import ui as webui
from assistant.web.auth import LoginThrottle, RequestGuard, install_security_headers, make_auth, session_id
from assistant.bounds import bound_history, clean_text, parse_history
from assistant.web.memo import memo_docx, memo_markdown
from assistant.web.workshop import Workshop, WorkshopError

logger = logging.getLogger(__name__)

BUNDLED_ROOT = PROJECT_ROOT / "corpus"
CHANNELS = ["direct sale", "through a distributor / reseller", "through a system integrator", "online shop",
            "via a third country (re-export)", "servicing / cloud subscription"]
THEME = gr.themes.Default(
    primary_hue="blue", neutral_hue="slate", radius_size="sm", text_size="md",
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
)
# Asked once before the server accepts connections, so that the embedding model, the index and the
# register are in memory for the first real question (a generic sale, not any test item).
WARMUP_QUESTION = ("May we sell thermal cameras to a distributor in Dubai whose customer is a municipality "
                   "in Iran?")


@dataclass
class Health:
    """What start-up found: `error` with `detail` when the warm-up question failed."""

    status: str = "ok"
    detail: str = ""
    warmup_seconds: float | None = None


def warm_up(settings: Settings, ask: Callable[..., Answer]) -> Health:
    """Answer one question with the grounded engine, loading the model and the index.

    An `AssistantError` (no index, unreadable index, bad settings) is reported in the result, so that
    the server still starts and `/healthz` says what is wrong; anything else propagates.
    """
    started = time.perf_counter()
    try:
        answer = ask(WARMUP_QUESTION, None, settings, engine="grounded")
        # what the page does after an answer: the audit log's tables, and a Word memo (python-docx)
        auditlog.user_history(settings, "", limit=1)
        with tempfile.TemporaryDirectory(prefix="dd-warm-up-") as folder:
            memo_docx(answer, "warm-up", datetime.now(UTC), Path(folder) / "memo.docx")
        _preload_matplotlib()
    except AssistantError as exc:
        logger.error("warm-up failed: %s", exc)
        return Health("error", str(exc))
    return Health("ok", warmup_seconds=round(time.perf_counter() - started, 2))


def _preload_matplotlib() -> None:
    """Gradio switches matplotlib's backend around every event; the first import costs 1-2 s here."""
    import matplotlib  # imported here on purpose: this warm-up step exists to pay its import cost before serving

    original = matplotlib.get_backend()
    matplotlib.use("agg")
    matplotlib.use(original)


def _engine_label(engine: str) -> str:
    """An engine name without a local file's directory (the health report is public)."""
    kind, sep, rest = engine.partition(":")
    return f"{kind}:{Path(rest).name}" if sep and kind == "llamacpp" else engine


def health_report(settings: Settings, health: Health, engines: Sequence[str]) -> dict[str, Any]:
    """The `/healthz` facts, read afresh (a new `ddassist ingest` shows at once)."""
    try:
        state = read_state(settings)
        problem = "" if state is not None else "no index: run `ddassist ingest`"
    except AssistantError as exc:
        state, problem = None, str(exc)
    status = "error" if health.status != "ok" or state is None else "ok"
    return {
        "status": status,
        "corpus_version": state.corpus_version if state else "",
        "chunks": state.chunk_count if state else 0,
        "engine": _engine_label(settings.answer.engine),
        "engines": [_engine_label(e) for e in engines],
        "warmed_up": health.warmup_seconds is not None,
        "warmup_seconds": health.warmup_seconds,
        "detail": health.detail or problem,
    }


def footer_markdown(report: dict[str, Any]) -> str:
    """The page footer: the same facts as `/healthz`."""
    if not report["chunks"]:
        return f"dd-assistant · **{report['status']}** · {webui.sanitize_markdown(report['detail'])}"
    return (f"dd-assistant · corpus version `{report['corpus_version']}` · {report['chunks']:,} chunks · "
            f"engine {report['engine']} · status {report['status']}")


def _rooted(settings: Settings) -> Callable[[str], str]:
    """Prefix the page's `/source/` links with the public root path behind a reverse proxy."""
    root = settings.root_path.rstrip("/")
    if not root:
        return lambda html: html
    return lambda html: html.replace('href="/source/', f'href="{root}/source/')


class _DropState:
    """gr.State's delete callback: nothing to do; named so that the page config shows no memory address."""

    def __call__(self, value: Any) -> None:
        return None

    def __repr__(self) -> str:
        return "drop-state"

    __str__ = __repr__


DROP_STATE = _DropState()
STATE_TTL_S = 6 * 3600  # a browser's chat state is freed after this long, so abandoned tabs do not hold memory


def forget_api_session(request: gr.Request | None) -> bool:
    """Drop gradio's per-session copy of the page state for a session that only called the API.

    gradio keeps a `SessionState` (a copy of every component's config, with the
    inputs) per session hash, up to `state_session_capacity` sessions; each raw
    `/gradio_api/call/ask` gets a fresh session hash, so without this every API
    call would keep its (possibly megabytes of) input in memory. Sessions that
    hold gr.State values (browser tabs) are left alone. Returns whether one was dropped.
    """
    inner = getattr(request, "request", None) if request is not None else None
    holder = getattr(getattr(inner, "app", None), "state_holder", None)
    session_hash = getattr(request, "session_hash", None) if request is not None else None
    data = getattr(holder, "session_data", None)
    if not session_hash or data is None:
        return False
    state = data.get(session_hash)
    if state is None or getattr(state, "state_data", None):
        return False
    data.pop(session_hash, None)
    return True


def _user(request: gr.Request | None) -> str:
    return (getattr(request, "username", None) or "anonymous") if request is not None else "anonymous"


def _session(request: gr.Request | None, cookie_name: str = "dda_sid") -> str:
    """A key for this browser: a hash of the random id in its HttpOnly cookie (never the gradio session hash)."""
    sid = session_id(request, cookie_name) if request is not None else ""
    return hashlib.sha256(sid.encode()).hexdigest()[:32] if sid else ""


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by this user only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def memo_dir(settings: Settings) -> Path:
    """Where this instance writes memo files before handing them to the page."""
    return private_dir(Path(settings.data_dir)) / "memos"


def gradio_cache_dir(settings: Settings) -> Path:
    """This instance's own gradio file cache, under the data dir, 0700."""
    return private_dir(private_dir(Path(settings.data_dir)) / "gradio-cache")


def sweep_memos(folder: Path, ttl_s: float, now: float | None = None) -> int:
    """Delete memo folders older than `ttl_s` seconds; return how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    if not folder.is_dir():
        return 0
    for child in folder.iterdir():
        try:
            if now - child.stat().st_mtime > ttl_s:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _write_memos(answer: Answer, user: str, key: str, settings: Settings) -> tuple[Path, str, str]:
    """The memo as DOCX and Markdown in a fresh private folder (0700, files 0600); returns (folder, docx, md)."""
    now = datetime.now(UTC)
    root = private_dir(memo_dir(settings))
    sweep_memos(root, settings.web.memo_ttl_s)
    folder = private_dir(root / uuid.uuid4().hex)
    md_path = folder / f"dd-memo-{key}.md"
    fd = os.open(md_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(memo_markdown(answer, user, now))
    docx_path = memo_docx(answer, user, now, folder / f"dd-memo-{key}.docx")
    os.chmod(docx_path, 0o600)
    return folder, str(docx_path), str(md_path)


def build_app(
    settings: Settings,
    *,
    iter_ask: Callable[..., Iterator[Any]] | None = None,
    ask: Callable[..., Answer] | None = None,
    engines: Sequence[str] | None = None,
    workshop: Workshop | None = None,
    health: Health | None = None,
) -> gr.Blocks:
    """The gradio page: chat with evidence panel, workshop and history tabs, and the `ask` API."""
    if iter_ask is None or ask is None:
        iter_ask = iter_ask or assistant.iter_ask
        ask = ask or assistant.ask
    if engines is None:
        engines = available_engines(settings)
    engines = list(engines) or ["grounded"]
    workshop = workshop or Workshop(settings, ask=ask)
    auth_on = settings.auth_file is not None
    health = health or Health()
    rooted = _rooted(settings)
    web = settings.web
    cookie = web.session_cookie
    # this instance's own file cache (memos handed to the page), private and swept
    os.environ["GRADIO_TEMP_DIR"] = str(gradio_cache_dir(settings))

    def history_owner(request: gr.Request | None) -> tuple[str, str | None]:
        # with login each user sees their own history; without, only this browser's (its HttpOnly cookie id)
        return _user(request), (None if auth_on else _session(request, cookie) or "-")

    with gr.Blocks(title="dd-assistant — due diligence for surveillance-technology sales", fill_width=True,
                   delete_cache=(web.cache_sweep_s, web.memo_ttl_s)) as demo:
        chat_state = gr.State(webui.ChatState(), time_to_live=STATE_TTL_S, delete_callback=DROP_STATE)
        gr.Markdown(
            '<div class="dd-header"><span class="dd-brand">dd-assistant</span> '
            '<span class="dd-tagline">Due diligence for CCTV and surveillance-technology sales — Iran focus. '
            "Every statement is tied to a quoted source; check the quote and the official text. "
            "This is not legal advice.</span></div>",
            elem_id="dd-header",
        )
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=250, elem_id="dd-form-col"):
                        gr.Markdown("### Describe the sale", elem_classes=["dd-h"])
                        product = gr.Dropdown(list(PRODUCTS.values()), label="Product", allow_custom_value=True,
                                              value=None, elem_id="f-product")
                        capabilities = gr.Dropdown(list(CAPABILITIES.values()), label="Capabilities", multiselect=True, value=[],
                                                   allow_custom_value=True, elem_id="f-capabilities")
                        destination = gr.Textbox(label="Destination", placeholder="e.g. Iran", elem_id="f-destination")
                        with gr.Row():
                            buyer = gr.Textbox(label="Buyer", placeholder="who pays", elem_id="f-buyer", min_width=100)
                            end_user = gr.Textbox(label="End user", placeholder="who uses it", elem_id="f-end-user",
                                                  min_width=100)
                        channel = gr.Dropdown(CHANNELS, label="Sales channel", allow_custom_value=True, value=None, elem_id="f-channel")
                        stage = gr.Dropdown(list(STAGES.values()), label="Stage", allow_custom_value=True, value=None, elem_id="f-stage")
                        parties = gr.Textbox(label="Named parties (screened against the listings)",
                                             placeholder="company or person names, comma-separated", elem_id="f-parties")
                        form_question = gr.Textbox(label="Your question (optional)", lines=2, elem_id="f-question",
                                                   placeholder="What must we check before going ahead?")
                        compose = gr.Button("Put this scenario in the chat box", elem_id="compose", size="sm")
                        with gr.Accordion("Sources and engine", open=False, elem_id="dd-filters"):
                            kinds = gr.CheckboxGroup([(v, k) for k, v in webui.KIND_FILTERS.items()],
                                                     label="Only these kinds of source (none ticked: all)")
                            jurisdictions = gr.CheckboxGroup([(v, k) for k, v in webui.JURISDICTION_FILTERS.items()],
                                                             label="Only these jurisdictions (none ticked: all)")
                            engine = gr.Dropdown(engines, value=engines[0], label="Answer engine", elem_id="engine",
                                                 info="grounded: quotes only, no language model")
                    with gr.Column(scale=5, min_width=380, elem_id="dd-chat-col"):
                        chatbot = gr.Chatbot(
                            label="Conversation", height=560, elem_id="chat", sanitize_html=True, allow_tags=False,
                            latex_delimiters=[], buttons=["copy"], autoscroll=True, group_consecutive_messages=False,
                            placeholder="Describe a sale or ask about an obligation. Follow-up questions keep the context.",
                        )
                        question = gr.Textbox(label="Question", lines=3, max_lines=12, elem_id="question", max_length=settings.answer.max_question_chars,
                                              placeholder="e.g. May we sell thermal cameras to a distributor in Dubai "
                                                          "whose customer is a municipality in Iran?")
                        with gr.Row():
                            send = gr.Button("Ask", variant="primary", elem_id="send", scale=3)
                            new_chat = gr.Button("New conversation", elem_id="new-chat", scale=1)
                        with gr.Row(elem_id="dd-answer-tools"):
                            memo_docx_btn = gr.DownloadButton("Download memo (DOCX)", interactive=False,
                                                              elem_id="memo-docx", size="sm")
                            memo_md_btn = gr.DownloadButton("Download memo (Markdown)", interactive=False,
                                                            elem_id="memo-md", size="sm")
                        with gr.Accordion("Was this answer useful?", open=False, elem_id="dd-feedback"):
                            comment = gr.Textbox(label="Comment (optional)", lines=2, elem_id="fb-comment")
                            with gr.Row():
                                up = gr.Button("👍 Useful", size="sm", elem_id="fb-up")
                                down = gr.Button("👎 Wrong or unhelpful", size="sm", elem_id="fb-down")
                            fb_status = gr.Markdown("", elem_id="fb-status")
                    with gr.Column(scale=5, min_width=360, elem_id="dd-evidence-col"):
                        panel = gr.Markdown(webui.render_side_panel(None), elem_id="evidence", sanitize_html=True,
                                            latex_delimiters=[], max_height=820)
            with gr.Tab("Workshop", id="workshop"):
                build_workshop_tab(workshop, auth_on)
            with gr.Tab("My history", id="history"):
                gr.Markdown("Your earlier questions, newest first. Only you see them." if auth_on else
                            "Questions asked in this browser session, newest first.")
                refresh_history = gr.Button("Refresh", size="sm", elem_id="history-refresh")
                history_html = gr.Markdown("", elem_id="history", sanitize_html=True, latex_delimiters=[])
        gr.Markdown(lambda: footer_markdown(health_report(settings, health, engines)), elem_id="dd-footer",
                    sanitize_html=True, latex_delimiters=[])

        # ---- chat
        def on_ask(q: str, messages: list[dict[str, Any]], state: webui.ChatState, engine_name: str,
                   kind_list: list[str], jur_list: list[str], request: gr.Request):
            user, session = _user(request), _session(request, cookie)

            def log(answer: Answer, asked: str) -> str:
                return auditlog.log_answer(settings, answer, user, session=session)

            no_memo = gr.update(), gr.update()
            written: list[Path] = []
            try:
                for view in webui.respond(
                    q, messages, state, iter_ask=iter_ask, settings=settings, engine=engine_name or None,
                    filters=webui.build_filters(kind_list, jur_list), log_answer=log, web=web,
                ):
                    memos = no_memo
                    if view.done and view.answer is not None and view.key:
                        folder, docx_path, md_path = _write_memos(view.answer, user, view.key, settings)
                        written.append(folder)
                        memos = (gr.update(value=docx_path, interactive=True), gr.update(value=md_path, interactive=True))
                    yield view.messages, rooted(view.panel_html), view.state, ("" if view.done and view.answer else gr.update()), *memos
            finally:
                # gradio has copied the files into this instance's private cache by now (swept after memo_ttl_s)
                for folder in written:
                    shutil.rmtree(folder, ignore_errors=True)

        ask_outputs = [chatbot, panel, chat_state, question, memo_docx_btn, memo_md_btn]
        ask_inputs = [question, chatbot, chat_state, engine, kinds, jurisdictions]
        send.click(on_ask, ask_inputs, ask_outputs, api_visibility="private")
        question.submit(on_ask, ask_inputs, ask_outputs, api_visibility="private")

        def on_new_chat():
            return [], webui.render_side_panel(None), webui.ChatState(), gr.update(value=None, interactive=False), \
                gr.update(value=None, interactive=False)

        new_chat.click(on_new_chat, None, [chatbot, panel, chat_state, memo_docx_btn, memo_md_btn],
                       api_visibility="private")

        def on_select(state: webui.ChatState, evt: gr.SelectData):
            index = evt.index if isinstance(evt.index, int) else evt.index[0]
            key = state.message_keys.get(index)
            if key is None:
                return gr.update()
            return rooted(webui.render_side_panel(state.answer(key), key))

        chatbot.select(on_select, [chat_state], [panel], api_visibility="private")

        compose.click(webui.compose_question,
                      [product, capabilities, destination, buyer, end_user, channel, stage, parties, form_question],
                      [question], api_visibility="private")

        # ---- feedback
        def feedback(rating: str, state: webui.ChatState, text: str, request: gr.Request, key: str | None = None):
            key = key or state.last_key
            if not key:
                return "Ask a question first; feedback applies to an answer.", gr.update()
            try:
                auditlog.record_feedback(settings, key, _user(request), rating, text)  # type: ignore[arg-type]
            except AssistantError as exc:
                return f"Feedback not saved: {exc}", gr.update()
            return f"Thank you — feedback saved for answer `{key}`.", ""

        def on_up(state: webui.ChatState, text: str, request: gr.Request):
            return feedback("up", state, text, request)

        def on_down(state: webui.ChatState, text: str, request: gr.Request):
            return feedback("down", state, text, request)

        up.click(on_up, [chat_state, comment], [fb_status, comment], api_visibility="private")
        down.click(on_down, [chat_state, comment], [fb_status, comment], api_visibility="private")

        def on_like(state: webui.ChatState, evt: gr.LikeData, request: gr.Request):
            index = evt.index if isinstance(evt.index, int) else evt.index[0]
            key = state.message_keys.get(index)
            if key is None or evt.liked not in (True, False):
                return gr.update()
            msg, _ = feedback("up" if evt.liked else "down", state, "", request, key=key)
            return msg

        chatbot.like(on_like, [chat_state], [fb_status], api_visibility="private")

        # ---- history
        def on_history(request: gr.Request):
            user, session = history_owner(request)
            return webui.render_history_html(auditlog.user_history(settings, user, session=session))

        refresh_history.click(on_history, None, [history_html], api_visibility="private")

        # ---- API for programs: same JSON as `ask --json`
        def api_ask(question: str, history_json: str = "", request: gr.Request = None) -> dict:  # type: ignore[assignment]
            """Ask a question; `history_json` is an optional JSON list of {role, content} turns.

            The question and history are cleaned of invalid Unicode; the history is
            bounded (older turns dropped, the answer's warnings say so); malformed
            or nested history is refused with one line.
            """
            try:
                history, notice = bound_history(parse_history(history_json if isinstance(history_json, str) else
                                                              (history_json or ""), web), web)
                answer = ask(clean_text(question if isinstance(question, str) else ""), history or None, settings)
            except AssistantError as exc:  # a refusal of the input: one line to the caller, no traceback in the log
                logger.info("api ask refused: %s", str(exc)[:200])
                raise gr.Error(str(exc), print_exception=False) from None
            except Exception as exc:  # noqa: BLE001 - one line in the log, nothing internal in the reply
                logger.error("api ask failed: %s: %s", type(exc).__name__, str(exc)[:200])
                raise gr.Error("Something went wrong on the server; the error was logged.", print_exception=False) from None
            finally:
                forget_api_session(request)
            if notice:
                answer.warnings.append(notice)
            auditlog.log_answer(settings, answer, _user(request) if request else "api", session="api")
            return answer.model_dump(mode="json")

        gr.api(api_ask, api_name="ask")
    demo.queue(default_concurrency_limit=settings.concurrency)
    # browser sessions whose state gradio keeps in memory (oldest dropped first); API calls keep none
    demo.state_session_capacity = web.max_sessions_in_memory
    return demo


def _client(request: gr.Request | None) -> str:
    """The client's address (for per-client limits when login is off)."""
    client = getattr(request, "client", None) if request is not None else None
    return str(getattr(client, "host", "") or "") or "unknown"


def build_workshop_tab(workshop: Workshop, auth_on: bool = False) -> None:
    """The workshop tab: participant and trainer views.

    Participants hold their membership (code, name, rejoin key) in server-side
    state; the trainer view needs the trainer key, or with login the account
    that opened the session, and shows `web.workshop_page_size` participants per page.
    """

    def card_choices() -> list[tuple[str, str]]:
        try:
            return [(f"{c.title} ({c.difficulty})" if getattr(c, "difficulty", "") else c.title, c.id)
                    for c in workshop.cards()]
        except AssistantError as exc:
            logger.warning("workshop cards unavailable: %s", exc)
            return []

    with gr.Tabs():
        with gr.Tab("Participant", id="ws-participant"):
            ws_state = gr.State({}, time_to_live=STATE_TTL_S, delete_callback=DROP_STATE)
            gr.Markdown("Join with the code on the trainer's screen. Write your own answer first; "
                        "then reveal the assistant's memo and the checklist of what a good answer covers.")
            with gr.Row():
                code_in = gr.Textbox(label="Session code", max_lines=1, elem_id="ws-code", scale=1)
                name_in = gr.Textbox(label="Your name", max_lines=1, elem_id="ws-name", scale=2)
                token_in = gr.Textbox(label="Rejoin key (only to come back to your name)", max_lines=1,
                                      elem_id="ws-token", scale=1, type="password")
                join_btn = gr.Button("Join", variant="primary", elem_id="ws-join", scale=1)
            ws_status = gr.Markdown("", elem_id="ws-status")
            card_pick = gr.Dropdown([], label="Scenario card", elem_id="ws-card", interactive=True)
            card_html = gr.Markdown("", elem_id="ws-card-view", sanitize_html=True, latex_delimiters=[])
            own = gr.Textbox(label="Your answer: what must the company check or do, and why?", lines=8,
                             elem_id="ws-answer", max_length=workshop.limits.workshop_max_answer_chars)
            with gr.Row():
                submit_btn = gr.Button("Submit my answer", elem_id="ws-submit")
                reveal_btn = gr.Button("Reveal the assistant's memo", variant="primary", elem_id="ws-reveal")
            with gr.Row(equal_height=False):
                reveal_md = gr.Markdown("", elem_id="ws-memo", sanitize_html=True, latex_delimiters=[])
                must_html = gr.Markdown("", elem_id="ws-must", sanitize_html=True, latex_delimiters=[])

            def on_join(code: str, name: str, token: str):
                try:
                    info = workshop.session(code)
                    member = workshop.enter(info.code, name, token.strip() or None)
                    cards = workshop.session_cards(info.code)
                except AssistantError as exc:
                    return {}, f"**{webui.sanitize_markdown(str(exc))}**", gr.update(choices=[], value=None), "", "", ""
                choices = [(c.title, c.id) for c in cards]
                first = cards[0] if cards else None
                prior = workshop.response(info.code, member.name, first.id, token=member.token) if first else None
                return ({"code": info.code, "name": member.name, "token": member.token},
                        f"Joined **{webui.sanitize_markdown(info.title or info.code)}** as "
                        f"**{webui.sanitize_markdown(member.name)}**. Your rejoin key is `{member.token}`: "
                        "keep it to come back to your answers from another tab or device.",
                        gr.update(choices=choices, value=first.id if first else None),
                        webui.render_card_html(first) if first else "",
                        prior.text if prior else "", "")

            join_btn.click(on_join, [code_in, name_in, token_in], [ws_state, ws_status, card_pick, card_html, own, token_in],
                           api_visibility="private")

            def on_card(state: dict[str, str], card_id: str):
                if not state or not card_id:
                    return "", "", "", ""
                try:
                    card = workshop.card(card_id)
                    prior = workshop.response(state["code"], state["name"], card_id, token=state["token"])
                except AssistantError as exc:
                    return f"**{webui.sanitize_markdown(str(exc))}**", "", "", ""
                return webui.render_card_html(card), (prior.text if prior else ""), "", ""

            card_pick.input(on_card, [ws_state, card_pick], [card_html, own, reveal_md, must_html],
                             api_visibility="private")

            def on_submit(state: dict[str, str], card_id: str, text: str):
                if not state:
                    return "**Join a session first.**"
                try:
                    workshop.submit(state["code"], state["name"], card_id, text, token=state["token"])
                except AssistantError as exc:
                    return f"**{webui.sanitize_markdown(str(exc))}**"
                return "Your answer is saved. Reveal the assistant's memo when you are ready."

            submit_btn.click(on_submit, [ws_state, card_pick, own], [ws_status], api_visibility="private")

            def on_reveal(state: dict[str, str], card_id: str):
                if not state:
                    return "**Join a session first.**", "", ""
                try:
                    rev = workshop.reveal(state["code"], state["name"], card_id, token=state["token"])
                except AssistantError as exc:
                    return f"**{webui.sanitize_markdown(str(exc))}**", "", ""
                shown = (webui.render_reveal_html(rev.own_answer, rev.answer)
                         + "\n\n<details><summary>The assistant's full memo</summary>\n\n" + rev.memo_md + "\n\n</details>")
                return ("Your answer is beside the assistant's bottom line; compare the verdict and the decisive provisions.", shown,
                        webui.render_must_cover_html(rev.must_cover, rev.missing_ids))

            reveal_btn.click(on_reveal, [ws_state, card_pick], [ws_status, reveal_md, must_html],
                             api_visibility="private")

        with gr.Tab("Trainer", id="ws-trainer"):
            gr.Markdown("Open a session with some scenario cards, give participants the code, "
                        "and watch their answers side by side. Keep the trainer key to yourself: "
                        "it is what shows the answers" + (" (or log in with the account that opened the session)."
                                                          if auth_on else "."))
            title_in = gr.Textbox(label="Session title", max_lines=1, elem_id="ws-title")
            cards_pick = gr.CheckboxGroup(card_choices(), label="Scenario cards", elem_id="ws-cards")
            open_btn = gr.Button("Open session", variant="primary", elem_id="ws-open")
            code_out = gr.Markdown("", elem_id="ws-code-out")
            with gr.Row():
                view_code = gr.Textbox(label="Session code", max_lines=1, elem_id="ws-view-code")
                view_key = gr.Textbox(label="Trainer key", max_lines=1, elem_id="ws-view-key", type="password")
                view_page = gr.Number(label="Page", value=1, minimum=1, precision=0, elem_id="ws-view-page")
                refresh = gr.Button("Show participants' answers", elem_id="ws-refresh")
            trainer_html = gr.Markdown("", elem_id="ws-trainer-view", sanitize_html=True, latex_delimiters=[])

            def on_open(title: str, card_ids: list[str], request: gr.Request):
                user = _user(request)
                try:
                    opened = workshop.start_session(user, card_ids or [], title or "",
                                                    client=user if auth_on else _client(request))
                except AssistantError as exc:
                    return f"**{webui.sanitize_markdown(str(exc))}**", gr.update(), gr.update()
                workshop.warm(card_ids)
                shown = (f'<div class="dd-code">Session code: <strong>{opened.code}</strong></div>'
                         "Participants join in the Participant tab with this code and their name. "
                         f"Your trainer key (do not show it): <code>{opened.trainer_key}</code>")
                return shown, opened.code, opened.trainer_key

            open_btn.click(on_open, [title_in, cards_pick], [code_out, view_code, view_key], api_visibility="private")

            def on_refresh(code: str, key: str, page: float | None, request: gr.Request):
                try:
                    view = workshop.trainer_page(code, int(page or 1), trainer_key=key or None,
                                                 user=_user(request) if auth_on else None)
                except WorkshopError as exc:
                    return f"**{webui.sanitize_markdown(str(exc))}**"
                head = (f"Participants {((view.page - 1) * workshop.limits.workshop_page_size) + 1 if view.total else 0}"
                        f"–{(view.page - 1) * workshop.limits.workshop_page_size + len(view.participants)} of {view.total}"
                        f" · page {view.page} of {view.pages}")
                return f'<p class="dd-ts">{head}</p>' + webui.render_trainer_view_html(view.cards, view.answers, view.participants)

            refresh.click(on_refresh, [view_code, view_key, view_page], [trainer_html], api_visibility="private")


def _gradio_user(gradio_app: Any, request: Request) -> str | None:
    """The logged-in user of a request, from the gradio app's login cookie (None when not logged in)."""
    if gradio_app is None:
        return None
    cookie_id = getattr(gradio_app, "cookie_id", "")
    token = request.cookies.get(f"access-token-{cookie_id}") or request.cookies.get(f"access-token-unsecure-{cookie_id}")
    return getattr(gradio_app, "tokens", {}).get(token) if token else None


def _document_route(settings: Settings, gradio_app: list[Any] | None = None) -> Callable[..., Any]:
    documents_dir = Path(settings.documents_dir)
    login_on = settings.auth_file is not None

    def source(file_path: str, request: Request) -> Any:
        if login_on and _gradio_user((gradio_app or [None])[0], request) is None:
            return PlainTextResponse("Log in first.", status_code=401)
        path = webui.resolve_document(file_path, documents_dir, BUNDLED_ROOT)
        if path is None:
            return PlainTextResponse("Not found", status_code=404)
        media_type = webui.DOCUMENT_TYPES[path.suffix.lower()]
        return FileResponse(
            path, media_type=media_type, filename=path.name, content_disposition_type="inline",
            headers={"Content-Security-Policy": "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; "
                                                "img-src 'self' data:; frame-ancestors 'none'",
                     "Cache-Control": "private, max-age=300"},
        )

    return source


def _health_route(settings: Settings, health: Health, engines: Sequence[str]) -> Callable[[], Any]:
    def healthz() -> Any:
        report = health_report(settings, health, engines)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503,
                            headers={"Cache-Control": "no-store"})

    return healthz


def create_server(settings: Settings, demo: gr.Blocks | None = None, health: Health | None = None,
                  **fakes: Any) -> FastAPI:
    """The FastAPI app: security headers, `/healthz`, `/source/<file>` documents, and the gradio page at `/`."""
    health = health or Health()
    demo = demo or build_app(settings, health=health, **fakes)
    engines = fakes.get("engines")
    if engines is None:
        engines = available_engines(settings)
    web = settings.web
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    # our own CORS policy (same origin plus `web.cors_origins`, no credentials); gradio then adds none of its own
    app.add_middleware(CORSMiddleware, allow_origins=list(web.cors_origins), allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["content-type"])
    install_security_headers(app)
    os.umask(0o077)  # every file this server creates (databases, memos, cache) is private to its user
    app.add_api_route("/healthz", _health_route(settings, health, list(engines) or ["grounded"]),
                      methods=["GET", "HEAD"], include_in_schema=False)
    gradio_app: list[Any] = []
    app.add_api_route("/source/{file_path:path}", _document_route(settings, gradio_app), methods=["GET", "HEAD"],
                      include_in_schema=False)
    throttle = LoginThrottle(max_failures=web.login_max_failures, base_delay=web.login_base_delay_s)
    auth = make_auth(settings.auth_file, throttle) if settings.auth_file else None
    # outermost: size limit, upload switch, login throttle per address, session cookie
    app.add_middleware(RequestGuard, max_body=web.max_request_bytes, uploads=web.max_upload_bytes > 0,
                       throttle=throttle if auth else None, cookie_name=web.session_cookie)
    gr.mount_gradio_app(
        app, demo, path="/", auth=auth,
        auth_message="dd-assistant: log in with the name and password your administrator gave you." if auth else None,
        footer_links=["api"], run_history=False, show_error=True, theme=THEME, css=webui.PAGE_CSS,
        allowed_paths=[], ssr_mode=False, mcp_server=False, pwa=False, enable_monitoring=False,
        root_path=settings.root_path or None,
        max_file_size=web.max_upload_bytes, app_kwargs={"openapi_url": None, "docs_url": None, "redoc_url": None},
    )
    gradio_app.extend(r.app for r in app.routes if getattr(r, "path", None) == "" and hasattr(r, "app"))
    return app


def serve(settings: Settings | None = None, host: str | None = None, port: int | None = None, *,
          verbose: bool = False) -> None:
    """Load the model and the index, then serve the web chat with uvicorn (blocking).

    The port opens only after the warm-up question has been answered, so the first
    visitor's answer is as fast as the rest; `/healthz` then reports `ok`.
    """
    import uvicorn  # the ASGI server is needed only when serving, not when tests build the app

    settings = settings or get_settings()
    host, port = host or settings.host, port or settings.port
    print("dd-assistant: loading the model and the index ...", file=sys.stderr, flush=True)
    health = warm_up(settings, cast(Callable[..., Answer], assistant.ask))
    app = create_server(settings, health=health)
    if health.status == "ok":
        behind = f" (public path {settings.root_path}/ behind the reverse proxy)" if settings.root_path else ""
        print(f"dd-assistant: ready in {health.warmup_seconds:.1f} s; serving http://{host}:{port}/{behind}",
              file=sys.stderr, flush=True)
    else:
        print(f"dd-assistant: serving http://{host}:{port} WITHOUT a working index: {health.detail}",
              file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=verbose, timeout_graceful_shutdown=5,
                proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)


if __name__ == "__main__":
    from assistant.console import configure_output

    configure_output(verbose="--verbose" in sys.argv[1:])
    serve(verbose="--verbose" in sys.argv[1:])

__all__ = ["Health", "build_app", "create_server", "health_report", "serve", "warm_up"]
