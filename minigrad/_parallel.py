"""minigrad's threads: one persistent pool that large operations split their work over.

NumPy runs elementwise work, reductions and copies on the calling thread; only its BLAS
is multi-threaded, and a multi-threaded BLAS waits (spinning) for every one of its
workers, so one worker that the OS has descheduled stalls the whole product.  minigrad
therefore keeps the BLAS on one thread and splits large work itself:

* work is a range ``[0, size)`` cut into chunks along a leading axis; NumPy releases the
  GIL inside large ufunc loops, copies and BLAS calls, so chunks run truly in parallel;
* the calling thread works too, and every thread claims one chunk at a time (dynamic
  claiming): a worker the OS has not scheduled yet claims nothing and the caller does its
  share.  Waiting threads sleep on a lock, never spin;
* products and convolutions: workers compute into arrays of their own and then write
  them into place themselves, unless the caller has taken the chunk over: when a
  worker's chunk is late (its thread was descheduled), the caller computes that chunk
  itself after a few chunk-times and moves on, and the late result is thrown away.
  Nobody waits on a descheduled worker for that work; the caller only waits for a worker
  that is already writing its (finished) chunk, a copy;
* elementwise work, normalisation and pooling (``fill_rows``): workers write straight
  into the result, because a detour through arrays of their own doubles the memory
  traffic of such work and splitting it then does not pay.  So the caller waits for a
  chunk a worker has claimed; it waits asleep, which leaves its core to that worker if
  the OS had descheduled it;
* small work never leaves the calling thread: every op passes its *grain*, the least
  work per chunk that pays for a hand-off, and the pool stops waking workers for a while
  when splitting has not paid lately (busy machine: see ``_Pool``);
* a parallel call made inside a chunk, or from a second thread while the pool is busy,
  simply runs on its own thread.

``set_num_threads(n)`` sets how many threads (the caller included) the pool uses and
keeps NumPy's BLAS at one thread; ``set_num_threads(1)`` makes every op run exactly as
NumPy alone would.  The BLAS is controlled through its own C API (OpenBLAS, MKL or BLIS,
found among the shared objects the process has loaded); when none is found minigrad
leaves the BLAS alone and still splits its own work.
"""
from __future__ import annotations

import contextlib
import itertools
import math
import os
import threading
import time
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np

from ._blas import blas

# Grains: the least work per chunk that is worth handing to another thread, in elements
# (or multiply-adds for products).  A chunk should run for at least some tens of
# microseconds, the time a sleeping worker needs to wake up and take it (the caller's
# own cost of opening a parallel region is about 3 microseconds): 2^17 float32 elements
# of a ufunc or 2^22 multiply-adds take about 25-45 microseconds on one 2-core AMD EPYC
# (Zen 4) core.  ``python -m benchmarks.grains`` measures, per kind of work, the size
# from which splitting pays on a given machine; rerun it on a quiet machine to retune.
ELEMENTWISE_GRAIN = 1 << 17      # unary/binary ufuncs on float32
COPY_GRAIN = 1 << 18             # strided copies (transposes, slab copies, padding)
REDUCTION_GRAIN = 1 << 17        # sums and means over large blocks
GEMM_GRAIN = 1 << 22             # multiply-adds of one matrix-product chunk
# more chunks than threads, so that a slow thread delays less; but every chunk costs a
# hand-off of the GIL, and on 2 cores 4 chunks per thread made the quickstart step 20%
# slower than 2 (and slower than one thread)
CHUNKS_PER_THREAD = 2


def _default_threads() -> int:
    """The cores this process may run on (its CPU affinity), like torch's default."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):    # no sched_getaffinity (macOS, Windows)
        return max(1, os.cpu_count() or 1)


_num_threads = _default_threads()
_num_interop_threads = _num_threads
_interop_set = False


# -- thread settings -------------------------------------------------------------------------
def _check_count(name: str, n) -> None:
    """torch's checks (and words) for a thread count."""
    if not isinstance(n, (int, np.integer)):
        raise RuntimeError(f"{name} expects an int, but got {type(n).__name__}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer")


