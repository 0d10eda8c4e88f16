"""Batch and layer normalisation of ``nn.functional``."""
from __future__ import annotations

import math

import numpy as np

from ..._tensor import Tensor
from ..._tensor_math import _not_for
from ...ops.normalization import BatchNorm, Normalize, moments
from ._activation import _check_has, _check_tensor, _floating, _renamed
from ._layers import AVG_POOL_DTYPES, pad as _pad


def _update_running(running: Tensor, batch_value: np.ndarray, momentum: float) -> None:
    """running <- (1 - momentum) * running + momentum * batch_value, in place."""
    array = running._array
    array *= array.dtype.type(1 - momentum)
    array += (array.dtype.type(momentum) * batch_value.reshape(array.shape)).astype(array.dtype)
    running._version += 1


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dim 1) over the batch and spatial dims.

    In training the batch statistics are used and the running ones updated (the
    variance unbiased); otherwise the running statistics are used.
    """
    if training:
        _check_has(input, "size")
        if math.prod(input.shape[:1] + input.shape[2:]) == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input "
                             f"size {input.size()}")
    _check_tensor("batch_norm", input)
    x = input._array
    features = x.shape[1] if x.ndim > 1 else 0
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != features:
            raise RuntimeError(f"{name} should contain {features} elements not {t.numel()}")
    if x.size == 0:              # torch: an empty batch passes through, statistics unchanged
        return _empty_norm(input, weight, bias)
    if not training:
        for name, t in (("running_mean", running_mean), ("running_var", running_var)):
            if t is None:
                raise RuntimeError(f"{name} must be defined in evaluation mode")
    _floating(input, "batch_norm")
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if training:
        count = x.size // x.shape[1]
        stats = {}
        out = BatchNorm.apply(input, weight, bias, eps, stats)   # fused, affine included
        if running_mean is not None:
            _update_running(running_mean, stats["mean"], momentum)
        if running_var is not None:
            _update_running(running_var, stats["var"] * x.dtype.type(count / (count - 1)),
                            momentum)
        return out
    else:
        rm, rv = running_mean._array, running_var._array
        invstd = 1 / np.sqrt(rv + rv.dtype.type(eps))
        out = (input - Tensor._make(rm.reshape(shape), None)) * Tensor._make(
            invstd.reshape(shape).astype(x.dtype), None)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return _renamed(out, "NativeBatchNormBackward0")


def _empty_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    """torch's batch norm of an empty input: a copy, times weight[0] plus bias[0] (0-d
    tensors, so an integer input takes their float dtype)."""
    out = input.clone()
    if weight is not None:
        out = out * weight.reshape(-1)[0]
    if bias is not None:
        out = out + bias.reshape(-1)[0]
    return out


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise over the trailing ``normalized_shape`` dims of each sample."""
    _check_tensor("layer_norm", input, "input", 1)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else \
        tuple(normalized_shape)
    k = len(normalized_shape)
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != normalized_shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but "
                               f"got {name} of shape {list(t.shape)} and normalized_shape = "
                               f"{list(normalized_shape)}")
    if tuple(input.shape[input.ndim - k:]) != normalized_shape or input.ndim < k:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input "
                           f"with shape [*, {', '.join(str(n) for n in normalized_shape)}], "
                           f"but got input of size{list(input.shape)}")
    _floating(input, "LayerNormKernelImpl")
    x = input._array
    axes = tuple(range(x.ndim - k, x.ndim))
    mean, var = moments(x, axes)
    invstd = 1 / np.sqrt(var + x.dtype.type(eps))
    out = Normalize.apply(input, mean, invstd, axes)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return _renamed(out, "NativeLayerNormBackward0")


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise each sample over groups of channels (and all spatial dims)."""
    _check_has(input, "dim")
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.ndim}")
    n, c = input.shape[:2]
    if num_groups == 0:                      # torch divides by it in its batch-size check
        raise ZeroDivisionError("integer division or modulo by zero")
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.ndim != 1 or t.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {list(t.shape)} and "
                               f"input of shape {list(input.shape)}")
    _floating(input, "GroupNormKernelImpl")
    grouped = input.reshape(n, num_groups, input.numel() // max(n * num_groups, 1))
    x = grouped._array
    mean, var = moments(x, (2,))
    invstd = 1 / np.sqrt(var + x.dtype.type(eps))
    out = Normalize.apply(grouped, mean, invstd, (2,)).reshape(input.shape)
    shape = (1, c) + (1,) * (input.ndim - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return _renamed(out, "NativeGroupNormBackward0")


def instance_norm(input: Tensor, running_mean: Tensor | None = None,
                  running_var: Tensor | None = None, weight: Tensor | None = None,
                  bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each (sample, channel) of (N, C, *) over its spatial dims.

    With ``use_input_stats`` the statistics of each instance are used and the running
    ones (if given) move towards their batch averages (the variance unbiased); otherwise
    the running statistics are used.
    """
    x = input._array
    if use_input_stats:
        spatial = math.prod(x.shape[2:])
        if spatial == 1:
            raise ValueError("Expected more than 1 spatial element when training, got input "
                             f"size {input.size()}")
    elif running_mean is None or running_var is None:
        raise RuntimeError("Expected running_mean and running_var to be defined when "
                           "use_input_stats is false")
    # torch folds the batch into the channels, (1, N C, *), and repeats the per-channel
    # tensors N times before its batch-norm checks
    batch, features = x.shape[0], x.shape[0] * x.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() * batch != features:
            raise RuntimeError(f"{name} should contain {features} elements not "
                               f"{t.numel() * batch}")
    if x.size == 0:              # batch norm's copy, times the repeated weight's [0]
        if features == 0 and (weight is not None or bias is not None):
            raise IndexError("select(): index 0 out of range for tensor of size [0] at "
                             "dimension 0")
        return _empty_norm(input, weight, bias)
    _floating(input, "batch_norm")
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    axes = tuple(range(2, x.ndim))
    if use_input_stats:
        mean, var = moments(x, axes)
        invstd = 1 / np.sqrt(var + x.dtype.type(eps))
        if running_mean is not None:
            _update_running(running_mean, mean.mean(0), momentum)
        if running_var is not None:
            unbiased = var * x.dtype.type(spatial / (spatial - 1))
            _update_running(running_var, unbiased.mean(0), momentum)
        out = Normalize.apply(input, mean, invstd, axes)
    else:
        rm, rv = running_mean._array, running_var._array
        invstd = 1 / np.sqrt(rv + rv.dtype.type(eps))
        out = (input - Tensor._make(rm.reshape(shape), None)) * Tensor._make(
            invstd.reshape(shape).astype(x.dtype), None)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return _renamed(out, "ViewBackward0")


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> Tensor:
    """``x / (k + alpha * mean(x^2 over size neighbouring channels))^beta`` (AlexNet).

    The window of channel c spans c - size // 2 .. c + (size - 1) // 2, zero outside.
    """
    if input.ndim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          "
                         f"input (got {input.ndim} dimensions)")
    if size <= 0:
        # torch averages the window with avg_pool2d (3-d input) or avg_pool3d
        if size < -1:
            raise RuntimeError("pad should be at most half of effective kernel size, but got "
                               f"pad=0, kernel_size={size} and dilation=1")
        kernel = f"kH: {size} kW: 1" if input.ndim == 3 else f"kT: {size} kH: 1 kW: 1"
        raise RuntimeError(f"kernel size should be greater than zero, but got {kernel}")
    if input.numel() == 0:
        return input
    channels = input.shape[1]
    square = input * input
    if input.ndim == 3 and square.dtype.name not in AVG_POOL_DTYPES:
        raise NotImplementedError(_not_for("avg_pool2d", square))
    if input.ndim > 3 and square.dtype.name not in ("float32", "float64", "int64"):
        raise NotImplementedError(_not_for("avg_pool3d_out_frame", square))
    pads = [0, 0] * (input.ndim - 2) + [size // 2, (size - 1) // 2]
    padded = _pad(square, pads)
    window = padded.narrow(1, 0, channels)
    for shift in range(1, size):
        window = window + padded.narrow(1, shift, channels)
    # torch averages with avg_pool, whose integer mean truncates
    mean = window // size if not input.dtype.is_floating_point else window / size
    div = (mean * alpha + k) ** beta
    return input / div


def rms_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
             eps: float | None = None) -> Tensor:
    """``x / sqrt(mean(x^2) + eps) * weight`` over the trailing ``normalized_shape`` dims."""
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else \
        tuple(normalized_shape)
    k = len(normalized_shape)
    if tuple(input.shape[input.ndim - k:]) != normalized_shape or input.ndim < k:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input "
                           f"with shape [*{', '.join(str(n) for n in normalized_shape)}], "
                           f"but got input of size{list(input.shape)}")
    if weight is not None and tuple(weight.shape) != normalized_shape:
        raise RuntimeError("Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = "
                           f"{list(normalized_shape)}")
    _floating(input, "rms_norm")
    if eps is None:
        eps = float(np.finfo(input._array.dtype).eps)
    dims = tuple(range(input.ndim - k, input.ndim))
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight
