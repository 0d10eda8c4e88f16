"""Every minigrad layer moves to torch and back exactly (``bridge.to_torch`` / ``to_minigrad``).

The layer classes are enumerated from ``minigrad.nn.__all__``; each needs its
row (constructor arguments and inputs) in ``layer_rows.py``, and a class
without one fails here by name.  For every row, in float32 and float64:
minigrad -> torch gives torch's class with the same repr, bit-identical state
(keys, dtypes, values, ``requires_grad``, gradients, persistence) and the same
forward output; torch -> minigrad gives back the original class with
bit-identical state and settings.  A user subclass of every layer makes the
same trip (it is rebuilt from the layer's attributes, not its recorded
arguments).
"""
from __future__ import annotations

import types

import numpy as np
import pytest
import torch
from layer_rows import ROWS
from torch_compat import comparable_repr, requires_name, torch_has

import minigrad
from minigrad import nn

import bridge
from bridge import transfer


def public_module_classes():
    """The public ``minigrad.nn`` classes that are Modules (layers, losses, containers)."""
    return sorted(name for name in nn.__all__
                  if isinstance(getattr(nn, name), type) and issubclass(getattr(nn, name),
                                                                        nn.Module))


LAYERS = public_module_classes()
CASES = [pytest.param(name, i, id=f"{name}-{i}", marks=requires_name(name))
         for name in LAYERS for i in range(max(1, len(ROWS.get(name, []))))]
REGISTRIES = {"_parameters", "_buffers", "_modules", "_non_persistent_buffers_set",
              "_forward_hooks", "_forward_pre_hooks"}
BOOKKEEPING = {"_constructor_args", "_twin_of", "_twin_checked",
               "_initialize_hook", "_load_hook"}     # a lazy layer's own hook handles


def test_every_layer_class_has_a_row():
    missing = [name for name in LAYERS if name not in ROWS]
    assert not missing, (
        "minigrad.nn classes with no row in tests/bridge/layer_rows.py (the constructor "
        f"arguments and forward inputs of the twin round trip): {missing}")


def test_rows_name_torch_classes():
    assert [name for name in ROWS if not hasattr(torch.nn, name) and torch_has(name)] == []


def _row(name, index):
    if name not in ROWS:
        pytest.fail(f"minigrad.nn.{name} has no row in tests/bridge/layer_rows.py: add its "
                    "constructor arguments and forward inputs there")
    return ROWS[name][index]


def _perturb(module, rng) -> None:
    """Give every state tensor non-initial values (and one parameter a gradient)."""
    params = {id(p) for p in module.parameters()}
    with minigrad.no_grad():
        for value in module.state_dict(keep_vars=True).values():
            if nn.parameter.is_lazy(value):           # a lazy layer before its first forward
                continue
            array = value.detach().numpy()
            if array.dtype.kind == "f" and id(value) in params:
                new = rng.uniform(-0.6, 0.6, array.shape).astype(array.dtype)
            elif array.dtype.kind == "f":         # buffers: running variances stay positive
                new = rng.uniform(0.25, 1.25, array.shape).astype(array.dtype)
            else:
                new = np.full(array.shape, 7, array.dtype)
            value.copy_(minigrad.from_numpy(new))
    params = [p for p in module.parameters() if not nn.parameter.is_lazy(p)]
    if params:
        params[0].grad = minigrad.from_numpy(rng.standard_normal(tuple(params[0].shape))
                                             .astype(params[0].detach().numpy().dtype))


def _lazy(value) -> bool:
    return nn.parameter.is_lazy(value) or torch.nn.parameter.is_lazy(value)


def _state(module):
    """(key, dtype, values) per state entry; the values of an uninitialized one are None."""
    return [(key, str(value.dtype).split(".")[-1],
             None if _lazy(value) else transfer.to_numpy(value))
            for key, value in module.state_dict(keep_vars=True).items()]


