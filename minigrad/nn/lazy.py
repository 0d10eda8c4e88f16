"""LazyModuleMixin: modules whose input size is read from the first input they see.

A lazy module starts with ``UninitializedParameter``s; a forward pre-hook calls its
``initialize_parameters(input)`` on the first call, which gives the parameters their shapes
and initial values, and the module then becomes ``cls_to_become`` (LazyLinear -> Linear).
"""
from __future__ import annotations

import itertools

from .parameter import is_lazy


class LazyModuleMixin:
    """Mixed in before a layer class; see the module docstring."""

    cls_to_become = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters)

    def _save_to_state_dict(self, destination, prefix: str, keep_vars: bool) -> None:
        for name, value in itertools.chain(self._parameters.items(), self._buffers.items()):
            if value is None or name in self._non_persistent_buffers_set:
                continue
            destination[prefix + name] = value if (is_lazy(value) or keep_vars) else \
                value.detach()

    def _upgrade_state_dict(self, state, prefix: str, metadata) -> None:
        """Loading a checkpoint materialises the parameters it holds values for."""
        for name, value in itertools.chain(self._parameters.items(), self._buffers.items()):
            key = prefix + name
            if key in state and value is not None and is_lazy(value) and \
                    not is_lazy(state[key]):
                value.materialize(state[key]._array.shape)
        upgrade = getattr(super(), "_upgrade_state_dict", None)
        if upgrade is not None:
            upgrade(state, prefix, metadata)

    def initialize_parameters(self, *args, **kwargs) -> None:
        raise NotImplementedError(f"initialize_parameters is not implemented for "
                                  f"{type(self).__name__}")

    def has_uninitialized_params(self) -> bool:
        return any(is_lazy(v) for v in itertools.chain(self._parameters.values(),
                                                       self._buffers.values()))

    @staticmethod
    def _infer_parameters(module, args):
        module.initialize_parameters(*args)
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
        module._initialize_hook.remove()
        del module._initialize_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become
            # the recorded constructor arguments were the lazy class's (Module.__new__)
            module.__dict__.pop("_constructor_args", None)
