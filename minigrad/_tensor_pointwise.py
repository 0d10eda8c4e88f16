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
from ._tensor_convert import _type_word
from ._tensor_inplace import TensorInplace
from ._tensor_math import (_binary, _cast, _check_integer_division, _float_operands, _promote,
                           _renamed, _tensor_cls)
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
        out = _float_binary(ex.Xlogy, self, other)
        return _scalar_variant(out, other, "XlogyBackward2")

    def logit(self, eps=None):
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

    arctan2 = atan2

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
        if n < 0:
            raise RuntimeError("polygamma(n, x) does not support negative n.")
        return sp.Polygamma.apply(self._floating(), int(n))

    def mvlgamma(self, p):
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
        out = _float_binary(ar.Copysign, self, other)
        return _scalar_variant(out, other, "CopysignBackward1")

    def fmod(self, other):
        a, b = _promote(self, other)
        _check_integer_divisor(a, b, "fmod")
        return _scalar_variant(_binary(ar.Fmod, a, b), other, "FmodBackward0")

    def remainder(self, other):
        a, b = _promote(self, other)
        _check_integer_divisor(a, b, "remainder")
        return _scalar_variant(_binary(ar.Remainder, a, b), other, "RemainderBackward0")

    def floor_divide(self, other):
        a, b = _promote(self, other)
        _check_integer_divisor(a, b, "div_floor")
        bb = b._array if isinstance(b, _tensor_cls()) else b
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.asarray(np.floor_divide(a._array, bb))
        return _without_derivative(result, "floor_divide", self, other)

    def true_divide(self, other):
        return self.div(other)

    def divide(self, other, *, rounding_mode=None):
        return self.div(other, rounding_mode=rounding_mode)

    def multiply(self, other):
        return self.mul(other)

    def subtract(self, other, *, alpha=1):
        return self.sub(other, alpha=alpha)

    def float_power(self, exponent):
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
        if values._array.dtype != self._array.dtype:
            raise RuntimeError("heaviside is not yet implemented for tensors with different "
                               "dtypes.")
        result = np.asarray(np.heaviside(self._array, values._array)).astype(self._array.dtype)
        return _without_derivative(result, "heaviside", self, values)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        if self._array.dtype.kind != "f":
            return _tensor_cls()._make(self._array.copy(), None)
        return ar.NanToNum.apply(self, nan, posinf, neginf)

    # -- fused multiply-adds and interpolation ---------------------------------------------------
    def addcmul(self, tensor1, tensor2, *, value=1):
        a, t1, t2 = _common_dtype(self, tensor1, tensor2)
        if a._array.dtype.kind != "f":       # torch truncates value for integer tensors
            value = int(value)
        return _ternary(ar.Addcmul, a, t1, t2, value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        if tensor1._array.dtype.kind != "f" and tensor2._array.dtype.kind != "f":
            raise RuntimeError(INTEGER_ADDCDIV)
        a, t1, t2 = _common_dtype(self, tensor1, tensor2)
        return _ternary(ar.Addcdiv, a, t1, t2, value)

    def lerp(self, end, weight):
        Tensor = _tensor_cls()
        _require_tensor("lerp", end, argument="end")
        if end._array.dtype != self._array.dtype:
            raise RuntimeError(f"expected dtype {_c_name(self)} for `end` but got dtype "
                               f"{_c_name(end)}")
        if self._array.dtype.kind != "f":
            raise _not_implemented("lerp_kernel_scalar", self)
        if isinstance(weight, Tensor):
            if weight._array.dtype != self._array.dtype:
                raise RuntimeError(f"expected dtype {_c_name(self)} for `weight` but got dtype "
                                   f"{_c_name(weight)}")
            return _ternary(ar.LerpTensor, self, end, weight)
        return _binary_with(ar.Lerp, self, end, float(weight))

    # -- bitwise and logical ---------------------------------------------------------------------
    def _bitwise(self, fn, kernel, other=None):
        operands = (self,) if other is None else _promote(self, other)
        if any(isinstance(t, _tensor_cls()) and t._array.dtype.kind == "f" for t in operands):
            raise _not_implemented(kernel, operands[0])
        arrays = [t._array if isinstance(t, _tensor_cls()) else t for t in operands]
        return _tensor_cls()._make(np.asarray(fn(*arrays)), None)

    def bitwise_not(self):
        return self._bitwise(np.invert, "bitwise_not_cpu")

    def bitwise_and(self, other):
        return self._bitwise(np.bitwise_and, "bitwise_and_cpu", other)

    def bitwise_or(self, other):
        return self._bitwise(np.bitwise_or, "bitwise_or_cpu", other)

    def bitwise_xor(self, other):
        return self._bitwise(np.bitwise_xor, "bitwise_xor_cpu", other)

    def bitwise_left_shift(self, other):
        return self._bitwise(np.left_shift, "lshift_cpu", other)

    def bitwise_right_shift(self, other):
        return self._bitwise(np.right_shift, "rshift_cpu", other)

    __lshift__, __rshift__ = bitwise_left_shift, bitwise_right_shift

    def _logical(self, fn, name, other):
        _require_tensor(name, other)
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
        return self._inplace(lambda: getattr(self, name)(*args, **kwargs))

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
    "bitwise_left_shift bitwise_right_shift ceil clip clamp_min clamp_max copysign cos cosh "
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
    if not hasattr(TensorInplace, _name + "_"):        # add_, exp_... are written out there
        setattr(TensorPointwise, _name + "_", _make_inplace(_name))
del _name


INTEGER_ADDCDIV = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
    "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


def _c_name(t) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int"}.get(
        t._array.dtype.name, t._array.dtype.name)


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
