"""Lock-step runs: the per-step check from identical state finds real disagreements (planted
bugs) at once and names their layer, clean runs are equivalent, and drift is only reported."""
import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn.functional._norm as mg_norm
from minigrad.autograd import Function
from minigrad.ops.conv import Conv2d as ConvOp
from minigrad.ops.linear import Linear as LinearOp
from minigrad.ops.normalization import Normalize as NormalizeOp
from minigrad.ops.pointwise import Relu as ReluOp
from minigrad.ops.pooling import MaxPool2d as MaxPoolOp
from minigrad.optim import SGD as MinigradSGD

from bridge.data import load_digits
from bridge.lockstep import (DEFAULT_TOL, LockstepRunner, batches_from_arrays, diff,
                             drift_summary, update_diff)
from bridge.models import MODELS

X, Y, _, _ = load_digits(image_size=8)
SGD = {"lr": 0.05, "momentum": 0.9}


def _runner(model, dtype="float32", optimizer="SGD", kwargs=SGD, **extra):
    extra.setdefault("model_kwargs", {"image_size": 8})
    extra.setdefault("device", "cpu")
    return LockstepRunner(model, optimizer, kwargs, dtype=dtype, **extra)


def _run(model, dtype="float32", steps=50, batch_size=32, **extra):
    runner = _runner(model, dtype, **extra)
    runner.run(batches_from_arrays(X, Y, batch_size, epochs=5), steps=steps, progress=False)
    return runner


def _where(runner):
    d = runner.divergence
    assert d is not None, "the planted bug was not found"
    return d.step, d.phase, d.layer, d.layer_type, d.parameter


# -- clean runs ----------------------------------------------------------------------------
@pytest.mark.parametrize("model", list(MODELS))
def test_clean_float32_runs_are_equivalent(model):
    runner = _run(model, steps=40)
    assert runner.ok, str(runner.divergence)
    assert len(runner.records) == 40 and runner.tol == DEFAULT_TOL["float32"] == 1e-4
    # honest per-step differences sit far below the tolerance (rounding: about 1e-6)
    assert runner.worst()["error"] < 2e-5, runner.worst()
    # the free-running twin is measured beside it, and training really happened
    assert all(r.drift is not None for r in runner.records)
    assert runner.records[-1].loss_torch < runner.records[0].loss_torch
    result = runner.result()
    assert result["mode"] == "resync" and result["ok"] and result["breaches"] == 0
    assert result["drift"]["final"] == runner.records[-1].drift


@pytest.mark.parametrize("optimizer,kwargs", [
    ("Adam", {"lr": 1e-3}), ("AdamW", {"lr": 1e-3, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 1e-3}), ("Adagrad", {"lr": 1e-2}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3})])
def test_clean_float32_runs_with_other_optimizers_are_equivalent(optimizer, kwargs):
    # normalising optimizers amplify rounding noise in tiny gradient elements: the checked
    # twin steps on torch's gradients, so its update measures the optimizer alone
    runner = _run("mlp", steps=30, optimizer=optimizer, kwargs=kwargs, drift=False)
    assert runner.ok, str(runner.divergence)
    assert runner.worst()["error"] < 2e-5, runner.worst()


@pytest.mark.parametrize("resync", [True, False])
def test_float64_runs_agree_to_rounding(resync):
    runner = _run("simplecnn", "float64", steps=30, resync=resync)
    assert runner.ok, str(runner.divergence)
    assert runner.tol == 1e-9
    assert runner.worst()["error"] < 1e-12
    assert max(r.drift for r in runner.records) < 1e-12


def test_adam_with_scheduler_and_batchnorm_agree():
    runner = _run("resnet", "float64", steps=15, optimizer="Adam", kwargs={"lr": 1e-2},
                  scheduler="StepLR", scheduler_kwargs={"step_size": 5, "gamma": 0.5})
    assert runner.ok, str(runner.divergence)
    assert runner.records[-1].lr == pytest.approx(1e-2 * 0.25)
    # eval mode uses the running statistics: still the same logits (free-running twin)
    mg, th = runner.minigrad, runner.th
    mg.model.eval()
    th.model.eval()
    x = X[:20].astype(np.float64)
    out_mg = mg.model(minigrad.from_numpy(x)).detach().numpy()
    with torch.no_grad():
        out_th = th.model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(out_mg, out_th, rtol=1e-9, atol=1e-9)
    assert mg.evaluate(X[:200], Y[:200]) == th.evaluate(X[:200], Y[:200])


