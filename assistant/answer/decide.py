"""The verdict layer: from the register items that apply on the stated facts to a decision.

The verdict is the strongest legal effect among the items that apply (prohibited >
licence required > notify the authority); where none applies, the facts decide between
enhanced and ordinary due diligence (corpus/decision.yaml). Facts that are unknown but
would change the verdict are tested one at a time ("what if the cameras had a thermal
channel?") and reported as conditions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import CorpusError
from assistant.register import EFFECT_STRENGTH, RegisterItem, applies_on, group_of
from assistant.settings import PROJECT_ROOT
from assistant.types import Scenario
from assistant.vocab import EU_CODES

DECISION_FILE = PROJECT_ROOT / "corpus" / "decision.yaml"

VERDICTS: tuple[str, ...] = ("prohibited", "licence_required", "notify_authority", "enhanced_due_diligence", "standard_due_diligence")
VERDICT_RANK: dict[str, int] = {v: len(VERDICTS) - n for n, v in enumerate(VERDICTS)}
LEGAL_EFFECTS: frozenset[str] = frozenset({"prohibited", "licence_required", "notify_authority"})
VERDICT_LABELS: dict[str, str] = {
    "prohibited": "Prohibited",
    "licence_required": "Licence required",
    "notify_authority": "Notify the authority",
    "enhanced_due_diligence": "Enhanced due diligence",
    "standard_due_diligence": "Standard due diligence",
}

Hit = tuple[RegisterItem, str]
Matcher = Callable[[Scenario, bool], list[Hit]]


@dataclass(frozen=True)
class WhyNot:
    """The provision that explains why no licence or ban applies, for a verdict without a legal bar."""

    when: str  # outside_eu | handcuffs | thermal_unlisted | transit | transit_law_enforcement | research | military_eu | services_listed | iran_nationality | iran_unlisted | iran_diversion | brokering | authorised_service | network_management | export | services | eu_internal | eu_ai | ai_abroad | anpr_eu | analytics_eu | plain_eu | verification | services_abroad
    source_id: str
    locator: str
    text: str

    def applies(self, scenario: Scenario) -> bool:
        places = [*scenario.destinations, *scenario.transit]
        outside = any(c not in EU_CODES for c in places) or (not places and bool(scenario.export_region))
        inside = (bool(places) or bool(scenario.eu_market)) and not outside
        ai = bool(set(scenario.capabilities) & _AI_CAPABILITIES)
        # dual-use rules are about surveillance goods; with no such goods named (handcuffs, a question
        # about the standards) they explain nothing
        goods = bool(scenario.capabilities) or any(p not in _NOT_DUAL_USE_GOODS for p in scenario.products)
        if self.when == "outside_eu":  # a non-EU company whose deal has no link to the Union: EU sanctions and export rules do not reach it
            return bool(scenario.no_eu_nexus) and scenario.company_in_eu is False and not set(scenario.nationalities) & EU_CODES and not set(places) & EU_CODES
        if self.when == "iran_nationality":
            return "IR" in scenario.nationalities and "IR" not in places and not scenario.listed_entities
        if self.when == "iran_diversion":  # Annex III goods of Reg. 359/2011 for a go-between in a hub next to Iran, Iran not named
            annex_iii = bool({"thermal_camera", "night_vision"} & set(scenario.products) or {"thermal_imaging", "night_vision"} & set(scenario.capabilities))
            go_between = "intermediary" in scenario.end_user_types or bool(scenario.end_use_withheld) or bool(scenario.prior_diversion)
            hubs = load_rules().diversion_hubs
            return annex_iii and go_between and "IR" not in places and bool(set(places) & hubs) and not scenario.services_only
        if self.when == "iran_unlisted":
            return "IR" in places and goods and not (set(scenario.products) & _IRAN_ANNEX_GOODS or set(scenario.capabilities) & _IRAN_ANNEX_CAPABILITIES)
        if self.when == "handcuffs":  # ordinary handcuffs leave the EU without an EU authorisation (Annex III item 1.1, note 3)
            return outside and "handcuffs" in scenario.products and not set(scenario.products) & {"law_enforcement_goods", "torture_goods"}
        if self.when == "transit":
            return bool(scenario.transit_only) and goods
        if self.when == "transit_law_enforcement":  # Annex III goods only passing through: Reg. 2019/125 Art 11(1), second sentence
            return bool(scenario.transit_only) and "law_enforcement_goods" in scenario.products and "torture_goods" not in scenario.products
        if self.when == "research":  # AI still in research or lab testing, not placed on the market or put into service
            return bool(scenario.research_only) and ai
        if self.when == "military_eu":  # AI for a Member State's armed forces alone, e.g. guarding a depot: outside the Act
            return inside and "military" in scenario.end_user_types and (ai or bool(set(scenario.capabilities) & {"video_analytics", "crowd_analytics", "anpr"}))
        if self.when == "anpr_eu":
            return inside and "anpr" in scenario.capabilities and not ai
        if self.when == "analytics_eu":  # people counting, heat maps, intrusion or object detection: no biometric use
            return inside and not ai and bool(set(scenario.capabilities) & {"crowd_analytics", "video_analytics"}) and "anpr" not in scenario.capabilities
        if self.when == "plain_eu":
            return (
                inside and bool(scenario.products) and set(scenario.products) <= _RECORDING_ONLY and not scenario.biometric_verification
                and set(scenario.capabilities) <= {"cloud_storage", "remote_access", "audio_recording"}
            )
        if self.when == "verification":
            return inside and bool(scenario.biometric_verification)
        if self.when == "services_listed":
            listed = scenario.dual_use_listed is True or bool({"thermal_camera", "night_vision", "network_interception"} & set(scenario.products))
            return bool(scenario.services_only) and listed and scenario.dual_use_listed is not False
        if self.when == "services_abroad":  # an EU national living abroad trains or advises there on anti-torture goods
            return bool(scenario.services_abroad) and bool(set(scenario.products) & {"law_enforcement_goods", "torture_goods"})
        if self.when == "services":
            return bool(scenario.services_only) and goods
        if self.when == "public_domain":  # published papers, preprints, open repositories: outside the control list (GTN, GSN)
            return bool(scenario.public_domain) and not scenario.dual_use_listed
        if self.when == "cleared":  # the authority has answered a notification that no authorisation is needed
            return bool(scenario.authority_cleared) and outside
        if self.when == "brokering":  # an EU broker of goods that never pass through the Union: Art 6 only after the authority's word
            return scenario.seller_role == "broker" and goods and not (scenario.authority_informed or scenario.wmd_end_use or scenario.military_incorporation)
        if self.when == "authorised_service":  # installing, servicing or patching goods whose export was licensed: GTN / GSN c
            return outside and bool(scenario.export_authorised) and goods and not set(scenario.products) & _NOT_DUAL_USE_GOODS
        if self.when == "network_management":  # traffic shaping and QoS boxes: excluded from 5A001.j by its note
            return outside and bool(scenario.network_management) and "interception" not in scenario.capabilities and not scenario.dual_use_listed
        if self.when == "thermal_unlisted":  # a thermal camera classified out of 6A003.b.4.b (Note 3: 9 Hz or less, wide IFOV)
            thermal = "thermal_camera" in scenario.products or "thermal_imaging" in scenario.capabilities
            return outside and thermal and scenario.dual_use_listed is False and not scenario.services_only
        if self.when == "export":
            return outside and goods and not scenario.services_only
        if self.when == "eu_internal":
            return inside and goods and not ai
        if self.when == "ai_abroad":  # biometric or emotion AI sold for use outside the EU only: AI Act Art 2(1)
            return outside and ai and not scenario.research_only and not scenario.eu_market and not any(c in EU_CODES for c in places)
        if self.when == "eu_ai":
            return inside and ai and not scenario.research_only
        return False


_RECORDING_ONLY = frozenset({"fixed_camera", "ptz_camera", "body_worn_camera", "vms", "cloud_video"})
_NOT_DUAL_USE_GOODS = frozenset({"torture_goods", "law_enforcement_goods", "capital_punishment_goods", "riot_gear", "handcuffs"})
# Goods and functions that Annexes III and IV of Regulation 359/2011 cover (banned or needing authorisation for Iran)
_IRAN_ANNEX_GOODS = frozenset({"thermal_camera", "night_vision", "network_interception", "riot_gear", "law_enforcement_goods", "torture_goods"})
_IRAN_ANNEX_CAPABILITIES = frozenset({"thermal_imaging", "night_vision", "interception"})
_AI_CAPABILITIES = frozenset(
    {"facial_recognition", "remote_biometric_identification", "emotion_recognition", "biometric_categorisation", "ethnicity_analytics", "gait_recognition"}
)


@dataclass(frozen=True)
class DecisionRules:
    """The data of corpus/decision.yaml."""

    high_risk: dict[str, frozenset[str]]
    diversion_hubs: frozenset[str]
    diversion_flags: frozenset[str]
    generic_cameras: frozenset[str]
    general_authorisations: dict[str, frozenset[str]]
    standards_by_stage: dict[str, tuple[str, ...]]
    export_law_sources: frozenset[str]
    annex_i_licence_items: frozenset[str]
    advisory_flags: frozenset[str] = frozenset()
    investor_law_items: frozenset[str] = frozenset()
    export_only_items: frozenset[str] = frozenset()
    union_services_items: frozenset[str] = frozenset()
    low_risk_destinations: frozenset[str] = frozenset()
    security_user_flags: frozenset[str] = frozenset()
    why_not: tuple[WhyNot, ...] = ()
    # goods a general authorisation leaves out (EU007: technology for 5A001.j interception and 4A005 intrusion items)
    authorisation_exclusions: dict[str, frozenset[str]] = field(default_factory=dict)
    protective_use_lifts: frozenset[str] = frozenset()
    museum_lifts: frozenset[str] = frozenset()
    cyber_surveillance_items: frozenset[str] = frozenset()
    law_enforcement_lifts: frozenset[str] = frozenset()
    medical_safety_lifts: frozenset[str] = frozenset()
    use_facts: dict[str, str] = field(default_factory=dict)  # high-risk use item -> the Scenario fact it needs

    def preferred_standards(self, stage: str | None) -> tuple[str, ...]:
        """Register ids of the standards cited first at this stage of a deal."""
        return self.standards_by_stage.get(stage or "default", self.standards_by_stage.get("default", ()))


def _check_codes(path: Path, data: dict) -> None:
    """Every list of country codes holds strings: a bare NO (Norway) reads as false in YAML and would drop out silently."""
    lists = {key: data.get(key) for key in ("diversion_hubs", "low_risk_destinations")}
    lists.update({f"high_risk.{k}": v for k, v in (data.get("high_risk") or {}).items() if k == "destinations"})
    for key, values in lists.items():
        bad = [v for v in values or () if not isinstance(v, str)]
        if bad:
            raise CorpusError(f"{path}: `{key}` holds {bad!r}, not country codes; quote codes that YAML reads as booleans, e.g. \"NO\" for Norway.")


@lru_cache(maxsize=4)
def load_rules(path: Path = DECISION_FILE) -> DecisionRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    _check_codes(path, data)
    return DecisionRules(
        high_risk={k: frozenset(v) for k, v in data["high_risk"].items() if k != "use_facts"},
        use_facts={str(k): str(v) for k, v in (data["high_risk"].get("use_facts") or {}).items()},
        diversion_hubs=frozenset(data["diversion_hubs"]),
        diversion_flags=frozenset(data.get("diversion_flags") or ()),
        generic_cameras=frozenset(data["generic_cameras"]),
        general_authorisations={k: frozenset(v) for k, v in (data.get("general_authorisations") or {}).items()},
        standards_by_stage={k: tuple(v) for k, v in (data.get("standards_by_stage") or {}).items()},
        export_law_sources=frozenset(data.get("export_law_sources") or ()),
        annex_i_licence_items=frozenset(data.get("annex_i_licence_items") or ()),
        advisory_flags=frozenset(data.get("advisory_flags") or ()),
        investor_law_items=frozenset(data.get("investor_law_items") or ()),
        export_only_items=frozenset(data.get("export_only_items") or ()),
        union_services_items=frozenset(data.get("union_services_items") or ()),
        low_risk_destinations=frozenset(data.get("low_risk_destinations") or ()),
        security_user_flags=frozenset(data.get("security_user_flags") or ()),
        protective_use_lifts=frozenset(data.get("protective_use_lifts") or ()),
        museum_lifts=frozenset(data.get("museum_lifts") or ()),
        cyber_surveillance_items=frozenset(data.get("cyber_surveillance_items") or ()),
        law_enforcement_lifts=frozenset(data.get("law_enforcement_lifts") or ()),
        medical_safety_lifts=frozenset(data.get("medical_safety_lifts") or ()),
        authorisation_exclusions={str(k): frozenset(v) for k, v in (data.get("authorisation_exclusions") or {}).items()},
        why_not=tuple(WhyNot(str(w["when"]), str(w["source"]), str(w["locator"]), str(w["text"])) for w in data.get("why_not") or ()),
    )


@dataclass
class Condition:
    """A verdict that would follow if an unknown fact were true."""

    fact: str
    verdict: str
    decisive: list[Hit]


@dataclass
class Decision:
    """The verdict on the stated facts, what decides it, and what else applies."""

    verdict: str | None
    decisive: list[Hit] = field(default_factory=list)
    supporting: list[Hit] = field(default_factory=list)
    other_law: list[Hit] = field(default_factory=list)
    expected: list[Hit] = field(default_factory=list)
    flags: list[Hit] = field(default_factory=list)
    context: list[Hit] = field(default_factory=list)
    risk: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    listed: bool = False
    general_authorisation: Hit | None = None

    @property
    def label(self) -> str:
        return VERDICT_LABELS.get(self.verdict or "", "")


def _is_digest(item: RegisterItem) -> bool:
    return item.source_id.endswith("-digest") or item.source_id.endswith("-notes")


def _decisive_order(hit: Hit) -> tuple[int, int]:
    item = hit[0]
    return (1 if _is_digest(item) else 0, 1 if item.provision.startswith("Annex") else 0)


def _annex_of(item: RegisterItem) -> tuple[str, str]:
    match = re.match(r"Annex [IVX]+", item.provision)
    return (item.source_id, match.group(0) if match else "")


def high_risk_uses(scenario: Scenario, hits: list[Hit], rules: DecisionRules) -> list[Hit]:
    """The AI Act high-risk uses among `hits` that make a sale enhanced: the item applies and the use itself is stated."""
    wanted = rules.high_risk.get("uses", frozenset())
    return [
        hit for hit in hits
        if hit[0].id in wanted and (hit[0].id not in rules.use_facts or getattr(scenario, rules.use_facts[hit[0].id], None) is True)
    ]


# Facts about the deal that raise a lawful sale to enhanced due diligence by themselves, with the reason shown
_FACT_REASONS = (
    ("listed_entities", "an end user corresponds to a sanctions listing"),
    ("prior_diversion", "earlier goods were diverted from their declared destination"),
    ("conflict_area", "the goods are for use in an area of armed conflict"),
    ("state_access", "a state body can demand or has asked for access to the footage or data"),
    ("third_party_payment", "the price is paid by a third party or through a bank in a third country"),
    ("end_use_withheld", "the buyer withholds the end user or the end-use statement"),
    ("worship_monitoring", "cameras watching a place of worship for a state body (freedom of religion)"),
)
_IRANIAN_BUYER_FLAGS = frozenset({"rf-iran-public-buyers", "rf-police-network-connection"})
# Iran's order that shops, offices and clinics connect their CCTV to the police concerns cameras watching a site
_SURVEILLANCE_SITE_FLAGS = frozenset({"rf-police-network-connection"})
_DIVERSION_GOODS = frozenset({"thermal_camera", "night_vision", "network_interception"})


def _diversion_signal(scenario: Scenario) -> bool:
    """Whether a sale through a trading hub next to Iran shows a sign of diversion, so that the hub's re-export risk
    calls for enhanced due diligence: an Iran link, withheld end users, a free zone, goods whose supply for use in Iran
    is banned, a listed or security end user, or a reseller whose final customers are not stated. A long-standing
    distributor that installs the goods itself in named local hotels and malls shows none."""
    if {"IR"} & {*scenario.destinations, *scenario.transit, *scenario.nationalities}:
        return True
    if scenario.end_use_withheld or scenario.free_zone or scenario.listed_entities or scenario.misuse_indicated or scenario.prior_diversion:
        return True
    if _DIVERSION_GOODS & {*scenario.products, *scenario.capabilities}:
        return True
    users = set(scenario.end_user_types)
    if users & {"police", "security_service", "military", "government", "prison", "intelligence"}:
        return True
    return not users or users <= {"intermediary"}


def risk_reasons(scenario: Scenario, matched: list[Hit], rules: DecisionRules, authorised: bool = False) -> list[str]:
    """Why a sale with no legal bar still needs enhanced due diligence (empty: ordinary due diligence).

    `authorised`: a Union general export authorisation covers these goods to these destinations, so what the goods
    can do no longer makes an allied country's police an unusual buyer.
    """
    hr = rules.high_risk
    reasons: list[str] = []
    if scenario.misuse_indicated:
        reasons.append("the facts point to use for internal repression or serious abuse")
    if scenario.stage in hr.get("stages", ()):
        reasons.append("misuse has been reported")
    caps = [c for c in scenario.capabilities if c in hr.get("capabilities", ())] + [p for p in scenario.products if p in hr.get("products", ())]
    if caps:
        reasons.append("high-risk capability: " + ", ".join(c.replace("_", " ") for c in dict.fromkeys(caps)))
    users = [u for u in scenario.end_user_types if u in hr.get("end_user_types", ())]
    places_all = [*scenario.destinations, *scenario.transit]
    # a named region ("a Gulf monarchy") may be another destination; "outside the EU" only says the goods leave the Union
    region = scenario.export_region and not re.fullmatch(r"(?:outside|beyond) the (?:eu|union|european union)", scenario.export_region, re.IGNORECASE)
    in_union = (set(places_all) <= rules.low_risk_destinations) if places_all else bool(scenario.eu_market)  # "a Schengen border agency"
    ordinary_ally = bool(users and (places_all or scenario.eu_market) and not region and in_union and (not caps or authorised) and not scenario.misuse_indicated)
    # a Member State's own contingent in an EU or UN operation is an EU end user wherever it serves (Reg. 2019/125 Art 11(3))
    ordinary_ally = ordinary_ally or bool(users and scenario.member_state_operation and not caps and not scenario.misuse_indicated)
    # a repair visit on goods whose export the authority licensed for this very end user, with nothing new and no sign of
    # misuse: the authority weighed that end user when it granted the export (e.g. Reg. 2019/125 Art 15(3)(c))
    ordinary_ally = ordinary_ally or bool(users and scenario.export_authorised and scenario.services_only and not caps and not scenario.misuse_indicated)
    if ordinary_ally:
        users = []  # police in the Union or an EU001 country buying ordinary equipment: proportionate, not enhanced
    if users:
        reasons.append("security-sector end user: " + ", ".join(users))
    public = [u for u in scenario.end_user_types if u in hr.get("public_authority_users", ())]
    watching = [c for c in scenario.capabilities if c in hr.get("public_surveillance_capabilities", ())]
    abroad = [c for c in places_all if c not in EU_CODES and c not in rules.low_risk_destinations]
    if not places_all and region:
        abroad = [str(scenario.export_region)]  # "safe-city projects in Gulf states and Central Asia": a region, no country named
    if public and watching and abroad and not users:
        reasons.append(f"surveillance ({', '.join(c.replace('_', ' ') for c in watching[:2])}) for a public authority ({public[0]}) in {', '.join(abroad)}")
    # a Member State's own mission is the only user: the country is where it stands, not who uses the goods
    # an operating-microscope or pathology camera films a patient or a sample, not people in a place: the country's
    # record of surveillance is no risk of these goods (screening of every party still applies)
    clinical = bool(scenario.clinical_imaging and not caps and not users and not watching and not scenario.misuse_indicated)
    places = [] if (scenario.eu_protective_use and not scenario.misuse_indicated) or clinical else [c for c in [*scenario.destinations, *scenario.transit] if c in hr.get("destinations", ())]
    if places:
        reasons.append("destination " + ", ".join(places))
    uses = [item for item, _ in high_risk_uses(scenario, matched, rules)]
    if uses:
        reasons.append("high-risk use: " + uses[0].title)
    reasons += [reason for fact, reason in _FACT_REASONS if getattr(scenario, fact)]
    flags = [
        item.title.removeprefix("Red flag: ") for item, _ in matched
        if group_of(item) == "red-flags" and item.id not in rules.advisory_flags and not (ordinary_ally and item.id in rules.security_user_flags)
        # a demo unit that comes back, a repair returned to its user or a service visit moves no goods to a new hand
        # nor do goods our own staff install at the end user's site, where they stay
        and not ((scenario.temporary_exhibition or scenario.return_after_repair or scenario.services_only or scenario.installed_on_site) and item.id in rules.diversion_flags)
        and not (item.id in rules.diversion_flags and not _diversion_signal(scenario))
        # an EU or Member State mission buying for its own protection is no Iranian public buyer
        and not (scenario.eu_protective_use and item.id in _IRANIAN_BUYER_FLAGS)
        and not (clinical and item.id in _SURVEILLANCE_SITE_FLAGS)
        # source code sent to the group's own R&D arm under EU007: no customer asks for the analytics, the developers hold them
        and not (authorised and scenario.intra_group_technology and item.id == "rf-sensitive-analytics")
    ]
    if flags:
        reasons.append("red flag: " + flags[0])
    return reasons


def _apply_general_authorisation(decision: Decision, matched: list[Hit], rules: DecisionRules, scenario: Scenario) -> None:
    """A Union general export authorisation that covers every licence item turns the licence into ordinary due diligence."""
    if decision.verdict != "licence_required":
        return
    if scenario.free_zone or scenario.wmd_end_use or scenario.military_incorporation or scenario.authority_informed:
        return  # Union general authorisations exclude free zones and free warehouses, and uses the exporter knows of or was told of
    needed = {item.id for item, _ in decision.decisive}
    outside = {c for c in [*scenario.destinations, *scenario.transit] if c not in EU_CODES}
    for item, why in matched:
        covers = rules.general_authorisations.get(item.id)
        facts = {*scenario.products, *scenario.capabilities, *scenario.end_user_types, *(["bare_detector"] if scenario.bare_detector else [])}
        if rules.authorisation_exclusions.get(item.id, frozenset()) & facts:
            continue  # goods or end users this authorisation leaves out
        countries = {c for cond in item.applies_when for c in (cond.destinations_any or ())}
        # every country the goods leave the EU for is one it covers (an exception without a country list covers all)
        if covers and needed <= covers and (outside <= countries or not countries):
            decision.general_authorisation = (item, why)
            decision.other_law = decision.decisive + decision.other_law
            decision.decisive = []
            decision.verdict = None
            return


def decide(scenario: Scenario, matched: list[Hit], listed: bool, rules: DecisionRules | None = None) -> Decision:
    """The decision on the stated facts (without conditions; see `with_conditions`)."""
    rules = rules or load_rules()
    if not scenario.is_scenario:
        return Decision(verdict=None, context=list(matched))
    today = date.today()
    if scenario.dual_use_listed is False:  # "it is not in Annex I": the listed-item licence does not decide
        matched = [h for h in matched if h[0].id not in rules.annex_i_licence_items]
    if scenario.licence_granted:  # the authorisation Art 3(1) asks for is already held for this export: what remains is due diligence
        matched = [h for h in matched if h[0].id != "eu821-3-listed-licence"]
    legal = [h for h in matched if h[0].effect in LEGAL_EFFECTS and not _is_digest(h[0]) and applies_on(h[0], today)]
    if scenario.museum_display:  # Reg. 2019/125 Art 3(2), 4(2), 5(2): Annex II goods for a museum's public display need an authorisation
        legal = [h for h in legal if h[0].id not in rules.museum_lifts]
    if "police" in scenario.end_user_types and set(scenario.end_user_types) <= {"police", "intermediary"}:
        # AI Act Art 5(1)(g), last sentence: categorising biometric data in the area of law enforcement is outside the ban
        legal = [h for h in legal if h[0].id not in rules.law_enforcement_lifts]
    if scenario.cyber_surveillance_item is False:  # Art 5 reaches only cyber-surveillance items (Art 2(20)); the writer classified them out
        legal = [h for h in legal if h[0].id not in rules.cyber_surveillance_items]
    if scenario.eu_protective_use:  # Art 1a(2): the ban gives way to an authorisation for the protection of EU personnel
        legal = [h for h in legal if h[0].id not in rules.protective_use_lifts]
    if scenario.research_only:  # AI Act Art 2(8): research, development and lab testing before the market are outside the Act
        legal = [h for h in legal if h[0].source_id != "eu-ai-act"]
    if scenario.prior_contract_payment or scenario.freeze_derogation:
        # Arts 4, 5, 7, 7a Reg. 359/2011: a pre-listing debt, basic needs, fees, an earlier judgment or humanitarian aid paid from or to
        # frozen funds need the authority's release, not a ban (and the Union's humanitarian partners need none, Art 7a(1))
        legal = [h for h in legal if h[0].id != "eu359-2-asset-freeze"]
    if scenario.medical_or_safety_purpose:  # Art 5(1)(f) AI Act: emotion inference for medical or safety reasons is not banned
        legal = [h for h in legal if h[0].id not in rules.medical_safety_lifts]
    if scenario.authority_cleared:  # Art 4(2), 5(2), 6(2), 8(2): the authority, notified, has decided that no authorisation is needed
        legal = [h for h in legal if h[0].effect != "notify_authority"]
    if scenario.no_eu_nexus and scenario.company_in_eu is False and not set(scenario.nationalities) & EU_CODES and not {*scenario.destinations, *scenario.transit} & EU_CODES:
        # Reg. 359/2011 Art 15 and Reg. 2021/821 reach the Union's territory, its nationals and companies and business done in it
        legal = [h for h in legal if h[0].source_id not in rules.export_law_sources]
    if scenario.seller_role == "investor" and not scenario.investee_duty:  # a shareholder is bound by the financing rules, not by the seller's duties
        legal = [h for h in legal if h[0].id in rules.investor_law_items]
    # goods between third countries, a service on goods, or goods only passing through (unless the authority imposed a licence, Art 7(2))
    if scenario.seller_role == "broker" or scenario.services_only or scenario.advertising or (scenario.transit_only and not scenario.authority_informed):
        legal = [h for h in legal if h[0].id not in rules.export_only_items]  # someone else exported: not an export from the Union
    if scenario.past_sale_only and scenario.stage == "misuse_discovered":
        # misuse reported of goods delivered years ago, with nothing more to ship: the rules on a proposed export decide nothing
        legal = [h for h in legal if h[0].id not in rules.export_only_items]
    if scenario.services_abroad:  # Reg. 2019/125 Art 2(l), (m): its service rules bind suppliers acting from within the Union
        legal = [h for h in legal if h[0].id not in rules.union_services_items]
    strongest = max((EFFECT_STRENGTH[h[0].effect] for h in legal), default=0)
    decision = Decision(verdict=None, listed=listed)
    if strongest:
        effect = next(e for e, s in EFFECT_STRENGTH.items() if s == strongest)
        decision.verdict = effect
        decision.decisive = sorted((h for h in legal if h[0].effect == effect), key=_decisive_order)
        decision.other_law = [h for h in legal if h[0].effect != effect]
    if decision.verdict and scenario.company_in_eu is False and set(scenario.nationalities) & EU_CODES and any(h[0].source_id == "eu-359-2011" for h in decision.decisive):
        # a company outside the Union, bound through its EU national staff: Art 15(c) is why the ban reaches this deal
        scope = next((h for h in matched if h[0].id == "eu359-15-scope"), None)
        if scope is not None and scope not in decision.decisive:
            decision.decisive.append(scope)
    _apply_general_authorisation(decision, matched, rules, scenario)
    decision.risk = risk_reasons(scenario, matched, rules, authorised=decision.general_authorisation is not None)
    if scenario.research_only:  # no product on the market or in service yet: what it can do is not yet a use to assess
        decision.risk = [r for r in decision.risk if not r.startswith(("high-risk capability", "high-risk use", "red flag"))]
    if decision.general_authorisation is not None:
        # a Union general authorisation covers these goods to these allies: what the goods can do is the reason the
        # licence exists, which the authorisation has already granted; only facts about this deal raise the risk
        decision.risk = [r for r in decision.risk if not r.startswith("high-risk capability")]
    if decision.verdict is None:
        decision.verdict = "enhanced_due_diligence" if decision.risk else "standard_due_diligence"
    referred = {(h[0].source_id, m) for h in decision.decisive for m in re.findall(r"Annex [IVX]+", h[0].quote + " " + h[0].summary)}
    for hit in matched:
        item = hit[0]
        if hit in decision.decisive or hit in decision.other_law or hit == decision.general_authorisation:
            continue
        group = group_of(item)
        if group == "red-flags":
            decision.flags.append(hit)
        elif item.effect == "expected":
            decision.expected.append(hit)
        elif item.provision.startswith("Annex") and _annex_of(item) in referred and " — entities" not in item.provision:
            decision.supporting.append(hit)
        else:
            decision.context.append(hit)
    return decision


_NO_THERMAL = re.compile(r"\b(?:no|not|without|lacks?|only)\b[^.?!]{0,40}\b(?:thermal|night[- ]vision|infra-?red)\b|\bvisible[- ]light only\b|\bonly visible\b", re.IGNORECASE)


def _probes(scenario: Scenario, text: str, listed: bool, rules: DecisionRules) -> list[tuple[str, Scenario, bool]]:
    """Unknown facts worth testing: (fact in plain words, scenario with the fact, listed party)."""
    probes: list[tuple[str, Scenario, bool]] = []
    places = {*scenario.destinations, *scenario.transit}
    thermal_known = {"thermal_camera", "night_vision"} & set(scenario.products) or {"thermal_imaging", "night_vision"} & set(scenario.capabilities)
    software_only = not scenario.products and "interception" in scenario.capabilities  # call or traffic analysis has no sensor
    if not thermal_known and not software_only and not _NO_THERMAL.search(text) and (not scenario.products or set(scenario.products) & rules.generic_cameras):
        probes.append((
            "any camera has a thermal-imaging or night-vision channel",
            scenario.model_copy(update={"products": [*scenario.products, "thermal_camera"], "capabilities": [*scenario.capabilities, "thermal_imaging"]}),
            listed,
        ))
    if "IR" not in places and places & rules.diversion_hubs:
        probes.append(("the goods are meant for use in Iran (re-export or onward supply)", scenario.model_copy(update={"transit": [*scenario.transit, "IR"]}), listed))
    if not listed and ("IR" in places or places & rules.diversion_hubs):
        probes.append(("the buyer, end user, an owner or a manager is listed in Annex I of Regulation 359/2011", scenario, True))
    outside = any(c not in EU_CODES for c in places)
    if scenario.misuse_indicated is None and outside:
        probes.append((
            "your due diligence shows the end user intends the system for internal repression or serious human-rights violations",
            scenario.model_copy(update={"misuse_indicated": True}),
            listed,
        ))
    if scenario.company_in_eu is None and places:
        probes.append(("your company is established in the EU", scenario.model_copy(update={"company_in_eu": True}), listed))
    return probes


def with_conditions(decision: Decision, scenario: Scenario, text: str, match: Matcher, rules: DecisionRules | None = None, limit: int = 3) -> Decision:
    """Add the verdicts that unknown facts would bring, strongest first (at most `limit`)."""
    rules = rules or load_rules()
    if decision.verdict is None:
        return decision
    found: list[Condition] = []
    for fact, changed, listed in _probes(scenario, text, decision.listed, rules):
        other = decide(changed, match(changed, listed), listed, rules)
        if other.verdict and VERDICT_RANK[other.verdict] > VERDICT_RANK[decision.verdict] and other.verdict in LEGAL_EFFECTS:
            found.append(Condition(fact=fact, verdict=other.verdict, decisive=other.decisive[:2]))
    found.sort(key=lambda c: -VERDICT_RANK[c.verdict])
    decision.conditions = found[:limit]
    return decision
