"""``minigrad.autograd.trace()``: the backward pass node by node, against torch's own order."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import minigrad
from bridge.models import build_pair
from bridge.transfer import copy_weights


def torch_run_order(loss):
    """torch's nodes in the order its engine runs them, with (grads in, grads out) norms."""
    seen, stack, order = set(), [loss.grad_fn], []
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)

        def record(grad_inputs, grad_outputs, node=node):
            order.append((node.name(), norms(grad_outputs), norms(grad_inputs)))
        node.register_hook(record)
        stack.extend(n for n, _ in node.next_functions)
    loss.backward()
    return order


def norms(grads):
    return [None if g is None else float(np.linalg.norm(g.detach().double().numpy()))
            for g in grads]


def twin_losses(model_name):
    mg_model, th_model = build_pair(model_name, image_size=8)
    copy_weights(th_model, mg_model)
    mg_model.eval(), th_model.eval()          # no dropout masks to match
    x = np.random.default_rng(0).standard_normal((4, 1, 8, 8)).astype(np.float32)
    y = np.array([1, 0, 3, 9])
    mg_loss = minigrad.nn.functional.cross_entropy(mg_model(minigrad.tensor(x)),
                                                   minigrad.tensor(y))
    th_loss = torch.nn.functional.cross_entropy(th_model(torch.tensor(x)), torch.tensor(y))
    return mg_loss, th_loss


def test_same_nodes_in_the_same_order_as_torch_on_pointwise_graph():
    def graph(T):
        x = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
        w = T.tensor([1.5, 0.25, -0.5], requires_grad=True)
        h = (x * w).tanh() + x.exp() / (w * w + 1)
        return (h.sigmoid() * h).mean()
    with minigrad.autograd.trace() as tr:
        graph(minigrad).backward()
    expected = torch_run_order(graph(torch))
    assert [e.name for e in tr] == [name for name, _, _ in expected]
    for entry, (_, norms_in, norms_out) in zip(tr, expected, strict=True):
        if entry.leaf is None:     # torch also lists (None, 0) edges for Python scalars
            np.testing.assert_allclose(entry.in_norms, norms_in, rtol=1e-5)
            np.testing.assert_allclose([n for n in entry.out_norms if n is not None],
                                       [n for n in norms_out if n is not None], rtol=1e-5)
    # leaves that become ready together may run in another order (torch: heap order)
    np.testing.assert_allclose(sorted(e.in_norms[0] for e in tr if e.leaf is not None),
                               sorted(i[0] for n, i, _ in expected if "Accumulate" in n),
                               rtol=1e-5)


@pytest.mark.parametrize("model", ["mlp", "simplecnn"])
def test_model_backward_matches_torch_order_except_transposes(model):
    """torch also runs a TBackward0 per Linear weight; minigrad's addmm needs none."""
    mg_loss, th_loss = twin_losses(model)
    with minigrad.autograd.trace() as tr:
        mg_loss.backward()
    expected = [(n, i, o) for n, i, o in torch_run_order(th_loss) if n != "TBackward0"]
    assert [e.name for e in tr] == [name for name, _, _ in expected]
    for entry, (name, norms_in, _) in zip(tr, expected, strict=True):
        if entry.leaf is None:
            np.testing.assert_allclose(entry.in_norms, norms_in, rtol=1e-4, err_msg=name)
    np.testing.assert_allclose(sorted(e.in_norms[0] for e in tr if e.leaf is not None),
                               sorted(i[0] for n, i, _ in expected if "Accumulate" in n),
                               rtol=1e-4)


def test_entries_keep_what_a_stepper_needs():
    x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    w = minigrad.tensor([[0.5], [-1.0]], requires_grad=True)
    y = (x @ w).relu().sum()
    with minigrad.autograd.trace() as tr:
        y.backward()
    names = [e.name for e in tr]
    assert names[0] == "SumBackward0" and names.count("torch::autograd::AccumulateGrad") == 2
    first = tr[0]
    assert first.node is y.grad_fn and first.node_id == id(y.grad_fn)
    assert first.index == 0 and first.seconds >= 0 and first.error is None
    assert first.edges == y.grad_fn.next_functions
    assert first.grads_in[0].shape == () and first.grads_in[0].first == (1.0,)
    leaves = {id(e.leaf): e for e in tr if e.leaf is not None}
    for t in (x, w):
        entry = leaves[id(t)]
        np.testing.assert_array_equal(entry.leaf_grad.array, t.grad.numpy())
        np.testing.assert_array_equal(entry.grads_in[0].array, t.grad.numpy())
        assert entry.edges == () and entry.grads_out == ()
    # each node's outgoing gradient is the gradient arriving at the node it points to
    by_node = {e.node_id: e for e in tr}
    for e in tr:
        for (child, nr), sent in zip(e.edges, e.grads_out, strict=True):
            if child is not None and sent is not None:
                np.testing.assert_array_equal(by_node[id(child)].grads_in[nr].array, sent.array)


