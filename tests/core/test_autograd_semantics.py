"""Autograd semantics against torch: each test runs the same code on both libraries."""
from __future__ import annotations

import warnings

import pytest
import torch

import minigrad

from .support import assert_raises_like, both


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
        assert_raises_like(lambda: setattr(minigrad.ones(2, requires_grad=True) * 2,
                                           "requires_grad", value),
                           lambda: setattr(torch.ones(2, requires_grad=True) * 2,
                                           "requires_grad", value))
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
        messages.append(str(caught[0].message).split(" (Triggered internally")[0])
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


# -- create_graph and autograd.grad --------------------------------------------------------------
def test_create_graph_second_and_third_derivatives():
    def run(T):
        x = leaf(T, (0.3, -1.2, 2.0))
        y = (x ** 3 * x.sin()).sum()
        (g,) = T.autograd.grad(y, x, create_graph=True)
        (h,) = T.autograd.grad(g.sum(), x, create_graph=True)
        (k,) = T.autograd.grad(h.sum(), x)
        return [g, h, k, g.requires_grad]
    both(run)


def test_create_graph_backward_fills_grad_with_graph():
    def run(T):
        x = leaf(T)
        (x.exp() * x).sum().backward(create_graph=True)
        first = x.grad
        g = first.sum()
        x.grad = None
        g.backward()
        return [first.detach(), first.requires_grad, x.grad]
    both(run)


def test_autograd_grad_leaves_grad_untouched():
    def run(T):
        x, w = leaf(T), leaf(T, (2.0, 0.0, 1.0))
        y = (x * w).sum()
        gx, gw = T.autograd.grad(y, [x, w], retain_graph=True)
        (only_w,) = T.autograd.grad(y, w, grad_outputs=T.tensor(2.0, dtype=T.float64))
        return [gx, gw, only_w, x.grad, w.grad]
    both(run)


def test_autograd_grad_unused_inputs():
    def unused(T):
        x, w = leaf(T), leaf(T)
        T.autograd.grad((x * 2).sum(), [x, w])
    assert_raises_like(lambda: unused(minigrad), lambda: unused(torch))

    def run(T):
        x, w = leaf(T), leaf(T)
        a = T.autograd.grad((x * 2).sum(), [x, w], allow_unused=True)
        b = T.autograd.grad((x * 2).sum(), [x, w], materialize_grads=True)
        return [a, b]
    both(run)


def test_autograd_grad_input_without_grad():
    assert_raises_like(
        lambda: minigrad.autograd.grad(leaf(minigrad).sum(), minigrad.ones(2)),
        lambda: torch.autograd.grad(leaf(torch).sum(), torch.ones(2)))


def test_autograd_grad_of_non_leaf_and_multiple_outputs():
    def run(T):
        x = leaf(T)
        h = x.tanh()
        a, b = h.sum(), (h * h).sum()
        return list(T.autograd.grad([a, b], [h, x]))
    both(run)


# -- hooks ------------------------------------------------------------------------------------
def test_tensor_hooks_see_and_replace_gradients():
    def run(T):
        seen = []
        x = leaf(T)
        x.register_hook(lambda g: seen.append(g.clone()))
        y = x * 3
        y.register_hook(lambda g: g * 10)
        handle = y.register_hook(lambda g: seen.append(g.clone()))
        (y * y).sum().backward(retain_graph=True)
        handle.remove()
        x.grad = None
        (y * y).sum().backward()
        return [seen, x.grad]
    both(run)


def test_hook_on_tensor_without_grad():
    assert_raises_like(lambda: minigrad.ones(2).register_hook(lambda g: g),
                       lambda: torch.ones(2).register_hook(lambda g: g))


# -- grad mode ----------------------------------------------------------------------------------
def test_no_grad_enable_grad_set_grad_enabled():
    def run(T):
        x = leaf(T)
        with T.no_grad():
            a = x * 2
            with T.enable_grad():
                b = x * 2
        with T.set_grad_enabled(False):
            c = x * 2
        T.set_grad_enabled(False)
        d = x * 2
        T.set_grad_enabled(True)

        @T.no_grad()
        def f(v):
            return v * 2

        @T.enable_grad()
        def g(v):
            return v * 2
        with T.no_grad():
            e = g(x)
        return [a.requires_grad, b.requires_grad, c.requires_grad, d.requires_grad,
                f(x).requires_grad, e.requires_grad, T.is_grad_enabled(),
                (x * 2).requires_grad]
    both(run)


def test_no_grad_restores_mode_after_exception():
    for T in (minigrad, torch):
        with pytest.raises(ValueError):
            with T.no_grad():
                raise ValueError
        assert T.is_grad_enabled()


# -- gradcheck ------------------------------------------------------------------------------------
class _WrongSquare(minigrad.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x                      # wrong on purpose: should be 2 x


def test_gradcheck_catches_a_wrong_backward():
    x = minigrad.tensor([0.5, 1.5], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradcheck(lambda t: t * t, (x,))
    assert not minigrad.autograd.gradcheck(_WrongSquare.apply, (x,), raise_exception=False)
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        minigrad.autograd.gradcheck(_WrongSquare.apply, (x,))


def test_gradgradcheck():
    x = minigrad.tensor([0.5, 1.5, -0.7], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradgradcheck(lambda t: (t.sin() * t ** 2).sum() * t, (x,))


def test_gradcheck_needs_an_input_requiring_grad():
    assert_raises_like(
        lambda: minigrad.autograd.gradcheck(lambda t: t * 2,
                                            (minigrad.ones(2, dtype=minigrad.float64),)),
        lambda: torch.autograd.gradcheck(lambda t: t * 2, (torch.ones(2, dtype=torch.float64),)))


def test_retain_grad_sees_the_hooked_gradient():
    def run(T):
        x = leaf(T)
        y = x * 2
        y.retain_grad()
        y.register_hook(lambda g: g * 10)
        y.sum().backward()
        return [y.grad, x.grad]
    both(run)


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


def test_node_hooks_and_prehooks():
    def run(T):
        seen = []
        x = leaf(T)
        w = leaf(T, (3.0, 4.0, 5.0))
        y = x * w
        y.grad_fn.register_hook(lambda gi, go: seen.append(["hook", list(gi), list(go)]))
        z = y ** 2
        z.grad_fn.register_hook(lambda gi, go: seen.append(["pow", len(gi), len(go)]))
        z.grad_fn.register_prehook(lambda go: seen.append(["pre", list(go)]))
        z.sum().backward()
        return seen
    both(run)
