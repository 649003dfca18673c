"""Gates: questions the assistant must refuse, decided before searching where the words alone
suffice (injection, evasion, foreign domains, foreign law, unknown instruments) and after
searching where only the evidence can tell (is the asked-for fact in the sources at all?)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assistant.bounds import bound_history, clean_text, parse_history
from assistant.errors import QuestionError
from assistant.places import find_places
from assistant.vocab import EU_CODES
from assistant.search.searcher import SearchIndex
from assistant.settings import AnswerSettings, WebSettings
from assistant.text import content_words
from assistant.types import ScoredChunk, Source, Turn

REFUSAL_HEADLINE = "The sources here do not cover this."
SCOPE_REASON = "This is outside the scope of the sources here (human-rights due diligence, export controls, sanctions and AI rules for surveillance technology)."

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
    r"|\bso (?:that )?(?:(?:the|our|their|any)\s+)?(?:customs|authorities|authority|bank|regulator|auditors?|screening|compliance (?:team|department|tools?)|nobody|no one)\b[^.?!]{0,60}\b(?:doesn't|does not|don't|won't|will not|cannot|can't|doesn’t|don’t|won’t|can’t)\s+(?:realise|realize|notice|know|flag|see|find out|detect|spot|catch|block|stop)"
    r"|\b(?:would|will|could|might|does|do)\b[^.?!]{0,40}\b(?:screening|customs|the bank|our bank|the authorit\w*|compliance checks?|the regulator)\b[^.?!]{0,20}\b(?:miss|overlook|not (?:catch|flag|notice|see|spot|detect))\b"
    r"|\bsplit\w* (?:the |our )?(?:invoices?|payments?|shipments?|orders?|consignments?)\b[^.?!]{0,40}\b(?:under|below|beneath)\b"
    # a purpose clause that keeps a control actor from noticing, with any subject: "so ... our bank's sanctions screening doesn't flag them"
    r"|\bso (?:that )?[^.?!]{0,120}\b(?:bank|customs|authorit\w*|screening|regulator|auditors?|compliance)(?:['’]s)?\b[^.?!]{0,30}\b(?:doesn't|does not|don't|won't|will not|doesn’t|don’t|won’t)\s+(?:flag|notice|spot|catch|detect|realise|realize|pick)\w*\b(?![^.?!]{0,40}\b(?:false positives?|wrongly|by mistake)\b)"
    # "so the payments don't obviously trace back to X": a link hidden
    r"|\bso (?:that )?[^.?!]{0,80}\b(?:doesn't|does not|don't|do not|won't|will not|doesn’t|don’t|won’t|can't|cannot|can’t)\s+(?:obviously\s+|clearly\s+|directly\s+|easily\s+)?(?:trace|link|tie|lead|point|be traced|be linked|be tied)\s+back\s+to\b"
    # wording documents so that an authority reads the goods as something milder: "word the invoices so the authority treats them as plain cameras"
    r"|\b(?:word|phrase|describ|present|writ|draft|declar|label|invoic)\w*\b[^.?!]{0,80}\bso\s+(?:that\s+)?(?:the\s+|our\s+)?(?:authorit\w*|customs|bank|regulator|screening|licensing (?:office|authority)|ministry|BAFA)\b[^.?!]{0,30}\b(?:treats?|sees?|regards?|classif\w*|reads?|views?|considers?)\s+(?:it|them|this|these|the\s+\w+)\s+as\b"
    r"|\bworkaround\b[^.?!]{0,80}\b(?:sanction\w*|screening|embargo|licen[cs]\w*|block\w*|customs)\b|\b(?:sanction\w*|screening|embargo|customs)\b[^.?!]{0,80}\bworkaround\b"
    r"|\b(?:evade|evading|circumvent\w*|get around|getting around|bypass\w*|avoid(?:ing)? detection|slip past|rout\w* (?:\w+ )?(?:around|past)|without (?:the )?(?:authorities|bank|customs) (?:knowing|noticing))\b[^.?!]{0,60}\b(?:sanction\w*|export control\w*|licen[cs]\w*|customs|embargo|screening|bank|authorit\w*|ban|prohibition)\b"
    r"|\b(?:describ|declar|label|invoic|list|present)\w*\b[^.?!]{0,40}\bas\s+['‘“\"]?(?:ordinary|normal|generic|plain|simple|harmless|civilian)\b[^.?!]{0,60}\b(?:customs|authorit\w*|flag|notice|tehran|iran|onward)\b"
    r"|\b(?:customs|the authorities|the bank|the regulator)\b[^.?!]{0,20}\b(?:shouldn't|should not|won't|will not|wouldn't|must not|mustn't)\s+(?:flag|notice|spot|see|detect|question|check)\b"
    r"|\b(?:doesn['’]?t|does not|don['’]?t|do not|won['’]?t|will not|wouldn['’]?t|never)\s+(?:trip|trigger|get flagged|get caught|raise (?:a )?flags?|hit)\b[^.?!]{0,40}\b(?:screening|customs|the bank|checks?|filters?|alerts?|flags?|at \w+)"
    r"|\b(?:go|goes|ship|sent|declared?|pass)\s+(?:out\s+)?as\s+['‘“\"][^'’”\"]{2,40}['’”\"][^.?!]{0,60}\b(?:flag\w*|customs|notice\w*|spott\w*|check\w*)\b"
    r"|\bso\s+(?:that\s+)?neither\b[^.?!]{0,80}\bnor\b[^.?!]{0,80}\b(?:flags?|notices?|spots?|catch(?:es)?|detects?|sees?|knows?|realises?|realizes?|finds? out)\b"
    # a goal of keeping a controlled element unseen: "so the Iran end use doesn't get flagged", "so the real destination isn't noticed"
    r"|\bso\s+(?:that\s+)?(?:the\s+|our\s+|their\s+|any\s+)?(?:[\w-]+\s+){0,3}?(?:iran\w*|tehran|end[- ]?uses?|end[- ]?users?|destination|consignee|listed\s+\w+|military\s+\w+|army|link|connection|origin)\s+(?:(?:does|do|will|would|is|are)\s*(?:not|n['’]t)|doesn['’]t|don['’]t|won['’]t|isn['’]t|aren['’]t|never)\s+(?:get\s+|be\s+|gets\s+)?(?:flagged|noticed|spotted|caught|picked up|questioned|stopped|seen|detected|show(?:s|n)? up)\b"
    # "which route is least likely to get flagged by customs or bank screening", "keeps it under the radar of customs"
    r"|\b(?:least|less|lowest|smallest|minimal|minimum)\s+(?:likely|chance|risk|probability)\b[^.?!]{0,40}\b(?:flagged|noticed|stopped|checked|screened|caught|questioned|picked up|spotted|detected)\b"
    r"|\bunder\s+the\s+radar\b[^.?!]{0,60}\b(?:customs|bank|authorit\w*|screening|regulator|sanction\w*)\b|\b(?:customs|bank|authorit\w*|screening|regulator)\b[^.?!]{0,60}\bunder\s+the\s+radar\b"
    r"|\bso (?:that )?[^.?!]{0,80}\b(?:do(?:es)? not|don['’]t|doesn['’]t|never|won['’]t|will not)\s+(?:appear|show up|feature)\s+(?:anywhere\s+)?(?:in|on)\s+(?:the\s+|any\s+)?(?:paperwork|documents?|papers|invoices?|contracts?|declarations?|certificates?|shipping documents)\b"
    r"|\bso (?:that )?nothing (?:in|on) (?:the |our |any )?(?:paperwork|documents?|papers|invoices?|contracts?|declarations?|certificates?)\s+(?:mentions?|shows?|refers? to|says)\b"
    r"|\b(?:pretend|assume|imagine|suppose)\b[^.?!]{0,20}\bthere (?:are|were|is|was) no\b[^.?!]{0,30}\b(?:sanctions?|bans?|embargo|export controls?|rules|licen[cs]e requirements?)\b"
    r"|\b(?:treat|regard|consider)\b[^.?!]{0,60}\bas (?:not applying|not applicable|inapplicable|if it did not apply|if they did not apply|non-existent)\b"
    r"|\b(?:pretend|assume|imagine|suppose|act as if|answer as if|as if)\b[^.?!]{0,50}\b(?:sanctions?|ban|prohibitions?|embargo|export controls?|the law|the rules?|regulations?|annex \w+)\b[^.?!]{0,30}\b(?:do(?:es)?n[o’']t|do(?:es)? not|did not|no longer|never|were not|wasn[’']t|weren[’']t|are not|is not|isn[’']t|aren[’']t)\s+(?:apply|applies|exist|exists|matter|count|in force|binding)",
    re.IGNORECASE,
)
# A disguise of the goods, the service or a party ("describe them on the invoice as 'industrial temperature sensors'",
# "rename it 'attention analytics'", "split the order into smaller shipments", "keep the integrator's name off every
# document") together with an ask whether it escapes notice or the rules: help to evade, refused whatever the wording
_DISGUISE = re.compile(
    r"\b(?:describ|declar|label|relabel|invoic|list|present|call|renam|rebrand|re-brand|market|word|classif)\w*\b[^.?!]{0,80}\bas\s+(?:(?:a|an|some|generic|general|plain|ordinary|simple|standard)\s+){0,3}['‘“\"]"
    r"|\b(?:renam|rebrand|re-brand|relabel)\w*\s+(?:it|them|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:to\s+|as\s+)?['‘“\"]"
    r"|\bsplit\w*\s+(?:the|our|this|that)\s+(?:order|shipments?|consignments?|deliver(?:y|ies)|invoices?)\s+(?:into|in)\s+(?:smaller|small|several|multiple|many)\b"
    r"|\b(?:kept|keep|keeping|left|leave|leaving)\s+(?:off|out of)\s+(?:every|all|any|the)\s+(?:documents?|paperwork|papers|invoices?|declarations?)\b",
    re.IGNORECASE,
)
_ESCAPES_NOTICE = re.compile(
    r"\b(?:pick|picks|picked)\s+(?:it|this|that|them)\s+up\b|\b(?:would|will|could|might)\s+(?:\w+\s+){0,4}?(?:notice|spot|flag|catch|detect|query|question)\b"
    r"|\b(?:keep|keeps|get|gets|take|takes|put|puts)\s+(?:it|this|that|them|us|the\s+\w+)\s+(?:\w+\s+)?(?:outside|out of|beyond)\s+(?:the\s+)?(?:eu\s+|union\s+)?(?:rules?|law|scope|article|annex|regulation|ban|sanctions?|controls?)"
    r"|\bso\s+(?:that\s+)?(?:it|they|this|these|those)\s+(?:passes|pass|gets? through|goes through|go through|clears?)\b|\b(?:do(?:es)?\s+not|don['’]t|doesn['’]t|never)\s+appear\b"
    r"|\bso\s+(?:that\s+)?(?:it|they|this|these|those|the\s+\w+)\s+(?:do(?:es)?\s+not|don['’]t|doesn['’]t|won['’]t|will\s+not)\s+(?:get\s+|be\s+)?(?:flagged|noticed|stopped|questioned|spotted|picked up|look like|read as)\b"
    r"|\bso\s+(?:that\s+)?neither\b[^.?!]{0,80}\bnor\b[^.?!]{0,80}\b(?:flags?|notices?|spots?|catch(?:es)?|detects?|shows?)\b",
    re.IGNORECASE,
)


# Clearly foreign domains: refused only when the question has no anchor in this corpus's subject.
_FOREIGN_DOMAIN = re.compile(
    r"\b(?:vat|value[- ]added tax|income tax|corporate tax|withholding tax|tax rates?|tariff rates?|customs dut(?:y|ies)|import dut(?:y|ies)"
    r"|exchange rates?|share price|stock price|salary|salaries|minimum wage|employment law|labou?r law|working hours|severance"
    r"|gdpr fines?|marketing strategy|price list|discount|price per unit|unit price|notice period|non-compete|interest rates?|loan terms"
    r"|insurance (?:polic(?:y|ies)|cover(?:age)?|premiums?)|liability insurance|data[- ]protection rules"
    r"|(?:best|cheapest|fastest|most reliable|top[- ]rated)\s+(?:\w+\s+){0,3}(?:brand|vendor|supplier|product|model|camera|system|software|api|platform)s?"
    r"|which (?:brand|vendor|model) (?:should|to)\b)",
    re.IGNORECASE,
)
_SUBJECT_ANCHOR = re.compile(
    r"\b(?:human[- ]rights?|due diligence|sanction\w*|annex\s+[IVX]+|listed|list(?:ing)?s?|export\w*|dual[- ]use|licen[cs]\w*|embargo|iran\w*|ungps?"
    r"|guiding principles|oecd|ai act|internal repression|surveillance|csddd|adverse impacts?|remedy|remediation|freez\w*|end[- ]users?|regulation"
    r"|EU00[1-8]|general (?:export )?authori[sz]ation|\d[A-E]\d{3}(?:\.[\w.]+)?)\b",
    re.IGNORECASE,
)
# a company's own paperwork: "what does Axis' standard partner agreement say about ...", "copy their clause"
_PRIVATE_DOCUMENT = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?:[A-Z][\w&.-]*(?:['’]s?)?\s+){1,3}(?:standard\s+|own\s+|usual\s+|current\s+)?(?:partner|distribution|distributor|reseller|dealer|supply|purchase|licen[cs]e|framework|master|service|sales|customer|supplier)\s+"
    r"(?:agreements?|contracts?|terms|t&cs|conditions|clauses?|polic(?:y|ies)|codes? of conduct)\s+(?:say|state|provide|contain|require)"
    r"|\b(?:copy|reuse|borrow)\s+(?:their|its|his|her)\s+(?:[\w-]+\s+)?(?:clause|wording|template|policy)\b"
)
_US_LICENSING = re.compile(
    r"\b(?:Export Administration Regulations|BIS licen[cs]e|Bureau of Industry and Security|ITAR|OFAC licen[cs]e|(?:would|will|could|does|do|might)\s+OFAC|OFAC(?:'s|’s)?\s+(?:rules|view|position|enforcement|treat\w*)|(?:US|U\.S\.|American)\s+secondary\s+sanctions|secondary\s+sanctions\s+(?:under|of)\s+(?:the\s+)?(?:US|U\.S\.)|(?:under|according to) (?:the )?(?:US|U\.S\.) (?:EAR|export (?:rules|regulations|law|controls))"
    r"|FCC(?:'s|’s)? (?:rules?|ban|order|covered list|equipment authori[sz]ation)|Federal Communications Commission|NDAA|Section 889"
    # US Treasury lists and executive orders: "Non-SDN Chinese Military-Industrial Complex list", "EO 14032"
    r"|(?:US |U\.S\. )?Treasury(?:'s|’s)?\s+(?:[\w-]+\s+){0,4}lists?|(?:Non-)?SDN\b|Specially Designated Nationals|NS-?CMIC|CMIC list|(?i:Chinese Military[- ]Industrial Complex)|Executive Order\s+1\d{4}|\bEO\s*1\d{4}"
    # "the US Treasury's ban on investing in …", "Treasury's outbound investment rules"
    r"|(?:US |U\.S\. )?Treasury(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}?(?:ban|bans|prohibitions?|restrictions?|rules?|program(?:me)?)\b|(?i:outbound investment (?:rules?|regime|program(?:me)?|ban|restrictions?))"
    # US import and sanctions-ownership rules: the UFLPA presumption, CBP detentions, OFAC's 50 percent rule
    # OFAC's general licences ("General License D-2"), named by letter and number
    r"|(?:US |U\.S\. )?Treasury(?:'s|’s)?\s+General\s+Licen[cs]e|\bGeneral\s+License\s+[A-Z](?:-\d+)?"
    r"|UFLPA|Uyghur Forced Labor Prevention Act|rebuttable presumption|withhold release orders?|(?:US )?Customs and Border Protection|CBP|OFAC(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}rules?|50\s*(?:percent|per cent|%)\s+rule|under OFAC"
    r"|(?:Commerce Department(?:'s|’s)? |US |U\.S\. |BIS )?Entity List|what does the EAR|under the EAR|EAR (?:say|rules?|re-?export|de minimis)|(?:US |U\.S\. )?de minimis (?:rules?|thresholds?|calculations?)|licen[cs]e from (?:the )?(?:US |U\.S\. )?(?:Commerce Department|Department of Commerce)|(?:US|U\.S\.|American) re-?export (?:rules|controls|regulations))\b"
    # "there's an American-made chip inside: does the US government also have to approve it?"
    r"|\b(?:US|U\.S\.|American|Washington)(?: government| authorities| commerce department)?\s+(?:(?:also|still|then)\s+)?(?:have|has|need|needs)\s+to\s+(?:approve|authori[sz]e|licen[cs]e|sign off)\b"
    r"|\b(?:need|require|get|apply for)s?\s+(?:an?\s+)?(?:US|U\.S\.|American)\s+(?:export\s+|re-?export\s+)?(?:licen[cs]e|permit|approval|authori[sz]ation)\b"
    # other non-EU sanctions authorities' licences and guidance: "OFSI's general licence for legal fees", "SECO's ordinance"
    r"|\b(?:OFSI|OTSI|HM Treasury|SECO|DFAT)(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?(?:general\s+)?(?:licen[cs]es?|guidance|ordinance|rules?|regime|position|view|list)\b"
    # "OFAC's Iranian Transactions and Sanctions Regulations", "ITSR", "a general license" (US spelling) from OFAC
    r"|\bIranian Transactions and Sanctions Regulations\b|\bITSR\b|\bOFAC(?:'s|’s)?\s+(?:[\w-]+\s+){0,4}(?:Regulations|general licen[cs]es?)\b"
)
# EU sustainable-finance rules that are not indexed (the SFDR, the Taxonomy Regulation's minimum safeguards), asked about as
# the rule that decides: "under SFDR, does ...", "the Taxonomy minimum-safeguards check", "SFDR's good-governance test"
_UNINDEXED_FINANCE_RULES = re.compile(
    r"\b(?:under|per|according to|for (?:the )?purposes? of|in (?:the )?(?:sense|meaning) of)\s+(?:the\s+)?(?P<name>SFDR|(?:EU\s+)?Taxonomy(?:\s+Regulation)?|Sustainable Finance Disclosure Regulation)\b"
    r"|\b(?P<name2>SFDR|(?:EU\s+)?Taxonomy)(?:['’]s)?\s+(?:[\w'‘’-]+\s+){0,3}?(?:test|check|requirements?|rules?|safeguards?|criteria|PAIs?|principal adverse)(?![^.?!]{0,10}\baside\b)\b"
    r"|\b(?P<name3>Article\s+[89])\s+(?:fund|product)s?\b[^.?!]{0,80}\b(?:good[- ]governance|minimum safeguards|disclos\w*|classif\w*|downgrade\w*)\b",
    re.IGNORECASE,
)
# Other EU product and supply-chain laws that are not indexed, asked about as the rule that decides ("under the EU Forced
# Labour Regulation, from what date ...")
_UNINDEXED_EU_LAWS = re.compile(
    r"\b(?:under|per|according to|in|does|do|will|would|can)\s+(?:the\s+)?(?:EU(?:['’]s)?\s+|new\s+|upcoming\s+)?"
    r"(?P<name>Forced Lab(?:ou|o)r (?:Regulation|Ban)|(?:EU\s+)?Deforestation Regulation|EUDR|Conflict Minerals Regulation|Batteries Regulation|Cyber Resilience Act|NIS ?2(?: Directive)?)\b"
    # the Russia sanctions and their lists, by name wherever the ask mentions them ("on the EU's Common High Priority items
    # list", "Annex VII of Regulation 833/2014")
    r"|\b(?P<russia>(?:EU(?:['’]s)?\s+)?Common High[- ]Priority(?:\s+items?)?(?:\s+list)?|CHP list|(?:Council\s+)?Regulation\s+(?:\(EU\)\s+)?(?:No\.?\s+)?(?:833|269)/2014)\b",
    re.IGNORECASE,
)
_FOREIGN_LAW = re.compile(
    r"\b(?i:(korean|south korean|UK|U\.K\.|British|Britain|Japan|Japanese|Swiss|Switzerland|China|Chinese|Russia|Russian|India|Indian|Canada|Canadian|"
    r"Australia|Australian|Turkey|Turkish|Emirati|UAE|Singapore|Korean|Brazil|Brazilian))(?:’s|'s)?\s+"
    r"(?:(?:\(?[A-Z][\w\-]*\)?|[Ee]xport|[Cc]ontrols?|[Tt]rade|[Ff]oreign|[Ss]anctions?|[Nn]ational|[Dd]omestic|[Ff]ederal|own|and|of|the|(?:post|pre|non)-[\w]+|current|new|latest|present|revised|updated|amended|recent|existing|strict|tighter)\s+){0,7}"
    r"([Ll]aws?|[Ee]xport [Cc]ontrols?|[Rr]egulations?|[Rr]ules|[Oo]rdinance|Act|[Ll]egislation|[Ll]icensing|[Oo]pen [Gg]eneral (?:[Ee]xport )?[Ll]icen[cs]es?|[Ee]xport [Cc]ontrol [Oo]rder"
    r"|[Ss]anctions? [Rr]egimes?|[Rr]egimes?|[Gg]eneral [Ll]icen[cs]es?"
    r"|[A-ZÄÖÜ]\w*(?:verordnung|gesetz))\b"  # "the Swiss Güterkontrollverordnung"
)
# A non-EU authority's licence types or its regulator's position, asked for: "SIEL or an OGEL?", "the UK ICO's position",
# "register anything with the ICO", "a SECO permit"
_FOREIGN_AUTHORITY = re.compile(
    r"\b(?:SIELs?|OIELs?|OGELs?|ECJU|Export Control Joint Unit|OFSI|ICO|Information Commissioner(?:['’]s Office)?|SECO)\b", re.IGNORECASE
)
# "The sub says the deal is legal under Turkish law": someone's claim in the story, not a question about that law
_CLAIMED_LAWFUL_BEFORE = re.compile(
    r"\b(?:says?|said|claims?|claimed|insists?|insisted|told us|tells us|assures? us|assured us|argues?|argued|maintains?|thinks?|believes?)\b"
    r"[^.?!]{0,60}\b(?:legal|lawful|allowed|permitted|fine|ok|okay|compliant|authori[sz]ed)\s+(?:under|by|according to)\s+(?:the\s+)?$"
    # "the buyer says UAE law requires the operator to have it": a party's account of its own law, part of the story
    r"|\b(?:says?|said|claims?|claimed|insists?|insisted|told us|tells us|assures? us|assured us|argues?|argued|explains?|explained)\s+(?:that\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_INDEXED_NAMED = re.compile(
    r"\b(?:UN Guiding Principles|Guiding Principles|UNGPs?|OECD Guidelines|2021/821|359/2011|2019/125|AI Act|dual-use regulation|anti-torture regulation|DIHR"
    r"|(?:EU|Union)['’]?s?\s+(?:own\s+)?Iran\s+(?:[\w-]+\s+){0,2}?(?:sanctions\s+)?regulation)\b", re.IGNORECASE
)
# "Has the UK designated Pars Ertebat Afzar under its own Iran sanctions?": another country's list, which is not indexed
_FOREIGN_DESIGNATION = re.compile(
    r"\b(?i:has|have|did|does|do|is|are|was|were)\s+(?:the\s+)?(?P<country>UK|U\.K\.|United Kingdom|Britain|US|U\.S\.|USA|United States|Switzerland|Canada|Japan|Australia|Norway|Turkey|UAE|Israel|China|India)"
    r"\s+(?:(?:also|already|ever|now|since|yet)\s+)?(?:designated|listed|sanctioned|blacklisted|added)\b"
)
_INSTRUMENT_NO = re.compile(r"\b(?:Regulation|Directive|Decision|Recommendation|Reg\.?)\s*(?:\((?:EU|EC|EEC)\)\s*)?(?:No\.?\s*)?(\d{2,4}/\d{1,4})\b", re.IGNORECASE)
_CASE_NO = re.compile(r"\b[CT]-\d{1,4}/\d{2}\b")
_STANDARD_NO = re.compile(r"\b(?:EN|ISO|IEC|ISO/IEC|NIST|BS|DIN)\s?\d[\d\-:.]{2,}\b")
_NAMED_INSTRUMENT = re.compile(r"\b((?:[A-Z][\w’'\-]*\s+){1,5}(?:Act|Law|Ordinance|Code|Convention|Treaty|Standards?|Directive|Regulation|Guidelines|Rules|Order|Principles|Decree|Statute|Charter|Protocol|Passport|Scheme|Label))\b")
# "Brazil's LGPD", "India’s DPDP": a country's law named by its acronym
# "What commitments does Axis Communications make in its latest human rights policy?": a company's own document
_OWN_DOCUMENT = re.compile(
    r"\b(?:its|their)\s+(?:latest\s+|own\s+|current\s+|new\s+|public\s+|published\s+|\d{4}\s+)?(?:[\w-]+\s+){0,2}(?:policy|policies|report|statement|code of conduct|disclosures?|commitments?)\b",
    re.IGNORECASE,
)
_POSSESSIVE_DOCUMENT = re.compile(
    r"\b([A-Z][\w&.-]+)(?:'s|’s)\s+(?:own|latest|current|new|public|published|\d{4})\s+(?:[\w-]+\s+){0,2}(?:policy|policies|report|statement|code of conduct|disclosures?|commitments?)\b"
)
# bodies whose own texts the corpus holds (or digests): their documents are not a company's own policy
_INDEXED_AUTHORS = frozenset({"somo", "dihr", "oecd", "ohchr", "un", "eu", "commission", "council", "parliament", "wassenaar"})
_COMPANY_NAME = re.compile(r"\b((?:[A-Z][\w&.-]+\s+){1,3}(?:[A-Z][\w&.-]+))\b")
# "Brazil's LGPD", "Germany's Lieferkettengesetz": a country's own law by its acronym or its name (no national law is indexed)
_COUNTRY_ACRONYM = re.compile(
    r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:'s|’s)\s+([A-Z]{2,6}|[A-Z][a-zäöüß]*(?:gesetz|gesetzes|lagen|loven|wet|ley|legge|zakon|ustawa|törvény|zákon)\w*)\b"
)
_LEADING_WORDS = frozenset(["The", "What", "Which", "Does", "Do", "Is", "Under", "How", "Can", "Our", "We"])
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
    in_ask_only: bool = False  # looked for only in the sentences that ask ("we hold 2%" states a fact, it asks for none)


_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|sixty|ninety)"
ASKED_FACTS: tuple[AskedFact, ...] = (
    AskedFact(
        "an amount of money",
        re.compile(
            r"\bhow much\b(?![^?]{0,30}\b(?:due diligence|risk|leverage|detail|information|time|effort|of)\b)"
            r"|\bwhat(?:['’]s| is| are| would be| will be) the (?:\w+ )?(?:cost|price|fee|charge|surcharge)s?\b|\b(?:is|are) there (?:an? |any )?(?:[\w-]+ ){0,2}(?:fees?|surcharges?)\b|\bwhat does\b[^?]{0,60}\bcost\b"
            r"|\b(?:price|fee|charge)s? (?:of|for)\b|\bcost (?:of|for) (?:a|an|one|the)\s+(?:\w+\s+){0,3}(?:camera|licen[cs]e|authori[sz]ation|system|unit|application)s?\b"
            r"|\b(?:maximum|minimum|highest|lowest|top)\s+(?:administrative\s+)?(?:fines?|penalt(?:y|ies)|amounts?|prison terms?|jail terms?|sentences?)\b(?!\s+(?:thresholds?|levels?|requirements?))|\bturnover (?:of|did|was)\b"
            # revenue asked for ("what revenue did ...", "how much revenue"), not a remark ("revenue impact is small, but ...")
            r"|\b(?:what|which|how much|how big|how large)\b[^?.]{0,30}\brevenues?\b|\brevenues?\s+(?:of|from|did|was|were|for)\b[^.?!]{0,60}\?"
            r"|\bwhat (?:\w+ )?(?:fee|fees|price|prices|charge|charges)\b|\b(?:more|less) expensive\b|\bhow expensive\b|\bcheaper\b"
            r"|\bwhat (?:should|do|would|could|can) (?:we|i) (?:charge|bill|quote)\b|\bwhat (?:price|fee|rate|margin|commission) (?:should|do|would|could|can) (?:we|i) ask for\b|\bmarket (?:benchmarks?|prices?|rates?)\b|\bprice benchmarks?\b"
            r"|\b(?:insurance )?premiums?\b|\bcheapest\b|\bduty rates?\b|\bcustoms dut(?:y|ies)\b",
            re.IGNORECASE,
        ),
        re.compile(r"(?:€|£|\$|\b(?:eur|euros?|usd|dollars?|gbp|rials?)\b)\s?\d|\d[\d,.]*\s?(?:€|£|\b(?:eur|euros?|usd|dollars?|million|billion|rials?)\b)|\d+(?:[.,]\d+)?\s?%\s+of\s+(?:\w+\s+){0,4}turnover", re.IGNORECASE),
    ),
    AskedFact(
        "a duration or deadline",
        re.compile(r"\bhow long\b|\bhow many (?:working |calendar |business )?(?:days|weeks|months|years)\b|\bprocessing times?\b|\bturnaround\b|\bwait(?:ing)? times?\b|(?<!tracks )(?<!track )(?<!measures )(?<!measure )(?<!measuring )(?<!tracking )(?<!times )(?<!shows )(?<!records )(?<!logs )(?<!monitors )(?<!monitoring )(?<!see )(?<!sees )(?<!check )(?<!checks )\bhow (?:quickly|fast|soon)\b", re.IGNORECASE),
        # qualitative timing answers a relation ("the more severe, the more quickly"): "how quickly must we act if it is severe?"
        re.compile(rf"\b{_NUMBER_WORD}\s+(?:working\s+|calendar\s+)?(?:days?|weeks?|months?|years?)\b|\b(?:without (?:undue )?delay|immediately|promptly|more quickly|as soon as possible|in a timely manner|timely)\b", re.IGNORECASE),
    ),
    AskedFact(
        "a fine or sanction actually imposed",
        re.compile(r"\b(?:was|were|been|got|get|have|has|had)\s+fined\b|\bhow much\b[^?]{0,40}\bimpos\w*|\bfines?\s+(?:imposed|issued|paid|handed)\b|\b(?:amounts?|sizes?|totals?|list)\s+of\s+(?:the\s+)?(?:fines?|penalt(?:y|ies))\b[^?.]{0,80}\b(?:imposed|issued|levied|handed)\b|\b(?:what|which|how much|how big a)\s+(?:\w+\s+){0,2}(?:fines?|penalt(?:y|ies)|sentences?)\s+(?:did|was|were|has|have|had)\b|\b(?:court|judge|authority|regulator|prosecutor)s?\s+(?:\w+\s+)?(?:imposed|handed down|ordered)\b|\b(?:largest|biggest|highest|record|recent)\s+(?:fines?|penalt(?:y|ies))\b|\bhow much\b[^?]{0,40}\bfined?\b|\bhas\s+(?:any|an?|the)\s+(?:[\w-]+\s+){0,6}(?:actually\s+|yet\s+|already\s+|ever\s+)?fined\b|\bhow\s+(?:large|big|high|much)\s+(?:were|was|are)\s+(?:the|those|these)\s+(?:fines?|penalt(?:y|ies))\b"
                   # "Have any EU member states fined companies ...?", "has any regulator actually sanctioned a camera maker yet?",
                   # "the fine amounts and company names"
                   r"|\b(?:have|has|did)\s+(?:any\s+|the\s+)?(?:[\w-]+\s+){0,6}?(?:states?|authorit(?:y|ies)|regulators?|courts?|prosecutors?|governments?|countries|agenc(?:y|ies)|supervisors?)\s+(?:actually\s+|ever\s+|yet\s+|already\s+|so far\s+)?(?:fined|penali[sz]ed|punished|sanctioned|taken action against|took action against)\b"
                   r"|\b(?:fine|penalty)\s+amounts?\b|\bnames?\s+of\s+(?:the\s+)?(?:companies|firms|exporters)\s+(?:fined|penali[sz]ed|sanctioned|punished)\b"
                   # "What was the fine in that Dutch case last year?": a particular penalty already handed down
                   r"|\bwhat\s+(?:was|were)\s+the\s+(?:fines?|penalt(?:y|ies)|sentences?)\b"
                   # "what fine in euro the German court gave", "did the CEO go to jail?", "was the manager in prison?"
                   r"|\b(?:court|judge|tribunal|authority|regulator|prosecutor)s?\s+(?:\w+\s+){0,2}(?:gave|handed|issued|levied)\b"
                   r"|\b(?:what|which)\s+(?:\w+\s+){0,3}(?:fines?|penalt(?:y|ies)|sentences?)\b[^?.]{0,60}\b(?:gave|handed|imposed|issued|levied)\b"
                   r"|\b(?:go|went|gone|sent)\s+to\s+(?:jail|prison)\b|\b(?:was|were)\s+(?:\w+\s+){0,2}(?:jailed|imprisoned|in\s+prison|in\s+jail)\b"
                   # "Has any individual in the Netherlands actually been prosecuted for ...?"
                   r"|\b(?:has|have|had)\s+(?:any|an?|the)\s+(?:[\w,-]+\s+){0,12}?(?:actually\s+|ever\s+|yet\s+|already\s+)?been\s+(?:prosecuted|convicted|indicted|sentenced|charged)\b"
                   # "how big have the fines been", "list the fines German authorities gave", "the amount of that fine",
                   # "the usual penalty range Dutch courts apply"
                   r"|\bhow\s+(?:large|big|high|severe|heavy|steep)\s+(?:have|has|had)\s+(?:the\s+)?(?:fines?|penalt(?:y|ies)|sentences?)\s+been\b"
                   r"|\b(?:list|name|give)\s+(?:me\s+|us\s+)?(?:the\s+)?(?:\w+\s+)?(?:fines?|penalt(?:y|ies))\b[^?.]{0,60}\b(?:gave|given|handed|imposed|issued|levied)\b"
                   r"|\b(?:amount|size|level)\s+of\s+(?:that|this|the|their|his|her|its)\s+(?:fine|penalty)\b"
                   r"|\b(?:usual|typical|normal|average)\s+(?:fines?|penalt(?:y|ies)|sentences?)(?:\s+ranges?)?\b[^?.]{0,40}\b(?:courts?|judges?|authorit\w*)\s+(?:apply|impose|give|hand)", re.IGNORECASE),
        re.compile(r"\bfined\b[^.]{0,80}\d|\bfine of\b[^.]{0,40}\d|\bpenalty of\b[^.]{0,40}\d", re.IGNORECASE),
    ),
    AskedFact(
        "a named enforcement or court case",
        re.compile(r"\b(?:which|what|name|list)\b[^?]{0,50}\b(?:companies|firms|exporters|vendors|makers|manufacturers|producers|suppliers|brands|distributors|integrators|cases)\b[^?]{0,50}\b(?:fined|prosecuted|convicted|penali[sz]ed|punished|sued|sanctioned|excluded|blacklisted|debarred|divested|delisted)\b|\bcourt (?:cases?|rulings?|judgments?|decisions?)\b|\bcase law\b|\benforcement (?:cases?|examples?|actions?|decisions?|precedents?)\b|\bprecedent(?:s|\s+cases?)\b|\breal(?:-world)? cases\b|\bnamed cases?\b|\bprosecut\w*|\bconvict(?:ed|ions?)\b"
            r"|\bannul\w*|\bsentences?\b[^?]{0,40}\b(?:courts?|judges?|hand\w* down|impos\w*)\b|\b(?:courts?|judges?|cjeu|ecj|court of justice|general court)\b[^?]{0,40}\b(?:sentenc\w*|rul(?:e|es|ed|ing)|decid\w*|held|found)\b|\b(?:judgment|ruling) in\b"
            # another institution's decision on a named company: "did Norway's oil fund exclude Hikvision?"
            r"|\b(?:did|has|have)\s+(?:[\w'’-]+\s+){1,5}?(?:exclude[ds]?|divest(?:ed)?(?:\s+from)?|blacklist(?:ed)?|delist(?:ed)?|debar(?:red)?|drop(?:ped)?|ban(?:ned)?)\s+(?-i:[A-Z])\w+", re.IGNORECASE),
        re.compile(r"\b[CT]-\d{1,4}/\d{2}\b|\bv\.?\s+[A-Z]|\b(?:judgment|ruling) of\b|\bconvicted\b|\bprosecuted\b|\bannulled\b|\bsentenced\b", re.IGNORECASE),
    ),
    AskedFact(
        "a date",
        re.compile(r"\b(?:from|by|on|until|since|as of)\s+(?:exactly\s+|precisely\s+)?(?:which|what)\s+(?:exact\s+|precise\s+)?(?:date|day|month|year)\b|\bwhen\s+(?:do|does|will)\b[^?]{0,80}\b(?:apply|applies|take effect|enter into force|come into force|start to apply|become applicable)\b", re.IGNORECASE),
        re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+20\d\d\b|\b(?:from|by|until|since)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)?\s*20\d\d\b|\b20\d\d-\d\d-\d\d\b", re.IGNORECASE),
    ),
    AskedFact(
        "a US export classification (ECCN)",
        re.compile(r"\beccn\b|\bear99\b|\bcommerce control list\b", re.IGNORECASE),
        re.compile(r"\bEAR99\b|\b\d[A-E]9\d\d\b"),
    ),
    AskedFact(
        "a listing under US export or sanctions rules",
        re.compile(r"\bentity list\b|\bsdn list\b|\bspecially designated nationals\b|\bofac\b[^?]{0,40}\b(?:list|listed|designat\w*)\b|\bunverified list\b|\bmilitary end[- ]user list\b", re.IGNORECASE),
        re.compile(r"\bEntity List\b|\bSDN\b|\bSpecially Designated Nationals\b"),
    ),
    AskedFact(
        "the number or reference of a specific licence or decision",
        re.compile(r"\b(?:number|reference|code)\s+of\s+(?:the|a|an)\s+(?:current\s+|latest\s+|valid\s+)?(?:[\w-]+\s+){0,3}(?:licen[cs]e|authori[sz]ation|permit|decision|ruling)\b", re.IGNORECASE),
        re.compile(r"\bGL\s?[-\w]*\d|\bgeneral licen[cs]e (?:no\.?|number)\s*[-\w]*\d|\bEU00\d\b", re.IGNORECASE),
    ),
    AskedFact(
        "a rate or percentage",
        # "for a 5% commission" states a figure; "what % / how many per cent" asks for one
        re.compile(
            r"\b(?:what|which)(?:['’]s\b|\s+(?:is|are|was|were)\b)?\s*(?:the\s+)?(?!(?:frame|framing|refresh|update|bit|data|sample|sampling|scan|scanning|pixel|line)[- ]rate)(?:\w+\s+)?(?:rate|percentage|share|ratio)s?\b|\b(?:what|which|how much|how many)\b[^?.]{0,25}?(?:%|per ?cent)"
            # "Dahua's share of the Iranian camera market?", "roughly what proportion of Tehran's CCTV …", "percent of Iran's cameras"
            r"|(?<![\d%]\s)(?<![\d%])\bmarket\s+shares?\b|\bshares?\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}market\b|\b(?:what|how big an?|how large an?)\s+(?:\w+\s+)?(?:proportion|fraction|percentage)\b|\bper ?cent(?:age)?\s+of\b",
            re.IGNORECASE,
        ),
        re.compile(r"\d+(?:[.,]\d+)?\s?%|\bper ?cent\b", re.IGNORECASE),
        in_ask_only=True,
    ),
    AskedFact(
        "a future date or event",
        re.compile(
            r"\bwhen (?:is|will|are)\b[^?]{0,40}\b(?:next|upcoming|meet|summit|review|vote|published|adopted|announced)\b|\bnext (?:\w+\s+){0,2}(?:summit|meeting|review|vote|renewal|plenary|session|update|amendment)s?\b|\bnext round of (?:talks|negotiations|listings|designations|sanctions|amendments|reviews?)\b|\bupcoming\b(?!\s+(?:[\w-]+\s+)?(?:deal|sale|order|contract|tender|bid|project|delivery|shipment|export|transaction|partnership|relationship)s?\b)|\bagenda\b"
            r"|\bwhen (?:is|are|will)\s+(?:the\s+)?(?:commission|council|parliament|eu|union|oecd|un|wassenaar|legislator|lawmakers)\b[^?]{0,30}\bgoing to\b|\bis there (?:a|any) (?:date|deadline|timeline|timetable|schedule) (?:set|fixed|planned|agreed|announced)\b"
            r"|\bwill\s+(?:the\s+)?(?:commission|council|parliament|eu|union|oecd|un|wassenaar|authorit\w*|court)\b(?!['’]s)(?!\s+(?:[\w-]+\s+){0,5}?(?:directive|regulation|act|rules|guidelines|principles|csddd)\b)"
            # "what will the authority look at in our contract?": what the law has the body assess, not a future event
            r"(?!\s+(?:\w+\s+)?(?:look at|looks at|be looking at|be looking for|look for|be checking|be assessing|assess|consider|check|examine|ask for|ask about|require|want|take into account|need|expect|review|evaluate|weigh|focus on)\b)|\b(?:latest|most recent|last)\s+(?:plenary|meeting|session|summit)\b",
            re.IGNORECASE,
        ),
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


# Asks whose answer lies in a foreign domain even when the question mentions the subject
# (an Iranian customer, a sanctions deal): the value asked for is a tax, a wage, a rate, a notice period.
_FOREIGN_ASK = re.compile(
    r"\b(?:what|which|how much)\b[^?]{0,30}\b(?:(?:corporate|income|sales|vat|withholding)\s+tax|vat)\s+rates?\b"
    r"|\bdeduct\w*\b[^?]{0,60}\b(?:from|against)\b[^?]{0,30}\btax\w*\b|\bdeduct\w*\b[^?]{0,120}\b(?:as\s+an?\s+)?(?:business\s+expenses?|for\s+(?:corporate\s+|income\s+)?tax)\b"
    r"|\b(?:what|which)\b[^?]{0,20}\b(?:withholding|corporate|income|sales|stamp)\s+tax(?:es)?\s+(?:applies|apply|is due|are due|do we pay|must we pay)\b|\btax(?:es|ed)?\s+on\s+(?:the\s+)?(?:royalties|dividends|interest|licence fees|license fees)\b"
    r"|\bfor tax purposes\b|\btax[- ](?:deductible|treatment|relief|credits?|losses|returns?|breaks?|incentives?|allowances?|deductions?|write-?offs?|exemptions?)\b|\b(?:claim|get|apply for|is there|are there)\b[^?]{0,30}\b(?:subsid(?:y|ies)|grants?)\b[^?]{0,40}\b(?:for|towards?)\b[^?]{0,20}\b(?:cost|costs|purchase|investment)\b|\bcapital gains tax\b|\b(?:offset|set off|carry forward|write off)\b[^?]{0,60}\bagainst\b[^?]{0,30}\b(?:gains|profits|income|tax\w*)\b"
    r"|\b(?:what|which|how much)\b[^?]{0,40}\b(?:import|customs|export)\s+dut(?:y|ies)\b|\b(?:import|customs)\s+dut(?:y|ies)\b[^?]{0,30}\b(?:vat|rates?|applies|apply|levied|charged)\b|\bhs\s+(?:code\s+)?\d{4}(?:\.\d{2,4})?\b|\bddp\s+(?:quote|price|pricing|terms)\b"
    r"|\bwrite\s+(?:it\s+|this\s+|that\s+)?off\b[^?]{0,40}\b(?:for|under|against)\s+(?:[A-Z]\w+\s+)?(?:(?:corporate|income)\s+){0,2}tax\b|\bbad[- ]debt\s+(?:relief|write-?offs?|deductions?)\b|\bdut(?:y|ies)\b[^?]{0,30}\b(?:levy|levies|levied|pay|charged?)\b|\b(?:levy|levies|pay)\b[^?]{0,30}\bdut(?:y|ies)\b"
    r"|\bexchange rates?\b|\bminimum wages?\b|\bshare price\b|\bstock price\b|\bzero[- ]rat\w*|\bimport vat\b|\b(?:pay|charge|reclaim|refund)\w*\b[^?]{0,30}\bvat\b"
    r"|\bhow (?:much|long|many \w+)\s+(?:of\s+)?notice\b|\bnotice (?:period|do we|must we|to give)\b"
    # product approval in the buyer's country ("ANATEL homologation", "type approval"): a national technical rule
    r"|\bhomologat\w*|\btype[- ]approvals?\b|\b(?:anatel|fcc|ul|kc|ncc|ccc|srrc|icasa|sirim|bsmi|nom|inmetro)\s+(?:certif\w*|approvals?|marking|registration|mark)\b"
    r"|\b(?:dismiss\w*|fir(?:e|ing)|sack\w*|lay(?:ing)? off)\s+(?:him|her|them|(?:our|an?|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:employee|staff|officer|worker|engineer|manager)s?)\b"
    r"|\blet\s+(?:him|her|them|(?:our|an?|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:employee|staff|officer|worker|engineer|manager)s?)\s+go\b"
    # tariff classification: "which CN/HS tariff code should we use", "what commodity code goes on the declaration"
    r"|\b(?:what|which)\b[^?]{0,20}\b(?:(?:CN|HS|TARIC)(?:\s*/\s*(?:CN|HS|TARIC))?|tariff|commodity|customs)\s+(?:tariff\s+)?(?:codes?|headings?|classifications?|numbers?)\b"
    # ESG ratings and other investors' own exclusion rules: "what MSCI controversy score triggers exclusion", "Norway's
    # sovereign wealth fund guidelines", "Sustainalytics risk rating"
    r"|\b(?:MSCI|Sustainalytics|ISS(?:[- ]ESG)?|Refinitiv|RepRisk|Moody['’]s ESG|S&P Global ESG)\b[^?]{0,60}\b(?:scores?|ratings?|flags?|thresholds?|methodolog\w*|categor\w*)\b"
    r"|\b(?:Norway['’]s|Norwegian)\s+(?:sovereign wealth fund|government pension fund|oil fund|council on ethics)|\bGPFG\b|\bNBIM\b"
    # a Member State's transposition of a directive: "has the Dutch government published its draft bill transposing the CSDDD"
    r"|\b(?:draft\s+)?(?:bill|law|act|legislation|decree)\s+(?:transposing|implementing)\s+(?:the\s+)?(?:CSDDD|CS3D|due diligence directive|directive)\b"
    r"|\b(?:national|dutch|german|french|italian|spanish|belgian|polish|swedish|danish|austrian|irish|finnish|portuguese)\s+(?:transposition|implementing)\s+(?:law|bill|act|legislation|measures?)\b"
    # a commercial price: "what per-camera price should we quote", "how much should we charge per unit"
    r"|\bwhat\s+(?:[\w-]+\s+){0,2}?(?:price|prices|pricing|margin|mark-?up|rate)\s+should\s+(?:we|I)\s+(?:quote|charge|offer|bid|ask)\b|\bhow\s+much\s+should\s+(?:we|I)\s+(?:quote|charge|bid)\b"
    # what goods cost on the market: "a realistic unit price for a cooled MWIR camera", "a ballpark for the tender budget"
    r"|\b(?:realistic|typical|ballpark|going|average|current|market)\s+(?:unit\s+|retail\s+|list\s+)?(?:prices?|costs?)\b|\bunit\s+(?:prices?|costs?)\b|\bballpark\s+(?:figure|number|price|cost|estimate)?\b"
    # a private platform's or a free zone's own rules, a customs office's forms and guarantees, a data-protection board's guidance
    r"|\b(?:Amazon|eBay|Alibaba|AliExpress|Etsy|Shopify|Temu|Allegro|Bol\.com|Zalando)(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:polic(?:y|ies)|rules|terms|guidelines|restricted products)\b"
    r"|\b(?:JAFZA|DAFZA|DMCC|JAFZ)\b|\bfree[- ]zone\s+(?:permits?|rules|authority|regulations|certificates?|licen[cs]es?)\b|\bre-?export\s+certificates?\b"
    r"|\b(?:what|which)\s+(?:transit|customs)\s+(?:documents?|forms?|paperwork|formalities|declarations?)\b|\b(?:how\s+(?:large|big|high|much)|size\s+of)\s+(?:a\s+|the\s+)?(?:customs\s+|transit\s+)?guarantee\b"
    r"|\b(?:EDPB|European Data Protection Board|Article 29 Working Party|WP29)\b[^?]{0,60}\b(?:guidelines?|opinions?|recommend\w*|says?)\b|\b(?:guidelines?|opinions?)\b[^?]{0,40}\b(?:EDPB|European Data Protection Board)\b"
    # another country's import regime: "what import permits does the UAE require for thermal cameras"
    r"|\b(?:what|which)\s+(?:[\w-]+\s+)?import\s+(?:permits?|licen[cs]es?|approvals?|documents?|requirements?|rules|formalities)\s+(?:does|do|would|will|is|are)\s+(?:the\s+)?(?!EU\b|Union\b|European\b)(?-i:[A-Z])"
    # national investment screening (not indexed): "the German foreign-investment screening thresholds and filing deadlines"
    r"|\b(?:foreign[- ](?:direct[- ])?investment|FDI|inward[- ]investment)\s+(?:screening|control|review)\b"
    # sports federations' own rules: "what do UEFA's stadium infrastructure regulations require"
    r"|\b(?:UEFA|FIFA|IOC|FIBA|Formula One Group|World Athletics)(?:['’]s)?\b[^?]{0,60}\b(?:regulations?|requirements?|rules|guidelines|standards|handbooks?|manuals?)\b"
    # GDPR transfer tools (the GDPR is not indexed): "which module of the standard contractual clauses", "a transfer impact assessment"
    r"|\bstandard contractual clauses\b|\btransfer impact assessments?\b|\bbinding corporate rules\b"
    # subscription and service prices: "a typical monthly price per camera", "price per channel"
    r"|\b(?:realistic|typical|ballpark|going|average|current|market|normal|usual)\s+(?:monthly\s+|annual\s+|yearly\s+)(?:prices?|costs?|fees?|rates?)\b|\b(?:prices?|costs?|fees?)\s+per\s+(?:camera|channel|unit|seat|device|licen[cs]e|month|user)\b"
    # what suppliers charge: "what do European vendors charge per camera per year", "how much do integrators ask for it"
    r"|\b(?:what|how\s+much)\s+(?:do|does|would|will)\s+(?:[\w-]+\s+){1,3}?(?:charge|bill)\b(?!\s+(?:us|you|them|him|her)\s+(?:to|about|for\s+(?:a|an|the)\s+(?:licen[cs]e|authori[sz]ation|permit)))|\bper\s+(?:camera|unit|channel|seat|device)\s+per\s+(?:year|month|annum)\b"
    # a national authority's own leaflets and sector guidance, none of them indexed: "what does BAFA's information leaflet list",
    # "what does the Dutch government's sector guidance say about deadlines"
    r"|\b(?:what|which)\b[^?]{0,80}\b(?:BAFA|(?:Dutch|German|French|Italian|Spanish|Swedish|Danish|Belgian|Austrian|Polish|Finnish|Irish|Czech|national)\s+(?:government|ministry|authority|regulator)|(?:government|ministry|authority)['’]s)(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:guidance|leaflets?|guides?|handbooks?|brochures?|information sheets?|faqs?|circulars?|manuals?)\b"
    # a national form's layout and formalities: "which fields does it contain", "notarised or apostilled"
    r"|\b(?:notari[sz](?:ed|ation)|apostill\w*|legali[sz]ed\s+by\s+(?:an?\s+|the\s+)?(?:embassy|consulate))\b|\b(?:what|which)\s+fields\s+(?:does|do|must|should)\b",
    re.IGNORECASE,
)
# What kind of request it is: tasks (translation, marketing copy), product and IT engineering
# advice, recommending providers, vetting counterparties as "safe" — none is answered from law.
_ENGINEERING = "product or IT engineering advice"
_REQUEST_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a translation",
        re.compile(r"^\s*(?:please\s+|can you\s+|could you\s+)?translate\b|\btranslat\w*\b[^?.]{0,80}\binto\s+[A-Z]\w+", re.IGNORECASE),
    ),
    (
        "marketing or sales copy",
        re.compile(
            r"\b(?:write|draft|compose|create|give me)\b[^?.]{0,40}\b(?:marketing|sales|promotional|advertising|catchy|social[- ]media)\b[^?.]{0,30}\b(?:email|e-mail|mail|copy|text|post|slogan|letter|brochure|pitch|campaign)s?\b"
            r"|\b(?:slogan|tagline|press release|advert(?:isement)?)\b[^?.]{0,30}\bfor our\b",
            re.IGNORECASE,
        ),
    ),
    (
        _ENGINEERING,
        re.compile(
            r"\b(?:vlans?|firewall rules?|subnets?|password polic\w*|passwords?\s+(?:on|for)\b|firmware updates?|port forwarding|bitrate|frame rate|focal lengths?|lens(?:es)?\b[^?]{0,20}\b(?:cover|choose|pick|best)"
            r"|pixels? per (?:metre|meter|foot)|ppm|dori\b|ip\d\d rating|storage (?:capacity|days)|cabling|poe budget|install(?:ation)? (?:time|hours)|hours\b[^?]{0,30}\binstall\w*|(?:how long|what|which)\b[^?]{0,30}\bwarrant(?:y|ies)(?:\s+(?:period|terms|length|cover(?:age)?))?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "general knowledge (geography, sport, trivia)",
        re.compile(
            r"\bwhat(?:’s|'s| is| was)\s+the\s+(?:capital|population|currency|time zone|official language|weather|area|dialling code)\s+(?:of|in)\b"
            r"|\bwho won\b|\bwhich (?:country|team|club|player) won\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a recommendation of a provider",
        re.compile(
            r"\b(?:which|what)\b[^?.]{0,30}\b(?:banks?|insurers?|forwarders?|law firms?|consultants?|suppliers?|brokers?|agents?)\b[^?.]{0,40}\b(?:best|cheapest|lowest|most reliable|fastest)\b"
            r"|\b(?:recommend|suggest|name)\b[^?.]{0,30}\b(?:a|an|some|good|reliable|trustworthy)\b[^?.]{0,30}\b(?:forwarder|freight|lawyer|law firm|consultant|insurer|bank|supplier|vendor|distributor|integrator|installer|agent|broker)s?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a list of counterparties vetted as safe",
        re.compile(r"\b(?:list|names?|which)\b[^?.]{0,50}\b(?:distributors?|customers?|buyers?|partners?|companies|importers?|integrators?|resellers?)\b[^?.]{0,40}\b(?:safe|clean|ok|okay|approved|cleared)\s+(?:to|for)\b", re.IGNORECASE),
    ),
)
# Words that make a specification a question of export control or sanctions, not of engineering.
_CONTROL_ANCHOR = re.compile(
    r"\b(?:export\w*|licen[cs]\w*|control(?:led)? lists?|classif\w*|annex|6A00\d|sanction\w*|dual[- ]use|catch-all|authori[sz]ation)\b",
    re.IGNORECASE,
)
_COMPARE_COUNTRIES = re.compile(
    r"\b(?:which|what)\s+(?:eu\s+|european\s+|member\s+)?(?:country|countries|member states?|states?|authorit(?:y|ies))\b[^?]{0,30}\b(?:quickest|fastest|slowest|strictest|most lenient|most generous|easiest|hardest|toughest)\b"
    r"|\b(?:which|what)\s+(?:eu\s+|european\s+)?(?:countries|member states|states|authorities)\s+(?:have\s+|has\s+)?(?:actually\s+|already\s+)?(?:adopted|introduced|implemented|applied|used|invoked|enforced|transposed)\b",
    re.IGNORECASE,
)
# National rules and national authorities' practice: a country or nationality with a legal
# institution. Rule-making nouns count on their own ("Polish law", "law in Iran"); institutions
# that are also customers (an authority, a court, a police unit) only when they act as regulator.
_RULE_NOUN = (
    r"(?:laws?|legislation|acts?|ordinances?|decrees?|(?:penal|civil|criminal|customs|commercial|labou?r|tax|administrative)\s+codes?|codes?\s+of\b|statutes?|constitution|tax(?:es|ation)?|tax law|labou?r law|employment law|penal code"
    r"|national (?:control )?lists?|import (?:permits?|licen[cs]es?)|permits?|(?:prison|jail|custodial) (?:terms?|sentences?))"
)
_ACTOR_NOUN = r"(?:authorit(?:y|ies)|regulators?|ministry|agency|office|unit|courts?|judges?|tribunals?|prosecutors?|(?:national )?contact point|ncp|data protection authority|dpa|customs)"
_ACTOR_VERB = (
    r"(?:grant\w*|issu\w*|decid\w*|decision|take|takes|took|process\w*|requir\w*|set|sets|fin(?:e|ed|es)|approv\w*|rul(?:e|ed|ing)|hand\w* down|sentenc\w*|convict\w*|"
    r"annul\w*|impos\w*|enforc\w*|charg\w*|publish\w*|say|says|said|handed out|quickest|fastest|slowest)"
)
_EU_FRAME = re.compile(
    r"\bunder\s+(?:the\s+)?(?:eu\b|union\b|article\b|annex\b|regulation\b|directive\b|ai act\b|csddd\b|ungps?\b|un guiding\b|guiding principles\b|oecd\b|dual[- ]use\b|iran (?:human[- ]rights )?(?:regulation|sanctions)\b)"
    r"|\b(?:member states?|competent authorit\w*)\b[^?]{0,40}\b(?:under|in)\s+(?:article|annex|the regulation|regulation)\b"
    r"|\b(?:can|may|must)\s+(?:the\s+)?(?:[A-Z]\w+|member states?)\s+(?:impose|require|restrict|introduce|add|extend|designate)\b",
    re.IGNORECASE,
)


# A country as the acting state: "did Germany grant", "has Canada imposed", "how many … did Spain refuse".
_STATE_ASKED = re.compile(r"\b(?:did|has|have|does|will)\s+(?:the\s+)?$", re.IGNORECASE)
_STATE_ACTS = re.compile(r"\s+(?:\w+\s+){0,2}?(?:grant\w*|impos\w*|issu\w*|adopt\w*|refus\w*|fin(?:e|ed))\b", re.IGNORECASE)


_ABBREVIATION = re.compile(r"\b(?:e\.\s?g|i\.\s?e|cf|approx|incl|esp|viz)\.", re.IGNORECASE)


def _ask_sentences(question: str) -> list[str]:
    """The sentences that carry the ask: those ending in '?', else the last sentence."""
    # "e.g." and "i.e." end no sentence ("what does it say about SDKs, e.g. which red flags are on its checklist?")
    guarded = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\u2024"), question.strip())
    sentences = [s.strip().replace("\u2024", ".") for s in re.split(r"(?<=[.?!])\s+", guarded) if s.strip()]
    asks = [s for s in sentences if s.endswith("?")]
    if len(asks) == 1 and len(asks[0]) < 40 and _POINTS_BACK.search(asks[0]) and sentences.index(asks[0]) > 0:
        # "I need the amounts of the fines imposed in 2024. Can you list them?": the ask is the sentence before
        asks = [sentences[sentences.index(asks[0]) - 1], asks[0]]
    return asks or sentences[-1:]


_POINTS_BACK = re.compile(r"\b(?:list|give|name|share|send|find|provide|tell me)\s+(?:me\s+|us\s+)?(?:them|those|these|it|that)\b", re.IGNORECASE)


# An ask about what a standard or the CSDDD expects ("at what point do the UN principles say we should
# walk away?"), with no legal question about the sale itself, is answered from that standard's text.
_STANDARD_NAMED = re.compile(
    r"\b(?:ungps?|un guiding principles|guiding principles|un principles|un framework|un business and human rights"
    r"|oecd|danish institute|dihr|csddd|(?:corporate |supply[- ]chain |sustainability )?due[- ]diligence directive"
    r"|somo|justice for iran|caught on camera)\b",
    re.IGNORECASE,
)
_LEGALITY_WORDS = re.compile(
    r"\b(?:licen[cs]\w*|legal\w*|illegal|allowed|permitted|prohibit\w*|bann?ed|ban|export control\w*|sanction\w*|dual[- ]use|annex"
    r"|authori[sz]ation|notify|notification|ai act|regulation|green light|go ahead|ok to|okay to"
    r"|this (?:order|sale|deal|project|shipment|contract|tender|export)"
    # "Who gets it right?", "which of them is correct?": a judgement between views on the deal, which the verdict decides
    r"|who(?:['’]s| is| gets it| has it| got it) (?:right|correct)|which (?:of (?:them|the \w+|us) )?(?:is|was) (?:right|correct))\b",
    re.IGNORECASE,
)


_REFERS_BACK = re.compile(r"\b(?:they|it|its|their|the (?:brief|report|guide|guidance|principles|guidelines|directive|paper))\b", re.IGNORECASE)


def ask_text(question: str) -> str:
    """The sentences of a question that carry its ask."""
    return " ".join(_ask_sentences(question))


def asks_about_standards(question: str) -> bool:
    """True when the ask names a due-diligence standard (UNGPs, OECD, CSDDD, the DIHR guide) and does not ask about the sale's legality."""
    asks = ask_text(question)
    if _LEGALITY_WORDS.search(asks):
        return False
    # "… about the SOMO brief. What are they asking lawmakers for?": the ask refers back to the standard named before it
    return bool(_STANDARD_NAMED.search(asks)) or bool(_STANDARD_NAMED.search(question) and _REFERS_BACK.search(asks))


