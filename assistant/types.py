"""The data model shared by every stage: sources, chunks, scenarios and answers.

Stages take and return these types; LangChain objects are converted at the edges.
The `Answer` model is the public JSON contract of `ddassist ask --json`, the web
API and the evaluation harness: change it only by adding optional fields.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["law", "standard", "guidance", "report", "case-notes", "digest", "user"]

KIND_LABELS: dict[str, str] = {
    "law": "law",
    "standard": "standard",
    "guidance": "guidance",
    "report": "report",
    "case-notes": "case notes",
    "digest": "project digest",
    "user": "user document",
}


class Source(BaseModel):
    """One entry of the corpus manifest (`corpus/sources.yaml`) or a user document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    short_title: str = ""
    issuer: str = ""
    kind: SourceKind
    jurisdiction: str = ""
    version: str = ""
    url: str = ""
    reuse: str = ""
    files: tuple[str, ...] = ()
    locator_scheme: str = ""
    names: tuple[str, ...] = Field(
        (), description="Regular expressions (case-insensitive) by which a question names this instrument; used to route retrieval to it."
    )
    bundled: bool = Field(False, description="True when the files ship inside the project (digests, case notes).")
    download_urls: dict[str, str] = Field(
        default_factory=dict,
        exclude=True,
        description="Optional direct download URL per file (file name -> URL) for `corpus fetch`, where `url` is a landing page. Excluded from dumps so that it never changes a file's index identity.",
    )


