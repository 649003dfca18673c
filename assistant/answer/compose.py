"""Composition: the answer text and its bottom line, written from the decision and the evidence.

Scenario answers open with the bottom line (verdict, the two to four provisions that decide
it with short verbatim quotes, the next steps); then, compactly, what the standards expect,
the red flags present and the facts to establish; everything else goes under "Details".
Factual answers give the direct answer first, then one to three passages. Follow-ups say
what the new facts change. Only passages that are shown are cited, each once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answer.decide import LEGAL_EFFECTS, VERDICT_LABELS, Decision, Hit, high_risk_uses, load_rules
from assistant.answer.evidence import Evidence, RegisterEvidence, Titles, best_window, kind_note, locator_words, pinned_quote, short_quote
from assistant.answer.gates import REFUSAL_HEADLINE
from assistant.answer.routing import RegisterHints
from assistant.register import RegisterItem, group_of
from assistant.search import Searcher
from assistant.settings import AnswerSettings
from assistant.text import normalise_space, shown_quote, tokenize, whole_sentences
from assistant.types import BottomLine, Citation, ObligationHit, Scenario, ScoredChunk, ScreeningHit, VerdictCondition
from assistant.vocab import CAPABILITIES, END_USER_TYPES, EU_CODES, PRODUCTS, SELLER_ROLES, STAGES

SHORT_QUOTE = 240
_EXPORT_WORDS = re.compile(r"\b(?:export\w*|licen[cs]\w*|authori[sz]ation|dual[- ]use|broker\w*|permits?|outside the (?:EU|Union))\b", re.IGNORECASE)
_HEADLINES: dict[str, str] = {
    "prohibited": "**Prohibited — do not proceed.** No licence or authorisation can make this sale lawful on the facts given.",
    "licence_required": "**Licence required — do not ship before the competent authority grants the authorisation.**",
    "notify_authority": "**Notify the authority — tell the competent authority and wait for its decision before exporting.**",
    "enhanced_due_diligence": "**Enhanced due diligence — no legal bar found on these facts, but the risk is serious.** Proceed only after heightened checks, and decline or stop if the risk cannot be prevented or mitigated.",
    "standard_due_diligence": "**Standard due diligence — no legal bar found on these facts.** The sale may go ahead with ordinary, proportionate due diligence.",
}



_IRAN_WORDS = re.compile(r"\b(?:iran\w*|persian|tehran|irgc|basij|naja|faraja|359/2011)\b", re.IGNORECASE)
_TORTURE_WORDS = re.compile(
    r"\b(?:tortur\w*|2019/125|restraints?|hand-?cuffs?|batons?|shackles?|leg irons|shock|stun|spiked?|gallows|guillotines?|electric chairs?|execution|capital punishment|death penalty|lethal injection)\b",
    re.IGNORECASE,
)


# Goods and functions with no AI system in them: recording, optics, sensors, storage, interception kit, restraints
_NO_AI_PRODUCTS = frozenset(
    {"fixed_camera", "ptz_camera", "thermal_camera", "night_vision", "body_worn_camera", "vms", "cloud_video", "camera_chips", "drone",
     "network_interception", "torture_goods", "riot_gear", "handcuffs", "law_enforcement_goods", "capital_punishment_goods"}
)
_NO_AI_CAPABILITIES = frozenset({"thermal_imaging", "night_vision", "remote_access", "cloud_storage", "audio_recording", "interception", "covert"})
_AI_WORDS = re.compile(
    r"\b(?:AI|A\.I(?=\.)|artificial intelligence|2024/1689|algorithm\w*|machine[- ]learning|neural|deep[- ]learning|models?|analytics|recogni[sz]\w*|biometric\w*|smart)\b",
    re.IGNORECASE,
)


def off_jurisdiction(scenario: Scenario, question: str) -> frozenset[str]:
    """Instruments that do not govern this sale and are not asked about: the Iran regulation with no Iranian place
    or route, the anti-torture regulation for goods outside its annexes, the AI Act for goods with no AI in them."""
    excluded: set[str] = set()
    places = {*scenario.destinations, *scenario.transit}
    if not scenario.is_scenario:
        return frozenset()
    # an unknown third-party payer may be a listed party or its front: the asset-freeze screening rules stay in view
    if not (places & ({"IR"} | load_rules().diversion_hubs)) and not scenario.listed_entities and not scenario.third_party_payment and not _IRAN_WORDS.search(question):
        excluded.add("eu-359-2011")
    if not set(scenario.products) & {"torture_goods", "law_enforcement_goods", "capital_punishment_goods", "riot_gear", "handcuffs"} and not _TORTURE_WORDS.search(question):
        excluded.add("eu-2019-125")
    if (
        scenario.products and set(scenario.products) <= _NO_AI_PRODUCTS and set(scenario.capabilities) <= _NO_AI_CAPABILITIES
        and not (scenario.border_control or scenario.education_assessment or scenario.worker_evaluation or scenario.public_benefits_assessment)
        and not _AI_WORDS.search(question)
    ):
        excluded.add("eu-ai-act")  # "a reseller in Yerevan wants 300 dome cameras": the AI Act's definition of a distributor answers nothing
    return frozenset(excluded)


def _standards_key(decision: Decision, scenario: Scenario) -> str | None:
    """Which list of corpus/decision.yaml `standards_by_stage` orders the standards: an ordinary sale cites the
    proportionality of due diligence, a sale to security forces with signs of abuse Principle 23(c), an investor
    its own link, otherwise the stage of the deal."""
    if decision.verdict == "standard_due_diligence" and decision.general_authorisation is None:
        return "standard"
    if (
        scenario.misuse_indicated
        and scenario.seller_role != "investor"
        and scenario.stage in {None, "pre_contract", "contracting"}
        and set(scenario.end_user_types) & {"police", "security_service", "military", "prison"}
    ):
        return "gross_risk"
    return "investment" if scenario.seller_role == "investor" else scenario.stage


def _headline(verdict: str, scenario: Scenario) -> str:
    """The verdict's headline; a broker or a provider of technical assistance exports nothing, so it waits before going ahead."""
    text = _HEADLINES[verdict]
    if scenario.seller_role == "broker" or scenario.services_only or scenario.transit_only:
        text = text.replace("do not ship before", "do not go ahead before").replace("before exporting", "before going ahead")
    if scenario.prior_contract_payment:  # Art 7 of 359/2011: the old debt waits for the authority's release of the frozen funds
        text = text.replace("do not ship before", "do not accept the payment before")
    elif scenario.freeze_derogation:  # Arts 4, 5, 7a of 359/2011: the payment waits for the authority's authorisation
        text = text.replace("do not ship before", "do not make the payment before")
    return text


