"""How the ``torch.nn.modules.<file>`` paths are served by minigrad.

minigrad keeps its layers in ``minigrad/nn/<family>.py`` (not one package of
files like torch), so each ``minigrad.nn.modules.<file>`` module only *names*
what torch's file of that name holds.  A name is looked up when first used: a
public class in ``minigrad.nn``, else a private base class (``_Loss``,
``_ConvNd``...) in any ``minigrad.nn`` file.  Layers added to ``minigrad.nn``
later appear here without edits; a torch name minigrad lacks raises an
AttributeError saying so.
"""
from __future__ import annotations

import sys
from typing import Callable


def _lookup(name: str):
    import minigrad.nn as nn
    if not name.startswith("_") and hasattr(nn, name):
        return getattr(nn, name)
    for module_name, module in list(sys.modules.items()):
        if (module is not None and module_name.startswith("minigrad.nn.")
                and not module_name.startswith("minigrad.nn.modules")
                and isinstance(getattr(module, name, None), type)):
            return getattr(module, name)
    raise LookupError(name)


def mirror(module_name: str, torch_names: list[str]) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for a module standing for torch's ``module_name``.

    ``__all__`` is computed on request: the public names of ``torch_names`` that
    minigrad has, so ``from minigrad.nn.modules.conv import *`` works.
    """
    torch_path = module_name.replace("minigrad", "torch", 1)

    def available() -> list[str]:
        found = []
        for name in torch_names:
            try:
                _lookup(name)
            except LookupError:
                continue
            found.append(name)
        return found

    def __getattr__(name: str):
        if name == "__all__":
            return [n for n in available() if not n.startswith("_")]
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return _lookup(name)
        except LookupError:
            pass
        if name in torch_names:
            raise AttributeError(f"minigrad does not implement {torch_path}.{name} (see the "
                                 "coverage report: python -m bridge.coverage)")
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(available()) | set(vars(sys.modules[module_name])))

    return __getattr__, __dir__
