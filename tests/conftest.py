"""Shared test settings: a bounded hypothesis profile so CI stays fast and repeatable."""
import os

import pytest

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=int(os.environ.get("MINIGRAD_EXAMPLES", "25")), deadline=None,
    derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("ci")


@pytest.fixture(scope="session")
def single_blas_thread():
    """One thread for torch and NumPy's BLAS.

    The bridge and model workloads are small and alternate between engines; on a small
    shared machine several BLAS/OpenMP thread pools spinning at once slow every step down
    by orders of magnitude.
    """
    import torch
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(1, user_api="blas")
    except ImportError:
        limits = None
    yield
    torch.set_num_threads(previous)
    if limits is not None:
        limits.restore_original_limits()


@pytest.fixture(autouse=True, scope="session")
def _split_work_over_threads():
    """``MINIGRAD_TEST_SPLIT=N`` runs every test with minigrad's work split over N threads,
    down to one-item chunks (``minigrad._parallel.split_everything``), so that the parity
    tests on small tensors also check the parallel code paths."""
    threads = int(os.environ.get("MINIGRAD_TEST_SPLIT", "0"))
    if threads <= 1:
        yield
        return
    import minigrad
    with minigrad._parallel.split_everything(threads):
        yield
