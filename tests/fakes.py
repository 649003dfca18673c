"""A 21-chunk in-memory index with the hash embedder, for millisecond tests of the answer path.

The passages are short summaries in our own words (not the official texts), placed at the
locators the register points to, so that routing, decisions and composition can be tested
without the real model or the shared corpus.
"""

from __future__ import annotations

from pathlib import Path

from assistant.answer.pipeline import Pipeline
from assistant.embed import HashEmbedder
from assistant.register import load_register
from assistant.search.memory import MemoryIndex
from assistant.search.searcher import Searcher
from assistant.settings import Settings, get_settings
from assistant.types import Chunk, ScreeningHit

KINDS = {
    "eu-359-2011": "law", "eu-2021-821": "law", "eu-ai-act": "law", "ungps": "standard",
    "iran-case-notes": "case-notes", "us-dos-2020-digest": "digest",
}

PASSAGES: list[tuple[str, str, str]] = [
    ("eu-359-2011", "Article 1a(1)", "It is prohibited to sell, supply, transfer or export, directly or indirectly, equipment for internal repression listed in Annex III to any person in Iran or for use in Iran, and to give technical assistance or financing for it."),
    ("eu-359-2011", "Article 1a(2)", "The competent authority may authorise the supply of Annex III equipment intended solely for the protective use of Union and Member State personnel in Iran."),
    ("eu-359-2011", "Annex III — item 7", "Night vision and thermal imaging equipment and image intensifier tubes are internal-repression equipment."),
    ("eu-359-2011", "Article 2(2)", "No funds or economic resources shall be made available, directly or indirectly, to or for the benefit of the persons, entities and bodies listed in Annex I."),
    ("eu-359-2011", "Annex I — entities, entry 8", "The Law Enforcement Forces of Iran, the national uniformed police, are listed for serious human-rights violations against protesters."),
    ("eu-359-2011", "Article 15", "This Regulation applies within the Union, to nationals of Member States and to companies incorporated in a Member State, and to business done in the Union."),
    ("eu-2021-821", "Article 2(20)", "Cyber-surveillance items are dual-use items specially designed for covert surveillance of people by monitoring or extracting data from information systems."),
    ("eu-2021-821", "Article 3(1)", "An authorisation is required for the export of the dual-use items listed in Annex I."),
    ("eu-2021-821", "Article 5(1)", "An authorisation is required for unlisted cyber-surveillance items when the authority informs the exporter that they may be used for internal repression."),
    ("eu-2021-821", "Article 5(2)", "An exporter aware from its due diligence that unlisted cyber-surveillance items are intended for internal repression shall notify the competent authority."),
    ("eu-2021-821", "Annex I — 6A003.b", "Imaging cameras incorporating focal plane arrays, such as thermal cameras, are controlled under entry 6A003."),
    ("eu-ai-act", "Article 5(1)", "Placing on the market or use of AI systems that infer emotions of persons in workplaces and education institutions is prohibited."),
    ("eu-ai-act", "Article 2(1)", "The AI Act applies to providers placing AI systems on the market in the Union and to deployers located in the Union."),
    ("eu-ai-act", "Annex III — point 7", "AI systems used by public authorities in border control management for the purpose of detecting, recognising or identifying natural persons, with the exception of the verification of travel documents, are high-risk."),
    ("ungps", "Principle 11", "Business enterprises should respect human rights and address adverse human rights impacts with which they are involved."),
    ("ungps", "Principle 13", "Business enterprises should avoid causing or contributing to adverse impacts and seek to prevent impacts linked to their products."),
    ("ungps", "Principle 17", "Business enterprises should carry out human rights due diligence to identify, prevent, mitigate and account for impacts."),
    ("ungps", "Principle 19", "Business enterprises should integrate findings of impact assessments and take appropriate action, using leverage."),
    ("ungps", "Principle 22", "Where business enterprises have caused or contributed to adverse impacts they should provide for remediation."),
    ("iran-case-notes", "2023 — cameras in Tehran", "Reports described European cameras in the Tehran city network used to identify women who did not wear the hijab."),
    ("us-dos-2020-digest", "Red flags", "A buyer that refuses to say who the end user is, or asks for facial recognition against protesters, is a red flag."),
]


def fake_chunks() -> list[Chunk]:
    return [
        Chunk(chunk_id=f"{source}:{n}", source_id=source, file=f"{source}.md", text=text, locator=locator)
        for n, (source, locator, text) in enumerate(PASSAGES)
    ]


def fake_searcher(settings: Settings) -> Searcher:
    embedder = HashEmbedder(256)
    return Searcher(MemoryIndex(fake_chunks(), embedder, KINDS), embedder, settings.retrieval)


def fake_settings(tmp: Path) -> Settings:
    docs = tmp / "docs"
    docs.mkdir(exist_ok=True)
    return get_settings(documents_dir=docs, index_dir=tmp / "index", data_dir=tmp / "data", embedding_model="hash:256")


def fake_pipeline(tmp: Path, listed: dict[str, str] | None = None) -> Pipeline:
    """A pipeline over the fake index; `listed` maps party names to Annex I locators for the screener."""
    settings = fake_settings(tmp)
    listed = listed or {}

    def screener(parties: list[str]) -> list[ScreeningHit]:
        return [ScreeningHit(query=p, name=p, score=100.0, source_id="eu-359-2011", locator=listed[p], quote="listed") for p in parties if p in listed]

    return Pipeline(fake_searcher(settings), load_register(), screener, settings)
