"""Dtypes that torch's kernels refuse, against torch: the error type and exact words, and
the order of torch's checks (a shape error before a dtype error, or the other way round).

Each case runs on both libraries; the answers must agree: the same error type and message,
or (where torch succeeds) the same dtype and values.  Found by calling every public
function on nine dtypes and comparing with torch.
"""
from __future__ import annotations

import warnings

import pytest
import torch

import minigrad
from torch_compat import as_mirrored_torch, torch_at_least


def _ones(lib, dtype: str, *shape):
    return lib.ones(*shape, dtype=getattr(lib, dtype))


def _of(lib, values, dtype: str):
    return lib.tensor(values, dtype=getattr(lib, dtype))


def _F(lib):
    return lib.nn.functional


_IMAGE = [[[[0, 255, 10, 40], [90, 30, 200, 120], [5, 60, 250, 170]]]]  # uint8, (1, 1, 3, 4)

CASES = {
    # -- pooling: average pooling has float and int64 kernels, max pooling no bool one ----
    "avg_pool2d int32": lambda lib: _F(lib).avg_pool2d(_ones(lib, "int32", 1, 1, 3, 4), 2),
    "avg_pool1d bool": lambda lib: _F(lib).avg_pool1d(_ones(lib, "bool", 1, 3, 4), 2),
    "avg_pool2d uint8, empty batch": lambda lib: _F(lib).avg_pool2d(
        _ones(lib, "uint8", 0, 1, 3, 4), 2),
    "avg_pool2d int8, kernel too big first": lambda lib: _F(lib).avg_pool2d(
        _ones(lib, "int8", 1, 1, 3, 4), 5),
    "avg_pool3d float16": lambda lib: _F(lib).avg_pool3d(_ones(lib, "float16", 1, 1, 2, 3, 4), 2),
    "avg_pool3d int32": lambda lib: _F(lib).avg_pool3d(_ones(lib, "int32", 1, 1, 2, 3, 4), 2),
    "max_pool2d bool": lambda lib: _F(lib).max_pool2d(_ones(lib, "bool", 1, 1, 3, 4), 2),
    "max_pool2d_with_indices bool": lambda lib: _F(lib).max_pool2d_with_indices(
        _ones(lib, "bool", 1, 3, 4), 2)[0],
    "max_pool1d int64": lambda lib: _F(lib).max_pool1d(_ones(lib, "int64", 1, 3, 4), 2),
    "max_pool1d uint8, output too small first": lambda lib: _F(lib).max_pool1d(
        _ones(lib, "uint8", 1, 3, 4), 9),
    "max_pool1d bool with indices": lambda lib: _F(lib).max_pool1d(
        _ones(lib, "bool", 1, 3, 4), 2, return_indices=True)[0],
    "max_pool3d bool": lambda lib: _F(lib).max_pool3d(_ones(lib, "bool", 1, 1, 2, 3, 4), 2),
    "adaptive_avg_pool2d int64": lambda lib: _F(lib).adaptive_avg_pool2d(
        _ones(lib, "int64", 1, 1, 3, 4), 2),
    "adaptive_avg_pool1d bool": lambda lib: _F(lib).adaptive_avg_pool1d(
        _ones(lib, "bool", 1, 3, 4), 2),
    "adaptive_avg_pool1d bool to nothing": lambda lib: _F(lib).adaptive_avg_pool1d(
        _ones(lib, "bool", 1, 3, 4), 0),
    "adaptive_avg_pool2d int16 to one: a mean": lambda lib: _F(lib).adaptive_avg_pool2d(
        _ones(lib, "int16", 1, 1, 3, 4), 1),
    "adaptive_avg_pool3d uint8 to one: a mean": lambda lib: _F(lib).adaptive_avg_pool3d(
        _ones(lib, "uint8", 1, 1, 2, 3, 4), 1),
    "max_unpool2d int64": lambda lib: _F(lib).max_unpool2d(
        _ones(lib, "int64", 1, 1, 2, 2), lib.zeros(1, 1, 2, 2, dtype=lib.int64), 2),
    "max_unpool3d bool": lambda lib: _F(lib).max_unpool3d(
        _ones(lib, "bool", 1, 1, 2, 2, 2), lib.zeros(1, 1, 2, 2, 2, dtype=lib.int64), 2),
    "lp_pool2d int32": lambda lib: _F(lib).lp_pool2d(_ones(lib, "int32", 1, 1, 3, 4), 2, 2),
    "lp_pool1d uint8": lambda lib: _F(lib).lp_pool1d(_ones(lib, "uint8", 1, 3, 4), 2, 2),
    "local_response_norm int32": lambda lib: _F(lib).local_response_norm(
        _ones(lib, "int32", 1, 3, 4), 2),
    "local_response_norm bool": lambda lib: _F(lib).local_response_norm(
        _ones(lib, "bool", 1, 3, 4), 2),
    "local_response_norm 4-d float16": lambda lib: _F(lib).local_response_norm(
        _ones(lib, "float16", 1, 2, 3, 4), 2),
    # -- resampling: floats, and uint8 images (not in (tri)linear mode) -----------------
    "interpolate nearest int64": lambda lib: _F(lib).interpolate(
        _ones(lib, "int64", 1, 3, 4), scale_factor=2),
    "interpolate nearest 2-d bool": lambda lib: _F(lib).interpolate(
        _ones(lib, "bool", 1, 1, 3, 4), scale_factor=2),
    "interpolate nearest 2-d int32, large output": lambda lib: _F(lib).interpolate(
        _ones(lib, "int32", 1, 1, 3, 4), size=(60, 69)),
    "interpolate nearest 3-d int8": lambda lib: _F(lib).interpolate(
        _ones(lib, "int8", 1, 1, 2, 3, 4), scale_factor=2),
    "interpolate linear uint8": lambda lib: _F(lib).interpolate(
        _ones(lib, "uint8", 1, 3, 4), scale_factor=2, mode="linear"),
    "interpolate bilinear bool": lambda lib: _F(lib).interpolate(
        _ones(lib, "bool", 1, 1, 3, 4), scale_factor=2, mode="bilinear"),
    "interpolate bilinear int64, large output": lambda lib: _F(lib).interpolate(
        _ones(lib, "int64", 1, 1, 3, 4), size=(60, 69), mode="bilinear"),
    "interpolate bicubic int16": lambda lib: _F(lib).interpolate(
        _ones(lib, "int16", 1, 1, 3, 4), scale_factor=2, mode="bicubic"),
    "interpolate trilinear int32": lambda lib: _F(lib).interpolate(
        _ones(lib, "int32", 1, 1, 2, 3, 4), scale_factor=2, mode="trilinear"),
    "interpolate antialias float16": lambda lib: _F(lib).interpolate(
        _ones(lib, "float16", 1, 1, 3, 4), size=(2, 2), mode="bilinear", antialias=True),
    "interpolate area int64": lambda lib: _F(lib).interpolate(
        _ones(lib, "int64", 1, 1, 3, 4), scale_factor=2, mode="area"),
    "interpolate area bool, empty batch": lambda lib: _F(lib).interpolate(
        _ones(lib, "bool", 0, 1, 3, 4), scale_factor=2, mode="area"),
    "interpolate int64, size check first": lambda lib: _F(lib).interpolate(
        _ones(lib, "int64", 1, 1, 3, 4), scale_factor=0.1),
    "upsample_nearest bool": lambda lib: _F(lib).upsample_nearest(
        _ones(lib, "bool", 1, 3, 4), scale_factor=2),
    "upsample_bilinear uint8": lambda lib: _F(lib).upsample_bilinear(
        _of(lib, _IMAGE, "uint8"), scale_factor=2),
    "interpolate bilinear uint8": lambda lib: _F(lib).interpolate(
        _of(lib, _IMAGE, "uint8"), size=(5, 7), mode="bilinear"),
    "interpolate bicubic uint8": lambda lib: _F(lib).interpolate(
        _of(lib, _IMAGE, "uint8"), size=(5, 7), mode="bicubic"),
    "interpolate bicubic uint8, corners aligned": lambda lib: _F(lib).interpolate(
        _of(lib, _IMAGE, "uint8"), scale_factor=2.5, mode="bicubic", align_corners=True),
    "interpolate antialiased uint8": lambda lib: _F(lib).interpolate(
        _of(lib, _IMAGE, "uint8"), size=(2, 3), mode="bicubic", antialias=True),
    "unfold int64": lambda lib: _F(lib).unfold(_ones(lib, "int64", 1, 1, 3, 4), 2),
    "unfold bool": lambda lib: _F(lib).unfold(_ones(lib, "bool", 1, 1, 3, 4), 2),
    "fold int32": lambda lib: _F(lib).fold(_ones(lib, "int32", 1, 4, 6), (3, 4), 2),
    # -- normalisation ------------------------------------------------------------------
    "instance_norm int64": lambda lib: _F(lib).instance_norm(_ones(lib, "int64", 1, 3, 4)),
    "instance_norm bool, empty batch": lambda lib: _F(lib).instance_norm(
        _ones(lib, "bool", 0, 3, 4)),
    "instance_norm empty batch with a weight": lambda lib: _F(lib).instance_norm(
        _ones(lib, "float32", 0, 3, 4), weight=lib.ones(3)),
    "instance_norm without running stats": lambda lib: _F(lib).instance_norm(
        _ones(lib, "int64", 2, 3, 4), use_input_stats=False),
    "batch_norm int64, empty batch": lambda lib: _F(lib).batch_norm(
        _ones(lib, "int64", 0, 3), None, None, weight=lib.ones(3), training=True),
    "batch_norm int64, one value per channel first": lambda lib: _F(lib).batch_norm(
        _ones(lib, "int64", 1, 3), None, None, training=True),
    # -- convolutions -------------------------------------------------------------------
    "conv_transpose2d int32": lambda lib: _F(lib).conv_transpose2d(
        _ones(lib, "int32", 1, 1, 3, 4), _ones(lib, "int32", 1, 1, 2, 2)),
    "conv_transpose2d int16 refuses before comparing dtypes": lambda lib: _F(
        lib).conv_transpose2d(_ones(lib, "int16", 1, 1, 3, 4), lib.ones(1, 1, 2, 2)),
    "conv_transpose1d uint8": lambda lib: _F(lib).conv_transpose1d(
        _ones(lib, "uint8", 1, 1, 4), _ones(lib, "uint8", 1, 1, 2)),
    "conv_transpose3d bool": lambda lib: _F(lib).conv_transpose3d(
        _ones(lib, "bool", 1, 1, 2, 3, 4), _ones(lib, "bool", 1, 1, 2, 2, 2)),
    "conv_transpose2d int8, empty batch": lambda lib: _F(lib).conv_transpose2d(
        _ones(lib, "int8", 0, 1, 3, 4), _ones(lib, "int8", 1, 1, 2, 2)),
    "conv_transpose2d int64, float64 bias": lambda lib: _F(lib).conv_transpose2d(
        _ones(lib, "int64", 1, 1, 3, 4), _ones(lib, "int64", 1, 1, 2, 2),
        lib.ones(1, dtype=lib.float64)),
    "conv2d bool refuses before comparing dtypes": lambda lib: _F(lib).conv2d(
        _ones(lib, "bool", 1, 1, 3, 4), lib.ones(1, 1, 2, 2)),
    "conv3d bool": lambda lib: _F(lib).conv3d(
        _ones(lib, "bool", 1, 1, 2, 3, 4), _ones(lib, "bool", 1, 1, 2, 2, 2)),
    "conv2d bool, empty batch": lambda lib: _F(lib).conv2d(
        _ones(lib, "bool", 0, 1, 3, 4), _ones(lib, "bool", 1, 1, 2, 2)),
    "conv2d float32, float64 bias": lambda lib: _F(lib).conv2d(
        lib.ones(1, 1, 3, 4), lib.ones(1, 1, 2, 2), lib.ones(1, dtype=lib.float64)),
    # -- losses -------------------------------------------------------------------------
    "multi_margin_loss int64": lambda lib: _F(lib).multi_margin_loss(
        _ones(lib, "int64", 3, 4), lib.tensor([0, 3, 1])),
    "multi_margin_loss float16": lambda lib: _F(lib).multi_margin_loss(
        _ones(lib, "float16", 3, 4), lib.tensor([0, 3, 1])),
    "multi_margin_loss bool refuses before the target's range": lambda lib: _F(
        lib).multi_margin_loss(_ones(lib, "bool", 3, 4), lib.tensor([0, 3, 9])),
    "multi_margin_loss int8 refuses before the target's dtype": lambda lib: _F(
        lib).multi_margin_loss(_ones(lib, "int8", 3, 4), lib.tensor([0, 1, 2], dtype=lib.int32)),
    "multi_margin_loss int32 target": lambda lib: _F(lib).multi_margin_loss(
        lib.ones(3, 4), lib.tensor([0, 1, 2], dtype=lib.int32)),
    "multi_margin_loss float64 weight": lambda lib: _F(lib).multi_margin_loss(
        lib.ones(3, 4), lib.tensor([0, 1, 2]), weight=lib.ones(4, dtype=lib.float64)),
    "multilabel_margin_loss int64": lambda lib: _F(lib).multilabel_margin_loss(
        _ones(lib, "int64", 3, 4), lib.tensor([[3, 0, -1, 1]] * 3)),
    "multilabel_margin_loss float16, the target's range first": lambda lib: _F(
        lib).multilabel_margin_loss(_ones(lib, "float16", 3, 4), lib.tensor([[3, 0, -1, 9]] * 3)),
    "multilabel_margin_loss bool refuses before the target's dtype": lambda lib: _F(
        lib).multilabel_margin_loss(_ones(lib, "bool", 3, 4),
                                    lib.tensor([[3, 0, -1, 1]] * 3, dtype=lib.int32)),
    "hinge_embedding_loss int64, no reduction": lambda lib: _F(lib).hinge_embedding_loss(
        _of(lib, [[-2, 0, 1, 3]], "int64"), lib.tensor([[1, -1, -1, -1]]), margin=2.7,
        reduction="none"),
    "hinge_embedding_loss uint8 wraps": lambda lib: _F(lib).hinge_embedding_loss(
        _of(lib, [[254, 0, 1, 3]], "uint8"), lib.tensor([[1, -1, -1, -1]]), margin=1.5,
        reduction="none"),
    "hinge_embedding_loss int8 sum": lambda lib: _F(lib).hinge_embedding_loss(
        _of(lib, [[-2, 0, 1, 3]], "int8"), lib.tensor([[1, -1, -1, -1]]), reduction="sum"),
    "hinge_embedding_loss int32 mean": lambda lib: _F(lib).hinge_embedding_loss(
        _of(lib, [[-2, 0, 1, 3]], "int32"), lib.tensor([[1, -1, -1, -1]])),
    "hinge_embedding_loss int8 margin overflows": lambda lib: _F(lib).hinge_embedding_loss(
        _of(lib, [[-2, 0, 1, 3]], "int8"), lib.tensor([[1, -1, -1, -1]]), margin=300.5),
    "hinge_embedding_loss bool": lambda lib: _F(lib).hinge_embedding_loss(
        _ones(lib, "bool", 2, 2), _ones(lib, "bool", 2, 2)),
    "margin_ranking_loss bool": lambda lib: _F(lib).margin_ranking_loss(
        _ones(lib, "bool", 3), _ones(lib, "bool", 3), _ones(lib, "bool", 3)),
    "softmin bool": lambda lib: _F(lib).softmin(_ones(lib, "bool", 3, 4), 1),
    "dropout int64": lambda lib: _F(lib).dropout(_ones(lib, "int64", 3, 4)),
    "dropout2d bool": lambda lib: _F(lib).dropout2d(_ones(lib, "bool", 1, 3, 4)),
    "dropout uint8 with p = 1": lambda lib: _F(lib).dropout(_ones(lib, "uint8", 3, 4), 1.0),
    # -- padding, distances, products ---------------------------------------------------
    "pad reflect bool": lambda lib: _F(lib).pad(_ones(lib, "bool", 1, 3, 4), (1, 1),
                                                mode="reflect"),
    "pad replicate 2-d bool": lambda lib: _F(lib).pad(
        _ones(lib, "bool", 1, 1, 3, 4), (1, 1, 1, 1), mode="replicate"),
    "pad circular bool": lambda lib: _F(lib).pad(_ones(lib, "bool", 1, 3, 4), (1, 1),
                                                 mode="circular"),
    "pdist float16": lambda lib: _F(lib).pdist(_ones(lib, "float16", 3, 4)),
    "cdist float16": lambda lib: lib.cdist(_ones(lib, "float16", 3, 4),
                                           _ones(lib, "float16", 2, 4)),
    "cdist float16 refuses before comparing dtypes": lambda lib: lib.cdist(
        _ones(lib, "float16", 3, 4), lib.ones(2, 4)),
    "cdist int64, the columns first": lambda lib: lib.cdist(
        _ones(lib, "int64", 3, 4), _ones(lib, "int64", 2, 5)),
    "cdist of two dtypes, no rows": lambda lib: lib.cdist(
        lib.ones(0, 4), _ones(lib, "float16", 2, 4)),
    "bilinear int8 wraps": lambda lib: _F(lib).bilinear(
        _of(lib, [[1, 2, 3, 100]], "int8"), _of(lib, [[5, 6, 7, 120]], "int8"),
        _ones(lib, "int8", 2, 4, 4)),
    "bilinear bool": lambda lib: _F(lib).bilinear(
        _ones(lib, "bool", 3, 4), _ones(lib, "bool", 3, 4), _ones(lib, "bool", 2, 4, 4)),
    "scaled_dot_product_attention int64": lambda lib: _F(lib).scaled_dot_product_attention(
        *[_ones(lib, "int64", 1, 3, 4)] * 3),
    "scaled_dot_product_attention 2-d bool": lambda lib: _F(
        lib).scaled_dot_product_attention(*[_ones(lib, "bool", 3, 4)] * 3),
    "matmul batches of two dtypes": lambda lib: lib.matmul(
        lib.ones(2, 3, 4), _ones(lib, "int64", 2, 4, 3)),
    "matmul batch of bools refuses first": lambda lib: lib.matmul(
        _ones(lib, "bool", 2, 3, 4), lib.ones(2, 4, 3)),
    "matmul batch times vector of two dtypes": lambda lib: lib.matmul(
        lib.ones(2, 3, 4), _ones(lib, "int64", 4)),
    "matmul batches that do not broadcast": lambda lib: lib.matmul(
        lib.ones(2, 3, 4), lib.ones(3, 4, 3)),
    "bmm of two dtypes, the shapes first": lambda lib: lib.bmm(
        lib.ones(2, 3, 4), _ones(lib, "int64", 2, 5, 3)),
    "tensordot bool": lambda lib: lib.tensordot(_ones(lib, "bool", 3, 4),
                                                _ones(lib, "bool", 3, 4)),
    "embedding bool indices": lambda lib: _F(lib).embedding(_ones(lib, "bool", 3),
                                                           lib.ones(4, 3)),
    "embedding_bag int16 indices with int64 offsets": lambda lib: _F(lib).embedding_bag(
        _ones(lib, "int16", 3), lib.ones(4, 3), lib.tensor([0, 2])),
    "embedding_bag 2-d bool": lambda lib: _F(lib).embedding_bag(_ones(lib, "bool", 2, 3),
                                                               lib.ones(4, 3)),
    "embedding_bag int32 weight": lambda lib: _F(lib).embedding_bag(
        _ones(lib, "int64", 2, 3), _ones(lib, "int32", 4, 3)),
    # -- factories ----------------------------------------------------------------------
    "arange bool": lambda lib: lib.arange(5, dtype=lib.bool),
    "arange bool, before the range checks": lambda lib: lib.arange(5, 0, dtype=lib.bool),
    "arange int64 with a float step": lambda lib: lib.arange(0, 3, 0.5, dtype=lib.int64),
    "arange uint8 from a negative float": lambda lib: lib.arange(-2.5, 3, 1.5, dtype=lib.uint8),
    "range bool": lambda lib: lib.range(0, 3, dtype=lib.bool),
    "range int64 bounds against the step": lambda lib: lib.range(3, 0, dtype=lib.int64),
    "linspace bool": lambda lib: lib.linspace(0, 4, 5, dtype=lib.bool),
    "linspace bool of one step": lambda lib: lib.linspace(0, 4, 1, dtype=lib.bool),
    "linspace uint8 from a negative start": lambda lib: lib.linspace(-1, 2, 4, dtype=lib.uint8),
    "linspace int64 counts down from the end": lambda lib: lib.linspace(-3, 7, 7,
                                                                        dtype=lib.int64),
    "linspace float64 rounds once": lambda lib: lib.linspace(-3, 7, 13, dtype=lib.float64),
    "logspace bool": lambda lib: lib.logspace(0, 2, 3, dtype=lib.bool),
    "logspace of negative steps": lambda lib: lib.logspace(0, 2, -1),
    "randperm bool": lambda lib: lib.randperm(3, dtype=lib.bool),
    "tril_indices int16": lambda lib: lib.tril_indices(3, 4, dtype=lib.int16),
    "triu_indices int8": lambda lib: lib.triu_indices(3, 4, dtype=lib.int8),
    "normal int64": lambda lib: lib.normal(_ones(lib, "int64", 3)),
    "normal takes the mean's dtype": lambda lib: lib.normal(
        lib.zeros(3), lib.zeros(3, dtype=lib.float64)),
    "normal of a negative std": lambda lib: lib.normal(lib.ones(3), -1.0),
    "x.to(2.5) takes float64": lambda lib: _ones(lib, "int32", 2).to(2.5),
    "x.to(True) takes bool": lambda lib: _ones(lib, "int32", 2).to(True),
    # -- searching, statistics, pointwise -----------------------------------------------
    "isin bool": lambda lib: lib.isin(_ones(lib, "bool", 3), 2),
    "isin with True": lambda lib: lib.isin(_ones(lib, "int64", 3), True),
    "bucketize bools": lambda lib: lib.bucketize(_ones(lib, "bool", 3), _ones(lib, "bool", 2)),
    "searchsorted bools": lambda lib: lib.searchsorted(_ones(lib, "bool", 2),
                                                       _ones(lib, "bool", 3)),
    "searchsorted bools, the shapes first": lambda lib: lib.searchsorted(
        _ones(lib, "bool", 3, 4), _ones(lib, "bool", 3)),
    "cov bool": lambda lib: lib.cov(_ones(lib, "bool", 3, 4)),
    "corrcoef bool": lambda lib: lib.corrcoef(_ones(lib, "bool", 3, 4)),
    "gradient uint8": lambda lib: lib.gradient(_ones(lib, "uint8", 3, 4))[0],
    "gradient bool": lambda lib: lib.gradient(_ones(lib, "bool", 3, 4))[0],
    "mvlgamma bool": lambda lib: lib.mvlgamma(_ones(lib, "bool", 3), 1),
    "mvlgamma_ bool": lambda lib: _ones(lib, "bool", 3).mvlgamma_(1),
    "floor_divide_ bool by zero: the dtype first": lambda lib: _ones(
        lib, "bool", 3).floor_divide_(0),
    "remainder_ bool by a zero tensor": lambda lib: _ones(lib, "bool", 3).remainder_(
        lib.zeros(3, dtype=lib.int64)),
    "addcmul bool": lambda lib: lib.addcmul(*[_ones(lib, "bool", 3)] * 3),
    "addcmul_ bool": lambda lib: _ones(lib, "bool", 3).addcmul_(*[_ones(lib, "bool", 3)] * 2),
    "lerp int64 with a tensor weight": lambda lib: lib.lerp(*[_ones(lib, "int64", 3)] * 3),
    "lerp uint8 with a float32 weight": lambda lib: lib.lerp(
        _ones(lib, "uint8", 3), _ones(lib, "uint8", 3), lib.ones(3)),
    "lerp float16 with a float32 weight": lambda lib: lib.lerp(
        _ones(lib, "float16", 3), _ones(lib, "float16", 3), lib.ones(3)),
    "cross bool": lambda lib: lib.cross(_ones(lib, "bool", 1, 3), lib.ones(1, 3), dim=1),
    "cross int64, the length first": lambda lib: lib.cross(
        _ones(lib, "int64", 1, 4), lib.ones(1, 4), dim=1),
    "dist bool": lambda lib: lib.dist(_ones(lib, "bool", 3), _ones(lib, "bool", 3)),
    "histc bool": lambda lib: lib.histc(_ones(lib, "bool", 3, 4)),
    "histc uint8, the range in the dtype": lambda lib: lib.histc(
        _ones(lib, "uint8", 3, 4), bins=4, min=-3, max=3),
    "histc int64, the bins first": lambda lib: lib.histc(_ones(lib, "int64", 3, 4), bins=-1),
    "histogram float16": lambda lib: lib.histogram(_ones(lib, "float16", 3, 4), 2).hist,
    "histogram float16 in a range": lambda lib: lib.histogram(
        _of(lib, [0.1, 0.5, 0.7], "float16"), 2, range=(0.0, 1.0)).hist,
    "histogram int64 in a range": lambda lib: lib.histogram(
        _ones(lib, "int64", 3, 4), 2, range=(0.0, 1.0)).hist,
    "histogram bool in a range": lambda lib: lib.histogram(
        _ones(lib, "bool", 3, 4), 2, range=(0.0, 1.0)).hist,
    "histogram float64, float32 weight": lambda lib: lib.histogram(
        _ones(lib, "float64", 3, 4), 2, weight=lib.ones(3, 4)).hist,
    "histogramdd float16": lambda lib: lib.histogramdd(_ones(lib, "float16", 3, 2), 2).hist,
    "quantile float16": lambda lib: lib.quantile(_ones(lib, "float16", 3, 4), 0.5),
    "nanquantile float16 along a dim": lambda lib: _ones(lib, "float16", 3, 4).nanquantile(
        0.25, dim=1),
    "quantile int64, q's range first": lambda lib: lib.quantile(_ones(lib, "int64", 3), 1.5),
    "quantile int64, emptiness first": lambda lib: lib.quantile(_ones(lib, "int64", 0), 0.5),
    "scatter_reduce mean bool": lambda lib: _ones(lib, "bool", 3, 4).scatter_reduce(
        1, lib.tensor([[0, 2], [1, 0], [2, 1]]), _ones(lib, "bool", 3, 2), "mean"),
    "scatter_reduce mean bool, before the indices": lambda lib: _ones(
        lib, "bool", 3, 4).scatter_reduce(1, lib.tensor([[0, 9]]), _ones(lib, "bool", 1, 2),
                                          "mean"),
    "scatter_reduce amax uint8 without self": lambda lib: _of(
        lib, [[0, 1, 2, 3], [1, 0, 3, 2]], "uint8").scatter_reduce(
        1, lib.tensor([[0, 2], [1, 0]]), _of(lib, [[1, 2], [5, 1]], "uint8"), "amax",
        include_self=False),
    "scatter_reduce amin bool without self": lambda lib: _of(
        lib, [[0, 1, 1, 0]], "bool").scatter_reduce(
        1, lib.tensor([[0, 2]]), _of(lib, [[1, 0]], "bool"), "amin", include_self=False),
    "index_reduce mean bool": lambda lib: _ones(lib, "bool", 3, 4).index_reduce(
        0, lib.tensor([0, 2]), _ones(lib, "bool", 2, 4), "mean"),
    "index_reduce prod bool without self": lambda lib: _ones(lib, "bool", 3, 4).index_reduce(
        0, lib.tensor([0, 2]), _ones(lib, "bool", 2, 4), "prod", include_self=False),
    "index_reduce without self, an index out of bounds": lambda lib: _ones(
        lib, "int8", 3, 4).index_reduce(0, lib.tensor([0, 7]), _ones(lib, "int8", 2, 4),
                                        "amax", include_self=False),
}


def _answer(lib, case):
    try:
        with warnings.catch_warnings():           # deprecation warnings are not the point
            warnings.simplefilter("ignore")
            out = case(lib)
    except Exception as error:                    # noqa: BLE001 - the error is the answer
        return type(error).__name__, str(error).replace("minigrad", "torch")
    return str(out.dtype).replace("minigrad", "torch"), list(out.shape), out.tolist()


# cases that kill an older torch's process (SIGFPE: its integer step rounds to 0)
CRASH_OLDER_TORCH = {"arange int64 with a float step": "2.13"}


@pytest.mark.parametrize("name", CASES)
def test_matches_torch(name):
    if not torch_at_least(CRASH_OLDER_TORCH.get(name, "0.0")):
        pytest.skip(f"torch {torch.__version__} dies of SIGFPE on this call")
    with as_mirrored_torch():                   # older torch releases word some differently
        assert _answer(minigrad, CASES[name]) == _answer(torch, CASES[name])
