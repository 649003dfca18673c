"""The `Question` record: what one question carries from stage to stage.

Each stage reads the fields it needs and fills in its own; `Pipeline.run` shows the order.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.decide import Decision
from assistant.register import RegisterItem
from assistant.search import Filters
from assistant.types import BottomLine, Citation, ObligationHit, Scenario, ScoredChunk, ScreeningHit, Turn


@dataclass
class Question:
    """One question and everything the stages learn about it."""

    text: str
    turns: list[Turn] = field(default_factory=list)
    filters: Filters = field(default_factory=dict)
    mode: str | None = None
    notes: list[str] = field(default_factory=list)
    scenario: Scenario = field(default_factory=Scenario)
    follow_up: bool = False
    standards_ask: bool = False  # facts frame a question about what a named standard expects
    named_ask: bool = False  # asked of a named instrument, whose provision questions match it closely
    standards_facts: Scenario | None = None  # those facts, decided for the verdict shown beside the standard's answer
    previous: Scenario | None = None
    query: str = ""
    vector: np.ndarray | None = None
    results: list[ScoredChunk] = field(default_factory=list)
    explicit: list[ScoredChunk] = field(default_factory=list)
    hinted_items: list[tuple[RegisterItem, float]] = field(default_factory=list)
    refusal: str | None = None
    screening: list[ScreeningHit] = field(default_factory=list)
    matched: list[tuple[RegisterItem, str]] = field(default_factory=list)
    decision: Decision | None = None
    previous_decision: Decision | None = None
    answer_text: str = ""
    bottom_line: BottomLine | None = None
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    obligations: list[ObligationHit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Record the stage's wall time in milliseconds."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = round(self.timings.get(stage, 0.0) + (time.perf_counter() - started) * 1000, 1)
