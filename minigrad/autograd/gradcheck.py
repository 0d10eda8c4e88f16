"""Compare analytical gradients with central finite differences (float64)."""
from __future__ import annotations

import numpy as np


class GradcheckError(RuntimeError):
    pass


def _differentiable_inputs(inputs):
    from .._tensor import Tensor
    return [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]


def _flat_outputs(func, inputs):
    from .._tensor import Tensor
    out = func(*inputs)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in outs if isinstance(o, Tensor) and o.dtype.is_floating_point]


def _numerical_jacobian(func, inputs, wrt, out_index, eps):
    """d output[out_index] / d wrt, one column per input element, by central differences."""
    base = wrt._array
    flat = base.flat             # writes through also where base is not contiguous
    columns = []
    for k in range(base.size):
        original = flat[k]
        flat[k] = original + eps
        plus = _flat_outputs(func, inputs)[out_index]._array.astype(np.float64).reshape(-1)
        flat[k] = original - eps
        minus = _flat_outputs(func, inputs)[out_index]._array.astype(np.float64).reshape(-1)
        flat[k] = original
        columns.append((plus - minus) / (2 * eps))
    if not columns:
        return np.zeros((_flat_outputs(func, inputs)[out_index]._array.size, 0))
    return np.stack(columns, axis=1)


def _analytical_jacobian(func, inputs, wrt_list, out_index):
    from . import grad
    from .._tensor import Tensor
    out = _flat_outputs(func, inputs)[out_index]
    rows = {id(w): [] for w in wrt_list}
    for k in range(out.numel()):
        if not out.requires_grad:        # an output that does not depend on the inputs
            for w in wrt_list:
                rows[id(w)].append(np.zeros(w._array.size))
            continue
        seed = np.zeros(out._array.size, out._array.dtype)
        seed[k] = 1
        grads = grad(out, wrt_list, Tensor._make(seed.reshape(out._array.shape), None),
                     retain_graph=True, allow_unused=True)
        for w, g in zip(wrt_list, grads, strict=False):
            value = np.zeros(w._array.size) if g is None else g._array.reshape(-1)
            rows[id(w)].append(value.astype(np.float64))
    return {id(w): np.stack(rows[id(w)]) if rows[id(w)] else np.zeros((0, w._array.size))
            for w in wrt_list}


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              **unused) -> bool:
    """True if autograd's Jacobian of ``func`` matches finite differences at ``inputs``."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    wrt = _differentiable_inputs(inputs)
    if not wrt:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, "
                         "but none of them have requires_grad=True.")
    for t in wrt:
        if t.dtype.name != "float64":
            import warnings
            warnings.warn(f"Input #{inputs.index(t)} requires gradient and is not a double "
                          "precision floating point. This check will likely fail if all the "
                          "inputs are not of double precision floating point. ", UserWarning,
                          stacklevel=2)
    for o in range(len(_flat_outputs(func, inputs))):
        analytical = _analytical_jacobian(func, inputs, wrt, o)
        for i, w in enumerate(wrt):
            numerical = _numerical_jacobian(func, inputs, w, o, eps)   # (outputs, inputs)
            got = analytical[id(w)]
            if got.shape != numerical.shape or not np.allclose(got, numerical, rtol, atol):
                if not raise_exception:
                    return False
                raise GradcheckError(f"Jacobian mismatch for output {o} with respect to input "
                                     f"{i},\nnumerical:{numerical}\nanalytical:{got}\n")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  raise_exception=True, **unused) -> bool:
    """gradcheck of the gradient function itself (needs ``create_graph`` support)."""
    from . import grad
    from .._tensor import Tensor
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    outs = _flat_outputs(func, inputs)
    rng = np.random.default_rng(0)
    seeds = list(grad_outputs) if grad_outputs is not None else [
        Tensor._make(rng.standard_normal(o._array.shape), None) for o in outs]

    def first_derivative(*args):
        wrt = _differentiable_inputs(args)
        results = _flat_outputs(func, args)
        grads = grad(results, wrt, seeds, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)
    return gradcheck(first_derivative, inputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
