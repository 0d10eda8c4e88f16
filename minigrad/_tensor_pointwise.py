"""More pointwise functions as Tensor methods: exponentials and logarithms, trigonometry,
special functions, rounding and remainders, NaN handling, bitwise and logical ops.

Like ``_tensor_math``, each method brings its operands to torch's dtype and
calls one op from ``minigrad.ops``.  Integer inputs of a floating function are
computed in the default float dtype (``log1p`` of int64 is float32, as in
torch).  The in-place ``_`` forms sit at the end.
"""
from __future__ import annotations

import numpy as np

from . import _dtype
from ._tensor_convert import _c_type, _type_word
from ._tensor_inplace import TensorInplace, check_number_bound
from ._arguments import invalid_call
from ._tensor_math import (_OPERANDS, _binary, _broadcast_message, _cast, _check_integer_division,
                           _float_operands, _promote, _renamed, _tensor_cls, tensor_or_number)
from .ops import arithmetic as ar, exponential as ex, special as sp
from .ops import trigonometric as tr


def _not_implemented(kernel, t):
    return NotImplementedError(f'"{kernel}" not implemented for '
                               f"'{_type_word(t._array.dtype)}'")


def _require_tensor(name, value, position=1, argument="other"):
    """torch's TypeError for ops whose other operand must be a Tensor."""
    if not isinstance(value, _tensor_cls()):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")


def _floats_only(name, a, b):
    """Operands of a float-only binary kernel (hypot, logaddexp...): ints raise as in torch."""
    _require_tensor(name, b)
    a, b = _promote(a, b)
    if a._array.dtype.kind != "f":
        raise _not_implemented(f"{name}_cpu", a)
    return a, b


def _float_binary(op, a, b):
    """A binary op whose integer operands are computed in the default float dtype."""
    try:
        return op.apply(*_float_operands(a, b))
    except ValueError:
        from ._tensor_math import _broadcast_message
        raise RuntimeError(_broadcast_message(a, b)) from None


def _scalar_variant(t, other, name_for_scalar):
    """torch names the node of ``op(tensor, python number)`` differently (…Backward0/1)."""
    return t if isinstance(other, _tensor_cls()) else _renamed(t, name_for_scalar)


