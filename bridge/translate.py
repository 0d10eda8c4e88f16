"""Re-binding user code from one library to the other (minigrad <-> torch).

A user's module class is written against one library's API: its ``forward``
reaches ``F.relu``, ``torch.cat`` or ``nn.Linear`` through its module's
globals, through closures (a class defined inside a function) and through
helper functions of its own.  Its *twin class* runs the very same code
objects, with every name that points into the source library pointing to the
same-named object of the other library instead:

* globals: the names the code uses that point into the library, translated
  (``minigrad`` -> ``torch``, ``minigrad.nn.functional`` ->
  ``torch.nn.functional``, ``from minigrad import cat`` -> ``torch.cat``; so
  ``import minigrad as torch`` works as well as ``import minigrad``), laid
  over the module's own globals, which the code still reads live;
* closures: new cells holding the translated contents (the ``__class__``
  cell that ``super()`` reads points to the twin class);
* default and keyword-default values, translated;
* helper functions (any Python function outside minigrad, torch and NumPy
  whose names reach the library, directly or through other helpers) are
  re-bound the same way; a function that does not reach it is used as it
  is; values in lists, tuples and dicts are translated too;
* classes: a user's Module subclass becomes a twin class with the translated
  methods, over the other library's bases.

An object is matched by where it is public: ``minigrad.nn.functional.relu``
becomes ``torch.nn.functional.relu``.  One the other library lacks becomes a
``Missing`` placeholder that raises ``TwinError`` when it is used.

Before a twin is used, ``problems`` reads the code its ``forward`` reaches
(``forward``, the methods it calls on ``self``, the helpers) with ``dis``: a
NumPy reference, or a library name the other library lacks, is reported with
the name, the file and the line.  Whatever slips through (say a tensor method
only minigrad has) fails at the twin's first forward call, which is re-raised
as a ``TwinError`` naming the module.
"""
from __future__ import annotations

import builtins
import dis
import functools
import importlib
import inspect
import os
import sys
import sysconfig
import types
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

_PLAIN = (str, bytes, int, float, complex, bool, type(None))


class TwinError(RuntimeError):
    """A module (or optimizer) cannot be moved to the other library; the message says why."""


# -- the two libraries ------------------------------------------------------------------------
class Library:
    """One of the two libraries, by its top-level package name."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name

    @functools.cached_property
    def root(self) -> types.ModuleType:
        return importlib.import_module(self.name)

    @functools.cached_property
    def nn(self) -> types.ModuleType:
        return importlib.import_module(self.name + ".nn")

    @functools.cached_property
    def optim(self) -> types.ModuleType:
        return importlib.import_module(self.name + ".optim")

    @property
    def Module(self) -> type:
        return self.nn.Module

    @property
    def Tensor(self) -> type:
        return self.root.Tensor

    def owns(self, value: Any) -> bool:
        """Whether ``value`` (a module, class, function or instance) belongs to this library."""
        return _module_of(value).split(".")[0] == self.name

    def is_library_class(self, cls: type) -> bool:
        """A class the library exports from its ``nn`` namespace (``Linear``, ``Module``...)."""
        return getattr(self.nn, cls.__name__, None) is cls

    def library_base(self, cls: type) -> type:
        """The first class of ``cls``'s MRO that the library exports from ``nn``."""
        return next(c for c in cls.__mro__ if self.is_library_class(c))

    def to_numpy(self, tensor) -> np.ndarray:
        """A copy of a tensor of this library as a NumPy array."""
        if self.name == "torch":
            return tensor.detach().cpu().numpy().copy()
        return np.array(tensor.detach().numpy(), copy=True)

    def from_numpy(self, array: np.ndarray):
        """A tensor of this library holding a copy of ``array``."""
        return self.root.from_numpy(np.array(array, copy=True))

    def dtype_name(self, value) -> Optional[str]:
        """``'float32'`` for this library's float32 dtype object; None for anything else."""
        if self.name == "torch":
            return str(value).split(".")[-1] if isinstance(value, self.root.dtype) else None
        return value.name if isinstance(value, self.root.dtype) else None


MINIGRAD = Library("minigrad")
TORCH = Library("torch")


