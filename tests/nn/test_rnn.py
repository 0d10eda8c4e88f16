"""Recurrent layers and cells against torch: outputs, states and every gradient, all options.

Every parity test builds the layer in torch, copies its weights into the
minigrad twin and compares forward values (output, h_n, c_n: shapes, dtypes,
values), then backpropagates the same random upstream gradients through both
and compares the gradients of the input, of the initial states and of every
parameter.  Options are drawn by hypothesis: mode, sizes, num_layers, bias,
batch_first, bidirectional, proj_size, unbatched input, given or missing
initial states, packed sequences (sorted or not), float32 and float64.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from minigrad import nn
from minigrad.nn.utils import rnn as mg_rnn
from torch.nn.utils import rnn as th_rnn
from nn_helpers import copy_weights

# torch's own note that its float32 LSTM with a projection does not use oneDNN
pytestmark = pytest.mark.filterwarnings("ignore:LSTM with projections is not supported")

DTYPES = ["float64", "float32"]
TOL = {"float64": dict(rtol=1e-9, atol=1e-11), "float32": dict(rtol=2e-4, atol=2e-5)}
LAYERS = {"rnn_tanh": ("RNN", {"nonlinearity": "tanh"}), "rnn_relu": ("RNN",
          {"nonlinearity": "relu"}), "lstm": ("LSTM", {}), "gru": ("GRU", {})}
CELLS = {"rnn_tanh": ("RNNCell", {"nonlinearity": "tanh"}),
         "rnn_relu": ("RNNCell", {"nonlinearity": "relu"}), "lstm": ("LSTMCell", {}),
         "gru": ("GRUCell", {})}


def twins(name, *args, dtype="float64", **kwargs):
    """The module in torch and minigrad, minigrad holding torch's weights."""
    th = getattr(torch.nn, name)(*args, **kwargs).to(getattr(torch, dtype))
    mg = getattr(nn, name)(*args, **kwargs).to(getattr(minigrad, dtype))
    copy_weights(th, mg)
    return mg, th


def leaf_pair(array, requires_grad=True):
    return (minigrad.tensor(array.copy(), requires_grad=requires_grad),
            torch.tensor(array.copy(), requires_grad=requires_grad))


def close(mg, th, dtype, what=""):
    assert mg is not None and th is not None, what
    got, want = mg.detach().numpy(), th.detach().numpy()
    assert got.shape == want.shape, (what, got.shape, want.shape)
    assert got.dtype == want.dtype, (what, got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, err_msg=what, **TOL[dtype])


def states(out):
    """The state part of a layer's result as a tuple: (h_n,) or (h_n, c_n)."""
    return out if isinstance(out, tuple) else (out,)


def backward_both(mg_outs, th_outs, seed):
    """Backpropagate the same random upstream gradient from every output of both engines."""
    rng = np.random.default_rng(seed)
    mg_total, th_total = None, None
    for m, t in zip(mg_outs, th_outs, strict=True):
        g = rng.standard_normal(tuple(t.shape)).astype(str(t.dtype).split(".")[-1])
        mg_term = (m * minigrad.tensor(g)).sum()
        th_term = (t * torch.tensor(g)).sum()
        mg_total = mg_term if mg_total is None else mg_total + mg_term
        th_total = th_term if th_total is None else th_total + th_term
    mg_total.backward()
    th_total.backward()


def compare_parameter_grads(mg, th, dtype):
    mg_params = dict(mg.named_parameters())
    assert list(mg_params) == [n for n, _ in th.named_parameters()]
    for name, p in th.named_parameters():
        close(mg_params[name].grad, p.grad, dtype, f"grad of {name}")


@st.composite
def layer_options(draw):
    mode = draw(st.sampled_from(sorted(LAYERS)))
    hidden = draw(st.integers(1, 4))
    options = dict(num_layers=draw(st.integers(1, 3)), bias=draw(st.booleans()),
                   batch_first=draw(st.booleans()), bidirectional=draw(st.booleans()))
    if mode == "lstm" and hidden > 1 and draw(st.booleans()):
        options["proj_size"] = draw(st.integers(1, hidden - 1))
    return mode, draw(st.integers(1, 4)), hidden, options