class Chunk(BaseModel):
    """A retrievable passage that knows exactly where it comes from."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    source_id: str
    file: str
    text: str
    locator: str
    section_path: tuple[str, ...] = ()
    page: str | None = None
    page_index: int | None = Field(None, description="0-based physical page in a PDF, for deep links.")
    extra: dict[str, str] = Field(default_factory=dict)


class ScoredChunk(BaseModel):
    """A chunk with its fused retrieval score and the per-retriever ranks behind it."""

    model_config = ConfigDict(frozen=True)

    chunk: Chunk
    score: float
    ranks: dict[str, int] = Field(default_factory=dict)
    similarity: float | None = Field(None, description="Cosine similarity of query and chunk, when the dense retriever saw it.")


class ListedEntity(BaseModel):
    """A party in the facts that corresponds to a sanctions-list entry, and why."""

    mention: str = Field(description="The words of the question that name the party, e.g. 'traffic police in Mashhad'.")
    source_id: str = Field(description="Listing instrument, e.g. eu-359-2011.")
    locator: str = Field(description="Exact index locator of the entry, e.g. 'Annex I — entities, entry 8'.")
    reason: str = Field(description="Why the mention is that entry, in one sentence.")


class Scenario(BaseModel):
    """Facts of a sale, as parsed from the question and earlier turns.

    The values of list fields come from the controlled vocabularies in
    `assistant.vocab`; countries are ISO 3166-1 alpha-2 codes.
    """

    products: list[str] = Field(default_factory=list)
    capabilities: list[str] = Field(default_factory=list)
    seller_role: str | None = None
    buyer: str | None = None
    end_user: str | None = None
    end_user_types: list[str] = Field(default_factory=list)
    destinations: list[str] = Field(default_factory=list)
    transit: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
    stage: str | None = None
    company_in_eu: bool | None = None
    company_country: str | None = Field(None, description="ISO code of the country where the asking company is established, when stated.")
    misuse_indicated: bool | None = Field(
        None, description="True when the facts say the end user intends, or is known, to use the goods for internal repression or serious human-rights abuse."
    )
    misuse_reported_only: bool | None = Field(
        None,
        description="True when the misuse rests only on general reports about the end user or the country (NGO reports, a poor record), not on what this buyer intends with these goods: a serious risk, but not the awareness Article 5(2) of Reg. 2021/821 speaks of.",
    )
    dual_use_listed: bool | None = Field(
        None, description="Whether the product is said to be a dual-use item listed in Annex I of Reg. 2021/821 (True: '6A003-classified'; False: 'not in Annex I')."
    )
    export_region: str | None = Field(
        None, description="A destination outside the EU named only as a region ('a Gulf monarchy', 'South-East Asia', 'abroad')."
    )
    authority_informed: bool | None = Field(
        None, description="True when the competent authority has told the exporter that the items are or may be intended for a controlled use (Reg. 2021/821 Art 5(1))."
    )
    state_access: bool | None = Field(
        None,
        description="True when a state body that is not the buyer can demand, seize or has asked for access to the footage or data (\"police can demand footage\", \"the security service asked for access to the face database\"): a risk to the people recorded, not an end user.",
    )
    licence_granted: bool | None = Field(
        None,
        description="True when the writer already holds a valid individual or global export authorisation for these goods to this end user (Reg. 2021/821 Art 3(1) is met); a licence for another end user, an expired one or one only hoped for does not count.",
    )
    authority_cleared: bool | None = Field(
        None,
        description="True when the competent authority has answered the exporter's notification or enquiry that this export needs no authorisation (Reg. 2021/821 Art 4(2), 5(2): the authority decides).",
    )
    end_use_withheld: bool | None = Field(
        None, description="True when the buyer will not name the end user or end use, or will not sign an end-use statement."
    )
    military_incorporation: bool | None = Field(
        None,
        description="True when the exporter knows that the unlisted goods are to be built into military-list items (armoured vehicles, military drones, warships) for a country under an arms embargo (Reg. 2021/821 Art 4(1)(b) and 4(2)).",
    )
    wmd_end_use: bool | None = Field(
        None, description="True when the facts say the goods are for chemical, biological or nuclear weapons or missiles to deliver them (Reg. 2021/821 Art 4(1)(a))."
    )
    temporary_exhibition: bool | None = Field(
        None, description="True when the goods go abroad only to be shown at a trade fair or exhibition and come back (Union general export authorisation EU004); False when they are to be sold or left there."
    )
    public_domain: bool | None = Field(
        None, description="True when the technology or software is published or openly released (papers, preprints, public repositories): in the public domain (Reg. 2021/821 Annex I, General Technology and Software Notes)."
    )
    prior_diversion: bool | None = Field(
        None, description="True when the buyer or a party in the chain diverted earlier goods to another destination in the past (a red flag for this order, not its destination)."
    )
    third_party_payment: bool | None = Field(
        None, description="True when the price is to be paid by someone other than the buyer (a company the seller does not know) or through a bank in a third country: a sign that the money may come from, or the goods go to, a party behind the buyer who has to be screened (Reg. 359/2011 Art 2(3), 8(2))."
    )
    return_after_repair: bool | None = Field(
        None, description="True when goods exported earlier came back for repair or replacement and go back to the same user (Union general export authorisation EU003)."
    )
    services_only: bool | None = Field(
        None,
        description="True when the writer supplies only services (training, calibration, set-up, maintenance, advice) for goods it does not export itself: technical assistance (Reg. 2021/821 Art 2(9), Art 8), not an export.",
    )
    nationalities: list[str] = Field(
        default_factory=list, description="Nationalities of people in the facts (ISO codes; 'an Iranian citizen living in Germany'), which are not places of the sale."
    )
    border_control: bool | None = Field(
        None, description="True when the system serves migration, asylum or border-control management (border police, coast guard, checks on migrants): AI there is high-risk under Annex III point 7 of the AI Act."
    )
    investee_duty: bool | None = Field(
        None, description="True when an investor or lender asks what the law requires of the company it finances (the investee's export duties decide the verdict)."
    )
    education_assessment: bool | None = Field(
        None, description="True when AI decides admission, evaluates learning outcomes or monitors students during tests (exam proctoring): high-risk under Annex III point 3 of the AI Act."
    )
    public_benefits_assessment: bool | None = Field(
        None, description="True when AI used by or for a public authority scores, evaluates or flags people's eligibility for public assistance benefits (or recommends granting, reducing, revoking or reclaiming them): high-risk under Annex III point 5(a) of the AI Act."
    )
    worker_evaluation: bool | None = Field(
        None, description="True when AI monitors or evaluates workers' performance or behaviour, or feeds hiring, promotion, bonus or contract decisions: high-risk under Annex III point 4 of the AI Act."
    )
    free_zone: bool | None = Field(
        None, description="True when the goods go into a customs-free zone or free warehouse (a freeport): Union general export authorisations do not cover that."
    )
    imports_into_eu: bool | None = Field(
        None, description="True when the writer brings goods into the EU from a non-EU country (sources, buys or imports them from abroad): Reg. 2019/125 Art 4 bans importing Annex II goods."
    )
    biometric_verification: bool | None = Field(
        None, description="True when the face or biometric check is one-to-one verification (confirming people are who they claim to be), not identification: excluded from Annex III point 1(a) of the AI Act and from its bans."
    )
    medical_or_safety_purpose: bool | None = Field(
        None,
        description="True when emotion inference at work or in education is for medical or safety reasons (driver fatigue, operator alertness, a patient's distress): the exception to the ban in Art 5(1)(f) of the AI Act.",
    )
    eu_market: bool | None = Field(
        None,
        description="True when the writer places the product on the EU market or uses it in the EU without naming a Member State ('launch it in Europe', 'clients across the EU'); counts as use in the EU where no place outside the Union is named.",
    )
    member_state_operation: bool | None = Field(
        None,
        description="True when the goods are for a Member State's military or civil personnel taking part in an EU or UN peace-keeping or crisis-management operation abroad (Reg. 2019/125 Art 11(3)).",
    )
    transit_only: bool | None = Field(
        None,
        description="True when non-Union goods only pass through the EU under a transit procedure and are not released there (Reg. 2021/821 Art 7: no export from the Union).",
    )
    advertising: bool | None = Field(
        None,
        description="True when the question is about selling or buying advertising space or time (print, web, broadcast) for the goods (Reg. 2019/125 Art 9).",
    )
    installed_on_site: bool | None = Field(
        None,
        description="True when the writer's own staff install the goods at the end user's site and they stay there (no reseller who could pass them on).",
    )
    research_only: bool | None = Field(
        None,
        description="True when the AI system is only being researched, developed or tested and is not yet placed on the market or put into service (AI Act Art 2(8); testing in real-world conditions is not covered).",
    )
    intra_group_technology: bool | None = Field(
        None,
        description="True when listed software or technology goes to the exporter's own subsidiary or sister company for the group's product development (Union general export authorisation EU007 of Reg. 2021/821).",
    )
    prior_contract_payment: bool | None = Field(
        None,
        description="True when a party listed in Annex I of Reg. 359/2011 is to pay what it owes under a contract made before its listing, and nothing new is supplied (Art 7: the frozen funds are released only with the competent authority's authorisation).",
    )
    freeze_derogation: Literal["basic_needs", "legal_fees", "account_fees", "prior_judgment", "humanitarian", "humanitarian_partner"] | None = Field(
        None,
        description="The purpose of a payment from, or to, a party listed in Annex I of Reg. 359/2011 that a derogation covers: basic needs of the listed person and dependants, legal fees, fees for holding the frozen account (Art 4(1)(a)-(c)), a judgment or arbitral award rendered before the listing (Art 5), humanitarian purposes in Iran (Art 7a(2)), or funds from the EU's pillar-assessed humanitarian partners (Art 7a(1), outside the freeze).",
    )
    export_authorised: bool | None = Field(
        None,
        description="True when the goods a service concerns were exported under an authorisation granted for them (Reg. 2019/125 Art 15(3)(c): minimum assistance to install, operate, maintain or repair them needs none of its own).",
    )
    conflict_area: bool | None = Field(
        None, description="True when the goods are for use in an active armed conflict or conflict-affected area (UNGP 7 and 23: a heightened risk of complicity in gross abuses)."
    )
    annex_iv_listed: bool | None = Field(
        None,
        description="True when the writer states the item is in Annex IV of Reg. 2021/821 (the sensitive dual-use items whose transfer from one Member State to another needs an authorisation, Art 11(1)).",
    )
    cyber_surveillance_item: bool | None = Field(
        None,
        description="False when the writer states the goods are not cyber-surveillance items in the sense of Art 2(20) of Reg. 2021/821 (its classification): the Art 5 catch-all then does not reach them.",
    )
    telecom_items: bool | None = Field(
        None,
        description="True when the writer classifies the goods under the telecommunications entries that Union general export authorisation EU005 covers (5A001.b.2, 5A001.c, 5A001.d, and 5B001 / 5D001 for them), and names no interception entry (5A001.f, 5A001.j, 5D001.e).",
    )
    no_eu_nexus: bool | None = Field(
        None,
        description="True when a company established outside the EU states that the deal has no link to the Union (no EU national, entity, bank or territory involved): EU sanctions and export rules then do not bind it (Reg. 359/2011 Art 15; Reg. 2021/821 governs exports from the Union).",
    )
    worship_monitoring: bool | None = Field(
        None,
        description="True when the cameras or counters are to watch a place of worship (mosques, churches, synagogues, temples) for a state body, police or a religious-affairs authority: a risk to freedom of religion whatever the analytics.",
    )
    past_sale_only: bool | None = Field(
        None,
        description="True when misuse is reported of goods sold and delivered earlier and the writer proposes no new export, update or service: the export rules that bind a proposed export (Art 3, 4, 5 of Reg. 2021/821) have nothing left to decide.",
    )
    services_abroad: bool | None = Field(
        None,
        description="True when the writer supplies only services (training, advice, maintenance) and does so entirely in a third country where it lives or is based, not from within the Union: the service rules of Reg. 2019/125 (Art 2(l), (m)) do not reach it.",
    )
    clinical_imaging: bool | None = Field(
        None,
        description="True when the cameras are clinical or laboratory imaging devices (operating-microscope, endoscope, dental, eye or pathology cameras) that record a patient or a sample for a clinician, not people in a place.",
    )
    bare_detector: bool | None = Field(
        None,
        description="True when the goods are bare infrared detectors or focal-plane arrays (no housing, no lens), the items of control entry 6A002.a that Union general export authorisation EU004 leaves out.",
    )
    network_management: bool | None = Field(
        None,
        description="True when the goods are said to manage or shape network traffic (quality of service or experience, throttling, bandwidth management) and no interception function is recognised: the 5A001.j note excludes such systems from the IP-surveillance entry.",
    )
    national_control_list: bool | None = Field(
        None,
        description="True when the writer states that its Member State has put the goods (or their kind) on a national export control list adopted under Art 9(1) of Reg. 2021/821 for public-security or human-rights reasons: an authorisation is then needed although they are not in Annex I.",
    )
    standard_cryptography: bool | None = Field(
        None,
        description="True when the goods' encryption uses only published or commercial standards (AES, TLS) that the user cannot easily change: the conditions of Union general export authorisation EU008 for 5A002.a.2/.a.3 and 5D002.c.1 items.",
    )
    museum_display: bool | None = Field(
        None, description="True when Annex II goods of Reg. 2019/125 go solely to public display in a museum for their historic significance (the derogations of Art 3(2), 4(2), 5(2): an authorisation, not a ban)."
    )
    eu_protective_use: bool | None = Field(
        None, description="True when the goods are solely for protecting EU or Member State personnel in the country (an EU embassy's or delegation's own security)."
    )
    purpose_outside_rbi_exceptions: bool | None = Field(
        None,
        description="True when live biometric identification is wanted for a purpose outside the AI Act's narrow law-enforcement exceptions (e.g. fare dodgers, pickpockets, unpaid fines, 'agitators'); False when for one of them (a missing child, an imminent attack, a murder suspect).",
    )
    listed_entities: list[ListedEntity] = Field(
        default_factory=list, description="Annex I entries that a named or generic end user (e.g. 'the Iranian traffic police') maps to, with the reason."
    )
    is_scenario: bool = Field(False, description="True when the question describes a transaction.")
    missing: list[str] = Field(default_factory=list, description="Facts that matter and are still unknown.")


class Citation(BaseModel):
    """A numbered citation: `[n]` in the answer text points here."""

    n: int
    source_id: str
    title: str
    kind: str
    locator: str
    page: str | None = None
    quote: str
    chunk_id: str
    url: str = ""
    file: str = Field("", description="Document path relative to the documents directory, or 'bundled:<path>' for project digests.")
    page_number: int | None = Field(None, description="1-based physical PDF page, for #page= deep links.")


class ObligationHit(BaseModel):
    """A register item that the scenario triggers, with the citations supporting it."""

    id: str
    source_id: str
    provision: str
    kind: str
    binding: str
    group: Literal["law", "standards", "red-flags"]
    title: str
    summary: str
    actions: list[str] = Field(default_factory=list)
    confidence: str
    citations: list[int] = Field(default_factory=list)
    why: str = Field("", description="Which scenario facts triggered the item.")


class ScreeningHit(BaseModel):
    """A candidate match of a named party against a sanctions listing."""

    query: str = ""
    name: str
    score: float
    source_id: str
    locator: str
    listed_on: str | None = None
    quote: str
    born: str | None = Field(None, description="The listed person's year of birth as the listing gives it (DOB), to tell namesakes apart.")
    nationality: str | None = Field(None, description="The listed person's nationality as the listing gives it ('Iranian'), to tell namesakes apart.")


class Passage(BaseModel):
    """A retrieved passage as shown to programs (`ddassist search --json`, `Answer.retrieved`)."""

    rank: int
    score: float
    source_id: str
    locator: str
    page: str | None = None
    chunk_id: str
    text: str


Verdict = Literal["prohibited", "licence_required", "notify_authority", "enhanced_due_diligence", "standard_due_diligence"]


class VerdictCondition(BaseModel):
    """A verdict that would follow if a fact not yet known turned out to be true."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    if_: str = Field(alias="if", description="The fact, in plain words: 'the cameras have a thermal channel'.")
    verdict: Verdict
    decisive: list[int] = Field(default_factory=list, description="Citation numbers of the provisions that would decide it.")


