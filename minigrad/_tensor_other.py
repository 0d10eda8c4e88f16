"""Tensor methods of torch's "Other Operations" (the cumulative ones live with reductions).

Flips, rolls and rotations, triangles and diagonals, repeats, products
(outer, inner, kron, cross), distances, differences, covariance and the
counting functions (histc, histogram, bincount).  Primitives are in
``ops.rearrange``; the rest are composites whose final node carries torch's
``grad_fn`` name.
"""
from __future__ import annotations

import collections
import warnings

import numpy as np

from . import _dtype
from ._arguments import invalid_call
from ._out import SCALAR_TYPE
from ._tensor_math import _not_for, _promote, _renamed, normalize_dims
from .ops import rearrange as ra


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _return_type(name, fields):
    """A namedtuple printed like ``torch.return_types.<name>``."""
    def __repr__(self):
        body = ",\n".join(f"{f}={getattr(self, f)!r}" for f in fields)
        return f"minigrad.return_types.{name}(\n{body})"
    base = collections.namedtuple(name, fields)
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__,
                                "__module__": "minigrad.return_types"})


histogram_type = _return_type("histogram", ["hist", "bin_edges"])
histogramdd_type = _return_type("histogramdd", ["hist", "bin_edges"])


def _floating_only(t, kernel):
    if t._array.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{SCALAR_TYPE[t._array.dtype.name]}'")


def _int_arg(name, argument, value, position=1):
    """torch's TypeError for a non-int ``argument`` of method ``name``."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be int, "
                        f"not {type(value).__name__}")
    return int(value)


def _tensor_arg(name, argument, value, position=1):
    """torch's TypeError for a non-tensor ``argument`` of method ``name``."""
    if not isinstance(value, _tensor_cls()):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")


def _flip_dims(t, dims):
    """``dims`` normalised, each at most once (torch refuses repeats)."""
    out = []
    for k in dims:
        d = t._dim(k)
        if d in out:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        out.append(d)
    return tuple(out) if t._array.ndim else ()


