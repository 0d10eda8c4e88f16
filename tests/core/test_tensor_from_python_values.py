"""minigrad.tensor builds its array like torch.tensor: explicit dtypes lose no precision."""
import numpy as np
import pytest
import torch

import minigrad


@pytest.mark.parametrize("values", [[0.3, 0.7], [1e-30, 3.14159265358979], [[0.1], [0.2]]])
def test_explicit_float64_keeps_full_precision(values):
    ours = minigrad.tensor(values, dtype=minigrad.float64)
    theirs = torch.tensor(values, dtype=torch.float64)
    assert ours.dtype is minigrad.float64
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("values, name", [([1, 2], "int64"), ([1.5, 2], "float32"),
                                          ([True, False], "bool"), (3, "int64")])
def test_inferred_dtypes_match_torch(values, name):
    assert minigrad.tensor(values).dtype.name == name == str(torch.tensor(values).dtype)[6:]
