"""3-d pooling, adaptive max pooling and max pooling's indices, of ``nn.functional``
(the 1-d and 2-d max and average poolings are in _layers and call in here for indices).

All run the N-d ops of ``minigrad/ops/pooling.py``.
"""
from __future__ import annotations

import numbers

import numpy as np

from ... import _creation
from ..._tensor import Tensor
from ..._tensor_math import _not_for
from ...ops import pooling as pool_ops
from ._activation import _check_has, _check_tensor, _floating, _renamed
from ._layers import (_bin_matrix, _pair, _unbatched, avg_pool1d, avg_pool2d, max_pool1d,
                      max_pool2d)

_AXES3 = ("T", "H", "W")


def _triple(value, name: str, what: str, words: str):
    """An int or a 1- or 3-sequence as a 3-tuple; anything else is torch's error."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * 3
    value = tuple(int(v) for v in value)
    if len(value) not in (1, 3):
        raise RuntimeError(f"{name}: {what} must {words} a tuple of three ints")
    return value * 3 if len(value) == 1 else value


def _half_kernel(kernel: int, dilation: int) -> int:
    """C's (k - 1) d + 1) / 2, truncated toward zero as torch computes it."""
    return int(((kernel - 1) * dilation + 1) / 2)


def _pool3d_geometry(name: str, input: Tensor, kernel_size, stride, padding, dilation,
                     ceil_mode: bool, average: bool) -> tuple:
    """Kernel, stride, padding and dilation triples, checked in torch's order and words."""
    must = "be" if average else "either be"
    kernel = _triple(kernel_size, name, "kernel_size", f"{must} a single int, or")
    stride = kernel if stride is None or (not isinstance(stride, numbers.Integral)
                                          and not stride) else \
        _triple(stride, name, "stride", f"{'be' if average else 'either be'} omitted, a single "
                                        "int, or")
    padding = _triple(padding, name, "padding", f"{must} a single int, or")
    dilation = _triple(dilation, name, "dilation", "be either a single int, or")
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    for k, st, p, d in zip(kernel, stride, padding, dilation, strict=True):
        if st == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > _half_kernel(k, d):
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    for what, values, prefix in (("kernel size", kernel, "k"), ("stride", stride, "d"),
                                 ("dilation", dilation, "dilation")):
        if min(values) <= 0:
            shown = " ".join(f"{prefix}{axis}: {v}" for axis, v in zip(_AXES3, values,
                                                                       strict=True))
            raise RuntimeError(f"{what} should be greater than zero, but got {shown}")
    sizes = input.shape[-4:]
    if 0 in sizes:             # torch names dimension 0 whichever dim is empty
        where = "avg_pool3d()" if average else "max_pool3d_with_indices_out_cpu_template()"
        raise RuntimeError(f"{where}: Expected input's non-batch dimensions to have positive "
                           f"length, but input has a shape of {list(input.shape)} and "
                           "non-batch dimension 0 has length zero!")
    if average and any(s < k for s, k in zip(sizes[1:], kernel, strict=True)):
        raise RuntimeError(f"input image (T: {sizes[1]} H: {sizes[2]} W: {sizes[3]}) smaller "
                           f"than kernel size (kT: {kernel[0]} kH: {kernel[1]} kW: {kernel[2]})")
    out = [pool_ops.pool_out_size(s, k, st, p, d, ceil_mode) for s, k, st, p, d in
           zip(sizes[1:], kernel, stride, padding, dilation, strict=True)]
    if min(out) < 1:
        c = sizes[0]
        raise RuntimeError(f"Given input size: ({c}x{'x'.join(map(str, sizes[1:]))}). "
                           f"Calculated output size: ({c}x{'x'.join(map(str, out))}). Output "
                           "size is too small")
    return kernel, stride, padding, dilation