def national_rule(question: str) -> str | None:
    """The national rule or authority an ask is about ("Italian law", "the Dutch export unit … take"), or None."""
    for sentence in _ask_sentences(question):
        framed = bool(_EU_FRAME.search(sentence))
        for place in find_places(sentence):
            if place.kind not in ("country", "demonym", "region"):
                continue
            if re.match(r"(?:’s|'s)?\s+national\s+(?:[\w-]+\s+){0,2}?(?:lists?|laws?|rules|legislation|measures|authorit(?:y|ies)|contact point)\b", sentence[place.end :], re.IGNORECASE):
                return place.text
            if framed or re.search(r"\b(?:EU|EU’s|EU's|Union|Union’s|Council)\s+(?:[\w-]+\s+){0,2}$", sentence[: place.start]):
                continue
            after = sentence[place.end : place.end + 70]
            before = sentence[max(0, place.start - 50) : place.start]
            if re.match(r"(?:[-–]related\s+)?\s*(?:human[- ]rights\s+)?(?:sanctions?|embargo)\b", after, re.IGNORECASE):
                continue  # "the Iran sanctions law": the EU's sanctions on that country, not its own law
            # "only run in Iran the AI Act doesn't apply": a new clause about an EU act, not Iran's own law
            rule_after = re.match(rf"(?:’s|'s)?(?!\s+the\b)\s+(?:[\w()-]+\s+){{0,4}}?{_RULE_NOUN}\b", after, re.IGNORECASE)
            rule_before = re.search(rf"\b{_RULE_NOUN}\s+(?:in|of|from)\s+(?:the\s+)?$", before, re.IGNORECASE)
            actor = re.match(rf"(?:’s|'s)?\s+(?:[\w-]+\s+){{0,3}}?{_ACTOR_NOUN}\b[^?]{{0,40}}\b{_ACTOR_VERB}\b", after, re.IGNORECASE)
            acts = place.kind == "country" and bool(_STATE_ASKED.search(before) and _STATE_ACTS.match(after))
            # "Do the UN Guiding Principles expect the same …, even though local law in Kenya asks less?": the law is the foil, the standard the ask
            conceded = bool(_STANDARD_NAMED.search(sentence)) and bool(re.search(r"\b(?:even\s+(?:though|if)|although|though|whereas|while)\b[^.?!]{0,40}$", sentence[: place.start], re.IGNORECASE))
            # "Could the Swedish authority actually approve this?": whether EU law lets a Member State's authority grant it, not its practice
            can_grant = place.code in EU_CODES and bool(actor) and bool(re.search(r"\b(?:could|can|may|would|is\s+(?:it|the\s+\w+)\s+(?:even\s+)?(?:allowed|able|permitted))\s+(?:the\s+|our\s+)?$", before, re.IGNORECASE)) and bool(
                re.match(r"(?:’s|'s)?\s+(?:[\w-]+\s+){0,3}?" + _ACTOR_NOUN + r"\s+(?:(?:actually|even|legally|lawfully|ever)\s+)?(?:approve|grant|authori[sz]e|issue|allow|licen[cs]e)\b", after, re.IGNORECASE)
            )
            if (rule_after or rule_before or actor or acts) and not conceded and not can_grant:
                return place.text
    return None


