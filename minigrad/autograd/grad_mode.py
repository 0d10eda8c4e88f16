"""Switching gradient recording on and off: no_grad, enable_grad, set_grad_enabled."""
from __future__ import annotations

import functools

_enabled = True


def is_grad_enabled() -> bool:
    return _enabled


def _set(mode: bool) -> None:
    global _enabled
    _enabled = bool(mode)


class _GradMode:
    """Base of the three switches: usable as ``with`` block and as decorator."""

    mode = True

    def __enter__(self):
        self.previous = is_grad_enabled()
        _set(self.mode)
        return None

    def __exit__(self, *exc_info):
        _set(self.previous)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def _copy_from(self, other):
        self.mode = other.mode
        return self

    def clone(self):
        return self.__class__.__new__(self.__class__)._copy_from(self)


class no_grad(_GradMode):
    """Context manager / decorator: operations inside are not recorded."""

    mode = False

    def __init__(self):
        self.mode = False


class enable_grad(_GradMode):
    """Context manager / decorator: turn recording back on inside ``no_grad``."""

    def __init__(self):
        self.mode = True


class set_grad_enabled(_GradMode):
    """``set_grad_enabled(False)`` switches recording off, at once and as context manager."""

    def __init__(self, mode: bool):
        self.previous = is_grad_enabled()
        self.mode = bool(mode)
        _set(self.mode)

    def __enter__(self):
        return None

    def __exit__(self, *exc_info):
        _set(self.previous)
        return False


class inference_mode(no_grad):
    """Treated like ``no_grad`` (minigrad has no separate inference tensors)."""

    def __init__(self, mode: bool = True):
        self.mode = not mode
