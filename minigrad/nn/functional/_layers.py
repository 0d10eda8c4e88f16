"""Linear, convolution, pooling, padding and dropout functions of ``nn.functional``."""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from ... import random
from ..._tensor import Tensor, _type_word
from ..._tensor_convert import _c_type
from ..._tensor_math import _not_for
from ..._tensor_shape import _expand_message
from ...ops import conv as conv_ops, embedding as embedding_ops, linear as linear_ops
from ...ops import padding as pad_ops
from ...ops import pooling as pool_ops
from ...ops import quiet
from ..._tensor_convert import invalid_arguments
from ._activation import _check_has, _check_tensor, _renamed


def _pair(value):
    if isinstance(value, numbers.Integral):
        return (int(value), int(value))
    value = tuple(int(v) for v in value)
    return value * 2 if len(value) == 1 else value


def _batched(input: Tensor, fn, name: str):
    """Run ``fn`` on a 4-d input, adding and removing the batch dim for 3-d inputs (the
    result keeps the op's grad_fn name: torch's kernels take unbatched inputs directly)."""
    if input.ndim == 3:
        return _unbatched(fn(input.unsqueeze(0)))
    if input.ndim != 4:
        raise RuntimeError(f"{name}: Expected 3D or 4D (batch mode) tensor for input, but got: "
                           f"{list(input.shape)}")
    return fn(input)


def _unbatched(out: Tensor) -> Tensor:
    """``out`` without its batch dim, its grad_fn still named for the op that made it."""
    name = out.grad_fn.name() if out.grad_fn is not None else None
    out = out.squeeze(0)
    return _renamed(out, name) if name else out


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias`` as one fused op."""
    _check_tensor("linear", input, "input", 1)
    _check_tensor("linear", weight, "weight", 2)
    x, w = input._array, weight._array
    if x.ndim == 0 or w.ndim == 0 or w.ndim > 2 or x.dtype != w.dtype or x.dtype == bool or \
            x.shape[-1] != w.shape[-1] or (bias is not None and (
                bias._array.dtype != w.dtype or bias._array.shape != w.shape[:1])):
        _check_linear(input, weight, bias)           # raises torch's error, if there is one
    if w.ndim == 1:                                  # a vector of weights: one output each
        out = input.matmul(weight)
        return out if bias is None else out + bias
    return linear_ops.Linear.apply(bias, input, weight)


def _check_linear(input, weight, bias) -> None:
    """torch's words for a linear call that cannot run (the fast path found something odd)."""
    if input.ndim == 0 or weight.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{input.ndim}D and {weight.ndim}D")
    if weight.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{weight.ndim}D")
    _check_linear_dtypes(input, weight, bias)
    if input.shape[-1] != weight.shape[-1]:
        rows = math.prod(input.shape[:-1])
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x"
                           f"{input.shape[-1]} and {weight.shape[-1]}x"
                           f"{weight.shape[0] if weight.ndim == 2 else 1})")
    if bias is not None:
        target = (math.prod(input.shape[:-1]), weight.shape[0] if weight.ndim == 2 else 1)
        message = _expand_message(target, tuple(bias.shape))
        if message is not None:
            raise RuntimeError(message)
    if input._array.dtype == bool:
        kernel = "addmm_impl_cpu_" if weight.ndim == 2 else "addmv_impl_cpu"
        raise NotImplementedError(_not_for(kernel, input))


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor,
             bias: Tensor | None = None) -> Tensor:
    """``y_o = x1^T W_o x2 + b_o`` for weight (out, in1, in2), over matching leading dims."""
    tensors = {"input1": input1, "input2": input2, "weight": weight}
    if bias is not None:
        tensors["bias"] = bias
    if len({t.dtype for t in tensors.values()}) > 1:
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{name}: {_c_type(t._array.dtype)}" for name, t in tensors.items()))
    if input1.ndim != input2.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.ndim} and "
                           f"{input2.ndim}")
    for d in range(input1.ndim - 1):
        if input1.shape[d] != input2.shape[d]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {d}: "
                               f"got {input1.shape[d]} and {input2.shape[d]}")
    for i, x in ((1, input1), (2, input2)):
        if x.shape[-1] != weight.shape[i]:
            raise RuntimeError(f"bilinear(): input{i} size does not match weight size: got "
                               f"{x.shape[-1]} but expected {weight.shape[i]}")
    if bias is not None and bias.shape[0] != weight.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.shape[0]} but expected {weight.shape[0]}")
    if input1.dtype.name == "bool":              # torch's batched product refuses bools
        raise NotImplementedError(_not_for("bmm", input1))
    out_features, in1, in2 = weight.shape
    lead = tuple(input1.shape[:-1])
    # x1 W: (*, in1) @ (in1, out * in2), then the dot product of each (out, in2) row with x2
    left = input1.reshape(-1, in1).matmul(weight.permute(1, 0, 2).reshape(in1, -1))
    out = (left.reshape(-1, out_features, in2) * input2.reshape(-1, 1, in2)).sum(
        -1, dtype=input1.dtype)                  # integers keep their dtype, wrapping
    out = _renamed(out.reshape(lead + (out_features,)), "ViewBackward0")
    return out if bias is None else out + bias


