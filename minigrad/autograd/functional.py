"""Jacobians, Hessians and vector products of whole functions (``torch.autograd.functional``).

Everything here is built on :func:`minigrad.autograd.grad`: a vector-Jacobian
product is one backward pass; a Jacobian is one backward pass per output
element (its rows); a Jacobian-vector product differentiates a vector-Jacobian
product with respect to its vector (the "double backward" trick); a Hessian is
the Jacobian of the gradient.  ``inputs`` is a tensor or a tuple of tensors;
results come back with the same nesting (per output, then per input) as torch's.
Products of second order need ops that support second derivatives (see README).
"""
from __future__ import annotations

from typing import Callable

from .. import _creation
from .._tensor import Tensor
from . import grad_mode


def _as_tuple(x, arg_name: str, fn_name: str) -> tuple[bool, tuple]:
    if isinstance(x, tuple):
        is_tuple = True
    elif isinstance(x, list):
        is_tuple, x = True, tuple(x)
    else:
        is_tuple, x = False, (x,)
    for i, value in enumerate(x):
        if not isinstance(value, Tensor):
            where = f"Value number {i} in " if is_tuple else "The "
            raise TypeError(f"{where}{arg_name} given to {fn_name} must be a Tensor but the "
                            f"value is of type {type(value).__name__}.")
    return is_tuple, x


def _as_outputs(res, flags):
    """Undo the tuple wrapping: ``flags`` says which levels were tuples to begin with."""
    if isinstance(flags, bool):
        return res if flags else res[0]
    outer, inner = flags
    if not outer and not inner:
        return res[0][0]
    if not outer:
        return res[0]
    if not inner:
        return tuple(r[0] for r in res)
    return res


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    """Inputs the function is evaluated at: fresh leaves that require grad (kept in the
    caller's graph when ``create_graph``, so that the result can be differentiated again)."""
    if create_graph:
        return tuple(x if x.requires_grad else x.detach().requires_grad_(True) for x in inputs)
    return tuple(x.detach().requires_grad_(True) for x in inputs)


def _finish(values: tuple, create_graph: bool) -> tuple:
    return values if create_graph else tuple(
        v if v is None else v.detach() for v in values)


def _grads(outputs: tuple, inputs: tuple, grad_outputs, create_graph: bool) -> list:
    """Gradients of ``outputs`` (weighted by ``grad_outputs``) w.r.t. ``inputs``; zeros where
    an input is unused or no output depends on the inputs at all."""
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs, strict=True) if o.requires_grad]
    if not pairs:
        return [_creation.zeros_like(x) for x in inputs]
    from . import grad
    result = grad([o for o, _ in pairs], inputs, [g for _, g in pairs], retain_graph=True,
                  create_graph=create_graph, allow_unused=True)
    return [_creation.zeros_like(x) if g is None else g for g, x in zip(result, inputs,
                                                                       strict=True)]


def vjp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T J)``: the vector-Jacobian product, one backward pass."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph)
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                           "function", "vjp")
        if v is None:
            if len(outputs) != 1 or outputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            v = (_creation.ones_like(outputs[0]),)
        else:
            v = _as_tuple(v, "v", "vjp")[1]
        with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
            products = tuple(_grads(outputs, inputs, v, create_graph))
    return (_as_outputs(_finish(outputs, create_graph), outputs_tuple),
            _as_outputs(_finish(products, create_graph), inputs_tuple))


def jvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), J v)``: the Jacobian-vector product by the double-backward trick:
    ``u -> J^T u`` is linear in ``u``, so differentiating ``v . (J^T u)`` w.r.t. ``u`` gives
    ``J v``."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare(inputs, create_graph)
        if v is None:
            if len(inputs) != 1 or inputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the input to the "
                                   "user-provided function is a single Tensor with a single "
                                   "element.")
            v = (_creation.ones_like(inputs[0]),)
        else:
            v = _as_tuple(v, "v", "jvp")[1]
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                           "function", "jvp")
        dummy = tuple(_creation.zeros_like(o).requires_grad_(True) for o in outputs)
        grad_inputs = _grads(outputs, inputs, dummy, create_graph=True)
        products = tuple(_grads(tuple(grad_inputs), dummy, v, create_graph))
    return (_as_outputs(_finish(outputs, create_graph), outputs_tuple),
            _as_outputs(_finish(products, create_graph), outputs_tuple))


def jacobian(func: Callable, inputs, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode"):
    """The Jacobian ``d func(inputs) / d inputs``: for one output and one input, a tensor of
    shape ``output.shape + input.shape``; tuples per output and per input otherwise."""
    if vectorize or strategy != "reverse-mode":
        raise NotImplementedError("jacobian: only strategy='reverse-mode' without vectorize "
                                  "is supported by minigrad")
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph)
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                           "function", "jacobian")
        blocks = []
        for out in outputs:
            flat = out.reshape(-1)
            rows = [[] for _ in inputs]
            for j in range(flat.numel()):       # one backward pass per output element
                element = flat[j]
                for k, g in enumerate(_grads((element,), inputs, (None,), create_graph)):
                    rows[k].append(g)
            blocks.append(tuple(
                (_creation.stack(r) if r else _creation.zeros(0, *x.shape, dtype=x.dtype))
                .reshape(tuple(out.shape) + tuple(x.shape)) for r, x in zip(rows, inputs,
                                                                              strict=True)))
    blocks = tuple(_finish(b, create_graph) for b in blocks)
    return _as_outputs(blocks, (outputs_tuple, inputs_tuple))


def hessian(func: Callable, inputs, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode"):
    """The Hessian of a function returning one scalar: the Jacobian of its gradient."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def scalar_function(*inp):
        out = func(*inp)
        if isinstance(out, (tuple, list)) or not isinstance(out, Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should "
                               "contain a single element")
        return out.squeeze()

    def gradient(*inp):
        return jacobian(scalar_function, inp, create_graph=True)

    result = jacobian(gradient, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _as_outputs(result, (inputs_tuple, inputs_tuple))


def vhp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T H)`` for a scalar function: backward through the gradient."""
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
        inputs = _prepare(inputs, create_graph)
        if v is None:
            if len(inputs) != 1 or inputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the input to the "
                                   "user-provided function is a single Tensor with a single "
                                   "element.")
            v = (_creation.ones_like(inputs[0]),)
        else:
            v = _as_tuple(v, "v", "vhp")[1]
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                           "function", "vhp")
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The function given to vhp should return a single Tensor with a "
                               "single element.")
        gradients = _grads(outputs, inputs, (None,), create_graph=True)
        products = tuple(_grads(tuple(gradients), inputs, v, create_graph))
    return (_as_outputs(_finish(outputs, create_graph), outputs_tuple),
            _as_outputs(_finish(products, create_graph), inputs_tuple))


def hvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H v)``; the Hessian is symmetric, so this is ``vhp``'s product
    (torch computes it by double backward instead; the values agree to rounding)."""
    return vhp(func, inputs, v, create_graph, strict)


__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]