_QUOTED = re.compile(r"(?:(?<=\s)|^)['‘\"“][^'’\"”\n]{1,80}['’\"”](?!\w)")


def refuse_by_words(question: str) -> str | None:
    """A refusal reason that the words of the question alone justify, or None."""
    if _INJECTION.search(question):
        return "The question asks the assistant to change or reveal its instructions or configuration. It answers due-diligence questions from its sources only."
    plain = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), question)  # "as 'medical kits', e.g." is no sentence end
    if _EVASION.search(plain) or (_DISGUISE.search(plain) and _ESCAPES_NOTICE.search(plain)):
        return "The assistant does not help to hide end users or destinations or to evade sanctions, export controls or screening, and does not answer as if they did not apply; evading them is itself prohibited."
    asks = " ".join(_ask_sentences(question)) or question  # "... saves them import VAT. Can we use EU001?": a detail of the story, not the ask
    if (_FOREIGN_DOMAIN.search(asks) and not _SUBJECT_ANCHOR.search(question)) or any(_FOREIGN_ASK.search(s) for s in _ask_sentences(question)):
        return SCOPE_REASON
    for label, pattern in _REQUEST_TYPES:
        if label == _ENGINEERING and _CONTROL_ANCHOR.search(question):
            continue  # "capped at 9 Hz frame rate for the export SKU": a specification that decides a control
        if any(pattern.search(s) for s in _ask_sentences(question)):
            return f"The question asks for {label}; the assistant answers due-diligence questions from its sources (law, standards and guidance on surveillance technology) and does not do this."
    finance = next((m for s in _ask_sentences(question) or [question] for m in [_UNINDEXED_FINANCE_RULES.search(s)] if m), None)
    if finance:
        return f"The sources here do not hold the EU sustainable-finance rules asked about (here {finance.group('name') or finance.group('name2') or finance.group('name3')}; neither the SFDR nor the Taxonomy Regulation is indexed), so what they require cannot be given; the UN Guiding Principles and OECD standards on an investor's responsibility are indexed."
    other = next((m for s in _ask_sentences(question) or [question] for m in [_UNINDEXED_EU_LAWS.search(s)] if m), None)
    if other:
        if other.group("russia"):
            return f"The sources here do not hold the EU's Russia sanctions (asked about here: {other.group('russia')}), so their lists, codes and clauses cannot be given; the Iran regulation and the dual-use regulation are indexed."
        return f"The sources here do not hold the {other.group('name')} (at most a passing mention in a guide), so its dates, lists and requirements cannot be given."
    if any(_PRIVATE_DOCUMENT.search(s) for s in _ask_sentences(question) or [question]):
        return "The sources here hold laws, standards and guidance, not companies' own contracts, partner agreements or policies, so what such a document says cannot be given."
    if _US_LICENSING.search(question):
        return "The sources here hold the US State Department's guidance and a digest of the US embargo for context, not the US export-licensing rules (EAR, ITAR, OFAC licences) or their classifications."
    # "Our Turkish manager says: 'we follow Turkish law'. Is that what the UN Guiding Principles say?": a claim to test
    # against an indexed standard, not a question about that country's law
    searched = without_claims(question) if _INDEXED_NAMED.search(" ".join(_ask_sentences(question))) else question
    # "quoting night-vision cameras to Iranian customers 'under UAE rules'. … whom does the EU's Iran regulation reach?": a
    # claim in quotation marks, with the ask about indexed law, is part of the story
    quoted = [q.span() for q in _QUOTED.finditer(searched)] if _INDEXED_NAMED.search(" ".join(_ask_sentences(question))) else []
    foreign = next(
        (
            m for m in _FOREIGN_LAW.finditer(searched)
            if not _CLAIMED_LAWFUL_BEFORE.search(searched[max(0, m.start() - 100) : m.start()]) and not any(a <= m.start() < b for a, b in quoted)
        ),
        None,
    )
    if foreign:
        return f"The sources here cover EU law, US guidance and international standards, not {foreign.group(1)} {foreign.group(2)}."
    authority = next((m for a in _ask_sentences(question) for m in [_FOREIGN_AUTHORITY.search(a)] if m and m.group(0).isupper() or (m and len(m.group(0)) > 6)), None)
    if authority:
        return f"The sources here cover EU law, US guidance and international standards, not the licences, positions or registration rules of a non-EU authority ({authority.group(0)})."
    designation = _FOREIGN_DESIGNATION.search(question)
    if designation:
        return f"The sources here cover EU law, US guidance and international standards, not the {designation.group('country')}'s own sanctions designations or lists."
    if any(_COMPARE_COUNTRIES.search(s) for s in _ask_sentences(question)):
        return "The question compares national authorities' practice; the sources here cover EU law, UN and OECD standards and US guidance, not how each country applies them."
    national = national_rule(question)
    if national:
        return f"The question asks about national rules or a national authority's practice ({national}); the sources here cover EU law, UN and OECD standards and US guidance, not national law or its enforcement."
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
    # a Union general export authorisation number the Regulation does not have ("EU009")
    missing = [r for r in _CASE_NO.findall(question) + _STANDARD_NO.findall(question) + re.findall(r"\bEU0\d\d\b", question) if r.lower() not in text]
    if missing:
        return f"The sources here do not mention {', '.join(missing)}."
    for match in _COUNTRY_ACRONYM.finditer(question):
        place = find_places(match.group(1))
        national_name = not match.group(2).isupper()
        if place and place[0].kind == "country" and (national_name or place[0].code not in EU_CODES) and match.group(2).lower() not in text:
            return f"The sources here do not include {match.group(1)}’s {match.group(2)}: no indexed text covers that country's own law."
    if _OWN_DOCUMENT.search(question):
        for match in _COMPANY_NAME.finditer(question):
            words = [w for w in match.group(1).split() if w not in _LEADING_WORDS]
            name = " ".join(words)
            if len(words) >= 2 and name.lower() not in text and not find_places(name) and not any(a in name.lower() for a in _KNOWN_ALIASES):
                return f"The sources here do not include {name}’s own policies, reports or statements, so what they say cannot be given."
    # "Hikvision's own human rights policy": one company named by its possessive
    for match in _POSSESSIVE_DOCUMENT.finditer(question):
        name = match.group(1)
        # a company the sources mention (Hikvision in the SOMO brief) still has no policy of its own indexed
        if name not in _LEADING_WORDS and name.lower() not in _INDEXED_AUTHORS and not find_places(name) and not any(a in name.lower() for a in _KNOWN_ALIASES):
            return f"The sources here do not include {name}’s own policies, reports or statements, so what they say cannot be given."
    for match in _NAMED_INSTRUMENT.finditer(question):
        words = [w for w in match.group(1).split() if w not in _LEADING_WORDS]
        phrase = " ".join(words).lower().replace("’s", "").replace("'s", "")
        if len(words) < 2 or any(alias in phrase or phrase in alias for alias in _KNOWN_ALIASES):
            continue
        if phrase not in text:
            return f"The sources here do not include the {' '.join(words)}."
    return None