def _type_repr(value) -> str:
    """``str(type(value))`` with the public name of minigrad's Tensor (torch prints
    ``<class 'torch.Tensor'>``)."""
    return "<class 'minigrad.Tensor'>" if type(value) is Tensor else str(type(value))


def _conv_padding(padding, kernel, dilation, stride):
    """Padding as (top, bottom, left, right) from an int, a pair, 'valid' or 'same'."""
    if padding == "valid":
        return (0, 0, 0, 0)
    if padding == "same":
        if stride != (1, 1):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        pads = []
        for k, d in zip(kernel, dilation, strict=False):
            total = d * (k - 1)
            pads += [total // 2, total - total // 2]    # any odd cell goes after
        return tuple(pads)
    if isinstance(padding, str):
        raise RuntimeError(f"Invalid padding string '{padding}', should be one of "
                           "['valid', 'same']")
    ph, pw = _pair(padding)
    return (ph, ph, pw, pw)


def _check_linear_dtypes(input, weight, bias) -> None:
    """torch's words differ by path: addmm (with a bias) or matmul (without)."""
    if bias is None:
        if input.dtype is not weight.dtype:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_c_type(input.dtype.np)} != {_c_type(weight.dtype.np)}")
        return
    for first, tensor in (("self", bias), ("mat1", input)):
        if tensor.dtype is not weight.dtype:
            raise RuntimeError(f"{first} and mat2 must have the same dtype, but got "
                               f"{_type_word(tensor.dtype.np)} and "
                               f"{_type_word(weight.dtype.np)}")


# -- checks shared by the convolutions and the transposed convolutions (torch's words) --
def _check_conv_dims(name: str, input: Tensor, weight: Tensor, stride, dims: int) -> None:
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    if weight.ndim != dims + 2:
        raise RuntimeError(f"expected stride to be a single integer value or a list of "
                           f"{weight.ndim - 2} values to match the convolution dimensions, but "
                           f"got stride={list(stride)}")


def _check_conv_signs(groups: int, padding, stride) -> None:
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if min(padding) < 0:
        raise RuntimeError("negative padding is not supported")
    if min(stride) <= 0:
        raise RuntimeError("non-positive stride is not supported")


def _check_weight_groups(weight: Tensor, groups: int) -> list:
    """The weight's shape, once its first dim splits into ``groups``."""
    shape = list(weight.shape)
    if shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {shape} instead")
    if shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{shape}] instead")
    return shape


