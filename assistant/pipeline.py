"""The answer pipeline: validate, understand, gate, retrieve, screen, match, compose, check.

`ask()` returns the public `Answer`; `iter_ask()` streams text deltas and ends
with the `Answer`. The refusal gate runs in code before any LLM is called. The
default engine `grounded` composes the answer offline and deterministically from
the register (our summaries) and verbatim passages from the index.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError, BackendError, QuestionError
from assistant.settings import Settings, get_settings
from assistant.types import Answer, Citation, ObligationHit, Scenario, ScoredChunk, ScreeningHit, Turn
from assistant.vocab import CAPABILITIES, END_USER_TYPES, PRODUCTS, SELLER_ROLES, STAGES

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.?!]{0,40}\b(?:instructions?|rules|prompt|guidelines)\b"
    r"|\b(?:system|hidden|initial|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\b(?:reveal|print|show|output|repeat|leak|dump)\b[^.?!]{0,40}\b(?:prompt|instructions|configuration|config|settings|api[- ]?key|environment|env vars?)\b"
    r"|\byou are now\b|\bact as (?:an? )?(?:unrestricted|jailbroken|dan)\b|\bjailbreak\b",
    re.IGNORECASE,
)
_EVASION = re.compile(
    r"\b(?:hide|conceal|disguise|mask|obscure|falsif\w*|misdeclar\w*|mislabel\w*)\b[^.?!]{0,60}\b(?:end[- ]?user|destination|customs|authorit\w*|origin|consignee|bank|sanction\w*)\b"
    r"|\bso (?:that )?(?:customs|the authorities|the authority|the bank|our bank|the regulator|nobody|no one)\b[^.?!]{0,20}\b(?:doesn't|does not|don't|won't|will not|cannot|can't)\s+(?:realise|realize|notice|know|flag|see|find out|detect|spot)"
    r"|\b(?:evade|evading|circumvent\w*|get around|getting around|bypass\w*|avoid(?:ing)? detection|slip past|rout\w* (?:\w+ )?(?:around|past)|without (?:the )?(?:authorities|bank|customs) (?:knowing|noticing))\b[^.?!]{0,60}\b(?:sanction\w*|export control\w*|licen[cs]\w*|customs|embargo|screening|bank|authorit\w*|ban|prohibition)\b",
    re.IGNORECASE,
)
_OUT_OF_SCOPE = re.compile(
    r"\b(?:vat|value[- ]added tax|income tax|corporate tax|withholding tax|tax rates?|tariff rates?|customs dut(?:y|ies)|import dut(?:y|ies)"
    r"|exchange rates?|share price|stock price|salary|salaries|wages|minimum wage|employment law|labou?r law|working hours|dismissal|severance"
    r"|gdpr|data protection fines?|privacy fines?|marketing strategy|price list|pricing|discount|price per unit|unit price|what price"
    r"|dismiss(?:al|ing)?|notice period|non-compete|employment contracts?|letters?[- ]of[- ]credit|interest rates?|loan terms)\b",
    re.IGNORECASE,
)
_INSTRUMENT_NO = re.compile(r"\b(?:Regulation|Directive|Decision|Recommendation|Reg\.?)\s*(?:\((?:EU|EC|EEC)\)\s*)?(?:No\.?\s*)?(\d{2,4}/\d{1,4})\b", re.IGNORECASE)
_CASE_NO = re.compile(r"\b[CT]-\d{1,4}/\d{2}\b")
_STANDARD_NO = re.compile(r"\b(?:EN|ISO|IEC|ISO/IEC|NIST|BS|DIN)\s?\d[\d\-:.]{2,}\b")
_NAMED_INSTRUMENT = re.compile(r"\b((?:[A-Z][\w’'\-]*\s+){1,5}(?:Act|Law|Ordinance|Code|Convention|Treaty|Standard|Directive|Regulation|Guidelines|Rules|Order))\b")
_FOREIGN_LAW = re.compile(
    r"\b(UK|U\.K\.|British|Britain|Japan|Japanese|Swiss|Switzerland|China|Chinese|Russia|Russian|India|Indian|Canada|Canadian|"
    r"Australia|Australian|Turkey|Turkish|Emirati|UAE|Singapore|Korean|Brazil|Brazilian)(?:’s|'s)?\s+"
    r"(?:(?:[A-Z][\w\-]*|[Ee]xport|[Cc]ontrols?|[Tt]rade|[Ff]oreign|[Ss]anctions?|[Nn]ational|[Dd]omestic|[Ff]ederal|and|of|the)\s+){0,7}"
    r"([Ll]aws?|[Ee]xport [Cc]ontrols?|[Rr]egulations?|[Rr]ules|[Oo]rdinance|Act|[Ll]egislation|[Ll]icensing)\b"
)
_KNOWN_ALIASES = (
    "ai act", "dual-use regulation", "dual use regulation", "csddd", "corporate sustainability due diligence directive",
    "guiding principles", "oecd guidelines", "due diligence guidance", "anti-torture regulation", "torture regulation",
    "omnibus", "sanctions regulation", "iran regulation", "iran sanctions regulation", "export control regulation",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")
_STOP = frozenset(
    ["what", "which", "when", "where", "does", "with", "from", "that", "this", "they", "them", "their", "there", "have", "will", "would", "should", "could", "about", "under", "into", "over", "also", "than", "then", "only", "just", "must", "shall", "such", "each", "other", "more", "most", "some", "many", "much", "very", "like", "what's", "does", "doesn't", "need", "needs", "required", "require", "requires", "apply", "applies", "company", "companies", "question", "answer", "tell", "explain", "describe"]
)

PROMPT_FREE_REFUSAL = "The sources here do not cover this."


@dataclass
class Evidence:
    """Numbered citations collected while composing, in order of first use."""

    settings: Settings
    titles: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    by_chunk: dict[str, int] = field(default_factory=dict)

    def cite(self, chunk: Any, quote: str) -> int:
        """Number a chunk (once) and return its marker number."""
        key = f"{chunk.chunk_id}|{quote[:40]}"
        if key in self.by_chunk:
            return self.by_chunk[key]
        title, kind, url = self.titles.get(chunk.source_id, (chunk.source_id, "user", ""))
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n,
                source_id=chunk.source_id,
                title=title,
                kind=kind,
                locator=chunk.locator,
                page=chunk.page,
                quote=quote,
                chunk_id=chunk.chunk_id,
                url=url,
                file=chunk.file,
                page_number=(chunk.page_index + 1) if chunk.page_index is not None else None,
            )
        )
        self.by_chunk[key] = n
        return n


def load_history(path: Path) -> list[Turn]:
    """Read `--history FILE`: a JSON list of {role, content} turns."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Turn(**turn) for turn in data]
    except (OSError, ValueError, TypeError) as exc:
        raise QuestionError(f"{path}: not a JSON list of {{\"role\": \"user\"|\"assistant\", \"content\": \"...\"}} turns ({exc}).") from exc