def _with_batch(input: Tensor, dims: int, fn):
    """``fn`` on an (N, C, *spatial) input, adding and removing the batch dim of an
    unbatched one."""
    if input.ndim == dims + 1:
        out = fn(input.unsqueeze(0))
        return tuple(_unbatched(o) for o in out) if isinstance(out, tuple) else _unbatched(out)
    return fn(input)


def _indices(input: Tensor, geometry, ceil_mode: bool) -> Tensor:
    """max pooling's ``indices``: the flat index of each maximum in its (N, C) plane."""
    x = input._array if input.dtype.is_floating_point else input._array.astype(np.float64)
    return Tensor._make(pool_ops.max_indices(x, *geometry, ceil_mode), None)


def max_pool_nd(op, input: Tensor, geometry, ceil_mode: bool, return_indices: bool):
    """A checked (N, C, *spatial) max pooling by ``op`` and, if asked, its indices."""
    if not input.dtype.is_floating_point:          # -inf padding needs floats: exact for ints
        out = op.apply(input.double(), *geometry, ceil_mode).to(input.dtype)
    else:
        out = op.apply(input, *geometry, ceil_mode)
    return (out, _indices(input, geometry, ceil_mode)) if return_indices else out


def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Largest value in each window of a (N, C, D, H, W) or (C, D, H, W) input."""
    _check_tensor("max_pool3d", input, "input", 1)
    geometry = _pool3d_geometry("max_pool3d", input, kernel_size, stride, padding, dilation,
                                ceil_mode, average=False)
    if input.dtype.name == "bool":
        raise NotImplementedError(_not_for("max_pool3d", input))
    return _with_batch(input, 3, lambda x: max_pool_nd(pool_ops.MaxPool3d, x, geometry,
                                                       ceil_mode, return_indices))


def max_pool3d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = False):
    """``max_pool3d`` with its indices (return_indices is ignored, as in torch)."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = False):
    """``max_pool2d`` with its indices (return_indices is ignored, as in torch)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool1d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = False):
    """``max_pool1d`` with its indices (return_indices is ignored, as in torch)."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Mean of each window of a (N, C, D, H, W) or (C, D, H, W) input (integer inputs give
    the truncated integer mean, as in torch)."""
    _check_tensor("avg_pool3d", input, "input", 1)
    if input.ndim in (4, 5) and divisor_override == 0:
        _triple(kernel_size, "avg_pool3d", "kernel_size", "be a single int, or")
        raise RuntimeError("divisor must be not zero")
    kernel, stride, padding, _ = _pool3d_geometry("avg_pool3d", input, kernel_size, stride,
                                                  padding, 1, ceil_mode, average=True)
    if input.dtype.name not in ("float32", "float64", "int64"):    # no float16 kernel in 3-d
        raise NotImplementedError(_not_for("avg_pool3d_out_frame", input))
    if not input.dtype.is_floating_point:
        mean = avg_pool3d(input.double(), kernel, stride, padding, ceil_mode,
                          count_include_pad, divisor_override)
        return mean.to(input.dtype)
    return _with_batch(input, 3, lambda x: pool_ops.AvgPool3d.apply(
        x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override))


def _output_size(input: Tensor, output_size, dims: int) -> tuple:
    """torch's _list_with_default: an int repeats, None keeps the input's size."""
    if isinstance(output_size, numbers.Integral):
        return (int(output_size),) * dims
    output_size = tuple(output_size)
    if input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    return tuple(size if v is None else int(v) for v, size in
                 zip(output_size, input.shape[-len(output_size):], strict=True))


def _check_nonempty(name: str, input: Tensor, dims: int) -> None:
    for d in range(input.ndim - dims, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {d} being empty")


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """Average over torch's adaptive bins so the output is ``output_size``."""
    _check_has(input, "size")
    sizes = _output_size(input, output_size, 3)
    if len(sizes) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3")
    if min(sizes) < 0:
        raise RuntimeError("adaptive_avg_pool3d: elements of output_size must be greater than "
                           f"or equal to 0 but received {{{sizes[0]}, {sizes[1]},{sizes[2]}}}")
    if input.ndim not in (4, 5):
        raise RuntimeError(f"adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got "
                           f"{list(input.shape)}")
    _check_nonempty("adaptive_avg_pool3d", input, 3)
    if sizes == (1, 1, 1):
        return input.mean((-3, -2, -1), keepdim=True)
    _floating(input, "adaptive_avg_pool3d_cpu")
    d, h, w = input.shape[-3:]
    od, oh, ow = sizes
    if not np.isfinite(input._array).all():       # keep a NaN or inf in its own bins
        return _renamed(_adaptive_mean_bins(input, sizes), "AdaptiveAvgPool3DBackward0")
    bins = [Tensor._make(_bin_matrix(size, out, input._array.dtype), None)
            for size, out in zip((d, h, w), sizes, strict=True)]
    # the bins are boxes, so averaging factorises into one product per dim
    y = bins[1].matmul(input).matmul(bins[2].T)                       # (..., D, oh, ow)
    y = bins[0].matmul(y.reshape(input.shape[:-3] + (d, oh * ow)))    # (..., od, oh * ow)
    return _renamed(y.reshape(input.shape[:-3] + (od, oh, ow)), "AdaptiveAvgPool3DBackward0")


