"""Custom ``autograd.Function`` subclasses, written once and run on both libraries."""
from __future__ import annotations

import numpy as np
import torch

import minigrad

from .support import assert_raises_like, both


def make_functions(T):
    """The same user-defined Functions, subclassing T.autograd.Function."""

    class Cube(T.autograd.Function):
        @staticmethod
        def forward(ctx, x, scale):
            ctx.save_for_backward(x)
            ctx.scale = scale
            return x ** 3 * scale

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x ** 2 * ctx.scale, None     # d (s x^3)/dx = 3 s x^2

    class MulAdd(T.autograd.Function):
        """Two outputs: a * b and a + b, with needs_input_grad respected."""

        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b, a + b

        @staticmethod
        def backward(ctx, g_mul, g_add):
            a, b = ctx.saved_tensors
            ga = g_mul * b + g_add if ctx.needs_input_grad[0] else None
            gb = g_mul * a + g_add if ctx.needs_input_grad[1] else None
            return ga, gb

    class SortWithIndex(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            idx = T.tensor(np.argsort(x.detach().numpy()))
            values = x[idx]
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(idx)
            return values, idx

        @staticmethod
        def backward(ctx, g_values, g_idx):
            (idx,) = ctx.saved_tensors
            grad = T.zeros_like(g_values)
            grad[idx] = g_values
            return grad

    class Bad(T.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return (grad,)

    return Cube, MulAdd, SortWithIndex, Bad


def test_custom_function_forward_backward_and_name():
    def run(T):
        Cube, _, _, _ = make_functions(T)
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        y = Cube.apply(x, 2.0)
        y.sum().backward()
        name = type(y.grad_fn).__name__ if T is torch else y.grad_fn.name()
        return [y, x.grad, name, y.is_leaf]
    both(run)


def test_custom_function_without_grad_records_nothing():
    def run(T):
        Cube, _, _, _ = make_functions(T)
        x = T.tensor([0.5, -1.0], dtype=T.float64)
        y = Cube.apply(x, 2.0)
        return [y, y.requires_grad, y.grad_fn is None]
    both(run)


def test_custom_function_two_outputs_and_needs_input_grad():
    def run(T):
        _, MulAdd, _, _ = make_functions(T)
        a = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
        b = T.tensor([3.0, -1.0], dtype=T.float64)
        m, s = MulAdd.apply(a, b)
        (m * s).sum().backward()
        only_one = MulAdd.apply(a, b)[0].sum()       # the unused output gets zeros
        (g,) = T.autograd.grad(only_one, a)
        return [m, s, a.grad, b.grad, g]
    both(run)


def test_custom_function_non_differentiable_output():
    def run(T):
        _, _, Sort, _ = make_functions(T)
        x = T.tensor([3.0, 1.0, 2.0], dtype=T.float64, requires_grad=True)
        values, idx = Sort.apply(x)
        (values * T.tensor([1.0, 2.0, 3.0], dtype=T.float64)).sum().backward()
        return [values, idx, idx.requires_grad, x.grad]
    both(run)


def test_custom_function_saved_tensors_freed_after_backward():
    def twice(T):
        Cube, _, _, _ = make_functions(T)
        x = T.tensor([0.5], dtype=T.float64, requires_grad=True)
        y = Cube.apply(x, 1.0).sum()
        y.backward()
        y.backward()
    assert_raises_like(lambda: twice(minigrad), lambda: twice(torch))


def test_custom_function_wrong_number_of_gradients():
    def run(T):
        _, _, _, Bad = make_functions(T)
        a = T.ones(2, requires_grad=True)
        Bad.apply(a, T.ones(2, requires_grad=True)).sum().backward()
    assert_raises_like(lambda: run(minigrad), lambda: run(torch))


def test_custom_function_create_graph():
    def run(T):
        Cube, _, _, _ = make_functions(T)
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        (g,) = T.autograd.grad(Cube.apply(x, 2.0).sum(), x, create_graph=True)
        (h,) = T.autograd.grad(g.sum(), x)
        return [g, h]
    both(run)


def test_custom_function_gradcheck():
    Cube = make_functions(minigrad)[0]
    x = minigrad.tensor([0.5, -1.0, 2.0], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradcheck(lambda t: Cube.apply(t, 1.5), (x,))
