"""Run these tests with one BLAS/torch thread (see ``single_blas_thread`` in tests/conftest.py)."""
import pytest


@pytest.fixture(autouse=True, scope="session")
def _single_thread(single_blas_thread):
    yield
