"""Error rows of torch.nn's layers, activations, losses, normalization, padding, resampling,
attention and lazy modules, and of their functional forms (issue 12's names).

Part of the one table (``error_specs.ROWS``; see error_specs.py for what a row is).
Each name gets the mistakes a beginner makes with it: the wrong number of dims, the
wrong feature or channel size, targets of the wrong dtype or shape, constructor
arguments out of range (negative sizes, ``p`` outside [0, 1], an unknown reduction
or mode), an in-place form on a leaf that requires grad, and an empty batch where
torch returns a result (the layer's parameters are fixed first, so values compare).
"""
from __future__ import annotations

from .helpers import C, F, fixed, ints, x


def leaf(T, *shape):
    return T.full(shape or (2,), 0.5, requires_grad=True)


def longs(T, *shape, high=3):
    """int64 indices 0, 1, ..., wrapping at ``high``."""
    n = 1
    for s in shape:
        n *= s
    return (T.arange(n) % high).reshape(shape)


# -- activations ---------------------------------------------------------------------------------
ACTIVATIONS = [
    C("F.celu: int", lambda T: F(T).celu(ints(T, -1, 2))),
    C("F.celu: bool", lambda T: F(T).celu(T.tensor([True]))),
    C("F.celu: zero alpha", lambda T: F(T).celu(x(T, 3), alpha=0.0)),
    C("F.celu: empty", lambda T: F(T).celu(T.zeros(0, 3))),
    C("F.celu_: leaf requiring grad", lambda T: F(T).celu_(leaf(T))),
    C("F.celu_: int", lambda T: F(T).celu_(ints(T, -1, 2))),
    C("F.elu_: leaf requiring grad", lambda T: F(T).elu_(leaf(T))),
    C("F.elu_: int", lambda T: F(T).elu_(ints(T, -1, 2))),
    C("F.elu_: a list", lambda T: F(T).elu_([0.5, -1.0])),
    C("F.selu: int", lambda T: F(T).selu(ints(T, -1, 2))),
    C("F.selu: bool", lambda T: F(T).selu(T.tensor([True]))),
    C("F.selu: a list", lambda T: F(T).selu([0.5, -1.0])),
    C("F.selu_: leaf requiring grad", lambda T: F(T).selu_(leaf(T))),
    C("F.selu_: int", lambda T: F(T).selu_(ints(T, -1, 2))),
    C("F.relu_: leaf requiring grad", lambda T: F(T).relu_(leaf(T))),
    C("F.relu_: bool", lambda T: F(T).relu_(T.tensor([True]))),
    C("F.leaky_relu_: leaf requiring grad", lambda T: F(T).leaky_relu_(leaf(T))),
    C("F.leaky_relu_: int", lambda T: F(T).leaky_relu_(ints(T, -1, 2))),
    C("F.hardtanh_: leaf requiring grad", lambda T: F(T).hardtanh_(leaf(T))),
    C("F.hardtanh_: min above max", lambda T: F(T).hardtanh_(x(T, 3), 1.0, -1.0)),
    C("F.hardtanh_: bool", lambda T: F(T).hardtanh_(T.tensor([True]))),
    C("F.threshold: int", lambda T: F(T).threshold(ints(T, -1, 2), 0.5, 1.5)),
    C("F.threshold: no value", lambda T: F(T).threshold(x(T, 3), 0.5)),
    C("F.threshold: bool", lambda T: F(T).threshold(T.tensor([True]), 0, 1)),
    C("F.threshold: empty", lambda T: F(T).threshold(T.zeros(0, 2), 0.1, 20.0)),
    C("F.threshold_: leaf requiring grad", lambda T: F(T).threshold_(leaf(T), 0.1, 2.0)),
    C("F.threshold_: int", lambda T: F(T).threshold_(ints(T, -1, 2), 0.5, 1.5)),
    C("F.threshold_: bool", lambda T: F(T).threshold_(T.tensor([True]), 0, 1)),
    C("nn.Threshold: no value", lambda T: T.nn.Threshold(0.5)),
    C("nn.Threshold: int", lambda T: T.nn.Threshold(0.5, 1.5)(ints(T, -1, 2))),
    C("F.hardshrink: int", lambda T: F(T).hardshrink(ints(T, -1, 2))),
    C("F.hardshrink: bool", lambda T: F(T).hardshrink(T.tensor([True]))),
    C("F.hardshrink: negative lambda", lambda T: F(T).hardshrink(x(T, 3), -0.5)),
    C("F.softshrink: negative lambda", lambda T: F(T).softshrink(x(T, 3), -0.5)),
    C("F.softshrink: int", lambda T: F(T).softshrink(ints(T, -1, 2))),
    C("F.softshrink: bool", lambda T: F(T).softshrink(T.tensor([True]))),
    C("nn.Hardshrink: int", lambda T: T.nn.Hardshrink()(ints(T, -1, 2))),
    C("nn.Softshrink: negative lambda", lambda T: T.nn.Softshrink(-1.0)(x(T, 3))),
    C("F.hardsigmoid: int", lambda T: F(T).hardsigmoid(ints(T, -1, 2))),
    C("F.hardsigmoid: bool", lambda T: F(T).hardsigmoid(T.tensor([True]))),
    C("F.hardsigmoid: inplace leaf", lambda T: F(T).hardsigmoid(leaf(T), inplace=True)),
    C("F.hardswish: int", lambda T: F(T).hardswish(ints(T, -1, 2))),
    C("F.hardswish: bool", lambda T: F(T).hardswish(T.tensor([True]))),
    C("F.hardswish: inplace leaf", lambda T: F(T).hardswish(leaf(T), inplace=True)),
    C("nn.Hardsigmoid: int", lambda T: T.nn.Hardsigmoid()(ints(T, -1, 2))),
    C("nn.Hardswish: int", lambda T: T.nn.Hardswish()(ints(T, -1, 2))),
    C("F.mish: int", lambda T: F(T).mish(ints(T, -1, 2))),
    C("F.mish: bool", lambda T: F(T).mish(T.tensor([True]))),
    C("F.mish: inplace leaf", lambda T: F(T).mish(leaf(T), inplace=True)),
    C("F.mish: inplace a list", lambda T: F(T).mish([0.5, -1.0], inplace=True)),
    C("F.hardswish: inplace a list", lambda T: F(T).hardswish([0.5, -1.0], inplace=True)),
    C("nn.Mish: int", lambda T: T.nn.Mish()(ints(T, -1, 2))),
    C("F.softsign: int", lambda T: F(T).softsign(ints(T, -1, 2))),
    C("F.softsign: a list", lambda T: F(T).softsign([0.5, -1.0])),
    C("nn.Softsign: empty", lambda T: T.nn.Softsign()(T.zeros(0, 2))),
    C("F.tanhshrink: int", lambda T: F(T).tanhshrink(ints(T, -1, 2))),
    C("F.tanhshrink: a list", lambda T: F(T).tanhshrink([0.5, -1.0])),
    C("nn.Tanhshrink: bool", lambda T: T.nn.Tanhshrink()(T.tensor([True]))),
    C("nn.CELU: int", lambda T: T.nn.CELU()(ints(T, -1, 2))),
    C("nn.CELU: zero alpha", lambda T: T.nn.CELU(0.0)(x(T, 3))),
    C("nn.SELU: int", lambda T: T.nn.SELU()(ints(T, -1, 2))),
    C("nn.SELU: inplace leaf", lambda T: T.nn.SELU(inplace=True)(leaf(T))),
    C("F.glu: odd size", lambda T: F(T).glu(x(T, 2, 3))),
    C("F.glu: dim out of range", lambda T: F(T).glu(x(T, 2, 4), dim=2)),
    C("F.glu: 0-d", lambda T: F(T).glu(T.tensor(0.5))),
    C("F.glu: int", lambda T: F(T).glu(ints(T, 1, 2))),
    C("nn.GLU: odd size", lambda T: T.nn.GLU()(x(T, 2, 3))),
    C("nn.GLU: dim out of range", lambda T: T.nn.GLU(dim=-3)(x(T, 2, 4))),
    C("F.prelu: weight size", lambda T: F(T).prelu(x(T, 2, 3), x(T, 2))),
    C("F.prelu: 2-d weight", lambda T: F(T).prelu(x(T, 2, 3), x(T, 1, 3))),
    C("F.prelu: int", lambda T: F(T).prelu(ints(T, 1, 2), x(T, 1))),
    C("F.prelu: 0-d input", lambda T: F(T).prelu(T.tensor(0.5), x(T, 2))),
    C("F.prelu: float64 input", lambda T: F(T).prelu(x(T, 2, 3, dtype=T.float64), x(T, 1))),
    C("F.prelu: 0-d input, one weight", lambda T: F(T).prelu(T.tensor(-0.5), T.full((1,), 0.25))),
    C("nn.PReLU: channels", lambda T: T.nn.PReLU(3)(x(T, 2, 4))),
    C("nn.PReLU: empty batch", lambda T: fixed(T, T.nn.PReLU(3))(T.zeros(0, 3))),
    C("F.rrelu: lower above upper", lambda T: F(T).rrelu(x(T, 3), 0.5, 0.1, training=True)),
    C("F.rrelu: int", lambda T: F(T).rrelu(ints(T, -1, 2))),
    C("F.rrelu: a list, bounds reversed", lambda T: F(T).rrelu([0.5, -1.0], 0.5, 0.1)),
    C("F.rrelu: eval", lambda T: F(T).rrelu(x(T, 3), 0.1, 0.3)),
    C("F.rrelu_: leaf requiring grad", lambda T: F(T).rrelu_(leaf(T))),
    C("F.rrelu_: int", lambda T: F(T).rrelu_(ints(T, -1, 2))),
    C("nn.RReLU: lower above upper", lambda T: T.nn.RReLU(0.5, 0.1)(x(T, 3))),
    C("nn.RReLU: int", lambda T: T.nn.RReLU()(ints(T, -1, 2))),
    C("F.gumbel_softmax: int", lambda T: F(T).gumbel_softmax(ints(T, 1, 2))),
    C("F.gumbel_softmax: dim out of range", lambda T: F(T).gumbel_softmax(x(T, 2, 3), dim=2)),
    C("F.gumbel_softmax: a list", lambda T: F(T).gumbel_softmax([0.5, 1.0])),
    C("nn.Softmax2d: 2-d input", lambda T: T.nn.Softmax2d()(x(T, 2, 3))),
    C("nn.Softmax2d: 5-d input", lambda T: T.nn.Softmax2d()(x(T, 1, 1, 1, 2, 3))),
    C("nn.Softmax2d: int", lambda T: T.nn.Softmax2d()(ints(T, 1, 2, 3).reshape(1, 1, 3))),
]

