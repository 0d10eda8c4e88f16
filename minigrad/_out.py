"""``out=``: write a function's result into a tensor the caller supplies.

Wrap a public function once with :func:`writes_out` and it accepts ``out=``
with torch's rules:

* no autograd: with grad mode on, an input (or ``out`` itself) that requires
  grad is refused ("functions with out=... arguments don't support automatic
  differentiation");
* dtype: by default the result must be castable to ``out``'s dtype (torch's
  ``canCast``: no floating to integral, nothing but bool to bool) and is
  converted; ``dtype_rule="same"`` asks for the exact dtype (matmul, gather...);
  a callable ``rule(result_dtype, out_dtype)`` may raise its own error;
* shape: an ``out`` of another shape is resized to the result's, with torch's
  deprecation warning unless it was empty;
* the values are written into ``out``'s storage (views of it see them), its
  version counter moves, and ``out`` itself is returned.

Functions returning several tensors (``max(dim)``, ``sort``, ``histogram``...)
take a tuple of ``out`` tensors, one per result.
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

from .autograd import grad_mode

# torch's ScalarType names ("result type Float ...") and C++ type names ("dtype float")
SCALAR_TYPE = {"float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte",
               "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
               "bool": "Bool"}
C_TYPE = {"float16": "c10::Half", "float32": "float", "float64": "double",
          "uint8": "unsigned char", "int8": "signed char", "int16": "short int", "int32": "int",
          "int64": "long int", "bool": "bool"}

NO_AUTOGRAD = ("{}(): functions with out=... arguments don't support automatic "
               "differentiation, but one of the arguments requires grad.")
OVERLAP = ("unsupported operation: more than one element of the written-to tensor refers to a "
           "single memory location. Please clone() the tensor before performing the operation.")
RESIZED = ("An output with one or more elements was resized since it had shape {}, which does "
           "not match the required output shape {}. This behavior is deprecated, and in a "
           "future PyTorch release outputs will not be resized unless they have zero elements. "
           "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
           "with t.resize_(0).")


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def can_cast(source: np.dtype, target: np.dtype) -> bool:
    """torch's canCast: floating never to integral or bool, nothing but bool to bool."""
    if source.kind == "f" and target.kind in "biu":
        return False
    return not (target.kind == "b" and source.kind != "b")


def castable(template: str, names=SCALAR_TYPE, error=RuntimeError):
    """A dtype rule: the result must cast to ``out`` (``template`` formats {result}, {out})."""
    def rule(result: np.dtype, out: np.dtype) -> None:
        if not can_cast(result, out):
            raise error(template.format(result=names[result.name], out=names[out.name]))
    return rule


def exact(template: str, names=C_TYPE, error=RuntimeError):
    """A dtype rule: ``out`` must have the result's dtype exactly."""
    def rule(result: np.dtype, out: np.dtype) -> None:
        if result != out:
            raise error(template.format(result=names[result.name], out=names[out.name]))
    return rule


# the rule of elementwise ops and reductions (TensorIterator), and of structured kernels
cast_rule = castable("result type {result} can't be cast to the desired output type {out}")
same_rule = exact("Expected out tensor to have dtype {result}, but got {out} instead")
RULES = {"cast": cast_rule, "same": same_rule}
# cat and stack answer with a TypeError of their own
CAT_RULE = castable("torch.cat(): input types can't be cast to the desired output type {out}",
                    error=TypeError)


def writes_out(name: str, dtype_rule="cast", pick_rule=None, warn_resize=True):
    """Decorator: give the public function ``name`` torch's ``out=`` keyword.

    ``dtype_rule`` is ``"cast"``, ``"same"`` or a callable ``rule(result_dtype,
    out_dtype)`` on NumPy dtypes (see :func:`castable` and :func:`exact`) that
    raises when ``out`` cannot take the result; a tuple gives one rule per
    result of a function returning several.  Where the rule depends on the
    arguments (matmul of two vectors behaves like dot), ``pick_rule(*args,
    out=out, **kwargs)`` returns it instead.  A few torch functions resize a
    non-empty ``out`` silently (``warn_resize=False``).
    """
    rule = RULES.get(dtype_rule, dtype_rule)

    def decorate(fn):
        @functools.wraps(fn)
        def with_out(*args, out=None, **kwargs):
            if out is None:
                return fn(*args, **kwargs)
            check_out(name, out, args, kwargs)
            chosen = rule if pick_rule is None else pick_rule(*args, out=out, **kwargs)
            return write_out(name, fn(*args, **kwargs), out, chosen, warn_resize)
        return with_out
    return decorate


def check_out(name, out, args=(), kwargs=None) -> None:
    """Refuse a non-tensor ``out`` and, in grad mode, inputs or ``out`` requiring grad."""
    Tensor = _tensor_cls()
    outs = out if isinstance(out, (tuple, list)) else (out,)
    for o in outs:
        if not isinstance(o, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(o).__name__}")
    if grad_mode.is_grad_enabled() and _requires_grad((args, kwargs or {}, outs)):
        raise RuntimeError(NO_AUTOGRAD.format(name))


def _requires_grad(value) -> bool:
    if isinstance(value, _tensor_cls()):
        return value.requires_grad
    if isinstance(value, (tuple, list)):
        return any(_requires_grad(v) for v in value)
    if isinstance(value, dict):
        return any(_requires_grad(v) for v in value.values())
    return False


def write_out(name, result, out, rule=cast_rule, warn_resize=True):
    """Copy ``result`` (a tensor or a tuple of them) into ``out`` and return ``out``."""
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"{name}(): argument 'out' must be tuple of {len(result)} Tensors")
        rules = rule if isinstance(rule, tuple) else (rule,) * len(result)
        written = [_write_one(r, o, each, warn_resize)
                   for r, o, each in zip(result, out, rules, strict=True)]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    if isinstance(out, (tuple, list)):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    return _write_one(result, out, rule, warn_resize)


def _write_one(result, out, rule, warn_resize):
    array = result._array if isinstance(result, _tensor_cls()) else np.asarray(result)
    rule(array.dtype, out._array.dtype)
    if any(step == 0 and n > 1 for step, n in zip(out._array.strides, out._array.shape,
                                                 strict=True)):
        raise RuntimeError(OVERLAP)
    if out._array.shape != array.shape:
        if out._array.size and warn_resize:
            warnings.warn(RESIZED.format(list(out._array.shape), list(array.shape)),
                          UserWarning, stacklevel=4)
        out._array = np.empty(array.shape, out._array.dtype)
    np.copyto(out._array, array, casting="unsafe")
    out._version += 1
    return out
