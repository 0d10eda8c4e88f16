"""Activation layers of issue 12 against torch: reprs, values, gradients, in-place forms,
random slopes, errors.  Their functional forms are rows of the op table
(tests/core/op_specs_nn.py), which also checks float64 finite differences and second
derivatives."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, build, check_module, data

DTYPES = [np.float64, np.float32]
LAYERS = [
    ("SELU", (), {}), ("SELU", (), {"inplace": True}), ("CELU", (0.5,), {}),
    ("CELU", (), {"inplace": True}), ("Threshold", (0.1, 20.0), {}),
    ("Threshold", (0.1, 2), {"inplace": True}), ("Hardshrink", (), {}), ("Hardshrink", (0.3,), {}),
    ("Softshrink", (), {}), ("Softshrink", (1,), {}), ("Hardsigmoid", (), {}),
    ("Hardsigmoid", (True,), {}), ("Hardswish", (), {}), ("Mish", (), {}),
    ("Mish", (), {"inplace": True}), ("Softsign", (), {}), ("Tanhshrink", (), {}),
    ("GLU", (), {}), ("GLU", (1,), {}), ("Softmax2d", (), {}), ("PReLU", (), {}),
    ("PReLU", (4, 0.1), {}), ("RReLU", (0.1, 0.3), {}), ("RReLU", (), {"inplace": True}),
    ("ELU", (2.0,), {"inplace": True}), ("LeakyReLU", (0.2, True), {}),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,args,kwargs", LAYERS)
def test_layer_matches_torch(name, args, kwargs, dtype):
    mg, th = build(name, *args, dtype=dtype, **kwargs)
    mg.eval(), th.eval()                      # RReLU: the fixed slope (lower + upper) / 2
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    x = data((3, 4, 2, 6), dtype) * 3
    x[np.abs(np.abs(x) - 0.5) < 0.05] += 0.2  # away from the kinks at +-0.5, +-3 and 0.1
    x[np.abs(np.abs(x) - 3) < 0.05] += 0.2
    x[np.abs(x - 0.1) < 0.05] += 0.2
    x[np.abs(x) < 0.05] += 0.2
    if kwargs.get("inplace") or any(a is True for a in args):
        # in-place layers write into a non-leaf: compare through a clone
        mg_x, th_x = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out_mg, out_th = mg(mg_x * 1), th(th_x * 1)
        assert out_mg.grad_fn.name() == out_th.grad_fn.name()
        assert_close(out_mg, out_th, dtype)
        g = data(out_th.shape, dtype, seed=1)
        out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
        assert_close(mg_x.grad, th_x.grad, dtype)
        return
    check_module(mg, th, [x], dtype)
    out_mg, out_th = mg(minigrad.tensor(x, requires_grad=True)), th(torch.tensor(
        x, requires_grad=True))
    assert out_mg.grad_fn.name() == out_th.grad_fn.name()


def test_inplace_functional_forms():
    for name, args in [("elu_", ()), ("selu_", ()), ("celu_", (0.5,)), ("leaky_relu_", (0.3,)),
                       ("hardtanh_", (-0.5, 0.5)), ("relu_", ()), ("threshold_", (0.1, 5.0)),
                       ("rrelu_", (0.1, 0.2))]:
        x = data((4, 5))
        mg_x, th_x = minigrad.tensor(x), torch.tensor(x)
        out = getattr(F, name)(mg_x, *args)
        getattr(torch.nn.functional, name)(th_x, *args)
        assert out is mg_x, name
        assert_close(mg_x, th_x)


def test_rrelu_training_draws_slopes_in_range_and_backpropagates_them():
    x = minigrad.tensor(-np.linspace(0.1, 3, 1000), requires_grad=True)
    layer = nn.RReLU(0.1, 0.3)
    out = layer(x)
    slopes = out.detach().numpy() / x.detach().numpy()
    assert 0.1 <= slopes.min() and slopes.max() <= 0.3 and slopes.std() > 0.03
    assert out.grad_fn.name() == "RreluWithNoiseBackward0"
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), slopes)
    positive = minigrad.tensor([1.0, 2.0])
    np.testing.assert_array_equal(layer(positive).numpy(), [1.0, 2.0])


def test_prelu_learns_per_channel_slopes_like_torch():
    mg, th = build("PReLU", 3, dtype=np.float32)
    mg_opt = minigrad.optim.SGD(mg.parameters(), lr=0.5)
    th_opt = torch.optim.SGD(th.parameters(), lr=0.5)
    x = data((8, 3, 5), np.float32)
    for _ in range(3):
        for layer, opt, lib in ((mg, mg_opt, minigrad), (th, th_opt, torch)):
            opt.zero_grad()
            layer(lib.tensor(x)).square().mean().backward()
            opt.step()
    assert_close(mg.weight, th.weight, np.float32)
    assert mg.weight.dtype == minigrad.float32


def test_gumbel_softmax_samples_and_straight_through_gradient():
    minigrad.manual_seed(3)
    logits = minigrad.tensor(np.log([[0.7, 0.2, 0.1]] * 2000), requires_grad=True)
    soft = F.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.sum(-1).detach().numpy(), 1, rtol=1e-6)
    hard = F.gumbel_softmax(logits, hard=True)
    values = hard.detach().numpy()
    assert set(np.unique(values)) == {0.0, 1.0} and (values.sum(-1) == 1).all()
    np.testing.assert_allclose(values.mean(0), [0.7, 0.2, 0.1], atol=0.04)  # Gumbel-max
    (hard * minigrad.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert logits.grad is not None and np.abs(logits.grad.numpy()).sum() > 0


def test_errors_match_torch():
    x = minigrad.randn(5, 3)
    cases = [
        (lambda lib: lib.nn.functional.glu(lib.ones(5, 3), 1), RuntimeError),
        (lambda lib: lib.nn.functional.glu(lib.tensor(1.0)), RuntimeError),
        (lambda lib: lib.nn.functional.prelu(lib.ones(5, 4, 3), lib.ones(3)), RuntimeError),
        (lambda lib: lib.nn.functional.prelu(lib.ones(5, 4), lib.ones(2, 2)), RuntimeError),
        (lambda lib: lib.nn.functional.hardtanh(lib.ones(2), 2, 1), ValueError),
        (lambda lib: lib.nn.functional.softshrink(lib.ones(2), -1), RuntimeError),
        (lambda lib: lib.nn.functional.softshrink(lib.ones(2).double(), -0.5), RuntimeError),
        (lambda lib: lib.nn.functional.rrelu(lib.ones(2), 0.5, 0.1, True), RuntimeError),
        (lambda lib: lib.nn.Softmax2d()(lib.ones(3, 3)), ValueError),
        (lambda lib: lib.nn.GLU(3)(lib.ones(5, 4)), IndexError),
    ]
    for case, error in cases:
        with pytest.raises(error) as want:
            case(torch)
        with pytest.raises(error, match=_escaped(str(want.value))):
            case(minigrad)
    assert x is not None


def _escaped(message: str) -> str:
    import re
    return "^" + re.escape(message) + "$"


CLAMPING = {
    "relu": lambda lib, x: lib.relu(x),
    "clamp min": lambda lib, x: lib.clamp(x, min=0),
    "clamp max": lambda lib, x: lib.clamp(x, max=0),
    "clamp both": lambda lib, x: lib.clamp(x, -1, 6),
    "clamp min > max": lambda lib, x: lib.clamp(x, 6, 0),
    "relu6": lambda lib, x: lib.nn.functional.relu6(x),
    "hardtanh": lambda lib, x: lib.nn.functional.hardtanh(x, -1.5, 2.5),
    "hardtanh in place": lambda lib, x: lib.nn.functional.hardtanh(x.clone(), -1.5, 2.5, True),
    "hardtanh_": lambda lib, x: lib.nn.functional.hardtanh_(x.clone(), -1.5, 2.5),
    "ReLU6": lambda lib, x: lib.nn.ReLU6()(x),
}
EDGES = [-0.0, 0.0, float("nan"), float("inf"), -float("inf"), -3.0, -1.5, 2.5, 7.0]


@pytest.mark.parametrize("name", CLAMPING)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_clamping_keeps_signed_zeros_and_nan_like_torch(name, dtype):
    """relu(-0.0) is -0.0 in torch, and so is clamp(-0.0, min=0): on a tie the input wins.
    Long enough (40 elements) that NumPy takes its vector loop as well as its tail loop."""
    values = EDGES * 5
    want = CLAMPING[name](torch, torch.tensor(values, dtype=getattr(torch, dtype))).numpy()
    got = CLAMPING[name](minigrad, minigrad.tensor(values, dtype=getattr(minigrad, dtype))).numpy()
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("name", [n for n in CLAMPING if "clamp" not in n])
@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "uint8"])
def test_relu_and_hardtanh_keep_an_integer_dtype(name, dtype):
    """torch's hardtanh turns its bounds into integers (truncating -1.5 to -1) for integer
    inputs, so relu6 and hardtanh of an integer tensor stay integers."""
    values = [0, 1, 2, 3, 7, 200] if dtype == "uint8" else [-3, -1, 0, 1, 2, 3, 7]
    case = CLAMPING[name]
    if dtype == "uint8" and "hardtanh" in name:                 # no negative bound for uint8
        case = lambda lib, x: lib.nn.functional.hardtanh(x, 0.5, 2.5)      # noqa: E731
    want = case(torch, torch.tensor(values, dtype=getattr(torch, dtype)))
    got = case(minigrad, minigrad.tensor(values, dtype=getattr(minigrad, dtype)))
    assert str(got.dtype) == str(want.dtype).replace("torch", "minigrad")
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize("case", [
    lambda lib: lib.nn.functional.hardtanh(lib.tensor([1, 2], dtype=lib.uint8), -1.5, 1.0),
    lambda lib: lib.nn.functional.hardtanh_(lib.tensor([1, 2], dtype=lib.uint8), -2.0, 1.0),
    lambda lib: lib.nn.functional.hardtanh(lib.tensor([1, 2]), -1.0, float("inf")),
    lambda lib: lib.nn.functional.hardtanh(lib.tensor([1, 2]), -1, 2 ** 63),
    lambda lib: lib.tensor([1, 2]).clamp_(-1.5, 1.5),
    lambda lib: lib.tensor([1, 2], dtype=lib.int16).clamp_(max=1.5),
    lambda lib: lib.tensor([True, False]).clamp_(min=0.5),
], ids=["uint8 negative bound", "uint8 negative bound in place", "infinite bound",
        "bound beyond int64",
        "clamp_ of int64 to floats", "clamp_ of int16 to a float", "clamp_ of bool to a float"])
def test_integer_clamping_errors_match_torch(case):
    with pytest.raises(RuntimeError) as want:
        case(torch)
    with pytest.raises(RuntimeError, match=_escaped(str(want.value))):
        case(minigrad)


@pytest.mark.parametrize("name,args", [
    ("leaky_relu", (0.2,)), ("elu", ()), ("selu", ()), ("celu", (0.7,)), ("softplus", (2, 5)),
    ("threshold", (0.1, -3.0)), ("hardshrink", (0.5,)),
])
def test_large_inputs_choose_like_torch(name, args):
    """Above ops.SELECT_MIN_SIZE elements these choose between branches on the bits (see
    ops.select); values and gradients still match torch, NaN, infinities and -0.0 included."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 80)) * 3
    x.flat[:5] = [np.nan, -0.0, 0.0, np.inf, -np.inf]
    g = rng.standard_normal(x.shape)
    results = []
    for lib in (torch, minigrad):
        xt = lib.tensor(x, dtype=lib.float32, requires_grad=True)
        out = getattr(lib.nn.functional, name)(xt, *args)
        out.backward(lib.tensor(g, dtype=lib.float32))
        results.append((out.detach().numpy(), xt.grad.numpy()))
    (out_want, grad_want), (out_got, grad_got) = results
    np.testing.assert_allclose(out_got, out_want, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(np.signbit(out_got.flat[1:3]), np.signbit(out_want.flat[1:3]))
    # at NaN torch's own gradient depends on the element's place (vector loop or tail)
    np.testing.assert_allclose(grad_got.flat[1:], grad_want.flat[1:], rtol=1e-6, atol=1e-7)
