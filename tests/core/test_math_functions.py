"""torch's pointwise, reduction and comparison functions beyond the op table (issue 12a).

The op table (op_specs.py) checks values and gradients on random inputs; this
file checks what random inputs do not reach: ``out=`` and in-place forms of
every function, the tie and NaN rules of sorting and order statistics, exact
zeros in products, special-function accuracy and edge values over wide
ranges, torch's errors, and the nodes torch records without a derivative.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad._math_functions import FUNCTIONS, WITH_OUT
from minigrad._tensor_pointwise import INPLACE
from torch_compat import torch_at_least

from .support import assert_raises_like, assert_same, assert_tree_same, both

X = [[0.2, 0.7, 0.4], [0.9, 0.3, 0.6]]
Y = [[0.5, 0.25, 0.8], [0.1, 0.6, 0.35]]
XI = [[5, -3, 4], [0, 7, 2]]
YI = [[2, 2, -3], [1, 3, 5]]


def operands(T):
    return (T.tensor(X), T.tensor(Y), T.tensor(XI), T.tensor(YI))


UNARY = ("abs absolute acos arccos asin arcsin asinh arcsinh atan arctan atanh arctanh ceil cos "
         "cosh deg2rad digamma erf erfc erfinv exp exp2 expm1 fix floor frac i0 lgamma log log10 "
         "log1p log2 logit neg negative rad2deg reciprocal round rsqrt sigmoid sign sgn sin sinc "
         "sinh sqrt square tan tanh trunc nan_to_num angle conj_physical signbit isposinf "
         "isneginf logical_not sum mean prod nansum nanmean std var norm msort frexp aminmax "
         "median nanmedian amax amin all any max min").split()
BINARY = ("add atan2 arctan2 copysign div divide fmod hypot igamma igammac ldexp logaddexp "
          "logaddexp2 mul multiply nextafter remainder sub subtract true_divide xlogy maximum "
          "minimum fmax fmin eq ne lt le gt ge greater greater_equal less less_equal not_equal "
          "float_power pow floor_divide heaviside logical_and logical_or logical_xor isin").split()
INTEGER_BINARY = ("bitwise_and bitwise_or bitwise_xor bitwise_left_shift "
                  "bitwise_right_shift").split()

# name -> (args, kwargs) from operands (x, y, xi, yi); the first argument is the input
RECIPES = {name: (lambda x, y, xi, yi: ((x,), {})) for name in UNARY}
RECIPES.update({name: (lambda x, y, xi, yi: ((x, y), {})) for name in BINARY})
RECIPES.update({name: (lambda x, y, xi, yi: ((xi, yi), {})) for name in INTEGER_BINARY})
RECIPES.update({
    "acosh": lambda x, y, xi, yi: ((x + 1,), {}),
    "arccosh": lambda x, y, xi, yi: ((x + 1,), {}),
    "bitwise_not": lambda x, y, xi, yi: ((xi,), {}),
    "addcmul": lambda x, y, xi, yi: ((x, y, y), {"value": 0.5}),
    "addcdiv": lambda x, y, xi, yi: ((x, y, y + 1), {"value": -2}),
    "lerp": lambda x, y, xi, yi: ((x, y, 0.3), {}),
    "clamp": lambda x, y, xi, yi: ((x, 0.3, 0.6), {}),
    "clip": lambda x, y, xi, yi: ((x, None, 0.6), {}),
    "clamp_min": lambda x, y, xi, yi: ((x, 0.3), {}),
    "clamp_max": lambda x, y, xi, yi: ((x, y), {}),
    "mvlgamma": lambda x, y, xi, yi: ((x + 1, 2), {}),
    "polygamma": lambda x, y, xi, yi: ((2, x), {}),
    "logsumexp": lambda x, y, xi, yi: ((x, 1), {}),
    "argmax": lambda x, y, xi, yi: ((x, 1), {}),
    "argmin": lambda x, y, xi, yi: ((x, 0, True), {}),
    "kthvalue": lambda x, y, xi, yi: ((x, 2, 1), {}),
    "mode": lambda x, y, xi, yi: ((xi, 0), {}),
    "sort": lambda x, y, xi, yi: ((x, 1, True), {}),
    "topk": lambda x, y, xi, yi: ((x, 2), {}),
    "quantile": lambda x, y, xi, yi: ((x, 0.3), {"dim": 1}),
    "nanquantile": lambda x, y, xi, yi: ((x, 0.8), {}),
    "cumsum": lambda x, y, xi, yi: ((x, 1), {}),
    "cumprod": lambda x, y, xi, yi: ((xi, 0), {}),
    "logcumsumexp": lambda x, y, xi, yi: ((x, 1), {}),
    "cummax": lambda x, y, xi, yi: ((x, 1), {}),
    "cummin": lambda x, y, xi, yi: ((xi, 0), {}),
    "max": lambda x, y, xi, yi: ((x, 1), {}),
    "median": lambda x, y, xi, yi: ((x, 0), {}),
    "nanmedian": lambda x, y, xi, yi: ((x, 1, True), {}),
    "sum": lambda x, y, xi, yi: ((x, (0, 1)), {}),
    "prod": lambda x, y, xi, yi: ((x, 1), {}),
    "heaviside": lambda x, y, xi, yi: ((x - 0.4, y), {}),
})


def call(T, name, out=None):
    args, kwargs = RECIPES[name](*operands(T))
    if out is not None:
        kwargs["out"] = out
    return getattr(T, name)(*args, **kwargs)


def empty_like_result(T, result):
    """Empty tensors (or a tuple of them) of the result's dtypes, as the ``out=``."""
    if isinstance(result, tuple):
        return tuple(empty_like_result(T, r) for r in result)
    return T.empty(0, dtype=getattr(T, str(result.dtype).split(".")[-1]))


