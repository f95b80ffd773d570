"""The layers of docs/architecture.md, kept by a test (issue 11): every import in
``src/`` goes down the stack or sideways inside a package, never up, never in a circle;
no module is over 400 lines and no function over 80."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "advocacy_kit"

#: From the bottom up. A module may import its own layer or a layer below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "records"),
    ("model", "resources", "files", "languages", "addressing", "cache"),
    ("text",),
    ("library",),
    ("compose", "profile"),
    ("output",),
    ("batch",),
    ("cli", "__main__"),
)

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The index in LAYERS of a module's top-level name under ``advocacy_kit``."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    if module == "advocacy_kit":
        return 0
    raise AssertionError(f"{module} is in no layer of LAYERS: add it to the test and the docs")


def imports_of(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """Every advocacy_kit module ``path`` imports, at any depth (lazy imports too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("advocacy_kit"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if not base.startswith("advocacy_kit"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in known else base), node.lineno


def graph() -> dict[str, set[str]]:
    return {
        name: {target for target, _ in imports_of(path, name) if target != name}
        for name, path in modules().items()
    }


def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        layer_of(name)


def test_no_import_goes_up_a_layer() -> None:
    upward = [
        f"{path.relative_to(SRC.parent)}:{line}: {name} imports {target}"
        for name, path in modules().items()
        for target, line in imports_of(path, name)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_nothing_outside_cli_imports_cli() -> None:
    offenders = [
        f"{name} imports {target}"
        for name, targets in graph().items()
        if not name.startswith("advocacy_kit.cli") and name != "advocacy_kit.__main__"
        for target in targets
        if target.startswith("advocacy_kit.cli")
    ]
    assert offenders == []


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``edges``, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circles() -> None:
    # A package's __init__ is imported by its submodules implicitly; leave those edges out.
    edges = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph().items()
    }
    assert find_cycle(edges) is None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_is_short(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines: split it by job"


def test_functions_are_short() -> None:
    long = [
        f"{path.relative_to(SRC.parent)}:{node.lineno}: {node.name} has "
        f"{(node.end_lineno or node.lineno) - node.lineno + 1} lines"
        for path in modules().values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        name
        for name, path in modules().items()
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert missing == []
