"""Autograd semantics against torch: each test runs the same code on both libraries."""
from __future__ import annotations

import warnings

import numpy as np
import torch

import minigrad

from .support import assert_raises_like, both, without_cpp_origin


def leaf(T, values=(1.0, -2.0, 3.0), dtype=None):
    return T.tensor(values, dtype=dtype or T.float64, requires_grad=True)


# -- leaves, grad_fn, requires_grad ---------------------------------------------------------
def test_leaf_and_graph_attributes():
    def run(T):
        x = leaf(T)
        c = T.tensor([2.0, 2.0, 2.0], dtype=T.float64)
        y = x * c
        z = y.sum()
        return [x.is_leaf, y.is_leaf, c.is_leaf, x.requires_grad, y.requires_grad,
                c.requires_grad, x.grad_fn is None, type(y.grad_fn).__name__
                if T is torch else y.grad_fn.name(), len(z.grad_fn.next_functions),
                (c * 2).requires_grad]
    both(run)


def test_next_functions_chain():
    def names(T, node, depth=0):
        if node is None:
            return None
        name = type(node).__name__ if T is torch else node.name().split("::")[-1]
        return [name, [names(T, n, depth + 1) for n, _ in node.next_functions]]

    def run(T):
        x = leaf(T)
        w = leaf(T, (0.5, 0.5, 0.5))
        out = ((x * w).exp() + x).sum()
        return names(T, out.grad_fn)
    both(run)


def test_requires_grad_flag_errors():
    assert_raises_like(lambda: minigrad.tensor([1, 2]).requires_grad_(),
                       lambda: torch.tensor([1, 2]).requires_grad_())
    for value in (True, False):
        assert_raises_like(lambda v=value: setattr(minigrad.ones(2, requires_grad=True) * 2,
                                                   "requires_grad", v),
                           lambda v=value: setattr(torch.ones(2, requires_grad=True) * 2,
                                                   "requires_grad", v))
    assert_raises_like(lambda: minigrad.zeros(2, dtype=minigrad.int64, requires_grad=True),
                       lambda: torch.zeros(2, dtype=torch.int64, requires_grad=True))


def test_detach_shares_storage_and_cuts_graph():
    def run(T):
        x = leaf(T)
        y = x * 2
        d = y.detach()
        d[0] = 100.0                   # writes through to y
        return [d.requires_grad, d.is_leaf, d.grad_fn is None, y[0].item(),
                x.data.requires_grad]
    both(run)


# -- backward -------------------------------------------------------------------------------
def test_gradients_accumulate_into_leaves():
    def run(T):
        x = leaf(T)
        (x * x).sum().backward()
        first = x.grad.clone()
        (3 * x).sum().backward()
        return [first, x.grad]
    both(run)


def test_leaf_used_many_times_and_diamond():
    def run(T):
        x = leaf(T)
        a = x.sin()
        b = a * x + a.exp() * a
        (b * b).sum().backward()
        return x.grad
    both(run)


def test_backward_twice_without_retain_graph_raises():
    def twice(T):
        x = leaf(T)
        y = (x * x).sum()
        y.backward()
        y.backward()
    assert_raises_like(lambda: twice(minigrad), lambda: twice(torch))


def test_retain_graph_allows_second_backward():
    def run(T):
        x = leaf(T)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        return x.grad
    both(run)


def test_backward_without_saved_values_can_repeat():
    def run(T):
        x = leaf(T)
        y = (x + 1).sum()
        y.backward()
        y.backward()
        return x.grad
    both(run)


def test_implicit_gradient_only_for_scalars():
    assert_raises_like(lambda: (leaf(minigrad) * 2).backward(),
                       lambda: (leaf(torch) * 2).backward())


def test_backward_on_tensor_without_grad():
    assert_raises_like(lambda: minigrad.ones(2).sum().backward(),
                       lambda: torch.ones(2).sum().backward())


def test_gradient_shape_mismatch():
    assert_raises_like(lambda: (leaf(minigrad) * 2).backward(minigrad.ones(2)),
                       lambda: (leaf(torch) * 2).backward(torch.ones(2)))


def test_explicit_gradient_and_dtype():
    def run(T):
        x = leaf(T, dtype=T.float32)
        y = x.double() * 3                     # the gradient is cast back to float32
        y.backward(T.tensor([1.0, 0.5, -1.0], dtype=T.float64))
        return [x.grad, x.grad.dtype]
    both(run)


def test_backward_inputs_argument():
    def run(T):
        x, w = leaf(T), leaf(T, (2.0, 0.0, 1.0))
        h = x * w
        (h * h).sum().backward(inputs=[w])
        return [x.grad, w.grad]
    both(run)


def test_non_leaf_grad_is_none_with_warning():
    messages = []
    for T in (minigrad, torch):
        y = leaf(T) * 2
        y.sum().backward()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert y.grad is None
        assert len(caught) == 1 and issubclass(caught[0].category, UserWarning)
        messages.append(without_cpp_origin(caught[0].message))
    assert messages[0] == messages[1]


def test_retain_grad():
    def run(T):
        x = leaf(T)
        y = x * 2
        y.retain_grad()
        z = y.exp()
        z.retain_grad()
        (z * y).sum().backward()
        return [y.grad, z.grad, y.retains_grad, x.retains_grad]
    both(run)


def test_retain_grad_accumulates_and_leaf_noop():
    def run(T):
        x = leaf(T)
        x.retain_grad()
        y = x * x
        y.retain_grad()
        y.sum().backward(retain_graph=True)
        y.sum().backward()
        return [x.grad, y.grad]
    both(run)


def test_grad_assignment_checks():
    x = minigrad.ones(3, requires_grad=True)
    t = torch.ones(3, requires_grad=True)
    assert_raises_like(lambda: setattr(x, "grad", minigrad.ones(2)),
                       lambda: setattr(t, "grad", torch.ones(2)), exact=False)
    x.grad = minigrad.full((3,), 5.0)
    (x * 1).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0, 6.0]
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_integer_casts_and_comparisons_leave_the_graph():
    def run(T):
        x = leaf(T)
        return [x.long().requires_grad, (x > 0).requires_grad, x.argmax().requires_grad,
                x.int().grad_fn is None, x.float().requires_grad, x.detach().is_leaf]
    both(run)


def test_detach_inplace():
    def run(T):
        x = leaf(T)
        y = x * 2
        y.detach_()
        return [y.requires_grad, y.is_leaf, y.grad_fn is None]
    both(run)


def test_backward_inputs_with_a_non_leaf():
    def run(T):
        x = leaf(T)
        h = x.exp()
        (h * h).sum().backward(inputs=[h, x])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [h.grad, x.grad]
    both(run)


def test_backward_is_silent_about_inf_and_nan_gradients():
    """torch's kernels do not warn when a gradient becomes inf or nan; NumPy would."""
    x = minigrad.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    y = x.sqrt()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y.sum().backward()
    expected = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    expected.sqrt().sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), expected.grad.numpy())


def test_leaves_that_become_ready_together_run_in_a_fixed_order():
    """Ties between leaves are broken by the order they became ready, not by memory address."""
    orders = []
    for _ in range(20):
        leaves = [minigrad.ones(2, requires_grad=True) for _ in range(4)]
        with minigrad.autograd.trace() as tr:
            minigrad.stack(leaves).sum().backward()
        position = {id(leaf): i for i, leaf in enumerate(leaves)}
        orders.append([position[id(e.leaf)] for e in tr if e.leaf is not None])
    assert all(order == orders[0] for order in orders)
    assert sorted(orders[0]) == [0, 1, 2, 3]
