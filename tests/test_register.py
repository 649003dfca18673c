"""The obligations register: schema, vocabularies, verbatim quotes, errors and triggers."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from assistant import vocab
from assistant.errors import CorpusError
from assistant.register import (
    REGISTER_DIR,
    Condition,
    RegisterItem,
    explain_match,
    group_of,
    load_register,
    match_obligations,
    strongest_effect,
)
from assistant.settings import PROJECT_ROOT
from assistant.types import ListedEntity, Scenario
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

# The register's own condition keys: the shared vocabulary plus the keys added for
# the verdict work (listed_entity, authority_informed).
CONDITION_KEYS = frozenset(Condition.model_fields)


def test_condition_keys_extend_the_shared_vocabulary() -> None:
    assert vocab.CONDITION_KEYS <= CONDITION_KEYS
    assert CONDITION_KEYS - vocab.CONDITION_KEYS <= {"listed_entity", "authority_informed"}


def test_register_size_and_unique_ids() -> None:
    assert 80 <= len(ITEMS) <= 140
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
        "freeze_derogation_any": vocab.FREEZE_DEROGATIONS,
    }
    for path in sorted(REGISTER_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            for condition in raw["applies_when"]:
                assert condition and set(condition) <= CONDITION_KEYS, raw["id"]
                for key, value in condition.items():
                    if key in tables:
                        assert set(value) <= set(tables[key]), (raw["id"], key, value)
                    elif key.endswith("_any") or key == "destinations_none":
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
    for principle in (11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24):  # the principle, or its commentary where the expectation is spelt out
        assert ("ungps", f"Principle {principle}") in provisions or ("ungps", f"Principle {principle} — Commentary") in provisions
    for locator in (
        "Article 1a(1)",
        "Annex III — item 7",
        "Annex IV",
        "Article 1b(1)",
        "Article 1b(2)",
        "Article 1c(1)",
        "Article 2(2)",
        "Article 2(3)",
        "Article 8(2)",
        "Article 9(1)",
        "Article 13(1)",
        "Article 15",
    ):
        assert ("eu-359-2011", locator) in provisions, locator
    for locator in (
        "Article 2(2)",
        "Article 2(20)",
        "Article 2(21)",
        "Article 3(1)",
        "Article 4(1)(b)",
        "Article 4(2)",
        "Article 5(1)",
        "Article 5(2)",
        "Article 5(3)",
        "Article 9(1)",
        "Article 12(4)",
        "Article 15(1)",
        "Article 27(1)",
        "Annex I — 6A003",
        "Annex I — 5A001.j",
        "Annex II — EU001",
    ):
        assert ("eu-2021-821", locator) in provisions, locator
    for locator in (
        "Article 2(1)",
        "Article 5(1)(c)",
        "Article 5(1)(d)",
        "Article 5(1)(e)",
        "Article 5(1)(f)",
        "Article 5(1)(g)",
        "Article 5(1)(h)",
        "Annex III — point 1",
        "Annex III — point 3",
    ):
        assert ("eu-ai-act", locator) in provisions, locator
    assert {"eu-2019-125", "csddd-digest", "dihr-csddd-guide", "oecd-mne-digest", "oecd-ddg-digest", "us-dos-2020-digest"} <= {
        item.source_id for item in ITEMS
    }
    assert sum(item.kind == "red-flag" for item in ITEMS) >= 7


# --- verbatim quotes ---------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_quote_is_verbatim_in_source(item: RegisterItem, documents_dir: Path) -> None:
    assert 6 <= len(item.quote.split()) <= 45, f"{item.id}: quote should be 6-45 words"
    assert len(item.quote) <= 300, f"{item.id}: quote should fit one citation (at most 300 characters)"
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
    effect: expected
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


def test_digest_item_cannot_carry_a_decisive_effect(tmp_path: Path) -> None:
    body = (
        GOOD_ITEM.format(id="digest-ban", source_id="oecd-mne-digest", product="fixed_camera")
        .replace('provision: "Principle 17"', 'provision: "Chapter IV — Human rights"')
        .replace("effect: expected", "effect: prohibited")
        .replace("binding: soft-standard", "binding: law")
    )
    with pytest.raises(CorpusError) as excinfo:
        load_register(write_register(tmp_path, body))
    assert str(excinfo.value) == (
        "bad.yaml: item 'digest-ban': effect 'prohibited' needs binding law and an official law source "
        "(source 'oecd-mne-digest' is digest, binding law); use 'expected' or 'context'"
    )


def test_standard_cannot_carry_a_decisive_effect(tmp_path: Path) -> None:
    body = GOOD_ITEM.format(id="ungp-licence", source_id="ungps", product="fixed_camera").replace(
        "effect: expected", "effect: licence_required"
    )
    with pytest.raises(CorpusError) as excinfo:
        load_register(write_register(tmp_path, body))
    assert "effect 'licence_required' needs binding law" in str(excinfo.value)
    assert "(source 'ungps' is standard, binding soft-standard)" in str(excinfo.value)


# --- triggers ----------------------------------------------------------------------

TODAY = date(2026, 11, 29)
LAW_SOURCES = {"eu-2021-821", "eu-359-2011"}


def verdict(scenario: Scenario, listed_party: bool = False, on: date = TODAY) -> tuple[str | None, list[str]]:
    """The strongest effect the scenario triggers and the ids of the items that carry it."""
    effect, items = strongest_effect(match_obligations(scenario, listed_party=listed_party), on=on)
    return effect, [item.id for item in items]


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
    assert verdict(scenario) == ("prohibited", ["eu359-1a-annex-iii-ban"])


def test_visible_light_camera_to_iran_does_not_trigger_annex_iii_ban() -> None:
    found = ids(match_obligations(Scenario(products=["fixed_camera"], destinations=["IR"], end_user_types=["commercial"])))
    assert "eu359-1a-annex-iii-ban" not in found
    assert "eu359-annex-iii-item-7" not in found


def test_iranian_police_with_facial_recognition_without_a_listing_or_misuse_finding() -> None:
    """Police in Iran are the listed LEF, but until the parser or screening says so no prohibition fires."""
    scenario = Scenario(
        products=["ptz_camera", "video_analytics"],
        capabilities=["facial_recognition"],
        end_user_types=["police"],
        destinations=["IR"],
        stage="pre_contract",
        company_in_eu=True,
    )
    found = set(ids(match_obligations(scenario)))
    assert {
        "ungp-19-leverage",
        "eu821-5-3-national-suspicion",
        "eu359-annex-i-security-forces",
        "eu359-8-2-screening",
        "rf-security-end-user",
        "rf-sensitive-analytics",
    } <= found
    assert not {"eu821-5-1-cyber-licence", "eu821-5-2-notify", "eu359-2-asset-freeze"} & found
    assert verdict(scenario)[0] == "expected"
    assert explain_match(next(i for i in ITEMS if i.id == "eu821-5-3-national-suspicion"), scenario) == (
        "export from the EU to IR; capability facial recognition; end user police / law enforcement"
    )


def test_iranian_traffic_police_as_listed_entity_prohibits_even_plain_cctv() -> None:
    entity = ListedEntity(
        mention="traffic police in Shiraz",
        source_id="eu-359-2011",
        locator="Annex I — entities, entry 8",
        reason="The traffic police is part of the Law Enforcement Forces (LEF/FARAJA).",
    )
    scenario = Scenario(
        products=["fixed_camera"], end_user_types=["police"], destinations=["IR"], company_in_eu=True, listed_entities=[entity]
    )
    assert verdict(scenario) == ("prohibited", ["eu359-2-asset-freeze"])
    why = {item.id: reason for item, reason in match_obligations(scenario)}
    assert why["eu359-2-asset-freeze"] == "listed entity: traffic police in Shiraz (Annex I — entities, entry 8)"
    assert {"eu359-9-information", "eu359-annex-i-security-forces", "rf-listed-party-or-associate"} <= set(why)
    assert verdict(scenario.model_copy(update={"listed_entities": []}))[0] == "expected"


def test_listed_party_triggers_asset_freeze_only_when_flagged() -> None:
    scenario = Scenario(products=["fixed_camera"], end_user_types=["prison"], destinations=["IR"], parties=["Evin Prison"])
    assert "eu359-2-asset-freeze" in ids(match_obligations(scenario, listed_party=True))
    assert "eu359-2-asset-freeze" not in ids(match_obligations(scenario, listed_party=False))
    hits = {item.id: why for item, why in match_obligations(scenario, listed_party=True)}
    assert hits["eu359-2-asset-freeze"] == "a named party is on a sanctions list"
    assert verdict(scenario, listed_party=True) == ("prohibited", ["eu359-2-asset-freeze"])


def test_screening_is_expected_for_iran_before_any_party_is_named() -> None:
    scenario = Scenario(products=["fixed_camera"], destinations=["IR"])
    hits = {item.id: item for item, _ in match_obligations(scenario)}
    assert hits["eu359-8-2-screening"].effect == "expected"
    assert "eu359-2-asset-freeze" not in hits
    reseller = Scenario(products=["fixed_camera"], end_user_types=["intermediary"], destinations=["AE"])
    assert "eu359-8-2-screening" in ids(match_obligations(reseller))
    mall = Scenario(products=["fixed_camera"], end_user_types=["commercial"], destinations=["AE"])
    assert "eu359-8-2-screening" not in ids(match_obligations(mall))


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
    assert found == ["ungp-11-respect", "ungp-13-cause-contribute", "ungp-15-policies-processes", "ungp-14-proportionate", "ungp-17-hrdd"]
    iran_items = {item.id for item in ITEMS if any("IR" in (c.destination_or_transit_any or ()) for c in item.applies_when)}
    assert iran_items and not iran_items & set(found)


def test_eu_internal_plain_cctv_has_no_legal_gate() -> None:
    scenario = Scenario(
        products=["fixed_camera", "vms"],
        end_user_types=["municipality"],
        destinations=["DE"],
        stage="contracting",
        company_in_eu=True,
    )
    hits = match_obligations(scenario)
    assert not [item.id for item, _ in hits if item.effect in {"prohibited", "licence_required", "notify_authority"}]
    assert not [item.id for item, _ in hits if item.source_id in LAW_SOURCES]
    assert verdict(scenario) == (
        "expected",
        [
            "oecd-mne-ch2-due-diligence",
            "ungp-11-respect",
            "ungp-13-cause-contribute",
            "ungp-13b-directly-linked",
            "ungp-15-policies-processes",
            "ungp-14-proportionate",
            "ungp-17-hrdd",
            "ungp-18-assess-impacts",
            "usdos-government-end-user-scope",
        ],
    )


def test_no_export_control_or_iran_item_fires_inside_the_eu() -> None:
    """Every product, capability and end user at once, delivered inside the EU: no dual-use or Iran rule."""
    scenario = Scenario(
        products=list(vocab.PRODUCTS),
        capabilities=list(vocab.CAPABILITIES),
        end_user_types=list(vocab.END_USER_TYPES),
        destinations=["FR", "IT"],
        stage="pre_contract",
        company_in_eu=True,
    )
    found = ids(match_obligations(scenario))
    assert not [item_id for item_id in found if item_id.startswith(("eu821-", "eu359-", "eu125-"))]
    assert verdict(scenario) == (
        "prohibited",
        [
            "aia-5-1-c-social-score-practice",
            "aia-5-1-d-crime-prediction-practice",
            "aia-5-1-e-scraping",
            "aia-5-1-f-emotion-workplace-education",
            "aia-5-1-g-biometric-categorisation",
        ],
    )


def test_no_ai_act_use_rule_fires_on_an_export() -> None:
    """Every capability and end user, exported to a third country: only the AI Act scope note."""
    scenario = Scenario(
        products=list(vocab.PRODUCTS),
        capabilities=list(vocab.CAPABILITIES),
        end_user_types=list(vocab.END_USER_TYPES),
        destinations=["CN"],
        company_in_eu=True,
    )
    found = ids(match_obligations(scenario))
    assert [item_id for item_id in found if item_id.startswith("aia-")] == ["aia-2-1-scope"]
    scope = next(item for item in ITEMS if item.id == "aia-2-1-scope")
    assert scope.effect == "context" and "export only" in scope.summary


def test_thermal_camera_to_iran_via_uae_is_prohibited() -> None:
    scenario = Scenario(
        products=["thermal_camera"], destinations=["IR"], transit=["AE"], end_user_types=["intermediary"], company_in_eu=True
    )
    assert verdict(scenario) == ("prohibited", ["eu359-1a-annex-iii-ban"])
    assert {"rf-reexport-uae", "eu359-2-3-circumvention", "eu821-3-listed-licence"} <= set(ids(match_obligations(scenario)))


def test_thermal_camera_export_needs_a_licence_only_if_listed_and_eu001_is_context() -> None:
    to_us = Scenario(products=["thermal_camera"], destinations=["US"], company_in_eu=True)
    assert verdict(to_us) == ("licence_required", ["eu821-3-listed-licence"])
    licence = next(item for item in ITEMS if item.id == "eu821-3-listed-licence")
    assert "depends on its classification" in licence.summary
    found = set(ids(match_obligations(to_us)))
    assert {"eu821-eu001-general-authorisation", "eu821-annex-i-6a003"} <= found
    to_in = Scenario(products=["thermal_camera"], destinations=["IN"], company_in_eu=True)
    assert "eu821-eu001-general-authorisation" not in ids(match_obligations(to_in))
    inside = Scenario(products=["thermal_camera"], destinations=["NL"], company_in_eu=True)
    assert verdict(inside)[0] == "expected"


def test_military_end_user_alone_is_not_a_military_end_use() -> None:
    scenario = Scenario(products=["fixed_camera"], end_user_types=["military"], destinations=["IR"], company_in_eu=True)
    hits = {item.id: item for item, _ in match_obligations(scenario)}
    assert hits["eu821-4-military-end-use"].effect == "context"
    assert hits["eu821-4-2-notify-military"].effect == "context"
    assert verdict(scenario)[0] == "expected"


def test_cyber_surveillance_notification_needs_a_misuse_finding() -> None:
    base = Scenario(
        products=["video_analytics"],
        capabilities=["facial_recognition", "ethnicity_analytics"],
        end_user_types=["police"],
        destinations=["KZ"],
        company_in_eu=True,
    )
    assert verdict(base)[0] == "expected"
    assert "eu821-5-2-notify" not in ids(match_obligations(base))
    flagged = base.model_copy(update={"misuse_indicated": True})
    assert verdict(flagged) == ("notify_authority", ["eu821-5-2-notify"])
    inside = flagged.model_copy(update={"destinations": ["AT"]})
    assert "eu821-5-2-notify" not in ids(match_obligations(inside))


def test_authority_information_makes_the_cyber_licence_decisive() -> None:
    class InformedScenario(Scenario):
        authority_informed: bool | None = None

    scenario = InformedScenario(
        products=["facial_recognition_software"], end_user_types=["police"], destinations=["RS"], authority_informed=True
    )
    assert verdict(scenario) == ("licence_required", ["eu821-5-1-cyber-licence"])
    plain = Scenario(products=["facial_recognition_software"], end_user_types=["police"], destinations=["RS"])
    assert "eu821-5-1-cyber-licence" not in ids(match_obligations(plain))


def test_interception_for_iranian_state_has_no_licence_route() -> None:
    state = Scenario(products=["network_interception"], end_user_types=["government"], destinations=["IR"], company_in_eu=True)
    assert verdict(state) == ("prohibited", ["eu359-1b-2-refusal"])
    # a privately owned operator is not the State as such: prior authorisation, not an outright refusal
    operator = Scenario(products=["network_interception"], end_user_types=["telecom"], destinations=["IR"], company_in_eu=True)
    assert verdict(operator)[0] == "licence_required"
    private = Scenario(products=["network_interception"], end_user_types=["commercial"], destinations=["IR"], company_in_eu=True)
    assert verdict(private) == (
        "licence_required",
        ["eu821-3-listed-licence", "eu359-1b-annex-iv-authorisation", "eu359-1c-monitoring-services"],
    )


def test_emotion_recognition_for_an_eu_school_is_prohibited() -> None:
    scenario = Scenario(
        products=["video_analytics"],
        capabilities=["emotion_recognition"],
        end_user_types=["school"],
        destinations=["FR"],
        company_in_eu=True,
    )
    assert verdict(scenario) == ("prohibited", ["aia-5-1-f-emotion-workplace-education"])
    assert {"aia-annex-iii-3-education", "aia-annex-iii-1a-high-risk"} <= set(ids(match_obligations(scenario)))
    exported = scenario.model_copy(update={"destinations": ["TR"]})
    assert "aia-5-1-f-emotion-workplace-education" not in ids(match_obligations(exported))
    shop = scenario.model_copy(update={"end_user_types": ["commercial"]})
    assert verdict(shop) == (
        "expected",
        [
            "aia-annex-iii-1a-high-risk",
            "btech-end-use",
            "oecd-mne-ch9-technology",
            "ungp-11-respect",
            "ungp-13-cause-contribute",
            "ungp-14-proportionate",
            "ungp-17-hrdd",
            "ungp-18-assess-impacts",
            "ungp-24-prioritise-severity",
        ],
    )


def test_real_time_rbi_for_eu_police_is_not_prohibited_for_the_seller() -> None:
    scenario = Scenario(
        products=["facial_recognition_software"],
        capabilities=["remote_biometric_identification"],
        end_user_types=["police"],
        destinations=["ES"],
        company_in_eu=True,
    )
    hits = {item.id: item for item, _ in match_obligations(scenario)}
    assert hits["aia-5-1-h-real-time-rbi"].effect == "context"
    assert "aia-5-1-e-scraping" not in hits
    effect, decisive = verdict(scenario)
    assert effect == "expected" and "aia-annex-iii-1a-high-risk" in decisive
    scraped = scenario.model_copy(update={"capabilities": ["remote_biometric_identification", "face_scraping"]})
    assert verdict(scraped) == ("prohibited", ["aia-5-1-e-scraping"])


def test_anti_torture_items_never_decide_a_camera_sale() -> None:
    scenario = Scenario(
        products=["fixed_camera", "body_worn_camera"], end_user_types=["prison"], destinations=["EG"], company_in_eu=True
    )
    hits = {item.id: item for item, _ in match_obligations(scenario)}
    assert {"eu125-3-annex-ii-check", "eu125-11-annex-iii-check"} <= set(hits)
    assert {hits["eu125-3-annex-ii-check"].effect, hits["eu125-11-annex-iii-check"].effect} == {"context"}
    inside = scenario.model_copy(update={"destinations": ["PT"]})
    assert not [item_id for item_id in ids(match_obligations(inside)) if item_id.startswith("eu125-")]


def test_csddd_duties_do_not_decide_before_they_apply() -> None:
    scenario = Scenario(
        products=["fixed_camera"],
        end_user_types=["municipality"],
        destinations=["BR"],
        stage="misuse_discovered",
        company_in_eu=True,
    )
    hits = match_obligations(scenario)
    csddd = [item.id for item, _ in hits if item.source_id == "csddd-digest"]
    assert csddd == [
        "csddd-3-1-g-chain-of-activities",
        "csddd-10-11-measures",
        "csddd-10-6-suspension",
        "csddd-12-16-remedy-monitoring",
    ]
    _, now = verdict(scenario, on=TODAY)
    assert not set(csddd) & set(now)
    _, later = verdict(scenario, on=date(2029, 7, 26))
    assert set(csddd) <= set(later)


def test_strongest_effect_of_nothing_and_of_bare_items() -> None:
    assert strongest_effect([], on=TODAY) == (None, [])
    by_id = {item.id: item for item in ITEMS}
    effect, decisive = strongest_effect([by_id["ungp-17-hrdd"], by_id["eu359-15-scope"], by_id["eu821-5-2-notify"]], on=TODAY)
    assert effect == "notify_authority" and [item.id for item in decisive] == ["eu821-5-2-notify"]


def test_decisive_effects_rest_on_official_law() -> None:
    decisive = {item.id for item in ITEMS if item.effect in {"prohibited", "licence_required", "notify_authority"}}
    assert decisive == {
        "eu359-1a-annex-iii-ban",
        "eu359-1b-annex-iv-authorisation",
        "eu359-1b-2-refusal",
        "eu359-1c-monitoring-services",
        "eu359-2-asset-freeze",
        "eu821-3-listed-licence",
        "eu821-annex-i-6a002-detectors",
        "eu821-eu001-free-zone",
        "eu821-eu004-sold-at-fair",
        "eu821-5-1-cyber-licence",
        "eu821-9-1-national-list-licence",
        "eu821-4-1-informed-licence",
        "eu821-5-2-notify",
        "eu821-4-2-notify-incorporation",
        "eu821-4-2-notify-wmd",
        "eu821-6-1-broker-licence",
        "eu821-6-2-broker-notify",
        "eu821-8-1-assistance-licence",
        "eu821-8-2-assistance-notify",
        "aia-5-1-c-social-score-practice",
        "aia-5-1-d-crime-prediction-practice",
        "aia-5-1-e-scraping",
        "aia-5-1-f-emotion-workplace-education",
        "aia-5-1-g-biometric-categorisation",
        "eu125-3-annex-ii-ban",
        "eu125-3-2-museum-authorisation",
        "eu821-11-1-annex-iv-transfer",
        "eu125-4-annex-ii-import-ban",
        "eu125-11-annex-iii-licence",
        "eu125-15-services-licence",
        "eu125-5-transit-ban",
        "eu125-13-transit-torture-use",
        "eu125-9-advertising-ban",
        "eu125-16-annex-iv-licence",
        "eu125-6-brokering-ban",
        "eu125-7-training-ban",
        "aia-5-1-h-use-outside-exceptions",
        "aia-5-3-authorised-use",
        "eu359-1a-2-protective-use",
        "eu359-7-prior-contract-payment",
        "eu359-4-1-release-for-needs-and-fees",
        "eu359-5-1-prior-judgment",
        "eu359-7a-2-humanitarian",
    }
    for item in ITEMS:
        if item.kind == "red-flag" or item.source_id not in {"eu-2021-821", "eu-359-2011", "eu-ai-act", "eu-2019-125"}:
            assert item.effect in {"expected", "context"}, item.id
        if item.binding == "soft-standard":
            assert item.effect == "expected", item.id


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


def test_remote_update_to_a_non_eu_customer_is_an_export() -> None:
    scenario = Scenario(
        products=["fixed_camera"], capabilities=["remote_access"], destinations=["IR"], stage="after_sale", company_in_eu=True
    )
    assert "eu821-2-2-d-electronic-export" in ids(match_obligations(scenario))
    inside = scenario.model_copy(update={"destinations": ["SE"]})
    assert "eu821-2-2-d-electronic-export" not in ids(match_obligations(inside))


def test_eu_police_live_facial_recognition_triggers_ai_act() -> None:
    scenario = Scenario(capabilities=["facial_recognition"], end_user_types=["police"], destinations=["BE"], company_in_eu=True)
    found = ids(match_obligations(scenario))
    assert {"aia-5-1-h-real-time-rbi", "aia-annex-iii-1a-high-risk", "aia-5-1-d-predictive-policing"} <= set(found)
    assert "aia-5-1-e-scraping" not in found
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
        products=["vms"],
        capabilities=["facial_recognition"],
        end_user_types=["police"],
        destinations=["BE"],
        stage="pre_contract",
        company_in_eu=True,
        is_scenario=True,
    )
    found = set(ids(match_obligations(scenario)))
    assert {"aia-5-1-h-real-time-rbi", "aia-annex-iii-1a-high-risk"} <= found
    assert (
        not {"eu821-5-1-cyber-licence", "eu821-5-2-notify", "eu821-5-3-national-suspicion", "eu821-12-end-use-statement"} & found
    )


@pytest.mark.parametrize(
    "products, effect, decisive",
    [
        (["torture_goods"], "prohibited", ["eu125-3-annex-ii-ban"]),
        (["law_enforcement_goods"], "licence_required", ["eu125-11-annex-iii-licence"]),
        (["torture_goods", "law_enforcement_goods"], "prohibited", ["eu125-3-annex-ii-ban"]),
        (["fixed_camera"], "expected", None),
    ],
)
def test_anti_torture_goods_in_a_package_decide_that_part(products: list[str], effect: str, decisive: list[str] | None) -> None:
    scenario = Scenario(products=products, end_user_types=["prison"], destinations=["UG"], company_in_eu=True, is_scenario=True)
    found, ids_ = verdict(scenario)
    assert found == effect
    if decisive is not None:
        assert ids_ == decisive
    inside = scenario.model_copy(update={"destinations": ["FR"]})
    assert verdict(inside)[0] == "expected"  # Articles 3 and 11 govern exports, not sales inside the Union


@pytest.mark.parametrize(
    "purpose, expected",
    [
        (True, ("prohibited", ["aia-5-1-h-use-outside-exceptions"])),  # pickpockets, fare dodgers
        (False, ("licence_required", ["aia-5-3-authorised-use"])),  # a missing child: prior judicial authorisation
        (None, "expected"),  # purpose unstated: no legal effect, only what the standards expect
    ],
)
def test_live_face_matching_by_eu_police_depends_on_the_purpose(purpose: bool | None, expected: tuple[str, list[str]] | str) -> None:
    scenario = Scenario(
        capabilities=["facial_recognition", "remote_biometric_identification"],
        end_user_types=["police"],
        destinations=["NL"],
        purpose_outside_rbi_exceptions=purpose,
        is_scenario=True,
    )
    assert (verdict(scenario)[0] if isinstance(expected, str) else verdict(scenario)) == expected


def test_annex_iii_equipment_for_protecting_eu_staff_needs_a_licence_not_a_ban() -> None:
    base = dict(products=["thermal_camera"], capabilities=["thermal_imaging"], destinations=["IR"], is_scenario=True)
    from assistant.answer.decide import decide

    banned = Scenario(**base)
    protective = Scenario(**base, eu_protective_use=True)
    assert decide(banned, match_obligations(banned), False).verdict == "prohibited"
    decision = decide(protective, match_obligations(protective), False)
    assert decision.verdict == "licence_required"
    ids = [h[0].id for h in decision.decisive]
    assert "eu359-1a-2-protective-use" in ids and "eu359-1a-annex-iii-ban" not in ids