@pytest.mark.parametrize("dtype", DTYPES)
@given(config=layer_options(), steps=st.integers(1, 4), batch=st.integers(1, 3),
       unbatched=st.booleans(), given_state=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_layer_matches_torch(dtype, config, steps, batch, unbatched, given_state, seed):
    mode, input_size, hidden, options = config
    name, extra = LAYERS[mode]
    mg, th = twins(name, input_size, hidden, dtype=dtype, **extra, **options)
    rng = np.random.default_rng(seed)
    shape = (batch, steps) if options["batch_first"] else (steps, batch)
    shape = (steps,) if unbatched else shape
    x_mg, x_th = leaf_pair(rng.standard_normal(shape + (input_size,)).astype(dtype))
    args_mg, args_th, state_pairs = [x_mg], [x_th], []
    if given_state:
        directions = 2 if options["bidirectional"] else 1
        lead = (directions * options["num_layers"],) + (() if unbatched else (batch,))
        sizes = [options.get("proj_size") or hidden] + ([hidden] if mode == "lstm" else [])
        state_pairs = [leaf_pair(rng.standard_normal(lead + (n,)).astype(dtype))
                       for n in sizes]
        pick = (lambda k: tuple(p[k] for p in state_pairs)) if mode == "lstm" else \
            (lambda k: state_pairs[0][k])
        args_mg.append(pick(0))
        args_th.append(pick(1))
    out_mg, state_mg = mg(*args_mg)
    out_th, state_th = th(*args_th)
    close(out_mg, out_th, dtype, "output")
    for k, (m, t) in enumerate(zip(states(state_mg), states(state_th), strict=True)):
        close(m, t, dtype, f"state {k}")
    if dtype == "float64":          # torch's float32 LSTM is one oneDNN node (see below)
        assert out_mg.grad_fn.name() == out_th.grad_fn.name()
        assert states(state_mg)[0].grad_fn.name() == states(state_th)[0].grad_fn.name()
    backward_both([out_mg, *states(state_mg)], [out_th, *states(state_th)], seed)
    close(x_mg.grad, x_th.grad, dtype, "input grad")
    for k, (m, t) in enumerate(state_pairs):
        close(m.grad, t.grad, dtype, f"initial state {k} grad")
    compare_parameter_grads(mg, th, dtype)


@st.composite
def packed_batch(draw):
    batch = draw(st.integers(1, 4))
    lengths = draw(st.lists(st.integers(1, 5), min_size=batch, max_size=batch))
    return lengths, draw(st.booleans())


@pytest.mark.parametrize("dtype", DTYPES)
@given(config=layer_options(), batch=packed_batch(), given_state=st.booleans(),
       seed=st.integers(0, 2 ** 16))
def test_packed_sequence_matches_torch(dtype, config, batch, given_state, seed):
    mode, input_size, hidden, options = config
    lengths, presorted = batch
    if presorted:
        lengths = sorted(lengths, reverse=True)
    name, extra = LAYERS[mode]
    mg, th = twins(name, input_size, hidden, dtype=dtype, **extra, **options)
    rng = np.random.default_rng(seed)
    first = options["batch_first"]
    shape = (len(lengths), max(lengths)) if first else (max(lengths), len(lengths))
    x_mg, x_th = leaf_pair(rng.standard_normal(shape + (input_size,)).astype(dtype))
    packed_mg = mg_rnn.pack_padded_sequence(x_mg, lengths, first, enforce_sorted=presorted)
    packed_th = th_rnn.pack_padded_sequence(x_th, torch.tensor(lengths), first,
                                            enforce_sorted=presorted)
    args_mg, args_th, state_pairs = [packed_mg], [packed_th], []
    if given_state:
        directions = 2 if options["bidirectional"] else 1
        lead = (directions * options["num_layers"], len(lengths))
        sizes = [options.get("proj_size") or hidden] + ([hidden] if mode == "lstm" else [])
        state_pairs = [leaf_pair(rng.standard_normal(lead + (n,)).astype(dtype))
                       for n in sizes]
        args_mg.append(tuple(p[0] for p in state_pairs) if mode == "lstm" else
                       state_pairs[0][0])
        args_th.append(tuple(p[1] for p in state_pairs) if mode == "lstm" else
                       state_pairs[0][1])
    out_mg, state_mg = mg(*args_mg)
    out_th, state_th = th(*args_th)
    assert isinstance(out_mg, mg_rnn.PackedSequence)
    np.testing.assert_array_equal(out_mg.batch_sizes.numpy(), out_th.batch_sizes.numpy())
    close(out_mg.data, out_th.data, dtype, "packed output")
    padded_mg, len_mg = mg_rnn.pad_packed_sequence(out_mg, first, total_length=6)
    padded_th, len_th = th_rnn.pad_packed_sequence(out_th, first, total_length=6)
    close(padded_mg, padded_th, dtype, "padded output")
    np.testing.assert_array_equal(len_mg.numpy(), len_th.numpy())
    for k, (m, t) in enumerate(zip(states(state_mg), states(state_th), strict=True)):
        close(m, t, dtype, f"state {k}")
    backward_both([padded_mg, *states(state_mg)], [padded_th, *states(state_th)], seed)
    close(x_mg.grad, x_th.grad, dtype, "input grad")
    for k, (m, t) in enumerate(state_pairs):
        close(m.grad, t.grad, dtype, f"initial state {k} grad")
    compare_parameter_grads(mg, th, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(mode=st.sampled_from(sorted(CELLS)), input_size=st.integers(1, 4),
       hidden=st.integers(1, 4), bias=st.booleans(), batch=st.integers(0, 3),
       unbatched=st.booleans(), given_state=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_cell_matches_torch(dtype, mode, input_size, hidden, bias, batch, unbatched,
                            given_state, seed):
    name, extra = CELLS[mode]
    mg, th = twins(name, input_size, hidden, bias=bias, dtype=dtype, **extra)
    rng = np.random.default_rng(seed)
    lead = () if unbatched else (batch,)
    x_mg, x_th = leaf_pair(rng.standard_normal(lead + (input_size,)).astype(dtype))
    state_pairs = [leaf_pair(rng.standard_normal(lead + (hidden,)).astype(dtype))
                   for _ in range(2 if mode == "lstm" else 1)] if given_state else []
    if not state_pairs:
        out_mg, out_th = mg(x_mg), th(x_th)
    elif mode == "lstm":
        out_mg = mg(x_mg, tuple(p[0] for p in state_pairs))
        out_th = th(x_th, tuple(p[1] for p in state_pairs))
    else:
        out_mg, out_th = mg(x_mg, state_pairs[0][0]), th(x_th, state_pairs[0][1])
    for k, (m, t) in enumerate(zip(states(out_mg), states(out_th), strict=True)):
        close(m, t, dtype, f"output {k}")
    backward_both(states(out_mg), states(out_th), seed)
    close(x_mg.grad, x_th.grad, dtype, "input grad")
    for k, (m, t) in enumerate(state_pairs):
        close(m.grad, t.grad, dtype, f"state {k} grad")
    compare_parameter_grads(mg, th, dtype)


def test_dropout_between_layers_is_torch_dropout_on_each_layer_output(monkeypatch):
    """In training, layer k + 1 reads F.dropout of layer k's output (not after the last)."""
    mg, th = twins("LSTM", 3, 4, num_layers=3, dropout=0.4, bidirectional=True)
    masks = []
    real_dropout = minigrad.nn.functional.dropout

    def recording_dropout(x, p, training=True, inplace=False):
        out = real_dropout(x, p, training, inplace)
        masks.append((out.detach().numpy() / np.where(x.detach().numpy() == 0, 1,
                                                     x.detach().numpy())))
        return out
    monkeypatch.setattr(minigrad.nn.functional, "dropout", recording_dropout)
    x = np.random.default_rng(0).standard_normal((5, 2, 3))
    out_mg, (h_mg, c_mg) = mg(minigrad.tensor(x))
    assert len(masks) == 2 and all(set(np.round(m, 6).ravel()) <= {0.0, round(1 / 0.6, 6)}
                                   for m in masks)
    # torch, one layer at a time, with the same masks in between
    layers = [torch.nn.LSTM(3 if k == 0 else 8, 4, bidirectional=True).double()
              for k in range(3)]
    with torch.no_grad():
        for k, layer in enumerate(layers):
            for n, p in layer.named_parameters():
                p.copy_(getattr(th, n.replace("_l0", f"_l{k}")))
    h = torch.tensor(x)
    hs, cs = [], []
    for k, layer in enumerate(layers):
        h, (hn, cn) = layer(h)
        hs.append(hn)
        cs.append(cn)
        if k < 2:
            h = h * torch.tensor(masks[k])
    np.testing.assert_allclose(out_mg.detach().numpy(), h.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(h_mg.detach().numpy(), torch.cat(hs).detach().numpy(),
                               rtol=1e-10, atol=1e-12)
    # eval mode: no dropout, the same as torch
    mg.eval()
    th.eval()
    masks.clear()
    np.testing.assert_allclose(mg(minigrad.tensor(x))[0].detach().numpy(),
                               th(torch.tensor(x))[0].detach().numpy(), rtol=1e-10, atol=1e-12)
    assert masks == [] or all(np.all(m == 1) for m in masks)


@pytest.mark.parametrize("mode", sorted(LAYERS))
def test_float64_gradcheck_through_a_few_time_steps(mode):
    name, extra = LAYERS[mode]
    minigrad.manual_seed(0)
    options = dict(num_layers=2, bidirectional=True)
    if mode == "lstm":
        options["proj_size"] = 1
    layer = getattr(nn, name)(2, 2, **extra, **options).double()
    rng = np.random.default_rng(1)
    x = minigrad.tensor(rng.standard_normal((3, 2, 2)), requires_grad=True)
    sizes = [1, 2] if mode == "lstm" else [2]
    hx = [minigrad.tensor(rng.standard_normal((4, 2, n)), requires_grad=True) for n in sizes]
    params = list(layer.parameters())

    def run(x, *rest):
        state = tuple(rest[:len(hx)]) if mode == "lstm" else rest[0]
        out, final = layer(x, state)
        return (out,) + states(final)
    inputs = [x, *hx] + params
    assert minigrad.autograd.gradcheck(lambda *xs: run(*xs), inputs, eps=1e-6, atol=1e-6,
                                       rtol=1e-4)


def test_parameters_names_shapes_order_init_and_repr():
    for args, kwargs in [((3, 5), {}), ((3, 5, 2), dict(bias=False, batch_first=True,
                                                       dropout=0.5, bidirectional=True,
                                                       proj_size=2))]:
        th = torch.nn.LSTM(*args, **kwargs)
        mg = nn.LSTM(*args, **kwargs)
        assert repr(mg) == repr(th)
        assert {k: tuple(v.shape) for k, v in mg.state_dict().items()} == \
            {k: tuple(v.shape) for k, v in th.state_dict().items()}
        assert list(mg.state_dict()) == list(th.state_dict())
        assert [[tuple(p.shape) for p in ws] for ws in mg.all_weights] == \
            [[tuple(p.shape) for p in ws] for ws in th.all_weights]
        assert mg._flat_weights_names == th._flat_weights_names
    assert repr(nn.RNN(3, 4, nonlinearity="relu")) == repr(torch.nn.RNN(3, 4, nonlinearity="relu"))
    assert repr(nn.GRU(3, 4, 2, dropout=0.25)) == repr(torch.nn.GRU(3, 4, 2, dropout=0.25))
    for name, kwargs in [("RNNCell", dict(nonlinearity="relu", bias=False)), ("LSTMCell", {}),
                         ("GRUCell", dict(bias=False))]:
        th = getattr(torch.nn, name)(3, 4, **kwargs)
        mg = getattr(nn, name)(3, 4, **kwargs)
        assert repr(mg) == repr(th)
        assert {k: tuple(v.shape) for k, v in mg.state_dict().items()} == \
            {k: tuple(v.shape) for k, v in th.state_dict().items()}
    # U(-1/sqrt(hidden), 1/sqrt(hidden)) for every parameter, as torch
    big = nn.GRU(10, 100, num_layers=2)
    bound = 1 / math.sqrt(100)
    values = np.concatenate([p.detach().numpy().ravel() for p in big.parameters()])
    assert values.min() >= -bound and values.max() <= bound
    assert abs(values.mean()) < 0.01 * bound and abs(values.std() - bound / math.sqrt(3)) < \
        0.01 * bound
    assert nn.LSTM(3, 4).flatten_parameters() is None
    assert nn.LSTM(3, 4, dtype=minigrad.float64).weight_ih_l0.dtype == minigrad.float64


def test_torch_checkpoint_loads_into_the_same_names():
    th = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True)
    mg = nn.GRU(3, 4, num_layers=2, bidirectional=True)
    mg.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in th.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 1, 3)).astype(np.float32)
    np.testing.assert_allclose(mg(minigrad.tensor(x))[0].detach().numpy(),
                               th(torch.tensor(x))[0].detach().numpy(), rtol=1e-5, atol=1e-6)


def _message(fn):
    try:
        fn()
    except Exception as exc:                 # noqa: BLE001 - we compare whatever is raised
        return type(exc).__name__, str(exc).replace("minigrad.", "torch.")
    return None


ERROR_CASES = [
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 6),)),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 3, dtype=T.float64),)),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 3), (T.randn(1, 3, 4), T.randn(1, 2, 4)))),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 3), (T.randn(1, 2, 4), T.randn(1, 2, 5)))),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 3), (T.randn(2, 4), T.randn(1, 2, 4)))),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 3), (T.randn(1, 2, 4), T.randn(1, 2, 4)))),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(5, 2, 2, 3),)),
    ("LSTM", (3, 4), {}, lambda T: (T.randn(0, 2, 3),)),
    ("LSTM", (3, 4, 1), dict(proj_size=2), lambda T: (T.randn(5, 2, 3),
                                                       (T.randn(1, 2, 4), T.randn(1, 2, 4)))),
    ("GRU", (3, 4), {}, lambda T: (T.randn(5, 2, 3), T.randn(1, 3, 4))),
    ("GRU", (3, 4), {}, lambda T: (T.randn(5, 2, 3), T.randn(2, 4))),
    ("GRU", (3, 4), {}, lambda T: (T.randn(5, 3), T.randn(1, 2, 4))),
    ("GRU", (3, 4), {}, lambda T: (T.randn(5, 2, 2, 3),)),
    ("RNN", (3, 4), {}, lambda T: (T.randn(5, 2, 2, 3),)),
    ("RNN", (3, 4), dict(bidirectional=True), lambda T: (T.randn(5, 2, 3), T.randn(1, 2, 4))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 5),)),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 3), (T.randn(3, 4), T.randn(2, 4)))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 3), (T.randn(2, 5), T.randn(2, 4)))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 3), (T.randn(2, 4), T.randn(2, 5)))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 3), (T.randn(2, 4), T.randn(3, 4)))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(3), (T.randn(2, 4), T.randn(2, 4)))),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 2, 3),)),
    ("LSTMCell", (3, 4), {}, lambda T: (T.randn(2, 3), (T.randn(2, 2, 4), T.randn(2, 4)))),
    ("GRUCell", (3, 4), {}, lambda T: (T.randn(2, 5),)),
    ("GRUCell", (3, 4), {}, lambda T: (T.randn(2, 3), T.randn(3, 4))),
    ("GRUCell", (3, 4), {}, lambda T: (T.randn(2, 3), T.randn(2, 2, 4))),
    ("RNNCell", (3, 4), {}, lambda T: (T.randn(2, 3), T.randn(4))),
    ("RNNCell", (3, 4), {}, lambda T: (T.randn(3), T.randn(2, 4))),
    ("RNNCell", (3, 4), dict(nonlinearity="sig"), lambda T: (T.randn(2, 3),)),
]