# -- dropout ------------------------------------------------------------------------------------
DROPOUT = [
    C("F.alpha_dropout: p above one", lambda T: F(T).alpha_dropout(x(T, 3), 1.5)),
    C("F.alpha_dropout: negative p", lambda T: F(T).alpha_dropout(x(T, 3), -0.1)),
    C("F.alpha_dropout: eval", lambda T: F(T).alpha_dropout(x(T, 3), 0.5)),
    C("F.alpha_dropout: int", lambda T: F(T).alpha_dropout(ints(T, 1, 2), 0.5, True)),
    C("nn.AlphaDropout: p above one", lambda T: T.nn.AlphaDropout(2.0)),
    C("nn.AlphaDropout: negative p", lambda T: T.nn.AlphaDropout(-0.5)),
    C("F.feature_alpha_dropout: p above one", lambda T: F(T).feature_alpha_dropout(
        x(T, 1, 2, 2), 1.5)),
    C("F.feature_alpha_dropout: 1-d input", lambda T: F(T).feature_alpha_dropout(
        x(T, 3), 0.5, True)),
    C("F.feature_alpha_dropout: eval", lambda T: F(T).feature_alpha_dropout(x(T, 2, 2), 0.5)),
    C("nn.FeatureAlphaDropout: p above one", lambda T: T.nn.FeatureAlphaDropout(1.5)),
    C("F.dropout3d: p above one", lambda T: F(T).dropout3d(x(T, 1, 1, 1, 2, 2), 2.0)),
    C("F.dropout3d: negative p", lambda T: F(T).dropout3d(x(T, 1, 1, 1, 2, 2), -1.0)),
    C("F.dropout3d: eval", lambda T: F(T).dropout3d(x(T, 1, 1, 1, 2, 2), 0.5, False)),
    C("nn.Dropout3d: p above one", lambda T: T.nn.Dropout3d(1.5)),
    C("nn.Dropout3d: eval", lambda T: T.nn.Dropout3d().eval()(x(T, 1, 1, 2, 2))),
]

# -- linear, embedding ---------------------------------------------------------------------------
LINEAR = [
    C("F.bilinear: input1 features", lambda T: F(T).bilinear(x(T, 2, 4), x(T, 2, 4),
                                                             x(T, 5, 3, 4))),
    C("F.bilinear: input2 features", lambda T: F(T).bilinear(x(T, 2, 3), x(T, 2, 5),
                                                             x(T, 5, 3, 4))),
    C("F.bilinear: batch", lambda T: F(T).bilinear(x(T, 2, 3), x(T, 3, 4), x(T, 5, 3, 4))),
    C("F.bilinear: 2-d weight", lambda T: F(T).bilinear(x(T, 2, 3), x(T, 2, 4), x(T, 3, 4))),
    C("F.bilinear: bias size", lambda T: F(T).bilinear(x(T, 2, 3), x(T, 2, 4), x(T, 5, 3, 4),
                                                       x(T, 4))),
    C("nn.Bilinear: negative features", lambda T: T.nn.Bilinear(-1, 2, 3)),
    C("nn.Bilinear: input features", lambda T: T.nn.Bilinear(3, 4, 2)(x(T, 2, 4), x(T, 2, 4))),
    C("nn.Bilinear: int input", lambda T: T.nn.Bilinear(3, 4, 2)(
        T.ones(2, 3, dtype=T.int64), T.ones(2, 4, dtype=T.int64))),
    C("nn.Bilinear: empty batch", lambda T: fixed(T, T.nn.Bilinear(3, 4, 2))(
        T.zeros(0, 3), T.zeros(0, 4))),
    C("nn.LazyLinear: negative out_features", lambda T: T.nn.LazyLinear(-2)),
    C("nn.LazyLinear: int input", lambda T: T.nn.LazyLinear(2)(T.ones(4, 3, dtype=T.int64))),
    C("nn.LazyLinear: 0-d input", lambda T: T.nn.LazyLinear(2)(T.tensor(0.5))),
    C("F.embedding_bag: float indices", lambda T: F(T).embedding_bag(
        T.tensor([0.0, 1.0]), x(T, 5, 2), ints(T, 0))),
    C("F.embedding_bag: 1-d without offsets", lambda T: F(T).embedding_bag(
        ints(T, 0, 1), x(T, 5, 2))),
    C("F.embedding_bag: 2-d with offsets", lambda T: F(T).embedding_bag(
        longs(T, 2, 2), x(T, 5, 2), ints(T, 0))),
    C("F.embedding_bag: unknown mode", lambda T: F(T).embedding_bag(
        longs(T, 2, 2), x(T, 5, 2), mode="min")),
    C("F.embedding_bag: index out of range", lambda T: F(T).embedding_bag(
        longs(T, 1, 2, high=1) + 5, x(T, 5, 2))),
    C("F.embedding_bag: first offset not 0", lambda T: F(T).embedding_bag(
        ints(T, 0, 1, 2), x(T, 5, 2), ints(T, 1))),
    C("F.embedding_bag: per_sample_weights with max", lambda T: F(T).embedding_bag(
        longs(T, 2, 2), x(T, 5, 2), mode="max", per_sample_weights=x(T, 2, 2))),
    C("F.embedding_bag: 1-d weight", lambda T: F(T).embedding_bag(longs(T, 2, 2), x(T, 5))),
    C("nn.EmbeddingBag: negative size", lambda T: T.nn.EmbeddingBag(-1, 3)),
    C("nn.EmbeddingBag: unknown mode", lambda T: T.nn.EmbeddingBag(5, 3, mode="min")(
        longs(T, 2, 2))),
    C("nn.EmbeddingBag: 3-d input", lambda T: T.nn.EmbeddingBag(5, 3)(longs(T, 1, 2, 2))),
    C("nn.EmbeddingBag: padding_idx out of range", lambda T: T.nn.EmbeddingBag(
        5, 3, padding_idx=5)),
]

