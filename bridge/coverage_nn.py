"""Coverage data for ``torch.nn`` (layers and losses) and ``torch.nn.functional``
(torch 2.14: the ``nn.Module`` subclasses and public functions that ``dir(torch.nn)`` and
``dir(torch.nn.functional)`` list, less typing plumbing), for the coverage report
(``python -m bridge.coverage``).  The same layout as ``coverage_math``.

``GROUPS`` lists each group's names as torch's paths.  Every name is implemented in
minigrad under the same path (``torch.nn.X`` -> ``minigrad.nn.X``) except those in
``LEFT_OUT``, each with its reason, and those in ``PENDING``, built in parallel work
named there.  A name is tested against torch when a test that imports torch names it:
``tests/nn/test_coverage_nn.py`` finds, for each implemented name, the test functions in
``tests/nn`` and the op-table rows (``tests/core/op_specs_nn.py``) that use it, and fails
when there is none.  ``PARITY`` names the tests of the names those files reach only
indirectly.
"""
from __future__ import annotations

_NN = "torch.nn."
_F = "torch.nn.functional."

GROUPS = {
    "torch.nn layers": [_NN + n for n in (
        "AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveLogSoftmaxWithLoss "
        "AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d AlphaDropout AvgPool1d "
        "AvgPool2d AvgPool3d BatchNorm1d BatchNorm2d BatchNorm3d Bilinear CELU ChannelShuffle "
        "CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d ConstantPad3d "
        "Container Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d "
        "CosineSimilarity CrossMapLRN2d DataParallel Dropout Dropout1d Dropout2d Dropout3d "
        "ELU Embedding EmbeddingBag FeatureAlphaDropout Flatten Fold FractionalMaxPool2d "
        "FractionalMaxPool3d GELU GLU GRU GRUCell GroupNorm Hardshrink Hardsigmoid Hardswish "
        "Hardtanh Identity InstanceNorm1d InstanceNorm2d InstanceNorm3d LPPool1d LPPool2d "
        "LPPool3d LSTM LSTMCell LayerNorm LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d "
        "LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d "
        "LazyConvTranspose3d LazyInstanceNorm1d LazyInstanceNorm2d LazyInstanceNorm3d "
        "LazyLinear LeakyReLU Linear LocalResponseNorm LogSigmoid LogSoftmax MaxPool1d "
        "MaxPool2d MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d Mish Module ModuleDict "
        "ModuleList MultiheadAttention PReLU PairwiseDistance ParameterDict ParameterList "
        "PixelShuffle PixelUnshuffle RMSNorm RNN RNNBase RNNCell RNNCellBase RReLU ReLU ReLU6 "
        "ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d "
        "ReplicationPad3d SELU Sequential SiLU Sigmoid Softmax Softmax2d Softmin Softplus "
        "Softshrink Softsign SyncBatchNorm Tanh Tanhshrink Threshold Transformer "
        "TransformerDecoder TransformerDecoderLayer TransformerEncoder "
        "TransformerEncoderLayer Unflatten Unfold Upsample UpsamplingBilinear2d "
        "UpsamplingNearest2d ZeroPad1d ZeroPad2d ZeroPad3d").split()],
    "torch.nn losses": [_NN + n for n in (
        "BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss "
        "GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss LinearCrossEntropyLoss "
        "MSELoss MarginRankingLoss MultiLabelMarginLoss MultiLabelSoftMarginLoss "
        "MultiMarginLoss NLLLoss NLLLoss2d PoissonNLLLoss SmoothL1Loss SoftMarginLoss "
        "TripletMarginLoss TripletMarginWithDistanceLoss").split()],
    "torch.nn.functional": [_F + n for n in (
        "adaptive_avg_pool1d adaptive_avg_pool2d adaptive_avg_pool3d adaptive_max_pool1d "
        "adaptive_max_pool1d_with_indices adaptive_max_pool2d adaptive_max_pool2d_with_indices "
        "adaptive_max_pool3d adaptive_max_pool3d_with_indices affine_grid alpha_dropout "
        "avg_pool1d avg_pool2d avg_pool3d batch_norm bilinear binary_cross_entropy "
        "binary_cross_entropy_with_logits celu celu_ channel_shuffle conv1d conv2d conv3d "
        "conv_tbc conv_transpose1d conv_transpose2d conv_transpose3d cosine_embedding_loss "
        "cosine_similarity cross_entropy ctc_loss dropout dropout1d dropout2d dropout3d elu "
        "elu_ embedding embedding_bag feature_alpha_dropout fold fractional_max_pool2d "
        "fractional_max_pool2d_with_indices fractional_max_pool3d "
        "fractional_max_pool3d_with_indices gaussian_nll_loss gelu glu grid_sample "
        "group_norm grouped_mm gumbel_softmax hardshrink hardsigmoid hardswish hardtanh "
        "hardtanh_ hinge_embedding_loss huber_loss instance_norm interpolate kl_div l1_loss "
        "layer_norm leaky_relu leaky_relu_ linear linear_cross_entropy local_response_norm "
        "log_softmax logsigmoid lp_pool1d lp_pool2d lp_pool3d margin_ranking_loss max_pool1d "
        "max_pool1d_with_indices max_pool2d max_pool2d_with_indices max_pool3d "
        "max_pool3d_with_indices max_unpool1d max_unpool2d max_unpool3d mish mse_loss "
        "multi_head_attention_forward multi_margin_loss multilabel_margin_loss "
        "multilabel_soft_margin_loss native_channel_shuffle nll_loss normalize one_hot pad "
        "pairwise_distance pdist pixel_shuffle pixel_unshuffle poisson_nll_loss prelu relu "
        "relu6 relu_ rms_norm rrelu rrelu_ scaled_dot_product_attention scaled_grouped_mm "
        "scaled_mm selu selu_ sigmoid silu smooth_l1_loss soft_margin_loss softmax softmin "
        "softplus softshrink softsign tanh tanhshrink threshold threshold_ "
        "triplet_margin_loss triplet_margin_with_distance_loss unfold upsample "
        "upsample_bilinear upsample_nearest").split()],
}

_LOW_PRECISION = ("low-precision (float8) GPU matrix products: minigrad has no such dtypes "
                  "or devices (issue 12 leaves out quantization)")
_LEGACY_LRN = ("legacy Lua-torch layer whose own backward does not match its forward (torch "
               "2.14 fails torch.autograd.gradcheck on it); LocalResponseNorm is the "
               "supported equivalent")
LEFT_OUT = {
    _NN + "CrossMapLRN2d": _LEGACY_LRN,
    _F + "grouped_mm": _LOW_PRECISION,
    _F + "scaled_mm": _LOW_PRECISION,
    _F + "scaled_grouped_mm": _LOW_PRECISION,
}

# names being built in parallel branches (value: where); the lead deletes each line when
# the branch is merged
_RNN = "issue 13, recurrent nets (branch i13)"
PENDING = {
    **{_NN + n: _RNN for n in "GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase".split()},
    _NN + "DataParallel": "issue 12 item 7, nn.parallel (branch i12d)",
}

# tests of names that the test files reach only through another name
PARITY = {
    _NN + "InstanceNorm3d": ["tests/nn/test_norm_bilinear.py::test_instance_norm"],
    _NN + "TransformerDecoder": ["tests/nn/test_attention.py::test_transformer_and_stacks"],
}


def implemented(group: str) -> list:
    """The names of ``group`` that minigrad implements."""
    return [name for name in GROUPS[group] if name not in LEFT_OUT and name not in PENDING]
