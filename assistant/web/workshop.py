"""Workshop mode: a trainer runs scenario cards; participants answer, then compare with the assistant.

A trainer opens a session (a random 6-character code) with some scenario cards.
Participants join with the code and a name, write their own answer to a card
first, then reveal the assistant's memo and the register items the card must
cover. The assistant's answer to each card is computed once and cached. All
state is in SQLite (`settings.data_dir / "workshop.sqlite3"`, WAL mode) so that
it survives restarts and serves 30+ participants at once.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.types import Answer
from assistant.web.auditlog import connect, ensure_schema
from assistant.web.memo import memo_markdown

logger = logging.getLogger(__name__)

DB_NAME = "workshop.sqlite3"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 6
MAX_NAME = 60
MAX_ANSWER = 20000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    trainer TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    card_ids TEXT NOT NULL,
    created TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS participants (
    code TEXT NOT NULL REFERENCES sessions(code),
    name TEXT NOT NULL,
    joined TEXT NOT NULL,
    PRIMARY KEY (code, name)
);
CREATE TABLE IF NOT EXISTS responses (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    card_id TEXT NOT NULL,
    text TEXT NOT NULL,
    submitted TEXT NOT NULL,
    revealed TEXT,
    PRIMARY KEY (code, name, card_id),
    FOREIGN KEY (code, name) REFERENCES participants(code, name)
);
CREATE TABLE IF NOT EXISTS memos (
    card_id TEXT NOT NULL,
    engine TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    memo_md TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (card_id, engine)
);
"""


class WorkshopError(AssistantError):
    """A workshop request cannot be served (unknown code, name taken, answer missing)."""


@dataclass(frozen=True)
class SessionInfo:
    """A workshop session as stored."""

    code: str
    trainer: str
    title: str
    card_ids: tuple[str, ...]
    created: str
    closed: bool


@dataclass(frozen=True)
class Response:
    """One participant's own answer to one card."""

    name: str
    card_id: str
    text: str
    submitted: str
    revealed: str | None


@dataclass(frozen=True)
class Reveal:
    """What a participant sees after answering: the assistant's memo and the must-cover checklist."""

    card_id: str
    answer: Answer
    memo_md: str
    must_cover: list[Any]
    missing_ids: list[str]
    own_answer: str


def _ts(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).isoformat(timespec="seconds")


