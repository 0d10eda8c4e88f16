"""3-d and transposed convolutions of ``nn.functional`` (1-d and 2-d ones are in _layers).

All of them run the N-d ops of ``minigrad/ops/conv.py``: ``Convolution`` and its adjoint
``ConvolutionTranspose``.
"""
from __future__ import annotations

import numbers

from ... import _creation, _out
from ..._dtype import result_type
from ..._tensor import Tensor, _type_word
from ..._tensor_math import _not_for
from ...ops import conv as conv_ops
from ._activation import _check_tensor, _renamed
from ._layers import (_check_conv, _check_conv_dims, _check_conv_signs, _check_weight_groups,
                      conv1d)

_AXES = {1: ("height", "width"), 2: ("height", "width"), 3: ("depth", "height", "width")}


def _ntuple(value, n: int) -> tuple:
    """An int or a sequence as an ``n``-tuple of ints (one entry repeats)."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    return value * n if len(value) == 1 else value


def _same_padding(kernel, dilation) -> tuple:
    """(before, after) pads per dim that keep the size: any odd cell goes after."""
    pads = []
    for k, d in zip(kernel, dilation, strict=True):
        total = d * (k - 1)
        pads += [total // 2, total - total // 2]
    return tuple(pads)


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    """3-d cross-correlation of (N, C, D, H, W) input with (O, C/groups, kd, kh, kw) weight."""
    stride, dilation = _ntuple(stride, 3), _ntuple(dilation, 3)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if padding == "same" and stride != (1, 1, 1):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        kernel = tuple(getattr(weight, "shape", (0, 0, 1, 1, 1))[2:])
        pads = (0,) * 6 if padding == "valid" else _same_padding(kernel, dilation)
    else:
        pads = tuple(p for p in _ntuple(padding, 3) for _ in range(2))
    _check_conv(input, weight, bias, stride, pads, dilation, groups, 3)
    if input.ndim == 4:
        return conv_ops.Convolution.apply(input.unsqueeze(0), weight, bias, stride, pads,
                                          dilation, groups).squeeze(0)
    return conv_ops.Convolution.apply(input, weight, bias, stride, pads, dilation, groups)


def _named(what: str, values, dims: int) -> str:
    """torch's 'stride_height: 1 stride_width: 2' words; 1-d runs as 2-d of height 1."""
    fill = {"output_padding": 0}.get(what, 1)
    values = ((fill,) if dims == 1 else ()) + tuple(values)
    return " ".join(f"{what}_{axis}: {v}" for axis, v in zip(_AXES[dims], values, strict=True))


def _check_conv_transpose(name, input, weight, bias, stride, padding, output_padding, groups,
                          dilation, dims: int) -> tuple:
    """torch's checks of a transposed convolution, in its order and words; returns the
    output's spatial size."""
    for position, (argument, value) in enumerate((("input", input), ("weight", weight),
                                                  ("bias", bias)), start=1):
        if value is not None or argument != "bias":
            _check_tensor(name, value, argument, position)
    _check_conv_dims(name, input, weight, stride, dims)
    for what, values in (("stride", stride), ("padding", padding), ("dilation", dilation),
                         ("output_padding", output_padding)):
        if len(values) != dims:
            raise RuntimeError(f"expected {what} to be a single integer value or a list of "
                               f"{dims} values to match the convolution dimensions, but got "
                               f"{what}={list(values)}")
    _check_conv_signs(groups, padding, stride)
    if min(dilation) <= 0:
        raise RuntimeError("dilation should be greater than zero, but got "
                           + _named("dilation", dilation, dims).replace(" dilation_",
                                                                         ", dilation_"))
    shape = _check_weight_groups(weight, groups)
    batched = input if input.ndim == dims + 2 else input.unsqueeze(0)
    if batched.shape[1] != shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {shape}, expected input"
                           f"{list(batched.shape)} to have {shape[0]} channels, but got "
                           f"{batched.shape[1]} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != shape[1] * groups):
        raise RuntimeError(f"Given transposed=1, weight of size {shape}, expected bias to be "
                           f"1-dimensional with {shape[1] * groups} elements, but got bias of "
                           f"size {list(bias.shape)} instead")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation,
                                                   strict=True)):
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           f"got {_named('output_padding', output_padding, dims)} "
                           f"{_named('stride', stride, dims)} "
                           f"{_named('dilation', dilation, dims)}")
    if min(shape[2:]) <= 0:
        if dims == 3:
            raise RuntimeError("non-empty 5D (n_output_plane x n_input_plane x kernel_depth x "
                               "kernel_height x kernel_width) tensor expected for weight, but "
                               f"got: {shape}")
        raise RuntimeError("kernel size should be greater than zero, but got "
                           + _named("kernel", shape[2:], dims))
    sizes = batched.shape[2:]
    out = tuple((n - 1) * s - 2 * p + d * (k - 1) + op + 1 for n, s, p, d, k, op in
                zip(sizes, stride, padding, dilation, shape[2:], output_padding, strict=True))
    if min(out) < 1:
        shown = ((1,) if dims == 1 else ()) + tuple(sizes)
        shown_out = ((1,) if dims == 1 else ()) + out
        raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, shown))}). "
                           f"Calculated output size per channel: "
                           f"({' x '.join(map(str, shown_out))}). Output size is too small")
    if input._array.dtype.kind in "biu" and input.dtype.name != "int64" and input.numel():
        kernel = f"slow_conv_transpose{3 if dims == 3 else 2}d_out_cpu"   # 1-d runs as 2-d
        raise NotImplementedError(_not_for(kernel, input))
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(input.dtype.np)} but found "
                           f"{_type_word(weight.dtype.np)}")
    if bias is not None and bias.dtype is not input.dtype:
        if dims == 3:
            raise RuntimeError(f"expected scalar type {_type_word(input.dtype.np)} but found "
                               f"{_type_word(bias.dtype.np)}")
        _check_bias_cast(input, bias)
    return out


