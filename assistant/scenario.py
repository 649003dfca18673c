"""Deterministic scenario understanding: facts of a sale from the question and earlier turns.

Follow-ups change only the facts they mention: "and if the buyer were a mall?"
replaces the buyer and keeps product, destination and the rest; "also with
facial recognition" adds to what was there.
"""

from __future__ import annotations

import re

from assistant.types import Scenario, Turn
from assistant.vocab import EU_CODES

_W = r"(?<![\w-])"
_E = r"(?![\w])"


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile(_W + "(?:" + "|".join(words) + ")" + _E, re.IGNORECASE)


PRODUCT_PATTERNS: dict[str, re.Pattern[str]] = {
    "thermal_camera": _rx(r"thermal(?:[- ]imaging)?(?: cameras?| imagers?| sensors?)?", r"thermographic", r"infra-?red cameras?"),
    "night_vision": _rx(r"night[- ]vision", r"image[- ]intensifier(?: tubes?)?"),
    "ptz_camera": _rx(r"ptz(?: cameras?)?", r"pan[- ]tilt[- ]zoom"),
    "anpr_camera": _rx(r"anpr", r"alpr", r"lpr", r"(?:number|licen[cs]e)[- ]plate(?: recognition| readers?| cameras?)?"),
    "body_worn_camera": _rx(r"body[- ]worn(?: cameras?)?", r"body ?cams?"),
    "vms": _rx(r"vms", r"video[- ]management(?: software| systems?| platform)?"),
    "video_analytics": _rx(r"(?:video |ai |smart )?analytics", r"smart cameras?", r"ai cameras?"),
    "facial_recognition_software": _rx(r"(?:facial|face)[- ]recognition (?:software|module|platform|licen[cs]es?|system|solution|analytics)"),
    "cloud_video": _rx(r"cloud(?: video| recording| platform| service| storage)?", r"vsaas"),
    "camera_chips": _rx(r"chips?(?:sets?)?", r"socs?", r"image sensors?", r"camera modules?", r"oem"),
    "network_interception": _rx(r"deep packet inspection", r"dpi", r"lawful intercept(?:ion)?", r"interception (?:system|equipment|platform)", r"imsi catchers?"),
    "drone": _rx(r"drones?", r"uavs?"),
    "fixed_camera": _rx(r"cctv(?: cameras?| systems?)?", r"ip cameras?", r"(?:dome|bullet|fixed|security|surveillance|network|video) cameras?", r"cameras?"),
}

CAPABILITY_PATTERNS: dict[str, re.Pattern[str]] = {
    "facial_recognition": _rx(r"(?:facial|face)[- ](?:recognition|matching|identification|search)", r"biometric identification", r"face ?id"),
    "thermal_imaging": _rx(r"thermal(?:[- ]imaging)?", r"thermographic", r"infra-?red imaging"),
    "night_vision": _rx(r"night[- ]vision", r"image[- ]intensifier"),
    "anpr": _rx(r"anpr", r"alpr", r"(?:number|licen[cs]e)[- ]plate"),
    "ethnicity_analytics": _rx(r"ethnic(?:ity)?(?: detection| analytics| classification| recognition)?", r"uyghur", r"race (?:detection|classification)", r"skin colou?r"),
    "emotion_recognition": _rx(r"emotion(?:al)? (?:recognition|detection|analysis)"),
    "biometric_categorisation": _rx(r"biometric categori[sz]ation", r"gender (?:detection|classification|recognition)", r"hijab detection", r"veil(?:ed)? detection", r"(?:head ?scarf|headscarves) detection"),
    "gait_recognition": _rx(r"gait (?:recognition|analysis)"),
    "crowd_analytics": _rx(r"crowd (?:analytics|counting|monitoring|detection|density)"),
    "video_analytics": _rx(r"analytics", r"object detection", r"people counting", r"behaviou?r(?:al)? analysis"),
    "remote_access": _rx(r"remote (?:access|maintenance|support|management|monitoring)", r"(?:firmware|software|security) updates?", r"over[- ]the[- ]air", r"updates", r"patch(?:es|ing)?"),
    "cloud_storage": _rx(r"cloud"),
    "audio_recording": _rx(r"audio(?: recording)?", r"microphones?"),
    "interception": _rx(r"intercept(?:ion|ing)?", r"deep packet", r"monitoring of (?:internet|telephone|communications)"),
    "covert": _rx(r"covert", r"hidden cameras?", r"pinhole"),
}

