"""scaled_dot_product_attention, MultiheadAttention and the Transformer layers against
torch (weights copied, dropout 0): outputs, attention weights, gradients of inputs and
parameters, masks of every kind, batch_first and unbatched inputs, reprs, state_dict keys
and errors."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, copy_weights, data
from torch_compat import comparable_repr


def twin(x, grad=True):
    return minigrad.tensor(x, requires_grad=grad), torch.tensor(x, requires_grad=grad)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("mask,causal,scale", [(None, False, None), ("bool", False, None),
                                               ("float", False, 0.3), (None, True, None)])
def test_scaled_dot_product_attention(mask, causal, scale, dtype):
    q, k, v = data((2, 3, 4, 5), dtype), data((2, 3, 6, 5), dtype, 1), data((2, 3, 6, 2),
                                                                              dtype, 2)
    pairs = [twin(x) for x in (q, k, v)]
    kw = dict(is_causal=causal, scale=scale)
    if mask == "bool":
        m = np.random.default_rng(0).random((4, 6)) < 0.7
        m[:, 0] = True
        kw_mg, kw_th = dict(kw, attn_mask=minigrad.tensor(m)), dict(kw, attn_mask=torch.tensor(m))
    elif mask == "float":
        m = data((2, 1, 4, 6), dtype, 3)
        kw_mg, kw_th = dict(kw, attn_mask=minigrad.tensor(m)), dict(kw, attn_mask=torch.tensor(m))
    else:
        kw_mg = kw_th = kw
    out_mg = F.scaled_dot_product_attention(*[p[0] for p in pairs], **kw_mg)
    out_th = torch.nn.functional.scaled_dot_product_attention(*[p[1] for p in pairs], **kw_th)
    assert_close(out_mg, out_th, dtype)
    g = data(tuple(out_th.shape), dtype, 4)
    out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
    for a, t in pairs:
        assert_close(a.grad, t.grad, dtype)


def test_sdpa_grouped_query_attention():
    q, k, v = data((1, 4, 3, 2)), data((1, 2, 5, 2), seed=1), data((1, 2, 5, 2), seed=2)
    out = F.scaled_dot_product_attention(*map(minigrad.tensor, (q, k, v)), enable_gqa=True)
    want = torch.nn.functional.scaled_dot_product_attention(*map(torch.tensor, (q, k, v)),
                                                            enable_gqa=True)
    assert_close(out, want)


MHA_OPTIONS = [dict(), dict(bias=False), dict(add_bias_kv=True), dict(add_zero_attn=True),
               dict(kdim=3, vdim=5), dict(batch_first=True),
               dict(add_bias_kv=True, add_zero_attn=True, kdim=4, vdim=4)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("options", MHA_OPTIONS)
@pytest.mark.parametrize("masks,need_weights,average", [
    ((None, None), True, True), (("bool", None), True, False), ((None, "2d"), False, True),
    (("float", "3d"), True, True), (("bool", "bool2d"), False, True)])
def test_multihead_attention(options, masks, need_weights, average, dtype):
    th = torch.nn.MultiheadAttention(6, 2, **options).to(torch.float64 if dtype == np.float64
                                                          else torch.float32)
    mg = nn.MultiheadAttention(6, 2, **options)
    if dtype == np.float64:
        mg.double()
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    copy_weights(th, mg)
    first = options.get("batch_first", False)
    L, S, N = 4, 5, 3
    def shape(n, s, e):
        return ((n, s, e) if first else (s, n, e))
    q = data(shape(N, L, 6), dtype)
    k = data(shape(N, S, options.get("kdim", 6)), dtype, 1)
    v = data(shape(N, S, options.get("vdim", 6)), dtype, 2)
    self_attention = "kdim" not in options
    if self_attention:                     # query is key is value: the packed path
        k, v, S = q, q, L
    rng = np.random.default_rng(5)
    kpm = {"bool": rng.random((N, S)) < 0.3, "float": data((N, S), dtype, 6),
           None: None}[masks[0]]
    if kpm is not None and kpm.dtype == bool:
        kpm[:, 0] = False                  # every query keeps one key
    am = {"2d": data((L, S), dtype, 7), "3d": data((N * 2, L, S), dtype, 8),
          "bool2d": np.triu(np.ones((L, S), bool), 1), None: None}[masks[1]]
    ins = [twin(x) for x in ((q,) if self_attention else (q, k, v))]
    args_mg = [ins[0][0]] * 3 if self_attention else [p[0] for p in ins]
    args_th = [ins[0][1]] * 3 if self_attention else [p[1] for p in ins]
    kw = dict(need_weights=need_weights, average_attn_weights=average)
    extra_mg = {k2: minigrad.tensor(m) for k2, m in (("key_padding_mask", kpm),
                                                     ("attn_mask", am)) if m is not None}
    extra_th = {k2: torch.tensor(m) for k2, m in (("key_padding_mask", kpm),
                                                  ("attn_mask", am)) if m is not None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # mixed mask dtypes: torch's deprecation
        out_mg, w_mg = mg(*args_mg, **kw, **extra_mg)
        out_th, w_th = th(*args_th, **kw, **extra_th)
    assert_close(out_mg, out_th, dtype)
    if need_weights:
        assert_close(w_mg, w_th, dtype)
    else:
        assert w_mg is None and w_th is None
    g = data(tuple(out_th.shape), dtype, 9)
    loss_mg = (out_mg * minigrad.tensor(g)).sum() + (w_mg.sum() if need_weights else 0)
    loss_th = (out_th * torch.tensor(g)).sum() + (w_th.sum() if need_weights else 0)
    loss_mg.backward(), loss_th.backward()
    for a, t in ins:
        assert_close(a.grad, t.grad, dtype)
    grads = dict(th.named_parameters())
    for name, p in mg.named_parameters():
        assert_close(p.grad, grads[name].grad, dtype)


def test_multihead_attention_unbatched_and_causal():
    th, mg = torch.nn.MultiheadAttention(4, 2).double(), nn.MultiheadAttention(4, 2).double()
    copy_weights(th, mg)
    x = data((5, 4))
    mask = torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    mg_mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=minigrad.float64)
    assert_close(mg_mask, mask)
    for need in (True, False):
        out_mg = mg(*[minigrad.tensor(x)] * 3, attn_mask=mg_mask, is_causal=True,
                    need_weights=need)
        out_th = th(*[torch.tensor(x)] * 3, attn_mask=mask, is_causal=True, need_weights=need)
        assert_close(out_mg[0], out_th[0])


def _layers(kind, options):
    th = getattr(torch.nn, kind)(8, 2, 16, dropout=0.0, **options).double()
    mg = getattr(nn, kind)(8, 2, 16, dropout=0.0, **options).double()
    return mg, th


@pytest.mark.parametrize("kind", ["TransformerEncoderLayer", "TransformerDecoderLayer"])
@pytest.mark.parametrize("options", [dict(), dict(norm_first=True, activation="gelu"),
                                     dict(batch_first=True, bias=False)])
def test_transformer_layers(kind, options):
    mg, th = _layers(kind, options)
    assert comparable_repr(repr(mg)) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    copy_weights(th, mg)
    src, mem = data((3, 5, 8)), data((3, 4, 8), seed=1)
    mask = np.triu(np.full((5, 5), -np.inf), 1)
    pad = np.zeros((3, 5), bool)
    pad[1, 3:] = True
    if kind == "TransformerEncoderLayer":
        inputs = [src]
        kw_mg = dict(src_mask=minigrad.tensor(mask), src_key_padding_mask=minigrad.tensor(
            pad.astype(float) * -1e9))
        kw_th = dict(src_mask=torch.tensor(mask), src_key_padding_mask=torch.tensor(
            pad.astype(float) * -1e9))
    else:
        inputs = [src, mem]
        kw_mg = dict(tgt_mask=minigrad.tensor(mask), tgt_is_causal=True)
        kw_th = dict(tgt_mask=torch.tensor(mask), tgt_is_causal=True)
    pairs = [twin(x if options.get("batch_first") else x.transpose(1, 0, 2).copy())
             for x in inputs]
    out_mg = mg(*[p[0] for p in pairs], **kw_mg)
    out_th = th(*[p[1] for p in pairs], **kw_th)
    assert_close(out_mg, out_th)
    out_mg.square().sum().backward(), out_th.square().sum().backward()
    for a, t in pairs:
        assert_close(a.grad, t.grad)
    grads = dict(th.named_parameters())
    for name, p in mg.named_parameters():
        assert_close(p.grad, grads[name].grad)


def test_transformer_and_stacks():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # torch warns about its nested-tensor path
        th = torch.nn.Transformer(8, 2, 2, 1, 16, dropout=0.0).double()
        mg = nn.Transformer(8, 2, 2, 1, 16, dropout=0.0).double()
    assert comparable_repr(repr(mg)) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    copy_weights(th, mg)
    src, tgt = twin(data((6, 2, 8))), twin(data((4, 2, 8), seed=1))
    mask = nn.Transformer.generate_square_subsequent_mask(4).double()
    out_mg = mg(src[0], tgt[0], tgt_mask=mask)
    out_th = th(src[1], tgt[1], tgt_mask=torch.tensor(mask.numpy()))
    assert_close(out_mg, out_th)
    out_mg.sum().backward(), out_th.sum().backward()
    assert_close(src[0].grad, src[1].grad)
    for (_name, p), (_, q) in zip(mg.named_parameters(), th.named_parameters(), strict=True):
        assert_close(p.grad, q.grad)
    with pytest.warns(UserWarning, match="enable_nested_tensor is True, but "
                                         "self.use_nested_tensor is False because "
                                         "encoder_layer.self_attn.batch_first was not True"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 2)


def test_errors_match_torch():
    cases = [
        lambda lib: lib.nn.MultiheadAttention(6, 4),
        lambda lib: lib.nn.MultiheadAttention(0, 2),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 4),
                                                    lib.ones(3, 4)),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4),
                                                    lib.ones(3, 2, 4),
                                                    attn_mask=lib.ones(2, 2)),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4),
                                                    lib.ones(3, 2, 4),
                                                    key_padding_mask=lib.ones(2, 2)),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4),
                                                    lib.ones(3, 2, 4), is_causal=True),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4),
                                                    lib.ones(3, 2, 4),
                                                    key_padding_mask=lib.ones(2, 3).long()),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(2, 4), lib.ones(3, 2, 4),
                                                    lib.ones(3, 2, 4)),
        lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(4), lib.ones(4), lib.ones(4)),
        lambda lib: lib.nn.Transformer(8, 2, 1, 1, 16)(lib.ones(3, 2, 8), lib.ones(3, 3, 8)),
        lambda lib: lib.nn.Transformer(8, 2, 1, 1, 16)(lib.ones(3, 2, 8), lib.ones(3, 2, 6)),
        lambda lib: lib.nn.TransformerEncoderLayer(8, 2, activation="tanh"),
    ]
    for case in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
                case(torch)
            message = str(want.value).replace("torch.Size", "minigrad.Size")
            with pytest.raises(want.type, match="^" + re.escape(message) + "$"):
                case(minigrad)
