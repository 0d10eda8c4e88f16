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