class TensorPointwise:
    """Mixin with the further pointwise methods of Tensor."""

    __slots__ = ()

    # -- exponentials and logarithms ---------------------------------------------------------
    def log1p(self):
        return ex.Log1p.apply(self._floating())

    def expm1(self):
        return ex.Expm1.apply(self._floating())

    def log2(self):
        return ex.Log2.apply(self._floating())

    def log10(self):
        return ex.Log10.apply(self._floating())

    def exp2(self):
        return ex.Exp2.apply(self._floating())

    def logaddexp(self, other):
        return _binary(ex.Logaddexp, *_floats_only("logaddexp", self, other))

    def logaddexp2(self, other):
        return _binary(ex.Logaddexp2, *_floats_only("logaddexp2", self, other))

    def xlogy(self, other):
        tensor_or_number("xlogy", other)
        out = _float_binary(ex.Xlogy, self, other)
        return _scalar_variant(out, other, "XlogyBackward2")

    def logit(self, eps=None):
        if eps is not None and not isinstance(eps, (int, float, np.floating)):
            raise invalid_call("logit", (eps,), method=True, signature="float eps = None")
        return ex.Logit.apply(self._floating(), eps)

    # -- trigonometric and hyperbolic ---------------------------------------------------
    def tan(self):
        return tr.Tan.apply(self._floating())

    def asin(self):
        return tr.Asin.apply(self._floating())

    def acos(self):
        return tr.Acos.apply(self._floating())

    def atan(self):
        return tr.Atan.apply(self._floating())

    def sinh(self):
        return tr.Sinh.apply(self._floating())

    def cosh(self):
        return tr.Cosh.apply(self._floating())

    def asinh(self):
        return tr.Asinh.apply(self._floating())

    def acosh(self):
        return tr.Acosh.apply(self._floating())

    def atanh(self):
        return tr.Atanh.apply(self._floating())

    arcsin, arccos, arctan = asin, acos, atan
    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def atan2(self, other):
        _require_tensor("atan2", other)
        return _float_binary(tr.Atan2, self, other)

    def arctan2(self, other):
        _require_tensor("arctan2", other)
        return _float_binary(tr.Atan2, self, other)

    def hypot(self, other):
        return _binary(tr.Hypot, *_floats_only("hypot", self, other))

    def sinc(self):
        return tr.Sinc.apply(self._floating())

    def deg2rad(self):
        return tr.Deg2rad.apply(self._floating())

    def rad2deg(self):
        return tr.Rad2deg.apply(self._floating())

    def angle(self):
        return ar.Angle.apply(self._floating())

    # -- special functions ---------------------------------------------------------------------
    def erf(self):
        return sp.Erf.apply(self._floating())

    def erfc(self):
        return sp.Erfc.apply(self._floating())

    def erfinv(self):
        return sp.Erfinv.apply(self._floating())

    def lgamma(self):
        return sp.Lgamma.apply(self._floating())

    def digamma(self):
        return sp.Digamma.apply(self._floating())

    def polygamma(self, n):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise invalid_call("polygamma", (n,), method=True, signature="int n")
        if n < 0:
            raise RuntimeError("polygamma(n, x) does not support negative n.")
        return sp.Polygamma.apply(self._floating(), int(n))

    def mvlgamma(self, p):
        if self._array.dtype == np.bool_:
            raise RuntimeError("The input tensor may not be a boolean tensor.")
        if p < 1:
            raise RuntimeError("p has to be greater than or equal to 1")
        return sp.Mvlgamma.apply(self._floating(), int(p))

    def i0(self):
        return sp.I0.apply(self._floating())

    def igamma(self, other):
        return _binary(sp.Igamma, *_floats_only("igamma", self, other))

    def igammac(self, other):
        return _binary(sp.Igammac, *_floats_only("igammac", self, other))

    # -- rounding, signs and remainders --------------------------------------------------------
    def trunc(self):
        if self._array.dtype == np.bool_:
            raise _not_implemented("trunc_vml_cpu", self)
        return self._step(np.trunc, "TruncBackward0")

    fix = trunc

    def frac(self):
        if self._array.dtype.kind != "f":
            raise _not_implemented("frac_cpu", self)
        return ar.Frac.apply(self)

    def sgn(self):
        if self._array.dtype == np.bool_:
            return _tensor_cls()._make(self._array.copy(), None)
        return self._step(np.sign, "SgnBackward0")

    def signbit(self):
        return _tensor_cls()._make(np.signbit(self._array), None)

    def copysign(self, other):
        tensor_or_number("copysign", other)
        out = _float_binary(ar.Copysign, self, other)
        return _scalar_variant(out, other, "CopysignBackward1")

    def fmod(self, other):
        tensor_or_number("fmod", other)
        a, b = _promote(self, other)
        _check_integer_divisor(a, b, "fmod")
        return _scalar_variant(_binary(ar.Fmod, a, b), other, "FmodBackward0")

    def remainder(self, other):
        tensor_or_number("remainder", other)
        a, b = _promote(self, other)
        _check_integer_divisor(a, b, "remainder")
        return _scalar_variant(_binary(ar.Remainder, a, b), other, "RemainderBackward0")

    def floor_divide(self, other):
        tensor_or_number("floor_divide", other)
        a, b = _promote(self, other)
        _check_broadcast(a, b)
        _check_integer_divisor(a, b, "div_floor")
        bb = b._array if isinstance(b, _tensor_cls()) else b
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.asarray(np.floor_divide(a._array, bb))
        return _without_derivative(result, "floor_divide", self, other)

    def true_divide(self, other):
        tensor_or_number("true_divide", other)
        return self.div(other)

    def divide(self, other, *, rounding_mode=None):
        tensor_or_number("divide", other)
        return self.div(other, rounding_mode=rounding_mode)

    def multiply(self, other):
        tensor_or_number("multiply", other)
        return self.mul(other)

    def subtract(self, other, *, alpha=1):
        tensor_or_number("subtract", other)
        return self.sub(other, alpha=alpha)

    def float_power(self, exponent):
        tensor_or_number("float_power", exponent, "exponent")
        Tensor = _tensor_cls()
        base = _cast(self, np.dtype(np.float64))
        if isinstance(exponent, Tensor):
            return base.pow(_cast(exponent, np.dtype(np.float64)))
        return base.pow(float(exponent))

    def ldexp(self, other):
        _require_tensor("ldexp", other)
        return _float_binary(ar.Ldexp, self, other)

    def frexp(self):
        from ._tensor_order import RETURN_TYPES
        if self._array.dtype.kind != "f":
            raise RuntimeError("torch.frexp() only supports floating-point dtypes")
        _, exponent = np.frexp(self._array)
        mantissa = ar.Frexp.apply(self, exponent)
        return RETURN_TYPES["frexp"](mantissa, _tensor_cls()._make(exponent.astype(np.int32),
                                                                   None))

    def nextafter(self, other):
        return _binary(ar.Nextafter, *_floats_only("nextafter", self, other))

    def fmax(self, other):
        _require_tensor("fmax", other)
        return _binary(ar.Fmax, self, other)

    def fmin(self, other):
        _require_tensor("fmin", other)
        return _binary(ar.Fmin, self, other)

    def heaviside(self, values):
        _require_tensor("heaviside", values, argument="values")
        _check_broadcast(self, values)
        if values._array.dtype != self._array.dtype:
            raise RuntimeError("heaviside is not yet implemented for tensors with different "
                               "dtypes.")
        result = np.asarray(np.heaviside(self._array, values._array)).astype(self._array.dtype)
        return _without_derivative(result, "heaviside", self, values)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        for value in (nan, posinf, neginf):
            if value is not None and not isinstance(value, (int, float, np.generic)):
                raise invalid_call("nan_to_num", (nan, posinf, neginf), method=True,
                                   signature="float nan = None, float posinf = None, "
                                             "float neginf = None")
        if self._array.dtype.kind != "f":
            return _tensor_cls()._make(self._array.copy(), None)
        return ar.NanToNum.apply(self, nan, posinf, neginf)

    # -- fused multiply-adds and interpolation ---------------------------------------------------
    def addcmul(self, tensor1, tensor2, *, value=1):
        _check_fused("addcmul", self, tensor1, tensor2, value)
        a, t1, t2 = _common_dtype(self, tensor1, tensor2)
        if a._array.dtype == np.bool_:
            raise _not_implemented("addcmul_cpu_out", a)
        if a._array.dtype.kind != "f":       # torch truncates value for integer tensors
            value = int(value)
        return _ternary(ar.Addcmul, a, t1, t2, value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        _check_fused("addcdiv", self, tensor1, tensor2, value)
        if tensor1._array.dtype.kind != "f" and tensor2._array.dtype.kind != "f":
            raise RuntimeError(INTEGER_ADDCDIV)
        a, t1, t2 = _common_dtype(self, tensor1, tensor2)
        return _ternary(ar.Addcdiv, a, t1, t2, value)

    def lerp(self, end, weight):
        Tensor = _tensor_cls()
        if not isinstance(end, Tensor) or not isinstance(weight, (Tensor, *_NUMBERS)):
            raise invalid_call("lerp", (end, weight), method=True)
        if end._array.dtype != self._array.dtype:
            raise RuntimeError(f"expected dtype {_c_name(self)} for `end` but got dtype "
                               f"{_c_name(end)}")
        if isinstance(weight, Tensor):
            if weight._array.dtype != self._array.dtype:
                raise RuntimeError(f"expected dtype {_c_name(self)} for `weight` but got dtype "
                                   f"{_c_name(weight)}")
            _check_broadcast(self, end, weight)
            if self._array.dtype.kind != "f":
                raise _not_implemented("lerp_kernel_tensor", self)
            return _ternary(ar.LerpTensor, self, end, weight)
        if self._array.dtype.kind != "f":
            raise _not_implemented("lerp_kernel_scalar", self)
        return _binary_with(ar.Lerp, self, end, float(weight))

    # -- bitwise and logical ---------------------------------------------------------------------
    def _bitwise(self, fn, kernel, other=None, name=None):
        if name is not None:
            tensor_or_number(name, other)
        operands = (self,) if name is None else _promote(self, other)
        if name is not None:
            _check_broadcast(*operands)
        if kernel[1:6] == "shift" and operands[0]._array.dtype == np.bool_:
            raise _not_implemented(kernel, operands[0])
        if any(isinstance(t, _tensor_cls()) and t._array.dtype.kind == "f" for t in operands):
            raise _not_implemented(kernel, operands[0])
        arrays = [t._array if isinstance(t, _tensor_cls()) else t for t in operands]
        return _tensor_cls()._make(np.asarray(fn(*arrays)), None)

    def bitwise_not(self):
        return self._bitwise(np.invert, "bitwise_not_cpu")

    def bitwise_and(self, other):
        return self._bitwise(np.bitwise_and, "bitwise_and_cpu", other, "bitwise_and")

    def bitwise_or(self, other):
        return self._bitwise(np.bitwise_or, "bitwise_or_cpu", other, "bitwise_or")

    def bitwise_xor(self, other):
        return self._bitwise(np.bitwise_xor, "bitwise_xor_cpu", other, "bitwise_xor")

    def bitwise_left_shift(self, other):
        return self._bitwise(np.left_shift, "lshift_cpu", other, "bitwise_left_shift")

    def bitwise_right_shift(self, other):
        return self._bitwise(np.right_shift, "rshift_cpu", other, "bitwise_right_shift")

    def __lshift__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented              # python's own message, as with torch
        return self.bitwise_left_shift(other)

    def __rshift__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.bitwise_right_shift(other)

    def _logical(self, fn, name, other):
        _require_tensor(name, other)
        _check_broadcast(self, other)
        return _tensor_cls()._make(np.asarray(fn(self._array, other._array)), None)

    def logical_and(self, other):
        return self._logical(np.logical_and, "logical_and", other)

    def logical_or(self, other):
        return self._logical(np.logical_or, "logical_or", other)

    def logical_xor(self, other):
        return self._logical(np.logical_xor, "logical_xor", other)

    # -- identities of real tensors ----------------------------------------------------------------
    def positive(self):
        if self._array.dtype == np.bool_:
            raise NotImplementedError("The `+` operator, on a bool tensor is not supported.")
        return self

    def conj_physical(self):
        return self

    def isreal(self):
        return _tensor_cls()._make(np.ones(self._array.shape, bool), None)

    @property
    def real(self):
        return self

    @property
    def imag(self):
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")

    # -- in-place forms: compute out of place, then write into self (see _tensor_inplace) ------
    def _inplace_of(self, name, *args, **kwargs):
        if name in OUTPUT_CHECKED_FIRST:
            _check_output(self, args[0])
        elif name in DIVISIONS and args:
            _check_division_output(self, args[0])
        try:
            return self._inplace(lambda: getattr(self, name)(*args, **kwargs),
                                 differentiable=name not in NOT_DIFFERENTIABLE)
        except TypeError as error:                   # torch names the in-place method
            prefix = f"{name}()"
            if not str(error).startswith(prefix):
                raise
            raise TypeError(f"{name}_(){str(error)[len(prefix):]}") from None

    def ldexp_(self, other):
        if self._array.dtype.kind != "f":
            raise RuntimeError("ldexp can't be cast to the desired output type "
                               f"{_type_word(self._array.dtype)}")
        return self._inplace_of("ldexp", other)

    def mvlgamma_(self, p):
        if self._array.dtype == np.bool_:
            raise RuntimeError("The input tensor may not be a boolean tensor.")
        if self._array.dtype.kind != "f":
            raise RuntimeError(f"mvlgamma: result type {_type_word(self._array.dtype)} can't be "
                               "cast to the desired output type "
                               f"{_type_word(_dtype.get_default_dtype().np)}")
        return self._inplace_of("mvlgamma", p)

    def cumsum_(self, dim, *, dtype=None):
        _check_scan_inplace(self, "cumsum", dtype)
        return self._inplace_of("cumsum", dim, dtype=dtype)

    def cumprod_(self, dim, *, dtype=None):
        _check_scan_inplace(self, "cumprod", dtype)
        return self._inplace_of("cumprod", dim, dtype=dtype)

    def clamp_min_(self, min):
        check_number_bound(self, min)
        return self._inplace_of("clamp_min", min)

    def clamp_max_(self, max):
        check_number_bound(self, max)
        return self._inplace_of("clamp_max", max)

    def float_power_(self, exponent):
        if self._array.dtype != np.float64:
            raise RuntimeError(f"the base given to float_power_ has dtype "
                               f"{_type_word(self._array.dtype)} but the operation's result "
                               "requires dtype Double")
        return self._inplace_of("float_power", exponent)


# the Tensor methods that get an in-place twin ``name_`` (those torch has), made below
INPLACE = (
    "abs absolute acos arccos acosh arccosh addcdiv addcmul asin arcsin asinh arcsinh atan "
    "arctan atanh arctanh atan2 arctan2 bitwise_not bitwise_and bitwise_or bitwise_xor "
    "bitwise_left_shift bitwise_right_shift ceil clamp_min clamp_max copysign cos cosh "
    "deg2rad digamma erf erfc erfinv exp2 expm1 fix floor floor_divide fmod frac hypot i0 "
    "igamma igammac "
    "ldexp lerp lgamma log log10 log1p log2 logical_and logical_not logical_or logical_xor "
    "logit mvlgamma nan_to_num negative nextafter polygamma rad2deg reciprocal remainder round "
    "rsqrt sigmoid sign sgn sin sinc sinh square tan tanh trunc xlogy true_divide "
    "multiply subtract divide heaviside conj_physical eq ne lt le gt ge greater greater_equal "
    "less less_equal not_equal cumsum cumprod"
).split()


def _make_inplace(name):
    def method(self, *args, **kwargs):
        return self._inplace_of(name, *args, **kwargs)
    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"In-place :meth:`{name}`."
    return method


for _name in INPLACE:
    if not hasattr(TensorInplace, _name + "_") and _name + "_" not in vars(TensorPointwise):
        setattr(TensorPointwise, _name + "_", _make_inplace(_name))
del _name


INTEGER_ADDCDIV = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
    "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


# in-place forms that check the output's shape and dtype before their kernel's dtype
OUTPUT_CHECKED_FIRST = frozenset("bitwise_and bitwise_or bitwise_xor bitwise_left_shift "
                                 "bitwise_right_shift gcd lcm".split())
# ... and the divisions, whose dtype check comes before a division by zero can fail
DIVISIONS = frozenset("floor_divide fmod remainder".split())
# ... and those without a derivative, allowed on a leaf that requires grad
NOT_DIFFERENTIABLE = frozenset("logical_and logical_or logical_not logical_xor".split())


def _check_division_output(t, other) -> None:
    """``t.floor_divide_(0)`` of a bool ``t``: torch refuses the int64 result before it
    divides."""
    from ._out import can_cast
    operand = other._array if isinstance(other, _tensor_cls()) else other
    if not isinstance(operand, (np.ndarray, int, float, np.generic)):
        return
    result = _dtype.result_type(t._array, operand)
    if not can_cast(result, t._array.dtype):
        raise RuntimeError(f"result type {_type_word(result)} can't be cast to the desired "
                           f"output type {_type_word(t._array.dtype)}")


def _check_output(t, other) -> None:
    """torch's checks of ``t`` as the output of ``t <op> other``: the broadcast shape and the
    result dtype must fit ``t``."""
    Tensor = _tensor_cls()
    if not isinstance(other, Tensor):
        return
    _check_broadcast(t, other)
    shape = np.broadcast_shapes(t._array.shape, other._array.shape)
    if shape != t._array.shape:
        raise RuntimeError(f"output with shape {list(t._array.shape)} doesn't match the "
                           f"broadcast shape {list(shape)}")
    result = _dtype.result_type(t._array, other._array)
    if result.kind == "f" and t._array.dtype.kind != "f":
        raise RuntimeError(f"result type {_type_word(result)} can't be cast to the desired "
                           f"output type {_type_word(t._array.dtype)}")


def _check_scan_inplace(t, name, dtype) -> None:
    """cumsum_/cumprod_ keep the tensor's dtype: another ``dtype`` or a bool tensor is refused."""
    from ._tensor_convert import _c_type
    if dtype is not None and dtype.np != t._array.dtype:
        raise RuntimeError(f"Bad in-place call: input tensor dtype {_c_type(t._array.dtype)} and "
                           f"output tensor dtype {_c_type(dtype.np)} should match")
    if t._array.dtype == np.bool_:
        raise _not_implemented(f"{name}_out_cpu", t)


def _c_name(t) -> str:
    return _c_type(t._array.dtype)


def _check_integer_divisor(a, b, kernel):
    """Bool divisions and integer divisions by zero raise, as in torch (floats give inf/nan)."""
    divisor = b._array if isinstance(b, _tensor_cls()) else np.asarray(b)
    _check_integer_division(a._array, divisor, kernel)


def _without_derivative(result, name, *inputs):
    """A result torch gives a grad_fn that cannot be differentiated (floor_divide...)."""
    Tensor = _tensor_cls()
    tensors = [t for t in inputs if isinstance(t, Tensor)]
    if result.dtype.kind != "f" or not any(t.requires_grad for t in tensors):
        return Tensor._make(result, None)
    return ar.NotDifferentiable.apply(result, f"derivative for aten::{name} is not implemented",
                                      RuntimeError, "NotImplemented", *tensors)


def _common_dtype(*tensors):
    common = _dtype.result_type(*[t._array for t in tensors])
    return [_cast(t, common) for t in tensors]


def _ternary(op, a, b, c, *extra):
    try:
        return op.apply(a, b, c, *extra)
    except ValueError:
        shapes = " ".join(str(list(t.shape)) for t in (a, b, c))
        raise RuntimeError(f"shapes {shapes} cannot be broadcast together") from None


def _binary_with(op, a, b, *extra):
    try:
        return op.apply(a, b, *extra)
    except ValueError:
        from ._tensor_math import _broadcast_message
        raise RuntimeError(_broadcast_message(a, b)) from None


_NUMBERS = (int, float, np.generic)


def _check_broadcast(*operands) -> None:
    """torch's words when the operands' shapes do not broadcast (checked left to right, the
    shape so far against the next operand, before any dtype check)."""
    shape = ()
    for t in operands:
        if not isinstance(t, _tensor_cls()):
            continue
        try:
            shape = np.broadcast_shapes(shape, t._array.shape)
        except ValueError:
            raise RuntimeError(_broadcast_message(shape, t._array.shape)) from None


def _check_fused(name, t, tensor1, tensor2, value) -> None:
    """addcmul/addcdiv: two tensors and a number ``value``, shapes that broadcast."""
    Tensor = _tensor_cls()
    if not (isinstance(tensor1, Tensor) and isinstance(tensor2, Tensor)
            and isinstance(value, _NUMBERS)):
        raise invalid_call(name, (tensor1, tensor2), {"value": value}, method=True,
                           signature="Tensor tensor1, Tensor tensor2, *, Number value = 1")
    _check_broadcast(t, tensor1, tensor2)