_WORDING_ASK = re.compile(
    r"\bword for word\b|\bverbatim\b|\bexact (?:wording|words|text)\b|\bquote\b|\bwhich (?:paragraph|section|point|page)\b|\b(?:paragraph|point|section|red flag|item|step)\s+(?:number\s+|no\.?\s*)?\d+\b",
    re.IGNORECASE,
)
_VERBATIM = re.compile(r"\bword for word\b|\bverbatim\b|\bexact (?:wording|words|text)\b|\bquote\b", re.IGNORECASE)
_CONTENT_ASK = re.compile(r"\b(?:say|says|said|state|states|contain|contains|require|requires|explain|explains|list|lists|define|defines|recommend|recommends|provide|provides)\b", re.IGNORECASE)
_TECHNICAL_STANDARD = re.compile(r"\b(?:EN|IEC|ISO(?:/IEC)?|BS|DIN|NFPA|UL|ANSI|ONVIF)\s?\d{3,5}(?:[-‑]\d+)*\b|\bONVIF\s+(?:Profile\s+[A-Z]\b|spec\w*|standard)")
_COPY_ASK = re.compile(r"\b(?:paste|copy|reproduce|fields?|boxes|form|template|show me|give me|what(?:'s| is) in)\b", re.IGNORECASE)
_DOCUMENT = re.compile(
    r"\b((?:(?:19|20)\d\d\s+)?(?:[A-Z][\w’'-]*\s+){0,4}(?:guidelines|guidance|recommendation|report|opinion|communication|notice|resolution|faq))\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"\bArt(?:icle|\.)\s*(\d+[a-z]?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OfficialTexts:
    """What the index holds as official text: the law and standard sources, their numbers, names and articles."""

    numbers: frozenset[str]
    names: tuple[tuple[re.Pattern[str], str, str], ...]
    articles: dict[str, frozenset[str]]
    described: re.Pattern[str] | None = None
    annexes: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, sources: list[Source], rows_by_source: dict[str, list[dict]]) -> OfficialTexts:
        official = [src for src in sources if src.kind in ("law", "standard")]
        numbers = {n for src in official for n in _INSTRUMENT_NO.findall(src.title)}
        names = tuple((re.compile("|".join(src.names), re.IGNORECASE), src.id, src.short_title or src.title) for src in official if src.names)
        articles: dict[str, frozenset[str]] = {}
        for src in official:
            found = {m.group(1).lower() for row in rows_by_source.get(src.id, []) for m in [re.match(r"Article (\d+[a-z]?)\b", row.get("locator", ""))] if m}
            if found:
                articles[src.id] = frozenset(found)
        annexes: dict[str, frozenset[str]] = {}
        for src in official:
            held = {m.group(1) for row in rows_by_source.get(src.id, []) for m in [re.match(r"Annex ([IVX]+[a-z]?)\b", row.get("locator", ""))] if m}
            if held:
                annexes[src.id] = frozenset(held)
        described = "|".join(f"(?:{n})" for src in sources for n in src.names)
        return cls(frozenset(numbers), names, articles, re.compile(described, re.IGNORECASE) if described else None, annexes)

    def named(self, text: str) -> list[tuple[str, str]]:
        return [(sid, title) for rx, sid, title in self.names if rx.search(text)]


def _runs(articles: frozenset[str]) -> str:
    """Article numbers as runs: {1, 2, 3, 5, 7a} → '1–3, 5, 7a'."""
    plain = sorted(int(a) for a in articles if a.isdigit())
    runs: list[tuple[int, int]] = []
    for n in plain:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    runs_text = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    return ", ".join(runs_text + sorted(a for a in articles if not a.isdigit()))


# The Commission's own guidance (its cyber-surveillance Recommendation, its AI Act guidelines): no text of it is indexed
_COMMISSION_GUIDANCE = re.compile(
    r"\b(?:(?:european\s+)?commission(?:['’]s)?|eu)\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?"
    r"(?:(?:19|20)\d\d\s+)?(?:(?:art(?:icle|\.)?\s*\d+[a-z]?(?:\(\w+\))*|[\w-]+)\s+){0,4}?(?:guidance|guidelines|recommendation)\b|\brecommendation\s+(?:\(eu\)\s*)?(?:no\.?\s*)?20\d\d/\d+",
    re.IGNORECASE,
)
_GUIDELINES_BACK = re.compile(r"\b(?:those|these|such)\s+guidelines\b", re.IGNORECASE)  # "… will publish guidelines. What do those guidelines say …"
_GUIDANCE_CONTENT_ASK = re.compile(
    r"\b(?:what|which)\b[^?]{0,160}\b(?:say|says|said|list|lists|tell|tells|give|gives|set out|sets out|require|requires|recommend|recommends|contain|contains|checks?|red[- ]flags?|steps?|indicators?|examples?)\b"
    r"|\bquote\b|\bverbatim\b|\bpaste\b|\blist\b"
    # "summarise the red-flag checklist and the questionnaire template, section by section"
    r"|\b(?:summari[sz]e|outline|walk (?:me|us) through|run (?:me|us) through|break down)\b|\b(?:section|point|item|chapter) by (?:section|point|item|chapter)\b"
    r"|\b(?:checklists?|templates?|questionnaires?)\b",
    re.IGNORECASE,
)


def refuse_text_not_indexed(question: str, official: OfficialTexts) -> str | None:
    """A refusal reason when the question asks for the content of a text the index does not hold officially:
    an article of an official instrument outside the indexed articles, or the wording or parts of an
    instrument or document known only from a digest or a mention."""
    reason = _refuse_text_not_indexed(question, official)
    if reason:
        return reason
    for sentence in _ask_sentences(question) or [question]:
        guidance = _COMMISSION_GUIDANCE.search(sentence) or (_GUIDELINES_BACK.search(sentence) and re.search(r"\bcommission\b", question, re.IGNORECASE))
        if guidance and _GUIDANCE_CONTENT_ASK.search(sentence):
            return (
                "The Commission's guidance or recommendation asked about is not in the sources here (at most a project digest mentions it), "
                "so what it says, lists or recommends cannot be given; the passages below are related law, not its content."
            )
    return None


def _refuse_text_not_indexed(question: str, official: OfficialTexts) -> str | None:
    for sentence in _ask_sentences(question):
        named = official.named(sentence)
        for match in _ARTICLE.finditer(sentence):
            article = match.group(1).lower()
            near = sentence[max(0, match.start() - 60) : match.end() + 60]
            sources = [(sid, title) for sid, title in official.named(near) if sid in official.articles] or [(sid, title) for sid, title in named if sid in official.articles]
            if len(sources) == 1 and article not in official.articles[sources[0][0]]:
                sid, title = sources[0]
                return f"Article {match.group(1)} of the {title} is not in the sources here (they hold Articles {_runs(official.articles[sid])} of it), so its content cannot be given."
        for match in _TECHNICAL_STANDARD.finditer(sentence):
            if not official.named(match.group(0)):
                return f"The sources here do not hold the technical standard {match.group(0)}, so what it requires cannot be given."
        for match in re.finditer(r"\bAnnex\s+([IVX]+[a-z]?)\b", sentence):
            near = sentence[max(0, match.start() - 60) : match.end() + 60]
            sources = [(sid, title) for sid, title in official.named(near) if sid in official.annexes]
            if len(sources) == 1 and match.group(1) not in official.annexes[sources[0][0]] and (_WORDING_ASK.search(sentence) or _CONTENT_ASK.search(sentence) or _COPY_ASK.search(sentence)):
                sid, title = sources[0]
                return f"Annex {match.group(1)} of the {title} is not in the sources here (they hold Annexes {', '.join(sorted(official.annexes[sid]))} of it), so its content cannot be given."
        for match in re.finditer(r"\b([A-Z]{3,6})(?:’s|'s)?\s+(?:Art(?:icle|\.)\s*\d+|Category\s+[IVXL\d]+|Part\s+\d+|Section\s+\d+)|\bArt(?:icle|\.)\s*\d+[a-z]?(?:\(\w+\))*\s+(?:of\s+)?(?:the\s+)?([A-Z]{3,6})\b", sentence):
            acronym = match.group(1) or match.group(2)
            if not official.named(acronym):
                return f"The sources here do not hold the text of {acronym}, so what it says cannot be given."
        numbers = _INSTRUMENT_NO.findall(sentence)
        # the unindexed instrument is what the sentence asks about ("which steps does Recommendation 2024/2659 list"),
        # whatever indexed law the sentence also names
        subject = any(
            re.match(r"\W*(?:[\w()'’-]+\s+){0,4}?(?:" + _CONTENT_ASK.pattern + ")", sentence[m.end() : m.end() + 60], re.IGNORECASE)
            or re.search(r"\b(?:in|under|according to|per)\s+(?:the\s+)?(?:Commission\s+)?$", sentence[max(0, m.start() - 40) : m.start()], re.IGNORECASE)
            for m in _INSTRUMENT_NO.finditer(sentence)
        )
        if numbers and not any(n in official.numbers for n in numbers) and (_WORDING_ASK.search(sentence) or _CONTENT_ASK.search(sentence)) and (not named or subject):
            return f"The text of {', '.join(numbers)} is not in the sources here (at most a project digest mentions it), so its content cannot be given."
        if _WORDING_ASK.search(sentence):
            verbatim = bool(_VERBATIM.search(sentence))
            for doc in _DOCUMENT.finditer(sentence):
                # the wording needs the official text; a part or paragraph may come from a digest of that document
                if not official.named(doc.group(1)) and (verbatim or official.described is None or not official.described.search(doc.group(1))):
                    words = doc.group(1).split()
                    while len(words) > 1 and (words[0] in _LEADING_WORDS or words[0].lower() in {"quote", "cite", "give", "show", "print", "the"}):
                        words = words[1:]
                    return f"The sources here do not hold the text of the {' '.join(words)}, so its wording or parts cannot be given."
    return None


# A statement reported from someone else ("the board member argued that we should … tackle the cheapest fixes first",
# "the sales manager claimed that from 2027 …"): a claim the question asks about, not a fact it asks for
_REPORTED_CLAIM = re.compile(
    r"\b(?:argued|argues|claimed|claims|said|says|insisted|insists|thinks|believes|suggested|suggests|maintained|maintains|told (?:us|me|them|the \w+))\b",
    re.IGNORECASE,
)


def without_claims(question: str) -> str:
    """The question without the statements (not asks) that report someone else's claim."""
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", question.strip()) if s.strip()]
    kept = [s for s in sentences if s.rstrip().endswith("?") or not _REPORTED_CLAIM.search(s)]
    return " ".join(kept) if kept else question


def asked_facts(question: str) -> list[AskedFact]:
    """The kinds of fact the question asks for (an amount, a duration, a fine, a case, a rate, a future date)."""
    asks = ask_text(question)
    text = without_claims(question)
    return [fact for fact in ASKED_FACTS if fact.asked.search(asks if fact.in_ask_only else text)]


_IRREGULAR_PLURALS = frozenset({"people", "staff", "personnel", "children", "men", "women", "police", "data"})
_COUNTED_SYNONYMS = {
    "people": r"(?:people|persons|employees|staff|workers)",
    "employees": r"(?:employees|persons|people|staff|workers)",
    "workers": r"(?:workers|employees|persons|people|staff)",
    "staff": r"(?:staff|employees|persons|people|workers)",
    "licences": r"(?:licen[cs]es|authori[sz]ations)",
    "licenses": r"(?:licen[cs]es|authori[sz]ations)",
    "authorisations": r"(?:licen[cs]es|authori[sz]ations)",
}
_NUMBER = r"(?:\d[\d,.]*(?:\s\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|dozens?|hundreds|thousands)"
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DATED_THING = r"(?:report|complaint|case|decision|ruling|judgment|plenary|review|meeting|session|guidelines|guidance|statement|resolution|revenues?|figures|statistics|annual report)"
_SALE_ASK = re.compile(
    r"\b(?:may|can|could|should|must)\s+(?:we|i|our \w+|they|the (?:company|buyer|seller|exporter|distributor))\s+(?:still\s+|legally\s+|lawfully\s+)?"
    r"(?:sell|ship|export|supply|deliver|accept|proceed|go ahead|continue|deal|do business|pay(?!\s+(?:an?\s+|the\s+|for\s+(?:an?\s+|the\s+)?)?(?:[\w-]+\s+){0,2}?(?:fees?|fast[- ]track\w*|expedit\w*|surcharges?)\b)|provide|offer|install|service|maintain|transfer|broker|release|credit|keep|finance|insure|notify|inform|report|apply|check|screen|stop|suspend|end)\b"
    r"|\bare we (?:allowed|permitted|obliged|required)\b|\bis (?:it|this|that|the sale|the deal|the order|the export)\s+(?:still\s+)?(?:allowed|legal|lawful|permitted|prohibited|banned|possible)\b"
    r"|\bdo (?:we|i) need\b|\bwhat (?:checks?|due diligence|must we|should we|do we (?:need|have) to)\b|\bwhich (?:checks?|rules?|obligations?|provisions?)\b",
    re.IGNORECASE,
)


def counted_noun(question: str) -> str | None:
    """The thing a 'how many X' / 'number of X' question counts ("licences", "people"), or None."""
    match = next(
        (
            m
            for m in re.finditer(r"\b(?:how many|the number of|number of)\s+([^?.,;:]{1,80})", question, re.IGNORECASE)
            # "cameras to count how many people are waiting": what the product measures, not what is asked
            if not re.search(r"\b(?:count\w*|tall(?:y|ies|ying)|measur\w*|track\w*|show\w*|display\w*|estimat\w*|calculat\w*|monitor\w*|detect\w*|see|sees|know|knows|tell(?:s)? (?:us|them|staff))\s+(?:exactly\s+)?$", question[: m.start()], re.IGNORECASE)
        ),
        None,
    )
    if not match:
        return None
    for word in match.group(1).split()[:5]:
        word = word.lower().strip("'\"’‘()")
        if word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))):
            return word
    return None