@dataclass
class Composed:
    """What composition adds to the question: text, bottom line, citations, obligations."""

    text: str
    bottom_line: BottomLine | None
    citations: list[Citation]
    obligations: list[ObligationHit]


_LISTING_ENTRY = re.compile(r"Annex I — (?:persons|entities), entry \d+")

class Composer:
    """Writes answers; holds what every answer needs (searcher, register evidence and hints, limits)."""

    def __init__(self, searcher: Searcher, evidence: RegisterEvidence, hints: RegisterHints, titles: Titles, config: AnswerSettings) -> None:
        self.searcher = searcher
        self.titles = titles
        self.official = {sid for sid, (_, kind, _url) in titles.items() if kind in {"law", "standard"}}
        self.register_evidence = evidence
        self.hints = hints
        self.config = config

    # --- building blocks -----------------------------------------------------------

    def _cite_item(self, evidence: Evidence, item: RegisterItem, max_chars: int | None = None) -> tuple[int | None, str]:
        """Cite the official passage of a register item; (marker, short quote) or (None, '') when not indexed."""
        chunk = self.register_evidence.chunk(item)
        if chunk is None:
            return None, ""
        full = pinned_quote(item, chunk, self.config.max_quote_chars)
        n = evidence.cite(chunk, full)
        return n, short_quote(item, chunk, max_chars or SHORT_QUOTE)

    def _cite_listing(self, evidence: Evidence, hit: ScreeningHit) -> int | None:
        for row in self.searcher.rows(hit.source_id):
            if row["locator"] == hit.locator:
                return evidence.cite(self.searcher.chunk(row["chunk_id"]), whole_sentences(hit.quote, self.config.max_quote_chars))
        return None

    def _cite_locator(self, evidence: Evidence, source_id: str, locator: str, near: str = "") -> int | None:
        """Cite the passage at `locator`: its opening, or with `near` the window closest to those words (a note deep in an annex item)."""
        chunks = [self.searcher.chunk(row["chunk_id"]) for row in self.searcher.rows(source_id) if row["locator"] == locator]
        if not chunks:
            return None
        if not near:
            return evidence.cite(chunks[0], whole_sentences(chunks[0].text, self.config.max_quote_chars))
        terms = set(tokenize(near))
        chunk = max(chunks, key=lambda c: len(terms & set(tokenize(c.text))))  # a long annex item is split over several chunks
        return evidence.cite(chunk, best_window(chunk.text, near, min(self.config.max_quote_chars, 240)))  # the sentence itself, not its neighbours

    def _ranked(self, hits: list[Hit], vector: np.ndarray | None, stage: str | None = None) -> list[Hit]:
        """Standards a lawyer cites first at this stage (corpus/decision.yaml), then the closest to the question; digests last."""
        preferred = load_rules().preferred_standards(stage)

        def key(hit: Hit) -> tuple[int, bool, float]:
            item = hit[0]
            rank = preferred.index(item.id) if item.id in preferred else len(preferred)
            return (rank, item.source_id.endswith("-digest"), -self.hints.similarity(vector, item) if vector is not None else 0.0)

        return sorted(hits, key=key)

    # --- scenario memo ------------------------------------------------------------

    def memo(
        self, question: str, scenario: Scenario, decision: Decision, screening: list[ScreeningHit], vector: np.ndarray | None, matched: list[Hit],
        results: list[ScoredChunk] | None = None,
    ) -> Composed:
        evidence = Evidence(titles=self.titles)
        asked = self._on_the_question(question, results or [], scenario, decision)
        bottom, _ = self._bottom_line(evidence, scenario, decision, screening, vector, asked, question)
        lines = ["## Bottom line", "", bottom.text, ""]
        lines += self._reasons(evidence, decision)
        lines += self._standards_and_flags(evidence, decision, vector, _standards_key(decision, scenario))
        facts = self._facts_to_establish(scenario, decision)
        if facts:
            lines += ["### Facts to establish", *[f"- {f}" for f in facts], ""]
        lines += self._also_relevant(evidence, question, results or [], 2, scenario)
        lines += self._details(evidence, question, scenario, decision, matched)
        lines.append(sources_section(evidence.citations))
        bottom = bottom.model_copy(update={"missing_facts": facts})
        return Composed("\n".join(lines).strip(), bottom, evidence.citations, self._obligations(matched, evidence))

    def _on_the_question(self, question: str, results: list[ScoredChunk], scenario: Scenario, decision: Decision) -> ScoredChunk | None:
        """The best-ranked official passage on what the question asks, when the verdict's own provisions are not it.

        A scenario question often asks something particular besides "may we sell?" (who grants the
        licence, whether brokering counts, what remediation is owed); the search ranking, fed by the
        provision questions, finds the passage for that. Export law is not offered for a sale that
        stays inside the EU unless the question itself is about exporting.
        """
        decided = {c.chunk_id for c in (self.register_evidence.chunk(h[0]) for h in [*decision.decisive, *decision.supporting]) if c is not None}
        inside_eu = bool(scenario.destinations) and all(c in EU_CODES for c in [*scenario.destinations, *scenario.transit]) and not scenario.export_region
        excluded = load_rules().export_law_sources if inside_eu and not _EXPORT_WORDS.search(question) else frozenset()
        excluded |= off_jurisdiction(scenario, question)
        if "IR" not in {*scenario.destinations, *scenario.transit, *scenario.nationalities} and not scenario.listed_entities and not _IRAN_WORDS.search(question):
            excluded |= {"eu-359-2011"}  # a hub country on a possible route to Iran is a red flag, not the question's answer
        for r in results[:3]:
            if _LISTING_ENTRY.match(r.chunk.locator):
                continue  # a sanctions-list entry answers a question only through screening, which the memo shows itself
            if r.chunk.source_id in self.official and r.chunk.source_id not in excluded and r.chunk.chunk_id not in decided:
                return r
        return None

    def _bottom_line(
        self, evidence: Evidence, scenario: Scenario, decision: Decision, screening: list[ScreeningHit], vector: np.ndarray | None,
        asked: ScoredChunk | None = None, question: str = "",
    ) -> tuple[BottomLine, list[int]]:
        """The bottom line within its budget: shorter quotes first, then fewer steps and conditions."""
        for quote_chars, max_steps, max_conditions in ((200, 4, 2), (150, 3, 1), (120, 3, 0), (110, 2, 0), (80, 2, 0), (60, 1, 0), (40, 0, 0)):
            trial = Evidence(titles=evidence.titles, citations=list(evidence.citations), by_chunk=dict(evidence.by_chunk))
            bottom = self._bottom_line_once(trial, scenario, decision, screening, vector, quote_chars, max_steps, max_conditions, asked, question)
            if len(bottom.text) <= self.config.bottom_line_chars:
                break
        evidence.citations, evidence.by_chunk = trial.citations, trial.by_chunk
        return bottom, bottom.decisive

    def _bottom_line_once(
        self, evidence: Evidence, scenario: Scenario, decision: Decision, screening: list[ScreeningHit], vector: np.ndarray | None,
        quote_chars: int, max_steps: int, max_conditions: int, asked: ScoredChunk | None = None, question: str = "",
    ) -> BottomLine:
        verdict = decision.verdict or "standard_due_diligence"
        parts = [_headline(verdict, scenario)]
        decisive_numbers: list[int] = []
        reasons: list[str] = []
        basis = decision.decisive[:3] if verdict in LEGAL_EFFECTS else self._ranked(self._standards(decision), vector, _standards_key(decision, scenario))[:2]
        if verdict not in LEGAL_EFFECTS:
            # a high-risk use under the AI Act (border control) is the law that makes the sale enhanced: it comes first
            uses = high_risk_uses(scenario, decision.expected, load_rules())[:1]
            basis = uses + basis[: 2 - len(uses)]
        if decision.general_authorisation is not None:
            basis = [decision.general_authorisation, *decision.other_law[:1], *basis[:1]]
            if decision.general_authorisation[0].source_id == "eu-2021-821":
                parts.append("A Union general export authorisation covers this export: use it and meet its conditions (registration, no prohibited end use); no individual licence is needed.")
            else:
                parts.append(f"An exception in the law covers this export ({decision.general_authorisation[0].provision}): no individual licence is needed if its condition is met, and customs may check that condition before the goods leave.")
        for item, _ in basis:
            n, short = self._cite_item(evidence, item, quote_chars)
            if n is None:
                continue
            decisive_numbers.append(n)
            gist = _gist(item.summary, quote_chars) if quote_chars >= 110 else ""
            reasons.append(f"- **{_provision_label(item, evidence.citations[n - 1])}**: {gist}“{short}” [{n}]")
        for item, _ in decision.supporting[:2]:
            if len(decisive_numbers) >= 4:
                break
            n, short = self._cite_item(evidence, item, quote_chars)
            if n is not None and n not in decisive_numbers:
                decisive_numbers.append(n)
                reasons.append(f"- **{_provision_label(item, evidence.citations[n - 1])}**: “{short}” [{n}]")
        on_question = ""
        cited_at = {(c.source_id, c.locator) for c in evidence.citations}
        if asked is not None and asked.chunk.chunk_id not in evidence.by_chunk and (asked.chunk.source_id, asked.chunk.locator) not in cited_at:
            # another part of a provision already quoted above is no separate answer ("Principle 19 — Commentary" twice)
            n = evidence.cite(asked.chunk, best_window(asked.chunk.text, question, self.config.max_quote_chars))
            citation = evidence.citations[n - 1]
            on_question = f"**On your question:** {locator_words(citation)}: “{shown_quote(citation.quote, max(quote_chars, 120))}” [{n}]"
        why_not: list[str] = []
        if verdict not in LEGAL_EFFECTS and decision.general_authorisation is None:
            whys = [w for w in load_rules().why_not if w.applies(scenario)]
            if _EXPORT_WORDS.search(question):  # "do we need a transfer licence?": the export rules explain first, the AI Act after
                whys.sort(key=lambda w: w.source_id not in load_rules().export_law_sources)
            for why in whys[:2]:
                known = why.locator in {c.locator for c in evidence.citations if c.source_id == why.source_id}
                n = self._cite_locator(evidence, why.source_id, why.locator, why.text)
                if n is None or known:
                    continue
                decisive_numbers.append(n)
                quote = shown_quote(evidence.citations[n - 1].quote, max(quote_chars, 120))
                why_not.append(f"- {why.text[:1].upper()}{why.text[1:]}; {why.locator}: “{quote}” [{n}]")
        for hit in screening[:2]:
            n = self._cite_listing(evidence, hit)
            if n and n not in decisive_numbers:
                decisive_numbers.append(n)
            reasons.append(f"- **Sanctions screening:** “{hit.query or hit.name}” matches {hit.name}, {hit.locator} ({hit.score:.0f}/100)." + (f" [{n}]" if n else ""))
        for listed in scenario.listed_entities[:2]:
            n = self._cite_locator(evidence, listed.source_id, listed.locator)
            if n and n not in decisive_numbers:
                decisive_numbers.append(n)
            reasons.append(f"- **Listed end user:** {listed.mention} — {listed.locator}: {listed.reason}" + (f" [{n}]" if n else ""))
        places = [c for c in scenario.transit if c not in scenario.destinations]
        if verdict == "prohibited" and places and any("directly or indirectly" in item.quote for item, _ in decision.decisive):
            parts.append(f"Routing the sale through {', '.join(places)} changes nothing: the rule covers supply “directly or indirectly”.")
        if verdict == "enhanced_due_diligence" and decision.risk:
            parts.append("Why enhanced: " + "; ".join(decision.risk[:3]) + ".")
        if reasons:
            parts += ["", "**Decided by:**" if verdict in LEGAL_EFFECTS else "**Based on:**", *reasons]
        if on_question:
            parts += ["", on_question]
        if why_not:
            parts += ["", "**Why no licence or ban:**", *why_not]
        steps = self._steps(decision, screening, scenario, vector)[:max_steps]
        if steps:
            parts += ["", "**Next steps:**", *[f"{i}. {s}" for i, s in enumerate(steps, start=1)]]
        conditions: list[VerdictCondition] = []
        cond_lines: list[str] = []
        for cond in decision.conditions:
            numbers = [n for n in (self._cite_item(evidence, item, quote_chars)[0] for item, _ in cond.decisive[:1]) if n] if len(cond_lines) < max_conditions else []
            conditions.append(VerdictCondition(**{"if": cond.fact, "verdict": cond.verdict, "decisive": numbers}))
            if len(cond_lines) < max_conditions:
                label = _provision_label(cond.decisive[0][0], evidence.citations[numbers[0] - 1]) if numbers else ""
                refs = "".join(f"[{n}]" for n in numbers)
                cond_lines.append(f"- If {cond.fact}: **{VERDICT_LABELS[cond.verdict].lower()}**" + (f" ({label}) {refs}" if label else "") + ".")
        if cond_lines:
            parts += ["", "**If the facts differ:**", *cond_lines]
        return BottomLine(verdict=verdict, text="\n".join(parts), decisive=decisive_numbers, conditions=conditions)

    @staticmethod
    def _standards(decision: Decision) -> list[Hit]:
        """Expected items of the standards (UNGPs, OECD, guidance), not law items with a due-diligence flavour."""
        return [h for h in decision.expected if group_of(h[0]) == "standards"]

    def _also_relevant(self, evidence: Evidence, question: str, results: list[ScoredChunk], limit: int, scenario: Scenario) -> list[str]:
        """The best-ranked official passages on the question that the decision did not already cite (none of export law for a sale inside the EU)."""
        lines: list[str] = []
        inside_eu = bool(scenario.destinations) and all(c in EU_CODES for c in [*scenario.destinations, *scenario.transit]) and not scenario.export_region
        excluded = (load_rules().export_law_sources if inside_eu else frozenset()) | off_jurisdiction(scenario, question)
        for r in results[:6]:
            if len(lines) >= limit or len(evidence.citations) >= self.config.max_citations:
                break
            if r.chunk.source_id not in self.official or r.chunk.source_id in excluded or r.chunk.chunk_id in evidence.by_chunk:
                continue
            n = evidence.cite(r.chunk, best_window(r.chunk.text, question, self.config.max_quote_chars))
            citation = evidence.citations[n - 1]
            lines.append(f"- {locator_words(citation)}: “{shown_quote(citation.quote, SHORT_QUOTE)}” [{n}]")
        return ["### Other passages on the question", *lines, ""] if lines else []

    def _reasons(self, evidence: Evidence, decision: Decision) -> list[str]:
        """Why: the deciding provisions in our words (already cited in the bottom line, so no new citations)."""
        hits = [*decision.decisive, *([decision.general_authorisation] if decision.general_authorisation else [])][:3]
        lines: list[str] = []
        for item, why in hits:
            chunk = self.register_evidence.chunk(item)
            n = evidence.by_chunk.get(chunk.chunk_id) if chunk is not None else None
            if n is None:
                continue
            lines.append(f"- **{item.provision}** ({why}): {normalise_space(item.summary)} [{n}]")
        return ["### Why", *lines, ""] if lines else []

    def _steps(self, decision: Decision, screening: list[ScreeningHit], scenario: Scenario, vector: np.ndarray | None = None) -> list[str]:
        steps: list[str] = []
        if decision.verdict == "prohibited":
            steps.append("Stop the transaction and do not ship, install, service or finance it; record the decision and escalate to legal counsel.")
        if screening or scenario.listed_entities:
            steps.append("Freeze payments and deliveries to the matched party and confirm the match against the current Annex I before any further step.")
        elif {"IR"} & {*scenario.destinations, *scenario.transit} or any(item.source_id == "eu-359-2011" for item, _ in decision.decisive):
            steps.append("Screen the buyer, consignee, end user, intermediaries and their owners against Annex I of Regulation 359/2011 and the other EU lists.")
        sources = [*decision.decisive, *([decision.general_authorisation] if decision.general_authorisation else []),
                   *self._ranked(self._standards(decision), vector, _standards_key(decision, scenario))]
        for item, _ in sources:
            if item.applies_from is not None or item.source_id.endswith("-digest"):
                continue
            for action in item.actions:
                sentence = action[0].upper() + action[1:]
                sentence = sentence if sentence.endswith(".") else sentence + "."
                lower = sentence.lower()
                if decision.verdict == "prohibited" and (lower.startswith("stop") or ("licence" in lower and "apply" in lower)):
                    continue
                if sentence not in steps:
                    steps.append(sentence)
                break
            if len(steps) >= 5:
                break
        return steps[:5]

    def _standards_and_flags(self, evidence: Evidence, decision: Decision, vector: np.ndarray | None, stage: str | None) -> list[str]:
        lines: list[str] = []
        shown = self._ranked(self._standards(decision), vector, stage)[:3]
        if shown:
            lines.append("### What the standards expect")
            for item, _ in shown:
                n, _q = self._cite_item(evidence, item)
                marker = f" [{n}]" if n else ""
                digest = " *(project digest)*" if item.source_id.endswith("-digest") else ""
                binding = "" if item.applies_from is None else f" *(applies from {item.applies_from})*"
                lines.append(f"- **{item.title}** ({item.provision}){digest}{binding} — {_first_sentence(item.summary)}{marker}")
            lines.append("")
        if decision.flags:
            lines.append("### Red flags present")
            for item, why in decision.flags[:2]:
                title = item.title.removeprefix("Red flag: ")
                lines.append(f"- **{title[:1].upper() + title[1:]}** — {_first_sentence(item.summary)} *Why: {why}.*")
            lines.append("")
        return lines

    def _facts_to_establish(self, scenario: Scenario, decision: Decision) -> list[str]:
        facts = [f"whether {c.fact} (that would make it {VERDICT_LABELS[c.verdict].lower()})" for c in decision.conditions]
        facts += [m for m in scenario.missing if not any(m.split(" ")[1] in f for f in facts)]
        return facts[:5]

    def _details(self, evidence: Evidence, question: str, scenario: Scenario, decision: Decision, matched: list[Hit]) -> list[str]:
        lines = ["### Details", "", "**The scenario as understood**"]
        described = describe(scenario)
        lines += [f"- {d}" for d in described] if described else ["- No transaction facts were recognised."]
        considered = [*decision.other_law, *decision.context, *[h for h in decision.expected if h not in self._standards(decision)]]
        if considered:
            lines += ["", "**Also considered (scope and background; not decisive on these facts)**"]
            lines += [f"- {item.title} ({item.provision}{'; ' + VERDICT_LABELS[item.effect].lower() if item.effect in LEGAL_EFFECTS else ''})" for item, _ in considered[:8]]
        places = {*scenario.destinations, *scenario.transit}
        if "IR" in places and len(evidence.citations) < self.config.max_citations:
            query = " ".join([question, *(PRODUCTS.get(p, p) for p in scenario.products), "Iran cameras surveillance"])
            cases = self.searcher.search(query, None, 1, {"sources": ["iran-case-notes"]})
            if cases:
                lines += ["", "**Risk context: documented abuse in Iran**"]
                case = cases[0]
                n = evidence.cite(case.chunk, best_window(case.chunk.text, query, self.config.max_quote_chars))
                lines.append(f"- {case.chunk.locator} [{n}]{kind_note(evidence.citations[n - 1])}")
        lines.append("")
        return lines

    def _obligations(self, matched: list[Hit], evidence: Evidence) -> list[ObligationHit]:
        shown = {c.chunk_id: c.n for c in evidence.citations}
        hits: list[ObligationHit] = []
        for item, why in matched:
            chunk = self.register_evidence.chunk(item)
            numbers = [shown[chunk.chunk_id]] if chunk is not None and chunk.chunk_id in shown else []
            hits.append(
                ObligationHit(
                    id=item.id, source_id=item.source_id, provision=item.provision, kind=item.kind, binding=item.binding,
                    group=group_of(item), title=item.title, summary=item.summary, actions=list(item.actions),
                    confidence=item.confidence, citations=numbers, why=why,
                )
            )
        return hits

    # --- follow-up ---------------------------------------------------------------

    def follow_up(
        self, question: str, scenario: Scenario, decision: Decision, before: Decision, screening: list[ScreeningHit], vector: np.ndarray | None,
        matched: list[Hit], results: list[ScoredChunk] | None = None,
    ) -> Composed:
        """Answer a follow-up: what the new facts change, then the bottom line on the new facts."""
        evidence = Evidence(titles=self.titles)
        asked = self._on_the_question(question, results or [], scenario, decision)
        bottom, _ = self._bottom_line(evidence, scenario, decision, screening, vector, asked, question)
        change = ["### What changes"]
        old_ids = {h[0].id for h in before.decisive}
        new_ids = {h[0].id for h in decision.decisive}
        if before.verdict == decision.verdict and old_ids == new_ids:
            change.append(f"- The verdict stays **{decision.label.lower()}**: the new facts do not change which rule decides the case.")
        else:
            change.append(f"- Before: **{before.label.lower()}**. Now: **{decision.label.lower()}**.")
        for item, _ in before.decisive:
            if item.id not in new_ids:
                n, _q = self._cite_item(evidence, item, 160)
                change.append(f"- {item.title} ({item.provision}) no longer applies on the new facts." + (f" [{n}]" if n else ""))
        for item, why in decision.decisive:
            if item.id not in old_ids:
                change.append(f"- Now decisive: {item.title} ({item.provision}) — because of {why}.")
        still = [h for h in decision.other_law if h[0].id not in old_ids and h[0].applies_from is None][:2]
        for item, _ in still:
            n, _q = self._cite_item(evidence, item, 160)
            change.append(f"- Still applies: {item.title} ({item.provision})" + (f" [{n}]" if n else "") + ".")
        if screening or scenario.listed_entities or {"IR"} & {*scenario.destinations, *scenario.transit}:
            change.append("- Screening every party against Annex I of Regulation 359/2011 still applies.")
        lines = ["## Bottom line", "", bottom.text, "", *change, ""]
        lines += self._also_relevant(evidence, question, results or [], 1, scenario)
        facts = self._facts_to_establish(scenario, decision)
        if facts:
            lines += ["### Facts to establish", *[f"- {f}" for f in facts], ""]
        lines.append(sources_section(evidence.citations))
        bottom = bottom.model_copy(update={"missing_facts": facts})
        return Composed("\n".join(lines).strip(), bottom, evidence.citations, self._obligations(matched, evidence))

    # --- factual ------------------------------------------------------------------

    def factual(self, question: str, results: list[ScoredChunk], hinted: list[tuple[RegisterItem, float]], explicit: bool) -> Composed:
        """Direct answer first (the register's own-words summary when it matches closely), then one to three passages."""
        evidence = Evidence(titles=self.titles)
        direct = ""
        decisive: list[int] = []
        top_ids = {r.chunk.chunk_id for r in results[:2]}
        for item, sim in hinted:
            chunk = self.register_evidence.chunk(item)
            if chunk is None or item.source_id.endswith(("-digest", "-notes")) or sim < self.config.strong_hint or chunk.chunk_id not in top_ids:
                continue
            n, short = self._cite_item(evidence, item)
            if n is None:
                continue
            decisive.append(n)
            label = _provision_label(item, evidence.citations[n - 1])
            direct = f"{_first_sentences(item.summary, 2)} ({label}: “{short}” [{n}])"
            break
        official = [r for r in results[:4] if r.chunk.source_id in self.official]
        ordered = official + [r for r in results if r not in official] if official else results
        chosen: list[ScoredChunk] = []
        for r in ordered:
            if len(chosen) + len(decisive) >= 3:
                break
            if r.chunk.chunk_id in evidence.by_chunk or any(c.chunk.source_id == r.chunk.source_id and c.chunk.locator == r.chunk.locator for c in chosen):
                continue
            chosen.append(r)
        parts: list[str] = []
        for r in chosen:
            quote = best_window(r.chunk.text, question, self.config.max_quote_chars)
            n = evidence.cite(r.chunk, quote)
            citation = evidence.citations[n - 1]
            verb = "states" if citation.kind in {"digest", "case-notes"} else "says"
            if not direct:
                decisive.append(n)
                direct = f"{locator_words(citation)} {verb}: “{shown_quote(quote, SHORT_QUOTE * 2)}” [{n}]{kind_note(citation)}"
                continue
            parts.append(f"{locator_words(citation)} {verb}: “{quote}” [{n}]{kind_note(citation)}")
        text = f"**Answer:** {direct}" if direct else ""
        if parts:
            text += "\n\n**Related passages:**\n\n" + "\n\n".join(parts)
        text += "\n" + sources_section(evidence.citations)
        bottom = BottomLine(verdict=None, text=normalise_space(direct.replace("**", ""))[: self.config.bottom_line_chars], decisive=decisive[:2])
        return Composed(text.strip(), bottom, evidence.citations, [])

    # --- refusal ------------------------------------------------------------------

    def refusal(self, reason: str, results: list[ScoredChunk], show_related: bool) -> tuple[str, list[Citation]]:
        related = Evidence(titles=self.titles)
        if show_related:
            for r in results[:3]:
                related.cite(r.chunk, best_window(r.chunk.text, "", self.config.max_quote_chars))
        text = f"**{REFUSAL_HEADLINE}** {reason}"
        if related.citations:
            text += "\n\nThe nearest passages are listed below as related reading; they do not answer the question."
        return text, related.citations