@pytest.mark.parametrize("name, args, kwargs, inputs", ERROR_CASES)
def test_forward_errors_match_torch(name, args, kwargs, inputs):
    th = _message(lambda: getattr(torch.nn, name)(*args, **kwargs)(*inputs(torch)))
    mg = _message(lambda: getattr(nn, name)(*args, **kwargs)(*inputs(minigrad)))
    assert th is not None
    assert mg == th


CONSTRUCTOR_CASES = [
    ("RNN", (3, 4), dict(nonlinearity="x")), ("RNN", (3, 4), dict(proj_size=2)),
    ("GRU", (3, 4), dict(proj_size=2)), ("LSTM", (3, 4), dict(proj_size=4)),
    ("LSTM", (3, 4), dict(proj_size=-1)), ("LSTM", (3, 4), dict(dropout=2)),
    ("LSTM", (3, 4), dict(dropout=True)), ("LSTM", (3, 0), {}), ("LSTM", (0, 3), {}),
    ("LSTM", (3.0, 3), {}), ("LSTM", (3, 3.5), {}), ("LSTM", (3, 3, 0), {}),
    ("LSTM", (3, 3), dict(bias=1)), ("GRU", (3, 3), dict(batch_first=1)),
]


@pytest.mark.parametrize("name, args, kwargs", CONSTRUCTOR_CASES)
def test_constructor_errors_match_torch(name, args, kwargs):
    th = _message(lambda: getattr(torch.nn, name)(*args, **kwargs))
    mg = _message(lambda: getattr(nn, name)(*args, **kwargs))
    assert th is not None
    assert mg == th