def _adaptive_mean_bins(input: Tensor, sizes: tuple) -> Tensor:
    """Adaptive averaging dim by dim, bin by bin (a NaN or inf stays in its own bins, where
    a matrix product would spread it: 0 * inf is NaN)."""
    y = input
    for axis, out in zip(range(-len(sizes), 0), sizes, strict=True):
        after = (slice(None),) * (-axis - 1)
        y = _creation.cat([y[(Ellipsis, slice(a, b)) + after].mean(axis, keepdim=True)
                           for a, b in pool_ops.adaptive_bounds(y.shape[axis], out)], axis)
    return y


def _adaptive_max(input: Tensor, sizes: tuple, return_indices: bool, op):
    """Max over torch's adaptive bins of a checked (N, C, *spatial) input."""
    if min(sizes) < 0:
        shape = list(input.shape[:-len(sizes)]) + list(sizes)
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(sizes)}: "
                           f"{shape}")
    batched = input if input.ndim == len(sizes) + 2 else input.unsqueeze(0)
    if min(sizes) == 0:
        indices = np.zeros(batched.shape[:2] + tuple(sizes), np.int64)
    else:
        indices = pool_ops.adaptive_max_indices(batched._array, sizes)
    out = op.apply(batched, indices)
    result = (out, Tensor._make(indices, None)) if return_indices else out
    if batched is not input:
        return tuple(_unbatched(r) for r in result) if return_indices else _unbatched(out)
    return result


def _adaptive_max_checked(input: Tensor, output_size, return_indices: bool, dims: int,
                          kernel: str, op):
    """adaptive_max_pool{2,3}d after torch's checks (``kernel``: the name its dtype error
    gives)."""
    name = f"adaptive_max_pool{dims}d"
    _check_has(input, "size")
    sizes = _output_size(input, output_size, dims)
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{name}(): Expected {dims + 1}D or {dims + 2}D tensor, but got: "
                           f"{list(input.shape)}")
    _check_nonempty(name, input, dims)
    if len(sizes) != dims:
        raise RuntimeError(f"{name}(): internal error: output_size.size() must be {dims}")
    _floating(input, kernel)
    return _adaptive_max(input, sizes, return_indices, op)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Largest value in each of torch's adaptive bins, so the output is ``output_size``."""
    return _adaptive_max_checked(input, output_size, return_indices, 2, "adaptive_max_pool2d",
                                 pool_ops.AdaptiveMaxPool2d)


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """Largest value in each of torch's adaptive bins, so the output is ``output_size``."""
    return _adaptive_max_checked(input, output_size, return_indices, 3,
                                 "adaptive_max_pool3d_cpu", pool_ops.AdaptiveMaxPool3d)


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Largest value in each of torch's adaptive bins of the last dim."""
    _check_tensor("adaptive_max_pool1d", input, "input", 1)
    if output_size is None or not isinstance(output_size, (numbers.Integral, tuple, list)):
        raise TypeError(f"adaptive_max_pool1d(): argument 'output_size' (position 2) must be "
                        f"tuple of ints, not {type(output_size).__name__}")
    sizes = (output_size,) if isinstance(output_size, numbers.Integral) else tuple(output_size)
    if len(sizes) != 1:
        raise RuntimeError(f"adaptive_max_pool1d() argument 'output_size' should contain one "
                           f"int (got {len(sizes)})")
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                           "tensor for argument #1 'self' (while checking arguments for "
                           "adaptive_max_pool1d)")
    _check_nonempty("adaptive_max_pool1d", input, 1)
    if sizes[0] < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {sizes[0]}: "
                           f"{list(input.shape[:-1]) + [1, sizes[0]]}")
    _floating(input, "adaptive_max_pool2d")
    out = _adaptive_max(input.unsqueeze(-2), (1, int(sizes[0])), return_indices,
                        pool_ops.AdaptiveMaxPool2d)
    return tuple(o.squeeze(-2) for o in out) if return_indices else out.squeeze(-2)


