"""Instance/batch(3d)/local-response/RMS normalisation and Bilinear layers against torch:
reprs, state_dict keys, training and eval forwards, running statistics, gradients of
inputs and parameters, unbatched inputs, warnings and errors.  Their functional forms are
op-table rows (tests/core/op_specs_nn.py) with finite differences."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from nn_helpers import assert_close, build, check_module, data
from torch_compat import comparable_repr, requires_torch

DTYPES = [np.float64, np.float32]
NORM_BIAS = requires_torch("2.12", "BatchNorm and InstanceNorm take bias= since torch 2.12")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("options", [{}, {"affine": True}, {"track_running_stats": True},
                                     {"affine": True, "track_running_stats": True,
                                      "momentum": None},
                                     pytest.param({"affine": True, "bias": False},
                                                  marks=NORM_BIAS)])
def test_instance_norm(dims, options, dtype):
    mg, th = build(f"InstanceNorm{dims}d", 3, dtype=dtype, **options)
    assert comparable_repr(repr(mg)) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    shape = (2, 3) + (4, 3, 2)[:dims]
    for step in range(2):                        # training: running stats move twice
        check_module(mg, th, [data(shape, dtype, seed=step) * 2 + 1], dtype)
    for key, value in th.state_dict().items():
        assert_close(mg.state_dict()[key], value, dtype)
    mg.eval(), th.eval()
    check_module(mg, th, [data(shape, dtype, seed=5)], dtype)
    check_module(mg, th, [data(shape[1:], dtype, seed=6)], dtype)        # unbatched
    x = minigrad.tensor(data(shape, dtype), requires_grad=True)
    assert mg(x).grad_fn.name() == th(torch.tensor(data(shape, dtype), requires_grad=True)
                                      ).grad_fn.name()


@pytest.mark.parametrize("layer,printed,keys", [
    (nn.InstanceNorm1d(3), "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, "
     "bias=False, track_running_stats=False)", []),
    (nn.InstanceNorm2d(3, affine=True), "InstanceNorm2d(3, eps=1e-05, momentum=0.1, "
     "affine=True, bias=True, track_running_stats=False)", ["weight", "bias"]),
    (nn.InstanceNorm3d(3, affine=True, bias=False), "InstanceNorm3d(3, eps=1e-05, "
     "momentum=0.1, affine=True, bias=False, track_running_stats=False)", ["weight"]),
    (nn.BatchNorm3d(3), "BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
     "track_running_stats=True)",
     ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]),
    (nn.BatchNorm3d(3, bias=False), "BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, "
     "bias=False, track_running_stats=True)",
     ["weight", "running_mean", "running_var", "num_batches_tracked"])])
def test_norms_as_torch_2_14_prints_them(layer, printed, keys):
    """What torch 2.14 prints and stores, whichever torch is installed (torch 2.11 neither
    prints ``bias=`` nor takes it)."""
    assert repr(layer) == printed
    assert list(layer.state_dict()) == keys
    if "bias" not in keys and layer.affine:          # bias=False: the weight alone learns
        assert layer.bias is None
        layer(minigrad.tensor(data((2, 3, 4, 3, 2), np.float32))).sum().backward()
        assert layer.weight.grad is not None


def test_instance_norm_checks_like_torch():
    with pytest.warns(UserWarning, match=r"input's size at dim=1 does not match num_features"):
        nn.InstanceNorm1d(4)(minigrad.randn(2, 3, 5))
    cases = [
        lambda lib: lib.nn.InstanceNorm1d(4, affine=True)(lib.ones(2, 3, 5)),
        lambda lib: lib.nn.InstanceNorm2d(3)(lib.ones(3, 5)),
        lambda lib: lib.nn.InstanceNorm1d(3)(lib.ones(2, 3, 1)),
        lambda lib: lib.nn.BatchNorm3d(3)(lib.ones(2, 3, 5)),
        lambda lib: lib.nn.LocalResponseNorm(2)(lib.ones(2, 3)),
        lambda lib: lib.nn.RMSNorm(4)(lib.ones(2, 3)),
        lambda lib: lib.nn.Bilinear(2, 3, 4)(lib.ones(5, 2), lib.ones(4, 3)),
        lambda lib: lib.nn.Bilinear(2, 3, 4)(lib.ones(5, 2), lib.ones(5, 2)),
        lambda lib: lib.nn.Bilinear(2, 3, 4)(lib.ones(5, 3), lib.ones(5, 3)),
        lambda lib: lib.nn.Bilinear(2, 3, 4)(lib.ones(5, 2), lib.ones(1, 5, 3)),
        lambda lib: lib.nn.functional.bilinear(lib.ones(5, 2), lib.ones(5, 3),
                                               lib.ones(4, 2, 3), lib.ones(2)),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch)
        message = str(want.value).replace("torch.Size", "minigrad.Size")
        with pytest.raises(want.type, match="^" + re.escape(message) + "$"):
            case(minigrad)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("options", [{}, {"affine": False},
                                     pytest.param({"bias": False}, marks=NORM_BIAS),
                                     {"track_running_stats": False}, {"momentum": None}])
def test_batch_norm_3d(options, dtype):
    mg, th = build("BatchNorm3d", 3, dtype=dtype, **options)
    assert comparable_repr(repr(mg)) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    for step in range(2):
        check_module(mg, th, [data((2, 3, 2, 3, 2), dtype, seed=step) + 1], dtype)
    mg.eval(), th.eval()
    check_module(mg, th, [data((2, 3, 2, 3, 2), dtype, seed=3)], dtype)
    for key, value in th.state_dict().items():
        assert_close(mg.state_dict()[key], value, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size,shape", [(3, (2, 5, 4)), (2, (2, 4, 3, 3)), (5, (1, 6, 2, 2, 3)),
                                        (1, (2, 3, 4))])
def test_local_response_norm(size, shape, dtype):
    mg, th = build("LocalResponseNorm", size, alpha=0.3, beta=0.6, k=1.2, dtype=dtype)
    assert repr(mg) == repr(th)
    check_module(mg, th, [data(shape, dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,options", [((4,), {}), ((3, 4), {"eps": 1e-3}),
                                           ([4], {"elementwise_affine": False})])
def test_rms_norm(shape, options, dtype):
    mg, th = build("RMSNorm", shape, dtype=dtype, **options)
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    with torch.no_grad():
        for p in th.parameters():
            p.uniform_(0.5, 1.5)
    from nn_helpers import copy_weights
    copy_weights(th, mg)
    check_module(mg, th, [data((2, 3, 4), dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("lead", [(), (4,), (2, 3)])
def test_bilinear(lead, bias, dtype):
    mg, th = build("Bilinear", 3, 2, 4, bias=bias, dtype=dtype)
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    check_module(mg, th, [data(lead + (3,), dtype), data(lead + (2,), dtype, seed=1)], dtype)
    out = mg(minigrad.tensor(data(lead + (3,), dtype)), minigrad.tensor(
        data(lead + (2,), dtype)))
    assert out.grad_fn.name() == ("AddBackward0" if bias else "ViewBackward0")


def test_bilinear_init_bounds():
    layer = nn.Bilinear(16, 3, 500)
    bound = 1 / 4
    for p in (layer.weight, layer.bias):
        values = p.detach().numpy()
        assert values.min() >= -bound and values.max() <= bound and values.std() > bound / 3
