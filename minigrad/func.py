"""``torch.func``: function transforms (vmap, grad, jacrev...) are not supported by minigrad.

For Jacobians and Hessians use ``minigrad.autograd.functional``.
"""
from __future__ import annotations


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.func.{name}: function transforms are not supported "
                                  "by minigrad (see minigrad.autograd.functional for "
                                  "jacobian/hessian/vjp/jvp)")
    refuse.__name__ = name
    return refuse


vmap = _refuse("vmap")
grad = _refuse("grad")
grad_and_value = _refuse("grad_and_value")
jacrev = _refuse("jacrev")
jacfwd = _refuse("jacfwd")
hessian = _refuse("hessian")
vjp = _refuse("vjp")
jvp = _refuse("jvp")
functional_call = _refuse("functional_call")

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp",
           "vjp", "vmap"]
