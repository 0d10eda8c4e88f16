"""Weights, optimizer state and checkpoints move between minigrad and torch."""
import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn
import minigrad.optim

from bridge import transfer
from bridge.models import build_pair


def _assert_same_state(mg_state, th_state):
    assert list(mg_state) == list(th_state)
    for key, value in th_state.items():
        a, b = transfer.to_numpy(mg_state[key]), transfer.to_numpy(value)
        assert a.dtype == b.dtype, key
        np.testing.assert_array_equal(a, b, err_msg=key)


@pytest.mark.parametrize("name", ["mlp", "resnet"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_weights_round_trip_both_ways(name, dtype):
    mg, th = build_pair(name, image_size=8)
    th = th.to(getattr(torch, dtype))
    mg = mg.to(getattr(minigrad, dtype))
    transfer.copy_weights(th, mg)
    _assert_same_state(mg.state_dict(), th.state_dict())
    # perturb minigrad's copy and send it back
    with minigrad.no_grad():
        for p in mg.parameters():
            p.mul_(0.5)
    transfer.copy_weights(mg, th)
    _assert_same_state(mg.state_dict(), th.state_dict())
    assert str(next(th.parameters()).dtype) == f"torch.{dtype}"


def test_copy_weights_rejects_mismatched_models():
    mg, _ = build_pair("mlp")
    _, th = build_pair("mlp2")
    with pytest.raises(KeyError, match="state_dict keys differ"):
        transfer.copy_weights(th, mg)


def _train(model, opt, lib, steps=3):
    rng = np.random.default_rng(1)
    for _ in range(steps):
        x = lib.from_numpy(rng.random((4, 1, 8, 8)))
        y = lib.from_numpy(rng.integers(0, 10, 4).astype(np.int64))
        opt.zero_grad()
        lib.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()


@pytest.mark.parametrize("opt_name,kwargs", [("SGD", {"lr": 0.1, "momentum": 0.9}),
                                             ("Adam", {"lr": 0.01})])
def test_optimizer_state_round_trip(opt_name, kwargs):
    mg, th = build_pair("mlp", image_size=8)
    th, mg = th.double(), mg.to(minigrad.float64)
    transfer.copy_weights(th, mg)
    th_opt = getattr(torch.optim, opt_name)(th.parameters(), **kwargs)
    mg_opt = getattr(minigrad.optim, opt_name)(mg.parameters(), **kwargs)
    _train(th, th_opt, torch)
    # torch -> minigrad: weights and optimizer state; one more step on each must agree
    transfer.copy_weights(th, mg)
    transfer.copy_optimizer_state(th_opt, mg_opt)
    state = mg_opt.state_dict()
    assert set(state["state"]) == set(th_opt.state_dict()["state"])
    _train(th, th_opt, torch, 1)
    _train(mg, mg_opt, minigrad, 1)
    for (name, a), (_, b) in zip(mg.named_parameters(), th.named_parameters(), strict=False):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10,
                                   atol=1e-12, err_msg=name)
    # minigrad -> torch: a fresh torch optimizer takes minigrad's state
    th2_opt = getattr(torch.optim, opt_name)(th.parameters(), **kwargs)
    transfer.copy_optimizer_state(mg_opt, th2_opt)
    for key, value in th2_opt.state_dict()["state"].items():
        for field, v in value.items():
            if torch.is_tensor(v) and v.dim() > 0:
                np.testing.assert_allclose(v.numpy(), transfer.to_numpy(
                    mg_opt.state_dict()["state"][key][field]), rtol=1e-12)


def test_torch_checkpoint_converts_to_minigrad(tmp_path):
    mg, th = build_pair("simplecnn", image_size=8)
    torch.save(th.state_dict(), tmp_path / "model.pt")
    converted = transfer.torch_to_minigrad_checkpoint(str(tmp_path / "model.pt"),
                                                      str(tmp_path / "model.mg"))
    loaded = minigrad.load(str(tmp_path / "model.mg"))
    mg.load_state_dict(loaded)
    _assert_same_state(mg.state_dict(), th.state_dict())
    assert list(converted) == list(th.state_dict())
    back = transfer.minigrad_to_torch_checkpoint(str(tmp_path / "model.mg"),
                                                 str(tmp_path / "back.pt"))
    _assert_same_state(back, torch.load(tmp_path / "back.pt", weights_only=True))


def test_to_torch_and_back_keeps_dtype_and_copies():
    arrays = {"a": np.arange(6, dtype=np.int64).reshape(2, 3), "b": [np.ones(2, np.float64)]}
    mg = transfer.to_minigrad(arrays)
    assert mg["a"].dtype == minigrad.int64 and mg["b"][0].dtype == minigrad.float64
    th = transfer.to_torch(mg)
    assert th["a"].dtype == torch.int64 and th["b"][0].dtype == torch.float64
    th["a"][0, 0] = 100
    assert mg["a"][0, 0].item() == 0


def test_command_line_converts_a_checkpoint(tmp_path, capsys):
    _, th = build_pair("mlp", image_size=8)
    torch.save(th.state_dict(), tmp_path / "m.pt")
    assert transfer._main([str(tmp_path / "m.pt"), str(tmp_path / "out" / "m.mg")]) == 0
    assert "wrote" in capsys.readouterr().out
    _assert_same_state(minigrad.load(str(tmp_path / "out" / "m.mg")), th.state_dict())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_weights_move_between_cuda_torch_and_minigrad():
    mg, th = build_pair("simplecnn", image_size=8)
    th = th.to(transfer.default_device("auto"))
    transfer.copy_weights(th, mg)
    _assert_same_state(mg.state_dict(), th.state_dict())
    with minigrad.no_grad():
        for p in mg.parameters():
            p.mul_(2.0)
    transfer.copy_weights(mg, th)
    assert next(th.parameters()).is_cuda
    _assert_same_state(mg.state_dict(), th.state_dict())
