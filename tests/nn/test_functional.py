"""nn.functional odds and ends, nn.utils, and a tutorial-style training loop."""
from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, pair


@settings(max_examples=15)
@given(pads=st.lists(st.integers(-1, 2), min_size=2, max_size=6).filter(
    lambda p: len(p) % 2 == 0), value=st.sampled_from([0.0, 1.5]))
def test_constant_pad(pads, value):
    x = np.random.default_rng(len(pads)).standard_normal((2, 3, 4))
    a, t = pair(x)
    out_mg = F.pad(a, pads, value=value)
    out_th = torch.nn.functional.pad(t, pads, value=value)
    assert_close(out_mg, out_th)
    g = np.random.default_rng(0).standard_normal(out_th.shape)
    out_mg.backward(minigrad.tensor(g))
    out_th.backward(torch.tensor(g))
    assert_close(a.grad, t.grad)


@pytest.mark.parametrize("fn,kwargs", [
    ("normalize", {}), ("normalize", {"p": 1.0, "dim": 0}), ("relu", {}), ("relu6", {}),
    ("leaky_relu", {"negative_slope": 0.3}), ("gelu", {"approximate": "tanh"}), ("silu", {}),
    ("elu", {"alpha": 2.0}), ("softplus", {"beta": 3.0}), ("logsigmoid", {}),
    ("softmax", {"dim": 0}), ("log_softmax", {"dim": 1}), ("softmin", {"dim": 1}),
    ("hardtanh", {"min_val": -0.3, "max_val": 0.2}), ("sigmoid", {}), ("tanh", {})])
def test_pointwise_functionals(fn, kwargs):
    x = np.random.default_rng(3).standard_normal((3, 5)) * 2
    a, t = pair(x)
    out_mg = getattr(F, fn)(a, **kwargs)
    out_th = getattr(torch.nn.functional, fn)(t, **kwargs)
    assert_close(out_mg, out_th)
    out_mg.sum().backward()
    out_th.sum().backward()
    assert_close(a.grad, t.grad)
    if out_th.grad_fn is not None and fn not in ("normalize",):
        assert out_mg.grad_fn.name() == out_th.grad_fn.name(), fn


def test_inplace_functionals_modify_their_input():
    x = minigrad.tensor([-1.0, 2.0])
    assert F.relu(x, inplace=True) is x and x.tolist() == [0.0, 2.0]
    y = minigrad.tensor([-1.0, 2.0])
    F.leaky_relu(y, 0.5, inplace=True)
    assert y.tolist() == [-0.5, 2.0]


