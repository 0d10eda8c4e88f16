"""The ``minigrad.<name>`` functions of torch's "Pointwise Ops", "Reduction Ops" and
"Comparison Ops" groups, and the cumulative scans.

Most are the Tensor method of the same name called as a function:
``minigrad.log1p(x)`` is ``x.log1p()``.  Those that torch gives an ``out=``
take one too (the mechanism, shared with the indexing and "other" functions,
is ``minigrad._out``).  A few differ from their method: a python number may
come first (``xlogy(2, x)``, ``pow(2, x)``), the arguments come in another
order (``polygamma(n, x)``) or there is no method (``isin``, ``std_mean``,
``var_mean``, ``gradient``).  ``FUNCTIONS`` maps each public name to its function.
"""
from __future__ import annotations

import numbers
import re

import numpy as np

from . import _dtype
from ._arguments import invalid_input, tensor_input
from ._out import SCALAR_TYPE, castable, exact, writes_out
from ._tensor_math import _renamed
from ._tensor_reduce import variance


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


# torch.<name>(input, ...) == input.<name>(...), and torch accepts out= ...
WITH_OUT = (
    # pointwise
    "abs absolute acos arccos acosh arccosh add addcdiv addcmul angle asin arcsin asinh "
    "arcsinh atan arctan atanh arctanh atan2 arctan2 bitwise_not bitwise_and bitwise_or "
    "bitwise_xor bitwise_left_shift bitwise_right_shift ceil clamp clip conj_physical copysign "
    "cos cosh deg2rad div divide digamma erf erfc erfinv exp exp2 expm1 fix floor fmod frac "
    "frexp heaviside hypot i0 igamma igammac ldexp lerp lgamma log log10 log1p log2 logaddexp "
    "logaddexp2 "
    "logical_and logical_not logical_or logical_xor logit mvlgamma nan_to_num neg negative "
    "nextafter reciprocal rad2deg round rsqrt sigmoid sign sgn signbit sin sinc sinh sqrt "
    "square tan tanh trunc clamp_min clamp_max "
    # reductions
    "argmax argmin amax amin aminmax all any max min logsumexp mean nanmean median nanmedian "
    "mode norm nansum prod quantile nanquantile std sum var "
    # comparisons
    "eq ge greater_equal gt greater isposinf isneginf kthvalue le less_equal lt less maximum "
    "minimum fmax fmin ne not_equal sort topk msort "
    # scans
    "cummax cummin cumprod cumsum logcumsumexp"
).split()

# ... or does not
WITHOUT_OUT = ("positive argsort dist count_nonzero unique unique_consecutive allclose equal "
               "isclose isfinite isinf isnan isreal").split()


def _method(name):
    Tensor = _tensor_cls()

    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise invalid_input(ERROR_NAMES.get(name, name), (input, *args), kwargs)
        try:
            return getattr(input, name)(*args, **kwargs)
        except TypeError as error:
            raise _as_function_error(error) from None
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``minigrad.{name}(input, ...)`` is ``input.{name}(...)``."
    return function


# torch.unique is a python function: its argument errors name the op it calls
ERROR_NAMES = {"unique": "_unique2"}


def _as_function_error(error: TypeError) -> TypeError:
    """A method's argument error in the words of the function form: torch counts the input
    among the positions and the types it got."""
    message = re.sub(r"\(position (\d+)\)", lambda m: f"(position {int(m.group(1)) + 1})",
                     str(error))
    message = message.replace("arguments - got (", "arguments - got (Tensor, ", 1)
    return error if message == str(error) else TypeError(message)


NUMBERS = (numbers.Number, np.generic)


def _is_number(value) -> bool:
    return isinstance(value, NUMBERS)


def _number_tensor(value, like):
    """A python number as a 0-d tensor of the dtype torch computes ``value op like`` in."""
    common = _dtype.result_type(like._array, value)
    return _tensor_cls()._make(np.asarray(value, common), None)


def _number_first(name, reflected):
    """``name(input, other)`` where ``input`` may be a python number (``reflected`` then)."""
    method = _method(name)

    def function(input, other, *args, **kwargs):
        if _is_number(input):
            if not isinstance(other, _tensor_cls()):
                raise invalid_input(name, (input, other, *args), kwargs)
            return reflected(input, other, *args, **kwargs)
        return method(input, other, *args, **kwargs)
    function.__name__ = function.__qualname__ = name
    return function


def _rsub(number, t, *, alpha=1):
    return _number_tensor(number, t).sub(t, alpha=alpha)     # torch's SubBackward0


def _rxlogy(number, t):
    return _renamed(_number_tensor(number, t).xlogy(t), "XlogyBackward1")


def _rfloat_power(number, t):
    return t.to(_dtype.float64).__rpow__(float(number))


