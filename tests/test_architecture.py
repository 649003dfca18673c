"""The structure of the library: no import cycles, no hidden imports, settings documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from assistant.settings import PROJECT_ROOT, settings_table

PACKAGE = PROJECT_ROOT / "assistant"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str, modules: set[str]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _module_level_imports() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assistant"):
                base = node.module
                for alias in node.names:
                    target = _resolve(f"{base}.{alias.name}", modules) or _resolve(base, modules)
                    if target:
                        targets.add(target)
            elif isinstance(node, ast.Import):
                targets |= {t for a in node.names if a.name.startswith("assistant") and (t := _resolve(a.name, modules))}
        graph[module] = targets - {module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if state.get(nxt) is None and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_library_modules() -> None:
    graph = _module_level_imports()
    assert len(graph) > 30
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_detector_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_imports_inside_functions_carry_a_reason() -> None:
    unexplained: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)) and "#" not in lines[sub.lineno - 1]:
                        unexplained.append(f"{path.relative_to(PROJECT_ROOT)}:{sub.lineno}")
    assert unexplained == []


def test_readme_settings_table_matches_the_settings() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- settings-table:start -->\n(.*?)<!-- settings-table:end -->", readme, re.DOTALL)
    assert match, "README.md has no generated settings table; run `python -m assistant.settings` and paste its output"
    assert match.group(1) == settings_table(), "README settings table is stale; regenerate it with `python -m assistant.settings`"


def test_settings_table_lists_every_field_with_its_description() -> None:
    table = settings_table()
    assert "| `DDA_ANSWER__BOTTOM_LINE_CHARS` | `1200` | Longest bottom-line text in characters. |" in table
    assert "| `DDA_RETRIEVAL__K` | `8` |" in table