def test_dropout_with_one_layer_warns_like_torch():
    with warnings.catch_warnings(record=True) as th_warnings:
        warnings.simplefilter("always")
        torch.nn.GRU(3, 3, dropout=0.5)
    with warnings.catch_warnings(record=True) as mg_warnings:
        warnings.simplefilter("always")
        nn.GRU(3, 3, dropout=0.5)
    assert [str(w.message) for w in mg_warnings] == [str(w.message) for w in th_warnings]
    assert mg_warnings[0].category is UserWarning


def test_grad_fn_names():
    """Layers: torch's float64 graph names at the top (float32 LSTM: see the README).

    Cells and time steps are one fused node each, named after torch's cell op
    (``aten::lstm_cell`` -> ``LstmCellBackward0``); torch computes them as a
    composite (its LSTMCell ends in MulBackward0 for h and AddBackward0 for c).
    """
    x = minigrad.randn(4, 2, 3)
    out, (h, c) = nn.LSTM(3, 5)(x)
    assert [out.grad_fn.name(), h.grad_fn.name(), c.grad_fn.name()] == \
        ["StackBackward0"] * 3
    steps = [n for n, _ in out.grad_fn.next_functions]
    assert [n.name() for n in steps] == ["LstmCellBackward0"] * 4
    # the time steps are chained: step t feeds step t + 1 its h and c
    assert steps[3].next_functions[1][0] is steps[2] and \
        steps[3].next_functions[2] == (steps[2], 1)
    cell_h, cell_c = nn.LSTMCell(3, 5)(x[0])
    assert cell_h.grad_fn is cell_c.grad_fn and cell_c.grad_fn.name() == "LstmCellBackward0"
    assert [n.name() for n, _ in cell_h.grad_fn.next_functions[:1]] == ["AddmmBackward0"]
    assert nn.GRUCell(3, 5)(x[0]).grad_fn.name() == "GruCellBackward0"
    assert nn.RNNCell(3, 5)(x[0]).grad_fn.name() == "RnnTanhCellBackward0"
    assert nn.RNNCell(3, 5, nonlinearity="relu")(x[0]).grad_fn.name() == "RnnReluCellBackward0"
    assert nn.LSTM(3, 5, proj_size=2)(x)[0].grad_fn.next_functions[0][0].name() == \
        "MmBackward0"
    # torch's float32 LSTM (no projection) runs oneDNN: one node per layer
    th_out, _ = torch.nn.LSTM(3, 5)(torch.randn(4, 2, 3))
    assert th_out.grad_fn.name() == "MkldnnRnnLayerBackward0"