def _clean_question(question: str, settings: Settings) -> str:
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    cleaned = _CONTROL.sub(" ", question).strip()
    if not cleaned:
        raise QuestionError("The question is empty. Type a question about a sale, a rule or a standard.")
    if len(cleaned) > settings.answer.max_question_chars:
        raise QuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is {settings.answer.max_question_chars:,}. "
            "Shorten it to the facts of the sale and what you need to know."
        )
    return cleaned


def _history(history: list[Turn] | list[dict[str, str]] | None) -> list[Turn]:
    turns: list[Turn] = []
    for turn in history or []:
        try:
            turns.append(turn if isinstance(turn, Turn) else Turn(**turn))
        except (TypeError, ValueError) as exc:
            raise QuestionError(f"History turn {turn!r} is not {{role: user|assistant, content: text}} ({exc}).") from exc
    return turns[-12:]


def _source_titles(settings: Settings) -> dict[str, tuple[str, str, str]]:
    from assistant.sources import load_sources

    return {s.id: (s.short_title or s.title, s.kind, s.url) for s in load_sources(settings)}


def _best_window(text: str, query_terms: set[str], max_chars: int) -> str:
    """The verbatim sentences of a chunk that best match the query, at most max_chars long."""
    from assistant.split import split_sentences

    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= max_chars:
        return flat
    sentences = split_sentences(text)
    if not sentences:
        return flat[:max_chars].rsplit(" ", 1)[0]
    scores = [len(query_terms & _terms(s)) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    window = [sentences[best]]
    lo, hi = best, best
    while True:
        grown = False
        for nxt in (hi + 1, lo - 1):
            if 0 <= nxt < len(sentences) and len(" ".join(window)) + len(sentences[nxt]) + 1 <= max_chars:
                if nxt > hi:
                    window.append(sentences[nxt])
                    hi = nxt
                else:
                    window.insert(0, sentences[nxt])
                    lo = nxt
                grown = True
                break
        if not grown:
            break
    quote = re.sub(r"\s+", " ", " ".join(window)).strip()
    if len(quote) > max_chars:
        quote = quote[:max_chars].rsplit(" ", 1)[0]
    return quote


def _terms(text: str) -> set[str]:
    from assistant.retrieve import tokenize

    return set(tokenize(text))


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]


