"""``minigrad.nn.functional``: the stateless functions behind the layers (like torch's F)."""
from ._activation import (elu, gelu, hardtanh, leaky_relu, log_softmax, logsigmoid, normalize,
                          one_hot, relu, relu6, sigmoid, silu, softmax, softmin, softplus, tanh)
from ._layers import (adaptive_avg_pool1d, adaptive_avg_pool2d, avg_pool1d, avg_pool2d, conv1d,
                      conv2d, dropout, dropout1d, dropout2d, embedding, linear, max_pool1d,
                      max_pool2d, pad)
from ._loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                    huber_loss, kl_div, l1_loss, mse_loss, nll_loss, smooth_l1_loss)
from ._norm import batch_norm, group_norm, layer_norm

__all__ = [name for name in dir() if not name.startswith("_")]
