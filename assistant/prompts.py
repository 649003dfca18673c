"""Prompt templates: one `string.Template` per file in `prompts/`, checked at load time.

Every template declares its variables in `PROMPT_VARIABLES`; a file that uses a
variable not declared there, or leaves one out, is rejected with a `PromptError`
naming the file and the variable. `$$` writes a literal dollar sign.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template

from assistant.errors import PromptError
from assistant.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"

PROMPT_VARIABLES: dict[str, frozenset[str]] = {
    "system": frozenset({"sentinel"}),
    "answer": frozenset({"history", "evidence", "obligations", "question", "sentinel"}),
    "history": frozenset({"turns"}),
}


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _names(names: set[str] | frozenset[str]) -> str:
    return ", ".join(f"${name}" for name in sorted(names))


def load_prompt(name: str, prompts_dir: Path | None = None) -> Template:
    """Read `prompts/<name>.md` and check its placeholders against `PROMPT_VARIABLES`."""
    if prompts_dir is None:
        return _load_default(name)
    return _load(name, prompts_dir)


@cache
def _load_default(name: str) -> Template:
    return _load(name, PROMPTS_DIR)


def _load(name: str, prompts_dir: Path) -> Template:
    if name not in PROMPT_VARIABLES:
        raise PromptError(f"Unknown prompt {name!r}; the known prompts are {', '.join(sorted(PROMPT_VARIABLES))}.")
    path = prompts_dir / f"{name}.md"
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"{shown}: file not found; restore it from the repository.") from None
    template = Template(text)
    if not template.is_valid():
        raise PromptError(f"{shown}: invalid placeholder syntax; write $$ for a literal dollar sign.")
    expected = PROMPT_VARIABLES[name]
    used = set(template.get_identifiers())
    unknown = used - expected
    if unknown:
        raise PromptError(f"{shown}: unknown placeholder {_names(unknown)}; the template may use only {_names(expected)}.")
    missing = expected - used
    if missing:
        raise PromptError(f"{shown}: missing placeholder {_names(missing)}; the template must use {_names(expected)}.")
    return template


def render(name: str, prompts_dir: Path | None = None, **values: str) -> str:
    """Fill template `name` with exactly its declared variables."""
    template = load_prompt(name, prompts_dir)
    expected = PROMPT_VARIABLES[name]
    missing = expected - values.keys()
    if missing:
        raise PromptError(f"prompts/{name}.md: no value given for {_names(missing)}.")
    unknown = values.keys() - expected
    if unknown:
        raise PromptError(f"prompts/{name}.md: values given for undeclared {_names(unknown)}.")
    return template.substitute(values)
