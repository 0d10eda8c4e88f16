"""What gets timed: single ops (forward + backward) and full training steps.

Every case is written once against the shared API and built for one engine
by ``make(lib, device)``, which returns a zero-argument function doing one
unit of work.  Inputs are the same NumPy arrays for every engine.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import numpy as np


def _tensor(lib, array, device, requires_grad=False):
    t = lib.from_numpy(np.ascontiguousarray(array))
    if device != "cpu":
        t = t.to(device)
    return t.requires_grad_(requires_grad) if requires_grad else t


def _op_case(fn: Callable, shapes: List[Tuple[tuple, str]]):
    """A forward+backward case for ``fn(lib, *tensors)`` on inputs of ``shapes``."""
    def make(lib, device, dtype="float32"):
        rng = np.random.default_rng(0)
        arrays = []
        for shape, kind in shapes:
            if kind == "label":
                arrays.append(rng.integers(0, 10, shape).astype(np.int64))
            else:
                arrays.append(rng.standard_normal(shape).astype(dtype))
        inputs = [_tensor(lib, a, device, a.dtype.kind == "f") for a in arrays]

        def run():
            for t in inputs:
                if t.grad is not None:
                    t.grad = None
            out = fn(lib, *inputs)
            out.sum().backward()
        return run
    return make


def F(lib):
    return lib.nn.functional


OP_CASES: Dict[str, Callable] = {
    "matmul 64x784 @ 784x512": _op_case(lambda L, a, b: a @ b,
                                        [((64, 784), "f"), ((784, 512), "f")]),
    "linear 64x784 -> 512": _op_case(lambda L, x, w, b: F(L).linear(x, w, b),
                                     [((64, 784), "f"), ((512, 784), "f"), ((512,), "f")]),
    "conv2d 64x32x14x14 k3 -> 64": _op_case(
        lambda L, x, w, b: F(L).conv2d(x, w, b, padding=1),
        [((64, 32, 14, 14), "f"), ((64, 32, 3, 3), "f"), ((64,), "f")]),
    "conv2d 64x1x28x28 k3 -> 32": _op_case(
        lambda L, x, w, b: F(L).conv2d(x, w, b, padding=1),
        [((64, 1, 28, 28), "f"), ((32, 1, 3, 3), "f"), ((32,), "f")]),
    "max_pool2d 64x32x28x28 k2": _op_case(lambda L, x: F(L).max_pool2d(x, 2),
                                          [((64, 32, 28, 28), "f")]),
    "cross_entropy 64x10": _op_case(lambda L, x, y: F(L).cross_entropy(x, y),
                                    [((64, 10), "f"), ((64,), "label")]),
    "log_softmax+nll_loss 64x10": _op_case(
        lambda L, x, y: F(L).nll_loss(F(L).log_softmax(x, dim=1), y),
        [((64, 10), "f"), ((64,), "label")]),
    "relu 64x512": _op_case(lambda L, x: F(L).relu(x), [((64, 512), "f")]),
    "relu 64x32x28x28": _op_case(lambda L, x: F(L).relu(x), [((64, 32, 28, 28), "f")]),
    "add broadcast 64x512 + 512": _op_case(lambda L, a, b: a + b,
                                           [((64, 512), "f"), ((512,), "f")]),
    "mul broadcast 64x512 * 64x1": _op_case(lambda L, a, b: a * b,
                                            [((64, 512), "f"), ((64, 1), "f")]),
    "sum 64x512": _op_case(lambda L, a: a.sum(), [((64, 512), "f")]),
    "mean dim 64x512": _op_case(lambda L, a: a.mean(1), [((64, 512), "f")]),
    "batch_norm 64x16x28x28": _op_case(
        lambda L, x, w, b: F(L).batch_norm(x, None, None, w, b, training=True),
        [((64, 16, 28, 28), "f"), ((16,), "f"), ((16,), "f")]),
}


def _step_case(model_name: str, batch_size: int = 64, optimizer: str = "SGD"):
    """One training step: forward, loss, backward, optimizer step (SGD momentum 0.9)."""
    def make(lib, device, dtype="float32"):
        from bridge.models import build, input_shape
        lib.manual_seed(0)
        model = build(model_name, lib.nn)
        if device != "cpu":
            model = model.to(device)
        opt_cls = getattr(lib.optim, optimizer)
        kwargs = {"lr": 0.01, "momentum": 0.9} if optimizer == "SGD" else {"lr": 1e-3}
        opt = opt_cls(model.parameters(), **kwargs)
        loss_fn = lib.nn.CrossEntropyLoss()
        rng = np.random.default_rng(0)
        x = _tensor(lib, rng.random((batch_size,) + input_shape(model_name), np.float32),
                    device)
        y = _tensor(lib, rng.integers(0, 10, batch_size).astype(np.int64), device)

        def run():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return run
    return make


STEP_CASES: Dict[str, Callable] = {
    "step mlp 784-256-10 (b64)": _step_case("mlp"),
    "step mlp2 784-500-256-10 (b64)": _step_case("mlp2"),
    "step quickstart 784-512-512-10 (b64)": _step_case("quickstart"),
    "step simplecnn (b64)": _step_case("simplecnn"),
    "step resnet block net (b64)": _step_case("resnet"),
    "step quickstart Adam (b64)": _step_case("quickstart", optimizer="Adam"),
}

# name of the case -> {threads: limit of minigrad / torch CPU, same thread count, one run};
# a run on t threads is held to the limit of the largest listed count <= t
TARGETS = {
    "step quickstart 784-512-512-10 (b64)": {1: 0.9, 2: 1.0, 16: 1.1},
    "step simplecnn (b64)": {1: 1.2, 2: 1.3, 16: 2.0},
    "step resnet block net (b64)": {1: 1.5, 2: 1.6, 16: 2.5},
}

# with --busy: on these cases minigrad may slow down no more than torch does
BUSY_TARGETS = ("step *",)


def limit_for(limits, threads):
    """The limit that ``limits`` ({threads: limit}) sets for a run on ``threads``."""
    if not limits:
        return None
    listed = [t for t in sorted(limits) if t <= threads]
    return limits[listed[-1]] if listed else None


# models whose peak RSS is measured (one subprocess per engine)
MEMORY_MODELS = ("quickstart", "simplecnn")
