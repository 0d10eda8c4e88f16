"""Constructor arguments and inputs for every ``nn`` layer class, for the twin round trips.

``ROWS[name]`` lists ways to build layer ``name`` and the inputs of its forward.
Each row's ``build(nn, lib)`` constructs the layer from the ``nn`` namespace it
is given (``lib`` is the tensor library, for arguments such as a loss weight),
so the same row builds the minigrad layer, a user subclass of it (the test
swaps the class in the namespace) or, to check a row, the torch layer.

``tests/bridge/test_convert_layers.py`` enumerates ``minigrad.nn``'s public
Module classes and fails for any class without a row here: a layer added to
minigrad gets its row when it is added (torch's argument order and input
shapes are the specification).  Rows for torch layers minigrad does not have
yet are used from the day minigrad gets the class.

Input specs: ``f`` normal floats, ``u`` floats in (0.05, 0.95), ``pos``
positive floats, ``sgn`` values of +1/-1, ``idx(high, ...)`` int64 indices
below ``high``, ``const(value, ...)`` int64 entries equal to ``value``.

A lazy layer (``LazyLinear``...) travels before its first forward, with its parameters
uninitialized: its row has no inputs (its first forward would draw new weights on each side
and turn it into the concrete layer, whose own row covers that).
"""
from __future__ import annotations

from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np


class In(NamedTuple):
    shape: Tuple[int, ...]
    kind: str = "normal"
    high: int = 0

    def array(self, rng: np.random.Generator, dtype) -> np.ndarray:
        if self.kind == "index":
            return rng.integers(0, self.high, self.shape).astype(np.int64)
        if self.kind == "unit":
            return rng.uniform(0.05, 0.95, self.shape).astype(dtype)
        if self.kind == "positive":
            return rng.uniform(0.5, 2.0, self.shape).astype(dtype)
        if self.kind == "constant":
            return np.full(self.shape, self.high, np.int64)
        if self.kind == "sign":
            return np.where(rng.random(self.shape) < 0.5, -1.0, 1.0).astype(dtype)
        return rng.standard_normal(self.shape).astype(dtype)


def f(*shape):
    return In(shape)


def u(*shape):
    return In(shape, "unit")


def pos(*shape):
    return In(shape, "positive")


def sgn(*shape):
    return In(shape, "sign")


def idx(high, *shape):
    return In(shape, "index", high)


def const(value, *shape):
    """int64 entries all equal to ``value`` (sequence lengths)."""
    return In(shape, "constant", value)


class Row(NamedTuple):
    build: Callable            # build(nn, lib) -> the layer
    inputs: Optional[tuple]    # input specs of forward; None: the class has no forward
    stored: str = ""           # why a user subclass cannot be rebuilt (see below)


def R(build, *inputs, stored: str = ""):
    """A row.  ``stored``: the start of the TwinError a user subclass of the layer gets
    because neither library keeps what its constructor needs (an argument such as
    ``d_model``, or ``cutoffs`` as given) on the layer, so it cannot be rebuilt from
    its attributes (a regular expression the test matches)."""
    return Row(build, inputs, stored)


def NOFORWARD(build, stored: str = ""):
    """A row without forward inputs (``stored``: as for ``R``)."""
    return Row(build, None, stored)


def argument(name: str) -> str:
    """The TwinError of a constructor argument that neither library stores."""
    return f"argument '{name}', which the module does not store"