class TensorOther:
    """Mixin with torch's "Other Operations" as Tensor methods."""

    __slots__ = ()

    # -- flips, rolls, rotations -----------------------------------------------------------------
    def flip(self, *dims):
        from ._tensor_shape import int_list
        return ra.Flip.apply(self, _flip_dims(self, int_list("flip", "dims", dims)))

    def fliplr(self):
        if self._array.ndim < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return self.flip(1)

    def flipud(self):
        if self._array.ndim < 1:
            raise RuntimeError("Input must be >= 1-d.")
        return self.flip(0)

    def roll(self, shifts, dims=None):
        from ._tensor_shape import int_list
        shifts = int_list("roll", "shifts", (shifts,))
        if dims is None:
            if len(shifts) != 1:
                raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                                   "dims:0")
            return ra.Roll.apply(self, int(shifts[0]), None)
        dims = (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               f"dims:{len(dims)}")
        if self._array.ndim == 0:
            return ra.Roll.apply(self, 0, None)
        dims = tuple(self._dim(d) for d in dims)
        return ra.Roll.apply(self, tuple(int(s) for s in shifts), dims)

    def rot90(self, k=1, dims=(0, 1)):
        _int_arg("rot90", "k", k)
        dims = tuple(dims)
        if len(dims) != 2:
            raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
        if self._array.ndim < 2:
            raise RuntimeError(f"expected total dims >= 2, but got total dims = "
                               f"{self._array.ndim}")
        d0, d1 = self._dim(dims[0]), self._dim(dims[1])
        if d0 == d1:
            raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                               f"dim1 = {d1}")
        return ra.Rot90.apply(self, int(k) % 4, (d0, d1))

    # -- triangles and diagonals ------------------------------------------------------------------
    def tril(self, diagonal=0):
        _int_arg("tril", "diagonal", diagonal)
        if self._array.ndim < 2:
            raise RuntimeError("tril: input tensor must have at least 2 dimensions")
        return ra.Tril.apply(self, int(diagonal))

    def triu(self, diagonal=0):
        _int_arg("triu", "diagonal", diagonal)
        if self._array.ndim < 2:
            raise RuntimeError("triu: input tensor must have at least 2 dimensions")
        return ra.Triu.apply(self, int(diagonal))

    def tril_(self, diagonal=0):
        return self._inplace(lambda: self.tril(diagonal))

    def triu_(self, diagonal=0):
        return self._inplace(lambda: self.triu(diagonal))

    def diagonal(self, offset=0, dim1=0, dim2=1):
        _int_arg("diagonal", "offset", offset)
        d1, d2 = self._dim(dim1), self._dim(dim2)
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        return ra.Diagonal.apply(self, int(offset), d1, d2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        nd = self._array.ndim + 1
        d1, d2 = (normalize_dims(d, nd)[0] for d in (dim1, dim2))
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        source = self if self._array.ndim else self.reshape(1)
        return ra.DiagEmbed.apply(source, int(offset), d1, d2)

    def diag(self, diagonal=0):
        _int_arg("diag", "diagonal", diagonal)
        if self._array.ndim == 1:
            return self.diag_embed(diagonal, 0, 1)
        if self._array.ndim != 2:
            raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {self._array.ndim}D")
        return _renamed(self.diagonal(diagonal).clone(), "DiagonalBackward0_copy")

    def diagflat(self, offset=0):
        _int_arg("diagflat", "offset", offset)
        return self.reshape(-1).diag_embed(offset, 0, 1)

    def trace(self):
        if self._array.ndim != 2:
            raise RuntimeError(f"trace: expected a matrix, but got tensor with dim "
                               f"{self._array.ndim}")
        if self._array.dtype == np.bool_:
            raise NotImplementedError('"trace" not implemented for \'Bool\'')
        x = self if self._array.dtype.kind == "f" else self.to(_dtype.int64)
        return ra.Trace.apply(x)

    # -- repeats and reshapes ---------------------------------------------------------------------
    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        Tensor = _tensor_cls()
        if not isinstance(repeats, (Tensor, int, np.integer)):
            raise invalid_call("repeat_interleave", (repeats,) if dim is None else (repeats, dim),
                               method=True)
        if isinstance(repeats, Tensor):
            if repeats._array.dtype.kind not in "iu":
                raise NotImplementedError('"repeat_interleave_cpu" not implemented for '
                                          f"'{SCALAR_TYPE[repeats._array.dtype.name]}'")
            if repeats._array.ndim > 1:
                raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        x = self.reshape(-1) if dim is None else self
        d = 0 if dim is None else x._dim(dim)
        if x._array.ndim == 0:
            x = x.reshape(1)
        n = x._array.shape[d]
        if isinstance(repeats, Tensor):
            counts = repeats._array.reshape(-1)
            if counts.size == 1:
                counts = np.broadcast_to(counts, (n,))
            if counts.size != n:
                raise RuntimeError("repeats must have the same size as input along dim, but got "
                                   f"repeats.size(0) = {counts.size} and input.size({d}) = {n}")
            if (counts < 0).any():
                raise RuntimeError("repeats can not be negative")
            index = Tensor._make(np.repeat(np.arange(n), counts), None)
            return x.index_select(d, index)
        r = int(repeats.item() if isinstance(repeats, Tensor) else repeats)
        if r < 0:
            raise RuntimeError("Repeats must be non-negative")
        shape = x._array.shape
        copies = x.unsqueeze(d + 1).expand(shape[:d + 1] + (r,) + shape[d + 1:])
        return copies.reshape(shape[:d] + (n * r,) + shape[d + 1:])

    def unflatten(self, dim, sizes):
        from ._tensor_shape import int_list
        d = self._dim_of("unflatten", dim, signature="int dim, tuple of ints sizes")
        if not isinstance(sizes, (tuple, list)):
            raise TypeError("unflatten(): argument 'sizes' (position 2) must be tuple of ints, "
                            f"not {type(sizes).__name__}")
        sizes = int_list("unflatten", "sizes", (sizes,), position=2)
        if not sizes:
            raise RuntimeError("unflatten: sizes must be non-empty")
        n = self._array.shape[d]
        known = int(np.prod([s for s in sizes if s != -1]))
        full = tuple(n // known if s == -1 and known else s for s in sizes)
        if int(np.prod(full)) != n:
            raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                               f"size of dim {dim} ({n}) in the input tensor")
        shape = self._array.shape
        return self.reshape(shape[:d] + full + shape[d + 1:])

    def ravel(self):
        return self.reshape(-1)

    # -- norms and differences -----------------------------------------------------------
    def renorm(self, p, dim, maxnorm):
        if p <= 0:
            raise RuntimeError("renorm: non-positive-norm not supported")
        if maxnorm < 0:
            raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm:g}")
        if self._array.ndim < 2:
            raise RuntimeError(f"renorm: input needs at least 2 dimensions, got "
                               f"{self._array.ndim} dimensions")
        if self._array.dtype.kind != "f":
            raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                               f"as input. Got {SCALAR_TYPE[self._array.dtype.name]}")
        d = self._dim(dim)
        others = tuple(k for k in range(self._array.ndim) if k != d)
        norms = self.norm(p, others, keepdim=True) if others else self.abs()
        # sub-tensors with a norm above maxnorm are scaled down to it (torch adds 1e-7)
        scale = (maxnorm / (norms + 1e-7)).where(norms > maxnorm, 1.0)
        return _renamed(self * scale, "RenormBackward0")

    def renorm_(self, p, dim, maxnorm):
        return self._inplace(lambda: self.renorm(p, dim, maxnorm))

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        from ._creation import cat
        if self._array.ndim == 0:
            raise RuntimeError("diff expects input to be at least one-dimensional")
        if n < 0:
            raise RuntimeError(f"order must be non-negative but got {n}")
        d = self._dim(dim)
        for extra in (prepend, append):
            if extra is not None:
                _tensor_arg("diff", "prepend" if extra is prepend else "append", extra)
                if extra.ndim == self.ndim:
                    for k, (a, b) in enumerate(zip(self.shape, extra.shape, strict=True)):
                        if k != d and a != b:
                            raise RuntimeError(
                                "diff expects the shape of tensor to prepend or append to match "
                                "that of input except along the differencing dimension; "
                                f"input.size({k}) = {a}, but got tensor.size({k}) = {b}")
        x = self
        for extra, first in ((prepend, True), (append, False)):
            if extra is None:
                continue
            extra = extra if isinstance(extra, _tensor_cls()) else _tensor_cls()._make(
                np.broadcast_to(np.asarray(extra, self._array.dtype),
                                self.shape[:d] + (1,) + self.shape[d + 1:]), None)
            if extra.ndim != self.ndim:
                raise RuntimeError("diff expects prepend or append to be the same dimension as "
                                   "input")
            x = cat([extra, x] if first else [x, extra], d)
        for _ in range(n):
            length = x._array.shape[d]
            if length == 0:
                break
            later, earlier = x.narrow(d, 1, length - 1), x.narrow(d, 0, length - 1)
            x = later != earlier if x._array.dtype == np.bool_ else later - earlier
        return x

    # -- covariance and correlation ------------------------------------------------------------
    def cov(self, *, correction=1, fweights=None, aweights=None):
        if self._array.ndim > 2:
            raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an "
                               f"input with {self._array.ndim} dimensions")
        if self._array.dtype == np.bool_:
            raise NotImplementedError("cov(): bool dtype is not supported for input")
        if not isinstance(correction, (int, np.integer)):
            raise TypeError("cov(): argument 'correction' must be int, not "
                            f"{type(correction).__name__}")
        x = self._floating().reshape(1, -1) if self._array.ndim < 2 else self._floating()
        n = x._array.shape[1]
        _check_weights("fweights", fweights, n)
        _check_weights("aweights", aweights, n)
        w = None
        if fweights is not None:
            w = fweights
        if aweights is not None:
            w = aweights if w is None else w * aweights
        w_sum = w.sum().to(x.dtype) if w is not None else n
        mean = (x * w).sum(1) / w_sum if w is not None else x.mean(1)
        if w is not None and aweights is not None and correction != 0:
            norm = w_sum - correction * (w * aweights).sum() / w_sum
        else:
            norm = w_sum - correction
        if float(norm) <= 0:
            warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                          "than the number of observations.", UserWarning, stacklevel=2)
            norm = 0 * norm if isinstance(norm, _tensor_cls()) else 0.0
        centred = x - mean.unsqueeze(1)
        weighted = centred * w if w is not None else centred
        return (centred.mm(weighted.t()) / norm).squeeze()

    def corrcoef(self):
        if self._array.ndim > 2:
            raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but "
                               f"got an input with {self._array.ndim} dimensions")
        c = self.cov()
        if c.ndim == 0:
            return c / c
        spread = c.diag().sqrt()
        c = c / spread.unsqueeze(1)
        c = c / spread.unsqueeze(0)
        return c.clamp(-1, 1)

    # -- products ------------------------------------------------------------------------------
    def outer(self, vec2):
        _tensor_arg("outer", "vec2", vec2)
        for name, v in (("self", self), ("vec2", vec2)):
            if v._array.ndim != 1:
                raise RuntimeError(f"outer: Expected 1-D argument {name}, but got "
                                   f"{v._array.ndim}-D")
        return self.reshape(-1, 1) * vec2.reshape(1, -1)

    def ger(self, vec2):
        _tensor_arg("ger", "vec2", vec2)
        warnings.warn("torch.ger is deprecated and will be removed in a future PyTorch release. "
                      "Use torch.outer instead.", UserWarning, stacklevel=2)
        return self.outer(vec2)

    def inner(self, other):
        _tensor_arg("inner", "other", other)
        if self._array.ndim == 0 or other._array.ndim == 0:
            return self * other
        if self._array.dtype != other._array.dtype:
            raise RuntimeError("both inputs should have same dtype")
        k = self._array.shape[-1]
        if other._array.shape[-1] != k:
            raise RuntimeError("inner() the last dimension must match on both input tensors but "
                               f"got shapes {list(self.shape)} and {list(other.shape)}")
        if self._array.ndim == other._array.ndim == 1 and self._array.dtype == np.bool_:
            raise NotImplementedError(_not_for("dot", self))       # torch's inner of vectors
        product = self.reshape(-1, k).mm(other.reshape(-1, k).t())
        return product.reshape(self.shape[:-1] + other.shape[:-1])

    def kron(self, other):
        _tensor_arg("kron", "other", other)
        a, b = _promote(self, other)
        nd = max(a.ndim, b.ndim)
        sa = (1,) * (nd - a.ndim) + tuple(a.shape)
        sb = (1,) * (nd - b.ndim) + tuple(b.shape)
        # out[i * nb + j] = a[i] * b[j] on every axis: interleave a's and b's axes
        spread_a = a.reshape(tuple(n for s in sa for n in (s, 1)))
        spread_b = b.reshape(tuple(n for s in sb for n in (1, s)))
        out = (spread_a * spread_b).reshape(tuple(x * y for x, y in zip(sa, sb, strict=True)))
        return _renamed(out, "UnsafeViewBackward0")

    def cross(self, other, dim=None):
        _tensor_arg("cross", "other", other)
        if self._array.ndim != other._array.ndim:
            raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
        from ._tensor_pointwise import _check_broadcast
        _check_broadcast(self, other)
        shape = np.broadcast_shapes(self._array.shape, other._array.shape)
        if dim is None and 3 not in shape:
            raise RuntimeError("no dimension of size 3 in input")
        if dim is None:
            warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\n"
                          "Please either pass the dim explicitly or simply use "
                          "torch.linalg.cross.\nThe default value of dim will change to agree "
                          "with that of linalg.cross in a future release.", UserWarning,
                          stacklevel=2)
            dim = next((k for k, n in enumerate(shape) if n == 3), -1)
        d = self._dim(dim)
        if self._array.shape[d] != 3 or other._array.shape[d] != 3:
            raise RuntimeError(f"linalg.cross: inputs dimension {d} must have length 3. Got "
                               f"{self._array.shape[d]} and {other._array.shape[d]}")
        if self._array.dtype == np.bool_:       # the kernel refuses bools before it compares
            raise NotImplementedError(_not_for("cross", self))
        if self._array.dtype != other._array.dtype:
            raise RuntimeError(f"expected scalar type {SCALAR_TYPE[self._array.dtype.name]} but "
                               f"found {SCALAR_TYPE[other._array.dtype.name]}")
        return ra.Cross.apply(self, other, d)

    # -- counting (not differentiable) -----------------------------------------------------------
    def histc(self, bins=100, min=0, max=0):
        _int_arg("histc", "bins", bins)
        _positive_bins(bins)
        low, high = float(min), float(max)
        if low > high:
            raise RuntimeError("torch.histc: max must be larger than min")
        if low == high and self._array.size:
            low, high = float(self._array.min()), float(self._array.max())
        if low == high:
            low, high = low - 1, high + 1
        _histogram_kernel(self, (low, high))
        counts, _ = np.histogram(self._array, int(bins), (low, high))
        return _tensor_cls()._make(counts.astype(self._array.dtype), None)

    def histogram(self, bins=100, *, range=None, weight=None, density=False):
        Tensor = _tensor_cls()
        edges = bins._array if isinstance(bins, Tensor) else int(bins)
        if not isinstance(bins, Tensor):
            _positive_bins(edges)
        if range is not None and range[0] > range[1]:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                               f"{range[0]:g} max {range[1]:g} for dimension 0")
        if isinstance(edges, np.ndarray) and edges.dtype != self._array.dtype:
            raise RuntimeError("torch.histogramdd: input tensor and bins tensors should have the "
                               f"same dtype, but got input with dtype {_word(self)} and bins for "
                               f"dimension 0 with dtype {_word(bins)}")
        if self.dtype.name not in ("float32", "float64"):
            if isinstance(bins, Tensor) or range is not None:
                _histogram_kernel(self, range)
            else:               # the edges span the input's min and max: float32/64 only
                raise NotImplementedError('"histogramdd" not implemented for '
                                          f"'{SCALAR_TYPE[self._array.dtype.name]}'")
        if weight is not None and tuple(weight.shape) != tuple(self.shape):
            raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have "
                               "the same shape as the input tensor excluding its innermost "
                               f"dimension, but got input with shape [{self._array.size}, 1] "
                               f"and weight with shape {list(weight.shape)}")
        if weight is not None and weight._array.dtype != self._array.dtype:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor "
                               "and weight tensor should have the same dtype, but got "
                               f"input({_word(self)}), and weight({_word(weight)})")
        weights = None if weight is None else weight._array
        hist, edges = np.histogram(self._array, edges, range, weights=weights, density=density)
        dt = self._array.dtype
        return histogram_type(Tensor._make(hist.astype(dt), None),
                              Tensor._make(edges.astype(dt), None))

    def bincount(self, weights=None, minlength=0):
        Tensor = _tensor_cls()
        if self._array.dtype.kind not in "iu":
            raise NotImplementedError('"bincount_cpu" not implemented for '
                                      f"'{SCALAR_TYPE[self._array.dtype.name]}'")
        if self._array.ndim != 1 or (self._array.size and self._array.min() < 0):
            raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
        if minlength < 0:
            raise RuntimeError("minlength should be >= 0")
        if weights is None:
            return Tensor._make(np.bincount(self._array, minlength=minlength).astype(np.int64),
                                None)
        if weights._array.ndim != 1 or weights._array.size != self._array.size:
            raise RuntimeError("weights should be 1-d and have the same length as input")
        dt = weights._array.dtype if weights._array.dtype.kind == "f" else np.float64
        counts = np.bincount(self._array, weights._array, minlength)
        return Tensor._make(counts.astype(dt), None)

    # -- integer arithmetic ----------------------------------------------------------------------
    def gcd(self, other):
        return _integer_op(np.gcd, "gcd_cpu", self, other)

    def lcm(self, other):
        return _integer_op(np.lcm, "lcm_cpu", self, other)

    def gcd_(self, other):
        return self._inplace_of("gcd", other)

    def lcm_(self, other):
        return self._inplace_of("lcm", other)


