"""``minigrad.nn.functional``: the stateless functions behind the layers (like torch's F)."""
from ._activation import (elu, gelu, hardtanh, leaky_relu, log_softmax, logsigmoid, normalize,
                          one_hot, relu, relu6, sigmoid, silu, softmax, softmin, softplus, tanh)
from ._layers import (adaptive_avg_pool1d, adaptive_avg_pool2d, avg_pool1d, avg_pool2d, conv1d,
                      conv2d, dropout, dropout1d, dropout2d, embedding, linear, max_pool1d,
                      max_pool2d, pad)
from ._loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                    huber_loss, kl_div, l1_loss, mse_loss, nll_loss, smooth_l1_loss)
from ._norm import batch_norm, group_norm, layer_norm
# issue 12, layers
from ._attention import multi_head_attention_forward, scaled_dot_product_attention
from ._activation import (celu, celu_, elu_, glu, gumbel_softmax, hardshrink, hardsigmoid,
                          hardswish, hardtanh_, leaky_relu_, mish, prelu, relu_, rrelu, rrelu_,
                          selu, selu_, softshrink, softsign, tanhshrink, threshold, threshold_)
from ._distance import cosine_similarity, pairwise_distance, pdist
from ._loss import (cosine_embedding_loss, gaussian_nll_loss, hinge_embedding_loss,
                    margin_ranking_loss, multi_margin_loss, multilabel_margin_loss,
                    multilabel_soft_margin_loss, poisson_nll_loss, soft_margin_loss,
                    triplet_margin_loss, triplet_margin_with_distance_loss, ctc_loss,
                    linear_cross_entropy)
from ._vision import (affine_grid, channel_shuffle, fold, grid_sample, interpolate,
                      native_channel_shuffle, pixel_shuffle, pixel_unshuffle, unfold, upsample,
                      upsample_bilinear, upsample_nearest)
from ._norm import instance_norm, local_response_norm, rms_norm
from ._layers import (alpha_dropout, bilinear, dropout3d, embedding_bag,
                      feature_alpha_dropout)
# issue 12, convolution and pooling layers
from ._conv import conv3d, conv_tbc, conv_transpose1d, conv_transpose2d, conv_transpose3d
from ._pooling import (adaptive_avg_pool3d, adaptive_max_pool1d, adaptive_max_pool1d_with_indices,
                       adaptive_max_pool2d, adaptive_max_pool2d_with_indices,
                       adaptive_max_pool3d, adaptive_max_pool3d_with_indices, avg_pool3d,
                       max_pool1d_with_indices, max_pool2d_with_indices, max_pool3d,
                       max_pool3d_with_indices)
from ._pooling import (lp_pool1d, lp_pool2d, lp_pool3d, max_unpool1d, max_unpool2d,
                       max_unpool3d)
from ._pooling import (fractional_max_pool2d, fractional_max_pool2d_with_indices,
                       fractional_max_pool3d, fractional_max_pool3d_with_indices)

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "avg_pool1d", "avg_pool2d", "batch_norm",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv1d", "conv2d",
    "cross_entropy", "dropout", "dropout1d", "dropout2d", "elu", "embedding", "gelu",
    "group_norm", "hardtanh", "huber_loss", "kl_div", "l1_loss", "layer_norm", "leaky_relu",
    "linear", "log_softmax", "logsigmoid", "max_pool1d", "max_pool2d", "mse_loss",
    "nll_loss", "normalize", "one_hot", "pad", "relu", "relu6", "sigmoid", "silu",
    "smooth_l1_loss", "softmax", "softmin", "softplus", "tanh"
]

__all__ += [   # issue 12, layers
    "celu", "celu_", "elu_", "glu", "gumbel_softmax", "hardshrink", "hardsigmoid", "hardswish",
    "hardtanh_", "leaky_relu_", "mish", "prelu", "relu_", "rrelu", "rrelu_", "selu", "selu_",
    "softshrink", "softsign", "tanhshrink", "threshold", "threshold_", "cosine_similarity",
    "pairwise_distance", "pdist", "cosine_embedding_loss", "gaussian_nll_loss",
    "hinge_embedding_loss", "margin_ranking_loss", "multi_margin_loss", "multilabel_margin_loss",
    "multilabel_soft_margin_loss", "poisson_nll_loss", "soft_margin_loss", "triplet_margin_loss",
    "triplet_margin_with_distance_loss", "channel_shuffle", "native_channel_shuffle",
    "pixel_shuffle", "pixel_unshuffle", "instance_norm", "local_response_norm", "rms_norm",
    "bilinear", "interpolate", "upsample", "upsample_bilinear", "upsample_nearest",
    "fold", "unfold", "alpha_dropout", "dropout3d", "feature_alpha_dropout",
    "embedding_bag", "multi_head_attention_forward", "scaled_dot_product_attention",
    "affine_grid", "grid_sample", "ctc_loss",
    "linear_cross_entropy",
]
__all__ += [   # issue 12, convolution and pooling layers
    "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "adaptive_avg_pool3d", "adaptive_max_pool1d", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices", "avg_pool3d", "max_pool1d_with_indices",
    "max_pool2d_with_indices", "max_pool3d", "max_pool3d_with_indices", "conv_tbc",
    "lp_pool1d", "lp_pool2d", "lp_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
    "fractional_max_pool3d_with_indices",
]
