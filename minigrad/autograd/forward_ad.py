"""``torch.autograd.forward_ad``: forward-mode AD (dual tensors) is not supported by minigrad.

Jacobian-vector products are available through ``minigrad.autograd.functional.jvp``.
"""
from __future__ import annotations


class dual_level:
    """Refuses to be entered: minigrad has reverse mode only."""

    def __enter__(self):
        raise NotImplementedError("forward-mode AD (torch.autograd.forward_ad) is not supported "
                                  "by minigrad; use minigrad.autograd.functional.jvp")

    def __exit__(self, *exc) -> bool:
        return False


def make_dual(tensor, tangent, *, level=None):
    raise NotImplementedError("forward-mode AD (torch.autograd.forward_ad.make_dual) is not "
                              "supported by minigrad; use minigrad.autograd.functional.jvp")


def unpack_dual(tensor, *, level=None):
    raise NotImplementedError("forward-mode AD (torch.autograd.forward_ad.unpack_dual) is not "
                              "supported by minigrad")


__all__ = ["dual_level", "make_dual", "unpack_dual"]
