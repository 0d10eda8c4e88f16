"""torch's words for a ``minigrad.<name>(input, ...)`` function given a non-tensor input.

torch checks a function's arguments against its signatures (its "overloads") before
running it.  minigrad runs the Tensor method directly and consults the signatures
below only once the input turns out not to be a tensor, so the good path pays one
``isinstance``.  Like torch's argument parser: when exactly one overload can take as
many arguments as were given, the message names the argument at fault ("argument
'input' (position 1) must be Tensor, not list"); otherwise it lists every overload
("received an invalid combination of arguments - got (list, int), but expected one
of: ...").  Functions with a single signature always get the first form.
"""
from __future__ import annotations

import functools
import numbers

import numpy as np

from ._tensor_convert import invalid_arguments

# the overloads torch 2.14 prints for the function forms that have several (creation
# functions aside); a function missing here has one signature: (Tensor input, ...)
OVERLOADS = {
    "true_divide": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other"),
    "divide": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Tensor other, *, str rounding_mode, Tensor out = None",
        "Tensor input, Number other",
        "Tensor input, Number other, *, str rounding_mode"),
    "multiply": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other"),
    "subtract": (
        "Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None",
        "Tensor input, Number other, Number alpha = 1"),
    "div": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Tensor other, *, str rounding_mode, Tensor out = None",
        "Tensor input, Number other, *, str rounding_mode"),
    "pow": (
        "Tensor input, Tensor exponent, *, Tensor out = None",
        "Number self, Tensor exponent, *, Tensor out = None",
        "Tensor input, Number exponent, *, Tensor out = None"),
    "clamp": (
        "Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None",
        "Tensor input, Number min = None, Number max = None, *, Tensor out = None"),
    "clip": (
        "Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None",
        "Tensor input, Number min = None, Number max = None, *, Tensor out = None"),
    "clamp_min": (
        "Tensor input, Tensor min, *, Tensor out = None",
        "Tensor input, Number min, *, Tensor out = None"),
    "clamp_max": (
        "Tensor input, Tensor max, *, Tensor out = None",
        "Tensor input, Number max, *, Tensor out = None"),
    "mm": (
        "Tensor input, Tensor mat2, *, Tensor out = None",
        "Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None"),
    "bmm": (
        "Tensor input, Tensor mat2, *, Tensor out = None",
        "Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None"),
    "sum": (
        "Tensor input, *, torch.dtype dtype = None",
        "Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
        "Tensor out = None"),
    "mean": (
        "Tensor input, *, torch.dtype dtype = None, Tensor out = None",
        "Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
        "Tensor out = None"),
    "max": (
        "Tensor input, *, Tensor out = None",
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None"),
    "min": (
        "Tensor input, *, Tensor out = None",
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None"),
    "var": (
        "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, "
        "Tensor out = None",
        "Tensor input, tuple of ints dim = None, *, Number correction = None, "
        "bool keepdim = False, Tensor out = None",
        "Tensor input, bool unbiased = True"),
    "std": (
        "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, "
        "Tensor out = None",
        "Tensor input, tuple of ints dim = None, *, Number correction = None, "
        "bool keepdim = False, Tensor out = None",
        "Tensor input, bool unbiased = True"),
    "squeeze": (
        "Tensor input",
        "Tensor input, int dim",
        "Tensor input, tuple of ints dim"),
    "eq": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "ne": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "lt": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "le": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "gt": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "ge": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "round": (
        "Tensor input, *, Tensor out = None",
        "Tensor input, *, int decimals, Tensor out = None"),
    "any": (
        "Tensor input, *, Tensor out = None",
        "Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None",
        "Tensor input, int dim, bool keepdim = False, *, Tensor out = None"),
    "all": (
        "Tensor input, *, Tensor out = None",
        "Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None",
        "Tensor input, int dim, bool keepdim = False, *, Tensor out = None"),
    "masked_fill": (
        "Tensor input, Tensor mask, Tensor value",
        "Tensor input, Tensor mask, Number value"),
    "narrow": (
        "Tensor input, int dim, Tensor start, int length",
        "Tensor input, int dim, int start, int length"),
    "scatter": (
        "Tensor input, int dim, Tensor index, Tensor src, *, Tensor out = None",
        "Tensor input, int dim, Tensor index, Tensor src, *, str reduce, Tensor out = None",
        "Tensor input, int dim, Tensor index, Number value, *, Tensor out = None",
        "Tensor input, int dim, Tensor index, Number value, *, str reduce, Tensor out = None"),
    "index_fill": (
        "Tensor input, int dim, Tensor index, Tensor value",
        "Tensor input, int dim, Tensor index, Number value"),
    "tensor_split": (
        "Tensor input, tuple of ints indices, int dim = 0",
        "Tensor input, Tensor tensor_indices_or_sections, int dim = 0",
        "Tensor input, int sections, int dim = 0"),
    "hsplit": (
        "Tensor input, int sections",
        "Tensor input, tuple of ints indices"),
    "vsplit": (
        "Tensor input, int sections",
        "Tensor input, tuple of ints indices"),
    "dsplit": (
        "Tensor input, int sections",
        "Tensor input, tuple of ints indices"),
    "movedim": (
        "Tensor input, int source, int destination",
        "Tensor input, tuple of ints source, tuple of ints destination"),
    "moveaxis": (
        "Tensor input, int source, int destination",
        "Tensor input, tuple of ints source, tuple of ints destination"),
    "histogram": (
        "Tensor input, Tensor bins, *, Tensor weight = None, bool density = False, "
        "tuple of Tensors out = None",
        "Tensor input, int bins = 100, *, tuple of floats range = None, Tensor weight = None, "
        "bool density = False, tuple of Tensors out = None"),
    "bucketize": (
        "Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, "
        "Tensor out = None",
        "Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False"),
    "histogramdd": (
        "Tensor input, int bins, tuple of floats range = None, Tensor weight = None, "
        "bool density = False",
        "Tensor input, tuple of ints bins, tuple of floats range = None, Tensor weight = None, "
        "bool density = False",
        "Tensor input, tuple of Tensors bins, tuple of floats range = None, "
        "Tensor weight = None, bool density = False"),
    "repeat_interleave": (
        "Tensor input, Tensor repeats, int dim = None, *, int output_size = None",
        "Tensor repeats, *, int output_size = None",
        "Tensor input, int repeats, int dim = None, *, int output_size = None"),
    "searchsorted": (
        "Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, "
        "str side = None, Tensor sorter = None, Tensor out = None",
        "Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, "
        "str side = None, Tensor sorter = None, Tensor out = None"),
    "bitwise_and": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "bitwise_or": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "bitwise_xor": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "bitwise_left_shift": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "bitwise_right_shift": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "copysign": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "fmod": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "lerp": (
        "Tensor input, Tensor end, Tensor weight, *, Tensor out = None",
        "Tensor input, Tensor end, Number weight, *, Tensor out = None"),
    "median": (
        "Tensor input",
        "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None"),
    "nanmedian": (
        "Tensor input",
        "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None"),
    "prod": (
        "Tensor input, *, torch.dtype dtype = None",
        "Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, "
        "Tensor out = None"),
    "quantile": (
        "Tensor input, Tensor q, int dim = None, bool keepdim = False, *, "
        'str interpolation = "linear", Tensor out = None',
        "Tensor input, float q, int dim = None, bool keepdim = False, *, "
        'str interpolation = "linear", Tensor out = None'),
    "nanquantile": (
        "Tensor input, Tensor q, int dim = None, bool keepdim = False, *, "
        'str interpolation = "linear", Tensor out = None',
        "Tensor input, float q, int dim = None, bool keepdim = False, *, "
        'str interpolation = "linear", Tensor out = None'),
    "greater_equal": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "greater": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "less_equal": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "less": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "not_equal": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "sort": (
        "Tensor input, *, bool stable, int dim = -1, bool descending = False, "
        "tuple of Tensors out = None",
        "Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None"),
    "argsort": (
        "Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None",
        "Tensor input, int dim = -1, bool descending = False"),
    "count_nonzero": (
        "Tensor input, int dim = None",
        "Tensor input, tuple of ints dim"),
    "float_power": (
        "Tensor input, Tensor exponent, *, Tensor out = None",
        "Number self, Tensor exponent, *, Tensor out = None",
        "Tensor input, Number exponent, *, Tensor out = None"),
    "xlogy": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other, *, Tensor out = None",
        "Tensor input, Number other, *, Tensor out = None"),
    "remainder": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Number self, Tensor other",
        "Tensor input, Number other, *, Tensor out = None"),
    "floor_divide": (
        "Tensor input, Tensor other, *, Tensor out = None",
        "Tensor input, Number other"),
    "isin": (
        "Tensor elements, Tensor test_elements, *, bool assume_unique = False, "
        "bool invert = False, Tensor out = None",
        "Number element, Tensor test_elements, *, bool assume_unique = False, "
        "bool invert = False, Tensor out = None",
        "Tensor elements, Number test_element, *, bool assume_unique = False, "
        "bool invert = False, Tensor out = None"),
    "std_mean": (
        "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False",
        "Tensor input, tuple of ints dim = None, *, Number correction = None, "
        "bool keepdim = False",
        "Tensor input, bool unbiased = True"),
    "var_mean": (
        "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False",
        "Tensor input, tuple of ints dim = None, *, Number correction = None, "
        "bool keepdim = False",
        "Tensor input, bool unbiased = True"),
    "gradient": (
        "Tensor input, *, tuple of ints dim, int edge_order = 1",
        "Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1",
        "Tensor input, *, Number spacing = None, int dim = None, int edge_order = 1",
        "Tensor input, *, tuple of Scalars spacing, int dim = None, int edge_order = 1",
        "Tensor input, *, tuple of Scalars spacing, tuple of ints dim, int edge_order = 1",
        "Tensor input, *, tuple of Tensors spacing, int dim = None, int edge_order = 1",
        "Tensor input, *, tuple of Tensors spacing, tuple of ints dim, int edge_order = 1"),
}


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _parameters(signature: str) -> list:
    """``"Tensor input, int dim = 0, *, Tensor out = None"`` -> [(type, name, has default,
    keyword only), ...]."""
    out, keyword_only = [], False
    for part in signature.split(", ") if signature else []:
        if part == "*":
            keyword_only = True
            continue
        declaration, _, default = part.partition(" = ")
        kind, _, name = declaration.rpartition(" ")
        out.append((kind, name, bool(default), keyword_only))
    return out


