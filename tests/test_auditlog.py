"""Audit log: answers and feedback round trip, per-user history, exact CSV and JSONL exports."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.types import Answer, Citation
from assistant.web import auditlog

T1 = datetime(2026, 5, 1, 9, 0, 0, tzinfo=UTC)
T2 = datetime(2026, 5, 1, 9, 5, 0, tzinfo=UTC)


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", index_dir=tmp_path / "index", documents_dir=tmp_path / "docs")


def small_answer(question: str, refused: bool = False) -> Answer:
    cites = [] if refused else [Citation(n=1, source_id="ungps", title="UNGPs", kind="standard",
                                         locator="Principle 17", quote="Carry out due diligence.", chunk_id="u17")]
    return Answer(question=question, answer="Due diligence [1]." if not refused else "", refused=refused,
                  citations=cites, engine="grounded", corpus_version="c1")


def test_round_trip_history_and_feedback(settings: Settings) -> None:
    a1 = auditlog.log_answer(settings, small_answer("Q one?"), "alice", session="s1", now=T1, answer_id="a1")
    a2 = auditlog.log_answer(settings, small_answer("Q two?", refused=True), "alice", session="s2", now=T2,
                             answer_id="a2")
    auditlog.log_answer(settings, small_answer("Bob's question"), "bob", now=T2, answer_id="b1")
    assert (a1, a2) == ("a1", "a2")
    assert auditlog.get_answer(settings, "a1", "alice") == small_answer("Q one?")
    assert auditlog.get_answer(settings, "a1", "bob") is None  # not visible to other users

    auditlog.record_feedback(settings, "a1", "alice", "down", "  wrong article ", now=T2)
    auditlog.record_feedback(settings, "a1", "alice", "up", now=T2)
    with pytest.raises(auditlog.AuditError, match="your own answers"):
        auditlog.record_feedback(settings, "a1", "bob", "up")
    with pytest.raises(auditlog.AuditError, match="'up' or 'down'"):
        auditlog.record_feedback(settings, "a1", "alice", "meh")  # type: ignore[arg-type]

    history = auditlog.user_history(settings, "alice")
    assert history == [
        auditlog.HistoryEntry("a2", "2026-05-01T09:05:00+00:00", "Q two?", "grounded", True, 0, ""),
        auditlog.HistoryEntry("a1", "2026-05-01T09:00:00+00:00", "Q one?", "grounded", False, 1, "up"),
    ]
    assert [h.id for h in auditlog.user_history(settings, "alice", session="s1")] == ["a1"]
    assert [h.id for h in auditlog.user_history(settings, "bob")] == ["b1"]

    conn = sqlite3.connect(auditlog.db_path(settings))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_exports_exact(settings: Settings, tmp_path: Path) -> None:
    auditlog.log_answer(settings, small_answer("Q, \"one\"?"), "alice", session="s1", now=T1, answer_id="a1")
    auditlog.record_feedback(settings, "a1", "alice", "down", "wrong, article", now=T2)
    answer_json = json.dumps(small_answer('Q, "one"?').model_dump(mode="json"), ensure_ascii=False, sort_keys=True)

    csv_text = auditlog.export_log(settings, "csv", tmp_path / "out" / "log.csv")
    quoted = '"' + answer_json.replace('"', '""') + '"'
    assert csv_text == (
        "id,timestamp,user,session,question,engine,corpus_version,refused,citations,feedback,comments,answer_json\n"
        f'a1,2026-05-01T09:00:00+00:00,alice,s1,"Q, ""one""?",grounded,c1,no,1,down,"wrong, article",{quoted}\n'
    )
    assert (tmp_path / "out" / "log.csv").read_text(encoding="utf-8") == csv_text

    jsonl = auditlog.export_log(settings, "jsonl")
    expected = {
        "answer": small_answer('Q, "one"?').model_dump(mode="json"),
        "citations": 1,
        "corpus_version": "c1",
        "engine": "grounded",
        "feedback": [{"comment": "wrong, article", "rating": "down", "timestamp": "2026-05-01T09:05:00+00:00",
                      "user": "alice"}],
        "id": "a1",
        "question": 'Q, "one"?',
        "refused": False,
        "session": "s1",
        "timestamp": "2026-05-01T09:00:00+00:00",
        "user": "alice",
    }
    assert jsonl == json.dumps(expected, ensure_ascii=False, sort_keys=True) + "\n"
    with pytest.raises(auditlog.AuditError):
        auditlog.export_log(settings, "xml")  # type: ignore[arg-type]


def test_concurrent_logging(settings: Settings) -> None:
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            for j in range(5):
                aid = auditlog.log_answer(settings, small_answer(f"q{i}-{j}"), f"user{i}")
                auditlog.record_feedback(settings, aid, f"user{i}", "up")
                auditlog.user_history(settings, f"user{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(auditlog.export_log(settings, "jsonl").splitlines()) == 150