def test_backprop_through_time_visits_every_step_in_reverse():
    lstm = nn.LSTM(3, 4, num_layers=2)
    out, _ = lstm(minigrad.randn(6, 2, 3))
    with minigrad.autograd.trace() as tr:
        out[-1].sum().backward()
    names = [entry.name for entry in tr]
    assert names.count("LstmCellBackward0") == 12          # 6 steps x 2 layers
    cells = [e for e in tr if e.name == "LstmCellBackward0"]
    assert len({id(e.node) for e in cells}) == 12


def test_states_carry_over_between_calls_like_torch():
    """Truncated BPTT: feed h_n, c_n (detached) of one chunk as the state of the next."""
    mg, th = twins("LSTM", 2, 3, num_layers=2)
    rng = np.random.default_rng(0)
    chunks = [rng.standard_normal((4, 2, 2)) for _ in range(3)]
    state_mg = state_th = None
    for chunk in chunks:
        out_mg, state_mg = mg(minigrad.tensor(chunk), state_mg)
        out_th, state_th = th(torch.tensor(chunk), state_th)
        out_mg.sum().backward()
        out_th.sum().backward()
        state_mg = tuple(s.detach() for s in state_mg)
        state_th = tuple(s.detach() for s in state_th)
        close(out_mg, out_th, "float64")
    compare_parameter_grads(mg, th, "float64")