def _counted_present(noun: str, text: str) -> bool:
    if noun in _COUNTED_SYNONYMS:
        stem = _COUNTED_SYNONYMS[noun]
    elif noun.endswith("ies"):
        stem = re.escape(noun[:-3]) + r"(?:y|ies)"
    else:
        stem = re.escape(noun[:-1] if noun.endswith("s") and noun not in _IRREGULAR_PLURALS else noun) + r"\w*"
    return bool(re.search(rf"\b{_NUMBER}\s+(?:[\w-]+\s+){{0,3}}?{stem}\b", text, re.IGNORECASE))


def _counted_in_subject(noun: str, question: str, text: str) -> bool:
    """A number next to the counted noun, in a sentence that also names the question's subject."""
    names = {w.lower() for w in re.findall(r"(?<=\s)[A-Z][\w-]+", question) if len(w) > 2 and not w.startswith(noun[:4].capitalize())}
    subject = names or {w for w in content_words(question) if not w.startswith(noun[:4])} - {"many", "number", "much"}
    for sentence in re.split(r"(?<=[.;])\s+|\n", text):
        if _counted_present(noun, sentence) and (not subject or any(w in sentence.lower() for w in subject)):
            return True
    return False


def dated_things(question: str) -> list[tuple[str, str]]:
    """(year, thing) pairs where the question dates a document or event ("its 2024 complaint", "the report of 2026")."""
    pairs = [(m.group(1), m.group(2)) for m in re.finditer(rf"\b(19[5-9]\d|20\d\d)(?:’s|'s)?\s+(?:[\w-]+\s+){{0,3}}?({_DATED_THING})\b", question, re.IGNORECASE)]
    pairs += [(m.group(2), m.group(1)) for m in re.finditer(rf"\b({_DATED_THING})\s+(?:of|in|from|for)\s+(19[5-9]\d|20\d\d)\b", question, re.IGNORECASE)]
    return pairs