# --- gates ----------------------------------------------------------------------


def _gate_question(question: str) -> str | None:
    """A refusal reason for questions the assistant must not answer, or None."""
    if _INJECTION.search(question):
        return "The question asks the assistant to change or reveal its instructions or configuration. It answers due-diligence questions from its sources only."
    if _EVASION.search(question):
        return "The assistant does not help to hide end users or destinations or to evade sanctions, export controls or screening; doing so is itself prohibited."
    if _OUT_OF_SCOPE.search(question):
        return "This is outside the scope of the sources here (human-rights due diligence, export controls, sanctions and AI rules for surveillance technology)."
    return None


def _unknown_instrument(question: str, settings: Settings) -> str | None:
    """A refusal reason when the question asks about an instrument, case or standard the corpus never mentions."""
    from assistant.index import load_index

    index = load_index(settings)
    foreign = _FOREIGN_LAW.search(question)
    if foreign:
        return f"The sources here cover EU law, US guidance and international standards, not {foreign.group(1)} {foreign.group(2)}."
    numbers = _INSTRUMENT_NO.findall(question)
    if numbers:
        unknown = [n for n in numbers if n not in index.instrument_numbers]
        if len(unknown) == len(numbers):
            return f"The sources here do not include {', '.join(unknown)}; no indexed text mentions it."
        return None
    text = index.text_lower
    references = _CASE_NO.findall(question) + _STANDARD_NO.findall(question)
    missing = [r for r in references if r.lower() not in text]
    if missing:
        return f"The sources here do not mention {', '.join(missing)}."
    for match in _NAMED_INSTRUMENT.finditer(question):
        words = [w for w in match.group(1).split() if not re.match(r"^(?:The|What|Which|Does|Do|Is|Under|How|Can|Our|We)$", w)]
        phrase = " ".join(words).lower().replace("’s", "").replace("'s", "")
        if len(words) < 2 or any(alias in phrase or phrase in alias for alias in _KNOWN_ALIASES):
            continue
        if phrase not in text:
            return f"The sources here do not include the {' '.join(words)}."
    return None


def _evidence_strength(question: str, results: list[ScoredChunk], settings: Settings) -> tuple[float, float]:
    """(best dense similarity, share of the question's content words found in the top passages)."""
    from assistant.retrieve import dense_similarity

    sims = [r.similarity for r in results if r.similarity is not None]
    if not sims and results:
        sims = list(dense_similarity(question, [r.chunk.chunk_id for r in results[:5]], settings).values())
    best = max(sims) if sims else 0.0
    words = set(_content_words(question))
    if not words:
        return best, 0.0
    top_text = " ".join(r.chunk.text.lower() + " " + r.chunk.extra.get("context", "").lower() for r in results[:5])
    support = sum(1 for w in words if w in top_text) / len(words)
    return best, support


# --- composing ------------------------------------------------------------------


def _locator_words(citation: Citation) -> str:
    title = citation.title
    if citation.kind == "digest":
        return f"The project digest of {title.replace(' (digest)', '')} ({citation.locator})"
    if citation.locator.startswith(("Principle", "Article", "Annex")):
        return f"{citation.locator} of {title}"
    return f"{title} ({citation.locator})"


def _digest_note(citation: Citation) -> str:
    if citation.kind == "digest":
        return f" — project digest — verify against the official text at {citation.url}" if citation.url else " — project digest"
    if citation.kind == "case-notes":
        return " — project case notes compiled from public reporting"
    return ""


def _retrieve(question: str, settings: Settings, k: int, filters: dict[str, list[str]] | None, mode: str | None) -> list[ScoredChunk]:
    from assistant.retrieve import search

    filters = filters or {}
    return search(question, settings, k, sources=filters.get("sources"), kinds=filters.get("kinds"), jurisdictions=filters.get("jurisdictions"), mode=mode)