def assert_same_state(a, b) -> None:
    """Bit-identical state, flags, gradients and persistence (either library each)."""
    sa, sb = _state(a), _state(b)
    assert [(k, d) for k, d, _ in sa] == [(k, d) for k, d, _ in sb]
    for (key, _, x), (_, _, y) in zip(sa, sb, strict=True):
        assert (x is None) == (y is None), key
        if x is None:
            continue
        assert x.shape == y.shape and np.array_equal(x, y), key
    assert [(n, p.requires_grad) for n, p in a.named_parameters()] == \
        [(n, p.requires_grad) for n, p in b.named_parameters()]
    grads = [[(n, None if p.grad is None else transfer.to_numpy(p.grad))
              for n, p in m.named_parameters()] for m in (a, b)]
    for (name, ga), (_, gb) in zip(*grads, strict=True):
        assert (ga is None) == (gb is None), name
        assert ga is None or np.array_equal(ga, gb), name
    assert [(n, sorted(m._non_persistent_buffers_set)) for n, m in a.named_modules()] == \
        [(n, sorted(m._non_persistent_buffers_set)) for n, m in b.named_modules()]
    assert [(n, m.training) for n, m in a.named_modules()] == \
        [(n, m.training) for n, m in b.named_modules()]


def settings(module) -> dict:
    """A module's plain attributes (its settings), per submodule."""
    out = {}
    for path, m in module.named_modules():
        for key, value in vars(m).items():
            if key not in REGISTRIES and key not in BOOKKEEPING:
                out[f"{path}:{key}"] = value
    return out


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _flat(v)]
    return [value]


def _forward(module, lib, arrays):
    return [transfer.to_numpy(v) for v in _flat(module(*[lib.from_numpy(a.copy())
                                                          for a in arrays]))]


def _inputs(row, dtype):
    rng = np.random.default_rng(7)
    return [spec.array(rng, dtype) for spec in row.inputs]


def _round_trip(module, row, dtype, expected_class):
    """minigrad -> torch -> minigrad, checking each side; returns (twin, back)."""
    before = settings(module)
    twin = bridge.to_torch(module)
    assert isinstance(twin, expected_class)
    assert type(twin).__name__ == type(module).__name__
    assert repr(twin).replace("torch.", "minigrad.") == comparable_repr(repr(module))
    assert_same_state(module, twin)
    back = bridge.to_minigrad(twin)
    assert type(back) is type(module)
    assert repr(back) == repr(module)
    assert_same_state(module, back)
    assert settings(back) == before
    if row.inputs is not None:
        arrays = _inputs(row, dtype)
        for m in (module, twin, back):
            m.eval()
        ours, theirs, again = (_forward(module, minigrad, arrays),
                               _forward(twin, torch, arrays), _forward(back, minigrad, arrays))
        rtol = 1e-5 if dtype == np.float32 else 1e-12
        assert len(ours) == len(theirs) == len(again)
        for a, b, c in zip(ours, theirs, again, strict=True):
            assert a.dtype == b.dtype and a.shape == b.shape
            scale = float(np.abs(b).max()) if b.size and b.dtype.kind == "f" else 1.0
            np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * max(scale, 1.0))
            assert np.array_equal(a, c, equal_nan=True)
    return twin, back


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name,index", CASES)
def test_layer_round_trip_is_exact(name, index, dtype):
    row = _row(name, index)
    module = row.build(nn, minigrad)
    assert type(module) is getattr(nn, name)
    if dtype == np.float64:
        module = module.double()
    _perturb(module, np.random.default_rng(index))
    twin, _ = _round_trip(module, row, dtype, getattr(torch.nn, name))
    assert type(twin) is getattr(torch.nn, name)


@pytest.mark.parametrize("name,index", CASES)
def test_user_subclass_of_layer_round_trip_is_exact(name, index):
    row = _row(name, index)
    cls = getattr(nn, name)
    sub = type("My" + name, (cls,), {"__module__": __name__})
    namespace = types.SimpleNamespace(**{k: getattr(nn, k) for k in nn.__all__})
    setattr(namespace, name, sub)
    module = row.build(namespace, minigrad)
    assert type(module) is sub
    _perturb(module, np.random.default_rng(index))
    if row.stored:           # its attributes do not rebuild it in either library: refused
        with pytest.raises(bridge.TwinError, match=row.stored):
            _round_trip(module, row, np.float32, getattr(torch.nn, name))
        return
    twin, _ = _round_trip(module, row, np.float32, getattr(torch.nn, name))
    assert type(twin) is not getattr(torch.nn, name)


def test_settings_changed_after_construction_move_too():
    model = nn.Sequential(nn.BatchNorm1d(3), nn.Dropout(0.5), nn.LeakyReLU())
    model[0].momentum, model[1].p, model[2].negative_slope = 0.25, 0.125, 0.3
    model[1].eval()
    twin = bridge.to_torch(model)
    assert (twin[0].momentum, twin[1].p, twin[2].negative_slope) == (0.25, 0.125, 0.3)
    assert (twin.training, twin[1].training) == (True, False)
    back = bridge.to_minigrad(twin)
    assert settings(back) == settings(model)


