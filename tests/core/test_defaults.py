"""Default dtype and device against torch: every factory and every layer honours them."""
from __future__ import annotations

import inspect

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from torch_compat import torch_has

from .support import assert_raises_like

# each makes a tensor without naming its dtype: the default (or int64/bool) must apply
FACTORIES = {
    "tensor_float": lambda T: T.tensor(1.5),
    "tensor_list": lambda T: T.tensor([[1.5, 2.0]]),
    "tensor_int": lambda T: T.tensor([1, 2]),
    "tensor_bool": lambda T: T.tensor(True),
    "Tensor_size": lambda T: T.Tensor(2, 3),
    "Tensor_data": lambda T: T.Tensor([1, 2]),
    "Tensor_empty": lambda T: T.Tensor(),
    "as_tensor": lambda T: T.as_tensor([0.5]),
    "zeros": lambda T: T.zeros(2),
    "ones": lambda T: T.ones(2, 2),
    "empty": lambda T: T.empty(3),
    "full_float": lambda T: T.full((2,), 1.5),
    "full_int": lambda T: T.full((2,), 1),
    "arange_float": lambda T: T.arange(0, 1, 0.25),
    "arange_int": lambda T: T.arange(3),
    "linspace": lambda T: T.linspace(0, 1, 3),
    "eye": lambda T: T.eye(2),
    "rand": lambda T: T.rand(2),
    "randn": lambda T: T.randn(2),
    "randint": lambda T: T.randint(0, 3, (2,)),
    "randperm": lambda T: T.randperm(3),
    "zeros_like_int": lambda T: T.zeros_like(T.tensor([1, 2])),
    "int_true_divide": lambda T: T.tensor([1, 2]) / 2,
    "int_times_float": lambda T: T.tensor([1, 2]) * 0.5,
    "int_mean": lambda T: T.tensor([1, 2]).float().mean(),
    "tril_indices": lambda T: T.tril_indices(3, 3),
    "parameter": lambda T: T.nn.Parameter(),
    "buffer": lambda T: T.nn.Buffer(),
}


def _name(dtype) -> str:
    return str(dtype).split(".")[-1]


@pytest.fixture(params=["float64", "float16", "float32"])
def default_dtype(request):
    """Run the test under each default dtype in both libraries, then restore float32."""
    for lib in (minigrad, torch):
        lib.set_default_dtype(getattr(lib, request.param))
    yield request.param
    for lib in (minigrad, torch):
        lib.set_default_dtype(lib.float32)


@pytest.mark.parametrize("name", FACTORIES)
def test_factories_follow_the_default_dtype(name, default_dtype):
    made = FACTORIES[name]
    assert _name(made(minigrad).dtype) == _name(made(torch).dtype)


def test_default_dtype_is_restored_and_checked():
    assert minigrad.get_default_dtype() is minigrad.float32
    assert_raises_like(lambda: minigrad.set_default_dtype(minigrad.int64),
                       lambda: torch.set_default_dtype(torch.int64))


