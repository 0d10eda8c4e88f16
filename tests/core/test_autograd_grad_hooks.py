"""autograd.grad, create_graph, hooks, grad mode and gradcheck, against torch."""
from __future__ import annotations

import pytest
import torch

import minigrad
from torch_compat import torch_at_least

from .support import assert_raises_like, both, catch


def leaf(T, values=(1.0, -2.0, 3.0), dtype=None):
    return T.tensor(values, dtype=dtype or T.float64, requires_grad=True)


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


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
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
    # torch 2.13 names the unused input ("One of the differentiated Tensors" before)
    error = catch(lambda: unused(minigrad))
    assert type(error) is RuntimeError and str(error) == (
        "The differentiated Tensor at index 1 appears to not have been used in the graph. "
        "Set allow_unused=True if this is the desired behavior.")
    if torch_at_least("2.13"):
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
    def ours():
        minigrad.autograd.gradcheck(lambda t: t * 2, (minigrad.ones(2, dtype=minigrad.float64),))

    # torch 2.13 fixed the wording ("none of the them" before)
    error = catch(ours)
    assert type(error) is ValueError and str(error) == (
        "gradcheck expects at least one input tensor to require gradient, "
        "but none of them have requires_grad=True.")
    if torch_at_least("2.13"):
        assert_raises_like(ours, lambda: torch.autograd.gradcheck(
            lambda t: t * 2, (torch.ones(2, dtype=torch.float64),)))


def test_retain_grad_sees_the_hooked_gradient():
    def run(T):
        x = leaf(T)
        y = x * 2
        y.retain_grad()
        y.register_hook(lambda g: g * 10)
        y.sum().backward()
        return [y.grad, x.grad]
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


def test_grad_mode_does_not_leak_from_backward():
    def run(T):
        x = leaf(T)
        seen = []
        x.register_hook(lambda g: seen.append(T.is_grad_enabled()))
        (x * 2).sum().backward()
        (g,) = T.autograd.grad((x ** 3).sum(), x, create_graph=True)
        return [seen, T.is_grad_enabled(), g.requires_grad]
    both(run)
