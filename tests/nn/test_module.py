"""nn.Module behaviour compared with torch.nn.Module: registration, naming, state, printing."""
from __future__ import annotations

import collections
import re

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from nn_helpers import copy_weights
from torch_compat import comparable_repr


def tutorial_models(lib):
    """The same model definitions, built with torch.nn or minigrad.nn."""
    class NeuralNetwork(lib.Module):
        def __init__(self):
            super().__init__()
            self.flatten = lib.Flatten()
            self.linear_relu_stack = lib.Sequential(
                lib.Linear(28 * 28, 512), lib.ReLU(), lib.Linear(512, 512), lib.ReLU(),
                lib.Linear(512, 10))

        def forward(self, x):
            return self.linear_relu_stack(self.flatten(x))

    class CNN(lib.Module):
        def __init__(self):
            super().__init__()
            self.features = lib.Sequential(
                lib.Conv2d(1, 8, 3, padding=1), lib.BatchNorm2d(8), lib.ReLU(),
                lib.MaxPool2d(2), lib.Conv2d(8, 16, kernel_size=3, stride=2, bias=False),
                lib.Dropout(0.25), lib.AdaptiveAvgPool2d((1, 1)))
            self.fc = lib.Linear(16, 10)
            self.drop = lib.Dropout()

        def forward(self, x):
            return self.fc(self.drop(self.features(x).flatten(1)))

    class ResBlock(lib.Module):
        def __init__(self, c):
            super().__init__()
            self.conv1 = lib.Conv2d(c, c, 3, padding="same", bias=False)
            self.bn1 = lib.BatchNorm2d(c)
            self.conv2 = lib.Conv2d(c, c, 3, padding=1, bias=False, dilation=1, groups=2)
            self.bn2 = lib.BatchNorm2d(c, momentum=None, affine=False)

        def forward(self, x):
            y = lib.functional.relu(self.bn1(self.conv1(x)))
            return lib.functional.relu(x + self.bn2(self.conv2(y)))

    class ResNet(lib.Module):
        def __init__(self):
            super().__init__()
            self.stem = lib.Conv2d(3, 4, 3, 1, 1)
            self.blocks = lib.ModuleList([ResBlock(4) for _ in range(3)])
            self.heads = lib.ModuleDict({"cls": lib.Linear(4, 3), "aux": lib.Identity()})
            self.norm = lib.LayerNorm(4)
            self.act = lib.Sequential(collections.OrderedDict(
                [("gelu", lib.GELU(approximate="tanh")), ("leaky", lib.LeakyReLU(0.2)),
                 ("soft", lib.LogSoftmax(dim=1))]))

        def forward(self, x):
            x = self.stem(x)
            for block in self.blocks:
                x = block(x)
            x = self.norm(x.mean((2, 3)))
            return self.act(self.heads["cls"](x))

    return {"mlp": NeuralNetwork, "cnn": CNN, "resnet": ResNet}


@pytest.mark.parametrize("name", ["mlp", "cnn", "resnet"])
def test_repr_names_and_state_dict_keys_match_torch(name):
    torch_model = tutorial_models(torch.nn)[name]()
    mg_model = tutorial_models(nn)[name]()
    assert comparable_repr(repr(mg_model)) == repr(torch_model)
    assert comparable_repr(str(mg_model)) == str(torch_model)
    assert [n for n, _ in mg_model.named_parameters()] == \
        [n for n, _ in torch_model.named_parameters()]
    assert [n for n, _ in mg_model.named_buffers()] == [n for n, _ in torch_model.named_buffers()]
    assert [n for n, _ in mg_model.named_modules()] == [n for n, _ in torch_model.named_modules()]
    assert [n for n, _ in mg_model.named_children()] == \
        [n for n, _ in torch_model.named_children()]
    sd_mg, sd_th = mg_model.state_dict(), torch_model.state_dict()
    assert isinstance(sd_mg, collections.OrderedDict)
    assert list(sd_mg) == list(sd_th)
    for key in sd_th:
        assert tuple(sd_mg[key].shape) == tuple(sd_th[key].shape)
        assert str(sd_mg[key].dtype).split(".")[1] == str(sd_th[key].dtype).split(".")[1]