_PROCESSING_ASK = re.compile(
    r"\bprocessing times?\b|\bturnaround\b|\bhow long\b[^?]{0,60}\b(?:take|takes|taking|to (?:get|obtain|receive|hear back))\b"
    r"|\bhow many (?:working |calendar )?(?:days|weeks|months)\b[^?]{0,80}\b(?:take|takes|to (?:answer|reply|respond|decide|process|issue|get))\b"
    r"|\b(?:typical(?:ly)?|usual(?:ly)?|on average|in practice|these days|realistic(?:ally)?)\b[^?]{0,60}\b(?:weeks?|months?|days?|wait\w*|decid\w*|process\w*)\b",
    re.IGNORECASE,
)
_PROCESSING_WORDS = re.compile(
    r"\b(?:process\w*|decid\w* on|decision on|examin\w*)\b[^.;]{0,80}\b(?:applications?|requests?|authori[sz]ations?|licen[cs]es?)\b", re.IGNORECASE
)


def _processing_time_stated(text: str) -> bool:
    """A sentence that gives a number of days, weeks or months for processing or deciding on an application."""
    duration = ASKED_FACTS[1].present
    return any(duration.search(s) and _PROCESSING_WORDS.search(s) for s in re.split(r"(?<=[.;])\s+", text))