# constructor arguments of layers that need them; others are built with ()
LAYER_ARGS = {
    "Linear": (3, 2), "Bilinear": (2, 3, 4), "Embedding": (4, 3), "EmbeddingBag": (4, 3),
    "Conv1d": (2, 3, 3), "Conv2d": (2, 3, 3), "Conv3d": (2, 3, 3),
    "ConvTranspose1d": (2, 3, 3), "ConvTranspose2d": (2, 3, 3), "ConvTranspose3d": (2, 3, 3),
    "BatchNorm1d": (3,), "BatchNorm2d": (3,), "BatchNorm3d": (3,),
    "InstanceNorm1d": (3, 1e-5, 0.1, True, True), "InstanceNorm2d": (3, 1e-5, 0.1, True, True),
    "InstanceNorm3d": (3, 1e-5, 0.1, True, True), "LayerNorm": (3,), "GroupNorm": (1, 3),
    "RMSNorm": (3,), "LocalResponseNorm": (2,), "PReLU": (3,),
    "RNN": (3, 4), "LSTM": (3, 4), "GRU": (3, 4), "RNNCell": (3, 4), "LSTMCell": (3, 4),
    "GRUCell": (3, 4), "MultiheadAttention": (4, 2), "Unflatten": (1, (2, 2)),
    "TransformerEncoderLayer": (4, 2, 8), "TransformerDecoderLayer": (4, 2, 8),
    # issue 12, layers (a function builds from the library's own parts)
    "AdaptiveLogSoftmaxWithLoss": (8, 10, [4]),
    "TransformerEncoder": lambda lib: lib.nn.TransformerEncoder(
        lib.nn.TransformerEncoderLayer(4, 2, 8), 2, enable_nested_tensor=False),
    "TransformerDecoder": lambda lib: lib.nn.TransformerDecoder(
        lib.nn.TransformerDecoderLayer(4, 2, 8), 2),
}
# fractional max pooling needs an output size (issue 12, convolution and pooling layers)
LAYER_ARGS.update({"FractionalMaxPool2d": (2, 3), "FractionalMaxPool3d": (2, 3)})
# the recurrent base classes (issue 13): torch.nn exports them and they build parameters
LAYER_ARGS.update({"RNNBase": ("LSTM", 3, 4), "RNNCellBase": (3, 4, True, 2)})
CONTAINERS = {"Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList",
              "ParameterDict", "Container"}
LAYERS = sorted(name for name in nn.__all__
                if inspect.isclass(getattr(nn, name)) and issubclass(getattr(nn, name), nn.Module)
                and name not in CONTAINERS)


def _build(lib, name):
    args = LAYER_ARGS.get(name)
    if callable(args):
        return args(lib)
    for attempt in ([args] if args is not None else [(), (3,), (3, 3), (2, 3, 3)]):
        try:
            return getattr(lib.nn, name)(*attempt)
        except TypeError:
            continue
    raise AssertionError(f"no constructor arguments known for nn.{name}: add it to LAYER_ARGS")


@pytest.mark.parametrize("name", LAYERS)
def test_layers_create_parameters_in_the_default_dtype(name):
    """Every layer's parameters and floating buffers take the default dtype, as in torch
    (a layer the installed torch lacks: all of its state is float64)."""
    for lib in (minigrad, torch):
        lib.set_default_dtype(lib.float64)
    try:
        mg = _build(minigrad, name)
        th = _build(torch, name) if torch_has(name) else None
    finally:
        for lib in (minigrad, torch):
            lib.set_default_dtype(lib.float32)
    mg_state = {k: _name(v.dtype) for k, v in mg.state_dict().items()}
    if th is None:
        assert mg_state and set(mg_state.values()) == {"float64"}
        return
    th_state = {k: _name(v.dtype) for k, v in th.state_dict().items()}
    assert mg_state == th_state


def test_default_device_is_the_cpu():
    assert minigrad.get_default_device() == minigrad.device("cpu")
    assert repr(minigrad.get_default_device()) == repr(torch.get_default_device())
    for accepted in ("cpu", minigrad.device("cpu"), None):
        minigrad.set_default_device(accepted)
        assert str(minigrad.get_default_device()) == "cpu"


def test_other_default_devices_raise_torchs_errors():
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        minigrad.set_default_device("cuda")
    with pytest.raises(AssertionError, match="CUDA"):
        minigrad.set_default_device(minigrad.device("cpu").type.replace("cpu", "cuda:0"))
    with pytest.raises(RuntimeError, match="CPU"):
        minigrad.set_default_device("mps")
    assert_raises_like(lambda: minigrad.set_default_device("gpu"),
                       lambda: torch.set_default_device("gpu"))
    assert str(minigrad.get_default_device()) == "cpu"
    assert np.dtype(minigrad.get_default_dtype().np) == np.float32
