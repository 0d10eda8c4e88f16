"""ReLU and max-pool decisions: recorded, counted when they flip, and aligned between twins."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch

import minigrad
import minigrad.nn

from bridge import decisions, transfer
from bridge.models import build


@pytest.fixture
def twins():
    torch.manual_seed(0)
    th = build("simplecnn", torch.nn, image_size=8, dropout=0.0).double()
    mg = build("simplecnn", minigrad.nn, image_size=8, dropout=0.0).to(minigrad.float64)
    transfer.copy_weights(th, mg)
    return SimpleNamespace(model=mg, calls=[]), SimpleNamespace(model=th, calls=[])


X = np.random.default_rng(0).random((6, 1, 8, 8))
NOISE = np.random.default_rng(1).normal(0, 0.05, X.shape)


def _forward(side, recorder, x):
    recorder.start()
    lib = minigrad if isinstance(side.model, minigrad.nn.Module) else torch
    inp = lib.from_numpy(x.copy()).requires_grad_()
    out = side.model(inp)
    recorder.stop()
    return inp, out


def test_every_decision_layer_call_is_recorded(twins):
    mg, _ = twins
    recorder = decisions.DecisionRecorder(mg)
    _forward(mg, recorder, X)
    assert [(c.key, c.kind) for c in recorder.calls] == [
        ("features.1", "ReLU"), ("features.2", "MaxPool2d"), ("features.4", "ReLU"),
        ("features.5", "MaxPool2d"), ("classifier.2", "ReLU")]
    assert recorder.calls[0].input.shape == (6, 32, 8, 8)
    # nothing is recorded outside a step (evaluation, other forwards)
    mg.model(minigrad.from_numpy(X))
    assert len(recorder.calls) == 5
    recorder.remove()


def test_flips_count_the_decisions_taken_differently(twins):
    mg, th = twins
    rec_mg, rec_th = decisions.DecisionRecorder(mg), decisions.DecisionRecorder(th)
    _forward(th, rec_th, X)
    _forward(mg, rec_mg, X)
    assert decisions.flips(rec_mg, rec_th) == {k: 0 for k in
                                               ("features.1", "features.2", "features.4",
                                                "features.5", "classifier.2")}
    _forward(mg, rec_mg, X + NOISE)
    counts = decisions.flips(rec_mg, rec_th)
    relu_in = [c.input for c in (rec_mg.calls[0], rec_th.calls[0])]
    assert counts["features.1"] == np.count_nonzero((relu_in[0] > 0) != (relu_in[1] > 0)) > 0
    pool_in = [torch.from_numpy(c.input) for c in (rec_mg.calls[1], rec_th.calls[1])]
    winners = [torch.nn.functional.max_pool2d(p, 2, return_indices=True)[1] for p in pool_in]
    assert counts["features.2"] == int((winners[0] != winners[1]).sum()) > 0


def test_an_aligned_twin_takes_the_sources_decisions(twins):
    mg, th = twins
    rec_th = decisions.DecisionRecorder(th)
    rec_mg = decisions.DecisionRecorder(mg, source=rec_th)
    x_th, out_th = _forward(th, rec_th, X)
    # minigrad sees a different input, but every ReLU and max-pool gets torch's values ...
    x_mg, out_mg = _forward(mg, rec_mg, X + NOISE)
    assert sum(decisions.flips(rec_mg, rec_th).values()) > 0      # its own inputs differ
    np.testing.assert_allclose(out_mg.detach().numpy(), out_th.detach().numpy(), rtol=1e-12,
                               atol=1e-12)
    # ... so the gradient takes torch's decisions and flows into minigrad's own graph
    out_th.sum().backward()
    out_mg.sum().backward()
    np.testing.assert_allclose(x_mg.grad.numpy(), x_th.grad.numpy(), rtol=1e-10, atol=1e-12)
    for (name, p_mg), (_, p_th) in zip(mg.model.named_parameters(),
                                       th.model.named_parameters(), strict=True):
        if name.startswith("classifier"):       # after the last decision: same inputs
            np.testing.assert_allclose(p_mg.grad.numpy(), p_th.grad.numpy(), rtol=1e-10,
                                       atol=1e-12, err_msg=name)


def test_twins_calling_decision_layers_in_different_orders_is_an_error(twins):
    mg, th = twins
    rec_th = decisions.DecisionRecorder(th)
    rec_mg = decisions.DecisionRecorder(mg, source=rec_th)
    _forward(th, rec_th, X)
    rec_th.calls = rec_th.calls[1:]
    with pytest.raises(RuntimeError, match="decision layers in different orders"):
        _forward(mg, rec_mg, X)
