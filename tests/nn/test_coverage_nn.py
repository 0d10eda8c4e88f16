"""bridge/coverage_nn.py is true: every name it lists as implemented exists in minigrad and
is used by a test that compares it with torch; names left out or pending are not
implemented (or are, once their branch is merged: then their line must go)."""
from __future__ import annotations

import ast
import importlib
import pathlib
import re

import pytest
import torch

import minigrad
from bridge import coverage_nn as data

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _resolve(root, path: str):
    """``torch.nn.X`` looked up under ``root`` (torch or minigrad)."""
    obj = root
    for part in path.split(".")[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _test_sources() -> dict:
    """Source text of every test function in tests/nn (files importing torch) and of the
    nn op-table rows, keyed 'path::name'."""
    sources = {}
    for path in sorted((ROOT / "tests" / "nn").glob("test_*.py")):
        text = path.read_text()
        if "import torch" not in text or path.name == "test_coverage_nn.py":
            continue
        tree = ast.parse(text)
        lines = text.splitlines()
        # module-level lists the parametrize decorators refer to, by name
        assigned = {t.id: ast.get_source_segment(text, node) for node in tree.body
                    if isinstance(node, ast.Assign) for t in node.targets
                    if isinstance(t, ast.Name)}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                source = "\n".join(lines[start - 1:node.end_lineno])
                used = {n.id for d in node.decorator_list for n in ast.walk(d)
                        if isinstance(n, ast.Name)}
                source += "".join("\n" + assigned[n] for n in used if n in assigned)
                sources[f"tests/nn/{path.name}::{node.name}"] = source
    rows = (ROOT / "tests" / "core" / "op_specs_nn.py").read_text()
    for node in ast.walk(ast.parse(rows)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "row":
            sources[f"row:{node.args[0].value}"] = ast.get_source_segment(rows, node)
    return sources


def _mentions(source: str, path: str) -> bool:
    short = path.rsplit(".", 1)[1]
    if path.startswith("torch.nn.functional."):
        pattern = rf"(\bF\b|\bF\(T\)|functional)\.{short}\b|\"{short}\""
    else:
        pattern = rf"\bnn\.{short}\b|\"{short}\""
    return re.search(pattern, source) is not None


def test_groups_are_torchs_names():
    for group, names in data.GROUPS.items():
        for name in names:
            assert _resolve(torch, name) is not None, f"{group}: torch has no {name}"
    listed = {n for names in data.GROUPS.values() for n in names}
    assert set(data.LEFT_OUT) <= listed and set(data.PENDING) <= listed
    assert not set(data.LEFT_OUT) & set(data.PENDING)


@pytest.mark.parametrize("group", list(data.GROUPS))
def test_implemented_names_exist_and_have_parity_tests(group):
    sources = _test_sources()
    untested = []
    for name in data.implemented(group):
        assert _resolve(minigrad, name.replace("torch.", "minigrad.", 1)) is not None or \
            _resolve(minigrad, name) is not None, f"minigrad lacks {name}"
        targets = data.PARITY.get(name) or [key for key, src in sources.items()
                                            if _mentions(src, name)]
        for target in data.PARITY.get(name, []):
            path, _, test = target.partition("::")
            module = importlib.import_module(path[:-3].replace("/", "."))
            assert hasattr(module, test), target
        if not targets:
            untested.append(name)
    assert not untested, f"implemented but compared with torch by no test: {untested}"


def test_left_out_names_are_not_implemented():
    for name in data.LEFT_OUT:
        assert _resolve(minigrad, name) is None, f"{name} is implemented: delete its line"
