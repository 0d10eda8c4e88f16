"""Tables, verdict lines, JSON, the plot and the progress display of a lock-step run."""
import io
import json
import sys

import pytest

from bridge import report
from bridge.data import load_digits
from bridge.lockstep import LockstepRunner, batches_from_arrays


def _result(**kwargs):
    x, y, _, _ = load_digits(image_size=8)
    runner = LockstepRunner("mlp", "SGD", {"lr": 0.1}, dtype="float64",
                            model_kwargs={"image_size": 8}, **kwargs)
    runner.run(batches_from_arrays(x, y, 64), steps=6, progress=False)
    return runner.result()


@pytest.fixture(scope="module")
def result():
    return _result()


def test_summary_names_every_parameter_and_ends_with_the_verdict(result):
    text = report.summary(result)
    for name in ("1.weight", "1.bias", "3.weight", "3.bias"):
        assert name in text
    equivalence, drift = text.splitlines()[-2:]
    assert equivalence.startswith("equivalence: equivalent within tolerance 1e-09 over 6 "
                                  "steps (per-step check from identical state): worst "
                                  "relative difference ")
    assert equivalence.endswith("; 0 near-tie ReLU / max-pool decisions aligned")
    assert drift.startswith("drift: the free-running twin stayed at rounding level for 6 "
                            "steps")
    assert len(report.step_table(result).splitlines()) == 3 + 6


def test_verdict_names_the_first_disagreement():
    bad = _result(tol=0.0, stop_on_breach=False)
    line = report.verdict_lines(bad)[0]
    assert line.startswith("equivalence: first disagreement at step 0 in the "), line
    assert "(tolerance 0, per-step check from identical state; 6 of 6 steps breach)" in line


def test_drift_line_says_where_and_why():
    records = [{"step": i, "loss_torch": 1.0, "drift_loss": 1.1, "drift": d, "drift_at": "g",
                "flips": f} for i, (d, f) in enumerate(
                    [(1e-7, {}), (3e-2, {"features.1": 2, "features.2": 1}), (0.5, {})])]
    result = {"tolerance": 1e-4, "steps": 3, "ok": True, "mode": "resync",
              "records": records,
              "decision_layers": {"features.1": "ReLU", "features.2": "MaxPool2d"},
              "drift": {"onset": 1, "value": 3e-2, "at": "gradient of 'w'",
                        "flips": {"features.1": 2, "features.2": 1}, "flips_before": 0,
                        "final": 0.5, "max": 0.5, "flips_total": 3}}
    line = report.drift_line(result)
    assert line.startswith("drift: the free-running twin left rounding level at step 1 "
                           "(relative difference 0.03 > 0.0001, gradient of 'w') when 2 ReLU "
                           "decisions in 'features.1', 1 max-pool winner in 'features.2' "
                           "flipped; after 3 steps the twins differ by 0.5"), line
    assert line.endswith("drift, not a disagreement")
    records[1]["refereed"] = {"gradient of 'w'": [3e-2, 1e-6, 2.5e-2]}
    assert "flipped, where torch float32 itself is 0.025 away from torch float64 (refereed); " \
        in report.drift_line(result)
    assert report.drift_line(dict(result, drift=None)) == \
        "drift: not measured (no free-running twin)"


def test_json_round_trip(tmp_path, result):
    path = report.write_json(result, str(tmp_path / "sub" / "r.json"))
    loaded = json.load(open(path))
    assert loaded["ok"] is True and loaded["steps"] == 6 and loaded["mode"] == "resync"
    assert loaded["records"][0]["grads"]["1.weight"][0] < 1e-9
    # both curves: the per-step error and the free-running drift, step by step
    assert all(r["error"] < 1e-9 and r["drift"] < 1e-9 for r in loaded["records"])
    assert loaded["drift"]["onset"] is None and loaded["worst"]["error"] < 1e-9


def test_plot_writes_png(tmp_path, result):
    pytest.importorskip("matplotlib")
    path = report.plot(result, str(tmp_path / "r.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_plot_shows_both_curves_and_the_tolerance(monkeypatch, tmp_path, result):
    plt = pytest.importorskip("matplotlib.pyplot")
    figures = []
    monkeypatch.setattr(plt, "close", figures.append)
    report.plot(result, str(tmp_path / "r.png"))
    labels = [line.get_label() for line in figures[0].axes[1].get_lines()]
    assert labels == ["per-step error (from identical state)", "free-running drift",
                      "tolerance 1e-09"]


def test_format_table_aligns_columns():
    text = report.format_table(["a", "bb"], [[1, 0.5], [22, 1e-12]])
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1
    assert "1.00e-12" in text


# -- progress ----------------------------------------------------------------------------------
class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal_rewrites_one_line():
    pytest.importorskip("tqdm")
    screen = _Terminal()
    bar = report.progress_bar(300, stream=screen)
    for _ in range(300):
        bar.update(1)
        bar.set_postfix(loss="0.1")
    bar.close()
    text = screen.getvalue()
    assert "lock-step" in text and "\r" in text and "\n" not in text


def test_progress_on_a_terminal_without_tqdm(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    screen = _Terminal()
    bar = report.progress_bar(300, stream=screen)
    for _ in range(300):
        bar.update(1)
    bar.write("epoch 1: done")
    bar.close()
    assert screen.getvalue().count("\r") >= 300 and "\n" not in screen.getvalue()
    assert "300/300 steps" in screen.getvalue()
    assert capsys.readouterr().out == "epoch 1: done\n"


def test_progress_in_a_log_prints_a_few_lines(capsys):
    bar = report.progress_bar(1010, stream=io.StringIO(), every=250, interval=0.0)
    for _ in range(1010):
        bar.update(1)
        bar.set_postfix(loss="0.25")
    bar.close()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "lock-step: step 250/1010 (25%)", "lock-step: step 500/1010 (50%)",
        "lock-step: step 750/1010 (74%)"]
    assert lines[0].endswith("loss 0.25")
    # at most one line per interval: a quick run prints none
    bar = report.progress_bar(1000, stream=io.StringIO(), every=250, interval=60.0)
    for _ in range(1000):
        bar.update(1)
    assert capsys.readouterr().out == ""


def test_no_progress_for_short_runs_unless_asked():
    assert report.progress_bar(50) is None
    assert report.progress_bar(500, False) is None
    assert report.progress_bar(50, True, stream=io.StringIO()) is not None