def _check_conv(input, weight, bias, stride, pads, dilation, groups, dims: int) -> None:
    """torch's checks of a ``dims``-d convolution, on the shapes the caller passed."""
    name = f"conv{dims}d"
    if not all(isinstance(t, Tensor) for t in (input, weight)):
        given = (input, weight) if bias is None else (input, weight, bias)
        raise TypeError(invalid_arguments(name, given, (
            "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple "
            "of ints padding = 0, tuple of ints dilation = 1, int groups = 1",
            "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str "
            "padding = \"valid\", tuple of ints dilation = 1, int groups = 1")))
    _check_conv_dims(name, input, weight, stride, dims)
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({_c_type(input.dtype.np)}) and bias type "
                           f"({_c_type(bias.dtype.np)}) should be the same")
    _check_conv_signs(groups, pads, stride)
    if min(dilation) <= 0:
        shown = list(dilation) if dims >= 2 else [1] + list(dilation)   # conv1d runs as 2-d
        raise RuntimeError(f"dilation should be greater than zero, but got {shown}")
    shape = _check_weight_groups(weight, groups)
    batched = input if input.ndim == dims + 2 else input.unsqueeze(0)
    channels = batched.shape[1]
    if channels != shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {shape}, expected input"
                           f"{list(batched.shape)} to have {shape[1] * groups} channels, but got "
                           f"{channels} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != shape[0]):
        raise RuntimeError(f"Given weight of size {shape}, expected bias to be 1-dimensional "
                           f"with {shape[0]} elements, but got bias of size {list(bias.shape)} "
                           "instead")
    sizes = batched.shape[2:]
    padded = [n + pads[2 * i] + pads[2 * i + 1] for i, n in enumerate(sizes)]
    kernel = [d * (k - 1) + 1 for k, d in zip(shape[2:], dilation, strict=True)]
    if any(p < k for p, k in zip(padded, kernel, strict=True)):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, kernel))}). Kernel size can't be greater "
                           "than actual input size")
    if min(shape[2:]) <= 0 and dims == 3:
        raise RuntimeError("kernel size should be greater than zero, but got: "
                           f"{' x '.join(map(str, shape[2:]))} (TxHxW)")
    if min(shape[2:]) <= 0:
        raise RuntimeError("kernel size should be greater than zero, but got kernel_height: "
                           f"{shape[2] if dims == 2 else 1} kernel_width: {shape[-1]}")
    if input.dtype.name == "bool" and input.numel():      # an empty batch is not computed
        raise NotImplementedError(_not_for("compute_columns3d" if dims == 3 else
                                           "slow_conv2d_cpu", input))
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(input.dtype.np)} but found "
                           f"{_type_word(weight.dtype.np)}")


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """2-d cross-correlation of (N, C, H, W) input with (O, C/groups, kh, kw) weight."""
    stride, dilation = _pair(stride), _pair(dilation)
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    pads = _conv_padding(padding, getattr(weight, "shape", (0, 0, 1, 1))[2:], dilation, stride)
    _check_conv(input, weight, bias, stride, pads, dilation, groups, 2)
    return _conv2d(input, weight, bias, stride, pads, dilation, groups)


def _conv2d(input, weight, bias, stride, pads, dilation, groups):
    """The checked convolution: a 3-d input gets a batch dim for the op."""
    if input.ndim == 3:
        return conv_ops.Conv2d.apply(input.unsqueeze(0), weight, bias, stride, pads, dilation,
                                     groups).squeeze(0)
    return conv_ops.Conv2d.apply(input, weight, bias, stride, pads, dilation, groups)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """1-d convolution as a 2-d one of height 1."""
    one = lambda v: v if isinstance(v, numbers.Integral) else v[0]  # noqa: E731
    stride, dilation = (one(stride),), (one(dilation),)
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    pad = padding if isinstance(padding, str) else (0, one(padding))
    kernel = (1,) + tuple(getattr(weight, "shape", (0, 0, 1))[2:])
    pads = _conv_padding(pad, kernel, (1,) + dilation, (1,) + stride)
    _check_conv(input, weight, bias, stride, pads[2:], dilation, groups, 1)
    out = _conv2d(input.unsqueeze(-2), weight.unsqueeze(-2), bias, (1,) + stride, pads,
                  (1,) + dilation, groups)
    return out.squeeze(-2)