_EXPLICIT = re.compile(
    r"\b(Article|Art\.|Principle|GP|Annex)\s*(\d+[a-z]?|[IVX]+)\b((?:\s?\(\w{1,4}\))*)(?:[\s,—-]*(?:item|point|entry|no\.?)\s*(\d+))?",
    re.IGNORECASE,
)
_SOURCE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dual[- ]use|2021/821|cyber-surveillance", re.IGNORECASE), "eu-2021-821"),
    (re.compile(r"359/2011|human[- ]rights sanctions|iran(?:ian)? (?:human[- ]rights )?(?:sanctions )?regulation|\biran\b", re.IGNORECASE), "eu-359-2011"),
    (re.compile(r"torture|2019/125", re.IGNORECASE), "eu-2019-125"),
    (re.compile(r"\bAI Act\b|2024/1689|artificial intelligence", re.IGNORECASE), "eu-ai-act"),
    (re.compile(r"guiding principles|\bUNGPs?\b|\bGP\s?\d", re.IGNORECASE), "ungps"),
)
_INSTRUMENT_SOURCES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"dual[- ]use|2021/821|cyber-surveillance|export control regulation", re.IGNORECASE), ("eu-2021-821", "eu-dual-use-guidance-digest")),
    (re.compile(r"359/2011|human[- ]rights sanctions|iran(?:ian)? (?:human[- ]rights )?(?:sanctions )?regulation", re.IGNORECASE), ("eu-359-2011",)),
    (re.compile(r"torture|2019/125", re.IGNORECASE), ("eu-2019-125",)),
    (re.compile(r"\bAI Act\b|2024/1689", re.IGNORECASE), ("eu-ai-act",)),
    (re.compile(r"guiding principles|\bUNGPs?\b", re.IGNORECASE), ("ungps",)),
    (re.compile(r"\bCSDDD\b|due diligence directive|omnibus", re.IGNORECASE), ("dihr-csddd-guide", "csddd-digest")),
    (re.compile(r"\bOECD\b", re.IGNORECASE), ("oecd-mne-digest", "oecd-ddg-digest")),
    (re.compile(r"state department|\bUS guidance\b", re.IGNORECASE), ("us-dos-2020-digest",)),
)
INSTRUMENT_BOOST = 1.5


def _route_to_instruments(question: str, results: list[ScoredChunk]) -> list[ScoredChunk]:
    """When the question names an instrument, rank that instrument's passages first among equals."""
    named = {source for rx, sources in _INSTRUMENT_SOURCES if rx.search(question) for source in sources}
    if not named:
        return results
    boosted = [r.model_copy(update={"score": r.score * (INSTRUMENT_BOOST if r.chunk.source_id in named else 1.0)}) for r in results]
    return sorted(boosted, key=lambda r: (-r.score, r.chunk.chunk_id))


def explicit_references(question: str, settings: Settings) -> list[ScoredChunk]:
    """Chunks at locators the question names outright ("Article 5(2) of the dual-use regulation")."""
    from assistant.index import load_index

    index = load_index(settings)
    hinted = [source for rx, source in _SOURCE_HINTS if rx.search(question)]
    found: list[ScoredChunk] = []
    for match in _EXPLICIT.finditer(question):
        kind, number, paren, item = match.group(1).lower(), match.group(2), re.sub(r"\s", "", match.group(3) or ""), match.group(4)
        if kind in {"principle", "gp"}:
            locator, sources = f"Principle {number}", ["ungps"]
        elif kind == "annex":
            if not item:
                continue
            locator = f"Annex {number.upper()} — "
            sources = hinted or ["eu-359-2011", "eu-2019-125", "eu-ai-act", "eu-2021-821"]
        else:
            locator = f"Article {number}{paren}"
            sources = hinted or ["eu-2021-821", "eu-359-2011", "eu-2019-125", "eu-ai-act"]
        rows = []
        for source in sources:
            for row in index.rows_by_source.get(source, []):
                loc = row["locator"]
                if kind == "annex":
                    if loc.startswith(locator) and re.search(rf"(?:item|point|entry) {item}\b", loc):
                        rows.append(row)
                elif loc == locator or loc.startswith((locator + "(", locator + " —")):
                    rows.append(row)
        if kind in {"article", "art."} and not hinted and len({r["source_id"] for r in rows}) != 1:
            continue
        for row in rows[:4]:
            found.append(ScoredChunk(chunk=index.chunk(row["chunk_id"]), score=1.0, ranks={"explicit": 1}, similarity=None))
    seen: set[str] = set()
    return [f for f in found if not (f.chunk.chunk_id in seen or seen.add(f.chunk.chunk_id))][:6]