# -- losses -------------------------------------------------------------------------------------
LOSSES = [
    C("F.cosine_embedding_loss: target shape", lambda T: F(T).cosine_embedding_loss(
        x(T, 2, 3), x(T, 2, 3), ints(T, 1, -1, 1))),
    C("F.cosine_embedding_loss: input shapes", lambda T: F(T).cosine_embedding_loss(
        x(T, 2, 3), x(T, 2, 4), ints(T, 1, -1))),
    C("F.cosine_embedding_loss: 3-d", lambda T: F(T).cosine_embedding_loss(
        x(T, 1, 2, 3), x(T, 1, 2, 3), ints(T, 1))),
    C("F.cosine_embedding_loss: reduction", lambda T: F(T).cosine_embedding_loss(
        x(T, 2, 3), x(T, 2, 3), ints(T, 1, -1), reduction="avg")),
    C("nn.CosineEmbeddingLoss: target shape", lambda T: T.nn.CosineEmbeddingLoss()(
        x(T, 2, 3), x(T, 2, 3), ints(T, 1))),
    C("nn.CosineEmbeddingLoss: reduction", lambda T: T.nn.CosineEmbeddingLoss(
        reduction="all")(x(T, 2, 3), x(T, 2, 3), ints(T, 1, -1))),
    C("F.hinge_embedding_loss: shapes", lambda T: F(T).hinge_embedding_loss(
        x(T, 2, 3), ints(T, 1, -1))),
    C("F.hinge_embedding_loss: reduction", lambda T: F(T).hinge_embedding_loss(
        x(T, 3), ints(T, 1, -1, 1), reduction="x")),
    C("F.hinge_embedding_loss: empty", lambda T: F(T).hinge_embedding_loss(
        T.zeros(0), T.zeros(0))),
    C("nn.HingeEmbeddingLoss: shapes", lambda T: T.nn.HingeEmbeddingLoss()(
        x(T, 4), ints(T, 1, -1))),
    C("F.margin_ranking_loss: shapes", lambda T: F(T).margin_ranking_loss(
        x(T, 3), x(T, 2), ints(T, 1, -1, 1))),
    C("F.margin_ranking_loss: target shape", lambda T: F(T).margin_ranking_loss(
        x(T, 3), x(T, 3), ints(T, 1, -1))),
    C("F.margin_ranking_loss: 0-d", lambda T: F(T).margin_ranking_loss(
        T.tensor(0.5), T.tensor(0.1), T.tensor(1.0))),
    C("F.margin_ranking_loss: reduction", lambda T: F(T).margin_ranking_loss(
        x(T, 2), x(T, 2), ints(T, 1, -1), reduction="x")),
    C("nn.MarginRankingLoss: shapes", lambda T: T.nn.MarginRankingLoss()(
        x(T, 3), x(T, 2), ints(T, 1, -1, 1))),
    C("F.multi_margin_loss: target out of range", lambda T: F(T).multi_margin_loss(
        x(T, 2, 3), ints(T, 0, 3))),
    C("F.multi_margin_loss: float target", lambda T: F(T).multi_margin_loss(
        x(T, 2, 3), T.tensor([0.0, 1.0]))),
    C("F.multi_margin_loss: p 3", lambda T: F(T).multi_margin_loss(
        x(T, 2, 3), ints(T, 0, 1), p=3)),
    C("F.multi_margin_loss: target size", lambda T: F(T).multi_margin_loss(
        x(T, 2, 3), ints(T, 0, 1, 2)), since="2.13"),
    C("F.multi_margin_loss: 3-d", lambda T: F(T).multi_margin_loss(
        x(T, 1, 2, 3), ints(T, 0, 1))),
    C("F.multi_margin_loss: weight size", lambda T: F(T).multi_margin_loss(
        x(T, 2, 3), ints(T, 0, 1), weight=x(T, 2))),
    C("nn.MultiMarginLoss: p 0", lambda T: T.nn.MultiMarginLoss(p=0)(
        x(T, 2, 3), ints(T, 0, 1))),
    C("nn.MultiMarginLoss: target out of range", lambda T: T.nn.MultiMarginLoss()(
        x(T, 2, 3), ints(T, -1, 1))),
    C("F.multilabel_margin_loss: target shape", lambda T: F(T).multilabel_margin_loss(
        x(T, 2, 3), longs(T, 2, 2))),
    C("F.multilabel_margin_loss: float target", lambda T: F(T).multilabel_margin_loss(
        x(T, 2, 3), T.zeros(2, 3))),
    C("F.multilabel_margin_loss: 3-d", lambda T: F(T).multilabel_margin_loss(
        x(T, 1, 2, 3), longs(T, 1, 2, 3))),
    C("F.multilabel_margin_loss: target out of range", lambda T: F(T).multilabel_margin_loss(
        x(T, 2, 3), longs(T, 2, 3) + 2)),
    C("nn.MultiLabelMarginLoss: target shape", lambda T: T.nn.MultiLabelMarginLoss()(
        x(T, 2, 3), longs(T, 3, 3))),
    C("F.multilabel_soft_margin_loss: shapes", lambda T: F(T).multilabel_soft_margin_loss(
        x(T, 2, 3), x(T, 2, 4))),
    C("F.multilabel_soft_margin_loss: reduction", lambda T: F(T)
      .multilabel_soft_margin_loss(x(T, 2, 3), x(T, 2, 3), reduction="x")),
    C("F.multilabel_soft_margin_loss: weight size", lambda T: F(T)
      .multilabel_soft_margin_loss(x(T, 2, 3), x(T, 2, 3), weight=x(T, 4))),
    C("nn.MultiLabelSoftMarginLoss: shapes", lambda T: T.nn.MultiLabelSoftMarginLoss()(
        x(T, 2, 3), x(T, 3, 3))),
    C("F.soft_margin_loss: shapes", lambda T: F(T).soft_margin_loss(x(T, 2, 3), x(T, 3, 3))),
    C("F.soft_margin_loss: reduction", lambda T: F(T).soft_margin_loss(
        x(T, 3), x(T, 3), reduction="x")),
    C("F.soft_margin_loss: int target", lambda T: F(T).soft_margin_loss(
        x(T, 2), ints(T, 1, -1))),
    C("F.soft_margin_loss: target broadcasts past input", lambda T: F(T).soft_margin_loss(
        x(T, 3), x(T, 2, 3))),
    C("F.soft_margin_loss: target broadcasts to input", lambda T: F(T).soft_margin_loss(
        x(T, 2, 3), x(T, 3), reduction="none")),
    C("nn.SoftMarginLoss: shapes", lambda T: T.nn.SoftMarginLoss()(x(T, 4), x(T, 3))),
    C("F.poisson_nll_loss: shapes", lambda T: F(T).poisson_nll_loss(x(T, 2, 3), x(T, 3, 3))),
    C("F.poisson_nll_loss: reduction", lambda T: F(T).poisson_nll_loss(
        x(T, 3), x(T, 3), reduction="x")),
    C("F.poisson_nll_loss: empty", lambda T: F(T).poisson_nll_loss(
        T.zeros(0), T.zeros(0), reduction="sum")),
    C("nn.PoissonNLLLoss: shapes", lambda T: T.nn.PoissonNLLLoss()(x(T, 4), x(T, 3))),
    C("F.gaussian_nll_loss: negative var", lambda T: F(T).gaussian_nll_loss(
        x(T, 3), x(T, 3), x(T, 3))),
    C("F.gaussian_nll_loss: var shape", lambda T: F(T).gaussian_nll_loss(
        x(T, 2, 3), x(T, 2, 3), x(T, 3, 2).abs())),
    C("F.gaussian_nll_loss: target shape", lambda T: F(T).gaussian_nll_loss(
        x(T, 2, 3), x(T, 3, 3), x(T, 2, 3).abs())),
    C("F.gaussian_nll_loss: reduction", lambda T: F(T).gaussian_nll_loss(
        x(T, 3), x(T, 3), x(T, 3).abs(), reduction="x")),
    C("nn.GaussianNLLLoss: var shape", lambda T: T.nn.GaussianNLLLoss()(
        x(T, 2, 3), x(T, 2, 3), x(T, 2, 2).abs())),
    C("F.triplet_margin_loss: shapes", lambda T: F(T).triplet_margin_loss(
        x(T, 2, 3), x(T, 2, 3), x(T, 2, 4))),
    C("F.triplet_margin_loss: dims", lambda T: F(T).triplet_margin_loss(
        x(T, 2, 3), x(T, 3), x(T, 2, 3))),
    C("F.triplet_margin_loss: negative margin", lambda T: F(T).triplet_margin_loss(
        x(T, 2, 3), x(T, 2, 3), x(T, 2, 3), margin=-1.0)),
    C("F.triplet_margin_loss: reduction", lambda T: F(T).triplet_margin_loss(
        x(T, 2, 3), x(T, 2, 3), x(T, 2, 3), reduction="x")),
    C("nn.TripletMarginLoss: 3-d", lambda T: T.nn.TripletMarginLoss()(
        x(T, 1, 2, 3), x(T, 1, 2, 3), x(T, 1, 2, 3))),
    C("F.triplet_margin_with_distance_loss: dims", lambda T: F(T)
      .triplet_margin_with_distance_loss(x(T, 2, 3), x(T, 3), x(T, 2, 3))),
    C("F.triplet_margin_with_distance_loss: negative margin", lambda T: F(T)
      .triplet_margin_with_distance_loss(x(T, 2, 3), x(T, 2, 3), x(T, 2, 3), margin=-1.0)),
    C("F.triplet_margin_with_distance_loss: reduction", lambda T: F(T)
      .triplet_margin_with_distance_loss(x(T, 2, 3), x(T, 2, 3), x(T, 2, 3),
                                         reduction="x")),
    C("nn.TripletMarginWithDistanceLoss: negative margin", lambda T: T.nn
      .TripletMarginWithDistanceLoss(margin=-0.5)),
    C("nn.TripletMarginWithDistanceLoss: 3-d", lambda T: T.nn
      .TripletMarginWithDistanceLoss()(x(T, 1, 2, 3), x(T, 1, 2, 3), x(T, 1, 2, 3))),
    C("F.ctc_loss: float targets", lambda T: F(T).ctc_loss(
        x(T, 5, 2, 4).log_softmax(2), T.ones(2, 3), ints(T, 5, 5), ints(T, 3, 3))),
    C("F.ctc_loss: 2-d log_probs", lambda T: F(T).ctc_loss(
        x(T, 5, 4).log_softmax(1), longs(T, 2, 3) + 1, ints(T, 5, 5), ints(T, 3, 3))),
    C("F.ctc_loss: input length too long", lambda T: F(T).ctc_loss(
        x(T, 5, 2, 4).log_softmax(2), longs(T, 2, 3) + 1, ints(T, 6, 5), ints(T, 3, 3))),
    C("F.ctc_loss: target length too long", lambda T: F(T).ctc_loss(
        x(T, 5, 2, 4).log_softmax(2), longs(T, 2, 3) + 1, ints(T, 5, 5), ints(T, 4, 3))),
    C("F.ctc_loss: lengths size", lambda T: F(T).ctc_loss(
        x(T, 5, 2, 4).log_softmax(2), longs(T, 2, 3) + 1, ints(T, 5), ints(T, 3, 3))),
    C("F.ctc_loss: reduction", lambda T: F(T).ctc_loss(
        x(T, 5, 2, 4).log_softmax(2), longs(T, 2, 3) + 1, ints(T, 5, 5), ints(T, 3, 3),
        reduction="x")),
    C("nn.CTCLoss: float targets", lambda T: T.nn.CTCLoss()(
        x(T, 5, 2, 4).log_softmax(2), T.ones(2, 3), ints(T, 5, 5), ints(T, 3, 3))),
    C("nn.CTCLoss: blank out of range", lambda T: T.nn.CTCLoss(blank=4)(
        x(T, 5, 2, 4).log_softmax(2), longs(T, 2, 3) + 1, ints(T, 5, 5), ints(T, 3, 3))),
    C("nn.NLLLoss2d: target shape", lambda T: T.nn.NLLLoss2d()(
        x(T, 2, 3, 2, 2), longs(T, 2, 3, 2))),
    C("nn.NLLLoss2d: target out of range", lambda T: T.nn.NLLLoss2d()(
        x(T, 1, 3, 2, 2), longs(T, 1, 2, 2) + 3)),
    C("nn.NLLLoss2d: float target", lambda T: T.nn.NLLLoss2d()(
        x(T, 1, 3, 2, 2), T.zeros(1, 2, 2)), since="2.13"),
    C("F.linear_cross_entropy: input features", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 4, 5), ints(T, 0, 1)), since="2.13"),
    C("F.linear_cross_entropy: 3-d input", lambda T: F(T).linear_cross_entropy(
        x(T, 1, 2, 3), x(T, 4, 3), ints(T, 0, 1)), since="2.13"),
    C("F.linear_cross_entropy: 1-d weight", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 3), ints(T, 0, 1)), since="2.13"),
    C("F.linear_cross_entropy: target out of range", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 4, 3), ints(T, 0, 4)), since="2.13"),
    C("F.linear_cross_entropy: float target", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 4, 3), T.tensor([0.0, 1.0])), since="2.13"),
    C("F.linear_cross_entropy: bias shape", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 4, 3), ints(T, 0, 1), linear_bias=x(T, 3)), since="2.13"),
    C("F.linear_cross_entropy: reduction", lambda T: F(T).linear_cross_entropy(
        x(T, 2, 3), x(T, 4, 3), ints(T, 0, 1), reduction="x"), since="2.13"),
    C("nn.LinearCrossEntropyLoss: weight shape", lambda T: T.nn.LinearCrossEntropyLoss(
        3, 4, weight=x(T, 3)), since="2.13"),
    C("nn.LinearCrossEntropyLoss: label_smoothing above 1", lambda T: T.nn
      .LinearCrossEntropyLoss(3, 4, label_smoothing=1.5), since="2.13"),
    C("nn.LinearCrossEntropyLoss: input features", lambda T: T.nn.LinearCrossEntropyLoss(
        3, 4)(x(T, 2, 5), ints(T, 0, 1)), since="2.13"),
    C("nn.LinearCrossEntropyOptions: unknown option", lambda T: T.nn
      .LinearCrossEntropyOptions(chunk=2), since="2.13"),
    C("nn.AdaptiveLogSoftmaxWithLoss: cutoffs not increasing", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [5, 3])),
    C("nn.AdaptiveLogSoftmaxWithLoss: cutoff past n_classes", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10])),
    C("nn.AdaptiveLogSoftmaxWithLoss: zero cutoff", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [0, 5])),
    C("nn.AdaptiveLogSoftmaxWithLoss: batch sizes", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6])(x(T, 2, 8), ints(T, 0, 1, 2))),
    C("nn.AdaptiveLogSoftmaxWithLoss: 3-d input", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6])(x(T, 1, 2, 8), ints(T, 0, 1))),
    C("nn.AdaptiveLogSoftmaxWithLoss: target out of range", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6])(x(T, 2, 8), ints(T, 0, 10))),
    C("nn.AdaptiveLogSoftmaxWithLoss: input features", lambda T: T.nn
      .AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6]).log_prob(x(T, 2, 7))),
]