@pytest.mark.parametrize("name", ["mlp", "cnn", "resnet"])
def test_tutorial_models_match_torch_after_copying_weights(name):
    torch.manual_seed(0)
    torch_model = tutorial_models(torch.nn)[name]().double()
    mg_model = tutorial_models(nn)[name]().double()
    copy_weights(torch_model, mg_model)
    torch_model.eval()
    mg_model.eval()
    shape = {"mlp": (2, 28, 28), "cnn": (2, 1, 12, 12), "resnet": (2, 3, 6, 6)}[name]
    x = np.random.default_rng(1).standard_normal(shape)
    out_th = torch_model(torch.tensor(x))
    out_mg = mg_model(minigrad.tensor(x))
    np.testing.assert_allclose(out_mg.detach().numpy(), out_th.detach().numpy(), rtol=1e-9,
                               atol=1e-10)
    out_th.sum().backward()
    out_mg.sum().backward()
    grads_th = dict(torch_model.named_parameters())
    for n, p in mg_model.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), grads_th[n].grad.numpy(), rtol=1e-8,
                                   atol=1e-10, err_msg=n)


def test_train_eval_flags_and_no_internal_train_calls():
    calls = []

    class Spy(nn.Module):
        def train(self, mode=True):
            calls.append(mode)
            return super().train(mode)

    model = nn.Sequential(nn.Linear(2, 2), Spy())
    assert calls == [] and model.training and model[1].training
    assert model.eval() is model
    assert calls == [False] and not model.training and not model[0].training
    model.train()
    assert calls == [False, True] and model[0].training
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        model.train("yes")


def test_registration_via_setattr_and_explicit_calls():
    m = nn.Module()
    m.w = nn.Parameter(minigrad.ones(2))
    m.register_buffer("running", minigrad.zeros(3))
    m.register_buffer("scratch", minigrad.zeros(1), persistent=False)
    m.child = nn.Linear(2, 3)
    m.add_module("other", nn.ReLU())
    m.register_parameter("none_param", None)
    m.plain = 5
    assert list(m._parameters) == ["w", "none_param"]
    assert [n for n, _ in m.named_parameters()] == ["w", "child.weight", "child.bias"]
    assert [n for n, _ in m.named_buffers()] == ["running", "scratch"]
    assert list(m.state_dict()) == ["w", "running", "child.weight", "child.bias"]
    assert [type(c).__name__ for c in m.children()] == ["Linear", "ReLU"]
    assert len(list(m.modules())) == 3
    # re-assigning a parameter keeps its position; assigning a module moves the name
    m.w = nn.Parameter(minigrad.zeros(2))
    assert list(m._parameters) == ["w", "none_param"]
    with pytest.raises(TypeError, match="cannot assign 'minigrad.FloatTensor' as parameter"):
        m.w = minigrad.zeros(2)
    with pytest.raises(TypeError, match="as child module 'child'"):
        m.child = 3
    with pytest.raises(KeyError, match="attribute 'plain' already exists"):
        m.register_buffer("plain", minigrad.zeros(1))
    with pytest.raises(KeyError, match="contain"):
        m.add_module("a.b", nn.ReLU())
    with pytest.raises(AttributeError, match="'Module' object has no attribute 'missing'"):
        _ = m.missing
    del m.child
    assert "child" not in m._modules
    with pytest.raises(AttributeError, match="cannot assign parameters before"):
        class Bad(nn.Module):
            def __init__(self):
                self.p = nn.Parameter(minigrad.ones(1))
        Bad()


def test_shared_parameters_are_listed_once():
    lin = nn.Linear(3, 3)
    model = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(model.parameters())) == 2
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.named_parameters(remove_duplicate=False))) == 4


