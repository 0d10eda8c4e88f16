"""Twins of whole models and optimizers: ``to_torch`` and ``to_minigrad``.

``to_torch(module)`` builds the torch twin of any minigrad ``nn.Module``,
``to_minigrad(module)`` the minigrad twin of a torch one.  The twin has the
same tree of modules under the same names, and copies (never shares) of every
parameter, buffer and gradient, with their dtypes, ``requires_grad`` flags
and persistence; the training flag and plain attributes come along.  A
parameter or module that appears twice in the source (tied weights) appears
twice in the twin as one object.  How each module is rebuilt:

* **Layers** (a class ``nn`` exports, such as ``Linear`` or ``BatchNorm2d``):
  the other library's class of the same name is called with the arguments
  the layer was constructed with (minigrad's ``Module`` records them, and a
  torch twin keeps its own in ``_constructor_args``), or, for a layer torch
  built, with arguments read back from its attributes (a ``bias=`` flag from
  whether the parameter exists); then the state is copied over.
* **Containers** (``Sequential``, ``ModuleList``, ``ModuleDict``,
  ``ParameterList``, ``ParameterDict``): an empty container of the other
  library, filled with the twins of the children under the same names.
* **User subclasses**: an instance of the twin class (``bridge.translate``:
  the same methods, re-bound to the other library), initialised by its
  library base class (for a subclass of a layer, with that layer's arguments
  read back from the attributes), then filled like a container.  A forward
  that cannot run in the other library raises ``TwinError`` naming the
  module and the reason, before anything is built.

Optimizers: ``to_torch(optimizer, twin)`` builds the same-named torch
optimizer over the twin's parameters (matched by name), with the same
parameter groups and state (``bridge.transfer`` copies the tensors).

Not carried over: forward hooks and pre-hooks (they are functions of the
source engine's tensors), and the twin cannot be pickled as a whole module
(save its ``state_dict``).
"""
from __future__ import annotations

import inspect
import weakref
from typing import Any, Dict, Optional

from . import transfer
from .translate import (MINIGRAD, TO_MINIGRAD, TO_TORCH, TORCH, Translator, TwinError,
                        signature_parameters)

CONTAINERS = ("Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict")

# twin <-> source, both ways (weak: neither keeps the other alive); used to match
# an optimizer's parameters with the twin's by name
_PARTNERS: "weakref.WeakKeyDictionary[Any, weakref.ref]" = weakref.WeakKeyDictionary()
_BOOKKEEPING = ("_constructor_args", "_twin_checked", "_twin_of")


# -- the public entry points -------------------------------------------------------------------
def to_torch(obj, twin=None, *, model=None, device=None):
    """The torch twin of a minigrad module, optimizer, tensor or state dict.

    * ``to_torch(module, device=None)``: the twin module (see the module docstring).
    * ``to_torch(optimizer, twin, model=None)``: a torch optimizer of the same
      class over ``twin``'s parameters with ``optimizer``'s groups and state;
      ``twin`` was made by ``to_torch`` from ``model`` (found automatically
      while that model exists; pass ``model=`` otherwise).
    * anything else: tensors inside dicts, lists and tuples are copied to torch
      tensors (``bridge.transfer.to_torch``).
    """
    return _to(obj, twin, model, device, TO_TORCH)


def to_minigrad(obj, twin=None, *, model=None):
    """The minigrad twin of a torch module, optimizer, tensor or state dict (see ``to_torch``)."""
    return _to(obj, twin, model, None, TO_MINIGRAD)


def _to(obj, twin, model, device, translator: Translator):
    src = translator.src
    if isinstance(obj, src.Module):
        if twin is not None:
            raise TypeError(f"to_{translator.dst.name}(module) takes no twin; the twin is what "
                            "it returns")
        out = convert_module(obj, translator)
        return out.to(device) if device is not None else out
    if isinstance(obj, src.optim.Optimizer):
        if twin is None:
            raise TypeError(f"to_{translator.dst.name}(optimizer, twin): pass the "
                            f"{translator.dst.name} twin of the optimizer's model")
        return convert_optimizer(obj, twin, translator, model)
    if translator is TO_TORCH:
        return transfer.to_torch(obj, device)
    return transfer.to_minigrad(obj)


