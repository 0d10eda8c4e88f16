"""``torch.autograd.Variable``: the pre-0.4 wrapper, today just a Tensor.

``Variable(t)`` returns ``t`` itself (``requires_grad=True`` turns it on), and
every Tensor is an instance of ``Variable``, as in torch.
"""
from __future__ import annotations


class _VariableMeta(type):
    def __instancecheck__(cls, other) -> bool:
        from .._tensor import Tensor
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """``Variable(tensor, requires_grad=False)`` -> the tensor (see the module docstring)."""

    def __new__(cls, data, requires_grad: bool = False, volatile: bool = False):
        from .._tensor import Tensor
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        return data.requires_grad_(True) if requires_grad else data


__all__ = ["Variable"]
