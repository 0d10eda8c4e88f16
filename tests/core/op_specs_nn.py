"""Op-table rows of ``nn.functional`` (issue 12, layers): activations, losses, distances,
padding, rearranging and resampling functions.  ``op_specs.py`` appends them to its table,
so each row gets the same checks as every other op: values, dtypes, shapes and grad_fn
names against torch, gradients, float64 finite differences and second derivatives.
"""
from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .op_specs import Domain, row
from .strategies import broadcast, unary

ZERO_KINK = Domain(avoid=(0.0,))
HARD = Domain(-4.0, 4.0, avoid=(-3.0, 3.0))
SHRINK = Domain(avoid=(-0.5, 0.5, -0.8, 0.8))


def F(T):
    return T.nn.functional


def _prelu_shapes(max_dims, max_side):
    """An input (N, C, *) or (*) and a slope vector of C elements or of one."""
    @st.composite
    def draw(draw):
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, max_side=max_side))
        channels = shape[1] if len(shape) >= 2 else 1
        return shape, (draw(st.sampled_from([1, channels])),)
    return draw()


def _glu_shapes(max_dims, max_side):
    return hnp.array_shapes(min_dims=1, max_dims=max_dims, max_side=max_side).map(
        lambda s: (s[:-1] + (2 * s[-1],),))


def _pair_rows(max_dims, max_side):
    """Two (N, D) or (D) inputs, the second possibly broadcasting (1, D)."""
    @st.composite
    def draw(draw):
        d, n = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
        first = draw(st.sampled_from([(n, d), (d,)]))
        second = draw(st.sampled_from([first, (1, d), (d,)]))
        return first, second
    return draw()


def _cosine_case(shapes):
    nd = max(len(s) for s in shapes)
    return st.fixed_dictionaries({"dim": st.integers(-nd, nd - 1)})


def _copy_pad_case(mode):
    """An input of k + 1 or k + 2 dims (k = 1..3 padded dims) and its pad tuple."""
    def shapes(max_dims, max_side):
        @st.composite
        def draw(draw):
            k = draw(st.integers(1, 3))
            lead = draw(st.sampled_from([(5,), (1, 5)]))    # 5: where the padded dims start
            sizes = tuple(draw(st.integers(2, 4)) for _ in range(k))
            return (lead + sizes,)
        return draw()

    def params(shapes):
        @st.composite
        def draw(draw):
            shape = shapes[0]
            k = len(shape) - (1 if shape[0] == 5 else 2)
            pads = []
            for n in reversed(shape[len(shape) - k:]):
                high = n - 1 if mode == "reflect" else n
                before = draw(st.integers(-1, high))
                if mode == "circular":     # torch wraps around the cropped cells only
                    high = min(high, n + min(before, 0))
                pads += [before, draw(st.integers(0, high))]
            return {"pad": tuple(pads), "mode": mode}
        return draw()
    return shapes, params


def _unfold_geometry(shapes):
    """A kernel, dilation, padding and stride under which blocks fit in the image."""
    h, w = shapes[0][-2:]
    return st.fixed_dictionaries({
        "kernel_size": st.tuples(st.integers(1, h), st.integers(1, w)),
        "padding": st.sampled_from([0, 1, (1, 0)]),
        "stride": st.sampled_from([1, 2, (1, 3)])})


def _spatial(low, high):
    """(N, C, *spatial) shapes with ``low`` to ``high`` spatial dims of 1 to 5 cells."""
    def shapes(max_dims, max_side):
        @st.composite
        def draw(draw):
            dims = draw(st.integers(low, high))
            return ((draw(st.integers(1, 2)), draw(st.integers(1, 2)))
                    + tuple(draw(st.integers(1, 5)) for _ in range(dims)),)
        return draw()
    return shapes


