"""The obligations register: schema, vocabularies, verbatim quotes, errors and triggers."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from assistant import vocab
from assistant.errors import CorpusError
from assistant.register import (
    REGISTER_DIR,
    RegisterItem,
    explain_match,
    group_of,
    load_register,
    match_obligations,
)
from assistant.settings import PROJECT_ROOT
from assistant.types import Scenario
from tests.conftest import corpus_file

CORPUS = PROJECT_ROOT / "corpus"
SOURCES = {entry["id"]: entry for entry in yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))["sources"]}
ITEMS = load_register()
ITEM_IDS = [item.id for item in ITEMS]

LOCATOR_PATTERNS: dict[str, str] = {
    "ungp": r"^(Principle \d+( — Commentary)?|General principles)$",
    "eu-regulation": r"^(Article \d+[a-z]?(\(\d+\)(\([a-z]+\))?)?|Annex [IVX]+( — .+)?)$",
    "headings-pages": r"^.+, p\. \d+$",
    "paragraphs": r"^(.+, )?para \d+$",
}


def normalise(text: str) -> str:
    """Collapse whitespace and lower-case, as the quote comparison does."""
    return re.sub(r"\s+", " ", text).strip().lower()


def digest_sections(path: Path) -> dict[str, str]:
    """The `## heading` sections of a bundled digest or case-notes file."""
    parts = re.split(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


@cache
def official_text(documents_dir: Path, source_id: str) -> str:
    """Normalised text of an official source from the documents directory (the test fails when a file is missing)."""
    chunks: list[str] = []
    for name in SOURCES[source_id]["files"]:
        path = corpus_file(documents_dir, name)
        if path.suffix == ".pdf":
            import pypdf

            chunks.append("\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages))
        else:
            chunks.append(path.read_text(encoding="utf-8"))
    return normalise("\n".join(chunks))


def ids(hits: list[tuple[RegisterItem, str]]) -> list[str]:
    """The ids of matched items, in order."""
    return [item.id for item, _ in hits]


# --- schema and vocabularies -------------------------------------------------


def test_register_size_and_unique_ids() -> None:
    assert 55 <= len(ITEMS) <= 80
    assert len(ITEM_IDS) == len(set(ITEM_IDS))


def test_every_register_file_has_items_key() -> None:
    for path in sorted(REGISTER_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(data) == ["items"], path.name
        assert data["items"], path.name


def test_condition_keys_and_values_come_from_vocabularies() -> None:
    tables = {
        "products_any": vocab.PRODUCTS,
        "capabilities_any": vocab.CAPABILITIES,
        "end_user_types_any": vocab.END_USER_TYPES,
        "seller_roles_any": vocab.SELLER_ROLES,
        "stages_any": vocab.STAGES,
    }
    for path in sorted(REGISTER_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            for condition in raw["applies_when"]:
                assert condition and set(condition) <= vocab.CONDITION_KEYS, raw["id"]
                for key, value in condition.items():
                    if key in tables:
                        assert set(value) <= set(tables[key]), (raw["id"], key, value)
                    elif key.endswith("_any"):
                        assert all(re.fullmatch(r"[A-Z]{2}", code) for code in value), (raw["id"], key)
                    else:
                        assert value is True or key == "company_in_eu", (raw["id"], key)


def test_source_ids_exist_and_provisions_are_locators() -> None:
    for item in ITEMS:
        source = SOURCES[item.source_id]
        if source.get("bundled"):
            sections = digest_sections(CORPUS / source["files"][0])
            assert item.provision in sections, f"{item.id}: no '## {item.provision}' in {source['files'][0]}"
        else:
            pattern = LOCATOR_PATTERNS[source["locator_scheme"]]
            assert re.fullmatch(pattern, item.provision), f"{item.id}: {item.provision!r}"


def test_red_flags_are_guidance_and_groups_follow_binding() -> None:
    for item in ITEMS:
        if item.kind == "red-flag":
            assert item.binding == "guidance", item.id
            assert group_of(item) == "red-flags"
        elif item.binding == "law":
            assert group_of(item) == "law"
        else:
            assert group_of(item) == "standards"


def test_required_coverage() -> None:
    provisions = {(item.source_id, item.provision) for item in ITEMS}
    for principle in (11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24):
        assert ("ungps", f"Principle {principle}") in provisions
    for locator in ("Article 1a(1)", "Annex III — item 7", "Article 1b(1)", "Article 1c(1)", "Article 2(2)", "Article 15"):
        assert ("eu-359-2011", locator) in provisions
    for locator in (
        "Article 2(20)",
        "Article 2(21)",
        "Article 3(1)",
        "Article 4(1)(b)",
        "Article 5(1)",
        "Article 5(2)",
        "Article 5(3)",
        "Article 12(4)",
        "Article 15(1)",
        "Article 27(1)",
        "Annex I — 6A003",
        "Annex I — 5A001.j",
    ):
        assert ("eu-2021-821", locator) in provisions
    for locator in ("Article 2(1)", "Article 5(1)(e)", "Article 5(1)(g)", "Article 5(1)(h)", "Annex III — point 1"):
        assert ("eu-ai-act", locator) in provisions
    assert {"eu-2019-125", "csddd-digest", "dihr-csddd-guide", "oecd-mne-digest", "oecd-ddg-digest", "us-dos-2020-digest"} <= {
        item.source_id for item in ITEMS
    }
    assert sum(item.kind == "red-flag" for item in ITEMS) >= 7


# --- verbatim quotes ---------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_quote_is_verbatim_in_source(item: RegisterItem, documents_dir: Path) -> None:
    assert 6 <= len(item.quote.split()) <= 25, f"{item.id}: quote should be 6-25 words"
    source = SOURCES[item.source_id]
    if source.get("bundled"):
        haystack = normalise(digest_sections(CORPUS / source["files"][0])[item.provision])
    else:
        haystack = official_text(documents_dir, item.source_id)
    assert normalise(item.quote) in haystack, f"{item.id}: quote not found in {item.source_id}"


def test_digests_are_well_formed() -> None:
    for source in SOURCES.values():
        if not source.get("bundled"):
            continue
        path = CORPUS / source["files"][0]
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1])
        assert front["source_id"] == source["id"]
        assert {"title", "official_url", "status", "based_on"} <= set(front)
        for heading, body in digest_sections(path).items():
            body = body.strip()
            assert 300 <= len(body) <= 1100, f"{path.name}: '{heading}' is {len(body)} characters"
            assert re.search(r"^Sources?: ", body, flags=re.MULTILINE), f"{path.name}: '{heading}' has no Sources line"
            assert re.search(r"\[(verified|likely|unverified)\]", body), f"{path.name}: '{heading}' has no tag"


# --- loader errors -------------------------------------------------------------

GOOD_ITEM = """
  - id: {id}
    title: "A test item"
    source_id: {source_id}
    provision: "Principle 17"
    kind: expectation
    binding: soft-standard
    timing: [before]
    applies_when:
      - products_any: [{product}]
    summary: "A summary that is long enough."
    actions: ["do something"]
    evidence_query: "human rights due diligence"
    quote: "six words of text for the test"
    confidence: verified
