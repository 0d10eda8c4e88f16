"""Special functions on NumPy arrays, which NumPy lacks: erf, erfinv, lgamma, digamma,
polygamma and the modified Bessel function I1 (``np.i0`` gives I0).

Each works in float64 and returns the input's dtype.  ``erf``, ``erfc`` and
``lgamma`` call Python's ``math`` module element by element (the C library's
functions, accurate to an ulp or so); the others are short recurrences and
series written out below, accurate to float64 rounding away from their poles.
No autograd here: ``minigrad/ops/special.py`` wraps these in differentiable ops.
"""
from __future__ import annotations

import math

import numpy as np


def _elementwise(scalar_fn):
    """Lift a python ``float -> float`` function to arrays (keeping the input's dtype)."""
    lifted = np.frompyfunc(scalar_fn, 1, 1)

    def fn(x):
        x = np.asarray(x)
        out = lifted(x.astype(np.float64, copy=False))
        return np.asarray(out, dtype=np.float64).astype(x.dtype, copy=False)
    return fn


def _lgamma_scalar(x: float) -> float:
    try:
        return math.lgamma(x)
    except ValueError:        # the poles 0, -1, -2, ...: |Gamma| is infinite there
        return math.inf
    except OverflowError:     # huge arguments
        return math.inf


erf = _elementwise(math.erf)
erfc = _elementwise(math.erfc)
lgamma = _elementwise(_lgamma_scalar)