def normalise_code(code: str) -> str:
    """Upper-case a typed session code and drop spaces and dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


def clean_name(name: str) -> str:
    """A participant name: trimmed, single-spaced, at most 60 characters."""
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise WorkshopError("Type your name to join the session.")
    if len(name) > MAX_NAME or any(ord(ch) < 32 for ch in name):
        raise WorkshopError(f"Names are at most {MAX_NAME} printable characters.")
    return name


def card_question(card: Any) -> str:
    """The question the assistant is asked for a card: its facts, then its question."""
    facts = getattr(card, "facts", "") or ""
    if isinstance(facts, (list, tuple)):
        facts = " ".join(str(f).strip() for f in facts)
    elif isinstance(facts, dict):
        facts = " ".join(f"{k}: {v}." for k, v in facts.items())
    question = str(getattr(card, "question", "") or "").strip()
    return f"{str(facts).strip()}\n{question}".strip()


class Workshop:
    """Workshop sessions backed by SQLite; cards, register and `ask` are injectable for tests."""

    def __init__(
        self,
        settings: Settings,
        *,
        ask: Callable[..., Answer] | None = None,
        load_cards: Callable[[], Sequence[Any]] | None = None,
        load_register: Callable[[], Sequence[Any]] | None = None,
        engine: str | None = None,
    ) -> None:
        self.settings = settings
        self.path = Path(settings.data_dir) / DB_NAME
        self.engine = engine or settings.answer.engine
        self._ask = ask
        self._load_cards = load_cards
        self._load_register = load_register
        self._memo_locks: dict[tuple[str, str], threading.Lock] = {}
        self._locks_guard = threading.Lock()
        ensure_schema(self.path, _SCHEMA)

    # ------------------------------------------------------------ cards and register

    def cards(self) -> list[Any]:
        """All scenario cards."""
        if self._load_cards is None:
            from assistant.register import load_scenario_cards

            self._load_cards = load_scenario_cards
        return list(self._load_cards())

    def card(self, card_id: str) -> Any:
        """One scenario card by id."""
        for card in self.cards():
            if card.id == card_id:
                return card
        raise WorkshopError(f"Unknown scenario card {card_id!r}.")

    def register_items(self) -> dict[str, Any]:
        """Register items by id."""
        if self._load_register is None:
            from assistant.register import load_register

            self._load_register = load_register
        return {item.id: item for item in self._load_register()}

    # ------------------------------------------------------------ sessions

    def open_session(self, trainer: str, card_ids: Sequence[str], title: str = "", *, now: datetime | None = None) -> str:
        """Open a session with the chosen cards and return its code."""
        if not card_ids:
            raise WorkshopError("Pick at least one scenario card for the session.")
        known = {c.id for c in self.cards()}
        unknown = [c for c in card_ids if c not in known]
        if unknown:
            raise WorkshopError(f"Unknown scenario card(s): {', '.join(unknown)}.")
        with connect(self.path) as conn:
            for _ in range(20):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if conn.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone() is None:
                    break
            else:  # pragma: no cover - 32**6 codes
                raise WorkshopError("Could not find a free session code; try again.")
            conn.execute(
                "INSERT INTO sessions (code, trainer, title, card_ids, created) VALUES (?, ?, ?, ?, ?)",
                (code, trainer or "trainer", title.strip(), json.dumps(list(card_ids)), _ts(now)),
            )
        return code

    def session(self, code: str) -> SessionInfo:
        """A session by code, or a clear error."""
        code = normalise_code(code)
        with connect(self.path, write=False) as conn:
            row = conn.execute("SELECT * FROM sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise WorkshopError(f"No workshop session with code {code or '(empty)'}; check the code on the trainer's screen.")
        return SessionInfo(
            row["code"], row["trainer"], row["title"], tuple(json.loads(row["card_ids"])), row["created"], bool(row["closed"])
        )

    def session_cards(self, code: str) -> list[Any]:
        """The session's cards, in the trainer's order."""
        info = self.session(code)
        by_id = {c.id: c for c in self.cards()}
        return [by_id[c] for c in info.card_ids if c in by_id]

    def close_session(self, code: str) -> None:
        """Close a session: nobody can join or submit any more."""
        info = self.session(code)
        with connect(self.path) as conn:
            conn.execute("UPDATE sessions SET closed = 1 WHERE code = ?", (info.code,))

    def join(self, code: str, name: str, *, now: datetime | None = None) -> str:
        """Join a session (or rejoin with the same name) and return the cleaned name."""
        info = self.session(code)
        if info.closed:
            raise WorkshopError(f"Session {info.code} is closed.")
        name = clean_name(name)
        with connect(self.path) as conn:
            conn.execute(
                "INSERT OR IGNORE INTO participants (code, name, joined) VALUES (?, ?, ?)", (info.code, name, _ts(now))
            )
        return name

    def participants(self, code: str) -> list[str]:
        """Participant names in joining order."""
        info = self.session(code)
        with connect(self.path, write=False) as conn:
            rows = conn.execute("SELECT name FROM participants WHERE code = ? ORDER BY joined, rowid", (info.code,)).fetchall()
        return [r["name"] for r in rows]

    def _check_member(self, conn: Any, code: str, name: str, card_id: str, info: SessionInfo) -> None:
        if card_id not in info.card_ids:
            raise WorkshopError(f"Card {card_id!r} is not part of session {code}.")
        if conn.execute("SELECT 1 FROM participants WHERE code = ? AND name = ?", (code, name)).fetchone() is None:
            raise WorkshopError("Join the session with your name first.")

    def submit(self, code: str, name: str, card_id: str, text: str, *, now: datetime | None = None) -> None:
        """Store a participant's own answer; it can be changed until the assistant's memo is revealed."""
        info = self.session(code)
        if info.closed:
            raise WorkshopError(f"Session {info.code} is closed.")
        text = (text or "").strip()
        if not text:
            raise WorkshopError("Write your own answer first; the assistant's memo is shown after you submit.")
        if len(text) > MAX_ANSWER:
            raise WorkshopError(f"Answers are at most {MAX_ANSWER} characters.")
        with connect(self.path) as conn:
            self._check_member(conn, info.code, name, card_id, info)
            row = conn.execute(
                "SELECT revealed FROM responses WHERE code = ? AND name = ? AND card_id = ?", (info.code, name, card_id)
            ).fetchone()
            if row is not None and row["revealed"]:
                raise WorkshopError("You have already revealed the assistant's memo for this card; your answer is locked.")
            conn.execute(
                "INSERT INTO responses (code, name, card_id, text, submitted) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (code, name, card_id) DO UPDATE SET text = excluded.text, submitted = excluded.submitted",
                (info.code, name, card_id, text, _ts(now)),
            )

    def response(self, code: str, name: str, card_id: str) -> Response | None:
        """A participant's answer to a card, if submitted."""
        code = normalise_code(code)
        with connect(self.path, write=False) as conn:
            row = conn.execute(
                "SELECT * FROM responses WHERE code = ? AND name = ? AND card_id = ?", (code, name, card_id)
            ).fetchone()
        return Response(row["name"], row["card_id"], row["text"], row["submitted"], row["revealed"]) if row else None

    def reveal(self, code: str, name: str, card_id: str, *, now: datetime | None = None) -> Reveal:
        """After the participant's own answer: the assistant's memo and the must-cover checklist."""
        info = self.session(code)
        own = self.response(info.code, name, card_id)
        if own is None:
            raise WorkshopError("Write and submit your own answer first; then you can reveal the assistant's memo.")
        answer, memo_md = self.card_memo(card_id)
        with connect(self.path) as conn:
            conn.execute(
                "UPDATE responses SET revealed = COALESCE(revealed, ?) WHERE code = ? AND name = ? AND card_id = ?",
                (_ts(now), info.code, name, card_id),
            )
        card = self.card(card_id)
        register = self.register_items()
        must = [str(i) for i in (getattr(card, "must_cover", None) or [])]
        return Reveal(
            card_id=card_id,
            answer=answer,
            memo_md=memo_md,
            must_cover=[register[i] for i in must if i in register],
            missing_ids=[i for i in must if i not in register],
            own_answer=own.text,
        )

    # ------------------------------------------------------------ the assistant's memo, once per card

    def card_memo(self, card_id: str) -> tuple[Answer, str]:
        """The assistant's answer and memo for a card, computed once and cached in SQLite."""
        key = (card_id, self.engine)
        cached = self._cached_memo(*key)
        if cached:
            return cached
        with self._locks_guard:
            lock = self._memo_locks.setdefault(key, threading.Lock())
        with lock:
            cached = self._cached_memo(*key)
            if cached:
                return cached
            card = self.card(card_id)
            ask = self._ask
            if ask is None:
                from assistant import ask as ask_fn

                ask = ask_fn
            answer = ask(card_question(card), None, self.settings, engine=self.engine)
            now = datetime.now(UTC)
            memo = memo_markdown(answer, f"workshop card {card_id}", now)
            with connect(self.path) as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO memos (card_id, engine, answer_json, memo_md, created) VALUES (?, ?, ?, ?, ?)",
                    (card_id, self.engine, answer.model_dump_json(), memo, _ts(now)),
                )
            return answer, memo

    def _cached_memo(self, card_id: str, engine: str) -> tuple[Answer, str] | None:
        with connect(self.path, write=False) as conn:
            row = conn.execute("SELECT answer_json, memo_md FROM memos WHERE card_id = ? AND engine = ?", (card_id, engine)).fetchone()
        return (Answer.model_validate_json(row["answer_json"]), row["memo_md"]) if row else None

    def warm(self, card_ids: Sequence[str]) -> threading.Thread:
        """Compute the memos of these cards in the background, so that reveals are instant."""

        def _run() -> None:
            for card_id in card_ids:
                try:
                    self.card_memo(card_id)
                except Exception:
                    logger.exception("workshop: precomputing the memo of card %s failed", card_id)

        thread = threading.Thread(target=_run, name="workshop-warm", daemon=True)
        thread.start()
        return thread

    # ------------------------------------------------------------ trainer view

    def trainer_view(self, code: str) -> dict[str, list[Response]]:
        """Every participant's answer per card of the session."""
        info = self.session(code)
        with connect(self.path, write=False) as conn:
            rows = conn.execute(
                "SELECT r.* FROM responses r JOIN participants p ON p.code = r.code AND p.name = r.name"
                " WHERE r.code = ? ORDER BY p.joined, p.rowid",
                (info.code,),
            ).fetchall()
        view: dict[str, list[Response]] = {c: [] for c in info.card_ids}
        for r in rows:
            view.setdefault(r["card_id"], []).append(Response(r["name"], r["card_id"], r["text"], r["submitted"], r["revealed"]))
        return view
