"""Loss functions of ``nn.functional``."""
from __future__ import annotations

import math
import warnings

import numpy as np

from ..._creation import where
from ...autograd.grad_mode import no_grad

from ..._device import Size
from ..._dtype import checked_scalar, from_numpy_dtype, get_default_dtype, result_type
from ..._tensor import Tensor
from ..._tensor_convert import _type_word
from ..._tensor_math import _broadcast_message, _not_for
from ...ops import loss as loss_ops
from ._activation import _check_has, _check_tensor, _renamed

_REDUCTIONS = ("none", "mean", "sum")


def _reduction(reduction: str, size_average=None, reduce=None) -> str:
    """Resolve the legacy size_average/reduce flags and validate ``reduction``."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = ("mean" if size_average else "sum") if reduce else "none"
        warnings.warn("size_average and reduce args will be deprecated, please use "
                      f"reduction='{reduction}' instead.", UserWarning, stacklevel=3)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _check_same_size(input: Tensor, target: Tensor) -> None:
    _check_has(target, "size")
    _check_has(input, "size")
    if target.size() != input.size():
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input "
                      f"size ({input.shape}). This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", stacklevel=3)


def _as_float(target: Tensor, like: Tensor) -> Tensor:
    return target if target.dtype is like.dtype else target.to(like.dtype)


def _promoted(input: Tensor, target: Tensor, kernel: str):
    """``input`` and ``target`` in their common dtype, as torch's fused kernels (mse,
    smooth L1) compute: an int input with a float target gives a float loss, two integer
    (or bool) tensors have no kernel."""
    common = from_numpy_dtype(result_type(input._array, target._array))
    if not common.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(common.np)}\'')
    return tuple(t if t.dtype is common else t.to(common) for t in (input, target))


def _broadcast_shape(a: Tensor, b: Tensor) -> tuple:
    """The common shape of ``a`` and ``b``, or torch's words for why there is none."""
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(_broadcast_message(a, b)) from None