def test_functional_conv_pool_batchnorm_layernorm_against_torch():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 4, 7, 6)), rng.standard_normal((6, 2, 3, 2)), \
        rng.standard_normal(6)
    (xa, xt), (wa, wt), (ba, bt) = pair(x), pair(w), pair(b)
    out_mg = F.conv2d(xa, wa, ba, stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    out_th = torch.nn.functional.conv2d(xt, wt, bt, stride=(2, 1), padding=(1, 2),
                                        dilation=(1, 2), groups=2)
    out_mg = F.max_pool2d(F.avg_pool2d(out_mg, 2, 1, 1, ceil_mode=True), 2, ceil_mode=True)
    out_th = torch.nn.functional.max_pool2d(
        torch.nn.functional.avg_pool2d(out_th, 2, 1, 1, ceil_mode=True), 2, ceil_mode=True)
    rm, rv = np.zeros(6), np.ones(6)
    rm_mg, rv_mg = minigrad.tensor(rm), minigrad.tensor(rv)
    rm_th, rv_th = torch.tensor(rm), torch.tensor(rv)
    out_mg = F.batch_norm(out_mg, rm_mg, rv_mg, training=True, momentum=0.3)
    out_th = torch.nn.functional.batch_norm(out_th, rm_th, rv_th, training=True, momentum=0.3)
    out_mg = F.layer_norm(out_mg, out_mg.shape[-2:])
    out_th = torch.nn.functional.layer_norm(out_th, out_th.shape[-2:])
    assert_close(out_mg, out_th)
    assert_close(rm_mg, rm_th)
    assert_close(rv_mg, rv_th)
    (out_mg * out_mg).sum().backward()
    (out_th * out_th).sum().backward()
    for a, t in [(xa, xt), (wa, wt), (ba, bt)]:
        assert_close(a.grad, t.grad, rtol=1e-8, atol=1e-9)


def test_functional_dropout():
    minigrad.manual_seed(0)
    x = minigrad.ones(1000)
    assert F.dropout(x, 0.5, training=False) is x
    out = F.dropout(x, 0.25).numpy()
    assert set(np.unique(out)) <= {0.0, np.float32(1 / 0.75)}
    with pytest.raises(ValueError, match="dropout probability"):
        F.dropout(x, -0.1)


def test_clip_grad_norm_and_value_match_torch():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((3, 4)), rng.standard_normal(5)]
    for norm_type in (2.0, 1.0, float("inf")):
        mg = [nn.Parameter(minigrad.tensor(a)) for a in arrays]
        th = [torch.nn.Parameter(torch.tensor(a)) for a in arrays]
        for p, a in zip(mg, arrays, strict=False):
            p.grad = minigrad.tensor(a * 3)
        for p, a in zip(th, arrays, strict=False):
            p.grad = torch.tensor(a * 3)
        total_mg = nn.utils.clip_grad_norm_(mg, 1.5, norm_type)
        total_th = torch.nn.utils.clip_grad_norm_(th, 1.5, norm_type)
        assert_close(total_mg, total_th)
        for p, q in zip(mg, th, strict=False):
            assert_close(p.grad, q.grad)
    mg = [nn.Parameter(minigrad.tensor(arrays[0]))]
    mg[0].grad = minigrad.tensor(arrays[0])
    nn.utils.clip_grad_value_(mg, 0.5)
    assert np.abs(mg[0].grad.numpy()).max() <= 0.5
    vec = nn.utils.parameters_to_vector(mg)
    assert vec.shape == (12,)


def _quickstart_run(torch_like, X, y, init_state=None):
    """The quickstart tutorial's model and train loop, written once for either library."""
    nn_ = torch_like.nn

    class NeuralNetwork(nn_.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn_.Flatten()
            self.linear_relu_stack = nn_.Sequential(
                nn_.Linear(28 * 28, 64), nn_.ReLU(), nn_.Linear(64, 64), nn_.ReLU(),
                nn_.Linear(64, 10))

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    device = "cpu"
    model = NeuralNetwork().to(device)
    if init_state is not None:
        model.load_state_dict({k: torch_like.tensor(v) for k, v in init_state.items()})
    loss_fn = nn_.CrossEntropyLoss()
    optimizer = torch_like.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    model.train()
    for _epoch in range(4):
        for start in range(0, len(X), 64):
            Xb = torch_like.tensor(X[start:start + 64]).to(device)
            yb = torch_like.tensor(y[start:start + 64]).to(device)
            pred = model(Xb)
            loss = loss_fn(pred, yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
    model.eval()
    with torch_like.no_grad():
        pred = model(torch_like.tensor(X))
        correct = (pred.argmax(1) == torch_like.tensor(y)).type(torch_like.float).sum().item()
    return model, losses, correct


def test_quickstart_training_loop_matches_torch_step_by_step():
    rng = np.random.default_rng(0)
    X = rng.random((256, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 256)
    torch.manual_seed(0)
    probe = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Sequential(
        torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10)))
    state = {"linear_relu_stack." + k[2:]: v.detach().numpy().copy()
             for k, v in probe.state_dict().items()}
    _, losses_th, correct_th = _quickstart_run(torch, X, y, state)
    model, losses_mg, correct_mg = _quickstart_run(minigrad, X, y, state)
    np.testing.assert_allclose(losses_mg, losses_th, rtol=2e-4, atol=1e-5)
    assert losses_mg[-1] < losses_mg[0]
    assert abs(correct_mg - correct_th) <= 2
    clone = copy.deepcopy(model)
    assert isinstance(clone.linear_relu_stack[0].weight, nn.Parameter)
    assert list(clone.state_dict()) == list(model.state_dict())


def test_blitz_graph_walk_names_match_torch():
    """The 60-minute blitz walks loss.grad_fn.next_functions: the node names must agree."""
    def walk(lib):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.ReLU(), lib.nn.Linear(3, 2))
        out = net(lib.randn(1, 4))
        loss = lib.nn.MSELoss()(out, lib.randn(1, 2))
        names = [loss.grad_fn.name()]
        node = loss.grad_fn.next_functions[0][0]
        names.append(node.name())
        names.append(node.next_functions[0][0].name())
        return names
    assert walk(minigrad) == walk(torch)