def test_every_function_has_a_recipe_and_torch_twin():
    assert set(WITH_OUT) <= set(RECIPES)
    for name in FUNCTIONS:
        assert hasattr(torch, name), name
        assert hasattr(minigrad, name) and name in minigrad.__all__, name


@pytest.mark.parametrize("name", WITH_OUT)
def test_out_is_written_and_returned(name):
    expected = call(torch, name)
    th_out = empty_like_result(torch, expected)
    mg_out = empty_like_result(minigrad, expected)
    th_result = call(torch, name, out=th_out)
    mg_result = call(minigrad, name, out=mg_out)
    assert_tree_same(mg_result, th_result)
    for got, given in zip(mg_result if isinstance(mg_result, tuple) else (mg_result,),
                          mg_out if isinstance(mg_out, tuple) else (mg_out,), strict=True):
        assert got is given


def test_out_rules():
    """See also the out_* cases of test_errors_match_torch."""
    with minigrad.no_grad():              # allowed without grad recording
        minigrad.log1p(minigrad.ones(2, requires_grad=True), out=minigrad.empty(2))
    out = minigrad.empty(2, 2)
    with pytest.warns(UserWarning, match=r"resized since it had shape \[2, 2\]"):
        minigrad.exp2(minigrad.ones(3), out=out)
    assert out.shape == (3,) and out.tolist() == [2.0, 2.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # an empty out is resized silently
        minigrad.exp2(minigrad.ones(3), out=minigrad.empty(0))
    wide = minigrad.empty(3, dtype=minigrad.float64)
    minigrad.log1p(minigrad.ones(3), out=wide)
    assert wide.dtype == minigrad.float64 and wide._version == 1


@pytest.mark.parametrize("name", [n for n in INPLACE if n in RECIPES or n in
                                  ("multiply", "subtract", "true_divide", "divide")])
def test_inplace_forms_match_torch(name):
    def run(T):
        args, kwargs = RECIPES.get(name, RECIPES["mul"])(*operands(T))
        if name == "polygamma":                       # polygamma(n, x) is x.polygamma_(n)
            args = (args[1], args[0])
        target = args[0].clone()
        result = getattr(target, name + "_")(*args[1:], **kwargs)
        assert result is target
        return target
    both(run)


def test_inplace_keeps_autograd_and_refuses_casts():
    both(lambda T: _grad_of(T, lambda x: (x * 1).log1p_().cumsum_(0).sum()))
    assert_raises_like(lambda: minigrad.tensor([1, 2]).log1p_(),
                       lambda: torch.tensor([1, 2]).log1p_())
    assert_raises_like(lambda: minigrad.tensor([1.0, 2.0]).float_power_(2),
                       lambda: torch.tensor([1.0, 2.0]).float_power_(2))


def _grad_of(T, fn, values=(0.5, -0.25, 2.0), dtype="float64"):
    x = T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)
    fn(x).backward()
    return x.grad


