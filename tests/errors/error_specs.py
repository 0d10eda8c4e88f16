"""The error table: bad calls a beginner makes, one row each, run against minigrad and torch.

A row is a name and a function of ``T`` (the module: ``minigrad`` or ``torch``).
test_error_parity.py runs it both ways: where torch raises, minigrad must raise the
same exception type with the same message (``torch.`` read as ``minigrad.``);
where torch returns a result (reductions over empty dims, an empty batch), minigrad
must return the same result.  The text before ``:`` in a row's name is the public
name it exercises (``F.conv2d``, ``nn.Conv2d``, ``Tensor.view``, ``minigrad.zeros``);
test_error_parity.py checks that every public function, layer, loss, factory and
Tensor method has at least one row.

Adding a public name to minigrad means adding its rows here: wrong shapes, dtypes
and numbers of dims, empty tensors, out-of-range indices and targets, non-positive
sizes, negative padding and wrong argument types.  The rows of torch's math, order,
indexing and "other" ops (and of every ``minigrad.<op>`` function form) are in
error_specs_ops.py, built by kind; ROWS below joins them into the one table.
"""
from __future__ import annotations

import numpy as np

from .helpers import C, ErrorCase, F, fixed, ints, x  # noqa: F401 - the row helpers

# -- factories ------------------------------------------------------------------------------
FACTORIES = [
    C("minigrad.tensor: ragged rows", lambda T: T.tensor([[1, 2], [3]])),
    C("minigrad.tensor: ragged deeper", lambda T: T.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]])),
    C("minigrad.tensor: empty row", lambda T: T.tensor([[1, 2], []])),
    C("minigrad.tensor: longer row", lambda T: T.tensor([[1], [2, 3]])),
    C("minigrad.tensor: scalar among rows", lambda T: T.tensor([[1, 2], 3])),
    C("minigrad.tensor: string", lambda T: T.tensor([1, "a"])),
    C("minigrad.tensor: bare string", lambda T: T.tensor("a")),
    C("minigrad.tensor: None", lambda T: T.tensor(None)),
    C("minigrad.tensor: list of None", lambda T: T.tensor([None])),
    C("minigrad.tensor: dict", lambda T: T.tensor({1: 2})),
    C("minigrad.tensor: object", lambda T: T.tensor(object())),
    C("minigrad.tensor: tensors of several elements", lambda T: T.tensor([T.ones(2), T.ones(2)])),
    C("minigrad.tensor: int requires grad", lambda T: T.tensor([1, 2], requires_grad=True)),
    C("minigrad.tensor: empty list", lambda T: T.tensor([])),
    C("minigrad.tensor: empty nested", lambda T: T.tensor([[], []])),
    C("minigrad.as_tensor: ragged", lambda T: T.as_tensor([[1, 2], [3]])),
    C("minigrad.from_numpy: a list", lambda T: T.from_numpy([1, 2])),
    C("minigrad.zeros: negative size", lambda T: T.zeros(2, -1)),
    C("minigrad.zeros: float size", lambda T: T.zeros(2, 1.5)),
    C("minigrad.zeros: string size", lambda T: T.zeros("3")),
    C("minigrad.zeros: empty", lambda T: T.zeros(0, 3)),
    C("minigrad.ones: negative size", lambda T: T.ones(-2)),
    C("minigrad.ones: tuple with negative", lambda T: T.ones((2, -3))),
    C("minigrad.empty: negative size", lambda T: T.empty(-1).shape),
    C("minigrad.full: negative size", lambda T: T.full((-1,), 2.0)),
    C("minigrad.full: int size", lambda T: T.full(3, 2.0)),
    C("minigrad.zeros_like: a list", lambda T: T.zeros_like([1, 2])),
    C("minigrad.ones_like: a number", lambda T: T.ones_like(3)),
    C("minigrad.empty_like: a list", lambda T: T.empty_like([1.0])),
    C("minigrad.full_like: a list", lambda T: T.full_like([1.0], 2)),
    C("minigrad.rand_like: int tensor", lambda T: T.rand_like(ints(T, 1, 2))),
    C("minigrad.randn_like: int tensor", lambda T: T.randn_like(ints(T, 1, 2))),
    C("minigrad.arange: zero step", lambda T: T.arange(0, 10, 0)),
    C("minigrad.arange: wrong step sign", lambda T: T.arange(0, 10, -1)),
    C("minigrad.arange: end before start", lambda T: T.arange(10, 0)),
    C("minigrad.arange: nan", lambda T: T.arange(float("nan"))),
    C("minigrad.arange: inf", lambda T: T.arange(0, float("inf"))),
    C("minigrad.arange: empty", lambda T: T.arange(3, 3)),
    C("minigrad.linspace: negative steps", lambda T: T.linspace(0, 1, -1)),
    C("minigrad.linspace: zero steps", lambda T: T.linspace(0, 1, 0)),
    C("minigrad.eye: negative n", lambda T: T.eye(-1)),
    C("minigrad.eye: negative m", lambda T: T.eye(2, -1)),
    C("minigrad.rand: negative size", lambda T: T.rand(-1)),
    C("minigrad.randn: negative size", lambda T: T.randn(2, -3)),
    C("minigrad.randn: int dtype", lambda T: T.randn(2, dtype=T.int64)),
    C("minigrad.rand: int dtype", lambda T: T.rand(2, dtype=T.int64)),
    C("minigrad.randint: low above high", lambda T: T.randint(5, 2, (3,))),
    C("minigrad.randint: empty range", lambda T: T.randint(0, (3,))),
    C("minigrad.randint: negative size", lambda T: T.randint(0, 5, (-1,))),
    C("minigrad.randperm: negative", lambda T: T.randperm(-1)),
    C("minigrad.stack: empty list", lambda T: T.stack([])),
    C("minigrad.stack: an int", lambda T: T.stack([T.ones(2), 1])),
    C("minigrad.stack: int first", lambda T: T.stack([1, T.ones(2)])),
    C("minigrad.stack: dim out of range", lambda T: T.stack([T.ones(2), T.ones(2)], 3)),
    C("minigrad.stack: sizes", lambda T: T.stack([T.ones(2), T.ones(3)])),
    C("minigrad.cat: an int", lambda T: T.cat([T.ones(2), 1])),
    C("minigrad.cat: empty list", lambda T: T.cat([])),
    C("minigrad.cat: dim out of range", lambda T: T.cat([T.ones(2), T.ones(2)], 1)),
    C("minigrad.cat: 0-d", lambda T: T.cat([T.tensor(1.0), T.tensor(2.0)])),
    C("minigrad.cat: sizes", lambda T: T.cat([T.ones(2, 3), T.ones(2, 4)])),
    C("minigrad.concat: sizes", lambda T: T.concat([T.ones(2, 3), T.ones(3, 4)], 1)),
    C("minigrad.concatenate: ndim", lambda T: T.concatenate([T.ones(2), T.ones(2, 2)])),
    C("minigrad.cat: empty tensors", lambda T: T.cat([T.zeros(0, 3), T.ones(2, 3)])),
    C("minigrad.where: float condition", lambda T: T.where(T.ones(2), T.ones(2), T.zeros(2))),
    C("minigrad.where: shapes", lambda T: T.where(T.ones(2) > 0, T.ones(3), T.zeros(2))),
    C("minigrad.Tensor: negative size", lambda T: T.Tensor(-1)),
    C("minigrad.Tensor: ragged", lambda T: T.Tensor([[1, 2], [3]])),
]