def _resize(modes, corners=False, antialias=False):
    """interpolate's options: a mode, a size or a scale factor (with or without
    recompute_scale_factor), align_corners where the mode has it."""
    def params(shapes):
        @st.composite
        def draw(draw):
            dims = len(shapes[0]) - 2
            kw = {"mode": draw(st.sampled_from(modes))}
            if draw(st.booleans()):
                kw["size"] = tuple(draw(st.integers(1, 7)) for _ in range(dims))
            else:
                factor = draw(st.sampled_from([2.0, 0.5, 1.7, 3, (1.5,) * dims]))
                factors = factor if isinstance(factor, tuple) else (factor,) * dims
                if min(int(n * f) for n, f in zip(shapes[0][2:], factors, strict=True)) < 1:
                    factor = 2.0                  # a size-0 output is an error
                kw["scale_factor"] = factor
                kw["recompute_scale_factor"] = draw(st.sampled_from([None, True]))
            if corners:
                kw["align_corners"] = draw(st.booleans())
            # torch 2.14's antialiased path goes wrong when the output (or input) is one
            # column wide (it repeats the first row's value): not drawn
            scale = kw.get("scale_factor", 1)
            width = kw["size"][-1] if "size" in kw else int(shapes[0][-1] * (
                scale[-1] if isinstance(scale, tuple) else scale))
            if antialias and min(width, shapes[0][-1]) > 1 and draw(st.booleans()):
                kw["antialias"] = True
            return {"kw": kw}
        return draw()
    return params