def erfinv(y):
    """The inverse of erf on [-1, 1]: an initial guess polished by Halley's method.

    The guess (Winitzki's closed form, good to about 2e-3) is refined with
    x <- x - f/f' / (1 + x f/f'), where f = erf(x) - y and f' = 2/sqrt(pi) e^(-x^2)
    (erf'' = -2x erf'); three steps reach float64 rounding.  Near |y| = 1 the
    residual is taken as (1 - |y|) - erfc(x), which keeps its precision there.
    """
    y = np.asarray(y)
    t = np.abs(y.astype(np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 0.147
        log_term = np.log1p(-t * t)                  # ln(1 - y^2), -inf at |y| = 1
        first = 2 / (math.pi * a) + log_term / 2
        x = np.sqrt(np.sqrt(first * first - log_term / a) - first)
        inner = t < 1
        x = np.where(inner, x, np.where(t == 1, np.inf, np.nan))
        safe_x = np.where(inner, x, 0.0)
        for _ in range(3):
            residual = np.where(t < 0.5, erf(safe_x) - t, (1 - t) - erfc(safe_x))
            step = residual / (2 / math.sqrt(math.pi) * np.exp(-safe_x * safe_x))
            safe_x = safe_x - step / (1 + safe_x * step)
        x = np.where(inner, safe_x, x)
    return (np.copysign(x, y)).astype(y.dtype, copy=False)


# Bernoulli numbers B_2, B_4, ..., B_24 (exact fractions as floats)
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330, 854513 / 138, -236364091 / 2730)


def digamma(x):
    """psi(x) = d/dx ln Gamma(x).

    Shift x up to 10 or more with psi(x) = psi(x + 1) - 1/x, then use the
    asymptotic series psi(y) = ln y - 1/(2y) - sum_k B_2k / (2k y^2k).
    Negative arguments use the reflection psi(x) = psi(1 - x) - pi / tan(pi x).
    Like torch: -inf at +0, +inf at -0, nan at the negative integers.
    """
    x = np.asarray(x)
    v = x.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        negative = v < 0
        y = np.where(negative, 1 - v, v)
        reflection = np.where(negative, math.pi / np.tan(math.pi * (v - np.round(v))), 0.0)
        shift = np.zeros_like(y)
        for _ in range(10):
            small = y < 10
            shift = shift - np.where(small, 1 / y, 0.0)
            y = np.where(small, y + 1, y)
        inv2 = 1 / (y * y)
        series, power = 0.0, inv2
        for k, b in enumerate(_BERNOULLI[:7], start=1):
            series = series + b / (2 * k) * power
            power = power * inv2
        out = np.log(y) - 0.5 / y - series + shift - reflection
        out = np.where(v == 0, np.where(np.signbit(v), np.inf, -np.inf), out)
        out = np.where(negative & (v == np.round(v)), np.nan, out)
        out = np.where(v == np.inf, np.inf, out)
    return out.astype(x.dtype, copy=False)


def hurwitz_zeta(s: int, q):
    """zeta(s, q) = sum_{k >= 0} (q + k)^(-s) for an integer s >= 2.

    Sum the first terms until q + N >= 10 + s, then add the Euler-Maclaurin
    tail  a^(1-s)/(s-1) + a^(-s)/2 + sum_j B_2j/(2j)! s(s+1)...(s+2j-2) a^(-s-2j+1)
    at a = q + N.  The poles q = 0, -1, -2, ... give +inf, q = inf gives nan (as torch).
    """
    q = np.asarray(q, np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        threshold = 10.0 + s
        total = np.zeros_like(q)
        a = q.copy()
        finite = np.isfinite(a)
        steps = int(np.ceil(threshold - np.min(a[finite]))) if finite.any() else 0
        for _ in range(max(steps, 0)):
            low = a < threshold
            if not low.any():
                break
            total = total + np.where(low, a ** -s, 0.0)
            a = np.where(low, a + 1, a)
        total = total + a ** (1 - s) / (s - 1) + 0.5 * a ** -s
        coeff = s / 2 * a ** (-s - 1)             # s / 2! * a^(-s-1), the j = 1 factor
        for j, b in enumerate(_BERNOULLI, start=1):
            total = total + b * coeff
            coeff = coeff * (s + 2 * j - 1) * (s + 2 * j) / ((2 * j + 1) * (2 * j + 2)) / (a * a)
        pole = (q <= 0) & (q == np.round(q))
        total = np.where(pole, np.inf, total)
        total = np.where(q == np.inf, np.nan, total)          # torch's value there
    return total


def polygamma(n: int, x):
    """The n-th derivative of digamma: (-1)^(n+1) n! zeta(n + 1, x) for n >= 1."""
    x = np.asarray(x)
    if n == 0:
        return digamma(x)
    sign = 1.0 if n % 2 else -1.0
    out = sign * math.factorial(n) * hurwitz_zeta(n + 1, x)
    return out.astype(x.dtype, copy=False)


def i0(x):
    x = np.asarray(x)
    return np.i0(x.astype(np.float64)).astype(x.dtype, copy=False)


def i1(x):
    """Modified Bessel function I1(x) = sum_k (x/2)^(2k+1) / (k! (k+1)!).

    All terms share one sign, so summing the series loses no precision; the
    terms grow until k ~ |x|/2, so the number summed grows with max |x|.
    """
    x = np.asarray(x)
    v = x.astype(np.float64)
    finite = np.abs(v[np.isfinite(v)])
    biggest = float(finite.max()) if finite.size else 0.0
    count = int(min(biggest, 800) / 2 + 6 * math.sqrt(min(biggest, 800)) + 30)
    half_sq = (v / 2) ** 2
    term = v / 2
    total = term
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(count):
            term = term * half_sq / ((k + 1) * (k + 2))
            total = total + term
        total = np.where(np.isinf(v), np.nan, total)          # torch's value there
    return total.astype(x.dtype, copy=False)


def gammainc(a, x):
    """The regularized incomplete gamma functions (P, Q) = (igamma, igammac) of a, x >= 0.

    P(a, x) = gamma(a, x) / Gamma(a) and Q = 1 - P.  Where x < a + 1 the series
    P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1)...(a + n)) converges fast;
    elsewhere Q's continued fraction
    Q = x^a e^-x / Gamma(a) * 1/(x + 1 - a - 1(1 - a)/(x + 3 - a - 2(2 - a)/(x + 5 - a - ...)))
    does, evaluated front to back (Lentz's method).  The other one is 1 minus it.
    Edge values as torch: P(0, x > 0) = 1, P(a, inf) = 1, P(inf, x) = 0, nan for a < 0 or x < 0.
    """
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        inside = (a > 0) & (x > 0) & np.isfinite(a) & np.isfinite(x)
        sa, sx = np.where(inside, a, 1.0), np.where(inside, x, 1.0)
        log_front = sa * np.log(sx) - sx - lgamma(sa)          # log(x^a e^-x / Gamma(a))
        use_series = sx < sa + 1
        # series for P
        term = 1 / sa
        total = term.copy()
        for n in range(1, 2000):
            term = term * sx / (sa + n)
            total = total + term
            if np.all(np.abs(term) <= np.abs(total) * 1e-17):
                break
        p_series = total * np.exp(log_front)
        # continued fraction for Q (modified Lentz)
        tiny = 1e-300
        b = sx + 1 - sa
        c = np.full_like(b, 1 / tiny)
        d = 1 / np.where(np.abs(b) < tiny, tiny, b)
        h = d.copy()
        for i in range(1, 2000):
            an = -i * (i - sa)
            b = b + 2
            d = an * d + b
            d = 1 / np.where(np.abs(d) < tiny, tiny, d)
            c = b + an / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            step = d * c
            h = h * step
            if np.all((np.abs(step - 1) <= 1e-16) | use_series):
                break
        q_fraction = np.exp(log_front) * h
        p = np.where(use_series, p_series, 1 - q_fraction)
        q = np.where(use_series, 1 - p_series, q_fraction)
        # the edges
        p = np.where(inside, p, np.nan)
        q = np.where(inside, q, np.nan)
        valid = (a >= 0) & (x >= 0)
        edges = ((x == 0) & (a > 0), (a == 0) & (x > 0), (x == np.inf) & (a < np.inf),
                 (a == np.inf) & (x < np.inf))
        for edge, value in zip(edges, (0.0, 1.0, 1.0, 0.0), strict=True):
            p = np.where(valid & edge, value, p)
            q = np.where(valid & edge, 1 - value, q)
    return p, q
