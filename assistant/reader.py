"""Example-based fact reader: sentences of a question compared with labelled example sentences.

`corpus/lexicon/examples.yaml` holds, for each fact the parser reads, sentences that
state it and sentences from the same world that look alike but do not (hard
negatives: ordinary camera features, legitimate purposes, general talk about human
rights, denials). A sentence of the question states a fact when, among its `K`
nearest examples of that group, the similarity-weighted share of examples stating it
is at least `VOTE` and the nearest of them is at least the group's threshold close.

This reads what the lexicon's regular expressions miss ("it flags agents who look
fed up", "they want to see who keeps turning up at the marches"), while the hard
negatives keep look-alikes out. Every reading keeps the example it rests on, so the
parser can say why it recognised a fact.

Groups:
- `capabilities`: one label per capability of `assistant.vocab.CAPABILITIES`, plus `none`;
- a yes/no group per fact in `FACTS`: misuse, workplace, education, an end use or end
  user withheld, one-to-one biometric verification. (An authority's warning was tried and
  left out: the model places "the agency wrote that ..." by topic, not by who said it, and
  its nearest examples did not separate it from questions about the authority.)

The thresholds are chosen on the parser's dev sentences and the dev split only
(`python bench/parser_accuracy.py --calibrate-reader`), never on test.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.errors import CorpusError
from assistant.settings import PROJECT_ROOT
from assistant.vocab import CAPABILITIES

EXAMPLES_FILE = PROJECT_ROOT / "corpus" / "lexicon" / "examples.yaml"

# The yes/no facts and the names of their two lists in examples.yaml.
FACTS: dict[str, tuple[str, str]] = {
    "misuse": ("misuse", "not_misuse"),
    "workplace": ("workplace", "not_workplace"),
    "education": ("education", "not_education"),
    "withheld": ("withheld", "not_withheld"),
    "verification": ("verification", "not_verification"),
}
NONE = "none"

# Nearest examples that vote, and the similarity-weighted share a label needs among them.
K = 5
VOTE = 0.6
# Lowest similarity of the nearest supporting example, per group (see the module docstring).
# Chosen by `python bench/parser_accuracy.py --calibrate` on the eval/parser dev sentences: the
# lowest similarity (from 0.40 up) at which the reader alone is at least 95% precise there.
# `withheld` and `verification` have no parser labels yet: their floors are the lowest at which
# no reading on the dev split's questions was wrong when read by hand (false ones sat at 0.60-0.64).
THRESHOLDS: dict[str, float] = {
    "capabilities": 0.40,
    "misuse": 0.40,
    "workplace": 0.60,
    "education": 0.50,
    "withheld": 0.65,
    "verification": 0.60,
}


@dataclass(frozen=True)
class Reading:
    """One fact read from one sentence, with the example it rests on."""

    group: str
    label: str
    share: float
    similarity: float
    sentence: str
    example: str


@dataclass(frozen=True)
class _Group:
    labels: tuple[str, ...]
    texts: tuple[str, ...]


def _strings(value: Any, where: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise CorpusError(f"{path}: {where} must be a non-empty list of sentences. Fix or restore corpus/lexicon/examples.yaml.")
    return [v.strip() for v in value]


def load_examples(path: Path = EXAMPLES_FILE) -> dict[str, _Group]:
    """The example groups of `path`, checked: known capability names, both lists of every fact."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot read the reader's examples ({exc}). Restore corpus/lexicon/examples.yaml.") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with 'capabilities' and 'facts'. Restore corpus/lexicon/examples.yaml.")
    caps = data.get("capabilities")
    if not isinstance(caps, dict):
        raise CorpusError(f"{path}: 'capabilities' must map capability names to sentences.")
    unknown = set(caps) - set(CAPABILITIES) - {NONE}
    if unknown:
        raise CorpusError(f"{path}: unknown capabilities {sorted(unknown)}; use names from assistant/vocab.py CAPABILITIES or '{NONE}'.")
    labels: list[str] = []
    texts: list[str] = []
    for name, sentences in caps.items():
        for sentence in _strings(sentences, f"capabilities.{name}", path):
            labels.append(name)
            texts.append(sentence)
    groups = {"capabilities": _Group(tuple(labels), tuple(texts))}
    facts = data.get("facts")
    if not isinstance(facts, dict):
        raise CorpusError(f"{path}: 'facts' must map {sorted(FACTS)} to their example lists.")
    for fact, (yes, no) in FACTS.items():
        entry = facts.get(fact)
        if not isinstance(entry, dict):
            raise CorpusError(f"{path}: facts.{fact} is missing; it needs the lists '{yes}' and '{no}'.")
        pos = _strings(entry.get(yes), f"facts.{fact}.{yes}", path)
        neg = _strings(entry.get(no), f"facts.{fact}.{no}", path)
        groups[fact] = _Group(tuple([yes] * len(pos) + [no] * len(neg)), tuple(pos + neg))
    return groups


class Reader:
    """Reads facts from sentences by their nearest labelled examples (one embedder, matrices built once)."""

    def __init__(self, embedder: Any, path: Path = EXAMPLES_FILE) -> None:
        self.embedder = embedder
        self.groups = load_examples(path)
        self._matrices: dict[str, Any] = {}
        for name, group in self.groups.items():
            vectors = np.asarray(embedder.embed_documents(list(group.texts)), dtype=np.float32)
            self._matrices[name] = _normalise(vectors)

    def read(
        self, vectors: Any, sentences: list[str], groups: tuple[str, ...] | None = None, *, min_similarity: float | None = None
    ) -> list[Reading]:
        """Readings for sentences given with their (unnormalised) embedding vectors, one row per sentence.

        `min_similarity` replaces the groups' thresholds (calibration reads with 0 and sweeps).
        """
        if not sentences:
            return []
        queries = _normalise(np.asarray(vectors, dtype=np.float32).reshape(len(sentences), -1))
        readings: list[Reading] = []
        for name in groups or tuple(self.groups):
            group = self.groups[name]
            sims = queries @ self._matrices[name].T
            k = min(K, sims.shape[1])
            for row, sentence in enumerate(sentences):
                top = np.argsort(-sims[row], kind="stable")[:k]  # ties: the earlier example first
                weights = np.clip(sims[row, top], 0.0, None)
                total = float(weights.sum())
                if total <= 0.0:
                    continue
                votes: dict[str, float] = {}
                for j, w in zip(top, weights):
                    votes[group.labels[j]] = votes.get(group.labels[j], 0.0) + float(w)
                for label, weight in votes.items():
                    if label == NONE or label.startswith("not_"):
                        continue
                    share = weight / total
                    best = next(j for j in top if group.labels[j] == label)
                    similarity = float(sims[row, best])
                    floor = THRESHOLDS[name] if min_similarity is None else min_similarity
                    if share >= VOTE and similarity >= floor:
                        readings.append(Reading(name, label, round(share, 3), round(similarity, 3), sentence, group.texts[best]))
        return readings


def _normalise(matrix: Any) -> Any:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


_READERS: dict[tuple[int, Path], Reader] = {}
_LOCK = threading.Lock()


def get_reader(embedder: Any, path: Path = EXAMPLES_FILE) -> Reader:
    """The reader for this embedder, built on first use (embeds every example once)."""
    key = (id(embedder), path)
    with _LOCK:
        reader = _READERS.get(key)
        if reader is None:
            reader = Reader(embedder, path)
            _READERS[key] = reader
        return reader
