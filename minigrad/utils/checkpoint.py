"""Activation checkpointing: drop a block's intermediate results, recompute them in backward.

With ``use_reentrant=True`` (torch's default when the argument is left out, with
its warning) the block runs under ``no_grad`` and is recorded as one node,
``CheckpointFunctionBackward``; its backward replays the block with gradients on
(restoring the random state, so dropout masks repeat) and backpropagates through
the replay.  With ``use_reentrant=False`` minigrad simply runs the block and keeps
its graph: the gradients are the same and the nodes are the block's own, as in
torch, but no memory is saved.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable

from .. import autograd
from .. import random as _random
from .._tensor import Tensor
from ..autograd import grad_mode

_REENTRANT_WARNING = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
    "Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
    "exception. use_reentrant=False is recommended, but if you need to preserve the current "
    "default behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants.")


class CheckpointFunction(autograd.Function):
    """Run ``run_function`` without a graph; rebuild it in backward."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        if preserve_rng_state:
            ctx.rng_state = _random.get_rng_state()
        tensors = [a for a in args if isinstance(a, Tensor)]
        ctx.save_for_backward(*tensors)
        ctx.args = [None if isinstance(a, Tensor) else a for a in args]
        with grad_mode.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grad_outputs):
        saved, inputs = iter(ctx.saved_tensors), []
        for arg in ctx.args:              # fresh leaves standing for the tensor arguments
            if arg is None:
                tensor = next(saved)
                arg = tensor.detach().requires_grad_(tensor.requires_grad)
            inputs.append(arg)
        if ctx.preserve_rng_state:
            current = _random.get_rng_state()
            _random.set_rng_state(ctx.rng_state)
        try:
            with grad_mode.enable_grad():
                outputs = ctx.run_function(*inputs)
        finally:
            if ctx.preserve_rng_state:
                _random.set_rng_state(current)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs, strict=False)
                 if isinstance(o, Tensor) and o.requires_grad and g is not None]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is "
                               "not necessary")
        autograd.backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(x.grad if isinstance(x, Tensor) and x.requires_grad else None
                      for x in inputs)
        return (None, None) + grads


def checkpoint(function: Callable, *args, use_reentrant: bool | None = None,
               preserve_rng_state: bool = True, **kwargs) -> Any:
    """``function(*args, **kwargs)`` with its activations recomputed during backward."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    if not use_reentrant:
        return function(*args, **kwargs)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if grad_mode.is_grad_enabled() and not any(isinstance(a, Tensor) and a.requires_grad
                                               for a in args):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                      UserWarning, stacklevel=2)
    return CheckpointFunction.apply(function, preserve_rng_state, *args)


def checkpoint_sequential(functions, segments: int, input, use_reentrant: bool | None = None,
                          **kwargs):
    """Run ``functions`` (a list or Sequential) in ``segments`` checkpointed chunks; the last
    chunk runs normally."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))

    def run_function(start, end, functions):
        def forward(input):
            for j in range(start, end + 1):
                input = functions[j](input)
            return input
        return forward

    from ..nn import Sequential
    if isinstance(functions, Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end, functions), input,
                           use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1, functions)(input)


__all__ = ["checkpoint", "checkpoint_sequential"]