REFLECTED = {
    "add": lambda n, t, *, alpha=1: (t * alpha if alpha != 1 else t).__radd__(n),
    "mul": lambda n, t: t.__rmul__(n),
    "multiply": lambda n, t: t.__rmul__(n),
    "sub": _rsub,
    "subtract": _rsub,
    "true_divide": lambda n, t: t.__rtruediv__(n),
    "pow": lambda n, t: t.__rpow__(n),
    "float_power": _rfloat_power,
    "xlogy": _rxlogy,
    "remainder": lambda n, t: t.__rmod__(n),
    "floor_divide": lambda n, t: t.__rfloordiv__(n),
}


def polygamma(n, input):
    """``polygamma(n, input)``: the n-th derivative of digamma (``input.polygamma(n)``)."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if not isinstance(input, _tensor_cls()):
        raise TypeError(f"polygamma(): argument 'input' (position 2) must be Tensor, not "
                        f"{type(input).__name__}")
    return input.polygamma(n)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each element of ``elements`` occurs in ``test_elements``."""
    Tensor = _tensor_cls()
    if not (isinstance(elements, Tensor) and isinstance(test_elements, (Tensor, *NUMBERS))
            or isinstance(test_elements, Tensor) and isinstance(elements, NUMBERS)):
        given = {"assume_unique": assume_unique, "invert": invert}
        raise invalid_input("isin", (elements, test_elements),
                            {k: v for k, v in given.items() if v})
    values = elements._array if isinstance(elements, Tensor) else np.asarray(elements)
    tests = test_elements._array if isinstance(test_elements, Tensor) else np.asarray(
        test_elements)
    if values.dtype == np.bool_ or tests.dtype == np.bool_:   # torch sorts: no bool kernel
        raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    return Tensor._make(np.isin(values, tests, invert=invert), None)


def _moments(kind, input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):               # std_mean(x, unbiased) positional form
        dim, unbiased = None, dim
    if input._array.dtype.kind != "f":
        raise RuntimeError(f"{kind}_mean only support floating point and complex dtypes")
    spread = variance(input, f"{kind}_mean", dim, unbiased, keepdim, correction)
    spread = spread.sqrt() if kind == "std" else spread
    mean = input.mean(dim, keepdim) if dim is not None else (
        input.mean().reshape((1,) * input.ndim) if keepdim else input.mean())
    name = "StdMeanBackward0" if kind == "std" else "VarMeanBackward0"
    return _renamed(spread, name), _renamed(mean, name)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over ``dim`` (a plain tuple, as in torch)."""
    return _moments("std", input, dim, unbiased, keepdim, correction=correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over ``dim``."""
    return _moments("var", input, dim, unbiased, keepdim, correction=correction)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """Central differences of ``input`` along each of ``dim`` (one tensor per dim).

    ``spacing`` is one number for every dim, one number per dim, or one 1-D
    tensor of coordinates per dim (unevenly spaced samples).  Inside, the
    second-order central difference; at the two ends a one-sided difference of
    order ``edge_order`` (1 or 2).  Built from slicing and arithmetic, so it is
    differentiable like any composite.
    """
    Tensor = _tensor_cls()
    if input.dtype.name == "uint8":
        raise RuntimeError("torch.gradient does not support uint8 input.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    dims = list(range(input.ndim)) if dim is None else (
        [input._dim(dim)] if isinstance(dim, int) else [input._dim(d) for d in dim])
    if isinstance(spacing, (list, tuple)):
        if len(spacing) != len(dims):
            where = ("since dim argument was not given" if dim is None else
                     f"since dim argument was given with length {len(dims)}")
            raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, "
                               "or a list of length equal to 'self.dim() = "
                               f"{input.ndim}', {where}, but got a list of length "
                               f"{len(spacing)}")
        spacings = list(spacing)
    else:
        spacings = [spacing] * len(dims)
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least "
                               "edge_order+1")
    if input.dtype.name == "bool":
        input - input                    # raises torch's words: bools have no differences
    f = input if input.dtype.is_floating_point else input._floating()
    return tuple(_gradient_along(f, d, s.numpy() if isinstance(s, Tensor) else s, edge_order)
                 for d, s in zip(dims, spacings, strict=True))


