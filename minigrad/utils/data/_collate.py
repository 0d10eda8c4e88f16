"""``default_collate`` and ``default_convert``: turn samples into batches, like torch's."""
from __future__ import annotations

import collections.abc
import copy

import numpy as np

from ..._creation import as_tensor, stack, tensor
from ..._dtype import float64
from ..._tensor import Tensor

COLLATE_ERROR = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                 "lists; found {}")


def _as_tensor(array: np.ndarray) -> Tensor:
    if array.dtype.kind in "SaUO":
        raise TypeError(COLLATE_ERROR.format(array.dtype))
    return Tensor._make(array, None)


def default_collate(batch):
    """Stack a list of samples into a batch, keeping the samples' structure.

    Tensors and NumPy arrays are stacked along a new first dimension; python
    numbers are typed by the first sample, as in torch: a float first gives a
    float64 tensor, an int or bool first gives ``tensor(batch)`` (so ``[1, 2.5]``
    is float32 ``[1.0, 2.5]`` and ``[True, False]`` is bool); strings stay a list;
    dicts, named tuples and sequences are collated field by field (a tuple
    sample gives a *list* of batched fields, as in torch).
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch, 0)
    if isinstance(elem, np.ndarray):
        return default_collate([_as_tensor(b) if isinstance(b, np.ndarray) else as_tensor(b)
                                for b in batch])
    if isinstance(elem, np.generic) and not isinstance(elem, (np.str_, np.bytes_)):
        return _as_tensor(np.asarray(batch))
    if isinstance(elem, float):
        return tensor(batch, dtype=float64)
    if isinstance(elem, int):                       # bool too: tensor() infers the dtype
        return tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        fields = {key: default_collate([sample[key] for sample in batch]) for key in elem}
        try:
            clone = copy.copy(elem)
            clone.update(fields)
            return clone
        except TypeError:               # a mapping that cannot be copied or updated
            return fields
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):        # named tuple
        return type(elem)(*(default_collate(list(field)) for field in zip(*batch, strict=False)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(list(field)) for field in zip(*batch, strict=False)]
        if isinstance(elem, tuple):
            return fields
        try:
            clone = copy.copy(elem)
            clone[:] = fields
            return clone
        except TypeError:
            return fields
    raise TypeError(COLLATE_ERROR.format(type(elem)))


def default_convert(data):
    """Turn NumPy arrays (also inside dicts and sequences) into tensors; no batching."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "SaUO":
        return Tensor._make(data, None)
    if isinstance(data, np.generic) and not isinstance(data, (np.str_, np.bytes_)):
        return Tensor._make(np.asarray(data), None)
    if isinstance(data, collections.abc.Mapping):
        return type(data)({key: default_convert(value) for key, value in data.items()}) \
            if not isinstance(data, collections.defaultdict) else \
            {key: default_convert(value) for key, value in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return [default_convert(d) for d in data]
    return data