# -- Tensor methods -----------------------------------------------------------------------
TENSOR = [
    C("Tensor.view: two inferred", lambda T: x(T, 2, 3).view(-1, -1)),
    C("Tensor.view: wrong numel", lambda T: x(T, 2, 3).view(7)),
    C("Tensor.view: negative size", lambda T: x(T, 2, 3).view(-2, 3)),
    C("Tensor.view: float size", lambda T: x(T, 2, 3).view(2.0, 3)),
    C("Tensor.view_as: wrong numel", lambda T: x(T, 2, 3).view_as(T.ones(4))),
    C("Tensor.reshape: two inferred", lambda T: x(T, 2, 3).reshape(-1, -1)),
    C("Tensor.reshape: wrong numel", lambda T: x(T, 2, 3).reshape(4, 2)),
    C("Tensor.reshape: infer from empty", lambda T: T.zeros(0, 3).reshape(0, -1)),
    C("Tensor.reshape_as: wrong numel", lambda T: x(T, 2, 3).reshape_as(T.ones(5))),
    C("Tensor.flatten: start after end", lambda T: x(T, 2, 3, 4).flatten(2, 1)),
    C("Tensor.flatten: dim out of range", lambda T: x(T, 2, 3).flatten(0, 5)),
    C("Tensor.squeeze: dim out of range", lambda T: x(T, 2, 1).squeeze(3)),
    C("Tensor.unsqueeze: dim out of range", lambda T: x(T, 2).unsqueeze(-3)),
    C("Tensor.permute: duplicate dims", lambda T: x(T, 2, 3).permute(0, 0)),
    C("Tensor.permute: too many dims", lambda T: x(T, 2, 3).permute(0, 1, 2)),
    C("Tensor.permute: dim out of range", lambda T: x(T, 2, 3).permute(0, 2)),
    C("Tensor.transpose: dim out of range", lambda T: x(T, 2, 3).transpose(0, 5)),
    C("Tensor.swapaxes: dim out of range", lambda T: x(T, 2, 3).swapaxes(-3, 0)),
    C("Tensor.swapdims: dim out of range", lambda T: x(T, 2).swapdims(1, 0)),
    C("Tensor.t: 3-d", lambda T: x(T, 2, 3, 4).t()),
    C("Tensor.T: 3-d is deprecated but works", lambda T: x(T, 2, 3, 4).mT),
    C("Tensor.mT: 1-d", lambda T: x(T, 3).mT),
    C("Tensor.expand: smaller", lambda T: x(T, 3).expand(2)),
    C("Tensor.expand: fewer dims", lambda T: x(T, 2, 3).expand(3)),
    C("Tensor.expand: -1 on new dim", lambda T: x(T, 3).expand(-1, 3)),
    C("Tensor.expand: non-singleton", lambda T: x(T, 2, 3).expand(4, 3)),
    C("Tensor.expand_as: mismatch", lambda T: x(T, 2, 3).expand_as(T.ones(3, 2))),
    C("Tensor.broadcast_to: mismatch", lambda T: x(T, 2, 3).broadcast_to((2, 4))),
    C("Tensor.split: zero size", lambda T: x(T, 3).split(0)),
    C("Tensor.split: sizes do not sum", lambda T: x(T, 3).split([1, 1])),
    C("Tensor.split: negative size", lambda T: x(T, 3).split(-1)),
    C("Tensor.split: dim out of range", lambda T: x(T, 3).split(1, 1)),
    C("Tensor.chunk: zero chunks", lambda T: x(T, 3).chunk(0)),
    C("Tensor.chunk: dim out of range", lambda T: x(T, 3).chunk(2, 2)),
    C("Tensor.unbind: dim out of range", lambda T: x(T, 3).unbind(1)),
    C("Tensor.unbind: 0-d", lambda T: T.tensor(1.0).unbind()),
    C("Tensor.narrow: past the end", lambda T: x(T, 3).narrow(0, 2, 5)),
    C("Tensor.narrow: negative start", lambda T: x(T, 3).narrow(0, -5, 1)),
    C("Tensor.narrow: negative length", lambda T: x(T, 3).narrow(0, 0, -1)),
    C("Tensor.__getitem__: index out of range", lambda T: x(T, 3)[3]),
    C("Tensor.__getitem__: negative out of range", lambda T: x(T, 3)[-4]),
    C("Tensor.__getitem__: too many indices", lambda T: x(T, 3)[0, 0]),
    C("Tensor.__getitem__: tensor index out of range", lambda T: x(T, 3)[ints(T, 0, 5)]),
    C("Tensor.__getitem__: float tensor index", lambda T: x(T, 3)[T.tensor([0.5])]),
    C("Tensor.__getitem__: mask shape", lambda T: x(T, 3)[T.tensor([True, False])]),
    C("Tensor.__getitem__: string", lambda T: x(T, 3)["a"]),
    C("Tensor.__getitem__: float", lambda T: x(T, 3)[1.5]),
    C("Tensor.__setitem__: shape mismatch", lambda T: x(T, 3).__setitem__(slice(0, 2),
                                                                        T.ones(3))),
    C("Tensor.__setitem__: index out of range", lambda T: x(T, 3).__setitem__(3, 1.0)),
    C("Tensor.item: many elements", lambda T: x(T, 2).item()),
    C("Tensor.item: empty", lambda T: T.zeros(0).item()),
    C("Tensor.tolist: 0-d works", lambda T: T.tensor(2.5).tolist()),
    C("Tensor.__float__: many elements", lambda T: float(x(T, 2))),
    C("Tensor.__int__: many elements", lambda T: int(x(T, 2))),
    C("Tensor.__index__: float", lambda T: [1, 2, 3][T.tensor(1.0)]),
    C("Tensor.__len__: 0-d", lambda T: len(T.tensor(1.0))),
    C("Tensor.__iter__: 0-d", lambda T: iter(T.tensor(1.0))),
    C("Tensor.__bool__: many elements", lambda T: bool(x(T, 2))),
    C("Tensor.__bool__: empty", lambda T: bool(T.zeros(0))),
    C("Tensor.sum: dim out of range", lambda T: x(T, 2, 3).sum(2)),
    C("Tensor.sum: repeated dim", lambda T: x(T, 2, 3).sum((0, 0))),
    C("Tensor.sum: empty", lambda T: T.zeros(0, 3).sum(0)),
    C("Tensor.sum: empty all", lambda T: T.zeros(0).sum()),
    C("Tensor.sum: bool", lambda T: T.tensor([True, True]).sum()),
    C("Tensor.mean: int", lambda T: ints(T, 1, 2).mean()),
    C("Tensor.mean: empty", lambda T: T.zeros(0, 3).mean(0)),
    C("Tensor.mean: empty all", lambda T: T.zeros(0).mean()),
    C("Tensor.mean: dim out of range", lambda T: x(T, 3).mean(1)),
    C("Tensor.max: empty", lambda T: T.zeros(0).max()),
    C("Tensor.max: empty dim", lambda T: T.zeros(0, 3).max(0)),
    C("Tensor.max: empty other dim", lambda T: T.zeros(0, 3).max(1)),
    C("Tensor.max: dim out of range", lambda T: x(T, 3).max(1)),
    C("Tensor.min: empty", lambda T: T.zeros(0, 2).min()),
    C("Tensor.min: empty dim", lambda T: T.zeros(2, 0).min(1)),
    C("Tensor.amax: empty", lambda T: T.zeros(0).amax()),
    C("Tensor.amax: empty dim", lambda T: T.zeros(0, 3).amax(0)),
    C("Tensor.amax: empty other dim", lambda T: T.zeros(0, 3).amax(1)),
    C("Tensor.amin: empty", lambda T: T.zeros(2, 0).amin(1)),
    C("Tensor.amin: dim out of range", lambda T: x(T, 3).amin(2)),
    C("Tensor.argmax: empty", lambda T: T.zeros(0).argmax()),
    C("Tensor.argmax: empty dim", lambda T: T.zeros(0, 3).argmax(0)),
    C("Tensor.argmax: dim out of range", lambda T: x(T, 3).argmax(1)),
    C("Tensor.argmin: empty", lambda T: T.zeros(0).argmin()),
    C("Tensor.var: int", lambda T: ints(T, 1, 2).var()),
    C("Tensor.var: empty", lambda T: T.zeros(0).var()),
    C("Tensor.var: dim out of range", lambda T: x(T, 3).var(1)),
    C("Tensor.std: int", lambda T: ints(T, 1, 2).std()),
    C("Tensor.std: empty dim", lambda T: T.zeros(0, 3).std(0)),
    C("Tensor.norm: int", lambda T: ints(T, 1, 2).norm()),
    C("Tensor.norm: dim out of range", lambda T: x(T, 3).norm(dim=1)),
    C("Tensor.norm: empty", lambda T: T.zeros(0).norm()),
    C("Tensor.logsumexp: dim out of range", lambda T: x(T, 3).logsumexp(1)),
    C("Tensor.logsumexp: int", lambda T: ints(T, 1, 2).logsumexp(0)),
    C("Tensor.logsumexp: empty", lambda T: T.zeros(0, 2).logsumexp(0)),
    C("Tensor.softmax: int", lambda T: ints(T, 1, 2).softmax(0)),
    C("Tensor.softmax: int not last dim", lambda T: T.tensor([[1, 2]]).softmax(0)),
    C("Tensor.softmax: dim out of range", lambda T: x(T, 3).softmax(1)),
    C("Tensor.softmax: empty", lambda T: T.zeros(0, 3).softmax(1)),
    C("Tensor.log_softmax: int", lambda T: T.tensor([1, 2], dtype=T.int32).log_softmax(0)),
    C("Tensor.log_softmax: bool", lambda T: T.tensor([True]).log_softmax(0)),
    C("Tensor.log_softmax: dim out of range", lambda T: x(T, 2, 3).log_softmax(2)),
    C("Tensor.matmul: shapes", lambda T: x(T, 2, 3).matmul(x(T, 2, 3))),
    C("Tensor.matmul: 0-d", lambda T: T.tensor(1.0).matmul(x(T, 2))),
    C("Tensor.matmul: dtypes", lambda T: x(T, 2, 3).matmul(T.ones(3, 2, dtype=T.int64))),
    C("Tensor.matmul: empty", lambda T: T.zeros(2, 0).matmul(T.zeros(0, 3))),
    C("Tensor.__matmul__: vectors", lambda T: x(T, 3) @ x(T, 4)),
    C("Tensor.mm: 1-d", lambda T: x(T, 3).mm(x(T, 3, 1))),
    C("Tensor.mm: dtypes", lambda T: x(T, 2, 3).mm(T.ones(3, 2, dtype=T.int64))),
    C("Tensor.mm: shapes", lambda T: x(T, 2, 3).mm(x(T, 2, 3))),
    C("Tensor.bmm: 2-d", lambda T: x(T, 2, 3).bmm(x(T, 2, 3, 4))),
    C("Tensor.bmm: batches", lambda T: x(T, 2, 3, 4).bmm(x(T, 3, 4, 4))),
    C("Tensor.bmm: dtypes", lambda T: x(T, 2, 3, 4).bmm(T.ones(2, 4, 4, dtype=T.float64))),
    C("Tensor.mv: shapes", lambda T: x(T, 2, 3).mv(x(T, 2))),
    C("Tensor.mv: 2-d vector", lambda T: x(T, 2, 3).mv(x(T, 3, 1))),
    C("Tensor.dot: 2-d", lambda T: x(T, 2, 2).dot(x(T, 2))),
    C("Tensor.dot: sizes", lambda T: x(T, 2).dot(x(T, 3))),
    C("Tensor.dot: dtypes", lambda T: x(T, 2).dot(ints(T, 1, 2))),
    C("Tensor.add: shapes", lambda T: x(T, 2, 3) + x(T, 4)),
    C("Tensor.add: string", lambda T: x(T, 2).add("a")),
    C("Tensor.add: None", lambda T: x(T, 2).add(None)),
    C("Tensor.add: list", lambda T: x(T, 2) + [1, 2]),
    C("Tensor.sub: shapes", lambda T: x(T, 2, 3).sub(x(T, 3, 2))),
    C("Tensor.sub: bools", lambda T: T.tensor([True]) - T.tensor([False])),
    C("Tensor.mul: shapes", lambda T: x(T, 2, 3, 4) * x(T, 3, 3, 1)),
    C("Tensor.mul: string", lambda T: x(T, 2) * "a"),
    C("Tensor.div: shapes", lambda T: x(T, 2) / x(T, 3)),
    C("Tensor.div: rounding mode", lambda T: x(T, 2).div(2, rounding_mode="x")),
    C("Tensor.div: int by zero floor", lambda T: ints(T, 1, 2).div(0, rounding_mode="floor")),
    C("Tensor.div: int by zero trunc", lambda T: ints(T, 1, 2).div(ints(T, 1, 0),
                                                                    rounding_mode="trunc")),
    C("Tensor.div: int true division by zero", lambda T: ints(T, 1, -1, 0) / 0),
    C("Tensor.div: float floor by zero", lambda T: x(T, 3).div(0, rounding_mode="floor")),
    C("Tensor.__floordiv__: int by zero", lambda T: ints(T, 1, 2) // 0),
    C("Tensor.__floordiv__: int tensor by zero", lambda T: ints(T, 1, 2) // ints(T, 0, 1)),
    C("Tensor.__floordiv__: uint8 by zero", lambda T: T.tensor([1], dtype=T.uint8) // 0),
    C("Tensor.__floordiv__: bools", lambda T: T.tensor([True]) // T.tensor([True])),
    C("Tensor.__floordiv__: float by zero", lambda T: x(T, 3) // 0),
    C("Tensor.__rfloordiv__: int by zero", lambda T: 5 // ints(T, 0, 1)),
    C("Tensor.__rfloordiv__: works", lambda T: 5 // ints(T, 2, -3)),
    C("Tensor.__mod__: int by zero", lambda T: ints(T, 1, 2) % 0),
    C("Tensor.__mod__: int tensor by zero", lambda T: ints(T, 1, 2) % ints(T, 1, 0)),
    C("Tensor.__mod__: float by zero", lambda T: x(T, 3) % 0),
    C("Tensor.__rmod__: int by zero", lambda T: 5 % ints(T, 0)),
    C("Tensor.__rmod__: works", lambda T: 5 % ints(T, 2, -3)),
    C("Tensor.pow: string", lambda T: x(T, 2).pow("a")),
    C("Tensor.pow: int to negative int", lambda T: ints(T, 1, 2).pow(-1)),
    C("Tensor.pow: shapes", lambda T: x(T, 2).pow(x(T, 3))),
    C("Tensor.neg: bool", lambda T: -T.tensor([True])),
    C("Tensor.negative: bool", lambda T: T.tensor([True]).negative()),
    C("Tensor.abs: bool", lambda T: T.tensor([True]).abs()),
    C("Tensor.absolute: int", lambda T: ints(T, -1, 2).absolute()),
    C("Tensor.exp: int", lambda T: ints(T, 1, 2).exp()),
    C("Tensor.log: negative", lambda T: x(T, 3).log()),
    C("Tensor.sqrt: negative", lambda T: x(T, 3).sqrt()),
    C("Tensor.rsqrt: int", lambda T: ints(T, 0, 4).rsqrt()),
    C("Tensor.square: bool", lambda T: T.tensor([True, False]).square()),
    C("Tensor.reciprocal: int zero", lambda T: ints(T, 0, 2).reciprocal()),
    C("Tensor.sin: bool", lambda T: T.tensor([True]).sin()),
    C("Tensor.cos: int", lambda T: ints(T, 0, 1).cos()),
    C("Tensor.sigmoid: int", lambda T: ints(T, 0, 1).sigmoid()),
    C("Tensor.tanh: bool", lambda T: T.tensor([True]).tanh()),
    C("Tensor.relu: bool", lambda T: T.tensor([True]).relu()),
    C("Tensor.clamp: no bounds", lambda T: x(T, 2).clamp()),
    C("Tensor.clamp: string bound", lambda T: x(T, 2).clamp("a")),
    C("Tensor.clamp: min above max", lambda T: x(T, 3).clamp(1.0, -1.0)),
    C("Tensor.clamp: bool", lambda T: T.tensor([True]).clamp(0, 1)),
    C("Tensor.clamp: tensor bounds shape", lambda T: x(T, 3).clamp(x(T, 2))),
    C("Tensor.clip: no bounds", lambda T: x(T, 2).clip()),
    C("Tensor.clamp_min: string", lambda T: x(T, 2).clamp_min("a")),
    C("Tensor.clamp_max: None", lambda T: x(T, 2).clamp_max(None)),
    C("Tensor.maximum: shapes", lambda T: x(T, 2).maximum(x(T, 3))),
    C("Tensor.maximum: number", lambda T: x(T, 2).maximum(1.0)),
    C("Tensor.minimum: shapes", lambda T: x(T, 2, 3).minimum(x(T, 2))),
    C("Tensor.masked_fill: float mask", lambda T: x(T, 2).masked_fill(T.ones(2), 0.0)),
    C("Tensor.masked_fill: mask shape", lambda T: x(T, 2).masked_fill(T.ones(3) > 0, 0.0)),
    C("Tensor.masked_fill: value tensor dims", lambda T: x(T, 2).masked_fill(
        T.ones(2) > 0, T.ones(2))),
    C("Tensor.where: float condition", lambda T: x(T, 2).where(T.ones(2), 0.0)),
    C("Tensor.eq: shapes", lambda T: x(T, 2).eq(x(T, 3))),
    C("Tensor.ne: string", lambda T: x(T, 2).ne("a")),
    C("Tensor.lt: shapes", lambda T: x(T, 2, 3) < x(T, 2)),
    C("Tensor.le: shapes", lambda T: x(T, 2).le(x(T, 4))),
    C("Tensor.gt: None", lambda T: x(T, 2) > None),
    C("Tensor.ge: shapes", lambda T: x(T, 3).ge(x(T, 2, 2))),
    C("Tensor.__and__: float", lambda T: x(T, 2) & x(T, 2)),
    C("Tensor.__or__: float", lambda T: x(T, 2) | T.ones(2)),
    C("Tensor.__xor__: float", lambda T: x(T, 2) ^ T.ones(2)),
    C("Tensor.__invert__: float", lambda T: ~x(T, 2)),
    C("Tensor.logical_not: float", lambda T: x(T, 3).logical_not()),
    C("Tensor.any: dim out of range", lambda T: x(T, 2).any(1)),
    C("Tensor.all: dim out of range", lambda T: x(T, 2).all(2)),
    C("Tensor.any: empty", lambda T: T.zeros(0).any()),
    C("Tensor.all: empty", lambda T: T.zeros(0, 2).all(0)),
    C("Tensor.isnan: int", lambda T: ints(T, 1).isnan()),
    C("Tensor.isinf: bool", lambda T: T.tensor([True]).isinf()),
    C("Tensor.isfinite: int", lambda T: ints(T, 1).isfinite()),
    C("Tensor.sign: bool", lambda T: T.tensor([True, False]).sign()),
    C("Tensor.sign: nan", lambda T: T.tensor([float("nan"), -2.0, 0.0]).sign()),
    C("Tensor.floor: int", lambda T: ints(T, -1, 2).floor()),
    C("Tensor.ceil: bool", lambda T: T.tensor([True]).ceil()),
    C("Tensor.round: int with decimals", lambda T: ints(T, 15).round(decimals=-1)),
    C("Tensor.equal: shapes", lambda T: x(T, 2).equal(x(T, 3))),
    C("Tensor.equal: not a tensor", lambda T: x(T, 2).equal([1, 2])),
    C("Tensor.allclose: shapes", lambda T: x(T, 2).allclose(x(T, 3))),
    C("Tensor.allclose: dtypes", lambda T: x(T, 2).allclose(x(T, 2, dtype=T.float64))),
    C("Tensor.isclose: dtypes", lambda T: x(T, 2).isclose(ints(T, 1, 2))),
    C("Tensor.isclose: negative rtol", lambda T: x(T, 2).isclose(x(T, 2), rtol=-1.0)),
    C("Tensor.to: int string", lambda T: x(T, 2).to("int")),
    C("Tensor.to: bad device", lambda T: x(T, 2).to("foo")),
    C("Tensor.type: bad name", lambda T: x(T, 2).type("foo")),
    C("Tensor.type_as: not a tensor", lambda T: x(T, 2).type_as(2)),
    C("Tensor.new_zeros: negative", lambda T: x(T, 2).new_zeros(-1)),
    C("Tensor.new_ones: negative", lambda T: x(T, 2).new_ones((2, -1))),
    C("Tensor.new_full: negative", lambda T: x(T, 2).new_full((-1,), 2.0)),
    C("Tensor.new_empty: negative", lambda T: x(T, 2).new_empty(-1)),
    C("Tensor.new_tensor: ragged", lambda T: x(T, 2).new_tensor([[1, 2], [3]])),
    C("Tensor.fill_: tensor value with dims", lambda T: x(T, 2).fill_(T.ones(2))),
    C("Tensor.fill_: string", lambda T: x(T, 2).fill_("a")),
    C("Tensor.zero_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).zero_()),
    C("Tensor.copy_: shapes", lambda T: x(T, 3).copy_(x(T, 2))),
    C("Tensor.copy_: not a tensor", lambda T: x(T, 3).copy_([1, 2, 3])),
    C("Tensor.add_: broadcast into smaller", lambda T: x(T, 3).add_(x(T, 2, 3))),
    C("Tensor.add_: float into int", lambda T: ints(T, 1, 2).add_(0.5)),
    C("Tensor.sub_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).sub_(1)),
    C("Tensor.mul_: float into int", lambda T: ints(T, 1, 2).mul_(x(T, 2))),
    C("Tensor.div_: int", lambda T: ints(T, 1, 2).div_(2)),
    C("Tensor.pow_: float into int", lambda T: ints(T, 1, 2).pow_(0.5)),
    C("Tensor.clamp_: no bounds", lambda T: x(T, 2).clamp_()),
    C("Tensor.relu_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).relu_()),
    C("Tensor.neg_: bool", lambda T: T.tensor([True]).neg_()),
    C("Tensor.exp_: int", lambda T: ints(T, 1, 2).exp_()),
    C("Tensor.sqrt_: int", lambda T: ints(T, 1, 2).sqrt_()),
    C("Tensor.masked_fill_: float mask", lambda T: x(T, 2).masked_fill_(T.ones(2), 1.0)),
    C("Tensor.uniform_: from above to", lambda T: x(T, 2).uniform_(2, 1)),
    C("Tensor.uniform_: int", lambda T: ints(T, 1, 2).uniform_()),
    C("Tensor.normal_: negative std", lambda T: x(T, 2).normal_(0, -1)),
    C("Tensor.normal_: int", lambda T: ints(T, 1, 2).normal_()),
    C("Tensor.__iadd__: broadcast into smaller", lambda T: x(T, 3).__iadd__(x(T, 2, 3))),
    C("Tensor.__itruediv__: int", lambda T: ints(T, 1, 2).__itruediv__(2)),
    C("Tensor.requires_grad_: int", lambda T: ints(T, 1).requires_grad_()),
    C("Tensor.requires_grad_: non-leaf off", lambda T: (T.ones(1, requires_grad=True) * 2)
      .requires_grad_(False)),
    C("Tensor.backward: no grad", lambda T: x(T, 2).sum().backward()),
    C("Tensor.backward: not a scalar", lambda T: (T.ones(2, requires_grad=True) * 2).backward()),
    C("Tensor.backward: gradient shape", lambda T: (T.ones(2, requires_grad=True) * 2)
      .backward(T.ones(3))),
    C("Tensor.retain_grad: no grad", lambda T: x(T, 2).retain_grad()),
    C("Tensor.register_hook: no grad", lambda T: x(T, 2).register_hook(lambda g: g)),
    C("Tensor.numpy: requires grad", lambda T: T.ones(2, requires_grad=True).numpy()),
    C("Tensor.size: dim out of range", lambda T: x(T, 2).size(1)),
    C("Tensor.stride: dim out of range", lambda T: x(T, 2).stride(2)),
    C("Tensor.numel: works", lambda T: T.zeros(0, 3).numel()),
    C("Tensor.storage_offset: works", lambda T: T.zeros(4, 3)[1:, 2:].storage_offset()),
    C("Tensor.dim: works", lambda T: T.zeros(0, 3).dim()),
    C("Tensor.clone: works on empty", lambda T: T.zeros(0, 3).clone()),
    C("Tensor.detach: works", lambda T: x(T, 2).detach()),
    C("Tensor.contiguous: works", lambda T: x(T, 2, 3).t().contiguous()),
    C("Tensor.float: works on bool", lambda T: T.tensor([True]).float()),
    C("Tensor.long: nan", lambda T: T.tensor([1.5]).long()),
    C("Tensor.grad: wrong shape", lambda T: setattr(T.ones(2, requires_grad=True), "grad",
                                                    T.ones(3))),
    C("Tensor.grad: not a tensor", lambda T: setattr(T.ones(2, requires_grad=True), "grad", 1)),
]

# -- nn.functional --------------------------------------------------------------------------
FUNCTIONAL = [
    C("F.conv2d: kernel larger than input", lambda T: F(T).conv2d(x(T, 1, 1, 2, 2),
                                                                  x(T, 1, 1, 3, 3))),
    C("F.conv2d: zero stride", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                     stride=0)),
    C("F.conv2d: negative stride", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                         stride=-1)),
    C("F.conv2d: negative padding", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                          padding=-1)),
    C("F.conv2d: zero dilation", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                       dilation=0)),
    C("F.conv2d: zero groups", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                     groups=0)),
    C("F.conv2d: groups do not divide out channels", lambda T: F(T).conv2d(
        x(T, 1, 2, 4, 4), x(T, 3, 1, 3, 3), groups=2)),
    C("F.conv2d: channels", lambda T: F(T).conv2d(x(T, 1, 2, 4, 4), x(T, 1, 3, 3, 3))),
    C("F.conv2d: 2-d input", lambda T: F(T).conv2d(x(T, 4, 4), x(T, 1, 1, 3, 3))),
    C("F.conv2d: 5-d input", lambda T: F(T).conv2d(x(T, 1, 1, 1, 4, 4), x(T, 1, 1, 3, 3))),
    C("F.conv2d: 3-d weight", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 3, 3))),
    C("F.conv2d: dtypes", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4),
                                                x(T, 1, 1, 3, 3, dtype=T.float64))),
    C("F.conv2d: int input", lambda T: F(T).conv2d(T.ones(1, 1, 4, 4, dtype=T.int64),
                                                   T.ones(1, 1, 3, 3, dtype=T.int64))),
    C("F.conv2d: bias size", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 2, 1, 3, 3),
                                                   x(T, 3))),
    C("F.conv2d: same padding with stride", lambda T: F(T).conv2d(
        x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3), stride=2, padding="same")),
    C("F.conv2d: padding string", lambda T: F(T).conv2d(x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3),
                                                        padding="full")),
    C("F.conv2d: empty batch", lambda T: F(T).conv2d(T.zeros(0, 1, 4, 4), x(T, 2, 1, 3, 3))),
    C("F.conv2d: padded input smaller than dilated kernel", lambda T: F(T).conv2d(
        x(T, 1, 1, 4, 4), x(T, 1, 1, 3, 3), dilation=2)),
    C("F.conv1d: kernel larger than input", lambda T: F(T).conv1d(x(T, 1, 1, 2),
                                                                  x(T, 1, 1, 3))),
    C("F.conv1d: 4-d input", lambda T: F(T).conv1d(x(T, 1, 1, 1, 4), x(T, 1, 1, 3))),
    C("F.conv1d: 1-d input", lambda T: F(T).conv1d(x(T, 4), x(T, 1, 1, 3))),
    C("F.conv1d: zero stride", lambda T: F(T).conv1d(x(T, 1, 1, 4), x(T, 1, 1, 3), stride=0)),
    C("F.conv1d: negative padding", lambda T: F(T).conv1d(x(T, 1, 1, 4), x(T, 1, 1, 3),
                                                          padding=-2)),
    C("F.conv1d: channels", lambda T: F(T).conv1d(x(T, 1, 2, 4), x(T, 1, 1, 3))),
    C("F.max_pool2d: zero kernel", lambda T: F(T).max_pool2d(x(T, 1, 1, 4, 4), 0)),
    C("F.max_pool2d: zero stride", lambda T: F(T).max_pool2d(x(T, 1, 1, 4, 4), 2, 0)),
    C("F.max_pool2d: negative padding", lambda T: F(T).max_pool2d(x(T, 1, 1, 4, 4), 2, 2, -1)),
    C("F.max_pool2d: padding over half", lambda T: F(T).max_pool2d(x(T, 1, 1, 4, 4), 2, 2, 2)),
    C("F.max_pool2d: input too small", lambda T: F(T).max_pool2d(x(T, 1, 1, 2, 2), 3)),
    C("F.max_pool2d: 2-d input", lambda T: F(T).max_pool2d(x(T, 4, 4), 2)),
    C("F.max_pool2d: zero dilation", lambda T: F(T).max_pool2d(x(T, 1, 1, 4, 4), 2,
                                                               dilation=0)),
    C("F.max_pool2d: empty batch", lambda T: F(T).max_pool2d(T.zeros(0, 1, 4, 4), 2)),
    C("F.max_pool2d: int", lambda T: F(T).max_pool2d(T.ones(1, 1, 4, 4, dtype=T.int64), 2)),
    C("F.max_pool1d: zero kernel", lambda T: F(T).max_pool1d(x(T, 1, 1, 4), 0)),
    C("F.max_pool1d: input too small", lambda T: F(T).max_pool1d(x(T, 1, 1, 2), 3)),
    C("F.max_pool1d: 1-d input", lambda T: F(T).max_pool1d(x(T, 4), 2)),
    C("F.avg_pool2d: zero kernel", lambda T: F(T).avg_pool2d(x(T, 1, 1, 4, 4), 0), since="2.13"),
    C("F.avg_pool2d: zero stride", lambda T: F(T).avg_pool2d(x(T, 1, 1, 4, 4), 2, 0)),
    C("F.avg_pool2d: negative padding", lambda T: F(T).avg_pool2d(x(T, 1, 1, 4, 4), 2, 2, -1)),
    C("F.avg_pool2d: input too small", lambda T: F(T).avg_pool2d(x(T, 1, 1, 2, 2), 3)),
    C("F.avg_pool2d: 5-d input", lambda T: F(T).avg_pool2d(x(T, 1, 1, 1, 4, 4), 2)),
    C("F.avg_pool2d: zero divisor", lambda T: F(T).avg_pool2d(x(T, 1, 1, 4, 4), 2,
                                                              divisor_override=0)),
    C("F.avg_pool2d: int", lambda T: F(T).avg_pool2d(T.ones(1, 1, 4, 4, dtype=T.int64), 2)),
    C("F.avg_pool1d: zero kernel", lambda T: F(T).avg_pool1d(x(T, 1, 1, 4), 0), since="2.13"),
    C("F.avg_pool1d: 4-d input", lambda T: F(T).avg_pool1d(x(T, 1, 1, 1, 4), 2)),
    C("F.adaptive_avg_pool2d: negative size", lambda T: F(T).adaptive_avg_pool2d(
        x(T, 1, 1, 4, 4), -1)),
    C("F.adaptive_avg_pool2d: 2-d input", lambda T: F(T).adaptive_avg_pool2d(x(T, 4, 4), 2)),
    C("F.adaptive_avg_pool2d: empty spatial", lambda T: F(T).adaptive_avg_pool2d(
        T.zeros(1, 1, 0, 4), 2)),
    C("F.adaptive_avg_pool2d: three sizes", lambda T: F(T).adaptive_avg_pool2d(
        x(T, 1, 1, 4, 4), (1, 2, 3))),
    C("F.adaptive_avg_pool2d: nan stays in its bin", lambda T: F(T).adaptive_avg_pool2d(
        T.tensor([[[[1.0, float("nan"), 3.0, 4.0]]]]), (1, 2))),
    C("F.adaptive_avg_pool1d: 1-d input", lambda T: F(T).adaptive_avg_pool1d(x(T, 4), 2)),
    C("F.adaptive_avg_pool1d: zero size", lambda T: F(T).adaptive_avg_pool1d(x(T, 1, 1, 4), 0)),
    C("F.linear: shapes", lambda T: F(T).linear(x(T, 2, 3), x(T, 4, 2))),
    C("F.linear: dtypes", lambda T: F(T).linear(x(T, 2, 3), x(T, 4, 3, dtype=T.float64))),
    C("F.linear: int input", lambda T: F(T).linear(T.ones(2, 3, dtype=T.int64), x(T, 4, 3))),
    C("F.linear: bias size", lambda T: F(T).linear(x(T, 2, 3), x(T, 4, 3), x(T, 3))),
    C("F.linear: 0-d input", lambda T: F(T).linear(T.tensor(1.0), x(T, 4, 3))),
    C("F.linear: 1-d weight", lambda T: F(T).linear(x(T, 2, 3), x(T, 3))),
    C("F.linear: empty batch", lambda T: F(T).linear(T.zeros(0, 3), x(T, 4, 3))),
    C("F.embedding: float indices", lambda T: F(T).embedding(T.tensor([0.0]), x(T, 5, 2))),
    C("F.embedding: index out of range", lambda T: F(T).embedding(ints(T, 5), x(T, 5, 2))),
    C("F.embedding: negative index", lambda T: F(T).embedding(ints(T, -1), x(T, 5, 2))),
    C("F.embedding: 1-d weight", lambda T: F(T).embedding(ints(T, 1), x(T, 5))),
    C("F.embedding: padding_idx out of range", lambda T: F(T).embedding(
        ints(T, 1), x(T, 5, 2), padding_idx=7)),
    C("F.embedding: empty indices", lambda T: F(T).embedding(T.zeros(0, dtype=T.int64),
                                                             x(T, 5, 2))),
    C("F.dropout: p above one", lambda T: F(T).dropout(x(T, 2), 1.5)),
    C("F.dropout: negative p", lambda T: F(T).dropout(x(T, 2), -0.1)),
    C("F.dropout1d: 4-d input", lambda T: F(T).dropout1d(x(T, 1, 1, 1, 2), 0.5)),
    C("F.dropout1d: p above one", lambda T: F(T).dropout1d(x(T, 1, 2, 2), 2.0)),
    C("F.dropout2d: p above one", lambda T: F(T).dropout2d(x(T, 1, 1, 2, 2), 2.0)),
    C("F.pad: odd length", lambda T: F(T).pad(x(T, 2, 2), (1,))),
    C("F.pad: too long", lambda T: F(T).pad(x(T, 2), (1, 1, 1, 1))),
    C("F.pad: negative crops", lambda T: F(T).pad(x(T, 2, 4), (-1, -1))),
    C("F.pad: crops past the size", lambda T: F(T).pad(x(T, 2, 4), (-3, -2))),
    C("F.pad: reflect too wide", lambda T: F(T).pad(x(T, 1, 3), (3, 3), mode="reflect")),
    C("F.pad: replicate on 1-d", lambda T: F(T).pad(x(T, 3), (1, 1), mode="replicate")),
    C("F.pad: unknown mode", lambda T: F(T).pad(x(T, 1, 3), (1, 1), mode="wrap")),
    C("F.pad: float pad", lambda T: F(T).pad(x(T, 2, 2), (1.5, 1))),
    C("F.relu: bool", lambda T: F(T).relu(T.tensor([True]))),
    C("F.relu6: bool", lambda T: F(T).relu6(T.tensor([True]))),
    C("F.hardtanh: min above max", lambda T: F(T).hardtanh(x(T, 3), 1.0, -1.0)),
    C("F.hardtanh: bool", lambda T: F(T).hardtanh(T.tensor([True]))),
    C("F.leaky_relu: int", lambda T: F(T).leaky_relu(ints(T, -1, 2))),
    C("F.elu: int", lambda T: F(T).elu(ints(T, -1, 2))),
    C("F.gelu: int", lambda T: F(T).gelu(ints(T, -1, 2))),
    C("F.gelu: approximate", lambda T: F(T).gelu(x(T, 2), approximate="fast")),
    C("F.silu: int", lambda T: F(T).silu(ints(T, -1, 2))),
    C("F.softplus: int", lambda T: F(T).softplus(ints(T, -1, 2))),
    C("F.sigmoid: int", lambda T: F(T).sigmoid(ints(T, -1, 2))),
    C("F.tanh: int", lambda T: F(T).tanh(ints(T, -1, 2))),
    C("F.logsigmoid: int", lambda T: F(T).logsigmoid(ints(T, -1, 2))),
    C("F.softmax: dim out of range", lambda T: F(T).softmax(x(T, 2, 3), 2)),
    C("F.softmax: int", lambda T: F(T).softmax(ints(T, 1, 2), 0)),
    C("F.log_softmax: int", lambda T: F(T).log_softmax(T.tensor([[1, 2]]), 1)),
    C("F.log_softmax: dim out of range", lambda T: F(T).log_softmax(x(T, 3), -2)),
    C("F.softmin: int", lambda T: F(T).softmin(ints(T, 1, 2), 0)),
    C("F.softmin: dim out of range", lambda T: F(T).softmin(x(T, 3), 1)),
    C("F.normalize: dim out of range", lambda T: F(T).normalize(x(T, 3), dim=1)),
    C("F.normalize: int", lambda T: F(T).normalize(T.tensor([[3, 4]]))),
    C("F.one_hot: float", lambda T: F(T).one_hot(T.tensor([1.0]))),
    C("F.one_hot: negative", lambda T: F(T).one_hot(ints(T, -1))),
    C("F.one_hot: too few classes", lambda T: F(T).one_hot(ints(T, 3), 2)),
    C("F.one_hot: empty with unknown classes", lambda T: F(T).one_hot(
        T.zeros(0, dtype=T.int64))),
    C("F.one_hot: empty", lambda T: F(T).one_hot(T.zeros(0, dtype=T.int64), 3)),
    C("F.batch_norm: running mean size", lambda T: F(T).batch_norm(
        x(T, 2, 4), T.zeros(3), T.ones(3))),
    C("F.batch_norm: running var size", lambda T: F(T).batch_norm(
        x(T, 2, 4), T.zeros(4), T.ones(3))),
    C("F.batch_norm: weight size", lambda T: F(T).batch_norm(
        x(T, 2, 4), T.zeros(4), T.ones(4), T.ones(3))),
    C("F.batch_norm: bias size", lambda T: F(T).batch_norm(
        x(T, 2, 4), T.zeros(4), T.ones(4), None, T.ones(2))),
    C("F.batch_norm: training with one value", lambda T: F(T).batch_norm(
        x(T, 1, 4), T.zeros(4), T.ones(4), training=True)),
    C("F.batch_norm: 1-d input", lambda T: F(T).batch_norm(
        x(T, 4), T.zeros(4), T.ones(4))),
    C("F.batch_norm: empty batch", lambda T: F(T).batch_norm(
        T.zeros(0, 4), T.zeros(4), T.ones(4))),
    C("F.layer_norm: shape", lambda T: F(T).layer_norm(x(T, 2, 3), (4,))),
    C("F.layer_norm: longer shape", lambda T: F(T).layer_norm(x(T, 3), (2, 3))),
    C("F.layer_norm: weight shape", lambda T: F(T).layer_norm(x(T, 2, 3), (3,), T.ones(2))),
    C("F.layer_norm: int", lambda T: F(T).layer_norm(T.ones(2, 3, dtype=T.int64), (3,))),
    C("F.group_norm: groups do not divide", lambda T: F(T).group_norm(x(T, 2, 4, 3), 3)),
    C("F.group_norm: 1-d input", lambda T: F(T).group_norm(x(T, 4), 2)),
    C("F.group_norm: zero groups", lambda T: F(T).group_norm(x(T, 2, 4, 3), 0)),
    C("F.group_norm: weight size", lambda T: F(T).group_norm(x(T, 2, 4, 3), 2, T.ones(3))),
]

