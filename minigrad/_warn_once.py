"""Warnings that torch gives once per process (its C++ ``TORCH_WARN_ONCE``).

Python's own filters show a warning once per *calling line*; torch shows these once per
process whatever the filters say, so minigrad keeps the record itself.
"""
from __future__ import annotations

import warnings

_given: set = set()


def warn_once(message: str, category=UserWarning, stacklevel: int = 3) -> None:
    """Warn with ``message`` unless it was given before in this process."""
    if message in _given:
        return
    _given.add(message)
    warnings.warn(message, category, stacklevel=stacklevel)
