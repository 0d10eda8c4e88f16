"""Hypothesis strategies for the indexing and "other operations" rows of the op table.

Shape strategies are ``f(max_dims, max_side) -> strategy of shapes``; parameter
strategies ``f(shapes) -> strategy of a kwargs dict`` (index arrays included).
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SEEDS = st.integers(0, 2 ** 32 - 1)


def _signed(dim, nd):
    """``dim`` or its negative spelling."""
    return st.sampled_from([dim, dim - nd])


# -- shapes ------------------------------------------------------------------------------------
def along_dim_shapes(at_most=False):
    """(self, source): equal but for one dim (for index_add/index_copy); ``at_most``
    keeps the source no longer than self along it (room for distinct indices)."""
    def shapes(max_dims, max_side):
        @st.composite
        def draw(draw):
            base = draw(hnp.array_shapes(min_dims=1, max_dims=max_dims, max_side=max_side))
            dim = draw(st.integers(0, len(base) - 1))
            n = draw(st.integers(1, base[dim] if at_most else max_side))
            return base, base[:dim] + (n,) + base[dim + 1:]
        return draw()
    return shapes


def put_shapes(max_dims, max_side):
    """(self, source): a 1-d source no longer than self has elements."""
    @st.composite
    def draw(draw):
        base = draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, max_side=max_side))
        size = int(np.prod(base, dtype=np.int64))
        return base, (draw(st.integers(1, size)),)
    return draw()


def square_shapes(max_dims, max_side):
    """One matrix shape (for trace)."""
    return st.tuples(st.integers(1, max_side), st.integers(1, max_side)).map(lambda s: (s,))


def vector_pairs(max_dims, max_side):
    side = st.integers(1, max_side)
    return st.tuples(side, side).map(lambda s: ((s[0],), (s[1],)))


def cross_shapes(max_dims, max_side):
    """Two broadcastable shapes of equal rank with a dim of length 3 in both."""
    @st.composite
    def draw(draw):
        base = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1,
                                                      max_dims=max(1, max_dims - 1),
                                                      max_side=max_side)).input_shapes
        nd = max(len(base[0]), len(base[1]))
        a, b = ((1,) * (nd - len(s)) + s for s in base)
        dim = draw(st.integers(0, nd))
        return a[:dim] + (3,) + a[dim:], b[:dim] + (3,) + b[dim:]
    return draw()


def cdist_shapes(max_dims, max_side):
    @st.composite
    def draw(draw):
        batch = draw(st.sampled_from([(), (2,)]))
        p, r, m = (draw(st.integers(1, max_side)) for _ in range(3))
        return batch + (p, m), batch + (r, m)
    return draw()


def blocks(max_dims, max_side):
    """1-3 shapes of rank 0-2 for block_diag."""
    return st.lists(hnp.array_shapes(min_dims=0, max_dims=2, max_side=max_side), min_size=1,
                    max_size=3).map(tuple)


def vectors(n):
    def shapes(max_dims, max_side):
        return st.tuples(*[st.integers(1, max_side).map(lambda k: (k,))
                           for _ in range(n)])
    return shapes


# -- parameters -----------------------------------------------------------------------------------
def _random_index(draw, shape, dim, ishape, distinct):
    """An index array of ``ishape`` into ``shape`` along ``dim``; ``distinct`` makes the
    entries of each line along ``dim`` different (writes then never collide)."""
    rng = np.random.default_rng(draw(SEEDS))
    if distinct:
        full = list(ishape)
        full[dim] = shape[dim]
        order = np.argsort(rng.random(full), axis=dim)
        return np.take(order, np.arange(ishape[dim]), axis=dim).astype(np.int64)
    return rng.integers(0, shape[dim], ishape).astype(np.int64)


def gather_index(shapes):
    """dim and an index no larger than the input except along dim (repeats allowed)."""
    shape = shapes[0]

    @st.composite
    def draw(draw):
        nd = len(shape)
        dim = draw(st.integers(0, nd - 1))
        ishape = tuple(draw(st.integers(1, 3)) if k == dim else draw(st.integers(1, n))
                       for k, n in enumerate(shape))
        return {"dim": draw(_signed(dim, nd)),
                "index": _random_index(draw, shape, dim, ishape, False)}
    return draw()


def scatter_index(distinct):
    """dim and an index no larger than self and src (same shapes), for the scatter family."""
    def params(shapes):
        shape = shapes[0]

        @st.composite
        def draw(draw):
            nd = len(shape)
            dim = draw(st.integers(0, nd - 1))
            ishape = tuple(draw(st.integers(1, n)) for n in shape)
            return {"dim": draw(_signed(dim, nd)),
                    "index": _random_index(draw, shape, dim, ishape, distinct)}
        return draw()
    return params


def scatter_reduce_params(shapes):
    return st.tuples(scatter_index(False)(shapes), st.sampled_from(
        ["sum", "prod", "mean", "amax", "amin"]), st.booleans()).map(
        lambda p: {**p[0], "reduce": p[1], "include_self": p[2]})


def vector_index(shapes):
    """dim and a 1-d index along it, repeats allowed (index_select, index_fill)."""
    shape = shapes[0]

    @st.composite
    def draw(draw):
        nd = len(shape)
        dim = draw(st.integers(0, nd - 1))
        n = shape[dim]
        index = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4))
        return {"dim": draw(_signed(dim, nd)), "index": np.array(index, np.int64)}
    return draw()


def along_dim_index(distinct):
    """The dim where self and source differ and an index of source's length along it."""
    def params(shapes):
        a, b = shapes
        nd = len(a)
        dims = [k for k in range(nd) if a[k] != b[k]] or list(range(nd))

        @st.composite
        def draw(draw):
            dim = draw(st.sampled_from(dims))
            rng = np.random.default_rng(draw(SEEDS))
            index = rng.permutation(a[dim])[:b[dim]] if distinct else rng.integers(
                0, a[dim], b[dim])
            return {"dim": draw(_signed(dim, nd)), "index": index.astype(np.int64)}
        return draw()
    return params