# -- where code lives --------------------------------------------------------------------------
def _library_folders() -> Tuple[str, ...]:
    paths = sysconfig.get_paths()
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    return tuple(os.path.realpath(paths[k]) + os.sep for k in keys if k in paths)


_LIBRARY_FOLDERS = _library_folders()


def _engine_code(fn: types.FunctionType) -> bool:
    """A function of minigrad, torch or NumPy themselves (never re-bound)."""
    return (getattr(fn, "__module__", None) or "").split(".")[0] in ("minigrad", "torch",
                                                                     "numpy")


def is_user_code(fn: types.FunctionType) -> bool:
    """A Python function written by the user (not the standard library, not an installed
    package, not minigrad, torch or NumPy): the code ``problems`` reads."""
    if _engine_code(fn):
        return False
    filename = os.path.realpath(fn.__code__.co_filename)
    return not filename.startswith(_LIBRARY_FOLDERS)


def _module_of(value: Any) -> str:
    """The name of the Python module that ``value`` (or its class) comes from."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    try:
        name = getattr(value, "__module__", None)
        if name is None:                   # a method descriptor such as torch.Tensor.relu
            name = getattr(getattr(value, "__objclass__", None), "__module__", None)
    except Exception:                      # an object with an unusual __getattr__
        name = None
    return name if isinstance(name, str) else (type(value).__module__ or "")


def _is_numpy(value: Any) -> bool:
    return _module_of(value).split(".")[0] == "numpy"


class Missing:
    """Stands for a library object the other library lacks; any use raises ``TwinError``."""

    def __init__(self, path: str, library: str):
        self._path, self._library = path, library

    def _fail(self):
        raise TwinError(f"{self._path} has no counterpart in {self._library}")

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        self._fail()

    def __call__(self, *args, **kwargs):
        self._fail()

    def __repr__(self) -> str:
        return f"<{self._path}: missing in {self._library}>"


# -- the code's names, read with dis -----------------------------------------------------------
_LOADS = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLASSDEREF", "LOAD_FAST")
_ATTRS = ("LOAD_ATTR", "LOAD_METHOD")


def _codes(code: types.CodeType):
    """The code object and every code object nested in it (lambdas, comprehensions...)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _global_names(code: types.CodeType) -> set:
    return {name for c in _codes(code) for name in c.co_names}


def _chains(code: types.CodeType):
    """``(opname, name, [attr, ...], line)`` for every name load followed by attribute loads:
    ``F.relu(x)`` gives ``('LOAD_GLOBAL', 'F', ['relu'], line)``."""
    for c in _codes(code):
        instructions = list(dis.get_instructions(c))
        line = c.co_firstlineno
        for i, ins in enumerate(instructions):
            if ins.starts_line is not None:
                line = ins.starts_line
            if ins.opname not in _LOADS:
                continue
            attrs = []
            for nxt in instructions[i + 1:]:
                if nxt.opname not in _ATTRS:
                    break
                attrs.append(nxt.argval)
            yield ins.opname, ins.argval, attrs, line


