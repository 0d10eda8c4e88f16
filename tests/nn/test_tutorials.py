"""Code from the PyTorch beginner tutorials, run with minigrad and torch side by side.

Each tutorial snippet is written once against ``lib`` (torch or minigrad) and both
runs start from the same weights, so every printed number must agree.
"""
from __future__ import annotations

import numpy as np

import minigrad
import torch


def _blitz_net(lib):
    nn, F = lib.nn, lib.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, input):
            c1 = F.relu(self.conv1(input))
            s2 = F.max_pool2d(c1, (2, 2))
            c3 = F.relu(self.conv2(s2))
            s4 = F.max_pool2d(c3, 2)
            s4 = lib.flatten(s4, 1)
            f5 = F.relu(self.fc1(s4))
            f6 = F.relu(self.fc2(f5))
            return self.fc3(f6)
    return Net()


def _state(module):
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def test_neural_networks_blitz():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1, 32, 32)).astype(np.float32)
    target = rng.standard_normal(10).astype(np.float32)
    start = _state(_blitz_net(torch))
    results = {}
    for lib in (torch, minigrad):
        net = _blitz_net(lib)
        net.load_state_dict({k: lib.tensor(v) for k, v in start.items()})
        params = list(net.parameters())
        assert len(params) == 10 and tuple(params[0].size()) == (6, 1, 5, 5)
        out = net(lib.tensor(x))
        net.zero_grad()
        criterion = lib.nn.MSELoss()
        loss = criterion(out, lib.tensor(target).view(1, -1))
        names = [loss.grad_fn.name(), loss.grad_fn.next_functions[0][0].name()]
        assert net.conv1.bias.grad is None
        loss.backward()
        bias_grad = net.conv1.bias.grad.numpy().copy()
        for f in net.parameters():
            f.data.sub_(f.grad.data * 0.01)
        results[lib.__name__] = (out.detach().numpy(), loss.item(), names, bias_grad,
                                 net(lib.tensor(x)).detach().numpy())
    mine, ref = results["minigrad"], results["torch"]
    np.testing.assert_allclose(mine[0], ref[0], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(mine[1], ref[1], rtol=1e-4)
    assert mine[2] == ref[2] == ["MseLossBackward0", "AddmmBackward0"]
    np.testing.assert_allclose(mine[3], ref[3], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(mine[4], ref[4], rtol=1e-4, atol=1e-6)


def _nn_really_model(lib):
    nn = lib.nn

    class Lambda(nn.Module):
        def __init__(self, func):
            super().__init__()
            self.func = func

        def forward(self, x):
            return self.func(x)

    def preprocess(x):
        return x.view(-1, 1, 28, 28)

    return nn.Sequential(
        Lambda(preprocess),
        nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        Lambda(lambda x: x.view(x.size(0), -1)),
    )


def test_what_is_torch_nn_really_cnn():
    rng = np.random.default_rng(1)
    xs = rng.random((128, 784)).astype(np.float32)
    ys = rng.integers(0, 10, 128)
    start = _state(_nn_really_model(torch))
    history = {}
    for lib in (torch, minigrad):
        model = _nn_really_model(lib)
        model.load_state_dict({k: lib.tensor(v) for k, v in start.items()})
        loss_func = lib.nn.functional.cross_entropy
        opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        losses = []
        for _epoch in range(2):
            model.train()
            for i in range(0, 128, 32):
                xb, yb = lib.tensor(xs[i:i + 32]), lib.tensor(ys[i:i + 32])
                loss = loss_func(model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
                losses.append(loss.item())
            model.eval()
            with lib.no_grad():
                preds = lib.argmax(model(lib.tensor(xs)), dim=1)
                accuracy = (preds == lib.tensor(ys)).float().mean().item()
        history[lib.__name__] = (losses, accuracy, str(model))
    np.testing.assert_allclose(history["minigrad"][0], history["torch"][0], rtol=1e-3)
    assert abs(history["minigrad"][1] - history["torch"][1]) <= 2 / 128
    assert history["minigrad"][2] == history["torch"][2]