STRONG_HINT = 0.6
_REGISTER_VECTORS: dict[tuple[str, int], tuple[list[Any], Any]] = {}


def _register_matrix(settings: Settings) -> tuple[list[Any], Any]:
    """Register items and the embeddings of their titles, summaries and evidence queries (cached)."""
    import numpy as np

    from assistant.embed import get_embedder
    from assistant.register import load_register

    items = load_register()
    key = (settings.embedding_model, id(items[0]) if items else 0)
    cached = _REGISTER_VECTORS.get(key)
    if cached is None:
        texts = [f"{i.title}. {i.summary} {i.evidence_query}" for i in items]
        vectors = np.asarray(get_embedder(settings).embed_documents(texts), dtype=np.float32) if texts else np.zeros((0, 1))
        cached = (items, vectors)
        _REGISTER_VECTORS.clear()
        _REGISTER_VECTORS[key] = cached
    return cached


def register_hints(query: str, settings: Settings, top: int = 3, min_similarity: float = 0.45) -> list[ScoredChunk]:
    """Official passages of the register items whose own-words summary is closest to the query.

    The register is curated knowledge: each item ties a summary in plain words to the exact
    provision, so a paraphrased question finds the provision even where its legal wording
    is far from the user's words.
    """
    import numpy as np

    from assistant.embed import get_embedder

    items, vectors = _register_matrix(settings)
    if not items:
        return []
    q = np.asarray(get_embedder(settings).embed_query(query), dtype=np.float32)
    sims = vectors @ q
    hints: list[ScoredChunk] = []
    for pos in np.argsort(-sims)[: top * 2]:
        if sims[pos] < min_similarity or len(hints) >= top:
            break
        chunk = _register_evidence(items[pos], settings)
        if chunk is not None and all(h.chunk.chunk_id != chunk.chunk_id for h in hints):
            hints.append(ScoredChunk(chunk=chunk, score=float(sims[pos]), ranks={"register": len(hints) + 1}, similarity=float(sims[pos])))
    return hints


def _fuse_hints(results: list[ScoredChunk], hints: list[ScoredChunk], settings: Settings) -> list[ScoredChunk]:
    """Add the register ranking to the fused scores (reciprocal rank, weight 1) and re-sort."""
    rrf_k = settings.retrieval.rrf_k
    scores = {r.chunk.chunk_id: r.score for r in results}
    by_id = {r.chunk.chunk_id: r for r in results}
    for rank, hint in enumerate(hints, start=1):
        cid = hint.chunk.chunk_id
        scores[cid] = scores.get(cid, 0.0) + 1.0 / (rrf_k + rank)
        if cid not in by_id:
            by_id[cid] = hint
    order = sorted(scores, key=lambda c: (-scores[c], c))
    strong = [h.chunk.chunk_id for h in hints if (h.similarity or 0.0) >= STRONG_HINT]
    for cid in reversed(strong[:2]):
        if order.index(cid) > 1:
            order.remove(cid)
            order.insert(1, cid)
    return [by_id[c].model_copy(update={"score": round(scores[c], 6)}) for c in order]


def _register_evidence(item: Any, settings: Settings) -> Any | None:
    """The indexed chunk that holds a register item's provision (and quote, where given)."""
    from assistant.index import load_index
    from assistant.load import normalise_space

    index = load_index(settings)
    provision = item.provision
    quote = normalise_space(item.quote).lower() if item.quote else ""
    candidates = [
        row for row in index.rows_by_source.get(item.source_id, [])
        if row["locator"] == provision or row["locator"].startswith((provision + "(", provision + " —", provision + ",", provision + " "))
    ]
    if quote:
        with_quote = [r for r in candidates if quote in normalise_space(r["text"]).lower()]
        if not with_quote:
            with_quote = [r for r in index.rows_by_source.get(item.source_id, []) if quote in normalise_space(r["text"]).lower()]
        if with_quote:
            return index.chunk(with_quote[0]["chunk_id"])
    if candidates:
        return index.chunk(candidates[0]["chunk_id"])
    found = _retrieve(item.evidence_query, settings, 3, {"sources": [item.source_id]}, None)
    return found[0].chunk if found else None


