"""pytest plugin behind ``python -m bridge.coverage``: which minigrad names parity tests call.

Loaded with ``-p bridge.coverage_probe`` (the coverage tool does this), it
replaces every implemented name of the coverage catalogue with a thin wrapper
before the tests are collected: functions and methods get a wrapper function,
classes a wrapper around ``__init__`` (so a test's subclass calling
``super().__init__()`` counts for the base class, e.g. ``nn.Module``).  A
wrapper notes its torch name when its caller is parity test code: a file under
``tests/`` that imports torch (or ``bridge/ops_report.py``, whose rows the ops
report test runs, or ``tests/core/op_specs_nn.py``, rows of the op table).  Calls
made by minigrad itself are not noted, except one: a function form delegating to
the method of the same name (``minigrad.log1p(x)`` runs ``x.log1p()``) counts for
the method too.  Names noted
while a test sets up and runs are kept when the test passes; at the end the
sorted names go to the JSON file named by ``MINIGRAD_COVERAGE_RECORD``.  Without
that variable the plugin does nothing.
"""
from __future__ import annotations

import functools
import inspect
import json
import os
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# where parity test code lives (a test of the probe itself points this elsewhere)
_TESTS = os.path.join(os.environ.get("MINIGRAD_COVERAGE_TESTS", os.path.join(_ROOT, "tests")),
                      "")
# parity code in files that do not import torch themselves: the ops report's rows, and the
# op table's nn.functional rows (test_op_table.py runs each against torch)
_EXTRA_PARITY_FILES = {os.path.join(_ROOT, "bridge", "ops_report.py"),
                       os.path.join(_ROOT, "tests", "core", "op_specs_nn.py")}

_current: set[str] = set()          # names called by the test now running
_tested: set[str] = set()           # names called by tests that passed
_parity_files: dict[str, bool] = {}


def _is_parity_file(filename: str) -> bool:
    known = _parity_files.get(filename)
    if known is None:
        known = filename in _EXTRA_PARITY_FILES
        if not known and filename.startswith(_TESTS):
            try:
                with open(filename, encoding="utf-8") as f:
                    known = "import torch" in f.read()
            except OSError:
                known = False
        _parity_files[filename] = known
    return known


_active: list[str] = []             # bare names of the noted calls now running (innermost last)


def _called(name: str) -> bool:
    """Note ``name`` if parity code called it, or if the innermost noted call is the
    same-named function form delegating to it (``minigrad.log1p(x)`` runs
    ``x.log1p()``); returns whether it was noted."""
    bare = name.rsplit(".", 1)[-1]
    if _is_parity_file(sys._getframe(2).f_code.co_filename) or (_active and
                                                                _active[-1] == bare):
        _current.add(name)
        return True
    return False


def _wrap_function(fn, name: str):
    bare = name.rsplit(".", 1)[-1]

    @functools.wraps(fn)
    def recorded(*args, **kwargs):
        if not _called(name):
            return fn(*args, **kwargs)
        _active.append(bare)
        try:
            return fn(*args, **kwargs)
        finally:
            _active.pop()
    recorded._coverage_probe = True
    return recorded


def _wrap_class(cls, name: str) -> None:
    init = cls.__init__
    if getattr(init, "_coverage_probe", False) and cls.__dict__.get("__init__") is init:
        return

    @functools.wraps(init)
    def recorded_init(self, *args, **kwargs):
        # built by test code, or by a test's subclass through super().__init__()
        if _is_parity_file(sys._getframe(1).f_code.co_filename):
            _current.add(name)
        return init(self, *args, **kwargs)
    recorded_init._coverage_probe = True
    cls.__init__ = recorded_init


def install() -> int:
    """Wrap every implemented catalogue name; returns how many were wrapped."""
    import minigrad
    from bridge import coverage
    count = 0
    for _, names in coverage.catalogue():
        for name in names:
            try:
                obj = coverage.resolve(name)
            except LookupError:
                continue
            parts = name.split(".")
            if name.startswith("Tensor."):
                owner, attr = minigrad.Tensor, parts[1]
            else:
                owner = minigrad
                for part in parts[1:-1]:
                    owner = getattr(owner, part)
                attr = parts[-1]
            descriptor = inspect.getattr_static(owner, attr) if owner is minigrad.Tensor \
                else None
            if isinstance(descriptor, property) and not getattr(descriptor.fget,
                                                                "_coverage_probe", False):
                # an attribute like Tensor.real: note reads of it
                setattr(owner, attr, property(_wrap_function(descriptor.fget, name),
                                              descriptor.fset, descriptor.fdel,
                                              descriptor.__doc__))
            elif inspect.isclass(obj):
                _wrap_class(obj, name)
            elif inspect.isfunction(obj) and not getattr(obj, "_coverage_probe", False):
                if owner is minigrad.Tensor and not inspect.isfunction(descriptor):
                    continue        # a staticmethod, classmethod... of the class
                setattr(owner, attr, _wrap_function(obj, name))
            else:
                continue
            count += 1
    return count


def pytest_configure(config) -> None:
    if os.environ.get("MINIGRAD_COVERAGE_RECORD"):
        install()


def pytest_runtest_setup(item) -> None:
    _current.clear()


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" and report.passed:
        _tested.update(_current)


def pytest_sessionfinish(session, exitstatus) -> None:
    path = os.environ.get("MINIGRAD_COVERAGE_RECORD")
    if path:
        with open(path, "w") as f:
            json.dump({"tested": sorted(_tested)}, f, indent=0)