LOSSES = [
    C("F.mse_loss: shapes", lambda T: F(T).mse_loss(x(T, 2, 3), x(T, 4))),
    C("F.mse_loss: reduction", lambda T: F(T).mse_loss(x(T, 2), x(T, 2), reduction="avg")),
    C("F.mse_loss: int target", lambda T: F(T).mse_loss(x(T, 2), ints(T, 1, 2))),
    C("F.mse_loss: int input", lambda T: F(T).mse_loss(ints(T, 1, 2), ints(T, 1, 2))),
    C("F.mse_loss: empty", lambda T: F(T).mse_loss(T.zeros(0), T.zeros(0))),
    C("F.mse_loss: not a tensor", lambda T: F(T).mse_loss(x(T, 2), [1.0, 2.0])),
    C("F.l1_loss: shapes", lambda T: F(T).l1_loss(x(T, 2, 3), x(T, 4))),
    C("F.l1_loss: reduction", lambda T: F(T).l1_loss(x(T, 2), x(T, 2), reduction=None)),
    C("F.l1_loss: empty", lambda T: F(T).l1_loss(T.zeros(0), T.zeros(0))),
    C("F.smooth_l1_loss: shapes", lambda T: F(T).smooth_l1_loss(x(T, 2, 3), x(T, 4))),
    C("F.smooth_l1_loss: negative beta", lambda T: F(T).smooth_l1_loss(x(T, 2), x(T, 2),
                                                                       beta=-1.0)),
    C("F.huber_loss: shapes", lambda T: F(T).huber_loss(x(T, 2, 3), x(T, 4))),
    C("F.huber_loss: zero delta", lambda T: F(T).huber_loss(x(T, 2), x(T, 2), delta=0.0)),
    C("F.huber_loss: negative delta", lambda T: F(T).huber_loss(x(T, 2), x(T, 2), delta=-1.0)),
    C("F.binary_cross_entropy: target above one", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9]), T.tensor([2.0]))),
    C("F.binary_cross_entropy: negative target", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9]), T.tensor([-0.5]))),
    C("F.binary_cross_entropy: nan target", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9]), T.tensor([float("nan")]))),
    C("F.binary_cross_entropy: input above one", lambda T: F(T).binary_cross_entropy(
        T.tensor([1.9]), T.tensor([2.0]))),
    C("F.binary_cross_entropy: nan input", lambda T: F(T).binary_cross_entropy(
        T.tensor([float("nan")]), T.tensor([0.5]))),
    C("F.binary_cross_entropy: int target", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9]), ints(T, 1))),
    C("F.binary_cross_entropy: shapes", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9, 0.1]), T.tensor([[1.0, 0.0]]))),
    C("F.binary_cross_entropy: weight shape", lambda T: F(T).binary_cross_entropy(
        T.tensor([0.9, 0.1]), T.tensor([1.0, 0.0]), T.ones(3)), since="2.13"),
    C("F.binary_cross_entropy: empty", lambda T: F(T).binary_cross_entropy(
        T.zeros(0), T.zeros(0))),
    C("F.binary_cross_entropy_with_logits: shapes", lambda T:
      F(T).binary_cross_entropy_with_logits(x(T, 2), x(T, 3))),
    C("F.binary_cross_entropy_with_logits: int target", lambda T:
      F(T).binary_cross_entropy_with_logits(x(T, 2), ints(T, 1, 0))),
    C("F.binary_cross_entropy_with_logits: weight shape", lambda T:
      F(T).binary_cross_entropy_with_logits(x(T, 2), x(T, 2), T.ones(3))),
    C("F.binary_cross_entropy_with_logits: pos_weight shape", lambda T:
      F(T).binary_cross_entropy_with_logits(x(T, 2, 2), x(T, 2, 2), pos_weight=T.ones(3))),
    C("F.cross_entropy: int64 logits", lambda T: F(T).cross_entropy(
        T.tensor([[1, 2]]), ints(T, 0))),
    C("F.cross_entropy: 1-d int logits", lambda T: F(T).cross_entropy(
        ints(T, 1, 2), T.tensor(0))),
    C("F.cross_entropy: int logits, probabilities", lambda T: F(T).cross_entropy(
        T.tensor([[1, 2]]), T.tensor([[0.0, 1.0]]))),
    C("F.cross_entropy: int probabilities", lambda T: F(T).cross_entropy(
        x(T, 1, 2), T.tensor([[0, 1]]))),
    C("F.cross_entropy: target out of range", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, 0, 5))),
    C("F.cross_entropy: negative target", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, -1, 0))),
    C("F.cross_entropy: batch sizes", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, 0, 1, 2))),
    C("F.cross_entropy: float target of class shape", lambda T: F(T).cross_entropy(
        x(T, 2, 3), T.tensor([0.0, 1.0])), since="2.13"),
    C("F.cross_entropy: int32 target", lambda T: F(T).cross_entropy(
        x(T, 2, 3), T.tensor([0, 1], dtype=T.int32)), since="2.13"),
    C("F.cross_entropy: weight size", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, 0, 1), weight=T.ones(2))),
    C("F.cross_entropy: spatial target shape", lambda T: F(T).cross_entropy(
        x(T, 2, 3, 4), T.zeros(2, 5, dtype=T.int64))),
    C("F.cross_entropy: target dims", lambda T: F(T).cross_entropy(
        x(T, 2, 3), T.zeros(2, 1, dtype=T.int64))),
    C("F.cross_entropy: reduction", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, 0, 1), reduction="mean ")),
    C("F.cross_entropy: label smoothing", lambda T: F(T).cross_entropy(
        x(T, 2, 3), ints(T, 0, 1), label_smoothing=1.5)),
    C("F.cross_entropy: empty batch", lambda T: F(T).cross_entropy(
        T.zeros(0, 3), T.zeros(0, dtype=T.int64))),
    C("F.cross_entropy: 0-d input", lambda T: F(T).cross_entropy(T.tensor(1.0), T.tensor(0))),
    C("F.nll_loss: float target", lambda T: F(T).nll_loss(x(T, 1, 2), T.tensor([0.0])),
      since="2.13"),
    C("F.nll_loss: int input", lambda T: F(T).nll_loss(T.tensor([[1, 2]]), ints(T, 0))),
    C("F.nll_loss: target out of range", lambda T: F(T).nll_loss(x(T, 2, 3), ints(T, 3, 0))),
    C("F.nll_loss: batch sizes", lambda T: F(T).nll_loss(x(T, 2, 3), ints(T, 0))),
    C("F.nll_loss: 0-d input", lambda T: F(T).nll_loss(T.tensor(1.0), T.tensor(0))),
    C("F.nll_loss: weight size", lambda T: F(T).nll_loss(x(T, 2, 3), ints(T, 0, 1),
                                                         weight=T.ones(4))),
    C("F.nll_loss: reduction", lambda T: F(T).nll_loss(x(T, 2, 3), ints(T, 0, 1),
                                                       reduction="batchmean")),
    C("F.kl_div: shapes", lambda T: F(T).kl_div(x(T, 2, 3), x(T, 4), reduction="sum")),
    C("F.kl_div: reduction", lambda T: F(T).kl_div(x(T, 2), x(T, 2), reduction="avg")),
]