# the dtypes of torch's average pooling kernels (integers other than int64 have none)
AVG_POOL_DTYPES = frozenset(("float32", "float64", "float16", "int64"))


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode):
    """Kernel, stride, padding and dilation pairs, checked in torch's order and words."""
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or (not isinstance(stride, int) and not stride) \
        else _pair(stride)
    padding, dilation = _pair(padding), _pair(dilation)
    for k, st, p, d in zip(kernel, stride, padding, dilation, strict=True):
        if st == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    if min(kernel) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} "
                           f"kW: {kernel[1]}")
    if min(stride) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {stride[0]} dW: "
                           f"{stride[1]}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: "
                           f"{dilation[0]} dilationW: {dilation[1]}")
    if input.ndim not in (3, 4) or 0 in input.shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{list(input.shape)}")
    size = input.shape[-2:]
    out = [pool_ops.pool_out_size(s, k, st, p, d, ceil_mode)
           for s, k, st, p, d in zip(size, kernel, stride, padding, dilation, strict=False)]
    if min(out) < 1:
        c = input.shape[-3]
        raise RuntimeError(f"Given input size: ({c}x{size[0]}x{size[1]}). Calculated output "
                           f"size: ({c}x{out[0]}x{out[1]}). Output size is too small")
    return kernel, stride, padding, dilation


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False) -> Tensor:
    """Largest value in each window."""
    from ._pooling import _with_batch, max_pool_nd
    _check_tensor("max_pool2d", input, "input", 1)
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    geometry = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode)
    if input.dtype.name == "bool":
        raise NotImplementedError(_not_for("max_pool2d", input))
    if return_indices or not input.dtype.is_floating_point:
        return _with_batch(input, 2, lambda x: max_pool_nd(pool_ops.MaxPool2d, x, geometry,
                                                           ceil_mode, return_indices))
    return _batched(input, lambda x: pool_ops.MaxPool2d.apply(x, *geometry, ceil_mode),
                    "max_pool2d")


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Mean of each window (integer inputs give the truncated integer mean, as in torch)."""
    _check_tensor("avg_pool2d", input, "input", 1)
    if input.ndim < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.ndim}, "
                         f"{input.ndim - 1}], but got -3)")
    kernel, stride, padding, _ = _pool_geometry(input, kernel_size, stride, padding, 1,
                                                ceil_mode)
    if divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if input.dtype.name not in AVG_POOL_DTYPES:
        raise NotImplementedError(_not_for("avg_pool2d", input))
    if not input.dtype.is_floating_point:
        mean = avg_pool2d(input.double(), kernel, stride, padding, ceil_mode,
                          count_include_pad, divisor_override)
        return mean.to(input.dtype)
    return _batched(input, lambda x: pool_ops.AvgPool2d.apply(
        x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override),
        "avg_pool2d")


def _bin_matrix(size: int, out: int, dtype) -> np.ndarray:
    """(out, size) averaging matrix of adaptive pooling: bin i covers floor..ceil bounds."""
    m = np.zeros((out, size), dtype)
    for i in range(out):
        start, end = (i * size) // out, -(-((i + 1) * size) // out)
        m[i, start:end] = 1.0 / (end - start)
    return m


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Average over torch's adaptive bins so the output is ``output_size``."""
    _check_has(input, "size")
    sizes = (output_size,) * 2 if not isinstance(output_size, (tuple, list)) else \
        tuple(output_size) * (2 if len(output_size) == 1 else 1)
    if len(sizes) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    h, w = input.shape[-2:] if input.ndim >= 2 else (None, None)
    oh, ow = (h if sizes[0] is None else sizes[0]), (w if sizes[1] is None else sizes[1])
    if oh < 0 or ow < 0:
        raise RuntimeError("adaptive_avg_pool2d: elements of output_size must be greater than or "
                           f"equal to 0 but received {{{oh}, {ow}}}")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{list(input.shape)}")
    for d in (input.ndim - 2, input.ndim - 1):
        if input.shape[d] == 0:
            raise RuntimeError("adaptive_avg_pool2d(): Expected input to have non-zero size for "
                               f"non-batch dimensions, but input has sizes {list(input.shape)} "
                               f"with dimension {d} being empty")
    if (oh, ow) == (1, 1):
        return input.mean((-2, -1), keepdim=True)
    if not input.dtype.is_floating_point:
        if oh * ow * math.prod(input.shape[:-2]) == 0:     # torch's kernel never runs
            return Tensor._make(np.empty(input.shape[:-2] + (oh, ow), input._array.dtype), None)
        raise NotImplementedError(_not_for("adaptive_avg_pool2d", input))
    if not np.isfinite(input._array).all():
        return _adaptive_bins(input, oh, ow)
    rows = Tensor._make(_bin_matrix(h, oh, input._array.dtype), None)
    cols = Tensor._make(_bin_matrix(w, ow, input._array.dtype).T.copy(), None)
    # the bins are rectangles, so averaging factorises into a row and a column product
    return _renamed(rows.matmul(input).matmul(cols), "AdaptiveAvgPool2DBackward0")


