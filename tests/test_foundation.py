"""Splitting, indexing and search against the real model and ../shared/corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.search.store import build_index, read_state
from assistant.load import load_document
from assistant.search import search
from assistant.settings import Settings
from assistant.sources import load_manifest, resolve_files
from assistant.split import split_document
from tests.pdfmaker import write_pdf


def _chunks(source_id: str, settings: Settings) -> list:
    files, _ = resolve_files(settings)
    out = []
    for sf in files:
        if sf.source.id == source_id:
            out += split_document(load_document(sf.path), sf.source, sf.key, settings.chunk)
    return out


@pytest.fixture(scope="module")
def shared(documents_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from assistant.settings import get_settings

    return get_settings(documents_dir=documents_dir, index_dir=tmp_path_factory.mktemp("unused"))


def test_manifest_ids_and_files() -> None:
    ids = [s.id for s in load_manifest()]
    assert ids[:7] == ["ungps", "eu-2021-821", "eu-359-2011", "eu-2019-125", "eu-ai-act", "dihr-csddd-guide", "somo-jfi-brief"]
    eu_ai = next(s for s in load_manifest() if s.id == "eu-ai-act")
    assert eu_ai.files == ("eu-ai-act-2024-1689-excerpt-arts1-5.md", "eu-ai-act-2024-1689-excerpt-annexII-III.md")


def test_alt_and_raw_are_not_indexed(shared: Settings) -> None:
    files, missing = resolve_files(shared)
    keys = {sf.key for sf in files}
    assert not any(k.startswith(("alt/", "raw/")) for k in keys)
    assert "SOURCES.md" not in keys
    assert "ungps-2011.pdf" in keys and missing == {}


@pytest.mark.parametrize(
    ("source_id", "locator", "phrase"),
    [
        ("eu-2021-821", "Article 2(20)", "‘cyber-surveillance items’ means dual-use items specially designed"),
        ("eu-2021-821", "Article 5(2)", "is aware, according to its due diligence findings"),
        ("eu-359-2011", "Annex III — item 7", "Night vision, thermal imaging equipment and image intensifier tubes"),
        ("eu-359-2011", "Annex I — entities, entry 19", "Radis Vira Tejarat Co"),
        ("eu-359-2011", "Annex I — persons, entry 173", "AZARPENDAR Abbas"),
        ("eu-359-2011", "Article 1a(1)", "equipment which might be used for internal repression as listed in Annex III"),
        ("eu-ai-act", "Article 5(1)(e)", "untargeted scraping of facial images"),
        ("eu-ai-act", "Annex III — point 1", "remote biometric identification systems"),
        # the exceptions (i)-(iii) of point (h) are its roman sub-points, not a point (i) of their own
        ("eu-ai-act", "Article 5(1)(h)", "the targeted search for specific victims of abduction"),
        ("ungps", "Principle 23 — Commentary", "treat this risk as a legal compliance issue"),
        ("ungps", "Principle 19", "In order to prevent and mitigate adverse human rights impacts"),
        ("dihr-csddd-guide", "5.2 Extent of due diligence and the chain of activities, p. 27", "chains of activities"),
    ],
)
def test_locators_exact(shared: Settings, source_id: str, locator: str, phrase: str) -> None:
    chunks = [c for c in _chunks(source_id, shared) if c.locator == locator]
    assert chunks, f"no chunk with locator {locator!r}"
    assert any(phrase in " ".join(c.text.split()) for c in chunks)


def test_no_point_i_after_point_h_of_article_5(shared: Settings) -> None:
    locators = [c.locator for c in _chunks("eu-ai-act", shared) if c.locator.startswith("Article 5(1)")]
    assert "Article 5(1)(i)" not in locators and "Article 5(1)(h)" in locators


def test_front_matter_is_metadata_not_text(shared: Settings) -> None:
    chunks = _chunks("eu-359-2011", shared)
    assert not any("official_journal:" in c.text or "composition:" in c.text for c in chunks)


def test_pdf_pages_and_ids_are_stable(shared: Settings) -> None:
    first = _chunks("ungps", shared)
    second = _chunks("ungps", shared)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    p23 = next(c for c in first if c.locator == "Principle 23")
    assert (p23.chunk_id, p23.page, p23.page_index) == ("ungps:principle-23:0", "30", 29)


@pytest.mark.parametrize(
    ("query", "source_id", "locator_prefix"),
    [
        ("what are cyber-surveillance items", "eu-2021-821", "Article 2"),
        ("treat the risk of contributing to gross human rights abuses as a legal compliance issue", "ungps", "Principle 23"),
        ("thermal imaging cameras Iran", "eu-359-2011", "Annex III"),
        ("Radis Vira Tejarat", "eu-359-2011", "Annex I — entities, entry 19"),
    ],
)
def test_search_top3(corpus_settings: Settings, query: str, source_id: str, locator_prefix: str) -> None:
    top = search(query, corpus_settings, 3)
    assert any(r.chunk.source_id == source_id and r.chunk.locator.startswith(locator_prefix) for r in top), [
        (r.chunk.source_id, r.chunk.locator) for r in top
    ]


def test_search_filters(corpus_settings: Settings) -> None:
    top = search("due diligence", corpus_settings, 5, sources=["ungps"])
    assert {r.chunk.source_id for r in top} == {"ungps"}
    laws = search("due diligence", corpus_settings, 5, kinds=["law"], mode="lexical")
    assert laws and all(r.chunk.source_id.startswith("eu-") for r in laws)


def test_search_json_cli(corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DDA_DOCUMENTS_DIR", str(corpus_settings.documents_dir))
    monkeypatch.setenv("DDA_INDEX_DIR", str(corpus_settings.index_dir))
    assert main(["search", "Radis Vira Tejarat", "-k", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rank"] for r in rows] == [1, 2]
    assert set(rows[0]) == {"rank", "score", "source_id", "locator", "page", "chunk_id", "text"}
    assert rows[0]["locator"] == "Annex I — entities, entry 19"


def test_bad_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DDA_RETRIEVAL__K", "zero")
    assert main(["search", "x"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: Invalid setting — DDA_RETRIEVAL__K:") and err.count("\n") == 0


def _policy_docs(docs: Path) -> None:
    (docs / "policy.md").write_text(
        "# Export policy\n\n## Screening\n\nEvery buyer of thermal cameras is screened against the EU sanctions lists.\n\n"
        "## Escalation\n\nThe compliance officer decides on sales to police end users.\n",
        encoding="utf-8",
    )
    write_pdf(docs / "handbook.pdf", [["1. Scope", "This handbook covers camera exports to third countries."], ["2. Remote access", "Remote maintenance of installed systems needs written approval."]])


def test_incremental_ingest_and_corrupt_pdf(tmp_settings: Settings) -> None:
    docs = tmp_settings.documents_dir
    _policy_docs(docs)
    first = build_index(tmp_settings)
    assert first.rebuilt and first.errors == [] and first.embedded == first.chunks
    again = build_index(tmp_settings)
    assert (again.rebuilt, again.embedded) == (False, 0)

    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    (docs / "policy.md").write_text((docs / "policy.md").read_text() + "\n## Records\n\nKeep end-use statements for five years.\n", encoding="utf-8")
    third = build_index(tmp_settings)
    assert len(third.errors) == 1 and "broken.pdf" in third.errors[0] and "damaged or not a PDF" in third.errors[0]
    assert third.embedded == 3 and third.reused == first.chunks - 2
    state = read_state(tmp_settings)
    assert state is not None and "broken.pdf" not in state.files
    hits = search("how long are end-use statements kept", tmp_settings, 3)
    assert hits[0].chunk.source_id == "user-policy" and hits[0].chunk.locator == "Records"
    pdf_hit = search("remote maintenance approval", tmp_settings, 3, sources=["user-handbook"])
    assert (pdf_hit[0].chunk.page, pdf_hit[0].chunk.page_index) == ("2", 1)


def test_empty_and_binary_files_are_reported(tmp_settings: Settings) -> None:
    docs = tmp_settings.documents_dir
    (docs / "empty.txt").write_bytes(b"")
    (docs / "junk.pdf").write_bytes(bytes(range(256)) * 40)
    (docs / "note.txt").write_text("Cameras sold to municipalities need a human-rights review.", encoding="utf-8")
    report = build_index(tmp_settings)
    errors = sorted(report.errors)
    assert len(errors) == 2
    assert errors[0].endswith("empty.txt: the file is empty. Replace it with the complete document.")
    assert "junk.pdf" in errors[1] and "not a PDF" in errors[1]
    assert search("human-rights review municipalities", tmp_settings, 1)[0].chunk.source_id == "user-note"


class _ThreadProbe:
    """Stands in for the HuggingFace model: records torch's thread count at each call."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import torch  # the test needs torch only here

        self.seen.append(torch.get_num_threads())
        return [[float(len(t))] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_query_embedding_runs_on_one_thread_and_restores_the_count() -> None:
    import threading

    import torch  # the test needs torch only here

    from assistant.embed import SentenceTransformerEmbedder

    embedder = object.__new__(SentenceTransformerEmbedder)
    probe = _ThreadProbe()
    embedder._inner, embedder._lock = probe, threading.Lock()
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        assert embedder.embed_queries(["Art. 5", "CCTV"]) == [[6.0], [4.0]]
        assert embedder.embed_query("Iran") == [4.0]
        assert probe.seen == [1, 1]
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
