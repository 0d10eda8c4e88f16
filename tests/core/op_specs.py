"""The op table: one row per op, shared by every parity test in tests/core.

A row names the op, gives a minigrad callable and a torch callable, says how
to draw input shapes and extra arguments, which input values keep the op away
from kinks and ties, and which dtypes to try.  Adding an op to minigrad is one
class in ``minigrad/ops`` plus one row here; test_op_table.py then checks its
forward value, dtype, shape and gradients against torch, its float64
gradients against finite differences and its second derivatives.

Most rows are written once as ``fn(T, *inputs, **params)`` where ``T`` is the
module (``minigrad`` or ``torch``): the two callables are that lambda bound to
each module.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Callable, Optional

import numpy as np
import torch
from hypothesis import strategies as st

import minigrad

from .strategies import (bmm_shapes, bool_mask, broadcast, cat_dim, dim_keepdim, dims_keepdim,
                         expand_target, flatten_dims, int_index, joined_shapes, matmul_shapes,
                         mm_shapes, one_dim, permutation, reshape_target, same_shapes, slices,
                         squeeze_dim, stack_dim, two_dims, two_dims_keepdim, unary,
                         unsqueeze_dim)

FLOAT = ("float32", "float64")
NUMERIC = ("float32", "float64", "int64")


@dataclasses.dataclass(frozen=True)
class Domain:
    """Input values: uniform in [low, high], kept ``margin`` away from each point in ``avoid``."""

    low: float = -2.0
    high: float = 2.0
    avoid: tuple = ()
    margin: float = 0.05


POSITIVE = Domain(0.2, 3.0)
NONZERO = Domain(avoid=(0.0,), margin=0.25)


@dataclasses.dataclass(frozen=True)
class OpSpec:
    name: str
    mg: Callable                       # minigrad callable: mg(*tensors, **params)
    th: Callable                       # torch callable with the same signature
    shapes: Callable                   # (max_dims, max_side) -> strategy of input shapes
    domains: tuple = (Domain(),)       # one per input; the last one repeats
    params: Optional[Callable] = None  # input shapes -> strategy of a kwargs dict
    dtypes: tuple = FLOAT
    unique: bool = False               # all input values distinct (max/min ties)
    grad: bool = True                  # differentiable: compare gradients, gradcheck
    double: bool = True                # compare second derivatives with torch
    fd: bool = True                    # float64 finite differences are meaningful
    tol32: tuple = (1.3e-6, 1e-5)      # (rtol, atol) for float32, torch's defaults
    tol64: tuple = (None, None)        # (rtol, atol) for float64; None: support.TIGHT64

    def domain(self, i: int) -> Domain:
        return self.domains[min(i, len(self.domains) - 1)]


def row(name, fn, shapes, **kw) -> OpSpec:
    """A row whose minigrad and torch callables are the same ``fn(T, ...)``."""
    return OpSpec(name, functools.partial(fn, minigrad), functools.partial(fn, torch),
                  shapes, **kw)


def _squeeze(T, x, dim):
    return x.squeeze() if dim is None else x.squeeze(dim)


def _indexed(T, x, key):
    return x[key]


def _max_all(T, x):
    return x.max()


# -- the table --------------------------------------------------------------------------------
R_SIDE = Domain(avoid=(-0.5, 0.7))      # clamp bounds used below
STEPS = Domain(avoid=tuple(np.arange(-2, 2.01, 0.5)), margin=0.05)   # floor/round jumps

SPECS = [
    # arithmetic with broadcasting
    row("add", lambda T, a, b: a + b, broadcast(), dtypes=NUMERIC),
    row("add_alpha", lambda T, a, b: T.add(a, b, alpha=0.5), broadcast()),
    row("sub", lambda T, a, b: a - b, broadcast(), dtypes=NUMERIC),
    row("mul", lambda T, a, b: a * b, broadcast(), dtypes=NUMERIC),
    row("div", lambda T, a, b: a / b, broadcast(), domains=(Domain(), NONZERO),
        dtypes=NUMERIC),
    row("pow_tensor", lambda T, a, b: a ** b, broadcast(), domains=(POSITIVE, Domain())),
    row("maximum", lambda T, a, b: T.maximum(a, b), broadcast(), unique=True, dtypes=NUMERIC),
    row("minimum", lambda T, a, b: T.minimum(a, b), broadcast(), unique=True, dtypes=NUMERIC),
    # with a python scalar
    row("add_scalar", lambda T, x: x + 2.5, unary(), dtypes=NUMERIC),
    row("radd_scalar", lambda T, x: 2 + x, unary(), dtypes=NUMERIC),
    row("rsub_scalar", lambda T, x: 2.5 - x, unary(), dtypes=NUMERIC),
    row("mul_scalar", lambda T, x: x * -1.5, unary(), dtypes=NUMERIC),
    row("div_scalar", lambda T, x: x / 4, unary(), dtypes=NUMERIC),
    row("rdiv_scalar", lambda T, x: 2.5 / x, unary(), domains=(NONZERO,), dtypes=NUMERIC),
    row("pow_2", lambda T, x: x ** 2, unary(), dtypes=NUMERIC),
    row("pow_3", lambda T, x: x.pow(3.0), unary()),
    row("pow_half", lambda T, x: x ** 0.5, unary(), domains=(POSITIVE,)),
    row("pow_neg", lambda T, x: x ** -1.5, unary(), domains=(POSITIVE,)),
    row("rpow", lambda T, x: 2.0 ** x, unary()),
    # pointwise functions
    row("neg", lambda T, x: -x, unary(), dtypes=NUMERIC),
    row("exp", lambda T, x: T.exp(x), unary(), dtypes=NUMERIC),
    row("log", lambda T, x: T.log(x), unary(), domains=(POSITIVE,)),
    row("sqrt", lambda T, x: x.sqrt(), unary(), domains=(POSITIVE,)),
    row("rsqrt", lambda T, x: x.rsqrt(), unary(), domains=(POSITIVE,)),
    row("abs", lambda T, x: T.abs(x), unary(), domains=(NONZERO,), dtypes=NUMERIC),
    row("sin", lambda T, x: T.sin(x), unary()),
    row("cos", lambda T, x: x.cos(), unary()),
    row("sigmoid", lambda T, x: T.sigmoid(x), unary(), domains=(Domain(-6, 6),)),
    row("tanh", lambda T, x: x.tanh(), unary(), domains=(Domain(-3, 3),)),
    row("relu", lambda T, x: T.relu(x), unary(), domains=(NONZERO,), dtypes=NUMERIC),
    row("square", lambda T, x: x.square(), unary()),
    row("reciprocal", lambda T, x: x.reciprocal(), unary(), domains=(NONZERO,)),
    row("floor", lambda T, x: x.floor(), unary(), domains=(STEPS,), dtypes=NUMERIC),
    row("ceil", lambda T, x: T.ceil(x), unary(), domains=(STEPS,), dtypes=NUMERIC),
    row("round", lambda T, x: T.round(x), unary(), domains=(STEPS,), dtypes=NUMERIC),
    row("round_decimals", lambda T, x: x.round(decimals=1), unary(),
        domains=(Domain(avoid=tuple(np.arange(-2, 2.01, 0.05)), margin=0.01),)),
    row("sign", lambda T, x: x.sign(), unary(), domains=(NONZERO,), dtypes=NUMERIC),
    row("clamp", lambda T, x: x.clamp(-0.5, 0.7), unary(), domains=(R_SIDE,)),
    row("clamp_min", lambda T, x: T.clamp(x, min=-0.5), unary(), domains=(R_SIDE,)),
    row("clamp_max", lambda T, x: x.clamp(max=0.7), unary(), domains=(R_SIDE,)),
    row("clamp_tensor", lambda T, x, lo: x.clamp(min=lo), broadcast(), unique=True),
    row("where", lambda T, c, a, b: T.where(c > 0, a, b), broadcast(3)),
    row("masked_fill", lambda T, x, mask: x.masked_fill(T.tensor(mask), -3.0), unary(),
        params=bool_mask),
    row("to_double", lambda T, x: x.to(T.float64) * x, unary()),
    row("float", lambda T, x: x.float(), unary(), fd=False),
    # matrix products
    row("matmul", lambda T, a, b: a @ b, matmul_shapes, tol32=(1e-5, 1e-5)),
    row("mm", lambda T, a, b: T.mm(a, b), mm_shapes, tol32=(1e-5, 1e-5)),
    row("bmm", lambda T, a, b: a.bmm(b), bmm_shapes, tol32=(1e-5, 1e-5)),
    row("mv", lambda T, a, b: T.mv(a, b), lambda nd, side: mm_shapes(nd, side).map(
        lambda s: (s[0], s[1][:1])), tol32=(1e-5, 1e-5)),
    row("dot", lambda T, a, b: a.dot(b), lambda nd, side: st.integers(1, side).map(
        lambda n: ((n,), (n,))), tol32=(1e-5, 1e-5)),
    # reductions
    row("sum", lambda T, x: x.sum(), unary(), dtypes=NUMERIC),
    row("sum_dim", lambda T, x, dim, keepdim: T.sum(x, dim, keepdim=keepdim), unary(),
        params=dims_keepdim, dtypes=NUMERIC + ("bool",)),
    row("mean", lambda T, x: x.mean(), unary()),
    row("mean_dim", lambda T, x, dim, keepdim: x.mean(dim, keepdim), unary(),
        params=dims_keepdim),
    row("var", lambda T, x: x.var(), unary(1, 2), tol32=(1e-5, 1e-5)),
    row("var_dim", lambda T, x, dim, keepdim: x.var(dim, keepdim=keepdim), unary(1, 2),
        params=dims_keepdim, tol32=(1e-5, 1e-5)),
    row("var_biased", lambda T, x, dim, keepdim: x.var(dim, unbiased=False, keepdim=keepdim),
        unary(), params=dims_keepdim, tol32=(1e-5, 1e-5)),
    row("std", lambda T, x: T.std(x), unary(1, 2), tol32=(1e-5, 1e-5)),
    row("std_dim", lambda T, x, dim, keepdim: x.std(dim, keepdim=keepdim), unary(1, 2),
        params=dims_keepdim, tol32=(1e-5, 1e-5)),
    row("norm", lambda T, x: x.norm(), unary(), domains=(NONZERO,)),
    row("norm_dim", lambda T, x, dim, keepdim: x.norm(dim=dim, keepdim=keepdim), unary(),
        params=two_dims_keepdim, domains=(NONZERO,)),
    row("norm_p1", lambda T, x, dim, keepdim: x.norm(1, dim, keepdim), unary(),
        params=dims_keepdim, domains=(NONZERO,)),
    row("norm_p3", lambda T, x: x.norm(p=3), unary(), domains=(NONZERO,)),
    row("logsumexp", lambda T, x, dim, keepdim: T.logsumexp(x, dim, keepdim), unary(),
        params=dims_keepdim),
    row("max", _max_all, unary(), unique=True, dtypes=NUMERIC),
    row("min", lambda T, x: T.min(x), unary(), unique=True, dtypes=NUMERIC),
    row("max_dim", lambda T, x, dim, keepdim: tuple(x.max(dim, keepdim)), unary(),
        params=dim_keepdim, unique=True, dtypes=NUMERIC),
    row("min_dim", lambda T, x, dim, keepdim: tuple(T.min(x, dim=dim, keepdim=keepdim)),
        unary(), params=dim_keepdim, unique=True, dtypes=NUMERIC),
    row("amax", lambda T, x, dim, keepdim: x.amax(dim, keepdim), unary(), params=dims_keepdim,
        unique=True),
    row("amin", lambda T, x, dim, keepdim: T.amin(x, dim, keepdim), unary(),
        params=dims_keepdim, unique=True),
    row("max_binary", lambda T, a, b: T.max(a, b), broadcast(), unique=True),
    row("argmax", lambda T, x: x.argmax(), unary(), unique=True, grad=False, dtypes=NUMERIC),
    row("argmax_dim", lambda T, x, dim, keepdim: T.argmax(x, dim, keepdim), unary(),
        params=dim_keepdim, unique=True, grad=False, dtypes=NUMERIC),
    row("argmin_dim", lambda T, x, dim, keepdim: x.argmin(dim, keepdim=keepdim), unary(),
        params=dim_keepdim, unique=True, grad=False),
    row("softmax", lambda T, x, dim: T.softmax(x, dim), unary(), params=one_dim),
    row("log_softmax", lambda T, x, dim: x.log_softmax(dim), unary(), params=one_dim),
    # comparisons
    row("eq", lambda T, a, b: a == b, broadcast(), domains=(Domain(-1, 1),),
        dtypes=NUMERIC, grad=False),
    row("lt", lambda T, a, b: a < b, broadcast(), dtypes=NUMERIC, grad=False),
    row("ge", lambda T, a, b: T.ge(a, b), broadcast(), dtypes=NUMERIC, grad=False),
    row("ne_scalar", lambda T, x: x != 1, unary(), domains=(Domain(-1, 1),), dtypes=NUMERIC,
        grad=False),
    row("gt_scalar", lambda T, x: x > 0.5, unary(), dtypes=NUMERIC, grad=False),
    # shape ops
    row("reshape", lambda T, x, shape: x.reshape(shape), unary(), params=reshape_target),
    row("view", lambda T, x, shape: x.view(*shape), unary(), params=reshape_target),
    row("flatten", lambda T, x: T.flatten(x), unary()),
    row("flatten_dims", lambda T, x, start_dim, end_dim: x.flatten(start_dim, end_dim),
        unary(), params=flatten_dims),
    row("squeeze", _squeeze, unary(), params=squeeze_dim),
    row("unsqueeze", lambda T, x, dim: x.unsqueeze(dim), unary(), params=unsqueeze_dim),
    row("permute", lambda T, x, dims: x.permute(dims), unary(), params=permutation),
    row("transpose", lambda T, x, d0, d1: T.transpose(x, d0, d1), unary(), params=two_dims),
    row("t", lambda T, x: x.t(), lambda nd, side: unary()(min(nd, 2), side)),
    row("T", lambda T, x: x.T, lambda nd, side: unary(2)(2, side)),
    row("mT", lambda T, x: x.mT, unary(2)),
    row("expand", lambda T, x, size: x.expand(size), unary(), params=expand_target),
    row("contiguous", lambda T, x: x.transpose(0, -1).contiguous(), unary()),
    row("clone", lambda T, x: x.clone(), unary()),
    row("cat", lambda T, *xs, dim: T.cat(xs, dim), joined_shapes, params=cat_dim),
    row("stack", lambda T, a, b, dim: T.stack([a, b], dim), same_shapes(2), params=stack_dim),
    row("unbind", lambda T, x, dim: x.unbind(dim), unary(1), params=one_dim),
    row("split", lambda T, x, dim: x.split(2, dim), unary(1), params=one_dim),
    row("chunk", lambda T, x, dim: T.chunk(x, 2, dim), unary(1), params=one_dim),
    row("expand_as", lambda T, a, b: a.expand_as(b + a), broadcast()),
    # indexing
    row("index_slices", _indexed, unary(1), params=slices),
    row("index_int_array", lambda T, x, index: x[T.tensor(index)], unary(1),
        params=int_index),
    row("index_list", lambda T, x, index: x[index], unary(1), params=int_index),
    row("index_range", lambda T, x: x[range(x.shape[0] - 1, -1, -1)], unary(1)),
    row("index_mask", lambda T, x, mask: x[T.tensor(mask)], unary(1), params=bool_mask),
    row("index_ellipsis", lambda T, x: x[..., None, -1], unary(1)),
]


# -- issue 12a: pointwise, reduction and comparison ops, scans --------------------------------
# Small shapes (at most 2 dims of side 3, or 3 dims for the along-a-dim ops) keep the time these
# rows add to the table run short.  Rows ending in "_ties" or using int64 inputs (values in
# -3..3) exercise the tie rules: a stable sort, torch's index choice in cummax/cummin/mode.

def _small(shapes, dims=2, side=3):
    return lambda nd, s: shapes(min(nd, dims), min(s, side))


SMALL, SMALL_ND = _small(unary()), _small(unary(1))
SMALL3D = _small(unary(), dims=3)
PAIR, TRIPLE = _small(broadcast()), _small(broadcast(3))
UNIT = Domain(-0.9, 0.9)                                   # asin, atanh, erfinv...
NOT_INTEGER = Domain(avoid=(-2.0, -1.0, 0.0, 1.0, 2.0), margin=0.05)
GAMMA = Domain(-2.9, 3.0, avoid=(-2.0, -1.0, 0.0), margin=0.1)   # away from the poles
DIVISOR = Domain(0.7, 1.3, avoid=(0.0,))            # and never 0 for int64 inputs
POW2_JUMPS = Domain(avoid=(-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0), margin=0.05)   # frexp
TRIGAMMA = (1e-8, 1e-10)   # torch's trigamma (digamma' = polygamma(1)) is good to ~5e-10
# float32 stays in the rows whose float32 path differs from float64 (casts, ranks, special
# functions computed in float64); test_math_functions.py checks every function's float32 values
# and dtypes once more, deterministically
F64, F64_INT = ("float64",), ("float64", "int64")


def _a_dim(nd):
    span = max(nd, 1)
    return st.integers(-span, span - 1)


def _dim_size(shape, dim):
    return shape[dim] if shape else 1


def _with_nan(T, x):
    """Some elements (those above 1.2) made NaN, for the NaN-skipping reductions.  Their rows
    set fd=False: a slice of NaN only has a NaN result, which finite differences cannot check."""
    return T.where(x > 1.2, float("nan"), x)


def _with_inf(T, x):
    return T.where(x > 1.2, float("inf"), T.where(x < -1.2, float("-inf"), x))


def k_dim_largest(shapes):
    @st.composite
    def draw(draw):
        dim = draw(_a_dim(len(shapes[0])))
        k = draw(st.integers(1, _dim_size(shapes[0], dim)))
        return {"k": k, "dim": dim, "largest": draw(st.booleans())}
    return draw()


def k_dim_keepdim(shapes):
    @st.composite
    def draw(draw):
        dim = draw(_a_dim(len(shapes[0])))
        k = draw(st.integers(1, _dim_size(shapes[0], dim)))
        return {"k": k, "dim": dim, "keepdim": draw(st.booleans())}
    return draw()


def dim_descending(shapes):
    return st.fixed_dictionaries({"dim": _a_dim(len(shapes[0])), "descending": st.booleans()})


def maybe_dim_keepdim(shapes):
    return st.fixed_dictionaries({"dim": st.one_of(st.none(), _a_dim(len(shapes[0]))),
                                  "keepdim": st.booleans()})


def quantile_params(shapes):
    return st.fixed_dictionaries({
        "q": st.floats(0, 1), "dim": st.one_of(st.none(), _a_dim(len(shapes[0]))),
        "keepdim": st.booleans(),
        "interpolation": st.sampled_from(["linear", "lower", "higher", "midpoint", "nearest"])})


def polygamma_n(shapes):
    return st.fixed_dictionaries({"n": st.integers(0, 3)})


def dist_p(shapes):
    return st.fixed_dictionaries({"p": st.sampled_from([1, 2, 3, float("inf")])})


def _quantile_tensor(T, x, dim, keepdim):
    return T.quantile(x, T.tensor([0.25, 0.5, 0.9], dtype=x.dtype), dim=dim, keepdim=keepdim)


def _gradient_coordinates(T, x, dim):
    steps = np.linspace(0.5, 1.5, x.shape[dim])
    return T.gradient(x, spacing=(T.tensor(np.cumsum(steps), dtype=x.dtype),), dim=dim)


def _isin(T, a, b):
    return T.isin(a.round(), b.round())


SPECS += [
    # exponentials and logarithms
    row("log1p", lambda T, x: T.log1p(x), SMALL, domains=(Domain(-0.8, 2),), dtypes=NUMERIC),
    row("expm1", lambda T, x: x.expm1(), SMALL, dtypes=F64_INT),
    row("log2", lambda T, x: T.log2(x), SMALL, domains=(POSITIVE,), dtypes=F64_INT),
    row("log10", lambda T, x: x.log10(), SMALL, domains=(POSITIVE,), dtypes=F64),
    row("exp2", lambda T, x: T.exp2(x), SMALL, dtypes=F64_INT),
    row("logaddexp", lambda T, a, b: T.logaddexp(a, b), PAIR, dtypes=F64),
    row("logaddexp2", lambda T, a, b: a.logaddexp2(b), PAIR, dtypes=F64),
    row("xlogy", lambda T, a, b: T.xlogy(a, b), PAIR, domains=(Domain(), POSITIVE),
        dtypes=NUMERIC),
    row("xlogy_scalar_self", lambda T, b: T.xlogy(2.5, b), SMALL, domains=(POSITIVE,), dtypes=F64),
    row("xlogy_scalar_other", lambda T, a: a.xlogy(3.0), SMALL, dtypes=F64),
    row("logit", lambda T, x: T.logit(x), SMALL, domains=(Domain(0.05, 0.95),), dtypes=F64),
    row("logit_eps", lambda T, x: x.logit(eps=0.1), SMALL,
        domains=(Domain(0.02, 0.98, avoid=(0.1, 0.9), margin=0.02),), dtypes=F64),
    # trigonometric and hyperbolic
    row("tan", lambda T, x: T.tan(x), SMALL, domains=(Domain(-1.2, 1.2),), dtypes=F64_INT),
    row("asin", lambda T, x: T.asin(x), SMALL, domains=(UNIT,), dtypes=F64),
    row("acos", lambda T, x: x.acos(), SMALL, domains=(UNIT,), dtypes=F64),
    row("atan", lambda T, x: T.arctan(x), SMALL, dtypes=F64_INT),
    row("sinh", lambda T, x: x.sinh(), SMALL, dtypes=F64_INT),
    row("cosh", lambda T, x: T.cosh(x), SMALL, dtypes=F64),
    row("asinh", lambda T, x: x.arcsinh(), SMALL, dtypes=F64),
    row("acosh", lambda T, x: T.acosh(x), SMALL, domains=(Domain(1.2, 3.0),), dtypes=F64),
    row("atanh", lambda T, x: x.atanh(), SMALL, domains=(UNIT,), dtypes=F64),
    row("atan2", lambda T, a, b: T.atan2(a, b), PAIR, domains=(NONZERO,), dtypes=F64_INT),
    row("hypot", lambda T, a, b: a.hypot(b), PAIR, domains=(NONZERO,), dtypes=F64),
    row("sinc", lambda T, x: T.sinc(x), SMALL, dtypes=F64),
    row("deg2rad", lambda T, x: x.deg2rad(), SMALL, dtypes=F64_INT),
    row("rad2deg", lambda T, x: T.rad2deg(x), SMALL, dtypes=F64),
    row("angle", lambda T, x: T.angle(x), SMALL, domains=(NONZERO,), dtypes=F64_INT),
    # special functions
    row("erf", lambda T, x: T.erf(x), SMALL, dtypes=NUMERIC),
    row("erfc", lambda T, x: x.erfc(), SMALL, dtypes=F64),
    row("erfinv", lambda T, x: T.erfinv(x), SMALL, domains=(UNIT,), dtypes=F64),
    row("lgamma", lambda T, x: T.lgamma(x), SMALL, domains=(GAMMA,), dtypes=NUMERIC,
        tol64=TRIGAMMA),
    row("digamma", lambda T, x: x.digamma(), SMALL, domains=(GAMMA,), tol64=TRIGAMMA),
    row("polygamma", lambda T, x, n: T.polygamma(n, x), SMALL, params=polygamma_n,
        domains=(Domain(0.3, 3.0),), tol64=TRIGAMMA, dtypes=F64),
    row("mvlgamma", lambda T, x: T.mvlgamma(x, 3), SMALL, domains=(Domain(1.1, 4.0),),
        tol64=TRIGAMMA, dtypes=F64),
    row("i0", lambda T, x: T.i0(x), SMALL, dtypes=F64_INT),
    # igamma(a, x) differentiates in x only: a is a constant here (0.8, 1.4, 2.0... along x)
    row("igamma", lambda T, x: T.igamma(T.ones_like(x).cumsum(-1) * 0.6 + 0.2, x), SMALL,
        domains=(POSITIVE,), dtypes=F64),
    row("igammac", lambda T, x: (T.ones_like(x).cumsum(-1) * 0.6 + 0.2).igammac(x), SMALL,
        domains=(POSITIVE,), dtypes=F64),
    # rounding, signs, remainders
    row("trunc", lambda T, x: T.trunc(x), SMALL, domains=(NOT_INTEGER,), dtypes=F64_INT),
    row("fix", lambda T, x: x.fix(), SMALL, domains=(NOT_INTEGER,), dtypes=F64),
    row("frac", lambda T, x: T.frac(x), SMALL, domains=(NOT_INTEGER,), dtypes=F64),
    row("sgn", lambda T, x: T.sgn(x), SMALL, domains=(NONZERO,), dtypes=F64_INT),
    row("signbit", lambda T, x: T.signbit(x), SMALL, dtypes=F64_INT, grad=False),
    row("copysign", lambda T, a, b: T.copysign(a, b), PAIR, domains=(NONZERO,),
        dtypes=F64_INT),
    row("copysign_scalar", lambda T, a: a.copysign(-1.0), SMALL, domains=(NONZERO,), dtypes=F64),
    row("fmod", lambda T, a, b: T.fmod(a, b), PAIR, domains=(Domain(), DIVISOR),
        dtypes=F64_INT),
    row("fmod_scalar", lambda T, a: a.fmod(0.75), SMALL, dtypes=F64),
    row("remainder", lambda T, a, b: a.remainder(b), PAIR, domains=(Domain(), DIVISOR),
        dtypes=F64_INT),
    row("remainder_neg", lambda T, a, b: T.remainder(a, -b), PAIR, domains=(Domain(), DIVISOR),
        dtypes=F64),
    row("mod_scalar", lambda T, a: a % 0.75, SMALL, dtypes=F64_INT),
    row("div_floor", lambda T, a, b: T.div(a, b, rounding_mode="floor"), PAIR,
        domains=(Domain(), NONZERO), dtypes=F64_INT),
    row("div_trunc", lambda T, a, b: a.div(b, rounding_mode="trunc"), PAIR,
        domains=(Domain(), NONZERO), dtypes=F64),
    row("floor_divide", lambda T, a, b: T.floor_divide(a, b), PAIR, domains=(Domain(), NONZERO),
        dtypes=F64_INT, grad=False),
    row("float_power", lambda T, a, b: T.float_power(a, b), PAIR, domains=(POSITIVE, Domain())),
    row("float_power_scalar", lambda T, a: a.float_power(2), SMALL, dtypes=NUMERIC),
    row("float_power_rscalar", lambda T, a: T.float_power(2.5, a), SMALL, dtypes=F64),
    row("ldexp", lambda T, a, b: T.ldexp(a, b), PAIR),
    row("frexp", lambda T, x: tuple(T.frexp(x)), SMALL, domains=(POW2_JUMPS,)),
    row("nextafter", lambda T, a, b: T.nextafter(a, b), PAIR, fd=False, dtypes=F64),
    row("nan_to_num", lambda T, x: T.nan_to_num(x.log(), nan=0.5, neginf=-9.0), SMALL,
        domains=(NONZERO,), dtypes=F64),
    row("gradient", lambda T, x, edge_order: T.gradient(x, spacing=0.5, edge_order=edge_order),
        _small(unary(1, 3)), params=lambda shapes: st.fixed_dictionaries(
            {"edge_order": st.sampled_from([1, 2])}), dtypes=F64),
    row("gradient_coordinates", _gradient_coordinates, _small(unary(1, 2)), params=one_dim,
        dtypes=F64),
    row("heaviside", lambda T, x: T.heaviside(x, T.tensor(0.5, dtype=x.dtype)), SMALL,
        domains=(Domain(-1, 1),), dtypes=F64_INT, grad=False),
    # fused multiply-adds and interpolation
    row("addcmul", lambda T, a, b, c: T.addcmul(a, b, c, value=0.5), TRIPLE, dtypes=NUMERIC),
    row("addcdiv", lambda T, a, b, c: a.addcdiv(b, c, value=-2), TRIPLE,
        domains=(Domain(), Domain(), NONZERO), dtypes=F64),
    row("lerp", lambda T, a, b: T.lerp(a, b, 0.3), PAIR, dtypes=F64),
    row("lerp_tensor", lambda T, a, b, w: a.lerp(b, w), TRIPLE, dtypes=F64),
    # clamps, extrema of two
    row("clamp_min_scalar", lambda T, x: x.clamp_min(-0.5), SMALL, domains=(R_SIDE,), dtypes=F64),
    row("clamp_max_scalar", lambda T, x: T.clamp_max(x, 0.7), SMALL, domains=(R_SIDE,), dtypes=F64),
    row("clamp_min_tensor", lambda T, x, lo: T.clamp_min(x, lo), PAIR, unique=True, dtypes=F64),
    row("clamp_both_tensors", lambda T, x, lo, hi: x.clamp(lo - 1, hi + 1), TRIPLE,
        unique=True, dtypes=F64),
    row("fmax", lambda T, a, b: T.fmax(a, b), PAIR, unique=True, dtypes=F64_INT),
    row("fmin", lambda T, a, b: a.fmin(b), PAIR, unique=True, dtypes=F64_INT),
    # bitwise and logical (integers and bools, no gradients)
    row("bitwise_and", lambda T, a, b: T.bitwise_and(a, b), PAIR, dtypes=("int64", "bool"),
        grad=False),
    row("bitwise_or_xor_not", lambda T, a, b: (a | b, T.bitwise_xor(a, b), T.bitwise_not(a)),
        PAIR, dtypes=("int64", "bool"), grad=False),
    row("bitwise_shifts", lambda T, a: (a << 2, T.bitwise_right_shift(a, 1)), SMALL,
        dtypes=("int64",), grad=False),
    row("logical_and_or_xor", lambda T, a, b: (T.logical_and(a, b), a.logical_or(b),
                                               T.logical_xor(a, b)), PAIR,
        dtypes=F64_INT + ("bool",), grad=False),
    # reductions
    row("prod", lambda T, x: T.prod(x), SMALL, dtypes=NUMERIC),
    row("prod_dim", lambda T, x, dim, keepdim: x.prod(dim, keepdim), SMALL,
        params=dim_keepdim, dtypes=F64_INT),
    row("nansum", lambda T, x, dim, keepdim: T.nansum(_with_nan(T, x), dim, keepdim), SMALL,
        params=dims_keepdim, dtypes=F64),
    row("nanmean", lambda T, x, dim, keepdim: _with_nan(T, x).nanmean(dim, keepdim), SMALL,
        params=dims_keepdim, fd=False, dtypes=F64),
    row("median", lambda T, x: T.median(x), SMALL, unique=True, dtypes=NUMERIC),
    row("median_dim", lambda T, x, dim, keepdim: tuple(x.median(dim, keepdim)), SMALL_ND,
        params=dim_keepdim, unique=True, dtypes=F64),
    row("nanmedian", lambda T, x: _with_nan(T, x).nanmedian(), SMALL, unique=True, fd=False,
        dtypes=F64),
    row("nanmedian_dim", lambda T, x, dim, keepdim: tuple(T.nanmedian(_with_nan(T, x), dim,
                                                                     keepdim)),
        SMALL_ND, params=dim_keepdim, unique=True, fd=False, dtypes=F64),
    row("mode", lambda T, x, dim, keepdim: tuple(T.mode(x, dim, keepdim)), SMALL_ND,
        params=dim_keepdim, unique=True, dtypes=NUMERIC),
    row("quantile", lambda T, x, **kw: T.quantile(x, **kw), SMALL, params=quantile_params,
        unique=True),
    row("quantile_tensor_q", _quantile_tensor, SMALL, params=maybe_dim_keepdim, unique=True,
        dtypes=F64),
    row("nanquantile", lambda T, x, **kw: _with_nan(T, x).nanquantile(**kw), SMALL,
        params=quantile_params, unique=True, fd=False),
    row("std_mean", lambda T, x, dim, keepdim: T.std_mean(x, dim, keepdim=keepdim),
        _small(unary(1, 2)), params=dims_keepdim, tol32=(1e-5, 1e-5)),
    row("var_mean", lambda T, x: T.var_mean(x, correction=0), SMALL, tol32=(1e-5, 1e-5)),
    row("aminmax", lambda T, x, dim, keepdim: tuple(T.aminmax(x, dim=dim, keepdim=keepdim)),
        SMALL_ND, params=dim_keepdim, unique=True, dtypes=NUMERIC),
    row("aminmax_all", lambda T, x: tuple(T.aminmax(x)), SMALL, unique=True, dtypes=F64),
    row("dist", lambda T, a, b, p: T.dist(a, b, p), PAIR, params=dist_p, unique=True, dtypes=F64),
    row("count_nonzero", lambda T, x, dim, keepdim: T.count_nonzero(x.round(), dim), SMALL,
        params=dims_keepdim, dtypes=F64_INT, grad=False),
    # sorting and order statistics
    row("sort", lambda T, x, dim, descending: tuple(T.sort(x, dim, descending)), SMALL3D,
        params=dim_descending, unique=True),
    row("sort_ties", lambda T, x, dim, descending: tuple(x.sort(dim, descending)), SMALL3D,
        params=dim_descending, dtypes=("int64",), grad=False),
    row("argsort", lambda T, x, dim, descending: T.argsort(x, dim, descending), SMALL3D,
        params=dim_descending, dtypes=F64_INT, grad=False),
    row("msort", lambda T, x: T.msort(x), SMALL_ND, unique=True, dtypes=F64),
    row("topk", lambda T, x, **kw: tuple(x.topk(**kw)), SMALL3D, params=k_dim_largest,
        unique=True),
    row("kthvalue", lambda T, x, k, dim, keepdim: tuple(T.kthvalue(x, k, dim, keepdim)),
        SMALL3D, params=k_dim_keepdim, unique=True, dtypes=F64),
    row("unique", lambda T, x: T.unique(x, return_inverse=True, return_counts=True), SMALL,
        dtypes=("int64",), grad=False),
    row("unique_consecutive", lambda T, x, dim: T.unique_consecutive(
        x, return_inverse=True, return_counts=True, dim=dim), SMALL_ND, params=one_dim,
        dtypes=("int64",), grad=False),
    # scans
    row("cumsum", lambda T, x, dim: T.cumsum(x, dim), SMALL3D, params=one_dim,
        dtypes=NUMERIC),
    row("cumprod", lambda T, x, dim: x.cumprod(dim), SMALL3D, params=one_dim, dtypes=NUMERIC),
    row("logcumsumexp", lambda T, x, dim: T.logcumsumexp(x, dim), SMALL3D, params=one_dim),
    row("cummax", lambda T, x, dim: tuple(T.cummax(x, dim)), SMALL3D, params=one_dim,
        unique=True, dtypes=F64),
    row("cummin", lambda T, x, dim: tuple(x.cummin(dim)), SMALL3D, params=one_dim,
        unique=True, dtypes=F64),
    row("cummax_cummin_ties", lambda T, x, dim: (*T.cummax(x, dim), *T.cummin(x, dim)),
        SMALL3D, params=one_dim, dtypes=("int64",), grad=False),
    # comparisons
    row("isin", _isin, PAIR, dtypes=("float64", "int64"), grad=False),
    row("greater_less", lambda T, a, b: (T.greater(a, b), a.less_equal(b), T.not_equal(a, b)),
        PAIR, domains=(Domain(-1, 1),), dtypes=F64_INT, grad=False),
    row("isposinf_isneginf", lambda T, x: (T.isposinf(_with_inf(T, x)),
                                           _with_inf(T, x).isneginf(), T.isreal(x)),
        SMALL, grad=False, dtypes=F64),
    # in-place forms
    row("log1p_", lambda T, x: (x * 1).log1p_(), SMALL, domains=(Domain(-0.8, 2),)),
    row("cumsum_", lambda T, x, dim: (x * 1).cumsum_(dim), SMALL3D, params=one_dim, dtypes=F64),
    row("addcdiv_", lambda T, a, b, c: (a * 1).addcdiv_(b, c, value=0.5), _small(same_shapes(3)),
        domains=(Domain(), Domain(), NONZERO), dtypes=F64),
]
# -- issue 12b: indexing, slicing, joining, mutating ops and "other operations" ------------------
import warnings  # noqa: E402

from hypothesis.extra import numpy as hnp  # noqa: E402

from . import index_strategies as ix  # noqa: E402

UNIQUE_FLOAT = dict(unique=True)      # amax/amin/cummax-like rows: no ties


def _t(T, a):
    """An index array (or None/number) as a tensor of library ``T``."""
    return T.tensor(a) if isinstance(a, np.ndarray) else a


def _square(max_dims, max_side):
    return st.integers(1, max_side).map(lambda n: ((n, n),))


def _tensordot_shapes(max_dims, max_side):
    side = st.integers(1, max_side)
    return st.tuples(side, side, side).map(lambda s: ((s[0], s[1], s[1]), (s[1], s[1], s[2])))


def _batched_mm(max_dims, max_side):
    side = st.integers(1, max_side)
    return st.tuples(side, side, side, side, st.booleans()).map(
        lambda s: ((s[0], s[1], s[2]), (1 if s[4] else s[0], s[2], s[3])))


def _cov_shapes(max_dims, max_side):
    return hnp.array_shapes(min_dims=1, max_dims=2, min_side=2, max_side=max_side).map(
        lambda s: (s,))


def _quiet(fn, *args, **kwargs):
    """Call ``fn`` without its deprecation/beta warning (both libraries give it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _cut(src, index):
    """The leading block of ``src`` with the index's shape."""
    return src[tuple(slice(0, n) for n in index.shape)]


def _twice(min_dims):
    """Two equal shapes of at least ``min_dims`` dims."""
    return lambda nd, side: unary(min_dims)(nd, side).map(lambda s: (s[0], s[0]))


def _einsum(equation):
    return lambda T, *xs: T.einsum(equation, *xs)


SPECS_12B = [
    # gather / scatter along a dim
    row("gather", lambda T, x, dim, index: T.gather(x, dim, T.tensor(index)), unary(1),
        params=ix.gather_index, dtypes=NUMERIC),
    # (src is cut to the index's shape: torch's backward mis-shapes a larger src's gradient)
    row("scatter", lambda T, x, s, dim, index: x.scatter(dim, T.tensor(index), _cut(s, index)),
        _twice(1), params=ix.scatter_index(True)),
    row("scatter_value", lambda T, x, dim, index: T.scatter(x, dim, T.tensor(index), value=1.5),
        unary(1), params=ix.scatter_index(True)),
    row("scatter_add", lambda T, x, s, dim, index: T.scatter_add(x, dim, T.tensor(index),
                                                                 _cut(s, index)),
        _twice(1), params=ix.scatter_index(False), dtypes=NUMERIC),
    row("scatter_reduce", lambda T, x, s, dim, index, reduce, include_self: x.scatter_reduce(
        dim, T.tensor(index), _cut(s, index), reduce, include_self=include_self), _twice(1),
        params=ix.scatter_reduce_params, unique=True, tol32=(1e-5, 1e-5)),
    row("take_along_dim", lambda T, x, index, dim: T.take_along_dim(x, T.tensor(index), dim),
        unary(1), params=ix.take_along_index),
    # whole slices along a dim
    row("index_select", lambda T, x, dim, index: x.index_select(dim, T.tensor(index)), unary(1),
        params=ix.vector_index, dtypes=NUMERIC),
    row("index_add", lambda T, x, s, dim, index: T.index_add(x, dim, T.tensor(index), s,
                                                             alpha=-2),
        ix.along_dim_shapes(), params=ix.along_dim_index(False), dtypes=NUMERIC),
    row("index_copy", lambda T, x, s, dim, index: x.index_copy(dim, T.tensor(index), s),
        ix.along_dim_shapes(True), params=ix.along_dim_index(True)),
    row("index_fill", lambda T, x, dim, index: x.index_fill(dim, T.tensor(index), -2.0),
        unary(1), params=ix.vector_index, dtypes=NUMERIC),
    row("index_fill_tensor", lambda T, x, v, dim, index: T.index_fill(
        x, dim, T.tensor(index), v.sum()), _twice(1), params=ix.vector_index),
    row("index_put", lambda T, x, v, index, accumulate: x.index_put(
        (T.tensor(index),), v, accumulate), lambda nd, side: unary(1)(nd, side).map(
            lambda s: (s[0], s[0][1:])), params=ix.row_index),
    row("index_reduce", lambda T, x, s, dim, index: _quiet(
        x.index_reduce, dim, T.tensor(index), s, "amax", include_self=False),
        ix.along_dim_shapes(),
        params=ix.along_dim_index(False), unique=True),
    # masks and flat positions
    row("masked_select", lambda T, x, mask: T.masked_select(x, T.tensor(mask)), unary(),
        params=bool_mask, dtypes=NUMERIC),
    row("masked_scatter", lambda T, x, s, mask: x.masked_scatter(T.tensor(mask), s),
        same_shapes(2), params=lambda s: bool_mask(s)),
    row("take", lambda T, x, index: T.take(x, T.tensor(index)), unary(), params=ix.take_index,
        dtypes=NUMERIC),
    row("put", lambda T, x, s, index, accumulate: x.put(T.tensor(index), s, accumulate),
        ix.put_shapes, params=ix.put_index),
    # slicing and embedding
    row("select", lambda T, x, dim, index: T.select(x, dim, index), unary(1),
        params=ix.select_params),
    row("narrow", lambda T, x, dim, start, length: T.narrow(x, dim, start, length), unary(1),
        params=ix.narrow_params),
    row("swapaxes", lambda T, x, d0, d1: T.swapaxes(x, d0, d1), unary(), params=two_dims),
    row("swapdims", lambda T, x, d0, d1: x.swapdims(d0, d1), unary(), params=two_dims),
    row("moveaxis", lambda T, x, source, destination: x.moveaxis(source, destination),
        unary(1), params=ix.movedim_params),
    row("broadcast_to", lambda T, x, size: T.broadcast_to(x, size), unary(),
        params=expand_target),
    row("concatenate", lambda T, *xs, dim: T.concatenate(xs, dim), joined_shapes,
        params=cat_dim),
    row("concat", lambda T, *xs, dim: T.concat(xs, dim=dim), joined_shapes, params=cat_dim),
    row("narrow_copy", lambda T, x, dim, start, length: x.narrow_copy(dim, start, length),
        unary(1), params=ix.narrow_params),
    # (src comes from a second input of self's shape, cut to the slice's shape)
    row("select_scatter", lambda T, x, s, dim, index: T.select_scatter(
        x, s.select(dim, index), dim, index), _twice(1), params=ix.select_params),
    row("slice_scatter", lambda T, x, s, dim, start, end, step: x.slice_scatter(
        s[(slice(None),) * (dim % x.ndim) + (slice(start, end, step),)], dim, start, end, step),
        _twice(1), params=ix.slice_params),
    row("diagonal_scatter", lambda T, x, s, offset, dim1, dim2: T.diagonal_scatter(
        x, s.diagonal(offset, dim1, dim2), offset, dim1, dim2), _twice(2),
        params=ix.diagonal_params),
    # splitting, moving, repeating
    row("tensor_split", lambda T, x, dim, sections: T.tensor_split(x, sections, dim), unary(1),
        params=ix.split_sections),
    row("hsplit", lambda T, x: x.hsplit([1]), unary(1)),
    row("vsplit", lambda T, x: T.vsplit(x, [1, 2]), unary(2)),
    row("dsplit", lambda T, x: x.dsplit(1), unary(3)),
    row("movedim", lambda T, x, source, destination: T.movedim(x, source, destination),
        unary(1), params=ix.movedim_params),
    row("repeat", lambda T, x, sizes: x.repeat(*sizes), unary(), params=ix.repeat_sizes,
        dtypes=NUMERIC),
    row("tile", lambda T, x, sizes: T.tile(x, sizes), unary(), params=ix.tile_sizes),
    row("adjoint", lambda T, x: T.adjoint(x), unary(2)),
    # flips, rolls, rotations
    row("flip", lambda T, x, dims: T.flip(x, dims), unary(), params=ix.flip_dims,
        dtypes=NUMERIC),
    row("fliplr", lambda T, x: x.fliplr(), unary(2)),
    row("flipud", lambda T, x: T.flipud(x), unary(1)),
    row("roll", lambda T, x, shifts, dims: T.roll(x, shifts, dims), unary(),
        params=ix.roll_params, dtypes=NUMERIC),
    row("rot90", lambda T, x, k, dims: x.rot90(k, dims), unary(2), params=ix.rot90_params),
    # triangles and diagonals
    row("tril", lambda T, x, diagonal: T.tril(x, diagonal), unary(2), params=ix.diagonal_offset,
        dtypes=NUMERIC),
    row("triu", lambda T, x, diagonal: x.triu(diagonal), unary(2), params=ix.diagonal_offset),
    row("diagonal", lambda T, x, offset, dim1, dim2: T.diagonal(x, offset, dim1, dim2), unary(2),
        params=ix.diagonal_params),
    row("diag_embed", lambda T, x, offset, dim1, dim2: x.diag_embed(offset, dim1, dim2),
        unary(1), params=ix.embed_params),
    row("diag_vector", lambda T, x, diagonal: T.diag(x, diagonal),
        lambda nd, side: unary(1)(1, side), params=ix.diagonal_offset),
    row("diag_matrix", lambda T, x, diagonal: x.diag(diagonal),
        lambda nd, side: unary(2)(2, side), params=ix.diagonal_offset),
    row("diagflat", lambda T, x, diagonal: T.diagflat(x, diagonal), unary(),
        params=ix.diagonal_offset),
    row("trace", lambda T, x: T.trace(x), _square, dtypes=NUMERIC),
    # repeats and reshapes
    row("repeat_interleave", lambda T, x, repeats, dim: x.repeat_interleave(_t(T, repeats), dim),
        unary(), params=ix.interleave_params),
    row("unflatten", lambda T, x, dim, sizes: T.unflatten(x, dim, sizes), unary(1),
        params=ix.unflatten_params),
    row("ravel", lambda T, x: x.transpose(0, -1).ravel(), unary()),
    # norms, differences, statistics
    row("renorm", lambda T, x, p, dim, maxnorm: x.renorm(p, dim, maxnorm), unary(2),
        params=ix.renorm_params, domains=(NONZERO,), tol32=(1e-5, 1e-5)),
    row("diff", lambda T, x, n, dim, prepend: T.diff(
        x, n, dim, prepend=x.narrow(dim, 0, 1) * 2 if prepend else None), unary(1),
        params=ix.diff_params, dtypes=NUMERIC),
    row("cov", lambda T, x: T.cov(x), _cov_shapes, tol32=(1e-5, 1e-5)),
    row("cov_weighted", lambda T, x: x.cov(
        correction=0, fweights=T.arange(x.shape[-1]) + 1,
        aweights=T.arange(x.shape[-1]).to(x.dtype) * 0.25 + 0.5), _cov_shapes,
        tol32=(1e-5, 1e-5)),
    # with two observations every correlation is +-1 and its gradient is rounding noise
    row("corrcoef", lambda T, x: x.corrcoef(), lambda nd, side: _cov_shapes(nd, side).filter(
        lambda s: len(s[0]) == 2 and s[0][1] >= 3), tol32=(1e-4, 1e-5)),
    # products
    row("outer", lambda T, a, b: T.outer(a, b), ix.vector_pairs, dtypes=NUMERIC),
    row("ger", lambda T, a, b: _quiet(a.ger, b), ix.vector_pairs),
    row("inner", lambda T, a, b: T.inner(a, b), lambda nd, side: st.tuples(
        unary(0)(2, side), unary(0)(2, side)).map(lambda s: (s[0][0] + (3,), s[1][0] + (3,))),
        tol32=(1e-5, 1e-5)),
    row("kron", lambda T, a, b: T.kron(a, b), lambda nd, side: st.tuples(
        unary()(2, 3), unary()(2, 3)).map(lambda s: (s[0][0], s[1][0])), dtypes=NUMERIC),
    row("cross", lambda T, a, b, dim: T.cross(a, b, dim=dim), ix.cross_shapes,
        params=ix.cross_dim),
    row("linalg_cross_method", lambda T, a, b, dim: a.cross(b, dim), ix.cross_shapes,
        params=ix.cross_dim),
    row("tensordot", lambda T, a, b, dims: T.tensordot(a, b, dims=dims), _tensordot_shapes,
        params=ix.tensordot_dims, tol32=(1e-5, 1e-5)),
    row("einsum_mm", _einsum("ij,jk->ik"), mm_shapes, tol32=(1e-5, 1e-5)),
    row("einsum_batched", _einsum("...ij,...jk->...ik"), _batched_mm, tol32=(1e-5, 1e-5)),
    row("einsum_implicit", _einsum("ij,kj"), lambda nd, side: mm_shapes(nd, side).map(
        lambda s: (s[0], (s[1][1], s[0][1]))), tol32=(1e-5, 1e-5)),
    row("einsum_outer", _einsum("i,j->ij"), ix.vector_pairs),
    row("einsum_trace", _einsum("ii"), _square),
    row("einsum_diagonal", _einsum("bii->bi"), lambda nd, side: _square(nd, side).map(
        lambda s: ((2,) + s[0],))),
    row("einsum_sum", _einsum("bij->j"), lambda nd, side: unary(3)(3, side),
        tol32=(1e-5, 1e-5)),
    row("einsum_transpose", _einsum("ij->ji"), lambda nd, side: unary(2)(2, side)),
    row("einsum_three", _einsum("ij,jk,k->i"), lambda nd, side: mm_shapes(nd, side).map(
        lambda s: (s[0], s[1], (s[1][1],))), tol32=(1e-5, 1e-5)),
    row("cdist", lambda T, a, b, p: T.cdist(a, b, p), ix.cdist_shapes, params=ix.cdist_p,
        unique=True, tol32=(1e-5, 1e-5)),
    # shaping and joining composites
    row("block_diag", lambda T, *xs: T.block_diag(*xs), ix.blocks),
    row("cartesian_prod", lambda T, *xs: T.cartesian_prod(*xs), ix.vectors(3)),
    row("combinations", lambda T, x: T.combinations(x, 2), lambda nd, side: unary(1)(1, side)),
    row("combinations_replace", lambda T, x: T.combinations(x, 3, with_replacement=True),
        lambda nd, side: unary(1)(1, 3)),
    row("meshgrid_ij", lambda T, a, b: T.meshgrid(a, b, indexing="ij"), ix.vector_pairs),
    row("meshgrid_xy", lambda T, a, b, c: T.meshgrid([a, b, c], indexing="xy"), ix.vectors(3)),
    row("atleast_1d", lambda T, x: T.atleast_1d(x), unary()),
    row("atleast_2d", lambda T, a, b: T.atleast_2d(a, b), same_shapes(2)),
    row("atleast_3d", lambda T, x: T.atleast_3d((x,)), unary()),
    row("hstack", lambda T, a, b: T.hstack([a, b]), same_shapes(2)),
    row("vstack", lambda T, a, b: T.vstack((a, b)), same_shapes(2)),
    row("row_stack", lambda T, a, b: T.row_stack((a, b)), lambda nd, side: unary(0)(1, side).map(
        lambda s: (s[0], s[0]))),
    row("dstack", lambda T, a, b: T.dstack([a, b]), same_shapes(2)),
    row("column_stack", lambda T, a, b: T.column_stack([a, b]), lambda nd, side: unary(0)(
        2, side).map(lambda s: (s[0], s[0]))),
    row("broadcast_tensors", lambda T, a, b: T.broadcast_tensors(a, b), broadcast()),
    # torch 2.14's vander cannot backward (an in-place cumprod): compare values only
    row("vander", lambda T, x: T.vander(x), lambda nd, side: unary(1)(1, side),
        dtypes=NUMERIC, grad=False),
    row("vander_increasing", lambda T, x: T.vander(x, 3, increasing=True),
        lambda nd, side: unary(1)(1, side), grad=False),
]
SPECS += SPECS_12B

# composites whose last node torch names after an internal step of its own algorithm
GRAD_FN_DIFFERS_12B = {"einsum_mm", "einsum_batched", "einsum_implicit", "einsum_outer",
                       "einsum_trace", "einsum_diagonal", "einsum_sum", "einsum_transpose",
                       "einsum_three", "tensordot", "inner", "vander_increasing",
                       "slice_scatter"}

# -- issue 12: the function and method forms of ops other rows reach via operators ---------
# (the coverage report counts a name as tested when a parity row calls it by that name)
def _with_specials(T, x):
    """Some elements made inf, -inf or NaN, for the isfinite / isinf / isnan rows."""
    x = T.where(x > 1.2, float("inf"), x)
    x = T.where(x < -1.2, float("-inf"), x)
    return T.where((x > 0.9) & (x < 1.2), float("nan"), x)


SPECS += [
    row("mul_function", lambda T, a, b: T.mul(a, b), broadcast(), dtypes=NUMERIC),
    row("multiply", lambda T, a, b: T.multiply(a, b), broadcast()),
    row("mul_method", lambda T, a, b: a.mul(b), broadcast(), dtypes=NUMERIC),
    row("div_function", lambda T, a, b: T.div(a, b), broadcast(), domains=(Domain(), NONZERO)),
    row("divide", lambda T, a, b: T.divide(a, b), broadcast(), domains=(Domain(), NONZERO)),
    row("true_divide", lambda T, a, b: T.true_divide(a, b), broadcast(),
        domains=(Domain(), NONZERO), dtypes=NUMERIC),
    row("div_method", lambda T, a, b: a.div(b), broadcast(), domains=(Domain(), NONZERO)),
    row("sub_function", lambda T, a, b: T.sub(a, b), broadcast(), dtypes=NUMERIC),
    row("subtract", lambda T, a, b: T.subtract(a, b, alpha=2), broadcast()),
    row("sub_method", lambda T, a, b: a.sub(b), broadcast(), dtypes=NUMERIC),
    row("neg_function", lambda T, x: T.neg(x), unary(), dtypes=NUMERIC),
    row("negative", lambda T, x: T.negative(x), unary()),
    row("neg_method", lambda T, x: x.neg(), unary(), dtypes=NUMERIC),
    row("negative_method", lambda T, x: x.negative(), unary()),
    row("logical_not", lambda T, x: T.logical_not(x > 0), unary(), grad=False,
        dtypes=NUMERIC),
    row("logical_not_method", lambda T, x: x.logical_not(), unary(), grad=False,
        dtypes=NUMERIC),
    row("all", lambda T, x: T.all(x > -1), unary(), grad=False, dtypes=NUMERIC),
    row("all_method", lambda T, x, dim, keepdim: (x > 0).all(dim, keepdim=keepdim), unary(1),
        params=dim_keepdim, grad=False),
    row("any", lambda T, x: T.any(x > 1.5), unary(), grad=False, dtypes=NUMERIC),
    row("any_method", lambda T, x, dim, keepdim: (x > 1).any(dim, keepdim=keepdim), unary(1),
        params=dim_keepdim, grad=False),
    row("eq_function", lambda T, a, b: T.eq(a.round(), b.round()), broadcast(), grad=False),
    row("eq_method", lambda T, a, b: a.eq(b), broadcast(), grad=False, dtypes=NUMERIC),
    row("ne_function", lambda T, a, b: T.ne(a.round(), b.round()), broadcast(), grad=False),
    row("ne_method", lambda T, a, b: a.ne(b), broadcast(), grad=False, dtypes=NUMERIC),
    row("gt_function", lambda T, a, b: T.gt(a, b), broadcast(), grad=False, dtypes=NUMERIC),
    row("gt_method", lambda T, a, b: a.gt(b), broadcast(), grad=False),
    row("lt_function", lambda T, a, b: T.lt(a, b), broadcast(), grad=False, dtypes=NUMERIC),
    row("lt_method", lambda T, a, b: a.lt(b), broadcast(), grad=False),
    row("le_function", lambda T, a, b: T.le(a, b), broadcast(), grad=False, dtypes=NUMERIC),
    row("le_method", lambda T, a, b: a.le(b), broadcast(), grad=False),
    row("isclose", lambda T, a, b: T.isclose(a, a + b * 1e-9), broadcast(), grad=False),
    row("isclose_method", lambda T, a, b: a.isclose(b, rtol=0.5, atol=0.1), broadcast(),
        grad=False),
    row("isfinite", lambda T, x: T.isfinite(_with_specials(T, x)), unary(), grad=False),
    row("isfinite_method", lambda T, x: _with_specials(T, x).isfinite(), unary(), grad=False),
    row("isinf", lambda T, x: T.isinf(_with_specials(T, x)), unary(), grad=False),
    row("isinf_method", lambda T, x: _with_specials(T, x).isinf(), unary(), grad=False),
    row("isnan", lambda T, x: T.isnan(_with_specials(T, x)), unary(), grad=False),
    row("isnan_method", lambda T, x: _with_specials(T, x).isnan(), unary(), grad=False),
    row("broadcast_to", lambda T, x, size: T.broadcast_to(x, size), unary(),
        params=expand_target),
    row("broadcast_to_method", lambda T, x, size: x.broadcast_to(size), unary(),
        params=expand_target),
    row("where_method", lambda T, c, a, b: a.where(c > 0, b), broadcast(3)),
]


# -- recurrent networks (issue 13): one time step of each cell, splitting, sequence packing ----
# torch has no op taking the input projection gx = x W_ih^T + b_ih; its cell functions
# (torch.lstm_cell...) with W_ih = I compute the same step (gx @ I^T is exact).
# minigrad's step ops are differentiable once (README: differences).
from minigrad.ops import rnn as _rnn_ops, shape as _shape_ops  # noqa: E402
from minigrad.nn.utils import rnn as _mg_rnn_utils  # noqa: E402
from torch.nn.utils import rnn as _th_rnn_utils  # noqa: E402

RNN_SMALL = Domain(-0.1, 0.1)  # h, W_hh, b_hh of the ReLU cell: |h W_hh^T + b_hh| < 0.25


def _cell_shapes(gates, with_cell):
    """(gx, h, [c], W_hh, b_hh) for batch B and hidden size H."""
    def shapes(max_dims, max_side):
        sizes = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
        return sizes.map(lambda bh: ((bh[0], gates * bh[1]), (bh[0], bh[1]))
                         + (((bh[0], bh[1]),) if with_cell else ())
                         + ((gates * bh[1], bh[1]), (gates * bh[1],)))
    return shapes


def _torch_cell(fn):
    def run(gx, h, *rest):
        eye = torch.eye(gx.shape[1], dtype=gx.dtype)
        if len(rest) == 3:                                   # LSTM: (c, W_hh, b_hh)
            return fn(gx, (h, rest[0]), eye, rest[1], None, rest[2])
        return fn(gx, h, eye, rest[0], None, rest[1])
    return run


def _split_sizes(shapes):
    nd = len(shapes[0])
    return st.integers(0, nd - 1).flatmap(lambda d: st.fixed_dictionaries({
        "dim": st.just(d),
        "sizes": st.lists(st.integers(0, shapes[0][d]), min_size=0, max_size=3).map(
            lambda cuts, n=shapes[0][d]: np.diff([0] + sorted(cuts) + [n]).tolist())}))


def _padded_shapes(max_dims, max_side):
    return hnp.array_shapes(min_dims=3, max_dims=3, max_side=max_side).map(lambda s: (s,))


def _lengths(shapes):
    steps, batch = shapes[0][:2]
    return st.fixed_dictionaries({"lengths": st.lists(
        st.integers(1, steps), min_size=batch, max_size=batch).map(
            lambda v: sorted(v, reverse=True))})


def _pack(T, x, lengths):
    utils = _mg_rnn_utils if T is minigrad else _th_rnn_utils
    return utils.pack_padded_sequence(x, lengths).data


def _packed_shapes(max_dims, max_side):
    return hnp.array_shapes(min_dims=2, max_dims=2, max_side=2 * max_side).map(lambda s: (s,))


def _batch_sizes(shapes):
    """Batch sizes of a packed batch of N rows: as many sequences as drawn, lengths even."""
    n = shapes[0][0]

    def sizes(batch):
        lengths = [n // batch + (k < n % batch) for k in range(batch)]
        return [sum(v > t for v in lengths) for t in range(lengths[0])]
    return st.fixed_dictionaries({"batch_sizes": st.integers(1, n).map(sizes),
                                  "extra": st.integers(0, 2)})


def _unpack(T, data, batch_sizes, extra):
    utils = _mg_rnn_utils if T is minigrad else _th_rnn_utils
    packed = utils.PackedSequence(data, T.tensor(batch_sizes, dtype=T.int64))
    return utils.pad_packed_sequence(packed, total_length=len(batch_sizes) + extra)[0]


def _sequence_shapes(max_dims, max_side):
    trailing = hnp.array_shapes(min_dims=0, max_dims=2, max_side=max_side)
    return st.tuples(trailing, st.lists(st.integers(1, max_side), min_size=1, max_size=3)).map(
        lambda tl: tuple((n,) + tl[0] for n in tl[1]))


def _pad_options(shapes):
    return st.fixed_dictionaries({"batch_first": st.booleans(),
                                  "padding_value": st.sampled_from([0.0, -1.5]),
                                  "padding_side": st.sampled_from(["right", "left"])})


def _pad(T, *sequences, **options):
    utils = _mg_rnn_utils if T is minigrad else _th_rnn_utils
    return utils.pad_sequence(list(sequences), **options)


SPECS += [
    OpSpec("rnn_tanh_cell", _rnn_ops.RnnTanhCell.apply, _torch_cell(torch.rnn_tanh_cell),
           _cell_shapes(1, False), double=False),
    OpSpec("rnn_relu_cell", _rnn_ops.RnnReluCell.apply, _torch_cell(torch.rnn_relu_cell),
           _cell_shapes(1, False), domains=(NONZERO, RNN_SMALL), double=False),
    OpSpec("lstm_cell", _rnn_ops.LstmCell.apply, _torch_cell(torch.lstm_cell),
           _cell_shapes(4, True), double=False),
    OpSpec("gru_cell", _rnn_ops.GruCell.apply, _torch_cell(torch.gru_cell),
           _cell_shapes(3, False), double=False),
    OpSpec("split_with_sizes", lambda x, sizes, dim: _shape_ops.SplitWithSizes.apply(
        x, sizes, dim), lambda x, sizes, dim: x.split_with_sizes(sizes, dim), unary(1),
        params=_split_sizes),
    row("pack_padded_sequence", _pack, _padded_shapes, params=_lengths),
    row("pad_packed_sequence", _unpack, _packed_shapes, params=_batch_sizes),
    row("pad_sequence", _pad, _sequence_shapes, params=_pad_options),
]

# -- issue 12, layers: nn.functional rows (activations, losses, padding, resampling...) -------
from .op_specs_nn import SPECS_NN  # noqa: E402  (its rows use row() and Domain above)

SPECS += SPECS_NN