def _adaptive_bins(input: Tensor, oh: int, ow: int) -> Tensor:
    """Bin by bin (a NaN or inf stays in its own bins, where a matrix product would spread
    it: 0 * inf is NaN)."""
    from ... import _creation
    h, w = input.shape[-2:]
    rows = [input[..., (i * h) // oh: -(-((i + 1) * h) // oh), :].mean(-2) for i in range(oh)]
    rows = _creation.stack(rows, -2)
    cols = [rows[..., (j * w) // ow: -(-((j + 1) * w) // ow)].mean(-1) for j in range(ow)]
    return _renamed(_creation.stack(cols, -1), "AdaptiveAvgPool2DBackward0")


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last ``len(pad) // 2`` dims: pad = (last_before, last_after, ...).

    ``constant`` fills with ``value``; ``reflect`` mirrors about the edge cell,
    ``replicate`` repeats the edge cell, ``circular`` wraps around.  Negative amounts crop.
    """
    _check_tensor("pad", input, "input", 1)
    for i, p in enumerate(pad):
        if not isinstance(p, numbers.Integral):
            kind = type(p).__name__
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but "
                            f"found element of type {kind} at pos 0" if i == 0 else
                            f"pad(): argument 'pad' failed to unpack the object at pos {i + 1} "
                            f"with error \"type must be tuple of ints,but got {kind}\"")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the "
                           "input dimension but got padding length "
                           f"{len(pad)} and input of dimension {input.ndim}")
    pairs = [(0, 0)] * input.ndim
    for i in range(len(pad) // 2):
        pairs[input.ndim - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]))
    if mode == "constant":
        for d, (before, after) in enumerate(pairs):
            if input.shape[d] + min(before, 0) + min(after, 0) < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        return pad_ops.ConstantPadNd.apply(input, tuple(pairs), 0 if value is None else value)
    if mode not in pad_ops.CopyPad.MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    k = len(pad) // 2
    if k > 3 or input.ndim not in (k + 1, k + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode != "circular" and 0 in input.shape[input.ndim - k - 1:]:
        raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 "
                           "batch size and other non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    trailing, padded = input.shape[input.ndim - k:], tuple(pairs[input.ndim - k:])
    _check_copy_pad(input, trailing, padded, mode)
    if mode != "circular" and input.dtype.name == "bool":
        kernel = {"reflect": "reflection", "replicate": "replication"}[mode]
        raise NotImplementedError(_not_for(f"{kernel}_pad{k}d", input))
    out = pad_ops.CopyPad.apply(input, padded, mode)
    name = {"reflect": f"ReflectionPad{k}DBackward0", "replicate": f"ReplicationPad{k}DBackward0",
            "circular": "CopySlices"}[mode]
    return _renamed(out, name)


def _check_copy_pad(input: Tensor, sizes, pads, mode: str) -> None:
    """torch's argument checks of the reflect, replicate and circular paddings."""
    k = len(sizes)
    out = [n + a + b for n, (a, b) in zip(sizes, pads, strict=True)]
    letters = "DHW"[3 - k:]
    if mode == "reflect":
        for j, (n, (a, b)) in reversed(list(enumerate(zip(sizes, pads, strict=True)))):
            if a >= n or b >= n:         # torch checks the last dim first
                raise RuntimeError(f"Argument #{4 + 2 * (k - 1 - j)}: Padding size should be "
                                   "less than the corresponding input dimension, but got: "
                                   f"padding ({a}, {b}) at dimension {input.ndim - k + j} of "
                                   f"input {list(input.shape)}")
        if k == 1 and out[0] < 1:
            raise RuntimeError(f"input (W: {sizes[0]}) is too small. Calculated output W: "
                               f"{out[0]}")
    elif mode == "replicate" and min(out) < 1:
        if k == 1:
            raise RuntimeError(f"input (W: {sizes[0]}) is too small. Calculated output W: "
                               f"{out[0]}")
        got = " ".join(f"{c}: {o}" for c, o in zip(letters, out, strict=True))
        size = ", ".join(f"{c}: {n}" for c, n in zip(letters, sizes, strict=True))
        raise RuntimeError(f"Calculated output {got} must be >= 1 in every dimension "
                           f"(input {size})")
    elif mode == "circular":
        for n, (a, b), o in zip(sizes, pads, out, strict=True):
            if a > n or b > n:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if o < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p)."""
    _check_tensor("dropout", input, "input", 1)
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return input
    _check_scalable(input, p)
    dtype = input._array.dtype
    keep = random._rng(None).random(input._array.shape, dtype=np.float32) >= p
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)
    mask = Tensor._make(keep.astype(dtype) * dtype.type(scale), None)
    if inplace:
        return input.mul_(mask)
    return input * mask


def _check_indices(input: Tensor, what: str) -> None:
    if input.dtype.name not in ("int64", "int32"):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got {_arg_type(input)} "
                           f"instead (while checking arguments for {what})")


def _arg_type(t: Tensor) -> str:
    """How torch's argument checks name a tensor's type (its bool type is named oddly)."""
    return "CPUBoolType" if t.dtype.name == "bool" else t.type()


@quiet
def _renorm_rows(weight: Tensor, indices: np.ndarray, max_norm: float,
                 norm_type: float) -> None:
    """Scale the looked-up rows whose p-norm exceeds ``max_norm`` down to it, in place and
    outside the graph (torch's embedding_renorm_)."""
    rows = np.unique(indices)
    array = weight._array
    norms = np.linalg.norm(array[rows], ord=norm_type, axis=1)
    big = norms > max_norm
    scale = max_norm / (norms[big] + 1e-7)
    array[rows[big]] *= scale[:, None].astype(array.dtype)
    weight._version += 1


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """Rows of ``weight`` picked by the integer tensor ``input``.

    ``max_norm`` first rescales (in place) the picked rows longer than it;
    ``scale_grad_by_freq`` divides each row's gradient by its index's count in ``input``.
    """
    _check_tensor("embedding", input, "indices", 2)
    if padding_idx is not None and not -weight.shape[0] <= padding_idx < weight.shape[0]:
        raise AssertionError("Padding_idx must be within num_embeddings")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    _check_indices(input, "embedding")
    if sparse:
        raise NotImplementedError("minigrad has no sparse gradients (sparse tensors are out of "
                                  "scope); use sparse=False")
    indices = input._array
    if indices.size and (indices.min() < 0 or indices.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if max_norm is not None:
        _renorm_rows(weight, indices, max_norm, norm_type)
    return embedding_ops.Embedding.apply(weight, indices, padding_idx, scale_grad_by_freq)


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,
                  max_norm: float | None = None, norm_type: float = 2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Tensor | None = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """Sums, means or maxima of bags of embedding rows without materialising the rows.

    A 2-d ``input`` (B, N) is B bags of N indices; a 1-d ``input`` is cut into bags at
    ``offsets`` (each bag's start).  ``per_sample_weights`` scale the rows ('sum' only).
    """
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) "
                         "is not None, then it must have the same shape as the input "
                         f"({input.shape})")
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                         f"{weight.ndim}")
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated "
                             "is a mini-batch of fixed length sequences. However, found "
                             f"offsets of type {_type_repr(offsets)}")
        if input.dtype.name == "bool":           # torch's arange of the bag starts, in bool
            raise NotImplementedError(_not_for("arange_cpu", input))
        starts = np.arange(0, input.numel(), input.shape[1])
        include_last_offset = False
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.ndim != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        starts = offsets._array.astype(np.int64)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.ndim}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if sparse:
        raise NotImplementedError("minigrad has no sparse gradients (sparse tensors are out of "
                                  "scope); use sparse=False")
    # torch promotes indices and offsets to one dtype, then checks it and the weight's
    common = input if offsets is None else _promoted(input, offsets)
    _check_indices(common, "embedding_bag")
    if not weight.dtype.is_floating_point:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have one of the "
                           "following scalar types: Half, BFloat16, Float, Double; but got "
                           f"{_arg_type(weight)} instead (while checking arguments for "
                           "embedding_bag)")
    indices = input._array.reshape(-1).astype(np.int64)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. "
                                  "per_sample_weights is only supported for mode='sum' "
                                  f"(got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    if starts.size and starts[0] != 0:
        word = "Int" if offsets is not None and offsets.dtype.name == "int32" else "Long"
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the "
                           "mini-batch has to start from position 0. However, got "
                           f"{starts[0]}\n[ minigrad.{word}Tensor{{}} ]")  # torch prints it
    if starts.size and starts[-1] > indices.size:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length "
                           f"{indices.size} but got offsets[-1] of {starts[-1]}")
    bad = (indices < 0) | (indices >= weight.shape[0])
    if bad.any():
        at = int(np.argmax(bad))
        if weight.dtype.name == "float32":         # torch's float kernel words it so
            raise RuntimeError(f"Index {at} of input takes value {indices[at]} which is not "
                               f"in the valid range [0, {weight.shape[0]})")
        raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but "
                           f"found idx to be {indices[at]}")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if max_norm is not None:
        _renorm_rows(weight, indices, max_norm, norm_type)
    n_bags = len(starts) - 1 if include_last_offset else len(starts)
    ends = np.append(starts[1:], indices.size)[:n_bags] if include_last_offset else \
        np.append(starts[1:], indices.size)
    # the bag of each position: the last start at or before it (positions past the last
    # bag's end, with include_last_offset, belong to none and are dropped)
    bags = np.searchsorted(starts[:n_bags], np.arange(indices.size), side="right") - 1
    inside = np.arange(indices.size) < (ends[-1] if n_bags else 0)
    psw = None if per_sample_weights is None else per_sample_weights.reshape(-1)
    if not inside.all():
        indices, bags = indices[inside], bags[inside]
        psw = None if psw is None else psw[Tensor._make(np.nonzero(inside)[0], None)]
    return embedding_ops.EmbeddingBag.apply(weight, psw, indices, bags, n_bags, mode,
                                            padding_idx, scale_grad_by_freq)


