"""The recurrent twins in lock-step: the MNIST-rows LSTM and the word-level LSTM model."""
import functools

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn

from bridge import data, transfer
from bridge.lockstep import LockstepRunner, batches_from_arrays
from bridge.main import main
from bridge.models import build, build_pair, input_shape

X, Y, _, _ = data.load_digits(image_size=8)
TEXT = data.load_text()
SGD = {"lr": 0.1, "momentum": 0.9}


def _run(model, dtype, x, y, steps, batch_size=16, **extra):
    runner = LockstepRunner(model, "SGD", SGD, dtype=dtype, device="cpu", **extra)
    runner.run(batches_from_arrays(x, y, batch_size, epochs=20), steps=steps, progress=False)
    return runner


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_rows_lstm_agrees_step_by_step(dtype):
    runner = _run("lstm", dtype, X, Y, 12, model_kwargs={"image_size": 8, "hidden": 16})
    assert runner.ok, str(runner.divergence)
    assert len(runner.records) == 12
    assert runner.records[-1].loss_torch < runner.records[0].loss_torch
    runner.close()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_language_model_with_dropout_between_layers_agrees(dtype):
    x, y = TEXT[0], TEXT[1]
    runner = _run("lstm_lm", dtype, x, y, 6, model_kwargs={"hidden": 24, "embed": 16})
    assert runner.ok, str(runner.divergence)
    assert runner.records[-1].loss_torch < runner.records[0].loss_torch
    # the test accuracy is per predicted word
    acc_mg, acc_th = runner.mg.evaluate(TEXT[2], TEXT[3]), runner.th.evaluate(TEXT[2], TEXT[3])
    assert acc_mg == acc_th and 0 <= acc_mg <= 1
    runner.close()


def test_layer_by_layer_forward_is_the_multi_layer_forward_without_dropout():
    """The patched LSTM (both engines) gives the module's own result when p is 0 in effect."""
    runner = LockstepRunner("lstm_lm", "SGD", SGD, dtype="float64",
                            model_kwargs={"hidden": 8, "embed": 4, "dropout": 1e-300})
    tokens = TEXT[0][:3]
    for side in (runner.mg, runner.th):
        lstm = side.model.lstm
        emb = side.model.embedding(side.tensor(tokens))
        h0 = side.tensor(np.random.default_rng(0).standard_normal((2, 3, 8)))
        state = (h0, h0 * 0.5)
        patched_out, (h, c) = lstm(emb, state)
        own_out, (h_own, c_own) = type(lstm).forward(lstm, emb, state)
        for a, b in ((patched_out, own_out), (h, h_own), (c, c_own)):
            np.testing.assert_allclose(transfer.to_numpy(a), transfer.to_numpy(b),
                                       rtol=1e-12, atol=1e-14)
    runner.close()


def test_without_shared_masks_the_locator_names_the_lstm():
    x, y = TEXT[0], TEXT[1]
    runner = LockstepRunner("lstm_lm", "SGD", SGD, dtype="float64",
                            model_kwargs={"hidden": 8, "embed": 4, "dropout": 0.5})
    for side in (runner.mg, runner.th):              # each engine draws its own masks again
        side.model.lstm.__dict__.pop("forward")
    runner.step(x[:8], y[:8])
    assert not runner.ok
    assert runner.divergence.layer == "lstm" and runner.divergence.phase == "forward"
    runner.close()


def test_a_planted_bug_in_the_lstm_backward_is_located(monkeypatch):
    from minigrad.ops import rnn as rnn_ops
    real = rnn_ops.LstmCell.backward

    def wrong(ctx, grad_h, grad_c):
        grads = real(ctx, grad_h, grad_c)
        return (grads[0], grads[1], grads[2], grads[3] * 1.01, grads[4])   # dW_hh off by 1%
    monkeypatch.setattr(rnn_ops.LstmCell, "backward", staticmethod(wrong))
    runner = _run("lstm", "float64", X, Y, 3, model_kwargs={"image_size": 8, "hidden": 8})
    assert not runner.ok
    d = runner.divergence
    assert (d.step, d.phase, d.layer, d.parameter) == (0, "backward", "lstm",
                                                       "lstm.weight_hh_l0")
    runner.close()


