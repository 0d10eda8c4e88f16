"""Every row of the op table against torch: values, dtypes, shapes and gradients.

Three checks per row, each on hypothesis-drawn shapes (0-d tensors, size-1
dims and broadcasting included) and parameters:

* forward and backward against torch (float64 tight, float32 at torch's
  tolerances, integer dtypes forward only);
* minigrad's own float64 ``gradcheck`` (finite differences);
* second derivatives (``create_graph=True``) against torch.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad
from torch_compat import torch_at_least

from .op_specs import GRAD_FN_DIFFERS_12B, SPECS
from .support import TIGHT64, assert_same, flat, make_inputs, twins

CASES = [pytest.param(spec, dtype, id=f"{spec.name}-{dtype}")
         for spec in SPECS for dtype in spec.dtypes]
GRAD_SPECS = [pytest.param(spec, id=spec.name) for spec in SPECS if spec.grad]
# rows whose grad_fn name differs from torch's (documented in the README's differences):
# torch names matmul's node after its internal reshapes, 2.5 / x after a multiplication,
# a[0, 1:] after the last of its select/slice steps, and sum/mean over dim 0 of a 0-d
# tensor "...Backward1"
GRAD_FN_DIFFERS = {"matmul", "rdiv_scalar", "index_slices", "index_ellipsis", "sum_dim",
                   "mean_dim", "index_range", "index_list", "index_int_array", "index_mask"}
GRAD_FN_DIFFERS |= GRAD_FN_DIFFERS_12B
# torch computes one step of a recurrent cell as a composite of small ops (its last node is a
# TanhBackward0, MulBackward0...); minigrad's step is one fused node (LstmCellBackward0...)
GRAD_FN_DIFFERS |= {"rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"}

# Rows where torch changed between the releases pyproject admits: a check compares with the
# installed torch only when it is at least the release that introduced what minigrad mirrors
# (torch 2.14); on an older torch the row is held to 2.14's behaviour on its own.
# grad_fn names in torch 2.14: combinations builds its result by indexing (by stacking,
# "StackBackward0", up to 2.13); aminmax and narrow_copy got derivatives in 2.12
# (a "NotImplemented" node before).
GRAD_FN_SINCE = {"combinations": ("2.14", "IndexBackward0"),
                 "combinations_replace": ("2.14", "IndexBackward0"),
                 "aminmax": ("2.12", "AminmaxBackward0"),
                 "aminmax_all": ("2.12", "AminmaxBackward0"),
                 "narrow_copy": ("2.12", "NarrowCopyBackward0")}
# First derivatives torch cannot give before a release: aminmax and narrow_copy (2.12),
# nextafter (2.13), and clamp with tensor bounds when x is broadcast ("output with shape []
# doesn't match the broadcast shape [1]" up to 2.13).  Second derivatives: cdist's and
# pdist's (2.14).
# On an older torch, minigrad's are checked against finite differences instead.
BACKWARD_SINCE = {"aminmax": "2.12", "aminmax_all": "2.12", "narrow_copy": "2.12",
                  "nextafter": "2.13", "clamp_both_tensors": "2.14"}
DOUBLE_SINCE = dict(BACKWARD_SINCE, cdist="2.14", **{"F.pdist": "2.14"})


def draw_case(data, spec, dtype, max_dims=4, max_side=4):
    shapes = data.draw(spec.shapes(max_dims, max_side), label="shapes")
    params = data.draw(spec.params(shapes), label="params") if spec.params else {}
    seed = data.draw(st.integers(0, 2 ** 32 - 1), label="seed")
    return make_inputs(spec, shapes, dtype, seed), params, seed


def seeds_like(outputs, rng):
    """One random upstream gradient per floating output (same values for both libraries)."""
    return [rng.standard_normal(tuple(o.shape)).astype(str(o.dtype).split(".")[-1])
            for o in outputs]


def floating(outputs):
    return [o for o in outputs if o.dtype.is_floating_point]


@pytest.mark.parametrize("spec, dtype", CASES)
@given(data=st.data())
def test_matches_torch(spec, dtype, data):
    with minigrad._parallel.split_everything(1):
        check_matches_torch(spec, dtype, data)


def _minigrad_results(spec, arrays, params, differentiable, seed):
    """Forward outputs and input gradients of one row, as NumPy arrays."""
    inputs = [minigrad.tensor(a, requires_grad=differentiable) for a in arrays]
    outs = flat(spec.mg(*inputs, **params))
    found = [o.detach().numpy().copy() for o in outs]
    diff = [o for o in outs if o.requires_grad]
    if differentiable and diff:
        upstream = seeds_like(diff, np.random.default_rng(seed))
        minigrad.autograd.backward(diff, [minigrad.from_numpy(u) for u in upstream])
        found += [None if x.grad is None else x.grad.numpy().copy() for x in inputs]
    return found


# matrix products split by rows or columns: each block is its own BLAS call, and the BLAS
# may round a small block (one row: a matrix-vector kernel) differently from the whole
SPLIT_ROUNDS_DIFFERENTLY = {"matmul", "mm", "bmm", "mv", "dot", "inner", "tensordot", "cov",
                            "cov_weighted", "corrcoef"}
SPLIT_ROUNDS_DIFFERENTLY |= {"F.bilinear"}          # issue 12 layers: a matmul composite


@pytest.mark.parametrize("spec, dtype", CASES)
@settings(max_examples=10)
@given(data=st.data())
def test_same_bits_on_3_threads(spec, dtype, data):
    """With every op's work split over 3 threads, down to one-item chunks, each row gives
    the one-thread values and gradients bit for bit (so it matches torch as well); matrix
    products within the row's tolerance."""
    arrays, params, seed = draw_case(data, spec, dtype)
    differentiable = spec.grad and dtype in ("float32", "float64")
    with minigrad._parallel.split_everything(1):
        alone = _minigrad_results(spec, arrays, params, differentiable, seed)
    with minigrad._parallel.split_everything(3):
        split = _minigrad_results(spec, arrays, params, differentiable, seed)
    assert len(alone) == len(split)
    for a, b in zip(alone, split, strict=True):
        assert (a is None) == (b is None)
        if a is None:
            continue
        assert a.dtype == b.dtype
        if spec.name in SPLIT_ROUNDS_DIFFERENTLY:
            rtol, atol = spec.tol32 if dtype == "float32" else TIGHT64
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)
        else:
            np.testing.assert_array_equal(a, b)