def _promoted(a: Tensor, b: Tensor) -> Tensor:
    """``a`` in the dtype that ``a`` and ``b`` promote to."""
    from ..._dtype import promote_types
    common = promote_types(a._array.dtype, b._array.dtype)
    return a if common == a._array.dtype else Tensor._make(a._array.astype(common), None)


def _as_2d(value, fill):
    """A 1-d pooling argument as the (1, value) pair of the equivalent 2-d pooling."""
    if value is None:
        return None
    return (fill, value if isinstance(value, numbers.Integral) else value[0])


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False) -> Tensor:
    """Max over windows of the last dim, as a 2-d pooling of height 1."""
    _check_tensor("max_pool1d", input, "input", 1)
    if return_indices:          # torch's max_pool1d_with_indices: max_pool2d's checks
        _check_1d(input, "max_pool1d")
        out = max_pool2d(input.unsqueeze(-2), _as_2d(kernel_size, 1), _as_2d(stride, 1),
                         _as_2d(padding, 0), _as_2d(dilation, 1), ceil_mode, True)
        return tuple(o.squeeze(-2) for o in out)
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{list(input.shape)}")
    k = _as_2d(kernel_size, 1)[1]
    st = k if stride is None or (not isinstance(stride, int) and not stride) else \
        _as_2d(stride, 1)[1]
    p, d = _as_2d(padding, 0)[1], _as_2d(dilation, 1)[1]
    for what, value, low in (("kernel_size", k, 1), ("stride", st, 1), ("padding", p, 0),
                             ("dilation", d, 1)):
        if value < low:
            raise RuntimeError(f"max_pool1d() {what} must be "
                               f"{'greater than zero' if low else 'non-negative'}, but got "
                               f"{value}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but "
                           f"got padding={p} and kernel_size={k}")
    length = pool_ops.pool_out_size(input.shape[-1], k, st, p, d, ceil_mode)
    if length < 1:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {length}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(_not_for("max_pool1d_impl", input))
    return max_pool2d(input.unsqueeze(-2), (1, k), (1, st), (0, p), (1, d),
                      ceil_mode).squeeze(-2)


