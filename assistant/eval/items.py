"""Evaluation items: the JSONL schema, validation, and the dev / test split layout of eval/.

Layout: `eval/<split>/*.jsonl`, one item a line. `dev` is for tuning and calibration,
`test` is reported only and never tuned on; every `*.jsonl` file of a split directory
belongs to that split (several authors add files independently).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import AssistantError
from assistant.types import Turn

Verdict = Literal[
    "prohibited",
    "licence_required",
    "notify_authority",
    "enhanced_due_diligence",
    "standard_due_diligence",
]
VERDICTS: tuple[str, ...] = (
    "prohibited",
    "licence_required",
    "notify_authority",
    "enhanced_due_diligence",
    "standard_due_diligence",
)

# The splits `ddassist eval run --split all` runs, in report order.
DEFAULT_SPLITS: tuple[str, ...] = ("dev", "test")


class EvalError(AssistantError):
    """The dataset or a run directory cannot be used."""


class GoldRef(BaseModel):
    """Where the answer to a benchmark question is: a source, a locator regex and a verbatim phrase."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    locator: str = ""
    evidence: str = ""

    @field_validator("locator")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"locator is not a valid regular expression ({exc})") from exc
        return value


class EvalItem(BaseModel):
    """One benchmark question.

    `verdict` (optional) is the bottom line a good answer reaches for a transaction
    question; `decisive` (optional) lists the passages that decide the case, in the
    same form as `gold`.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    question: str
    history: list[Turn] = Field(default_factory=list)
    answerable: bool
    category: str = "uncategorised"
    gold: list[GoldRef] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)
    verdict: Verdict | None = None
    decisive: list[GoldRef] = Field(default_factory=list)


def load_dataset(path: Path) -> list[EvalItem]:
    """Read and validate a benchmark JSONL file; errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the dataset ({exc.strerror or exc}). Check the path.") from exc
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path} line {number}: not valid JSON ({exc.msg} at column {exc.colno}).") from exc
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
            raise EvalError(f"{path} line {number}: {problems}.") from exc
        if item.id in seen:
            raise EvalError(f"{path} line {number}: id {item.id!r} already used on line {seen[item.id]}.")
        if item.answerable and not item.gold:
            raise EvalError(f"{path} line {number}: answerable item {item.id!r} has no gold reference; add one.")
        if not item.answerable and (item.verdict is not None or item.decisive):
            raise EvalError(
                f"{path} line {number}: unanswerable item {item.id!r} carries a verdict or decisive passages; "
                "remove them or mark it answerable."
            )
        seen[item.id] = number
        items.append(item)
    if not items:
        raise EvalError(f"{path}: the dataset has no items.")
    return items


def split_files(directory: Path) -> list[Path]:
    """Every `*.jsonl` file of a split directory, sorted by name; an error when there is none."""
    if not directory.is_dir():
        raise EvalError(f"{directory}: no such split directory. Create it or pick another --split.")
    files = sorted(p for p in directory.glob("*.jsonl") if p.is_file())
    if not files:
        raise EvalError(f"{directory}: the split has no *.jsonl files.")
    return files


def load_files(files: list[Path]) -> list[EvalItem]:
    """The items of several JSONL files, in file order; an id used twice across files is an error."""
    items: list[EvalItem] = []
    origin: dict[str, Path] = {}
    for path in files:
        for item in load_dataset(path):
            if item.id in origin:
                raise EvalError(
                    f"{path}: id {item.id!r} is already used in {origin[item.id]}; ids must be unique within a split."
                )
            origin[item.id] = path
            items.append(item)
    return items


def load_split(eval_dir: Path, split: str) -> list[EvalItem]:
    """All items of `eval_dir/<split>/*.jsonl`."""
    return load_files(split_files(eval_dir / split))


def resolve_datasets(path: Path, split: str = "all") -> dict[str, list[Path]]:
    """Which files to run, by split name.

    - a file: that file alone, named after its directory when that is a split
      directory (`eval/test/x.jsonl` -> `test`), else after the file;
    - a directory holding split directories (`eval/`; its own top-level files such as
      calibration pairs are not items): `split` picks `dev`, `test`, any other
      sub-directory by name, or `all` (= dev and test);
    - a directory of JSONL files and no split directories (`eval/dev/`): all its files,
      named after it.
    """
    if path.is_file():
        name = path.parent.name if path.parent.name in DEFAULT_SPLITS else path.stem
        return {name: [path]}
    if not path.is_dir():
        raise EvalError(f"{path}: no such dataset file or directory. Pass eval/ (the split layout) or a .jsonl file.")
    has_splits = any((path / name).is_dir() for name in DEFAULT_SPLITS)
    if not has_splits and any(path.glob("*.jsonl")) and split == "all":
        return {path.name: split_files(path)}
    wanted = DEFAULT_SPLITS if split == "all" else (split,)
    found = {name: split_files(path / name) for name in wanted if (path / name).is_dir() or split != "all"}
    if not found:
        raise EvalError(f"{path}: holds neither *.jsonl files nor the split directories {', '.join(DEFAULT_SPLITS)}.")
    return found