def check_matches_torch(spec, dtype, data):
    arrays, params, seed = draw_case(data, spec, dtype)
    differentiable = spec.grad and dtype in ("float32", "float64")
    mg_in, th_in = twins(arrays, differentiable)
    th_out = flat(spec.th(*th_in, **params))
    mg_out = flat(spec.mg(*mg_in, **params))
    assert len(mg_out) == len(th_out)
    rtol, atol = spec.tol32 if dtype == "float32" else spec.tol64
    for m, t in zip(mg_out, th_out, strict=False):
        assert_same(m, t, rtol, atol)
        assert m.requires_grad == t.requires_grad
        if t.grad_fn is not None and spec.name not in GRAD_FN_DIFFERS:
            since, name = GRAD_FN_SINCE.get(spec.name, ("0.0", type(t.grad_fn).__name__))
            assert m.grad_fn.name() == name
            if torch_at_least(since):
                assert m.grad_fn.name() == type(t.grad_fn).__name__
    if not differentiable:
        return
    if not torch_at_least(BACKWARD_SINCE.get(spec.name, "0.0")):
        return                     # the installed torch cannot differentiate this row
    th_diff = [t for t in th_out if t.requires_grad]
    mg_diff = [m for m in mg_out if m.requires_grad]
    upstream = seeds_like(th_diff, np.random.default_rng(seed))
    torch.autograd.backward(th_diff, [torch.from_numpy(u) for u in upstream])
    minigrad.autograd.backward(mg_diff, [minigrad.from_numpy(u) for u in upstream])
    for m, t in zip(mg_in, th_in, strict=False):
        assert_same(m.grad, t.grad, rtol, atol)


@pytest.mark.parametrize("spec", [p for p in GRAD_SPECS if p.values[0].fd])
@settings(max_examples=10)
@given(data=st.data())
def test_gradcheck_float64(spec, data):
    arrays, params, _ = draw_case(data, spec, "float64", max_dims=3, max_side=3)
    inputs = [minigrad.tensor(a, requires_grad=True) for a in arrays]
    assert minigrad.autograd.gradcheck(lambda *xs: spec.mg(*xs, **params), inputs,
                                       eps=1e-6, atol=1e-6, rtol=1e-4)


def _second_derivatives(lib, fn, inputs, upstream, upstream2):
    outs = [o for o in flat(fn(*inputs)) if o.requires_grad]
    first = lib.autograd.grad(outs, inputs, upstream, create_graph=True, allow_unused=True)
    terms = [(g * u).sum() for g, u in zip(first, upstream2, strict=False) if g is not None and
             g.requires_grad]
    if not terms:
        return first, None
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return first, lib.autograd.grad(total, inputs, allow_unused=True)


@pytest.mark.parametrize("spec", [p for p in GRAD_SPECS if p.values[0].double])
@settings(max_examples=10)
@given(data=st.data())
def test_second_derivatives_match_torch(spec, data):
    arrays, params, seed = draw_case(data, spec, "float64", max_dims=3, max_side=3)
    if not torch_at_least(DOUBLE_SINCE.get(spec.name, "0.0")):
        if spec.fd:                # the installed torch cannot: finite differences instead
            inputs = [minigrad.tensor(a, requires_grad=True) for a in arrays]
            assert minigrad.autograd.gradgradcheck(lambda *xs: spec.mg(*xs, **params), inputs,
                                                   eps=1e-6, atol=1e-6, rtol=1e-4)
        return
    rng = np.random.default_rng(seed)
    mg_in, th_in = twins(arrays, True)
    th_outs = [o for o in flat(spec.th(*th_in, **params)) if o.requires_grad]
    upstream = seeds_like(th_outs, rng)
    upstream2 = [rng.standard_normal(a.shape) for a in arrays]
    th_first, th_second = _second_derivatives(
        torch, lambda *x: spec.th(*x, **params), th_in,
        [torch.from_numpy(u) for u in upstream], [torch.from_numpy(u) for u in upstream2])
    mg_first, mg_second = _second_derivatives(
        minigrad, lambda *x: spec.mg(*x, **params), mg_in,
        [minigrad.from_numpy(u) for u in upstream], [minigrad.from_numpy(u) for u in upstream2])
    for m, t in zip(mg_first, th_first, strict=False):
        assert_same(m, t, *spec.tol64)
    if th_second is None:        # torch's first derivative is constant: nothing to compare
        return
    for m, t, x in zip(mg_second or [None] * len(th_in), th_second, th_in, strict=False):
        m = m if m is not None else minigrad.zeros(tuple(x.shape), dtype=minigrad.float64)
        t = t if t is not None else torch.zeros_like(x)
        assert_same(m, t, *spec.tol64)