END_USER_PATTERNS: dict[str, re.Pattern[str]] = {
    "police": _rx(r"police", r"law[- ]enforcement", r"lef", r"faraja", r"naja", r"gasht-?e ershad", r"morality patrols?"),
    "security_service": _rx(r"intelligence(?: ministry| service| agency)?", r"security (?:service|forces|agency|agencies)", r"mois", r"secret service"),
    "military": _rx(r"military", r"army", r"armed forces", r"irgc", r"revolutionary guards?(?: corps)?", r"basij", r"defen[cs]e ministry", r"ministry of defen[cs]e"),
    "government": _rx(r"government", r"ministry", r"state agency", r"public (?:body|authority|agency)", r"state-owned"),
    "prison": _rx(r"prisons?", r"detention (?:centres?|centers?|facility)", r"penitentiar(?:y|ies)"),
    "municipality": _rx(r"municipal(?:ity)?", r"city (?:council|hall|administration)", r"smart city", r"mayor"),
    "transport": _rx(r"metro", r"subway", r"public transport", r"bus (?:operator|company)", r"railways?", r"airports?"),
    "university": _rx(r"universit(?:y|ies)", r"campus", r"schools?", r"college"),
    "commercial": _rx(r"(?:shopping )?malls?", r"retail(?:er|ers)?", r"supermarkets?", r"hotels?", r"shops?", r"stores?", r"office (?:building|park)", r"factory", r"warehouse", r"banks?"),
    "telecom": _rx(r"telecoms?(?: operator)?", r"mobile operator", r"isps?", r"internet service provider"),
    "private": _rx(r"homeowners?", r"residential", r"private (?:individual|person|customer)s?"),
    "intermediary": _rx(r"distributors?", r"resellers?", r"integrators?", r"trading (?:company|firm|house)", r"wholesalers?", r"importers?", r"dealers?", r"agents?"),
}

SELLER_PATTERNS: dict[str, re.Pattern[str]] = {
    "investor": re.compile(r"\b(?:we|our (?:fund|firm|bank)|i)\b[^.?!]{0,40}\b(?:invest|investor|stake|shareholding|portfolio|fund|financ|lend|asset manager)", re.IGNORECASE),
    "component_supplier": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,40}\b(?:supply|sell|make|manufacture|design)\b[^.?!]{0,30}\b(?:chips?|socs?|image sensors?|components?|modules?)", re.IGNORECASE),
    "integrator": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:integrator|install|integrate)", re.IGNORECASE),
    "distributor": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:distributor|distribute|reseller|resell|wholesal)", re.IGNORECASE),
    "service_provider": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,30}\b(?:maintenance|servic(?:e|ing) (?:provider|contract)|cloud provider|host)", re.IGNORECASE),
    "maker": re.compile(r"\b(?:we|our company|i)\b[^.?!]{0,40}\b(?:manufactur|maker|produce|make|build|develop)|\bour (?:own )?(?:cameras?|products?|systems?|software)\b", re.IGNORECASE),
}

STAGE_PATTERNS: dict[str, re.Pattern[str]] = {
    "misuse_discovered": _rx(r"misuse[sd]?", r"(?:is|are|being|been) used (?:to|for|against)", r"reports? (?:say|show|suggest)", r"allegations?", r"found out", r"discovered", r"journalists?", r"news (?:report|article)s?", r"ngo report"),
    "investment": _rx(r"invest(?:ing|ment|or)?", r"stake", r"portfolio", r"shareholders?", r"fund(?:ing)?", r"financ(?:e|ing)", r"loan"),
    "after_sale": _rx(r"already (?:sold|delivered|installed|shipped)", r"installed base", r"servic(?:e|ing) contract", r"maintenance(?: contract)?", r"(?:firmware|software) updates?", r"renew(?:al)?", r"after[- ]sales?", r"support contract", r"spare parts"),
    "delivery": _rx(r"ship(?:ping|ment)?", r"deliver(?:y|ing)?", r"installation"),
    "contracting": _rx(r"contract", r"sign(?:ing)?", r"purchase order"),
    "pre_contract": _rx(r"enquiry", r"inquiry", r"tender", r"quot(?:e|ation)", r"offer", r"negotiat\w*", r"prospective", r"potential (?:customer|buyer|client|deal|order)", r"wants? to (?:buy|order|purchase)", r"asked (?:us|for)", r"request for", r"rfq", r"should we", r"can we (?:sell|supply|ship|export)", r"may we", r"considering"),
}