def _histogram_kernel(t, span) -> None:
    """torch spaces the bin edges over ``span`` in the input's dtype (bools have no
    linspace, integers must hold the ends), then counts with a kernel for floats only."""
    if t.dtype.is_floating_point:
        return
    if span is not None:
        if t._array.dtype == np.bool_:
            raise NotImplementedError('"linspace_cpu" not implemented for \'Bool\'')
        for end in span:
            _dtype.checked_scalar(float(end), t._array.dtype)
    _floating_only(t, "histogram_cpu")


def _positive_bins(bins) -> None:
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")


def _check_weights(name, w, n) -> None:
    """cov's fweights/aweights: a vector of ``n`` non-negative weights of the right kind."""
    if w is None:
        return
    if not isinstance(w, _tensor_cls()):
        raise TypeError(f"cov(): argument '{name}' must be Tensor, not {type(w).__name__}")
    if w.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.ndim} dimensions")
    if w.numel() != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {n}")
    kind = w._array.dtype.kind
    if name == "fweights" and kind not in "iu":
        raise RuntimeError("cov(): expected fweights to have integral dtype but got fweights "
                           f"with {SCALAR_TYPE[w._array.dtype.name]} dtype")
    if name == "aweights" and kind != "f":
        raise RuntimeError("cov(): expected aweights to have floating point dtype but got "
                           f"aweights with {SCALAR_TYPE[w._array.dtype.name]} dtype")
    if (w._array < 0).any():
        raise RuntimeError(f"cov(): {name} cannot be negative")


def _word(t) -> str:
    from ._out import C_TYPE
    return C_TYPE[t._array.dtype.name]


def _integer_op(fn, kernel, a, b):
    if not isinstance(b, _tensor_cls()):
        raise TypeError(f"{kernel[:3]}(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(b).__name__}")
    a, b = _promote(a, b)
    if a._array.shape != b._array.shape:
        from ._tensor_pointwise import _check_broadcast
        _check_broadcast(a, b)
    if a._array.dtype.kind not in "iu":
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{SCALAR_TYPE[a._array.dtype.name]}'")
    other = b._array if isinstance(b, _tensor_cls()) else b
    return _tensor_cls()._make(np.asarray(fn(a._array, other)).astype(a._array.dtype), None)
