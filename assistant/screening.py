"""Screen party names against the sanctions listings in the index (Reg. 359/2011 Annex I).

Every chunk row whose `extra` carries `list` and `entry` is one listing entry
(long entries are split over several rows with the same locator). The name cell
is split into the primary name, the Persian-script name and each "a.k.a." alias;
each variant is normalised for Persian transliteration (ou/u/oo, kh/x, gh/q,
ei/ey, dh/z, doubled letters, hyphens, apostrophes, diacritics) and corporate
noise words are dropped when a distinctive token remains.

The score (0–100) is a weighted token alignment in both directions: every token
of the query is aligned with its best token of the listed name (and back),
weighted by how distinctive the token is — common given names, titles and
generic words ("Ali", "Mohammad", "Iran", "Police", "Security") weigh little, so
a common name alone is capped below the threshold and never gives a confident
hit. Latin input is compared with Latin names, Persian script with Persian names.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from assistant.search.store import load_index
from assistant.settings import Settings
from assistant.sources import document_path
from assistant.types import ScreeningHit

DEFAULT_THRESHOLD = 85.0
"""Hits at or above this score are returned. Calibrated on the Annex I listings:
true variants of listed names score 89–100, clean and common names at most 60."""

COMMON_ONLY_CAP = 60.0
# A one-word query matches a longer listed name only when it spells one of its words (after
# transliteration) almost exactly; otherwise it is capped like a common name.
SINGLE_TOKEN_MIN = 95.0
"""Highest score of a query made only of common or generic tokens ("Mohammad Ali")."""

QUOTE_CHARS = 400
MAX_QUERY_CHARS = 300

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_AKA_OPEN = re.compile(r"\(\s*a\.?\s?k\.?\s?a\b\.?\s*[:,]?\s*", re.IGNORECASE)
_AKA_BARE = re.compile(r"[,;]?\s*\ba\.?\s?k\.?\s?a\b\.?\s*[:,]?\s*", re.IGNORECASE)
_PERSIAN_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u200c]+(?:[\s\-]+[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u200c]+)*")
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
_QUOTES = "'’‘`´ʼʻ\"“”«»"

# Corporate noise: dropped for scoring while a distinctive token remains.
_NOISE_RAW = {
    "co", "company", "companies", "ltd", "llc", "limited", "corporation", "corp", "group", "institute",
    "foundation", "inc", "incorporated", "ag", "gmbh", "sa", "bv", "nv", "plc", "pjsc", "jsc", "srl", "spa",
    "fze", "fzco", "fzc", "fzllc", "llp", "lp", "sherkat", "the",
}
# Titles and ranks written into name cells: always dropped while another token remains.
_TITLES_RAW = {
    "dr", "mr", "mrs", "ms", "prof", "hojjatoleslam", "hojatoleslam", "hodjatoleslam", "ayatollah", "sheikh",
    "brigadier", "general", "colonel", "دکتر",
    "شرکت", "موسسه", "مؤسسه", "گروه", "بنیاد", "سهامی", "خاص", "عام", "مسئولیت", "محدود",
}
# Common given names, titles and generic words: low weight; a query of only these is capped.
_COMMON_RAW = {
    # given names and their usual spellings
    "mohammad", "mohammed", "muhammad", "mohamed", "mohamad", "ali", "hossein", "hussein", "husain", "hasan",
    "hassan", "reza", "ahmad", "ahmed", "mahmoud", "mahmud", "mehdi", "mahdi", "abbas", "hamid", "saeed", "said",
    "saeid", "majid", "morteza", "mortaza", "mostafa", "mustafa", "javad", "jafar", "jafari", "karim", "amir",
    "gholam", "abdollah", "abdullah", "ebrahim", "ibrahim", "esmail", "ismail", "masoud", "massoud", "mojtaba",
    "nasser", "naser", "rahim", "hadi", "yousef", "yusuf", "mohsen", "qasem", "ghasem", "kazem", "akbar",
    "asghar", "alireza", "mohammadreza", "hamidreza", "gholamreza", "gholamhossein", "fatemeh", "zahra",
    "maryam", "leila", "leyla", "hosseini", "mohammadi", "ahmadi", "rezaei", "karimi", "hashemi", "mousavi",
    "moussavi", "abdul", "abd", "mir", "zadeh", "zade", "pour", "nejad",
    # titles and honorifics
    "seyed", "seyyed", "sayed", "sayyed", "sayyid", "sayid", "haj", "hajj", "haji", "dr", "mr", "mrs", "ms",
    "sheikh", "hojjat", "hojatoleslam", "ayatollah", "al", "ol", "eslam", "islam", "brigadier", "general",
    "colonel", "major", "commander", "judge", "imam", "emam", "khomeini", "shahid", "hazrat", "bandar",
    # generic words of entity names
    "iran", "iranian", "islamic", "republic", "revolutionary", "revolution", "guard", "guards", "corps",
    "police", "force", "forces", "security", "cyber", "army", "ministry", "organisation", "organization",
    "center", "centre", "university", "tehran", "national", "international", "global", "trading", "trade",
    "industries", "industrial", "industry", "technology", "technologies", "tech", "electronics", "electronic",
    "systems", "system", "services", "service", "communications", "communication", "engineering", "commerce",
    "commercial", "municipality", "province", "provincial", "court", "prison", "prisons", "office",
    "department", "headquarters", "base", "media", "news", "agency", "bank", "holding", "and", "of", "for",
    "de", "intelligence", "law", "enforcement", "public", "state", "unit", "dubai", "emirates",
    "middle", "east", "digital", "network", "networks", "data", "smart", "vision", "video", "camera", "cameras",
    "central", "greater", "general", "penitentiary", "station", "city", "company", "group", "foundation", "institute",
    # institutional head nouns: a reporting body ("the UN Committee against Torture") is no match for a listed committee
    "committee", "council", "commission", "board", "tribunal", "directorate", "administration", "supreme", "torture",
    # Persian script
    "محمد", "علی", "علي", "حسین", "حسين", "حسن", "رضا", "احمد", "عباس", "مهدی", "حمید", "سعید", "مجید",
    "مرتضی", "مصطفی", "جواد", "جعفر", "کریم", "امیر", "غلام", "عبدالله", "ابراهیم", "اسماعیل", "مسعود",
    "سید", "سيد", "حاج", "دکتر", "ایران", "تهران", "پلیس", "سپاه",
}
_TRANSLIT = (
    ("kh", "x"), ("gh", "q"), ("dh", "z"), ("ph", "f"), ("sh", "$"), ("ch", "c"), ("zh", "j"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "ey"), ("ai", "ay"), ("w", "v"), ("$", "sh"),
)


# ------------------------------------------------------------------ normalisation


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_persian(text: str) -> bool:
    """True when `text` contains Arabic/Persian script."""
    return bool(_ARABIC.search(text))


_PERSIAN_LETTERS: dict[str, str | int | None] = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و"}
_PERSIAN_FOLD = str.maketrans(_PERSIAN_LETTERS)


def _norm_persian(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u200c", " ").replace("\u200d", "").replace("ـ", "")
    text = text.translate(_PERSIAN_FOLD)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^\w\s]", " ", text)


def _translit(token: str) -> str:
    for old, new in _TRANSLIT:
        token = token.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", token)  # doubled letters: Hossein/Hosein, Mohammad/Mohamad


def tokens(text: str, *, join_hyphens: bool = False) -> list[str]:
    """Normalised tokens of a name (Latin: transliteration-folded; Persian: letter-folded)."""
    if is_persian(text):
        return [t for t in _norm_persian(text).split() if t and not t.isdigit()]
    text = _strip_diacritics(text).casefold()
    for q in _QUOTES:
        text = text.replace(q, "")
    text = re.sub(r"\s*[-‐‑–]\s*", "" if join_hyphens else " ", text)
    text = re.sub(r"[^a-z0-9\s]", " ", text)
    return [_translit(t) for t in text.split() if t and not t.isdigit()]


_NOISE = {t for raw in _NOISE_RAW for t in tokens(raw)}
_TITLES = {t for raw in _TITLES_RAW for t in tokens(raw)}
_COMMON = {t for raw in _COMMON_RAW for t in tokens(raw)}


def _strip_noise(toks: list[str], common: frozenset[str] | set[str]) -> list[str]:
    """Drop titles (while a token remains) and corporate noise words (while a distinctive token remains)."""
    untitled = [t for t in toks if t not in _TITLES] or toks
    kept = [t for t in untitled if t not in _NOISE]
    if any(t not in common and len(t) >= 3 for t in kept):
        return kept
    return untitled


# ------------------------------------------------------------------ listing entries


@dataclass
class Variant:
    """One spelling of a listed name, tokenised (both hyphen treatments)."""

    text: str
    persian: bool
    token_sets: list[list[str]]


@dataclass
class Entry:
    """One sanctions listing entry, parsed from its chunk rows."""

    source_id: str
    locator: str
    name: str
    listed_on: str | None
    quote: str
    iranian: bool
    variants: list[Variant] = field(default_factory=list)
    born: str | None = None
    nationality: str | None = None


@dataclass
class _Listing:
    entries: list[Entry]
    df: Counter[str]


def _aka_groups(cell: str) -> tuple[str, list[str]]:
    """Remove every "(a.k.a. …)" group (nested parentheses allowed); return the rest and the groups."""
    groups: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(cell):
        m = _AKA_OPEN.match(cell, i)
        if m:
            depth, j = 1, m.end()
            while j < len(cell) and depth:
                depth += {"(": 1, ")": -1}.get(cell[j], 0)
                j += 1
            groups.append(cell[m.end() : j - 1 if depth == 0 else j])
            out.append(" ")
            i = j
            continue
        out.append(cell[i])
        i += 1
    return "".join(out), groups


def _script_runs(text: str) -> list[str]:
    """The Latin part and the Persian part of a name segment."""
    persian = " ".join(_PERSIAN_RUN.findall(text))
    latin = _PERSIAN_RUN.sub(" ", text)
    latin = re.sub(r"\(\s*\)", " ", latin)
    latin = " ".join(latin.split()).strip(" ,;-")
    if latin.count("(") != latin.count(")"):
        latin = latin.strip("()")
    return [part for part in (latin, persian) if part]


def split_names(cell: str) -> list[str]:
    """The primary name, the Persian-script name and each a.k.a. alias of a name cell."""
    base, groups = _aka_groups(cell)
    segments = _AKA_BARE.split(base)
    primary, alias_texts = segments[0], [*segments[1:], *groups]
    names = _script_runs(primary)
    for text in alias_texts:
        for part in re.split(r"[;,]", text):
            part = part.strip(" " + _QUOTES)
            part = re.sub(r"^(?:and|or)\s+", "", part).strip()
            names.extend(_script_runs(part))
    unique: list[str] = []
    for name in names:
        name = name.strip(" " + _QUOTES)
        if name and name not in unique and tokens(name):
            unique.append(name)
    return unique


def _reasons_from_lines(text: str, name: str) -> str | None:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2 or lines[0] != name:
        return None
    if _DATE.match(lines[-1]):
        lines = lines[:-1]
    if len(lines) < 2:
        return None
    return lines[-1]


@lru_cache(maxsize=8)
def _table_rows(path: str, mtime: float) -> dict[tuple[str, str], list[str]]:
    """Annex table rows of a Markdown file keyed by (entry number, name cell)."""
    rows: dict[tuple[str, str], list[str]] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return rows
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4:
            m = re.match(r"^(\d+)\.?$", cells[0])
            if m:
                rows[(m.group(1), cells[1])] = cells
    return rows


def _reasons_from_file(settings: Settings, file_key: str, entry: str, name: str) -> str | None:

    path = document_path(settings, file_key)
    if path is None or path.suffix.lower() not in {".md", ".markdown", ".txt"}:
        return None
    cells = _table_rows(str(path), path.stat().st_mtime).get((entry, name))
    if not cells:
        return None
    body = [c for c in cells[2:] if c]
    if body and _DATE.match(body[-1]):
        body = body[:-1]
    return body[-1] if body else None


def trim_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` whitespace-collapsed, cut at a word boundary to at most `limit` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:")


def _entry_from_rows(settings: Settings, rows: list[dict[str, Any]]) -> Entry:
    first = rows[0]
    extra = first.get("extra") or {}
    text = "\n".join(r.get("text", "") for r in rows)
    name = (extra.get("name") or first.get("text", "").split("\n", 1)[0]).strip()
    reasons = _reasons_from_lines(first.get("text", ""), name) if len(rows) == 1 else None
    if reasons is None:
        reasons = _reasons_from_file(settings, first.get("file", ""), str(extra.get("entry", "")), name)
    if reasons is None:  # fall back to the entry text without its name and listing date
        body = re.sub(r"\s+", " ", text).strip()
        body = body[len(name):].strip() if body.startswith(name) else body
        reasons = re.sub(r"\s*\d{1,2}\.\d{1,2}\.\d{4}$", "", body)
    listed = extra.get("listed_on") or None
    variants = []
    for variant in split_names(name):
        persian = is_persian(variant)
        sets = [tokens(variant), tokens(variant, join_hyphens=True)]
        sets = [s for i, s in enumerate(sets) if s and s not in sets[:i]]
        if sets:
            variants.append(Variant(variant, persian, sets))
    iranian = bool(re.search(r"\bIran(ian)?\b|ایران", text))
    born = re.search(r"\bDOB:\s*(?:\d{1,2}[./]\d{1,2}[./])?(\d{4})\b", text)  # a listed person's year of birth
    nationality = re.search(r"\bNationality:\s*([A-Z][a-z]+)\b", text)  # a listed person's nationality ("Nationality: Iranian")
    return Entry(
        source_id=str(first.get("source_id", "")),
        locator=str(first.get("locator", "")),
        name=name,
        listed_on=listed,
        quote=trim_quote(reasons),
        iranian=iranian,
        variants=variants,
        born=born.group(1) if born else None,
        nationality=nationality.group(1) if nationality else None,
    )


_CACHE: dict[tuple[str, str, str], _Listing] = {}
_CACHE_LOCK = threading.Lock()


def _chunk_order(row: dict[str, Any]) -> int:
    tail = str(row.get("chunk_id", "")).rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def load_listing(settings: Settings) -> list[Entry]:
    """The parsed sanctions entries of the active index, cached per build."""
    return _listing(settings).entries


def _listing(settings: Settings) -> _Listing:
    loaded = load_index(settings)
    key = (str(settings.index_dir), settings.chroma_url, loaded.state.build_id)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in loaded.rows:
            extra = row.get("extra") or {}
            if extra.get("list") and extra.get("entry"):
                groups.setdefault((row.get("source_id", ""), row.get("locator", "")), []).append(row)
        entries = [_entry_from_rows(settings, sorted(rows, key=_chunk_order)) for rows in groups.values()]
        df: Counter[str] = Counter()
        for entry in entries:
            df.update({t for v in entry.variants for s in v.token_sets for t in s})
        listing = _Listing(entries, df)
        for stale in [k for k in _CACHE if k[:2] == key[:2]]:
            del _CACHE[stale]
        _CACHE[key] = listing
        return listing


# ------------------------------------------------------------------ scoring


def _weight(token: str, df: Counter[str]) -> float:
    if token in _COMMON:
        return 0.15
    if len(token) <= 2:
        return 0.1
    count = df.get(token, 0) or _variant_count(token, df)
    if count >= 6:
        return 0.3
    return 1.0


_FREQUENT_CACHE: dict[int, list[tuple[str, int]]] = {}


def _variant_count(token: str, df: Counter[str]) -> int:
    """How often a near spelling of `token` occurs in the listing: "Centraal" is as common as "Central"."""
    if len(token) < 5 or not df:
        return 0
    frequent = _FREQUENT_CACHE.get(id(df))
    if frequent is None:
        frequent = [(t, n) for t, n in df.items() if n >= 6 and len(t) >= 5]
        _FREQUENT_CACHE[id(df)] = frequent
    return max((n for t, n in frequent if abs(len(t) - len(token)) <= 2 and fuzz.ratio(t, token) >= 85), default=0)


def _distinctive(token: str, df: Counter[str]) -> bool:
    return len(token) >= 4 and _weight(token, df) >= 1.0


def _token_sim(a: str, b: str) -> float:
    if a == b:
        return 100.0
    if min(len(a), len(b)) <= 3:  # short tokens must match exactly ("ali" is not "alir")
        return 0.0
    sim = fuzz.ratio(a, b)
    if len(a) >= 6 and len(b) >= 6:  # partial match of long tokens (joined names)
        sim = max(sim, 0.9 * fuzz.partial_ratio(a, b))
    return sim if sim >= 75 else 0.6 * sim


def _coverage(src: list[str], dst: list[str], df: Counter[str]) -> float:
    total = 0.0
    weight_sum = 0.0
    for token in src:
        sim = max((_token_sim(token, other) for other in dst), default=0.0)
        weight = _weight(token, df)
        if sim < 60:  # an unmatched given name is evidence of a different person
            weight = max(weight, 0.5)
        total += weight * sim
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def _pair_score(query: list[str], name: list[str], df: Counter[str]) -> tuple[float, bool]:
    """Score of two token lists, and whether the query covers the whole name (and back)."""
    if not query or not name:
        return 0.0, False
    q_cov = _coverage(query, name, df)
    n_cov = _coverage(name, query, df)
    score = 0.75 * q_cov + 0.25 * n_cov
    # whole-string comparisons catch joined or split names ("Hamidreza" / "Hamid Reza");
    # they count only when nearly identical, or common tokens would dominate them
    for whole in (fuzz.token_sort_ratio(" ".join(query), " ".join(name)), fuzz.ratio("".join(query), "".join(name))):
        if whole >= 90:
            score = max(score, whole)
    full = len(query) >= 2 and min(q_cov, n_cov) >= 95
    return score, full


def score_name(query: str, entry: Entry, df: Counter[str] | None = None) -> tuple[float, str]:
    """Best score of `query` against the entry's name variants, and the variant that gave it."""
    df = df if df is not None else Counter()
    best, best_variant = 0.0, entry.name
    # a query mixing scripts ("Radis Vira Tejarat Co شرکت رادیس ویرا تجارت") is scored part by part
    parts = _script_runs(query) if is_persian(query) else [query]
    for part in parts:
        score, variant = _score_part(part, entry, df)
        if score > best:
            best, best_variant = score, variant
    return best, best_variant