def test_models_are_twins():
    for name, kwargs in [("lstm", {}), ("lstm_lm", {})]:
        mg, th = build_pair(name, **kwargs)
        assert repr(mg) == repr(th)
        assert list(mg.state_dict()) == list(th.state_dict())
    mg, th = build_pair("lstm_lm")
    th = th.double().eval()
    mg = mg.to(minigrad.float64).eval()
    transfer.copy_weights(th, mg)
    tokens = TEXT[0][:3]
    out_mg = mg(minigrad.from_numpy(tokens)).detach().numpy()
    with torch.no_grad():
        out_th = th(torch.from_numpy(tokens)).numpy()
    assert out_mg.shape == (3, len(data.text_vocabulary()), data.TEXT_STEPS)
    np.testing.assert_allclose(out_mg, out_th, rtol=1e-10, atol=1e-12)
    assert input_shape("lstm_lm") == (data.TEXT_STEPS,)
    rows = build("lstm", minigrad.nn)
    assert rows(minigrad.zeros((2,) + input_shape("lstm"))).shape == (2, 10)


def test_text_data():
    x_train, y_train, x_test, y_test = TEXT
    assert x_train.dtype == np.int64 and x_train.shape[1] == data.TEXT_STEPS
    np.testing.assert_array_equal(x_train[:, 1:], y_train[:, :-1])     # next-word targets
    words = data.tokenize("The keeper, who lived there.")
    assert words == ["the", "keeper", ",", "who", "lived", "there", "."]
    vocabulary = data.text_vocabulary()
    assert len(vocabulary) == len(set(vocabulary)) and max(x_test.max(), y_test.max()) < \
        len(vocabulary)


def test_main_job_runs_the_language_model(capsys):
    assert main(["--model", "lstm_lm", "--steps", "2", "--epochs", "1", "--no-progress",
                 "--dtype", "float64"]) == 0
    out = capsys.readouterr().out
    assert "lstm_lm on text" in out and "within tolerance 1e-09" in out


# -- bridge.trace walks the unrolled graph ---------------------------------------------------

VARIANTS = [dict(cell="LSTM"), dict(cell="GRU"), dict(cell="RNN"),
            dict(cell="RNN", nonlinearity="relu", bias=False),
            dict(cell="LSTM", proj_size=3, num_layers=2, bias=False),
            dict(cell="GRU", bidirectional=True, num_layers=2)]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(map(str, v.values())))
def test_trace_matches_every_time_step(variant, monkeypatch):
    from bridge import models
    from bridge.trace import run
    monkeypatch.setitem(models.MODELS, "rows", functools.partial(models._lstm, hidden=6,
                                                                 **variant))
    report = run("rows", "float64", batch_size=4, image_size=8)
    assert report.ok, report.table()
    assert not report.unmatched_minigrad and not report.unmatched_torch, report.table()
    cell = {"LSTM": "LstmCellBackward0", "GRU": "GruCellBackward0"}.get(
        variant["cell"], "RnnReluCellBackward0" if variant.get("nonlinearity") == "relu"
        else "RnnTanhCellBackward0")
    layers = variant.get("num_layers", 1) * (2 if variant.get("bidirectional") else 1)
    steps = {c.order for c in report.comparisons if c.minigrad == cell}
    assert len(steps) == 8 * layers                          # 8 rows of 8 pixels per layer
    sent = {c.gradient for c in report.comparisons if c.minigrad == cell}
    assert {"sent to gx_t", "sent to lstm.weight_hh_l0"} <= sent
    assert any(line.startswith(f"{8 * layers} x {cell} = ") for line in report.fused)


def test_trace_names_the_time_step_with_a_wrong_backward():
    from minigrad.ops import rnn as rnn_ops
    from bridge.trace import run

    class WrongStep(rnn_ops.LstmCell):
        grad_fn_name = "LstmCellBackward0"

        @staticmethod
        def backward(ctx, grad_h, grad_c):
            grads = rnn_ops.LstmCell.backward(ctx, grad_h, grad_c)
            return (grads[0], grads[1] * 1.001) + grads[2:]        # dL/dh_{t-1} off

    def before_backward(runner, mg_loss, th_loss):
        node = mg_loss.grad_fn
        while node.name() != "StackBackward0":
            node = next(c for c, _ in node.next_functions if c is not None and
                        c.next_functions)
        node.next_functions[5][0].fn = WrongStep                  # time step 5 of 8
    report = run("lstm", "float64", batch_size=4, image_size=8,
                 before_backward=before_backward)
    first = report.first
    assert (first.minigrad, first.torch, first.gradient) == ("LstmCellBackward0",
                                                             "MulBackward0", "sent to h_{t-1}")
    steps = sorted({c.order for c in report.comparisons if c.minigrad == "LstmCellBackward0"})
    assert first.order == steps[2]       # steps 7 and 6 run first and agree, then step 5
    assert all(c.ok for c in report.comparisons if c.order < first.order)