def partner(module) -> Optional[Any]:
    """The module ``module`` was converted from, or its latest twin (None if unknown or gone)."""
    ref = _PARTNERS.get(module)
    return ref() if ref is not None else None


# -- modules -------------------------------------------------------------------------------------
def convert_module(module, translator: Translator):
    """The twin of ``module`` in ``translator.dst``; checks that the two trees match."""
    twin = _Converter(translator).module(module, "")
    _check_same_tree(module, twin, translator)
    _PARTNERS[twin] = weakref.ref(module)
    _PARTNERS[module] = weakref.ref(twin)
    return twin


class _Converter:
    """One conversion: remembers what it built so shared objects stay shared."""

    def __init__(self, translator: Translator):
        self.t = translator
        self.src, self.dst = translator.src, translator.dst
        self.memo: Dict[int, Any] = {}

    def _describe(self, module, path: str) -> str:
        return f"{self.src.name} module '{path}' ({type(module).__qualname__})" if path \
            else f"{self.src.name} module {type(module).__qualname__}"

    # -- one module ---------------------------------------------------------------------------
    def module(self, module, path: str):
        if id(module) in self.memo:
            return self.memo[id(module)]
        cls = type(module)
        if self.src.is_library_class(cls):
            twin = self._library_module(module, path)
        else:
            twin = self._user_module(module, path)
        self.memo[id(module)] = twin
        self._fill(module, twin, path)
        return twin

    def _library_module(self, module, path: str):
        name = type(module).__name__
        twin_cls = getattr(self.dst.nn, name, None)
        if twin_cls is None:
            raise TwinError(f"cannot move {self._describe(module, path)}: {self.dst.name}.nn "
                            f"has no {name}")
        if name in CONTAINERS:
            return twin_cls()
        recorded = module.__dict__.get("_constructor_args")
        if recorded is not None:
            args = [self._argument(module, a, path) for a in recorded[0]]
            kwargs = {k: self._argument(module, v, path) for k, v in recorded[1].items()}
            kwargs = _drop_unknown_defaults(kwargs, type(module), twin_cls)
        else:
            args, kwargs = [], self._arguments(module, twin_cls, path)
        try:
            twin = twin_cls(*args, **kwargs)
        except Exception as error:
            call = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
            raise TwinError(f"cannot move {self._describe(module, path)}: "
                            f"{self.dst.name}.nn.{name}({call}) raised "
                            f"{type(error).__name__}: {error}") from error
        # a torch twin keeps them too, so that the way back rebuilds the very same layer
        # (not a lazy layer's: after its first forward it is another class, read back from
        # its attributes)
        if not hasattr(twin, "cls_to_become"):
            twin.__dict__["_constructor_args"] = (tuple(args), kwargs)
        return twin

    def _argument(self, module, value, path: str):
        """A recorded constructor argument in the target library; a module argument (as
        in ``DataParallel(model)``) becomes the twin its child gets, so they stay one."""
        if isinstance(value, self.src.Module):
            name = next((n for n, c in module._modules.items() if c is value), "<argument>")
            return self.module(value, f"{path}.{name}" if path else name)
        if type(value) in (list, tuple):
            return type(value)(self._argument(module, v, path) for v in value)
        return self.t.translate(value)

    def _user_module(self, module, path: str):
        cls = type(module)
        try:
            twin_cls = self.t.twin_class(cls)
        except TwinError as error:
            raise TwinError(f"cannot move {self._describe(module, path)}: {error}") from None
        problems = self.t.problems(cls)
        if problems:
            reasons = "; ".join(problems)
            raise TwinError(f"cannot move {self._describe(module, path)} to {self.dst.name}: "
                            f"{reasons}")
        twin = twin_cls.__new__(twin_cls)
        base = self.dst.library_base(twin_cls)
        if base is self.dst.Module or base.__name__ in CONTAINERS:
            base.__init__(twin)
        else:
            kwargs = self._arguments(module, base, path)
            try:
                base.__init__(twin, **kwargs)
            except (TypeError, ValueError) as error:
                raise TwinError(f"cannot move {self._describe(module, path)}: the arguments "
                                f"read back from its attributes do not build {base.__name__} "
                                f"({type(error).__name__}: {error})") from None
        twin.__dict__["_twin_of"] = self._describe(module, path)
        return twin

    def _arguments(self, module, cls, path: str, translate: bool = True) -> dict:
        """Constructor arguments of layer class ``cls`` read back from ``module``'s attributes.

        A parameter named like a boolean argument (``bias=True``) says whether it
        exists; ``device`` and ``dtype`` are left out (the copied state has them).
        ``translate``: the values are for the target library (else the source's).
        """
        params = signature_parameters(cls)
        if not params:          # torch's RNNs take *args: ask minigrad's class of that name
            other = getattr(self.src.nn if translate else self.dst.nn, cls.__name__, None)
            params = signature_parameters(other) if other is not None else []
        convert = self.t.translate if translate else (lambda value: value)
        kwargs = {}
        for p in params:
            if p.name in ("device", "dtype"):
                continue
            registries = (module._parameters, module._buffers)
            if p.name in module.__dict__ and p.name not in ("training",):
                kwargs[p.name] = convert(module.__dict__[p.name])
            elif any(p.name in r for r in registries):
                value = next(r[p.name] for r in registries if p.name in r)
                kwargs[p.name] = (value is not None) if isinstance(p.default, bool) \
                    else convert(value)
            elif module._modules.get(p.name) is not None:      # DataParallel(module)
                child = module._modules[p.name]
                kwargs[p.name] = self._argument(module, child, path) if translate else child
            elif p.default is p.empty:
                raise TwinError(f"cannot move {self._describe(module, path)}: the "
                                f"class {cls.__name__} needs the "
                                f"argument '{p.name}', which the module does not store")
        return kwargs

    # -- its contents -------------------------------------------------------------------------
    def _fill(self, module, twin, path: str) -> None:
        prefix = path + "." if path else ""
        children = {name: None if child is None else self.module(child, prefix + name)
                    for name, child in module._modules.items()}
        extra = [name for name in twin._modules if name not in children]
        if extra:
            raise TwinError(f"cannot move {self._describe(module, path)}: the "
                            f"{self.dst.name} module has children {extra} it lacks")
        twin._modules.clear()
        twin._modules.update(children)
        base = self.dst.library_base(type(twin)).__name__
        if base in ("ParameterList", "ParameterDict"):
            for name, param in module._parameters.items():
                converted = self.parameter(param)
                if base == "ParameterList":
                    twin.append(converted)
                else:
                    twin[name] = converted
        else:
            self._parameters(module, twin, path)
        self._buffers(module, twin, path)
        self._attributes(module, twin, path)
        twin.__dict__["training"] = module.training

    def _parameters(self, module, twin, path: str) -> None:
        made = [name for name in twin._parameters if name not in module._parameters]
        if made:
            raise TwinError(f"cannot move {self._describe(module, path)}: the "
                            f"{self.dst.name} module has parameters {made} it lacks "
                            f"(it has {list(module._parameters)})")
        for name, param in module._parameters.items():
            converted = None if param is None else self.parameter(param)
            if name in twin._parameters:
                setattr(twin, name, converted)      # torch's RNNs watch their weights' names
            else:
                twin.register_parameter(name, converted)
        order = list(module._parameters)
        ordered = {name: twin._parameters[name] for name in order}
        twin._parameters.clear()
        twin._parameters.update(ordered)

    def _buffers(self, module, twin, path: str) -> None:
        made = [name for name in twin._buffers if name not in module._buffers]
        if made:
            raise TwinError(f"cannot move {self._describe(module, path)}: the "
                            f"{self.dst.name} module has buffers {made} it lacks "
                            f"(it has {list(module._buffers)})")
        for name, buffer in module._buffers.items():
            twin._buffers[name] = None if buffer is None else self.tensor(buffer)
        ordered = {name: twin._buffers[name] for name in module._buffers}
        twin._buffers.clear()
        twin._buffers.update(ordered)
        twin._non_persistent_buffers_set.clear()
        twin._non_persistent_buffers_set.update(module._non_persistent_buffers_set)

    def _attributes(self, module, twin, path: str) -> None:
        """Plain attributes: a layer's settings (``eps``, ``p``...) and a user's own ones."""
        internal = _internal_keys()
        library = self.src.is_library_class(type(module))
        layer_keys = () if library else self._layer_keys(module, path)
        for key, value in module.__dict__.items():
            if key in internal or key in _BOOKKEEPING:
                continue
            if key in twin.__dict__ and key.startswith("_"):
                continue                      # the twin's own bookkeeping, set by its class
            if (library or key in layer_keys) and key not in twin.__dict__:
                continue                      # a detail of the source library's layer
            converted = self.t.translate(value)
            old = twin.__dict__.get(key, _ABSENT)
            if old is not _ABSENT and _same_plain(old, converted):
                continue
            twin.__dict__[key] = converted

    def _layer_keys(self, module, path: str) -> frozenset:
        """The attributes that a user class's library base layer sets (seen on a bare one)."""
        base = self.src.library_base(type(module))
        if base is self.src.Module or base.__name__ in CONTAINERS:
            return frozenset()
        if base not in _LAYER_KEYS:
            try:
                bare = base(**self._arguments(module, base, path, translate=False))
                _LAYER_KEYS[base] = frozenset(vars(bare))
            except Exception:
                _LAYER_KEYS[base] = frozenset()
        return _LAYER_KEYS[base]

    # -- tensors ------------------------------------------------------------------------------
    def tensor(self, tensor):
        if id(tensor) not in self.memo and self._lazy(tensor):
            self.memo[id(tensor)] = self._uninitialized(tensor)
        if id(tensor) not in self.memo:
            try:
                array = self.src.to_numpy(tensor)
            except (TypeError, RuntimeError) as error:
                raise TwinError(f"cannot copy a {tensor.dtype} tensor to "
                                f"{self.dst.name}: {error}") from error
            self.memo[id(tensor)] = self.dst.from_numpy(array)
        return self.memo[id(tensor)]

    def parameter(self, param):
        if id(param) not in self.memo and self._lazy(param):
            self.memo[id(param)] = self._uninitialized(param)
        if id(param) not in self.memo:
            data = self.dst.from_numpy(self.src.to_numpy(param))
            twin = self.dst.nn.Parameter(data, requires_grad=param.requires_grad)
            if param.grad is not None:
                twin.grad = self.dst.from_numpy(self.src.to_numpy(param.grad))
            self.memo[id(param)] = twin
        return self.memo[id(param)]

    # a lazy layer's parameters and buffers before its first forward: no values, only a dtype
    def _lazy(self, tensor) -> bool:
        return self.src.nn.parameter.is_lazy(tensor)

    def _uninitialized(self, tensor):
        dtype = getattr(self.dst.root, str(tensor.dtype).split(".")[-1])
        if isinstance(tensor, self.src.nn.Parameter):
            return self.dst.nn.parameter.UninitializedParameter(
                requires_grad=tensor.requires_grad, dtype=dtype)
        return self.dst.nn.parameter.UninitializedBuffer(dtype=dtype)