# -- layers -----------------------------------------------------------------------------------
LAYERS = [
    C("nn.Linear: negative in_features", lambda T: T.nn.Linear(-1, 2)),
    C("nn.Linear: negative out_features", lambda T: T.nn.Linear(2, -3)),
    C("nn.Linear: float features", lambda T: T.nn.Linear(2.5, 3)),
    C("nn.Linear: input features", lambda T: T.nn.Linear(3, 2)(x(T, 4, 2))),
    C("nn.Linear: int input", lambda T: T.nn.Linear(3, 2)(T.ones(4, 3, dtype=T.int64))),
    C("nn.Linear: float64 input", lambda T: T.nn.Linear(3, 2)(x(T, 4, 3, dtype=T.float64))),
    C("nn.Linear: empty batch", lambda T: fixed(T, T.nn.Linear(3, 2))(T.zeros(0, 3))),
    C("nn.Conv2d: groups do not divide in_channels", lambda T: T.nn.Conv2d(3, 4, 3, groups=2)),
    C("nn.Conv2d: groups do not divide out_channels", lambda T: T.nn.Conv2d(4, 3, 3,
                                                                             groups=2)),
    C("nn.Conv2d: zero groups", lambda T: T.nn.Conv2d(4, 4, 3, groups=0)),
    C("nn.Conv2d: padding mode", lambda T: T.nn.Conv2d(1, 1, 3, padding_mode="mirror")),
    C("nn.Conv2d: same padding with stride", lambda T: T.nn.Conv2d(1, 1, 3, stride=2,
                                                                  padding="same")),
    C("nn.Conv2d: padding string", lambda T: T.nn.Conv2d(1, 1, 3, padding="full")),
    C("nn.Conv2d: negative channels", lambda T: T.nn.Conv2d(-1, 1, 3)),
    C("nn.Conv2d: zero kernel", lambda T: T.nn.Conv2d(1, 1, 0)(x(T, 1, 1, 4, 4))),
    C("nn.Conv2d: zero stride", lambda T: T.nn.Conv2d(1, 1, 3, stride=0)(x(T, 1, 1, 4, 4))),
    C("nn.Conv2d: negative padding", lambda T: T.nn.Conv2d(1, 1, 3, padding=-1)(
        x(T, 1, 1, 4, 4))),
    C("nn.Conv2d: channels", lambda T: T.nn.Conv2d(3, 4, 3)(x(T, 1, 4, 5, 5))),
    C("nn.Conv2d: kernel larger than input", lambda T: T.nn.Conv2d(1, 1, 5)(x(T, 1, 1, 4, 4))),
    C("nn.Conv2d: 2-d input", lambda T: T.nn.Conv2d(1, 1, 3)(x(T, 5, 5))),
    C("nn.Conv2d: empty batch", lambda T: fixed(T, T.nn.Conv2d(1, 2, 3))(T.zeros(0, 1, 5, 5))),
    C("nn.Conv1d: channels", lambda T: T.nn.Conv1d(3, 4, 3)(x(T, 1, 4, 5))),
    C("nn.Conv1d: kernel larger than input", lambda T: T.nn.Conv1d(1, 1, 5)(x(T, 1, 1, 4))),
    C("nn.Conv1d: groups do not divide", lambda T: T.nn.Conv1d(3, 4, 3, groups=2)),
    C("nn.Conv1d: 4-d input", lambda T: T.nn.Conv1d(1, 1, 3)(x(T, 1, 1, 1, 5))),
    C("nn.MaxPool2d: zero kernel", lambda T: T.nn.MaxPool2d(0)(x(T, 1, 1, 4, 4))),
    C("nn.MaxPool2d: input too small", lambda T: T.nn.MaxPool2d(3)(x(T, 1, 1, 2, 2))),
    C("nn.MaxPool2d: padding over half", lambda T: T.nn.MaxPool2d(2, padding=2)(
        x(T, 1, 1, 4, 4))),
    C("nn.MaxPool1d: input too small", lambda T: T.nn.MaxPool1d(3)(x(T, 1, 1, 2))),
    C("nn.AvgPool2d: zero stride", lambda T: T.nn.AvgPool2d(2, 0)(x(T, 1, 1, 4, 4))),
    C("nn.AvgPool2d: 2-d input", lambda T: T.nn.AvgPool2d(2)(x(T, 4, 4))),
    C("nn.AvgPool1d: input too small", lambda T: T.nn.AvgPool1d(3)(x(T, 1, 1, 2))),
    C("nn.AdaptiveAvgPool2d: negative size", lambda T: T.nn.AdaptiveAvgPool2d(-1)(
        x(T, 1, 1, 4, 4))),
    C("nn.AdaptiveAvgPool2d: 2-d input", lambda T: T.nn.AdaptiveAvgPool2d(2)(x(T, 4, 4))),
    C("nn.AdaptiveAvgPool1d: 1-d input", lambda T: T.nn.AdaptiveAvgPool1d(2)(x(T, 4))),
    C("nn.BatchNorm2d: channels", lambda T: T.nn.BatchNorm2d(3)(x(T, 2, 4, 2, 2))),
    C("nn.BatchNorm2d: 3-d input", lambda T: T.nn.BatchNorm2d(3)(x(T, 3, 2, 2))),
    C("nn.BatchNorm2d: 2-d input", lambda T: T.nn.BatchNorm2d(3)(x(T, 2, 3))),
    C("nn.BatchNorm2d: one value per channel", lambda T: T.nn.BatchNorm2d(3)(x(T, 1, 3, 1, 1))),
    C("nn.BatchNorm2d: eval one value", lambda T: T.nn.BatchNorm2d(3).eval()(x(T, 1, 3, 1, 1))),
    C("nn.BatchNorm2d: negative features", lambda T: T.nn.BatchNorm2d(-1)),
    C("nn.BatchNorm1d: 4-d input", lambda T: T.nn.BatchNorm1d(3)(x(T, 2, 3, 2, 2))),
    C("nn.BatchNorm1d: 1-d input", lambda T: T.nn.BatchNorm1d(3)(x(T, 3))),
    C("nn.BatchNorm1d: channels", lambda T: T.nn.BatchNorm1d(3)(x(T, 2, 4))),
    C("nn.BatchNorm1d: one sample", lambda T: T.nn.BatchNorm1d(3)(x(T, 1, 3))),
    C("nn.LayerNorm: shape", lambda T: T.nn.LayerNorm(5)(x(T, 2, 4))),
    C("nn.LayerNorm: 2-d shape", lambda T: T.nn.LayerNorm((2, 4))(x(T, 3, 4))),
    C("nn.GroupNorm: groups do not divide", lambda T: T.nn.GroupNorm(3, 4)),
    C("nn.GroupNorm: channels", lambda T: T.nn.GroupNorm(2, 4)(x(T, 2, 6, 3))),
    C("nn.GroupNorm: zero groups", lambda T: T.nn.GroupNorm(0, 4)),
    C("nn.Embedding: index out of range", lambda T: T.nn.Embedding(10, 3)(ints(T, 10))),
    C("nn.Embedding: float indices", lambda T: T.nn.Embedding(10, 3)(T.tensor([1.0]))),
    C("nn.Embedding: padding_idx out of range", lambda T: T.nn.Embedding(10, 3,
                                                                          padding_idx=10)),
    C("nn.Embedding: negative padding_idx out of range", lambda T: T.nn.Embedding(
        10, 3, padding_idx=-11)),
    C("nn.Embedding: negative size", lambda T: T.nn.Embedding(-1, 3)),
    C("nn.Dropout: p above one", lambda T: T.nn.Dropout(2)),
    C("nn.Dropout: negative p", lambda T: T.nn.Dropout(-0.5)),
    C("nn.Dropout1d: p above one", lambda T: T.nn.Dropout1d(1.5)),
    C("nn.Dropout2d: p above one", lambda T: T.nn.Dropout2d(1.5)),
    C("nn.Dropout1d: 4-d input", lambda T: T.nn.Dropout1d()(x(T, 1, 1, 1, 2))),
    C("nn.Flatten: dims out of range", lambda T: T.nn.Flatten(1, 4)(x(T, 2, 3))),
    C("nn.Flatten: 1-d input", lambda T: T.nn.Flatten()(x(T, 3))),
    C("nn.Unflatten: sizes", lambda T: T.nn.Unflatten(1, (2, 2))(x(T, 3, 5))),
    C("nn.Unflatten: dim out of range", lambda T: T.nn.Unflatten(3, (2, 2))(x(T, 3, 4))),
    C("nn.Softmax: dim out of range", lambda T: T.nn.Softmax(dim=2)(x(T, 2, 3))),
    C("nn.Softmax: int", lambda T: T.nn.Softmax(dim=0)(ints(T, 1, 2))),
    C("nn.LogSoftmax: dim out of range", lambda T: T.nn.LogSoftmax(dim=-3)(x(T, 2, 3))),
    C("nn.Softmin: dim out of range", lambda T: T.nn.Softmin(dim=1)(x(T, 3))),
    C("nn.ReLU: bool", lambda T: T.nn.ReLU()(T.tensor([True]))),
    C("nn.ReLU6: bool", lambda T: T.nn.ReLU6()(T.tensor([True]))),
    C("nn.LeakyReLU: int", lambda T: T.nn.LeakyReLU()(ints(T, 1, -1))),
    C("nn.ELU: int", lambda T: T.nn.ELU()(ints(T, 1, -1))),
    C("nn.GELU: approximate", lambda T: T.nn.GELU("fast")(x(T, 2))),
    C("nn.GELU: int", lambda T: T.nn.GELU()(ints(T, 1, -1))),
    C("nn.SiLU: int", lambda T: T.nn.SiLU()(ints(T, 1, -1))),
    C("nn.Softplus: int", lambda T: T.nn.Softplus()(ints(T, 1, -1))),
    C("nn.Sigmoid: int", lambda T: T.nn.Sigmoid()(ints(T, 1, -1))),
    C("nn.Tanh: bool", lambda T: T.nn.Tanh()(T.tensor([True]))),
    C("nn.Hardtanh: min above max", lambda T: T.nn.Hardtanh(1.0, -1.0)),
    C("nn.LogSigmoid: int", lambda T: T.nn.LogSigmoid()(ints(T, 1, -1))),
    C("nn.Identity: works", lambda T: T.nn.Identity(3, key=4)(x(T, 2))),
    C("nn.Sequential: not a module", lambda T: T.nn.Sequential(1)),
    C("nn.Sequential: index out of range", lambda T: T.nn.Sequential(T.nn.ReLU())[1]),
    C("nn.Sequential: shapes between layers", lambda T: T.nn.Sequential(
        T.nn.Linear(3, 4), T.nn.Linear(5, 2))(x(T, 1, 3))),
    C("nn.ModuleList: not a module", lambda T: T.nn.ModuleList([1])),
    C("nn.ModuleList: index out of range", lambda T: T.nn.ModuleList([T.nn.ReLU()])[3]),
    C("nn.ModuleDict: not a module", lambda T: T.nn.ModuleDict({"a": 1})),
    C("nn.ModuleDict: missing key", lambda T: T.nn.ModuleDict({"a": T.nn.ReLU()})["b"]),
    C("nn.ParameterList: index out of range", lambda T: T.nn.ParameterList(
        [T.nn.Parameter(T.ones(1))])[2]),
    C("nn.ParameterDict: missing key", lambda T: T.nn.ParameterDict()["a"]),
    C("nn.Parameter: int data requires grad", lambda T: T.nn.Parameter(ints(T, 1, 2))),
    C("nn.Parameter: not a tensor", lambda T: T.nn.Parameter([1.0, 2.0])),
    C("nn.Buffer: not a tensor", lambda T: T.nn.Buffer([1.0])),
    C("nn.Module: missing attribute", lambda T: T.nn.Linear(2, 2).weights),
    C("nn.Module: register_buffer name type", lambda T: T.nn.Module().register_buffer(
        1, T.ones(1))),
    C("nn.Module: register_buffer dotted name", lambda T: T.nn.Module().register_buffer(
        "a.b", T.ones(1))),
    C("nn.Module: register_buffer not a tensor", lambda T: T.nn.Module().register_buffer(
        "a", [1.0])),
    C("nn.Module: add_module dotted name", lambda T: T.nn.Module().add_module(
        "a.b", T.nn.ReLU())),
    C("nn.Module: add_module not a module", lambda T: T.nn.Module().add_module("a", 1)),
    C("nn.Module: register_parameter not a parameter", lambda T:
      T.nn.Module().register_parameter("w", T.ones(1))),
    C("nn.Module: assign a tensor over a parameter", lambda T: setattr(
        T.nn.Linear(2, 2), "weight", T.ones(2, 2))),
    C("nn.Module: forward not implemented", lambda T: T.nn.Module()(x(T, 1))),
    C("nn.Module: load_state_dict missing and unexpected", lambda T: T.nn.Linear(2, 2)
      .load_state_dict({"weight": T.ones(2, 2), "extra": T.ones(1)})),
    C("nn.Module: load_state_dict shape", lambda T: T.nn.Linear(2, 2).load_state_dict(
        {"weight": T.ones(3, 2), "bias": T.ones(2)})),
    C("nn.Module: get_submodule missing", lambda T: T.nn.Sequential(T.nn.ReLU())
      .get_submodule("1")),
    C("nn.Module: get_parameter missing", lambda T: T.nn.Linear(2, 2).get_parameter("w")),
]