SPECS_NN = [
    # -- activations ----------------------------------------------------------------------
    row("F.selu", lambda T, x: F(T).selu(x), unary(), domains=(ZERO_KINK,)),
    row("F.celu", lambda T, x: F(T).celu(x, alpha=0.7), unary(), domains=(ZERO_KINK,)),
    row("F.elu_alpha", lambda T, x: F(T).elu(x, alpha=1.5), unary(), domains=(ZERO_KINK,)),
    row("F.threshold", lambda T, x: F(T).threshold(x, 0.1, -2.0), unary(),
        domains=(Domain(avoid=(0.1,)),)),
    row("F.hardshrink", lambda T, x: F(T).hardshrink(x), unary(), domains=(SHRINK,)),
    row("F.softshrink", lambda T, x: F(T).softshrink(x, 0.8), unary(), domains=(SHRINK,)),
    row("F.hardsigmoid", lambda T, x: F(T).hardsigmoid(x), unary(), domains=(HARD,),
        double=False),                  # torch has no second derivative of hardsigmoid
    row("F.hardswish", lambda T, x: F(T).hardswish(x), unary(), domains=(HARD,)),
    row("F.mish", lambda T, x: F(T).mish(x), unary(), double=False),
    row("F.softsign", lambda T, x: F(T).softsign(x), unary(), domains=(ZERO_KINK,)),
    row("F.tanhshrink", lambda T, x: F(T).tanhshrink(x), unary()),
    row("F.glu", lambda T, x: F(T).glu(x), _glu_shapes),
    row("F.glu_dim0", lambda T, x: F(T).glu(x, 0), lambda nd, side: _glu_shapes(1, side)),
    row("F.prelu", lambda T, x, w: F(T).prelu(x, w), _prelu_shapes,
        domains=(ZERO_KINK, Domain(0.05, 0.5))),
    row("F.rrelu_eval", lambda T, x: F(T).rrelu(x, 0.1, 0.3), unary(), domains=(ZERO_KINK,)),
    row("F.leaky_relu", lambda T, x: F(T).leaky_relu(x, 0.2), unary(), domains=(ZERO_KINK,)),
    row("F.logsigmoid", lambda T, x: F(T).logsigmoid(x), unary(), double=False),
    # -- padding --------------------------------------------------------------------------
    row("F.pad_reflect", lambda T, x, pad, mode: F(T).pad(x, pad, mode),
        _copy_pad_case("reflect")[0], params=_copy_pad_case("reflect")[1], double=False),
    row("F.pad_replicate", lambda T, x, pad, mode: F(T).pad(x, pad, mode),
        _copy_pad_case("replicate")[0], params=_copy_pad_case("replicate")[1], double=False),
    row("F.pad_circular", lambda T, x, pad, mode: F(T).pad(x, pad, mode),
        _copy_pad_case("circular")[0], params=_copy_pad_case("circular")[1], double=False),
    # -- rearranging ------------------------------------------------------------------------
    row("F.pixel_shuffle", lambda T, x: F(T).pixel_shuffle(x, 2),
        lambda nd, side: st.sampled_from([((8, 2, 3),), ((2, 4, 3, 1),), ((1, 2, 12, 2, 2),)])),
    row("F.pixel_unshuffle", lambda T, x: F(T).pixel_unshuffle(x, 2),
        lambda nd, side: st.sampled_from([((1, 2, 4),), ((2, 3, 4, 2),), ((2, 1, 1, 6, 4),)])),
    row("F.channel_shuffle", lambda T, x: F(T).channel_shuffle(x, 3),
        lambda nd, side: st.sampled_from([((2, 6, 2),), ((1, 3, 2, 2),), ((2, 9, 1, 2, 1),)])),
    # -- normalisation and bilinear forms -------------------------------------------------
    row("F.local_response_norm", lambda T, x: F(T).local_response_norm(x, 3, 0.5, 0.75, 1.5),
        lambda nd, side: st.sampled_from([((2, 4, 3),), ((1, 5, 2, 2),), ((2, 3, 1, 2, 2),)])),
    row("F.local_response_norm_even", lambda T, x: F(T).local_response_norm(x, 2, 2.0, 0.5),
        lambda nd, side: st.sampled_from([((2, 4, 3),), ((1, 3, 2, 2),)])),
    row("F.rms_norm", lambda T, x, w: F(T).rms_norm(x, w.shape, w),
        lambda nd, side: st.sampled_from([((3, 4), (4,)), ((2, 3, 2), (3, 2)), ((5,), (5,))]),
        tol32=(1e-5, 1e-5)),
    row("F.rms_norm_eps", lambda T, x: F(T).rms_norm(x, (x.shape[-1],), eps=0.1),
        unary(1)),
    row("F.instance_norm", lambda T, x, w, b: F(T).instance_norm(x, weight=w, bias=b),
        lambda nd, side: st.sampled_from([((2, 3, 4), (3,), (3,)), ((1, 2, 3, 2), (2,), (2,)),
                                          ((2, 1, 2, 2, 2), (1,), (1,))]),
        double=False, tol32=(1e-4, 1e-5)),
    row("F.bilinear", lambda T, a, b, w, bias: F(T).bilinear(a, b, w, bias),
        lambda nd, side: st.sampled_from([((4, 2), (4, 3), (5, 2, 3), (5,)),
                                          ((2, 3, 1), (2, 3, 2), (2, 1, 2), (2,)),
                                          ((3,), (2,), (1, 3, 2), (1,))]),
        tol32=(1e-5, 1e-5)),
    # -- resampling (interpolate), each mode on 1-3 spatial dims ---------------------------
    row("F.interpolate_nearest", lambda T, x, kw: F(T).interpolate(x, **kw),
        _spatial(1, 3), params=_resize(("nearest", "nearest-exact"))),
    row("F.interpolate_linear", lambda T, x, kw: F(T).interpolate(x, **kw), _spatial(1, 1),
        params=_resize(("linear",), corners=True)),
    row("F.interpolate_bilinear", lambda T, x, kw: F(T).interpolate(x, **kw), _spatial(2, 2),
        params=_resize(("bilinear", "bicubic"), corners=True, antialias=True)),
    row("F.interpolate_trilinear", lambda T, x, kw: F(T).interpolate(x, **kw), _spatial(3, 3),
        params=_resize(("trilinear",), corners=True)),
    row("F.interpolate_area", lambda T, x, kw: F(T).interpolate(x, **kw), _spatial(1, 3),
        params=_resize(("area",))),
    # -- sliding blocks: F.fold is unfold's adjoint, so a fold after an unfold checks both
    row("F.unfold", lambda T, x, **kw: F(T).unfold(x, **kw),
        lambda nd, side: st.sampled_from([((2, 3, 4, 5),), ((3, 3, 2),), ((1, 1, 5, 4),)]),
        params=_unfold_geometry),
    row("F.fold_unfold", lambda T, x, **kw: F(T).fold(F(T).unfold(x, **kw), x.shape[-2:], **kw),
        lambda nd, side: st.sampled_from([((2, 3, 4, 5),), ((3, 3, 2),), ((1, 1, 5, 4),)]),
        params=_unfold_geometry),
    # -- distances --------------------------------------------------------------------------
    row("F.pairwise_distance", lambda T, a, b: F(T).pairwise_distance(a, b), _pair_rows,
        unique=True),
    row("F.pairwise_distance_p1", lambda T, a, b: F(T).pairwise_distance(a, b, 1.0, 1e-3,
                                                                           True),
        _pair_rows, unique=True, double=False),
    row("F.pairwise_distance_p3", lambda T, a, b: F(T).pairwise_distance(a, b, p=3),
        _pair_rows, unique=True),
    row("F.cosine_similarity", lambda T, a, b, dim: F(T).cosine_similarity(a, b, dim),
        lambda nd, side: broadcast()(nd, side).filter(lambda s: max(map(len, s)) > 0),
        params=_cosine_case, unique=True, tol32=(1e-5, 1e-5)),
    row("F.pdist", lambda T, x: F(T).pdist(x), lambda nd, side: unary(2, 2)(2, side),
        unique=True),
    row("F.pdist_p1", lambda T, x: F(T).pdist(x, 1), lambda nd, side: unary(2, 2)(2, side),
        unique=True, double=False),
]