# -- distances ----------------------------------------------------------------------------------
DISTANCES = [
    C("F.cosine_similarity: shapes", lambda T: F(T).cosine_similarity(x(T, 2, 3), x(T, 2, 4))),
    C("F.cosine_similarity: dim out of range", lambda T: F(T).cosine_similarity(
        x(T, 2, 3), x(T, 2, 3), dim=2)),
    C("F.cosine_similarity: int", lambda T: F(T).cosine_similarity(
        ints(T, 1, 2), ints(T, 1, 2), dim=0)),
    C("F.cosine_similarity: a list", lambda T: F(T).cosine_similarity([1.0, 2.0], x(T, 2),
                                                                      dim=0)),
    C("F.cosine_similarity: int and float", lambda T: F(T).cosine_similarity(
        ints(T, 1, 2), x(T, 2), dim=0)),
    C("F.cosine_similarity: broadcast", lambda T: F(T).cosine_similarity(x(T, 2, 3), x(T, 1, 3))),
    C("nn.CosineSimilarity: shapes", lambda T: T.nn.CosineSimilarity()(x(T, 2, 3), x(T, 3, 3))),
    C("nn.CosineSimilarity: empty", lambda T: T.nn.CosineSimilarity()(
        T.zeros(0, 3), T.zeros(0, 3))),
    C("F.pairwise_distance: shapes", lambda T: F(T).pairwise_distance(x(T, 2, 3), x(T, 2, 4))),
    C("F.pairwise_distance: int", lambda T: F(T).pairwise_distance(ints(T, 1, 2),
                                                                   ints(T, 3, 4))),
    C("F.pairwise_distance: 3-d", lambda T: F(T).pairwise_distance(x(T, 1, 2, 3),
                                                                   x(T, 1, 2, 3))),
    C("nn.PairwiseDistance: shapes", lambda T: T.nn.PairwiseDistance()(x(T, 2, 3), x(T, 3, 3))),
    C("nn.PairwiseDistance: empty", lambda T: T.nn.PairwiseDistance()(
        T.zeros(0, 3), T.zeros(0, 3))),
    C("F.pdist: 1-d", lambda T: F(T).pdist(x(T, 3))),
    C("F.pdist: 3-d", lambda T: F(T).pdist(x(T, 1, 2, 3))),
    C("F.pdist: negative p", lambda T: F(T).pdist(x(T, 3, 2), p=-1)),
    C("F.pdist: int", lambda T: F(T).pdist(longs(T, 3, 2))),
    C("F.pdist: a list", lambda T: F(T).pdist([[1.0, 2.0]])),
    C("F.pdist: one row", lambda T: F(T).pdist(x(T, 1, 3))),
]