def get_num_threads() -> int:
    """Threads minigrad uses for one operation (the calling thread included)."""
    return _num_threads


def set_num_threads(n: int) -> None:
    """Use ``n`` threads for large operations; NumPy's BLAS stays at one thread.

    Like ``torch.set_num_threads``: the default is the number of cores this process may
    run on, and ``1`` runs everything on the calling thread.
    """
    global _num_threads
    _check_count("set_num_threads", n)
    _num_threads = int(n)
    _pool.sites.clear()                      # a new setting: judge splitting afresh
    blas().set_threads(1)


def get_num_interop_threads() -> int:
    """Threads for running independent operations side by side (kept for torch's API).

    minigrad runs one operation at a time, so this number only records the setting.
    """
    return _num_interop_threads


def set_num_interop_threads(n: int) -> None:
    """Record the inter-op thread count; like torch, it may be set once, before any
    parallel work has started."""
    global _num_interop_threads, _interop_set
    _check_count("set_num_interop_threads", n)
    if _interop_set or _pool.started:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work "
                           "has started or set_num_interop_threads called")
    _num_interop_threads, _interop_set = int(n), True


# -- the pool ------------------------------------------------------------------------------
_local = threading.local()

# how long the caller waits for a worker's chunk, in multiples of a chunk's usual time,
# before it computes the chunk itself (a worker that slow was most likely descheduled)
PATIENCE = 3.0
PATIENCE_FLOOR_S = 50e-6
PROBE_EVERY = 16       # regions done alone before workers are tried again (see _Pool)
MOST_KINDS = 4096      # kinds of work judged at once (the judgements restart beyond)


