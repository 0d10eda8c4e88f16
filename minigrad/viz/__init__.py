"""Seeing backprop: draw the backward graph and step through the backward pass.

* :func:`to_dot` gives Graphviz DOT text (no dependency), :func:`render`
  turns it into SVG/PNG with Graphviz's ``dot`` program when installed;
* :func:`to_html` writes one self-contained page that draws the graph and
  steps through the backward pass in the order the engine ran it.
"""
from .dot import render, to_dot
from .graph import Graph, GraphNode, describe
from .html import to_html

__all__ = ["Graph", "GraphNode", "describe", "render", "to_dot", "to_html"]
