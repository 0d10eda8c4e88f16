"""Loss functions of ``nn.functional``."""
from __future__ import annotations

import warnings

import numpy as np

from ..._creation import where
from ..._tensor import Tensor
from ...ops import loss as loss_ops
from ._activation import _renamed

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
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input "
                      f"size ({input.shape}). This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", stacklevel=3)


def _as_float(target: Tensor, like: Tensor) -> Tensor:
    return target if target.dtype is like.dtype else target.to(like.dtype)


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of class indices ``target`` under log-probabilities ``input``."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.dtype.is_floating_point or target.dtype.name not in ("int64", "uint8"):
        word = {"float32": "Float", "float64": "Double", "int32": "Int", "int16": "Short",
                "int8": "Char", "bool": "Bool"}.get(target.dtype.name, target.dtype.name)
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {word}")
    if input.ndim == 1:
        if target.ndim != 0:
            raise ValueError(f"Expected input batch_size (1) to match target batch_size "
                             f"({target.shape[0]}).")
        input, target = input.unsqueeze(0), target.unsqueeze(0)
    if input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target "
                         f"batch_size ({target.shape[0]}).")
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
    reduction = _reduction(reduction, size_average, reduce)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    class_dim = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_dim]
    logp = input.log_softmax(class_dim)
    wshape = [1] * input.ndim
    wshape[class_dim] = n_classes
    if target.dtype.is_floating_point and target.shape == input.shape:
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
    if weight is not None:
        diff = input - target
        return _renamed(_reduce(diff * diff * weight, reduction), "MseLossBackward0")
    if input.shape != target.shape:
        shape = np.broadcast_shapes(input.shape, target.shape)
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
    d = (input - target).abs()
    loss = where(d < beta, d * d * (0.5 / beta), d - 0.5 * beta)
    return _renamed(_reduce(loss, reduction), "SmoothL1LossBackward0")


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """``delta * smooth_l1(beta=delta)``: quadratic 0.5 d^2 below ``delta``."""
    reduction = _reduction(reduction)
    _check_same_size(input, target)
    d = (input - target).abs()
    loss = where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if weight is not None:
        loss = loss * weight
    return _renamed(_reduce(loss, reduction), "HuberLossBackward0")


def _bce_shapes(input: Tensor, target: Tensor) -> None:
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of probabilities ``input``; logs are clamped at -100."""
    reduction = _reduction(reduction, size_average, reduce)
    _bce_shapes(input, target)
    x = input._array
    if x.size and (np.nanmin(x) < 0 or np.nanmax(x) > 1):
        raise RuntimeError("all elements of input should be between 0 and 1")
    w = None if weight is None else np.broadcast_to(weight._array, x.shape).astype(x.dtype)
    return loss_ops.BinaryCrossEntropy.apply(input, _as_float(target, input), w, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None, size_average=None,
                                     reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits."""
    reduction = _reduction(reduction, size_average, reduce)
    _bce_shapes(input, target)
    dt = input._array.dtype
    w = None if weight is None else np.broadcast_to(weight._array, input.shape).astype(dt)
    pw = None if pos_weight is None else pos_weight._array.astype(dt)
    return loss_ops.BinaryCrossEntropyWithLogits.apply(input, _as_float(target, input), w, pw,
                                                       reduction)


def kl_div(input: Tensor, target: Tensor, size_average=None, reduce=None,
           reduction: str = "mean", log_target: bool = False) -> Tensor:
    """KL divergence with log-probabilities ``input``; 'batchmean' divides by the batch."""
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