class _Job:
    """One parallel region over ``bounds``, claimed chunk by chunk.

    A worker ``compute``s a chunk into arrays of its own; then, under the job's lock, it
    either finds that the caller has taken the chunk over (it was late) and drops its
    result, or marks the chunk as being written and writes it into place (``store``).
    The caller computes and writes its own chunks directly (``direct``).  So a late
    worker never writes anything, and a result is written exactly once.

    Without ``compute`` (work done in place) a worker also runs ``direct``: it writes
    into place while it computes, so its chunk is never taken over; the caller waits
    for it, asleep, which leaves its core to a worker that was descheduled.
    """

    __slots__ = ("compute", "store", "direct", "bounds", "claim", "done", "writing",
                 "taken", "claimed_at", "ready", "errstate")

    def __init__(self, compute, store, direct, bounds):
        self.compute, self.store, self.direct, self.bounds = compute, store, direct, bounds
        # next() on itertools.count is atomic under the GIL: it is the chunk counter
        self.claim = itertools.count().__next__
        self.done = [None] * len(bounds)         # (error or None,) once a worker wrote it
        self.writing = [False] * len(bounds)     # a worker is writing its result
        self.taken = [False] * len(bounds)       # the caller took the chunk over
        self.claimed_at = [None] * len(bounds)   # perf_counter() when a worker claimed it
        self.ready = threading.Condition(threading.Lock())
        self.errstate = np.geterr()  # NumPy's error settings are per thread: hand them on

    def work_as_worker(self) -> None:
        n, in_place = len(self.bounds), self.compute is None
        while True:
            i = self.claim()
            if i >= n:
                return
            self.claimed_at[i] = time.perf_counter()
            value, error = None, None
            try:
                if in_place:
                    self.direct(*self.bounds[i])
                else:
                    value = self.compute(*self.bounds[i])
            except BaseException as exc:         # re-raised by the caller
                error = exc
            if not in_place:
                with self.ready:
                    if self.taken[i]:            # too late: the caller did it
                        continue
                    self.writing[i] = True
                if error is None:
                    try:
                        self.store(*self.bounds[i], value)
                    except BaseException as exc:
                        error = exc
            with self.ready:
                self.done[i] = (error,)
                self.ready.notify()

    def work_as_caller(self, first) -> float:
        """Do and collect every chunk; returns the caller's usual CPU seconds per chunk.

        After an error the caller computes nothing more, but it still waits for the chunks
        workers are writing, so that nothing is written after it raises."""
        n, mine, seconds, error = len(self.bounds), set(), [], None
        i = first                                # claimed before the workers woke up
        while i < n:                             # claim chunks until none is left
            if error is None:
                start = time.thread_time()       # CPU time: not inflated by preemption
                try:
                    self.direct(*self.bounds[i])
                except BaseException as exc:
                    error = exc
                seconds.append(time.thread_time() - start)
            mine.add(i)
            if _split_everything and len(mine) == 1:
                time.sleep(200e-6)               # testing: leave the workers some chunks
            i = self.claim()
        for i in range(n):                       # then wait for the workers' chunks
            if i in mine:
                continue
            done = self._wait(i, seconds, error is not None)
            if done is None:                     # late: most likely descheduled
                if error is None:
                    start = time.thread_time()
                    try:
                        self.direct(*self.bounds[i])
                    except BaseException as exc:
                        error = exc
                    seconds.append(time.thread_time() - start)
            elif error is None:
                error = done[0]
        if error is not None:
            raise error
        return sorted(seconds)[len(seconds) // 2]

    def _wait(self, i, seconds, give_up):
        """Chunk ``i``'s (error or None,) once its worker has written it, or None once the
        worker is later than patience with its computing (at once if ``give_up``): the
        chunk is then the caller's, and the worker drops its result.

        Work done in place is never taken over: the caller waits for it without a deadline.
        A worker claims a chunk only while it runs, and a descheduled one gets the caller's
        core while the caller sleeps."""
        usual = sorted(seconds)[len(seconds) // 2] if seconds else 0.0
        with self.ready:
            while self.done[i] is None:
                if self.compute is None or self.writing[i]:   # in place, or being copied
                    self.ready.wait()
                    continue
                claimed = self.claimed_at[i] or time.perf_counter()
                left = claimed + max(PATIENCE * usual, PATIENCE_FLOOR_S) - time.perf_counter()
                if left <= 0 or give_up:
                    self.taken[i] = True
                    return None
                self.ready.wait(left)
            return self.done[i]


class _Pool:
    """Persistent worker threads, each asleep on its own lock until a job wakes it.

    The pool also watches whether splitting pays, per kind of work (an op and the shapes
    of its inputs: a large convolution's chunks pay where a first layer's or a
    memory-bound normalisation's may not): per region it compares the time the chunks
    would take on the caller alone (their count times the caller's usual CPU time per
    chunk) with the wall time the region took.  When that speedup, averaged over the
    recent regions of that kind, falls below 1 (on a machine whose other cores are busy,
    workers cannot help), the caller does the next ``PROBE_EVERY`` regions of that kind
    alone (the same results: the same chunks, or one call where the cuts do not matter)
    and then tries the workers again.
    """

    def __init__(self):
        self.workers: List[Tuple[threading.Thread, threading.Lock]] = []
        self.busy = threading.Lock()     # one parallel region at a time
        self.job: Optional[_Job] = None
        self.started = False
        # per kind of work: [recent regions' speedup (a moving average), regions left
        # for the caller to do alone]
        self.sites = {}

    def _worker(self, wake: threading.Lock) -> None:
        _local.in_pool = True
        while True:
            wake.acquire()               # sleeps until the caller releases it
            job = self.job
            if job is not None:
                with np.errstate(**job.errstate):
                    job.work_as_worker()

    def _grow(self, count: int) -> None:
        while len(self.workers) < count:
            wake = threading.Lock()
            wake.acquire()
            thread = threading.Thread(target=self._worker, args=(wake,), daemon=True,
                                      name=f"minigrad-worker-{len(self.workers)}")
            thread.start()
            self.workers.append((thread, wake))

    def run(self, bounds, compute, store, direct, threads: int, kind,
            whole: bool = False) -> None:
        alone = getattr(_local, "in_pool", False) or not self.busy.acquire(blocking=False)
        if not alone:                    # the pool is ours: may splitting this kind pay?
            if len(self.sites) >= MOST_KINDS:
                self.sites.clear()
            site = self.sites.setdefault(kind, [2.0, 0])
            if site[1] > 0 and not _split_everything:            # it did not pay lately
                site[1] -= 1
                self.busy.release()
                alone = True
        if alone:                        # nested, concurrent or not paying: this thread,
            # in one call over the whole range when the cuts do not matter (fewer calls)
            for start, stop in ([(bounds[0][0], bounds[-1][1])] if whole else bounds):
                direct(start, stop)
            return
        try:
            self.started = True
            began = time.perf_counter()
            job = self.job = _Job(compute, store, direct, bounds)
            first = job.claim()          # the caller's: it times one chunk for patience
            helpers = min(threads, len(bounds)) - 1
            self._grow(helpers)
            for _, wake in self.workers[:helpers]:
                if wake.locked():        # else a wake-up is still pending: it will do
                    wake.release()
            _local.in_pool = True
            try:
                usual = job.work_as_caller(first)
            finally:
                _local.in_pool = False
                self.job = None
            speedup = len(bounds) * usual / max(time.perf_counter() - began, 1e-9)
            site[0] = 0.7 * site[0] + 0.3 * speedup
            if site[0] < 1.0:
                site[1] = PROBE_EVERY
        finally:
            self.busy.release()


_pool = _Pool()


def _after_fork_in_child() -> None:
    global _pool
    _pool = _Pool()                      # the parent's worker threads do not exist here


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# -- what ops call ------------------------------------------------------------------------
_split_everything = False


def _grain(grain: int) -> int:
    return 1 if _split_everything else grain


@contextlib.contextmanager
def split_everything(threads: int):
    """Testing aid: run on ``threads`` threads and split all work, down to one-item chunks.

    Every code path that large inputs take is then taken by small ones too, so parity
    tests on small tensors check the parallel paths.
    """
    global _split_everything
    previous = (_num_threads, _split_everything)
    set_num_threads(threads)
    _split_everything = threads > 1
    try:
        yield
    finally:
        set_num_threads(previous[0])
        _split_everything = previous[1]


def chunks(size: int, grain: int, align: int = 1) -> List[Tuple[int, int]]:
    """Bounds that split ``[0, size)`` for the current thread count (one chunk if small).

    Chunks hold at least ``grain`` items and start at multiples of ``align``.
    """
    threads, grain = _num_threads, _grain(grain)
    if threads == 1 or size < 2 * grain:
        return [(0, size)]
    n = min(size // grain, CHUNKS_PER_THREAD * threads, -(-size // align))
    cuts = sorted({min(size, (size * i // n) // align * align) for i in range(n)} | {size})
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def fixed_chunks(size: int, grain: int, most: int = 64) -> List[Tuple[int, int]]:
    """Bounds that split ``[0, size)`` by size alone, whatever the thread count.

    For work whose chunks produce partial results that are then added up: the same
    chunks give the same sum, bit for bit, on one thread or on many.
    """
    count = max(1, min(most, size // max(_grain(grain), 1)))
    step = -(-size // count) if size else 1
    return [(a, min(size, a + step)) for a in range(0, size, step)] or [(0, 0)]


def run(bounds: Sequence[Tuple[int, int]], compute: Optional[Callable],
        store: Optional[Callable], direct: Optional[Callable] = None, kind=None,
        whole: bool = False) -> None:
    """Do every chunk of ``bounds``, on the pool when there is more than one.

    ``compute(start, stop)`` returns a chunk's results in arrays of its own (workers call
    it); ``store(start, stop, value)`` writes them into place; ``direct(start, stop)``
    computes and writes a chunk in one go (the calling thread's own chunks; by default
    ``store(start, stop, compute(start, stop))``).  Every chunk is written once, by the
    thread that computed it, and chunks must write to places of their own.  With
    ``compute`` None the work is done in place: workers run ``direct`` too, and the
    caller waits for their chunks instead of taking late ones over (see ``_Job``).
    ``kind`` names the kind of work for the pool's judgement of whether splitting pays
    (see ``_Pool``): a hashable that tells the op and the size of its work apart, such as
    its name and its inputs' shapes (default: the code of ``compute``, or of ``direct``
    in place, and the bounds).  ``whole``: ``bounds`` cut one range and not a bit of the
    results depends on where it is cut (elementwise work, a plane or a row at a time), so
    work the pool runs on the calling thread is one ``direct`` over it all; otherwise
    (partial sums over ``fixed_chunks``, a product's blocks) it keeps its chunks.
    """
    if direct is None:
        def direct(start, stop):
            store(start, stop, compute(start, stop))
    if len(bounds) <= 1 or _num_threads == 1:
        for start, stop in bounds:
            direct(start, stop)
        return
    if kind is None:
        chunk_work = direct if compute is None else compute
        kind = (getattr(chunk_work, "__code__", chunk_work), tuple(bounds))
    _pool.run(bounds, compute, store, direct, _num_threads, kind, whole)


def parallel_for(size: int, grain: int, compute: Callable, store: Callable,
                 direct: Optional[Callable] = None, align: int = 1, kind=None) -> None:
    """``run`` over ``[0, size)``, split when ``size`` is worth it (see ``chunks``).

    The pool keeps these chunks even when it runs them all on the calling thread: a
    product's blocks may round differently from one big product, and the same thread
    count must give the same bits whichever way the pool judged the work."""
    run(chunks(size, grain, align), compute, store, direct, kind)


def _rows(arrays, rows, ndim, start, stop):
    """Slices ``start:stop`` of the operands that run along the rows, the others whole."""
    return [a[start:stop] if isinstance(a, np.ndarray) and a.ndim == ndim and
            a.shape[0] == rows else a for a in arrays]


def fill_rows(size: int, grain: int, fill: Callable, *outputs, align: int = 1,
              kind=None) -> None:
    """``fill(start, stop, *views)`` writes rows ``start:stop`` of every output (arrays
    sliced along axis 0), split over threads when ``size`` is worth it.

    Workers write into the outputs directly (see ``run``: a copy through arrays of their
    own would double the memory traffic of elementwise work, which then would not pay).
    ``kind`` (default: the code of ``fill`` and the outputs' shapes) names the work for
    the pool (see ``run``).
    """
    def direct(start, stop):
        fill(start, stop, *(o[start:stop] for o in outputs))

    if kind is None:
        kind = (getattr(fill, "__code__", fill),) + tuple((o.shape, o.dtype) for o in outputs)
    run(chunks(size, grain, align), None, None, direct, kind, whole=True)


def map_rows(fn: Callable, out: np.ndarray, *arrays, grain: int = ELEMENTWISE_GRAIN):
    """``fn(*arrays, out=out)`` in chunks along axis 0 of ``out``; returns ``out``.

    ``fn`` must be elementwise along axis 0 (a ufunc, or a composition of them).
    Operands whose axis 0 has ``out``'s length are sliced with it; the others (scalars,
    operands broadcast along axis 0) go whole into every chunk.
    """
    rows = out.shape[0] if out.ndim else 1
    per_row = out.size // rows if rows else 0
    fill_rows(rows, max(1, grain // max(per_row, 1)),
              lambda s, e, o: fn(*_rows(arrays, rows, out.ndim, s, e), out=o), out,
              kind=(getattr(fn, "__code__", fn), out.shape, out.dtype,
                    tuple(np.shape(a) for a in arrays)))
    return out


def elementwise(fn: Callable, *arrays, grain: int = ELEMENTWISE_GRAIN):
    """``fn(*arrays)`` for an elementwise ``fn`` that takes ``out=``, split when large.

    Small inputs (or one thread) call ``fn(*arrays)`` as it is.  Otherwise the result
    type is whatever ``fn`` gives on one element of each input, and the work is split
    along the first axis of the (broadcast) result.
    """
    if _num_threads == 1 or max(getattr(a, "size", 1) for a in arrays) < 2 * _grain(grain):
        return fn(*arrays)           # the fast path: small work stays on this thread
    shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    if not shape or math.prod(shape) < 2 * _grain(grain):
        return fn(*arrays)
    arrays = [a.reshape((1,) * (len(shape) - a.ndim) + a.shape)
              if isinstance(a, np.ndarray) and a.ndim < len(shape) else a for a in arrays]
    probe = [a[(slice(0, 1),) * a.ndim] if isinstance(a, np.ndarray) else a for a in arrays]
    return map_rows(fn, np.empty(shape, np.asarray(fn(*probe)).dtype), *arrays, grain=grain)


def reduce_rows(method: str, a: np.ndarray, axis, keepdims: bool):
    """``getattr(a, method)(axis=axis, keepdims=keepdims)`` (``'sum'``, ``'mean'``...),
    split over slices of axis 0 when that axis is kept and ``a`` is large: every output
    element is still reduced by one NumPy call over the same elements, so the bits do not
    change."""
    reduce = getattr(a, method)
    axes = range(a.ndim) if axis is None else axis
    if (_num_threads == 1 or a.ndim == 0 or 0 in axes
            or a.size < 2 * _grain(REDUCTION_GRAIN)):
        return reduce(axis=axis, keepdims=keepdims)
    first = getattr(a[:1], method)(axis=axis, keepdims=keepdims)
    out = np.empty((a.shape[0],) + first.shape[1:], first.dtype)
    fill_rows(a.shape[0], max(1, REDUCTION_GRAIN // max(1, a[0].size)),
              lambda s, e, o: getattr(a[s:e], method)(axis=axis, keepdims=keepdims, out=o),
              out, kind=(method, a.shape, a.dtype, axis))
    return out


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b``, split over threads by rows or columns of the result when large.

    2-d products are split along the longer side of the result (each chunk one BLAS call
    on one thread); stacked products along their leading axis.  Every element of the
    result is one dot product either way, but the BLAS may round a block (its kernels
    for the block's edges) differently from one big call: the result equals the one-call
    product within float tolerance, bit for bit on a given thread count.
    """
    if _num_threads == 1 or a.ndim < 2 or b.ndim < 2:
        return np.matmul(a, b)
    m, k = a.shape[-2:]
    n = b.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) if max(a.ndim, b.ndim) > 2 else ()
    count = math.prod(batch) if batch else 1
    if count * m * n * k < 2 * _grain(GEMM_GRAIN) or 0 in (m, n, k):
        return np.matmul(a, b)
    out = np.empty(batch + (m, n), np.result_type(a, b))
    kind = ("matmul", a.shape, b.shape, a.dtype, b.dtype)
    if batch:                          # stacks: by matrices
        if a.shape[:-2] != batch or b.shape[:-2] != batch:
            return np.matmul(a, b)
        a, b, flat = a.reshape((count, m, k)), b.reshape((count, k, n)), out.reshape(count, m, n)
        take = lambda s, e: (a[s:e], b[s:e])                        # noqa: E731
        place = lambda s, e: flat[s:e]                              # noqa: E731
        size, grain, align = count, max(1, GEMM_GRAIN // (m * n * k)), 1
    elif m >= n:                       # by rows of the result
        take, place = (lambda s, e: (a[s:e], b)), (lambda s, e: out[s:e])
        size, grain, align = m, max(16, GEMM_GRAIN // (n * k)), _grain(16)
    else:                              # by columns of the result
        take, place = (lambda s, e: (a, b[:, s:e])), (lambda s, e: out[:, s:e])
        size, grain, align = n, max(64, GEMM_GRAIN // (m * k)), _grain(64)

    def store(s, e, value):
        place(s, e)[...] = value

    parallel_for(size, grain, lambda s, e: np.matmul(*take(s, e)), store,
                 lambda s, e: np.matmul(*take(s, e), out=place(s, e)), align=align, kind=kind)
    return out