# -- normalization ------------------------------------------------------------------------------
NORMALIZATION = [
    C("nn.BatchNorm3d: 4-d input", lambda T: T.nn.BatchNorm3d(3)(x(T, 2, 3, 2, 2))),
    C("nn.BatchNorm3d: channels", lambda T: T.nn.BatchNorm3d(3)(x(T, 2, 4, 1, 2, 2))),
    C("nn.BatchNorm3d: negative features", lambda T: T.nn.BatchNorm3d(-1)),
    C("nn.BatchNorm3d: one value per channel", lambda T: T.nn.BatchNorm3d(2)(
        x(T, 1, 2, 1, 1, 1))),
    C("nn.LazyBatchNorm1d: 4-d input", lambda T: T.nn.LazyBatchNorm1d()(x(T, 2, 3, 2, 2))),
    C("nn.LazyBatchNorm1d: one sample", lambda T: T.nn.LazyBatchNorm1d()(x(T, 1, 3))),
    C("nn.LazyBatchNorm2d: 3-d input", lambda T: T.nn.LazyBatchNorm2d()(x(T, 3, 2, 2))),
    C("nn.LazyBatchNorm3d: 4-d input", lambda T: T.nn.LazyBatchNorm3d()(x(T, 2, 3, 2, 2))),
    C("nn.SyncBatchNorm: negative features", lambda T: T.nn.SyncBatchNorm(-1)),
    C("nn.SyncBatchNorm: 1-d input", lambda T: T.nn.SyncBatchNorm(3)(x(T, 3))),
    C("nn.SyncBatchNorm: channels", lambda T: T.nn.SyncBatchNorm(3)(x(T, 2, 4))),
    C("F.instance_norm: running stats size", lambda T: F(T).instance_norm(
        x(T, 2, 3, 4), T.zeros(4), T.ones(4))),
    C("F.instance_norm: one value per channel", lambda T: F(T).instance_norm(x(T, 2, 3, 1))),
    C("F.instance_norm: weight size", lambda T: F(T).instance_norm(
        x(T, 2, 3, 4), weight=T.ones(2), bias=T.zeros(2))),
    C("F.instance_norm: bias size", lambda T: F(T).instance_norm(
        x(T, 2, 3, 4), weight=T.ones(3), bias=T.zeros(2))),
    C("F.instance_norm: 1-d", lambda T: F(T).instance_norm(x(T, 3))),
    C("nn.InstanceNorm1d: 4-d input", lambda T: T.nn.InstanceNorm1d(3)(x(T, 2, 3, 2, 2))),
    C("nn.InstanceNorm1d: channels", lambda T: T.nn.InstanceNorm1d(3, affine=True)(
        x(T, 2, 4, 5))),
    C("nn.InstanceNorm1d: one value per channel", lambda T: T.nn.InstanceNorm1d(3)(
        x(T, 2, 3, 1))),
    C("nn.InstanceNorm2d: 2-d input", lambda T: T.nn.InstanceNorm2d(3)(x(T, 3, 2))),
    C("nn.InstanceNorm2d: channels", lambda T: T.nn.InstanceNorm2d(3, affine=True)(
        x(T, 2, 4, 2, 2))),
    C("nn.InstanceNorm2d: negative features", lambda T: T.nn.InstanceNorm2d(-1, affine=True)),
    C("nn.InstanceNorm3d: 3-d input", lambda T: T.nn.InstanceNorm3d(3)(x(T, 3, 2, 2))),
    C("nn.InstanceNorm3d: channels", lambda T: T.nn.InstanceNorm3d(3, affine=True)(
        x(T, 1, 4, 2, 2, 2))),
    C("nn.LazyInstanceNorm1d: 4-d input", lambda T: T.nn.LazyInstanceNorm1d()(
        x(T, 2, 3, 2, 2))),
    C("nn.LazyInstanceNorm2d: 2-d input", lambda T: T.nn.LazyInstanceNorm2d()(x(T, 3, 2))),
    C("nn.LazyInstanceNorm3d: 3-d input", lambda T: T.nn.LazyInstanceNorm3d()(
        x(T, 3, 2, 2))),
    C("F.local_response_norm: 2-d", lambda T: F(T).local_response_norm(x(T, 2, 3), 2)),
    C("F.local_response_norm: zero size", lambda T: F(T).local_response_norm(
        x(T, 1, 3, 4), 0), since="2.13"),
    C("F.local_response_norm: size -1 on 4-d", lambda T: F(T).local_response_norm(
        x(T, 1, 3, 4, 4), -1)),
    C("F.local_response_norm: empty", lambda T: F(T).local_response_norm(T.zeros(0, 3, 4), 2)),
    C("nn.LocalResponseNorm: 2-d", lambda T: T.nn.LocalResponseNorm(2)(x(T, 2, 3))),
    C("F.rms_norm: shape", lambda T: F(T).rms_norm(x(T, 2, 3), (4,))),
    C("F.rms_norm: weight shape", lambda T: F(T).rms_norm(x(T, 2, 3), (3,), weight=T.ones(4))),
    C("F.rms_norm: int", lambda T: F(T).rms_norm(longs(T, 2, 3), (3,))),
    C("F.rms_norm: empty", lambda T: F(T).rms_norm(T.zeros(0, 3), (3,))),
    C("nn.RMSNorm: shape", lambda T: T.nn.RMSNorm(4)(x(T, 2, 3))),
    C("nn.RMSNorm: negative size", lambda T: T.nn.RMSNorm(-1)),
    C("nn.RMSNorm: empty batch", lambda T: fixed(T, T.nn.RMSNorm(3))(T.zeros(0, 3))),
]

