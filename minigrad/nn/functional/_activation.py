"""Activation functions and softmax family of ``nn.functional``."""
from __future__ import annotations

import warnings

import numpy as np

from ... import random
from ..._dtype import checked_scalar
from ..._tensor import Tensor
from ..._tensor_convert import _type_word, not_a_tensor
from ..._tensor_math import _not_for
from ...ops import activation as act

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _renamed(t: Tensor, name: str) -> Tensor:
    if t.grad_fn is not None:
        t.grad_fn.name_override = name
    return t


def _in_place(input: Tensor, compute, name: str | None = None) -> Tensor:
    """Make ``compute()`` the value of ``input``; torch numbers in-place nodes ...Backward1."""
    out = input._inplace(compute)
    if name is not None:
        _renamed(out, name)
    return out


def _c_number(value: float) -> str:
    """A number as torch's C++ messages print it (6 significant digits)."""
    return f"{value:g}"

def _check_tensor(function: str, value, argument: str = "input", position: int = 1) -> None:
    """A tensor argument of torch's C++ functions: anything else is a TypeError."""
    if not isinstance(value, Tensor):
        raise TypeError(not_a_tensor(function, argument, value, position))


def _check_has(value, attribute: str) -> None:
    """torch's Python code calls a tensor method first, so a list fails with AttributeError."""
    if not isinstance(value, Tensor):
        raise AttributeError(f"'{type(value).__name__}' object has no attribute '{attribute}'")