def _quote_for(item: Any, chunk: Any, settings: Settings) -> str:
    from assistant.load import normalise_space

    text = normalise_space(chunk.text)
    if item.quote and normalise_space(item.quote).lower() in text.lower():
        start = text.lower().index(normalise_space(item.quote).lower())
        # widen to the sentence around the register's pinned phrase
        left = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0, start - settings.answer.max_quote_chars // 2)
        end = text.find(". ", start + len(item.quote))
        end = len(text) if end < 0 else end + 1
        end = min(end, left + settings.answer.max_quote_chars)
        return text[left:end].strip()
    return _best_window(chunk.text, _terms(item.evidence_query), settings.answer.max_quote_chars)


def _describe(s: Scenario) -> list[str]:
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
        lines.append("Your company is " + ("established in the EU" if s.company_in_eu else "established outside the EU"))
    return lines


def _compose_memo(
    question: str,
    scenario: Scenario,
    matched: list[tuple[Any, str]],
    screening: list[ScreeningHit],
    evidence: Evidence,
    settings: Settings,
) -> tuple[str, list[ObligationHit]]:
    from assistant.index import load_index
    from assistant.register import group_of

    index = load_index(settings)
    hits: list[ObligationHit] = []
    lines: list[str] = ["## Due-diligence memo", "", "### 1. The scenario as understood"]
    described = _describe(scenario)
    lines.extend(f"- {d}" for d in described) if described else lines.append("- No transaction facts were recognised.")
    if scenario.missing:
        lines.append("")
        lines.append("**Facts to establish before relying on this memo:**")
        lines.extend(f"- {m}" for m in scenario.missing)

    law: list[str] = []
    standards: dict[str, list[str]] = {"before": [], "during": [], "after": []}
    flags: list[str] = []
    steps: dict[str, list[int]] = {}
    for item, why in matched:
        chunk = _register_evidence(item, settings)
        numbers: list[int] = []
        if chunk is not None:
            numbers.append(evidence.cite(chunk, _quote_for(item, chunk, settings)))
        group = group_of(item)
        marker = "".join(f"[{n}]" for n in numbers)
        if not numbers:
            marker = " *(no indexed passage: official text not present)*"
        label = "project digest" if item.source_id.endswith("-digest") else item.provision
        confidence = "" if item.confidence == "verified" else f" *({item.confidence})*"
        line = f"- **{item.title}** ({label}) — {item.summary}{confidence} {marker}".rstrip()
        if group == "law":
            law.append(line)
        elif group == "red-flags":
            flags.append(f"- **{item.title}** — {item.summary} {marker}".rstrip() + f" *Why: {why}.*")
        else:
            timing = item.timing[0] if item.timing else "before"
            standards.setdefault(timing, []).append(line)
        for action in item.actions:
            steps.setdefault(action, [])
            steps[action].extend(n for n in numbers if n not in steps[action])
        hits.append(
            ObligationHit(
                id=item.id, source_id=item.source_id, provision=item.provision, kind=item.kind, binding=item.binding,
                group=group, title=item.title, summary=item.summary, actions=list(item.actions),
                confidence=item.confidence, citations=numbers, why=why,
            )
        )

    lines += ["", "### 2. Hard legal constraints (the law requires)"]
    for hit in screening:
        row_chunk = None
        for row in index.rows_by_source.get(hit.source_id, []):
            if row["locator"] == hit.locator:
                row_chunk = index.chunk(row["chunk_id"])
                break
        n = evidence.cite(row_chunk, hit.quote) if row_chunk is not None else None
        marker = f" [{n}]" if n else ""
        lines.append(
            f"- **Sanctions screening hit:** “{hit.query or hit.name}” matches **{hit.name}**, {hit.locator} of Regulation (EU) No 359/2011"
            f"{f' (listed {hit.listed_on})' if hit.listed_on else ''}, score {hit.score:.0f}/100. Making funds or economic resources available to a listed party is prohibited; stop and confirm the match.{marker}"
        )
    lines.extend(law or ["- No prohibition, licence or notification requirement in the indexed law is triggered by the facts given. This can change with the missing facts above."])

    lines += ["", "### 3. Due diligence the standards expect"]
    for timing, title in (("before", "Before the sale"), ("during", "During the sale and delivery"), ("after", "After the sale")):
        if standards.get(timing):
            lines += [f"**{title}**", *standards[timing]]
    if not any(standards.values()):
        lines.append("- No standard-based expectation was triggered by the facts given.")

    lines += ["", "### 4. Red flags present"]
    lines.extend(flags or ["- None of the register's red flags is present on the facts given."])

    lines += ["", "### 5. Recommended steps"]
    prohibited = [h for h in hits if h.kind == "prohibition"]
    if prohibited or screening:
        basis = "".join(f"[{n}]" for h in prohibited for n in h.citations[:1])
        lines.append(f"- **Do not proceed** with the sale as described while a prohibition or a sanctions hit applies; escalate to legal counsel. {basis}".rstrip())
    for action, numbers in list(steps.items())[:14]:
        lines.append(f"- {action[0].upper() + action[1:]} {''.join(f'[{n}]' for n in numbers[:2])}".rstrip())

    if "IR" in scenario.destinations + scenario.transit:
        case_query = " ".join([question] + [PRODUCTS.get(p, p) for p in scenario.products] + ["Iran cameras surveillance"])
        cases = _retrieve(case_query, settings, 2, {"sources": ["iran-case-notes"]}, None)
        if cases:
            lines += ["", "### Risk context: documented abuse in Iran"]
            for case in cases:
                n = evidence.cite(case.chunk, _best_window(case.chunk.text, _terms(case_query), settings.answer.max_quote_chars))
                lines.append(f"- {case.chunk.locator} [{n}]")
    return "\n".join(lines), hits