_FINE_WORDS = re.compile(r"^(?:fined?|fines|penalt(?:y|ies)|impos\w*|actually|large|largest|amounts?|how|which|what|there|their|have|been|about)$", re.IGNORECASE)


def _fine_on_subject(question: str, top_text: str, present: re.Pattern[str]) -> bool:
    """A fine the passages state whose sentence shares a content word with the question (the fined party or the breach)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{4,}", question) if not _FINE_WORDS.match(w)}
    for sentence in re.split(r"(?<=[.;])\s+", top_text):
        if present.search(sentence) and words & {w.lower() for w in re.findall(r"[A-Za-z][\w-]{4,}", sentence)}:
            return True
    return False


# "for how long do we keep them", "how many years must the invoices be retained": a record-keeping period
_RECORD_KEEPING_ASK = re.compile(
    r"\bhow (?:long|many (?:years|months))\b[^?]{0,60}\b(?:keep|kept|retain\w*|stor(?:e|ed)|archiv\w*|hold on to)\b"
    r"|\b(?:keep|retain|store|archive)\b[^?]{0,60}\bfor how long\b",
    re.IGNORECASE,
)


def refuse_by_kind_of_fact(question: str, top_text: str, this_year: int) -> str | None:
    """A refusal reason when the kind of fact asked for (a count, an amount, a duration, a case, a rate, a future or dated
    event) does not occur in the passages, or None."""
    for fact in asked_facts(question):
        if fact.label == "a duration or deadline" and _RECORD_KEEPING_ASK.search(question):
            continue  # how long records must be kept: Art 27 of Reg. 2021/821 states it, even when the top passages do not
        if not fact.present.search(top_text):
            return f"The question asks for {fact.label}, and none of the sources here states one for this."
        if fact.label == "a fine or sanction actually imposed" and not _fine_on_subject(question, top_text, fact.present):
            # "OFCOM fined Press TV" in a listing's reasons is a fine, but not one on the exporters the question asks about
            return f"The question asks for {fact.label}, and none of the sources here states one for this."
        if fact.label == "a duration or deadline" and _PROCESSING_ASK.search(question) and not _processing_time_stated(top_text):
            # "how long does the authority take?": a validity period or a review deadline is not a processing time
            return f"The question asks for {fact.label}, and none of the sources here states one for this."
    noun = counted_noun(question)
    if noun and not _counted_in_subject(noun, question, top_text):
        return f"The question asks for a number of {noun}, and none of the sources here states one for this."
    for named_year in sorted({int(y) for y in _YEAR.findall(without_claims(question))}):
        if named_year > this_year and str(named_year) not in top_text:
            return f"The question asks about {named_year}, which is in the future; the sources here do not state what will happen then."
    for dated, thing in dated_things(question):
        stem = re.escape(thing.lower().rstrip("s")[:6])
        if not re.search(rf"\b{dated}\b[^.]{{0,120}}{stem}|{stem}[^.]{{0,120}}\b{dated}\b", top_text, re.IGNORECASE):
            return f"The question asks about a {dated} {thing.lower()}, and none of the sources here mentions it."
    return None


# An ask that wants a decision about the sale itself; a scenario question with none of these asks only for a fact.
_DECISION_ASK = re.compile(
    r"\b(?:need|needs|require[sd]?|allowed|permitted|permissible|legal|lawful|illegal|prohibited|banned|forbidden|ok|okay|(?<!what )(?<!which )(?<!a )(?<!the )fine(?!d)(?! (?:or|and|did|was|of|for|imposed))|risks?|red flags?|obligations?|due diligence|should|must|may we|may i"
    r"|can (?:we|i) (?:still |legally |even )?(?:sell|ship|export|supply|deliver|go ahead|proceed|take|accept|sign|offer|quote|bid|install|continue|keep)|what (?:do|should|must) (?:we|i)|go ahead|proceed)\b",
    re.IGNORECASE,
)


# Kinds of fact the sources never hold for a particular sale: what a licence costs, what a court or authority did to
# someone, what a legislator will do next.
_PRICE_ASK = re.compile(r"\bwhat (?:should|do|would|could|can) (?:we|i) (?:charge|bill|quote|ask for)\b", re.IGNORECASE)
_NEVER_IN_SOURCES = frozenset(
    {"an amount of money", "a fine or sanction actually imposed", "a named enforcement or court case", "a future date or event", "a listing under US export or sanctions rules"}
)


def scenario_fact_refusal(question: str, top_text: str) -> str | None:
    """A refusal reason when every ask of a transaction question wants a fee, a fine or a court case, none a decision, and the passages lack it."""
    asks = _ask_sentences(question)
    if not asks or any(_DECISION_ASK.search(_PRICE_ASK.sub(" ", a)) for a in asks):  # "what should we charge" asks for a price, not a decision
        return None
    kinds = [[f for f in asked_facts(a) if f.label in _NEVER_IN_SOURCES] for a in asks]
    if not all(kinds):
        return None
    for fact in (f for found in kinds for f in found):
        if not fact.present.search(top_text):
            return f"The question asks for {fact.label}, and none of the sources here states one for this."
    return None


def refuse_by_evidence(
    question: str,
    results: list[ScoredChunk],
    best_similarity: float,
    strong_hint: bool,
    config: AnswerSettings,
    scenario: bool = False,
    this_year: int | None = None,
    named_source: bool = False,
) -> str | None:
    """A refusal reason when the evidence does not hold what the question asks for, or None.

    Two tests: the kind of fact asked for (a count, an amount, a duration, a fine, a case, a
    rate, a future or dated event) must occur in the best passages; and the passages must be
    about the question's subject (dense similarity, and the share of its content words they
    contain). For a scenario only the first test runs, on the sentences that ask, and only
    when the ask is not whether or how the sale may go ahead.
    """
    top = results[:5]
    top_text = "\n".join(r.chunk.text + "\n" + r.chunk.extra.get("context", "") for r in top)
    year = this_year or config.current_year or datetime.now(UTC).year
    if scenario:
        asks = " ".join(_ask_sentences(question))
        if _SALE_ASK.search(asks):
            return None
        return refuse_by_kind_of_fact(asks, top_text, year)
    reason = refuse_by_kind_of_fact(question, top_text, year)
    if reason:
        return reason
    if strong_hint:
        return None
    words = set(content_words(question))
    lower = top_text.lower()
    support = sum(1 for w in words if w in lower) / len(words) if words else 0.0
    if best_similarity < config.refusal_threshold:
        return "The retrieved passages are too far from the question to answer it from the sources."
    if support < config.lexical_support and best_similarity < config.refusal_threshold + config.support_margin and not named_source:
        return "Key terms of the question do not occur in the sources here."
    return None