LOSS_LAYERS = [
    C("nn.MSELoss: shapes", lambda T: T.nn.MSELoss()(x(T, 2, 3), x(T, 4))),
    C("nn.MSELoss: reduction", lambda T: T.nn.MSELoss(reduction="avg")(x(T, 2), x(T, 2))),
    C("nn.L1Loss: shapes", lambda T: T.nn.L1Loss()(x(T, 2, 3), x(T, 4))),
    C("nn.SmoothL1Loss: negative beta", lambda T: T.nn.SmoothL1Loss(beta=-1.0)(x(T, 2),
                                                                              x(T, 2))),
    C("nn.HuberLoss: negative delta", lambda T: T.nn.HuberLoss(delta=-1.0)(x(T, 2), x(T, 2))),
    C("nn.BCELoss: target above one", lambda T: T.nn.BCELoss()(T.tensor([0.5]),
                                                               T.tensor([1.5]))),
    C("nn.BCELoss: input below zero", lambda T: T.nn.BCELoss()(T.tensor([-0.5]),
                                                               T.tensor([0.5]))),
    C("nn.BCEWithLogitsLoss: shapes", lambda T: T.nn.BCEWithLogitsLoss()(x(T, 2), x(T, 3))),
    C("nn.CrossEntropyLoss: int64 logits", lambda T: T.nn.CrossEntropyLoss()(
        T.tensor([[1, 2]]), ints(T, 0))),
    C("nn.CrossEntropyLoss: target out of range", lambda T: T.nn.CrossEntropyLoss()(
        x(T, 2, 3), ints(T, 0, 3))),
    C("nn.CrossEntropyLoss: reduction", lambda T: T.nn.CrossEntropyLoss(reduction="x")(
        x(T, 2, 3), ints(T, 0, 2))),
    C("nn.NLLLoss: float target", lambda T: T.nn.NLLLoss()(x(T, 2, 3), T.tensor([0.0, 1.0])),
      since="2.13"),
    C("nn.KLDivLoss: reduction", lambda T: T.nn.KLDivLoss(reduction="x")(x(T, 2), x(T, 2))),
]

