"""minigrad's thread settings and thread pool (minigrad/_parallel.py)."""
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import minigrad
from minigrad import _blas, _parallel


@pytest.fixture
def three_threads():
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(3)
    yield
    minigrad.set_num_threads(previous)


def test_default_is_the_cores_this_process_may_use():
    code = "import minigrad; print(minigrad.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.getcwd()), timeout=120)
    assert int(out.stdout) == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("name", ["set_num_threads", "set_num_interop_threads"])
@pytest.mark.parametrize("value", [0, -1, 2.0])
def test_thread_counts_are_checked_like_torch(name, value):
    import torch
    with pytest.raises(RuntimeError) as theirs:
        getattr(torch, name)(value)
    with pytest.raises(RuntimeError) as ours:
        getattr(minigrad, name)(value)
    assert str(ours.value) == str(theirs.value)


def test_blas_stays_on_one_thread():
    info = _blas.blas_info()
    assert {"filepath", "internal_api", "version", "architecture", "num_threads"} <= set(info)
    if info["internal_api"] is None:
        pytest.skip("no BLAS found among the loaded libraries: minigrad leaves it alone")
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(4)
    try:
        assert _blas.blas().threads() == 1
    finally:
        minigrad.set_num_threads(previous)


def test_interop_threads_are_set_once_before_parallel_work():
    code = ("import minigrad; minigrad.set_num_interop_threads(3); "
            "print(minigrad.get_num_interop_threads())\n"
            "try:\n    minigrad.set_num_interop_threads(2)\n"
            "except RuntimeError as e:\n    print('raised', e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.getcwd()), timeout=120)
    lines = out.stdout.splitlines()
    assert lines[0] == "3" and lines[1].startswith("raised Error: cannot set number of interop")


@pytest.mark.parametrize("size", [0, 1, 7, 100, 1000, 12345])
@pytest.mark.parametrize("threads", [1, 2, 5])
def test_chunks_cover_the_range_once(size, threads, monkeypatch):
    monkeypatch.setattr(_parallel, "_split_everything", False)   # real grains
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(threads)
    try:
        for grain, align in ((1, 1), (10, 1), (10, 16), (5000, 1)):
            bounds = _parallel.chunks(size, grain, align)
            assert bounds[0][0] == 0 and bounds[-1][1] == size
            assert all(a < b or size == 0 for a, b in bounds)
            assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:], strict=False))
            assert all(a % align == 0 for a, _ in bounds)
            if threads == 1 or size < 2 * grain:
                assert len(bounds) == 1
    finally:
        minigrad.set_num_threads(previous)


def test_fixed_chunks_do_not_depend_on_the_thread_count():
    found = set()
    for threads in (1, 2, 7):
        minigrad.set_num_threads(threads)
        found.add(tuple(_parallel.fixed_chunks(1000, 30)))
    assert len(found) == 1


def _collect(bounds, compute):
    """Run ``compute`` over ``bounds``; returns the stored values by start, in store order."""
    stored = []
    _parallel.run(bounds, compute, lambda a, b, value: stored.append((a, value)))
    return stored


def test_every_chunk_is_stored_once_and_several_threads_compute(three_threads):
    names = set()

    def compute(a, b):
        names.add(threading.current_thread().name)
        time.sleep(0.01)                     # long enough that the workers wake up
        return list(range(a, b))

    stored = _collect([(i, i + 1) for i in range(12)], compute)
    assert sorted(a for a, _ in stored) == list(range(12))
    assert all(value == [a] for a, value in stored)
    assert threading.current_thread().name in names and len(names) > 1


def test_each_chunk_is_written_by_the_thread_that_computed_it(three_threads):
    computed, written = {}, {}

    def compute(a, b):
        time.sleep(0.005)                    # long enough that the workers wake up
        computed[a] = threading.current_thread().name
        return a

    def store(a, b, value):
        assert value == a
        written[a] = written.get(a, []) + [threading.current_thread().name]

    _parallel.run([(i, i + 1) for i in range(8)], compute, store)
    assert sorted(written) == list(range(8))
    assert all(written[a] == [computed[a]] for a in written)       # once, by its computer
    assert len(set(computed.values())) > 1


