"""``minigrad.<name>(input, ...)``: the function forms of Tensor methods against torch.

Each function form checks its input (a list gets torch's TypeError: the error table,
tests/errors) and then runs the method; these tests call the forms by name, with
positional and keyword arguments, and compare values and gradients with torch.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

from .support import assert_tree_same

VALUES = np.array([[0.5, -1.25, 2.0, 0.75], [1.5, -0.5, -2.25, 1.0]])


def _run(T, call):
    x = T.tensor(VALUES, dtype=T.float64, requires_grad=True)
    out = call(T, x)
    outs = out if isinstance(out, tuple) else (out,)
    sum(o.sum() for o in outs).backward()
    return out, x.grad


FORMS = {
    "reshape": lambda T, x: T.reshape(x, (4, 2)),
    "reshape_keyword": lambda T, x: T.reshape(x, shape=(-1,)),
    "permute": lambda T, x: T.permute(x, (1, 0)),
    "squeeze": lambda T, x: T.squeeze(x.reshape(1, 2, 4), 0),
    "unsqueeze": lambda T, x: T.unsqueeze(x, dim=1),
    "swapdims": lambda T, x: T.swapdims(x, 0, 1),
    "t": lambda T, x: T.t(x),
    "moveaxis": lambda T, x: T.moveaxis(x.reshape(2, 2, 2), 0, -1),
    "split": lambda T, x: T.split(x, 3, dim=1),
    "split_sizes": lambda T, x: T.split(x, [1, 3], 1),
    "unbind": lambda T, x: T.unbind(x, 1),
    "dsplit": lambda T, x: T.dsplit(x.reshape(1, 2, 4), 2),
    "clone": lambda T, x: T.clone(x) * 2,
    "diag_embed": lambda T, x: T.diag_embed(x, offset=1),
    "fliplr": lambda T, x: T.fliplr(x),
    "rot90": lambda T, x: T.rot90(x, 1, [0, 1]),
    "ravel": lambda T, x: T.ravel(x),
    "resolve_conj": lambda T, x: T.resolve_conj(x) * 1,
}


@pytest.mark.parametrize("name", FORMS)
def test_function_form_matches_torch(name):
    assert_tree_same(_run(minigrad, FORMS[name]), _run(torch, FORMS[name]))
