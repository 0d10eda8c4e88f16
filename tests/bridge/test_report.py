"""Tables, JSON and the plot of a lock-step run."""
import json

import pytest

from bridge import report
from bridge.data import load_digits
from bridge.lockstep import LockstepRunner, batches_from_arrays


@pytest.fixture(scope="module")
def result():
    x, y, _, _ = load_digits(image_size=8)
    runner = LockstepRunner("mlp", "SGD", {"lr": 0.1}, dtype="float64",
                            model_kwargs={"image_size": 8})
    runner.run(batches_from_arrays(x, y, 64), steps=6, progress=False)
    return runner.result()


def test_summary_table_names_every_parameter(result):
    text = report.summary(result)
    assert "EQUIVALENT: 6 steps within tolerance 1e-09 (float64)" in text
    for name in ("1.weight", "1.bias", "3.weight", "3.bias"):
        assert name in text
    assert len(report.step_table(result).splitlines()) == 3 + 6


def test_json_round_trip(tmp_path, result):
    path = report.write_json(result, str(tmp_path / "sub" / "r.json"))
    loaded = json.load(open(path))
    assert loaded["ok"] is True and loaded["steps"] == 6
    assert loaded["records"][0]["grads"]["1.weight"][0] < 1e-9


def test_plot_writes_png(tmp_path, result):
    pytest.importorskip("matplotlib")
    path = report.plot(result, str(tmp_path / "r.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_format_table_aligns_columns():
    text = report.format_table(["a", "bb"], [[1, 0.5], [22, 1e-12]])
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1
    assert "1.00e-12" in text