COUNTRIES: dict[str, str] = {
    "iran": "IR", "iranian": "IR", "tehran": "IR", "isfahan": "IR", "esfahan": "IR", "mashhad": "IR", "shiraz": "IR", "tabriz": "IR", "qom": "IR",
    "uae": "AE", "united arab emirates": "AE", "dubai": "AE", "abu dhabi": "AE", "emirati": "AE", "sharjah": "AE",
    "china": "CN", "chinese": "CN", "hong kong": "HK", "russia": "RU", "russian": "RU", "turkey": "TR", "türkiye": "TR", "turkish": "TR",
    "iraq": "IQ", "iraqi": "IQ", "oman": "OM", "armenia": "AM", "azerbaijan": "AZ", "afghanistan": "AF", "pakistan": "PK",
    "qatar": "QA", "saudi arabia": "SA", "saudi": "SA", "egypt": "EG", "belarus": "BY", "myanmar": "MM", "syria": "SY",
    "venezuela": "VE", "israel": "IL", "india": "IN", "kazakhstan": "KZ", "turkmenistan": "TM", "lebanon": "LB",
    "germany": "DE", "german": "DE", "netherlands": "NL", "dutch": "NL", "france": "FR", "french": "FR", "italy": "IT", "italian": "IT",
    "spain": "ES", "spanish": "ES", "belgium": "BE", "belgian": "BE", "sweden": "SE", "swedish": "SE", "denmark": "DK", "danish": "DK",
    "poland": "PL", "polish": "PL", "austria": "AT", "austrian": "AT", "finland": "FI", "ireland": "IE", "portugal": "PT", "czech": "CZ",
    "greece": "GR", "hungary": "HU", "romania": "RO", "luxembourg": "LU",
    "united states": "US", "usa": "US", "american": "US", "united kingdom": "GB", "uk": "GB", "britain": "GB", "british": "GB",
    "switzerland": "CH", "swiss": "CH", "norway": "NO", "norwegian": "NO", "japan": "JP", "south korea": "KR", "korea": "KR",
}
_COUNTRY_RX = re.compile(r"(?<![\w])(" + "|".join(sorted((re.escape(k) for k in COUNTRIES), key=len, reverse=True)) + r")(?![\w])", re.IGNORECASE)
_TRANSIT_BEFORE = re.compile(r"(?:via|through|transit(?:ing)?|trans-?ship\w*|routed|re-?export\w* (?:from|via)|hub in|intermediary in|distributor in|reseller in|partner in)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
_ORIGIN_BEFORE = re.compile(r"(?:from|based in|headquartered in|established in|registered in|we are an?|we're an?|our company is an?|located in)\s+(?:the\s+)?(?:\w+\s+){0,1}$", re.IGNORECASE)
_ORIGIN_AFTER = re.compile(r"^\s*(?:-based\s+)?(?:manufacturer|maker|company|firm|producer|vendor|exporter|investor|fund|bank|integrator)\b", re.IGNORECASE)
_ADDITIVE = re.compile(r"\b(?:also|too|as well|additionally|in addition|plus|and also)\b", re.IGNORECASE)
_FOLLOWUP = re.compile(r"^\s*(?:and|what|but|how)\s+(?:if|about)\b|\binstead\b|^\s*(?:and|but)\b|\bsame (?:deal|sale|case|scenario)\b", re.IGNORECASE)
_SCENARIO_CUES = re.compile(
    r"\b(?:we|our|us|i)\b[^.?!]{0,60}\b(?:sell|sold|supply|supplied|ship|export|deliver|install|offer|quot|invest|maintain|servic|updat|distribut|manufactur|receiv|got|have|had|hold|own|financ|lend|train|provid|integrat)\w*"
    r"|\b(?:should|can|may|must|do) (?:we|i)\b|\basked us\b|\bwants? to (?:buy|order|purchase|acquire)\b"
    r"|\b(?:customer|client|buyer|end[- ]user|order|deal|tender|contract|enquiry|inquiry|consignee|reseller|distributor|integrator|importer)s?\b",
    re.IGNORECASE,
)
_PARTY_SUFFIX = r"(?:Co\.?|Company|Ltd\.?|LLC|L\.L\.C\.|FZE|FZCO|GmbH|BV|B\.V\.|SA|S\.A\.|AG|Inc\.?|Corp\.?|Corporation|Group|Trading|Technologies|Technology|Tech|Industries|Institute|Foundation|Holding|Holdings|Engineering|Systems|Security|Solutions)"
_PARTY_RX = re.compile(r"\b((?:[A-Z][\w'’\-]+\s+){0,4}[A-Z][\w'’\-]+\s+" + _PARTY_SUFFIX + r")(?![\w])")
_QUOTED = re.compile(r"[\"“”‘’']([^\"“”‘’']{3,80})[\"“”‘’']")
_CAPS_SEQ = re.compile(r"\b([A-Z][a-z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|al|el|e|va|de|of|for)){1,4})\b")
_NAMED_AFTER = re.compile(r"\b(?:called|named|company|firm|customer|buyer|distributor|reseller|consignee|partner|end user|end-user|client)\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,4})")
_NOT_PARTY = frozenset(
    ["Article", "Annex", "Regulation", "Directive", "Principle", "Principles", "Guiding", "United", "Nations", "European", "Union", "Council", "Commission", "Parliament", "OECD", "UN", "EU", "We", "Our", "If", "And", "What", "Which", "Should", "Could", "Would", "Can", "May", "Is", "Are", "Do", "Does", "The", "A", "An", "In", "On", "For", "To", "From", "With", "Without", "Under", "Also", "But", "Then", "Now", "Our", "Please", "How", "Iran", "Iranian", "Dubai", "Tehran", "Germany", "China", "Chinese", "UAE", "Emirates", "Arab", "Russia", "Turkey", "Netherlands", "Europe", "European", "AI", "Act", "CSDDD", "UNGPs", "UNGP", "Reg", "Guidance", "Guidelines", "Police", "Ministry", "Mall", "University", "Prison", "Municipality", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Hikvision", "Dahua", "Bosch", "Axis", "Milestone", "Tiandy", "Uniview", "Hanwha"]
)


def _find(patterns: dict[str, re.Pattern[str]], text: str) -> list[str]:
    return [name for name, rx in patterns.items() if rx.search(text)]


def _countries(text: str) -> tuple[list[str], list[str], list[str]]:
    """(destinations, transit, origins) mentioned in the text."""
    dest: list[str] = []
    transit: list[str] = []
    origin: list[str] = []
    for match in _COUNTRY_RX.finditer(text):
        code = COUNTRIES[match.group(1).lower()]
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 30]
        if _TRANSIT_BEFORE.search(before):
            bucket = transit
        elif _ORIGIN_BEFORE.search(before) or (_ORIGIN_AFTER.match(after) and re.search(r"\b(?:we|our|i)\b", before + after, re.IGNORECASE)):
            bucket = origin
        else:
            bucket = dest
        if code not in bucket:
            bucket.append(code)
    if re.search(r"\b(?:re-?export|onward|resell|re-?sell|forward)\w*\b", text, re.IGNORECASE) and len(dest) > 1:
        for code in list(dest):
            if code != dest[-1] and code not in ("IR",) and code not in transit:
                transit.append(code)
                dest.remove(code)
    for code in transit:
        if code in dest:
            dest.remove(code)
    return dest, transit, origin


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


def extract_parties(text: str) -> list[str]:
    """Names of companies, bodies or people mentioned, for sanctions screening.

    Names in a "Named parties:" line (the web form's field) are taken as typed,
    split on commas; the form's field labels are never taken for names.
    """
    given, text = form_parties(text)
    text = _FORM_LABEL.sub(";", _FORM_NON_PARTY.sub(";", text))
    found: list[str] = []

    def add(name: str) -> None:
        name = re.sub(r"\s+", " ", name).strip(" .,;:")
        words = name.split()
        while words and words[0] in _NOT_PARTY:
            words = words[1:]
        name = " ".join(words)
        if len(name) >= 4 and name not in found and not all(w in _NOT_PARTY for w in name.split()):
            found.append(name)

    for match in _QUOTED.finditer(text):
        add(match.group(1))
    for rx in (_PARTY_RX, _NAMED_AFTER):
        for match in rx.finditer(text):
            add(match.group(1))
    for match in _CAPS_SEQ.finditer(text):
        candidate = match.group(1)
        if not all(w in _NOT_PARTY or w.lower() in COUNTRIES or (w.isupper() and len(w) <= 5) for w in candidate.split()):
            add(candidate)
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{5,})\b", text):
        word = match.group(1)
        if word not in _NOT_PARTY and word.lower() not in COUNTRIES and not any(word in f for f in found):
            add(word)
    guessed = [f for f in found if not any(f != g and f in g for g in found) and not any(f in g for g in given)]
    return (given + guessed)[:8] if given else guessed[:8]