class BottomLine(BaseModel):
    """The first thing a compliance officer reads: the decision and what decides it."""

    model_config = ConfigDict(populate_by_name=True)

    verdict: Verdict | None = Field(None, description="None for questions that are not about a transaction.")
    text: str = Field(description="The bottom line in at most about 1,200 characters.")
    decisive: list[int] = Field(default_factory=list, description="Citation numbers of the provisions that decide the verdict or answer.")
    conditions: list[VerdictCondition] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    """The public answer contract (`ddassist ask --json`)."""

    question: str
    answer: str
    bottom_line: BottomLine | None = Field(None, description="Verdict and decisive provisions; None for refusals.")
    refused: bool = False
    refusal_reason: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    scenario: Scenario = Field(default_factory=Scenario)
    obligations: list[ObligationHit] = Field(default_factory=list)
    screening: list[ScreeningHit] = Field(default_factory=list)
    related: list[Citation] = Field(default_factory=list, description="Nearest passages shown with a refusal: related, not an answer.")
    retrieved: list[Passage] = Field(default_factory=list, description="Passages retrieved before answering, best first (for recall@k).")
    warnings: list[str] = Field(default_factory=list)
    engine: str = "grounded"
    corpus_version: str = ""
    timings_ms: dict[str, float] = Field(default_factory=dict)


class Turn(BaseModel):
    """One earlier turn of a conversation."""

    role: Literal["user", "assistant"]
    content: str
