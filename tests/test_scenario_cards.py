"""Workshop scenario cards: schema, coverage of the workshop matrix, and register consistency."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant import vocab
from assistant.errors import CorpusError
from assistant.register import SCENARIOS_DIR, ScenarioCard, load_register, load_scenario_cards, match_obligations
from assistant.types import Scenario

CARDS = load_scenario_cards()
CARD_IDS = [card.id for card in CARDS]
EU = {
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
}


def test_at_least_twelve_cards_with_unique_ids() -> None:
    assert len(CARDS) >= 12
    assert len(CARD_IDS) == len(set(CARD_IDS))
    assert len(list(SCENARIOS_DIR.glob("*.yaml"))) == len(CARDS)


def test_every_card_file_holds_one_card_with_the_listed_fields() -> None:
    required = {"id", "title", "difficulty", "facts", "question", "discussion", "must_cover", "notes_for_trainer"}
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and required <= set(data), path.name
        assert set(data.get("scenario", {})) <= set(Scenario.model_fields), f"{path.name}: unknown scenario field"


def test_must_cover_ids_exist_in_register() -> None:
    known = {item.id for item in load_register()}
    for card in CARDS:
        assert set(card.must_cover) <= known, card.id
        assert len(card.must_cover) == len(set(card.must_cover)), card.id


def test_difficulties_and_discussion_lengths() -> None:
    assert {card.difficulty for card in CARDS} == {"intro", "intermediate", "advanced"}
    for card in CARDS:
        assert 3 <= len(card.discussion) <= 5, card.id


def test_gold_scenarios_use_vocabularies() -> None:
    for card in CARDS:
        scenario = card.scenario
        assert scenario is not None and scenario.is_scenario, card.id
        assert set(scenario.products) <= set(vocab.PRODUCTS), card.id
        assert set(scenario.capabilities) <= set(vocab.CAPABILITIES), card.id
        assert set(scenario.end_user_types) <= set(vocab.END_USER_TYPES), card.id
        assert scenario.seller_role is None or scenario.seller_role in vocab.SELLER_ROLES, card.id
        assert scenario.stage is None or scenario.stage in vocab.STAGES, card.id
        assert all(len(code) == 2 and code.isupper() for code in [*scenario.destinations, *scenario.transit]), card.id


@pytest.mark.parametrize("card", CARDS, ids=CARD_IDS)
def test_must_cover_items_are_triggered_by_the_gold_scenario(card: ScenarioCard) -> None:
    assert card.scenario is not None
    triggered = {item.id for item, _ in match_obligations(card.scenario, listed_party=card.listed_party)}
    missing = [item_id for item_id in card.must_cover if item_id not in triggered]
    assert not missing, f"{card.id}: must_cover not triggered: {missing}"


def test_cards_span_the_workshop_matrix() -> None:
    scenarios = [card.scenario for card in CARDS if card.scenario is not None]
    products = {p for s in scenarios for p in s.products}
    assert {
        "fixed_camera",
        "ptz_camera",
        "anpr_camera",
        "thermal_camera",
        "vms",
        "video_analytics",
        "cloud_video",
        "camera_chips",
    } <= products
    end_users = {e for s in scenarios for e in s.end_user_types}
    assert {"intermediary", "police", "municipality", "prison", "commercial", "university"} <= end_users
    roles = {s.seller_role for s in scenarios}
    assert {"distributor", "integrator", "maker", "investor", "component_supplier"} <= roles
    destinations = [set(s.destinations) | set(s.transit) for s in scenarios]
    assert any(d == {"IR"} for d in destinations), "Iran direct"
    assert any("AE" in d for d in destinations), "via the UAE"
    assert any(d and d <= EU for d in destinations), "inside the EU"
    assert any(d and not d & (EU | {"IR", "AE"}) for d in destinations), "elsewhere"
    stages = {s.stage for s in scenarios}
    assert {"pre_contract", "after_sale", "misuse_discovered", "investment"} <= stages


def test_questions_are_self_contained() -> None:
    for card in CARDS:
        question = card.question.lower()
        assert question.endswith("?"), card.id
        assert "we are" in question, f"{card.id}: the question should say who is asking"


def test_card_with_unknown_must_cover_raises(tmp_path: Path) -> None:
    directory = tmp_path / "scenarios"
    directory.mkdir()
    card = yaml.safe_load((SCENARIOS_DIR / "05-mall-netherlands.yaml").read_text(encoding="utf-8"))
    card["must_cover"] = ["ungp-17-hrdd", "no-such-item"]
    (directory / "bad.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        load_scenario_cards(directory)
    assert str(excinfo.value) == "bad.yaml: card 'mall-netherlands': must_cover names unknown register items: no-such-item"


def test_card_with_bad_difficulty_raises(tmp_path: Path) -> None:
    directory = tmp_path / "scenarios"
    directory.mkdir()
    card = yaml.safe_load((SCENARIOS_DIR / "05-mall-netherlands.yaml").read_text(encoding="utf-8"))
    card["difficulty"] = "expert"
    (directory / "bad.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        load_scenario_cards(directory)
    assert (
        str(excinfo.value)
        == "bad.yaml: card 'mall-netherlands': difficulty: Input should be 'intro', 'intermediate' or 'advanced'"
    )
