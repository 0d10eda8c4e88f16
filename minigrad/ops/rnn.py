"""One time step of the recurrent cells (Elman RNN, LSTM, GRU), forward and backward.

Each op is one step of one cell, fused: its forward is the cell's equations on
NumPy arrays and its backward, right below, the same equations differentiated
by hand.  ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU`` call the op once per time
step, so backpropagation through time is the engine walking these nodes from
the last step to the first, each handing ``dL/dh`` (and ``dL/dc``) of the
previous step to the next node.

Every step receives its input already projected, ``gx = x W_ih^T + b_ih``
(the layers do that for all time steps in one matrix product), and adds the
recurrent part ``h W_hh^T + b_hh`` itself.  Gates are stacked in torch's
order: LSTM ``i, f, g, o``; GRU ``r, z, n``.

Notation of the comments: ``*`` is elementwise, ``@`` the matrix product,
``s`` the logistic sigmoid; ``d<name>`` is dL/d<name>, all arrays are
(batch, features).
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .pointwise import relu_array


_GATE_SCALES = {}


def _lstm_activations(gates: np.ndarray, n: int) -> None:
    """In place: pre-activations ``a`` of gates i, f, g, o become ``s(a_i), s(a_f), tanh(a_g),
    s(a_o)``, with one tanh for all four: ``s(a) = tanh(a / 2) / 2 + 1 / 2``."""
    key = (n, gates.dtype)
    if key not in _GATE_SCALES:
        half = np.full(4 * n, 0.5, gates.dtype)
        half[2 * n:3 * n] = 1                                    # g is a tanh itself
        _GATE_SCALES[key] = (half, np.where(half == 1, 0, 0.5).astype(gates.dtype))
    scale, offset = _GATE_SCALES[key]
    gates *= scale
    np.tanh(gates, out=gates)
    gates *= scale
    gates += offset


def _sigmoid_(x: np.ndarray) -> None:
    """In place: ``s(x) = tanh(x / 2) / 2 + 1 / 2`` (no overflow for any x)."""
    x *= 0.5
    np.tanh(x, out=x)
    x *= 0.5
    x += 0.5


def _recurrent(gx, h, w_hh, b_hh):
    """``gx + h @ W_hh^T + b_hh``: the pre-activation of every gate."""
    a = h @ w_hh.T
    a += gx
    if b_hh is not None:
        a += b_hh
    return a


def _parameter_grads(ctx, da, h, w_hh):
    """dL/dh, dL/dW_hh and dL/db_hh of ``a = gx + h W_hh^T + b_hh`` from ``da``."""
    need = ctx.needs_input_grad
    grad_h = da @ w_hh if need[1] else None                       # dh = da @ W_hh
    grad_w = da.T @ h if need[-2] else None                       # dW_hh = da^T @ h
    grad_b = da.sum(0) if ctx.has_bias and need[-1] else None     # db_hh = sum_batch da
    return grad_h, grad_w, grad_b


class RnnTanhCell(Function):
    """Elman RNN step: ``h' = tanh(gx + h W_hh^T + b_hh)``."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, gx, h, w_hh, b_hh):
        out = np.tanh(_recurrent(gx, h, w_hh, b_hh))
        ctx.save_for_backward(h, w_hh, out)
        ctx.has_bias = b_hh is not None
        return out

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, out = ctx.saved_tensors
        da = grad * (1 - out * out)                       # d tanh(a)/da = 1 - tanh(a)^2
        # dgx = da, dh = da @ W_hh, dW_hh = da^T @ h, db_hh = sum over the batch of da
        return (da,) + _parameter_grads(ctx, da, h, w_hh)