def _compose_factual(question: str, results: list[ScoredChunk], evidence: Evidence, settings: Settings, limit: int = 4) -> str:
    terms = _terms(question)
    chosen: list[ScoredChunk] = []
    for r in results:
        if len(chosen) >= limit:
            break
        if any(c.chunk.source_id == r.chunk.source_id and c.chunk.locator == r.chunk.locator for c in chosen):
            continue
        chosen.append(r)
    parts: list[str] = []
    for r in chosen:
        quote = _best_window(r.chunk.text, terms, settings.answer.max_quote_chars)
        n = evidence.cite(r.chunk, quote)
        citation = evidence.citations[n - 1]
        verb = "states" if citation.kind in {"digest", "case-notes"} else "says"
        parts.append(f"{_locator_words(citation)} {verb}: “{quote}” [{n}]{_digest_note(citation)}")
    return "\n\n".join(parts)


def _related(results: list[ScoredChunk], evidence: Evidence, settings: Settings) -> list[Citation]:
    related = Evidence(settings, titles=evidence.titles)
    for r in results[:3]:
        related.cite(r.chunk, _best_window(r.chunk.text, set(), settings.answer.max_quote_chars))
    return related.citations


def _sources_section(citations: list[Citation]) -> str:
    lines = ["", "### Sources"]
    for c in citations:
        page = f", p. {c.page}" if c.page and ", p. " not in c.locator else ""
        lines.append(f"[{c.n}] {c.title} — {c.locator}{page}{_digest_note(c)}: “{c.quote}”")
    return "\n".join(lines)


# --- entry points ---------------------------------------------------------------


def available_engines(settings: Settings) -> list[str]:
    """Engines the user can pick: grounded, plus configured or installed LLM engines."""
    try:
        from assistant.llm import available_engines as llm_engines

        return llm_engines(settings)
    except ImportError:
        return ["grounded"]


def iter_ask(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None = None,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
    filters: dict[str, list[str]] | None = None,
    retrieval_mode: str | None = None,
) -> Iterator[str | Answer]:
    """Stream the answer: text deltas, then the final `Answer`."""
    settings = settings or get_settings()
    engine = engine or settings.answer.engine
    grounded = _answer(question, history, settings, filters=filters, retrieval_mode=retrieval_mode)
    if engine == "grounded" or grounded.refused:
        yield from re.split(r"(?<=\n)", grounded.answer)
        yield grounded
        return
    yield from _llm_answer(grounded, history, settings, engine)


def ask(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None = None,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
    filters: dict[str, list[str]] | None = None,
    retrieval_mode: str | None = None,
) -> Answer:
    """Answer a question with cited sources (see README 'Answer contract')."""
    final: Answer | None = None
    for item in iter_ask(question, history, settings, engine=engine, filters=filters, retrieval_mode=retrieval_mode):
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final


