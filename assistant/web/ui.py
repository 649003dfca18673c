"""Pure response and render functions of the web chat (no gradio import).

`app.py` wires these into gradio components; everything here takes plain values
and returns strings, lists and dataclasses so that it can be unit-tested without
a browser. All text from answers and documents is untrusted: it is escaped, and
links or images pointing outside this server are rendered as plain text.
"""

from __future__ import annotations

import html
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from assistant.bounds import bound_history, clean_text, parse_history, trim_messages
from assistant.errors import AssistantError
from assistant.settings import WebSettings
from assistant.types import KIND_LABELS, Answer, Citation, ObligationHit
from assistant.web.text import (  # the page and its tests use these from here too
    _CONTROL,
    GROUP_HEADINGS,
    REFUSAL_HEADLINE,
    RELATED_LABEL,
    group_obligations,
    sanitize_markdown,
    scenario_facts,
    split_details,
    verdict_label,
)

logger = logging.getLogger(__name__)

BUNDLED_PREFIX = "bundled:"
KIND_FILTERS: dict[str, str] = {
    "law": "Law",
    "standard": "Standards",
    "guidance": "Guidance",
    "report": "Reports",
    "case-notes": "Case notes",
    "digest": "Project digests",
}
JURISDICTION_FILTERS: dict[str, str] = {
    "EU": "EU",
    "international": "International",
    "US": "United States",
    "IR": "Iran (case notes)",
}
SCENARIO_LABELS: tuple[tuple[str, str], ...] = (
    ("product", "Product"),
    ("capabilities", "Capabilities"),
    ("destination", "Destination"),
    ("buyer", "Buyer"),
    ("end_user", "End user"),
    ("channel", "Sales channel"),
    ("stage", "Stage"),
    ("parties", "Named parties"),
)

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
MAX_KEPT_ANSWERS = 30


# ---------------------------------------------------------------- sanitising


def escape_html(text: str) -> str:
    """Escape text for an HTML element or attribute, on one line (newlines become <br>).

    Keeping the HTML on one line matters where it is shown through a Markdown
    renderer: a blank line would end the HTML block and hand the rest to Markdown.
    """
    escaped = html.escape(_CONTROL.sub("", text or ""), quote=True)
    return re.sub(r"\r?\n", "<br>", escaped)


def link_citations(text: str, numbers: Iterable[int], key: str) -> str:
    """Turn `[n]` (and `[n, m]`) markers of known citations into links to the evidence panel."""
    known = set(numbers)

    def _sub(match: re.Match[str]) -> str:
        parts = [int(p) for p in re.split(r"\s*,\s*", match.group(1))]
        if not all(p in known for p in parts):
            return match.group(0)
        return ", ".join(f"[[{p}]](#{anchor_id(key, p)})" for p in parts)

    return _MARKER.sub(_sub, text)