class RnnReluCell(Function):
    """Elman RNN step with ReLU: ``h' = relu(gx + h W_hh^T + b_hh)``."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, gx, h, w_hh, b_hh):
        out = relu_array(_recurrent(gx, h, w_hh, b_hh))
        ctx.save_for_backward(h, w_hh, out)
        ctx.has_bias = b_hh is not None
        return out

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, out = ctx.saved_tensors
        da = grad * (out > 0)                             # d relu(a)/da = 1 if a > 0 else 0
        # dgx = da, dh = da @ W_hh, dW_hh = da^T @ h, db_hh = sum over the batch of da
        return (da,) + _parameter_grads(ctx, da, h, w_hh)


class LstmCell(Function):
    """LSTM step: two outputs, the new hidden state ``h'`` and the new cell state ``c'``.

    Forward, with ``a = gx + h W_hh^T + b_hh`` cut into four blocks::

        i = s(a_i)   f = s(a_f)   g = tanh(a_g)   o = s(a_o)
        c' = f * c + i * g
        h' = o * tanh(c')

    Backward, given dh' and dc' (dc' from the next step; dh' from the next step
    and from the output at this step, summed by the engine)::

        dc'  += dh' * o * (1 - tanh(c')^2)         c' also reaches the loss through h'
        do    = dh' * tanh(c')
        di    = dc' * g,  df = dc' * c,  dg = dc' * i,  dc = dc' * f
        da    = [di * i(1 - i), df * f(1 - f), dg * (1 - g^2), do * o(1 - o)]
        dgx   = da,  dh = da @ W_hh,  dW_hh = da^T @ h,  db_hh = sum over the batch of da
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, gx, h, c, w_hh, b_hh):
        n = c.shape[1]
        gates = _recurrent(gx, h, w_hh, b_hh)           # a, then the gates in place
        _lstm_activations(gates, n)
        i, f, g, o = (gates[:, k * n:(k + 1) * n] for k in range(4))
        c_new = f * c
        c_new += i * g
        tanh_c = np.tanh(c_new)
        h_new = o * tanh_c
        ctx.save_for_backward(h, c, w_hh, gates, tanh_c)
        ctx.has_bias = b_hh is not None
        return h_new, c_new

    @staticmethod
    def backward(ctx, grad_h, grad_c):
        h, c, w_hh, gates, tanh_c = ctx.saved_tensors
        n = c.shape[1]
        i, f, g, o = (gates[:, k * n:(k + 1) * n] for k in range(4))
        dc_new = grad_c + grad_h * o * (1 - tanh_c * tanh_c)   # dc' += dh' o (1 - tanh(c')^2)
        da = np.empty_like(gates)                              # s' = s(1 - s), tanh' = 1 - tanh^2
        da[:, 0:n] = dc_new * g * i * (1 - i)                  # da_i = dc' g i(1 - i)
        da[:, n:2 * n] = dc_new * c * f * (1 - f)              # da_f = dc' c f(1 - f)
        da[:, 2 * n:3 * n] = dc_new * i * (1 - g * g)          # da_g = dc' i (1 - g^2)
        da[:, 3 * n:] = grad_h * tanh_c * o * (1 - o)          # da_o = dh' tanh(c') o(1 - o)
        grad_c_prev = dc_new * f                               # dc = dc' f
        # dgx = da, dh = da @ W_hh, dW_hh = da^T @ h, db_hh = sum over the batch of da
        grad_h_prev, grad_w, grad_b = _parameter_grads(ctx, da, h, w_hh)
        return da, grad_h_prev, grad_c_prev, grad_w, grad_b


