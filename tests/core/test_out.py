"""``out=`` against torch: dtype rules, resizing, its warning, autograd refusal, aliasing.

Every row of ``OUT_CASES`` is called with ``out=`` tensors of several dtypes
and shapes, in minigrad and in torch; both must succeed with the same values,
dtype, shape and warnings, or fail with the same error.  Add a row when a
function gains ``out=``.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minigrad
from torch_compat import torch_at_least

from .support import assert_same

RNG = np.random.default_rng(0)
F = RNG.standard_normal((2, 3))            # float inputs, python-float valued
G = RNG.standard_normal((3, 4))
V = RNG.standard_normal(3)
I = RNG.integers(-3, 4, (2, 3))            # noqa: E741 - an integer input
MASK = F > 0
IDX = np.array([[0, 1, 0], [1, 0, 1]])


def _f32(a):
    return a.astype(np.float32) if a.dtype == np.float64 else a


# name, positional args (arrays become tensors; lists of arrays lists of tensors), kwargs
OUT_CASES = [
    ("add", (F, G[:, :3][:2]), {}),
    ("add", (F, F), {"alpha": 2}),
    ("add", (I, I), {}),
    ("add", (MASK, MASK), {}),
    ("sub", (F, I), {}),
    ("mul", (I, 2), {}),
    ("div", (I, I + 10), {}),
    ("div", (F, F), {"rounding_mode": "floor"}),
    ("true_divide", (F, 2.0), {}),
    ("matmul", (F, G), {}),
    ("matmul", (F, V), {}),
    ("matmul", (V, V), {}),
    ("matmul", (F[None], G[None]), {}),
    ("matmul", (G.T[None], V), {}),
    ("mm", (F, G), {}),
    ("bmm", (F[None], G[None]), {}),
    ("mv", (G.T, V), {}),
    ("dot", (V, V), {}),
    ("cat", ([F, F],), {"dim": 1}),
    ("concat", ([F, I],), {}),
    ("stack", ([F, F],), {}),
    ("where", (MASK, F, F * 2), {}),
    # indexing, slicing, joining
    ("gather", (F, 1, IDX), {}),
    ("scatter", (F, 1, IDX, F * 2), {}),
    ("scatter", (F, 1, IDX), {"value": 2.0}),
    ("scatter_add", (F, 1, IDX, F * 2), {}),
    ("scatter_reduce", (F, 1, IDX, F * 2, "amax"), {}),
    ("index_select", (F, 1, np.array([2, 0])), {}),
    ("index_add", (F, 1, np.array([2, 0]), F[:, :2]), {"alpha": 2}),
    ("index_copy", (F, 1, np.array([2, 0]), F[:, :2]), {}),
    ("index_reduce", (F, 1, np.array([2, 2]), F[:, :2], "mean"), {}),
    ("masked_select", (F, MASK), {}),
    ("take", (F, IDX), {}),
    ("take_along_dim", (F, IDX, 1), {}),
    ("nonzero", (MASK,), {}),
    ("narrow_copy", (F, 1, 1, 2), {}),
    ("slice_scatter", (F, F[:, :1]), {"dim": 1, "end": 1}),
    ("hstack", ([F, F],), {}),
    ("vstack", ([V, V],), {}),
    ("row_stack", ([F, F],), {}),
    ("dstack", ([F, I],), {}),
    ("column_stack", ([V, V],), {}),
    # other operations
    ("tril", (F,), {}),
    ("triu", (F, 1), {}),
    ("diag", (V,), {}),
    ("diag", (F, 1), {}),
    ("renorm", (F, 2, 0, 0.5), {}),
    ("cross", (G[:3], G[:3, ::-1].copy()), {"dim": 0}),
    ("diff", (I,), {}),
    ("outer", (V, V), {}),
    ("ger", (V, I[0]), {}),
    ("inner", (F, F), {}),
    ("kron", (F, I), {}),
    ("gcd", (I, I + 4), {}),
    ("lcm", (I, I[:1] + 5), {}),
    ("tensordot", (F, G), {"dims": 1}),
    ("histc", (F,), {"bins": 4}),
    ("searchsorted", (np.array([0.0, 0.5, 1.0]), F), {}),
    ("searchsorted", (np.array([0.0, 0.5, 1.0]), F), {"out_int32": True}),
    ("bucketize", (F, np.array([0.0, 0.5, 1.0])), {"right": True}),
]


def _convert(lib, value):
    if isinstance(value, np.ndarray):
        return lib.tensor(_f32(value))
    if isinstance(value, list):
        return [_convert(lib, v) for v in value]
    return value


def _run(lib, name, args, kwargs, out):
    """Call ``lib.name(*args, out=out)``: (returned, out, warnings, error)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = getattr(lib, name)(*[_convert(lib, a) for a in args], **kwargs, out=out)
        except Exception as error:  # noqa: BLE001 - compared with what torch raises
            return None, caught, error
    # (torch warns of index_reduce's beta status once per process: left out)
    return result, [str(w.message).split(" (Triggered")[0] for w in caught
                    if "is in beta" not in str(w.message)], None


