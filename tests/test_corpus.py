"""Corpus table, fetch (mirror, lock file, never overwrite, read-only target) and check."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant import corpus
from assistant.corpus import FetchResult, check_corpus, fetch_corpus, provision_matches, source_table
from assistant.errors import CorpusError
from assistant.settings import Settings, get_settings
from assistant.types import Source
from tests.conftest import corpus_file

MIRRORED = ("eu-reg-359-2011.md", "somo-jfi-policy-brief-2023.txt")


@pytest.fixture()
def mirror(tmp_path: Path, documents_dir: Path) -> Path:
    """A mirror holding two of the manifest's files only."""
    root = tmp_path / "mirror"
    root.mkdir()
    for name in MIRRORED:
        shutil.copyfile(corpus_file(documents_dir, name), root / name)
    return root


@pytest.fixture()
def docs_settings(tmp_path: Path) -> Settings:
    return get_settings(documents_dir=tmp_path / "docs", index_dir=tmp_path / "index", data_dir=tmp_path / "data")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fetch_copies_from_mirror_and_records_lock(docs_settings: Settings, mirror: Path) -> None:
    result = fetch_corpus(docs_settings, mirror=mirror, allow_network=False)
    docs = docs_settings.documents_dir
    assert sorted(result.copied) == sorted(MIRRORED)
    assert result.downloaded == []
    for name in MIRRORED:
        assert (docs / name).read_bytes() == (mirror / name).read_bytes()
    lock = json.loads((docs / "sources.lock.json").read_text(encoding="utf-8"))
    entry = lock["files"]["eu-reg-359-2011.md"]
    assert entry["sha256"] == _sha(mirror / "eu-reg-359-2011.md")
    assert entry["size"] == (mirror / "eu-reg-359-2011.md").stat().st_size
    assert entry["source_id"] == "eu-359-2011"
    assert entry["origin"] == f"mirror:{mirror / 'eu-reg-359-2011.md'}"
    assert entry["date"].endswith("+00:00")
    assert not [p for p in docs.iterdir() if p.name.endswith(".part")], "no temporary files left behind"

    missing = {m.file: m for m in result.missing}
    assert "ungps-2011.pdf" in missing
    ungps = missing["ungps-2011.pdf"]
    assert ungps.source_id == "ungps"
    line = ungps.line()
    assert "https://www.ohchr.org/sites/default/files/documents/publications/guidingprinciplesbusinesshr_en.pdf" in line
    assert str(docs / "ungps-2011.pdf") in line
    assert any(text.startswith("missing: ungps: ungps-2011.pdf") for text in result.lines())
    assert "digests/csddd.md" not in missing, "bundled digests are never fetched"

    again = fetch_corpus(docs_settings, mirror=mirror, allow_network=False)
    assert again.copied == [] and again.downloaded == []
    assert set(MIRRORED) <= set(again.present)
    assert json.loads((docs / "sources.lock.json").read_text(encoding="utf-8")) == lock


def test_fetch_never_overwrites_an_existing_file(docs_settings: Settings, mirror: Path) -> None:
    docs = docs_settings.documents_dir
    docs.mkdir(parents=True)
    (docs / "eu-reg-359-2011.md").write_text("my own edition\n", encoding="utf-8")
    result = fetch_corpus(docs_settings, mirror=mirror, allow_network=False)
    assert "eu-reg-359-2011.md" in result.present
    assert result.copied == ["somo-jfi-policy-brief-2023.txt"]
    assert (docs / "eu-reg-359-2011.md").read_text(encoding="utf-8") == "my own edition\n"


@pytest.fixture()
def read_only_docs(tmp_path: Path) -> Iterator[Path]:
    docs = tmp_path / "readonly"
    docs.mkdir()
    docs.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    yield docs
    docs.chmod(0o755)