def test_parameter_is_a_leaf_tensor_with_torch_repr():
    p = nn.Parameter(minigrad.tensor([1.0, 2.0]))
    tp = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    assert isinstance(p, minigrad.Tensor) and p.requires_grad and p.is_leaf
    assert repr(p) == repr(tp)
    q = nn.Parameter(minigrad.tensor([1.0]), requires_grad=False)
    assert repr(q) == repr(torch.nn.Parameter(torch.tensor([1.0]), requires_grad=False))
    assert type(p * 2) is minigrad.Tensor


def test_zero_grad_to_double_apply_requires_grad():
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    model(minigrad.randn(4, 3)).sum().backward()
    weight = model[0].weight
    model.zero_grad(set_to_none=False)
    assert np.all(weight.grad.numpy() == 0)
    model.zero_grad()
    assert weight.grad is None
    model.double()
    assert weight.dtype == minigrad.float64 and model[0].weight is weight
    assert model[1].running_mean.dtype == minigrad.float64
    assert model[1].num_batches_tracked.dtype == minigrad.int64
    model.to(minigrad.float32)
    assert weight.dtype == minigrad.float32
    assert model.to("cpu") is model and model.cpu() is model
    with pytest.raises(TypeError, match="only accepts floating point"):
        model.to(minigrad.int64)
    seen = []
    model.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "BatchNorm1d", "Sequential"]
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def _torch_words(message: str) -> str:
    return message.replace("torch.Size", "minigrad.Size")


def test_load_state_dict_errors_match_torch():
    th = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    mg = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    good = {k: v.clone() for k, v in th.state_dict().items()}
    result = mg.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in good.items()})
    assert repr(result) == "<All keys matched successfully>"
    assert result.missing_keys == [] and result.unexpected_keys == []
    bad_cases = []
    broken = dict(good)
    del broken["0.bias"]
    broken["1.extra"] = torch.zeros(1)
    broken["2.weight"] = torch.zeros(1)
    bad_cases.append(broken)
    resized = dict(good)
    resized["0.weight"] = torch.zeros(4, 3)
    bad_cases.append(resized)
    for case in bad_cases:
        with pytest.raises(RuntimeError) as th_err:
            th.load_state_dict(case)
        with pytest.raises(RuntimeError) as mg_err:
            mg.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in case.items()})
        assert str(mg_err.value) == _torch_words(str(th_err.value))
    keys = mg.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in
                               bad_cases[0].items()}, strict=False)
    th_keys = th.load_state_dict(bad_cases[0], strict=False)
    assert keys.missing_keys == th_keys.missing_keys
    assert keys.unexpected_keys == th_keys.unexpected_keys
    assert repr(keys) == repr(th_keys).replace("IncompatibleKeys", "IncompatibleKeys")


def test_load_state_dict_copies_in_place_and_old_bn_checkpoints():
    mg = nn.BatchNorm2d(3)
    weight = mg.weight
    state = {"weight": minigrad.full((3,), 2.0), "bias": minigrad.zeros(3),
             "running_mean": minigrad.ones(3), "running_var": minigrad.ones(3)}
    # a plain dict has no version metadata: num_batches_tracked defaults to 0 (as torch)
    assert mg.load_state_dict(state).missing_keys == []
    assert mg.weight is weight and np.all(weight.detach().numpy() == 2.0)
    sd = mg.state_dict()
    sd.pop("num_batches_tracked")
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: '
                                           '"num_batches_tracked"'):
        mg.load_state_dict(sd)


def test_state_dict_values_are_detached_and_share_storage():
    lin = nn.Linear(2, 2)
    sd = lin.state_dict()
    assert not sd["weight"].requires_grad
    assert np.shares_memory(sd["weight"].numpy(), lin.weight.detach().numpy())
    kept = lin.state_dict(keep_vars=True)
    assert kept["weight"] is lin.weight


