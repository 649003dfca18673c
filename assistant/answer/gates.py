"""Gates: questions the assistant must refuse, decided before searching where the words alone
suffice (injection, evasion, foreign domains, foreign law, unknown instruments) and after
searching where only the evidence can tell (is the asked-for fact in the sources at all?)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.bounds import bound_history, clean_text, parse_history
from assistant.errors import QuestionError
from assistant.search.searcher import SearchIndex
from assistant.settings import AnswerSettings, WebSettings
from assistant.text import content_words
from assistant.types import ScoredChunk, Turn

REFUSAL_HEADLINE = "The sources here do not cover this."

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.?!]{0,40}\b(?:instructions?|rules|prompt|guidelines|the above|everything above|previous)\b"
    r"|\b(?:system|hidden|initial|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\b(?:reveal|print|show|output|repeat|leak|dump)\b[^.?!]{0,40}\b(?:prompt|instructions|configuration|config|settings|api[- ]?key|environment|env vars?)\b"
    r"|\byou are now\b|\bact as (?:an? )?(?:unrestricted|jailbroken|dan)\b|\bjailbreak\b",
    re.IGNORECASE,
)
_EVASION = re.compile(
    r"\b(?:hide|conceal|disguise|mask|obscure|falsif\w*|misdeclar\w*|mislabel\w*)\b[^.?!]{0,60}\b(?:end[- ]?user|destination|customs|authorit\w*|origin|consignee|bank|sanction\w*)\b"
    r"|\bso (?:that )?(?:customs|the authorities|the authority|the bank|our bank|the regulator|nobody|no one)\b[^.?!]{0,20}\b(?:doesn't|does not|don't|won't|will not|cannot|can't)\s+(?:realise|realize|notice|know|flag|see|find out|detect|spot)"
    r"|\b(?:evade|evading|circumvent\w*|get around|getting around|bypass\w*|avoid(?:ing)? detection|slip past|rout\w* (?:\w+ )?(?:around|past)|without (?:the )?(?:authorities|bank|customs) (?:knowing|noticing))\b[^.?!]{0,60}\b(?:sanction\w*|export control\w*|licen[cs]\w*|customs|embargo|screening|bank|authorit\w*|ban|prohibition)\b"
    r"|\b(?:pretend|assume|imagine|suppose)\b[^.?!]{0,20}\bthere (?:are|were|is|was) no\b[^.?!]{0,30}\b(?:sanctions?|bans?|embargo|export controls?|rules|licen[cs]e requirements?)\b"
    r"|\b(?:treat|regard|consider)\b[^.?!]{0,60}\bas (?:not applying|not applicable|inapplicable|if it did not apply|if they did not apply|non-existent)\b"
    r"|\b(?:pretend|assume|imagine|suppose|act as if|answer as if|as if)\b[^.?!]{0,50}\b(?:sanctions?|ban|prohibitions?|embargo|export controls?|the law|the rules?|regulations?|annex \w+)\b[^.?!]{0,30}\b(?:do(?:es)?n[o’']t|do(?:es)? not|did not|no longer|never|were not|wasn[’']t|weren[’']t|are not|is not|isn[’']t|aren[’']t)\s+(?:apply|applies|exist|exists|matter|count|in force|binding)",
    re.IGNORECASE,
)
# Clearly foreign domains: refused only when the question has no anchor in this corpus's subject.
_FOREIGN_DOMAIN = re.compile(
    r"\b(?:vat|value[- ]added tax|income tax|corporate tax|withholding tax|tax rates?|tariff rates?|customs dut(?:y|ies)|import dut(?:y|ies)"
    r"|exchange rates?|share price|stock price|salary|salaries|minimum wage|employment law|labou?r law|working hours|severance"
    r"|gdpr fines?|marketing strategy|price list|discount|price per unit|unit price|notice period|non-compete|interest rates?|loan terms"
    r"|(?:best|cheapest|fastest|most reliable|top[- ]rated)\s+(?:\w+\s+){0,3}(?:brand|vendor|supplier|product|model|camera|system|software|api|platform)s?"
    r"|which (?:brand|vendor|model) (?:should|to)\b)",
    re.IGNORECASE,
)
_SUBJECT_ANCHOR = re.compile(
    r"\b(?:human[- ]rights?|due diligence|sanction\w*|annex\s+[IVX]+|listed|list(?:ing)?s?|export\w*|dual[- ]use|licen[cs]\w*|embargo|iran\w*|ungps?"
    r"|guiding principles|oecd|ai act|internal repression|surveillance|csddd|adverse impacts?|remedy|remediation|freez\w*|end[- ]users?|regulation)\b",
    re.IGNORECASE,
)
_FOREIGN_LAW = re.compile(
    r"\b(UK|U\.K\.|British|Britain|Japan|Japanese|Swiss|Switzerland|China|Chinese|Russia|Russian|India|Indian|Canada|Canadian|"
    r"Australia|Australian|Turkey|Turkish|Emirati|UAE|Singapore|Korean|Brazil|Brazilian)(?:’s|'s)?\s+"
    r"(?:(?:[A-Z][\w\-]*|[Ee]xport|[Cc]ontrols?|[Tt]rade|[Ff]oreign|[Ss]anctions?|[Nn]ational|[Dd]omestic|[Ff]ederal|and|of|the)\s+){0,7}"
    r"([Ll]aws?|[Ee]xport [Cc]ontrols?|[Rr]egulations?|[Rr]ules|[Oo]rdinance|Act|[Ll]egislation|[Ll]icensing)\b"
)
_INSTRUMENT_NO = re.compile(r"\b(?:Regulation|Directive|Decision|Recommendation|Reg\.?)\s*(?:\((?:EU|EC|EEC)\)\s*)?(?:No\.?\s*)?(\d{2,4}/\d{1,4})\b", re.IGNORECASE)
_CASE_NO = re.compile(r"\b[CT]-\d{1,4}/\d{2}\b")
_STANDARD_NO = re.compile(r"\b(?:EN|ISO|IEC|ISO/IEC|NIST|BS|DIN)\s?\d[\d\-:.]{2,}\b")
_NAMED_INSTRUMENT = re.compile(r"\b((?:[A-Z][\w’'\-]*\s+){1,5}(?:Act|Law|Ordinance|Code|Convention|Treaty|Standard|Directive|Regulation|Guidelines|Rules|Order))\b")
_LEADING_WORDS = frozenset("The What Which Does Do Is Under How Can Our We".split())
_KNOWN_ALIASES = (
    "ai act", "dual-use regulation", "dual use regulation", "csddd", "corporate sustainability due diligence directive",
    "guiding principles", "oecd guidelines", "due diligence guidance", "anti-torture regulation", "torture regulation",
    "omnibus", "sanctions regulation", "iran regulation", "iran sanctions regulation", "export control regulation",
)


@dataclass(frozen=True)
class AskedFact:
    """A kind of fact a question asks for, and how to see it in a passage."""

    label: str
    asked: re.Pattern[str]
    present: re.Pattern[str]


_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|sixty|ninety)"
ASKED_FACTS: tuple[AskedFact, ...] = (
    AskedFact(
        "an amount of money",
        re.compile(
            r"\bhow much\b(?![^?]{0,30}\b(?:due diligence|risk|leverage|detail|information|time|effort|of)\b)"
            r"|\bwhat (?:is|are|would be|will be) the (?:\w+ )?(?:cost|price|fee|charge)s?\b|\bwhat does\b[^?]{0,60}\bcost\b"
            r"|\b(?:price|fee|charge)s? (?:of|for)\b|\bcost (?:of|for) (?:a|an|one|the)\s+(?:\w+\s+){0,3}(?:camera|licen[cs]e|authori[sz]ation|system|unit|application)s?\b",
            re.IGNORECASE,
        ),
        re.compile(r"(?:€|£|\$|\b(?:eur|euros?|usd|dollars?|gbp|rials?)\b)\s?\d|\d[\d,.]*\s?(?:€|£|\b(?:eur|euros?|usd|dollars?|million|billion|rials?)\b)", re.IGNORECASE),
    ),
    AskedFact(
        "a duration or deadline",
        re.compile(r"\bhow long\b|\bhow many (?:days|weeks|months|years)\b|\bprocessing times?\b|\bturnaround\b|\bwait(?:ing)? times?\b|\bhow (?:quickly|fast|soon)\b", re.IGNORECASE),
        re.compile(rf"\b{_NUMBER_WORD}\s+(?:working\s+|calendar\s+)?(?:days?|weeks?|months?|years?)\b|\b(?:without delay|immediately|promptly)\b", re.IGNORECASE),
    ),
    AskedFact(
        "a fine or sanction actually imposed",
        re.compile(r"\b(?:was|were|been|got|get)\s+fined\b|\bfines?\s+(?:imposed|issued|paid|handed)\b|\b(?:largest|biggest|highest|record|recent)\s+(?:fines?|penalt(?:y|ies))\b|\bhow much\b[^?]{0,40}\bfined?\b", re.IGNORECASE),
        re.compile(r"\bfined\b[^.]{0,80}\d|\bfine of\b[^.]{0,40}\d|\bpenalty of\b[^.]{0,40}\d", re.IGNORECASE),
    ),
    AskedFact(
        "a named enforcement or court case",
        re.compile(r"\b(?:which|what|name|list)\b[^?]{0,50}\b(?:companies|firms|exporters|vendors|makers|cases)\b[^?]{0,50}\b(?:fined|prosecuted|convicted|penali[sz]ed|punished|sued|sanctioned)\b|\bcourt (?:cases?|rulings?|judgments?|decisions?)\b|\bcase law\b|\benforcement cases?\b|\bprosecutions?\b", re.IGNORECASE),
        re.compile(r"\b[CT]-\d{1,4}/\d{2}\b|\bv\.?\s+[A-Z]|\b(?:judgment|ruling) of\b|\bconvicted\b|\bprosecuted\b", re.IGNORECASE),
    ),
    AskedFact(
        "a rate or percentage",
        re.compile(r"\b(?:what|which)\s+(?:is|are)?\s*(?:the\s+)?(?:\w+\s+)?(?:rate|percentage|share|ratio)s?\b|\bper ?cent\b|%", re.IGNORECASE),
        re.compile(r"\d+(?:[.,]\d+)?\s?%|\bper ?cent\b", re.IGNORECASE),
    ),
    AskedFact(
        "a future date or event",
        re.compile(r"\bwhen (?:is|will|are)\b[^?]{0,40}\b(?:next|upcoming|meet|summit|review|vote|published|adopted|announced)\b|\bnext (?:summit|meeting|review|round|vote)\b|\bupcoming\b", re.IGNORECASE),
        re.compile(r"\b(?:20[3-9]\d|202[7-9])\b|\bnext (?:summit|meeting|review)\b", re.IGNORECASE),
    ),
)


def clean_question(question: object, max_chars: int) -> str:
    """The question with invalid Unicode replaced and control characters removed; errors name the fix."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    cleaned = _CONTROL.sub(" ", clean_text(question)).strip()
    if not cleaned:
        raise QuestionError("The question is empty. Type a question about a sale, a rule or a standard.")
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is {max_chars:,}. Shorten it to the facts of the sale and what you need to know."
        )
    return cleaned


