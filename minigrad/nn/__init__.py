"""``minigrad.nn``: modules, layers, losses, ``functional`` and ``init`` (like ``torch.nn``)."""
from .parameter import Buffer, Parameter
from .module import Module
from .container import ModuleDict, ModuleList, Sequential
from .linear import Identity, Linear
from .conv import Conv1d, Conv2d
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .activation import (ELU, GELU, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, ReLU, ReLU6,
                         SiLU, Sigmoid, Softmax, Softmin, Softplus, Tanh)
from .dropout import Dropout
from .sparse import Embedding
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .flatten import Flatten, Unflatten
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss,
                   MSELoss, NLLLoss, SmoothL1Loss)
from . import functional, init, utils

__all__ = [name for name in dir() if not name.startswith("_")]
