"""``Module.state_dict`` and ``Module.load_state_dict`` with PyTorch's keys and errors."""
from __future__ import annotations

import collections
from collections.abc import Mapping

from .._tensor import Tensor
from ..autograd import grad_mode


class _IncompatibleKeys(collections.namedtuple("IncompatibleKeys",
                                               ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: keys it did not find and keys it did not use."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def state_dict(self, *args, destination=None, prefix: str = "", keep_vars: bool = False):
    """An OrderedDict of parameters and persistent buffers, keyed by dotted names.

    Values are detached tensors sharing storage with the module (``keep_vars``
    keeps the Parameters themselves).
    """
    if args:                                   # legacy positional form
        destination = args[0]
        prefix = args[1] if len(args) > 1 else prefix
        keep_vars = args[2] if len(args) > 2 else keep_vars
    if destination is None:
        destination = collections.OrderedDict()
        destination._metadata = collections.OrderedDict()
    metadata = getattr(destination, "_metadata", None)
    if metadata is not None:
        metadata[prefix[:-1]] = {"version": self._version}
    self._save_to_state_dict(destination, prefix, keep_vars)
    for name, module in self._modules.items():
        if module is not None:
            module.state_dict(destination=destination, prefix=prefix + name + ".",
                              keep_vars=keep_vars)
    return destination


def _load_from_state_dict(module, state, prefix, local_metadata, missing, unexpected, errors):
    """Copy this module's own entries of ``state`` into its parameters and buffers."""
    local = dict(module._parameters.items())
    local.update((k, v) for k, v in module._buffers.items()
                 if k not in module._non_persistent_buffers_set)
    local = {k: v for k, v in local.items() if v is not None}
    for name, param in local.items():
        key = prefix + name
        if key not in state:
            missing.append(key)
            continue
        value = state[key]
        if not isinstance(value, Tensor):
            errors.append(f'While copying the parameter named "{key}", expected torch.Tensor '
                          f"or Tensor-like object from checkpoint but received {type(value)}")
            continue
        if param.ndim == 0 and value.ndim == 1 and value.shape[0] == 1:
            value = value[0]
        if value.shape != param.shape:
            errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} "
                          f"from checkpoint, the shape in current model is {param.shape}.")
            continue
        try:
            if local_metadata.get("assign_to_params_buffers"):
                _assign(module, name, param, value)
                continue
            with grad_mode.no_grad():
                param.copy_(value)
        except Exception as error:  # noqa: BLE001 - reported like torch does
            errors.append(f'While copying the parameter named "{key}", whose dimensions in '
                          f"the model are {param.shape} and whose dimensions in the checkpoint "
                          f"are {value.shape}, an exception occurred : {error.args}.")
    for key in state:
        if not key.startswith(prefix):
            continue
        parts = key[len(prefix):].split(".", 1)
        if len(parts) > 1:
            if parts[0] not in module._modules:
                unexpected.append(key)
        elif parts[0] not in local:
            unexpected.append(key)


def _assign(module, name, old, value) -> None:
    """``assign=True``: the module takes the checkpoint's tensor itself (no copy)."""
    from .parameter import Parameter
    if name in module._parameters:
        module._parameters[name] = Parameter(value, requires_grad=old.requires_grad)
    else:
        module._buffers[name] = value


def load_state_dict(self, state_dict: Mapping, strict: bool = True, assign: bool = False):
    """Copy ``state_dict`` into this module's parameters and buffers in place
    (with ``assign`` the module takes the given tensors instead).

    With ``strict`` missing or unexpected keys raise RuntimeError; either way a
    ``(missing_keys, unexpected_keys)`` named tuple is returned.
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing, unexpected, errors = [], [], []
    metadata = getattr(state_dict, "_metadata", None)
    state = collections.OrderedDict(state_dict)

    def load(module, local_state, prefix=""):
        local_metadata = {} if metadata is None else dict(metadata.get(prefix[:-1], {}))
        if assign:
            local_metadata["assign_to_params_buffers"] = True
        hook = getattr(module, "_upgrade_state_dict", None)
        if hook is not None:
            hook(local_state, prefix, local_metadata)
        _load_from_state_dict(module, local_state, prefix, local_metadata, missing,
                              unexpected, errors)
        for name, child in module._modules.items():
            if child is not None:
                child_prefix = prefix + name + "."
                child_state = {k: v for k, v in local_state.items()
                               if k.startswith(child_prefix)}
                load(child, child_state, child_prefix)

    load(self, state)
    if strict:
        if unexpected:
            errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(
                ", ".join(f'"{k}"' for k in unexpected)))
        if missing:
            errors.insert(0, "Missing key(s) in state_dict: {}. ".format(
                ", ".join(f'"{k}"' for k in missing)))
    if errors:
        raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
            type(self).__name__, "\n\t".join(errors)))
    return _IncompatibleKeys(missing, unexpected)