DATA = [
    C("utils.data.default_collate: int then float", lambda T:
      T.utils.data.default_collate([1, 2.5])),
    C("utils.data.default_collate: float then int", lambda T:
      T.utils.data.default_collate([2.5, 1])),
    C("utils.data.default_collate: bool then int", lambda T:
      T.utils.data.default_collate([True, 2])),
    C("utils.data.default_collate: bools", lambda T:
      T.utils.data.default_collate([True, False])),
    C("utils.data.default_collate: tensor then int", lambda T:
      T.utils.data.default_collate([T.ones(2), 1])),
    C("utils.data.default_collate: tensor sizes", lambda T:
      T.utils.data.default_collate([T.ones(2), T.ones(3)])),
    C("utils.data.default_collate: unequal samples", lambda T:
      T.utils.data.default_collate([(1, 2), (3,)])),
    C("utils.data.default_collate: object", lambda T:
      T.utils.data.default_collate([object()])),
]

# -- every function: a list where a tensor belongs, and an empty batch --------------------
L = [1.0, 2.0]

NOT_A_TENSOR = [C(f"F.{name}: a list{' as ' + what if what else ''}", call)
                for name, what, call in [
    ("relu", "", lambda T: F(T).relu(L)),
    ("relu6", "", lambda T: F(T).relu6(L)),
    ("hardtanh", "", lambda T: F(T).hardtanh(L)),
    ("leaky_relu", "", lambda T: F(T).leaky_relu(L)),
    ("elu", "", lambda T: F(T).elu(L)),
    ("gelu", "", lambda T: F(T).gelu(L)),
    ("silu", "", lambda T: F(T).silu(L)),
    ("softplus", "", lambda T: F(T).softplus(L)),
    ("sigmoid", "", lambda T: F(T).sigmoid(L)),
    ("tanh", "", lambda T: F(T).tanh(L)),
    ("logsigmoid", "", lambda T: F(T).logsigmoid(L)),
    ("softmax", "", lambda T: F(T).softmax(L, 0)),
    ("log_softmax", "", lambda T: F(T).log_softmax(L, 0)),
    ("softmin", "", lambda T: F(T).softmin(L, 0)),
    ("normalize", "", lambda T: F(T).normalize(L)),
    ("one_hot", "", lambda T: F(T).one_hot([1, 0])),
    ("linear", "input", lambda T: F(T).linear(L, x(T, 3, 2))),
    ("linear", "weight", lambda T: F(T).linear(x(T, 1, 2), [L])),
    ("conv2d", "input", lambda T: F(T).conv2d([[L]], x(T, 1, 1, 1, 1))),
    ("conv2d", "weight", lambda T: F(T).conv2d(x(T, 1, 1, 3, 3), [[[L]]])),
    ("conv1d", "", lambda T: F(T).conv1d([L], x(T, 1, 1, 1))),
    ("max_pool2d", "", lambda T: F(T).max_pool2d([[L]], 1)),
    ("max_pool1d", "", lambda T: F(T).max_pool1d([L], 1)),
    ("avg_pool2d", "", lambda T: F(T).avg_pool2d([[L]], 1)),
    ("avg_pool1d", "", lambda T: F(T).avg_pool1d([L], 1)),
    ("adaptive_avg_pool2d", "", lambda T: F(T).adaptive_avg_pool2d([[L]], 1)),
    ("adaptive_avg_pool1d", "", lambda T: F(T).adaptive_avg_pool1d([L], 1)),
    ("dropout", "", lambda T: F(T).dropout(L)),
    ("dropout1d", "", lambda T: F(T).dropout1d([L])),
    ("dropout2d", "", lambda T: F(T).dropout2d([[L]])),
    ("embedding", "", lambda T: F(T).embedding([0, 1], x(T, 3, 2))),
    ("pad", "", lambda T: F(T).pad(L, (1, 1))),
    ("batch_norm", "", lambda T: F(T).batch_norm([L], None, None, training=True)),
    ("batch_norm", "in evaluation", lambda T: F(T).batch_norm([L], T.zeros(2), T.ones(2))),
    ("layer_norm", "", lambda T: F(T).layer_norm(L, (2,))),
    ("group_norm", "", lambda T: F(T).group_norm([L], 1)),
    ("mse_loss", "input", lambda T: F(T).mse_loss(L, x(T, 2))),
    ("l1_loss", "input", lambda T: F(T).l1_loss(L, x(T, 2))),
    ("l1_loss", "target", lambda T: F(T).l1_loss(x(T, 2), L)),
    ("smooth_l1_loss", "", lambda T: F(T).smooth_l1_loss(L, x(T, 2))),
    ("huber_loss", "", lambda T: F(T).huber_loss(x(T, 2), L)),
    ("binary_cross_entropy", "", lambda T: F(T).binary_cross_entropy(L, x(T, 2))),
    ("binary_cross_entropy_with_logits", "", lambda T:
     F(T).binary_cross_entropy_with_logits(x(T, 2), L)),
    ("cross_entropy", "input", lambda T: F(T).cross_entropy(L, T.tensor(0))),
    ("cross_entropy", "target", lambda T: F(T).cross_entropy(x(T, 1, 2), [0])),
    ("nll_loss", "input", lambda T: F(T).nll_loss(L, T.tensor(0))),
    ("nll_loss", "target", lambda T: F(T).nll_loss(x(T, 1, 2), [0])),
    ("kl_div", "", lambda T: F(T).kl_div(L, x(T, 2))),
]]

EMPTY = [C(f"F.{name}: empty {what}", call) for name, what, call in [
    ("relu", "", lambda T: F(T).relu(T.zeros(0, 3))),
    ("relu6", "", lambda T: F(T).relu6(T.zeros(0, 3))),
    ("hardtanh", "", lambda T: F(T).hardtanh(T.zeros(0, 3))),
    ("leaky_relu", "", lambda T: F(T).leaky_relu(T.zeros(0, 3))),
    ("elu", "", lambda T: F(T).elu(T.zeros(0, 3))),
    ("gelu", "", lambda T: F(T).gelu(T.zeros(0, 3))),
    ("silu", "", lambda T: F(T).silu(T.zeros(0, 3))),
    ("softplus", "", lambda T: F(T).softplus(T.zeros(0, 3))),
    ("sigmoid", "", lambda T: F(T).sigmoid(T.zeros(0, 3))),
    ("tanh", "", lambda T: F(T).tanh(T.zeros(0, 3))),
    ("logsigmoid", "", lambda T: F(T).logsigmoid(T.zeros(0, 3))),
    ("softmax", "", lambda T: F(T).softmax(T.zeros(0, 3), 1)),
    ("log_softmax", "dim", lambda T: F(T).log_softmax(T.zeros(2, 0), 1)),
    ("softmin", "", lambda T: F(T).softmin(T.zeros(0, 3), 1)),
    ("normalize", "", lambda T: F(T).normalize(T.zeros(0, 3))),
    ("conv1d", "batch", lambda T: F(T).conv1d(T.zeros(0, 1, 4), x(T, 2, 1, 3))),
    ("max_pool1d", "batch", lambda T: F(T).max_pool1d(T.zeros(0, 1, 4), 2)),
    ("max_pool2d", "channels", lambda T: F(T).max_pool2d(T.zeros(1, 0, 4, 4), 2)),
    ("avg_pool2d", "batch", lambda T: F(T).avg_pool2d(T.zeros(0, 1, 4, 4), 2)),
    ("avg_pool1d", "batch", lambda T: F(T).avg_pool1d(T.zeros(0, 1, 4), 2)),
    ("adaptive_avg_pool2d", "batch", lambda T: F(T).adaptive_avg_pool2d(T.zeros(0, 1, 4, 4),
                                                                        2)),
    ("adaptive_avg_pool1d", "batch", lambda T: F(T).adaptive_avg_pool1d(T.zeros(0, 1, 4), 2)),
    ("dropout", "", lambda T: F(T).dropout(T.zeros(0, 3))),
    ("dropout1d", "batch", lambda T: F(T).dropout1d(T.zeros(0, 2, 3))),
    ("dropout2d", "batch", lambda T: F(T).dropout2d(T.zeros(0, 2, 3, 3))),
    ("pad", "", lambda T: F(T).pad(T.zeros(0, 3), (1, 1))),
    ("pad", "reflect", lambda T: F(T).pad(T.zeros(0, 3), (1, 1), mode="reflect")),
    ("pad", "batch reflect", lambda T: F(T).pad(T.zeros(0, 1, 3), (1, 1), mode="reflect")),
    ("pad", "channels replicate", lambda T: F(T).pad(T.zeros(1, 0, 3), (1, 1),
                                                      mode="replicate")),
    ("batch_norm", "batch in training", lambda T: F(T).batch_norm(
        T.zeros(0, 4), T.zeros(4), T.ones(4), training=True)),
    ("layer_norm", "", lambda T: F(T).layer_norm(T.zeros(0, 3), (3,))),
    ("group_norm", "", lambda T: F(T).group_norm(T.zeros(0, 4, 3), 2)),
    ("smooth_l1_loss", "", lambda T: F(T).smooth_l1_loss(T.zeros(0), T.zeros(0))),
    ("huber_loss", "", lambda T: F(T).huber_loss(T.zeros(0), T.zeros(0))),
    ("binary_cross_entropy_with_logits", "", lambda T:
     F(T).binary_cross_entropy_with_logits(T.zeros(0), T.zeros(0))),
    ("nll_loss", "", lambda T: F(T).nll_loss(T.zeros(0, 3), T.zeros(0, dtype=T.int64))),
    ("nll_loss", "summed", lambda T: F(T).nll_loss(T.zeros(0, 3), T.zeros(0, dtype=T.int64),
                                                  reduction="sum")),
    ("kl_div", "", lambda T: F(T).kl_div(T.zeros(0, 3), T.zeros(0, 3), reduction="sum")),
    ("cross_entropy", "probabilities", lambda T: F(T).cross_entropy(T.zeros(0, 3),
                                                                    T.zeros(0, 3))),
]]

EMPTY_LAYERS = [
    C("nn.BatchNorm1d: empty batch", lambda T: T.nn.BatchNorm1d(3)(T.zeros(0, 3))),
    C("nn.BatchNorm2d: empty batch in eval", lambda T: T.nn.BatchNorm2d(3).eval()(
        T.zeros(0, 3, 2, 2))),
    C("nn.LayerNorm: empty batch", lambda T: T.nn.LayerNorm(3)(T.zeros(0, 3))),
    C("nn.GroupNorm: empty batch", lambda T: T.nn.GroupNorm(2, 4)(T.zeros(0, 4, 3))),
    C("nn.Conv1d: empty batch", lambda T: fixed(T, T.nn.Conv1d(1, 2, 3))(T.zeros(0, 1, 5))),
    C("nn.Embedding: empty indices", lambda T: fixed(T, T.nn.Embedding(4, 2))(
        T.zeros(0, 3, dtype=T.int64))),
    C("nn.MaxPool1d: empty batch", lambda T: T.nn.MaxPool1d(2)(T.zeros(0, 1, 4))),
    C("nn.AdaptiveAvgPool2d: empty batch", lambda T: T.nn.AdaptiveAvgPool2d(1)(
        T.zeros(0, 2, 3, 3))),
    C("nn.Flatten: empty batch", lambda T: T.nn.Flatten()(T.zeros(0, 2, 3))),
    C("nn.Softmax: empty batch", lambda T: T.nn.Softmax(1)(T.zeros(0, 3))),
    C("nn.CrossEntropyLoss: empty batch", lambda T: T.nn.CrossEntropyLoss(reduction="sum")(
        T.zeros(0, 3), T.zeros(0, dtype=T.int64))),
    C("nn.Linear: 1-d input", lambda T: fixed(T, T.nn.Linear(3, 2))(x(T, 3))),
    C("nn.Linear: wrong features in 3-d", lambda T: T.nn.Linear(3, 2)(x(T, 2, 4, 2))),
    C("nn.LayerNorm: 1-d input of the wrong size", lambda T: T.nn.LayerNorm(3)(x(T, 4))),
]

