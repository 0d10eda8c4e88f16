"""Conv3d and the transposed convolutions (ConvTranspose1d/2d/3d, F.conv3d,
F.conv_transpose1d/2d/3d) against torch: values, dtypes, input and parameter gradients,
output_size, float64 gradcheck, init, reprs, state_dict keys and torch's errors."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from nn_helpers import assert_close, build, check_module, data, errors_under_both

DTYPES = [np.float64, np.float32]
TRANSPOSED = {1: "ConvTranspose1d", 2: "ConvTranspose2d", 3: "ConvTranspose3d"}


@st.composite
def transposed_settings(draw):
    """Geometry of a transposed convolution whose output is not empty."""
    d = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 2]))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(d))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(d))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(d))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(d))
    output_padding = tuple(draw(st.integers(0, max(s, dl) - 1))
                           for s, dl in zip(stride, dilation, strict=True))
    size = tuple(draw(st.integers(1, 4)) for _ in range(d))
    out = [(n - 1) * s - 2 * p + dl * (k - 1) + op + 1 for n, s, p, dl, k, op in
           zip(size, stride, padding, dilation, kernel, output_padding, strict=True)]
    if min(out) < 1:          # padding eats the whole output: shrink it
        padding = (0,) * d
    return dict(d=d, cin=groups * draw(st.integers(1, 2)), cout=groups * draw(st.integers(1, 2)),
                kernel=kernel, stride=stride, padding=padding, output_padding=output_padding,
                dilation=dilation, groups=groups, bias=draw(st.booleans()), size=size,
                batch=draw(st.sampled_from([(), (1,), (3,)])))


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(s=transposed_settings())
def test_conv_transpose_layers(dtype, s):
    mg, th = build(TRANSPOSED[s["d"]], s["cin"], s["cout"], s["kernel"], stride=s["stride"],
                   padding=s["padding"], output_padding=s["output_padding"], groups=s["groups"],
                   bias=s["bias"], dilation=s["dilation"], dtype=dtype)
    x = data(s["batch"] + (s["cin"],) + s["size"], dtype)
    check_module(mg, th, [x], dtype)
    assert mg(minigrad.tensor(x)).grad_fn.name() == th(torch.tensor(x)).grad_fn.name() == (
        "ConvolutionBackward0" if s["batch"] else "SqueezeBackward1")


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", [
    dict(cin=2, cout=4, k=3, padding=1),
    dict(cin=4, cout=6, k=(1, 2, 3), stride=(2, 1, 2), dilation=(1, 2, 1), groups=2),
    dict(cin=3, cout=2, k=2, padding="same", bias=False),
    dict(cin=2, cout=2, k=3, padding=(1, 0, 1), padding_mode="circular"),
    dict(cin=1, cout=3, k=2, padding="valid", padding_mode="reflect")])
def test_conv3d_layer(dtype, case):
    case = dict(case)
    cin, cout, k = case.pop("cin"), case.pop("cout"), case.pop("k")
    mg, th = build("Conv3d", cin, cout, k, dtype=dtype, **case)
    check_module(mg, th, [data((2, cin, 4, 5, 4), dtype)], dtype)
    check_module(mg, th, [data((cin, 3, 4, 5), dtype, seed=1)], dtype)
    assert repr(mg) == repr(th)


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_functional_forms_and_float64_gradcheck(dims):
    rng = np.random.default_rng(dims)
    x = rng.standard_normal((2, 4) + (3,) * dims)
    w = rng.standard_normal((4, 3) + (2,) * dims)
    b = rng.standard_normal(6)
    kw = dict(stride=2, padding=1, output_padding=1, groups=2, dilation=1)
    mine = getattr(F, f"conv_transpose{dims}d")
    theirs = getattr(torch.nn.functional, f"conv_transpose{dims}d")
    tensors = [minigrad.tensor(a, requires_grad=True) for a in (x, w, b)]
    assert_close(mine(*tensors, **kw), theirs(*(torch.tensor(a) for a in (x, w, b)), **kw))
    assert minigrad.autograd.gradcheck(lambda *t: mine(*t, **kw), tensors)
    # positional arguments in torch's order: ..., output_padding, groups, dilation
    assert_close(mine(*tensors, 1, 0, 0, 2, 2),
                 theirs(*(torch.tensor(a) for a in (x, w, b)), 1, 0, 0, 2, 2))
    if dims == 3:
        w3 = rng.standard_normal((2, 2, 2, 1, 2))
        conv = [minigrad.tensor(a, requires_grad=True) for a in (x, w3)]
        assert_close(F.conv3d(*conv, None, (1, 2, 1), 1, (2, 1, 1), 2),
                     torch.nn.functional.conv3d(torch.tensor(x), torch.tensor(w3), None,
                                                (1, 2, 1), 1, (2, 1, 1), 2))
        assert minigrad.autograd.gradcheck(lambda *t: F.conv3d(*t, stride=2, padding=1,
                                                               groups=2), conv)


def test_output_size_chooses_the_output_padding():
    mg, th = build("ConvTranspose2d", 2, 3, 3, stride=(2, 3), padding=1)
    x = data((1, 2, 4, 5), np.float64)
    for size in [(7, 13), (8, 15), [1, 3, 8, 14], minigrad.Size([7, 14])]:
        out = mg(minigrad.tensor(x), output_size=size)
        assert_close(out, th(torch.tensor(x), output_size=list(size)))
    out = mg(minigrad.tensor(x[0]), output_size=(3, 8, 13))
    assert out.shape == (3, 8, 13)
    with pytest.raises(ValueError, match=r"^requested an output size of \(9, 13\), but valid "
                                         r"sizes range from \[7, 13\] to \[8, 15\] \(for an "
                                         r"input of minigrad.Size\(\[4, 5\]\)\)$"):
        mg(minigrad.tensor(x), output_size=(9, 13))
    with pytest.raises(ValueError, match=r"ConvTranspose2D: for 4D input, output_size must "
                                         r"have 2 or 4 elements \(got 1\)"):
        mg(minigrad.tensor(x), output_size=(9,))


@pytest.mark.parametrize("name,args,kwargs", [
    ("ConvTranspose1d", (2, 4, 3), {}),
    ("ConvTranspose2d", (2, 4, 3), dict(stride=2, padding=1, output_padding=1, groups=2,
                                        dilation=2, bias=False)),
    ("ConvTranspose3d", (2, 4, (1, 2, 3)), dict(stride=(1, 2, 1))),
    ("Conv3d", (2, 4, 3), dict(padding=1, padding_mode="replicate")),
])
def test_reprs_state_dict_and_init(name, args, kwargs):
    mg, th = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    for key, value in th.state_dict().items():
        assert mg.state_dict()[key].shape == tuple(value.shape)
        assert mg.state_dict()[key].dtype == minigrad.float32
    assert (mg.transposed, mg.output_padding) == (th.transposed, th.output_padding)
    # torch's init: uniform in +-1/sqrt(fan_in), fan_in from the weight as torch counts it
    bound = 1 / math.sqrt(torch.nn.init._calculate_fan_in_and_fan_out(th.weight)[0])
    for p in mg.parameters():
        assert p.detach().numpy().min() >= -bound and p.detach().numpy().max() <= bound


def test_init_distribution_of_a_large_transposed_layer():
    minigrad.manual_seed(0)
    mg, th = nn.ConvTranspose2d(40, 30, 5), torch.nn.ConvTranspose2d(40, 30, 5)
    bound = 1 / math.sqrt(torch.nn.init._calculate_fan_in_and_fan_out(th.weight)[0])
    values = mg.weight.detach().numpy()
    assert abs(values.std() - bound / math.sqrt(3)) < 0.05 * bound


X = lambda T, *shape: T.ones(*shape)  # noqa: E731


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3),
                                               output_padding=1),
    lambda T: T.nn.functional.conv_transpose1d(X(T, 1, 2, 5), X(T, 2, 3, 3), stride=2,
                                               output_padding=2),
    lambda T: T.nn.functional.conv_transpose3d(X(T, 1, 2, 3, 3, 3), X(T, 2, 3, 2, 2, 2),
                                               output_padding=1),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), stride=0),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), padding=-1),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), dilation=0),
    lambda T: T.nn.functional.conv_transpose1d(X(T, 1, 2, 5), X(T, 2, 3, 3), dilation=0),
    lambda T: T.nn.functional.conv_transpose3d(X(T, 1, 2, 3, 3, 3), X(T, 2, 3, 2, 2, 2),
                                               dilation=0),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), groups=0),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), groups=3),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 3, 5, 5), X(T, 2, 3, 3, 3)),
    lambda T: T.nn.functional.conv_transpose1d(X(T, 1, 3, 5), X(T, 2, 3, 3)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 5, 5), X(T, 2, 3, 3, 3)),
    lambda T: T.nn.functional.conv_transpose3d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3, 3)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), X(T, 4)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3), padding=5),
    lambda T: T.nn.functional.conv_transpose1d(X(T, 1, 2, 5), X(T, 2, 3, 3), padding=4),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3),
                                               stride=(1, 2, 3)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3).double()),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 3, 3),
                                               padding="same"),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 2, 3, 0, 3)),
    lambda T: T.nn.functional.conv_transpose1d(X(T, 1, 2, 5), X(T, 2, 3, 0)),
    lambda T: T.nn.functional.conv_transpose3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 3, 0, 3, 3)),
    lambda T: T.nn.functional.conv_transpose2d(X(T, 1, 2, 5, 5), X(T, 3, 3, 3, 3), groups=2),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 3, 3, 3, 3)),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 2, 3, 3, 3), dilation=0),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 2, 5, 5), X(T, 2, 2, 3, 3, 3)),
    lambda T: T.nn.functional.conv3d(X(T, 2, 5, 5), X(T, 2, 2, 3, 3, 3)),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 2, 3, 0, 3)),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 2, 3, 3, 3), stride=2,
                                     padding="same"),
    lambda T: T.nn.functional.conv3d(X(T, 1, 2, 5, 5, 5), X(T, 2, 2, 3, 3, 3), padding="foo"),
    lambda T: T.nn.ConvTranspose2d(2, 4, 3, padding_mode="reflect"),
    lambda T: T.nn.ConvTranspose3d(3, 4, 3, groups=2),
    lambda T: T.nn.Conv3d(2, 4, 3)(X(T, 1, 3, 4, 4, 4)),
    lambda T: T.nn.ConvTranspose1d(2, 4, 3)(X(T, 1, 1, 2, 5)),
    lambda T: T.nn.LazyConv2d(4, 3, groups=2)(X(T, 1, 3, 5, 5)),
    lambda T: T.nn.LazyConvTranspose1d(4, 3)(X(T, 5)),
    lambda T: T.nn.LazyConv3d(4, 3)(X(T, 1, 1, 2, 5, 5, 5)),
])
def test_errors_match_torch(fn):
    theirs, mine = errors_under_both(fn)
    assert mine == theirs


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shapes,pad", [(((5, 2, 3), (3, 3, 4), (4,)), 0),
                                        (((6, 3, 2), (2, 2, 5), (5,)), 1),
                                        (((7, 1, 3), (3, 3, 2), (2,)), -1),
                                        (((4, 2, 4), (1, 4, 3), (3,)), 2)])
def test_conv_tbc(dtype, shapes, pad):
    arrays = [data(shape, dtype, seed=i) for i, shape in enumerate(shapes)]
    found = []
    for lib in (torch, minigrad):
        tensors = [lib.tensor(a.copy(), requires_grad=True) for a in arrays]
        out = lib.nn.functional.conv_tbc(*tensors, pad)
        out.backward(lib.tensor(data(tuple(out.shape), dtype, seed=9)))
        found.append([out] + [t.grad for t in tensors] + [out.grad_fn.name()])
    theirs, mine = found
    assert mine[-1] == theirs[-1] == "ConvTbcBackward0"
    for a, b in zip(mine[:-1], theirs[:-1], strict=True):
        assert_close(a, b, dtype)
    x = [minigrad.tensor(a.astype(np.float64), requires_grad=True) for a in arrays]
    assert minigrad.autograd.gradcheck(lambda *t: F.conv_tbc(*t, pad), x)


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2, 3), X(T, 3, 2, 4), X(T, 4)),
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2), X(T, 3, 3, 4), X(T, 4)),
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2, 3), X(T, 3, 3), X(T, 4)),
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2, 3), X(T, 3, 3, 4), X(T, 5)),
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2, 3), X(T, 3, 3, 4), X(T, 4, 1)),
    lambda T: T.nn.functional.conv_tbc(X(T, 5, 2, 3), [1.0], X(T, 4)),
])
def test_conv_tbc_errors_match_torch(fn):
    theirs, mine = errors_under_both(fn)
    assert mine == theirs


def test_conv_tbc_shorter_than_its_kernel_gives_no_steps():
    for lib in (torch, minigrad):
        out = lib.nn.functional.conv_tbc(lib.ones(2, 2, 3), lib.ones(3, 3, 4), lib.ones(4))
        assert tuple(out.shape) == (0, 2, 4)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize("dims, channels, out_channels, size",
                         [(1, 32, 4, 40), (2, 16, 16, 28), (3, 4, 4, 7)])
def test_same_padding_gradients_on_one_and_several_threads(dims, channels, out_channels,
                                                           size, threads):
    """'same' padding (before + after = the kernel's extent) lets the backward pass read
    the padded output gradient for both the input and the weight gradient (layers with
    enough weights per output channel and few output channels): odd and even kernels
    (pads unequal), dilations and groups, against torch in float64."""
    rng = np.random.default_rng(dims)
    with minigrad._parallel.split_everything(threads):
        for k, dilation, groups in ((3, 1, 1), (4, 1, 2), (2, 2, 1), (5, 2, 2)):
            x = rng.standard_normal((3, channels) + (size,) * dims)
            w = rng.standard_normal((out_channels, channels // groups) + (k,) * dims)
            g = rng.standard_normal(x.shape[:1] + (out_channels,) + x.shape[2:])
            kw = dict(padding="same", dilation=dilation, groups=groups)
            xm, wm = (minigrad.tensor(a, requires_grad=True) for a in (x, w))
            xt, wt = (torch.tensor(a, requires_grad=True) for a in (x, w))
            getattr(F, f"conv{dims}d")(xm, wm, **kw).backward(minigrad.tensor(g))
            getattr(torch.nn.functional, f"conv{dims}d")(xt, wt, **kw).backward(torch.tensor(g))
            assert_close(xm.grad, xt.grad, np.float64)
            assert_close(wm.grad, wt.grad, np.float64)