def test_every_step_starts_from_torchs_state():
    runner = _runner("resnet", "float32", drift=False)
    batches = batches_from_arrays(X, Y, 32)
    runner.step(*next(batches))
    # knock the checked twin off: weights, running statistics and momentum buffers
    with minigrad.no_grad():
        for p in runner.mg.model.parameters():
            p.mul_(1.5)
        runner.mg.model.bn.running_mean.add_(1.0)
    for state in runner.mg.optimizer.state.values():
        state["momentum_buffer"].mul_(3.0)
    runner.step(*next(batches))
    assert runner.ok, str(runner.divergence)


# -- planted bugs: found at step 0 or 1 with the right layer ---------------------------------
def _scaled(op, which, factor=1 + 1e-3):
    """``op``'s backward rule with gradient number ``which`` scaled by ``factor``."""
    original = op.backward

    def backward(ctx, grad):
        grads = original(ctx, grad)
        grads = list(grads) if isinstance(grads, tuple) else [grads]
        if grads[which] is not None:             # the first conv needs no input gradient
            grads[which] = grads[which] * factor
        return tuple(grads)
    return staticmethod(backward)


@pytest.mark.parametrize("model,op,which,where", [
    # the input gradient of the convolution: features.0 needs none, features.3 is first
    ("simplecnn", ConvOp, 0, (0, "backward", "features.3", "Conv2d", "features.0.weight")),
    # the weight gradient of the convolution
    ("simplecnn", ConvOp, 1, (0, "backward", "features.3", "Conv2d", "features.3.weight")),
    # the weight gradient of a linear layer: the last one is met first walking backward
    ("mlp", LinearOp, 2, (0, "backward", "3", "Linear", "3.weight")),
    ("quickstart", ReluOp, 0,
     (0, "backward", "linear_relu_stack.3", "ReLU", "linear_relu_stack.0.weight")),
    ("simplecnn", MaxPoolOp, 0, (0, "backward", "features.5", "MaxPool2d",
                                 "features.0.weight")),
    ("resnet", NormalizeOp, 0, (0, "backward", "block.bn2", "BatchNorm2d", "conv.weight")),
])
def test_a_1e3_error_in_one_backward_rule_is_found_at_step_0(monkeypatch, model, op, which,
                                                              where):
    monkeypatch.setattr(op, "backward", _scaled(op, which))
    runner = _run(model, steps=5)
    assert _where(runner) == where, str(runner.divergence)
    assert runner.divergence.max_rel == pytest.approx(1e-3, rel=0.2)
    assert len(runner.records) == 1                    # stopped at the breach


def test_planted_wrong_weight_gradient_is_located():
    runner = _runner("mlp")
    weight = runner.mg.model[3].weight
    weight.register_hook(lambda g: g * 1.001)
    runner.run(batches_from_arrays(X, Y, 32), steps=30, progress=False)
    assert _where(runner) == (0, "backward", "3", "Linear", "3.weight")
    assert "parameter gradient differs" in str(runner.divergence)


