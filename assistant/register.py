"""The obligations register and the workshop scenario cards.

The register (`corpus/register/*.yaml`) lists what the law, the standards and
the guidance require or expect of a camera seller, each item with the facts
that trigger it and the legal `effect` it has when they hold. `match_obligations`
turns a parsed `Scenario` into the items that apply, with a short reason naming
the facts behind each hit; `strongest_effect` picks the effect that decides the
sale (prohibited > licence_required > notify_authority > expected > context) and
the items carrying it, leaving out obligations not yet applicable (`applies_from`).

Only an item that rests on an official law text with binding "law" may carry a
deciding effect (prohibited, licence_required, notify_authority); the loader
rejects anything else, so a digest, a standard or guidance never decides a sale.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from assistant import vocab
from assistant.errors import CorpusError
from assistant.settings import PROJECT_ROOT
from assistant.types import Scenario
from assistant.vocab import EU_CODES

REGISTER_DIR = PROJECT_ROOT / "corpus" / "register"
SCENARIOS_DIR = PROJECT_ROOT / "corpus" / "scenarios"
SOURCES_FILE = PROJECT_ROOT / "corpus" / "sources.yaml"

Group = Literal["law", "standards", "red-flags"]
GROUP_ORDER: dict[str, int] = {"law": 0, "standards": 1, "red-flags": 2}

Kind = Literal["prohibition", "licence", "notification", "due-diligence", "expectation", "good-practice", "red-flag"]
Binding = Literal["law", "soft-standard", "guidance"]
Timing = Literal["before", "during", "after"]
Confidence = Literal["verified", "likely", "unverified"]
Effect = Literal["prohibited", "licence_required", "notify_authority", "expected", "context"]
EFFECT_STRENGTH: dict[str, int] = {"prohibited": 4, "licence_required": 3, "notify_authority": 2, "expected": 1, "context": 0}

_VOCAB_FIELDS: dict[str, dict[str, str]] = {
    "products_any": vocab.PRODUCTS,
    "capabilities_any": vocab.CAPABILITIES,
    "end_user_types_any": vocab.END_USER_TYPES,
    "seller_roles_any": vocab.SELLER_ROLES,
    "stages_any": vocab.STAGES,
}
_COUNTRY_FIELDS: tuple[str, ...] = ("destinations_any", "transit_any", "destination_or_transit_any", "destinations_none")


class Condition(BaseModel):
    """One AND-set of trigger facts; an item fires when any of its sets matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    always: Literal[True] | None = None
    destinations_any: tuple[str, ...] | None = None
    transit_any: tuple[str, ...] | None = None
    destination_or_transit_any: tuple[str, ...] | None = None
    products_any: tuple[str, ...] | None = None
    capabilities_any: tuple[str, ...] | None = None
    end_user_types_any: tuple[str, ...] | None = None
    seller_roles_any: tuple[str, ...] | None = None
    stages_any: tuple[str, ...] | None = None
    listed_party: Literal[True] | None = None
    listed_entity: Literal[True] | None = Field(
        None, description="A named party is a sanctions hit, or the scenario names a listed entity (Scenario.listed_entities)."
    )
    authority_informed: Literal[True] | None = Field(
        None,
        description="The competent authority has informed the exporter that the items are or may be intended for a controlled use (read from Scenario.authority_informed when the model has it).",
    )
    company_in_eu: bool | None = None
    member_state_operation: Literal[True] | None = Field(
        None, description="The goods are for a Member State's personnel in an EU or UN peace-keeping or crisis-management operation (Scenario.member_state_operation)."
    )
    annex_iv_listed: Literal[True] | None = Field(
        None, description="The item is stated to be in Annex IV of Reg. 2021/821 (Scenario.annex_iv_listed)."
    )
    standard_cryptography: Literal[True] | None = Field(
        None, description="The goods' encryption uses only published or commercial standards the user cannot easily change (Scenario.standard_cryptography)."
    )
    telecom_items: Literal[True] | None = Field(
        None, description="The goods are classified under the telecommunications entries EU005 covers (Scenario.telecom_items)."
    )
    national_control_list: Literal[True] | None = Field(
        None, description="The exporting Member State's national control list covers the unlisted goods (Scenario.national_control_list)."
    )
    museum_display: Literal[True] | None = Field(
        None, description="Annex II goods for public display in a museum (Scenario.museum_display)."
    )
    eu_protective_use: Literal[True] | None = Field(
        None, description="The goods are solely for protecting EU or Member State personnel (Scenario.eu_protective_use)."
    )
    transit_only: Literal[True] | None = Field(
        None, description="Non-Union goods only pass through the EU under a transit procedure (Scenario.transit_only)."
    )
    advertising: Literal[True] | None = Field(
        None, description="The question is about advertising space or time for the goods (Scenario.advertising)."
    )
    intra_group_technology: Literal[True] | None = Field(
        None, description="Software or technology sent to the exporter's own subsidiary or sister company for product development (Scenario.intra_group_technology)."
    )
    prior_contract_payment: Literal[True] | None = Field(
        None, description="A listed party is to pay a debt from a contract made before its listing, nothing new supplied (Scenario.prior_contract_payment)."
    )
    freeze_derogation_any: tuple[str, ...] | None = Field(
        None, description="The payment serves a purpose a freeze derogation of Reg. 359/2011 covers (Scenario.freeze_derogation)."
    )
    export_authorised: Literal[True] | None = Field(
        None, description="The goods the service concerns were exported under an authorisation (Scenario.export_authorised)."
    )
    purpose_within_rbi_exceptions: Literal[True] | None = Field(
        None, description="Live biometric identification is wanted for one of the AI Act's narrow law-enforcement purposes (Scenario.purpose_outside_rbi_exceptions is False)."
    )
    purpose_outside_rbi_exceptions: Literal[True] | None = Field(
        None, description="Live biometric identification is wanted for a purpose outside the AI Act's law-enforcement exceptions (Scenario.purpose_outside_rbi_exceptions)."
    )
    dual_use_listed: Literal[True] | None = Field(
        None, description="The facts state that the item is listed in Annex I of Regulation 2021/821 (e.g. 'classified 5A002.a.2')."
    )
    military_incorporation: Literal[True] | None = Field(
        None, description="The exporter knows the goods are to be built into military-list items for an arms-embargoed country (Scenario.military_incorporation)."
    )
    wmd_end_use: Literal[True] | None = Field(
        None, description="The goods are for chemical, biological or nuclear weapons or their missiles (Scenario.wmd_end_use)."
    )
    bare_detector: Literal[True] | None = Field(
        None, description="The goods are bare infrared detectors or focal-plane arrays, control entry 6A002.a (Scenario.bare_detector)."
    )
    temporary_exhibition: Literal[True] | None = Field(
        None, description="The goods go abroad only for a trade fair or exhibition and come back (Scenario.temporary_exhibition)."
    )
    sold_at_exhibition: Literal[True] | None = Field(
        None, description="Goods taken to a fair are to be sold or left there (Scenario.temporary_exhibition is False)."
    )
    free_zone: Literal[True] | None = Field(
        None, description="The goods go into a customs-free zone or free warehouse (Scenario.free_zone)."
    )
    imports_into_eu: Literal[True] | None = Field(
        None, description="The writer brings the goods into the EU from a non-EU country (Scenario.imports_into_eu)."
    )
    prior_diversion: Literal[True] | None = Field(
        None, description="The buyer or a party in the chain diverted earlier goods elsewhere (Scenario.prior_diversion)."
    )
    third_party_payment: Literal[True] | None = Field(
        None, description="Someone other than the buyer pays, or the money comes through a third-country bank (Scenario.third_party_payment)."
    )
    return_after_repair: Literal[True] | None = Field(
        None, description="The goods came back for repair or replacement and return to the same user (Scenario.return_after_repair)."
    )
    border_control: Literal[True] | None = Field(
        None, description="The system serves migration, asylum or border-control management (Scenario.border_control)."
    )
    education_assessment: Literal[True] | None = Field(
        None, description="AI decides admission, evaluates learning or watches students during tests (Scenario.education_assessment)."
    )
    public_benefits_assessment: Literal[True] | None = Field(
        None, description="AI used by or for a public authority evaluates eligibility for public benefits or recommends cutting or reclaiming them (Scenario.public_benefits_assessment)."
    )
    worker_evaluation: Literal[True] | None = Field(
        None, description="AI monitors or evaluates workers' performance or behaviour, or feeds decisions on their contracts (Scenario.worker_evaluation)."
    )
    services_only: Literal[True] | None = Field(
        None, description="Only services (training, set-up, maintenance, advice) for goods the writer does not export: technical assistance (Scenario.services_only)."
    )
    destinations_none: tuple[str, ...] | None = Field(
        None, description="No destination is one of these countries (an unknown destination passes), e.g. the countries exempted by Art 8(3)(a) of Reg. 2021/821."
    )
    exports_outside_eu: Literal[True] | None = None
    destination_in_eu: Literal[True] | None = None
    misuse_indicated: Literal[True] | None = None
    misuse_intended: Literal[True] | None = Field(
        None, description="Misuse indicated by what the buyer intends with these goods, not only by general reports about its record (Scenario.misuse_reported_only is not True)."
    )

    @field_validator(*_COUNTRY_FIELDS)
    @classmethod
    def _countries(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """Accept only upper-case ISO 3166-1 alpha-2 codes."""
        for code in value or ():
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"unknown vocabulary value {code!r} (expected an ISO 3166-1 alpha-2 code such as IR)")
        return value

    @field_validator(*_VOCAB_FIELDS)
    @classmethod
    def _vocabulary(cls, value: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        """Accept only values of the controlled vocabularies in `assistant.vocab`."""
        allowed = _VOCAB_FIELDS[str(info.field_name)]
        for item in value or ():
            if item not in allowed:
                raise ValueError(f"unknown vocabulary value {item!r} (allowed: {', '.join(sorted(allowed))})")
        return value

    def keys(self) -> list[str]:
        """The condition keys this set uses."""
        return [name for name in type(self).model_fields if getattr(self, name) is not None]


class RegisterItem(BaseModel):
    """One obligation, expectation, good practice or red flag of the register."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3, max_length=120)
    source_id: str
    provision: str = Field(min_length=1)
    kind: Kind
    effect: Effect = Field(
        description="Legal effect when the conditions hold: prohibited (no licence route), licence_required, notify_authority (notify and await the decision), expected (standards, due diligence), context (background, scope, red flags)."
    )
    applies_from: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Date from which the obligation applies, when it is not yet in force (e.g. CSDDD).",
    )
    binding: Binding
    timing: tuple[Timing, ...] = Field(min_length=1)
    applies_when: tuple[Condition, ...] = Field(min_length=1)
    summary: str = Field(min_length=10)
    actions: tuple[str, ...] = Field(min_length=1)
    evidence_query: str = Field(min_length=3)
    quote: str = Field(min_length=10)
    confidence: Confidence

    @field_validator("applies_when")
    @classmethod
    def _no_empty_sets(cls, value: tuple[Condition, ...]) -> tuple[Condition, ...]:
        """Reject a condition set with no keys (it would never be meant to fire)."""
        for condition in value:
            if not condition.keys():
                raise ValueError("empty condition set in applies_when")
        return value


class ScenarioCard(BaseModel):
    """A workshop scenario card with the register items a good answer covers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    difficulty: Literal["intro", "intermediate", "advanced"]
    facts: str = Field(min_length=50)
    question: str = Field(min_length=20)
    discussion: tuple[str, ...] = Field(min_length=3, max_length=5)
    must_cover: tuple[str, ...] = Field(min_length=1)
    notes_for_trainer: str = Field(min_length=20)
    scenario: Scenario | None = Field(None, description="The facts a correct parse of `question` yields (gold for the parser).")
    listed_party: bool = Field(False, description="True when a named party of the card is on a sanctions list.")


def group_of(item: RegisterItem) -> Group:
    """The answer section an item belongs to: red flags, binding law, or standards."""
    if item.kind == "red-flag":
        return "red-flags"
    if item.binding == "law":
        return "law"
    return "standards"


@lru_cache(maxsize=4)
def _source_kinds(sources_file: Path) -> dict[str, str]:
    """The source ids declared in a corpus manifest, each with its kind (law, standard, digest, ...)."""
    try:
        data = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{sources_file}: cannot read the source manifest ({exc}). Restore corpus/sources.yaml.") from exc
    return {str(entry["id"]): str(entry.get("kind", "")) for entry in data.get("sources", [])}


def _source_ids(sources_file: Path) -> frozenset[str]:
    """The source ids declared in a corpus manifest."""
    return frozenset(_source_kinds(sources_file))


# Effects that decide a sale as a matter of law: only an item resting on an official legal
# text with binding "law" may carry them (a digest, a standard or guidance never decides).
DECISIVE_LAW_EFFECTS: frozenset[str] = frozenset({"prohibited", "licence_required", "notify_authority"})


def _read_yaml_list(path: Path, key: str) -> list[object]:
    """Read `path` and return the list under `key`, raising CorpusError on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path.name}: cannot parse YAML ({exc}). Fix the file syntax.") from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CorpusError(f"{path.name}: top-level key '{key}:' with a list is missing. Add it.")
    return data[key]


def _first_error(exc: ValidationError) -> str:
    """One readable line from a pydantic validation error."""
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


@lru_cache(maxsize=8)
def _load_register_cached(directory: Path) -> tuple[RegisterItem, ...]:
    """Load and validate every register file in `directory` (cached)."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CorpusError(f"{directory}: no register files (*.yaml). Point to corpus/register.")
    sources_file = directory.parent / "sources.yaml"
    kinds = _source_kinds(sources_file if sources_file.exists() else SOURCES_FILE)
    known = frozenset(kinds)
    items: list[RegisterItem] = []
    seen: dict[str, str] = {}
    for path in files:
        for index, raw in enumerate(_read_yaml_list(path, "items")):
            item_id = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
            try:
                item = RegisterItem.model_validate(raw)
            except ValidationError as exc:
                raise CorpusError(f"{path.name}: item '{item_id}': {_first_error(exc)}") from exc
            if item.id in seen:
                raise CorpusError(f"{path.name}: item '{item.id}': duplicate id (first defined in {seen[item.id]})")
            if item.source_id not in known:
                raise CorpusError(
                    f"{path.name}: item '{item.id}': unknown source_id '{item.source_id}' (not in corpus/sources.yaml)"
                )
            if item.effect in DECISIVE_LAW_EFFECTS and (item.binding != "law" or kinds[item.source_id] != "law"):
                raise CorpusError(
                    f"{path.name}: item '{item.id}': effect '{item.effect}' needs binding law and an official law source "
                    f"(source '{item.source_id}' is {kinds[item.source_id] or 'unclassified'}, binding {item.binding}); "
                    "use 'expected' or 'context'"
                )
            seen[item.id] = path.name
            items.append(item)
    return tuple(items)


def load_register(directory: Path | None = None) -> list[RegisterItem]:
    """All register items, validated, in file-name then file order."""
    return list(_load_register_cached((directory or REGISTER_DIR).resolve()))


@lru_cache(maxsize=8)
def _load_cards_cached(directory: Path, register_dir: Path) -> tuple[ScenarioCard, ...]:
    """Load and validate every scenario card in `directory` (cached)."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CorpusError(f"{directory}: no scenario cards (*.yaml). Point to corpus/scenarios.")
    known = {item.id for item in _load_register_cached(register_dir)}
    cards: list[ScenarioCard] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CorpusError(f"{path.name}: cannot parse YAML ({exc}). Fix the file syntax.") from exc
        card_id = raw.get("id", path.stem) if isinstance(raw, dict) else path.stem
        try:
            card = ScenarioCard.model_validate(raw)
        except ValidationError as exc:
            raise CorpusError(f"{path.name}: card '{card_id}': {_first_error(exc)}") from exc
        if card.id in seen:
            raise CorpusError(f"{path.name}: card '{card.id}': duplicate id (first defined in {seen[card.id]})")
        unknown = [item_id for item_id in card.must_cover if item_id not in known]
        if unknown:
            raise CorpusError(f"{path.name}: card '{card.id}': must_cover names unknown register items: {', '.join(unknown)}")
        seen[card.id] = path.name
        cards.append(card)
    return tuple(cards)


def load_scenario_cards(directory: Path | None = None, register_dir: Path | None = None) -> list[ScenarioCard]:
    """All workshop scenario cards, validated against the register."""
    return list(_load_cards_cached((directory or SCENARIOS_DIR).resolve(), (register_dir or REGISTER_DIR).resolve()))


def _label(table: dict[str, str], key: str) -> str:
    """The human-readable label of a vocabulary key."""
    return table.get(key, key.replace("_", " "))


_DEROGATION_REASONS = {
    "basic_needs": "a payment for basic needs of the listed person or a dependant (rent, food, medicine, taxes, utilities)",
    "legal_fees": "a payment of legal fees",
    "account_fees": "fees for holding or maintaining the frozen funds",
    "prior_judgment": "a judgment, award or lien from before the listing",
    "humanitarian": "a payment for exclusively humanitarian purposes in Iran",
    "humanitarian_partner": "funds from a pillar-assessed humanitarian partner of the Union",
}


def _match_condition(condition: Condition, scenario: Scenario, listed_party: bool) -> list[str] | None:
    """The facts that satisfy every key of `condition`, or None when one key fails."""
    reasons: list[str] = []
    if condition.always:
        reasons.append("applies to every sale")
    if condition.listed_party:
        if not listed_party:
            return None
        reasons.append("a named party is on a sanctions list")
    if condition.listed_entity:
        if listed_party:
            reasons.append("a named party is on a sanctions list")
        elif scenario.listed_entities:
            named = "; ".join(f"{entity.mention} ({entity.locator})" for entity in scenario.listed_entities)
            reasons.append(f"listed entity: {named}")
        else:
            return None
    if condition.authority_informed:
        if getattr(scenario, "authority_informed", None) is not True:
            return None
        reasons.append("the competent authority has informed the exporter")
    if condition.misuse_intended:
        if not scenario.misuse_indicated or scenario.misuse_reported_only:
            return None
        reasons.append("your due diligence indicates the goods are intended for repression or serious abuse")
    if condition.misuse_indicated:
        if not scenario.misuse_indicated:
            return None
        reasons.append("the facts indicate use for internal repression or serious abuse")
    if condition.member_state_operation:
        if scenario.member_state_operation is not True:
            return None
        reasons.append("the goods are for Member State personnel in an EU or UN peace-keeping or crisis-management operation")
    if condition.annex_iv_listed:
        if scenario.annex_iv_listed is not True:
            return None
        reasons.append("the item is listed in Annex IV of Regulation 2021/821")
    if condition.telecom_items:
        if scenario.telecom_items is not True:
            return None
        reasons.append("the goods are classified under 5A001.b.2, 5A001.c or 5A001.d (or their test equipment and software)")
    if condition.national_control_list:
        if scenario.national_control_list is not True:
            return None
        reasons.append("the goods are on the exporting Member State's national control list (Article 9)")
    if condition.standard_cryptography:
        if scenario.standard_cryptography is not True:
            return None
        reasons.append("the encryption uses only published or commercial standards the user cannot easily change")
    if condition.museum_display:
        if scenario.museum_display is not True:
            return None
        reasons.append("the goods are for public display in a museum for their historic significance")
    if condition.eu_protective_use:
        if scenario.eu_protective_use is not True:
            return None
        reasons.append("the goods are solely for protecting EU or Member State personnel")
    if condition.transit_only:
        if scenario.transit_only is not True:
            return None
        reasons.append("non-Union goods only pass through the EU under a transit procedure")
    if condition.advertising:
        if scenario.advertising is not True:
            return None
        reasons.append("advertising space or time for the goods")
    if condition.intra_group_technology:
        if scenario.intra_group_technology is not True:
            return None
        reasons.append("software or technology sent within the group for product development")
    if condition.prior_contract_payment:
        if scenario.prior_contract_payment is not True:
            return None
        reasons.append("a payment owed under a contract made before the listing")
    if condition.freeze_derogation_any:
        if scenario.freeze_derogation not in condition.freeze_derogation_any:
            return None
        reasons.append(_DEROGATION_REASONS.get(scenario.freeze_derogation, "a payment a freeze derogation covers"))
    if condition.export_authorised:
        if scenario.export_authorised is not True:
            return None
        reasons.append("the goods were exported under an authorisation")
    if condition.purpose_within_rbi_exceptions:
        if scenario.purpose_outside_rbi_exceptions is not False:
            return None
        reasons.append("the stated purpose is one of the Article 5(1)(h) exceptions")
    if condition.purpose_outside_rbi_exceptions:
        if scenario.purpose_outside_rbi_exceptions is not True:
            return None
        reasons.append("the stated purpose is outside the Article 5(1)(h) exceptions")
    if condition.military_incorporation:
        if scenario.military_incorporation is not True:
            return None
        reasons.append("the goods are to be built into military items for an arms-embargoed country")
    if condition.wmd_end_use:
        if scenario.wmd_end_use is not True:
            return None
        reasons.append("the goods are for weapons of mass destruction or their delivery")
    if condition.sold_at_exhibition:
        if scenario.temporary_exhibition is not False:
            return None
        reasons.append("goods taken to a fair are to be sold or left there")
    if condition.free_zone:
        if scenario.free_zone is not True:
            return None
        reasons.append("the goods go into a customs-free zone or free warehouse")
    if condition.imports_into_eu:
        if scenario.imports_into_eu is not True:
            return None
        reasons.append("the goods are brought into the EU from outside it")
    if condition.bare_detector:
        if scenario.bare_detector is not True:
            return None
        reasons.append("the goods are bare infrared detectors or focal-plane arrays")
    if condition.temporary_exhibition:
        if scenario.temporary_exhibition is not True:
            return None
        reasons.append("a temporary export for a trade fair or exhibition, brought back afterwards")
    if condition.prior_diversion:
        if scenario.prior_diversion is not True:
            return None
        reasons.append("earlier goods were diverted from their declared destination")
    if condition.third_party_payment:
        if scenario.third_party_payment is not True:
            return None
        reasons.append("the price is paid by a third party or through a bank in a third country")
    if condition.return_after_repair:
        if scenario.return_after_repair is not True:
            return None
        reasons.append("the goods return to the same user after repair or replacement")
    if condition.border_control:
        if scenario.border_control is not True:
            return None
        reasons.append("used in migration, asylum or border-control management")
    if condition.education_assessment:
        if scenario.education_assessment is not True:
            return None
        reasons.append("AI used to admit, assess or proctor students")
    if condition.public_benefits_assessment:
        if scenario.public_benefits_assessment is not True:
            return None
        reasons.append("AI used by a public authority to assess eligibility for public benefits")
    if condition.worker_evaluation:
        if scenario.worker_evaluation is not True:
            return None
        reasons.append("AI used to monitor or evaluate workers")
    if condition.services_only:
        if scenario.services_only is not True:
            return None
        reasons.append("only services (technical assistance), no goods exported by you")
    if condition.dual_use_listed:
        if scenario.dual_use_listed is not True:
            return None
        reasons.append("the item is stated to be listed in Annex I")
    if condition.company_in_eu is not None:
        if scenario.company_in_eu is None or scenario.company_in_eu != condition.company_in_eu:
            return None
        reasons.append("company established in the EU" if condition.company_in_eu else "company established outside the EU")
    places = [*scenario.destinations, *scenario.transit]
    if condition.exports_outside_eu:
        outside = [code for code in places if code not in EU_CODES]
        if not outside and not scenario.export_region:
            return None
        reasons.append(f"export from the EU to {', '.join(outside) or scenario.export_region}")
    if condition.destination_in_eu:
        inside = [code for code in scenario.destinations if code in EU_CODES]
        if not inside and not scenario.eu_market:
            return None
        reasons.append(f"use in the EU ({', '.join(inside)})" if inside else "placed on the EU market or used in the EU")
    country_checks: list[tuple[tuple[str, ...] | None, list[str], str]] = [
        (condition.destinations_any, scenario.destinations, "destination"),
        (condition.transit_any, scenario.transit, "transit"),
        (condition.destination_or_transit_any, [*scenario.destinations, *scenario.transit], "destination/transit"),
    ]
    for wanted, present, label in country_checks:
        if wanted is None:
            continue
        hits = [code for code in wanted if code in present]
        if not hits:
            return None
        reasons.append(f"{label} {', '.join(hits)}")
    if condition.destinations_none is not None:
        if any(code in condition.destinations_none for code in scenario.destinations):
            return None
        reasons.append("no destination among the exempted countries")
    list_checks: list[tuple[tuple[str, ...] | None, list[str], dict[str, str], str]] = [
        (condition.products_any, scenario.products, vocab.PRODUCTS, "product"),
        (condition.capabilities_any, scenario.capabilities, vocab.CAPABILITIES, "capability"),
        (condition.end_user_types_any, scenario.end_user_types, vocab.END_USER_TYPES, "end user"),
        (condition.seller_roles_any, [scenario.seller_role] if scenario.seller_role else [], vocab.SELLER_ROLES, "seller role"),
        (condition.stages_any, [scenario.stage] if scenario.stage else [], vocab.STAGES, "stage"),
    ]
    for wanted, present, table, label in list_checks:
        if wanted is None:
            continue
        hits = [value for value in wanted if value in present]
        if not hits:
            return None
        reasons.append(f"{label} {', '.join(_label(table, value) for value in hits)}")
    return reasons


def explain_match(item: RegisterItem, scenario: Scenario, listed_party: bool = False) -> str | None:
    """Why `item` applies to `scenario` (facts of the first matching condition set), or None."""
    for condition in item.applies_when:
        reasons = _match_condition(condition, scenario, listed_party)
        if reasons is not None:
            return "; ".join(reasons)
    return None


def match_obligations(
    scenario: Scenario, listed_party: bool = False, items: list[RegisterItem] | None = None
) -> list[tuple[RegisterItem, str]]:
    """Register items the scenario triggers, law first, then standards, then red flags, each with its reason."""
    hits: list[tuple[RegisterItem, str]] = []
    for item in items if items is not None else load_register():
        why = explain_match(item, scenario, listed_party)
        if why is not None:
            hits.append((item, why))
    return sorted(hits, key=lambda hit: GROUP_ORDER[group_of(hit[0])])


def applies_on(item: RegisterItem, on: date) -> bool:
    """True when `item` is applicable on `on` (no `applies_from`, or that date has been reached)."""
    return item.applies_from is None or date.fromisoformat(item.applies_from) <= on


def strongest_effect(
    hits: Iterable[tuple[RegisterItem, str]] | Iterable[RegisterItem], on: date | None = None
) -> tuple[Effect | None, list[RegisterItem]]:
    """The strongest `effect` among matched items and the items that carry it, in input order.

    `hits` are `match_obligations` pairs or bare items. Items not yet applicable on `on`
    (default: today) are left out, since an obligation that does not yet apply cannot decide a
    sale. Returns `(None, [])` when nothing applicable is left.
    """
    when = on or date.today()
    items = [hit[0] if isinstance(hit, tuple) else hit for hit in hits]
    live = [item for item in items if applies_on(item, when)]
    if not live:
        return None, []
    top = max(EFFECT_STRENGTH[item.effect] for item in live)
    decisive = [item for item in live if EFFECT_STRENGTH[item.effect] == top]
    return decisive[0].effect, decisive
