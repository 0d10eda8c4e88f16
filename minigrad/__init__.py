"""minigrad: reverse-mode autograd and neural networks on NumPy, with PyTorch's API.

``import minigrad as torch`` runs the PyTorch beginner tutorials unchanged
(on the CPU).
"""
from ._allocator import keep_freed_memory
from ._dtype import (bool, double, dtype, float, float16, float32, float64, get_default_dtype,
                     half, int, int8, int16, int32, int64, long, set_default_dtype, short, uint8)
from ._device import Size, device
from ._tensor import Tensor
from ._creation import (arange, as_tensor, cat, concat, concatenate, empty, empty_like, eye,
                        from_numpy, full, full_like, linspace, ones, ones_like, rand, rand_like,
                        randint, randn, randn_like, randperm, stack, tensor, where, zeros,
                        zeros_like)
from .random import Generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled, no_grad,
                                 set_grad_enabled)
from . import autograd, accelerator, backends, cuda, random
from . import nn
from . import optim
from .serialization import load, save
from .autograd.anomaly_mode import (is_anomaly_check_nan_enabled, is_anomaly_enabled,
                                    set_anomaly_enabled)
from . import utils
from . import profiler
from . import viz

keep_freed_memory()   # see minigrad/_allocator.py: recycle big buffers between steps

__version__ = "0.1.0"
# __version__ is the one version number (pyproject.toml reads it).  MIRRORED_TORCH is the
# PyTorch release whose API and behaviour minigrad mirrors, whichever torch is installed.
MIRRORED_TORCH = "2.14"

# memory formats are accepted and ignored: NumPy arrays here are always row-major
preserve_format = contiguous_format = channels_last = "preserve_format"

# torch.<op>(tensor, ...) functions are the Tensor methods of the same name
_METHOD_FUNCTIONS = (
    "add sub mul div neg negative pow exp log sqrt rsqrt square reciprocal abs absolute sin cos "
    "sigmoid tanh relu clamp clip clamp_min clamp_max maximum minimum matmul mm bmm mv dot sum "
    "mean max min amax amin argmax argmin var std norm logsumexp softmax log_softmax reshape "
    "flatten squeeze unsqueeze permute transpose swapaxes swapdims t eq ne lt le gt ge "
    "isnan isfinite isinf sign floor ceil round any all equal allclose isclose logical_not "
    "masked_fill split chunk unbind narrow broadcast_to clone numel detach"
).split()
for _name in _METHOD_FUNCTIONS:
    globals()[_name] = getattr(Tensor, _name)
del _name

# the public names: those imported above, the function forms of Tensor methods and
# the aliases below
__all__ = [
    "bool", "double", "dtype", "float", "float16", "float32", "float64",
    "get_default_dtype", "half", "int", "int8", "int16", "int32", "int64", "long",
    "set_default_dtype", "short", "uint8", "Size", "device", "Tensor", "arange",
    "as_tensor", "cat", "concat", "concatenate", "empty", "empty_like", "eye", "from_numpy",
    "full", "full_like", "linspace", "ones", "ones_like", "rand", "rand_like", "randint",
    "randn", "randn_like", "randperm", "stack", "tensor", "where", "zeros", "zeros_like",
    "Generator", "get_rng_state", "initial_seed", "manual_seed", "seed", "set_rng_state",
    "enable_grad", "inference_mode", "is_grad_enabled", "no_grad", "set_grad_enabled",
    "autograd", "accelerator", "backends", "cuda", "random", "nn", "optim", "load", "save",
    "utils", "true_divide", "divide", "multiply", "subtract", "is_tensor",
    "is_floating_point", "is_storage", "numel", "preserve_format", "contiguous_format",
    "channels_last"
] + _METHOD_FUNCTIONS
__all__ += ["viz"]
__all__ += ["MIRRORED_TORCH"]

true_divide = divide = Tensor.div
multiply = Tensor.mul
subtract = Tensor.sub
is_tensor = lambda obj: isinstance(obj, Tensor)  # noqa: E731
is_floating_point = Tensor.is_floating_point


def is_storage(obj) -> bool:
    return False


def numel(input: Tensor) -> int:
    return input.numel()

# instruments that watch autograd (anomaly mode, profiler; see minigrad/autograd/instruments.py)
__all__ += ["is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_anomaly_enabled",
            "profiler"]

# -- issue 12b: default device, indexing/joining and "other" ops, out= ----------------------
from ._device import get_default_device, set_default_device  # noqa: E402
from . import _out, functional  # noqa: E402
from .functional import (atleast_1d, atleast_2d, atleast_3d, block_diag,  # noqa: E402
                         broadcast_shapes, broadcast_tensors, bucketize, cartesian_prod, cdist,
                         column_stack, combinations, dstack, einsum, histogramdd, hstack,
                         meshgrid, repeat_interleave, row_stack, searchsorted, tensordot,
                         tril_indices, triu_indices, unravel_index, vander, vstack)