def clean_history(history: list[Turn] | list[dict[str, str]] | None, web: WebSettings | None = None) -> tuple[list[Turn], str | None]:
    """Earlier turns, validated and bounded (assistant.bounds), and a notice when older turns were left out."""
    turns, notice = bound_history(parse_history(history or [], web), web)
    return [Turn(role=t["role"], content=t["content"]) for t in turns], notice  # type: ignore[arg-type]


def refuse_by_words(question: str) -> str | None:
    """A refusal reason that the words of the question alone justify, or None."""
    if _INJECTION.search(question):
        return "The question asks the assistant to change or reveal its instructions or configuration. It answers due-diligence questions from its sources only."
    if _EVASION.search(question):
        return "The assistant does not help to hide end users or destinations or to evade sanctions, export controls or screening, and does not answer as if they did not apply; evading them is itself prohibited."
    if _FOREIGN_DOMAIN.search(question) and not _SUBJECT_ANCHOR.search(question):
        return "This is outside the scope of the sources here (human-rights due diligence, export controls, sanctions and AI rules for surveillance technology)."
    foreign = _FOREIGN_LAW.search(question)
    if foreign:
        return f"The sources here cover EU law, US guidance and international standards, not {foreign.group(1)} {foreign.group(2)}."
    return None


def is_injection(question: str) -> bool:
    return bool(_INJECTION.search(question))