def test_gradients_are_copies():
    x = minigrad.ones(3, requires_grad=True)
    with minigrad.autograd.trace() as tr:
        (x * 2).sum().backward()
        (x * 2).sum().backward()           # accumulates into x.grad in place
    leaf_entries = [e for e in tr if e.leaf is not None]
    assert [e.leaf_grad.first for e in leaf_entries] == [(2.0,) * 3, (4.0,) * 3]


def test_keep_grads_false_keeps_summaries_only():
    x = minigrad.ones(2, 3, requires_grad=True)
    with minigrad.autograd.trace(keep_grads=False) as tr:
        (x * 3).sum().backward()
    assert all(g.array is None for e in tr for g in e.grads_in if g is not None)
    assert tr[-1].leaf_grad.norm == pytest.approx(np.sqrt(6 * 9))
    assert tr[-1].in_shapes == ((2, 3),)


def test_str_table_and_json():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    with minigrad.autograd.trace() as tr:
        x.exp().sum().backward()
    text = str(tr)
    lines = text.splitlines()
    assert lines[0].split() == ["#", "node", "grad", "in", "|grad", "in|", "grad", "out",
                                "|grad", "out|", "time"]
    assert "ExpBackward0" in lines[3] and "-> .grad [2]" in lines[4]
    assert lines[-1].startswith("3 nodes, ")
    data = json.loads(tr.to_json())
    assert [e["name"] for e in data["entries"]] == [e.name for e in tr]
    exp = data["entries"][1]
    assert exp["next"][0]["name"] == "torch::autograd::AccumulateGrad"
    assert exp["grads_out"][0]["first"] == pytest.approx(np.exp([1.0, 2.0]).tolist())
    assert data["entries"][2]["leaf"]["shape"] == [2]


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_json_to_file_and_nan(tmp_path):
    x = minigrad.tensor([0.0, 4.0], requires_grad=True)
    with minigrad.autograd.trace() as tr:
        (x.sqrt() * 0).sum().backward()
    path = tmp_path / "trace.json"
    tr.to_json(path)
    data = json.loads(path.read_text())
    assert data["entries"][2]["grads_out"][0]["norm"] == "nan"


def test_error_in_a_node_is_recorded_and_raised():
    class Boom(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            raise ValueError("boom")

    a = minigrad.ones(2, requires_grad=True)
    with minigrad.autograd.trace() as tr:
        with pytest.raises(ValueError, match="boom"):
            Boom.apply(a).sum().backward()
    assert tr[-1].name == "BoomBackward" and tr[-1].error == "ValueError: boom"


def test_trace_with_create_graph_and_autograd_grad():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    with minigrad.autograd.trace() as tr:
        (g,) = minigrad.autograd.grad((x ** 3).sum(), x, create_graph=True)
    assert [e.name for e in tr] == ["SumBackward0", "PowBackward0",
                                    "torch::autograd::AccumulateGrad"]
    np.testing.assert_allclose(tr[1].grads_out[0].array, g.detach().numpy())


def test_instruments_nest_and_switch_off():
    from minigrad.autograd import engine, function, instruments
    calls = []

    class Spy:
        def around_node(self, node, grads, run):
            calls.append(node.name())
            return run(node, grads)

    spy = Spy()
    x = minigrad.ones(2, requires_grad=True)
    with minigrad.autograd.trace() as tr:
        instruments.attach(spy)
        try:
            x.exp().sum().backward()
        finally:
            instruments.detach(spy)
    assert calls == [e.name for e in tr]
    assert instruments.active() == ()
    assert function.observe_op is None and engine.observe_node is None