# -- ties and NaN: torch's rules ------------------------------------------------------------
TIED = [3.0, 1.0, 2.0, 1.0, 3.0, 2.0, 1.0, 3.0]
WITH_NAN = [1.0, float("nan"), 0.0, 2.0, float("nan"), 1.0]


@pytest.mark.parametrize("values", [TIED, WITH_NAN], ids=["ties", "nan"])
def test_sort_argsort_cummax_cummin_mode_follow_torch_exactly(values):
    for fn in (lambda T, x: x.sort(), lambda T, x: x.sort(descending=True),
               lambda T, x: T.sort(x, stable=True, descending=True), lambda T, x: x.argsort(),
               lambda T, x: T.argsort(x, descending=True), lambda T, x: T.msort(x),
               lambda T, x: x.cummax(0), lambda T, x: T.cummin(x, 0),
               lambda T, x: T.median(x, 0), lambda T, x: x.nanmedian(0),
               lambda T, x: x.median(), lambda T, x: x.nanmedian(),
               lambda T, x: x.unique(return_counts=True)):
        both(lambda T, fn=fn: fn(T, T.tensor(values)))
    # NaN sorts above every number (torch's mode is not defined with NaN: not compared)
    for k in range(1, len(values) + 1):
        both(lambda T, k=k: T.kthvalue(T.tensor(values), k).values)
        both(lambda T, k=k: T.topk(T.tensor(values), k).values)
    if values is TIED:
        both(lambda T: T.tensor(values).mode())


def test_mode_takes_the_smallest_most_frequent_value_at_its_last_index():
    for values in ([1.0, 2.0, 2.0, 1.0, 3.0], [5.0, 2.0, 2.0, 5.0, 3.0], [[1, 1, 2], [3, 2, 2]]):
        both(lambda T, v=values: T.mode(T.tensor(v), 0 if len(v) == 5 else 1))
        both(lambda T, v=values: _grad_of(T, lambda x: x.mode(-1).values.sum(), v)
             if isinstance(v[0], float) else None)


@pytest.mark.parametrize("op", ["topk", "kthvalue", "median", "nanmedian"])
def test_selection_among_ties_is_deterministic(op):
    """Values and gradients agree with torch's; the index is the tied element a stable sort
    puts there (torch's selection algorithm may report another tied one)."""
    calls = {"topk": lambda x: x.topk(3), "kthvalue": lambda x: x.kthvalue(2),
             "median": lambda x: x.median(0), "nanmedian": lambda x: x.nanmedian(0)}
    fn = calls[op]
    x = minigrad.tensor(TIED, dtype=minigrad.float64, requires_grad=True)
    values, indices = fn(x)
    th_values, th_indices = fn(torch.tensor(TIED, dtype=torch.float64))
    assert_same(values, th_values)
    assert (x.detach()[indices] == values.detach()).all()
    picked = indices.reshape(-1).tolist()
    stable = np.argsort(TIED, kind="stable")             # ascending, ties in input order
    order = np.argsort(np.negative(TIED), kind="stable")  # descending, ties in input order
    expected_index = {"topk": order[:3], "kthvalue": stable[1:2],
                      "median": stable[3:4], "nanmedian": stable[3:4]}[op]
    assert picked == expected_index.tolist()
    values.sum().backward()
    expected = np.zeros(len(TIED))
    np.add.at(expected, picked, 1.0)
    assert x.grad.tolist() == expected.tolist()


