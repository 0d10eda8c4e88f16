"""torch's warnings where beginner code meets them: the same category and message, as often.

Copying a tensor with ``torch.tensor`` warns on every call; ``x.T`` on a tensor that is
not 2-d, ``meshgrid`` without ``indexing``, ``index_reduce`` and ``backward`` with
``create_graph=True`` (not ``autograd.grad``) and ``from_numpy`` of a read-only array warn
once per process (torch's C++ ``TORCH_WARN_ONCE``), whatever Python's warning filters say.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import pytest
import torch

import minigrad

from .support import without_cpp_origin

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def said(T, compute):
    """(category, message) of each warning ``compute(T)`` gives, without torch's
    "(Triggered internally at ...)"."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compute(T)
    return [(w.category.__name__, without_cpp_origin(w.message)) for w in caught]


@pytest.mark.parametrize("compute", [
    lambda T: T.tensor(T.ones(2)),
    lambda T: T.tensor(T.ones(2, requires_grad=True), dtype=T.float64),
    lambda T: T.nn.Parameter(T.tensor(T.ones(2))),
    lambda T: T.zeros(1).new_tensor(T.ones(2)),
    lambda T: T.tensor([1.0, 2.0]),                       # no tensor copied: no warning
    lambda T: T.as_tensor(T.ones(2)),
], ids=["tensor", "tensor requiring grad", "Parameter", "new_tensor", "list", "as_tensor"])
def test_copy_construct_advice_on_every_call(compute):
    assert said(minigrad, compute) == said(torch, compute)
    assert said(minigrad, compute) == said(torch, compute)          # again: every call


# each line runs twice in a fresh process; the warnings of each line are printed as JSON
ONCE = [
    "x.ones(2, 3, 4).T",
    "x.ones(()).T",
    "x.ones(2).T, x.ones(2, 3).T",
    "x.meshgrid(x.ones(2), x.ones(3))",
    "x.meshgrid(x.ones(2), x.ones(3), indexing='ij')",
    "x.zeros(3).index_reduce(0, x.tensor([0]), x.ones(1), 'prod')",
    "x.autograd.grad((w * w).sum(), w, create_graph=True)",
    "(w * w).sum().backward(create_graph=True, inputs=[w])",
    "(w * w).sum().backward(create_graph=True)",
    "x.from_numpy(np.broadcast_to(np.ones(2), (2,)))",
]
SCRIPT = """
import json, re, sys, warnings
import numpy as np
import {lib} as x
w = x.ones(2, requires_grad=True)
found = []
for line in {lines!r}:
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            eval(line)
        found.append([re.sub(r" \\(Triggered internally at .*\\)$", "", str(w.message))
                      for w in caught])
print(json.dumps(found))
"""


def test_warnings_torch_gives_once_per_process():
    runs = {}
    for lib in ("minigrad", "torch"):
        out = subprocess.run([sys.executable, "-c", SCRIPT.format(lib=lib, lines=ONCE)],
                             capture_output=True, text=True, check=True, cwd=ROOT,
                             env=dict(os.environ, PYTHONPATH=ROOT))
        runs[lib] = json.loads(out.stdout.strip().splitlines()[-1])
    assert runs["minigrad"] == runs["torch"]
    assert sum(1 for messages in runs["torch"] if messages) == 6   # the first of each pair