def take_index(shapes):
    size = int(np.prod(shapes[0], dtype=np.int64))
    return st.fixed_dictionaries({"index": hnp.arrays(
        np.int64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3),
        elements=st.integers(-size, size - 1))})


def put_index(shapes):
    """Flat positions for put: distinct unless accumulating."""
    size = int(np.prod(shapes[0], dtype=np.int64))
    count = shapes[1][0]

    @st.composite
    def draw(draw):
        accumulate = draw(st.booleans())
        rng = np.random.default_rng(draw(SEEDS))
        index = rng.integers(-size, size, count) if accumulate else \
            rng.permutation(size)[:count] - draw(st.sampled_from([0, size]))
        return {"index": index.astype(np.int64), "accumulate": accumulate}
    return draw()


def take_along_index(shapes):
    """Indices of the input's rank (broadcasting against it), or a flat one with dim=None."""
    shape = shapes[0]

    @st.composite
    def draw(draw):
        nd = len(shape)
        rng = np.random.default_rng(draw(SEEDS))
        if draw(st.booleans()):
            size = int(np.prod(shape, dtype=np.int64))
            return {"index": rng.integers(0, size, draw(st.integers(1, 4))).astype(np.int64),
                    "dim": None}
        dim = draw(st.integers(0, nd - 1))
        ishape = tuple(draw(st.integers(1, 3)) if k == dim else draw(st.sampled_from([1, n]))
                       for k, n in enumerate(shape))
        return {"index": rng.integers(0, shape[dim], ishape).astype(np.int64),
                "dim": draw(_signed(dim, nd))}
    return draw()


def select_params(shapes):
    shape = shapes[0]
    return st.integers(0, len(shape) - 1).flatmap(lambda d: st.fixed_dictionaries({
        "dim": _signed(d, len(shape)), "index": st.integers(-shape[d], shape[d] - 1)}))


def narrow_params(shapes):
    shape = shapes[0]

    @st.composite
    def draw(draw):
        d = draw(st.integers(0, len(shape) - 1))
        start = draw(st.integers(0, shape[d] - 1))
        return {"dim": draw(_signed(d, len(shape))), "start": start,
                "length": draw(st.integers(0, shape[d] - start))}
    return draw()


def slice_params(shapes):
    shape = shapes[0]

    @st.composite
    def draw(draw):
        d = draw(st.integers(0, len(shape) - 1))
        start = draw(st.one_of(st.none(), st.integers(0, shape[d])))
        end = draw(st.one_of(st.none(), st.integers(0, shape[d])))
        return {"dim": draw(_signed(d, len(shape))), "start": start, "end": end,
                "step": draw(st.integers(1, 2))}
    return draw()


def diagonal_params(shapes):
    """offset and two distinct dims (for diagonal, diagonal_scatter)."""
    nd = len(shapes[0])

    @st.composite
    def draw(draw):
        d1, d2 = draw(st.permutations(range(nd)))[:2]
        return {"offset": draw(st.integers(-2, 2)), "dim1": draw(_signed(d1, nd)),
                "dim2": draw(_signed(d2, nd))}
    return draw()


def embed_params(shapes):
    """offset and two distinct dims of the output (rank + 1) for diag_embed."""
    nd = len(shapes[0]) + 1

    @st.composite
    def draw(draw):
        d1, d2 = draw(st.permutations(range(nd)))[:2]
        return {"offset": draw(st.integers(-2, 2)), "dim1": draw(_signed(d1, nd)),
                "dim2": draw(_signed(d2, nd))}
    return draw()


