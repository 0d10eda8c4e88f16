"""Move weights and optimizer state between minigrad and PyTorch, both ways.

Values are copied (never shared) and keep their dtype.  Nested containers
(``state_dict`` of a model, ``{'state': ..., 'param_groups': ...}`` of an
optimizer) are converted recursively; numbers and strings pass through.
"""
from __future__ import annotations

import functools
import os
from collections import OrderedDict
from typing import Any, Optional

import numpy as np

import minigrad


def default_device(name: str = "auto") -> str:
    """``'cuda'`` when asked for it or, for ``'auto'``, when a GPU is present, else ``'cpu'``."""
    import torch
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError("CUDA was requested but torch.cuda.is_available() is False")
    return name


def set_threads(n: Optional[int] = None, torch: bool = True) -> int:
    """Give torch (unless ``torch=False``) and minigrad ``n`` threads (default: the cores
    this process may use).  Returns ``n``.

    minigrad keeps NumPy's BLAS on one thread and splits large work over its own pool
    (``minigrad.set_num_threads``), so a busy core never stalls a product.
    """
    if not n:
        try:
            n = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            n = os.cpu_count() or 1
    if torch:
        import torch as _torch
        _torch.set_num_threads(n)
    minigrad.set_num_threads(n)
    return n


def _map(value: Any, leaf) -> Any:
    """Apply ``leaf`` to tensors inside dicts, lists and tuples, keeping the container types."""
    if isinstance(value, dict):
        items = [(k, _map(v, leaf)) for k, v in value.items()]
        return OrderedDict(items) if isinstance(value, OrderedDict) else dict(items)
    if isinstance(value, (list, tuple)):
        return type(value)(_map(v, leaf) for v in value)
    return leaf(value)


def to_numpy(value: Any) -> Any:
    """A copy of any tensor (minigrad or torch, any device) as a NumPy array; recursive."""
    def leaf(v):
        if isinstance(v, minigrad.Tensor):
            return np.array(v.detach().numpy(), copy=True)
        if type(v).__module__.startswith("torch") and hasattr(v, "detach"):
            return v.detach().cpu().numpy().copy()
        return v
    return _map(value, leaf)


def to_torch(value: Any, device: Optional[str] = None) -> Any:
    """Copy minigrad tensors (and NumPy arrays) into torch tensors of the same dtype."""
    import torch

    def leaf(v):
        if isinstance(v, minigrad.Tensor):
            v = v.detach().numpy()
        if isinstance(v, np.ndarray):
            t = torch.from_numpy(np.array(v, copy=True))
            return t.to(device) if device else t
        return v
    return _map(value, leaf)


def to_minigrad(value: Any) -> Any:
    """Copy torch tensors (and NumPy arrays) into minigrad tensors of the same dtype."""
    def leaf(v):
        if type(v).__module__.startswith("torch") and hasattr(v, "detach"):
            v = v.detach().cpu().numpy()
        if isinstance(v, np.ndarray):
            return minigrad.from_numpy(np.array(v, copy=True))
        return v
    return _map(value, leaf)


def _check_keys(source: dict, target: dict) -> None:
    missing = [k for k in target if k not in source]
    unexpected = [k for k in source if k not in target]
    if missing or unexpected:
        raise KeyError(f"state_dict keys differ: missing {missing}, unexpected {unexpected}")


def copy_weights(src, dst) -> None:
    """Load ``src``'s state_dict into ``dst``; each may be a minigrad or a torch model."""
    import minigrad.nn
    state = src.state_dict()
    _check_keys(state, dst.state_dict())
    if isinstance(dst, minigrad.nn.Module):
        dst.load_state_dict(to_minigrad(state))
    else:
        device = next(iter(dst.state_dict().values())).device if dst.state_dict() else None
        dst.load_state_dict(to_torch(state, device))


def copy_optimizer_state(src, dst) -> None:
    """Load ``src``'s optimizer state into ``dst`` (minigrad <-> torch optimizers)."""
    state = src.state_dict()
    if type(dst).__module__.startswith("torch"):
        dst.load_state_dict(to_torch(state))
    else:
        dst.load_state_dict(to_minigrad(state))


def feed_gradients(src_model, dst_model, dst_optimizer) -> dict:
    """Make ``dst_optimizer.step()`` first swap in copies of ``src_model``'s gradients.

    Copies take each destination parameter's library, dtype and device.  The
    gradients ``dst_model`` computed itself are kept, by parameter name, in the
    returned dict (refreshed at every step), so they can still be compared.
    ``del dst_optimizer.step`` undoes it.
    """
    own: dict = {}
    original = dst_optimizer.step

    @functools.wraps(original)              # keeps an lr scheduler's mark on the step
    def step(closure=None):
        src = dict(src_model.named_parameters())
        own.clear()
        for name, param in dst_model.named_parameters():
            own[name] = param.grad
            grad = src[name].grad
            param.grad = None if grad is None else _copy_like(grad, param)
        return original(closure)
    dst_optimizer.step = step
    return own


def _copy_like(value, like):
    """A copy of tensor ``value`` with the library, dtype and device of tensor ``like``."""
    array = to_numpy(value).astype(str(like.dtype).split(".")[-1])
    if isinstance(like, minigrad.Tensor):
        return minigrad.from_numpy(array)
    import torch
    return torch.from_numpy(array).to(like.device)


def torch_to_minigrad_checkpoint(torch_path: str, minigrad_path: str) -> dict:
    """Convert a ``torch.save``-d state_dict (or dict of them) to ``minigrad.save`` format.

    The torch file is read with ``weights_only=True`` so no code runs.
    Returns the converted object.
    """
    import torch
    obj = torch.load(torch_path, map_location="cpu", weights_only=True)
    converted = to_minigrad(obj)
    os.makedirs(os.path.dirname(os.path.abspath(minigrad_path)), exist_ok=True)
    minigrad.save(converted, minigrad_path)
    return converted


def minigrad_to_torch_checkpoint(minigrad_path: str, torch_path: str) -> dict:
    """Convert a ``minigrad.save``-d checkpoint into a ``torch.save`` file."""
    import torch
    obj = to_torch(minigrad.load(minigrad_path))
    torch.save(obj, torch_path)
    return obj


def _main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(
        prog="python -m bridge.transfer",
        description="Convert a torch.save'd state_dict into minigrad.save format.")
    parser.add_argument("torch_checkpoint")
    parser.add_argument("minigrad_checkpoint")
    args = parser.parse_args(argv)
    state = torch_to_minigrad_checkpoint(args.torch_checkpoint, args.minigrad_checkpoint)
    print(f"wrote {args.minigrad_checkpoint} ({len(state) if hasattr(state, '__len__') else 1}"
          " entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
