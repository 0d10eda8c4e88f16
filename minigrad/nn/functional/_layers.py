"""Linear, convolution, pooling, padding and dropout functions of ``nn.functional``."""
from __future__ import annotations

import numbers

import numpy as np

from ... import random
from ..._tensor import Tensor, _type_word
from ..._tensor_convert import _c_type
from ..._tensor_shape import _expand_message
from ...ops import conv as conv_ops, embedding as embedding_ops, linear as linear_ops
from ...ops import padding as pad_ops
from ...ops import pooling as pool_ops
from ..._tensor_convert import invalid_arguments
from ._activation import _check_has, _check_tensor, _renamed


def _pair(value):
    if isinstance(value, numbers.Integral):
        return (int(value), int(value))
    value = tuple(int(v) for v in value)
    return value * 2 if len(value) == 1 else value


def _batched(input: Tensor, fn, name: str):
    """Run ``fn`` on a 4-d input, adding and removing the batch dim for 3-d inputs."""
    if input.ndim == 3:
        return fn(input.unsqueeze(0)).squeeze(0)
    if input.ndim != 4:
        raise RuntimeError(f"{name}: Expected 3D or 4D (batch mode) tensor for input, but got: "
                           f"{list(input.shape)}")
    return fn(input)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias`` as one fused op."""
    _check_tensor("linear", input, "input", 1)
    _check_tensor("linear", weight, "weight", 2)
    x, w = input._array, weight._array
    if x.ndim == 0 or w.ndim == 0 or w.ndim > 2 or x.dtype != w.dtype or \
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
        rows = int(np.prod(input.shape[:-1]))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x"
                           f"{input.shape[-1]} and {weight.shape[-1]}x"
                           f"{weight.shape[0] if weight.ndim == 2 else 1})")
    if bias is not None:
        target = (int(np.prod(input.shape[:-1])), weight.shape[0] if weight.ndim == 2 else 1)
        message = _expand_message(target, tuple(bias.shape))
        if message is not None:
            raise RuntimeError(message)


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
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    if weight.ndim != dims + 2:
        raise RuntimeError(f"expected stride to be a single integer value or a list of "
                           f"{weight.ndim - 2} values to match the convolution dimensions, but "
                           f"got stride={list(stride)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if min(pads) < 0:
        raise RuntimeError("negative padding is not supported")
    if min(stride) <= 0:
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) <= 0:
        shown = list(dilation) if dims == 2 else [1] + list(dilation)   # conv1d runs as 2-d
        raise RuntimeError(f"dilation should be greater than zero, but got {shown}")
    shape = list(weight.shape)
    if shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {shape} instead")
    if shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{shape}] instead")
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
    if min(shape[2:]) <= 0:
        raise RuntimeError("kernel size should be greater than zero, but got kernel_height: "
                           f"{shape[2] if dims == 2 else 1} kernel_width: {shape[-1]}")
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
    _check_tensor("max_pool2d", input, "input", 1)
    if return_indices:
        raise NotImplementedError("minigrad's max_pool2d does not return indices")
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    geometry = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode)
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
    """Pad the last ``len(pad) // 2`` dims: pad = (last_before, last_after, ...)."""
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
    for d in range(input.ndim - k, input.ndim):
        size, (before, after) = input.shape[d], pairs[d]
        if mode == "reflect" and max(before, after) > size - 1:
            raise RuntimeError(f"Argument #4: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({before}, "
                               f"{after}) at dimension {d} of input {list(input.shape)}")
        if mode == "circular" and max(before, after) > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if min(before, after) < 0 or (mode != "replicate" and max(before, after) > size):
            raise RuntimeError(f"Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({before}, {after}) at dimension "
                               f"{d} of input {list(input.shape)}")
    return pad_ops.CopyPad.apply(input, tuple(pairs[input.ndim - k:]), mode)


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p)."""
    _check_tensor("dropout", input, "input", 1)
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return input
    dtype = input._array.dtype
    keep = random._rng(None).random(input._array.shape, dtype=np.float32) >= p
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)
    mask = Tensor._make(keep.astype(dtype) * dtype.type(scale), None)
    if inplace:
        return input.mul_(mask)
    return input * mask


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """Rows of ``weight`` picked by the integer tensor ``input``."""
    _check_tensor("embedding", input, "indices", 2)
    if padding_idx is not None and not -weight.shape[0] <= padding_idx < weight.shape[0]:
        raise AssertionError("Padding_idx must be within num_embeddings")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input.dtype.is_floating_point:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got "
                           f"{input.type()} instead (while checking arguments for embedding)")
    indices = input._array
    if indices.size and (indices.min() < 0 or indices.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    return embedding_ops.Embedding.apply(weight, indices, padding_idx)


def _as_2d(value, fill):
    """A 1-d pooling argument as the (1, value) pair of the equivalent 2-d pooling."""
    if value is None:
        return None
    return (fill, value if isinstance(value, numbers.Integral) else value[0])


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False) -> Tensor:
    """Max over windows of the last dim, as a 2-d pooling of height 1."""
    _check_tensor("max_pool1d", input, "input", 1)
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
    out = max_pool2d(input.unsqueeze(-2), (1, k), (1, st), (0, p), (1, d), ceil_mode,
                     return_indices)
    return out.squeeze(-2)


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


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool,
                     feature_dims: int) -> Tensor:
    """Zero whole channels: one draw per (N, C), shared over the trailing dims."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if feature_dims == 1 and input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if not training:
        return input
    batched = input.ndim == feature_dims + 2
    lead = input.shape[:2] if batched else input.shape[:1]
    dtype = input._array.dtype
    keep = random._rng(None).random(tuple(lead), dtype=np.float32) >= p
    scale = 0.0 if p == 1 else 1.0 / (1.0 - p)
    mask = (keep.astype(dtype) * dtype.type(scale)).reshape(tuple(lead) + (1,) * feature_dims)
    mask = Tensor._make(mask, None)
    return input.mul_(mask) if inplace else input * mask


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    _check_has(input, "dim")
    return _feature_dropout(input, p, training, inplace, 1)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    _check_has(input, "dim")
    return _feature_dropout(input, p, training, inplace, 2)