_ABSENT = object()
_LAYER_KEYS: Dict[type, frozenset] = {}


def _same_plain(a, b) -> bool:
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:
        return False


def _drop_unknown_defaults(kwargs: dict, source_cls: type, target_cls: type) -> dict:
    """``kwargs`` without the arguments ``target_cls`` does not take that are left at
    ``source_cls``'s default: an older torch builds the same layer without them (torch
    2.11's BatchNorm has no ``bias=``, always True).  Any other unknown argument stays, and
    the target's error names it."""
    try:
        params = inspect.signature(target_cls.__init__).parameters.values()
    except (TypeError, ValueError):
        return kwargs
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return kwargs
    accepted = {p.name for p in params}
    defaults = {p.name: p.default for p in signature_parameters(source_cls)}
    return {k: v for k, v in kwargs.items()
            if k in accepted or k not in defaults or not _same_plain(v, defaults[k])}


_INTERNAL = []


def _internal_keys() -> frozenset:
    """Attribute names that a bare Module of either library sets (its registries and flags)."""
    if not _INTERNAL:
        keys = set(vars(MINIGRAD.Module())) | set(vars(TORCH.Module()))
        _INTERNAL.append(frozenset(keys))
    return _INTERNAL[0]


def _shape(tensor, library):
    """A state entry's shape, or 'uninitialized' (a lazy layer before its first forward)."""
    return "uninitialized" if library.nn.parameter.is_lazy(tensor) else tuple(tensor.shape)