def test_learning_pytorch_with_examples_nn_snippet():
    rng = np.random.default_rng(0)
    xs = np.linspace(-np.pi, np.pi, 200).astype(np.float32)
    ys = np.sin(xs)

    def fit(lib, w0, b0):
        x, y = lib.tensor(xs), lib.tensor(ys)
        p = lib.tensor([1, 2, 3])
        xx = x.unsqueeze(-1).pow(p)
        model = lib.nn.Sequential(lib.nn.Linear(3, 1), lib.nn.Flatten(0, 1))
        model.load_state_dict({"0.weight": lib.tensor(w0), "0.bias": lib.tensor(b0)})
        loss_fn = lib.nn.MSELoss(reduction="sum")
        for _t in range(30):
            loss = loss_fn(model(xx), y)
            model.zero_grad()
            loss.backward()
            with lib.no_grad():
                for param in model.parameters():
                    param -= 1e-6 * param.grad
        layer = model[0]
        return loss.item(), layer.bias.item(), layer.weight[:, 0].item()

    w0 = rng.standard_normal((1, 3)).astype(np.float32)
    b0 = rng.standard_normal(1).astype(np.float32)
    np.testing.assert_allclose(fit(minigrad, w0, b0), fit(torch, w0, b0), rtol=1e-4)

    class Polynomial(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Parameter(minigrad.randn(()))
            self.b = nn.Parameter(minigrad.randn(()))

        def forward(self, x):
            return self.a + self.b * x

    model = Polynomial()
    assert [n for n, _ in model.named_parameters()] == ["a", "b"]
    out = model(minigrad.tensor(xs, dtype=minigrad.float32))
    nn.MSELoss(reduction="sum")(out, minigrad.tensor(ys, dtype=minigrad.float32)).backward()
    assert model.a.grad.shape == () and isinstance(model.a.item(), float)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("pads", [(1, 2), (2, 0, 1, 1), (0, 1, 2, 1)])
def test_copy_padding_modes(mode, pads):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)[4 - len(pads) // 2 - 2:])
    a, t = pair(x)
    out_mg = F.pad(a, pads, mode=mode)
    out_th = torch.nn.functional.pad(t, pads, mode=mode)
    assert_close(out_mg, out_th)
    g = np.random.default_rng(1).standard_normal(out_th.shape)
    out_mg.backward(minigrad.tensor(g))
    out_th.backward(torch.tensor(g))
    assert_close(a.grad, t.grad)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, (2, 1), "same"])
def test_conv_padding_modes(mode, padding):
    from nn_helpers import check_module, copy_weights
    for name, shape in (("Conv2d", (2, 2, 5, 6)), ("Conv1d", (2, 2, 7))):
        th = getattr(torch.nn, name)(2, 3, 3, padding=padding if name == "Conv2d" or
                                     not isinstance(padding, tuple) else 2,
                                     padding_mode=mode).double()
        mg = getattr(nn, name)(2, 3, 3, padding=padding if name == "Conv2d" or
                               not isinstance(padding, tuple) else 2, padding_mode=mode).double()
        copy_weights(th, mg)
        assert repr(mg) == repr(th)
        check_module(mg, th, [np.random.default_rng(2).standard_normal(shape)])