def test_in_place_work_waits_for_a_stalled_worker_instead_of_redoing_it(three_threads):
    """``fill_rows`` lets workers write into the output directly, so a chunk a worker has
    claimed is never taken over: the caller waits for it (asleep) and every row is
    written exactly once."""
    release = threading.Event()
    stalled, writes = [], []
    out = np.zeros(12)

    def fill(a, b, into):
        if threading.current_thread().name != "MainThread" and not stalled:
            stalled.append(a)
            threading.Timer(0.05, release.set).start()
            release.wait(10)                 # this worker stalls for 50 ms
        time.sleep(0.002)                    # long enough that the workers wake up
        writes.extend(range(a, b))
        into[...] = np.arange(a, b)

    _parallel.fill_rows(12, 1, fill, out)
    assert stalled and sorted(writes) == list(range(12))
    np.testing.assert_array_equal(out, np.arange(12))


def test_nothing_is_written_after_a_chunk_error_is_raised(three_threads):
    """The caller raises a chunk's error only once the chunks workers are writing (in
    place) are finished: no write lands after the error reached the caller."""
    writes = []

    def fill(a, b, into):
        if threading.current_thread().name == "MainThread" and a > 0:
            raise ValueError("the caller's chunk")
        time.sleep(0.01)
        into[...] = 1
        writes.append(time.perf_counter())

    with _parallel.split_everything(3):
        with pytest.raises(ValueError, match="the caller's chunk"):
            _parallel.fill_rows(12, 1, fill, np.zeros(12))
        raised = time.perf_counter()
    time.sleep(0.05)
    assert writes and max(writes) < raised


def test_a_chunk_error_reaches_the_caller_and_the_pool_survives(three_threads):
    def compute(a, b):
        time.sleep(0.002)
        if a == 5:
            raise ValueError("chunk 5")
        return a

    with pytest.raises(ValueError, match="chunk 5"):
        _collect([(i, i + 1) for i in range(8)], compute)
    stored = _collect([(i, i + 1) for i in range(8)], lambda a, b: a)
    assert sorted(v for _, v in stored) == list(range(8))


def test_nested_and_concurrent_calls_finish(three_threads):
    total = []

    def outer(a, b):                         # a parallel call inside a chunk runs serially
        return len(_collect([(0, 1), (1, 2), (2, 3)], lambda s, e: e - s))

    callers = [threading.Thread(target=lambda: total.append(
        _collect([(i, i + 1) for i in range(4)], outer))) for _ in range(3)]
    for t in callers:
        t.start()
    for t in callers:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in callers)
    assert [sorted(v for _, v in run) for run in total] == [[3, 3, 3, 3]] * 3


def test_the_caller_does_all_the_work_when_no_worker_shows_up():
    """Dynamic claiming: a worker that is never scheduled claims nothing, so the caller
    finishes alone instead of waiting for it."""
    pool = _parallel._Pool()
    pool._grow = lambda count: None          # workers that never run
    done = []
    pool.run([(i, i + 1) for i in range(10)], lambda a, b: a,
             lambda a, b, v: done.append(v), lambda a, b: done.append(a), threads=4,
             kind="test")
    assert sorted(done) == list(range(10))


def test_the_caller_takes_over_a_chunk_whose_worker_stalls(three_threads):
    """A worker that claimed a chunk and then stopped (as if descheduled) delays the caller
    by a few chunk-times at most: the caller computes that chunk itself, and the late
    worker's result is never written."""
    release = threading.Event()
    stuck = []

    def compute(a, b):
        if threading.current_thread().name != "MainThread" and not stuck:
            stuck.append(a)
            release.wait(10)                 # this worker stalls
            return "late"
        time.sleep(0.002)
        return "on time"

    start = time.perf_counter()
    stored = _collect([(i, i + 1) for i in range(6)], compute)
    took = time.perf_counter() - start
    release.set()
    assert stuck and took < 5
    assert sorted(a for a, _ in stored) == list(range(6))
    assert all(value == "on time" for _, value in stored)


