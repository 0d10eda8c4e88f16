"""One thread for torch and NumPy's BLAS in the bridge tests.

The workloads here are tiny; on a small shared machine several BLAS/OpenMP
thread pools spinning at once slow every step down by orders of magnitude.
"""
import pytest


@pytest.fixture(autouse=True, scope="session")
def _single_thread():
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
