"""Packaging: one version number, the licence, the admitted versions, no torch in minigrad."""
import pathlib
import re
import subprocess
import sys
import tomllib

import minigrad

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
README = (ROOT / "README.md").read_text()


def release(version: str) -> tuple:
    """``"2.0"`` -> ``(2, 0, 0)``."""
    parts = tuple(int(p) for p in version.split("."))
    return parts + (0,) * (3 - len(parts))


def lower_bound(requirements, name):
    """The ``>=`` bound of ``name`` in a list of requirement strings."""
    for requirement in requirements:
        match = re.fullmatch(rf"{name}\s*>=\s*([\w.]+)(,.*)?", requirement)
        if match:
            return match.group(1)
    raise AssertionError(f"no lower bound for {name} in {requirements}")


def test_the_version_number_lives_in_minigrad_only():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "minigrad.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", minigrad.__version__)


def test_mit_licence():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "the minigrad authors" in text
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_mirrored_torch_release_is_named_once_in_code_and_in_the_readme():
    assert re.fullmatch(r"\d+\.\d+", minigrad.MIRRORED_TORCH)
    assert f"mirrors torch {minigrad.MIRRORED_TORCH}" in README
    bridge = PYPROJECT["project"]["optional-dependencies"]["bridge"]
    assert any(r.startswith("torch>=") and f"<={minigrad.MIRRORED_TORCH}." in r for r in bridge)


def test_ci_runs_the_oldest_admitted_numpy_and_the_readme_names_the_bounds():
    ci = (ROOT / ".ci" / "run").read_text()
    oldest_numpy = lower_bound(PYPROJECT["project"]["dependencies"], "numpy")
    in_ci = re.search(r'OLDEST_NUMPY="numpy==([\d.]+)"', ci).group(1)
    assert release(in_ci) == release(oldest_numpy)
    bridge = PYPROJECT["project"]["optional-dependencies"]["bridge"]
    python = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    for name, bound in (("Python", python), ("torch", lower_bound(bridge, "torch")),
                        ("torchvision", lower_bound(bridge, "torchvision")),
                        ("NumPy", oldest_numpy)):
        assert f"{name} {bound}" in README, name
    classifiers = PYPROJECT["project"]["classifiers"]
    assert f"Programming Language :: Python :: {python}" in classifiers


def test_minigrad_never_imports_torch():
    code = ("import sys\n"
            "sys.modules['torch'] = sys.modules['torchvision'] = None   # importing fails\n"
            "import minigrad, minigrad.nn, minigrad.optim, minigrad.utils.data, minigrad.vision\n"
            "x = minigrad.ones(2, requires_grad=True)\n"
            "(x * 3).sum().backward()\n"
            "assert x.grad.tolist() == [3.0, 3.0]\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_device_run_names_tests_and_benchmark_options_that_exist():
    """``.ci/device`` runs only on a lent GPU machine, so here it is checked for rot: valid
    bash, executable, and every test path and benchmark option it uses still exists."""
    script = ROOT / ".ci" / "device"
    assert script.stat().st_mode & 0o111
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    paths = re.findall(r"\btests/[\w/]+(?:\.py)?", text)
    assert paths and all((ROOT / p).exists() for p in paths), paths
    usage = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    options = set(re.findall(r"(--[a-z][\w-]*)", text.split("-m benchmarks", 1)[1]
                             .split("\nstage ", 1)[0]))
    assert options and all(option in usage for option in options), options
