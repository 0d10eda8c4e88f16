"""Lock-step runs: minigrad and torch agree step by step, and divergences are located."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd import Function

from bridge.data import load_digits
from bridge.lockstep import LockstepRunner, batches_from_arrays, diff

X, Y, _, _ = load_digits(image_size=8)
SGD = {"lr": 0.05, "momentum": 0.9}


def _run(model, dtype, steps=50, optimizer="SGD", kwargs=SGD, batch_size=32, **extra):
    runner = LockstepRunner(model, optimizer, kwargs, dtype=dtype, device="cpu",
                            model_kwargs={"image_size": 8}, **extra)
    runner.run(batches_from_arrays(X, Y, batch_size, epochs=5), steps=steps, progress=False)
    return runner


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("model", ["mlp", "simplecnn"])
def test_fifty_steps_agree(model, dtype):
    runner = _run(model, dtype)
    assert runner.ok, str(runner.divergence)
    assert len(runner.records) == 50
    tol = 1e-9 if dtype == "float64" else 1e-4
    assert runner.tol == tol
    assert max(r.param_abs for r in runner.records) <= 2 * tol
    # training really happened: the loss went down and parameters moved
    assert runner.records[-1].loss_torch < runner.records[0].loss_torch


def test_adam_with_scheduler_and_batchnorm_agree():
    runner = _run("resnet", "float64", steps=15, optimizer="Adam", kwargs={"lr": 1e-2},
                  scheduler="StepLR", scheduler_kwargs={"step_size": 5, "gamma": 0.5})
    assert runner.ok, str(runner.divergence)
    assert runner.records[-1].lr == pytest.approx(1e-2 * 0.25)
    # eval mode uses the running statistics: still the same logits
    runner.mg.model.eval()
    runner.th.model.eval()
    x = X[:20].astype(np.float64)
    out_mg = runner.mg.model(minigrad.from_numpy(x)).detach().numpy()
    with torch.no_grad():
        out_th = runner.th.model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(out_mg, out_th, rtol=1e-9, atol=1e-9)
    assert runner.mg.evaluate(X[:200], Y[:200]) == runner.th.evaluate(X[:200], Y[:200])


def test_dropout_masks_are_shared():
    runner = LockstepRunner("simplecnn", "SGD", SGD, dtype="float64",
                            model_kwargs={"image_size": 8, "dropout": 0.5})
    runner.step(X[:16], Y[:16])
    assert runner.ok
    # negative control: torch's own dropout draws a different mask
    for side in (runner.mg, runner.th):
        for module in side.model.modules():
            module.__dict__.pop("forward", None)
    runner.step(X[16:32], Y[16:32])
    assert not runner.ok
    assert runner.divergence.phase == "forward"
    assert runner.divergence.layer == "classifier.3"
    assert runner.divergence.layer_type == "Dropout"


def test_planted_wrong_weight_gradient_is_located():
    runner = LockstepRunner("mlp", "SGD", SGD, dtype="float64",
                            model_kwargs={"image_size": 8})
    weight = runner.mg.model[3].weight
    weight.register_hook(lambda g: g * 1.001 if runner.step_index >= 7 else g)
    runner.run(batches_from_arrays(X, Y, 32), steps=30, progress=False)
    d = runner.divergence
    assert d is not None
    assert (d.step, d.phase, d.layer, d.layer_type, d.parameter) == \
        (7, "backward", "3", "Linear", "3.weight")
    assert len(runner.records) == 8          # stopped at the breach


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
    runner = LockstepRunner("quickstart", "SGD", SGD, dtype="float64",
                            model_kwargs={"image_size": 8})
    relu = runner.mg.model.linear_relu_stack[3]
    relu.forward = lambda x: _LeakyBackwardRelu.apply(x) if runner.step_index >= 4 \
        else x.relu()
    runner.run(batches_from_arrays(X, Y, 32), steps=20, progress=False)
    d = runner.divergence
    assert d is not None
    assert (d.step, d.phase, d.layer, d.layer_type) == \
        (4, "backward", "linear_relu_stack.3", "ReLU")
    assert d.parameter == "linear_relu_stack.0.weight"


def test_planted_forward_bug_is_found_in_forward_order():
    runner = LockstepRunner("simplecnn", "SGD", SGD, dtype="float32",
                            model_kwargs={"image_size": 8})
    pool = runner.mg.model.features[5]
    original = type(pool).forward
    pool.forward = lambda x: original(pool, x) * (1.01 if runner.step_index >= 2 else 1.0)
    runner.run(batches_from_arrays(X, Y, 32), steps=10, progress=False)
    d = runner.divergence
    assert (d.step, d.phase, d.layer, d.layer_type) == (2, "forward", "features.5", "MaxPool2d")


def test_optimizer_divergence_is_reported():
    runner = LockstepRunner("mlp", "SGD", SGD, dtype="float64",
                            model_kwargs={"image_size": 8})
    runner.run(batches_from_arrays(X, Y, 32), steps=3, progress=False)
    runner.mg.optimizer.param_groups[0]["momentum"] = 0.8
    runner.run(batches_from_arrays(X, Y, 32), steps=10, progress=False)
    d = runner.divergence
    assert (d.step, d.phase, d.parameter, d.layer) == (3, "optimizer", "1.weight", "1")


def test_diff_definition():
    a, b = np.array([1.0, 2.0, 0.0]), np.array([1.0, 2.5, 0.0])
    max_abs, max_rel, breached = diff(a, b, 1e-3)
    assert max_abs == 0.5 and max_rel == pytest.approx(0.2) and breached
    assert diff(a, a, 1e-12)[2] is False
    assert diff(np.array([np.nan]), np.array([1.0]), 1.0)[2] is True


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU for the torch twin")
def test_lockstep_with_torch_on_cuda():
    runner = LockstepRunner("simplecnn", "SGD", SGD, dtype="float64", device="cuda",
                            model_kwargs={"image_size": 8})
    runner.run(batches_from_arrays(X, Y, 32), steps=20, progress=False)
    assert runner.config["device"] == "cuda"
    assert runner.ok, str(runner.divergence)


def test_cuda_request_without_gpu_is_a_clear_error():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="CUDA was requested"):
        LockstepRunner("mlp", device="cuda")
