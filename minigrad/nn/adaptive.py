"""AdaptiveLogSoftmaxWithLoss: an efficient softmax over many classes (Grave et al.):
frequent classes sit in a head, rare ones in tail clusters reached through the head."""
from __future__ import annotations

from collections import namedtuple
from typing import Sequence

import numpy as np

from .. import _creation
from .._tensor import Tensor
from . import functional as F
from .container import ModuleList, Sequential
from .linear import Linear
from .module import Module

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """The head scores the ``cutoffs[0]`` most frequent classes and one entry per tail
    cluster; cluster i (classes cutoffs[i] .. cutoffs[i+1] - 1) projects the input to
    in_features / div_value^(i+1) dims first.

    Shape:
        - input: (N, in_features) or (in_features); target: (N) or ().
        - output: (N) or () log-probabilities of the targets, and their mean NLL ``loss``.
    """

    def __init__(self, in_features: int, n_classes: int, cutoffs: Sequence[int],
                 div_value: float = 4.0, head_bias: bool = False, device=None,
                 dtype=None) -> None:
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1 \
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted "
                             "in an increasing order, where each value is between 1 and "
                             "n_classes-1")
        kw = {"device": device, "dtype": dtype}
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(in_features, self.head_size, bias=head_bias, **kw)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hidden = int(in_features // (div_value ** (i + 1)))
            size = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(Linear(in_features, hidden, bias=False, **kw),
                                        Linear(hidden, size, bias=False, **kw)))

    def reset_parameters(self) -> None:
        self.head.reset_parameters()
        for projection in self.tail:
            for layer in projection:
                layer.reset_parameters()

    def forward(self, input_: Tensor, target_: Tensor) -> _ASMoutput:
        if target_.ndim == 1:
            if input_.shape[0] != target_.shape[0]:
                raise RuntimeError("Input and target should have the same size in the batch "
                                   "dimension.")
            if input_.ndim != 2:
                raise RuntimeError("1D target tensor expects 2D input tensors, but found "
                                   f"inputs with size {input_.size()}")
        elif target_.ndim == 0:
            if input_.ndim != 1:
                raise RuntimeError("0D target tensor expects 1D input tensors, but found "
                                   f"inputs with size {input_.size()}")
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        batched = target_.ndim > 0
        input = input_ if batched else input_.unsqueeze(0)
        labels = np.asarray(target_._array).reshape(-1).astype(np.int64)
        if labels.size and (labels.min() < 0 or labels.max() >= self.n_classes):
            raise RuntimeError(f"Target values should be in [0, {self.n_classes - 1}], but "
                               f"values in range [{labels.min()}, {labels.max()}] were found. ")
        # the head entry of each row: its class (shortlist) or its cluster's entry
        cluster = np.searchsorted(self.cutoffs, labels, side="right")
        head_entry = np.where(cluster == 0, labels, self.shortlist_size + cluster - 1)
        output = input.new_zeros(len(labels))
        for i in range(1, self.n_clusters + 1):
            rows = np.nonzero(cluster == i)[0]
            if rows.size == 0:
                continue
            row_index = Tensor._make(rows, None)
            local = F.log_softmax(self.tail[i - 1](input.index_select(0, row_index)), dim=1)
            relative = Tensor._make((labels[rows] - self.cutoffs[i - 1])[:, None], None)
            output = output.index_add(0, row_index, local.gather(1, relative).squeeze(1))
        head_logprob = F.log_softmax(self.head(input), dim=1)
        picked = head_logprob.gather(1, Tensor._make(head_entry[:, None], None))
        output = output + picked.reshape(-1)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _get_full_log_prob(self, input: Tensor, head_output: Tensor) -> Tensor:
        head_logprob = F.log_softmax(head_output, dim=1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i in range(self.n_clusters):
            cluster_logprob = F.log_softmax(self.tail[i](input), dim=1)
            parts.append(cluster_logprob + head_logprob[:, self.shortlist_size + i].unsqueeze(1))
        return _creation.cat(parts, 1)

    def log_prob(self, input: Tensor) -> Tensor:
        """Log-probabilities of every class: (N, n_classes)."""
        return self._get_full_log_prob(input, self.head(input))

    def predict(self, input: Tensor) -> Tensor:
        """The most likely class of each row (the full softmax only where needed)."""
        head_output = self.head(input)
        output = head_output.argmax(1)
        outside = output._array >= self.shortlist_size
        if not outside.any():
            return output
        rows = Tensor._make(np.nonzero(outside)[0], None)
        log_prob = self._get_full_log_prob(input.index_select(0, rows),
                                           head_output.index_select(0, rows))
        result = output._array.copy()
        result[outside] = log_prob.argmax(1)._array
        return Tensor._make(result, None)