ROWS: Dict[str, List[Row]] = {
    # -- containers and the base class
    "Module": [NOFORWARD(lambda nn, lib: nn.Module())],
    "Sequential": [R(lambda nn, lib: nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)),
                     f(2, 4))],
    "ModuleList": [NOFORWARD(lambda nn, lib: nn.ModuleList([nn.Linear(4, 3), nn.Tanh()]))],
    "ModuleDict": [NOFORWARD(lambda nn, lib: nn.ModuleDict({"a": nn.Linear(4, 3),
                                                            "b": nn.BatchNorm1d(3)}))],
    "ParameterList": [NOFORWARD(lambda nn, lib: nn.ParameterList(
        [nn.Parameter(lib.ones(2, 3)), nn.Parameter(lib.zeros(4))]))],
    "ParameterDict": [NOFORWARD(lambda nn, lib: nn.ParameterDict(
        {"w": nn.Parameter(lib.ones(2, 3)), "b": nn.Parameter(lib.zeros(3))}))],
    "Container": [NOFORWARD(lambda nn, lib: nn.Container(a=nn.Linear(4, 3), b=nn.ReLU()))],
    "DataParallel": [R(lambda nn, lib: nn.DataParallel(nn.Linear(4, 3)), f(2, 4))],
    # -- linear, convolution, embedding
    "Identity": [R(lambda nn, lib: nn.Identity(3, unused="x"), f(2, 3))],
    "Linear": [R(lambda nn, lib: nn.Linear(4, 3), f(2, 4)),
               R(lambda nn, lib: nn.Linear(4, 3, bias=False), f(5, 2, 4))],
    "Bilinear": [R(lambda nn, lib: nn.Bilinear(3, 4, 2), f(5, 3), f(5, 4))],
    "Conv1d": [R(lambda nn, lib: nn.Conv1d(2, 4, 3, stride=2, padding=1), f(2, 2, 9)),
               R(lambda nn, lib: nn.Conv1d(4, 4, 3, groups=2, bias=False,
                                           padding_mode="reflect", padding=1), f(2, 4, 7))],
    "Conv2d": [R(lambda nn, lib: nn.Conv2d(2, 4, 3, padding=1), f(2, 2, 6, 6)),
               R(lambda nn, lib: nn.Conv2d(2, 4, (3, 2), stride=(2, 1), dilation=2,
                                           bias=False), f(2, 2, 9, 8)),
               R(lambda nn, lib: nn.Conv2d(2, 2, 3, padding="same", padding_mode="circular"),
                 f(1, 2, 5, 5))],
    "Conv3d": [R(lambda nn, lib: nn.Conv3d(2, 3, 3, padding=1), f(2, 2, 4, 5, 4))],
    "ConvTranspose1d": [R(lambda nn, lib: nn.ConvTranspose1d(2, 3, 3, stride=2,
                                                             output_padding=1), f(2, 2, 5))],
    "ConvTranspose2d": [R(lambda nn, lib: nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1,
                                                             groups=2), f(2, 2, 4, 4))],
    "ConvTranspose3d": [R(lambda nn, lib: nn.ConvTranspose3d(2, 3, 2, stride=2),
                          f(1, 2, 3, 3, 3))],
    "Embedding": [R(lambda nn, lib: nn.Embedding(7, 3), idx(7, 2, 5)),
                  R(lambda nn, lib: nn.Embedding(7, 3, padding_idx=-1), idx(7, 4))],
    "EmbeddingBag": [R(lambda nn, lib: nn.EmbeddingBag(7, 3, mode="mean"), idx(7, 2, 5))],
    "LazyLinear": [NOFORWARD(lambda nn, lib: nn.LazyLinear(3))],
    "LazyConv1d": [NOFORWARD(lambda nn, lib: nn.LazyConv1d(4, 3, stride=2))],
    "LazyConv2d": [NOFORWARD(lambda nn, lib: nn.LazyConv2d(4, 3, padding=1, bias=False))],
    "LazyConv3d": [NOFORWARD(lambda nn, lib: nn.LazyConv3d(2, 2))],
    "LazyConvTranspose1d": [NOFORWARD(lambda nn, lib: nn.LazyConvTranspose1d(3, 3, stride=2))],
    "LazyConvTranspose2d": [NOFORWARD(lambda nn, lib: nn.LazyConvTranspose2d(
        4, 3, output_padding=1, stride=2))],
    "LazyConvTranspose3d": [NOFORWARD(lambda nn, lib: nn.LazyConvTranspose3d(2, 2))],
    # -- pooling, padding, resampling, shape
    "MaxPool1d": [R(lambda nn, lib: nn.MaxPool1d(3, stride=2, padding=1), f(2, 3, 9))],
    "MaxPool2d": [R(lambda nn, lib: nn.MaxPool2d(2), f(2, 3, 6, 6)),
                  R(lambda nn, lib: nn.MaxPool2d((3, 2), stride=1, padding=1, ceil_mode=True),
                    f(2, 3, 5, 6))],
    "MaxPool3d": [R(lambda nn, lib: nn.MaxPool3d(2), f(1, 2, 4, 4, 4))],
    "AvgPool1d": [R(lambda nn, lib: nn.AvgPool1d(3, stride=2, padding=1,
                                                 count_include_pad=False), f(2, 3, 9))],
    "AvgPool2d": [R(lambda nn, lib: nn.AvgPool2d(2), f(2, 3, 6, 6)),
                  R(lambda nn, lib: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True,
                                                 divisor_override=2), f(2, 3, 7, 7))],
    "AvgPool3d": [R(lambda nn, lib: nn.AvgPool3d(2), f(1, 2, 4, 4, 4))],
    "AdaptiveAvgPool1d": [R(lambda nn, lib: nn.AdaptiveAvgPool1d(4), f(2, 3, 9))],
    "AdaptiveAvgPool2d": [R(lambda nn, lib: nn.AdaptiveAvgPool2d((2, 3)), f(2, 3, 7, 8)),
                          R(lambda nn, lib: nn.AdaptiveAvgPool2d(1), f(2, 3, 5, 5))],
    "AdaptiveAvgPool3d": [R(lambda nn, lib: nn.AdaptiveAvgPool3d(2), f(1, 2, 5, 4, 4))],
    "AdaptiveMaxPool1d": [R(lambda nn, lib: nn.AdaptiveMaxPool1d(4), f(2, 3, 9))],
    "AdaptiveMaxPool2d": [R(lambda nn, lib: nn.AdaptiveMaxPool2d((2, 3)), f(2, 3, 7, 8))],
    "AdaptiveMaxPool3d": [R(lambda nn, lib: nn.AdaptiveMaxPool3d(2), f(1, 2, 5, 4, 4))],
    "LPPool1d": [R(lambda nn, lib: nn.LPPool1d(2, 3), pos(2, 3, 9))],
    "LPPool2d": [R(lambda nn, lib: nn.LPPool2d(2, 2), pos(2, 3, 6, 6))],
    "MaxUnpool2d": [R(lambda nn, lib: nn.MaxUnpool2d(2), f(1, 1, 2, 2), idx(1, 1, 1, 2, 2))],
    "LPPool3d": [R(lambda nn, lib: nn.LPPool3d(2, 2), pos(1, 2, 4, 4, 4))],
    "FractionalMaxPool2d": [R(lambda nn, lib: nn.FractionalMaxPool2d(
        2, output_size=3, _random_samples=lib.full((1, 2, 2), 0.3)), f(1, 2, 7, 7))],
    "FractionalMaxPool3d": [R(lambda nn, lib: nn.FractionalMaxPool3d(
        2, output_ratio=0.5, _random_samples=lib.full((1, 2, 3), 0.6)), f(1, 2, 6, 6, 6))],
    "MaxUnpool1d": [R(lambda nn, lib: nn.MaxUnpool1d(2), f(1, 2, 3), idx(1, 1, 2, 3))],
    "MaxUnpool3d": [R(lambda nn, lib: nn.MaxUnpool3d(2), f(1, 1, 2, 2, 2),
                      idx(1, 1, 1, 2, 2, 2))],
    "Upsample": [R(lambda nn, lib: nn.Upsample(scale_factor=2, mode="nearest"), f(1, 2, 3, 3)),
                 R(lambda nn, lib: nn.Upsample(size=(5, 4), mode="bilinear",
                                               align_corners=True), f(1, 2, 3, 3))],
    "UpsamplingNearest2d": [R(lambda nn, lib: nn.UpsamplingNearest2d(scale_factor=2),
                              f(1, 2, 3, 3))],
    "UpsamplingBilinear2d": [R(lambda nn, lib: nn.UpsamplingBilinear2d(scale_factor=2),
                               f(1, 2, 3, 3))],
    "PixelShuffle": [R(lambda nn, lib: nn.PixelShuffle(2), f(1, 8, 3, 3))],
    "PixelUnshuffle": [R(lambda nn, lib: nn.PixelUnshuffle(2), f(1, 2, 4, 4))],
    "ChannelShuffle": [R(lambda nn, lib: nn.ChannelShuffle(2), f(1, 4, 3, 3))],
    "Unfold": [R(lambda nn, lib: nn.Unfold(kernel_size=2, stride=1), f(2, 3, 4, 4))],
    "Fold": [R(lambda nn, lib: nn.Fold(output_size=(4, 4), kernel_size=2), f(2, 12, 9))],
    "ZeroPad1d": [R(lambda nn, lib: nn.ZeroPad1d((1, 2)), f(2, 3, 4))],
    "ZeroPad2d": [R(lambda nn, lib: nn.ZeroPad2d((1, 2, 0, 1)), f(2, 3, 4, 4))],
    "ZeroPad3d": [R(lambda nn, lib: nn.ZeroPad3d(1), f(1, 2, 3, 3, 3))],
    "ConstantPad1d": [R(lambda nn, lib: nn.ConstantPad1d(2, 0.5), f(2, 3, 4))],
    "ConstantPad2d": [R(lambda nn, lib: nn.ConstantPad2d((1, 0, 2, 1), -1.0), f(2, 3, 4, 4))],
    "ConstantPad3d": [R(lambda nn, lib: nn.ConstantPad3d(1, 2.0), f(1, 2, 3, 3, 3))],
    "ReflectionPad1d": [R(lambda nn, lib: nn.ReflectionPad1d(2), f(2, 3, 5))],
    "ReflectionPad2d": [R(lambda nn, lib: nn.ReflectionPad2d((1, 2, 2, 1)), f(2, 3, 5, 5))],
    "ReflectionPad3d": [R(lambda nn, lib: nn.ReflectionPad3d(1), f(1, 2, 3, 3, 3))],
    "ReplicationPad1d": [R(lambda nn, lib: nn.ReplicationPad1d(2), f(2, 3, 5))],
    "ReplicationPad2d": [R(lambda nn, lib: nn.ReplicationPad2d((1, 2, 2, 1)), f(2, 3, 5, 5))],
    "ReplicationPad3d": [R(lambda nn, lib: nn.ReplicationPad3d(1), f(1, 2, 3, 3, 3))],
    "CircularPad1d": [R(lambda nn, lib: nn.CircularPad1d(2), f(2, 3, 5))],
    "CircularPad2d": [R(lambda nn, lib: nn.CircularPad2d((1, 2, 2, 1)), f(2, 3, 5, 5))],
    "CircularPad3d": [R(lambda nn, lib: nn.CircularPad3d(1), f(1, 2, 3, 3, 3))],
    "Flatten": [R(lambda nn, lib: nn.Flatten(), f(2, 3, 4)),
                R(lambda nn, lib: nn.Flatten(0, 1), f(2, 3, 4))],
    "Unflatten": [R(lambda nn, lib: nn.Unflatten(1, (2, 3)), f(4, 6))],
    # -- normalisation and dropout
    "BatchNorm1d": [R(lambda nn, lib: nn.BatchNorm1d(3), f(4, 3)),
                    R(lambda nn, lib: nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False),
                      f(4, 3, 5))],
    "BatchNorm2d": [R(lambda nn, lib: nn.BatchNorm2d(3, momentum=0.3), f(2, 3, 4, 4)),
                    R(lambda nn, lib: nn.BatchNorm2d(3, track_running_stats=False),
                      f(2, 3, 4, 4))],
    "BatchNorm3d": [R(lambda nn, lib: nn.BatchNorm3d(2), f(2, 2, 3, 3, 3))],
    "InstanceNorm1d": [R(lambda nn, lib: nn.InstanceNorm1d(3, affine=True), f(2, 3, 6))],
    "InstanceNorm2d": [R(lambda nn, lib: nn.InstanceNorm2d(3), f(2, 3, 4, 4)),
                       R(lambda nn, lib: nn.InstanceNorm2d(3, affine=True,
                                                           track_running_stats=True),
                         f(2, 3, 4, 4))],
    "InstanceNorm3d": [R(lambda nn, lib: nn.InstanceNorm3d(2), f(2, 2, 3, 3, 3))],
    "LayerNorm": [R(lambda nn, lib: nn.LayerNorm(4), f(2, 3, 4)),
                  R(lambda nn, lib: nn.LayerNorm((3, 4), eps=1e-3, bias=False), f(2, 3, 4)),
                  R(lambda nn, lib: nn.LayerNorm(4, elementwise_affine=False), f(2, 4))],
    "GroupNorm": [R(lambda nn, lib: nn.GroupNorm(2, 4), f(2, 4, 3)),
                  R(lambda nn, lib: nn.GroupNorm(2, 4, affine=False), f(2, 4, 3, 3))],
    "SyncBatchNorm": [R(lambda nn, lib: nn.SyncBatchNorm(3), f(4, 3, 2))],
    "LazyBatchNorm1d": [NOFORWARD(lambda nn, lib: nn.LazyBatchNorm1d())],
    "LazyBatchNorm2d": [NOFORWARD(lambda nn, lib: nn.LazyBatchNorm2d(momentum=0.2))],
    "LazyBatchNorm3d": [NOFORWARD(lambda nn, lib: nn.LazyBatchNorm3d(affine=False))],
    "LazyInstanceNorm1d": [NOFORWARD(lambda nn, lib: nn.LazyInstanceNorm1d(affine=True))],
    "LazyInstanceNorm2d": [NOFORWARD(lambda nn, lib: nn.LazyInstanceNorm2d())],
    "LazyInstanceNorm3d": [NOFORWARD(lambda nn, lib: nn.LazyInstanceNorm3d(
        track_running_stats=True))],
    "LocalResponseNorm": [R(lambda nn, lib: nn.LocalResponseNorm(3), f(2, 5, 3, 3))],
    "RMSNorm": [R(lambda nn, lib: nn.RMSNorm(4), f(2, 3, 4))],
    "Dropout": [R(lambda nn, lib: nn.Dropout(0.3), f(4, 5))],
    "Dropout1d": [R(lambda nn, lib: nn.Dropout1d(0.2), f(2, 3, 5))],
    "Dropout2d": [R(lambda nn, lib: nn.Dropout2d(), f(2, 3, 4, 4))],
    "Dropout3d": [R(lambda nn, lib: nn.Dropout3d(0.1), f(2, 3, 2, 2, 2))],
    "AlphaDropout": [R(lambda nn, lib: nn.AlphaDropout(0.2), f(4, 5))],
    "FeatureAlphaDropout": [R(lambda nn, lib: nn.FeatureAlphaDropout(0.2), f(2, 3, 4))],
    # -- activations
    "ReLU": [R(lambda nn, lib: nn.ReLU(), f(3, 4))],
    "ReLU6": [R(lambda nn, lib: nn.ReLU6(), f(3, 4))],
    "LeakyReLU": [R(lambda nn, lib: nn.LeakyReLU(0.2), f(3, 4))],
    "PReLU": [R(lambda nn, lib: nn.PReLU(3, init=0.1), f(2, 3, 4))],
    "RReLU": [R(lambda nn, lib: nn.RReLU(0.1, 0.3), f(3, 4))],
    "ELU": [R(lambda nn, lib: nn.ELU(alpha=0.7), f(3, 4))],
    "CELU": [R(lambda nn, lib: nn.CELU(alpha=0.7), f(3, 4))],
    "SELU": [R(lambda nn, lib: nn.SELU(), f(3, 4))],
    "GELU": [R(lambda nn, lib: nn.GELU(), f(3, 4)),
             R(lambda nn, lib: nn.GELU(approximate="tanh"), f(3, 4))],
    "SiLU": [R(lambda nn, lib: nn.SiLU(), f(3, 4))],
    "Mish": [R(lambda nn, lib: nn.Mish(), f(3, 4))],
    "Sigmoid": [R(lambda nn, lib: nn.Sigmoid(), f(3, 4))],
    "LogSigmoid": [R(lambda nn, lib: nn.LogSigmoid(), f(3, 4))],
    "Hardsigmoid": [R(lambda nn, lib: nn.Hardsigmoid(), f(3, 4))],
    "Hardswish": [R(lambda nn, lib: nn.Hardswish(), f(3, 4))],
    "Hardtanh": [R(lambda nn, lib: nn.Hardtanh(-0.5, 2.0), f(3, 4))],
    "Hardshrink": [R(lambda nn, lib: nn.Hardshrink(0.3), f(3, 4))],
    "Softshrink": [R(lambda nn, lib: nn.Softshrink(0.3), f(3, 4))],
    "Tanhshrink": [R(lambda nn, lib: nn.Tanhshrink(), f(3, 4))],
    "Softsign": [R(lambda nn, lib: nn.Softsign(), f(3, 4))],
    "Tanh": [R(lambda nn, lib: nn.Tanh(), f(3, 4))],
    "Threshold": [R(lambda nn, lib: nn.Threshold(0.1, -2.0), f(3, 4))],
    "GLU": [R(lambda nn, lib: nn.GLU(dim=1), f(3, 4))],
    "Softplus": [R(lambda nn, lib: nn.Softplus(beta=2.0, threshold=5.0), f(3, 4))],
    "Softmax": [R(lambda nn, lib: nn.Softmax(dim=1), f(3, 4))],
    "Softmin": [R(lambda nn, lib: nn.Softmin(dim=0), f(3, 4))],
    "LogSoftmax": [R(lambda nn, lib: nn.LogSoftmax(dim=-1), f(3, 4))],
    "Softmax2d": [R(lambda nn, lib: nn.Softmax2d(), f(2, 3, 4, 4))],
    "MultiheadAttention": [R(lambda nn, lib: nn.MultiheadAttention(8, 2),
                             f(5, 2, 8), f(4, 2, 8), f(4, 2, 8))],
    "TransformerEncoderLayer": [R(lambda nn, lib: nn.TransformerEncoderLayer(
        8, 2, dim_feedforward=16, dropout=0.0), f(5, 2, 8), stored=argument("d_model"))],
    "TransformerDecoderLayer": [R(lambda nn, lib: nn.TransformerDecoderLayer(
        8, 2, dim_feedforward=16, dropout=0.0, norm_first=True), f(4, 2, 8), f(5, 2, 8),
        stored=argument("d_model"))],
    "TransformerEncoder": [R(lambda nn, lib: nn.TransformerEncoder(nn.TransformerEncoderLayer(
        8, 2, dim_feedforward=16, dropout=0.0, batch_first=True), 2,
        enable_nested_tensor=False), f(2, 5, 8), stored=argument("encoder_layer"))],
    "TransformerDecoder": [R(lambda nn, lib: nn.TransformerDecoder(nn.TransformerDecoderLayer(
        8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm(8)), f(4, 2, 8),
        f(5, 2, 8), stored=argument("decoder_layer"))],
    "Transformer": [R(lambda nn, lib: nn.Transformer(
        8, 2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0),
        f(5, 2, 8), f(4, 2, 8))],
    # -- distances
    "CosineSimilarity": [R(lambda nn, lib: nn.CosineSimilarity(dim=1), f(3, 4), f(3, 4))],
    "PairwiseDistance": [R(lambda nn, lib: nn.PairwiseDistance(p=1.5), f(3, 4), f(3, 4))],
    # -- losses
    "MSELoss": [R(lambda nn, lib: nn.MSELoss(), f(3, 4), f(3, 4)),
                R(lambda nn, lib: nn.MSELoss(reduction="sum"), f(3, 4), f(3, 4))],
    "L1Loss": [R(lambda nn, lib: nn.L1Loss(reduction="none"), f(3, 4), f(3, 4))],
    "SmoothL1Loss": [R(lambda nn, lib: nn.SmoothL1Loss(beta=0.5), f(3, 4), f(3, 4))],
    "HuberLoss": [R(lambda nn, lib: nn.HuberLoss(delta=0.7), f(3, 4), f(3, 4))],
    "CrossEntropyLoss": [R(lambda nn, lib: nn.CrossEntropyLoss(), f(3, 5), idx(5, 3)),
                         R(lambda nn, lib: nn.CrossEntropyLoss(
                             weight=lib.tensor([1.0, 2.0, 0.5, 1.0, 3.0]), ignore_index=1,
                             label_smoothing=0.1), f(3, 5), idx(5, 3))],
    "NLLLoss2d": [R(lambda nn, lib: nn.NLLLoss2d(), f(2, 5, 3, 3), idx(5, 2, 3, 3))],
    "NLLLoss": [R(lambda nn, lib: nn.NLLLoss(), f(3, 5), idx(5, 3)),
                R(lambda nn, lib: nn.NLLLoss(weight=lib.tensor([1.0, 2.0, 0.5, 1.0, 3.0]),
                                             reduction="sum"), f(3, 5), idx(5, 3))],
    "BCELoss": [R(lambda nn, lib: nn.BCELoss(), u(3, 4), u(3, 4))],
    "BCEWithLogitsLoss": [R(lambda nn, lib: nn.BCEWithLogitsLoss(), f(3, 4), u(3, 4)),
                          R(lambda nn, lib: nn.BCEWithLogitsLoss(
                              pos_weight=lib.tensor([1.0, 2.0, 0.5, 1.5])), f(3, 4), u(3, 4))],
    "KLDivLoss": [R(lambda nn, lib: nn.KLDivLoss(reduction="batchmean"), f(3, 4), u(3, 4)),
                  R(lambda nn, lib: nn.KLDivLoss(reduction="sum", log_target=True),
                    f(3, 4), f(3, 4))],
    "PoissonNLLLoss": [R(lambda nn, lib: nn.PoissonNLLLoss(), f(3, 4), pos(3, 4))],
    "GaussianNLLLoss": [R(lambda nn, lib: nn.GaussianNLLLoss(), f(3, 4), f(3, 4),
                          pos(3, 4))],
    "MarginRankingLoss": [R(lambda nn, lib: nn.MarginRankingLoss(margin=0.2), f(5), f(5),
                            sgn(5))],
    "HingeEmbeddingLoss": [R(lambda nn, lib: nn.HingeEmbeddingLoss(), f(3, 4), sgn(3, 4))],
    "SoftMarginLoss": [R(lambda nn, lib: nn.SoftMarginLoss(), f(3, 4), sgn(3, 4))],
    "MultiLabelMarginLoss": [R(lambda nn, lib: nn.MultiLabelMarginLoss(), f(3, 4),
                               idx(4, 3, 4))],
    "MultiLabelSoftMarginLoss": [R(lambda nn, lib: nn.MultiLabelSoftMarginLoss(), f(3, 4),
                                   u(3, 4))],
    "MultiMarginLoss": [R(lambda nn, lib: nn.MultiMarginLoss(), f(3, 5), idx(5, 3))],
    "CosineEmbeddingLoss": [R(lambda nn, lib: nn.CosineEmbeddingLoss(), f(3, 4), f(3, 4),
                              sgn(3))],
    "TripletMarginLoss": [R(lambda nn, lib: nn.TripletMarginLoss(margin=0.5), f(3, 4),
                            f(3, 4), f(3, 4))],
    "TripletMarginWithDistanceLoss": [R(lambda nn, lib: nn.TripletMarginWithDistanceLoss(),
                                        f(3, 4), f(3, 4), f(3, 4))],
    "CTCLoss": [R(lambda nn, lib: nn.CTCLoss(blank=4), f(6, 2, 5), idx(4, 2, 3), const(6, 2),
                  const(3, 2))],
    "AdaptiveLogSoftmaxWithLoss": [R(lambda nn, lib: nn.AdaptiveLogSoftmaxWithLoss(
        8, 10, cutoffs=[4, 8], div_value=2.0), f(3, 8), idx(10, 3),
        stored="do not build AdaptiveLogSoftmaxWithLoss")],    # it stores cutoffs + [n_classes]
    "LinearCrossEntropyLoss": [R(lambda nn, lib: nn.LinearCrossEntropyLoss(
        4, 5, label_smoothing=0.1), f(3, 4), idx(5, 3), stored=argument("in_features"))],
    # -- recurrent layers
    "RNNBase": [NOFORWARD(lambda nn, lib: nn.RNNBase("LSTM", 4, 5))],    # torch's has none
    "RNN": [R(lambda nn, lib: nn.RNN(4, 5), f(6, 2, 4)),
            R(lambda nn, lib: nn.RNN(4, 5, num_layers=2, nonlinearity="relu", bias=False,
                                     batch_first=True, bidirectional=True), f(2, 6, 4))],
    "LSTM": [R(lambda nn, lib: nn.LSTM(4, 5), f(6, 2, 4)),
             R(lambda nn, lib: nn.LSTM(4, 5, num_layers=2, batch_first=True,
                                       bidirectional=True, proj_size=3), f(2, 6, 4))],
    "GRU": [R(lambda nn, lib: nn.GRU(4, 5, num_layers=2, dropout=0.2), f(6, 2, 4))],
    "RNNCellBase": [NOFORWARD(lambda nn, lib: nn.RNNCellBase(4, 5, bias=True, num_chunks=2),
                              stored=argument("num_chunks"))],
    "RNNCell": [R(lambda nn, lib: nn.RNNCell(4, 5, nonlinearity="relu"), f(3, 4))],
    "LSTMCell": [R(lambda nn, lib: nn.LSTMCell(4, 5), f(3, 4))],
    "GRUCell": [R(lambda nn, lib: nn.GRUCell(4, 5, bias=False), f(3, 4))],
}