def _score_part(query: str, entry: Entry, df: Counter[str]) -> tuple[float, str]:
    persian = is_persian(query)
    query_sets = [tokens(query), tokens(query, join_hyphens=True)]
    best, best_variant = 0.0, entry.name
    for variant in entry.variants:
        if variant.persian != persian:
            continue
        for q_toks in query_sets:
            q = _strip_noise(q_toks, _COMMON)
            if not q:
                continue
            for n_toks in variant.token_sets:
                n = _strip_noise(n_toks, _COMMON)
                score, full = _pair_score(q, n, df)
                if not full and not any(_distinctive(t, df) for t in q):
                    score = min(score, COMMON_ONLY_CAP)
                if len(q) == 1 and max(_token_sim(q[0], t) for t in n) < SINGLE_TOKEN_MIN:
                    score = min(score, COMMON_ONLY_CAP)  # one loosely spelled word ("Centraal") is not a listed name
                if len(q) == 1 and _half_of_compound(q[0], variant.text):
                    score = min(score, COMMON_ONLY_CAP)  # "Azad" alone is not "Movahedi-Azad": one half of a joined surname
                if score > best:
                    best, best_variant = score, variant.text
    return best, best_variant


def _half_of_compound(token: str, name: str) -> bool:
    """Whether `token` is only one part of a hyphenated word of `name` ("azad" in "MOVAHEDI-AZAD")."""
    for word in re.findall(r"[^\W_]+(?:-[^\W_]+)+", _strip_diacritics(name).lower()):
        if token in word.split("-"):
            return True
    return False


