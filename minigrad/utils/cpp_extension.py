"""``torch.utils.cpp_extension``: C++/CUDA extensions do not exist in minigrad (NumPy only)."""
from __future__ import annotations


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.utils.cpp_extension.{name}: minigrad has no C++ "
                                  "extensions (it runs on NumPy only)")
    refuse.__name__ = name
    return refuse


load = _refuse("load")
load_inline = _refuse("load_inline")
CppExtension = _refuse("CppExtension")
CUDAExtension = _refuse("CUDAExtension")
BuildExtension = _refuse("BuildExtension")

__all__ = ["BuildExtension", "CUDAExtension", "CppExtension", "load", "load_inline"]
