"""Workshop mode: a trainer runs scenario cards; participants answer, then compare with the assistant.

A trainer opens a session (a random 6-character code) with some scenario cards
and gets a separate trainer key: only the key (or, with login on, the trainer's
own account) shows the participants' answers. Participants join with the code
and a name and get a rejoin key; a name already in the session cannot be taken
by anyone without that key. Names are normalised (NFKC, no invisible or bidi
characters) and unique after normalisation, ignoring case. Each participant
writes their own answer to a card first, then reveals the assistant's memo and
the register items the card must cover. The assistant's answer to each card is
computed once and cached. Sessions per client, participants per session and
answer length are limited by `settings.web`. All state is in SQLite
(`settings.data_dir / "workshop.sqlite3"`, WAL mode, 0600) so that it survives
restarts and serves 30+ participants at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import assistant
from assistant.register import load_register, load_scenario_cards
from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.types import Answer
from assistant.web.auditlog import connect, ensure_schema
from assistant.web.memo import memo_markdown

logger = logging.getLogger(__name__)

DB_NAME = "workshop.sqlite3"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 6
KEY_LENGTH = 10
MAX_NAME = 60
MAX_TITLE = 120
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


_MIGRATIONS = (
    ("sessions", "trainer_key_hash", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "client", "TEXT NOT NULL DEFAULT ''"),
    ("participants", "name_key", "TEXT NOT NULL DEFAULT ''"),
    ("participants", "token_hash", "TEXT NOT NULL DEFAULT ''"),
)


class WorkshopError(AssistantError):
    """A workshop request cannot be served (unknown code, name taken, answer missing)."""


class WorkshopAccessError(WorkshopError):
    """The trainer key or the participant's rejoin key is missing or wrong."""


@dataclass(frozen=True)
class OpenedSession:
    """A new session's code, and the trainer key that shows its answers (shown once, stored hashed)."""

    code: str
    trainer_key: str


@dataclass(frozen=True)
class Membership:
    """A participant in a session: the stored name and the rejoin key (shown once, stored hashed)."""

    code: str
    name: str
    token: str


@dataclass(frozen=True)
class TrainerPage:
    """One page of the trainer view: the cards, the answers of this page's participants, and paging."""

    cards: list[Any]
    answers: dict[str, list[Response]]
    participants: list[str]
    page: int
    pages: int
    total: int


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


_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def clean_name(name: str) -> str:
    """A participant name: NFKC, no control, invisible or bidi characters, single-spaced, at most 60 characters."""
    text = unicodedata.normalize("NFKC", name or "")
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in {"Cf", "Cc", "Co", "Cn", "Cs"} or ch in _INVISIBLE:
            kept.append(" " if ch in "\t\n\r\x0b\x0c" else "")
        elif category in {"Zs", "Zl", "Zp"}:
            kept.append(" ")
        else:
            kept.append(ch)
    name = re.sub(r"\s+", " ", "".join(kept)).strip()
    if not name:
        raise WorkshopError("Type your name to join the session.")
    if len(name) > MAX_NAME:
        raise WorkshopError(f"Names are at most {MAX_NAME} characters.")
    return name


def name_key(name: str) -> str:
    """What two names must differ in to be different people: the cleaned name, case-folded."""
    return clean_name(name).casefold()


def _hash_key(key: str) -> str:
    return hashlib.sha256(("dd-workshop:" + (key or "").strip().upper()).encode("utf-8")).hexdigest()


def _new_key() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(KEY_LENGTH))


