"""Recurrent layers: RNN, LSTM, GRU and their one-step cells (like torch.nn.modules.rnn).

A layer runs its cell over the time steps: it projects the whole input
sequence at once (``gx = x W_ih^T + b_ih``, one matrix product), cuts the
projection into time steps, and calls one fused step op per time step
(``minigrad/ops/rnn.py``: the cell's equations and their backward side by
side).  The graph is therefore unrolled in time: one ``LstmCellBackward0``
(``GruCellBackward0``, ``RnnTanhCellBackward0``...) node per step, and the
backward pass walks them from the last step to the first (backpropagation
through time).  Stacked layers feed each layer's output sequence to the next
(with dropout in between while training); a bidirectional layer runs a second
set of weights from the last step to the first and concatenates both outputs.

Parameters, their names, shapes, order and initialisation follow torch:
``weight_ih_l{k}`` (gates * hidden, input), ``weight_hh_l{k}`` (gates * hidden,
hidden or proj_size), ``bias_ih_l{k}``, ``bias_hh_l{k}``, ``weight_hr_l{k}``
(LSTM with ``proj_size``), with ``_reverse`` for the backward direction; all
drawn from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
"""
from __future__ import annotations

import math
import numbers
import warnings
from typing import List, Optional, Tuple

from .. import _creation
from .._tensor import Tensor
from ..ops import rnn as rnn_ops, shape as shape_ops
from . import functional as F, init
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence, _index_select

GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
STEP_OPS = {"RNN_TANH": rnn_ops.RnnTanhCell, "RNN_RELU": rnn_ops.RnnReluCell,
            "LSTM": rnn_ops.LstmCell, "GRU": rnn_ops.GruCell}


