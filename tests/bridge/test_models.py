"""The tutorial models built from minigrad.nn and torch.nn are twins."""
import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn

from bridge import transfer
from bridge.models import MODELS, build, build_pair, input_shape
from torch_compat import comparable_repr

VARIANTS = [(name, {}) for name in MODELS] + [(name, {"image_size": 8}) for name in MODELS]


@pytest.mark.parametrize("name,kwargs", VARIANTS)
def test_state_dict_keys_and_shapes_match(name, kwargs):
    mg, th = build_pair(name, **kwargs)
    mg_state, th_state = mg.state_dict(), th.state_dict()
    assert list(mg_state) == list(th_state)
    for key in th_state:
        assert tuple(mg_state[key].shape) == tuple(th_state[key].shape), key
        assert str(mg_state[key].dtype).split(".")[-1] == str(th_state[key].dtype).split(".")[-1]


@pytest.mark.parametrize("name", list(MODELS))
def test_print_text_matches_torch(name):
    mg, th = build_pair(name)
    assert comparable_repr(repr(mg)) == repr(th)


@pytest.mark.parametrize("name,kwargs", VARIANTS)
def test_same_weights_give_same_logits(name, kwargs):
    mg, th = build_pair(name, **kwargs)
    th = th.double().eval()
    mg = mg.to(minigrad.float64).eval()
    transfer.copy_weights(th, mg)
    side = kwargs.get("image_size", 28)
    x = np.random.default_rng(0).random((3,) + input_shape(name, side))
    out_mg = mg(minigrad.from_numpy(x)).detach().numpy()
    with torch.no_grad():
        out_th = th(torch.from_numpy(x)).numpy()
    assert out_mg.shape == (3, 10)
    np.testing.assert_allclose(out_mg, out_th, rtol=1e-10, atol=1e-12)


def test_quickstart_is_the_tutorial_network():
    model = build("quickstart", torch.nn)
    assert type(model).__name__ == "NeuralNetwork"
    assert [k for k in model.state_dict()] == [
        "linear_relu_stack.0.weight", "linear_relu_stack.0.bias",
        "linear_relu_stack.2.weight", "linear_relu_stack.2.bias",
        "linear_relu_stack.4.weight", "linear_relu_stack.4.bias"]


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown model"):
        build("vgg", torch.nn)