def test_sequential_container_api():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear)
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and list(sub._modules) == ["1", "2"]
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    seq.append(nn.Sigmoid())
    assert list(seq._modules) == ["0", "1", "2", "3"]
    del seq[1]
    assert list(seq._modules) == ["0", "1", "2"]
    with pytest.raises(IndexError, match="index 5 is out of range"):
        seq[5]
    named = nn.Sequential(collections.OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    assert [n for n, _ in named.named_parameters()] == ["fc.weight", "fc.bias"]
    assert repr(named) == repr(torch.nn.Sequential(collections.OrderedDict(
        [("fc", torch.nn.Linear(2, 2)), ("act", torch.nn.Tanh())])))


def test_modulelist_and_moduledict_repr_and_api():
    mg = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()])
    th = torch.nn.ModuleList([torch.nn.Linear(2, 2) for _ in range(3)] + [torch.nn.ReLU()])
    assert repr(mg) == repr(th)
    assert repr(nn.ModuleList()) == repr(torch.nn.ModuleList())
    mg.append(nn.ReLU())
    mg.insert(0, nn.Tanh())
    assert len(mg) == 6 and isinstance(mg[0], nn.Tanh) and isinstance(mg[-1], nn.ReLU)
    assert isinstance(mg[1:3], nn.ModuleList)
    d = nn.ModuleDict({"a": nn.Linear(1, 1), "b": nn.ReLU()})
    td = torch.nn.ModuleDict({"a": torch.nn.Linear(1, 1), "b": torch.nn.ReLU()})
    assert repr(d) == repr(td)
    assert list(d) == ["a", "b"] and "a" in d and len(d) == 2
    assert [n for n, _ in d.named_parameters()] == ["a.weight", "a.bias"]


def test_forward_hooks_and_call():
    lin = nn.Linear(2, 2)
    seen = []
    handle = lin.register_forward_hook(lambda m, args, out: seen.append(out.shape))
    lin(minigrad.ones(1, 2))
    handle.remove()
    lin(minigrad.ones(1, 2))
    assert seen == [minigrad.Size([1, 2])]
    pre = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    assert np.allclose(lin(minigrad.ones(1, 2)).detach().numpy(), lin.bias.detach().numpy())
    pre.remove()


def test_layer_reprs_match_torch():
    pairs = [
        ("Conv2d", (3, 8, 3), dict(stride=2, padding=1, dilation=2, groups=1, bias=False)),
        ("Conv2d", (4, 8, (3, 5)), dict(padding="same", groups=2)),
        ("Conv2d", (4, 8, 1), dict(padding="valid")),
        ("Conv1d", (4, 8, 3), dict(stride=2)),
        ("MaxPool2d", (2,), {}), ("MaxPool2d", (3, 1, 1), dict(ceil_mode=True)),
        ("AvgPool2d", (2,), {}), ("AdaptiveAvgPool2d", ((5, 7),), {}),
        ("BatchNorm1d", (5,), dict(momentum=None, affine=False)),
        ("BatchNorm2d", (5,), dict(track_running_stats=False)), ("LayerNorm", ([4, 5],), {}),
        ("Dropout", (0.2,), {}), ("ReLU", (), dict(inplace=True)), ("LeakyReLU", (0.1,), {}),
        ("GELU", (), {}), ("Softmax", (), dict(dim=1)), ("LogSoftmax", (1,), {}),
        ("Softplus", (), {}), ("ELU", (), {}), ("ReLU6", (), {}), ("SiLU", (), {}),
        ("Hardtanh", (), {}), ("Identity", (), {}), ("Flatten", (0, 2), {}),
        ("Unflatten", (1, (2, 3)), {}), ("Sigmoid", (), {}), ("Tanh", (), {}),
        ("CrossEntropyLoss", (), dict(label_smoothing=0.1)), ("MSELoss", (), {}),
        ("BCEWithLogitsLoss", (), {}), ("Linear", (3, 4), dict(bias=False)),
    ]
    for name, args, kwargs in pairs:
        got = repr(getattr(nn, name)(*args, **kwargs))
        want = repr(getattr(torch.nn, name)(*args, **kwargs))
        assert comparable_repr(got) == want, name
    # the normalization layers as torch 2.14 prints them, whichever torch is installed
    mirrored = {
        "BatchNorm1d(5, eps=1e-05, momentum=None, affine=False, bias=False, "
        "track_running_stats=True)": nn.BatchNorm1d(5, momentum=None, affine=False),
        "BatchNorm2d(5, eps=1e-05, momentum=0.1, affine=True, bias=True, "
        "track_running_stats=False)": nn.BatchNorm2d(5, track_running_stats=False),
        "LayerNorm((4, 5), eps=1e-05, elementwise_affine=True, bias=True)": nn.LayerNorm([4, 5]),
        "LayerNorm((3,), eps=1e-05, elementwise_affine=True, bias=False)":
            nn.LayerNorm(3, bias=False),
        "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)": nn.GroupNorm(2, 4),
        "GroupNorm(2, 4, eps=1e-05, affine=False, bias=False)": nn.GroupNorm(2, 4, affine=False),
        "GroupNorm(1, 4, eps=1e-05, affine=True, bias=False)": nn.GroupNorm(1, 4, bias=False),
    }
    for want, layer in mirrored.items():
        assert repr(layer) == want