def _accepts(kind: str, value) -> bool:
    """Whether torch's parser takes ``value`` for a parameter of type ``kind``."""
    Tensor = _tensor_cls()
    integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if kind == "Tensor":
        return isinstance(value, Tensor)
    if kind == "Number":
        return isinstance(value, (numbers.Number, np.generic)) or (
            isinstance(value, Tensor) and value.ndim == 0)
    if kind == "int":
        return integer
    if kind == "float":
        return isinstance(value, (numbers.Real, np.generic)) and not isinstance(value, bool)
    if kind in ("bool", "str"):
        return isinstance(value, {"bool": bool, "str": str}[kind])
    if kind == "tuple of ints":
        return integer or (isinstance(value, (list, tuple)) and all(
            isinstance(v, (int, np.integer)) for v in value))
    return True


def invalid_call(name: str, args: tuple, kwargs=None, *, method: bool = False,
                 signature: str | None = None) -> TypeError:
    """torch's TypeError for ``torch.<name>(*args, **kwargs)`` (``Tensor.<name>`` with
    ``method``, ``args`` then leaving out the tensor itself) when some argument has the
    wrong type.

    The overloads come from OVERLOADS; a method has those of its function that take a
    Tensor input, without the input and ``out``.  ``signature`` stands for a function
    with a single one (``"Tensor other"``).
    """
    kwargs = kwargs or {}
    overloads = _overloads(name, method) or ((signature,) if signature is not None else
                                              ("Tensor input",))
    given = len(args) + len(kwargs)
    plausible = overloads if len(overloads) == 1 else [
        s for s in overloads if _arity(s)[0] <= given <= _arity(s)[1]]
    if len(plausible) == 1:
        parameters = _parameters(plausible[0])
        positional = [p for p in parameters if not p[3]]
        for position, (value, (kind, argument, optional, _)) in enumerate(
                zip(args, positional, strict=False)):
            if not (value is None and optional) and not _accepts(kind, value):
                return TypeError(f"{name}(): argument '{argument}' (position {position + 1}) "
                                 f"must be {kind}, not {type(value).__name__}")
        for kind, argument, optional, _ in parameters:
            value = kwargs.get(argument)
            if argument in kwargs and not (value is None and optional) and not _accepts(
                    kind, value):
                return TypeError(f"{name}(): argument '{argument}' must be {kind}, not "
                                 f"{type(value).__name__}")
    return TypeError(invalid_arguments(name, args, overloads, kwargs))


def invalid_input(name: str, args: tuple, kwargs=None) -> TypeError:
    """The TypeError of ``torch.<name>(*args, **kwargs)`` whose input is not a tensor."""
    return invalid_call(name, args, kwargs)


def _overloads(name: str, method: bool):
    if not method:
        return OVERLOADS.get(name)
    base = name[:-1] if name.endswith("_") and name not in OVERLOADS else name
    if base not in OVERLOADS:
        return None
    out = []
    for signature in OVERLOADS[base]:
        parameters = signature.split(", ")
        if parameters[0] != "Tensor input":
            continue
        kept = [p for p in parameters[1:] if not p.endswith(" out = None")]
        if kept and kept[-1] == "*":
            kept.pop()
        out.append(", ".join(kept))
    return tuple(out)


def _arity(signature: str) -> tuple:
    parameters = _parameters(signature)
    return sum(not p[2] for p in parameters), len(parameters)


def tensor_input(name: str, function):
    """``function`` (the form ``torch.<name>(input, ...)``) refusing a non-tensor input."""
    Tensor = _tensor_cls()

    @functools.wraps(function)
    def checked(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise invalid_input(name, (input, *args), kwargs)
        return function(input, *args, **kwargs)
    return checked