def _check_nll_shapes(input: Tensor, target: Tensor, weight: Tensor | None) -> str:
    """torch's shape checks of nll_loss; returns the name of the kernel that will run."""
    xs, ts = input._array.shape, target._array.shape
    if len(xs) < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {len(xs)})")
    batch = ts[0] if ts else 0
    if len(xs) != 1 and xs[0] != batch:
        raise ValueError(f"Expected input batch_size ({xs[0]}) to match target "
                         f"batch_size ({batch}).")
    if len(xs) <= 2:
        if len(ts) > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if len(xs) == 1 and len(ts) == 1 and ts[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: "
                             f"{ts[0]}")
        kernel = "nll_loss_out_frame"
    elif len(xs) == 4:
        if len(ts) != 3:
            raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                               f"targets of dimension: {len(ts)}")
        if ts[1:] != xs[2:]:
            raise RuntimeError(f"size mismatch (got input: {list(xs)} , target: {list(ts)}")
        kernel = "nll_loss2d_forward_out_frame"
    else:
        if ts[1:] != xs[2:]:
            raise RuntimeError(f"Expected target size {[xs[0], *xs[2:]]}, got {list(ts)}")
        kernel = "nll_loss2d_forward_out_frame"
    classes = xs[0 if len(xs) == 1 else 1]
    if weight is not None and (weight.ndim != 1 or weight.numel() != classes):
        raise RuntimeError(f"weight tensor should be defined either for all {classes} classes "
                           f"or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    return kernel


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of class indices ``target`` under log-probabilities ``input``."""
    _check_tensor("nll_loss_nd", input, "input", 1)
    _check_tensor("nll_loss_nd", target, "target", 2)
    reduction = _reduction(reduction, size_average, reduce)
    kernel = _check_nll_shapes(input, target, weight)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(_not_for(kernel, input))
    if target.dtype.is_floating_point or target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{_type_word(target.dtype.np)}")
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(input.dtype.np)} but found "
                           f"{_type_word(weight.dtype.np)}")
    if input.ndim == 1:
        input, target = input.unsqueeze(0), target.reshape(1)
    labels = target._array.astype(np.int64)
    valid = labels[labels != ignore_index]
    if valid.size and (valid.min() < 0 or valid.max() >= input.shape[1]):
        bad = valid[(valid < 0) | (valid >= input.shape[1])][0]
        raise IndexError(f"Target {bad} is out of bounds.")
    w = None if weight is None else weight._array.astype(input._array.dtype, copy=False)
    out = loss_ops.NllLoss.apply(input, labels, w, ignore_index, reduction)
    if input.ndim > 2:     # torch runs its 2-d kernel on (N, C, 1, -1), viewed back for 'none'
        name = "ViewBackward0" if reduction == "none" and input.ndim != 4 else \
            "NllLoss2DBackward0"
        _renamed(out, name)
    return out


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average=None, ignore_index: int = -100, reduce=None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy between logits ``input`` (N, C, *) and class indices or probabilities."""
    _check_tensor("cross_entropy_loss", input, "input", 1)
    _check_tensor("cross_entropy_loss", target, "target", 2)
    reduction = _reduction(reduction, size_average, reduce)
    probabilities = target._array.shape == input._array.shape   # equal shapes: soft targets
    if probabilities and not target.dtype.is_floating_point:
        raise RuntimeError("Expected floating point type for target with class probabilities, "
                           f"got {_type_word(target.dtype.np)}")
    if probabilities and ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    if not 0.0 <= label_smoothing <= 1.0 and (probabilities or label_smoothing > 0):
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    if not probabilities:
        _check_nll_shapes(input, target, weight)
    class_dim = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_dim]
    logp = input.log_softmax(class_dim)
    wshape = [1] * input.ndim
    wshape[class_dim] = n_classes
    if probabilities:
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        terms = logp * target
        if weight is not None:
            terms = terms * weight.reshape(wshape)
        loss = -terms.sum(class_dim)
        if reduction == "mean":
            return loss.sum() / (input.numel() // n_classes) if input.ndim > 1 else loss
        return loss.sum() if reduction == "sum" else loss
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0:
        return nll
    # the smoothing term spreads label_smoothing of the target mass uniformly over classes
    ignored = Tensor._make(target._array == ignore_index, None)
    terms = logp if weight is None else logp * weight.reshape(wshape)
    smooth = (-terms.sum(class_dim)).masked_fill(ignored, 0.0)
    if reduction == "mean":
        labels = target._array[target._array != ignore_index]
        total = labels.size if weight is None else weight._array[labels].sum()
        smooth = smooth.sum() / total
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
             reduction: str = "mean", weight: Tensor | None = None) -> Tensor:
    """Mean squared error."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_same_size(input, target)
    shape = _broadcast_shape(input, target)
    input, target = _promoted(input, target, "mse_cpu")
    if weight is not None:
        diff = input - target
        return _renamed(_reduce(diff * diff * weight, reduction), "MseLossBackward0")
    if input.shape != target.shape:
        input, target = input.expand(shape), target.expand(shape)
    return loss_ops.MseLoss.apply(input, target, reduction)


def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
            reduction: str = "mean", weight: Tensor | None = None) -> Tensor:
    """Mean absolute error."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_same_size(input, target)
    loss = (input - target).abs()
    return _reduce(loss if weight is None else loss * weight, reduction)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                   reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """Quadratic (0.5 d^2 / beta) below ``beta``, linear (|d| - beta / 2) above."""
    reduction = _reduction(reduction, size_average, reduce)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:                                  # torch falls back to the L1 loss
        return l1_loss(input, target, reduction=reduction)
    _check_same_size(input, target)
    _broadcast_shape(input, target)
    input, target = _promoted(input, target, "smooth_l1_cpu")
    d = (input - target).abs()
    loss = where(d < beta, d * d * (0.5 / beta), d - 0.5 * beta)
    return _renamed(_reduce(loss, reduction), "SmoothL1LossBackward0")


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """``delta * smooth_l1(beta=delta)``: quadratic 0.5 d^2 below ``delta``."""
    reduction = _reduction(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _check_same_size(input, target)
    _broadcast_shape(input, target)
    # torch writes the loss into a tensor like the input: computed in the common dtype,
    # stored in the input's (which must be able to hold it)
    common = result_type(input._array, target._array)
    if common.kind in "biu":
        if input.dtype.name == "bool" and common.kind != "b":
            raise RuntimeError(f"result type {_type_word(common)} can't be cast to the desired "
                               "output type Bool")
        raise NotImplementedError(_not_for("huber_cpu", input))
    if not np.can_cast(common, input._array.dtype, "same_kind"):
        raise RuntimeError(f"result type {_type_word(common)} can't be cast to the desired "
                           f"output type {_type_word(input._array.dtype)}")
    like_input = input.dtype
    input, target = _promoted(input, target, "huber_cpu")
    d = (input - target).abs()
    loss = where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)).to(like_input)
    if weight is not None:
        loss = loss * weight
    return _renamed(_reduce(loss, reduction), "HuberLossBackward0")