def anchor_id(key: str, n: int, prefix: str = "ev") -> str:
    """The HTML id of citation `n` of the answer `key` in the evidence panel."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "", key) or "a"
    return f"{prefix}-{safe}-{n}"


def source_href(file: str, page_number: int | None = None) -> str | None:
    """Link that opens a cited document on this server, at the page when known."""
    if not file:
        return None
    href = "/source/" + quote(file, safe="/:")
    if page_number:
        href += f"#page={int(page_number)}"
    return href


def _safe_external(url: str) -> str | None:
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None


# ---------------------------------------------------------------- documents

DOCUMENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".md": "text/plain; charset=utf-8",
    ".markdown": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    # HTML sources are shown as text: never run a scraped page's scripts on this origin
    ".html": "text/plain; charset=utf-8",
    ".htm": "text/plain; charset=utf-8",
}
BUNDLED_DIRS = ("digests", "case-notes")


def resolve_document(file_key: str, documents_dir: Path, bundled_root: Path) -> Path | None:
    """The file a `/source/<file>` link may serve, or None.

    Official texts come only from `documents_dir`; project digests and case notes
    (`bundled:<path>`) only from `corpus/digests` and `corpus/case-notes`. Paths
    are resolved (symlinks followed) and must stay inside their root; absolute
    paths, `..`, hidden files and unknown file types are refused.
    """
    if not file_key or "\\" in file_key or "\x00" in file_key:
        return None
    if file_key.startswith(BUNDLED_PREFIX):
        rel = file_key[len(BUNDLED_PREFIX):]
        roots = [bundled_root / d for d in BUNDLED_DIRS]
    else:
        rel = file_key
        roots = [documents_dir]
    parts = Path(rel).parts
    if not rel or rel.startswith("/") or Path(rel).is_absolute() or ".." in parts:
        return None
    if any(p.startswith(".") for p in parts) or Path(rel).suffix.lower() not in DOCUMENT_TYPES:
        return None
    for root in roots:
        try:
            base = root.resolve(strict=True)
            candidate = (root.parent if root.name in BUNDLED_DIRS else root).joinpath(rel).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if base in candidate.parents and candidate.is_file():
            return candidate
    return None


# ---------------------------------------------------------------- chat answer


def render_answer_markdown(answer: Answer, key: str) -> str:
    """The assistant message shown in the chat for a finished answer."""
    if answer.refused:
        lines = [f"**{REFUSAL_HEADLINE}.**"]
        if answer.refusal_reason:
            lines += ["", sanitize_markdown(answer.refusal_reason)]
        body = sanitize_markdown(answer.answer).strip()
        if body and body != (answer.refusal_reason or "").strip():
            lines += ["", body]
        if answer.related:
            lines += ["", f"Nearby passages are listed beside the chat, marked *{RELATED_LABEL}*."]
    else:
        numbers = [c.n for c in answer.citations]
        body, details = split_details(answer.answer)
        text = link_citations(sanitize_markdown(body), numbers, key)
        if details:
            fold = "\n".join(["<details><summary>Details: the scenario as understood, other provisions considered, risk context</summary>", "",
                               link_citations(sanitize_markdown(details), numbers, key), "", "</details>", ""])
            head, sep, sources = text.partition("### Sources")
            text = head.rstrip() + "\n\n" + fold + (f"\n{sep}{sources}" if sep else "")
        lines = [text]
        label = verdict_label(answer)
        if label:
            verdict = answer.bottom_line.verdict if answer.bottom_line else ""
            lines.insert(0, f'<span class="dd-verdict dd-verdict-{verdict}">{escape_html(label)}</span>\n')
        if not answer.citations:
            lines += ["", "*No citation supports this answer: treat it as unverified.*"]
    if answer.screening:
        names = ", ".join(sorted({sanitize_markdown(h.name) for h in answer.screening}))
        lines.insert(0, f"**⚠ Possible sanctions listing match: {names}** — see the screening box.\n")
    for warning in answer.warnings:
        lines += ["", f"> ⚠ {sanitize_markdown(warning)}"]
    return "\n".join(lines).strip()


def render_error_markdown(exc: BaseException) -> str:
    """A clear one-paragraph message for an error, never a traceback."""
    if isinstance(exc, AssistantError):
        return f"**Cannot answer:** {sanitize_markdown(str(exc))}"
    return "**Something went wrong on the server.** The error was logged; please try again or tell the administrator."


# ---------------------------------------------------------------- evidence panel


def _kind_badge(kind: str) -> str:
    label = KIND_LABELS.get(kind, kind or "source")
    css = re.sub(r"[^a-z-]", "", kind or "source")
    return f'<span class="dd-badge dd-kind-{css}">{escape_html(label)}</span>'


def render_citation_html(c: Citation, key: str, related: bool = False) -> str:
    """One evidence card: source, kind badge, locator, page, quote, open link."""
    parts = [f'<article class="dd-cite{" dd-related" if related else ""}" id="{anchor_id(key, c.n)}">']
    parts.append(
        '<div class="dd-cite-head">'
        f'<span class="dd-n">[{int(c.n)}]</span> {_kind_badge(c.kind)}'
        + (f' <span class="dd-related-tag">{RELATED_LABEL}</span>' if related else "")
        + "</div>"
    )
    parts.append(f'<div class="dd-src">{escape_html(c.title or c.source_id)}</div>')
    where = [f'<span class="dd-loc">{escape_html(c.locator)}</span>'] if c.locator else []
    if c.page:
        where.append(f'<span class="dd-page">p. {escape_html(c.page)}</span>')
    if where:
        parts.append('<div class="dd-where">' + " · ".join(where) + "</div>")
    parts.append(f'<blockquote class="dd-quote"><mark>{escape_html(c.quote)}</mark></blockquote>')
    href = source_href(c.file, c.page_number)
    if href:
        label = f"Open the document at page {int(c.page_number)}" if c.page_number else "Open the document"
        parts.append(
            f'<div class="dd-open"><a href="{escape_html(href)}" target="_blank" rel="noopener noreferrer">{label}</a></div>'
        )
    official = _safe_external(c.url)
    if c.kind == "digest":
        target = (
            f'<a href="{escape_html(official)}" target="_blank" rel="noopener noreferrer">{escape_html(official)}</a>'
            if official
            else "the official source"
        )
        parts.append(f'<div class="dd-digest-note">project digest — verify against the official text at {target}</div>')
    elif official:
        parts.append(
            f'<div class="dd-official">Official text: <a href="{escape_html(official)}" target="_blank" '
            f'rel="noopener noreferrer">{escape_html(official)}</a></div>'
        )
    parts.append("</article>")
    return "".join(parts)


def render_evidence_html(answer: Answer | None, key: str = "a") -> str:
    """The evidence panel beside the chat for one answer."""
    if answer is None:
        return (
            '<div class="dd-evidence dd-empty"><h3>Evidence</h3>'
            "<p>Ask a question: every [n] in the answer links to its passage here, "
            "with the source, the provision and the exact quote.</p></div>"
        )
    if answer.refused:
        head = (
            f'<div class="dd-evidence dd-refused"><h3>Evidence</h3>'
            f'<p class="dd-refusal">{REFUSAL_HEADLINE}.</p>'
        )
        if not answer.related:
            return head + "<p>No nearby passage was found.</p></div>"
        cards = "".join(render_citation_html(c, key, related=True) for c in answer.related)
        return head + f'<p class="dd-note">Nearest passages, {RELATED_LABEL}:</p>{cards}</div>'
    if not answer.citations:
        return '<div class="dd-evidence"><h3>Evidence</h3><p>No passage was cited.</p></div>'
    cards = "".join(render_citation_html(c, key) for c in answer.citations)
    return f'<div class="dd-evidence"><h3>Evidence</h3>{cards}</div>'


# ---------------------------------------------------------------- obligations and screening


def render_obligation_html(hit: ObligationHit, key: str) -> str:
    """One checklist item with its provision, actions and citation links."""
    cites = " ".join(f'<a href="#{anchor_id(key, n)}">[{int(n)}]</a>' for n in hit.citations)
    parts = [
        '<li class="dd-item"><span class="dd-box" aria-hidden="true">☐</span> ',
        f'<strong>{escape_html(hit.title)}</strong>',
        f' <span class="dd-prov">{escape_html(hit.provision)}</span>',
        f' <span class="dd-binding">{escape_html(hit.binding)}</span>' if hit.binding else "",
        f" {cites}" if cites else "",
        f'<div class="dd-summary">{escape_html(hit.summary)}</div>' if hit.summary else "",
    ]
    if hit.actions:
        parts.append('<ul class="dd-actions">' + "".join(f"<li>{escape_html(a)}</li>" for a in hit.actions) + "</ul>")
    if hit.why:
        parts.append(f'<div class="dd-why">Why: {escape_html(hit.why)}</div>')
    parts.append("</li>")
    return "".join(parts)


def render_checklist_html(answer: Answer | None, key: str = "a") -> str:
    """The obligations checklist grouped as law / standards / red flags."""
    if answer is None or not answer.obligations:
        return ""
    parts = ['<div class="dd-checklist"><h3>Checklist</h3>']
    for group, hits in group_obligations(answer.obligations).items():
        if not hits:
            continue
        heading = GROUP_HEADINGS.get(group, group)
        parts.append(f'<section class="dd-group dd-group-{escape_html(group)}"><h4>{escape_html(heading)}</h4><ul>')
        parts.extend(render_obligation_html(h, key) for h in hits)
        parts.append("</ul></section>")
    parts.append("</div>")
    return "".join(parts)


def render_screening_html(answer: Answer | None) -> str:
    """Party-screening hits, shown at the top with their listing entry and date."""
    if answer is None:
        return ""
    if answer.screening:
        rows = []
        for h in answer.screening:
            listed = f" · listed on {escape_html(h.listed_on)}" if h.listed_on else ""
            query = f"“{escape_html(h.query)}” matches " if h.query else ""
            rows.append(
                '<li class="dd-hit">'
                f"{query}<strong>{escape_html(h.name)}</strong> "
                f'<span class="dd-score">(similarity {h.score:.2f})</span>'
                f'<div class="dd-where"><span class="dd-loc">{escape_html(h.locator)}</span>{listed}</div>'
                f'<blockquote class="dd-quote"><mark>{escape_html(h.quote)}</mark></blockquote>'
                "</li>"
            )
        return (
            '<div class="dd-screening dd-alert" role="alert"><h3>⚠ Possible sanctions listing match</h3>'
            "<p>Stop and check the entry before going further: a listed person or entity may not receive "
            "funds or economic resources.</p>"
            f'<ul>{"".join(rows)}</ul></div>'
        )
    if answer.scenario.parties:
        names = ", ".join(escape_html(p) for p in answer.scenario.parties)
        return (
            f'<div class="dd-screening dd-clear">Named parties screened: {names} — no candidate match '
            "in the listings indexed. Screening here is not a substitute for your sanctions-screening tool.</div>"
        )
    return ""


def render_scenario_html(answer: Answer | None) -> str:
    """The facts the assistant understood, and the facts still missing."""
    if answer is None or not answer.scenario.is_scenario:
        return ""
    facts = scenario_facts(answer)
    rows = "".join(f"<li><strong>{escape_html(k)}:</strong> {escape_html(v)}</li>" for k, v in facts)
    missing = ""
    if answer.scenario.missing:
        missing = (
            '<div class="dd-missing"><strong>Facts still missing:</strong> '
            + escape_html("; ".join(answer.scenario.missing))
            + "</div>"
        )
    return f'<div class="dd-scenario"><h3>Scenario as understood</h3><ul>{rows}</ul>{missing}</div>'


def render_side_panel(answer: Answer | None, key: str = "a") -> str:
    """Screening first, then the checklist, the scenario and the evidence, as one HTML panel."""
    return "".join(
        [render_screening_html(answer), render_evidence_html(answer, key), render_checklist_html(answer, key),
         render_scenario_html(answer)]
    )


# ---------------------------------------------------------------- scenario form and filters


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def compose_question(
    product: str = "",
    capabilities: str | Sequence[str] = "",
    destination: str = "",
    buyer: str = "",
    end_user: str = "",
    channel: str = "",
    stage: str = "",
    parties: str = "",
    question: str = "",
) -> str:
    """Compose the scenario form into one question for the chat box."""
    caps = ", ".join(capabilities) if not isinstance(capabilities, str) else capabilities
    values = {
        "product": product, "capabilities": caps, "destination": destination, "buyer": buyer,
        "end_user": end_user, "channel": channel, "stage": stage, "parties": parties,
    }
    named = [p for p in (re.sub(r"\s+", " ", piece).strip() for piece in re.split(r"[,\r\n]", parties or "")) if p]
    lines = [f"{label}: {_one_line(values[name])}" for name, label in SCENARIO_LABELS
             if name != "parties" and (values[name] or "").strip()]
    if not lines and not named:
        return question.strip()
    ask = question.strip() or "What must we check or do before going ahead, and what are the red flags?"
    text = "Scenario — " + "; ".join(lines) + ".\n" if lines else ""
    # the parties get a line of their own, split on commas and line breaks only, so names keep their
    # punctuation and the scenario parser screens them as typed
    if named:
        text += "Named parties: " + ", ".join(named) + "\n"
    return text + ask


def build_filters(kinds: Sequence[str] | None, jurisdictions: Sequence[str] | None) -> dict[str, list[str]] | None:
    """The `filters` argument of `ask` from the filter checkboxes (None when nothing is ticked)."""
    filters: dict[str, list[str]] = {}
    if kinds:
        filters["kinds"] = list(kinds)
    if jurisdictions:
        filters["jurisdictions"] = list(jurisdictions)
    return filters or None


def parse_history_json(history_json: str | None, web: Any = None) -> list[dict[str, str]] | None:
    """Validate the API's optional history: a flat JSON list of {role, content} turns (see `assistant.bounds`)."""
    return parse_history(history_json, web) or None