def _floating(input: Tensor, kernel: str) -> None:
    """torch has no integer kernel for most activations: refuse them in its words."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(_not_for(kernel, input))


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    _check_tensor("relu", input, "input", 1)
    return input.relu_() if inplace else input.relu()


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    _check_tensor("relu6", input, "input", 1)
    return hardtanh(input, 0.0, 6.0, inplace)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    _check_tensor("hardtanh", input, "input", 1)
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if inplace:
        return hardtanh_(input, min_val, max_val)
    low, high = _hardtanh_bounds(input, min_val, max_val)
    return _renamed(input.clamp(low, high), "HardtanhBackward0")


def _hardtanh_bounds(input: Tensor, min_val, max_val):
    """The bounds that ``clamp`` gets: an integer input keeps its dtype, because torch
    turns the bounds into integers first (truncating, as C++'s ``toLong``)."""
    if input.dtype.name == "bool":
        raise NotImplementedError("Bool inputs not supported for hardtanh")
    if input.dtype.is_floating_point:
        return min_val, max_val
    low, high = (checked_scalar(v, np.dtype(np.int64)) for v in (min_val, max_val))
    if input.dtype.name == "uint8" and (low < 0 or high < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    return low, high


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    _check_tensor("leaky_relu", input, "input", 1)
    _floating(input, "leaky_relu_cpu")
    if inplace:
        return _in_place(input, lambda: act.LeakyRelu.apply(input, negative_slope),
                         "LeakyReluBackward1")
    return act.LeakyRelu.apply(input, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    _check_tensor("elu_" if inplace else "elu", input, "input", 1)
    _floating(input, "elu_cpu")
    if inplace:
        return _in_place(input, lambda: act.Elu.apply(input, alpha), "EluBackward1")
    return act.Elu.apply(input, alpha)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """``scale * elu(x, alpha)`` with the self-normalising constants of Klambauer et al."""
    _check_tensor("selu_" if inplace else "selu", input, "input", 1)
    _floating(input, "elu_cpu")
    if inplace:
        return _in_place(input, lambda: act.Elu.apply(input, SELU_ALPHA, SELU_SCALE),
                         "EluBackward1")
    return act.Elu.apply(input, SELU_ALPHA, SELU_SCALE)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha (exp(x / alpha) - 1))``."""
    _check_tensor("celu_" if inplace else "celu", input, "input", 1)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    _floating(input, "elu_cpu")
    if inplace:
        return _in_place(input, lambda: act.Celu.apply(input, alpha, 1.0, 1.0 / alpha),
                         "CeluBackward1")
    return act.Celu.apply(input, alpha, 1.0, 1.0 / alpha)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return elu(input, alpha, inplace=True)


def selu_(input: Tensor) -> Tensor:
    return selu(input, inplace=True)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return celu(input, alpha, inplace=True)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    return leaky_relu(input, negative_slope, inplace=True)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In place; unlike ``hardtanh``, torch does not compare the bounds (``clamp_`` rules)."""
    _check_tensor("hardtanh_", input, "input", 1)
    return input.clamp_(*_hardtanh_bounds(input, min_val, max_val))


def relu_(input: Tensor) -> Tensor:
    return input.relu_()


def _threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``x`` where x > threshold, else ``value``."""
    _check_tensor("threshold_" if inplace else "threshold", input, "input", 1)
    if input.dtype.name == "bool":
        raise NotImplementedError(_not_for("threshold_cpu", input))
    # read as C++ Scalars of the input's type: -1 is 255 for uint8, 300 overflows int8
    threshold, value = (checked_scalar(v, input._array.dtype) for v in (threshold, value))
    if inplace:
        return _in_place(input, lambda: act.Threshold.apply(input, threshold, value),
                         "ThresholdBackward1")
    return act.Threshold.apply(input, threshold, value)


threshold = _threshold      # torch's name for it too (its errors say ``_threshold()``)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    return _threshold(input, threshold, value, inplace=True)


def _check_lambd(input: Tensor, lambd: float) -> None:
    finfo = np.finfo(input._array.dtype) if input.dtype.is_floating_point else None
    if finfo is not None and not 0 <= lambd <= finfo.max:
        word = {"float32": "Float", "float64": "Double", "float16": "Half"}[input.dtype.name]
        raise RuntimeError(f"lambda must be in range [0, {_c_number(float(finfo.max))}] for "
                           f"input dtype {word}, but found {_c_number(lambd)}")


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``x`` where |x| > lambd, else 0."""
    _check_tensor("hardshrink", input, "input", 1)
    _floating(input, "hardshrink_cpu")
    return act.Hardshrink.apply(input, lambd)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``x - lambd`` above lambd, ``x + lambd`` below -lambd, else 0."""
    _check_tensor("softshrink", input, "input", 1)
    _floating(input, "softshrink_check")
    _check_lambd(input, lambd)
    return act.Softshrink.apply(input, lambd)


def tanhshrink(input: Tensor) -> Tensor:
    return input - input.tanh()


def softsign(input: Tensor) -> Tensor:
    return input / (input.abs() + 1)


def _float_activation(name: str, op, input: Tensor, inplace: bool) -> Tensor:
    """``op`` on ``input`` (or into it): torch's ``name`` kernel, floating point only."""
    _check_tensor(name + "_" if inplace else name, input, "input", 1)
    _floating(input, name + "_cpu")
    if inplace:
        return _in_place(input, lambda: op.apply(input))
    return op.apply(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``relu6(x + 3) / 6``."""
    return _float_activation("hardsigmoid", act.Hardsigmoid, input, inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * relu6(x + 3) / 6``."""
    return _float_activation("hardswish", act.Hardswish, input, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))``."""
    return _float_activation("mish", act.Mish, input, inplace)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """Gated linear unit: the first half of ``dim`` times the sigmoid of the second half."""
    _check_has(input, "dim")
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = input._dim(dim)
    if input.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size "
                           f"{input.shape[dim]}")
    _floating(input, "glu_cpu")
    a, b = input.chunk(2, dim)
    return _renamed(a * b.sigmoid(), "GluBackward0")


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``max(0, x) + weight * min(0, x)`` with one learnable slope per channel (dim 1)."""
    _check_tensor("prelu", input, "input", 1)
    _check_tensor("prelu", weight, "weight", 2)
    if weight.numel() != 1 and input.ndim == 0:
        raise RuntimeError("Not allow zero-dim input tensor.")
    if weight.ndim > 1:
        raise RuntimeError("prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    channels = input.shape[1] if input.ndim >= 2 else 1
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError("Mismatch of parameter numbers and input channel size. Found "
                           f"parameter numbers = {weight.numel()} and channel size = "
                           f"{channels}.")
    if input.dtype != weight.dtype:
        raise RuntimeError("prelu: Type promoting not supported. Got "
                           f"{_type_word(input._array.dtype)} and "
                           f"{_type_word(weight._array.dtype)}")
    _floating(input, "prelu_cpu")
    if weight.numel() == 1:
        slope = weight.reshape(())
    else:
        slope = weight.reshape((channels,) + (1,) * (input.ndim - 2))
    return _renamed(input.where(input > 0, slope * input), "PreluKernelBackward0")


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False, inplace: bool = False) -> Tensor:
    """Leaky ReLU with slopes drawn from U(lower, upper) in training, (lower + upper) / 2
    otherwise."""
    _check_tensor("rrelu_" if inplace else "rrelu", input, "input", 1)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    _floating(input, "rrelu_with_noise_out_cpu" if training else "leaky_relu_cpu")
    dtype = input._array.dtype
    if training:
        noise = random._rng(None).uniform(lower, upper, input._array.shape).astype(dtype)
    else:
        noise = np.asarray((lower + upper) / 2, dtype)
    if inplace:
        return _in_place(input, lambda: act.RreluWithNoise.apply(input, noise),
                         "RreluWithNoiseBackward1")
    return act.RreluWithNoise.apply(input, noise)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False) -> Tensor:
    return rrelu(input, lower, upper, training, inplace=True)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    _check_tensor("gelu", input, "input", 1)
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _floating(input, "GeluKernelImpl")
    return act.Gelu.apply(input, approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    _check_tensor("silu", input, "input", 1)
    _floating(input, "silu_cpu")
    return _renamed(input * input.sigmoid(), "SiluBackward0")


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    _check_tensor("softplus", input, "input", 1)
    _floating(input, "softplus_cpu")
    return act.Softplus.apply(input, beta, threshold)


def sigmoid(input: Tensor) -> Tensor:
    _check_has(input, "sigmoid")
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    _check_has(input, "tanh")
    return input.tanh()


def logsigmoid(input: Tensor) -> Tensor:
    _check_tensor("log_sigmoid", input, "input", 1)
    _floating(input, "log_sigmoid_cpu")
    return _renamed(-softplus(-input), "LogSigmoidBackward0")


def _softmax_dim(name: str, ndim: int) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
            dtype=None) -> Tensor:
    _check_has(input, "softmax")
    if dim is None:
        dim = _softmax_dim("softmax", input.ndim)
    return input.softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3,
                dtype=None) -> Tensor:
    _check_has(input, "log_softmax")
    if dim is None:
        dim = _softmax_dim("log_softmax", input.ndim)
    return input.log_softmax(dim, dtype=dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(f"bad operand type for unary -: '{type(input).__name__}'")
    if dim is None:
        dim = _softmax_dim("softmin", input.ndim)
    negated = -input                          # first, as torch: a bool input fails here
    if dtype is None and not input.dtype.is_floating_point:
        input.softmax(dim)                    # torch's words for an integer input
    return negated.softmax(dim, dtype=dtype)


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """Softmax of ``(logits + g) / tau`` with Gumbel(0, 1) noise ``g``; ``hard`` returns the
    one-hot of the argmax whose gradient is the soft sample's (straight-through)."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    _check_tensor("empty_like", logits, "input", 1)
    if not logits.dtype.is_floating_point:
        raise RuntimeError("Exponential distribution is a continuous probability distribution. "
                           "dtype must be a floating point but you specified "
                           f"{_type_word(logits._array.dtype)}")
    exponential = random._rng(None).exponential(1.0, logits._array.shape)
    gumbels = Tensor._make(-np.log(exponential).astype(logits._array.dtype), None)
    soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return soft
    index = soft.argmax(dim, keepdim=True)
    one_hot = soft.detach() * 0
    one_hot = one_hot.scatter(dim, index, 1.0)
    return one_hot - soft.detach() + soft


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``."""
    _check_has(input, "norm")
    return input / input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Integer class indices to a trailing one-hot dimension (int64)."""
    _check_tensor("one_hot", tensor, "input", 1)
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    labels = tensor._array
    if num_classes == -1:
        if not labels.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(labels.max()) + 1
    if labels.size and labels.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if labels.size and labels.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = (labels[..., None] == np.arange(num_classes)).astype(np.int64)
    return Tensor._make(out, None)