def _bce_shapes(input: Tensor, target: Tensor) -> None:
    _check_has(target, "size")
    _check_has(input, "size")
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")


def _check_bce_weight(weight: Tensor, target: Tensor) -> None:
    """torch's words for a weight that does not broadcast to the target's shape."""
    w, t = tuple(weight.shape), tuple(target.shape)
    for i in range(1, len(w) + 1):
        if i > len(t):
            raise RuntimeError(f"output with shape {list(t)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(w, t))}")
        if w[-i] not in (1, t[-i]):
            raise RuntimeError(f"Attempting to broadcast a dimension of length {w[-i]} at {-i}! "
                               f"Mismatching argument at index 1 had {Size(w)}; but expected "
                               f"shape should be broadcastable to {list(t)}")


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of probabilities ``input``; logs are clamped at -100."""
    reduction = _reduction(reduction, size_average, reduce)
    _bce_shapes(input, target)
    if weight is not None:
        _check_bce_weight(weight, target)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(_not_for("binary_cross_entropy", input))
    if target.dtype is not input.dtype:
        raise RuntimeError(f"Found dtype {_type_word(target.dtype.np)} but expected "
                           f"{_type_word(input.dtype.np)}")
    x = input._array
    # NaN fails both comparisons, so it is out of range too (as in torch)
    if not ((x >= 0) & (x <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1")
    t = target._array
    if not ((t >= 0) & (t <= 1)).all():
        raise RuntimeError("all elements of target should be between 0 and 1")
    w = None if weight is None else np.broadcast_to(weight._array, x.shape).astype(x.dtype)
    return loss_ops.BinaryCrossEntropy.apply(input, target, w, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None, size_average=None,
                                     reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_has(target, "size")
    _check_has(input, "size")
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.size()}) must be the same as input size "
                         f"({input.size()})")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(_not_for("log_sigmoid_cpu", input))
    if target.dtype.name == "bool":              # torch computes 1 - target first
        raise NotImplementedError("Subtraction, the `-` operator, with two bool tensors is not "
                                  "supported. Use the `^` or `logical_xor()` operator instead.")
    if not target.dtype.is_floating_point:
        raise RuntimeError(f"result type {_type_word(input.dtype.np)} can't be cast to the "
                           f"desired output type {_type_word(target.dtype.np)}")
    if pos_weight is not None:
        _broadcast_shape(pos_weight, target)
    if weight is not None:
        shape = _broadcast_shape(input, weight)
        if shape != tuple(input.shape):
            raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the "
                               f"broadcast shape {list(shape)}")
    dt = input._array.dtype
    w = None if weight is None else np.broadcast_to(weight._array, input.shape).astype(dt)
    pw = None if pos_weight is None else pos_weight._array.astype(dt)
    return loss_ops.BinaryCrossEntropyWithLogits.apply(input, target, w, pw, reduction)


def kl_div(input: Tensor, target: Tensor, size_average=None, reduce=None,
           reduction: str = "mean", log_target: bool = False) -> Tensor:
    """KL divergence with log-probabilities ``input``; 'batchmean' divides by the batch."""
    _check_tensor("kl_div", input, "input", 1)
    _check_tensor("kl_div", target, "target", 2)
    if reduction == "batchmean":
        loss = kl_div(input, target, reduction="sum", log_target=log_target)
        return loss / input.shape[0] if input.ndim else loss
    reduction = _reduction(reduction, size_average, reduce)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.'mean' will be changed to behave the same as "
                      "'batchmean' in the next major release.", UserWarning, stacklevel=2)
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        loss = target.exp() * (target - input)
    else:                  # t log t - t x, with 0 log 0 = 0 (a negative t gives NaN)
        loss = target.xlogy(target) - target * input
    return _reduce(loss, reduction)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,
                     size_average=None, eps: float = 1e-8, reduce=None,
                     reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of ``target`` counts under Poisson(rate): with ``log_input``
    ``exp(input) - target input``, else ``input - target log(input + eps)``; ``full`` adds
    Stirling's approximation of log(target!) where target > 1."""
    reduction = _reduction(reduction, size_average, reduce)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:          # the term only counts where target > 1 (clamped: no log(0) warnings)
        t = target.clamp_min(1)
        stirling = t * t.log() - t + 0.5 * (2 * math.pi * t).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input: Tensor, target: Tensor, var, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """``0.5 (log var + (input - target)^2 / var)`` (+ 0.5 log 2 pi with ``full``); ``var``
    may have one dim fewer than input, or be 1 in one dim (shared variance)."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * input.new_ones(tuple(input.shape))
    elif (var._array < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (input.ndim == var.ndim and sum(
                b for a, b in zip(input.shape, var.shape, strict=True) if a != b) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():              # clamped for stability, but the gradient passes unchanged
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """``max(0, -target (input1 - input2) + margin)``: target 1 wants input1 ranked higher."""
    reduction = _reduction(reduction, size_average, reduce)
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {_size(input1)}, input2: {_size(input2)}, "
                           f"target: {_size(target)} ")
    margin = float(margin)                       # a C++ double: int inputs give a float loss
    difference = input1 - input2                 # torch subtracts before it negates target
    return _reduce((-target * difference + margin).clamp_min(0), reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, size_average=None,
                         reduce=None, reduction: str = "mean") -> Tensor:
    """``input`` where target is 1, ``max(0, margin - input)`` where target is -1."""
    reduction = _reduction(reduction, size_average, reduce)
    zeros = input.detach() * 0
    # torch makes the margin a tensor of the input's dtype (an int input truncates it)
    dtype = input._array.dtype
    margin = Tensor._make(np.asarray(checked_scalar(margin, dtype), dtype), None)
    margin_clamp = (margin - input).clamp_min(0)
    output_margin = where(target != 1, margin_clamp, zeros)
    output_self = where(target != -1, input, zeros)
    return _reduce(output_margin + output_self, reduction)


def soft_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                     reduction: str = "mean") -> Tensor:
    """Two-class logistic loss ``log(1 + exp(-target input))`` for targets +-1."""
    reduction = _reduction(reduction, size_average, reduce)
    if input.dtype.name == "bool":
        input.neg()                              # raises: torch negates the input first
    if not input.dtype.is_floating_point:        # the loss is written into a tensor like it
        common = from_numpy_dtype(result_type(input._array, target._array))
        floating = common if common.is_floating_point else get_default_dtype()
        raise RuntimeError(f"result type {_type_word(floating.np)} can't be cast to the "
                           f"desired output type {_type_word(input.dtype.np)}")
    if target.shape != input.shape:
        try:
            shape = list(np.broadcast_shapes(tuple(input.shape), tuple(target.shape)))
        except ValueError:
            raise RuntimeError(_broadcast_message(input, target)) from None
        if shape != list(input.shape):
            raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the "
                               f"broadcast shape {shape}")
        target = target.expand(tuple(input.shape))
    return loss_ops.SoftMarginLoss.apply(input, _as_float(target, input)._array, reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                size_average=None, reduce=None,
                                reduction: str = "mean") -> Tensor:
    """Per-class binary logistic losses averaged over the classes (the last dim)."""
    from ._activation import logsigmoid
    if size_average is not None or reduce is not None:
        reduction = _reduction(reduction, size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                          size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` where target is 1, ``max(0, cos(x1, x2) - margin)`` where -1."""
    reduction = _reduction(reduction, size_average, reduce)
    dim = target.ndim
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    want = 2 if dim == 1 else 1
    if input1.ndim != want or input2.ndim != want:
        raise RuntimeError(f"{dim}D target tensor expects {want}D input tensors, but found "
                           f"inputs with sizes {list(input1.shape)} and {list(input2.shape)}.")
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = (input1 * input1).sum(dim) + 1e-12
    mag_square2 = (input2 * input2).sum(dim) + 1e-12
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = cos.detach() * 0
    output_pos = where(target == 1, 1 - cos, zeros)
    output_neg = where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _reduce(output_pos + output_neg, reduction)