# ---------------------------------------------------------------- one chat turn


@dataclass
class ChatState:
    """What one browser session remembers: raw turns for follow-ups and its answers."""

    turns: list[dict[str, str]] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    message_keys: dict[int, str] = field(default_factory=dict)
    last_key: str | None = None

    def answer(self, key: str | None) -> Answer | None:
        """The stored answer with this key, if any."""
        if not key or key not in self.answers:
            return None
        return Answer.model_validate(self.answers[key])


@dataclass
class TurnView:
    """Everything the page shows after (part of) a turn."""

    messages: list[dict[str, str]]
    panel_html: str
    state: ChatState
    key: str | None = None
    answer: Answer | None = None
    done: bool = False


AskIter = Callable[..., Iterator[Any]]
LogAnswer = Callable[[Answer, str], str]


def respond(
    question: str,
    messages: list[dict[str, Any]] | None,
    state: ChatState | None,
    *,
    iter_ask: AskIter,
    settings: Any,
    engine: str | None = None,
    filters: dict[str, list[str]] | None = None,
    log_answer: LogAnswer | None = None,
    web: Any = None,
) -> Iterator[TurnView]:
    """Run one chat turn: stream the answer text, then show the rendered answer and its evidence.

    `log_answer(answer, question)` stores the answer and returns its id (the audit
    log in the app); without it a random id is used. The question is cleaned of
    invalid Unicode, the context is bounded by `web` (`WebSettings`: turns and
    characters; the answer says when turns were left out) and the page keeps at
    most `web.max_display_chars` of messages.
    """
    web = web or getattr(settings, "web", None) or WebSettings()
    state = state or ChatState()
    messages, _ = trim_messages(messages or [], web.max_display_chars)
    # what the browser sends back is shown again: it must encode too
    messages = [{**m, "content": clean_text(m["content"])} if isinstance(m.get("content"), str) else m for m in messages]
    question = clean_text(question or "").strip()
    if not question:
        yield TurnView(list(messages), render_side_panel(state.answer(state.last_key), state.last_key or "a"), state, done=True)
        return
    history, notice = bound_history(state.turns, web)
    messages.append({"role": "user", "content": sanitize_markdown(question)})
    messages.append({"role": "assistant", "content": "…"})
    yield TurnView(list(messages), render_side_panel(None), state)
    text = ""
    answer: Answer | None = None
    try:
        for item in iter_ask(question, history or None, settings, engine=engine, filters=filters):
            if isinstance(item, Answer):
                answer = item
            elif isinstance(item, str):
                text += item
                messages[-1] = {"role": "assistant", "content": sanitize_markdown(text) + " ▌"}
                yield TurnView(list(messages), render_side_panel(None), state)
        if answer is None:
            raise AssistantError("the pipeline ended without an answer; try again.")
        if notice:
            answer.warnings.append(notice)
    except Exception as exc:
        if not isinstance(exc, AssistantError):
            logger.exception("chat turn failed")
        messages[-1] = {"role": "assistant", "content": render_error_markdown(exc)}
        yield TurnView(list(messages), render_side_panel(state.answer(state.last_key), state.last_key or "a"), state, done=True)
        return
    key = log_answer(answer, question) if log_answer else uuid.uuid4().hex[:12]
    state.turns = history + [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    state.answers[key] = answer.model_dump(mode="json")
    if len(state.answers) > MAX_KEPT_ANSWERS:  # a long session must not grow the server's memory without end
        for old in list(state.answers)[: len(state.answers) - MAX_KEPT_ANSWERS]:
            del state.answers[old]
        state.message_keys = {i: k for i, k in state.message_keys.items() if k in state.answers}
    state.message_keys[len(messages) - 1] = key
    state.last_key = key
    messages[-1] = {"role": "assistant", "content": render_answer_markdown(answer, key)}
    yield TurnView(list(messages), render_side_panel(answer, key), state, key=key, answer=answer, done=True)


# ---------------------------------------------------------------- history and workshop views


def render_history_html(rows: Sequence[Any]) -> str:
    """A user's earlier questions (from the audit log), newest first."""
    if not rows:
        return '<div class="dd-history"><p>No earlier questions yet.</p></div>'
    items = []
    for r in rows:
        status = "refused" if r.refused else f"{r.citations} citation{'s' if r.citations != 1 else ''}"
        items.append(
            f'<tr><td class="dd-ts">{escape_html(r.timestamp)}</td><td>{escape_html(r.question)}</td>'
            f"<td>{escape_html(status)}</td><td>{escape_html(r.feedback or '')}</td>"
            f'<td class="dd-id">{escape_html(r.id)}</td></tr>'
        )
    return (
        '<div class="dd-history"><table><thead><tr><th>When (UTC)</th><th>Question</th><th>Answer</th>'
        f'<th>Feedback</th><th>Answer id</th></tr></thead><tbody>{"".join(items)}</tbody></table></div>'
    )


def _field(obj: Any, name: str, default: Any = "") -> Any:
    return getattr(obj, name, None) if getattr(obj, name, None) is not None else default


def _as_lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [f"{k}: {v}" for k, v in value.items()]
    return [str(v) for v in value]


def _inline_html(text: str) -> str:
    """Escaped text with **bold** kept (for the bottom line beside a participant's answer)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape_html(text))


def bottom_line_html(answer: Answer) -> str:
    """The bottom line as a card: verdict colour, text, decisive quotes (lists kept as lists)."""
    if answer.bottom_line is None:
        return f'<div class="dd-bl"><p>{escape_html(REFUSAL_HEADLINE)}.</p></div>' if answer.refused else ""
    verdict = answer.bottom_line.verdict or "none"
    parts = [f'<div class="dd-bl dd-bl-{verdict}">']
    if verdict_label(answer):
        parts.append(f'<span class="dd-verdict dd-verdict-{verdict}">{escape_html(verdict_label(answer))}</span>')
    in_list = ""
    for line in answer.bottom_line.text.splitlines():
        item = re.match(r"^(?:- |\d+\. )(.*)$", line)
        kind = ("ol" if line[:1].isdigit() else "ul") if item else ""
        if in_list and kind != in_list:
            parts.append(f"</{in_list}>")
            in_list = ""
        if item:
            if not in_list:
                parts.append(f"<{kind}>")
                in_list = kind
            parts.append(f"<li>{_inline_html(item.group(1))}</li>")
        elif line.strip():
            parts.append(f"<p>{_inline_html(line)}</p>")
    if in_list:
        parts.append(f"</{in_list}>")
    parts.append("</div>")
    return "".join(parts)


def render_reveal_html(own_answer: str, answer: Answer) -> str:
    """A participant's answer beside the assistant's bottom line and decisive provisions."""
    decisive = [c for c in answer.citations if answer.bottom_line and c.n in answer.bottom_line.decisive]
    sources = "".join(
        f'<li><span class="dd-loc">[{c.n}] {escape_html(c.title)} — {escape_html(c.locator)}</span></li>' for c in decisive
    )
    return (
        '<div class="dd-reveal"><div class="dd-reveal-own"><h4>Your answer</h4>'
        f'<p>{escape_html(own_answer).replace(chr(10), "<br>")}</p></div>'
        f'<div class="dd-reveal-bl"><h4>The assistant\'s bottom line</h4>{bottom_line_html(answer)}'
        + (f"<ul>{sources}</ul>" if sources else "")
        + "</div></div>"
    )


def render_card_html(card: Any) -> str:
    """A scenario card as participants see it: title, facts and the question."""
    facts = "".join(f"<li>{escape_html(f)}</li>" for f in _as_lines(_field(card, "facts")))
    difficulty = escape_html(str(_field(card, "difficulty")))
    return (
        f'<div class="dd-card"><h3>{escape_html(str(_field(card, "title")))}'
        + (f' <span class="dd-badge">{difficulty}</span>' if difficulty else "")
        + "</h3>"
        + (f"<ul>{facts}</ul>" if facts else "")
        + f'<p class="dd-card-q"><strong>Question:</strong> {escape_html(str(_field(card, "question")))}</p></div>'
    )


def render_must_cover_html(items: Sequence[Any], missing_ids: Sequence[str] = ()) -> str:
    """The register items a good answer to a card must cover, as a checklist."""
    lis = []
    for item in items:
        prov = escape_html(str(_field(item, "provision")))
        src = escape_html(str(_field(item, "source_id")))
        summary = escape_html(str(_field(item, "summary")))
        lis.append(
            f'<li class="dd-item"><span class="dd-box" aria-hidden="true">☐</span> '
            f"<strong>{escape_html(str(_field(item, 'title')))}</strong> "
            f'<span class="dd-prov">{prov} ({src})</span>'
            + (f'<div class="dd-summary">{summary}</div>' if summary else "")
            + "</li>"
        )
    lis.extend(f'<li class="dd-item">☐ {escape_html(i)} (register item not found)</li>' for i in missing_ids)
    return f'<div class="dd-checklist"><h3>A good answer covers</h3><ul>{"".join(lis)}</ul></div>'


def render_trainer_view_html(cards: Sequence[Any], answers: dict[str, list[Any]], participants: Sequence[str]) -> str:
    """Participants' answers side by side, one table per card."""
    if not participants:
        return '<div class="dd-trainer"><p>No participant has joined yet.</p></div>'
    parts = ['<div class="dd-trainer">']
    for card in cards:
        card_id = str(_field(card, "id"))
        by_name = {a.name: a for a in answers.get(card_id, [])}
        head = "".join(f"<th>{escape_html(n)}</th>" for n in participants)
        cells = []
        for name in participants:
            a = by_name.get(name)
            if a is None or not a.text:
                cells.append('<td class="dd-pending">not submitted</td>')
            else:
                flag = " · revealed" if a.revealed else ""
                cells.append(
                    f'<td><div class="dd-answer">{escape_html(a.text)}</div>'
                    f'<div class="dd-ts">{escape_html(a.submitted)}{flag}</div></td>'
                )
        parts.append(
            f'<h4>{escape_html(str(_field(card, "title")))}</h4>'
            f'<table class="dd-side-by-side"><thead><tr>{head}</tr></thead><tbody><tr>{"".join(cells)}</tr></tbody></table>'
        )
    parts.append("</div>")
    return "".join(parts)


# ---------------------------------------------------------------- page style

PAGE_CSS = """
.dd-verdict { display: inline-block; font-weight: 700; font-size: .85rem; padding: 2px 10px; border-radius: 4px; color: #fff; }
.dd-verdict-prohibited { background: #b91c1c; } .dd-verdict-licence_required { background: #c2410c; }
.dd-verdict-notify_authority { background: #a16207; } .dd-verdict-enhanced_due_diligence { background: #1d4ed8; }
.dd-verdict-standard_due_diligence { background: #15803d; }
.dd-bl { border-left: 5px solid #64748b; padding: 6px 12px; background: #f8fafc; border-radius: 4px; }
.dd-bl-prohibited { border-left-color: #b91c1c; } .dd-bl-licence_required { border-left-color: #c2410c; }
.dd-bl-notify_authority { border-left-color: #a16207; } .dd-bl-enhanced_due_diligence { border-left-color: #1d4ed8; }
.dd-bl-standard_due_diligence { border-left-color: #15803d; }
.dd-reveal { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
@media (max-width: 900px) { .dd-reveal { grid-template-columns: 1fr; } }
.gradio-container { max-width: 1680px !important; margin: 0 auto !important; }
#dd-header .dd-header { display: flex; align-items: baseline; gap: 14px; padding: 10px 4px 12px;
  border-bottom: 2px solid #1e3a5f; margin-bottom: 6px; flex-wrap: wrap; }
#dd-header .dd-brand { font-size: 1.35rem; font-weight: 700; color: #1e3a5f; letter-spacing: .01em; }
#dd-header .dd-tagline { color: #475569; font-size: .92rem; }
.dd-h h3 { margin: 0 0 4px; color: #1e3a5f; }
#evidence { font-size: .93rem; }
.dd-evidence h3, .dd-checklist h3, .dd-scenario h3, .dd-screening h3 { font-size: 1rem; margin: 8px 0 8px;
  color: #1e3a5f; text-transform: uppercase; letter-spacing: .04em; }
.dd-empty p { color: #64748b; }
.dd-cite { border: 1px solid #d8dee8; border-left: 4px solid #1e3a5f; border-radius: 6px; padding: 10px 12px;
  margin: 0 0 10px; background: #fff; scroll-margin-top: 12px; }
.dd-cite:target { box-shadow: 0 0 0 3px #f59e0b; }
.dd-cite.dd-related { border-left-color: #94a3b8; background: #f8fafc; }
.dd-cite-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.dd-n { font-weight: 700; color: #1e3a5f; }
.dd-badge { display: inline-block; font-size: .72rem; font-weight: 600; padding: 1px 8px; border-radius: 999px;
  background: #e2e8f0; color: #334155; text-transform: uppercase; letter-spacing: .04em; }
.dd-kind-law { background: #1e3a5f; color: #fff; }
.dd-kind-standard { background: #0f766e; color: #fff; }
.dd-kind-guidance { background: #0369a1; color: #fff; }
.dd-kind-report { background: #6d28d9; color: #fff; }
.dd-kind-case-notes { background: #9a3412; color: #fff; }
.dd-kind-digest { background: #fde68a; color: #78350f; }
.dd-related-tag { font-size: .75rem; font-weight: 600; color: #475569; border: 1px dashed #94a3b8;
  padding: 0 6px; border-radius: 4px; }
.dd-src { font-weight: 600; margin: 6px 0 2px; color: #0f172a; }
.dd-where { color: #334155; font-size: .88rem; }
.dd-loc { font-family: ui-monospace, Consolas, monospace; background: #f1f5f9; padding: 0 4px; border-radius: 3px; }
.dd-quote { margin: 8px 0 6px !important; padding: 6px 10px !important; border-left: 3px solid #f59e0b !important;
  background: #fffbeb; font-style: normal; color: #1f2937; }
.dd-quote mark { background: #fef08a; color: inherit; padding: 0 1px; }
.dd-open a, .dd-official a, .dd-digest-note a { color: #1d4ed8; }
.dd-official { font-size: .8rem; color: #64748b; word-break: break-all; }
.dd-digest-note { font-size: .82rem; color: #78350f; background: #fef3c7; padding: 4px 8px; border-radius: 4px;
  margin-top: 6px; word-break: break-word; }
.dd-refusal { font-size: 1.02rem; font-weight: 700; color: #7c2d12; background: #fff7ed; border: 1px solid #fdba74;
  padding: 8px 12px; border-radius: 6px; }
.dd-note { color: #475569; font-style: italic; }
.dd-screening { border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; }
.dd-screening.dd-alert { background: #fef2f2; border: 2px solid #dc2626; }
.dd-screening.dd-alert h3 { color: #b91c1c; }
.dd-screening.dd-clear { background: #f0fdf4; border: 1px solid #86efac; color: #14532d; font-size: .88rem; }
.dd-hit { margin-bottom: 6px; }
.dd-checklist ul { list-style: none; padding-left: 0; margin: 0; }
.dd-group h4 { margin: 10px 0 4px; font-size: .92rem; color: #0f172a; border-bottom: 1px solid #e2e8f0; }
.dd-group-law h4 { color: #1e3a5f; } .dd-group-red-flags h4 { color: #b91c1c; }
.dd-item { padding: 4px 0 6px; border-bottom: 1px dotted #e2e8f0; }
.dd-box { font-size: 1.05rem; color: #475569; }
.dd-prov { font-family: ui-monospace, Consolas, monospace; font-size: .82rem; color: #334155; }
.dd-binding { font-size: .75rem; color: #64748b; text-transform: uppercase; }
.dd-summary { color: #334155; font-size: .88rem; margin: 2px 0 0 22px; }
.dd-actions { list-style: disc !important; margin: 2px 0 0 40px !important; font-size: .86rem; }
.dd-why { font-size: .8rem; color: #64748b; margin-left: 22px; }
.dd-scenario { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px 12px; margin-top: 10px; }
.dd-missing { color: #9a3412; margin-top: 4px; }
.dd-history table, .dd-side-by-side { width: 100%; border-collapse: collapse; font-size: .9rem; }
.dd-history th, .dd-history td, .dd-side-by-side th, .dd-side-by-side td { border: 1px solid #e2e8f0; padding: 6px 8px;
  vertical-align: top; text-align: left; }
.dd-side-by-side td { width: auto; }
.dd-answer { white-space: normal; }
.dd-ts, .dd-id { color: #64748b; font-size: .78rem; }
.dd-pending { color: #94a3b8; font-style: italic; }
.dd-card { border: 1px solid #cbd5e1; border-radius: 8px; padding: 10px 14px; background: #f8fafc; }
.dd-code { font-size: 1.6rem; letter-spacing: .2em; color: #1e3a5f; margin: 8px 0; }
#chat .message a { text-decoration: none; font-weight: 600; }
"""
