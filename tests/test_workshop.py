"""Workshop flow: open, two participants join, submit, reveal (memo once per card), trainer view."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.types import Answer, Citation
from assistant.web import ui as webui
from assistant.web.workshop import CODE_ALPHABET, Workshop, WorkshopError, card_question

T = datetime(2026, 5, 1, 10, 0, 0, tzinfo=UTC)


@dataclass
class Card:
    id: str
    title: str
    difficulty: str
    facts: list[str]
    question: str
    discussion: str = ""
    must_cover: list[str] = field(default_factory=list)
    notes_for_trainer: str = ""


@dataclass
class Item:
    id: str
    title: str
    source_id: str
    provision: str
    kind: str
    binding: str
    summary: str
    actions: list[str] = field(default_factory=list)


CARDS = [
    Card("thermal-dubai", "Thermal cameras via Dubai", "medium",
         ["A distributor in Dubai orders 40 thermal cameras.", "The end user is a municipality in Iran."],
         "What must the company check?", must_cover=["ir-annex", "rf-intermediary", "gone-item"]),
    Card("fr-police", "Facial recognition for police", "hard", ["A police unit wants facial recognition."],
         "Can we sell?", must_cover=["hrdd"]),
]
ITEMS = [
    Item("ir-annex", "Check the Annex III / IV bans", "eu-359-2011", "Article 1a(1)", "law", "binding", "Bans."),
    Item("rf-intermediary", "Intermediary, unknown end user", "oecd-ddg-digest", "Step 2", "digest", "red flag", ""),
    Item("hrdd", "Human rights due diligence", "ungps", "Principle 17", "standard", "expected", "HRDD."),
]


class CountingAsk:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, question, history=None, settings=None, *, engine=None, filters=None) -> Answer:
        with self.lock:
            self.calls.append(question)
        return Answer(question=question, answer="Check Annex III [1].", engine=engine or "grounded",
                      citations=[Citation(n=1, source_id="eu-359-2011", title="Reg 359/2011", kind="law",
                                          locator="Article 1a(1)", quote="It shall be prohibited.", chunk_id="x")])


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", index_dir=tmp_path / "index", documents_dir=tmp_path / "docs")


def make_workshop(settings: Settings, ask: CountingAsk) -> Workshop:
    return Workshop(settings, ask=ask, load_cards=lambda: CARDS, load_register=lambda: ITEMS)


def test_full_round(settings: Settings) -> None:
    ask = CountingAsk()
    ws = make_workshop(settings, ask)
    code = ws.open_session("trainer", ["thermal-dubai", "fr-police"], "Friday workshop", now=T)
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert ws.session(code.lower()).title == "Friday workshop"
    assert [c.id for c in ws.session_cards(code)] == ["thermal-dubai", "fr-police"]

    assert ws.join(code, "  Ana  Lopez ") == "Ana Lopez"
    assert ws.join(code.lower(), "Ben") == "Ben"
    assert ws.participants(code, user="trainer") == ["Ana Lopez", "Ben"]

    with pytest.raises(WorkshopError, match="own answer first"):
        ws.reveal(code, "Ben", "thermal-dubai")
    with pytest.raises(WorkshopError, match="Write your own answer first"):
        ws.submit(code, "Ben", "thermal-dubai", "   ")

    ws.submit(code, "Ana Lopez", "thermal-dubai", "Check the end user <script>x</script>", now=T)
    ws.submit(code, "Ben", "thermal-dubai", "Screen the distributor.", now=T)
    ws.submit(code, "Ben", "thermal-dubai", "Screen the distributor and the municipality.", now=T)  # edit before reveal

    rev = ws.reveal(code, "Ana Lopez", "thermal-dubai", now=T)
    assert rev.own_answer == "Check the end user <script>x</script>"
    assert rev.memo_md.startswith("# Due-diligence memo\n")
    assert "Check Annex III [1]." in rev.memo_md
    assert [i.id for i in rev.must_cover] == ["ir-annex", "rf-intermediary"]
    assert rev.missing_ids == ["gone-item"]
    ws.reveal(code, "Ben", "thermal-dubai")
    assert ask.calls == [card_question(CARDS[0])]  # computed once per card
    assert card_question(CARDS[0]) == (
        "A distributor in Dubai orders 40 thermal cameras. The end user is a municipality in Iran.\n"
        "What must the company check?"
    )
    with pytest.raises(WorkshopError, match="locked"):
        ws.submit(code, "Ana Lopez", "thermal-dubai", "changed my mind")

    view = ws.trainer_view(code, user="trainer")
    assert [(r.name, r.text, r.revealed is not None) for r in view["thermal-dubai"]] == [
        ("Ana Lopez", "Check the end user <script>x</script>", True),
        ("Ben", "Screen the distributor and the municipality.", True),
    ]
    assert view["fr-police"] == []
    html = webui.render_trainer_view_html(ws.session_cards(code), view, ws.participants(code, user="trainer"))
    assert "<thead><tr><th>Ana Lopez</th><th>Ben</th></tr></thead>" in html
    assert "Check the end user &lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert html.count('<td class="dd-pending">not submitted</td>') == 2
    checklist = webui.render_must_cover_html(rev.must_cover, rev.missing_ids)
    assert "<strong>Check the Annex III / IV bans</strong> <span class=\"dd-prov\">Article 1a(1) (eu-359-2011)</span>" in checklist
    assert "gone-item (register item not found)" in checklist


def test_state_survives_a_restart_and_memo_cache_persists(settings: Settings) -> None:
    ask = CountingAsk()
    ws = make_workshop(settings, ask)
    code = ws.open_session("t", ["fr-police"])
    ws.join(code, "Ana")
    ws.submit(code, "Ana", "fr-police", "HRDD first.")
    ws.reveal(code, "Ana", "fr-police")
    again = make_workshop(settings, ask)  # a new process would see the same file
    assert again.participants(code, user="t") == ["Ana"]
    assert again.response(code, "Ana", "fr-police").text == "HRDD first."
    again.join(code, "Ben")
    again.submit(code, "Ben", "fr-police", "Refuse.")
    again.reveal(code, "Ben", "fr-police")
    assert len(ask.calls) == 1
    conn = sqlite3.connect(Path(settings.data_dir) / "workshop.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_errors(settings: Settings) -> None:
    ws = make_workshop(settings, CountingAsk())
    with pytest.raises(WorkshopError, match="No workshop session with code ZZZZZZ"):
        ws.join("zzzzzz", "Ana")
    with pytest.raises(WorkshopError, match="at least one"):
        ws.open_session("t", [])
    with pytest.raises(WorkshopError, match="Unknown scenario card"):
        ws.open_session("t", ["nope"])
    code = ws.open_session("t", ["fr-police"])
    with pytest.raises(WorkshopError, match="Type your name"):
        ws.join(code, "   ")
    with pytest.raises(WorkshopError, match="Join the session"):
        ws.submit(code, "Stranger", "fr-police", "x")
    ws.join(code, "Ana")
    with pytest.raises(WorkshopError, match="not part of session"):
        ws.submit(code, "Ana", "thermal-dubai", "x")
    ws.close_session(code)
    with pytest.raises(WorkshopError, match="closed"):
        ws.join(code, "Ben")


def test_thirty_participants_at_once_compute_the_memo_once(settings: Settings) -> None:
    ask = CountingAsk()
    ws = make_workshop(settings, ask)
    code = ws.open_session("t", ["thermal-dubai"])
    errors: list[BaseException] = []

    def participant(i: int) -> None:
        try:
            name = ws.join(code, f"P{i:02d}")
            ws.submit(code, name, "thermal-dubai", f"answer {i}")
            ws.reveal(code, name, "thermal-dubai")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(ask.calls) == 1
    assert len(ws.trainer_view(code, user="t")["thermal-dubai"]) == 30