def _gradient_along(f, d, spacing, edge_order):
    from ._creation import cat

    def part(start, stop):               # f sliced along d
        return f[(slice(None),) * d + (slice(start, stop),)]

    if np.ndim(spacing) == 0:            # evenly spaced samples, step h
        h = float(spacing)
        inside = (part(2, None) - part(None, -2)) / (2 * h)
        if edge_order == 1:
            first = (part(1, 2) - part(0, 1)) / h
            last = (part(-1, None) - part(-2, -1)) / h
        else:
            first = (-1.5 * part(0, 1) + 2 * part(1, 2) - 0.5 * part(2, 3)) / h
            last = (0.5 * part(-3, -2) - 2 * part(-2, -1) + 1.5 * part(-1, None)) / h
        return cat([first, inside, last], d)
    # samples at coordinates x: weights of the quadratic through three neighbours
    x = np.asarray(spacing, f._array.dtype)
    shape = [1] * f.ndim
    shape[d] = -1
    step = np.diff(x)
    left, right = step[:-1].reshape(shape), step[1:].reshape(shape)
    inside = (-right / (left * (left + right)) * part(None, -2)
              + (right - left) / (left * right) * part(1, -1)
              + left / (right * (left + right)) * part(2, None))
    if edge_order == 1:
        first = (part(1, 2) - part(0, 1)) / step[0]
        last = (part(-1, None) - part(-2, -1)) / step[-1]
    else:
        a, b = step[0], step[1]
        first = (-(2 * a + b) / (a * (a + b)) * part(0, 1) + (a + b) / (a * b) * part(1, 2)
                 - a / (b * (a + b)) * part(2, 3))
        a, b = step[-2], step[-1]
        last = (b / (a * (a + b)) * part(-3, -2) - (a + b) / (a * b) * part(-2, -1)
                + (2 * b + a) / (b * (a + b)) * part(-1, None))
    return cat([first, inside, last], d)


def real(input):
    return input.real


def imag(input):
    return input.imag


def _float_kernel(kernel):
    """An out dtype rule: a floating result has no kernel writing an integer ``out``."""
    def rule(result, out):
        if result.kind == "f" and out.kind != "f":
            raise NotImplementedError(f'"{kernel}" not implemented for '
                                      f"'{SCALAR_TYPE[out.name]}'")
    return rule


def _in_out_dtype(function):
    """cumsum/cumprod/prod with ``out=`` compute in ``out``'s dtype, as torch does."""
    def computed(input, *args, **kwargs):
        out = kwargs.get("out")
        if isinstance(out, _tensor_cls()) and kwargs.get("dtype") is None:
            kwargs["dtype"] = out.dtype
        return function(input, *args, **kwargs)
    computed.__name__ = computed.__qualname__ = function.__name__
    return computed


def _bool_out(template):
    """An out dtype rule: ``out`` must be a bool tensor (torch's words in ``template``)."""
    def rule(result, out):
        if out != np.bool_:
            raise RuntimeError(template.format(out=SCALAR_TYPE[out.name]))
    return rule


# out= dtype rules that differ from "cast" (see minigrad/_out.py)
OUT_RULES = {
    "argmax": "same", "argmin": "same", "isin": "same",
    "all": _bool_out("all only supports bool tensor for result, got: {out}"),
    "any": _bool_out("any only supports bool tensor for result, got: {out}"),
    "signbit": _bool_out("signbit does not support non-boolean outputs."),
    "isposinf": _bool_out("isposinf does not support non-boolean outputs."),
    "isneginf": _bool_out("isneginf does not support non-boolean outputs."),
    "float_power": exact("the output given to float_power has dtype {out} but the operation's "
                         "result requires dtype {result}", SCALAR_TYPE),
    "nan_to_num": exact("nan_to_num: dtype of out: {out} should be same as input: {result}",
                        SCALAR_TYPE),
    "logcumsumexp": exact("expected scalar_type {result} but found {out}", SCALAR_TYPE),
    "ldexp": castable("ldexp can't be cast to the desired output type {out}"),
    "nansum": _float_kernel("nansum_cpu"), "nanmean": _float_kernel("nansum_cpu"),
    # computed in out's dtype (see _in_out_dtype)
    "cumsum": lambda result, out: None, "cumprod": lambda result, out: None,
    "prod": lambda result, out: None,
}
OUT_RULES.update({name: exact("Found dtype {out} but expected {result}", SCALAR_TYPE)
                  for name in ("frac", "trunc", "fix", "sgn", "conj_physical")})


def with_out(fn, name):
    return writes_out(name, OUT_RULES.get(name, "cast"))(fn)


def _build():
    functions = {name: with_out(_method(name), name) for name in WITH_OUT}
    for name in ("cumsum", "cumprod", "prod"):
        functions[name] = _in_out_dtype(functions[name])
    functions.update({name: _method(name) for name in WITHOUT_OUT})
    for name, reflected in REFLECTED.items():
        functions[name] = with_out(_number_first(name, reflected), name)
    functions["polygamma"] = with_out(polygamma, "polygamma")
    functions["isin"] = with_out(isin, "isin")
    functions.update({name: tensor_input(name, globals()[name])
                      for name in ("std_mean", "var_mean", "real", "imag", "gradient")})
    return functions


FUNCTIONS = _build()