ROWS = (FACTORIES + TENSOR + FUNCTIONAL + LOSSES + LAYERS + LOSS_LAYERS + DATA + NOT_A_TENSOR
        + EMPTY + EMPTY_LAYERS)

# -- recurrent layers (issue 13) -------------------------------------------------------------
RECURRENT = [
    C("nn.LSTM: input features", lambda T: T.nn.LSTM(3, 4)(x(T, 5, 2, 6))),
    C("nn.LSTM: float64 input", lambda T: T.nn.LSTM(3, 4)(x(T, 5, 2, 3, dtype=T.float64))),
    C("nn.LSTM: h0 batch", lambda T: T.nn.LSTM(3, 4)(x(T, 5, 2, 3), (x(T, 1, 3, 4),
                                                                     x(T, 1, 2, 4)))),
    C("nn.LSTM: c0 size", lambda T: T.nn.LSTM(3, 4)(x(T, 5, 2, 3), (x(T, 1, 2, 4),
                                                                    x(T, 1, 2, 5)))),
    C("nn.LSTM: 2-d state for batched input", lambda T: T.nn.LSTM(3, 4)(
        x(T, 5, 2, 3), (x(T, 2, 4), x(T, 1, 2, 4)))),
    C("nn.LSTM: 4-d input", lambda T: T.nn.LSTM(3, 4)(x(T, 5, 2, 2, 3))),
    C("nn.LSTM: no time steps", lambda T: T.nn.LSTM(3, 4)(T.zeros(0, 2, 3))),
    C("nn.LSTM: proj_size not below hidden_size", lambda T: T.nn.LSTM(3, 4, proj_size=4)),
    C("nn.LSTM: dropout above 1", lambda T: T.nn.LSTM(3, 4, dropout=2)),
    C("nn.LSTM: float input_size", lambda T: T.nn.LSTM(3.0, 4)),
    C("nn.LSTM: empty batch", lambda T: fixed(T, T.nn.LSTM(3, 4))(T.zeros(5, 0, 3))[0]),
    C("nn.GRU: h0 batch", lambda T: T.nn.GRU(3, 4)(x(T, 5, 2, 3), x(T, 1, 3, 4))),
    C("nn.GRU: 3-d state for unbatched input", lambda T: T.nn.GRU(3, 4)(x(T, 5, 3),
                                                                        x(T, 1, 2, 4))),
    C("nn.GRU: proj_size", lambda T: T.nn.GRU(3, 4, proj_size=2)),
    C("nn.RNN: unknown nonlinearity", lambda T: T.nn.RNN(3, 4, nonlinearity="sigmoid")),
    C("nn.RNN: 4-d input", lambda T: T.nn.RNN(3, 4)(x(T, 5, 2, 2, 3))),
    C("nn.RNN: h0 of one direction for two", lambda T: T.nn.RNN(3, 4, bidirectional=True)(
        x(T, 5, 2, 3), x(T, 1, 2, 4))),
    C("nn.RNNBase: unknown mode", lambda T: T.nn.RNNBase("CELL", 3, 4)),
    C("nn.RNNCell: hidden batch", lambda T: T.nn.RNNCell(3, 4)(x(T, 2, 3), x(T, 3, 4))),
    C("nn.RNNCell: unknown nonlinearity", lambda T: T.nn.RNNCell(3, 4, nonlinearity="x")(
        x(T, 2, 3))),
    C("nn.RNNCellBase: no forward", lambda T: T.nn.RNNCellBase(3, 4, True, 2)(x(T, 2, 3))),
    C("nn.LSTMCell: input features", lambda T: T.nn.LSTMCell(3, 4)(x(T, 2, 5))),
    C("nn.LSTMCell: c batch", lambda T: T.nn.LSTMCell(3, 4)(x(T, 2, 3), (x(T, 2, 4),
                                                                        x(T, 3, 4)))),
    C("nn.GRUCell: 3-d input", lambda T: T.nn.GRUCell(3, 4)(x(T, 2, 2, 3))),
]

ROWS += RECURRENT

# the math, order, indexing and "other" ops (issue 12) have their rows in error_specs_ops.py
from .error_specs_ops import ROWS as OP_ROWS  # noqa: E402

ROWS += OP_ROWS

# -- convolutions in 3-d, transposed and lazy (issue 12, layers) --------------------------------
CONV_ND = [
    C("F.conv3d: channels", lambda T: F(T).conv3d(x(T, 1, 2, 4, 4, 4), x(T, 2, 3, 3, 3, 3))),
    C("F.conv3d: kernel larger than input", lambda T: F(T).conv3d(x(T, 1, 2, 2, 5, 5),
                                                                  x(T, 2, 2, 3, 3, 3))),
    C("F.conv3d: zero dilation", lambda T: F(T).conv3d(x(T, 1, 2, 4, 4, 4),
                                                       x(T, 2, 2, 3, 3, 3), dilation=0)),
    C("F.conv3d: empty kernel", lambda T: F(T).conv3d(x(T, 1, 2, 4, 4, 4), T.ones(2, 2, 3, 0, 3))),
    C("F.conv3d: 3-d input", lambda T: F(T).conv3d(x(T, 2, 5, 5), x(T, 2, 2, 3, 3, 3))),
    C("F.conv3d: a list", lambda T: F(T).conv3d(x(T, 1, 2, 4, 4, 4), [1.0])),
    C("F.conv3d: empty batch", lambda T: F(T).conv3d(T.zeros(0, 1, 4, 4, 4),
                                                     x(T, 2, 1, 3, 3, 3))),
    C("F.conv_transpose1d: output_padding not below stride or dilation",
      lambda T: F(T).conv_transpose1d(x(T, 1, 2, 5), x(T, 2, 3, 3), stride=2, output_padding=2)),
    C("F.conv_transpose1d: channels", lambda T: F(T).conv_transpose1d(x(T, 1, 3, 5),
                                                                      x(T, 2, 3, 3))),
    C("F.conv_transpose1d: output too small", lambda T: F(T).conv_transpose1d(
        x(T, 1, 2, 5), x(T, 2, 3, 3), padding=4)),
    C("F.conv_transpose1d: empty batch", lambda T: F(T).conv_transpose1d(
        T.zeros(0, 2, 5), x(T, 2, 3, 3))),
    C("F.conv_transpose2d: output_padding", lambda T: F(T).conv_transpose2d(
        x(T, 1, 2, 4, 4), x(T, 2, 3, 3, 3), output_padding=1)),
    C("F.conv_transpose2d: zero stride", lambda T: F(T).conv_transpose2d(
        x(T, 1, 2, 4, 4), x(T, 2, 3, 3, 3), stride=0)),
    C("F.conv_transpose2d: bias size", lambda T: F(T).conv_transpose2d(
        x(T, 1, 2, 4, 4), x(T, 2, 3, 3, 3), x(T, 4))),
    C("F.conv_transpose2d: padding string", lambda T: F(T).conv_transpose2d(
        x(T, 1, 2, 4, 4), x(T, 2, 3, 3, 3), padding="same")),
    C("F.conv_transpose2d: 2-d input", lambda T: F(T).conv_transpose2d(x(T, 4, 4),
                                                                       x(T, 2, 3, 3, 3))),
    C("F.conv_transpose2d: dtypes", lambda T: F(T).conv_transpose2d(
        x(T, 1, 2, 4, 4), x(T, 2, 3, 3, 3, dtype=T.float64))),
    C("F.conv_transpose2d: a list", lambda T: F(T).conv_transpose2d(x(T, 1, 2, 4, 4), [1.0])),
    C("F.conv_transpose2d: unbatched", lambda T: F(T).conv_transpose2d(x(T, 2, 3, 3),
                                                                       x(T, 2, 3, 2, 2))),
    C("F.conv_transpose3d: zero dilation", lambda T: F(T).conv_transpose3d(
        x(T, 1, 2, 3, 3, 3), x(T, 2, 3, 2, 2, 2), dilation=0)),
    C("F.conv_transpose3d: empty kernel", lambda T: F(T).conv_transpose3d(
        x(T, 1, 2, 3, 3, 3), T.ones(2, 3, 0, 2, 2))),
    C("F.conv_transpose3d: groups do not divide", lambda T: F(T).conv_transpose3d(
        x(T, 1, 3, 3, 3, 3), x(T, 3, 1, 2, 2, 2), groups=2)),
    C("nn.Conv3d: channels", lambda T: T.nn.Conv3d(2, 4, 3)(x(T, 1, 3, 4, 4, 4))),
    C("nn.Conv3d: unknown padding_mode", lambda T: T.nn.Conv3d(2, 4, 3, padding_mode="edge")),
    C("nn.Conv3d: empty batch", lambda T: fixed(T, T.nn.Conv3d(1, 2, 2))(T.zeros(0, 1, 3, 3, 3))),
    C("nn.ConvTranspose1d: 4-d input", lambda T: T.nn.ConvTranspose1d(2, 4, 3)(
        x(T, 1, 1, 2, 5))),
    C("nn.ConvTranspose2d: padding_mode", lambda T: T.nn.ConvTranspose2d(
        2, 4, 3, padding_mode="reflect")),
    C("nn.ConvTranspose2d: output_size out of range", lambda T: T.nn.ConvTranspose2d(
        2, 4, 3, stride=2)(x(T, 1, 2, 4, 4), output_size=(12, 9))),
    C("nn.ConvTranspose2d: output_size length", lambda T: T.nn.ConvTranspose2d(
        2, 4, 3, stride=2)(x(T, 1, 2, 4, 4), output_size=(9,))),
    C("nn.ConvTranspose2d: output_size", lambda T: fixed(T, T.nn.ConvTranspose2d(
        2, 1, 3, stride=2))(x(T, 1, 2, 2, 2), output_size=(6, 5))),
    C("nn.ConvTranspose3d: groups do not divide", lambda T: T.nn.ConvTranspose3d(3, 4, 3,
                                                                                 groups=2)),
    C("nn.LazyConv1d: 4-d input", lambda T: T.nn.LazyConv1d(4, 3)(x(T, 1, 1, 2, 5))),
    C("nn.LazyConv2d: groups do not divide the input's channels",
      lambda T: T.nn.LazyConv2d(4, 3, groups=2)(x(T, 1, 3, 5, 5))),
    C("nn.LazyConv3d: 6-d input", lambda T: T.nn.LazyConv3d(4, 3)(x(T, 1, 1, 2, 5, 5, 5))),
    C("nn.LazyConvTranspose1d: 1-d input", lambda T: T.nn.LazyConvTranspose1d(4, 3)(x(T, 5))),
    C("nn.LazyConvTranspose2d: groups", lambda T: T.nn.LazyConvTranspose2d(4, 3, groups=2)(
        x(T, 1, 3, 5, 5))),
    C("nn.LazyConvTranspose3d: 3-d input", lambda T: T.nn.LazyConvTranspose3d(4, 3)(
        x(T, 2, 3, 3))),
    C("F.conv_transpose1d: a list as input", lambda T: F(T).conv_transpose1d([[1.0]],
                                                                             x(T, 1, 1, 1))),
    C("F.conv_transpose3d: a list as bias", lambda T: F(T).conv_transpose3d(
        x(T, 1, 1, 2, 2, 2), x(T, 1, 1, 1, 1, 1), [1.0])),
]

ROWS += CONV_ND

