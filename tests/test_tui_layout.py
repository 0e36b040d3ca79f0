"""The TUI's layout rules: one-way imports, steps independent, modules small."""

from __future__ import annotations

import ast
from pathlib import Path

import sprintkit.tui

ROOT = Path(sprintkit.tui.__file__).parent
# Translation tables are data, not code.
NOT_CODE = {"sprintkit.tui.labels"}


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, *, top_level: bool = True) -> set[str]:
    """sprintkit modules imported by ``path``: at module level, or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    known = modules()
    out: set[str] = set()

    def walk(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function = True
        if in_function != top_level:
            if (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("sprintkit")):
                out.add(node.module)
                out.update(f"{node.module}.{a.name}" for a in node.names
                           if f"{node.module}.{a.name}" in known)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name.startswith("sprintkit"))
        for child in ast.iter_child_nodes(node):
            walk(child, in_function)

    walk(tree, False)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        targets = set()
        for imported in imports(path):
            # Importing a.b.c runs a.b's __init__ first.
            parts = imported.split(".")
            for i in range(2, len(parts) + 1):
                module = ".".join(parts[:i])
                if module in known and module != name and not name.startswith(module + "."):
                    targets.add(module)
        edges[name] = targets
    return edges


def test_the_tui_has_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in edges.get(module, ()):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif not state.get(target):
                visit(target, [*trail, target])
        state[module] = 2

    for module in edges:
        if not state.get(module):
            visit(module, [module])
    assert cycles == []


def test_steps_do_not_import_each_other():
    edges = graph()
    for module, targets in edges.items():
        if module.startswith("sprintkit.tui.steps.") and not module.endswith(".base"):
            others = {t for t in targets if t.startswith("sprintkit.tui.steps")
                      and t not in ("sprintkit.tui.steps", "sprintkit.tui.steps.base")}
            assert not others, (module, others)


def test_widgets_and_help_import_no_screen_or_step():
    edges = graph()
    for module, targets in edges.items():
        if module.startswith("sprintkit.tui.widgets") or module == "sprintkit.tui.screens.help":
            bad = {t for t in targets if t.startswith(("sprintkit.tui.screens",
                                                       "sprintkit.tui.steps",
                                                       "sprintkit.tui.app"))}
            assert not bad, (module, bad)


def test_only_the_app_defers_imports_of_tui_modules():
    """Deferred imports in the app keep start-up short (see its comments);
    anywhere else one would be a cycle in hiding."""
    for name, path in modules().items():
        if name == "sprintkit.tui.app":
            continue
        deferred = {m for m in imports(path, top_level=False) if m.startswith("sprintkit.tui")}
        assert not deferred, (name, deferred)


def test_no_tui_module_is_over_600_lines():
    for name, path in modules().items():
        if name not in NOT_CODE:
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 600, (name, lines)