def _check_class_targets(input: Tensor) -> None:
    if input.ndim > 2 or (input.ndim >= 1 and input.shape[-1] == 0):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch "
                           f"size, but got: {list(input.shape)}")


def _check_margin_kernel(input: Tensor, kernel: str) -> None:
    """The margin losses have float32 and float64 kernels only (an empty input runs none)."""
    if input.dtype.name not in ("float32", "float64") and input.numel():
        raise NotImplementedError(_not_for(kernel, input))


def _empty_loss(input: Tensor, reduction: str) -> Tensor:
    """The loss of no samples, in the input's dtype (torch leaves its value unset)."""
    shape = (0,) if reduction == "none" else ()
    return Tensor._make(np.zeros(shape, input._array.dtype), None)


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,
                      weight: Tensor | None = None, size_average=None, reduce=None,
                      reduction: str = "mean") -> Tensor:
    """Multi-class hinge loss of class indices ``target`` against scores ``input`` (N, C)."""
    reduction = _reduction(reduction, size_average, reduce)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.ndim != 1:
        raise ValueError("weight must be one-dimensional")
    _check_class_targets(input)
    frames = input.shape[0] if input.ndim == 2 else 1
    classes = input.shape[-1] if input.ndim else 1
    if target.ndim > 1 or target.numel() != frames:
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal to "
                           "the number of input samples (batch size). Expected target size "
                           f"[{frames}], but got {list(target.shape)}. Input has shape "
                           f"{list(input.shape)}.")
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got "
                           f"{list(weight.shape)}")
    _check_margin_kernel(input, "multi_margin_loss_cpu_kernel")
    if input.numel() == 0:                   # torch's kernel returns before any dtype check
        return _empty_loss(input, reduction)
    if target.dtype.name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {_type_name(target)}")
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_type_name(input)} but found "
                           f"{_type_name(weight)}")
    labels = target._array.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise RuntimeError("target out of range")
    w = None if weight is None else weight._array
    return loss_ops.MultiMarginLoss.apply(input, labels, p, margin, w, reduction)


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                           reduction: str = "mean") -> Tensor:
    """Multi-label hinge loss; each row of ``target`` lists the true classes up to a -1."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_class_targets(input)
    classes = input.shape[-1] if input.ndim else 1
    if input.ndim <= 1:
        ok = target.ndim <= 1 and target.numel() == classes
    else:
        ok = target.ndim == 2 and tuple(target.shape) == tuple(input.shape)
    if not ok:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(input.shape)}")
    values = target._array                   # torch checks the range before the dtypes
    if values.size and (values.min() < -1 or values.max() >= classes):
        raise RuntimeError("argument #2 'target' is out of range")
    _check_margin_kernel(input, "multilabel_margin_loss_forward_out_frame")
    if input.numel() == 0:                   # torch's kernel returns before any dtype check
        return _empty_loss(input, reduction)
    if target.dtype.name != "int64":
        raise RuntimeError(f"expected scalar type Long but found {_type_name(target)}")
    labels = values.astype(np.int64)
    return loss_ops.MultilabelMarginLoss.apply(input, labels, reduction)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor,
                        margin: float = 1.0, p: float = 2, eps: float = 1e-6,
                        swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean") -> Tensor:
    """``max(0, margin + d(a, p) - d(a, n))`` with the p-norm pairwise distance ``d``."""
    from ._distance import pairwise_distance
    reduction = _reduction(reduction, size_average, reduce)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _same_dims(anchor, positive, negative)
    return _triplet(anchor, positive, negative,
                    lambda a, b: pairwise_distance(a, b, p, eps), margin, swap, reduction)


def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function=None, margin: float = 1.0,
                                      swap: bool = False, reduction: str = "mean") -> Tensor:
    """The triplet loss with any ``distance_function`` (default: pairwise_distance)."""
    from ._distance import pairwise_distance
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _same_dims(anchor, positive, negative)
    return _triplet(anchor, positive, negative, distance_function or pairwise_distance,
                    margin, swap, reduction)


def _same_dims(anchor: Tensor, positive: Tensor, negative: Tensor) -> None:
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {anchor.ndim}D, "
                           f"positive {positive.ndim}D, and negative {negative.ndim}D inputs")


def _triplet(anchor, positive, negative, distance, margin, swap, reduction) -> Tensor:
    dist_pos = distance(anchor, positive)
    dist_neg = distance(anchor, negative)
    if swap:    # use the positive as the anchor when it is nearer the negative
        dist_neg = dist_neg.minimum(distance(positive, negative))
    return _reduce((margin + dist_pos - dist_neg).clamp_min(0), reduction)


def _size(t: Tensor) -> str:
    return "torch.Size([" + ", ".join(str(n) for n in t.shape) + "])"


def _type_name(t: Tensor) -> str:
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}.get(
                t.dtype.name, t.dtype.name)


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths, target_lengths,
             blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """Connectionist temporal classification loss of (T, N, C) log-probabilities (or (T, C)
    unbatched) against padded (N, S) or concatenated 1-d ``targets``.

    'mean' divides each sample's loss by its target length, then averages the batch.
    """
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    unbatched = log_probs.ndim == 2
    if unbatched:
        log_probs = log_probs.unsqueeze(1)
        targets = targets.unsqueeze(0) if targets.ndim == 1 else targets
    as_array = (lambda v: np.asarray(v._array if isinstance(v, Tensor) else v,  # noqa: E731
                                     np.int64).reshape(-1))
    inputs_len, targets_len = as_array(input_lengths), as_array(target_lengths)
    t_max, n, c = log_probs.shape
    if not 0 <= blank < c:
        raise RuntimeError("blank must be in label range")
    if len(inputs_len) != n:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(targets_len) != n:
        raise RuntimeError("target_lengths must be of size batch_size")
    if inputs_len.size and inputs_len.max() > t_max:
        raise RuntimeError(f"Expected input_lengths to have value at most {t_max}, but got "
                           f"value {inputs_len.max()} (while checking arguments for "
                           "ctc_loss_allocate_outputs)")
    labels = targets._array.astype(np.int64)
    if labels.ndim == 1 and not unbatched:     # concatenated targets: cut them into rows
        starts = np.concatenate([[0], np.cumsum(targets_len)[:-1]])
        rows = [labels[a:a + k] for a, k in zip(starts, targets_len, strict=True)]
    else:
        if targets_len.size and targets_len.max() > labels.shape[1]:
            raise RuntimeError(f"Expected tensor to have size at least {targets_len.max()} at "
                               f"dimension 1, but got size {labels.shape[1]} for argument #2 "
                               "'targets' (while checking arguments for "
                               "ctc_loss_allocate_outputs)")
        rows = list(labels)
    losses = loss_ops.CtcLoss.apply(log_probs, rows, inputs_len, targets_len, blank,
                                    zero_infinity)
    if zero_infinity:         # torch zeroes infinite losses with a where: name the node so
        _renamed(losses, "WhereBackward0")
    if unbatched:
        losses = losses.squeeze(0)
    if reduction == "mean":
        lengths = Tensor._make(np.maximum(targets_len, 1).astype(log_probs._array.dtype), None)
        return (losses / (lengths if not unbatched else lengths[0])).mean()
    return losses.sum() if reduction == "sum" else losses


def linear_cross_entropy(input: Tensor, linear_weight: Tensor, target: Tensor, *,
                         linear_bias: Tensor | None = None, weight: Tensor | None = None,
                         reduction: str = "mean", ignore_index: int | None = None,
                         label_smoothing: float = 0.0, options=None) -> Tensor:
    """``cross_entropy(linear(input, linear_weight, linear_bias), target, ...)``.

    ``linear_weight`` (C, *out_features, in_features) gives logits (N, C, *out_features).
    torch's chunked path (``options``) saves memory only; minigrad always takes the
    reference path, whose values it shares.
    """
    from ._layers import linear
    if input.ndim < 1 or input.ndim > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.ndim}")
    if linear_weight.ndim < 2:
        raise RuntimeError("expected linear_weight with dimensionality at least 2, got "
                           f"{linear_weight.ndim}")
    batches, in_features = tuple(input.shape[:-1]), input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError("expected equal input and linear_weight last dimensions "
                           f"(in_features), got {input.shape[-1]} and "
                           f"{linear_weight.shape[-1]}, respectively")
    classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (classes, *out_features):
        raise RuntimeError(f"expected linear_bias shape {(classes, *out_features)}, got "
                           f"{tuple(linear_bias.shape)}")
    if out_features and not batches:
        raise RuntimeError(f"K-dimensional loss defined by linear_weight shape "
                           f"{tuple(linear_weight.shape)} requires batched input, (N, "
                           f"{in_features}), got unbatched input with shape "
                           f"{tuple(input.shape)}")
    logits_shape = (*batches, classes, *out_features)
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains "
                           "probabilities")
    ignore_index = -100 if ignore_index is None else ignore_index
    rows = int(np.prod((classes,) + out_features))
    logits = linear(input, linear_weight.reshape(rows, in_features),
                    None if linear_bias is None else linear_bias.reshape(rows))
    return cross_entropy(logits.reshape(logits_shape), target, weight=weight,
                         reduction=reduction, ignore_index=ignore_index,
                         label_smoothing=label_smoothing)
