"""``torch.jit``: TorchScript does not exist in minigrad.

The decorators that mark code for the compiler (``ignore``, ``unused``,
``export``, ``interface``) and the queries (``is_scripting``, ``is_tracing``)
work, so model code written with them runs eagerly as in torch without
scripting.  Compiling, tracing, saving and loading ScriptModules raise
NotImplementedError.
"""
from __future__ import annotations

from typing import Any, Final  # noqa: F401  (torch.jit.Final is typing.Final)


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.jit.{name}: TorchScript is not supported by minigrad "
                                  "(the model runs eagerly; use the torch twin from the bridge "
                                  "package to script or trace it)")
    refuse.__name__ = name
    return refuse


script = _refuse("script")
trace = _refuse("trace")
trace_module = _refuse("trace_module")
save = _refuse("save")
load = _refuse("load")
freeze = _refuse("freeze")


def is_scripting() -> bool:
    return False


def is_tracing() -> bool:
    return False


def _marker(fn=None, **kwargs):
    """A no-op decorator, usable bare (``@ignore``) or with arguments (``@ignore(...)``)."""
    if fn is None:
        return lambda f: f
    return fn


ignore = unused = _marker


def export(fn):
    return fn


def interface(obj):
    return obj


def annotate(the_type, the_value: Any) -> Any:
    """The value itself (the type is only a hint for the compiler)."""
    return the_value


__all__ = ["Final", "annotate", "export", "freeze", "ignore", "interface", "is_scripting",
           "is_tracing", "load", "save", "script", "trace", "trace_module", "unused"]
