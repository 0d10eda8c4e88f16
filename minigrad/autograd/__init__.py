"""Reverse-mode automatic differentiation: backward, grad, Function, gradcheck."""
from __future__ import annotations

import numpy as np

from .._warn_once import warn_once
from .engine import run_backward
from .function import Function, once_differentiable
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck
from .tracer import trace
from . import profiler
from .anomaly_mode import (detect_anomaly, is_anomaly_check_nan_enabled, is_anomaly_enabled,
                           set_detect_anomaly)

__all__ = ["Function", "backward", "grad", "gradcheck", "gradgradcheck", "no_grad",
           "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "once_differentiable", "trace", "detect_anomaly", "set_detect_anomaly",
           "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "profiler"]


def _as_tuple(x):
    if x is None:
        return ()
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _root_gradients(outputs, grad_outputs, create_graph):
    """Check each output and pick its starting gradient (ones for scalars)."""
    from .._tensor import Tensor
    grads = list(grad_outputs) + [None] * (len(outputs) - len(grad_outputs))
    arrays = []
    for i, (out, g) in enumerate(zip(outputs, grads, strict=False)):
        if not out.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have "
                               "a grad_fn")
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not out.dtype.is_floating_point:
                raise RuntimeError("grad can be implicitly created only for real scalar outputs "
                                   f"but got {out.dtype}")
            arrays.append(np.ones(out._array.shape, out._array.dtype))
            continue
        g_array = g._array if isinstance(g, Tensor) else np.asarray(g)
        if g_array.shape != out._array.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                               f"{Tensor._make(g_array, None).shape} and output[{i}] has a "
                               f"shape of {out.shape}.")
        if create_graph and isinstance(g, Tensor):
            arrays.append(g)
        else:
            arrays.append(g_array.astype(out._array.dtype, copy=False))
    if create_graph:
        arrays = [a if isinstance(a, Tensor) else Tensor._make(a, None) for a in arrays]
    return arrays


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None) -> None:
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of graph leaves."""
    outputs = _as_tuple(tensors)
    given = grad_tensors if grad_tensors is not None else grad_variables
    roots = _root_gradients(outputs, _as_tuple(given), create_graph)
    if create_graph:                     # torch's advice, once per process
        warn_once("Using backward() with create_graph=True will create a reference cycle "
                  "between the parameter and its gradient which can cause a memory leak. We "
                  "recommend using autograd.grad when creating the graph to avoid this. If you "
                  "have to use this function, make sure to reset the .grad fields of your "
                  "parameters to None after use to break the cycle and avoid the leak.")
    if retain_graph is None:
        retain_graph = create_graph
    wanted = _as_tuple(inputs)
    if inputs is not None and not wanted:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    if not wanted:
        run_backward(outputs, roots, retain_graph, create_graph)
        return
    captured = run_backward(outputs, roots, retain_graph, create_graph, inputs=wanted,
                            accumulate=False)
    from .._tensor import Tensor
    from .engine import _accumulate
    for t, g in zip(wanted, captured, strict=False):
        if g is None:
            continue
        if t.grad_fn is None:
            _accumulate(t, g, create_graph, set())
        else:                        # a non-leaf named in ``inputs`` gets its .grad too
            g = g if isinstance(g, Tensor) else Tensor._make(g.copy(), None)
            t._grad = g if t._grad is None else t._grad + g


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Return the gradients of ``outputs`` w.r.t. ``inputs`` without touching ``.grad``."""
    from .._tensor import Tensor
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = _root_gradients(outputs, _as_tuple(grad_outputs), create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    captured = run_backward(outputs, roots, retain_graph, create_graph, inputs=inputs,
                            accumulate=False)
    result = []
    for i, (t, g) in enumerate(zip(inputs, captured, strict=False)):
        if g is None:
            if materialize_grads:
                result.append(Tensor._make(np.zeros_like(t._array), None))
                continue
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is the "
                                   "desired behavior.")
            result.append(None)
        else:
            result.append(g if isinstance(g, Tensor) else Tensor._make(g, None))
    return tuple(result)


# torch.autograd's other names and paths (issue 12, import paths)
from . import forward_ad  # noqa: E402
from .variable import Variable  # noqa: E402

__all__ += ["Variable", "forward_ad", "functional"]


def __getattr__(name: str):
    """``autograd.functional`` builds tensors, so it is imported on first use (it cannot be
    imported while minigrad's Tensor class is still being defined)."""
    if name == "functional":
        import importlib
        return importlib.import_module(f"{__name__}.functional")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
