"""Text shared by the web page and the memos: labels, Markdown sanitising, fact lists.

Kept apart from the page renderer (`assistant.web.ui`) so that memo export
(`assistant.web.memo`, used by the CLI and the workshop too) needs nothing of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import vocab
from assistant.answer.decide import VERDICT_LABELS
from assistant.answer.gates import REFUSAL_HEADLINE as _HEADLINE
from assistant.types import Answer, ObligationHit

REFUSAL_HEADLINE = _HEADLINE.rstrip(".")  # the pages and memos add their own full stop
RELATED_LABEL = "related — not an answer"
GROUP_HEADINGS: dict[str, str] = {
    "law": "The law requires",
    "standards": "Standards expect",
    "red-flags": "Red flags",
}

_LOCAL_URL = re.compile(r"^(?:#[A-Za-z0-9_-]+|/source/[^\s\\]*)$")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_REF_DEF = re.compile(r"^( {0,3})\[([^\]]+)\]:", re.MULTILINE)
_BARE_URL = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s`<>]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _url_is_local(url: str) -> bool:
    url = url.strip().strip("<>").split(" ", 1)[0]
    return bool(_LOCAL_URL.match(url)) and "//" not in url and ".." not in url


def sanitize_markdown(text: str, *, escape_amp: bool = True) -> str:
    """Make untrusted Markdown inert: no raw HTML, no images, no links off this server.

    Raw HTML is escaped, images become their alt text, links to anything but an
    in-page anchor or a `/source/` document become their text, reference
    definitions and bare URLs are neutralised (bare URLs become code spans so no
    renderer turns them into links).
    """
    text = _CONTROL.sub("", text or "")
    if escape_amp:
        text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;")
    previous = None
    while previous != text:
        previous = text
        text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(0) if _url_is_local(m.group(2)) else m.group(1), text)
    text = _REF_DEF.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}\\]:", text)
    text = text.replace("![", "!\\[")
    text = re.sub(r"\]\((?![#/])", r"]\\(", text)
    text = re.sub(r"\]\(/(?!source/)", r"]\\(/", text)

    def _code(match: re.Match[str]) -> str:
        url = match.group(0)
        return "`" + url.replace("`", "%60") + "`"

    return _BARE_URL.sub(_code, text)


def group_obligations(obligations: Sequence[ObligationHit]) -> dict[str, list[ObligationHit]]:
    """Obligations by checklist group, in the fixed group order."""
    grouped: dict[str, list[ObligationHit]] = {g: [] for g in GROUP_HEADINGS}
    for hit in obligations:
        grouped.setdefault(hit.group, []).append(hit)
    return grouped


def scenario_facts(answer: Answer) -> list[tuple[str, str]]:
    """The known facts of an answer's scenario as label/value pairs."""

    def names(values: Sequence[str], labels: dict[str, str]) -> str:
        return ", ".join(labels.get(v, v) for v in values)

    s = answer.scenario
    pairs: list[tuple[str, str]] = []
    for label, value in (
        ("Products", names(s.products, vocab.PRODUCTS)),
        ("Capabilities", names(s.capabilities, vocab.CAPABILITIES)),
        ("Seller role", vocab.SELLER_ROLES.get(s.seller_role or "", s.seller_role or "")),
        ("Buyer", s.buyer or ""),
        ("End user", s.end_user or ""),
        ("End-user types", names(s.end_user_types, vocab.END_USER_TYPES)),
        ("Destinations", ", ".join(s.destinations)),
        ("Transit", ", ".join(s.transit)),
        ("Named parties", ", ".join(s.parties)),
        ("Stage", vocab.STAGES.get(s.stage or "", s.stage or "")),
        ("Company in the EU", "" if s.company_in_eu is None else ("yes" if s.company_in_eu else "no")),
    ):
        if value:
            pairs.append((label, value))
    return pairs


_DETAILS = re.compile(r"^### Details\n(.*?)(?=^### Sources|\Z)", re.MULTILINE | re.DOTALL)


def verdict_label(answer: Answer) -> str:
    """'Prohibited', 'Licence required', … for an answer with a verdict, else ''."""
    verdict = answer.bottom_line.verdict if answer.bottom_line else None
    return VERDICT_LABELS.get(verdict or "", "")


def split_details(text: str) -> tuple[str, str]:
    """(answer without its "### Details" section, that section's body): details go in a fold or an appendix."""
    match = _DETAILS.search(text)
    if not match:
        return text, ""
    return (text[: match.start()] + text[match.end() :]).strip() + "\n", match.group(1).strip()