# torch.<op>(tensor, ...) forms of the indexing and "other operations" Tensor methods
_METHOD_FUNCTIONS_12B = (
    "gather scatter scatter_add scatter_reduce index_select index_add index_copy index_fill "
    "index_put index_reduce masked_select masked_scatter take take_along_dim put nonzero "
    "argwhere select narrow_copy select_scatter slice_scatter diagonal_scatter tensor_split "
    "hsplit vsplit dsplit movedim moveaxis tile adjoint conj resolve_conj resolve_neg is_conj "
    "is_neg flip fliplr flipud roll rot90 tril triu diagonal diag_embed diag diagflat trace "
    "unflatten ravel renorm diff cov corrcoef outer ger inner kron cross histc histogram "
    "bincount gcd lcm"
).split()
for _name in _METHOD_FUNCTIONS_12B:
    globals()[_name] = getattr(Tensor, _name)
__all__ += _METHOD_FUNCTIONS_12B
__all__ += ["get_default_device", "set_default_device", "functional", "atleast_1d", "atleast_2d",
            "atleast_3d", "block_diag", "broadcast_shapes", "broadcast_tensors", "bucketize",
            "cartesian_prod", "cdist", "column_stack", "combinations", "dstack", "einsum",
            "histogramdd", "hstack", "meshgrid", "repeat_interleave", "row_stack",
            "searchsorted", "tensordot", "tril_indices", "triu_indices", "unravel_index",
            "vander", "vstack"]

_DOT_RULE = _out.exact("result dtype {out} does not match input dtype {result}",
                       _out.SCALAR_TYPE)
_ADDMV_RULE = _out.exact("addmv input tensors must have the same dtype, but got {out}, "
                         "{result}, and {result}", _out.SCALAR_TYPE)


def _mv_rule(input, vec, out):
    """mv checks out's dtype as addmv's input when out has the right shape already."""
    right = isinstance(out, Tensor) and tuple(out.shape) == tuple(input.shape[:-1])
    return _ADDMV_RULE if right else _out.same_rule


def _matmul_rule(input, other, out):
    """matmul answers with the error of the product it becomes (dot, mv or mm)."""
    if other.ndim != 1:
        return _out.same_rule
    if input.ndim == 1:
        return _DOT_RULE
    return _mv_rule(input, other, out) if input.ndim == 2 else _ADDMV_RULE


# name -> dtype rule for out (see _out.writes_out); other function forms are added here
_OUT_RULES = {
    "add": "cast", "sub": "cast", "subtract": "cast", "mul": "cast", "multiply": "cast",
    "div": "cast", "divide": "cast", "true_divide": "cast",
    "mm": "same", "bmm": "same", "dot": _DOT_RULE,
    "cat": _out.CAT_RULE, "concat": _out.CAT_RULE, "concatenate": _out.CAT_RULE,
    "stack": _out.CAT_RULE,
    "where": _out.exact("Expected out type to be {result} but got {out}", _out.SCALAR_TYPE),
    # indexing, slicing, joining (issue 12b)
    "gather": "same", "scatter": "same", "scatter_add": "same", "scatter_reduce": "same",
    "index_add": "same", "index_copy": "same", "index_reduce": "same", "slice_scatter": "same",
    "take_along_dim": "same",
    "index_select": _out.exact("index_select(): self and result must have the same scalar type"),
    "masked_select": _out.exact("masked_select(): self and result must have the same scalar "
                                "type"),
    "take": _out.exact("take(): self and out expected to have the same dtype, but got "
                       "self.dtype = {result} and out.dtype = {out}", _out.SCALAR_TYPE),
    "nonzero": _out.exact("nonzero: Expected out tensor to have scalar type {result} but got "
                          "scalar type{out}", _out.SCALAR_TYPE),
    "hstack": _out.CAT_RULE, "vstack": _out.CAT_RULE, "row_stack": _out.CAT_RULE,
    "dstack": _out.CAT_RULE, "column_stack": _out.CAT_RULE,
    # other operations (issue 12b)
    "tril": "same", "triu": "same", "renorm": "same", "cross": "same",
    "diff": "cast", "outer": "cast", "ger": "cast", "kron": "cast", "gcd": "cast", "lcm": "cast",
    "inner": _out.exact("tensordot: Expected the output tensor to have dtype {result}, but got "
                        "an output tensor with dtype {out}", _out.SCALAR_TYPE),
    "tensordot": _out.exact("tensordot: Expected the output tensor to have dtype {result}, but "
                            "got an output tensor with dtype {out}", _out.SCALAR_TYPE),
    "histc": _out.exact("torch.histogram: input tensor and hist tensor should have the same "
                        "dtype, but got input {result} and hist {out}"),
    "histogram": (_out.exact("torch.histogram: input tensor and hist tensor should have the "
                             "same dtype, but got input {result} and hist {out}"),
                  _out.exact("torch.histogram: input tensor and bin_edges tensor should have "
                             "the same dtype, but got input {result} and bin_edges {out} for "
                             "dimension 0")),
}
for _name, _rule in _OUT_RULES.items():
    globals()[_name] = _out.writes_out(_name, _rule)(globals()[_name])