def flip_dims(shapes):
    nd = len(shapes[0])
    return st.lists(st.integers(0, max(nd - 1, 0)), unique=True, max_size=nd).flatmap(
        lambda ds: st.tuples(*[_signed(d, nd) for d in ds])).map(lambda ds: {"dims": ds})


def roll_params(shapes):
    nd = len(shapes[0])

    @st.composite
    def draw(draw):
        if not nd or draw(st.booleans()):
            return {"shifts": draw(st.integers(-5, 5)), "dims": None}
        dims = draw(st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd))
        return {"shifts": tuple(draw(st.integers(-5, 5)) for _ in dims), "dims": tuple(dims)}
    return draw()


def rot90_params(shapes):
    nd = len(shapes[0])
    return st.tuples(st.integers(-5, 5), st.permutations(range(nd))).map(
        lambda p: {"k": p[0], "dims": tuple(p[1][:2])})


def diagonal_offset(shapes):
    return st.fixed_dictionaries({"diagonal": st.integers(-3, 3)})


def repeat_sizes(shapes):
    nd = len(shapes[0])
    return st.lists(st.integers(1, 3), min_size=max(nd, 1), max_size=nd + 1).map(
        lambda s: {"sizes": tuple(s)})


def tile_sizes(shapes):
    return st.lists(st.integers(1, 3), min_size=0, max_size=len(shapes[0]) + 1).map(
        lambda s: {"sizes": tuple(s)})


def interleave_params(shapes):
    shape = shapes[0]

    @st.composite
    def draw(draw):
        if not shape or draw(st.booleans()):
            dim = None if not shape or draw(st.booleans()) else draw(
                st.integers(0, len(shape) - 1))
            return {"repeats": draw(st.integers(0, 3)), "dim": dim}
        dim = draw(st.integers(0, len(shape) - 1))
        return {"repeats": np.array(draw(st.lists(st.integers(0, 3), min_size=shape[dim],
                                                  max_size=shape[dim])), np.int64),
                "dim": draw(_signed(dim, len(shape)))}
    return draw()


def unflatten_params(shapes):
    shape = shapes[0]

    @st.composite
    def draw(draw):
        d = draw(st.integers(0, len(shape) - 1))
        n = shape[d]
        first = draw(st.sampled_from([f for f in range(1, n + 1) if n % f == 0]))
        sizes = [first, n // first]
        if draw(st.booleans()):
            sizes[draw(st.integers(0, 1))] = -1
        return {"dim": draw(_signed(d, len(shape))), "sizes": tuple(sizes)}
    return draw()


def renorm_params(shapes):
    nd = len(shapes[0])
    return st.fixed_dictionaries({"p": st.sampled_from([1, 2, 3]),
                                  "dim": st.integers(-nd, nd - 1),
                                  "maxnorm": st.sampled_from([0.5, 1.0, 2.0])})


def diff_params(shapes):
    nd = len(shapes[0])
    return st.fixed_dictionaries({"n": st.integers(1, 2), "dim": st.integers(-nd, nd - 1),
                                  "prepend": st.booleans()})


def movedim_params(shapes):
    nd = len(shapes[0])

    @st.composite
    def draw(draw):
        k = draw(st.integers(1, nd))
        src = draw(st.permutations(range(nd)))[:k]
        dst = draw(st.permutations(range(nd)))[:k]
        if k == 1 and draw(st.booleans()):
            return {"source": src[0], "destination": dst[0] - nd}
        return {"source": tuple(src), "destination": tuple(dst)}
    return draw()


def split_sections(shapes):
    shape = shapes[0]
    return st.integers(0, len(shape) - 1).flatmap(lambda d: st.fixed_dictionaries({
        "dim": st.just(d),
        "sections": st.one_of(st.integers(1, 4), st.lists(st.integers(0, shape[d] + 1),
                                                           max_size=3).map(sorted))}))


def cdist_p(shapes):
    return st.fixed_dictionaries({"p": st.sampled_from([1.0, 2.0, 1.5, 3.0, float("inf")])})


def tensordot_dims(shapes):
    """Contract the last k dims of a with the first k of b (shapes made to match)."""
    return st.fixed_dictionaries({"dims": st.integers(0, 2)})


def cross_dim(shapes):
    a, b = shapes
    dims = [k for k in range(len(a)) if a[k] == 3 and b[k] == 3]
    return st.sampled_from(dims).map(lambda d: {"dim": d})


def row_index(shapes):
    """Rows of dim 0 for index_put: distinct unless accumulating."""
    n = shapes[0][0]

    @st.composite
    def draw(draw):
        accumulate = draw(st.booleans())
        rng = np.random.default_rng(draw(SEEDS))
        count = draw(st.integers(1, n if not accumulate else 4))
        index = rng.integers(-n, n, count) if accumulate else rng.permutation(n)[:count]
        return {"index": index.astype(np.int64), "accumulate": accumulate}
    return draw()
