"""nn tests: every test starts from fixed seeds, so torch's random weights repeat run to run."""
import pytest
import torch

import minigrad


@pytest.fixture(autouse=True)
def _fixed_seeds():
    torch.manual_seed(0)
    minigrad.manual_seed(0)
    yield