del _name, _rule
mv = _out.writes_out("mv", pick_rule=_mv_rule)(Tensor.mv)
matmul = _out.writes_out("matmul", pick_rule=_matmul_rule)(Tensor.matmul)


def _searchsorted_rule(*args, out_int32=False, out=None, **kwargs):
    want = "int32" if out_int32 else "int64"
    flag = "True" if out_int32 else "False"

    def rule(result, got):
        if got.name != want:
            raise RuntimeError("torch.searchsorted(): output tensor's dtype is wrong, it can only "
                               "be Int(int32) or Long(int64) depending on whether out_int32 flag "
                               "is True, but we got output tensor's dtype "
                               f"{_out.SCALAR_TYPE[got.name]} and out_int32 flag is {flag}")
    return rule


def _diag_rule(input, *args, out=None, **kwargs):
    """diag of a vector first checks that the result casts to out, then the exact dtype."""
    if input.ndim != 1:
        return _out.same_rule
    cast = _out.castable("diag: result type {result} can't be cast to the desired out= type "
                         "{out}")

    def rule(result, got):
        cast(result, got)
        _out.same_rule(result, got)
    return rule


diag = _out.writes_out("diag", pick_rule=_diag_rule)(Tensor.diag)
narrow_copy = _out.writes_out("narrow_copy", _out.exact(
    "Expected self.dtype() == output.dtype() to be true, but got false.  (Could this error "
    "message be improved?  If so, please report an enhancement request to PyTorch.)"),
    warn_resize=False)(Tensor.narrow_copy)
searchsorted = _out.writes_out("searchsorted", pick_rule=_searchsorted_rule)(searchsorted)
bucketize = _out.writes_out("bucketize", pick_rule=_searchsorted_rule)(bucketize)
# -- issue 12a: torch's pointwise, reduction and comparison functions and the cumulative
# scans, with out= where torch has it (minigrad/_math_functions.py); add, sub, mul and div
# are replaced by forms that also take a python number first (torch.add(3, x))
from ._math_functions import FUNCTIONS as _MATH_FUNCTIONS  # noqa: E402

globals().update(_MATH_FUNCTIONS)
__all__ += [_name for _name in _MATH_FUNCTIONS if _name not in __all__]

# the rest of torch's module paths that tutorials and examples import (issue 12): real where a
# single process on the CPU can do what torch does, NotImplementedError with a reason elsewhere
from . import (amp, compiler, distributed, distributions, export, func, fx, hub,  # noqa: E402
               jit, multiprocessing, onnx, serialization, testing, types)
from .vision import utils as _vision_utils  # noqa: E402,F401  (vision.utils on import)


def compile(model=None, **kwargs):
    """``torch.compile``: minigrad has no compiler, so the model (or function) runs as it is.

    Used as ``compile(model)`` or as a decorator, with or without arguments.
    """
    if model is None:
        return lambda fn: fn
    return model


__all__ += ["amp", "compile", "compiler", "distributed", "distributions", "export", "func", "fx",
            "hub", "jit", "multiprocessing", "onnx", "serialization", "testing", "types"]

# the rest of torch's creation and random sampling functions (issue 12, coverage); from here
# on, ``range`` in this module is torch.range, as in torch's own namespace
from ._creation_extra import (asarray, from_dlpack, frombuffer, logspace,  # noqa: E402
                              range)  # noqa: A004
from ._sampling import (bernoulli, is_complex, is_nonzero, multinomial, normal,  # noqa: E402
                        poisson, randint_like, set_flush_denormal)

from ._tensor_str import set_printoptions  # noqa: E402

__all__ += ["asarray", "bernoulli", "from_dlpack", "frombuffer", "is_complex", "is_nonzero",
            "logspace", "multinomial", "normal", "poisson", "randint_like", "range",
            "set_flush_denormal", "set_printoptions"]

# threads, like torch.set_num_threads and friends (see minigrad/_parallel.py): NumPy's
# BLAS stays on one thread and minigrad splits large work over its own thread pool
from . import _parallel  # noqa: E402
from ._parallel import (get_num_interop_threads, get_num_threads,  # noqa: E402
                        set_num_interop_threads, set_num_threads)

__all__ += ["get_num_threads", "set_num_threads", "get_num_interop_threads",
            "set_num_interop_threads"]
_parallel.set_num_threads(_parallel.get_num_threads())