class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters, checks, the loop over layers and time."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.bidirectional, self.proj_size = bidirectional, proj_size
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or \
                not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        self.dropout = float(dropout)
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=2)
        _check_type(bias, bool, "bias")
        _check_type(batch_first, bool, "batch_first")
        _check_type(input_size, int, "input_size")
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        _check_type(hidden_size, int, "hidden_size")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names: List[str] = []
        self._all_weights: List[List[str]] = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                shapes = {"weight_ih": (gate_size, layer_input),
                          "weight_hh": (gate_size, real_hidden)}
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                if proj_size > 0:
                    shapes["weight_hr"] = (proj_size, hidden_size)
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                names = []
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix, Parameter(_creation.empty(
                        shape, dtype=dtype, device=device)))
                    names.append(kind + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def _flat_weights(self) -> List[Parameter]:
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self) -> List[List[Parameter]]:
        """The parameters per layer and direction: [[w_ih, w_hh, b_ih, b_hh, (w_hr)], ...]."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """A no-op, as in torch on the CPU (cuDNN packs the weights into one buffer)."""

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- argument checks (torch's words) ------------------------------------------------------
    def check_input(self, input: Tensor, batch_sizes: Optional[Tensor]) -> None:
        weight_dtype = self._flat_weights[0].dtype
        if input.dtype != weight_dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight_dtype}). Convert input: input.to({weight_dtype}), or "
                             f"convert model: model.to({input.dtype})")
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.size(-1)}")

    def get_expected_hidden_size(self, input: Tensor,
                                 batch_sizes: Optional[Tensor]) -> Tuple[int, int, int]:
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        directions = 2 if self.bidirectional else 1
        size = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * directions, mini_batch, size)

    def check_hidden_size(self, hx: Tensor, expected_hidden_size: Tuple[int, int, int],
                          msg: str = "Expected hidden size {}, got {}") -> None:
        if tuple(hx.size()) != tuple(expected_hidden_size):
            raise RuntimeError(msg.format(expected_hidden_size, list(hx.size())))

    def check_forward_args(self, input: Tensor, hidden: Tensor,
                           batch_sizes: Optional[Tensor]) -> None:
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def permute_hidden(self, hx: Tensor, permutation: Optional[Tensor]) -> Tensor:
        if permutation is None:
            return hx
        return _index_select(hx, 1, permutation)

    # -- the forward pass --------------------------------------------------------------------
    def forward(self, input, hx=None):
        """Run all layers over the sequence; returns ``(output, h_n)``.

        LSTM returns ``(output, (h_n, c_n))``; a ``PackedSequence`` input gives a
        ``PackedSequence`` output.
        """
        is_lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        if packed:
            input, batch_sizes, sorted_indices, unsorted_indices = input
            batch, batched = int(batch_sizes[0]), True
        else:
            batch_sizes = sorted_indices = unsorted_indices = None
            name = "RNN" if self.mode.startswith("RNN") else self.mode
            if input.dim() not in (2, 3):
                tail = " tensor instead" if name == "RNN" else " instead"
                raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D"
                                 f"{tail}")
            batched = input.dim() == 3
            batch_dim = 0 if self.batch_first else 1
            if not batched:
                input = input.unsqueeze(batch_dim)
            batch = input.size(batch_dim)
            if hx is not None:
                _check_state_dims(hx, batched, is_lstm)
                if not batched:
                    hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1)) if is_lstm else \
                        hx.unsqueeze(1)
        if hx is None:
            hx = self._zero_state(input, batch)
        elif packed or not is_lstm:
            hx = self._permute(hx, sorted_indices)
        if is_lstm:
            self.check_input(input, batch_sizes)
            self.check_hidden_size(hx[0], self.get_expected_hidden_size(input, batch_sizes),
                                   "Expected hidden[0] size {}, got {}")
            cell_size = self.get_expected_hidden_size(input, batch_sizes)[:2] + \
                (self.hidden_size,)
            self.check_hidden_size(hx[1], cell_size, "Expected hidden[1] size {}, got {}")
        else:
            self.check_forward_args(input, hx, batch_sizes)
        if packed:
            sizes = [int(b) for b in batch_sizes._array]
        else:
            if self.batch_first:
                input = input.transpose(0, 1)              # time-major: (T, B, input_size)
            if input.size(0) == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
            sizes = [batch] * input.size(0)
        output, hidden = self._layers(input, sizes, hx, packed)
        if packed:
            return (PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices),
                    self._permute(hidden, unsorted_indices))
        if self.batch_first:
            output = output.transpose(0, 1)
            if not is_lstm and output.grad_fn is not None:   # torch's RNN and GRU call it
                output.grad_fn.name_override = "TransposeBackward1"
        if not batched:
            output = output.squeeze(batch_dim)
            hidden = (hidden[0].squeeze(1), hidden[1].squeeze(1)) if is_lstm else \
                hidden.squeeze(1)
        return output, hidden

    def _zero_state(self, input: Tensor, batch: int):
        directions = 2 if self.bidirectional else 1
        size = self.proj_size if self.proj_size > 0 else self.hidden_size
        h = _creation.zeros(self.num_layers * directions, batch, size, dtype=input.dtype)
        if self.mode != "LSTM":
            return h
        return h, _creation.zeros(self.num_layers * directions, batch, self.hidden_size,
                                  dtype=input.dtype)

    def _permute(self, hx, permutation):
        if self.mode == "LSTM":
            return self.permute_hidden(hx[0], permutation), \
                self.permute_hidden(hx[1], permutation)
        return self.permute_hidden(hx, permutation)

    def _layers(self, x: Tensor, sizes: List[int], hx, packed: bool):
        """All layers and directions over ``x`` (T, B, in) or packed data (N, in)."""
        is_lstm = self.mode == "LSTM"
        h0, c0 = hx if is_lstm else (hx, None)
        directions = 2 if self.bidirectional else 1
        last_h, last_c = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = self.all_weights[k]
                out, h, c = self._direction(x, sizes, weights, h0[k],
                                            c0[k] if is_lstm else None, direction == 1,
                                            packed)
                outputs.append(out)
                last_h.append(h)
                last_c.append(c)
            x = outputs[0] if directions == 1 else _creation.cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        h_n = _creation.stack(last_h)
        return x, ((h_n, _creation.stack(last_c)) if is_lstm else h_n)

    def _direction(self, x, sizes, weights, h0, c0, reverse: bool, packed: bool):
        """One layer in one direction: returns (output, final h, final c).

        Sequences of a packed batch end at different steps (step t holds the first
        ``sizes[t]`` rows): going forward, the rows of sequences that ended are set
        aside as their final state; going backward they join when their last step comes.
        """
        w_ih, w_hh = weights[0], weights[1]
        b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
        w_hr = weights[-1] if self.proj_size > 0 else None
        step_op = STEP_OPS[self.mode]
        is_lstm = c0 is not None
        gx = F.linear(x.reshape(-1, x.size(-1)), w_ih, b_ih)   # every step's x W_ih^T + b_ih
        gx_steps = shape_ops.SplitWithSizes.apply(gx, sizes, 0)
        steps = range(len(sizes) - 1, -1, -1) if reverse else range(len(sizes))
        outs: List[Optional[Tensor]] = [None] * len(sizes)
        h, c = h0, c0
        if reverse and sizes[-1] < h.size(0):
            h, c = h[:sizes[-1]], (c[:sizes[-1]] if is_lstm else None)
        ended_h, ended_c = [], []
        for t in steps:
            rows = sizes[t]
            if rows < h.size(0):                  # forward: some sequences ended at t - 1
                ended_h.append(h[rows:])
                h = h[:rows]
                if is_lstm:
                    ended_c.append(c[rows:])
                    c = c[:rows]
            elif rows > h.size(0):                # backward: sequences whose last step is t
                h = _creation.cat([h, h0[h.size(0):rows]])
                if is_lstm:
                    c = _creation.cat([c, c0[c.size(0):rows]])
            if is_lstm:
                h, c = step_op.apply(gx_steps[t], h, c, w_hh, b_hh)
                if w_hr is not None:
                    h = F.linear(h, w_hr)         # the projection: h = (o * tanh(c)) W_hr^T
            else:
                h = step_op.apply(gx_steps[t], h, w_hh, b_hh)
            outs[t] = h
        if ended_h:                               # final states, in batch order
            h = _creation.cat([h] + ended_h[::-1])
            c = _creation.cat([c] + ended_c[::-1]) if is_lstm else None
        output = _creation.cat(outs) if packed else _creation.stack(outs)
        return output, h, c


class RNN(RNNBase):
    """Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or ReLU).

    Shape (``batch_first=False``; with True, N and L swap in input and output):
        - Input: (L, N, H_in), (L, H_in) unbatched, or a ``PackedSequence``.
        - h_0: (D * num_layers, N, H_out), optional (zeros); D = 2 if bidirectional.
        - Output: (L, N, D * H_out) and h_n: (D * num_layers, N, H_out).
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device=None, dtype=None,
                 **kwargs) -> None:
        _no_projection(kwargs)
        self.nonlinearity = nonlinearity
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        super().__init__(mode, input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, device=device, dtype=dtype)