def adaptive_max_pool1d_with_indices(input: Tensor, output_size, return_indices: bool = False):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size, return_indices: bool = False):
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size, return_indices: bool = False):
    return adaptive_max_pool3d(input, output_size, True)


# -- power-average pooling: a composite of average pooling ------------------------------------
def _lp_pool(avg, input: Tensor, norm_type: float, kernel, cells: int, stride,
             ceil_mode: bool) -> Tensor:
    """(sum of x^p over each window)^(1/p), as torch computes it: the window mean of x^p
    times the window size; a negative mean (odd p) is clamped to zero."""
    from ._activation import relu
    out = avg(input.pow(norm_type), kernel, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(cells).pow(1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over windows of the last dim."""
    k = kernel_size if isinstance(kernel_size, numbers.Integral) else kernel_size[0]
    return _lp_pool(avg_pool1d, input, norm_type, kernel_size, int(k), stride, ceil_mode)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (H, W) windows."""
    kh, kw = _pair(kernel_size)
    return _lp_pool(avg_pool2d, input, norm_type, kernel_size, kh * kw, stride, ceil_mode)


def lp_pool3d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (D, H, W) windows."""
    kd, kh, kw = (kernel_size,) * 3 if isinstance(kernel_size, numbers.Integral) else \
        tuple(kernel_size)                       # torch unpacks: a wrong length is its error
    return _lp_pool(avg_pool3d, input, norm_type, kernel_size, kd * kh * kw, stride,
                    ceil_mode)


# -- max unpooling: max pooling's indices put back ---------------------------------------------
def _unpool_output_size(input: Tensor, kernel, stride, padding, output_size) -> tuple:
    """torch's rule: (in - 1) stride + kernel - 2 padding, or ``output_size`` if it lies
    strictly within one stride of that."""
    dims = len(kernel)
    default = [(input.shape[d - dims] - 1) * s + k - 2 * p for d, (k, s, p) in
               enumerate(zip(kernel, stride, padding, strict=True))]
    if output_size is None:
        return tuple(default)
    if len(output_size) == dims + 2:
        output_size = output_size[2:]
    if len(output_size) != dims:
        raise ValueError(f"output_size should be a sequence containing {dims} or {dims + 2} "
                         f"elements, but it has a length of '{len(output_size)}'")
    for d, (size, s) in enumerate(zip(output_size, stride, strict=True)):
        if not default[d] - s < size < default[d] + s:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between '
                             f'{default[d] - s} and {default[d] + s})')
    return tuple(int(v) for v in output_size)


def _max_unpool(name: str, input: Tensor, indices: Tensor, out_size: tuple, op, dims: int,
                stride=None) -> Tensor:
    """Checked max unpooling of an (N, C, *in) or (C, *in) input (torch's C++ checks)."""
    _check_tensor(name, indices, "indices", 2)
    if indices.dtype.np != np.int64:       # torch's 3-d kernel does not name the type
        from ..._tensor import _type_word
        raise RuntimeError("elements in indices should be type int64" + (
            "" if dims == 3 else f" but got: {_type_word(indices.dtype.np)}"))
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Input to max_unpooling{dims}d should be a {dims + 1}d or "
                           f"{dims + 2}d Tensor, but got a tensor with {input.ndim} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    if stride is not None and min(stride) <= 0:
        raise RuntimeError(f"strides should be greater than zero, but got stride: "
                           f"{list(stride)}")
    if not input.dtype.is_floating_point and input.numel():
        raise NotImplementedError(_not_for(name, input))
    index = indices._array
    bad = (index < 0) | (index >= int(np.prod(out_size)))
    if bad.any():
        raise RuntimeError(f"Found an invalid max index: {index[bad][-1]} (output volumes "
                           f"are of size {'x'.join(map(str, out_size))})")
    return _with_batch(input, dims, lambda x: op.apply(
        x, index.reshape(x.shape), out_size))


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """Puts each value of ``input`` back where ``max_pool2d`` found it (its ``indices``),
    zeros elsewhere."""
    _check_has(input, "size")
    kernel = _pair(kernel_size)
    stride = kernel if stride is None else _pair(stride)
    size = _unpool_output_size(input, kernel, stride, _pair(padding), output_size)
    return _max_unpool("max_unpool2d", input, indices, size, pool_ops.Unpick, 2)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """``max_unpool2d`` of the input with a trailing dim of 1, as torch computes it."""
    one = lambda v: (v,) if isinstance(v, numbers.Integral) else tuple(v)  # noqa: E731
    _check_has(input, "size")
    kernel = one(kernel_size)
    stride = kernel if stride is None else one(stride)
    size = _unpool_output_size(input, kernel, stride, one(padding), output_size) + (1,)
    _check_tensor("max_unpool2d", indices, "indices", 2)
    return _max_unpool("max_unpool2d", input.unsqueeze(-1), indices.unsqueeze(-1), size,
                       pool_ops.Unpick, 2).squeeze(-1)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """Puts each value of ``input`` back where ``max_pool3d`` found it (its ``indices``),
    zeros elsewhere."""
    _check_has(input, "size")
    kernel = _triple(kernel_size, "max_unpool3d", "kernel_size", "be a single int, or")
    stride = kernel if stride is None else _triple(stride, "max_unpool3d", "stride",
                                                   "be a single int, or")
    padding = _triple(padding, "max_unpool3d", "padding", "be a single int, or")
    size = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool("max_unpool3d", input, indices, size, pool_ops.MaxUnpool3d, 3, stride)


# -- fractional max pooling (Graham, 2014): pseudo-random window starts ------------------------
def _fractional(name: str, dims: int, input: Tensor, kernel_size, output_size, output_ratio,
                return_indices: bool, samples):
    """Checked fractional max pooling of an (N, C, *spatial) or (C, *spatial) input;
    ``samples`` (N, C, dims) gives each plane's offsets (drawn in [0, 1) when None)."""
    if output_size is None and output_ratio is None:
        raise ValueError(f"{name} requires specifying either an output_size or an "
                         "output_ratio")
    kernel = (kernel_size,) * dims if isinstance(kernel_size, numbers.Integral) else \
        tuple(kernel_size)
    words = "tuple of Ints" if dims == 2 else "tuple of three Ints"
    if output_size is None:
        ratio = (output_ratio,) * dims if isinstance(output_ratio, numbers.Number) else \
            tuple(output_ratio)
        if len(ratio) > dims:
            raise ValueError(f"{name} requires output_ratio to either be a single Int or "
                             f"{words}.")
        ratio = ratio * dims if len(ratio) == 1 else ratio
        output_size = [int(input.size(d - dims) * r) for d, r in enumerate(ratio)]
    if samples is None:
        n = 1 if input.dim() == dims + 1 else input.size(0)
        samples = _creation.rand(n, input.size(-dims - 1), dims, dtype=input.dtype)
    _check_tensor(name, input, "input", 1)
    if len(kernel) != dims:
        raise RuntimeError(f"{name}: kernel_size must either be a single Int or {words}")
    out = (output_size,) * dims if isinstance(output_size, numbers.Integral) else \
        tuple(output_size)
    if len(out) != dims:
        raise RuntimeError(f"{name}: output_size must either be a single Int or {words}")
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{name}(): Expected {dims + 1}D or {dims + 2}D tensor, but got: "
                           f"{list(input.shape)}")
    for d in range(input.ndim - dims - 1, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but got{list(input.shape)} with dimension {d} "
                               "being empty.")
    if samples.dtype is not input.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.shape[-1] != dims:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {dims}; got "
                           f"{samples.shape[-1]}.")
    if min(kernel) <= 0:
        raise RuntimeError(f"{name}(): kernel size should be greater than zero, but got "
                           f"{'x'.join(map(str, kernel))}")
    if min(out) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: "
                           f"{list(input.shape[:-dims]) + list(out)}")
    # torch's bounds: o + k - 1 <= size in 2-d, < size in 3-d (checked time, width, height)
    axes = ("height", "width") if dims == 2 else ("time", "height", "width")
    for d in ((0, 1) if dims == 2 else (0, 2, 1)):
        axis, size, o, k = axes[d], input.shape[d - dims], out[d], kernel[d]
        if o + k - 1 > size or (dims == 3 and o + k - 1 == size):
            where = f"{name}()" if dims == 2 else f"{name}_out()"
            raise RuntimeError(f"{where}: pool {axis} {k} too large relative to input {axis} "
                               f"{size}")
    batched = input if input.ndim == dims + 2 else input.unsqueeze(0)
    # torch reads a 2-d plane's samples as (width, height), a 3-d one's as (time, height, width)
    planes = samples._array[:batched.shape[0]]
    planes = planes[..., ::-1] if dims == 2 else planes
    if min(out) == 0:
        indices = np.zeros(batched.shape[:2] + out, np.int64)
    else:
        indices = pool_ops.fractional_max_indices(batched._array, kernel, out, planes)
    op = pool_ops.FractionalMaxPool2d if dims == 2 else pool_ops.FractionalMaxPool3d
    result = op.apply(batched, indices)
    pair = (result, Tensor._make(indices, None))
    if batched is not input:
        pair = tuple(_unbatched(r) for r in pair)
    return pair if return_indices else pair[0]


