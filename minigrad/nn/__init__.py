"""``minigrad.nn``: modules, layers, losses, ``functional`` and ``init`` (like ``torch.nn``).

Differences from torch.nn (everything else follows torch; the README lists them all):

* Random draws (init, dropout masks, RReLU slopes) come from minigrad's generator, so
  values differ from torch's for the same seed; distributions and their parameters are
  torch's.
* The fused ops behind convolution, pooling, copying padding, batch/layer/group/instance
  norm, GELU, softplus, Mish, embedding(-bag) and the NLL/BCE/margin/CTC losses are
  differentiable once: a second derivative (``create_graph=True``) raises.  Linear,
  constant padding, interpolation, fold/unfold, the ELU family and the composite layers
  and losses support higher-order gradients.
* Left out: ``CrossMapLRN2d``, sparse embedding gradients, backward and state_dict hooks.
  Attention and transformers take torch's reference path (no fused fast path).
* Error messages print ``minigrad.Size`` where torch prints ``torch.Size``.
"""
from .parameter import Buffer, Parameter
from .module import Module
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .linear import Identity, Linear
from .conv import Conv1d, Conv2d
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AvgPool1d, AvgPool2d, MaxPool1d,
                      MaxPool2d)
from .activation import (ELU, GELU, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, ReLU, ReLU6,
                         SiLU, Sigmoid, Softmax, Softmin, Softplus, Tanh)
from .dropout import Dropout, Dropout1d, Dropout2d
from .sparse import Embedding
from .normalization import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from .flatten import Flatten, Unflatten
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, KLDivLoss, L1Loss,
                   MSELoss, NLLLoss, SmoothL1Loss)
from . import functional, init, utils
# issue 12, layers
from .activation import (CELU, GLU, Hardshrink, Hardsigmoid, Hardswish, Mish, PReLU, RReLU, SELU,
                         Softmax2d, Softshrink, Softsign, Tanhshrink, Threshold)
from .distance import CosineSimilarity, PairwiseDistance
from .loss import (CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, MarginRankingLoss,
                   MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, NLLLoss2d,
                   PoissonNLLLoss, SoftMarginLoss, TripletMarginLoss,
                   TripletMarginWithDistanceLoss, CTCLoss)
from .padding import (CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d,
                      ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
                      ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, ZeroPad1d, ZeroPad2d,
                      ZeroPad3d)
from .pixelshuffle import PixelShuffle, PixelUnshuffle
from .channelshuffle import ChannelShuffle
from .normalization import (BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d,
                            LocalResponseNorm, RMSNorm)
from .linear import Bilinear
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d
from .fold import Fold, Unfold
from .dropout import AlphaDropout, Dropout3d, FeatureAlphaDropout
from .sparse import EmbeddingBag
from .activation import MultiheadAttention
from .adaptive import AdaptiveLogSoftmaxWithLoss
from .loss import LinearCrossEntropyLoss, LinearCrossEntropyOptions
from .container import Container
from .normalization import SyncBatchNorm
from .linear import LazyLinear
from .normalization import (LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d,
                            LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d)
from .parameter import UninitializedBuffer, UninitializedParameter
from .transformer import (Transformer, TransformerDecoder, TransformerDecoderLayer,
                          TransformerEncoder, TransformerEncoderLayer)

__all__ = [
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AvgPool1d", "AvgPool2d", "BCELoss",
    "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Buffer", "Conv1d", "Conv2d",
    "CrossEntropyLoss", "Dropout", "Dropout1d", "Dropout2d", "ELU", "Embedding", "Flatten",
    "GELU", "GroupNorm", "Hardtanh", "HuberLoss", "Identity", "KLDivLoss", "L1Loss",
    "LayerNorm", "LeakyReLU", "Linear", "LogSigmoid", "LogSoftmax", "MSELoss", "MaxPool1d",
    "MaxPool2d", "Module", "ModuleDict", "ModuleList", "NLLLoss", "Parameter",
    "ParameterDict", "ParameterList", "ReLU", "ReLU6", "Sequential", "SiLU", "Sigmoid",
    "SmoothL1Loss", "Softmax", "Softmin", "Softplus", "Tanh", "Unflatten", "functional",
    "init", "utils"
]

__all__ += [   # issue 12, layers
    "CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Mish", "PReLU", "RReLU", "SELU",
    "Softmax2d", "Softshrink", "Softsign", "Tanhshrink", "Threshold", "CosineSimilarity",
    "PairwiseDistance", "CosineEmbeddingLoss", "GaussianNLLLoss", "HingeEmbeddingLoss",
    "MarginRankingLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss",
    "NLLLoss2d", "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss",
    "TripletMarginWithDistanceLoss", "CircularPad1d", "CircularPad2d", "CircularPad3d",
    "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d",
    "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d",
    "ZeroPad2d", "ZeroPad3d", "PixelShuffle", "PixelUnshuffle", "ChannelShuffle",
    "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm",
    "RMSNorm", "Bilinear", "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d",
    "Fold", "Unfold", "AlphaDropout", "Dropout3d", "FeatureAlphaDropout",
    "EmbeddingBag", "MultiheadAttention",
    "Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder",
    "TransformerEncoderLayer", "CTCLoss", "AdaptiveLogSoftmaxWithLoss", "Container",
    "SyncBatchNorm", "LinearCrossEntropyLoss", "LinearCrossEntropyOptions",
    "LazyLinear", "UninitializedBuffer", "UninitializedParameter", "LazyBatchNorm1d",
    "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d",
    "LazyInstanceNorm3d",
]

# torch.nn's other paths: torch.nn.modules.<file>, DataParallel (issue 12, import paths)
from . import modules, parallel  # noqa: E402
from .parallel import DataParallel  # noqa: E402
__all__ += ["DataParallel", "modules", "parallel"]

# recurrent layers (issue 13)
from .rnn import GRU, GRUCell, LSTM, LSTMCell, RNN, RNNBase, RNNCell, RNNCellBase  # noqa: E402

__all__ += ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]

# convolution layers (issue 12)
from .conv import (Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d,  # noqa: E402
                   LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d,
                   LazyConvTranspose2d, LazyConvTranspose3d)

__all__ += ["Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d",
            "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
            "LazyConvTranspose3d"]

# pooling layers (issue 12)
from .pooling import (AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,  # noqa: E402
                      AdaptiveMaxPool3d, AvgPool3d, FractionalMaxPool2d, FractionalMaxPool3d,
                      LPPool1d, LPPool2d, LPPool3d, MaxPool3d, MaxUnpool1d, MaxUnpool2d,
                      MaxUnpool3d)

__all__ += ["AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
            "AvgPool3d", "FractionalMaxPool2d", "FractionalMaxPool3d", "LPPool1d", "LPPool2d",
            "LPPool3d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"]