class _LeakyBackwardRelu(Function):
    """Correct forward, wrong backward (passes 1% of the gradient where x < 0)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.relu()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * ((x > 0).to(grad.dtype) + 0.01 * (x <= 0).to(grad.dtype))


def test_planted_wrong_input_gradient_names_the_layer():
    runner = _runner("quickstart")
    runner.mg.model.linear_relu_stack[3].forward = _LeakyBackwardRelu.apply
    runner.run(batches_from_arrays(X, Y, 32), steps=20, progress=False)
    assert _where(runner) == (0, "backward", "linear_relu_stack.3", "ReLU",
                              "linear_relu_stack.0.weight")


def test_planted_forward_bug_is_found_in_forward_order():
    runner = _runner("simplecnn")
    pool = runner.mg.model.features[5]
    original = type(pool).forward
    pool.forward = lambda x: original(pool, x) * 1.01
    runner.run(batches_from_arrays(X, Y, 32), steps=10, progress=False)
    assert _where(runner)[:4] == (0, "forward", "features.5", "MaxPool2d")


def test_planted_error_between_modules_is_found_at_the_next_decision():
    # the residual sum is no module: a wrong one shows in the input of the ReLU after it
    runner = _runner("resnet")
    block = runner.mg.model.block
    block.forward = lambda x: block.relu(block.bn2(block.conv2(block.relu(block.bn1(
        block.conv1(x))))) + x * 1.001)
    runner.run(batches_from_arrays(X, Y, 32), steps=5, progress=False)
    assert _where(runner)[:4] == (0, "forward", "block.relu", "ReLU")
    assert "input differs" in runner.divergence.detail


def test_planted_wrong_optimizer_update_is_found_at_step_1(monkeypatch):
    original = MinigradSGD._momentum

    def dampened(self, p, grad, momentum, dampening, nesterov):     # dampening = momentum
        return original(self, p, grad, momentum, momentum, nesterov)
    monkeypatch.setattr(MinigradSGD, "_momentum", dampened)
    runner = _run("mlp", steps=5)
    assert _where(runner) == (1, "optimizer", "1", "Linear", "1.weight")
    assert "parameter update differs" in str(runner.divergence)


def test_planted_wrong_optimizer_state_is_found_at_step_0(monkeypatch):
    # the update is right, the stored momentum buffer is not: resync alone would hide it
    original = MinigradSGD._momentum

    def stores_wrong_buffer(self, p, grad, momentum, dampening, nesterov):
        update = np.array(original(self, p, grad, momentum, dampening, nesterov))
        self.state[p]["momentum_buffer"].mul_(1.001)
        return update
    monkeypatch.setattr(MinigradSGD, "_momentum", stores_wrong_buffer)
    runner = _run("mlp", steps=5)
    assert _where(runner) == (0, "optimizer", "1", "Linear", "1.weight")
    assert "optimizer state 'momentum_buffer' differs" in str(runner.divergence)


def test_planted_wrong_batchnorm_buffer_update_is_found_at_step_0(monkeypatch):
    original = mg_norm._update_running
    monkeypatch.setattr(mg_norm, "_update_running",
                        lambda running, value, momentum: original(running, value, momentum * 1.1))
    runner = _run("resnet", steps=5)
    assert _where(runner) == (0, "forward", "bn", "BatchNorm2d", "bn.running_mean")
    assert "buffer update differs" in str(runner.divergence)


def test_planted_wrong_scheduler_is_found():
    runner = _runner("mlp", scheduler="StepLR", scheduler_kwargs={"step_size": 2, "gamma": 0.5})
    runner.mg.scheduler.gamma = 0.6
    runner.run(batches_from_arrays(X, Y, 32), steps=10, progress=False)
    assert _where(runner)[:2] == (1, "scheduler")
    assert "learning rate after the scheduler step" in str(runner.divergence)


def test_dropout_masks_are_shared():
    runner = _runner("simplecnn", "float64", model_kwargs={"image_size": 8, "dropout": 0.5})
    runner.step(X[:16], Y[:16])
    assert runner.ok
    # negative control: torch's own dropout draws a different mask
    for side in (runner.mg, runner.th):
        for module in side.model.modules():
            module.__dict__.pop("forward", None)
    runner.step(X[16:32], Y[16:32])
    assert _where(runner)[:4] == (1, "forward", "classifier.3", "Dropout")


def test_free_running_mode_checks_the_unsynced_pair():
    # without resync a changed hyper-parameter persists: the old strict lock-step finds it
    runner = _runner("mlp", "float64", resync=False)
    assert runner.free is None and runner.minigrad is runner.mg
    runner.run(batches_from_arrays(X, Y, 32), steps=3, progress=False)
    runner.mg.optimizer.param_groups[0]["momentum"] = 0.8
    runner.run(batches_from_arrays(X, Y, 32), steps=10, progress=False)
    assert _where(runner)[:4] == (3, "optimizer", "1", "Linear")
    assert runner.result()["mode"] == "free"


# -- the float64 referee -------------------------------------------------------------------
def test_referee_clears_rounding_that_torch_float32_gets_wrong():
    # a stand-in for an imprecise float32 torch kernel: torch's gradient off by 3e-4
    runner = _runner("mlp", stop_on_breach=False, drift=False)
    runner.th.model[3].weight.register_hook(lambda g: g * (1 + 3e-4))
    runner.run(batches_from_arrays(X, Y, 32), steps=3, progress=False)
    assert runner.ok, str(runner.divergence)
    for record in runner.records:
        difference, err_minigrad, err_torch = record.refereed["gradient of '3.weight'"]
        assert difference == pytest.approx(3e-4, rel=0.05)
        assert err_torch == pytest.approx(3e-4, rel=0.05) and err_minigrad < 1e-5
        assert record.error < runner.tol              # the cleared quantity is set aside
    assert runner.result()["refereed"]["steps"] == 3


def test_referee_does_not_clear_a_real_disagreement(monkeypatch):
    monkeypatch.setattr(LinearOp, "backward", _scaled(LinearOp, 2))   # minigrad: 1e-3 off
    runner = _runner("mlp")
    runner.th.model[3].weight.register_hook(lambda g: g * (1 + 3e-4))   # torch: 3e-4 off
    runner.run(batches_from_arrays(X, Y, 32), steps=3, progress=False)
    assert _where(runner) == (0, "backward", "3", "Linear", "3.weight")
    assert runner.referee is not None


def test_no_referee_for_float64_or_clean_steps():
    runner = _run("mlp", "float64", steps=5, tol=0.0, stop_on_breach=False)
    assert runner.referee is None and not runner.ok
    assert _run("mlp", steps=5).referee is None


# -- drift: reported, never a failure ---------------------------------------------------------
def test_drift_of_the_free_running_twin_is_information():
    runner = _runner("simplecnn", stop_on_breach=False)
    batches = batches_from_arrays(X, Y, 32, epochs=2)
    runner.run(batches, steps=10, progress=False)
    assert max(r.drift for r in runner.records) < runner.tol
    # push the free-running twin off its trajectory by more than rounding
    with minigrad.no_grad():
        for p in runner.free.model.parameters():
            p.add_(minigrad.from_numpy(np.random.default_rng(0).normal(
                0, 0.05, tuple(p.shape)).astype(np.float32)))
    runner.run(batches, steps=20, progress=False)
    assert runner.ok, str(runner.divergence)
    summary = runner.result()["drift"]
    assert summary["onset"] == 10 and summary["value"] > runner.tol
    assert summary["flips"] and all(k.startswith(("features.", "classifier."))
                                    for k in summary["flips"])
    assert sum(summary["flips"].values()) == sum(runner.records[10].flips.values()) > 0


def test_drift_summary_finds_the_first_step_above_tolerance():
    rows = [{"step": i, "drift": d, "drift_at": "x", "flips": f} for i, (d, f) in enumerate(
        [(1e-7, {}), (2e-7, {"a": 1}), (3e-2, {"b": 2}), (1e-6, {})])]
    s = drift_summary(rows, 1e-4)
    assert (s["onset"], s["value"], s["flips"], s["flips_before"], s["flips_total"]) == \
        (2, 3e-2, {"b": 2}, 1, 3)
    assert drift_summary(rows[:2], 1e-4)["onset"] is None
    assert drift_summary([], 1e-4) is None


# -- the comparison rules ----------------------------------------------------------------------
def test_diff_is_relative_to_the_largest_value():
    a, b = np.array([1.0, 2.0, 0.0]), np.array([1.0, 2.5, 0.0])
    max_abs, max_rel, breached = diff(a, b, 1e-3)
    assert max_abs == 0.5 and max_rel == pytest.approx(0.2) and breached
    assert diff(a, a, 1e-12)[2] is False
    # a small element's error counts against the tensor's scale, not its own
    assert diff(np.array([100.0, 1e-6]), np.array([100.0, 2e-6]), 1e-4)[2] is False
    assert diff(np.array([np.nan]), np.array([1.0]), 1.0)[2] is True
    assert diff(np.zeros(2), np.zeros(3), 1.0)[2] is True


def test_update_diff_forgives_one_rounding_of_the_stored_value():
    before = np.array([0.5, -0.25], np.float32)
    after = before - np.float32(1e-2)
    next_up = np.nextafter(after, np.float32(np.inf))
    assert update_diff(next_up, after, before, 1e-4)[2] is False     # one ulp: rounding
    assert update_diff(next_up, after, before, 0.0)[2] is False
    wrong = before - np.float32(1.001e-2)
    max_abs, rel, breached = update_diff(wrong, after, before, 1e-4)
    assert breached and rel == pytest.approx(1e-3, rel=0.1)
    assert update_diff(np.array(3), np.array(3), np.array(2), 0.0)[2] is False
    assert update_diff(np.array(4), np.array(3), np.array(2), 0.0)[2] is True


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU for the torch twin")
def test_lockstep_with_torch_on_cuda():
    runner = _runner("simplecnn", "float64", device="cuda")
    runner.run(batches_from_arrays(X, Y, 32), steps=20, progress=False)
    assert runner.config["device"] == "cuda"
    assert runner.ok, str(runner.divergence)


def test_cuda_request_without_gpu_is_a_clear_error():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="CUDA was requested"):
        LockstepRunner("mlp", device="cuda")