class LSTM(RNNBase):
    """Long short-term memory; each layer computes, per time step::

        i_t = s(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)      input gate
        f_t = s(W_if x_t + b_if + W_hf h_{t-1} + b_hf)      forget gate
        g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)   candidate cell
        o_t = s(W_io x_t + b_io + W_ho h_{t-1} + b_ho)      output gate
        c_t = f_t * c_{t-1} + i_t * g_t
        h_t = o_t * tanh(c_t)                  (with proj_size: h_t = W_hr (o_t * tanh(c_t)))

    Shape (``batch_first=False``; with True, N and L swap in input and output):
        - Input: (L, N, H_in), (L, H_in) unbatched, or a ``PackedSequence``.
        - (h_0, c_0): (D * num_layers, N, H_out) and (D * num_layers, N, H_cell); optional.
        - Output: (L, N, D * H_out); (h_n, c_n) shaped like (h_0, c_0).  H_out is proj_size
          when it is set, else hidden_size; H_cell is hidden_size.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None,
                 dtype=None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device=device, dtype=dtype)

    def get_expected_cell_size(self, input: Tensor,
                               batch_sizes: Optional[Tensor]) -> Tuple[int, int, int]:
        size = self.get_expected_hidden_size(input, batch_sizes)
        return size[:2] + (self.hidden_size,)


class GRU(RNNBase):
    """Gated recurrent unit; each layer computes, per time step::

        r_t = s(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)          reset gate
        z_t = s(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)          update gate
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_{t-1}

    Shape: as ``RNN``.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, device=None, dtype=None, **kwargs) -> None:
        _no_projection(kwargs)
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, device=device, dtype=dtype)


# -- cells: one time step, the caller loops ---------------------------------------------------

