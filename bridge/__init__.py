"""bridge: the PyTorch twin of minigrad.

The same models are built in both engines (``bridge.models``), weights and
optimizer state move between them (``bridge.transfer``), and training runs in
lock step with every gradient and parameter compared (``bridge.lockstep``).
``python -m bridge`` trains a tutorial model both ways and reports accuracy,
equivalence and speed; ``python -m bridge.ops_report`` compares every op.
``bridge.to_torch(model)`` / ``bridge.to_minigrad(model)`` move any model (and
its optimizer) to the other library (``bridge.convert``), and ``python -m
bridge.export`` converts checkpoints.

Dependencies run one way: bridge -> minigrad -> NumPy; bridge also needs torch.
"""
from .models import MODELS, build, build_pair, input_shape
from .convert import to_minigrad, to_torch
from .translate import TwinError

__all__ = ["MODELS", "build", "build_pair", "input_shape"]
__all__ += ["TwinError", "to_minigrad", "to_torch"]
