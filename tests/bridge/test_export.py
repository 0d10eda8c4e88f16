"""``python -m bridge.export``: minigrad checkpoints become torch checkpoints and back."""
from __future__ import annotations

import collections
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
import user_models as um

import minigrad
import minigrad.optim
from minigrad import nn

import bridge
from bridge import export, transfer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _trained():
    model = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3))
    optimizer = minigrad.optim.Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(0)
    for _ in range(2):
        optimizer.zero_grad()
        out = model(minigrad.from_numpy(rng.standard_normal((5, 4)).astype(np.float32)))
        minigrad.nn.functional.cross_entropy(out, minigrad.tensor([0, 1, 2, 0, 1])).backward()
        optimizer.step()
    return model, optimizer


def _checkpoint(model, optimizer):
    shared = minigrad.ones(3)
    return {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": 2,
            "losses": [1.5, 1.25], "note": "trained in minigrad", "none": None,
            "counts": collections.Counter({"a": 2}), "array": np.arange(4, dtype=np.int32),
            "dtype": minigrad.float64, "tied": [shared, shared],
            "flag": minigrad.zeros(2).requires_grad_(True)}


def test_minigrad_checkpoint_round_trips_through_torch(tmp_path):
    model, optimizer = _trained()
    ckpt = _checkpoint(model, optimizer)
    minigrad.save(ckpt, tmp_path / "run.mg")
    assert export.main([str(tmp_path / "run.mg"), str(tmp_path / "run.pt")]) == 0
    loaded = torch.load(tmp_path / "run.pt", weights_only=True)
    assert isinstance(loaded["model"], collections.OrderedDict)
    assert loaded["model"]._metadata["1"]["version"] == 2        # BatchNorm's version
    assert loaded["dtype"] is torch.float64 and loaded["array"].dtype == torch.int32
    assert loaded["tied"][0] is loaded["tied"][1] and loaded["flag"].requires_grad
    assert loaded["counts"] == collections.Counter({"a": 2}) and loaded["step"] == 2
    for key, value in ckpt["model"].items():
        assert np.array_equal(loaded["model"][key].numpy(), value.numpy()), key
        assert str(loaded["model"][key].dtype) == f"torch.{value.dtype.name}"
    # the torch twin takes the weights and the optimizer state
    twin = bridge.to_torch(model)
    twin.load_state_dict(loaded["model"])
    twin_opt = torch.optim.Adam(twin.parameters(), lr=0.01)
    twin_opt.load_state_dict(loaded["optimizer"])
    assert set(twin_opt.state_dict()["state"]) == set(ckpt["optimizer"]["state"])
    # and back
    assert export.main(["--to-minigrad", str(tmp_path / "run.pt"),
                        str(tmp_path / "back.mg")]) == 0
    back = minigrad.load(tmp_path / "back.mg")
    assert back["tied"][0] is back["tied"][1] and back["dtype"] is minigrad.float64
    assert back["note"] == ckpt["note"] and back["losses"] == ckpt["losses"]
    for key, value in ckpt["model"].items():
        assert np.array_equal(back["model"][key].numpy(), value.numpy()), key
    fresh = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3))
    fresh.load_state_dict(back["model"])
    state = back["optimizer"]["state"][0]
    np.testing.assert_array_equal(state["exp_avg"].numpy(),
                                  ckpt["optimizer"]["state"][0]["exp_avg"].numpy())


def test_command_line(tmp_path):
    minigrad.save({"w": minigrad.ones(2, 3)}, tmp_path / "a.mg")
    done = subprocess.run([sys.executable, "-m", "bridge.export", str(tmp_path / "a.mg"),
                           str(tmp_path / "a.pt")], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT})
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "1 tensors" in done.stdout
    assert torch.load(tmp_path / "a.pt", weights_only=True)["w"].shape == (2, 3)


def _fails(argv, capsys):
    assert export.main(argv) == 1
    return capsys.readouterr().err


def test_clear_errors(tmp_path, capsys):
    assert "no such file" in _fails([str(tmp_path / "nope.mg"), str(tmp_path / "x.pt")], capsys)
    torch.save({"w": torch.ones(2)}, tmp_path / "t.pt")
    err = _fails([str(tmp_path / "t.pt"), str(tmp_path / "x.pt")], capsys)
    assert "PyTorch checkpoint" in err and "--to-minigrad" in err
    minigrad.save({"w": minigrad.ones(2)}, tmp_path / "m.mg")
    err = _fails([str(tmp_path / "m.mg"), str(tmp_path / "missing" / "x.pt")], capsys)
    assert "does not exist" in err
    assert "is the input" in _fails([str(tmp_path / "m.mg"), str(tmp_path / "m.mg")], capsys)
    err = _fails(["--to-minigrad", str(tmp_path / "m.mg"), str(tmp_path / "x.mg")], capsys)
    assert "weights_only" in err
    assert not os.path.exists(tmp_path / "x.pt") and not os.path.exists(tmp_path / "x.mg")


class _Bomb:
    ran = False

    def __reduce__(self):
        return (_explode, ())


def _explode():
    _Bomb.ran = True
    return "boom"


def test_unsafe_torch_file_runs_no_code(tmp_path, capsys):
    torch.save({"payload": _Bomb()}, tmp_path / "evil.pt")
    err = _fails(["--to-minigrad", str(tmp_path / "evil.pt"), str(tmp_path / "out.mg")], capsys)
    assert "weights_only" in err and not _Bomb.ran
    assert not os.path.exists(tmp_path / "out.mg")


def test_failed_conversion_leaves_the_old_output(tmp_path, capsys):
    torch.save({"w": torch.ones(2, dtype=torch.bfloat16)}, tmp_path / "bf16.pt")
    minigrad.save({"old": minigrad.ones(1)}, tmp_path / "out.mg")
    err = _fails(["--to-minigrad", str(tmp_path / "bf16.pt"), str(tmp_path / "out.mg")], capsys)
    assert "entry ['w']" in err and "bfloat16" in err
    assert list(minigrad.load(tmp_path / "out.mg")) == ["old"]
    assert sorted(os.listdir(tmp_path)) == ["bf16.pt", "out.mg"]


def test_user_model_checkpoint_loads_into_its_twin(tmp_path):
    model = um.Net()
    minigrad.save({"model": model.state_dict()}, tmp_path / "net.mg")
    export.export_to_torch(str(tmp_path / "net.mg"), str(tmp_path / "net.pt"))
    twin = bridge.to_torch(um.Net())                   # a fresh twin, then the weights
    twin.load_state_dict(torch.load(tmp_path / "net.pt", weights_only=True)["model"])
    x = np.random.default_rng(0).standard_normal((2, 4)).astype(np.float32)
    np.testing.assert_allclose(transfer.to_numpy(model(minigrad.from_numpy(x))),
                               twin(torch.from_numpy(x)).detach().numpy(), rtol=1e-5,
                               atol=1e-6)


def test_unsupported_entries_are_named():
    with pytest.raises(export.ExportError, match=r"entry \['x'\]\[0\] is a object"):
        export.minigrad_to_torch({"x": [object()]})
