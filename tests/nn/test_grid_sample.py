"""affine_grid and grid_sample against torch: every mode, padding mode and align_corners
on 2-d and 3-d inputs, gradients of input, grid and theta, float64 finite differences,
warnings and errors."""
from __future__ import annotations

import itertools
import re
import warnings

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn.functional as F
from nn_helpers import assert_close, data

CASES = [(d, m, p, a) for d, m, p, a in itertools.product(
    [2, 3], ["bilinear", "nearest", "bicubic"], ["zeros", "border", "reflection"], [False, True])
    if not (d == 3 and m == "bicubic")]


@pytest.mark.parametrize("dims,mode,padding_mode,align", CASES)
def test_grid_sample_matches_torch(dims, mode, padding_mode, align):
    for dtype in (np.float64, np.float32):
        x = data((2, 3) + (4, 5, 3)[:dims], dtype)
        grid = data((2,) + (3, 2, 4)[:dims] + (dims,), dtype, seed=1, low=-1.6, high=1.6)
        mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        mg, tg = minigrad.tensor(grid, requires_grad=True), torch.tensor(grid,
                                                                           requires_grad=True)
        out_mg = F.grid_sample(mx, mg, mode, padding_mode, align)
        out_th = torch.nn.functional.grid_sample(tx, tg, mode, padding_mode, align)
        tol = {} if dtype == np.float64 else dict(rtol=1e-4, atol=1e-4)
        assert_close(out_mg, out_th, dtype, **tol)
        assert out_mg.grad_fn.name() == out_th.grad_fn.name()
        g = data(tuple(out_th.shape), dtype, seed=2)
        out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
        assert_close(mx.grad, tx.grad, dtype, **tol)
        if mode != "nearest":            # nearest has no gradient with respect to the grid
            assert_close(mg.grad, tg.grad, dtype, **(tol or dict(rtol=1e-8, atol=1e-8)))


@pytest.mark.parametrize("dims", [2, 3])
@pytest.mark.parametrize("align", [False, True])
def test_affine_grid_matches_torch(dims, align):
    theta = data((2, dims, dims + 1))
    size = (2, 3) + (4, 5, 1)[:dims]
    mt, tt = minigrad.tensor(theta, requires_grad=True), torch.tensor(theta, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # unit-size grids with align_corners warn
        out_mg = F.affine_grid(mt, size, align)
        out_th = torch.nn.functional.affine_grid(tt, size, align)
    assert_close(out_mg, out_th)
    assert out_mg.grad_fn.name() == out_th.grad_fn.name()
    out_mg.square().sum().backward(), out_th.square().sum().backward()
    assert_close(mt.grad, tt.grad)


def test_spatial_transformer_gradcheck():
    """The spatial-transformer pattern: theta -> affine_grid -> grid_sample, in float64."""
    x = minigrad.tensor(data((1, 2, 4, 5)), requires_grad=True)
    theta = minigrad.tensor(np.array([[[0.9, 0.1, 0.05], [-0.2, 0.8, 0.1]]]),
                            requires_grad=True)

    def transform(x, theta):
        grid = F.affine_grid(theta, (1, 2, 3, 3), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False)
    assert minigrad.autograd.gradcheck(transform, [x, theta])


def test_warnings_and_errors_match_torch():
    with pytest.warns(UserWarning, match="Default grid_sample and affine_grid behavior"):
        F.grid_sample(minigrad.ones(1, 1, 2, 2), minigrad.zeros(1, 1, 1, 2))
    with pytest.warns(UserWarning, match="Default grid_sample and affine_grid behavior"):
        F.affine_grid(minigrad.zeros(1, 2, 3), (1, 1, 2, 2))
    cases = [
        lambda lib: lib.nn.functional.grid_sample(lib.ones(1, 1, 2, 2), lib.zeros(1, 1, 1, 2),
                                                  mode="area", align_corners=False),
        lambda lib: lib.nn.functional.grid_sample(lib.ones(1, 1, 2, 2), lib.zeros(1, 1, 1, 2),
                                                  padding_mode="wrap", align_corners=False),
        lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 2, 3).long(), (1, 1, 2, 2),
                                                  align_corners=False),
        lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 3, 3), (1, 1, 2, 2),
                                                  align_corners=False),
        lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 1, 2, 2, 2),
                                                  align_corners=False),
        lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 2, 2),
                                                  align_corners=False),
        lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 1, 0, 2),
                                                  align_corners=False),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch)
        message = str(want.value).replace("torch.", "minigrad.")
        with pytest.raises(want.type, match="^" + re.escape(message) + "$"):
            case(minigrad)