def _outs(lib, dtype, shape):
    return lib.empty(shape, dtype=getattr(lib, dtype))


@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("float64", "float32"),
                                    ("float32", "float64")])
def test_tuple_out_matches_torch(dtypes):
    """histogram writes into a pair of tensors; each has its own dtype check."""
    results = []
    for lib in (minigrad, torch):
        outs = tuple(lib.empty(0, dtype=getattr(lib, d)) for d in dtypes)
        result, _, error = _run(lib, "histogram", (F, 3), {}, outs)
        results.append((result, outs, error))
    (mg, mg_outs, mg_error), (th, th_outs, th_error) = results
    if th_error is not None:
        assert type(mg_error) is type(th_error) and str(mg_error) == str(th_error)
        return
    assert mg_error is None and all(m is o for m, o in zip(mg, mg_outs, strict=True))
    for m, t in zip(mg_outs, th_outs, strict=True):
        assert_same(m, t)


def _changed_error(name, args, dtype, shape):
    """Where torch reworded an error: (the release that introduced the words, the words).

    A matrix (or a batch of them) times a vector with an out= of another dtype: older torch
    says "Expected out tensor to have dtype float, but got double instead" there.
    """
    kind = {"float64": "Double", "int64": "Long", "bool": "Bool"}.get(dtype)
    addmv = f"addmv input tensors must have the same dtype, but got {kind}, Float, and Float"
    ndims = [np.ndim(a) for a in args]
    if name == "matmul" and ndims == [3, 1]:        # since 2.14 a batch is checked in addmv
        return "2.14", addmv
    if name in ("matmul", "mv") and ndims == [2, 1] and shape == "right":
        return "2.12", addmv                        # so is an out= of the right shape since 2.12
    return None


@pytest.mark.parametrize("name, args, kwargs", OUT_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(OUT_CASES)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool"])
@pytest.mark.parametrize("shape", ["right", "empty", "wrong"])
def test_out_matches_torch(name, args, kwargs, dtype, shape):
    expected = getattr(torch, name)(*[_convert(torch, a) for a in args], **kwargs)
    size = {"right": tuple(expected.shape), "empty": (0,), "wrong": (5,)}[shape]
    th_out, mg_out = _outs(torch, dtype, size), _outs(minigrad, dtype, size)
    th_result, th_warn, th_error = _run(torch, name, args, kwargs, th_out)
    mg_result, mg_warn, mg_error = _run(minigrad, name, args, kwargs, mg_out)
    if th_error is not None:
        assert type(mg_error) is type(th_error), f"torch: {th_error!r}, minigrad: {mg_error!r}"
        changed = _changed_error(name, args, dtype, shape)
        if changed is not None:
            assert str(mg_error) == changed[1]
        if changed is None or torch_at_least(changed[0]):
            assert str(mg_error) == str(th_error)
        return
    assert mg_error is None, f"minigrad raised {mg_error!r}"
    assert mg_result is mg_out
    assert_same(mg_out, th_out)
    assert set(mg_warn) == set(th_warn)      # torch sometimes repeats a warning


def test_out_is_written_in_place_and_views_see_it():
    base = minigrad.zeros(4, 4)
    view = base[:2]
    a, b = minigrad.randn(2, 3), minigrad.randn(3, 4)
    version = view._version
    minigrad.mm(a, b, out=view)
    assert np.allclose(base[:2].numpy(), (a @ b).numpy())
    assert (base[2:] == 0).all()
    assert view._version == version + 1


@pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])
def test_out_refuses_autograd_and_overlap(lib):
    a = lib.randn(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError) as refused:
        lib.add(a, a, out=lib.empty(2, 3))
    assert str(refused.value) == ("add(): functions with out=... arguments don't support "
                                  "automatic differentiation, but one of the arguments "
                                  "requires grad.")
    with pytest.raises(RuntimeError, match="^cat\\(\\): functions with out="):
        lib.cat([a, a], out=lib.empty(0))
    leaf = lib.empty(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="functions with out="):
        lib.mul(a.detach(), 2, out=leaf)
    with lib.no_grad():                      # without grad mode, out= is a plain write
        assert lib.add(a, a, out=leaf) is leaf
        assert leaf.requires_grad and leaf.grad_fn is None
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        lib.add(a.detach(), 1, out=lib.zeros(3).expand(2, 3))


def test_out_must_be_a_tensor():
    with pytest.raises(TypeError, match="argument 'out' must be Tensor, not int"):
        minigrad.mm(minigrad.ones(2, 2), minigrad.ones(2, 2), out=5)