def fractional_max_pool2d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False, _random_samples=None):
    """Max over pseudo-randomly placed kernel_size windows, output_size (or input size times
    output_ratio) of them per (H, W) plane."""
    _check_has(input, "dim")
    return _fractional("fractional_max_pool2d", 2, input, kernel_size, output_size,
                       output_ratio, return_indices, _random_samples)


def fractional_max_pool3d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False, _random_samples=None):
    """Max over pseudo-randomly placed kernel_size windows, output_size (or input size times
    output_ratio) of them per (D, H, W) volume."""
    _check_has(input, "dim")
    return _fractional("fractional_max_pool3d", 3, input, kernel_size, output_size,
                       output_ratio, return_indices, _random_samples)


def fractional_max_pool2d_with_indices(input: Tensor, kernel_size, output_size=None,
                                       output_ratio=None, return_indices: bool = False,
                                       _random_samples=None):
    return fractional_max_pool2d(input, kernel_size, output_size, output_ratio, True,
                                 _random_samples)


def fractional_max_pool3d_with_indices(input: Tensor, kernel_size, output_size=None,
                                       output_ratio=None, return_indices: bool = False,
                                       _random_samples=None):
    return fractional_max_pool3d(input, kernel_size, output_size, output_ratio, True,
                                 _random_samples)