def _check_same_tree(module, twin, translator: Translator) -> None:
    """The twin must have the source's module names, state_dict keys and shapes."""
    names = [n for n, _ in module.named_modules()]
    twin_names = [n for n, _ in twin.named_modules()]
    state = module.state_dict()
    twin_state = twin.state_dict()
    shapes = [(k, _shape(v, translator.src)) for k, v in state.items()]
    twin_shapes = [(k, _shape(v, translator.dst)) for k, v in twin_state.items()]
    if names != twin_names or shapes != twin_shapes:
        raise TwinError(f"the {translator.dst.name} twin of {type(module).__qualname__} came "
                        f"out different: modules {names} vs {twin_names}, state "
                        f"{shapes} vs {twin_shapes}")


# -- optimizers ----------------------------------------------------------------------------------
def convert_optimizer(optimizer, twin, translator: Translator, model=None):
    """The same optimizer in ``translator.dst`` over ``twin``'s parameters, with its state."""
    src, dst = translator.src, translator.dst
    if type(twin).__name__ in ("DistributedDataParallel", "DataParallel"):
        twin = twin.module
    if not isinstance(twin, dst.Module):
        raise TypeError(f"the twin must be a {dst.name} module, not {type(twin).__name__}")
    model = model if model is not None else partner(twin)
    if model is None:
        raise TwinError(f"cannot tell which {src.name} model {type(twin).__qualname__} is the "
                        f"twin of (it was not made by bridge.to_{dst.name}, or that model is "
                        "gone): pass model=")
    names = {id(p): name for name, p in model.named_parameters()}
    twin_params = dict(twin.named_parameters())
    groups = []
    for group in optimizer.param_groups:
        params = []
        for p in group["params"]:
            name = names.get(id(p))
            if name is None or name not in twin_params:
                raise TwinError(f"a parameter of the {type(optimizer).__name__} optimizer "
                                f"(shape {tuple(p.shape)}) is not a parameter of the model")
            params.append(twin_params[name])
        settings = {k: translator.translate(v) for k, v in group.items()
                    if k not in ("params", "param_names")}
        if "param_names" in group:
            params = list(zip(group["param_names"], params, strict=True))
        groups.append({"params": params, **settings})
    cls = getattr(dst.optim, type(optimizer).__name__, None)
    if cls is None:
        raise TwinError(f"{dst.name}.optim has no {type(optimizer).__name__}")
    accepted = {p.name for p in signature_parameters(cls)}
    defaults = {k: translator.translate(v) for k, v in optimizer.defaults.items()
                if k in accepted}
    moved = cls(groups, **defaults)
    state = optimizer.state_dict()
    moved.load_state_dict(transfer.to_torch(state) if dst is TORCH
                          else transfer.to_minigrad(state))
    for group in moved.param_groups:
        for key, value in moved.defaults.items():
            group.setdefault(key, value)
    return moved