def parse_text(text: str) -> Scenario:
    """Facts mentioned in one piece of text (no history)."""
    products = _find(PRODUCT_PATTERNS, text)
    if len(products) > 1 and "fixed_camera" in products and not re.search(r"\b(?:cctv|ip cameras?|dome|bullet|fixed)\b", text, re.IGNORECASE):
        products.remove("fixed_camera")
    capabilities = _find(CAPABILITY_PATTERNS, text)
    if "thermal_camera" in products and "thermal_imaging" not in capabilities:
        capabilities.append("thermal_imaging")
    end_users = _find(END_USER_PATTERNS, text)
    seller = next((role for role, rx in SELLER_PATTERNS.items() if rx.search(text)), None)
    if seller == "distributor" or seller == "integrator":
        own = re.search(r"\b(?:we|i)\b[^.?!]{0,20}\b(?:are|am)\b[^.?!]{0,10}\b(?:distributor|integrator|reseller)", text, re.IGNORECASE)
        if own and "intermediary" in end_users and len(re.findall(r"distributor|integrator|reseller", text, re.IGNORECASE)) < 2:
            end_users.remove("intermediary")
    stages = _find(STAGE_PATTERNS, text)
    if "investment" in stages and seller != "investor":
        stages.remove("investment")
    stage = stages[0] if stages else None
    dest, transit, origin = _countries(text)
    company_in_eu: bool | None = None
    if origin:
        company_in_eu = any(c in EU_CODES for c in origin)
    elif re.search(r"\b(?:EU|European)[- ](?:based|company|manufacturer|maker|exporter|firm)\b|\bbased in the EU\b", text):
        company_in_eu = True
    buyer_match = re.search(r"\b(?:to|for|buyer is|customer is|client is|end[- ]user is)\s+(?:an?|the)\s+([\w\s'’-]{3,60}?)(?:\s+in\s+[A-Z]\w+|[,.?;]|$)", text)
    buyer = buyer_match.group(1).strip() if buyer_match and end_users else None
    return Scenario(
        products=products,
        capabilities=capabilities,
        seller_role=seller,
        buyer=buyer,
        end_user=None,
        end_user_types=end_users,
        destinations=dest,
        transit=transit,
        parties=extract_parties(text),
        stage=stage,
        company_in_eu=company_in_eu,
        is_scenario=(bool(_SCENARIO_CUES.search(text)) and bool(products or capabilities or end_users or dest))
        or bool((products or capabilities) and (end_users or dest) and re.search(r"\b(?:we|us|our)\b", text, re.IGNORECASE)),
    )


