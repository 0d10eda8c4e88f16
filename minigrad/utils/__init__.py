"""Utilities (``torch.utils``): ``minigrad.utils.data`` holds datasets and the DataLoader."""
from . import data

__all__ = ["data"]

# torch.utils' other paths (issue 12): checkpoint, hooks, tensorboard, model_zoo, benchmark,
# cpp_extension are imported on first use, as attributes or with import statements
_SUBMODULES = ("benchmark", "checkpoint", "cpp_extension", "hooks", "model_zoo", "tensorboard")


def __getattr__(name: str):
    if name in _SUBMODULES:
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