# -- padding ------------------------------------------------------------------------------------
PADDING = [
    C("nn.ZeroPad1d: 3 values", lambda T: T.nn.ZeroPad1d((1, 2, 3))),
    C("nn.ZeroPad1d: 0-d input", lambda T: T.nn.ZeroPad1d(1)(T.tensor(0.5))),
    C("nn.ZeroPad1d: crops past the size", lambda T: T.nn.ZeroPad1d(-2)(x(T, 1, 3))),
    C("nn.ZeroPad2d: 1-d input", lambda T: T.nn.ZeroPad2d(1)(x(T, 3))),
    C("nn.ZeroPad2d: 3 values", lambda T: T.nn.ZeroPad2d((1, 2, 3))),
    C("nn.ZeroPad3d: 2-d input", lambda T: T.nn.ZeroPad3d(1)(x(T, 2, 3))),
    C("nn.ZeroPad3d: empty", lambda T: T.nn.ZeroPad3d(1)(T.zeros(0, 1, 1, 1))),
    C("nn.ConstantPad1d: no value", lambda T: T.nn.ConstantPad1d(1)),
    C("nn.ConstantPad1d: 0-d input", lambda T: T.nn.ConstantPad1d(1, 0.5)(T.tensor(0.5))),
    C("nn.ConstantPad2d: 1-d input", lambda T: T.nn.ConstantPad2d(1, 0.5)(x(T, 3))),
    C("nn.ConstantPad2d: float value into int", lambda T: T.nn.ConstantPad2d(1, 0.5)(
        longs(T, 2, 2))),
    C("nn.ConstantPad3d: 2-d input", lambda T: T.nn.ConstantPad3d(1, 0.5)(x(T, 2, 3))),
    C("nn.ConstantPad3d: 5 values", lambda T: T.nn.ConstantPad3d((1, 1, 1, 1, 1), 0.0)),
    C("nn.ReflectionPad1d: too wide", lambda T: T.nn.ReflectionPad1d(3)(x(T, 1, 3))),
    C("nn.ReflectionPad1d: 1-d input", lambda T: T.nn.ReflectionPad1d(1)(x(T, 3))),
    C("nn.ReflectionPad1d: empty", lambda T: T.nn.ReflectionPad1d(1)(T.zeros(1, 0))),
    C("nn.ReflectionPad2d: too wide", lambda T: T.nn.ReflectionPad2d(2)(x(T, 1, 2, 2))),
    C("nn.ReflectionPad2d: 2-d input", lambda T: T.nn.ReflectionPad2d(1)(x(T, 2, 3))),
    C("nn.ReflectionPad3d: too wide", lambda T: T.nn.ReflectionPad3d(2)(x(T, 1, 2, 2, 2))),
    C("nn.ReflectionPad3d: 3-d input", lambda T: T.nn.ReflectionPad3d(1)(x(T, 2, 2, 3))),
    C("nn.ReplicationPad1d: 1-d input", lambda T: T.nn.ReplicationPad1d(1)(x(T, 3))),
    C("nn.ReplicationPad1d: empty", lambda T: T.nn.ReplicationPad1d(1)(T.zeros(1, 0))),
    C("nn.ReplicationPad2d: 2-d input", lambda T: T.nn.ReplicationPad2d(1)(x(T, 2, 3))),
    C("nn.ReplicationPad3d: 3-d input", lambda T: T.nn.ReplicationPad3d(1)(x(T, 2, 2, 3))),
    C("nn.CircularPad1d: too wide", lambda T: T.nn.CircularPad1d(4)(x(T, 1, 3))),
    C("nn.CircularPad1d: 1-d input", lambda T: T.nn.CircularPad1d(1)(x(T, 3))),
    C("nn.CircularPad2d: too wide", lambda T: T.nn.CircularPad2d(3)(x(T, 1, 2, 2))),
    C("nn.CircularPad2d: 2-d input", lambda T: T.nn.CircularPad2d(1)(x(T, 2, 3))),
    C("nn.CircularPad3d: 3-d input", lambda T: T.nn.CircularPad3d(1)(x(T, 2, 2, 3))),
    C("nn.CircularPad3d: too wide", lambda T: T.nn.CircularPad3d(3)(x(T, 1, 2, 2, 2))),
]