def _gist(summary: str, budget: int) -> str:
    """The first clause of a register summary (our words), when it fits the budget, followed by a space."""
    clause = normalise_space(summary).split("; ")[0].rstrip(".")
    return f"{clause}. " if len(clause) <= budget + 40 else ""


def _first_sentence(text: str) -> str:
    return _first_sentences(text, 1)


def _first_sentences(text: str, count: int) -> str:
    pieces = normalise_space(text).split("; ")
    head = pieces[0] if count == 1 else "; ".join(pieces[:count])
    return head if head.endswith(".") else head + "."


def _provision_label(item: RegisterItem, citation: Citation) -> str:
    if item.source_id.endswith("-digest"):
        return f"{citation.title} (project digest)"
    locator = citation.locator
    part = re.match(r"^(Annex [IVX]+) — (EU\d{3})$", item.provision)
    if part and re.match(r"^Annex [IVX]+ — item \d+$", locator):
        locator = f"{part.group(1)} — {part.group(2)}, {locator.split(' — ')[1]}"  # "Annex II — EU003, item 1": which authorisation's item
    return f"{short_title(citation.title)} {locator}"


def short_title(title: str) -> str:
    """'Regulation (EU) No 359/2011 (Iran human-rights sanctions)' -> 'Regulation (EU) No 359/2011'; 'AI Act (Regulation (EU) 2024/1689)' -> 'AI Act'."""
    if not title.endswith(")"):
        return title
    depth = 0
    for i in range(len(title) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(title[i], 0)
        if depth == 0:
            head = title[:i].rstrip()
            return head if head else title
    return title


def describe(s: Scenario) -> list[str]:
    """The facts of a scenario in plain words."""
    lines: list[str] = []
    if s.products:
        lines.append("Product: " + ", ".join(PRODUCTS.get(p, p) for p in s.products))
    if s.capabilities:
        lines.append("Capabilities: " + ", ".join(CAPABILITIES.get(c, c) for c in s.capabilities))
    if s.seller_role:
        lines.append("Your role: " + SELLER_ROLES.get(s.seller_role, s.seller_role))
    if s.end_user_types:
        lines.append("Buyer / end user: " + ", ".join(END_USER_TYPES.get(e, e) for e in s.end_user_types) + (f" ({s.buyer})" if s.buyer else ""))
    if s.destinations:
        lines.append("Destination: " + ", ".join(s.destinations))
    if s.transit:
        lines.append("Via / re-export through: " + ", ".join(s.transit))
    if s.parties:
        lines.append("Named parties: " + ", ".join(s.parties))
    if s.stage:
        lines.append("Stage: " + STAGES.get(s.stage, s.stage))
    if s.company_in_eu is not None:
        lines.append("Your company is " + ("established in the EU" if s.company_in_eu else "established outside the EU") + (f" ({s.company_country})" if s.company_country else ""))
    if s.misuse_indicated:
        lines.append("The facts indicate use for internal repression or serious abuse")
    if s.end_use_withheld:
        lines.append("The buyer will not name the end user or sign an end-use statement")
    if s.purpose_outside_rbi_exceptions:
        lines.append("Live identification is wanted for a purpose outside the AI Act's law-enforcement exceptions")
    elif s.purpose_outside_rbi_exceptions is False:
        lines.append("Live identification is wanted for one of the AI Act's narrow law-enforcement purposes")
    if s.dual_use_listed is not None:
        lines.append("Stated to be " + ("listed" if s.dual_use_listed else "not listed") + " in Annex I of Regulation 2021/821")
    return lines


def sources_section(citations: list[Citation]) -> str:
    """The numbered list of cited passages with their locators and verbatim quotes."""
    lines = ["", "### Sources"]
    for c in citations:
        page = f", p. {c.page}" if c.page and ", p. " not in c.locator else ""
        lines.append(f"[{c.n}] {c.title} — {c.locator}{page}{kind_note(c)}: “{c.quote}”")
    return "\n".join(lines)
