"""``torch.fx``: graph capture of Python code is not supported by minigrad.

To look at what a model computes, draw its autograd graph (``minigrad.viz``).
"""
from __future__ import annotations


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.fx.{name}: FX graph capture is not supported by "
                                  "minigrad (minigrad.viz draws the autograd graph instead)")
    refuse.__name__ = name
    return refuse


symbolic_trace = _refuse("symbolic_trace")
GraphModule = _refuse("GraphModule")
Graph = _refuse("Graph")
Tracer = _refuse("Tracer")

__all__ = ["Graph", "GraphModule", "Tracer", "symbolic_trace"]
