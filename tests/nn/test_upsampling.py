"""Upsample layers and F.interpolate against torch: reprs, every mode and option on 1-3
spatial dims, gradients, node names, deprecated aliases and errors.  Random shapes,
finite differences and second derivatives are op-table rows (tests/core/op_specs_nn.py).
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, check_module, data
from torch_compat import Changed, case_function, expected_message

MODES = {1: ["nearest", "nearest-exact", "linear", "area"],
         2: ["nearest", "nearest-exact", "bilinear", "bicubic", "area"],
         3: ["nearest", "nearest-exact", "trilinear", "area"]}
SIZES = [("size", 1), ("size", 5), ("size", 8), ("scale_factor", 2.0), ("scale_factor", 0.5),
         ("scale_factor", 1.7), ("scale_factor", 3)]


def _cases():
    for dims, modes in MODES.items():
        for mode, (key, value), insize in itertools.product(modes, SIZES, (3, 4)):
            corners = [None] if mode in ("nearest", "nearest-exact", "area") else [False, True]
            for align in corners:
                yield dims, mode, key, value, insize, align


@pytest.mark.parametrize("dims,mode,key,value,insize,align", list(_cases()))
def test_interpolate_matches_torch(dims, mode, key, value, insize, align):
    for dtype in (np.float64, np.float32):
        x = data((2, 1) + (insize,) * dims, dtype)
        kw = {key: value, "mode": mode, "align_corners": align}
        mg_x, th_x = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out_mg, out_th = F.interpolate(mg_x, **kw), torch.nn.functional.interpolate(th_x, **kw)
        assert_close(out_mg, out_th, dtype)
        assert out_mg.grad_fn.name() == out_th.grad_fn.name()
        g = data(tuple(out_th.shape), dtype, seed=1)
        out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
        assert_close(mg_x.grad, th_x.grad, dtype)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("size", [(2, 3), (5, 4), (16, 9)])
@pytest.mark.parametrize("align", [False, True])
def test_antialias_matches_torch(mode, size, align):
    x = data((2, 3, 13, 7))
    mg_x, th_x = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    kw = dict(size=size, mode=mode, align_corners=align, antialias=True)
    out_mg, out_th = F.interpolate(mg_x, **kw), torch.nn.functional.interpolate(th_x, **kw)
    assert_close(out_mg, out_th)
    assert out_mg.grad_fn.name() == out_th.grad_fn.name()
    out_mg.sum().backward(), out_th.sum().backward()
    assert_close(mg_x.grad, th_x.grad)


def test_float64_gradcheck():
    x = minigrad.tensor(data((1, 2, 3, 4)), requires_grad=True)
    for kw in [dict(scale_factor=2, mode="bicubic"), dict(size=(5, 2), mode="bilinear",
                                                          align_corners=True),
               dict(size=(2, 3), mode="bilinear", antialias=True), dict(size=(2, 3), mode="area")]:
        assert minigrad.autograd.gradcheck(lambda t, kw=kw: F.interpolate(t, **kw), [x])


@pytest.mark.parametrize("name,kwargs,dims", [
    ("Upsample", dict(scale_factor=2), 2), ("Upsample", dict(size=5, mode="linear"), 1),
    ("Upsample", dict(scale_factor=(2, 1.5), mode="bilinear", align_corners=True), 2),
    ("Upsample", dict(size=(3, 4, 5), mode="trilinear"), 3),
    ("Upsample", dict(scale_factor=1.5, mode="bicubic", recompute_scale_factor=True), 2),
    ("UpsamplingNearest2d", dict(scale_factor=3), 2),
    ("UpsamplingBilinear2d", dict(size=(3, 7)), 2)])
def test_upsample_layers(name, kwargs, dims):
    mg, th = getattr(nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs)
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == []
    check_module(mg, th, [data((2, 3) + (4, 3, 5)[:dims])])


def test_deprecated_aliases_warn_and_match_torch():
    x = data((1, 2, 3, 3))
    for name, kwargs in [("upsample", dict(scale_factor=2, mode="bilinear")),
                         ("upsample_nearest", dict(size=5)),
                         ("upsample_bilinear", dict(scale_factor=2))]:
        with pytest.warns(UserWarning, match=f"`nn.functional.{name}` is deprecated"):
            out = getattr(F, name)(minigrad.tensor(x), **kwargs)
        with pytest.warns(UserWarning):
            want = getattr(torch.nn.functional, name)(torch.tensor(x), **kwargs)
        assert_close(out, want)


def _only_3d_to_5d(got: str, mode: str) -> str:
    """interpolate's message for an input of the wrong rank; torch 2.13 (not 2.11) lists
    lanczos among the modes."""
    return (f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {got}) for the "
            "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})")


def test_errors_match_torch():
    """Each case raises torch's error type and message (torch 2.14's message, written out,
    for a ``Changed`` case when the installed torch is older)."""
    cases = [
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=2, align_corners=True),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=2, scale_factor=2),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4)),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=(2, 2)),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=[2.0]),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), scale_factor=(2, 2)),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=3,
                                                  recompute_scale_factor=True),
        Changed("2.13", "Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                "modes and requires a 4-D tensor as input",
                lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=3,
                                                          mode="linear", antialias=True)),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="linear"),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=3, mode="bilinear"),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=3, mode="trilinear"),
        Changed("2.13", _only_3d_to_5d("2D", "nearest"),
                lambda lib: lib.nn.functional.interpolate(lib.ones(1, 4), size=3)),
        Changed("2.13", _only_3d_to_5d("3D", "cubic"),
                lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=3,
                                                          mode="cubic")),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4), size=0),
        lambda lib: lib.nn.functional.interpolate(lib.ones(1, 1, 4, 4), scale_factor=0.2),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case_function(case)(torch)
        message = expected_message(case, str(want.value))
        with pytest.raises(want.type, match="^" + re.escape(message) + "$"):
            case_function(case)(minigrad)