def _check_1d(input: Tensor, name: str) -> None:
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                           f"tensor for argument #1 'self' (while checking arguments for {name})")


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    """Mean over windows of the last dim, as a 2-d pooling of height 1."""
    _check_tensor("avg_pool1d", input, "input", 1)
    _check_1d(input, "avg_pool1d")
    out = avg_pool2d(input.unsqueeze(-2), _as_2d(kernel_size, 1), _as_2d(stride, 1),
                     _as_2d(padding, 0), ceil_mode, count_include_pad)
    return out.squeeze(-2)


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    _check_tensor("adaptive_avg_pool1d", input, "input", 1)
    _check_1d(input, "adaptive_avg_pool1d")
    size = output_size if isinstance(output_size, numbers.Integral) else output_size[0]
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def _check_scalable(input: Tensor, p: float) -> None:
    """torch scales the kept values by 1 / (1 - p), a float an integer or bool tensor cannot
    hold (p = 0 or 1 scales by nothing)."""
    if 0 < p < 1 and not input.dtype.is_floating_point:
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           f"{_type_word(input._array.dtype)}")


def _check_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _noise(input: Tensor, p: float, per_channel: bool, batched: bool = True) -> np.ndarray:
    """Bernoulli(1 - p) keep-draws: one per element, or one per (N, C) shared by the
    trailing dims (torch's feature noise; one per C without a batch dim)."""
    shape = input._array.shape
    if per_channel:
        lead = 2 if batched else 1
        shape = shape[:lead] + (1,) * (input.ndim - lead)
    return random._rng(None).random(shape, dtype=np.float32) >= p


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool,
                     batched: bool = True) -> Tensor:
    """Zero whole channels: one draw per (N, C) of (N, C, *), shared over the trailing dims."""
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if not training or p == 0:
        return input
    _check_scalable(input, p)
    dtype = input._array.dtype
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)
    keep = _noise(input, p, True, batched)
    mask = Tensor._make(keep.astype(dtype) * dtype.type(scale), None)
    return input.mul_(mask) if inplace else input * mask


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of (N, C, L) or (C, L) inputs."""
    _check_has(input, "dim")
    _check_p(p)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout "
                           "on inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    return _feature_dropout(input, p, training, inplace, batched=input.ndim == 3)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of (N, C, H, W) inputs (a 3-d input is read as (N, C, L), as in
    torch)."""
    _check_has(input, "dim")
    _check_p(p)
    if input.ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is "
                      "deprecated and will result in an error in a future release. To retain "
                      "the behavior and silence this warning, please use dropout instead. Note "
                      "that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension "
                      "(i.e. 3D or 4D inputs).", stacklevel=2)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that "
                      "channel-wise 1D dropout behavior is desired - input is interpreted as "
                      "shape (N, C, L), where C is the channel dim. This behavior will change "
                      "in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
                      "dropout behavior, please switch to using dropout1d instead.",
                      stacklevel=2)
    return _feature_dropout(input, p, training, inplace)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) inputs."""
    _check_has(input, "dim")
    _check_p(p)
    if input.ndim not in (4, 5):
        warnings.warn(f"dropout3d: Received a {input.ndim}-D input to dropout3d, which is "
                      "deprecated and will result in an error in a future release. To retain "
                      "the behavior and silence this warning, please use dropout instead. Note "
                      "that dropout3d exists to provide channel-wise dropout on inputs with 3 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension "
                      "(i.e. 4D or 5D inputs).", stacklevel=2)
    return _feature_dropout(input, p, training, inplace, batched=input.ndim == 5)


# SELU's fixed point: alpha' = -scale * alpha of selu
_ALPHA_PRIME = 1.7580993408473766


def _alpha_dropout(input: Tensor, p: float, training: bool, inplace: bool,
                   per_channel: bool) -> Tensor:
    """Dropout for SELU networks: dropped values are set to SELU's negative saturation
    -alpha' and the result is rescaled (a x + b) to keep zero mean and unit variance."""
    _check_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        return input * 0
    if per_channel and input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if not input.dtype.is_floating_point:
        # torch computes the float scale and shift into a tensor of the input's kind
        word = "Long" if input.dtype.name == "bool" else _type_word(input._array.dtype)
        raise RuntimeError(f"result type Float can't be cast to the desired output type {word}")
    dtype = input._array.dtype
    keep = _noise(input, p, per_channel).astype(dtype)
    a = 1.0 / np.sqrt((_ALPHA_PRIME ** 2 * p + 1) * (1 - p))
    shift = Tensor._make(((keep - 1) * _ALPHA_PRIME * a + _ALPHA_PRIME * a * p).astype(dtype),
                         None)
    scale = Tensor._make((keep * a).astype(dtype), None)
    if inplace:
        return input.mul_(scale).add_(shift)
    return input * scale + shift


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                  inplace: bool = False) -> Tensor:
    """Alpha dropout of single elements."""
    return _alpha_dropout(input, p, training, inplace, per_channel=False)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                          inplace: bool = False) -> Tensor:
    """Alpha dropout of whole channels (one draw per (N, C))."""
    return _alpha_dropout(input, p, training, inplace, per_channel=True)
