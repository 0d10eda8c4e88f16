"""Hypothesis strategies for the op table: input shapes, and op parameters drawn from them.

A shape strategy is ``f(max_dims, max_side) -> strategy of a tuple of shapes``;
a parameter strategy is ``f(shapes) -> strategy of a kwargs dict``.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


# -- input shape strategies ------------------------------------------------------------------
def unary(min_dims=0, min_side=1):
    def shapes(max_dims, max_side):
        return hnp.array_shapes(min_dims=min_dims, max_dims=max(max_dims, min_dims),
                                min_side=min_side, max_side=max(max_side, min_side)
                                ).map(lambda s: (s,))
    return shapes


def broadcast(n=2):
    def shapes(max_dims, max_side):
        return hnp.mutually_broadcastable_shapes(
            num_shapes=n, min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side
        ).map(lambda b: b.input_shapes)
    return shapes


def matmul_shapes(max_dims, max_side):
    @st.composite
    def draw(draw):
        n, k, m = (draw(st.integers(1, max_side)) for _ in range(3))
        kinds = draw(st.tuples(st.sampled_from("vmb"), st.sampled_from("vmb")))
        batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1,
                                                       max_dims=max(1, max_dims - 2),
                                                       max_side=max_side)).input_shapes
        left = {"v": (k,), "m": (n, k), "b": batch[0] + (n, k)}[kinds[0]]
        right = {"v": (k,), "m": (k, m), "b": batch[1] + (k, m)}[kinds[1]]
        return left, right
    return draw()


def mm_shapes(max_dims, max_side):
    side = st.integers(1, max_side)
    return st.tuples(side, side, side).map(lambda s: ((s[0], s[1]), (s[1], s[2])))


def bmm_shapes(max_dims, max_side):
    side = st.integers(1, max_side)
    return st.tuples(side, side, side, side).map(
        lambda s: ((s[0], s[1], s[2]), (s[0], s[2], s[3])))


def joined_shapes(max_dims, max_side):
    """2-3 shapes equal except along one dim (the ``dim`` param picks it), for cat."""
    @st.composite
    def draw(draw):
        base = draw(hnp.array_shapes(min_dims=1, max_dims=max_dims, max_side=max_side))
        dim = draw(st.integers(0, len(base) - 1))
        sizes = draw(st.lists(st.integers(1, max_side), min_size=2, max_size=3))
        return tuple(base[:dim] + (n,) + base[dim + 1:] for n in sizes)
    return draw()


def same_shapes(n):
    def shapes(max_dims, max_side):
        return hnp.array_shapes(min_dims=0, max_dims=max_dims, max_side=max_side).map(
            lambda s: (s,) * n)
    return shapes


# -- parameter strategies (drawn from the input shapes) -------------------------------------
def _dim(nd):
    """A valid dim for an nd-tensor (0-d tensors accept 0 and -1), negative ones included."""
    span = max(nd, 1)
    return st.integers(-span, span - 1)


def one_dim(shapes):
    return st.fixed_dictionaries({"dim": _dim(len(shapes[0]))})


def dim_keepdim(shapes):
    return st.fixed_dictionaries({"dim": _dim(len(shapes[0])), "keepdim": st.booleans()})


def dims_keepdim(shapes, most=None):
    """One dim or a tuple of distinct dims (at most ``most``), plus keepdim."""
    nd = len(shapes[0])
    most = nd if most is None else min(most, nd)
    several = st.lists(st.integers(0, nd - 1), min_size=1, max_size=most, unique=True).flatmap(
        lambda ds: st.tuples(*[st.sampled_from([d, d - nd]) for d in ds])) if nd else _dim(0)
    return st.fixed_dictionaries({"dim": st.one_of(_dim(nd), several),
                                  "keepdim": st.booleans()})


def two_dims_keepdim(shapes):
    """Like dims_keepdim with at most 2 dims (torch's norm takes 3+ as a matrix norm)."""
    return dims_keepdim(shapes, most=2)


def cat_dim(shapes):
    """The dim along which the shapes differ (any dim when they are all equal)."""
    nd = len(shapes[0])
    differ = [d for d in range(nd) if len({s[d] for s in shapes}) > 1]
    dims = differ or list(range(nd))
    return st.sampled_from(dims).flatmap(
        lambda d: st.fixed_dictionaries({"dim": st.sampled_from([d, d - nd])}))


def stack_dim(shapes):
    nd = len(shapes[0]) + 1
    return st.fixed_dictionaries({"dim": st.integers(-nd, nd - 1)})


def two_dims(shapes):
    return st.fixed_dictionaries({"d0": _dim(len(shapes[0])), "d1": _dim(len(shapes[0]))})


def permutation(shapes):
    nd = len(shapes[0])
    return st.fixed_dictionaries({"dims": st.permutations(range(nd)).map(tuple)})


def reshape_target(shapes):
    """A new shape with the same number of elements (one entry may be -1)."""
    size = int(np.prod(shapes[0], dtype=np.int64))
    factors = [f for f in range(1, size + 1) if size % f == 0]

    @st.composite
    def draw(draw):
        first = draw(st.sampled_from(factors))
        rest = size // first
        shape = [first, rest] if draw(st.booleans()) else [first, 1, rest]
        if draw(st.booleans()):
            shape[draw(st.integers(0, len(shape) - 1))] = -1
        return {"shape": tuple(shape)}
    return draw()


def expand_target(shapes):
    """Grow size-1 dims and maybe add leading dims; keep a dim as -1 now and then."""
    shape = shapes[0]

    @st.composite
    def draw(draw):
        lead = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
        body = tuple(draw(st.integers(1, 3)) if n == 1 else draw(st.sampled_from([n, -1]))
                     for n in shape)
        return {"size": lead + body}
    return draw()


def bool_mask(shapes):
    shape = shapes[0]
    return st.fixed_dictionaries({"mask": hnp.arrays(np.bool_, shape)})


def int_index(shapes):
    """An integer index array into dim 0 (repeats allowed: gradients must add up)."""
    n = shapes[0][0]
    return st.fixed_dictionaries({"index": st.lists(st.integers(-n, n - 1), min_size=1,
                                                    max_size=6)})


def slices(shapes):
    """A tuple of slices / ints, one per leading dim."""
    @st.composite
    def draw(draw):
        key = []
        for n in shapes[0][:draw(st.integers(1, len(shapes[0])))]:
            if draw(st.booleans()):
                key.append(draw(st.integers(-n, n - 1)))
            else:
                start = draw(st.integers(-n, n))
                step = draw(st.integers(1, 2))
                key.append(slice(start, None, step))
        return {"key": tuple(key)}
    return draw()


def squeeze_dim(shapes):
    return st.fixed_dictionaries({"dim": st.one_of(st.none(), _dim(len(shapes[0])))})


def unsqueeze_dim(shapes):
    nd = len(shapes[0]) + 1
    return st.fixed_dictionaries({"dim": st.integers(-nd, nd - 1)})


def flatten_dims(shapes):
    nd = max(len(shapes[0]), 1)
    return st.tuples(st.integers(0, nd - 1), st.integers(0, nd - 1)).map(
        lambda p: {"start_dim": min(p), "end_dim": max(p) - nd})