# -- vision: pixel and channel shuffles, fold, grids, resampling --------------------------------
VISION = [
    C("F.pixel_shuffle: channels", lambda T: F(T).pixel_shuffle(x(T, 1, 3, 2, 2), 2)),
    C("F.pixel_shuffle: 2-d", lambda T: F(T).pixel_shuffle(x(T, 4, 2), 2)),
    C("F.pixel_shuffle: zero factor", lambda T: F(T).pixel_shuffle(x(T, 1, 4, 2, 2), 0)),
    C("F.pixel_shuffle: float factor", lambda T: F(T).pixel_shuffle(x(T, 1, 4, 2, 2), 2.0)),
    C("nn.PixelShuffle: channels", lambda T: T.nn.PixelShuffle(3)(x(T, 1, 4, 2, 2))),
    C("F.pixel_unshuffle: height", lambda T: F(T).pixel_unshuffle(x(T, 1, 1, 3, 4), 2)),
    C("F.pixel_unshuffle: width", lambda T: F(T).pixel_unshuffle(x(T, 1, 1, 4, 3), 2)),
    C("F.pixel_unshuffle: 2-d", lambda T: F(T).pixel_unshuffle(x(T, 4, 4), 2)),
    C("F.pixel_unshuffle: zero factor", lambda T: F(T).pixel_unshuffle(x(T, 1, 1, 4, 4), 0)),
    C("F.pixel_unshuffle: float factor", lambda T: F(T).pixel_unshuffle(x(T, 1, 1, 4, 4), 2.0)),
    C("nn.PixelUnshuffle: height", lambda T: T.nn.PixelUnshuffle(2)(x(T, 1, 1, 3, 4))),
    C("F.channel_shuffle: groups", lambda T: F(T).channel_shuffle(x(T, 1, 4, 2), 3)),
    C("F.channel_shuffle: 2-d", lambda T: F(T).channel_shuffle(x(T, 4, 2), 2)),
    C("F.channel_shuffle: zero groups", lambda T: F(T).channel_shuffle(x(T, 1, 4, 2), 0)),
    C("F.channel_shuffle: negative groups", lambda T: F(T).channel_shuffle(x(T, 1, 4, 2), -2)),
    C("F.channel_shuffle: float groups", lambda T: F(T).channel_shuffle(x(T, 1, 4, 2), 2.0)),
    C("F.native_channel_shuffle: groups", lambda T: F(T).native_channel_shuffle(
        x(T, 1, 4, 2), 3)),
    C("F.native_channel_shuffle: 2-d", lambda T: F(T).native_channel_shuffle(x(T, 4, 2), 2)),
    C("F.native_channel_shuffle: float groups", lambda T: F(T).native_channel_shuffle(
        x(T, 1, 4, 2), 2.0)),
    C("nn.ChannelShuffle: groups", lambda T: T.nn.ChannelShuffle(3)(x(T, 1, 4, 2))),
    C("nn.ChannelShuffle: empty batch", lambda T: T.nn.ChannelShuffle(2)(T.zeros(0, 4, 2))),
    C("F.unfold: 2-d", lambda T: F(T).unfold(x(T, 4, 4), 2)),
    C("F.unfold: kernel larger than input", lambda T: F(T).unfold(x(T, 1, 1, 2, 2), 3)),
    C("F.unfold: zero stride", lambda T: F(T).unfold(x(T, 1, 1, 4, 4), 2, stride=0)),
    C("F.unfold: negative padding", lambda T: F(T).unfold(x(T, 1, 1, 4, 4), 2, padding=-1)),
    C("F.unfold: zero dilation", lambda T: F(T).unfold(x(T, 1, 1, 4, 4), 2, dilation=0)),
    C("nn.Unfold: kernel larger than input", lambda T: T.nn.Unfold(5)(x(T, 1, 1, 4, 4))),
    C("nn.Unfold: 3 kernel sizes", lambda T: T.nn.Unfold((2, 2, 2))(x(T, 1, 1, 4, 4))),
    C("F.fold: blocks", lambda T: F(T).fold(x(T, 1, 4, 5), (3, 3), 2)),
    C("F.fold: channels", lambda T: F(T).fold(x(T, 1, 5, 4), (3, 3), 2)),
    C("F.fold: 4-d", lambda T: F(T).fold(x(T, 1, 4, 4, 1), (3, 3), 2)),
    C("F.fold: zero stride", lambda T: F(T).fold(x(T, 1, 4, 4), (3, 3), 2, stride=0)),
    C("nn.Fold: blocks", lambda T: T.nn.Fold((3, 3), 2)(x(T, 1, 4, 3))),
    C("nn.Fold: kernel larger than output", lambda T: T.nn.Fold((2, 2), 3)(x(T, 1, 9, 1))),
    C("F.affine_grid: theta shape", lambda T: F(T).affine_grid(x(T, 1, 3, 3), [1, 1, 2, 2])),
    C("F.affine_grid: size batch", lambda T: F(T).affine_grid(x(T, 1, 2, 3), [2, 1, 2, 2])),
    C("F.affine_grid: 3-d size batch", lambda T: F(T).affine_grid(x(T, 1, 3, 4),
                                                                  [2, 1, 2, 2, 2])),
    C("F.affine_grid: 3-d size", lambda T: F(T).affine_grid(x(T, 1, 2, 3), [1, 2, 2])),
    C("F.affine_grid: int theta", lambda T: F(T).affine_grid(longs(T, 1, 2, 3), [1, 1, 2, 2])),
    C("F.affine_grid: empty size", lambda T: F(T).affine_grid(x(T, 1, 2, 3), [1, 1, 0, 2],
                                                              align_corners=False)),
    C("F.grid_sample: grid batch", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 2, 2, 2, 2), align_corners=False)),
    C("F.grid_sample: grid last size", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 1, 2, 2, 3), align_corners=False)),
    C("F.grid_sample: unknown mode", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 1, 2, 2, 2), mode="cubic", align_corners=False)),
    C("F.grid_sample: unknown padding_mode", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 1, 2, 2, 2), padding_mode="wrap", align_corners=False)),
    C("F.grid_sample: dtypes", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 1, 2, 2, 2, dtype=T.float64), align_corners=False)),
    C("F.grid_sample: 3-d input", lambda T: F(T).grid_sample(
        x(T, 1, 3, 3), x(T, 1, 2, 2), align_corners=False)),
    C("F.grid_sample: 5-d grid for 4-d input", lambda T: F(T).grid_sample(
        x(T, 1, 1, 3, 3), x(T, 1, 2, 2, 2, 2), align_corners=False)),
    C("F.grid_sample: empty spatial dim", lambda T: F(T).grid_sample(
        T.zeros(1, 1, 0, 3), x(T, 1, 2, 2, 2), align_corners=False)),
    C("F.grid_sample: empty batch", lambda T: F(T).grid_sample(
        T.zeros(0, 1, 3, 3), T.zeros(0, 2, 2, 2), align_corners=False)),
    C("F.interpolate: size and scale", lambda T: F(T).interpolate(
        x(T, 1, 1, 4), size=8, scale_factor=2)),
    C("F.interpolate: neither size nor scale", lambda T: F(T).interpolate(x(T, 1, 1, 4))),
    C("F.interpolate: unknown mode", lambda T: F(T).interpolate(
        x(T, 1, 1, 4), scale_factor=2, mode="cubic"), since="2.13"),
    C("F.interpolate: align_corners with nearest", lambda T: F(T).interpolate(
        x(T, 1, 1, 4), scale_factor=2, align_corners=True)),
    C("F.interpolate: bilinear on 3-d", lambda T: F(T).interpolate(
        x(T, 1, 1, 4), scale_factor=2, mode="bilinear")),
    C("F.interpolate: size list length", lambda T: F(T).interpolate(
        x(T, 1, 1, 4, 4), size=(2, 2, 2))),
    C("F.interpolate: 2-d input", lambda T: F(T).interpolate(x(T, 2, 4), scale_factor=2),
      since="2.13"),
    C("F.interpolate: zero size", lambda T: F(T).interpolate(x(T, 1, 1, 4), size=0)),
    C("F.interpolate: empty batch", lambda T: F(T).interpolate(T.zeros(0, 1, 4),
                                                               scale_factor=2)),
    C("F.upsample: unknown mode", lambda T: F(T).upsample(
        x(T, 1, 1, 4), scale_factor=2, mode="cubic"), since="2.13"),
    C("F.upsample: neither size nor scale", lambda T: F(T).upsample(x(T, 1, 1, 4))),
    C("F.upsample_nearest: 2-d", lambda T: F(T).upsample_nearest(x(T, 2, 4), scale_factor=2),
      since="2.13"),
    C("F.upsample_nearest: size and scale", lambda T: F(T).upsample_nearest(
        x(T, 1, 1, 4), 8, 2)),
    C("F.upsample_bilinear: 3-d", lambda T: F(T).upsample_bilinear(x(T, 1, 1, 4),
                                                                   scale_factor=2)),
    C("F.upsample_bilinear: size and scale", lambda T: F(T).upsample_bilinear(
        x(T, 1, 1, 4, 4), 8, 2)),
    C("nn.Upsample: unknown mode", lambda T: T.nn.Upsample(scale_factor=2, mode="cubic")(
        x(T, 1, 1, 4)), since="2.13"),
    C("nn.Upsample: neither size nor scale", lambda T: T.nn.Upsample()(x(T, 1, 1, 4))),
    C("nn.Upsample: size list length", lambda T: T.nn.Upsample(size=(2, 2))(x(T, 1, 1, 4))),
    C("nn.UpsamplingNearest2d: 3-d", lambda T: T.nn.UpsamplingNearest2d(scale_factor=2)(
        x(T, 1, 1, 4))),
    C("nn.UpsamplingNearest2d: size and scale", lambda T: T.nn.UpsamplingNearest2d(
        8, 2)(x(T, 1, 1, 4, 4))),
    C("nn.UpsamplingBilinear2d: 3-d", lambda T: T.nn.UpsamplingBilinear2d(scale_factor=2)(
        x(T, 1, 1, 4))),
    C("nn.UpsamplingBilinear2d: neither size nor scale", lambda T: T.nn
      .UpsamplingBilinear2d()(x(T, 1, 1, 4, 4))),
]