# -- the translator ----------------------------------------------------------------------------
class Translator:
    """Translates values, functions and Module classes from ``src`` to ``dst``.

    Translated functions and twin classes are cached (and the reverse
    translator learns the way back, so a round trip returns the original).
    """

    def __init__(self, src: Library, dst: Library):
        self.src, self.dst = src, dst
        self.reverse: Optional["Translator"] = None
        self._cache: Dict[Any, Any] = {}           # function or class -> its translation
        self._paths: Dict[int, Tuple[Any, List[Tuple[str, str]]]] = {}
        self._indexed: Tuple[str, ...] = ()
        self._problems: Dict[type, List[str]] = {}

    def __repr__(self) -> str:
        return f"Translator({self.src} -> {self.dst})"

    # -- public names and their counterparts --------------------------------------------------
    def _indexable(self, name: str) -> bool:
        parts = name.split(".")
        if parts[0] != self.src.name or any(p.startswith("_") for p in parts):
            return False
        # torch has hundreds of submodules: only those minigrad mirrors are searched
        return self.src is MINIGRAD or self._swap(name) in sys.modules

    def _swap(self, module_name: str) -> str:
        return self.dst.name + module_name[len(self.src.name):]

    def _paths_of(self, value) -> List[Tuple[str, str]]:
        """Where ``value`` is public in the source library: ``[(module, attribute)]``."""
        entry = self._paths.get(id(value))
        if entry is None or entry[0] is not value:
            names = tuple(sorted((n for n in list(sys.modules) if self._indexable(n)),
                                 key=lambda n: (n.count("."), n)))
            if names == self._indexed:
                return []
            self._indexed, self._paths = names, {}
            for module_name in names:
                for attr, obj in list(vars(sys.modules[module_name]).items()):
                    if attr.startswith("_") or isinstance(obj, _PLAIN):
                        continue
                    self._paths.setdefault(id(obj), (obj, []))[1].append((module_name, attr))
            entry = self._paths.get(id(value))
            if entry is None or entry[0] is not value:
                return []
        return entry[1]

    def _import(self, module_name: str) -> Optional[types.ModuleType]:
        try:
            return importlib.import_module(module_name)
        except ImportError:
            return None

    def counterpart(self, value) -> Any:
        """The other library's object with the same public name (a ``Missing`` if none)."""
        if isinstance(value, types.ModuleType):
            name = value.__name__
            public = not any(p.startswith("_") for p in name.split("."))
            found = self._import(self._swap(name)) if public else None
            return found if found is not None else Missing(name, self.dst.name)
        paths = self._paths_of(value)
        for module_name, attr in paths:
            module = self._import(self._swap(module_name))
            if module is not None and hasattr(module, attr):
                return getattr(module, attr)
        if paths:
            where = f"{paths[0][0]}.{paths[0][1]}"
        else:
            where = (f"{getattr(value, '__module__', type(value).__module__)}."
                     f"{getattr(value, '__qualname__', type(value).__qualname__)}")
        return Missing(where, self.dst.name)

    # -- values -------------------------------------------------------------------------------
    def translate(self, value: Any) -> Any:
        """``value`` with every reference into the source library replaced by the target's.

        Returns ``value`` itself when nothing in it needs replacing.
        """
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, types.ModuleType):
            return self.counterpart(value) if self.src.owns(value) else value
        if isinstance(value, type):
            if value in self._cache:
                return self._cache[value]
            if issubclass(value, self.src.Module) and not self.src.is_library_class(value) \
                    and not self.src.owns(value):
                return self.twin_class(value)
            return self.counterpart(value) if self.src.owns(value) else value
        if isinstance(value, self.src.Tensor):
            out = self.dst.from_numpy(self.src.to_numpy(value))
            return out.requires_grad_() if value.requires_grad and value.is_leaf else out
        if isinstance(value, self.src.Module):
            from .convert import convert_module
            return convert_module(value, self)
        name = self.src.dtype_name(value)
        if name is not None:
            return getattr(self.dst.root, name)
        if isinstance(value, self.src.root.device):
            return self.dst.root.device(str(value))
        if isinstance(value, self.src.root.Size):
            return self.dst.root.Size(value)
        if isinstance(value, types.FunctionType):
            if self.src.owns(value):
                return self.counterpart(value)
            return value if _engine_code(value) else self.function(value)
        if isinstance(value, functools.partial):
            func, args = self.translate(value.func), self.translate(value.args)
            keywords = self.translate(value.keywords)
            if func is value.func and args is value.args and keywords is value.keywords:
                return value
            return functools.partial(func, *args, **keywords)
        if type(value) in (list, tuple):
            items = [self.translate(v) for v in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items)
        if type(value) is dict:
            items = {k: self.translate(v) for k, v in value.items()}
            if all(items[k] is v for k, v in value.items()):
                return value
            return items
        if self.src.owns(value):
            return self.counterpart(value)
        return value

    # -- functions ----------------------------------------------------------------------------
    def _needs(self, fn: types.FunctionType, seen: set) -> bool:
        """Whether re-binding ``fn`` changes anything (a name of it reaches the library)."""
        if fn in self._cache:
            return self._cache[fn] is not fn
        if fn in seen:
            return False
        seen.add(fn)
        values = [fn.__globals__[n] for n in _global_names(fn.__code__) if n in fn.__globals__]
        values += [_cell_contents(c) for c in fn.__closure__ or ()]
        values += list(fn.__defaults__ or ()) + list((fn.__kwdefaults__ or {}).values())
        for value in values:
            if value is _EMPTY or isinstance(value, _PLAIN):
                continue
            if isinstance(value, types.FunctionType) and not _engine_code(value):
                if self._needs(value, seen):
                    return True
            elif value is fn:
                continue
            elif isinstance(value, type) and value in self._cache:
                return True
            elif self.translate(value) is not value:
                return True
        return False

    def function(self, fn: types.FunctionType) -> types.FunctionType:
        """``fn`` re-bound to the target library (``fn`` itself when nothing changes)."""
        if fn in self._cache:
            return self._cache[fn]
        if not self._needs(fn, set()):
            self._cache[fn] = fn
            return fn
        old_globals = fn.__globals__
        new_globals = _Globals(old_globals)
        new_globals["__builtins__"] = old_globals.get("__builtins__", builtins)
        cells = None
        if fn.__closure__ is not None:
            cells = tuple(types.CellType() for _ in fn.__closure__)
        new = types.FunctionType(fn.__code__, new_globals, fn.__name__, None, cells)
        self._cache[fn] = new
        if self.reverse is not None:
            self.reverse._cache[new] = fn
        new.__qualname__, new.__module__, new.__doc__ = fn.__qualname__, fn.__module__, fn.__doc__
        new.__dict__.update(fn.__dict__)
        for name in _global_names(fn.__code__):
            if name in old_globals:
                value = old_globals[name]
                translated = self.translate(value)
                if translated is not value:
                    new_globals[name] = translated
        for cell, old in zip(cells or (), fn.__closure__ or (), strict=True):
            contents = _cell_contents(old)
            if contents is not _EMPTY:
                cell.cell_contents = self.translate(contents)
        new.__defaults__ = self.translate(fn.__defaults__)
        new.__kwdefaults__ = self.translate(fn.__kwdefaults__)
        return new

    # -- classes ------------------------------------------------------------------------------
    def _base(self, base: type) -> type:
        if self.src.is_library_class(base):
            twin = getattr(self.dst.nn, base.__name__, None)
            if twin is None:
                raise TwinError(f"{self.dst.name}.nn has no class {base.__name__} (the base "
                                f"class {self.src.name}.nn.{base.__name__})")
            return twin
        if issubclass(base, self.src.Module):
            if self.src.owns(base):
                raise TwinError(f"{base.__module__}.{base.__qualname__} is not a public class "
                                f"of {self.src.name}.nn, so it has no {self.dst.name} twin")
            return self.twin_class(base)
        return base

    def _member(self, value: Any) -> Any:
        if isinstance(value, types.FunctionType):
            return self.function(value)
        if isinstance(value, (staticmethod, classmethod)):
            return type(value)(self._member(value.__func__))
        if isinstance(value, property):
            return property(*(self._member(f) if f is not None else None
                              for f in (value.fget, value.fset, value.fdel)), value.__doc__)
        return self.translate(value)

    def twin_class(self, cls: type) -> type:
        """The twin of a user's Module subclass: same name, translated methods, other bases."""
        if cls in self._cache:
            return self._cache[cls]
        bases = tuple(self._base(b) for b in cls.__bases__)
        namespace = {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                     "__doc__": cls.__doc__}
        twin = type(cls.__name__, bases, namespace)
        self._cache[cls] = twin
        if self.reverse is not None:
            self.reverse._cache[twin] = cls
        skip = {"__dict__", "__weakref__", "__module__", "__qualname__", "__doc__"}
        for key, value in cls.__dict__.items():
            if key not in skip and not key.startswith("__abstract"):
                setattr(twin, key, self._member(value))
        if "forward" in cls.__dict__ and isinstance(cls.__dict__["forward"], types.FunctionType):
            twin.forward = _checked_first_call(twin.forward, self)
        return twin

    # -- what cannot work ---------------------------------------------------------------------
    def _method(self, cls: type, name: str) -> Optional[types.FunctionType]:
        """A plain function ``name`` defined by the user's classes in ``cls``'s MRO."""
        for klass in cls.__mro__:
            if self.src.owns(klass) or klass is object:
                return None
            value = klass.__dict__.get(name)
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if isinstance(value, types.FunctionType):
                return value
            if value is not None:
                return None
        return None

    def problems(self, cls: type) -> List[str]:
        """Why the twin of user class ``cls`` cannot run its forward (empty if nothing found)."""
        if cls in self._problems:
            return self._problems[cls]
        found: List[str] = []
        forward = self._method(cls, "forward")
        # (function, is it a method of cls?): self.<name>(...) in a method is followed too
        queue = [(forward, True)] if forward is not None else []
        seen = set()
        while queue:
            fn, is_method = queue.pop(0)
            if fn in seen:
                continue
            seen.add(fn)
            code = fn.__code__
            self_name = code.co_varnames[0] if is_method and code.co_argcount else None
            closure = dict(zip(code.co_freevars, fn.__closure__ or (), strict=True))
            for opname, name, attrs, line in _chains(code):
                where = f"{os.path.basename(code.co_filename)}:{line}"
                if opname == "LOAD_FAST":
                    method = self._method(cls, attrs[0]) if name == self_name and attrs else None
                    if method is not None:
                        queue.append((method, True))
                    continue
                if opname == "LOAD_DEREF":
                    value = _cell_contents(closure[name]) if name in closure else _EMPTY
                else:
                    value = fn.__globals__.get(name, _EMPTY)
                if value is _EMPTY:
                    continue
                problem = self._check(value, name, attrs, where)
                if problem and problem not in found:
                    found.append(problem)
                if isinstance(value, types.FunctionType) and is_user_code(value):
                    queue.append((value, False))
        self._problems[cls] = found
        return found

    def _check(self, value, name: str, attrs: List[str], where: str) -> Optional[str]:
        text = ".".join([name] + attrs)
        if _is_numpy(value):
            return (f"it calls NumPy directly ({text}, {where}); NumPy cannot follow "
                    f"{self.dst.name} tensors through autograd, so write it with "
                    f"{self.src.name}'s torch-named functions")
        if not self.src.owns(value):
            return None
        current, twin = value, self.translate(value)
        if isinstance(twin, Missing):
            return (f"it uses {twin._path} ({text}, {where}), which {self.dst.name} does not "
                    "have")
        for attr in attrs:
            if not isinstance(current, types.ModuleType) or not hasattr(current, attr):
                break
            if not hasattr(twin, attr):
                return (f"it uses {current.__name__}.{attr} ({text}, {where}), which "
                        f"{self.dst.name} does not have ({twin.__name__}.{attr} is missing)")
            current, twin = getattr(current, attr), getattr(twin, attr)
        return None


