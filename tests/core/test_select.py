"""``ops.select``: NumPy's ``where`` without a branch per element, for large arrays."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from minigrad.ops import SELECT_MIN_SIZE, select

DTYPES = [np.float32, np.float64, np.float16, np.int64, np.int32, np.int8, np.uint8, np.bool_]


def _bits(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a).tobytes()


@settings(max_examples=60, deadline=None)
@given(dtype=st.sampled_from(DTYPES), rows=st.integers(1, 90), seed=st.integers(0, 2**31),
       form=st.sampled_from(["arrays", "scalar y", "column cond", "row x", "transposed"]))
def test_select_gives_the_bits_of_where(dtype, rows, seed, form):
    rng = np.random.default_rng(seed)
    shape = (rows, SELECT_MIN_SIZE // 40)         # from below to above the cut-off
    special = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf]) if np.dtype(dtype).kind == "f" \
        else np.zeros(0)
    x = np.concatenate([special, rng.standard_normal(shape[0] * shape[1]) * 50])
    x = x[:shape[0] * shape[1]].reshape(shape).astype(dtype)
    y = (rng.standard_normal(shape) * 50).astype(dtype)
    cond = rng.random(shape) < 0.5
    if form == "scalar y":
        y = np.zeros((), dtype)
    elif form == "column cond":
        cond = cond[:, :1]
    elif form == "row x":
        x = x[:1]
    elif form == "transposed":
        x, y, cond = x.T, y.T, cond.T
    got, want = select(cond, x, y), np.where(cond, x, y)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert _bits(got) == _bits(want)


def test_select_calls_where_only_below_the_cut_off(monkeypatch):
    calls = []
    where = np.where
    monkeypatch.setattr(np, "where", lambda *args: calls.append(1) or where(*args))
    for size in (SELECT_MIN_SIZE - 1, SELECT_MIN_SIZE):
        x = np.arange(size, dtype=np.float32)
        assert (select(x % 2 == 0, x, -x) == where(x % 2 == 0, x, -x)).all()
    assert calls == [1]                   # the small one only
