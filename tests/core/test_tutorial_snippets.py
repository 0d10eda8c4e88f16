"""Core-only code from the PyTorch beginner tutorials runs the same on minigrad."""
from __future__ import annotations

import math

from .support import both


def test_polynomial_fit_with_autograd():
    """'Learning PyTorch with examples': tensors + autograd, fixed start values."""
    def run(T):
        dtype = T.float
        x = T.linspace(-math.pi, math.pi, 2000, dtype=dtype)
        y = T.sin(x)
        a, b, c, d = (T.tensor(v, dtype=dtype, requires_grad=True)
                      for v in (0.1, -0.2, 0.3, 0.05))
        learning_rate = 1e-6
        losses = []
        for _t in range(30):
            y_pred = a + b * x + c * x ** 2 + d * x ** 3
            loss = (y_pred - y).pow(2).sum()
            losses.append(loss.item())
            loss.backward()
            with T.no_grad():
                a -= learning_rate * a.grad
                b -= learning_rate * b.grad
                c -= learning_rate * c.grad
                d -= learning_rate * d.grad
                a.grad = None
                b.grad = None
                c.grad = None
                d.grad = None
        text = f"loss: {loss:>7f}"
        return [a, b, c, d, T.tensor(losses[::10]), text[:10], len(text)]
    both(run)


def test_legendre_custom_function():
    def run(T):
        class LegendrePolynomial3(T.autograd.Function):
            @staticmethod
            def forward(ctx, input):
                ctx.save_for_backward(input)
                return 0.5 * (5 * input ** 3 - 3 * input)

            @staticmethod
            def backward(ctx, grad_output):
                input, = ctx.saved_tensors
                return grad_output * 1.5 * (5 * input ** 2 - 1)

        x = T.linspace(-math.pi, math.pi, 200, dtype=T.float64)
        y = T.sin(x)
        a, b, c, d = (T.full((), v, dtype=T.float64, requires_grad=True)
                      for v in (0.0, -1.0, 0.0, 0.3))
        P3 = LegendrePolynomial3.apply
        for _ in range(20):
            y_pred = a + b * P3(c + d * x)
            loss = (y_pred - y).pow(2).sum()
            loss.backward()
            with T.no_grad():
                for p in (a, b, c, d):
                    p -= 5e-6 * p.grad
                    p.grad = None
        return [a, b, c, d]
    both(run)


def test_manual_two_layer_network():
    """The numpy-style network with manual gradients, written with tensor ops."""
    def run(T):
        x = T.linspace(-1, 1, 64 * 10).reshape(64, 10)
        y = T.cos(T.linspace(0, 3, 64 * 2)).reshape(64, 2)
        w1 = T.linspace(-0.5, 0.5, 10 * 16).reshape(10, 16)
        w2 = T.linspace(0.3, -0.3, 16 * 2).reshape(16, 2)
        for _ in range(5):
            h = x.mm(w1)
            h_relu = h.clamp(min=0)
            y_pred = h_relu.mm(w2)
            grad_y_pred = 2.0 * (y_pred - y)
            grad_w2 = h_relu.t().mm(grad_y_pred)
            grad_h = grad_y_pred.mm(w2.t()).clone()
            grad_h[h < 0] = 0
            grad_w1 = x.t().mm(grad_h)
            w1 -= 1e-3 * grad_w1
            w2 -= 1e-3 * grad_w2
        return [w1, w2]
    both(run)


def test_quickstart_accuracy_bookkeeping():
    def run(T):
        pred = T.tensor([[0.1, 2.0, -1.0], [3.0, 0.5, 0.2], [0.0, 0.1, 0.9]])
        y = T.tensor([1, 2, 2])
        correct = (pred.argmax(1) == y).type(T.float).sum().item()
        _, predicted = T.max(pred.data, 1)
        total = (predicted == y).sum().item()
        probs = T.softmax(pred, dim=1)
        return [correct, total, probs, f"Accuracy: {(100 * correct / 3):>0.1f}%",
                pred.shape, y.dtype]
    both(run)
