"""The answer pipeline: one `Question` through explicit stages.

`Pipeline.run` shows the order: clean → understand → refuse by words → retrieve (one
embedding) → refuse by evidence → screen → decide → compose. `ask()` returns the public
`Answer`; `iter_ask()` streams text deltas and ends with the `Answer`. The default engine
`grounded` composes offline and deterministically; an LLM engine rewrites the grounded
evidence pack and is checked against it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant import scenario as scenarios
from assistant.answer import gates
from assistant.answer.asks import ProvisionAsks, load_asks
from assistant.answer.compose import Composer, sources_section
from assistant.answer.decide import Decision, decide, load_rules, with_conditions
from assistant.answer.evidence import RegisterEvidence, source_titles
from assistant.answer.question import Question
from assistant.answer.routing import InstrumentNames, RegisterHints, boost_named, explicit_references
from assistant.cite import check_answer
from assistant.errors import AssistantError, BackendError, QuestionError
from assistant import llm
from assistant.register import RegisterItem, load_register, match_obligations
from assistant.screening import screen_parties
from assistant.search import Filters, Searcher, get_searcher, to_passages
from assistant.search.fuse import fuse_hints
from assistant.settings import Settings, get_settings
from assistant.sources import load_sources
from assistant.types import Answer, Scenario, ScoredChunk, ScreeningHit, Turn

Screener = Callable[[list[str]], list[ScreeningHit]]


class Pipeline:
    """Everything an answer needs, built once: searcher, register, screener, settings."""

    def __init__(self, searcher: Searcher, register: list[RegisterItem], screener: Screener, settings: Settings) -> None:
        self.searcher = searcher
        self.register = register
        self.screener = screener
        self.settings = settings
        self.names = InstrumentNames(load_sources(settings))
        self.parser_embedder = searcher.embedder if scenarios.calibrated_for(settings.embedding_model) else None
        self.official = gates.OfficialTexts.build(load_sources(settings), searcher.index.rows_by_source)
        self.register_evidence = RegisterEvidence(searcher)
        self.hints = RegisterHints(register, searcher.embedder, self.register_evidence)
        self.asks = ProvisionAsks(load_asks(), searcher, searcher.embedder, settings.answer.asks_lexical_weight)
        self.composer = Composer(searcher, self.register_evidence, self.hints, source_titles(load_sources(settings)), settings.answer)

    def run(self, question: str, history: list[Turn] | list[dict[str, str]] | None = None, filters: Filters | None = None, mode: str | None = None) -> Question:
        """Answer one question; each stage fills its part of the `Question`."""
        turns, notice = gates.clean_history(history, self.settings.web)
        q = Question(text=gates.clean_question(question, self.settings.answer.max_question_chars), turns=turns, filters=filters or {}, mode=mode)
        if notice:
            q.notes.append(notice)
        with q.timed("understand"):
            self.understand(q)
        q.refusal = gates.refuse_by_words(q.text)
        if q.refusal is None:
            # a scenario is refused only when its ask itself is about an instrument no indexed text covers ("what does Brazil's LGPD require?")
            q.refusal = gates.refuse_unknown_instrument(q.text if not q.scenario.is_scenario else gates.ask_text(q.text), self.searcher.index)
        if q.refusal is None:  # a scenario whose ask is the content of an article the index lacks gets no memo either
            q.refusal = gates.refuse_text_not_indexed(q.text, self.official)
        if q.refusal and gates.is_injection(q.text):
            return self.refuse(q, related=False)
        with q.timed("retrieve"):
            self.retrieve(q)
        if q.refusal is None:
            q.refusal = self.refuse_by_evidence(q) if not q.explicit else self.refuse_by_asked_fact(q)
            if q.refusal is None and not q.explicit and q.scenario.is_scenario:
                q.refusal = self.refuse_by_asked_fact(q)
        if q.refusal:
            return self.refuse(q, related=True)
        with q.timed("screen"):
            q.screening = self.screener(q.scenario.parties) if q.scenario.parties else []
        with q.timed("decide"):
            self.decide(q)
        with q.timed("compose"):
            self.compose(q)
        return q

    # --- stages ---------------------------------------------------------------------

    def understand(self, q: Question) -> None:
        """Parse the facts of the sale from the question and the earlier user turns."""
        q.scenario = presume_home_market(scenarios.understand(q.text, q.turns, embedder=self.parser_embedder), q.notes, q.text)
        if q.scenario.is_scenario and gates.asks_about_standards(q.text):
            if re.search(r"\b(?:we|us|our|i|me|my)\b", gates.ask_text(q.text), re.IGNORECASE):  # the writer's own deal gets its verdict too
                q.standards_facts = q.scenario.model_copy()
            q.scenario.is_scenario = False  # the facts frame a question about what a standard expects; it gets that answer
            q.standards_ask = True
        earlier = [t for t in q.turns if t.role == "user"]
        if earlier:
            before = scenarios.understand(earlier[-1].content, q.turns[: q.turns.index(earlier[-1])], embedder=self.parser_embedder)
            if before.is_scenario and q.scenario.is_scenario and not _asks_about_text(q.text):
                q.follow_up, q.previous = True, before
        q.query = " ".join([earlier[-1].content, q.text]) if earlier and (q.scenario.is_scenario or len(q.text) < 160) else q.text

    def retrieve(self, q: Question) -> None:
        """Embed the query once; search; boost named instruments; fuse register hints; put named provisions first."""
        cfg = self.settings
        mode = q.mode or cfg.retrieval.mode
        k = max(cfg.retrieval.k, 8)
        q.vector = self.searcher.embed(q.query)
        results = self.searcher.search(q.query, q.vector, max(k, cfg.answer.fusion_depth), q.filters, mode)
        results = boost_named(q.text, results, self.names, cfg.answer.instrument_boost)
        if q.vector is not None:
            q.hinted_items = self.hints.closest(q.vector, cfg.answer.hint_top, cfg.answer.hint_min_similarity)
            if not q.filters and mode == "hybrid":
                hints = self.hints.hints(q.vector, cfg.answer.hint_top, cfg.answer.hint_min_similarity)
                results = fuse_hints(results, hints, cfg.retrieval.rrf_k, cfg.answer.strong_hint)
                # a question put to a named instrument ("who do the Guiding Principles say we should consult?") takes
                # its everyday-words matches from that instrument only: the story around it (Iran, the police) does not
                named = frozenset(self.names.named(gates.ask_text(q.text))) if not q.scenario.is_scenario else frozenset()
                asked = self.asks.hints(q.vector, cfg.answer.asks_top, cfg.answer.asks_min_similarity, named or None, q.query)
                q.named_ask = bool(named) and any((a.similarity or 0.0) >= cfg.answer.asks_min_similarity + 0.05 for a in asked[:2])
                # a question put to a named instrument whose own everyday-words question comes close: that passage is ranked second at worst
                strong = min(cfg.answer.strong_ask, cfg.answer.strong_named_ask) if named else cfg.answer.strong_ask
                results = _without_ask_similarity(fuse_hints(results, asked, cfg.retrieval.rrf_k, strong, cfg.answer.asks_weight))
        results = _listings_last(results, q.text)[:k]
        q.explicit = explicit_references(q.text, self.searcher, self.names)
        if not q.scenario.is_scenario and q.scenario.listed_entities and _ASKS_LISTING.search(q.text):
            # "ariantel - EU listed? for what?": the Annex I entry of a body named in the question is the passage asked for
            wanted = {(e.source_id, e.locator) for e in q.scenario.listed_entities}
            entries = [
                ScoredChunk(chunk=self.searcher.chunk(row["chunk_id"]), score=1.0, ranks={"explicit": 1})
                for source in sorted({s for s, _ in wanted}) for row in self.searcher.rows(source) if (source, row["locator"]) in wanted
            ]
            known = {e.chunk.chunk_id for e in q.explicit}
            q.explicit = [*q.explicit, *[e for e in entries[:3] if e.chunk.chunk_id not in known]]
        if q.explicit:
            ids = {e.chunk.chunk_id for e in q.explicit}
            results = q.explicit + [r for r in results if r.chunk.chunk_id not in ids]
        q.results = results

    def refuse_by_evidence(self, q: Question) -> str | None:
        """Refuse when the best passages do not hold what the question asks for."""
        sims = [r.similarity for r in q.results if r.similarity is not None]
        if not sims and q.results and q.vector is not None:
            sims = list(self.searcher.similarity(q.vector, [r.chunk.chunk_id for r in q.results[:5]]).values())
        strong = any("register" in r.ranks and (r.similarity or 0.0) >= self.settings.answer.strong_hint for r in q.results)
        strong = strong or q.named_ask  # a question put to a named instrument that its everyday-words questions match closely
        # "Under the UN Guiding Principles, are we expected to walk away?": put to an official text that leads the passages, the
        # everyday words need not occur in it (the similarity floor and the kind-of-fact tests still apply)
        named = set(self.names.named(gates.ask_text(q.text), official_only=True))
        put_to_named = bool(named) and any(r.chunk.source_id in named for r in q.results[:3])
        return gates.refuse_by_evidence(
            q.query if not q.scenario.is_scenario else q.text, q.results, max(sims, default=0.0), strong, self.settings.answer,
            scenario=q.scenario.is_scenario, named_source=put_to_named,
        )

    def refuse_by_asked_fact(self, q: Question) -> str | None:
        """A question that names a provision is answered from it, unless it asks for a kind of fact (an amount, a date, a count) the passages lack.

        A transaction question is refused only when its every ask wants a fee, a fine or a court case ("how much is the licence fee?")."""
        top_text = "\n".join(r.chunk.text + "\n" + r.chunk.extra.get("context", "") for r in q.results[:5])
        if q.scenario.is_scenario:
            return gates.scenario_fact_refusal(q.text, top_text)
        return gates.refuse_by_kind_of_fact(q.text, top_text, self.settings.answer.current_year or time.gmtime().tm_year)

    def decide(self, q: Question) -> None:
        """Match the register on the facts and decide the verdict, with what unknown facts would change."""
        facts = for_the_law(q.scenario, q.notes, q.text)
        hits = q.screening
        if (hits or facts.listed_entities) and cleared_match(q.text):  # "a fuzzy match we checked: different name, owners": shown, not decisive
            q.notes.append("You report the screening hit as a false positive you have checked; it is shown for the file but does not decide the verdict. Keep the evidence of the check.")
            hits, facts = [], facts.model_copy(update={"listed_entities": []})
        namesakes = [h for h in hits if other_birth_year(q.text, h.born) or other_nationality(q.text, h.nationality)]
        if namesakes:  # "born 1988 in Hamburg" against a listed person born in 1967, or a German passport against an Iranian: a namesake
            q.notes.append(
                "The birth year or nationality you give differs from the one in the listing ("
                + "; ".join(f"{h.name}, {h.locator}" for h in namesakes)
                + "): on that identifier the match is a namesake, not the listed person. Record the comparison (Art 3(3) of Reg. 359/2011 gives identifiers for this purpose)."
            )
            hits = [h for h in hits if h not in namesakes]
        if not hits and not facts.listed_entities and (scenarios.without_list_side(q.text) != q.text or _HIT_ON_LISTED.search(q.text)):
            q.notes.append(
                "You report a screening hit. The names of the parties you give were screened against Annex I of Reg. 359/2011 and none "
                "matches a listing with confidence: a similar name alone is not a listing. Compare the identifiers (country, registration "
                "number, address, date of birth, owners) with the entry, record the result, and stop if they match."
            )
        listed = bool(hits) or bool(facts.listed_entities) or states_listed(q.text, investor=facts.seller_role == "investor")
        q.matched = match_obligations(facts, listed_party=listed, items=self.register)
        q.decision = with_conditions(decide(facts, q.matched, listed), facts, q.text, self._match)
        if facts.seller_role == "investor" and any(item.source_id == "eu-ai-act" for item, _ in q.decision.decisive):
            q.notes.append("The AI Act's ban binds the company that places the system on the EU market or uses it; for you it means the business you would hold or finance is unlawful in the EU.")
        if q.standards_facts is not None:  # the standard's answer still carries the verdict its facts get
            framed = for_the_law(q.standards_facts, [], q.text)
            q.decision.verdict = decide(framed, self._match(framed, listed), listed).verdict
        if q.follow_up and q.previous is not None:
            prev_listed = listed and bool(q.previous.parties or q.previous.listed_entities)
            q.previous_decision = decide(q.previous, self._match(q.previous, prev_listed), prev_listed)

    def compose(self, q: Question) -> None:
        assert q.decision is not None
        if q.follow_up and q.previous_decision is not None:
            done = self.composer.follow_up(q.text, q.scenario, q.decision, q.previous_decision, q.screening, q.vector, q.matched, q.results)
        elif q.scenario.is_scenario:
            done = self.composer.memo(q.text, q.scenario, q.decision, q.screening, q.vector, q.matched, q.results)
        else:
            done = self.composer.factual(q.query, self._stage_standards_first(q), q.hinted_items, bool(q.explicit))
        q.answer_text, q.bottom_line, q.citations, q.obligations = done.text, done.bottom_line, done.citations, done.obligations
        if q.standards_facts is not None and q.bottom_line is not None and q.decision.verdict:
            q.bottom_line = q.bottom_line.model_copy(update={"verdict": q.decision.verdict})

    def _stage_standards_first(self, q: Question) -> list[ScoredChunk]:
        """For a question about what a named standard expects of the writer's own deal ("what do the UNGPs expect from us as
        a shareholder?"), the principles a lawyer cites first at that stage of the deal lead the passages (corpus/decision.yaml
        standards_by_stage), when the question names their instrument; otherwise the passages as retrieved."""
        facts = q.standards_facts
        if facts is None or not (facts.stage or facts.seller_role == "investor"):
            return q.results
        named = set(self.names.named(gates.ask_text(q.text), official_only=True))
        stage = facts.stage or "investment"
        by_id = {item.id: item for item in self.register}
        lead: list[ScoredChunk] = []
        for n, item_id in enumerate(load_rules().preferred_standards(stage)[:2], start=1):
            item = by_id.get(item_id)
            chunk = self.composer.register_evidence.chunk(item) if item is not None and item.source_id in named else None
            if chunk is not None and chunk.chunk_id not in {c.chunk.chunk_id for c in lead}:
                lead.append(ScoredChunk(chunk=chunk, score=1.0, ranks={"register": n}))
        ids = {c.chunk.chunk_id for c in lead}
        return lead + [r for r in q.results if r.chunk.chunk_id not in ids]

    def refuse(self, q: Question, related: bool) -> Question:
        assert q.refusal is not None
        q.answer_text, q.related = self.composer.refusal(q.refusal, q.results, related)
        return q

    def _match(self, scenario: scenarios.Scenario, listed: bool) -> list[tuple[RegisterItem, str]]:
        return match_obligations(scenario, listed_party=listed, items=self.register)

    def to_answer(self, q: Question, started: float) -> Answer:
        q.timings["total"] = round((time.perf_counter() - started) * 1000, 1)
        return Answer(
            question=q.text, answer=q.answer_text, bottom_line=q.bottom_line, refused=q.refusal is not None, refusal_reason=q.refusal,
            citations=q.citations, scenario=q.scenario, obligations=q.obligations, screening=q.screening, related=q.related,
            retrieved=to_passages(q.results), warnings=q.notes, engine="grounded", corpus_version=self.searcher.corpus_version, timings_ms=q.timings,
        )


_LISTING = re.compile(r"\bAnnex I — (?:persons|entities), entry \d+")
_ABOUT_LISTINGS = re.compile(
    r"\b(?:list\w*|designat\w*|sanction\w*|screen\w*|entit(?:y|ies)|persons?|individuals?|asset|assets|freez\w*|who is|who are|named|names?)\b"
    r"|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b"
)


def _listings_last(results: list[ScoredChunk], question: str) -> list[ScoredChunk]:
    """Sanctions-list entries are screening data: ranked after the law unless the question is about listings or names someone.

    Hundreds of Annex I entries say "Iran", so word matching ranks them high for any question about
    Iran; screening reads them directly, and a question about a listing or a named party keeps them.
    """
    if _ABOUT_LISTINGS.search(question):
        return results
    return [r for r in results if not _LISTING.match(r.chunk.locator)] + [r for r in results if _LISTING.match(r.chunk.locator)]


def _without_ask_similarity(results: list[ScoredChunk]) -> list[ScoredChunk]:
    """A passage found only through a provision question keeps no similarity: that was the question's, not the passage's."""
    return [r.model_copy(update={"similarity": None}) if set(r.ranks) == {"asks"} else r for r in results]


# an order the company invested in has in hand and has not yet filled ("their distributor has placed an order ...")
_PENDING_ORDER = re.compile(
    r"\b(?:has|have|just)\s+(?:placed|received|won|booked)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:order|purchase order|tender|contract)"
    r"|\b(?:placed|received)\s+an?\s+order\b|\bend[- ]user (?:certificate|statement) (?:names|lists|gives|shows)\b"
    r"|\b(?:wants?|plans?|intends?|is about|are about|is set|are set)\s+to\s+(?:buy|order|purchase|sell|ship|deliver|export)\b",
    re.IGNORECASE,
)
# use already made of goods sold earlier, shown by a report: the holding's risk, not a deal to stop
_PAST_USE = re.compile(r"\b(?:report\w*|journalists?|ngos?|investigat\w*|turned up|found (?:in use|being used)|were (?:used|found)|sold (?:lawfully |legally )?(?:to \w+ )?(?:years|months) ago)\b", re.IGNORECASE)


# the investor itself sells its stake: "exiting our 35% stake ... the highest bid came from a Dubai holding owned by ..."
_STAKE_TO_BIDDER = re.compile(
    r"\b(?:sell\w*|sale\s+of|exit\w*|divest\w*|dispos\w*|transfer\w*)\s+(?:of\s+)?(?:our|the|its|their|a|this)\s+(?:[\w%-]+\s+){0,2}?(?:stake|shares?|holding|equity|interest|participation)\b"
    r"(?=[^\n]{0,400}\b(?:bid|bidder|buyer|acquirer|purchaser|offer)\b)",
    re.IGNORECASE,
)


def for_the_law(scenario: Scenario, notes: list[str], text: str = "") -> Scenario:
    """The facts the law is applied to: an investor does not itself supply the end users of its investee.

    A listed end user of the company invested in (e.g. Iran's police buying from that maker) makes
    the holding a severe human-rights risk, not an asset-freeze breach by the investor; the risk
    stays in the answer, the listing is not treated as the investor's counterparty. An order the
    company has in hand from a listed body is different: the question is whether that deal may go
    ahead, and Article 2(2) decides it.
    """
    investor = scenario.seller_role == "investor" or scenario.stage == "investment"
    if not (investor and scenario.listed_entities):
        return scenario
    if _PENDING_ORDER.search(text) and not _PAST_USE.search(text):
        return scenario
    if _STAKE_TO_BIDDER.search(text):
        return scenario  # the investor's own sale of its stake to a bidder the listing reaches: Article 2(2) decides it
    notes.append("The listed end user buys from the company invested in, not from you: assessed as a human-rights risk of the holding, not as a supply to a listed entity.")
    return scenario.model_copy(update={"listed_entities": [], "misuse_indicated": True})


# buyers said to be abroad without a country: "it offers foreign corrections departments a package", "customers overseas"
_ABROAD = re.compile(
    r"\bforeign\s+(?:[\w-]+\s+){0,2}?(?:customers?|clients?|buyers?|governments?|police|prisons?|corrections?|ministr(?:y|ies)|departments?|authorit(?:y|ies)|agencies|forces|armies|markets?)\b"
    r"|\b(?:customers?|clients?|buyers?|markets?)\s+(?:abroad|overseas|outside\s+(?:the\s+)?(?:EU|European\s+Union|Union|Europe))\b|\bnon-EU\s+(?:customers?|clients?|buyers?|countries|markets?)\b",
    re.IGNORECASE,
)


def presume_home_market(scenario: Scenario, notes: list[str], text: str = "") -> Scenario:
    """An EU maker or seller that names no destination is assessed as selling on its own market (said in the notes);
    one whose buyers are said to be abroad is assessed as exporting to a country not named."""
    if not (scenario.is_scenario and scenario.company_in_eu and scenario.company_country) or scenario.destinations or scenario.transit or scenario.export_region:
        return scenario
    if scenario.seller_role == "investor" or scenario.stage == "investment":
        return scenario
    if _ABROAD.search(text):
        notes.append("No country was named, but the buyers are abroad: assessed as an export from the EU to a country not named.")
        return scenario.model_copy(update={"export_region": "a country outside the EU (not named)"})
    notes.append(f"No destination was stated: assessed as a sale within the EU ({scenario.company_country}); say where the goods go if they leave the EU.")
    return scenario.model_copy(update={"destinations": [scenario.company_country]})


_PARTY_NOUN = (
    r"(?:bank|company|firm|entity|buyer|customer|client|end[- ]user|distributor|reseller|integrator|consignee|person|individual"
    r"|owner|shareholder|manager|director|supplier|partner|importer|agent|body|unit|force|foundation|contractor|party|parties|forwarder)s?"
)
_STATED_LISTED = re.compile(
    rf"\b(?<!individual licence )(?<!individual license )(?<!individual authorisation )(?<!individual authorization ){_PARTY_NOUN}\b(?!\s+(?:licen[cs]e|authori[sz]ation|export))(?P<gap>[^.?!]{{0,40}}?)(?<!non-)(?<!non )\b(?:listed|designated|sanctioned)\b(?!\s+(?:under|as|in|on)\s+(?:entry\s+|item\s+|category\s+|ECCN\s+)?(?:[0-9][A-E][0-9]{{3}}|Annex\s+I\s+(?:of|to)\s+(?:the\s+)?(?:Reg\w*\.?\s+)?(?:\(EU\)\s+)?(?:2021/821|dual)|the\s+(?:EU\s+)?(?:dual-use|control|export[- ]control)\s+list|dual-use))(?!\s+(?:[\w-]+\s+){{0,3}}(?:cameras?|items?|goods|products?|equipment|cores?|imagers?|modules?|systems?|devices?|software|kit|gear|hardware|tech|technology|components?|parts?|sensors?|detectors?))"
    rf"|\b(?:a|an|the)\s+(?:EU[- ])?(?:listed|designated|sanctioned)\s+(?:\w+\s+){{0,2}}?{_PARTY_NOUN}\b"
    # "the customer has been added to Annex I", "our buyer was put on the EU asset-freeze list"
    rf"|\b{_PARTY_NOUN}\b(?P<gap2>[^.?!]{{0,40}}?)\b(?:added|put|placed|included|entered)\s+(?:on|to|in|into)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){{0,5}}?"
    r"(?:sanctions?[- ]list|list of (?:sanctioned|designated)|Annex I\b|asset[- ]freeze|EU list|blacklist|consolidated list)"
    # "the forwarder is named in Annex I of the Iran regulation", "the end user appears on the EU asset-freeze list"
    rf"|\b{_PARTY_NOUN}\b(?P<gap3>[^.?!]{{0,40}}?)\b(?:named|appears?|appearing|featured?|features|included|listed|is|are|was|were)\s+(?:in|on)\s+(?:the\s+)?(?:[\w'’()/.-]+\s+){{0,6}}?"
    r"(?:Annex I\b(?![IVX])|asset[- ]freeze list|sanctions?[- ]list|consolidated (?:sanctions )?list|EU list)",
    re.IGNORECASE,
)
_STOCK_LISTED = re.compile(r"\b(?:a|an)\s+(?:[A-Z][\w-]+\s+|(?-i:[A-Z])\w*-)?(?:publicly\s+|stock[- ]exchange\s+)?listed\s+(?!entit|person|part(?:y|ies)|in\b|on\b|under\b|by\b|body\b|bodies\b)", re.IGNORECASE)
_STOCK_WORDS = re.compile(
    r"\b(?:stock|shares?|shareholders?|funds?|investors?|ESG|IPO|exchange|market cap\w*|free float|position in|stake in|bourse"
    # exchanges by name, "portfolio company", "a mid-cap", and "listed on" a capitalised market ("listed on Euronext Milan")
    r"|euronext|nasdaq|nyse|xetra|borsa|bolsa|omx|ticker|portfolio compan(?:y|ies)|(?:small|mid|large)[- ]cap)\b"
    r"|\blisted\s+on\s+(?:the\s+)?(?![^.?!;]{0,40}\b(?:lists?|sanctions?|annex|register|freeze|blacklist|EU|UN|OFAC|SDN|OFSI)\b)(?-i:[A-Z])[\w-]+",
    re.IGNORECASE,
)
# "none under EU sanctions", "no sanctions regime": a sanctions word that denies a listing says nothing of one
_SANCTIONS_DENIED = re.compile(
    r"\b(?:none|not|no|neither|nor|without)\b(?:\s+(?:of them\s+)?(?:is|are|being)?\s*)?(?:\s*(?:under|subject to|covered by|on)\s+)?(?:any\s+)?(?:EU\s+|UN\s+)?(?:sanctions?(?:\s+regimes?)?|embargo)\b",
    re.IGNORECASE,
)
_SANCTIONS_WORDS = re.compile(r"\bsanction\w*|\bannex\b|\basset freeze|\bfrozen\b|\bEU[- ]lists?\b|\bblacklist", re.IGNORECASE)


def _sentence_at(text: str, position: int) -> str:
    start = max(text.rfind(c, 0, position) for c in ".?!\n") + 1
    ends = [i for i in (text.find(c, position) for c in ".?!\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


_PARTNER_OF_INVESTEE = re.compile(
    r"\b(?:its|their|the\s+(?:company|firm|maker|manufacturer|investee|borrower|group|issuer)['’]s)\s+(?:[\w-]+\s+){0,2}(?:representatives?|distributors?|partners?|agents?|resellers?|dealers?|customers?|clients?|buyers?|suppliers?)\b", re.IGNORECASE
)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|what if|suppose|in case|turn(?:s|ed)? out)\b[^.?!]{0,60}\b(?:listed|designated|sanctioned)\b", re.IGNORECASE)


_MATCH_WORDS = re.compile(r"\b(?:false positive|fuzzy(?:[- ]name)? match|partial match|name match|similar name|(?:screening )?(?:tool|system) flagged|flagged (?:a |the )?(?:name|match))\b", re.IGNORECASE)
_CLEARED = re.compile(
    r"\b(?:different (?:full )?(?:name|company|entity|person|owners?|registration|address)|not the same|no (?:iranian )?(?:links?|connections?|ties)|unrelated|(?:we )?cleared it|ruled (?:it )?out|false positive)\b",
    re.IGNORECASE,
)


_BORN = re.compile(r"\b(?:born|b\.|dob:?|date of birth:?)\s*(?:on\s+|in\s+)?(?:\d{1,2}(?:st|nd|rd|th)?[./ -]\s*(?:\w+[./ -]\s*)?)?(\d{4})\b", re.IGNORECASE)


def other_birth_year(text: str, born: str | None) -> bool:
    """True when the question gives a birth year for the party and the listing gives another one (a namesake)."""
    stated = set(_BORN.findall(text))
    return bool(born and stated and born not in stated)


# "German passport", "a French national", "nationality: Austrian", "holds Dutch citizenship"
_NATIONALITY_SAID = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:passport|national|citizen|citizenship|nationality)\b|\b(?:nationality|citizenship)\s*:?\s*([A-Z][a-z]+)\b",
)


def other_nationality(text: str, listed: str | None) -> bool:
    """True when the question gives the party's nationality and the listing gives another one (a namesake).

    Every nationality said must differ: a dual national with the listed nationality among them is no namesake."""
    if not listed:
        return False
    said = {word.lower() for match in _NATIONALITY_SAID.finditer(text) for word in match.groups() if word}
    said = {word for word in said if word not in {"the", "a", "an", "his", "her", "their", "eu", "valid", "same"}}
    return bool(said) and listed.lower() not in said


def cleared_match(text: str) -> bool:
    """True when the writer reports a screening hit as a false positive it has checked."""
    return bool(_MATCH_WORDS.search(text) and _CLEARED.search(text))


_HIT_ON_LISTED = re.compile(
    r"\b(?:hits?|match(?:es|ed)?|flag(?:s|ged)?|alerts?)\s+(?:on|against|with|to|for)\s+(?:a|an|the)\s+(?:EU[- ])?(?:listed|designated|sanctioned)\b", re.IGNORECASE
)


# A screening result confirmed on the listing's identifiers: "name, date of birth and national ID number match an Annex I entry",
# "a confirmed match"; a name alone stays a possible match to check
_CONFIRMED_MATCH = re.compile(
    r"\b(?:name|date of birth|dob|passport|(?:national\s+)?id(?:entity)?)\b(?:[^.?!]{0,30}?\b(?:date of birth|dob|passport(?: number)?|(?:national\s+)?id(?:entity)?(?: card| number)*|registration number|address)\b){1,3}"
    r"[^.?!]{0,20}?\b(?:all\s+)?match(?:es|ed)?\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:Annex\s+I|listing|entry|list(?:ed)?\s+(?:person|entry))"
    r"|\b(?:confirmed|true|positive)\s+(?:match|hit)\b(?![^.?!]{0,40}\b(?:not|false|cleared)\b)",
    re.IGNORECASE,
)


def states_listed(text: str, investor: bool = False) -> bool:
    """True when the question states that a party is on a sanctions list ("a bank listed in Annex I").

    "No buyer is sanctioned" denies it. For an investor or lender, a listed business partner of the company it
    would hold or finance ("its Iranian representative is listed") is a risk of that company, not a party the
    investor's money reaches.
    """
    if _CONFIRMED_MATCH.search(text) and not investor and not re.search(r"\b(?:suppose|if|imagine|hypothetical\w*)\b[^.?!]{0,40}\b(?:confirmed|match)", text, re.IGNORECASE):
        return True
    for match in _STATED_LISTED.finditer(text):
        gap = match.group("gap") or match.group("gap2") or match.group("gap3") or ""
        if re.search(r"\b(?:not|never|no longer|no|none|nobody|neither|nor)\b|n['’]t\b|,\s*(?:and|but)\b", gap, re.IGNORECASE):
            continue  # "a firm with no listed owners", "the buyer, and none of the parties is listed"
        if re.search(r"\b(?:or\s+(?:also|even|only)|when|if|whether|unless)\b", match.group("gap") or "", re.IGNORECASE):
            continue  # "a Dubai buyer ... or also when listed kit goes on": the gap crosses into another clause
        if match.group("gap3") is not None and re.search(r"\b(?:whether|if|check)\s+(?:the\s+|our\s+|their\s+|any\s+)?(?:[\w-]+\s+)?$", text[max(0, match.start() - 30) : match.start()], re.IGNORECASE):
            continue
        if match.group("gap3") is not None and re.search(r"\b(?:cameras?|items?|goods|products?|equipment|cores?|modules?|systems?|devices?|software|technology)\b|\b(?:check|whether|if)\b", gap, re.IGNORECASE):
            continue  # "the buyer's cameras are in Annex I": goods on a control list; "check whether the buyer is named in Annex I": a question
        if re.search(r"\b(?:no|none of (?:the|their|its|our|his|her|these|those)|neither|not a|not any)\s+(?:[\w-]+\s+)?$", text[max(0, match.start() - 30) : match.start()], re.IGNORECASE):
            continue
        if re.search(r"\bneither\b[^.?!;]{0,50}\bnor\s+(?:its|the|their|his|her|any)?\s*(?:[\w-]+\s+)?$", text[max(0, match.start() - 70) : match.start()], re.IGNORECASE):
            continue  # "Neither Kourosh nor its owners are on the EU list": the denial opens with the first name
        if investor and _PARTNER_OF_INVESTEE.search(text[max(0, match.start() - 60) : match.end()]):
            continue
        if _HIT_ON_LISTED.search(text[max(0, match.start() - 50) : match.end()]):
            continue  # "our tool threw a hit on a listed person of the same name": a possible match to check, not a listing
        sentence = _SANCTIONS_DENIED.sub(" ", _sentence_at(text, match.start()))
        if (_STOCK_LISTED.search(text[match.start() : match.end() + 40]) or _STOCK_WORDS.search(sentence)) and not _SANCTIONS_WORDS.search(sentence):
            continue  # "the customer is a listed hotel group", "our company — listed, with ESG funds on the register": quoted on a stock exchange
        return not _HYPOTHETICAL.search(text)
    return False


_TEXT_QUESTION = re.compile(r"\b(?:what does|what do|quote|wording|define|definition|text of)\b[^?]{0,60}\b(?:article|annex|principle|say|says|mean)\b", re.IGNORECASE)


_ASKS_LISTING = re.compile(r"\blist(?:ed|ing|s)?\b|\bsanction\w*|\bdesignat\w*|\bfor what\b|\bwhy\b|\bwho (?:is|are)\b|\bwhat (?:is|are)\b", re.IGNORECASE)


def _asks_about_text(text: str) -> bool:
    """A follow-up that asks about a provision's wording is a factual question, not new facts."""
    return bool(_TEXT_QUESTION.search(text))


_PIPELINES: dict[tuple[int, str], Pipeline] = {}
_LOCK = threading.Lock()


def get_pipeline(settings: Settings) -> Pipeline:
    """The pipeline for these settings and the active index build (built once)."""
    searcher = get_searcher(settings)
    key = (id(searcher), settings.model_dump_json())
    with _LOCK:
        pipeline = _PIPELINES.get(key)
        if pipeline is None:
            _PIPELINES.clear()
            pipeline = Pipeline(searcher, load_register(), lambda parties: screen_parties(parties, settings), settings)
            _PIPELINES[key] = pipeline
        return pipeline


def load_history(path: Path) -> list[Turn]:
    """Read `--history FILE`: a JSON list of {role, content} turns."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Turn(**turn) for turn in data]
    except (OSError, ValueError, TypeError) as exc:
        raise QuestionError(f"{path}: not a JSON list of {{\"role\": \"user\"|\"assistant\", \"content\": \"...\"}} turns ({exc}).") from exc


def available_engines(settings: Settings) -> list[str]:
    """Engines the user can pick: grounded, plus configured or installed LLM engines."""
    return llm.available_engines(settings)


def iter_ask(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None = None,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
    filters: Filters | None = None,
    retrieval_mode: str | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[str | Answer]:
    """Stream the answer: text deltas, then the final `Answer`."""
    settings = settings or get_settings()
    engine = engine or settings.answer.engine
    started = time.perf_counter()
    pipeline = pipeline or get_pipeline(settings)
    grounded = pipeline.to_answer(pipeline.run(question, history, filters, retrieval_mode), started)
    if engine == "grounded" or grounded.refused:
        yield from re.split(r"(?<=\n)", grounded.answer)
        yield grounded
        return
    yield from _llm_answer(grounded, gates.clean_history(history, settings.web)[0], settings, engine)


def ask(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None = None,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
    filters: Filters | None = None,
    retrieval_mode: str | None = None,
    pipeline: Pipeline | None = None,
) -> Answer:
    """Answer a question with cited sources (see README 'Answer contract')."""
    final: Answer | None = None
    for item in iter_ask(question, history, settings, engine=engine, filters=filters, retrieval_mode=retrieval_mode, pipeline=pipeline):
        if isinstance(item, Answer):
            final = item
    if final is None:
        raise AssistantError("The pipeline produced no answer.")
    return final


def _llm_answer(grounded: Answer, turns: list[Turn], settings: Settings, engine: str) -> Iterator[str | Answer]:
    """Let an LLM write the answer from the grounded evidence pack; check it; fall back when it fails."""
    started = time.perf_counter()
    pieces: list[str] = []
    try:
        chat = llm.get_chat_model(engine, settings)
        for delta in llm.generate_answer(chat, grounded.question, turns, grounded.citations, grounded.obligations, settings):
            pieces.append(delta)
            yield delta
    except (BackendError, AssistantError) as exc:
        fallback = grounded.model_copy(update={"warnings": grounded.warnings + [f"{engine} failed ({exc}); showing the grounded answer."]})
        yield "\n\n---\n" + fallback.answer
        yield fallback
        return
    checked = check_answer("".join(pieces), grounded.citations)
    timings = dict(grounded.timings_ms, llm=round((time.perf_counter() - started) * 1000, 1))
    if not checked.ok:
        fallback = grounded.model_copy(update={"warnings": grounded.warnings + [f"{engine} answer failed the citation check; showing the grounded answer."] + checked.warnings, "timings_ms": timings})
        yield "\n\n---\n" + fallback.answer
        yield fallback
        return
    used = {c.n for c in checked.citations}
    yield grounded.model_copy(
        update={
            "answer": checked.text + "\n" + sources_section([c for c in grounded.citations if c.n in used]),
            "citations": [c for c in grounded.citations if c.n in used],
            "engine": engine,
            "warnings": grounded.warnings + checked.warnings,
            "timings_ms": timings,
        }
    )


__all__ = ["Decision", "Pipeline", "ask", "available_engines", "get_pipeline", "iter_ask", "load_history"]
