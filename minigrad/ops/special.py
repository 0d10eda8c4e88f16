"""Special functions: erf, erfc, erfinv, lgamma, digamma, polygamma, mvlgamma, i0.

Forward values come from ``_special_math`` (NumPy has none of these).  Each
backward is the textbook derivative; where that derivative is itself a special
function (lgamma' = digamma, digamma' = polygamma(1), i0' = i1) the backward
calls the op through ``run``, so second derivatives work too.
"""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import _special_math as sm
from . import array_module, run

TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)


class Erf(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.erf(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * TWO_OVER_SQRT_PI * array_module(a).exp(-a * a)  # erf' = 2/sqrt(pi) e^-a^2


class Erfc(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.erfc(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * TWO_OVER_SQRT_PI * array_module(a).exp(-a * a)  # erfc' = -erf'


class Erfinv(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = sm.erfinv(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        # the inverse function's slope: 1 / erf'(erfinv(a)) = sqrt(pi)/2 e^(erfinv(a)^2)
        return grad / TWO_OVER_SQRT_PI * array_module(out).exp(out * out)


class Lgamma(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.lgamma(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * run(Digamma, a)               # d ln Gamma(a)/da = digamma(a)


class Digamma(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.digamma(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * run(Polygamma, a, 1)          # d digamma(a)/da = polygamma(1, a)


class Polygamma(Function):
    """``polygamma(n, a)``, the n-th derivative of digamma (``n`` a python int)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, n):
        ctx.save_for_backward(a)
        ctx.n = n
        return sm.polygamma(n, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * run(Polygamma, a, ctx.n + 1), None   # d psi^(n)/da = psi^(n+1)


class Mvlgamma(Function):
    """Multivariate log-gamma of dimension p: sum_i lgamma(a - i/2) + p(p-1)/4 ln pi."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, p):
        ctx.save_for_backward(a)
        ctx.p = p
        out = sum(sm.lgamma(a - i / 2) for i in range(p))
        return np.asarray(out + p * (p - 1) / 4 * math.log(math.pi), dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        slope = run(Digamma, a)                     # d/da = sum_i digamma(a - i/2)
        for i in range(1, ctx.p):
            slope = slope + run(Digamma, a - i / 2)
        return grad * slope, None


class I0(Function):
    """Modified Bessel function of the first kind, order 0."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.i0(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * run(SpecialI1, a)             # I0'(a) = I1(a)


class SpecialI1(Function):
    """Modified Bessel function of the first kind, order 1 (i0's derivative)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return sm.i1(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        xp = array_module(a)
        safe = xp.where(a == 0, 1, a)
        # I1'(a) = I0(a) - I1(a)/a, which tends to 1/2 at a = 0
        return grad * xp.where(a == 0, 0.5, run(I0, a) - run(SpecialI1, a) / safe)


class Igamma(Function):
    """Regularized lower incomplete gamma P(a, x); as in torch only x gets a gradient."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(a, x)
        return sm.gammainc(a, x)[0].astype(np.result_type(a, x), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'igamma: input' is not implemented.")
        return None, grad * gamma_density(a, x)    # dP/dx = x^(a-1) e^-x / Gamma(a)


class Igammac(Function):
    """Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(a, x)
        return sm.gammainc(a, x)[1].astype(np.result_type(a, x), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'igammac: input' is not "
                                      "implemented.")
        return None, -grad * gamma_density(a, x)   # dQ/dx = -dP/dx


def gamma_density(a, x):
    """x^(a-1) e^-x / Gamma(a), the gamma distribution's density."""
    xp = array_module(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return xp.exp((a - 1) * xp.log(x) - x - run(Lgamma, a))
