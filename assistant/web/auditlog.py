"""Audit log and feedback: every answer with who asked and when, in local SQLite.

The database is `settings.data_dir / "audit.sqlite3"` in WAL mode; each call
opens its own short-lived connection, so the web app's many worker threads can
log at once. Nothing leaves the machine: exports are files or strings.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.types import Answer

DB_NAME = "audit.sqlite3"
EXPORT_COLUMNS = (
    "id", "timestamp", "user", "session", "question", "engine", "corpus_version",
    "refused", "citations", "feedback", "comments", "answer_json",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    ts TEXT NOT NULL,
    user TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    engine TEXT NOT NULL,
    corpus_version TEXT NOT NULL DEFAULT '',
    refused INTEGER NOT NULL,
    citations INTEGER NOT NULL,
    answer_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_user_ts ON answers(user, ts);
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL REFERENCES answers(id),
    ts TEXT NOT NULL,
    user TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""
_ready: set[Path] = set()
_ready_lock = threading.Lock()


class AuditError(AssistantError):
    """An audit-log request names an unknown answer or a wrong value."""


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier answer of a user, for the history tab."""

    id: str
    timestamp: str
    question: str
    engine: str
    refused: bool
    citations: int
    feedback: str


def db_path(settings: Settings) -> Path:
    """Where the audit database lives."""
    return Path(settings.data_dir) / DB_NAME


def _now(now: datetime | None) -> str:
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).isoformat(timespec="seconds")


@contextmanager
def connect(path: Path, *, write: bool = True) -> Iterator[sqlite3.Connection]:
    """A short-lived WAL connection to a local SQLite file, committed on success.

    Writers take the write lock at once (BEGIN IMMEDIATE) so that concurrent
    read-then-write transactions never deadlock; readers never block in WAL mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def ensure_schema(path: Path, schema: str) -> None:
    """Create the tables once per process, switch the file to WAL mode and make it private (0600)."""
    with _ready_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = path.resolve()
        if key in _ready and path.exists():
            return
        if not path.exists():  # created empty and private, so that SQLite's journal files inherit 0600
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(str(path), timeout=30.0)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(schema)
            conn.commit()
        finally:
            conn.close()
        for suffix in ("", "-wal", "-shm"):
            private = path.with_name(path.name + suffix)
            if private.exists():
                os.chmod(private, 0o600)
        _ready.add(key)


def _db(settings: Settings) -> Path:
    path = db_path(settings)
    ensure_schema(path, _SCHEMA)
    return path


def log_answer(
    settings: Settings, answer: Answer, user: str, *, session: str = "", now: datetime | None = None,
    answer_id: str | None = None,
) -> str:
    """Store one answer with its full JSON; return its id."""
    answer_id = answer_id or uuid.uuid4().hex[:16]
    with connect(_db(settings)) as conn:
        conn.execute(
            "INSERT INTO answers (id, ts, user, session, question, engine, corpus_version, refused, citations, answer_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                answer_id, _now(now), user, session, answer.question, answer.engine, answer.corpus_version,
                int(answer.refused), len(answer.citations),
                json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, sort_keys=True),
            ),
        )
    return answer_id


def record_feedback(
    settings: Settings, answer_id: str, user: str, rating: Literal["up", "down"], comment: str = "",
    *, now: datetime | None = None,
) -> None:
    """Record a thumbs up or down, with an optional comment, on one of the user's answers."""
    if rating not in {"up", "down"}:
        raise AuditError(f"rating must be 'up' or 'down', not {rating!r}.")
    with connect(_db(settings)) as conn:
        row = conn.execute("SELECT user FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None or row["user"] != user:
            raise AuditError(f"no answer {answer_id!r} of user {user!r}; feedback applies to your own answers.")
        conn.execute(
            "INSERT INTO feedback (answer_id, ts, user, rating, comment) VALUES (?, ?, ?, ?, ?)",
            (answer_id, _now(now), user, rating, (comment or "").strip()[:4000]),
        )


def get_answer(settings: Settings, answer_id: str, user: str) -> Answer | None:
    """One of the user's logged answers, or None (other users' answers are not visible)."""
    with connect(_db(settings), write=False) as conn:
        row = conn.execute("SELECT answer_json FROM answers WHERE id = ? AND user = ?", (answer_id, user)).fetchone()
    return Answer.model_validate_json(row["answer_json"]) if row else None


def user_history(settings: Settings, user: str, *, session: str | None = None, limit: int = 50) -> list[HistoryEntry]:
    """The user's own answers, newest first (only this session's when `session` is given)."""
    sql = (
        "SELECT a.id, a.ts, a.question, a.engine, a.refused, a.citations,"
        " (SELECT rating FROM feedback f WHERE f.answer_id = a.id ORDER BY f.seq DESC LIMIT 1) AS rating"
        " FROM answers a WHERE a.user = ?"
    )
    params: list[object] = [user]
    if session is not None:
        sql += " AND a.session = ?"
        params.append(session)
    sql += " ORDER BY a.ts DESC, a.rowid DESC LIMIT ?"
    params.append(int(limit))
    with connect(_db(settings), write=False) as conn:
        rows = conn.execute(sql, params).fetchall()
    return [
        HistoryEntry(r["id"], r["ts"], r["question"], r["engine"], bool(r["refused"]), r["citations"], r["rating"] or "")
        for r in rows
    ]


def _export_rows(settings: Settings) -> list[dict[str, object]]:
    with connect(_db(settings), write=False) as conn:
        answers = conn.execute("SELECT * FROM answers ORDER BY ts, rowid").fetchall()
        feedback = conn.execute("SELECT * FROM feedback ORDER BY seq").fetchall()
    by_answer: dict[str, list[sqlite3.Row]] = {}
    for f in feedback:
        by_answer.setdefault(f["answer_id"], []).append(f)
    rows = []
    for a in answers:
        fb = by_answer.get(a["id"], [])
        rows.append(
            {
                "id": a["id"],
                "timestamp": a["ts"],
                "user": a["user"],
                "session": a["session"],
                "question": a["question"],
                "engine": a["engine"],
                "corpus_version": a["corpus_version"],
                "refused": bool(a["refused"]),
                "citations": a["citations"],
                "feedback": [
                    {"timestamp": f["ts"], "user": f["user"], "rating": f["rating"], "comment": f["comment"]} for f in fb
                ],
                "answer": json.loads(a["answer_json"]),
            }
        )
    return rows


def export_log(settings: Settings, fmt: Literal["csv", "jsonl"], out: Path | None = None) -> str:
    """Export every logged answer with its feedback as CSV or JSON Lines; also write `out` if given."""
    rows = _export_rows(settings)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            fb: list[dict[str, str]] = r["feedback"]  # type: ignore[assignment]
            writer.writerow(
                [
                    r["id"], r["timestamp"], r["user"], r["session"], r["question"], r["engine"], r["corpus_version"],
                    "yes" if r["refused"] else "no", r["citations"],
                    " ".join(f["rating"] for f in fb),
                    " | ".join(f["comment"] for f in fb if f["comment"]),
                    json.dumps(r["answer"], ensure_ascii=False, sort_keys=True),
                ]
            )
        text = buf.getvalue()
    else:
        raise AuditError(f"export format must be 'csv' or 'jsonl', not {fmt!r}.")
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