def test_fetch_into_read_only_directory_says_so(tmp_path: Path, mirror: Path, read_only_docs: Path) -> None:
    settings = get_settings(documents_dir=read_only_docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    with pytest.raises(CorpusError, match=r"is not writable.*read-only shared mirror.*DDA_DOCUMENTS_DIR"):
        fetch_corpus(settings, mirror=mirror, allow_network=False)
    assert list(read_only_docs.iterdir()) == []


def test_fetch_from_shared_mirror_into_itself_is_a_no_op(documents_dir: Path) -> None:
    settings = get_settings(documents_dir=documents_dir)
    result = fetch_corpus(settings, mirror=documents_dir, allow_network=False)
    assert result.missing == [] and result.copied == []
    assert len(result.present) == 8


def test_download_urls_and_landing_pages(docs_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = tmp_path / "remote.md"
    remote.write_text("# Official text\n\nArticle 1\n", encoding="utf-8")
    sources = [
        Source(id="direct", title="Direct", kind="law", url="https://example.org/landing", files=("direct.md",),
               download_urls={"direct.md": remote.as_uri()}),
        Source(id="landing", title="Landing", kind="law", url="https://example.org/eli/reg/1/oj", files=("landing.md",)),
        Source(id="digest", title="Digest", kind="digest", files=("digests/x.md",), bundled=True),
    ]
    monkeypatch.setattr(corpus, "load_manifest", lambda *a, **k: sources)
    result = fetch_corpus(docs_settings, mirror=None, allow_network=True)
    assert result.downloaded == ["direct.md"]
    assert (docs_settings.documents_dir / "direct.md").read_bytes() == remote.read_bytes()
    lock = json.loads((docs_settings.documents_dir / "sources.lock.json").read_text(encoding="utf-8"))
    assert lock["files"]["direct.md"]["origin"] == remote.as_uri()
    assert lock["files"]["direct.md"]["sha256"] == _sha(remote)
    [missing] = result.missing
    assert (missing.source_id, missing.file, missing.url) == ("landing", "landing.md", "https://example.org/eli/reg/1/oj")
    assert "landing page" in missing.reason

    assert corpus._download_url(Source(id="p", title="P", kind="law", url="https://x.org/a/doc.PDF", files=("doc.pdf",)), "doc.pdf")
    assert corpus._download_url(Source(id="p", title="P", kind="law", url="https://x.org/a/doc.pdf", files=("doc.md",)), "doc.md") is None


def test_fetch_result_lines_summarise() -> None:
    result = FetchResult(documents_dir=Path("/d"), copied=["a.md"], present=["b.md"], origins={"a.md": "/m/a.md"})
    lines = result.lines()
    assert lines[0] == "copied: a.md from /m/a.md"
    assert "1 copied, 0 downloaded, 1 already present, 0 missing" in lines[1]


def test_source_table_counts_files_and_chunks(corpus_settings: Settings) -> None:
    rows = {row["id"]: row for row in source_table(corpus_settings)}
    reg = rows["eu-359-2011"]
    assert (reg["files_present"], reg["files_missing"], reg["missing"]) == (1, 0, [])
    assert reg["chunks"] > 300
    assert reg["url"] == "https://eur-lex.europa.eu/eli/reg/2011/359/oj"
    assert reg["kind"] == "law" and reg["jurisdiction"] == "EU"
    assert rows["csddd-digest"]["chunks"] > 0
    assert set(reg) == {"id", "title", "kind", "jurisdiction", "files_present", "files_missing", "missing", "chunks", "url"}


def test_source_table_without_index_or_documents(docs_settings: Settings) -> None:
    rows = {row["id"]: row for row in source_table(docs_settings)}
    assert rows["ungps"]["missing"] == ["ungps-2011.pdf"]
    assert rows["eu-ai-act"]["files_missing"] == 2
    assert all(row["chunks"] == 0 for row in rows.values())


@pytest.mark.parametrize(
    ("provision", "locator", "ok"),
    [
        ("Article 5", "Article 5(2)", True),
        ("Article 5", "Article 5", True),
        ("Article 5", "Article 50", False),
        ("Annex III", "Annex III — item 7", True),
        ("Principle 17", "Principle 17, p. 19", True),
        ("Article 1a(1)", "Article 1a(1)(b)", True),
        ("Article 1", "Article 1a(1)", False),
    ],
)
def test_provision_matches(provision: str, locator: str, ok: bool) -> None:
    assert provision_matches(provision, locator) is ok


def test_check_corpus_passes_on_the_real_register(corpus_settings: Settings) -> None:
    assert check_corpus(corpus_settings) == []


def _item(**overrides: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": "bad-quote",
        "title": "A deliberately wrong item",
        "source_id": "eu-359-2011",
        "provision": "Article 1a(1)",
        "kind": "prohibition",
        "effect": "prohibited",
        "binding": "law",
        "timing": ["before"],
        "applies_when": [{"destination_or_transit_any": ["IR"]}],
        "summary": "A summary long enough to pass validation.",
        "actions": ["do something"],
        "evidence_query": "internal repression Annex III",
        "quote": "to sell, supply, transfer or export, directly or indirectly, equipment which might be used for internal repression",
        "confidence": "verified",
    }
    item.update(overrides)
    return item


def test_check_corpus_reports_each_bad_item(corpus_settings: Settings, tmp_path: Path) -> None:
    register = tmp_path / "register"
    register.mkdir()
    items = [
        _item(id="good-item"),
        _item(id="bad-quote", quote="it shall be permitted to sell anything to anyone"),
        _item(id="bad-provision", provision="Article 99"),
        _item(id="bad-source", source_id="no-such-source"),
        _item(id="good-item", provision="Article 1a"),
        _item(id="digest-quote", source_id="csddd-digest", provision="Anything", quote="this sentence is not in the digest"),
    ]
    (register / "test.yaml").write_text(yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8")
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "card.yaml").write_text(yaml.safe_dump({"id": "card-one", "must_cover": ["good-item", "ghost-item"]}), encoding="utf-8")

    problems = check_corpus(corpus_settings, register_dir=register)
    assert problems == [
        "register/test.yaml: item 'bad-quote': quote not found verbatim in 'eu-359-2011': “it shall be permitted to sell anything to anyone”",
        "register/test.yaml: item 'bad-source': unknown source_id 'no-such-source' (not in the manifest)",
        "register/test.yaml: item 'good-item': duplicate id (first defined in register/test.yaml)",
        "register/test.yaml: item 'digest-quote': quote not found verbatim in 'csddd-digest': “this sentence is not in the digest”",
        "register/test.yaml: item 'bad-provision': provision 'Article 99' resolves to no indexed chunk of 'eu-359-2011'",
        "scenarios/card.yaml: card 'card-one': must_cover names unknown register item 'ghost-item'",
    ]


def test_check_corpus_reports_digest_quotes(corpus_settings: Settings, tmp_path: Path) -> None:
    register = tmp_path / "register"
    register.mkdir()
    (register / "ok.yaml").write_text(yaml.safe_dump({"items": [_item(id="fine")]}), encoding="utf-8")
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "d.md").write_text(
        "## A\n\nThe Regulation bans “equipment which might be used for internal repression” (Source: eu-359-2011) "
        "and says “nothing of the kind here at all” (Source: eu-359-2011), see “whatever words” (Source: nowhere).\n",
        encoding="utf-8",
    )
    problems = check_corpus(corpus_settings, register_dir=register, digest_dirs=(digests,))
    assert problems == [
        "digests/d.md: quoted passage not found verbatim in 'eu-359-2011': “nothing of the kind here at all”",
        "digests/d.md: quoted passage attributed to unknown source 'nowhere': “whatever words”",
    ]


def test_a_user_document_is_named_by_a_title_of_two_or_more_words(tmp_path) -> None:
    import re

    from assistant.sources import _title_names

    (pattern,) = _title_names("supplier note")
    assert re.search(pattern, "What does the Supplier-note say about Kish Island?", re.IGNORECASE)
    assert not re.search(pattern, "What does the supplier say?", re.IGNORECASE)
    assert _title_names("report") == () and _title_names("a b") == ()
