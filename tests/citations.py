"""Hand-built citations shared by the citation-check and LLM tests."""

from __future__ import annotations

from assistant.types import Citation

ANNEX = Citation(
    n=1,
    source_id="eu-reg-359-2011",
    title="Council Regulation (EU) No 359/2011",
    kind="law",
    locator="Annex III, item 7",
    quote="7. Night vision, thermal imaging equipment and image intensifier tubes, other than those controlled by the Common Military List.",
    chunk_id="eu-reg-359-2011:annex-iii:7",
)
ART_1A = Citation(
    n=2,
    source_id="eu-reg-359-2011",
    title="Council Regulation (EU) No 359/2011",
    kind="law",
    locator="Article 1a(1)(a)",
    quote=(
        "1. It shall be prohibited:\n\n- (a) to sell, supply, transfer or export, directly or indirectly, equipment which might be "
        "used for internal repression as listed in Annex III, whether or not originating in the Union, to any person, entity "
        "or body in Iran or for use in Iran;"
    ),
    chunk_id="eu-reg-359-2011:art-1a:1",
)
