"""The example reader (assistant/reader.py): vote rule, file checks, and what it adds to the parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from langchain_core.embeddings import Embeddings

from assistant import reader as reader_mod
from assistant import scenario as parser
from assistant.errors import CorpusError
from assistant.reader import Reader, load_examples
from assistant.scenario import parse_text


class _AxisEmbedder(Embeddings):
    """Fake model: a text's vector is fixed by the first keyword it contains (a unit axis), else the last axis."""

    AXES = ("heat", "mood", "march", "parking", "staff", "pupil")

    def _vec(self, text: str) -> list[float]:
        lowered = text.lower()
        vec = [0.0] * (len(self.AXES) + 1)
        hits = [i for i, word in enumerate(self.AXES) if word in lowered]
        if not hits:
            vec[-1] = 1.0
        for i in hits:
            vec[i] = 1.0
        return vec

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "examples.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _examples() -> dict:
    return {
        "capabilities": {
            "thermal_imaging": ["sees heat one", "sees heat two", "sees heat three"],
            "emotion_recognition": ["reads mood one", "reads mood two", "reads mood three"],
            "none": ["a plain sentence", "parking is free"],
        },
        "facts": {
            "misuse": {"misuse": ["follow the march one", "follow the march two", "follow the march three"], "not_misuse": ["parking one", "parking two"]},
            "workplace": {"workplace": ["watch staff one", "watch staff two"], "not_workplace": ["parking three"]},
            "education": {"education": ["watch pupil one", "watch pupil two"], "not_education": ["parking four"]},
            "withheld": {"withheld": ["they will not say one"], "not_withheld": ["parking six"]},
            "verification": {"verification": ["one-to-one check one"], "not_verification": ["parking seven"]},
        },
    }


def test_vote_gives_label_share_and_nearest_example(tmp_path: Path) -> None:
    r = Reader(_AxisEmbedder(), _write(tmp_path, _examples()))
    sentences = ["the camera sees heat at night", "nothing to report here"]
    readings = r.read(r.embedder.embed_documents(sentences), sentences, ("capabilities",))
    # the three heat examples are at similarity 1; the other two of the five nearest are at 0 and do not weigh
    assert [(x.label, x.share, x.similarity, x.example) for x in readings] == [("thermal_imaging", 1.0, 1.0, "sees heat one")]


def test_negative_lists_are_never_read_as_facts(tmp_path: Path) -> None:
    r = Reader(_AxisEmbedder(), _write(tmp_path, _examples()))
    sentences = ["parking at the depot"]
    assert r.read(r.embedder.embed_documents(sentences), sentences) == []


def test_a_split_vote_below_the_share_reads_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_mod, "K", 6)
    r = Reader(_AxisEmbedder(), _write(tmp_path, _examples()))
    sentences = ["heat and mood together"]  # equally near the three heat and the three mood examples
    readings = r.read(r.embedder.embed_documents(sentences), sentences, ("capabilities",))
    assert readings == []  # each label holds half of the vote, under VOTE (0.6)
    monkeypatch.setattr(reader_mod, "VOTE", 0.5)
    assert sorted(x.label for x in r.read(r.embedder.embed_documents(sentences), sentences, ("capabilities",))) == [
        "emotion_recognition",
        "thermal_imaging",
    ]


def test_threshold_is_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = Reader(_AxisEmbedder(), _write(tmp_path, _examples()))
    sentences = ["the camera sees heat at night"]
    vectors = r.embedder.embed_documents(sentences)
    assert r.read(vectors, sentences, ("capabilities",), min_similarity=1.01) == []
    monkeypatch.setitem(reader_mod.THRESHOLDS, "capabilities", 1.01)
    assert r.read(vectors, sentences, ("capabilities",)) == []


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["capabilities"].update(xray=["a b c d"]), "unknown capabilities \\['xray'\\]"),
        (lambda d: d["facts"].pop("workplace"), "facts.workplace is missing; it needs the lists 'workplace' and 'not_workplace'"),
        (lambda d: d["facts"]["misuse"].update(not_misuse=[]), "facts.misuse.not_misuse must be a non-empty list of sentences"),
    ],
)
def test_bad_examples_file_names_the_file_and_the_fix(tmp_path: Path, mutate, message: str) -> None:
    data = _examples()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(CorpusError, match=message) as info:
        load_examples(path)
    assert str(path) in str(info.value)


def test_shipped_examples_cover_every_capability_and_fact() -> None:
    groups = load_examples()
    caps = set(groups["capabilities"].labels)
    assert caps == set(parser.CAPABILITIES) | {"none"}
    for fact, (yes, no) in reader_mod.FACTS.items():
        assert set(groups[fact].labels) == {yes, no}


# --- with the project's embedding model: what the reader adds to the lexicon ---------------------------


@pytest.fixture(scope="module")
def model() -> Embeddings:
    embedder = parser._default_embedder()
    assert embedder is not None, "the calibrated embedding model (all-MiniLM-L6-v2) must be installed"
    return embedder


@pytest.mark.parametrize(
    "text, fact, value",
    [
        ("A logistics firm wants software that rates how cheerful or annoyed its warehouse staff look on camera during shifts.", "capabilities", "emotion_recognition"),
        ("The tool tells managers which of our telephone sales team look annoyed while on calls.", "end_user_types", "employer"),
    ],
)
def test_reader_adds_what_the_lexicon_misses(model: Embeddings, text: str, fact: str, value: str) -> None:
    assert value not in getattr(parse_text(text, embedder=None), fact)
    assert value in getattr(parse_text(text, embedder=model), fact)


def test_reader_misuse_needs_the_people_it_is_turned_against(model: Embeddings) -> None:
    stated = "The governor's office told our rep the boxes are meant to work out which teachers went on strike so they can be sacked."
    assert parse_text(stated, embedder=None).misuse_indicated is None
    assert parse_text(stated, embedder=model).misuse_indicated is True
    plain = "The governor's office wants the boxes to work out which delivery vans are parked in the bus lanes."
    assert parse_text(plain, embedder=model).misuse_indicated is None


def test_reader_does_not_add_what_the_lexicon_excludes(model: Embeddings) -> None:
    # infrared illuminators are not image-intensifier night vision; "no face recognition" leaves no live identification
    assert "night_vision" not in parse_text("Day/night cameras with IR illuminators that see in complete darkness.", embedder=model).capabilities
    text = "We sold plain IP cameras, no face recognition. Police now pick out people in the crowds at rallies on the feeds."
    assert "remote_biometric_identification" not in parse_text(text, embedder=model).capabilities


def test_reader_reads_a_withheld_end_use_but_not_a_question_about_it(model: Embeddings) -> None:
    stated = "Our Kazakh reseller keeps refusing to tell us which agency will actually run the 40 thermal cameras."
    assert parse_text(stated, embedder=None).end_use_withheld is None
    assert parse_text(stated, embedder=model).end_use_withheld is True
    asked = "Does our Kazakh reseller have to tell us which agency will run the 40 thermal cameras?"
    assert parse_text(asked, embedder=model).end_use_withheld is None


def test_reader_recognises_one_to_one_verification(model: Embeddings) -> None:
    one_to_one = "Our gym chain wants face recognition at the door: each member's face is compared with the single photo stored on their own membership card, nothing else."
    assert "facial_recognition" in parse_text(one_to_one, embedder=None).capabilities
    assert "facial_recognition" not in parse_text(one_to_one, embedder=model).capabilities
    one_to_many = "Our gym chain wants face recognition at the door that picks out banned members from a list of photos as they walk in."
    assert "facial_recognition" in parse_text(one_to_many, embedder=model).capabilities
