"""``torch.compiler``: minigrad has no compiler; code always runs eagerly."""
from __future__ import annotations


def is_compiling() -> bool:
    return False


def is_dynamo_compiling() -> bool:
    return False


def disable(fn=None, recursive: bool = True):
    """A no-op decorator (nothing is compiled, so nothing needs to be excluded)."""
    return (lambda f: f) if fn is None else fn


def reset() -> None:
    """Nothing to reset."""


__all__ = ["disable", "is_compiling", "is_dynamo_compiling", "reset"]