# -- pooling in 3-d, adaptive max pooling and max pooling's indices (issue 12) -----------
POOL_ND = [
    C("F.max_pool3d: zero stride", lambda T: F(T).max_pool3d(x(T, 1, 2, 4, 4, 4), 2, stride=0)),
    C("F.max_pool3d: padding over half", lambda T: F(T).max_pool3d(x(T, 1, 2, 4, 4, 4), 2,
                                                                   padding=2)),
    C("F.max_pool3d: zero dilation", lambda T: F(T).max_pool3d(x(T, 1, 2, 4, 4, 4), 2,
                                                               dilation=0)),
    C("F.max_pool3d: input too small", lambda T: F(T).max_pool3d(x(T, 1, 2, 4, 4, 4), 5)),
    C("F.max_pool3d: 3-d input", lambda T: F(T).max_pool3d(x(T, 4, 4, 4), 2)),
    C("F.max_pool3d: kernel of two", lambda T: F(T).max_pool3d(x(T, 1, 2, 4, 4, 4), (2, 2))),
    C("F.max_pool3d: empty channels", lambda T: F(T).max_pool3d(T.zeros(1, 0, 4, 4, 4), 2)),
    C("F.max_pool3d: a list", lambda T: F(T).max_pool3d([1.0], 2)),
    C("F.max_pool3d: empty batch", lambda T: F(T).max_pool3d(T.zeros(0, 2, 4, 4, 4), 2)),
    C("F.max_pool3d_with_indices: negative kernel", lambda T: F(T).max_pool3d_with_indices(
        x(T, 1, 2, 4, 4, 4), -1, stride=1)),
    C("F.max_pool3d_with_indices: unbatched", lambda T: F(T).max_pool3d_with_indices(
        x(T, 2, 4, 4, 4), 2, 1, 1)[1]),
    C("F.max_pool2d_with_indices: padding over half", lambda T: F(T).max_pool2d_with_indices(
        x(T, 1, 2, 4, 4), 2, padding=2)),
    C("F.max_pool2d_with_indices: ceil_mode", lambda T: F(T).max_pool2d_with_indices(
        x(T, 1, 2, 5, 5), 2, ceil_mode=True)[1]),
    C("F.max_pool1d_with_indices: zero kernel", lambda T: F(T).max_pool1d_with_indices(
        x(T, 1, 2, 4), 0)),
    C("F.max_pool1d_with_indices: unbatched", lambda T: F(T).max_pool1d_with_indices(
        x(T, 2, 7), 3, 2, 1)[1]),
    C("F.avg_pool3d: zero kernel", lambda T: F(T).avg_pool3d(x(T, 1, 2, 4, 4, 4), 0)),
    C("F.avg_pool3d: input smaller than kernel", lambda T: F(T).avg_pool3d(
        x(T, 1, 2, 4, 4, 4), 5)),
    C("F.avg_pool3d: zero divisor", lambda T: F(T).avg_pool3d(x(T, 1, 2, 4, 4, 4), 2,
                                                              divisor_override=0)),
    C("F.avg_pool3d: 2-d input", lambda T: F(T).avg_pool3d(x(T, 4, 4), 2)),
    C("F.avg_pool3d: stride of two", lambda T: F(T).avg_pool3d(x(T, 1, 2, 4, 4, 4), 2,
                                                               stride=(1, 1))),
    C("F.avg_pool3d: integers", lambda T: F(T).avg_pool3d(ints(T, 1, 2, 3, 4, 5, 6, 7, 8)
                                                          .reshape(1, 1, 2, 2, 2), 2)),
    C("F.avg_pool3d: a list", lambda T: F(T).avg_pool3d([1.0], 2)),
    C("F.adaptive_avg_pool3d: two sizes", lambda T: F(T).adaptive_avg_pool3d(
        x(T, 1, 2, 4, 4, 4), (2, 2))),
    C("F.adaptive_avg_pool3d: negative size", lambda T: F(T).adaptive_avg_pool3d(
        x(T, 1, 2, 4, 4, 4), -1)),
    C("F.adaptive_avg_pool3d: 2-d input", lambda T: F(T).adaptive_avg_pool3d(x(T, 4, 4), 2)),
    C("F.adaptive_avg_pool3d: empty depth", lambda T: F(T).adaptive_avg_pool3d(
        T.zeros(1, 2, 0, 4, 4), 2)),
    C("F.adaptive_avg_pool3d: integers", lambda T: F(T).adaptive_avg_pool3d(
        T.ones(1, 2, 4, 4, 4, dtype=T.int64), 2)),
    C("F.adaptive_max_pool1d: two sizes", lambda T: F(T).adaptive_max_pool1d(x(T, 2, 3, 4),
                                                                             (2, 2))),
    C("F.adaptive_max_pool1d: 1-d input", lambda T: F(T).adaptive_max_pool1d(x(T, 4), 2)),
    C("F.adaptive_max_pool1d: None", lambda T: F(T).adaptive_max_pool1d(x(T, 2, 4), None)),
    C("F.adaptive_max_pool1d: a list", lambda T: F(T).adaptive_max_pool1d([1.0], 2)),
    C("F.adaptive_max_pool1d_with_indices: empty length",
      lambda T: F(T).adaptive_max_pool1d_with_indices(T.zeros(2, 3, 0), 2)),
    C("F.adaptive_max_pool2d: 1-d input", lambda T: F(T).adaptive_max_pool2d(x(T, 4), 2)),
    C("F.adaptive_max_pool2d: three sizes", lambda T: F(T).adaptive_max_pool2d(
        x(T, 1, 2, 4, 4), (2, 2, 2))),
    C("F.adaptive_max_pool2d: integers", lambda T: F(T).adaptive_max_pool2d(
        T.ones(1, 2, 4, 4, dtype=T.int64), 2)),
    C("F.adaptive_max_pool2d: empty batch", lambda T: F(T).adaptive_max_pool2d(
        T.zeros(0, 2, 4, 4), 2)),
    C("F.adaptive_max_pool2d_with_indices: negative size",
      lambda T: F(T).adaptive_max_pool2d_with_indices(x(T, 1, 2, 4, 4), -1)),
    C("F.adaptive_max_pool3d: 2-d input", lambda T: F(T).adaptive_max_pool3d(x(T, 4, 4), 2)),
    C("F.adaptive_max_pool3d: empty height", lambda T: F(T).adaptive_max_pool3d(
        T.zeros(1, 2, 4, 0, 4), 2)),
    C("F.adaptive_max_pool3d_with_indices: two sizes",
      lambda T: F(T).adaptive_max_pool3d_with_indices(x(T, 1, 2, 4, 4, 4), (2, 2))),
    C("nn.MaxPool3d: 2-d input", lambda T: T.nn.MaxPool3d(2)(x(T, 2, 2))),
    C("nn.MaxPool3d: indices", lambda T: T.nn.MaxPool3d(2, return_indices=True)(
        x(T, 1, 1, 2, 2, 4))[1]),
    C("nn.AvgPool3d: input smaller than kernel", lambda T: T.nn.AvgPool3d(3)(x(T, 1, 2, 2, 2))),
    C("nn.AdaptiveAvgPool3d: 3-d input", lambda T: T.nn.AdaptiveAvgPool3d(2)(x(T, 2, 3, 3))),
    C("nn.AdaptiveMaxPool1d: 4-d input", lambda T: T.nn.AdaptiveMaxPool1d(2)(
        x(T, 1, 2, 3, 4))),
    C("nn.AdaptiveMaxPool2d: 1-d input", lambda T: T.nn.AdaptiveMaxPool2d(2)(x(T, 5))),
    C("nn.AdaptiveMaxPool3d: indices", lambda T: T.nn.AdaptiveMaxPool3d(
        (1, 2, 1), return_indices=True)(x(T, 2, 3, 3, 3))[1]),
]

ROWS += POOL_ND


def pooled(T, *shape):
    """max_pool2d's (values, indices) of a 2x2-pooled arange input: max_unpool's inputs."""
    return F(T).max_pool2d(T.arange(float(np.prod(shape))).reshape(shape), 2,
                           return_indices=True)


UNPOOL_LP_TBC = [
    C("F.max_unpool2d: output_size out of range", lambda T: F(T).max_unpool2d(
        *pooled(T, 1, 2, 4, 4), 2, output_size=(6, 5))),
    C("F.max_unpool2d: float indices", lambda T: F(T).max_unpool2d(
        pooled(T, 1, 2, 4, 4)[0], pooled(T, 1, 2, 4, 4)[1].float(), 2)),
    C("F.max_unpool2d: index out of range", lambda T: F(T).max_unpool2d(
        pooled(T, 1, 2, 4, 4)[0], pooled(T, 1, 2, 4, 4)[1] + 100, 2)),
    C("F.max_unpool2d: 2-d input", lambda T: F(T).max_unpool2d(
        pooled(T, 1, 2, 4, 4)[0][0, 0], pooled(T, 1, 2, 4, 4)[1][0, 0], 2)),
    C("F.max_unpool2d: unbatched", lambda T: F(T).max_unpool2d(
        pooled(T, 2, 4, 4)[0], pooled(T, 2, 4, 4)[1], 2)),
    C("F.max_unpool1d: output_size out of range", lambda T: F(T).max_unpool1d(
        x(T, 2, 3, 4), T.ones(2, 3, 4, dtype=T.int64), 2, output_size=(20,))),
    C("F.max_unpool1d: index out of range", lambda T: F(T).max_unpool1d(
        x(T, 2, 3, 4), T.ones(2, 3, 4, dtype=T.int64) * 50, 2)),
    C("F.max_unpool3d: zero stride", lambda T: F(T).max_unpool3d(
        x(T, 1, 2, 2, 2, 2), T.ones(1, 2, 2, 2, 2, dtype=T.int64), 2, stride=0)),
    C("F.max_unpool3d: indices shape", lambda T: F(T).max_unpool3d(
        x(T, 1, 2, 2, 2, 2), T.ones(1, 2, 2, 2, 1, dtype=T.int64), 2)),
    C("F.max_unpool3d: 3-d input", lambda T: F(T).max_unpool3d(
        x(T, 2, 2, 2), T.ones(2, 2, 2, dtype=T.int64), 2)),
    C("F.lp_pool1d: 1-d input", lambda T: F(T).lp_pool1d(x(T, 4), 2, 3)),
    C("F.lp_pool2d: input smaller than kernel", lambda T: F(T).lp_pool2d(x(T, 1, 2, 2, 2), 2,
                                                                         3)),
    C("F.lp_pool3d: kernel of two", lambda T: F(T).lp_pool3d(x(T, 1, 2, 2, 2, 2), 2, (2, 2))),
    C("F.conv_tbc: channels", lambda T: F(T).conv_tbc(x(T, 5, 2, 3), x(T, 3, 2, 4), x(T, 4))),
    C("F.conv_tbc: 2-d input", lambda T: F(T).conv_tbc(x(T, 5, 2), x(T, 3, 3, 4), x(T, 4))),
    C("F.conv_tbc: bias size", lambda T: F(T).conv_tbc(x(T, 5, 2, 3), x(T, 3, 3, 4),
                                                       x(T, 5))),
    C("F.conv_tbc: no steps", lambda T: F(T).conv_tbc(x(T, 2, 2, 3), x(T, 3, 3, 4), x(T, 4))),
    C("nn.LPPool1d: 4-d input", lambda T: T.nn.LPPool1d(2, 2)(x(T, 1, 2, 3, 4))),
    C("nn.LPPool2d: input smaller than kernel", lambda T: T.nn.LPPool2d(2, 3)(
        x(T, 1, 2, 2, 2))),
    C("nn.LPPool3d: 2-d input", lambda T: T.nn.LPPool3d(2, 2)(x(T, 4, 4))),
    C("nn.MaxUnpool1d: index out of range", lambda T: T.nn.MaxUnpool1d(2)(
        x(T, 1, 2, 3), T.ones(1, 2, 3, dtype=T.int64) * 9)),
    C("nn.MaxUnpool2d: output_size length", lambda T: T.nn.MaxUnpool2d(2)(
        *pooled(T, 1, 2, 4, 4), output_size=(5,))),
    C("nn.MaxUnpool3d: float indices", lambda T: T.nn.MaxUnpool3d(2)(
        x(T, 1, 2, 2, 2, 2), x(T, 1, 2, 2, 2, 2))),
]

ROWS += UNPOOL_LP_TBC

FRACTIONAL = [
    C("F.fractional_max_pool2d: pool too large", lambda T: F(T).fractional_max_pool2d(
        x(T, 1, 2, 7, 7), 3, 6, _random_samples=T.full((1, 2, 2), 0.5))),
    C("F.fractional_max_pool2d: no output size", lambda T: F(T).fractional_max_pool2d(
        x(T, 1, 2, 7, 7), 3)),
    C("F.fractional_max_pool2d: samples dtype", lambda T: F(T).fractional_max_pool2d(
        x(T, 1, 2, 7, 7), 3, 3, _random_samples=T.full((1, 2, 2), 0.5, dtype=T.float64))),
    C("F.fractional_max_pool2d: 2-d input", lambda T: F(T).fractional_max_pool2d(
        x(T, 7, 7), 3, 3)),
    C("F.fractional_max_pool2d: zero kernel", lambda T: F(T).fractional_max_pool2d(
        x(T, 1, 2, 7, 7), 0, 3, _random_samples=T.full((1, 2, 2), 0.5)),
      since="2.14"),                                  # torch 2.13 returns a result
    C("F.fractional_max_pool2d_with_indices: samples of three",
      lambda T: F(T).fractional_max_pool2d_with_indices(
          x(T, 1, 2, 7, 7), 3, 3, _random_samples=T.full((1, 2, 3), 0.5))),
    C("F.fractional_max_pool2d_with_indices: given samples",
      lambda T: F(T).fractional_max_pool2d_with_indices(
          x(T, 2, 7, 7), 3, 3, _random_samples=T.full((1, 2, 2), 0.25))[1]),
    C("F.fractional_max_pool3d: pool too large", lambda T: F(T).fractional_max_pool3d(
        x(T, 1, 2, 5, 5, 5), 2, 4, _random_samples=T.full((1, 2, 3), 0.5))),
    C("F.fractional_max_pool3d: two sizes", lambda T: F(T).fractional_max_pool3d(
        x(T, 1, 2, 5, 5, 5), 2, (3, 3), _random_samples=T.full((1, 2, 3), 0.5))),
    C("F.fractional_max_pool3d: 3-d input", lambda T: F(T).fractional_max_pool3d(
        x(T, 5, 5, 5), 2, 3)),
    C("F.fractional_max_pool3d_with_indices: samples of two",
      lambda T: F(T).fractional_max_pool3d_with_indices(
          x(T, 1, 2, 5, 5, 5), 2, output_ratio=0.5, _random_samples=T.full((1, 2, 2), 0.5))),
    C("nn.FractionalMaxPool2d: no output size", lambda T: T.nn.FractionalMaxPool2d(3)),
    C("nn.FractionalMaxPool2d: both sizes", lambda T: T.nn.FractionalMaxPool2d(
        3, output_size=2, output_ratio=0.5)),
    C("nn.FractionalMaxPool3d: ratio above 1", lambda T: T.nn.FractionalMaxPool3d(
        3, output_ratio=1.5)),
]

ROWS += FRACTIONAL

# the layers, losses and functional forms of torch.nn (issue 12) have their rows in
# error_specs_layers.py
from .error_specs_layers import ROWS as LAYER_ROWS  # noqa: E402

ROWS += LAYER_ROWS