def _merge(base: Scenario, new: Scenario, text: str) -> Scenario:
    additive = bool(_ADDITIVE.search(text))
    merged = base.model_copy(deep=True)
    for name in ("products", "capabilities", "end_user_types", "destinations", "transit", "parties"):
        values = getattr(new, name)
        if not values:
            continue
        current = getattr(merged, name)
        setattr(merged, name, list(dict.fromkeys(current + values)) if additive else list(values))
    if new.end_user_types and not additive:
        merged.buyer = new.buyer
    if new.destinations and not additive:
        merged.transit = list(new.transit)
    for name in ("seller_role", "stage", "company_in_eu", "buyer"):
        value = getattr(new, name)
        if value is not None:
            setattr(merged, name, value)
    merged.is_scenario = base.is_scenario or new.is_scenario
    return merged


def understand(question: str, history: list[Turn] | None = None) -> Scenario:
    """Parse the scenario from earlier user turns and the question; say what is missing."""
    scenario = Scenario()
    turns = [t.content for t in (history or []) if t.role == "user"] + [question]
    for n, text in enumerate(turns):
        parsed = parse_text(text)
        if n == 0:
            scenario = parsed
        else:
            if scenario.is_scenario and (_FOLLOWUP.search(text) or len(text) < 160):
                parsed.is_scenario = True
            scenario = _merge(scenario, parsed, text)
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
        missing.append("analytics and connectivity: facial recognition, other biometric or sensitive-trait analytics, remote access or cloud")
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
