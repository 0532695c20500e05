"""The house rules, checked on the source: no import cycle in aisobes/, the domain does not import NiceGUI or the
pages, the services container is typed field by field, and nothing is assigned onto a built service."""
from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

import pytest

from aisobes.services import Services

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / 'aisobes'


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function, as absolute names."""
    package = module_name(path) if path.name == '__init__.py' else module_name(path).rsplit('.', 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split('.')
                base = base[:len(base) - node.level + 1]
                prefix = '.'.join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ''
            found.add(prefix)
            found.update(f'{prefix}.{alias.name}' for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob('*.py')}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def test_no_import_cycle_in_aisobes():
    edges = graph()
    # a package's __init__ is imported on the way to its modules; count only edges to real modules
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 'open'
        for target in sorted(edges[node]):
            if state.get(target) == 'open':
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 'done'

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize('path', sorted(p for p in PACKAGE.rglob('*.py') if p.name != 'app.py'),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_imports_neither_nicegui_nor_the_pages(path: Path):
    bad = {m for m in imports_of(path) if m.split('.')[0] in ('nicegui', 'pages')}
    assert bad == set()


def test_services_are_typed_field_by_field():
    hints = typing.get_type_hints(Services)
    assert hints and all(hint is not typing.Any for hint in hints.values())
    assert {field.name for field in dataclasses.fields(Services)} == set(hints)
    assert Services.__dataclass_params__.frozen  # nothing can be assigned onto the container


def test_nothing_is_assigned_onto_a_built_service():
    """`services.x = ...` or `services.x.y = ...` anywhere in the code would patch the composition after the fact."""
    offenders = []
    for path in [*PACKAGE.rglob('*.py'), *(ROOT / 'pages').rglob('*.py')]:
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                base = target
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(target, ast.Attribute) and isinstance(base, ast.Name) and base.id == 'services':
                    offenders.append(f'{path.relative_to(ROOT)}:{node.lineno}')
    assert offenders == []
