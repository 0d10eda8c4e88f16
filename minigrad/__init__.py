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

# -- issue 12b: torch's out= keyword on function forms (the mechanism is minigrad/_out.py) ----
from . import _out  # noqa: E402

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
}
for _name, _rule in _OUT_RULES.items():
    globals()[_name] = _out.writes_out(_name, _rule)(globals()[_name])
del _name, _rule
mv = _out.writes_out("mv", pick_rule=_mv_rule)(Tensor.mv)
matmul = _out.writes_out("matmul", pick_rule=_matmul_rule)(Tensor.matmul)


# -- issue 12a: torch's pointwise, reduction and comparison functions and the cumulative
# scans, with out= where torch has it (minigrad/_math_functions.py); add, sub, mul and div
# are replaced by forms that also take a python number first (torch.add(3, x))
from ._math_functions import FUNCTIONS as _MATH_FUNCTIONS  # noqa: E402

globals().update(_MATH_FUNCTIONS)
__all__ += [_name for _name in _MATH_FUNCTIONS if _name not in __all__]