"""


def write_register(tmp_path: Path, body: str) -> Path:
    """Write a one-file register under tmp_path and return its directory."""
    directory = tmp_path / "register"
    directory.mkdir()
    (directory / "bad.yaml").write_text("items:" + body, encoding="utf-8")
    return directory


def test_duplicate_id_raises_corpus_error(tmp_path: Path) -> None:
    item = GOOD_ITEM.format(id="dup-item", source_id="ungps", product="fixed_camera")
    directory = write_register(tmp_path, item + item)
    with pytest.raises(CorpusError) as excinfo:
        load_register(directory)
    assert str(excinfo.value) == "bad.yaml: item 'dup-item': duplicate id (first defined in bad.yaml)"


def test_unknown_vocabulary_value_raises_corpus_error(tmp_path: Path) -> None:
    directory = write_register(tmp_path, GOOD_ITEM.format(id="bad-vocab", source_id="ungps", product="laser_camera"))
    with pytest.raises(CorpusError) as excinfo:
        load_register(directory)
    allowed = ", ".join(sorted(vocab.PRODUCTS))
    assert str(excinfo.value) == (
        f"bad.yaml: item 'bad-vocab': applies_when.0.products_any: unknown vocabulary value 'laser_camera' (allowed: {allowed})"
    )


def test_unknown_source_id_raises_corpus_error(tmp_path: Path) -> None:
    directory = write_register(tmp_path, GOOD_ITEM.format(id="bad-source", source_id="no-such-source", product="fixed_camera"))
    with pytest.raises(CorpusError) as excinfo:
        load_register(directory)
    assert str(excinfo.value) == "bad.yaml: item 'bad-source': unknown source_id 'no-such-source' (not in corpus/sources.yaml)"


def test_unknown_condition_key_raises_corpus_error(tmp_path: Path) -> None:
    body = GOOD_ITEM.format(id="bad-key", source_id="ungps", product="fixed_camera").replace("products_any", "product_any")
    with pytest.raises(CorpusError) as excinfo:
        load_register(write_register(tmp_path, body))
    assert str(excinfo.value) == "bad.yaml: item 'bad-key': applies_when.0.product_any: Extra inputs are not permitted"


# --- triggers ----------------------------------------------------------------------


def test_thermal_cameras_to_iran_trigger_annex_iii_ban() -> None:
    scenario = Scenario(
        products=["thermal_camera"],
        capabilities=["thermal_imaging"],
        destinations=["IR"],
        end_user_types=["commercial"],
        stage="pre_contract",
        company_in_eu=True,
    )
    hits = match_obligations(scenario)
    found = ids(hits)
    assert {"eu359-1a-annex-iii-ban", "eu359-annex-iii-item-7", "eu821-annex-i-6a003", "eu359-15-scope"} <= set(found)
    why = {item.id: reason for item, reason in hits}
    assert why["eu359-1a-annex-iii-ban"] == "destination/transit IR; product thermal-imaging camera"
    assert "eu359-2-asset-freeze" not in found


def test_visible_light_camera_to_iran_does_not_trigger_annex_iii_ban() -> None:
    found = ids(match_obligations(Scenario(products=["fixed_camera"], destinations=["IR"], end_user_types=["commercial"])))
    assert "eu359-1a-annex-iii-ban" not in found
    assert "eu359-annex-iii-item-7" not in found


def test_iranian_police_with_facial_recognition() -> None:
    scenario = Scenario(
        products=["ptz_camera", "video_analytics"],
        capabilities=["facial_recognition"],
        end_user_types=["police"],
        destinations=["IR"],
        stage="pre_contract",
        company_in_eu=True,
    )
    found = ids(match_obligations(scenario))
    assert {
        "ungp-19-leverage",
        "eu821-5-2-notify",
        "eu821-5-1-cyber-licence",
        "eu359-annex-i-security-forces",
        "rf-security-end-user",
        "rf-sensitive-analytics",
    } <= set(found)
    assert explain_match(next(i for i in ITEMS if i.id == "eu821-5-2-notify"), scenario) == (
        "export from the EU to IR; capability facial recognition; end user police / law enforcement"
    )


def test_listed_party_triggers_asset_freeze_only_when_flagged() -> None:
    scenario = Scenario(products=["fixed_camera"], end_user_types=["prison"], destinations=["IR"], parties=["Evin Prison"])
    assert "eu359-2-asset-freeze" in ids(match_obligations(scenario, listed_party=True))
    assert "eu359-2-asset-freeze" not in ids(match_obligations(scenario, listed_party=False))
    hits = {item.id: why for item, why in match_obligations(scenario, listed_party=True)}
    assert hits["eu359-2-asset-freeze"] == "a named party is on a sanctions list"


def test_dutch_mall_gets_only_baseline_standards() -> None:
    scenario = Scenario(
        products=["fixed_camera"],
        seller_role="distributor",
        end_user_types=["commercial"],
        destinations=["NL"],
        stage="pre_contract",
        company_in_eu=True,
    )
    found = ids(match_obligations(scenario))
    assert found == ["ungp-11-respect", "ungp-13-cause-contribute", "ungp-15-policies-processes", "ungp-17-hrdd"]
    iran_items = {item.id for item in ITEMS if any("IR" in (c.destination_or_transit_any or ()) for c in item.applies_when)}
    assert iran_items and not iran_items & set(found)


def test_uae_distributor_triggers_reexport_red_flag() -> None:
    scenario = Scenario(products=["fixed_camera"], end_user_types=["intermediary"], destinations=["AE"], stage="pre_contract")
    found = ids(match_obligations(scenario))
    assert {"rf-reexport-uae", "rf-end-use-statement-refused", "ungp-13b-directly-linked"} <= set(found)
    assert "eu359-1a-annex-iii-ban" not in found


def test_transit_through_uae_also_counts() -> None:
    scenario = Scenario(products=["thermal_camera"], destinations=["IQ"], transit=["AE"])
    assert "rf-reexport-uae" in ids(match_obligations(scenario))


def test_after_sale_remote_updates_trigger_remote_access_red_flag() -> None:
    scenario = Scenario(products=["fixed_camera"], capabilities=["remote_access"], stage="after_sale")
    found = ids(match_obligations(scenario))
    assert {"rf-remote-access-updates", "usdos-after-sale-safeguards", "ungp-20-track"} <= set(found)
    stage_only = ids(match_obligations(Scenario(stage="after_sale")))
    assert "rf-remote-access-updates" in stage_only


def test_eu_police_live_facial_recognition_triggers_ai_act() -> None:
    scenario = Scenario(capabilities=["facial_recognition"], end_user_types=["police"], destinations=["BE"], company_in_eu=True)
    found = ids(match_obligations(scenario))
    assert {"aia-5-1-h-real-time-rbi", "aia-5-1-e-scraping", "aia-annex-iii-1a-high-risk"} <= set(found)
    assert "eu359-annex-i-security-forces" not in found


def test_results_are_grouped_law_standards_red_flags_in_register_order() -> None:
    scenario = Scenario(
        products=["ptz_camera"],
        capabilities=["facial_recognition", "remote_access"],
        end_user_types=["police"],
        destinations=["IR"],
        stage="after_sale",
        company_in_eu=True,
    )
    hits = match_obligations(scenario, listed_party=True)
    order = {"law": 0, "standards": 1, "red-flags": 2}
    groups = [order[group_of(item)] for item, _ in hits]
    assert groups == sorted(groups) and set(groups) == {0, 1, 2}
    position = {item_id: index for index, item_id in enumerate(ITEM_IDS)}
    for group in (0, 1, 2):
        within = [position[item.id] for item, _ in hits if order[group_of(item)] == group]
        assert within == sorted(within)


def test_empty_scenario_gets_only_always_items() -> None:
    found = ids(match_obligations(Scenario()))
    assert found == [item.id for item in ITEMS if any(c.always for c in item.applies_when)]
    assert "ungp-17-hrdd" in found


def test_load_register_is_cached_and_complete() -> None:
    first, second = load_register(), load_register()
    assert first is not second  # a fresh list per call: a caller's edits cannot reach the cache
    assert len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))  # the items are cached
    in_files = [
        entry["id"]
        for path in sorted(REGISTER_DIR.glob("*.yaml"))
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    ]
    assert [item.id for item in first] == in_files  # every item of every file, in file-name then file order
    first.clear()
    assert [item.id for item in load_register()] == in_files


def test_eu_internal_sale_triggers_no_export_rules() -> None:
    """A Belgian police buyer of facial recognition: AI Act use rules apply, export-control items do not."""
    scenario = Scenario(
        products=["vms"], capabilities=["facial_recognition"], end_user_types=["police"],
        destinations=["BE"], stage="pre_contract", company_in_eu=True, is_scenario=True,
    )
    found = set(ids(match_obligations(scenario)))
    assert {"aia-5-1-h-real-time-rbi", "aia-annex-iii-1a-high-risk"} <= found
    assert not {"eu821-5-1-cyber-licence", "eu821-5-2-notify", "eu821-12-end-use-statement"} & found