def refuse_unknown_instrument(question: str, index: SearchIndex) -> str | None:
    """A refusal reason when the question asks about an instrument, case or standard no indexed text mentions."""
    numbers = _INSTRUMENT_NO.findall(question)
    if numbers:
        unknown = [n for n in numbers if n not in index.instrument_numbers]
        if len(unknown) == len(numbers):
            return f"The sources here do not include {', '.join(unknown)}; no indexed text mentions it, so its content cannot be given."
        return None
    text = index.text_lower
    missing = [r for r in _CASE_NO.findall(question) + _STANDARD_NO.findall(question) if r.lower() not in text]
    if missing:
        return f"The sources here do not mention {', '.join(missing)}."
    for match in _NAMED_INSTRUMENT.finditer(question):
        words = [w for w in match.group(1).split() if w not in _LEADING_WORDS]
        phrase = " ".join(words).lower().replace("’s", "").replace("'s", "")
        if len(words) < 2 or any(alias in phrase or phrase in alias for alias in _KNOWN_ALIASES):
            continue
        if phrase not in text:
            return f"The sources here do not include the {' '.join(words)}."
    return None


def asked_facts(question: str) -> list[AskedFact]:
    """The kinds of fact the question asks for (an amount, a duration, a fine, a case, a rate, a future date)."""
    return [fact for fact in ASKED_FACTS if fact.asked.search(question)]


def refuse_by_evidence(question: str, results: list[ScoredChunk], best_similarity: float, strong_hint: bool, config: AnswerSettings) -> str | None:
    """A refusal reason when the evidence does not hold what the question asks for, or None.

    Two tests: the kind of fact asked for (an amount, a duration, a fine, a case, a rate, a
    future date) must occur in the best passages; and the passages must be about the
    question's subject (dense similarity, and the share of its content words they contain).
    """
    top = results[:5]
    top_text = " ".join(r.chunk.text + " " + r.chunk.extra.get("context", "") for r in top)
    for fact in asked_facts(question):
        if not fact.present.search(top_text):
            return f"The question asks for {fact.label}, and none of the sources here states one for this."
    if strong_hint:
        return None
    words = set(content_words(question))
    lower = top_text.lower()
    support = sum(1 for w in words if w in lower) / len(words) if words else 0.0
    if best_similarity < config.refusal_threshold:
        return "The retrieved passages are too far from the question to answer it from the sources."
    if support < config.lexical_support and best_similarity < config.refusal_threshold + config.support_margin:
        return "Key terms of the question do not occur in the sources here."
    return None
