"""The Optimizer base class: parameter groups, per-parameter state, state_dict.

Subclasses implement ``step``.  Updates work directly on the NumPy arrays of
the parameters (``p._array``), in place and without recording autograd
history, exactly like ``torch.optim`` does under ``torch.no_grad()``.
"""
from __future__ import annotations

import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain
from typing import Any, Callable, Iterable

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd import grad_mode
from ..ops import quiet


class _RequiredParameter:
    """Marks a hyper-parameter that every parameter group must set."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj) -> str:
    """``torch.typename``: 'minigrad.FloatTensor' for tensors, else the qualified type name."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    module = cls.__module__ or ""
    return cls.__qualname__ if module in ("", "builtins") else f"{module}.{cls.__qualname__}"


class Optimizer:
    """Base class of all optimizers (see ``torch.optim.Optimizer``).

    Args:
        params: an iterable of Tensors, or of dicts that each define a parameter
            group (a ``"params"`` entry plus hyper-parameters overriding ``defaults``).
        defaults: the default hyper-parameters of every group.
    """

    def __init__(self, params, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + _typename(params))
        self.state: defaultdict = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self) -> dict[str, Any]:
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"

    # -- parameter groups ---------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, with its own hyper-parameters, to ``param_groups``."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some "
                                 "param names are missing")
            param_group["param_names"] = names
        for param in params:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(param))
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        ids = [id(p) for p in params]
        if len(ids) != len(set(ids)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; "
                          "in future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not seen.isdisjoint(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # -- gradients and steps ------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to None (default) or to zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    if grad.grad_fn is not None:
                        grad.detach_()
                    else:
                        grad.requires_grad_(False)
                    grad._array.fill(0)

    def step(self, closure: Callable[[], Any] | None = None):
        """Update the parameters once; ``closure`` re-evaluates the model and returns the loss."""
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        """Every subclass's ``step`` updates quietly through inf and nan, as torch's do
        (NumPy would warn of an invalid value or an overflow)."""
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = quiet(cls.__dict__["step"])

    @staticmethod
    def _evaluate(closure):
        """Run a step's closure with gradient recording on (it usually calls backward)."""
        if closure is None:
            return None
        with grad_mode.enable_grad():
            return closure()

    # -- saving and loading -------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}``.

        Parameters are replaced by their position over all groups; state tensors
        are returned by reference, as in torch.
        """
        index_of: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index_of.setdefault(id(p), len(index_of))
            packed["params"] = [index_of[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(index_of[id(k)] if isinstance(k, Tensor) else k): v
                 for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load hyper-parameters and state saved by ``state_dict``.

        Floating state tensors are cast to their parameter's dtype ('step' is kept).
        Unlike torch, loaded tensors are always copies, never shared with ``state_dict``.
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"])
               for g, s in zip(groups, saved_groups, strict=True)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        param_of = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                            chain.from_iterable(g["params"] for g in groups), strict=False))
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in param_of:
                param = param_of[key]
                state[param] = {k: _cast_state(param, k, v) for k, v in value.items()}
            else:
                state[key] = value
        for group, saved in zip(groups, saved_groups, strict=False):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
        self.__setstate__({"state": state, "param_groups": saved_groups})


def _cast_state(param: Tensor, key, value):
    """A copy of one saved state value, cast to the parameter's dtype (except 'step')."""
    if key == "step" and isinstance(value, (int, float)):   # saved by older torch versions
        step = _step_tensor()
        step._array[...] = value
        return step
    if isinstance(value, Tensor):
        array = value._array
        if key != "step" and param._array.dtype.kind == "f":
            array = array.astype(param._array.dtype)
        return Tensor._make(np.array(array, copy=True), None)
    if isinstance(value, dict):
        return {k: _cast_state(param, k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_state(param, None, v) for v in value)
    if isinstance(value, np.ndarray):        # state saved by older code or converted by hand
        return value.copy()
    return value


# -- helpers shared by the algorithms ------------------------------------------------------
def _params_with_grad(group: dict[str, Any]) -> Iterable[Tensor]:
    return (p for p in group["params"] if p._grad is not None)


def _zeros_like(p: Tensor) -> Tensor:
    return Tensor._make(np.zeros_like(p._array), None)


def _step_tensor(value: float = 0.0) -> Tensor:
    """The 0-d 'step' counter (or other scalar state) torch keeps per parameter.

    Its dtype is the default floating dtype (float32 unless changed), whatever the
    parameter's dtype: values kept in it are rounded to that dtype, as in torch.
    """
    np_dtype = np.float64 if _dtype.get_default_dtype() is _dtype.float64 else np.float32
    return Tensor._make(np.full((), value, np_dtype), None)


def _increment(step: Tensor) -> float:
    """``step += 1`` on the state counter; returns the new value as a python float."""
    step._array += 1
    return float(step._array)


def _effective_grad(p: Tensor, maximize: bool, weight_decay: float) -> np.ndarray:
    """The gradient the update uses: ``(-grad if maximize else grad) + weight_decay * p``.

    Never modifies ``p.grad``; returns it unchanged when nothing is added.
    """
    grad = p._grad._array
    if weight_decay != 0:
        out = np.multiply(p._array, weight_decay)
        return np.subtract(out, grad, out=out) if maximize else np.add(out, grad, out=out)
    return np.negative(grad) if maximize else grad


def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """``start.lerp_(end, weight)`` with torch's two formulas (exact at both ends)."""
    # lerp(a, b, w) = a + w (b - a) = b - (b - a)(1 - w)
    diff = np.subtract(end, start)
    weight = start.dtype.type(weight)
    if abs(weight) < 0.5:
        diff *= weight
        start += diff
    else:
        diff *= 1 - weight
        np.subtract(end, diff, out=start)


def _addcmul_(out: np.ndarray, a: np.ndarray, b: np.ndarray, value: float,
              scratch: np.ndarray | None = None) -> np.ndarray:
    """``out += value * a * b`` (torch's addcmul_); returns the scratch array it used."""
    scratch = np.multiply(a, value, out=scratch)
    scratch *= b
    out += scratch
    return scratch


def _check_flags(name: str, foreach, fused, differentiable, capturable=False) -> None:
    """minigrad runs torch's single-tensor ('for-loop') algorithm only."""
    if fused:
        raise NotImplementedError(f"{name}: fused=True is not supported by minigrad (the "
                                  "single-tensor algorithm is always used)")
    if differentiable:
        raise NotImplementedError(f"{name}: differentiable=True is not supported by minigrad")
    if capturable:
        raise NotImplementedError(f"{name}: capturable=True needs CUDA graphs; minigrad runs "
                                  "on the CPU only")
