"""``torch.onnx``: exporting to ONNX is not supported by minigrad.

Move the model to torch (the bridge package builds a torch twin with the same
weights) and call ``torch.onnx.export`` there.
"""
from __future__ import annotations


def export(model, args=(), f=None, *a, **kwargs):
    raise NotImplementedError("minigrad.onnx.export: ONNX export is not supported; build the "
                              "torch twin of the model (bridge package) and use "
                              "torch.onnx.export")


def dynamo_export(model, *args, **kwargs):
    raise NotImplementedError("minigrad.onnx.dynamo_export: ONNX export is not supported")


def is_in_onnx_export() -> bool:
    return False


__all__ = ["dynamo_export", "export", "is_in_onnx_export"]
