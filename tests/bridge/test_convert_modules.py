"""User-defined modules and optimizers move between minigrad and torch, or fail with a reason."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import user_models as um
from torch_compat import comparable_repr

import minigrad
import minigrad.optim
from minigrad import nn

import bridge
from bridge import TwinError, transfer
from bridge import models
from bridge.models import build

IMAGE_MODELS = getattr(models, "IMAGE_MODELS", tuple(models.MODELS))   # (N, 1, side, side) in


def _same_forward(model, twin, x, rtol=1e-12):
    model.eval()
    twin.eval()
    ours = transfer.to_numpy(model(minigrad.from_numpy(x.copy())))
    theirs = transfer.to_numpy(twin(torch.from_numpy(x.copy())))
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol)
    return ours


def _assert_same_state(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    assert list(sa) == list(sb)
    for key in sa:
        assert np.array_equal(transfer.to_numpy(sa[key]), transfer.to_numpy(sb[key])), key


def _x(*shape):
    return np.random.default_rng(0).standard_normal(shape)


def test_user_model_moves_to_torch_and_back():
    model = um.Net().double()
    with minigrad.no_grad():
        model.shift.add_(0.25)
    twin = bridge.to_torch(model)
    assert isinstance(twin, torch.nn.Module) and type(twin).__name__ == "Net"
    assert isinstance(twin.blocks, torch.nn.ModuleList)
    assert type(twin.blocks[0]).__name__ == "Block" and twin.act == "tanh"
    assert repr(twin) == comparable_repr(repr(model))
    _assert_same_state(model, twin)
    ours = _same_forward(model, twin, _x(5, 4))
    back = bridge.to_minigrad(twin)
    assert type(back) is um.Net and type(back.blocks[1]) is um.Block
    _assert_same_state(back, model)
    assert np.array_equal(transfer.to_numpy(back(minigrad.from_numpy(_x(5, 4)))), ours)


def test_twin_class_is_cached_and_builds_fresh_torch_models():
    twin = bridge.to_torch(um.Net())
    assert type(bridge.to_torch(um.Net())) is type(twin)
    fresh = type(twin)(dim=6, classes=2, act="relu")        # the re-bound __init__ runs
    assert isinstance(fresh.head, torch.nn.Linear) and fresh.head.in_features == 12
    assert fresh(torch.randn(3, 6)).shape == (3, 2)


@pytest.mark.parametrize("name", sorted(IMAGE_MODELS))
def test_bridge_models_move(name):
    model = build(name, nn, image_size=8).double()
    twin = bridge.to_torch(model)
    assert [n for n, _ in twin.named_modules()] == [n for n, _ in model.named_modules()]
    _same_forward(model, twin, _x(3, 1, 8, 8))
    _assert_same_state(bridge.to_minigrad(twin), model)


def test_closures_defaults_and_super():
    closure = um.make_closure_model(nn, hidden=5).double()
    twin = bridge.to_torch(closure)
    assert isinstance(twin.fc, torch.nn.Linear)
    _same_forward(closure, twin, _x(4, 3))
    clamped = um.Clamped(3, 2).double()
    twin = bridge.to_torch(clamped)
    assert isinstance(twin, torch.nn.Linear) and type(twin).__name__ == "Clamped"
    out = _same_forward(clamped, twin, 10 * _x(4, 3))
    assert out.max() == 1.0 and out.min() == -1.0
    assert type(bridge.to_minigrad(twin)) is um.Clamped


def test_sequential_subclass_with_settings():
    stack = um.Stack(nn.Linear(3, 4), nn.ReLU(), temperature=4.0).double()
    twin = bridge.to_torch(stack)
    assert isinstance(twin, torch.nn.Sequential) and twin.temperature == 4.0 and len(twin) == 2
    _same_forward(stack, twin, _x(2, 3))
    back = bridge.to_minigrad(twin)
    assert type(back) is um.Stack and back.temperature == 4.0


def test_numpy_in_forward_is_refused_up_front_with_the_module_path():
    model = nn.Sequential(nn.Linear(3, 3), um.UsesNumPy())
    with pytest.raises(TwinError) as info:
        bridge.to_torch(model)
    message = str(info.value)
    assert "module '1' (UsesNumPy)" in message and "NumPy directly" in message
    assert "np.exp" in message and "user_models.py:" in message


def test_numpy_in_a_helper_method_and_function_is_found():
    with pytest.raises(TwinError, match=r"UsesNumPyInHelper.*np\.tanh"):
        bridge.to_torch(um.UsesNumPyInHelper())


def test_minigrad_only_name_is_refused():
    with pytest.raises(TwinError, match=r"minigrad\.keep_freed_memory.*torch does not have"):
        bridge.to_torch(nn.ModuleDict({"odd": um.UsesMinigradOnly()}))


def test_runtime_failure_names_the_module(monkeypatch):
    monkeypatch.setattr(minigrad.Tensor, "doubled", lambda self: self * 2, raising=False)
    model = nn.Sequential(nn.Identity(), um.UsesTensorExtra())
    assert float(model(minigrad.ones(1)).sum()) == 2.0
    twin = bridge.to_torch(model)
    with pytest.raises(TwinError, match=r"module '1' \(UsesTensorExtra\).*first forward call.*"
                                        r"AttributeError.*doubled") as info:
        twin(torch.ones(1))
    assert isinstance(info.value.__cause__, AttributeError)


def test_torch_user_module_moves_to_minigrad():
    import torch.nn.functional as TF

    class TorchNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(1, 2, 3)
            self.fc = torch.nn.Linear(2 * 9, 4)

        def forward(self, x):
            x = TF.max_pool2d(torch.relu(self.conv(x)), 2)
            return TF.log_softmax(self.fc(torch.flatten(x, 1)), dim=1)

    model = TorchNet().double()
    mg = bridge.to_minigrad(model)
    assert isinstance(mg, nn.Module) and type(mg).__name__ == "TorchNet"
    x = _x(2, 1, 8, 8)
    np.testing.assert_allclose(transfer.to_numpy(mg(minigrad.from_numpy(x))),
                               model(torch.from_numpy(x)).detach().numpy(), rtol=1e-12)
    assert type(bridge.to_torch(mg)) is TorchNet


def test_torch_only_name_is_refused_on_the_way_to_minigrad(monkeypatch):
    # minigrad has affine_grid; taken away here, it stands for any function it lacks
    monkeypatch.delattr(minigrad.nn.functional, "affine_grid")

    class Grid(torch.nn.Module):
        def forward(self, theta):
            return torch.nn.functional.affine_grid(theta, [1, 1, 2, 2], align_corners=False)

    with pytest.raises(TwinError, match=r"Grid.*torch\.nn\.functional\.affine_grid.*minigrad "
                                        r"does not have"):
        bridge.to_minigrad(Grid())


# -- optimizers ---------------------------------------------------------------------------------
def _step(model, optimizer, lib, x, y):
    optimizer.zero_grad()
    loss = lib.nn.functional.cross_entropy(model(lib.from_numpy(x)), lib.from_numpy(y))
    loss.backward()
    optimizer.step()
    return float(loss.item())


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("AdamW", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adadelta", dict(lr=1.0)),
])
def test_optimizer_state_moves_and_training_continues_identically(name, kwargs):
    rng = np.random.default_rng(0)
    batches = [(rng.standard_normal((6, 4)), rng.integers(0, 3, 6)) for _ in range(4)]
    model = um.Net().double()
    groups = [{"params": model.blocks.parameters()},
              {"params": model.head.parameters(), "lr": kwargs["lr"] / 2}]
    optimizer = getattr(minigrad.optim, name)(groups, **kwargs)
    for x, y in batches[:2]:
        _step(model, optimizer, minigrad, x, y)
    twin = bridge.to_torch(model)
    twin_opt = bridge.to_torch(optimizer, twin)
    assert type(twin_opt) is getattr(torch.optim, name)
    assert [g["lr"] for g in twin_opt.param_groups] == [g["lr"] for g in optimizer.param_groups]
    for x, y in batches[2:]:
        a, b = _step(model, optimizer, minigrad, x, y), _step(twin, twin_opt, torch, x, y)
        assert abs(a - b) <= 1e-12 * abs(b)
    for (key, p), (_, q) in zip(model.named_parameters(), twin.named_parameters(), strict=True):
        np.testing.assert_allclose(transfer.to_numpy(p), q.detach().numpy(), rtol=1e-10,
                                   atol=1e-12, err_msg=key)
    # and back: torch's state into a minigrad optimizer over the model's minigrad twin
    back = bridge.to_minigrad(twin)
    back_opt = bridge.to_minigrad(twin_opt, back)
    assert type(back_opt) is type(optimizer)
    x, y = batches[0]
    a, b = _step(back, back_opt, minigrad, x, y), _step(twin, twin_opt, torch, x, y)
    assert abs(a - b) <= 1e-12 * abs(b)


def test_optimizer_needs_a_twin_of_its_model():
    model = um.Net()
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(TypeError, match="pass the torch twin"):
        bridge.to_torch(optimizer)
    with pytest.raises(TwinError, match="pass model="):
        bridge.to_torch(optimizer, torch.nn.Linear(2, 2))
    source = nn.Linear(4, 3)
    other = bridge.to_torch(source)
    with pytest.raises(TwinError, match="not a parameter of the model"):
        bridge.to_torch(optimizer, other)
    twin = bridge.to_torch(model)
    moved = bridge.to_torch(optimizer, twin, model=model)
    assert isinstance(moved, torch.optim.SGD)


def test_tensors_and_state_dicts_pass_through():
    state = bridge.to_torch({"w": minigrad.ones(2), "n": 3})
    assert isinstance(state["w"], torch.Tensor) and state["n"] == 3
    back = bridge.to_minigrad(state)
    assert isinstance(back["w"], minigrad.Tensor)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (none here)")
def test_twin_on_cuda_takes_the_same_step():
    from bridge.onestep import check_step
    model = um.Net().double()
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    twin = bridge.to_torch(model, device="cuda")
    assert all(p.is_cuda for p in twin.parameters())
    twin_opt = bridge.to_torch(optimizer, twin)
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)
    result = check_step(model, x, y, nn.CrossEntropyLoss(), optimizer, twin=twin,
                        twin_optimizer=twin_opt)
    assert result.ok, str(result)
    back = bridge.to_minigrad(twin)                      # the stepped twin comes back
    for key, value in model.state_dict().items():
        np.testing.assert_allclose(transfer.to_numpy(back.state_dict()[key]),
                                   transfer.to_numpy(value), rtol=1e-9, atol=1e-12)


def test_rebound_code_reads_the_module_globals_live(monkeypatch):
    model = um.Block(3).double()
    twin = bridge.to_torch(model)
    x = _x(2, 3)
    before = _same_forward(model, twin, x)
    monkeypatch.setattr(um, "SCALE", 2.0)                    # a plain global, changed later
    after = _same_forward(model, twin, x)
    assert not np.allclose(before, after)


@pytest.mark.parametrize("name", ["AdaptiveLogSoftmaxWithLoss", "Transformer"])
def test_torch_layer_minigrad_lacks_is_refused(name, monkeypatch):
    # minigrad has these layers; taken away here, they stand for any layer it lacks
    monkeypatch.delattr(nn, name)
    layer = {"AdaptiveLogSoftmaxWithLoss": lambda: torch.nn.AdaptiveLogSoftmaxWithLoss(8, 10,
                                                                                        [4]),
             "Transformer": lambda: torch.nn.Transformer(8, 2, 1, 1, 16)}[name]()
    with pytest.raises(TwinError, match=rf"module '0' \({name}\).*minigrad\.nn has no {name}"):
        bridge.to_minigrad(torch.nn.Sequential(layer))
