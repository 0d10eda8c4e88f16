"""Loss functions of ``nn.functional``."""
from __future__ import annotations

import warnings

import numpy as np

from ..._creation import where
from ..._device import Size
from ..._dtype import result_type
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
    return loss_ops.NllLoss.apply(input, labels, w, ignore_index, reduction)


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
    if np.dtype(result_type(input._array, target._array)).kind != "f":
        raise NotImplementedError(_not_for("mse_cpu", input))
    if weight is not None:
        diff = input - target
        return _renamed(_reduce(diff * diff * weight, reduction), "MseLossBackward0")
    if input.shape != target.shape:
        input, target = input.expand(shape), target.expand(shape)
    return loss_ops.MseLoss.apply(input, _as_float(target, input), reduction)


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
    if not input.dtype.is_floating_point and not target.dtype.is_floating_point:
        raise NotImplementedError(_not_for("smooth_l1_cpu", input))
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
    if not input.dtype.is_floating_point and not target.dtype.is_floating_point:
        raise NotImplementedError(_not_for("huber_cpu", input))
    d = (input - target).abs()
    loss = where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
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
    if input.dtype.is_floating_point and not target.dtype.is_floating_point:
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
    return loss_ops.BinaryCrossEntropyWithLogits.apply(input, _as_float(target, input), w, pw,
                                                       reduction)


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
    if log_target:
        loss = target.exp() * (target - input)
    else:
        positive = Tensor._make(target._array > 0, None)
        safe_log = where(positive, target, 1.0).log()
        loss = where(positive, target * (safe_log - input), 0.0)
    return _reduce(loss, reduction)