def test_full_median_splits_the_gradient_between_ties():
    both(lambda T: _grad_of(T, lambda x: x.median(), (1.0, 2.0, 2.0, 3.0)))
    both(lambda T: _grad_of(T, lambda x: x.median(), (1.0, 2.0, float("nan"), 3.0)))
    both(lambda T: _grad_of(T, lambda x: x.nanmedian(), (1.0, 2.0, 2.0, float("nan"), 3.0)))


# x.grad and y.grad of fmax / fmin in torch 2.14, which gave them maximum / minimum's rule: a
# tie is shared and a NaN side gets the gradient too.  Up to torch 2.13 the whole gradient
# went to the side whose value was taken ([1, 1, 0, 1, 1] and [0, 0, 1, 0, 0] for fmax).
FMAX_FMIN_GRADS_2_14 = {"fmax": ([0.5, 1.0, 1.0, 1.0, 0.5], [0.5, 0.0, 1.0, 1.0, 0.5]),
                        "fmin": ([0.5, 0.0, 1.0, 1.0, 0.5], [0.5, 1.0, 1.0, 1.0, 0.5])}


def test_extrema_of_two_with_nan_and_ties():
    a, b = [1.0, 2.0, float("nan"), 3.0, 0.5], [1.0, 1.0, 2.0, float("nan"), 0.5]
    for name in ("maximum", "minimum", "fmax", "fmin"):
        def run(T, name=name):
            x = T.tensor(a, dtype=T.float64, requires_grad=True)
            y = T.tensor(b, dtype=T.float64, requires_grad=True)
            out = getattr(T, name)(x, y)
            out.sum().backward()
            return out, x.grad, y.grad
        if name in FMAX_FMIN_GRADS_2_14:
            _, x_grad, y_grad = run(minigrad, name)
            assert (x_grad.tolist(), y_grad.tolist()) == FMAX_FMIN_GRADS_2_14[name]
            if not torch_at_least("2.14"):   # the installed torch predates this rule
                both(lambda T, name=name: run(T, name)[0])
                continue
        both(run)


def test_products_with_exact_zeros():
    """prod and cumprod differentiate without dividing by the input (torch's results)."""
    for values in ([[2.0, 0.0, 3.0], [0.0, 1.5, 0.0]], [[0.0, 0.0, 2.0], [1.0, -2.0, 4.0]]):
        for fn in (lambda x: x.prod(), lambda x: x.prod(1), lambda x: x.prod(0, keepdim=True),
                   lambda x: x.cumprod(1), lambda x: x.cumprod(0)):
            def run(T, fn=fn, values=values):
                x = T.tensor(values, dtype=T.float64, requires_grad=True)
                out = fn(x)
                seed = T.ones_like(out) * T.arange(1.0, out.numel() + 1, dtype=T.float64
                                                    ).reshape(out.shape)
                (g,) = T.autograd.grad(out, x, seed, create_graph=True)
                (gg,) = T.autograd.grad((g * g).sum(), x)
                return g.detach(), gg
            both(run)


# -- special functions: accuracy and edges over wide ranges (float64) ----------------------
WIDE = np.concatenate([np.linspace(-30, 30, 2401), [0.0, -0.0, 1e-300, -1e-300, 1e-8, 0.5,
                                                    170.5, 1e5, np.inf, -np.inf, np.nan]])


@pytest.mark.parametrize("name, values, rtol", [
    ("erf", WIDE, 1e-13), ("erfc", WIDE, 1e-13), ("lgamma", WIDE, 1e-10),
    ("digamma", WIDE, 1e-10), ("i0", WIDE, 1e-13), ("sinc", WIDE, 1e-12),
    ("erfinv", np.concatenate([np.linspace(-1, 1, 2001), [1 - 1e-12, -1 + 1e-15, 1.5, np.nan]]),
     1e-13)])