class RNNCellBase(Module):
    """What the cells share: ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int,
                 device=None, dtype=None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.weight_ih = Parameter(_creation.empty((num_chunks * hidden_size, input_size),
                                                   dtype=dtype, device=device))
        self.weight_hh = Parameter(_creation.empty((num_chunks * hidden_size, hidden_size),
                                                   dtype=dtype, device=device))
        if bias:
            self.bias_ih = Parameter(_creation.empty(num_chunks * hidden_size, dtype=dtype,
                                                     device=device))
            self.bias_hh = Parameter(_creation.empty(num_chunks * hidden_size, dtype=dtype,
                                                     device=device))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _prepare(self, input: Tensor, states: tuple, names: tuple):
        """Check dims, add the batch dim to unbatched input, zeros for missing states."""
        cell = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{cell}: Expected input to be 1D or 2D, got {input.dim()}D "
                             "instead")
        for state, name in zip(states, names, strict=True):
            if state is not None and state.dim() not in (1, 2):
                raise ValueError(f"{cell}: Expected {name} to be 1D or 2D, got {state.dim()}D "
                                 "instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if states[0] is None:
            zeros = _creation.zeros(input.size(0), self.hidden_size, dtype=input.dtype)
            states = (zeros,) * len(states)
        elif not batched:
            states = tuple(s.unsqueeze(0) for s in states)
        if input.size(1) != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} "
                               f"expected {self.input_size}")
        for k, state in enumerate(states):
            if state.size(0) != input.size(0):
                raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{k} "
                                   f"batch size {state.size(0)}")
            if state.size(1) != self.hidden_size:
                raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got "
                                   f"{state.size(1)}, expected {self.hidden_size}")
        gx = F.linear(input, self.weight_ih, self.bias_ih)     # x W_ih^T + b_ih
        return gx, states, batched


class RNNCell(RNNCellBase):
    """One Elman RNN step: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or ReLU).

    Shape:
        - Input: (N, H_in) or (H_in); hidden: (N, H_out) or (H_out), optional (zeros).
        - Output: (N, H_out) or (H_out).
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device,
                         dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Optional[Tensor] = None) -> Tensor:
        gx, (h,), batched = self._prepare(input, (hx,), ("hidden",))
        if self.nonlinearity == "tanh":
            op = rnn_ops.RnnTanhCell
        elif self.nonlinearity == "relu":
            op = rnn_ops.RnnReluCell
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        out = op.apply(gx, h, self.weight_hh, self.bias_hh)
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step (the equations of ``LSTM``); returns ``(h', c')``.

    Shape:
        - Input: (N, H_in) or (H_in); (h, c): each (N, H) or (H), optional (zeros).
        - Output: (h', c'), each (N, H) or (H).
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device,
                         dtype=dtype)

    def forward(self, input: Tensor,
                hx: Optional[Tuple[Tensor, Tensor]] = None) -> Tuple[Tensor, Tensor]:
        states = (None, None) if hx is None else tuple(hx)
        gx, (h, c), batched = self._prepare(input, states, ("hx[0]", "hx[1]"))
        h, c = rnn_ops.LstmCell.apply(gx, h, c, self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step (the equations of ``GRU``).

    Shape:
        - Input: (N, H_in) or (H_in); hidden: (N, H_out) or (H_out), optional (zeros).
        - Output: (N, H_out) or (H_out).
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device,
                         dtype=dtype)

    def forward(self, input: Tensor, hx: Optional[Tensor] = None) -> Tensor:
        gx, (h,), batched = self._prepare(input, (hx,), ("hidden",))
        out = rnn_ops.GruCell.apply(gx, h, self.weight_hh, self.bias_hh)
        return out if batched else out.squeeze(0)


# -- helpers ------------------------------------------------------------------------------------

def _check_type(value, kind, name: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                        f"{type(value).__name__}")


def _no_projection(kwargs: dict) -> None:
    if "proj_size" in kwargs:
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
    if kwargs:
        raise TypeError(f"__init__() got an unexpected keyword argument '{next(iter(kwargs))}'")


def _check_state_dims(hx, batched: bool, is_lstm: bool) -> None:
    """torch's checks of the state's dims against a batched (3-D) or unbatched input."""
    want = 3 if batched else 2
    kind = "batched 3-D" if batched else "unbatched 2-D"
    if is_lstm:
        if hx[0].dim() != want or hx[1].dim() != want:
            raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                               f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
    elif hx.dim() != want:
        raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got "
                           f"{hx.dim()}-D tensor")

