"""Activation functions and softmax family of ``nn.functional``."""
from __future__ import annotations

import warnings

import numpy as np

from ..._tensor import Tensor
from ..._tensor_convert import not_a_tensor
from ..._tensor_math import _not_for
from ...ops import activation as act


def _renamed(t: Tensor, name: str) -> Tensor:
    if t.grad_fn is not None:
        t.grad_fn.name_override = name
    return t


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
    if input.dtype.name == "bool":
        raise NotImplementedError("Bool inputs not supported for hardtanh")
    if inplace:
        return input.clamp_(min_val, max_val)
    return _renamed(input.clamp(min_val, max_val), "HardtanhBackward0")


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    _check_tensor("leaky_relu", input, "input", 1)
    _floating(input, "leaky_relu_cpu")
    if inplace:
        return input._inplace(lambda: act.LeakyRelu.apply(input, negative_slope))
    return act.LeakyRelu.apply(input, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    _check_tensor("elu", input, "input", 1)
    _floating(input, "elu_cpu")
    if inplace:
        return input._inplace(lambda: act.Elu.apply(input, alpha))
    return act.Elu.apply(input, alpha)


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
    if dtype is None and not input.dtype.is_floating_point:
        input.softmax(dim)                    # torch's words for an integer input
    return (-input).softmax(dim, dtype=dtype)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``."""
    _check_has(input, "norm")
    return input / input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Integer class indices to a trailing one-hot dimension (int64)."""
    _check_tensor("one_hot", tensor, "input", 1)
    if tensor.dtype.is_floating_point or tensor.dtype.name == "bool":
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
