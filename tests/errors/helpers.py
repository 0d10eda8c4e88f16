"""What a row of the error table is, and the inputs rows are built from."""
from __future__ import annotations

import dataclasses
from typing import Callable


@dataclasses.dataclass(frozen=True)
class ErrorCase:
    name: str                  # "<public name>: <what is wrong>"
    call: Callable             # call(T) with T = minigrad or torch
    since: str = "0.0"         # the torch release that first behaves as torch 2.14 here

    @property
    def covers(self) -> str:
        return self.name.split(":")[0]


def F(T):
    return T.nn.functional


def x(T, *shape, dtype=None):
    """A tensor of distinct values in [-1, 1] (deterministic, the same in both modules)."""
    n = 1
    for s in shape:
        n *= s
    return T.linspace(-1, 1, n, dtype=dtype or T.float32).reshape(shape)


def fixed(T, module):
    """``module`` with every parameter set to distinct fixed values (init is random)."""
    with T.no_grad():
        for p in module.parameters():
            p.copy_(x(T, *p.shape, dtype=p.dtype) * 0.5)
    return module


def ints(T, *values):
    return T.tensor(list(values))


C = ErrorCase


def changed_since(release: str, names, rows: list) -> list:
    """``rows``, with ``since=release`` on each row named in ``names``: torch changed what
    those calls raise in ``release`` (a name that matches no row is an error)."""
    names = set(names)
    missing = names - {row.name for row in rows}
    if missing:
        raise ValueError(f"no error rows named {sorted(missing)}")
    return [dataclasses.replace(row, since=release) if row.name in names else row
            for row in rows]
