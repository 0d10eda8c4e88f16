"""The coverage report: every implemented name has a passing parity test, every missing one a
reason, and docs/coverage.md is the report of the tree as it is.

The parity suites run once (module fixture) under the recording plugin, with one
hypothesis example per test (a few minutes).  A planted test session checks the
plugin itself: calls from parity code count, calls from other files, from
failing tests and from inside minigrad do not.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import torch
from torch_compat import INSTALLED, MIRRORED

from bridge import coverage, coverage_exclusions

pytestmark = pytest.mark.filterwarnings("ignore")

# The report is of torch's names in the mirrored release, and docs/coverage.md is written
# with it: with another torch (CI's oldest stack) the report's checks skip, saying so.
mirrored_torch = pytest.mark.skipif(
    INSTALLED != MIRRORED, reason=f"the coverage report is made with the mirrored torch "
    f"{'.'.join(map(str, MIRRORED))} (installed: {torch.__version__})")


@pytest.fixture(scope="module")
def entries():
    return coverage.build(coverage.run_probe())


def _fail_with(names: list[str], what: str, fix: str) -> None:
    if names:
        pytest.fail(f"{len(names)} {what}:\n  " + "\n  ".join(names) + f"\n{fix}")


@mirrored_torch
def test_every_implemented_name_has_a_passing_parity_test(entries):
    _fail_with([e.name for e in entries if e.implemented and not e.tested],
               "names are implemented but no passing test compares them with torch",
               "add an op-table row or a parity test that calls each by its name")


@mirrored_torch
def test_every_missing_name_has_a_reason(entries):
    _fail_with([e.name for e in entries if e.status == "MISSING"],
               "torch names are missing from minigrad without a reason",
               "implement them, or add them to LEFT_OUT in bridge/coverage_exclusions.py")


@mirrored_torch
def test_the_exclusion_lists_are_current(entries):
    found = coverage.problems(entries)
    for title in ("listed in LEFT_OUT but implemented (delete the entry)",
                  "listed in PENDING but implemented (python -m bridge.coverage --prune)",
                  "in the exclusion lists but not in the catalogue"):
        _fail_with(found.get(title, []), title, "edit bridge/coverage_exclusions.py")
    assert set(coverage_exclusions.LEFT_OUT).isdisjoint(coverage_exclusions.PENDING)
    assert all(coverage_exclusions.LEFT_OUT.values())


@mirrored_torch
def test_docs_report_is_the_report_of_this_tree(entries):
    with open(coverage.DOC_PATH) as f:
        committed = f.read()
    assert committed == coverage.render(entries, measured=True), (
        "docs/coverage.md is out of date: run python -m bridge.coverage --write")


@mirrored_torch
def test_the_catalogue_covers_the_groups_and_knows_torch(entries):
    groups = {e.group for e in entries}
    assert len(groups) == 15 and all(sum(e.group == g for e in entries) for g in groups)
    assert len(coverage.documented_but_absent()) <= 5     # the copied lists match this torch
    names = [e.name for e in entries]
    assert len(names) == len(set(names))
    for name in ("torch.log1p", "Tensor.topk", "Tensor.add_", "torch.nn.Conv3d",
                 "torch.nn.functional.interpolate", "torch.optim.LBFGS",
                 "torch.optim.lr_scheduler.OneCycleLR", "torch.utils.data.DataLoader",
                 "torch.set_default_device", "torch.gather"):
        assert name in names


PLANTED = {
    "test_parity.py": """
        import torch
        import minigrad

        def test_passes():
            assert float(minigrad.sin(minigrad.tensor(0.0))) == float(torch.sin(torch.tensor(0.)))
            minigrad.tensor([1.0, 2.0]).softmax(0)      # softmax calls exp inside minigrad
            minigrad.nn.Linear(2, 3)

        def test_fails():
            minigrad.tan(minigrad.tensor(1.0))
            assert False
    """,
    "test_no_torch.py": """
        import minigrad

        def test_without_torch():
            minigrad.cos(minigrad.tensor(0.0))
    """,
}


def test_the_probe_counts_only_passing_parity_calls(tmp_path):
    for name, text in PLANTED.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    record = tmp_path / "record.json"
    env = dict(os.environ, MINIGRAD_COVERAGE_RECORD=str(record),
               MINIGRAD_COVERAGE_TESTS=str(tmp_path),
               PYTHONPATH=coverage.ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "bridge.coverage_probe",
                    "-p", "no:cacheprovider", "-o", "addopts=", str(tmp_path)],
                   cwd=coverage.ROOT, env=env, capture_output=True, text=True, timeout=300)
    tested = set(json.loads(record.read_text())["tested"])
    assert {"torch.sin", "Tensor.softmax", "torch.nn.Linear"} <= tested
    assert "torch.tan" not in tested          # its test failed
    assert "torch.cos" not in tested          # that file does not compare with torch
    assert "torch.exp" not in tested and "Tensor.exp" not in tested    # minigrad's own call


def test_command_line_reports_checks_and_writes(tmp_path, capsys):
    record = tmp_path / "record.json"
    record.write_text(json.dumps({"tested": ["torch.sin"]}))
    out = tmp_path / "coverage.md"
    code = coverage.main(["--record", str(record), "--write", str(out), "--check"])
    text = capsys.readouterr().out
    assert code == 1 and "implemented but not tested against torch" in text
    report = out.read_text()
    assert "| `torch.sin` | tested |" in report and "| `torch.cos` | UNTESTED |" in report
    assert coverage.main(["--no-tests"]) == 0