def test_clip_grad_norm_on_recurrent_models():
    for name in ("LSTM", "GRU", "RNN"):
        mg, th = twins(name, 3, 8, num_layers=2, bidirectional=True)
        x = np.random.default_rng(0).standard_normal((20, 4, 3)) * 3
        (mg(minigrad.tensor(x))[0] ** 2).sum().backward()
        (th(torch.tensor(x))[0] ** 2).sum().backward()
        norm_mg = nn.utils.clip_grad_norm_(mg.parameters(), 0.5)
        norm_th = torch.nn.utils.clip_grad_norm_(th.parameters(), 0.5)
        np.testing.assert_allclose(norm_mg.item(), norm_th.item(), rtol=1e-10)
        assert norm_mg.item() > 0.5
        compare_parameter_grads(mg, th, "float64")


def test_empty_batch_and_long_sequences():
    mg, th = twins("GRU", 3, 4, batch_first=True)
    out_mg, h_mg = mg(minigrad.zeros(0, 5, 3, dtype=minigrad.float64))
    out_th, h_th = th(torch.zeros(0, 5, 3, dtype=torch.float64))
    assert tuple(out_mg.shape) == tuple(out_th.shape) and tuple(h_mg.shape) == \
        tuple(h_th.shape)
    mg, th = twins("LSTM", 1, 3)
    x = np.sin(np.linspace(0, 20, 200))[:, None, None]
    out_mg, _ = mg(minigrad.tensor(x))
    out_th, _ = th(torch.tensor(x))
    close(out_mg, out_th, "float64")


# -- padding and packing ------------------------------------------------------------------------