def test_torch_layers_move_to_minigrad_and_back():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1, bias=False),
                                torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.Flatten(),
                                torch.nn.Linear(4 * 25, 3)).double()
    mg = bridge.to_minigrad(model)
    assert type(mg) is nn.Sequential and type(mg[0]) is nn.Conv2d
    assert comparable_repr(repr(mg)) == repr(model)
    assert_same_state(mg, model)
    again = bridge.to_torch(mg)
    assert_same_state(again, model)
    x = np.random.default_rng(0).standard_normal((2, 1, 5, 5))
    np.testing.assert_allclose(_forward(mg, minigrad, [x])[0], _forward(model, torch, [x])[0],
                               rtol=1e-12, atol=1e-12)


def test_an_argument_an_older_torch_lacks_is_dropped_only_at_its_default():
    """torch 2.11's BatchNorm takes no ``bias=`` (always True): a recorded ``bias=True``
    is left out for such a class, ``bias=False`` is kept (and the class refuses it)."""
    from bridge.convert import _drop_unknown_defaults

    class OldNorm:                       # stands for torch 2.11's BatchNorm2d
        def __init__(self, num_features, eps=1e-5):
            pass
    kept = {"num_features": 4, "eps": 1e-3}
    assert _drop_unknown_defaults({**kept, "bias": True}, nn.BatchNorm2d, OldNorm) == kept
    assert _drop_unknown_defaults({**kept, "bias": False}, nn.BatchNorm2d, OldNorm) == {
        **kept, "bias": False}


def test_tied_parameters_and_shared_modules_stay_shared():
    shared = nn.Linear(3, 3)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    embed = nn.Embedding(5, 3)
    head = nn.Linear(3, 5, bias=False)
    head.weight = embed.weight
    tied = nn.ModuleDict({"embed": embed, "head": head})
    for source in (model, tied):
        twin = bridge.to_torch(source)
        assert len(list(twin.parameters())) == len(list(source.parameters()))
        back = bridge.to_minigrad(twin)
        assert len(list(back.parameters())) == len(list(source.parameters()))
    twin = bridge.to_torch(model)
    assert twin[0] is twin[2]
    twin = bridge.to_torch(tied)
    assert twin["head"].weight is twin["embed"].weight


def test_non_persistent_buffers_and_plain_tensors_move():
    class WithBuffers(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("scale", minigrad.tensor([2.0, 3.0]))
            self.register_buffer("cache", minigrad.zeros(2), persistent=False)
            self.offset = minigrad.tensor(0.5)

        def forward(self, x):
            return x * self.scale + self.cache + self.offset

    model = WithBuffers()
    twin = bridge.to_torch(model)
    assert list(twin.state_dict()) == ["scale"]
    assert dict(twin.named_buffers()).keys() == {"scale", "cache"}
    assert isinstance(twin.offset, torch.Tensor) and float(twin.offset) == 0.5
    np.testing.assert_array_equal(twin(torch.ones(2)).numpy(), [2.5, 3.5])


@pytest.mark.parametrize("materialize_in", ["minigrad", "torch"])
def test_lazy_layers_move_across_after_their_first_forward(materialize_in):
    """A lazy layer that has seen its first input is the concrete layer (LazyLinear ->
    Linear), in whichever library it saw it: it moves with its drawn weights."""
    model = nn.Sequential(nn.LazyConv1d(4, 3), nn.ReLU(), nn.LazyBatchNorm1d(), nn.Flatten(),
                          nn.LazyLinear(2))
    x = np.random.default_rng(0).standard_normal((2, 3, 7)).astype(np.float32)
    if materialize_in == "minigrad":
        model(minigrad.from_numpy(x))
        twin = bridge.to_torch(model)
    else:
        twin = bridge.to_torch(model)
        twin(torch.from_numpy(x))
        model = bridge.to_minigrad(twin)
    assert [type(m).__name__ for m in twin] == ["Conv1d", "ReLU", "BatchNorm1d", "Flatten",
                                                "Linear"]
    assert repr(twin).replace("torch.", "minigrad.") == comparable_repr(repr(model))
    back = bridge.to_minigrad(twin)
    assert_same_state(model, twin)
    assert_same_state(model, back)
    for m in (model, twin, back):
        m.eval()
    ours = model(minigrad.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(ours, twin(torch.from_numpy(x)).detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_array_equal(ours, back(minigrad.from_numpy(x)).detach().numpy())