# -- attention and transformers -----------------------------------------------------------------
ATTENTION = [
    C("F.scaled_dot_product_attention: key features", lambda T: F(T)
      .scaled_dot_product_attention(x(T, 1, 2, 4), x(T, 1, 3, 5), x(T, 1, 3, 4))),
    C("F.scaled_dot_product_attention: dtypes", lambda T: F(T).scaled_dot_product_attention(
        x(T, 1, 2, 4), x(T, 1, 3, 4, dtype=T.float64), x(T, 1, 3, 4))),
    C("F.scaled_dot_product_attention: mask and causal", lambda T: F(T)
      .scaled_dot_product_attention(x(T, 1, 2, 4), x(T, 1, 3, 4), x(T, 1, 3, 4),
                                    attn_mask=T.ones(2, 3, dtype=T.bool), is_causal=True)),
    C("F.scaled_dot_product_attention: mask shape", lambda T: F(T)
      .scaled_dot_product_attention(x(T, 1, 1, 2, 4), x(T, 1, 1, 3, 4), x(T, 1, 1, 3, 4),
                                    attn_mask=T.ones(2, 2, dtype=T.bool))),
    C("F.scaled_dot_product_attention: int mask", lambda T: F(T).scaled_dot_product_attention(
        x(T, 1, 2, 4), x(T, 1, 3, 4), x(T, 1, 3, 4), attn_mask=T.ones(2, 3, dtype=T.int64))),
    C("F.scaled_dot_product_attention: a list", lambda T: F(T).scaled_dot_product_attention(
        [1.0], x(T, 1, 3, 4), x(T, 1, 3, 4))),
    C("F.scaled_dot_product_attention: 1-d", lambda T: F(T).scaled_dot_product_attention(
        x(T, 4), x(T, 4), x(T, 4))),
    C("F.scaled_dot_product_attention: float64 mask", lambda T: F(T)
      .scaled_dot_product_attention(x(T, 1, 2, 4), x(T, 1, 3, 4), x(T, 1, 3, 4),
                                    attn_mask=T.zeros(2, 3, dtype=T.float64))),
    C("F.multi_head_attention_forward: embed_dim", lambda T: F(T)
      .multi_head_attention_forward(x(T, 3, 1, 4), x(T, 3, 1, 4), x(T, 3, 1, 4), 6, 2,
                                    x(T, 18, 6), x(T, 18), None, None, False, 0.0,
                                    x(T, 6, 6), x(T, 6))),
    C("F.multi_head_attention_forward: heads", lambda T: F(T)
      .multi_head_attention_forward(x(T, 3, 1, 4), x(T, 3, 1, 4), x(T, 3, 1, 4), 4, 3,
                                    x(T, 12, 4), x(T, 12), None, None, False, 0.0,
                                    x(T, 4, 4), x(T, 4))),
    C("F.multi_head_attention_forward: key and value lengths", lambda T: F(T)
      .multi_head_attention_forward(x(T, 3, 1, 4), x(T, 3, 1, 4), x(T, 2, 1, 4), 4, 2,
                                    x(T, 12, 4), x(T, 12), None, None, False, 0.0,
                                    x(T, 4, 4), x(T, 4))),
    C("nn.MultiheadAttention: heads do not divide embed_dim", lambda T: T.nn
      .MultiheadAttention(6, 4)),
    C("nn.MultiheadAttention: embed_dim", lambda T: T.nn.MultiheadAttention(4, 2)(
        x(T, 3, 1, 6), x(T, 3, 1, 6), x(T, 3, 1, 6))),
    C("nn.MultiheadAttention: 4-d query", lambda T: T.nn.MultiheadAttention(4, 2)(
        x(T, 1, 3, 1, 4), x(T, 1, 3, 1, 4), x(T, 1, 3, 1, 4))),
    C("nn.MultiheadAttention: mask shape", lambda T: T.nn.MultiheadAttention(4, 2)(
        x(T, 3, 1, 4), x(T, 3, 1, 4), x(T, 3, 1, 4), attn_mask=T.zeros(2, 2))),
    C("nn.MultiheadAttention: zero embed_dim", lambda T: T.nn.MultiheadAttention(0, 2)),
    C("nn.TransformerEncoderLayer: heads do not divide d_model", lambda T: T.nn
      .TransformerEncoderLayer(6, 4)),
    C("nn.TransformerEncoderLayer: unknown activation", lambda T: T.nn
      .TransformerEncoderLayer(4, 2, activation="tanh")),
    C("nn.TransformerEncoderLayer: features", lambda T: T.nn.TransformerEncoderLayer(
        4, 2, 8, dropout=0.0)(x(T, 3, 1, 6))),
    C("nn.TransformerEncoder: features", lambda T: T.nn.TransformerEncoder(
        T.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2,
        enable_nested_tensor=False)(x(T, 3, 1, 6))),
    C("nn.TransformerEncoder: mask shape", lambda T: T.nn.TransformerEncoder(
        T.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 1,
        enable_nested_tensor=False)(x(T, 3, 1, 4), mask=T.zeros(2, 2))),
    C("nn.TransformerDecoderLayer: heads do not divide d_model", lambda T: T.nn
      .TransformerDecoderLayer(6, 4)),
    C("nn.TransformerDecoderLayer: memory features", lambda T: T.nn.TransformerDecoderLayer(
        4, 2, 8, dropout=0.0)(x(T, 3, 1, 4), x(T, 2, 1, 6))),
    C("nn.TransformerDecoder: memory features", lambda T: T.nn.TransformerDecoder(
        T.nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), 2)(x(T, 3, 1, 4), x(T, 2, 1, 6))),
    C("nn.Transformer: heads do not divide d_model", lambda T: T.nn.Transformer(6, 4, 1, 1, 8)),
    C("nn.Transformer: batch sizes", lambda T: T.nn.Transformer(
        4, 2, 1, 1, 8, dropout=0.0)(x(T, 3, 1, 4), x(T, 2, 2, 4))),
    C("nn.Transformer: features", lambda T: T.nn.Transformer(
        4, 2, 1, 1, 8, dropout=0.0)(x(T, 3, 1, 6), x(T, 2, 1, 6))),
]

# -- containers and lazy parameters -------------------------------------------------------------
OTHER = [
    C("nn.Container: not a module", lambda T: T.nn.Container(a=1)),
    C("nn.Container: missing attribute", lambda T: T.nn.Container(a=T.nn.ReLU()).b),
    C("nn.UninitializedParameter: shape", lambda T: T.nn.UninitializedParameter().shape),
    C("nn.UninitializedParameter: materialize a string", lambda T: T.nn
      .UninitializedParameter().materialize("a"), since="2.13"),
    C("nn.UninitializedParameter: materialize a float", lambda T: T.nn
      .UninitializedParameter().materialize(2.5), since="2.13"),
    C("nn.UninitializedBuffer: shape", lambda T: T.nn.UninitializedBuffer().shape),
]

ROWS = (ACTIVATIONS + DROPOUT + LINEAR + LOSSES + DISTANCES + NORMALIZATION + PADDING
        + VISION + ATTENTION + OTHER)