@given(lengths=st.lists(st.integers(1, 5), min_size=1, max_size=4), width=st.integers(1, 3),
       batch_first=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_pack_sequence_round_trip_matches_torch(lengths, width, batch_first, seed):
    rng = np.random.default_rng(seed)
    seqs = [rng.standard_normal((n, width)) for n in lengths]
    mg_seqs = [minigrad.tensor(s, requires_grad=True) for s in seqs]
    th_seqs = [torch.tensor(s, requires_grad=True) for s in seqs]
    packed_mg = mg_rnn.pack_sequence(mg_seqs, enforce_sorted=False)
    packed_th = th_rnn.pack_sequence(th_seqs, enforce_sorted=False)
    for field in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        np.testing.assert_array_equal(getattr(packed_mg, field).numpy(),
                                      getattr(packed_th, field).numpy())
    close(packed_mg.data, packed_th.data, "float64")
    assert packed_mg.batch_sizes.dtype == minigrad.int64
    padded_mg, len_mg = mg_rnn.pad_packed_sequence(packed_mg, batch_first, padding_value=-2.0)
    padded_th, len_th = th_rnn.pad_packed_sequence(packed_th, batch_first, padding_value=-2.0)
    close(padded_mg, padded_th, "float64")
    np.testing.assert_array_equal(len_mg.numpy(), len_th.numpy())
    assert len_mg.dtype == minigrad.int64
    assert padded_mg.grad_fn.name() == padded_th.grad_fn.name()
    backward_both([padded_mg], [padded_th], seed)
    for m, t in zip(mg_seqs, th_seqs, strict=True):
        close(m.grad, t.grad, "float64")
    for m, t in zip(mg_rnn.unpack_sequence(packed_mg), th_rnn.unpack_sequence(packed_th),
                    strict=True):
        close(m, t, "float64")
    if sorted(lengths, reverse=True) != lengths:
        with pytest.raises(RuntimeError) as err:
            mg_rnn.pack_sequence(mg_seqs)
        assert _message(lambda: th_rnn.pack_sequence(th_seqs)) == ("RuntimeError",
                                                                   str(err.value))


def test_pad_sequence_options_and_errors():
    a, b = np.ones((2, 3)), np.arange(12.0).reshape(4, 3)
    for batch_first in (False, True):
        for side in ("right", "left"):
            mg = mg_rnn.pad_sequence([minigrad.tensor(a), minigrad.tensor(b)], batch_first,
                                     -1.0, side)
            th = th_rnn.pad_sequence([torch.tensor(a), torch.tensor(b)], batch_first, -1.0,
                                     side)
            close(mg, th, "float64")
    cases = [lambda R, T: R.pad_sequence([T.ones(2, 3), T.ones(3, 4)]),
             lambda R, T: R.pad_sequence([T.ones(2, 3)], padding_side="middle"),
             lambda R, T: R.pad_sequence([]),
             lambda R, T: R.pad_sequence(5),
             lambda R, T: R.pack_padded_sequence(T.ones(4, 3, 2), [4, 3, 0]),
             lambda R, T: R.pack_padded_sequence(T.ones(4, 3, 2), [4, 3]),
             lambda R, T: R.pack_padded_sequence(T.ones(4, 3, 2), [3, 4, 2]),
             lambda R, T: R.pack_padded_sequence(T.ones(0, 3, 2), [1, 1, 1]),
             lambda R, T: R.pad_packed_sequence(R.pack_padded_sequence(
                 T.ones(4, 3, 2), [4, 3, 2]), total_length=3)]
    for case in cases:
        th = _message(lambda case=case: case(th_rnn, torch))
        assert th is not None
        assert _message(lambda case=case: case(mg_rnn, minigrad)) == th


def test_packed_sequence_api():
    data = minigrad.tensor([[1.0], [2.0], [3.0]])
    packed = mg_rnn.PackedSequence(data, minigrad.tensor([2, 1]))
    assert packed.sorted_indices is None and packed.unsorted_indices is None
    assert packed.double().data.dtype == minigrad.float64
    assert packed.to(minigrad.float32) is packed
    assert not packed.is_cuda
    again = mg_rnn.PackedSequence((data, minigrad.tensor([2, 1])))
    assert again.batch_sizes.tolist() == [2, 1]
    data_, sizes, sorted_, unsorted = packed                    # a named tuple, as in torch
    assert data_ is data and sizes.tolist() == [2, 1]
    perm = mg_rnn.PackedSequence(data, minigrad.tensor([2, 1]), minigrad.tensor([1, 0]))
    assert perm.unsorted_indices.tolist() == [1, 0]
    assert mg_rnn.invert_permutation(minigrad.tensor([2, 0, 1])).tolist() == [1, 2, 0]


def test_packed_input_to_the_layer_keeps_the_callers_order():
    """enforce_sorted=False: h_n comes back in the caller's batch order, as in torch."""
    mg, th = twins("RNN", 2, 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 2))
    lengths = [2, 4, 3]
    _, h_mg = mg(mg_rnn.pack_padded_sequence(minigrad.tensor(x), lengths,
                                             enforce_sorted=False))
    _, h_th = th(th_rnn.pack_padded_sequence(torch.tensor(x), lengths, enforce_sorted=False))
    close(h_mg, h_th, "float64")
    # sequence 0 alone gives the same final state as inside the batch
    alone, _ = mg(minigrad.tensor(x[:2, :1]))
    np.testing.assert_allclose(h_mg.detach().numpy()[0, 0], alone.detach().numpy()[-1, 0],
                               rtol=1e-12)


@settings(max_examples=5)
@given(seed=st.integers(0, 100))
def test_bidirectional_reverse_direction_reads_the_sequence_backwards(seed):
    """Output of the reverse half at step t equals a forward run over the reversed input."""
    lstm = nn.LSTM(2, 3, bidirectional=True).double()
    forward_only = nn.LSTM(2, 3).double()
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(forward_only, name + "_l0").data = getattr(lstm, name + "_l0_reverse").data
    x = np.random.default_rng(seed).standard_normal((5, 1, 2))
    out, _ = lstm(minigrad.tensor(x))
    reverse, _ = forward_only(minigrad.tensor(x[::-1].copy()))
    np.testing.assert_allclose(out.detach().numpy()[:, :, 3:],
                               reverse.detach().numpy()[::-1], rtol=1e-12)