def _key_matches(stored_hash: str, given: str | None) -> bool:
    return bool(stored_hash and given) and hmac.compare_digest(stored_hash, _hash_key(str(given)))


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
        self.limits = settings.web
        ensure_schema(self.path, _SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Add the columns of the access-control version to a database made before it."""
        with connect(self.path) as conn:
            for table, column, decl in _MIGRATIONS:
                columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()}
                if column not in columns:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            rows = conn.execute("SELECT rowid, name FROM participants WHERE name_key = ''").fetchall()
            for r in rows:
                conn.execute("UPDATE participants SET name_key = ? WHERE rowid = ?", (r["name"].casefold(), r["rowid"]))

    # ------------------------------------------------------------ cards and register

    def cards(self) -> list[Any]:
        """All scenario cards."""
        if self._load_cards is None:
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
            self._load_register = load_register
        return {item.id: item for item in self._load_register()}

    # ------------------------------------------------------------ sessions

    def start_session(
        self, trainer: str, card_ids: Sequence[str], title: str = "", *, client: str = "", now: datetime | None = None
    ) -> OpenedSession:
        """Open a session with the chosen cards; return its code and the trainer key.

        `client` (the trainer's account, or their address without login) may open
        `web.workshop_sessions_per_client` sessions a day; all clients together
        `web.workshop_sessions_total`.
        """
        if not card_ids:
            raise WorkshopError("Pick at least one scenario card for the session.")
        if len(card_ids) > 50:
            raise WorkshopError("Pick at most 50 scenario cards for one session.")
        known = {c.id for c in self.cards()}
        unknown = [c for c in card_ids if c not in known]
        if unknown:
            raise WorkshopError(f"Unknown scenario card(s): {', '.join(str(u)[:40] for u in unknown[:5])}.")
        title = re.sub(r"\s+", " ", title or "").strip()
        if len(title) > MAX_TITLE:
            raise WorkshopError(f"Session titles are at most {MAX_TITLE} characters.")
        client = client or trainer or "trainer"
        since = _ts((now or datetime.now(UTC)) - timedelta(days=1))
        key = _new_key()
        with connect(self.path) as conn:
            mine = conn.execute("SELECT COUNT(*) FROM sessions WHERE client = ? AND created > ?", (client, since)).fetchone()[0]
            if mine >= self.limits.workshop_sessions_per_client:
                raise WorkshopError(
                    f"You have opened {mine} sessions in the last 24 hours, the limit; reuse one of them or ask the administrator."
                )
            total = conn.execute("SELECT COUNT(*) FROM sessions WHERE created > ?", (since,)).fetchone()[0]
            if total >= self.limits.workshop_sessions_total:
                raise WorkshopError("The server has reached its limit of new workshop sessions for today; try again later.")
            for _ in range(20):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if conn.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone() is None:
                    break
            else:  # pragma: no cover - 32**6 codes
                raise WorkshopError("Could not find a free session code; try again.")
            conn.execute(
                "INSERT INTO sessions (code, trainer, title, card_ids, created, trainer_key_hash, client)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code, trainer or "trainer", title, json.dumps(list(card_ids)), _ts(now), _hash_key(key), client),
            )
        return OpenedSession(code, key)

    def open_session(
        self, trainer: str, card_ids: Sequence[str], title: str = "", *, client: str = "", now: datetime | None = None
    ) -> str:
        """Open a session and return only its code (its answers are then visible to the `trainer` account only)."""
        return self.start_session(trainer, card_ids, title, client=client, now=now).code

    def check_trainer(self, code: str, *, trainer_key: str | None = None, user: str | None = None) -> SessionInfo:
        """The session if `trainer_key` is its key or `user` is the account that opened it; else WorkshopAccessError."""
        info = self.session(code)
        with connect(self.path, write=False) as conn:
            row = conn.execute("SELECT trainer_key_hash FROM sessions WHERE code = ?", (info.code,)).fetchone()
        if _key_matches(row["trainer_key_hash"], trainer_key):
            return info
        if user and user not in {"anonymous", ""} and user == info.trainer:
            return info
        raise WorkshopAccessError(
            f"Only the trainer of session {info.code} sees the answers: type the trainer key shown when it was opened."
        )
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

    def enter(self, code: str, name: str, token: str | None = None, *, now: datetime | None = None) -> Membership:
        """Join a session with a new name, or come back to one's own name with its rejoin key.

        A name (after normalisation, ignoring case) already in the session is
        refused unless `token` is that participant's rejoin key; a new
        participant beyond `web.workshop_max_participants` is refused.
        """
        info = self.session(code)
        if info.closed:
            raise WorkshopError(f"Session {info.code} is closed.")
        name = clean_name(name)
        key = name.casefold()
        with connect(self.path) as conn:
            row = conn.execute(
                "SELECT name, token_hash FROM participants WHERE code = ? AND name_key = ?", (info.code, key)
            ).fetchone()
            if row is not None:
                if token and _key_matches(row["token_hash"], token):
                    return Membership(info.code, row["name"], str(token).strip().upper())
                raise WorkshopAccessError(
                    f"The name {row['name']!r} is already taken in this session. Choose another name, "
                    "or type your rejoin key if it is yours."
                )
            count = conn.execute("SELECT COUNT(*) FROM participants WHERE code = ?", (info.code,)).fetchone()[0]
            if count >= self.limits.workshop_max_participants:
                raise WorkshopError(f"Session {info.code} is full ({count} participants).")
            new_token = _new_key()
            conn.execute(
                "INSERT INTO participants (code, name, joined, name_key, token_hash) VALUES (?, ?, ?, ?, ?)",
                (info.code, name, _ts(now), key, _hash_key(new_token)),
            )
        return Membership(info.code, name, new_token)

    def join(self, code: str, name: str, *, now: datetime | None = None) -> str:
        """Join a session with a new name and return the cleaned name (see `enter` for the rejoin key)."""
        return self.enter(code, name, now=now).name

    def participants(self, code: str, *, trainer_key: str | None = None, user: str | None = None) -> list[str]:
        """Participant names in joining order (trainer only)."""
        info = self.check_trainer(code, trainer_key=trainer_key, user=user)
        return self._participants(info.code)

    def _participants(self, code: str) -> list[str]:
        with connect(self.path, write=False) as conn:
            rows = conn.execute("SELECT name FROM participants WHERE code = ? ORDER BY joined, rowid", (code,)).fetchall()
        return [r["name"] for r in rows]

    def _check_member(self, conn: Any, code: str, name: str, card_id: str, info: SessionInfo, token: str | None = None) -> None:
        if card_id not in info.card_ids:
            raise WorkshopError(f"Card {str(card_id)[:40]!r} is not part of session {code}.")
        row = conn.execute("SELECT token_hash FROM participants WHERE code = ? AND name = ?", (code, name)).fetchone()
        if row is None:
            raise WorkshopError("Join the session with your name first.")
        if token is not None and not _key_matches(row["token_hash"], token):
            raise WorkshopAccessError("This rejoin key does not belong to that name; join again with your own name.")

    def submit(
        self, code: str, name: str, card_id: str, text: str, *, token: str | None = None, now: datetime | None = None
    ) -> None:
        """Store a participant's own answer; it can be changed until the assistant's memo is revealed.

        With `token`, the participant's rejoin key is checked as well.
        """
        info = self.session(code)
        if info.closed:
            raise WorkshopError(f"Session {info.code} is closed.")
        text = (text or "").strip()
        if not text:
            raise WorkshopError("Write your own answer first; the assistant's memo is shown after you submit.")
        limit = self.limits.workshop_max_answer_chars
        if len(text) > limit:
            raise WorkshopError(f"Answers are at most {limit:,} characters; this one has {len(text):,}.")
        with connect(self.path) as conn:
            self._check_member(conn, info.code, name, card_id, info, token)
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

    def response(self, code: str, name: str, card_id: str, *, token: str | None = None) -> Response | None:
        """A participant's answer to a card, if submitted (with `token`, only to its owner)."""
        code = normalise_code(code)
        with connect(self.path, write=False) as conn:
            if token is not None:
                info = self.session(code)
                self._check_member(conn, info.code, name, card_id, info, token)
            row = conn.execute(
                "SELECT * FROM responses WHERE code = ? AND name = ? AND card_id = ?", (code, name, card_id)
            ).fetchone()
        return Response(row["name"], row["card_id"], row["text"], row["submitted"], row["revealed"]) if row else None

    def reveal(self, code: str, name: str, card_id: str, *, token: str | None = None, now: datetime | None = None) -> Reveal:
        """After the participant's own answer: the assistant's memo and the must-cover checklist."""
        info = self.session(code)
        own = self.response(info.code, name, card_id, token=token)
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
                ask = assistant.ask
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

    def trainer_view(self, code: str, *, trainer_key: str | None = None, user: str | None = None) -> dict[str, list[Response]]:
        """Every participant's answer per card of the session (trainer only)."""
        info = self.check_trainer(code, trainer_key=trainer_key, user=user)
        return self._answers(info, None)

    def _answers(self, info: SessionInfo, names: Sequence[str] | None) -> dict[str, list[Response]]:
        sql = (
            "SELECT r.* FROM responses r JOIN participants p ON p.code = r.code AND p.name = r.name"
            " WHERE r.code = ?"
        )
        params: list[Any] = [info.code]
        if names is not None:
            sql += f" AND r.name IN ({','.join('?' for _ in names)})"
            params += list(names)
        with connect(self.path, write=False) as conn:
            rows = conn.execute(sql + " ORDER BY p.joined, p.rowid", params).fetchall()
        view: dict[str, list[Response]] = {c: [] for c in info.card_ids}
        for r in rows:
            view.setdefault(r["card_id"], []).append(Response(r["name"], r["card_id"], r["text"], r["submitted"], r["revealed"]))
        return view

    def trainer_page(
        self, code: str, page: int = 1, *, trainer_key: str | None = None, user: str | None = None
    ) -> TrainerPage:
        """One page (`web.workshop_page_size` participants) of the trainer view; trainer only."""
        info = self.check_trainer(code, trainer_key=trainer_key, user=user)
        names = self._participants(info.code)
        size = self.limits.workshop_page_size
        pages = max(1, math.ceil(len(names) / size))
        page = min(max(1, int(page or 1)), pages)
        chosen = names[(page - 1) * size : page * size]
        by_id = {c.id: c for c in self.cards()}
        cards = [by_id[c] for c in info.card_ids if c in by_id]
        return TrainerPage(cards, self._answers(info, chosen) if chosen else {c: [] for c in info.card_ids},
                           chosen, page, pages, len(names))