def _country_adjust(score: float, entry: Entry, country: str | None) -> float:
    if not country or score <= 0:
        return score
    code = country.strip().upper()
    if entry.iranian:
        score += 3.0 if code == "IR" else -3.0
    return max(0.0, min(100.0, score))


def screen(
    name: str,
    settings: Settings,
    country: str | None = None,
    threshold: float | None = None,
) -> list[ScreeningHit]:
    """Listed parties whose name matches `name`, best first (score 0–100, at or above `threshold`)."""
    query = re.sub(r"\s+", " ", (name or "")).strip()[:MAX_QUERY_CHARS]
    if not query or not tokens(query):
        return []
    limit = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    listing = _listing(settings)
    hits: list[ScreeningHit] = []
    for entry in listing.entries:
        score, _variant = score_name(query, entry, listing.df)
        score = round(_country_adjust(score, entry, country), 1)
        if score >= limit and score > 0:
            hits.append(
                ScreeningHit(
                    query=query,
                    name=entry.name,
                    score=score,
                    source_id=entry.source_id,
                    locator=entry.locator,
                    listed_on=entry.listed_on,
                    quote=entry.quote,
                    born=entry.born,
                    nationality=entry.nationality,
                )
            )
    hits.sort(key=lambda h: (-h.score, h.locator))
    return hits


def screen_parties(parties: list[str], settings: Settings, country: str | None = None) -> list[ScreeningHit]:
    """Screen every named party; one hit per listing entry (its best), best first."""
    best: dict[tuple[str, str], ScreeningHit] = {}
    for party in parties:
        if not party or not party.strip():
            continue
        for hit in screen(party, settings, country=country):
            key = (hit.source_id, hit.locator)
            if key not in best or hit.score > best[key].score:
                best[key] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.locator))


def explain(query: str, settings: Settings, top: int = 5) -> list[tuple[float, str, str]]:
    """The `top` best scores for `query` whatever the threshold (for calibration and debugging)."""
    listing = _listing(settings)
    scored = []
    for entry in listing.entries:
        score, variant = score_name(query, entry, listing.df)
        scored.append((round(score, 1), entry.locator, variant))
    scored.sort(key=lambda s: -s[0])
    return scored[:top]


__all__ = [
    "DEFAULT_THRESHOLD",
    "Entry",
    "explain",
    "is_persian",
    "load_listing",
    "screen",
    "screen_parties",
    "split_names",
    "tokens",
    "trim_quote",
]