# -- the classic recurrent examples, written once for both libraries --------------------------

def _sine_model(torch):
    """Two stacked LSTMCells predicting the next sample of sine waves (the time-sequence
    prediction example), with future steps fed back."""
    nn = torch.nn

    class Sequence(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm1 = nn.LSTMCell(1, 12)
            self.lstm2 = nn.LSTMCell(12, 12)
            self.linear = nn.Linear(12, 1)

        def forward(self, input, future=0):
            outputs = []
            h_t = torch.zeros(input.size(0), 12, dtype=torch.double)
            c_t = torch.zeros(input.size(0), 12, dtype=torch.double)
            h_t2 = torch.zeros(input.size(0), 12, dtype=torch.double)
            c_t2 = torch.zeros(input.size(0), 12, dtype=torch.double)
            for input_t in input.split(1, dim=1):
                h_t, c_t = self.lstm1(input_t, (h_t, c_t))
                h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
                output = self.linear(h_t2)
                outputs += [output]
            for _ in range(future):
                h_t, c_t = self.lstm1(output, (h_t, c_t))
                h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
                output = self.linear(h_t2)
                outputs += [output]
            return torch.cat(outputs, dim=1)
    return Sequence().double()


def _word_model(torch, ntoken=20, rnn_type="LSTM"):
    """The word-level language model example's RNNModel (encoder, RNN, decoder, hidden
    state carried between batches and detached)."""
    nn = torch.nn

    class RNNModel(nn.Module):
        def __init__(self, ninp=6, nhid=8, nlayers=2, dropout=0.0):
            super().__init__()
            self.drop = nn.Dropout(dropout)
            self.encoder = nn.Embedding(ntoken, ninp)
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
            self.decoder = nn.Linear(nhid, ntoken)
            self.nhid, self.nlayers = nhid, nlayers

        def forward(self, input, hidden):
            emb = self.drop(self.encoder(input))
            output, hidden = self.rnn(emb, hidden)
            decoded = self.decoder(self.drop(output)).view(-1, ntoken)
            return nn.functional.log_softmax(decoded, dim=1), hidden

        def init_hidden(self, bsz):
            weight = next(self.parameters())
            if rnn_type == "LSTM":
                return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                        weight.new_zeros(self.nlayers, bsz, self.nhid))
            return weight.new_zeros(self.nlayers, bsz, self.nhid)
    return RNNModel().double()


def _repackage(h):
    return h.detach() if not isinstance(h, tuple) else tuple(_repackage(v) for v in h)


@pytest.mark.parametrize("rnn_type", ["LSTM", "GRU"])
def test_word_language_model_example_trains_like_torch(rnn_type):
    models = {lib: _word_model(lib, rnn_type=rnn_type) for lib in (minigrad, torch)}
    copy_weights(models[torch], models[minigrad])
    data = np.random.default_rng(0).integers(0, 20, (25, 3))
    losses = {}
    for lib, model in models.items():
        hidden = model.init_hidden(3)
        losses[lib] = []
        for i in range(0, 24, 6):
            x = lib.tensor(data[i:i + 6])
            y = lib.tensor(data[i + 1:i + 7].reshape(-1))
            model.zero_grad()
            hidden = _repackage(hidden)
            output, hidden = model(x, hidden)
            loss = lib.nn.functional.nll_loss(output, y)
            loss.backward()
            lib.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-20)
            losses[lib].append(loss.item())
    np.testing.assert_allclose(losses[minigrad], losses[torch], rtol=1e-10)


def test_time_sequence_prediction_example_matches_torch():
    models = {lib: _sine_model(lib) for lib in (minigrad, torch)}
    copy_weights(models[torch], models[minigrad])
    t = np.arange(30) + np.random.default_rng(0).integers(-8, 8, (4, 1))
    waves = np.sin(t / 4.0)
    results = {}
    for lib, model in models.items():
        optimizer = lib.optim.Adam(model.parameters(), lr=0.01)
        x, y = lib.from_numpy(waves[:, :-1]), lib.from_numpy(waves[:, 1:])
        for _ in range(3):
            optimizer.zero_grad()
            loss = lib.nn.MSELoss()(model(x), y)
            loss.backward()
            optimizer.step()
        with lib.no_grad():
            results[lib] = (loss.item(), model(x[:2], future=5).detach().numpy())
    assert results[minigrad][0] == pytest.approx(results[torch][0], rel=1e-9)
    np.testing.assert_allclose(results[minigrad][1], results[torch][1], rtol=1e-8, atol=1e-10)
    assert results[minigrad][1].shape == (2, 29 + 5)