def _check_bias_cast(input: Tensor, bias: Tensor) -> None:
    """torch adds the bias in place: it may not need a wider dtype than the input's."""
    _out.cast_rule(result_type(input._array, bias._array), input._array.dtype)


def _conv_transpose(dims: int, input, weight, bias, stride, padding, output_padding, groups,
                    dilation) -> Tensor:
    name = f"conv_transpose{dims}d"
    if isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
    stride, padding = _ntuple(stride, dims), _ntuple(padding, dims)
    output_padding, dilation = _ntuple(output_padding, dims), _ntuple(dilation, dims)
    out = _check_conv_transpose(name, input, weight, bias, stride, padding, output_padding,
                                groups, dilation, dims)
    pads = tuple(p for p in padding for _ in range(2))
    if input.ndim == dims + 1:
        return conv_ops.ConvolutionTranspose.apply(input.unsqueeze(0), weight, bias, stride,
                                                   pads, dilation, groups, out).squeeze(0)
    return conv_ops.ConvolutionTranspose.apply(input, weight, bias, stride, pads, dilation,
                                               groups, out)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """Transposed 1-d convolution of (N, C_in, L) input with (C_in, C_out/groups, k) weight:
    the gradient of conv1d with respect to its input."""
    return _conv_transpose(1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """Transposed 2-d convolution of (N, C_in, H, W) input with (C_in, C_out/groups, kh, kw)
    weight: the gradient of conv2d with respect to its input."""
    return _conv_transpose(2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1,
                     padding=0, output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """Transposed 3-d convolution of (N, C_in, D, H, W) input with
    (C_in, C_out/groups, kd, kh, kw) weight: the gradient of conv3d with respect to its
    input."""
    return _conv_transpose(3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_tbc(input: Tensor, weight: Tensor, bias: Tensor, pad: int = 0) -> Tensor:
    """1-d convolution in (time, batch, channels) layout: input (T, B, C_in), weight
    (K, C_in, C_out), bias (C_out,); output (T + 2 pad - K + 1, B, C_out).  A conv1d between
    two permutations (a negative ``pad`` crops the input, as in torch)."""
    for position, (argument, value) in enumerate((("input", input), ("weight", weight),
                                                  ("bias", bias)), start=1):
        _check_tensor("conv_tbc", value, argument, position)
    if input.ndim != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if weight.ndim != 3:
        raise RuntimeError("Weight tensor must have 3 dims: kernel_width, in_channels, "
                           "out_channels.")
    if bias.ndim != 1:
        raise RuntimeError("Bias must be 1-D")
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if weight.shape[2] != bias.shape[0]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output channels).")
    if pad < 0:
        input, pad = input[-pad:input.shape[0] + pad], 0
    length = input.shape[0] + 2 * pad - weight.shape[0] + 1
    if length <= 0:
        return _creation.zeros(0, input.shape[1], weight.shape[2], dtype=input.dtype)
    out = conv1d(input.permute(1, 2, 0), weight.permute(2, 1, 0), bias, padding=pad)
    return _renamed(out.permute(2, 0, 1), "ConvTbcBackward0")