def test_get_submodule_and_parameter():
    model = tutorial_models(nn)["mlp"]()
    assert isinstance(model.get_submodule("linear_relu_stack.0"), nn.Linear)
    assert model.get_parameter("linear_relu_stack.0.bias").shape == (512,)
    with pytest.raises(AttributeError, match=re.escape("has no attribute `nope`")):
        model.get_submodule("nope")


def test_load_state_dict_assign_takes_the_tensors():
    lin = nn.Linear(2, 2)
    w = minigrad.ones(2, 2)
    lin.load_state_dict({"weight": w, "bias": minigrad.zeros(2)}, assign=True)
    assert isinstance(lin.weight, nn.Parameter) and lin.weight.requires_grad
    assert np.shares_memory(lin.weight.detach().numpy(), w.numpy())
    merged = nn.ModuleDict(nn.ModuleDict({"a": nn.ReLU()}))
    assert list(merged) == ["a"]


@pytest.mark.parametrize("name", ["cnn", "resnet"])
def test_minigrad_state_dict_loads_into_torch(name):
    mg_model = tutorial_models(nn)[name]()
    mg_model(minigrad.randn(2, 1 if name == "cnn" else 3, 8, 8))   # move BN running stats
    torch_model = tutorial_models(torch.nn)[name]()
    state = {k: torch.tensor(v.numpy()) for k, v in mg_model.state_dict().items()}
    torch_model.load_state_dict(state)                               # strict: same keys
    for k, v in torch_model.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), mg_model.state_dict()[k].numpy())


def test_parameter_list_and_dict_match_torch():
    def build(lib):
        class M(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.plist = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3)),
                                                   lib.zeros(4)])
                self.pdict = lib.nn.ParameterDict({"w": lib.ones(1), "b": lib.zeros(2, 2)})
                self.plist.append(lib.ones(5))
        return M()
    mg, th = build(minigrad), build(torch)
    assert _torch_words(repr(th)).replace("torch.", "minigrad.") == repr(mg)
    assert [n for n, _ in mg.named_parameters()] == [n for n, _ in th.named_parameters()]
    assert list(mg.state_dict()) == list(th.state_dict())
    assert all(isinstance(p, nn.Parameter) for p in mg.plist)
    assert len(mg.plist) == 3 and mg.plist[-1].shape == (5,)
    assert list(mg.pdict) == ["b", "w"] and "w" in mg.pdict      # torch sorts a plain dict