def _checked_first_call(forward, translator: Translator):
    """Wrap a twin's forward so that a failure of its first call names the module and why."""
    @functools.wraps(forward)
    def checked_forward(self, *args, **kwargs):
        if self.__dict__.get("_twin_checked"):
            return forward(self, *args, **kwargs)
        try:
            out = forward(self, *args, **kwargs)
        except TwinError:
            raise
        except Exception as error:
            origin = self.__dict__.get("_twin_of", f"module {type(self).__qualname__}")
            raise TwinError(
                f"the {translator.dst.name} twin of {origin} failed on its first forward call "
                f"with {type(error).__name__}: {error}.  Its forward is the {translator.src.name}"
                f" code re-bound to {translator.dst.name}; it fails when the code uses a name "
                f"(often a tensor method) that only {translator.src.name} has, or when the "
                "input does not fit the model") from error
        self.__dict__["_twin_checked"] = True
        return out
    return checked_forward


_EMPTY = object()


class _Globals(dict):
    """A re-bound function's globals: the translated names, over the module's live globals
    (a name that needs no translation is looked up in the module when the code runs)."""

    def __init__(self, module_globals: dict):
        super().__init__()
        self.module_globals = module_globals

    def __missing__(self, name: str):
        return self.module_globals[name]


def _cell_contents(cell) -> Any:
    try:
        return cell.cell_contents
    except ValueError:          # an empty cell (a variable not yet assigned)
        return _EMPTY


TO_TORCH = Translator(MINIGRAD, TORCH)
TO_MINIGRAD = Translator(TORCH, MINIGRAD)
TO_TORCH.reverse, TO_MINIGRAD.reverse = TO_MINIGRAD, TO_TORCH


def signature_parameters(cls: type) -> List[inspect.Parameter]:
    """The named constructor parameters of ``cls`` (empty for ``__init__(*args, **kwargs)``)."""
    try:        # __init__'s own signature (Module.__new__ takes *args too)
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p for p in params if p.kind in kinds]
