"""``torch.export``: exporting programs is not supported by minigrad (use the torch twin)."""
from __future__ import annotations


def export(*args, **kwargs):
    raise NotImplementedError("torch.export.export is not supported by minigrad; build the torch "
                              "twin of the model (bridge package) and export that")


def save(*args, **kwargs):
    raise NotImplementedError("torch.export.save is not supported by minigrad")


def load(*args, **kwargs):
    raise NotImplementedError("torch.export.load is not supported by minigrad")


__all__ = ["export", "load", "save"]