def test_each_kind_of_work_is_judged_on_its_own(three_threads, monkeypatch):
    """A kind of work whose splitting did not pay lately runs on the calling thread; that
    judgement does not keep another kind (another op, or the same op on other shapes)
    off the workers."""
    monkeypatch.setattr(_parallel, "_split_everything", False)   # judgements count
    _parallel._pool.sites[("slow", (8, 8))] = [0.5, _parallel.PROBE_EVERY]

    def threads_used(kind):
        names = set()

        def compute(a, b):
            names.add(threading.current_thread().name)
            time.sleep(0.005)                # long enough that the workers wake up
            return a

        _parallel.run([(i, i + 1) for i in range(8)], compute, lambda a, b, v: None,
                      kind=kind)
        return names

    assert threads_used(("slow", (8, 8))) == {threading.current_thread().name}
    assert len(threads_used(("slow", (16, 8)))) > 1
    assert len(threads_used(("other op", (8, 8)))) > 1


def test_work_judged_alone_is_one_call_where_the_cuts_do_not_matter(three_threads,
                                                                      monkeypatch):
    """Work whose results do not depend on the cuts (``fill_rows``: elementwise work,
    pooling, batch norm) runs as one call over the whole range when the pool keeps it on
    the calling thread; partial sums over ``fixed_chunks`` keep their chunks, whose sums
    they are (and products their blocks: see the next test)."""
    monkeypatch.setattr(_parallel, "_split_everything", False)   # judgements count
    bounds = [(0, 3), (3, 6), (6, 8)]
    for whole, expected in ((True, [(0, 8)]), (False, bounds)):
        kind = ("judged alone", whole)
        _parallel._pool.sites[kind] = [0.5, _parallel.PROBE_EVERY]
        calls = []
        _parallel.run(bounds, None, None, lambda a, b, calls=calls: calls.append((a, b)),
                      kind=kind, whole=whole)
        assert calls == expected
    nested = []                                   # a region inside a chunk: alone, whole
    with _parallel.split_everything(3):
        _parallel.run([(0, 1), (1, 2)], None, None, lambda a, b: _parallel.fill_rows(
            8, 1, lambda s, e, o: nested.append((s, e)), np.zeros(8)))
    assert nested == [(0, 8), (0, 8)]


def test_a_product_gives_the_same_bits_split_or_judged_alone(monkeypatch):
    """The BLAS may round a block of a product differently from the whole product (here
    it does, on OpenBLAS's AVX-512 kernels), so a product the pool keeps on the calling
    thread runs the same blocks: one thread count, one result, whatever the load."""
    monkeypatch.setattr(_parallel, "_split_everything", False)   # judgements count
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((1425, 53)), rng.standard_normal((53, 217))
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(2)
    try:
        split = _parallel.matmul(a, b)
        for site in _parallel._pool.sites.values():
            site[:] = [0.5, _parallel.PROBE_EVERY]                # judged: not paying
        alone = _parallel.matmul(a, b)
        assert all(site[1] == _parallel.PROBE_EVERY - 1
                   for site in _parallel._pool.sites.values())
    finally:
        minigrad.set_num_threads(previous)
    np.testing.assert_array_equal(split, alone)


def test_numpy_error_settings_reach_the_workers():
    a = np.zeros((64, 8))
    with _parallel.split_everything(3), np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError):
            _parallel.elementwise(np.divide, np.ones((64, 8)), a)


def test_results_in_a_forked_child():
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    with _parallel.split_everything(3):
        _parallel.elementwise(np.add, np.ones((8, 8)), 1.0)      # workers exist now
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:                                              # the child: a new pool
            try:
                out = _parallel.elementwise(np.add, np.ones((8, 8)), 1.0)
                os.write(write, b"ok" if (out == 2).all() else b"bad")
            finally:
                os._exit(0)
        os.close(write)
        answer = os.read(read, 16)
        os.waitpid(pid, 0)
    assert answer == b"ok"


def test_split_products_match_the_single_call():
    rng = np.random.default_rng(0)
    for shape_a, shape_b in (((300, 70), (70, 90)), ((20, 70), (70, 900)),
                             ((5, 30, 40), (5, 40, 20))):
        a, b = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
        with _parallel.split_everything(3):
            split = _parallel.matmul(a, b)
        np.testing.assert_allclose(split, a @ b, rtol=1e-12, atol=1e-12)