# -- convolutions in 3-d and transposed (issue 12, layers) ---------------------------------------
def _conv_cases(cases):
    """A strategy of one of ``cases``: (input, weight, bias) shapes."""
    return lambda max_dims, max_side: st.sampled_from(cases)


def _transposed_geometry(shapes):
    """Stride, padding, dilation, groups (from the shapes) and an output_padding below the
    stride or the dilation."""
    @st.composite
    def draw(draw):
        dims = len(shapes[1]) - 2
        stride = draw(st.sampled_from([1, 2] if dims < 3 else [1, (2, 1, 2)]))
        dilation = draw(st.sampled_from([1, 2]))
        largest = max(max(stride if isinstance(stride, tuple) else (stride,)), dilation)
        return {"stride": stride, "padding": draw(st.sampled_from([0, 1])),
                "dilation": dilation, "output_padding": draw(st.integers(0, largest - 1))
                if isinstance(stride, int) else 0,
                "groups": shapes[2][0] // shapes[1][1]}
    return draw()


def _conv3d_geometry(shapes):
    return st.fixed_dictionaries({"stride": st.sampled_from([1, 2, (1, 2, 1)]),
                                  "padding": st.sampled_from([0, 1, (1, 0, 1), "valid"]),
                                  "dilation": st.sampled_from([1, 2]),
                                  "groups": st.just(shapes[0][-4] // shapes[1][1])})


# once differentiable (ConvolutionBackward0 on the fused op), as for conv1d/conv2d
SPECS_NN += [
    row("F.conv_transpose1d", lambda T, x, w, b, **kw: F(T).conv_transpose1d(x, w, b, **kw),
        _conv_cases([((2, 2, 4), (2, 3, 2), (3,)), ((2, 4), (2, 2, 3), (4,)),
                     ((1, 4, 3), (4, 1, 2), (2,))]),
        params=_transposed_geometry, double=False),
    row("F.conv_transpose2d", lambda T, x, w, b, **kw: F(T).conv_transpose2d(x, w, b, **kw),
        _conv_cases([((2, 2, 3, 4), (2, 3, 2, 2), (3,)), ((2, 3, 3), (2, 1, 2, 3), (2,)),
                     ((1, 4, 3, 2), (4, 2, 1, 2), (4,))]),
        params=_transposed_geometry, double=False),
    row("F.conv_transpose3d", lambda T, x, w, b, **kw: F(T).conv_transpose3d(x, w, b, **kw),
        _conv_cases([((1, 2, 2, 3, 2), (2, 2, 2, 1, 2), (2,)),
                     ((2, 2, 2, 2), (2, 1, 2, 2, 2), (2,))]),
        params=_transposed_geometry, double=False),
    row("F.conv3d", lambda T, x, w, b, **kw: F(T).conv3d(x, w, b, **kw),
        _conv_cases([((2, 2, 3, 4, 3), (3, 2, 2, 2, 2), (3,)),
                     ((4, 3, 3, 4), (2, 2, 2, 1, 2), (2,))]),
        params=_conv3d_geometry, double=False),
]


# -- pooling in 3-d and adaptive max pooling (issue 12, layers) ---------------------------------
def _pool_cases(cases):
    return lambda max_dims, max_side: st.sampled_from(cases)


_VOLUMES = [((2, 3, 4, 4, 5),), ((3, 5, 4, 6),), ((1, 2, 3, 6, 5),)]

# max and average pooling are once differentiable (fused ops), adaptive average pooling is a
# composite of products (differentiable twice, as in torch)
SPECS_NN += [
    row("F.max_pool3d", lambda T, x, **kw: F(T).max_pool3d(x, **kw), _pool_cases(_VOLUMES),
        params=lambda shapes: st.fixed_dictionaries({
            "kernel_size": st.sampled_from([2, (2, 1, 3), (3, 3, 2)]),
            "stride": st.sampled_from([None, 1, (1, 2, 1)]),
            "padding": st.sampled_from([0, (1, 0, 1)]),
            "dilation": st.sampled_from([1, (1, 1, 2)]), "ceil_mode": st.booleans()}),
        unique=True, double=False),
    row("F.avg_pool3d", lambda T, x, **kw: F(T).avg_pool3d(x, **kw), _pool_cases(_VOLUMES),
        params=lambda shapes: st.fixed_dictionaries({
            "kernel_size": st.sampled_from([2, (2, 1, 3), 3]),
            "stride": st.sampled_from([None, 1, (1, 2, 1)]),
            "padding": st.sampled_from([0, (1, 0, 1)]),
            "ceil_mode": st.booleans(), "count_include_pad": st.booleans(),
            "divisor_override": st.sampled_from([None, 5])}),
        double=False),
    row("F.adaptive_avg_pool3d", lambda T, x, size: F(T).adaptive_avg_pool3d(x, size),
        _pool_cases(_VOLUMES),
        params=lambda shapes: st.fixed_dictionaries({"size": st.sampled_from(
            [1, 2, (2, 3, 1), (None, 2, 5), (4, 1, 3)])})),
    row("F.adaptive_max_pool1d", lambda T, x, size: F(T).adaptive_max_pool1d(x, size),
        _pool_cases([((2, 3, 7),), ((3, 5),)]),
        params=lambda shapes: st.fixed_dictionaries({"size": st.integers(1, 8)}),
        unique=True, double=False),
    row("F.adaptive_max_pool2d", lambda T, x, size: F(T).adaptive_max_pool2d(x, size),
        _pool_cases([((2, 3, 5, 7),), ((3, 4, 6),)]),
        params=lambda shapes: st.fixed_dictionaries({"size": st.sampled_from(
            [1, 3, (2, None), (5, 4), (6, 8)])}),
        unique=True, double=False),
    row("F.adaptive_max_pool3d", lambda T, x, size: F(T).adaptive_max_pool3d(x, size),
        _pool_cases(_VOLUMES),
        params=lambda shapes: st.fixed_dictionaries({"size": st.sampled_from(
            [1, 2, (2, 3, 1), (None, 2, 5)])}),
        unique=True, double=False),
]


def _unpooled(T, x, dims, kernel):
    """max_unpool{dims}d of max_pool{dims}d's values and indices: each maximum back in its
    place (the gradient flows through both)."""
    out, indices = getattr(F(T), f"max_pool{dims}d")(x, kernel, return_indices=True)
    return getattr(F(T), f"max_unpool{dims}d")(out, indices, kernel)


# power-average pooling is a composite (x^p averaged, then ^(1/p)) of once differentiable
# average pooling; max unpooling and conv_tbc are once differentiable, as their ops are
LP_INPUT = Domain(0.2, 3.0)
SPECS_NN += [
    row("F.lp_pool1d", lambda T, x, **kw: F(T).lp_pool1d(x, **kw),
        _pool_cases([((2, 3, 7),), ((3, 6),)]),
        params=lambda shapes: st.fixed_dictionaries({
            "norm_type": st.sampled_from([1.0, 2.0, 3.0]), "kernel_size": st.integers(1, 3),
            "stride": st.sampled_from([None, 1, 2]), "ceil_mode": st.booleans()}),
        domains=(LP_INPUT,), double=False),
    row("F.lp_pool2d", lambda T, x, **kw: F(T).lp_pool2d(x, **kw),
        _pool_cases([((2, 3, 5, 6),), ((3, 4, 5),)]),
        params=lambda shapes: st.fixed_dictionaries({
            "norm_type": st.sampled_from([1.5, 2.0]), "kernel_size": st.sampled_from([2, (2, 3)]),
            "stride": st.sampled_from([None, 1, (1, 2)]), "ceil_mode": st.booleans()}),
        domains=(LP_INPUT,), double=False),
    row("F.lp_pool3d", lambda T, x, **kw: F(T).lp_pool3d(x, **kw), _pool_cases(_VOLUMES),
        params=lambda shapes: st.fixed_dictionaries({
            "norm_type": st.sampled_from([2.0, 3.0]),
            "kernel_size": st.sampled_from([2, (1, 2, 3)]),
            "stride": st.sampled_from([None, 1]), "ceil_mode": st.booleans()}),
        domains=(LP_INPUT,), double=False),
    row("F.max_unpool1d", lambda T, x: _unpooled(T, x, 1, 2),
        _pool_cases([((2, 3, 8),), ((3, 6),)]), unique=True, double=False),
    row("F.max_unpool2d", lambda T, x: _unpooled(T, x, 2, (2, 3)),
        _pool_cases([((2, 3, 4, 6),), ((3, 2, 9),)]), unique=True, double=False),
    row("F.max_unpool3d", lambda T, x: _unpooled(T, x, 3, 2),
        _pool_cases([((1, 2, 4, 4, 6),), ((2, 2, 4, 6),)]), unique=True, double=False),
    row("F.conv_tbc", lambda T, x, w, b, pad: F(T).conv_tbc(x, w, b, pad),
        _pool_cases([((5, 2, 3), (3, 3, 4), (4,)), ((6, 1, 2), (2, 2, 3), (3,))]),
        params=lambda shapes: st.fixed_dictionaries({"pad": st.sampled_from([0, 1, 2])}),
        double=False),
]


def _fractional(T, x, dims, kernel, out):
    """Fractional max pooling with fixed samples (one per plane and dim), so that both
    libraries place the same windows."""
    planes = (x.shape[0] if x.ndim == dims + 2 else 1, x.shape[-dims - 1], dims)
    samples = T.linspace(0.05, 0.95, planes[0] * planes[1] * dims, dtype=x.dtype)
    return getattr(F(T), f"fractional_max_pool{dims}d")(x, kernel, out,
                                                      _random_samples=samples.reshape(planes))


SPECS_NN += [   # once differentiable (picking ops), as torch's fractional max pooling
    row("F.fractional_max_pool2d", lambda T, x: _fractional(T, x, 2, (2, 3), (3, 2)),
        _pool_cases([((2, 3, 6, 7),), ((3, 5, 8),)]), unique=True, double=False),
    row("F.fractional_max_pool3d", lambda T, x: _fractional(T, x, 3, 2, (2, 3, 2)),
        _pool_cases([((1, 2, 5, 6, 5),), ((2, 4, 5, 4),)]), unique=True, double=False),
]
