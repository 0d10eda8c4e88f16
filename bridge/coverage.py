"""How much of torch's everyday namespace minigrad has, and how much of it is tested against torch.

``python -m bridge.coverage [--record PATH | --no-tests] [--write] [--check] [--prune]``

The catalogue lists torch's public names in the groups beginner code uses: the
functions of the documented groups in ``bridge/coverage_groups.py`` (creation,
random sampling, indexing/joining, pointwise, reduction, comparison, other
operations, the default dtype/device settings), the ``Tensor`` methods and
in-place ``_`` variants of the operation groups, ``torch.nn`` layers and losses,
``torch.nn.functional``, ``torch.optim`` (optimizers, ``lr_scheduler``,
``swa_utils``) and ``torch.utils.data``.  For each name:

* **implemented**: minigrad has it under the same path (``torch.nn.X`` ->
  ``minigrad.nn.X``, ``Tensor.x`` -> ``minigrad.Tensor.x``);
* **tested**: a *passing* test that compares minigrad with torch called it.
  The parity suites (``PARITY_SUITES``) run under ``bridge/coverage_probe.py``,
  a pytest plugin that wraps every implemented name and records the calls made
  directly from test code (files that import torch: the op table rows, the nn,
  optim, data, vision... tests), per test, keeping the names of tests that
  passed.  Calls from inside minigrad do not count, so a composite op does not
  make its building blocks "tested"; a function form that delegates to the method
  of the same name (``minigrad.log1p(x)`` runs ``x.log1p()``), or wraps it
  (``__wrapped__``), counts for both.
  Names bound to the same minigrad function (``torch.sin`` is ``Tensor.sin``)
  share one status: it is the same code.
* otherwise **left out** with the reason in ``bridge/coverage_exclusions.py`` (or
  in the ``LEFT_OUT`` of another ``bridge/coverage_*.py`` data file: each area's
  engineers keep one), or **pending** (work in progress elsewhere, named there).

``--write`` writes the table to ``docs/coverage.md``; ``--check`` exits 1 when a
name is implemented but untested, missing without a reason, or still pending;
``--record`` reuses a record written by an earlier run (``--save-record``);
``--prune`` deletes pending entries that have since been implemented.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
from typing import Iterable

from . import coverage_exclusions, coverage_groups

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC_PATH = os.path.join(ROOT, "docs", "coverage.md")

# the test files whose calls count as "tested against torch" (they all import torch)
PARITY_SUITES = ["tests/core", "tests/nn", "tests/optim", "tests/data", "tests/vision",
                 "tests/imports", "tests/serialization", "tests/bridge/test_ops_report.py"]
PROBE_EXAMPLES = "1"          # hypothesis examples per test in the probe run (MINIGRAD_EXAMPLES)

# names of torch.nn.functional and torch.utils.data that are plumbing, not user API
_NOT_API = {"Tensor", "ScalingType", "SwizzleType", "assert_int_or_pair", "boolean_dispatch",
            "handle_torch_function", "has_torch_function", "has_torch_function_unary",
            "has_torch_function_variadic"}


@dataclasses.dataclass
class Entry:
    """One torch name and what minigrad has of it."""

    name: str                   # torch's path: torch.sin, Tensor.add_, torch.nn.Linear...
    group: str
    implemented: bool
    tested: bool | None         # None: not measured (--no-tests)
    reason: str = ""            # why it is left out (LEFT_OUT) or who builds it (PENDING)
    pending: bool = False

    @property
    def status(self) -> str:
        if self.implemented:
            if self.tested is None:
                return "implemented"
            return "tested" if self.tested else "UNTESTED"
        if self.pending:
            return "pending"
        return "left out" if self.reason else "MISSING"


# -- the catalogue: torch's names by group -------------------------------------------------------
def catalogue() -> list[tuple[str, list[str]]]:
    """``[(group title, [torch names])]`` from the documented groups and the installed torch."""
    import torch
    groups = []
    for title, names in coverage_groups.FUNCTION_GROUPS:
        groups.append((title, [f"torch.{n}" for n in names if hasattr(torch, n)]))
    methods = []
    for title, names in coverage_groups.FUNCTION_GROUPS:
        if title not in coverage_groups.OP_GROUPS:
            continue
        for n in names:
            for attr in (n, n + "_"):
                if hasattr(torch.Tensor, attr) and f"Tensor.{attr}" not in methods:
                    methods.append(f"Tensor.{attr}")
    groups.append(("Tensor methods of the operation groups (and in-place variants)", methods))
    loss_base = torch.nn.modules.loss._Loss
    modules = [n for n in dir(torch.nn) if inspect.isclass(getattr(torch.nn, n))
               and issubclass(getattr(torch.nn, n), torch.nn.Module)]
    groups.append(("torch.nn layers and containers",
                   [f"torch.nn.{n}" for n in modules
                    if not issubclass(getattr(torch.nn, n), loss_base)]
                   + [f"torch.nn.{n}" for n in ("Parameter", "Buffer") if hasattr(torch.nn, n)]))
    groups.append(("torch.nn losses", [f"torch.nn.{n}" for n in modules
                                      if issubclass(getattr(torch.nn, n), loss_base)]))
    functional = torch.nn.functional
    groups.append(("torch.nn.functional", [
        f"torch.nn.functional.{n}" for n in dir(functional)
        if not n.startswith("_") and n not in _NOT_API and callable(getattr(functional, n))
        and not inspect.isclass(getattr(functional, n)) and not inspect.ismodule(
            getattr(functional, n))
        and getattr(getattr(functional, n), "__module__", "") != "typing"]))
    optim = [n for n in torch.optim.__all__ if inspect.isclass(getattr(torch.optim, n))]
    groups.append(("torch.optim", [f"torch.optim.{n}" for n in optim]))
    groups.append(("torch.optim.lr_scheduler and swa_utils",
                   [f"torch.optim.lr_scheduler.{n}" for n in torch.optim.lr_scheduler.__all__]
                   + [f"torch.optim.swa_utils.{n}" for n in torch.optim.swa_utils.__all__]))
    groups.append(("torch.utils.data", [f"torch.utils.data.{n}" for n in
                                        torch.utils.data.__all__ if not n.startswith("_")]))
    return groups


def documented_but_absent() -> list[str]:
    """Names the documentation lists that the installed torch does not have."""
    import torch
    return [f"torch.{n}" for _, names in coverage_groups.FUNCTION_GROUPS for n in names
            if not hasattr(torch, n)]


def resolve(name: str):
    """The minigrad object for a torch name, or raise LookupError."""
    import minigrad
    if name.startswith("Tensor."):
        owner, attrs = minigrad.Tensor, name.split(".")[1:]
    else:
        parts = name.split(".")[1:]
        owner, attrs = minigrad, parts
    for attr in attrs:
        try:
            owner = getattr(owner, attr)
        except AttributeError:
            raise LookupError(name) from None
    return owner


def implemented(name: str) -> bool:
    try:
        resolve(name)
    except LookupError:
        return False
    return True


# -- the report ------------------------------------------------------------------------------
def left_out() -> dict[str, str]:
    """Every reason for a name left out: ``coverage_exclusions.LEFT_OUT`` and the ``LEFT_OUT``
    of the other ``bridge/coverage_*.py`` data files (kept by the engineers of each area;
    their bare names are matched to the catalogue: ``torch.X``, ``torch.nn.X``...)."""
    reasons = dict(coverage_exclusions.LEFT_OUT)
    catalogued = {n for _, names in catalogue() for n in names}
    for module in _data_modules():
        for key, reason in getattr(module, "LEFT_OUT", {}).items():
            candidates = [key] if key.startswith(("torch.", "Tensor.")) else [
                f"{prefix}{key}" for prefix in ("torch.", "torch.nn.", "torch.nn.functional.",
                                                "torch.optim.", "torch.utils.data.")]
            for name in candidates:
                if name in catalogued:
                    reasons.setdefault(name, reason)
                    break
    return reasons


def _data_modules() -> list:
    folder = os.path.dirname(os.path.abspath(__file__))
    modules = []
    for filename in sorted(os.listdir(folder)):
        stem = filename[:-3]
        if (filename.startswith("coverage_") and filename.endswith(".py")
                and stem not in ("coverage_exclusions", "coverage_groups", "coverage_probe")):
            modules.append(importlib.import_module(f"bridge.{stem}"))
    return modules


def build(tested_names: set[str] | None) -> list[Entry]:
    """Every catalogued name with its status; ``tested_names`` from a probe run (or None)."""
    entries = []
    reasons = left_out()
    shared = _same_object_groups() if tested_names is not None else {}
    wrappers = _wrapping_names() if tested_names is not None else {}
    for group, names in catalogue():
        for name in names:
            is_implemented = implemented(name)
            tested = None
            if tested_names is not None and is_implemented:
                tested = any(n in tested_names for n in shared.get(name, [name]))
                tested = tested or any(n in tested_names for n in wrappers.get(name, []))
            reason, pending = "", False
            if not is_implemented:
                if name in reasons:
                    reason = reasons[name]
                elif name in coverage_exclusions.PENDING:
                    reason, pending = coverage_exclusions.PENDING[name], True
            entries.append(Entry(name, group, is_implemented, tested, reason, pending))
    return entries


def _same_object_groups() -> dict[str, list[str]]:
    """For each implemented name, all catalogued names bound to the same minigrad function."""
    by_object: dict[int, list[str]] = {}
    for _, names in catalogue():
        for name in names:
            try:
                obj = resolve(name)
            except LookupError:
                continue
            if inspect.isfunction(obj):
                by_object.setdefault(id(obj), []).append(name)
    return {name: names for names in by_object.values() for name in names}


def _wrapping_names() -> dict[str, list[str]]:
    """For each name, the catalogued names whose function wraps its object (``__wrapped__``):
    calling the wrapper runs the wrapped code (``minigrad.kron`` is ``Tensor.kron`` plus
    ``out=`` handling)."""
    objects, chains = {}, {}
    for _, names in catalogue():
        for name in names:
            try:
                obj = resolve(name)
            except LookupError:
                continue
            objects[name] = obj
            chain, inner = [], obj
            while hasattr(inner, "__wrapped__"):
                inner = inner.__wrapped__
                chain.append(inner)
            chains[name] = chain
    owners: dict[int, list[str]] = {}
    for name, obj in objects.items():
        owners.setdefault(id(obj), []).append(name)
    wrapping: dict[str, list[str]] = {}
    for name, chain in chains.items():
        for inner in chain:
            for wrapped in owners.get(id(inner), []):
                wrapping.setdefault(wrapped, []).append(name)
    return wrapping


def problems(entries: list[Entry], strict: bool = False) -> dict[str, list[str]]:
    """What keeps the report from being complete (``strict``: pending entries too)."""
    found = {
        "implemented but not tested against torch": [
            e.name for e in entries if e.implemented and e.tested is False],
        "missing without a reason in bridge/coverage_exclusions.py": [
            e.name for e in entries if e.status == "MISSING"],
        "listed in LEFT_OUT but implemented (delete the entry)": sorted(
            n for n in left_out() if implemented(n)),
        "listed in PENDING but implemented (python -m bridge.coverage --prune)": sorted(
            n for n in coverage_exclusions.PENDING if implemented(n)),
        "in the exclusion lists but not in the catalogue": sorted(
            (set(coverage_exclusions.LEFT_OUT) | set(coverage_exclusions.PENDING))
            - {e.name for e in entries}),
    }
    if strict:
        found["pending"] = [e.name for e in entries if e.pending]
    return {k: v for k, v in found.items() if v}


def summary(entries: list[Entry]) -> list[tuple[str, dict[str, int]]]:
    rows = []
    for group in dict.fromkeys(e.group for e in entries):
        counts = {"names": 0, "implemented": 0, "tested": 0, "left out": 0, "pending": 0,
                  "untested": 0, "missing": 0}
        for e in entries:
            if e.group != group:
                continue
            counts["names"] += 1
            counts["implemented"] += e.implemented
            counts["tested"] += bool(e.tested)
            counts["untested"] += e.status == "UNTESTED"
            counts["left out"] += e.status == "left out"
            counts["pending"] += e.pending
            counts["missing"] += e.status == "MISSING"
        rows.append((group, counts))
    return rows


def render(entries: list[Entry], measured: bool) -> str:
    """The Markdown report (docs/coverage.md)."""
    import torch
    lines = ["# minigrad's coverage of torch", "",
             "Generated by `python -m bridge.coverage --write` (do not edit by hand) against "
             f"torch {torch.__version__.split('+')[0]}.  Groups of documented functions from "
             f"{coverage_groups.SOURCE}; reasons for names left out in "
             "`bridge/coverage_exclusions.py`.", "",
             "*tested*: a passing parity test (one that compares with torch) calls the name "
             "directly; see `bridge/coverage.py` for how this is measured.", ""]
    if not measured:
        lines += ["**Tests were not run for this report: the tested column is empty.**", ""]
    lines += ["| group | names | implemented | tested | left out | pending | missing |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    totals = dict.fromkeys(["names", "implemented", "tested", "left out", "pending",
                            "missing"], 0)
    for group, c in summary(entries):
        lines.append(f"| {group} | {c['names']} | {c['implemented']} | {c['tested']} | "
                     f"{c['left out']} | {c['pending']} | {c['missing']} |")
        for k in totals:
            totals[k] += c[k]
    lines.append("| **all** | " + " | ".join(f"**{totals[k]}**" for k in totals) + " |")
    absent = documented_but_absent()
    if absent:
        lines += ["", "Listed in the documentation but absent from this torch (not counted): "
                  + ", ".join(f"`{n}`" for n in absent) + "."]
    for group in dict.fromkeys(e.group for e in entries):
        lines += ["", f"## {group}", "", "| name | status | note |", "|---|---|---|"]
        for e in entries:
            if e.group == group:
                lines.append(f"| `{e.name}` | {e.status} | {e.reason} |")
    return "\n".join(lines) + "\n"


# -- running the parity suites under the probe ---------------------------------------------------
def run_probe(suites: Iterable[str] = PARITY_SUITES, examples: str = PROBE_EXAMPLES,
              timeout: float = 1800) -> set[str]:
    """Run the parity suites with the recording plugin; the names their passing tests call."""
    with tempfile.TemporaryDirectory() as folder:
        record = os.path.join(folder, "record.json")
        env = dict(os.environ, MINIGRAD_COVERAGE_RECORD=record, MINIGRAD_EXAMPLES=examples,
                   PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "bridge.coverage_probe",
                   "-p", "no:cacheprovider", "--no-header", "-o", "addopts=",
                   *[os.path.join(ROOT, s) for s in suites]]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout)
        if not os.path.exists(record):
            raise RuntimeError("the probe run wrote no record:\n" + done.stdout[-3000:]
                               + done.stderr[-3000:])
        with open(record) as f:
            data = json.load(f)
    return set(data["tested"])


# -- pruning PENDING -----------------------------------------------------------------------------
def prune_pending(path: str | None = None) -> list[str]:
    """Delete the PENDING lines of names that are implemented now; returns the names."""
    path = path or os.path.join(ROOT, "bridge", "coverage_exclusions.py")
    with open(path) as f:
        text = f.read()
    start, end = text.index("# BEGIN PENDING"), text.index("# END PENDING")
    removed, kept = [], []
    for line in text[start:end].splitlines(keepends=True):
        match = re.match(r'\s*"([^"]+)":', line)
        if match and implemented(match.group(1)):
            removed.append(match.group(1))
        else:
            kept.append(line)
    with open(path, "w") as f:
        f.write(text[:start] + "".join(kept) + text[end:])
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bridge.coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", help="names tested, from an earlier --save-record")
    parser.add_argument("--save-record", help="write the names the parity tests call here")
    parser.add_argument("--no-tests", action="store_true", help="skip the probe run")
    parser.add_argument("--write", nargs="?", const=DOC_PATH, default=None, metavar="PATH",
                        help=f"write the Markdown report (default {DOC_PATH})")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless every group is complete (pending counts as not)")
    parser.add_argument("--prune", action="store_true",
                        help="delete PENDING entries that are implemented now, then report")
    args = parser.parse_args(argv)
    if args.prune:
        for name in prune_pending():
            print(f"pruned from PENDING: {name}")
        importlib.reload(coverage_exclusions)
    if args.record:
        with open(args.record) as f:
            tested = set(json.load(f)["tested"])
    elif args.no_tests:
        tested = None
    else:
        print("running the parity suites under the probe (a few minutes)...", flush=True)
        tested = run_probe()
    if args.save_record and tested is not None:
        with open(args.save_record, "w") as f:
            json.dump({"tested": sorted(tested)}, f, indent=0)
    entries = build(tested)
    for group, c in summary(entries):
        print(f"{group:64s} {c['implemented']:4d}/{c['names']:<4d} implemented, "
              f"{c['tested']:4d} tested, {c['left out']:3d} left out, {c['pending']:3d} "
              f"pending, {c['missing']:3d} missing")
    if args.write:
        os.makedirs(os.path.dirname(os.path.abspath(args.write)), exist_ok=True)
        with open(args.write, "w") as f:
            f.write(render(entries, tested is not None))
        print(f"wrote {args.write}")
    found = problems(entries, strict=args.check)
    for title, names in found.items():
        print(f"\n{title} ({len(names)}):\n  " + "\n  ".join(names))
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
