"""Batches of variable-length sequences: padding and packing (like ``torch.nn.utils.rnn``).

A *padded* batch is one tensor (T, B, *) (or (B, T, *) with ``batch_first``)
where sequence k fills its first ``lengths[k]`` steps.  A *packed* batch
(``PackedSequence``) stores only the valid steps: time step after time step,
each holding the sequences still running, longest first, so that step t is
the first ``batch_sizes[t]`` rows.  The recurrent layers accept it and skip
the padding entirely.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import List, NamedTuple, Optional, Tuple, Union

import numpy as np

from ... import _dtype
from ..._tensor import Tensor
from ...ops import rnn as rnn_ops

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence",
           "pad_packed_sequence", "pad_sequence", "unpad_sequence", "pack_sequence",
           "unpack_sequence"]


class PackedSequence_(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Optional[Tensor]
    unsorted_indices: Optional[Tensor]


class PackedSequence(PackedSequence_):
    """The data and batch sizes of a packed batch (made by ``pack_padded_sequence``).

    ``data`` is (sum of batch_sizes, *); ``batch_sizes[t]`` is how many sequences
    have a step t.  ``sorted_indices`` (when the batch was sorted by length here)
    maps packed position to original batch position, ``unsorted_indices`` back.
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:                     # PackedSequence((data, batch_sizes))
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs) -> "PackedSequence":
        """Convert ``data`` (``batch_sizes`` stays an int64 CPU tensor, as in torch)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def double(self) -> "PackedSequence":
        return self.to(dtype=_dtype.float64)

    def float(self) -> "PackedSequence":
        return self.to(dtype=_dtype.float32)

    def long(self) -> "PackedSequence":
        return self.to(dtype=_dtype.int64)

    def cpu(self, *args, **kwargs) -> "PackedSequence":
        return self

    @property
    def is_cuda(self) -> bool:
        return False

    def is_pinned(self) -> bool:
        return False


def invert_permutation(permutation: Optional[Tensor]) -> Optional[Tensor]:
    """The inverse of a permutation given as an index tensor (None stays None)."""
    if permutation is None:
        return None
    order = permutation._array
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size, dtype=order.dtype)
    return Tensor._make(inverse, None)


def _index_select(t: Tensor, dim: int, index: Tensor) -> Tensor:
    """``t.index_select(dim, index)``: the entries ``index`` along ``dim``, in that order."""
    out = t[(slice(None),) * dim + (index,)]
    if out.grad_fn is not None:
        out.grad_fn.name_override = "IndexSelectBackward0"
    return out


def _lengths_array(lengths) -> np.ndarray:
    if isinstance(lengths, Tensor):
        return lengths._array.astype(np.int64)
    return np.asarray(lengths, dtype=np.int64).reshape(-1)


def pack_padded_sequence(input: Tensor, lengths, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch whose sequence k has ``lengths[k]`` valid steps.

    With ``enforce_sorted`` the lengths must already decrease; otherwise the
    batch is sorted here and the permutation kept in the result.
    """
    lengths = _lengths_array(lengths)
    batch_dim = 0 if batch_first else 1
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-lengths, kind="stable")           # longest first, ties in order
        lengths = lengths[order]
        sorted_indices = Tensor._make(order.astype(np.int64), None)
        input = _index_select(input, batch_dim, sorted_indices)
    if lengths.size != input.shape[batch_dim]:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{lengths.size} (batch_size={input.shape[batch_dim]})")
    if lengths.size and lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if np.any(np.diff(lengths) > 0):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when "
                           "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                           "pack_padded_sequence and/or pack_sequence to sidestep this "
                           "requirement if you do not need ONNX exportability.")
    steps = input.shape[1 - batch_dim]
    if lengths.size and lengths[0] > steps:
        raise RuntimeError(f"Expected the longest length to be at most the padded length "
                           f"{steps}, but got {int(lengths[0])}")
    if batch_first:
        input = input.transpose(0, 1)
    longest = int(lengths[0]) if lengths.size else 0
    batch_sizes = [int((lengths > t).sum()) for t in range(longest)]
    data = rnn_ops.PackPaddedSequence.apply(input, batch_sizes)
    return PackedSequence(data, Tensor._make(np.asarray(batch_sizes, np.int64), None),
                          sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: Optional[int] = None) -> Tuple[Tensor, Tensor]:
    """Undo ``pack_padded_sequence``: the padded batch and the lengths (int64)."""
    batch_sizes = [int(b) for b in sequence.batch_sizes._array]
    length = len(batch_sizes)
    if total_length is not None:
        if total_length < length:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {length}")
        length = total_length
    padded = rnn_ops.PadPackedSequence.apply(sequence.data, batch_sizes, length, padding_value)
    sizes = np.asarray(batch_sizes, np.int64)
    lengths = np.asarray([(sizes > k).sum() for k in range(batch_sizes[0])], np.int64)
    if batch_first:
        padded = padded.transpose(0, 1)
    unsorted = sequence.unsorted_indices
    if unsorted is not None:                     # back to the caller's batch order
        padded = _index_select(padded, 0 if batch_first else 1, unsorted)
        lengths = lengths[unsorted._array]
    return padded, Tensor._make(lengths, None)


def pad_sequence(sequences: Union[Tensor, List[Tensor]], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Stack sequences of shape (L_k, *) into (max L, K, *) (``batch_first``: (K, max L, *)).

    Shorter sequences are padded with ``padding_value`` after their end
    (``padding_side='left'``: before their start).
    """
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError("Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    trailing = sequences[0].shape[1:]
    for s in sequences[1:]:
        if s.shape[1:] != trailing:
            for d in range(len(trailing) - 1, -1, -1):
                if d >= len(s.shape) - 1 or s.shape[1 + d] != trailing[d]:
                    got = s.shape[1 + d] if d < len(s.shape) - 1 else 1
                    raise RuntimeError(f"The size of tensor a ({trailing[d]}) must match the "
                                       f"size of tensor b ({got}) at non-singleton dimension "
                                       f"{d + 1}")
            raise RuntimeError(f"pad_sequence expects sequences with the same trailing "
                               f"dimensions, got {list(trailing)} and {list(s.shape[1:])}")
    return rnn_ops.PadSequence.apply(batch_first, padding_value, padding_side == "left",
                                     *sequences)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor,
                   batch_first: bool = False) -> List[Tensor]:
    """Split a padded batch back into its sequences (the inverse of ``pad_sequence``)."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [padded_sequences[k, :int(n)] for k, n in enumerate(_lengths_array(lengths))]


def pack_sequence(sequences: List[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences (L_k, *) directly (pad, then pack)."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> List[Tensor]:
    """The list of sequences a ``PackedSequence`` holds, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