def test_special_function_values_over_wide_ranges(name, values, rtol):
    got = getattr(minigrad.tensor(values), name)().numpy()
    want = getattr(torch.tensor(values), name)().numpy()
    np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_polygamma_over_a_wide_range(n):
    values = np.concatenate([np.linspace(0.05, 40, 800), np.linspace(-4.95, -0.05, 99)])
    values = values[np.abs(values - np.round(values)) > 0.04]
    got = minigrad.polygamma(n, minigrad.tensor(values)).numpy()
    want = torch.polygamma(n, torch.tensor(values)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_trigamma_is_exact_where_torch_is_good_to_5e_10():
    """polygamma(1, 2) = pi^2/6 - 1 exactly; torch's trigamma is off in the 10th digit."""
    got = minigrad.polygamma(1, minigrad.tensor([2.0, 1.0], dtype=minigrad.float64))
    np.testing.assert_allclose(got.numpy(), [np.pi ** 2 / 6 - 1, np.pi ** 2 / 6], rtol=1e-15)
    want = torch.polygamma(1, torch.tensor([2.0, 1.0], dtype=torch.float64))
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-9)


def test_incomplete_gamma_against_closed_forms_and_torch():
    # Q(n, x) = e^-x sum_{k<n} x^k/k! for whole n; torch agrees to 1e-12 for small a
    a = np.repeat(np.arange(1.0, 8.0), 9)
    x = np.tile(np.linspace(0.1, 12.0, 9), 7)
    exact = np.exp(-x) * np.array([sum(xi ** k / math.factorial(k) for k in range(int(n)))
                                   for n, xi in zip(a, x, strict=True)])
    np.testing.assert_allclose(minigrad.igammac(minigrad.tensor(a), minigrad.tensor(x)).numpy(),
                               exact, rtol=1e-13)
    a = np.array([0.0, 0.0, 1.0, -1.0, 1.0, 2.0, np.inf, 1.0, np.nan, 0.3, 0.05, 4.0])
    x = np.array([0.0, 1.0, 0.0, 1.0, -1.0, np.inf, 1.0, np.nan, 1.0, 0.2, 3.0, 0.01])
    for name in ("igamma", "igammac"):
        got = getattr(minigrad, name)(minigrad.tensor(a), minigrad.tensor(x)).numpy()
        want = getattr(torch, name)(torch.tensor(a), torch.tensor(x)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


# -- errors, nodes without a derivative ---------------------------------------------------------
ERRORS = {
    "kthvalue_k": lambda T: T.ones(2, 3).kthvalue(4),
    "kthvalue_empty": lambda T: T.ones(2, 0).kthvalue(1),
    "topk_k": lambda T: T.ones(2, 3).topk(4),
    "median_empty_dim": lambda T: T.ones(0).median(0),
    "mode_empty": lambda T: T.ones(0).mode(0),
    "quantile_q": lambda T: T.ones(3).quantile(1.5),
    "quantile_int": lambda T: T.tensor([1, 2]).quantile(0.5),
    "quantile_q_2d": lambda T: T.ones(3).quantile(T.ones(1, 1) * 0.5),
    "quantile_interpolation": lambda T: T.ones(3).quantile(0.5, interpolation="foo"),
    "quantile_empty": lambda T: T.ones(0).quantile(0.5),
    "logaddexp_int": lambda T: T.logaddexp(T.tensor([1]), T.tensor([2])),
    "hypot_scalar": lambda T: T.hypot(T.ones(2), 2.0),
    "atan2_scalar": lambda T: T.ones(2).atan2(2.0),
    "frac_int": lambda T: T.tensor([1, 2]).frac(),
    "trunc_bool": lambda T: T.tensor([True]).trunc(),
    "bitwise_float": lambda T: T.bitwise_and(T.ones(2), T.ones(2)),
    "bitwise_not_float": lambda T: T.bitwise_not(T.ones(2)),
    "nanmean_int": lambda T: T.tensor([1, 2]).nanmean(),
    "logcumsumexp_int": lambda T: T.tensor([1, 2]).logcumsumexp(0),
    "remainder_int_zero": lambda T: T.tensor([5, 3]) % T.tensor([0, 1]),
    "floor_divide_int_zero": lambda T: T.tensor([5, 3]) // 0,
    "fmod_int_zero": lambda T: T.fmod(T.tensor([5, 3]), 0),
    "addcdiv_int": lambda T: T.addcdiv(T.tensor([1]), T.tensor([1]), T.tensor([2])),
    "lerp_dtype": lambda T: T.lerp(T.ones(2), T.ones(2, dtype=T.float64), 0.5),
    "lerp_int": lambda T: T.lerp(T.tensor([1]), T.tensor([2]), 0.5),
    "heaviside_dtype": lambda T: T.heaviside(T.ones(2), T.tensor(0.5, dtype=T.float64)),
    "frexp_int": lambda T: T.frexp(T.tensor([1, 2])),
    "imag_real": lambda T: T.imag(T.ones(2)),
    "positive_bool": lambda T: T.positive(T.tensor([True])),
    "polygamma_negative": lambda T: T.polygamma(-1, T.ones(2)),
    "gradient_edge": lambda T: T.gradient(T.ones(2), edge_order=2),
    "gradient_edge_order": lambda T: T.gradient(T.ones(4), edge_order=3),
    "gradient_spacing": lambda T: T.gradient(T.ones(4), spacing=[1.0, 2.0]),
    "aminmax_empty": lambda T: T.aminmax(T.ones(0)),
    "div_mode": lambda T: T.ones(2).div(2, rounding_mode="round"),
    "igamma_int": lambda T: T.igamma(T.tensor([1]), T.tensor([2])),
    "out_float_into_int": lambda T: T.log1p(T.ones(2), out=T.empty(2, dtype=T.long)),
    "out_argmax_dtype": lambda T: T.argmax(T.ones(2, 2), 1, out=T.empty(2)),
    "out_all_dtype": lambda T: T.all(T.ones(2, 2), 1, out=T.empty(2)),
    "out_any_dtype": lambda T: T.any(T.ones(2), out=T.empty(2, dtype=T.long)),
    "out_signbit_dtype": lambda T: T.signbit(T.ones(2), out=T.empty(2)),
    "out_isposinf_dtype": lambda T: T.isposinf(T.ones(2), out=T.empty(2)),
    "out_isin_dtype": lambda T: T.isin(T.ones(2), T.ones(2), out=T.empty(2)),
    "out_float_power_dtype": lambda T: T.float_power(T.ones(2), 2, out=T.empty(2)),
    "out_requires_grad": lambda T: T.cumsum(T.ones(2, requires_grad=True), 0, out=T.empty(2)),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_match_torch(name):
    assert_raises_like(lambda: ERRORS[name](minigrad), lambda: ERRORS[name](torch))


NO_DERIVATIVE = {
    "floor_divide": lambda T, x: T.floor_divide(x, 0.7),
    "floordiv_operator": lambda T, x: x // 0.7,
    "rfloordiv": lambda T, x: 3 // x,
    "rmod": lambda T, x: 3 % x,
    "remainder_number_first": lambda T, x: T.remainder(3, x),
    "heaviside": lambda T, x: T.heaviside(x, T.tensor(0.5)),
    "unique": lambda T, x: T.unique(x),
    "unique_dim": lambda T, x: T.unique(x.reshape(1, -1), dim=1),
    "unique_consecutive": lambda T, x: T.unique_consecutive(x),
    "igamma_input": lambda T, x: T.igamma(x, x.detach()),
    "igammac_input": lambda T, x: T.igammac(x, x.detach() + 1),
}


@pytest.mark.parametrize("name", list(NO_DERIVATIVE))
def test_nodes_without_a_derivative_raise_torch_s_error(name):
    def result(T):
        return NO_DERIVATIVE[name](T, T.tensor([1.5, -2.5, 0.5, 1.5], requires_grad=True))
    mg, th = result(minigrad), result(torch)
    assert_same(mg, th)
    assert mg.requires_grad and mg.grad_fn.name() == type(th.grad_fn).__name__
    assert_raises_like(lambda: mg.sum().backward(), lambda: th.sum().backward())


# -- function forms: numbers first, argument orders, tuples --------------------------------------
FUNCTION_FORMS = {
    "xlogy_number": lambda T, x: T.xlogy(3, x),
    "pow_number": lambda T, x: T.pow(2, x),
    "float_power_number": lambda T, x: T.float_power(2, x),
    "add_number": lambda T, x: T.add(3, x, alpha=2),
    "sub_number": lambda T, x: T.sub(3, x),
    "mul_number": lambda T, x: T.mul(3, x),
    "true_divide_number": lambda T, x: T.true_divide(3, x),
    "std_mean": lambda T, x: T.std_mean(x),
    "std_mean_dim": lambda T, x: T.std_mean(x.reshape(2, 2), 1, keepdim=True),
    "std_mean_unbiased": lambda T, x: T.std_mean(x, False),
    "var_mean_keepdim": lambda T, x: T.var_mean(x.reshape(2, 2), None, keepdim=True),
    "var_mean_correction": lambda T, x: T.var_mean(x, 0, correction=2),
    "aminmax_keepdim": lambda T, x: T.aminmax(x.reshape(2, 2), keepdim=True),
    "dist_0": lambda T, x: T.dist(x, x.detach() * 2, 0),
    "real": lambda T, x: T.real(x) * 1,
    "positive": lambda T, x: T.positive(x) * 1,
    "clamp_min_tensor": lambda T, x: T.clamp_min(x, x.detach() * 0.5 + 0.3),
}


# Gradients an older torch lacks: (the release that introduced them, x.grad in torch 2.14)
FUNCTION_FORMS_SINCE = {"aminmax_keepdim": ("2.12", [0.0, 0.0, 1.0, 1.0])}


@pytest.mark.parametrize("name", list(FUNCTION_FORMS))
def test_function_forms_match_torch(name):
    def run(T, backward=True):
        x = T.tensor([0.5, 1.5, 2.0, 0.25], dtype=T.float64, requires_grad=True)
        out = FUNCTION_FORMS[name](T, x)
        outs = out if isinstance(out, tuple) else (out,)
        if backward:
            sum(o.sum() for o in outs if o.requires_grad).backward()
        return out, x.grad
    if name in FUNCTION_FORMS_SINCE:
        since, grad = FUNCTION_FORMS_SINCE[name]
        assert run(minigrad)[1].tolist() == grad
        if not torch_at_least(since):        # the installed torch cannot differentiate it
            assert_tree_same(run(minigrad, False)[0], run(torch, False)[0])
            return
    mg, th = run(minigrad), run(torch)
    assert_tree_same(mg, th)
    for m, t in zip(*(o if isinstance(o, tuple) else (o,) for o in (mg[0], th[0])), strict=True):
        if t.grad_fn is not None:
            assert m.grad_fn.name() == type(t.grad_fn).__name__


def test_unique_variants_match_torch():
    values = [[3, 1, 3], [2, 1, 1], [3, 1, 3]]
    for fn in (lambda T, x: T.unique(x), lambda T, x: x.unique(return_inverse=True),
               lambda T, x: T.unique(x, return_counts=True, return_inverse=True),
               lambda T, x: T.unique(x, dim=0, return_inverse=True, return_counts=True),
               lambda T, x: x.unique(dim=1), lambda T, x: T.unique_consecutive(x),
               lambda T, x: T.unique_consecutive(x, return_inverse=True, return_counts=True),
               lambda T, x: x.unique_consecutive(dim=0, return_counts=True),
               lambda T, x: T.unique_consecutive(x[0, 0], return_inverse=True)):
        both(lambda T, fn=fn: fn(T, T.tensor(values)))


def test_isin_forms_match_torch():
    both(lambda T: T.isin(T.tensor([1, 2, 3]), T.tensor([2, 5])))
    both(lambda T: T.isin(T.tensor([1.0, 2.0, 3.0]), 2.0))
    both(lambda T: T.isin(2, T.tensor([1, 2])))
    both(lambda T: T.isin(T.tensor([[1, 2], [3, 4]]), T.tensor([4, 1]), invert=True))


def test_integer_and_bool_inputs_promote_like_torch():
    for name in ("log1p expm1 log2 log10 exp2 erf erfc erfinv sinh cosh asinh acosh atanh asin "
                 "acos atan tan trunc sign sgn signbit deg2rad rad2deg lgamma digamma sinc logit "
                 "nan_to_num i0 angle sigmoid square abs fix isposinf isneginf isreal "
                 "bitwise_not positive frac").split():
        for values in ([1, 2, 0], [True, False]):
            def run(T, name=name, values=values):
                return getattr(T, name)(T.tensor(values))
            try:
                expected = run(torch)
            except Exception:        # noqa: BLE001 - then minigrad raises the same
                assert_raises_like(lambda: run(minigrad), lambda: run(torch))
                continue
            assert_tree_same(run(minigrad), expected)


def test_predicates_match_torch():
    a = [1.0, float("nan"), float("inf"), -float("inf"), 2.0, 1e-9]
    b = [1.0 + 1e-7, float("nan"), float("inf"), 3.0, 2.0, 0.0]
    for fn in (lambda T, x, y: T.isclose(x, y), lambda T, x, y: x.isclose(y, equal_nan=True),
               lambda T, x, y: T.isclose(x, y, rtol=0, atol=1e-8),
               lambda T, x, y: T.allclose(x, y), lambda T, x, y: x.allclose(x, equal_nan=True),
               lambda T, x, y: T.equal(x, x), lambda T, x, y: T.equal(y, y * 1),
               lambda T, x, y: x[:2].equal(x[:3]), lambda T, x, y: T.isfinite(x),
               lambda T, x, y: T.isinf(x), lambda T, x, y: x.isnan(),
               lambda T, x, y: T.all(x), lambda T, x, y: (x > 0).any(),
               lambda T, x, y: T.any(x.reshape(2, 3) > 1, 1, keepdim=True),
               lambda T, x, y: (y.reshape(3, 2) != 0).all(0)):
        both(lambda T, fn=fn: fn(T, T.tensor(a, dtype=T.float64), T.tensor(b, dtype=T.float64)))


def test_coverage_data_names_a_parity_test_for_every_implemented_name():
    """bridge/coverage_math.py: each implemented name exists, and has an op-table row of its
    name or a PARITY entry whose rows and tests exist (the coverage report relies on this)."""
    import pathlib
    import sys

    from bridge import coverage_math

    from .op_specs import SPECS
    rows = {spec.name for spec in SPECS}
    here = sys.modules[__name__]
    root = pathlib.Path(__file__).resolve().parents[2]
    for group in coverage_math.GROUPS:
        for name in coverage_math.implemented(group):
            assert hasattr(minigrad, name), name
            targets = coverage_math.PARITY.get(name, [f"row:{name}"])
            for target in targets:
                if target.startswith("row:"):
                    assert target[4:] in rows, f"{name}: no op-table row {target[4:]}"
                else:
                    path, _, test = target.partition("::")
                    assert (root / path).exists(), target
                    if path.endswith("test_math_functions.py"):
                        assert hasattr(here, test), target
    assert set(coverage_math.LEFT_OUT) <= {n for g in coverage_math.GROUPS.values() for n in g}
