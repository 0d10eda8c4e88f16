"""Functions of ``torch.nn.utils`` files that minigrad does not implement."""
from __future__ import annotations


def refuse(path: str, why: str):
    """A function named like torch's that raises NotImplementedError saying ``why``."""
    name = path.rsplit(".", 1)[-1]

    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.nn.utils.{path} is not supported by minigrad: {why}")
    refuse.__name__ = name
    return refuse