class GruCell(Function):
    """GRU step.  With ``b = h W_hh^T + b_hh`` (the recurrent part, kept apart)::

        r = s(gx_r + b_r)   z = s(gx_z + b_z)   n = tanh(gx_n + r * b_n)
        h' = (1 - z) * n + z * h

    Backward, given dh'::

        dn = dh' * (1 - z),  dz = dh' * (h - n),  dh = dh' * z (+ the recurrent part below)
        da_n = dn * (1 - n^2)          the pre-activation of n
        dr = da_n * b_n,  da_z = dz * z(1 - z),  da_r = dr * r(1 - r)
        dgx = [da_r, da_z, da_n],  db = [da_r, da_z, da_n * r]
        dh += db @ W_hh,  dW_hh = db^T @ h,  db_hh = sum over the batch of db
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, gx, h, w_hh, b_hh):
        n = w_hh.shape[0] // 3
        b = h @ w_hh.T
        if b_hh is not None:
            b += b_hh
        rz = gx[:, :2 * n] + b[:, :2 * n]
        _sigmoid_(rz)
        r, z = rz[:, :n], rz[:, n:]
        new = np.tanh(gx[:, 2 * n:] + r * b[:, 2 * n:])
        h_new = new + z * (h - new)                       # (1 - z) * n + z * h
        ctx.save_for_backward(h, w_hh, rz, new, b)
        ctx.has_bias = b_hh is not None
        return h_new

    @staticmethod
    def backward(ctx, grad):
        h, w_hh, rz, new, b = ctx.saved_tensors
        n = new.shape[1]
        r, z = rz[:, :n], rz[:, n:]
        da = np.empty((grad.shape[0], 3 * n), grad.dtype)     # dgx = [da_r, da_z, da_n]
        da_n = grad * (1 - z) * (1 - new * new)               # da_n = dh' (1 - z)(1 - n^2)
        da[:, 2 * n:] = da_n
        da[:, :n] = da_n * b[:, 2 * n:] * r * (1 - r)         # da_r = da_n b_n r(1 - r)
        da[:, n:2 * n] = grad * (h - new) * z * (1 - z)       # da_z = dh' (h - n) z(1 - z)
        db = da.copy()                                        # db = [da_r, da_z, da_n * r]
        db[:, 2 * n:] *= r
        # dh = db @ W_hh (+ dh' z below), dW_hh = db^T @ h, db_hh = sum over the batch of db
        grad_h, grad_w, grad_b = _parameter_grads(ctx, db, h, w_hh)
        if grad_h is not None:
            grad_h += grad * z                                # h' = ... + z * h
        return da, grad_h, grad_w, grad_b


# -- packing variable-length sequences ------------------------------------------------------
# A packed batch stores time step after time step, each holding only the sequences still
# running: with lengths sorted longest first, step t holds the first batch_sizes[t] rows.

def _pack(padded, batch_sizes):
    return np.concatenate([padded[t, :b] for t, b in enumerate(batch_sizes)])


def _pad(data, batch_sizes, length, padding_value):
    out = np.full((length, batch_sizes[0]) + data.shape[1:], padding_value, data.dtype)
    start = 0
    for t, b in enumerate(batch_sizes):
        out[t, :b] = data[start:start + b]
        start += b
    return out


class PackPaddedSequence(Function):
    """Padded (T, B, *) to packed (sum of batch_sizes, *): a gather of the valid rows."""

    on_arrays = True

    @staticmethod
    def forward(ctx, padded, batch_sizes):
        ctx.steps, ctx.batch_sizes = padded.shape[0], batch_sizes
        return _pack(padded, batch_sizes)

    @staticmethod
    def backward(ctx, grad):
        # the valid rows get their gradient back, padding positions none: padding the
        # packed gradient with zeros (packing and padding are each other's transpose)
        if not isinstance(grad, np.ndarray):           # a create_graph backward: record it
            return PadPackedSequence.apply(grad, ctx.batch_sizes, ctx.steps, 0.0), None
        return _pad(grad, ctx.batch_sizes, ctx.steps, 0.0), None


class PadPackedSequence(Function):
    """Packed (sum of batch_sizes, *) to padded (T, B, *), ``padding_value`` elsewhere."""

    on_arrays = True
    grad_fn_name = "CopySlices"       # torch fills a new tensor in place

    @staticmethod
    def forward(ctx, data, batch_sizes, length, padding_value):
        ctx.batch_sizes = batch_sizes
        return _pad(data, batch_sizes, length, padding_value)

    @staticmethod
    def backward(ctx, grad):
        if not isinstance(grad, np.ndarray):           # the transpose: packing the gradient
            return PackPaddedSequence.apply(grad, ctx.batch_sizes), None, None, None
        return _pack(grad, ctx.batch_sizes), None, None, None


class PadSequence(Function):
    """Sequences of lengths L_k stacked into (max L, K, *) or (K, max L, *), padded."""

    on_arrays = True
    grad_fn_name = "CopySlices"

    @staticmethod
    def forward(ctx, batch_first, padding_value, left, *sequences):
        length = max(s.shape[0] for s in sequences)
        dtype = sequences[0].dtype
        out = np.full((len(sequences), length) + sequences[0].shape[1:], padding_value, dtype)
        ctx.spans = []
        for k, s in enumerate(sequences):
            span = slice(length - len(s), length) if left else slice(0, len(s))
            out[k, span] = s
            ctx.spans.append(span)
        ctx.batch_first = batch_first
        return out if batch_first else np.ascontiguousarray(out.swapaxes(0, 1))

    @staticmethod
    def backward(ctx, grad):
        if not ctx.batch_first:                        # each sequence takes back its slab
            grad = grad.swapaxes(0, 1) if isinstance(grad, np.ndarray) else grad.transpose(0, 1)
        return (None, None, None) + tuple(grad[k, span] for k, span in enumerate(ctx.spans))