def _answer(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None,
    settings: Settings,
    *,
    filters: dict[str, list[str]] | None,
    retrieval_mode: str | None,
) -> Answer:
    from assistant.index import load_index
    from assistant.register import match_obligations
    from assistant.retrieve import to_passages
    from assistant.scenario import understand

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    question = _clean_question(question, settings)
    turns = _history(history)
    index = load_index(settings)
    evidence = Evidence(settings, titles=_source_titles(settings))
    base = {"question": question, "engine": "grounded", "corpus_version": index.state.corpus_version}

    scenario = understand(question, turns)
    timings["understand"] = (time.perf_counter() - t0) * 1000

    t1 = time.perf_counter()
    query = question
    previous = [t.content for t in turns if t.role == "user"]
    if previous and (scenario.is_scenario or len(question) < 160):
        query = " ".join(previous[-1:] + [question])
    results = _retrieve(query, settings, max(settings.retrieval.k, 8), filters, retrieval_mode)
    results = _route_to_instruments(question, results)
    if not filters and (retrieval_mode or settings.retrieval.mode) == "hybrid":
        results = _fuse_hints(results, register_hints(query, settings), settings)[: max(settings.retrieval.k, 8)]
    explicit = explicit_references(question, settings)
    if explicit:
        ids = {e.chunk.chunk_id for e in explicit}
        results = explicit + [r for r in results if r.chunk.chunk_id not in ids]
    timings["retrieve"] = (time.perf_counter() - t1) * 1000

    foreign = _FOREIGN_LAW.search(question)
    reason = _gate_question(question) or (
        f"The sources here cover EU law, US guidance and international standards, not {foreign.group(1)} {foreign.group(2)}." if foreign else None
    ) or (None if scenario.is_scenario else _unknown_instrument(question, settings))
    if reason is None and not scenario.is_scenario and not explicit:
        best, support = _evidence_strength(query, results, settings)
        strong_hint = any("register" in r.ranks and (r.similarity or 0.0) >= STRONG_HINT for r in results)
        if best < settings.answer.refusal_threshold and not strong_hint:
            reason = "The retrieved passages are too far from the question to answer it from the sources."
        elif support < settings.answer.lexical_support and best < settings.answer.refusal_threshold + 0.12 and not strong_hint:
            reason = "Key terms of the question do not occur in the sources here."
    if reason is not None:
        related = _related(results, evidence, settings) if not _INJECTION.search(question) else []
        text = f"**{PROMPT_FREE_REFUSAL}** {reason}"
        if related:
            text += "\n\nRelated passages are listed below; they are related, not an answer."
        timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(
            **base, answer=text, refused=True, refusal_reason=reason, scenario=scenario, related=related,
            retrieved=to_passages(results), timings_ms={k: round(v, 1) for k, v in timings.items()},
        )

    t2 = time.perf_counter()
    screening: list[ScreeningHit] = []
    if scenario.parties:
        try:
            from assistant.screening import screen_parties

            screening = screen_parties(scenario.parties, settings)
        except ImportError:
            screening = []
    timings["screen"] = (time.perf_counter() - t2) * 1000

    t3 = time.perf_counter()
    obligations: list[ObligationHit] = []
    if scenario.is_scenario:
        matched = match_obligations(scenario, listed_party=bool(screening))
        text, obligations = _compose_memo(question, scenario, matched, screening, evidence, settings)
        cited = {c.chunk_id for c in evidence.citations}
        factual = _compose_factual(question, [r for r in results if r.chunk.chunk_id not in cited][:3], evidence, settings)
        if factual:
            text += "\n\n### Passages most relevant to the question\n" + factual
    else:
        text = _compose_factual(question, results, evidence, settings)
    text += "\n" + _sources_section(evidence.citations)
    timings["compose"] = (time.perf_counter() - t3) * 1000
    timings["total"] = (time.perf_counter() - t0) * 1000
    return Answer(
        **base, answer=text, citations=evidence.citations, scenario=scenario, obligations=obligations,
        screening=screening, retrieved=to_passages(results), timings_ms={k: round(v, 1) for k, v in timings.items()},
    )


def _llm_answer(grounded: Answer, history: list[Turn] | list[dict[str, str]] | None, settings: Settings, engine: str) -> Iterator[str | Answer]:
    """Let an LLM write the answer from the grounded evidence pack; check it; fall back when it fails."""
    from assistant.cite import check_answer
    from assistant.llm import generate_answer, get_chat_model

    started = time.perf_counter()
    pieces: list[str] = []
    try:
        chat = get_chat_model(engine, settings)
        for delta in generate_answer(chat, grounded.question, _history(history), grounded.citations, grounded.obligations, settings):
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
            "answer": checked.text + "\n" + _sources_section([c for c in grounded.citations if c.n in used]),
            "citations": [c for c in grounded.citations if c.n in used],
            "engine": engine,
            "warnings": grounded.warnings + checked.warnings,
            "timings_ms": timings,
        }
    )
