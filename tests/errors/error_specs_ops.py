"""Error rows of torch's math, order, indexing and "other" ops (issue 12's names).

Part of the one table (``error_specs.ROWS``; see error_specs.py for what a row is).
Functions of one kind share a row builder: each name gets the beginner mistakes
of its kind (a bool or integer tensor, an empty one, a dim out of range, shapes
that do not broadcast, a list where a tensor belongs...); its in-place ``_`` form
gets the in-place ones (an integer tensor asked to hold a float result, a leaf
that requires grad, a result larger than the tensor); its ``minigrad.<name>``
function form gets a list as input.  Rows written out one by one follow, for the
functions with arguments of their own (indices, sizes, dims, k, q...).
"""
from __future__ import annotations

from .helpers import C, changed_since, ints, x

L = [0.5, -1.0]


def bools(T, *values):
    return T.tensor(list(values) or [True, False])


def method_rows(name, cases):
    """``Tensor.<name>: <what>`` for each ``(what, make_input, make_args)`` of ``cases``."""
    return [C(f"Tensor.{name}: {what}", lambda T, make=make, args=args:
              getattr(make(T), name)(*args(T))) for what, make, args in cases]


def function_row(name, args=lambda T: ()):
    """``minigrad.<name>: a list``: the function form given a list where the input goes."""
    return C(f"minigrad.{name}: a list", lambda T: getattr(T, name)(L, *args(T)))


def none(T):
    return ()


# -- unary pointwise: no argument but the tensor --------------------------------------------------
UNARY_CASES = [
    ("bool", bools, none),
    ("int", lambda T: ints(T, 0, 2, -1), none),
    ("empty", lambda T: T.zeros(0, 3), none),
    ("0-d", lambda T: T.tensor(0.25), none),
]

INPLACE_CASES = [
    ("int", lambda T: ints(T, 1, 2), none),
    ("bool", bools, none),
    ("leaf requiring grad", lambda T: T.full((2,), 0.5, requires_grad=True), none),
]


def unary(names, inplace=True, function=True, cases=UNARY_CASES):
    out = []
    for name in names.split():
        out += method_rows(name, cases)
        if function:
            out.append(function_row(name))
        if inplace:
            out += method_rows(name + "_", INPLACE_CASES)
    return out


UNARY = (
    unary("acos acosh asin asinh atan atanh arccos arccosh arcsin arcsinh arctan arctanh cosh "
          "sinh tan sinc deg2rad rad2deg erf erfc erfinv lgamma digamma i0 exp2 expm1 log1p "
          "log2 log10 frac trunc fix sgn bitwise_not conj_physical")
    + unary("angle signbit positive isreal isposinf isneginf conj resolve_conj resolve_neg "
            "adjoint is_conj is_neg", inplace=False)
    # in-place forms of the functions of error_specs.TENSOR
    + unary("abs_ absolute_ ceil_ floor_ round_ sign_ negative_ cos_ sin_ log_ reciprocal_ "
            "rsqrt_ sigmoid_ tanh_ square_ logical_not_", function=False, inplace=False,
            cases=INPLACE_CASES)
    + [C("Tensor.adjoint: 1-d", lambda T: x(T, 3).adjoint()),
       C("Tensor.logit: eps not a number", lambda T: x(T, 3).logit("a")),
       C("Tensor.logit: negative eps", lambda T: x(T, 3).logit(-0.1)),
       C("Tensor.logit: int", lambda T: ints(T, 0, 1).logit(0.25)),
       C("Tensor.logit_: int", lambda T: ints(T, 0, 1).logit_(0.25)),
       C("Tensor.logit_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).logit_()),
       function_row("logit", lambda T: (0.1,)),
       C("Tensor.nan_to_num: nan not a number", lambda T: x(T, 3).nan_to_num("a")),
       C("Tensor.nan_to_num: posinf not a number", lambda T: x(T, 3).nan_to_num(0.0, "a")),
       C("Tensor.nan_to_num: int", lambda T: ints(T, 1, 2).nan_to_num(0.5)),
       C("Tensor.nan_to_num: bool", lambda T: bools(T).nan_to_num()),
       C("Tensor.nan_to_num_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
         .nan_to_num_()),
       C("Tensor.nan_to_num_: int keeps its dtype", lambda T: ints(T, 1, 2).nan_to_num_(0.5)),
       function_row("nan_to_num"),
       C("Tensor.frexp: int", lambda T: ints(T, 1, 2).frexp()),
       C("Tensor.frexp: empty", lambda T: T.zeros(0).frexp()),
       C("Tensor.frexp: bool", lambda T: bools(T).frexp()),
       function_row("frexp"),
       C("Tensor.clamp_min_: float into int", lambda T: ints(T, 1, 2).clamp_min_(0.5)),
       C("Tensor.clamp_min_: string", lambda T: x(T, 2).clamp_min_("a")),
       C("Tensor.clamp_max_: float into int", lambda T: ints(T, 1, 2).clamp_max_(0.5)),
       C("Tensor.clamp_max_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
         .clamp_max_(0.5)),
       C("Tensor.clip_: no bounds", lambda T: x(T, 2).clip_()),
       C("Tensor.clip_: min above max", lambda T: x(T, 2).clip_(1, -1)),
       C("Tensor.polygamma: negative n", lambda T: x(T, 2).polygamma(-1)),
       C("Tensor.polygamma: float n", lambda T: x(T, 2).polygamma(1.5)),
       C("Tensor.polygamma: int", lambda T: ints(T, 1, 2).polygamma(1)),
       C("Tensor.polygamma_: int", lambda T: ints(T, 1, 2).polygamma_(1)),
       C("Tensor.polygamma_: negative n", lambda T: x(T, 2).polygamma_(-2)),
       C("minigrad.polygamma: tensor first", lambda T: T.polygamma(x(T, 2), 1)),
       C("minigrad.polygamma: a list", lambda T: T.polygamma(1, L)),
       C("Tensor.mvlgamma: p zero", lambda T: (x(T, 2) + 3).mvlgamma(0)),
       C("Tensor.mvlgamma: input too small", lambda T: x(T, 2).mvlgamma(2)),
       C("Tensor.mvlgamma: int", lambda T: ints(T, 3, 4).mvlgamma(1)),
       C("Tensor.mvlgamma_: int", lambda T: ints(T, 3, 4).mvlgamma_(1)),
       C("Tensor.mvlgamma_: p zero", lambda T: (x(T, 2) + 3).mvlgamma_(0)),
       function_row("mvlgamma", lambda T: (1,))]
)

# -- binary pointwise: the tensor and an ``other`` -------------------------------------------------
BINARY_CASES = [
    ("shapes", lambda T: x(T, 2), lambda T: (x(T, 3),)),
    ("number", lambda T: x(T, 2), lambda T: (2.0,)),
    ("list", lambda T: x(T, 2), lambda T: ([1.0, 2.0],)),
    ("string", lambda T: x(T, 2), lambda T: ("a",)),
    ("None", lambda T: x(T, 2), lambda T: (None,)),
    ("ints", lambda T: ints(T, 3, -4), lambda T: (ints(T, 2, 3),)),
    ("bools", bools, lambda T: (bools(T, True, True),)),
    ("dtypes", lambda T: x(T, 2), lambda T: (x(T, 2, dtype=T.float64),)),
    ("empty", lambda T: T.zeros(0, 2), lambda T: (x(T, 2),)),
]

BINARY_INPLACE_CASES = [
    ("broadcast into smaller", lambda T: x(T, 3), lambda T: (x(T, 2, 3),)),
    ("float into int", lambda T: ints(T, 3, 4), lambda T: (x(T, 2),)),
    ("leaf requiring grad", lambda T: T.full((2,), 0.5, requires_grad=True),
     lambda T: (x(T, 2),)),
]


def binary(names, inplace=True, function=True):
    out = []
    for name in names.split():
        out += method_rows(name, BINARY_CASES)
        if function:
            out.append(function_row(name, lambda T: (x(T, 2),)))
        if inplace:
            out += method_rows(name + "_", BINARY_INPLACE_CASES)
    return out


BINARY = (
    binary("atan2 arctan2 hypot copysign fmod remainder floor_divide true_divide divide "
           "multiply subtract ldexp nextafter heaviside xlogy igamma igammac gcd lcm "
           "bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift "
           "logical_and logical_or logical_xor greater greater_equal less less_equal not_equal "
           "float_power")
    + binary("fmax fmin logaddexp logaddexp2", inplace=False)
    + unary("eq_ ne_ lt_ le_ gt_ ge_", function=False, inplace=False, cases=BINARY_INPLACE_CASES)
    + [C("Tensor.divide: rounding mode", lambda T: x(T, 2).divide(2, rounding_mode="x")),
       C("Tensor.divide: int by zero", lambda T: ints(T, 1, 2).divide(0, rounding_mode="trunc")),
       C("Tensor.divide_: int", lambda T: ints(T, 1, 2).divide_(2)),
       C("Tensor.true_divide_: int", lambda T: ints(T, 1, 2).true_divide_(ints(T, 1, 1))),
       C("Tensor.floor_divide: int by zero", lambda T: ints(T, 1, 2).floor_divide(0)),
       C("Tensor.remainder: int by zero", lambda T: ints(T, 1, 2).remainder(ints(T, 0, 1))),
       C("Tensor.fmod: int by zero", lambda T: ints(T, 1, 2).fmod(0)),
       C("Tensor.subtract: alpha float for ints", lambda T: ints(T, 1, 2).subtract(
           ints(T, 1, 1), alpha=0.5)),
       C("Tensor.float_power_: float32", lambda T: x(T, 2).float_power_(2)),
       C("Tensor.float_power_: float64", lambda T: x(T, 2, dtype=T.float64).float_power_(2)),
       C("minigrad.float_power: number first", lambda T: T.float_power(2, x(T, 2))),
       C("minigrad.xlogy: number first", lambda T: T.xlogy(2, x(T, 2))),
       C("minigrad.xlogy: two numbers", lambda T: T.xlogy(2, 3)),
       C("Tensor.heaviside: values a number", lambda T: x(T, 2).heaviside(0.5)),
       C("Tensor.bitwise_left_shift: float shift", lambda T: ints(T, 1, 2)
         .bitwise_left_shift(1.5)),
       C("Tensor.__lshift__: string", lambda T: ints(T, 1, 2) << "a"),
       C("Tensor.__rshift__: float tensor", lambda T: x(T, 2) >> ints(T, 1, 1)),
       C("Tensor.gcd: float", lambda T: x(T, 2).gcd(x(T, 2))),
       C("Tensor.lcm_: float", lambda T: x(T, 2).lcm_(ints(T, 1, 2)))]
)

# -- fused multiply-adds, interpolation ----------------------------------------------------------
TERNARY = [
    C("Tensor.addcmul: shapes", lambda T: x(T, 2).addcmul(x(T, 3), x(T, 2))),
    C("Tensor.addcmul: list", lambda T: x(T, 2).addcmul([1.0, 2.0], x(T, 2))),
    C("Tensor.addcmul: value string", lambda T: x(T, 2).addcmul(x(T, 2), x(T, 2), value="a")),
    C("Tensor.addcmul: ints with a float value", lambda T: ints(T, 1, 2).addcmul(
        ints(T, 1, 2), ints(T, 3, 4), value=0.5)),
    C("Tensor.addcmul: empty", lambda T: T.zeros(0, 2).addcmul(x(T, 2), x(T, 2))),
    C("Tensor.addcmul_: broadcast into smaller", lambda T: x(T, 2).addcmul_(x(T, 3, 2),
                                                                          x(T, 2))),
    C("Tensor.addcmul_: float into int", lambda T: ints(T, 1, 2).addcmul_(x(T, 2), x(T, 2))),
    C("Tensor.addcmul_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .addcmul_(x(T, 2), x(T, 2))),
    C("Tensor.addcdiv: ints", lambda T: x(T, 2).addcdiv(ints(T, 1, 2), ints(T, 1, 2))),
    C("Tensor.addcdiv: shapes", lambda T: x(T, 2).addcdiv(x(T, 2), x(T, 3))),
    C("Tensor.addcdiv: list", lambda T: x(T, 2).addcdiv(x(T, 2), [1.0, 2.0])),
    C("Tensor.addcdiv: by zero", lambda T: x(T, 2).addcdiv(x(T, 2), T.zeros(2))),
    C("Tensor.addcdiv_: float into int", lambda T: ints(T, 1, 2).addcdiv_(x(T, 2), x(T, 2))),
    C("Tensor.addcdiv_: broadcast into smaller", lambda T: x(T, 2).addcdiv_(x(T, 3, 2),
                                                                          x(T, 2))),
    C("Tensor.lerp: shapes", lambda T: x(T, 2).lerp(x(T, 3), 0.5)),
    C("Tensor.lerp: number end", lambda T: x(T, 2).lerp(1.0, 0.5)),
    C("Tensor.lerp: dtypes", lambda T: x(T, 2).lerp(x(T, 2, dtype=T.float64), 0.5)),
    C("Tensor.lerp: int", lambda T: ints(T, 1, 2).lerp(ints(T, 3, 4), 0.5)),
    C("Tensor.lerp: weight dtype", lambda T: x(T, 2).lerp(x(T, 2), x(T, 2, dtype=T.float64))),
    C("Tensor.lerp: weight shape", lambda T: x(T, 2).lerp(x(T, 2), x(T, 3))),
    C("Tensor.lerp: weight string", lambda T: x(T, 2).lerp(x(T, 2), "a")),
    C("Tensor.lerp_: broadcast into smaller", lambda T: x(T, 2).lerp_(x(T, 3, 2), 0.5)),
    C("Tensor.lerp_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).lerp_(
        x(T, 2), 0.5)),
    function_row("addcmul", lambda T: (x(T, 2), x(T, 2))),
    function_row("addcdiv", lambda T: (x(T, 2), x(T, 2))),
    function_row("lerp", lambda T: (x(T, 2), 0.5)),
]


# -- reductions, scans, sorting: a dim, sizes, k, q ---------------------------------------------
def dim_rows(name, *before, empty=True, function=True):
    """A dim out of range, a dim of the wrong type, a 0-d input and (``empty``) an empty one,
    for ``t.<name>(*before(T), dim)``."""
    def call(t, T, dim):
        return getattr(t, name)(*(before[0](T) if before else ()), dim)
    out = [C(f"Tensor.{name}: dim out of range", lambda T: call(x(T, 2, 3), T, 2)),
           C(f"Tensor.{name}: negative dim out of range", lambda T: call(x(T, 2, 3), T, -3)),
           C(f"Tensor.{name}: dim a string", lambda T: call(x(T, 2, 3), T, "a")),
           C(f"Tensor.{name}: dim a float", lambda T: call(x(T, 2, 3), T, 1.0)),
           C(f"Tensor.{name}: 0-d", lambda T: call(T.tensor(0.5), T, 0)),
           C(f"Tensor.{name}: 0-d dim out of range", lambda T: call(T.tensor(0.5), T, 1))]
    if empty:
        out += [C(f"Tensor.{name}: empty", lambda T: call(T.zeros(0, 3), T, 0)),
                C(f"Tensor.{name}: empty other dim", lambda T: call(T.zeros(0, 3), T, 1))]
    if function:
        out.append(function_row(name, lambda T: tuple(before[0](T)) if before else ()))
    return out


def dtype_rows(name, *args):
    """``t.<name>(*args)`` on an int, a bool and an empty tensor."""
    return method_rows(name, [("int", lambda T: ints(T, 3, 1, 2), lambda T: args),
                              ("bool", lambda T: bools(T, True, False, True), lambda T: args),
                              ("empty all", lambda T: T.zeros(0), lambda T: args)])


REDUCTIONS = (
    dim_rows("prod") + dtype_rows("prod")
    + dim_rows("nansum") + dtype_rows("nansum")
    + dim_rows("nanmean") + dtype_rows("nanmean")
    + dim_rows("count_nonzero") + dtype_rows("count_nonzero")
    + dim_rows("median") + dtype_rows("median")
    + dim_rows("nanmedian") + dtype_rows("nanmedian")
    + dim_rows("mode") + dtype_rows("mode")
    + dim_rows("cumsum") + dtype_rows("cumsum", 0)
    + dim_rows("cumprod") + dtype_rows("cumprod", 0)
    + dim_rows("cummax") + dtype_rows("cummax", 0)
    + dim_rows("cummin") + dtype_rows("cummin", 0)
    + dim_rows("logcumsumexp") + dtype_rows("logcumsumexp", 0)
    + dim_rows("sort") + dtype_rows("sort")
    + dim_rows("argsort") + dtype_rows("argsort")
    + dim_rows("kthvalue", lambda T: (1,)) + dtype_rows("kthvalue", 1)
    + dim_rows("topk", lambda T: (1,)) + dtype_rows("topk", 1)
    + dim_rows("quantile", lambda T: (0.5,)) + dtype_rows("quantile", 0.5)
    + dim_rows("nanquantile", lambda T: (0.5,)) + dtype_rows("nanquantile", 0.5)
    + dtype_rows("aminmax") + dtype_rows("msort") + dtype_rows("unique")
    + dtype_rows("unique_consecutive")
    + [C("Tensor.prod: dims as a tuple", lambda T: x(T, 2, 3).prod((0, 1))),
       C("Tensor.prod: dtype int keeps", lambda T: ints(T, 2, 3).prod(dtype=T.float32)),
       C("Tensor.nansum: repeated dim", lambda T: x(T, 2, 3).nansum((0, 0))),
       C("Tensor.nanmean: dims out of range", lambda T: x(T, 2, 3).nanmean((0, 2))),
       C("Tensor.count_nonzero: repeated dim", lambda T: x(T, 2, 3).count_nonzero((1, -1))),
       C("Tensor.aminmax: dim out of range", lambda T: x(T, 2, 3).aminmax(dim=2)),
       C("Tensor.aminmax: empty dim", lambda T: T.zeros(0, 3).aminmax(dim=0)),
       C("Tensor.aminmax: empty other dim", lambda T: T.zeros(0, 3).aminmax(dim=1)),
       function_row("aminmax"),
       C("Tensor.median: empty 2-d", lambda T: T.zeros(0, 2).median()),
       C("Tensor.mode: empty dim", lambda T: T.zeros(2, 0).mode()),
       C("Tensor.cumsum: dtype", lambda T: ints(T, 1, 2).cumsum(0, dtype=T.float32)),
       C("Tensor.cumsum_: float into int", lambda T: ints(T, 1, 2).cumsum_(0, dtype=T.float32)),
       C("Tensor.cumsum_: dim out of range", lambda T: x(T, 3).cumsum_(1)),
       C("Tensor.cumsum_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
         .cumsum_(0)),
       C("Tensor.cumprod_: dim out of range", lambda T: x(T, 3).cumprod_(-2)),
       C("Tensor.cumprod_: bool", lambda T: bools(T).cumprod_(0)),
       C("Tensor.sort: empty dim", lambda T: T.zeros(2, 0).sort(1)),
       C("Tensor.argsort: descending", lambda T: T.zeros(0, 2).argsort(1, True)),
       C("Tensor.msort: 0-d", lambda T: T.tensor(1.0).msort()),
       function_row("msort"),
       C("Tensor.topk: k too big", lambda T: x(T, 3).topk(4)),
       C("Tensor.topk: negative k", lambda T: x(T, 3).topk(-1)),
       C("Tensor.topk: k a float", lambda T: x(T, 3).topk(1.5)),
       C("Tensor.topk: zero k", lambda T: x(T, 3).topk(0)),
       C("Tensor.topk: empty with k 0", lambda T: T.zeros(2, 0).topk(0)),
       C("Tensor.kthvalue: k zero", lambda T: x(T, 3).kthvalue(0)),
       C("Tensor.kthvalue: k too big", lambda T: x(T, 2, 3).kthvalue(4)),
       C("Tensor.kthvalue: k a float", lambda T: x(T, 3).kthvalue(1.5)),
       C("Tensor.kthvalue: empty dim", lambda T: T.zeros(2, 0).kthvalue(1)),
       C("Tensor.quantile: q above one", lambda T: x(T, 3).quantile(1.5)),
       C("Tensor.quantile: negative q", lambda T: x(T, 3).quantile(-0.5)),
       C("Tensor.quantile: q tensor out of range", lambda T: x(T, 3).quantile(
           T.tensor([0.5, 2.0]))),
       C("Tensor.quantile: q tensor 2-d", lambda T: x(T, 3).quantile(T.full((1, 1), 0.5))),
       C("Tensor.quantile: q tensor dtype", lambda T: x(T, 3).quantile(T.tensor(
           [0.5], dtype=T.float64))),
       C("Tensor.quantile: q a string", lambda T: x(T, 3).quantile("a")),
       C("Tensor.quantile: q a list", lambda T: x(T, 3).quantile([0.5])),
       C("Tensor.quantile: interpolation", lambda T: x(T, 3).quantile(0.5,
                                                                       interpolation="mean")),
       C("Tensor.nanquantile: q above one", lambda T: x(T, 3).nanquantile(2.0)),
       C("Tensor.unique: dim out of range", lambda T: x(T, 3).unique(dim=1)),
       C("Tensor.unique: empty dim", lambda T: T.zeros(0, 2).unique(dim=0)),
       C("Tensor.unique: 0-d dim", lambda T: T.tensor(1.0).unique(dim=0)),
       C("Tensor.unique_consecutive: dim out of range", lambda T: x(T, 3)
         .unique_consecutive(dim=2)),
       C("Tensor.unique_consecutive: empty dim", lambda T: T.zeros(2, 0)
         .unique_consecutive(dim=1)),
       function_row("unique"), function_row("unique_consecutive"),
       C("Tensor.dist: shapes", lambda T: x(T, 3).dist(x(T, 2))),
       C("Tensor.dist: list", lambda T: x(T, 3).dist([1.0, 2.0, 3.0])),
       C("Tensor.dist: p a string", lambda T: x(T, 3).dist(x(T, 3), "a")),
       C("Tensor.dist: int", lambda T: ints(T, 1, 2).dist(ints(T, 2, 1))),
       C("Tensor.dist: dtypes", lambda T: x(T, 2).dist(x(T, 2, dtype=T.float64))),
       C("Tensor.dist: empty", lambda T: T.zeros(0).dist(T.zeros(0))),
       function_row("dist", lambda T: (x(T, 2),))]
)


# -- indexing, slicing, joining, mutating ---------------------------------------------------------
def m(T):
    """The 3 x 4 matrix most indexing rows index into."""
    return x(T, 3, 4)


def idx(T, *values):
    return T.tensor([list(values)])


INDEXING = [
    C("Tensor.gather: index out of range", lambda T: m(T).gather(0, idx(T, 3))),
    C("Tensor.gather: negative index", lambda T: m(T).gather(1, idx(T, -1))),
    C("Tensor.gather: float index", lambda T: m(T).gather(0, T.tensor([[1.0]]))),
    C("Tensor.gather: int32 index", lambda T: m(T).gather(0, idx(T, 1).int())),
    C("Tensor.gather: list index", lambda T: m(T).gather(0, [[1]]), since="2.13"),
    C("Tensor.gather: index of other rank", lambda T: m(T).gather(0, T.tensor([1]))),
    C("Tensor.gather: index too big", lambda T: m(T).gather(0, T.zeros(3, 5, dtype=T.int64))),
    C("Tensor.gather: dim out of range", lambda T: m(T).gather(2, idx(T, 0))),
    C("Tensor.gather: dim a string", lambda T: m(T).gather("a", idx(T, 0)), since="2.13"),
    C("Tensor.gather: empty index", lambda T: m(T).gather(0, T.zeros(0, 4, dtype=T.int64))),
    function_row("gather", lambda T: (0, idx(T, 0))),
    C("Tensor.take_along_dim: index of other rank", lambda T: m(T).take_along_dim(
        T.tensor([5]), 0)),
    C("Tensor.take_along_dim: float index", lambda T: m(T).take_along_dim(T.zeros(1, 2), 1)),
    C("Tensor.take_along_dim: dim out of range", lambda T: m(T).take_along_dim(idx(T, 0), 2)),
    C("Tensor.take_along_dim: no dim", lambda T: m(T).take_along_dim(T.tensor([0, 11]))),
    function_row("take_along_dim", lambda T: (idx(T, 0), 0)),
    C("Tensor.scatter: index out of range", lambda T: m(T).scatter(0, idx(T, 5), T.ones(1, 1))),
    C("Tensor.scatter: src dtype", lambda T: m(T).scatter(0, idx(T, 1),
                                                          T.ones(1, 1, dtype=T.float64))),
    C("Tensor.scatter: index too big", lambda T: m(T).scatter(
        0, T.zeros(3, 5, dtype=T.int64), T.ones(3, 5))),
    C("Tensor.scatter: src too small", lambda T: m(T).scatter(
        0, T.zeros(3, 4, dtype=T.int64), T.ones(2, 4))),
    C("Tensor.scatter: float index", lambda T: m(T).scatter(0, T.tensor([[1.0]]),
                                                            T.ones(1, 1))),
    C("Tensor.scatter: reduce name", lambda T: m(T).scatter(0, idx(T, 1), 2.0, reduce="max")),
    C("Tensor.scatter: src a list", lambda T: m(T).scatter(0, idx(T, 1), [1.0])),
    C("Tensor.scatter: no src", lambda T: m(T).scatter(0, idx(T, 1))),
    C("Tensor.scatter: dim out of range", lambda T: m(T).scatter(-3, idx(T, 1), 1.0)),
    C("Tensor.scatter: int into float value", lambda T: ints(T, 1, 2).scatter(0, ints(T, 0),
                                                                              0.5)),
    function_row("scatter", lambda T: (0, idx(T, 0), 1.0)),
    C("Tensor.scatter_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).scatter_(
        0, ints(T, 0), 1.0)),
    C("Tensor.scatter_: index out of range", lambda T: m(T).scatter_(1, idx(T, 4), 1.0)),
    C("Tensor.scatter_: reduce name", lambda T: m(T).scatter_(0, idx(T, 1), 2.0,
                                                              reduce="sum")),
    C("Tensor.scatter_add: index of other rank", lambda T: m(T).scatter_add(
        0, T.tensor([1]), T.ones(1))),
    C("Tensor.scatter_add: float index", lambda T: m(T).scatter_add(0, T.tensor([[1.0]]),
                                                                    T.ones(1, 1))),
    C("Tensor.scatter_add: a number src", lambda T: m(T).scatter_add(0, idx(T, 1), 1.0),
      since="2.13"),
    C("Tensor.scatter_add: index out of range", lambda T: m(T).scatter_add(
        0, idx(T, -1), T.ones(1, 1))),
    function_row("scatter_add", lambda T: (0, idx(T, 0), T.ones(1, 1))),
    C("Tensor.scatter_add_: src dtype", lambda T: m(T).scatter_add_(
        0, idx(T, 1), T.ones(1, 1, dtype=T.float64))),
    C("Tensor.scatter_add_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .scatter_add_(0, ints(T, 0), T.ones(1))),
    C("Tensor.scatter_reduce: reduce name", lambda T: m(T).scatter_reduce(
        0, idx(T, 1), T.ones(1, 1), "max_")),
    C("Tensor.scatter_reduce: index out of range", lambda T: m(T).scatter_reduce(
        0, idx(T, 3), T.ones(1, 1), "sum")),
    C("Tensor.scatter_reduce: src dtype", lambda T: m(T).scatter_reduce(
        0, idx(T, 1), T.ones(1, 1, dtype=T.float64), "amax")),
    function_row("scatter_reduce", lambda T: (0, idx(T, 0), T.ones(1, 1), "sum")),
    C("Tensor.scatter_reduce_: reduce name", lambda T: m(T).scatter_reduce_(
        0, idx(T, 1), T.ones(1, 1), "average")),
    C("Tensor.scatter_reduce_: leaf requiring grad", lambda T: T.ones(
        2, requires_grad=True).scatter_reduce_(0, ints(T, 0), T.ones(1), "sum")),
    C("Tensor.index_select: index out of range", lambda T: m(T).index_select(0, ints(T, 3))),
    C("Tensor.index_select: negative index", lambda T: m(T).index_select(0, ints(T, -1))),
    C("Tensor.index_select: 2-d index", lambda T: m(T).index_select(0, idx(T, 1))),
    C("Tensor.index_select: float index", lambda T: m(T).index_select(0, T.tensor([1.0]))),
    C("Tensor.index_select: list index", lambda T: m(T).index_select(0, [1]), since="2.13"),
    C("Tensor.index_select: int index", lambda T: m(T).index_select(0, 1), since="2.13"),
    C("Tensor.index_select: dim out of range", lambda T: m(T).index_select(2, ints(T, 0))),
    C("Tensor.index_select: 0-d input", lambda T: T.tensor(2.0).index_select(0, ints(T, 0, 0))),
    C("Tensor.index_select: empty index", lambda T: m(T).index_select(
        1, T.zeros(0, dtype=T.int64))),
    function_row("index_select", lambda T: (0, ints(T, 0))),
    C("Tensor.index_add: index out of range", lambda T: m(T).index_add(0, ints(T, 3),
                                                                       T.ones(1, 4))),
    C("Tensor.index_add: source rows", lambda T: m(T).index_add(0, ints(T, 1), T.ones(2, 4))),
    C("Tensor.index_add: source shape", lambda T: m(T).index_add(0, ints(T, 1), T.ones(1, 3))),
    C("Tensor.index_add: source dtype", lambda T: m(T).index_add(
        0, ints(T, 1), T.ones(1, 4, dtype=T.float64))),
    C("Tensor.index_add: float index", lambda T: m(T).index_add(0, T.tensor([1.0]),
                                                                T.ones(1, 4))),
    C("Tensor.index_add: source a number", lambda T: m(T).index_add(0, ints(T, 1), 1.0),
      since="2.13"),
    function_row("index_add", lambda T: (0, ints(T, 0), T.ones(1, 2))),
    C("Tensor.index_add_: index out of range", lambda T: m(T).index_add_(1, ints(T, 4),
                                                                         T.ones(3, 1))),
    C("Tensor.index_add_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .index_add_(0, ints(T, 0), T.ones(1))),
    C("Tensor.index_copy: negative index", lambda T: m(T).index_copy(0, ints(T, -1),
                                                                     T.ones(1, 4))),
    C("Tensor.index_copy: int32 index", lambda T: m(T).index_copy(
        0, ints(T, 1).int(), T.ones(1, 4))),
    C("Tensor.index_copy: source dtype", lambda T: m(T).index_copy(
        0, ints(T, 1), T.ones(1, 4, dtype=T.float64))),
    C("Tensor.index_copy: source shape", lambda T: m(T).index_copy(0, ints(T, 1),
                                                                   T.ones(1, 3))),
    function_row("index_copy", lambda T: (0, ints(T, 0), T.ones(1, 2))),
    C("Tensor.index_copy_: index out of range", lambda T: m(T).index_copy_(0, ints(T, 3),
                                                                           T.ones(1, 4))),
    C("Tensor.index_copy_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .index_copy_(0, ints(T, 0), T.ones(1))),
    C("Tensor.index_fill: index out of range", lambda T: m(T).index_fill(0, ints(T, 3), 1.0)),
    C("Tensor.index_fill: int32 index", lambda T: m(T).index_fill(0, ints(T, 1).int(), 1.0)),
    C("Tensor.index_fill: value a string", lambda T: m(T).index_fill(0, ints(T, 1), "a")),
    C("Tensor.index_fill: value tensor with dims", lambda T: m(T).index_fill(
        0, ints(T, 1), T.ones(2))),
    C("Tensor.index_fill: float into int", lambda T: ints(T, 1, 2).index_fill(0, ints(T, 0),
                                                                              0.5)),
    function_row("index_fill", lambda T: (0, ints(T, 0), 1.0)),
    C("Tensor.index_fill_: dim out of range", lambda T: m(T).index_fill_(2, ints(T, 0), 1.0)),
    C("Tensor.index_fill_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .index_fill_(0, ints(T, 0), 1.0)),
    C("Tensor.index_put: index out of range", lambda T: m(T).index_put((ints(T, 3),),
                                                                       T.tensor(1.0))),
    C("Tensor.index_put: too many indices", lambda T: m(T).index_put((ints(T, 1),) * 3,
                                                                     T.tensor(1.0))),
    C("Tensor.index_put: values dtype", lambda T: m(T).index_put(
        (ints(T, 1),), T.ones(4, dtype=T.float64))),
    C("Tensor.index_put: values shape", lambda T: m(T).index_put((ints(T, 1),), T.ones(3))),
    C("Tensor.index_put: indices a tensor", lambda T: m(T).index_put(ints(T, 1),
                                                                     T.tensor(1.0))),
    C("Tensor.index_put: values a number", lambda T: m(T).index_put((ints(T, 1),), 1.0)),
    C("Tensor.index_put: float index", lambda T: m(T).index_put((T.tensor([1.0]),),
                                                                T.tensor(1.0))),
    function_row("index_put", lambda T: ((ints(T, 0),), T.tensor(1.0))),
    C("Tensor.index_put_: index out of range", lambda T: m(T).index_put_(
        (ints(T, 0), ints(T, 4)), T.tensor(1.0))),
    C("Tensor.index_put_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .index_put_((ints(T, 0),), T.tensor(1.0))),
    C("Tensor.index_reduce: reduce sum", lambda T: m(T).index_reduce(0, ints(T, 0),
                                                                     T.ones(1, 4), "sum")),
    C("Tensor.index_reduce: index out of range", lambda T: m(T).index_reduce(
        0, ints(T, 3), T.ones(1, 4), "prod")),
    C("Tensor.index_reduce: source shape", lambda T: m(T).index_reduce(
        0, ints(T, 1), T.ones(1, 3), "amax")),
    C("Tensor.index_reduce: source dtype", lambda T: m(T).index_reduce(
        0, ints(T, 1), T.ones(1, 4, dtype=T.float64), "amin")),
    function_row("index_reduce", lambda T: (0, ints(T, 0), T.ones(1, 2), "prod")),
    C("Tensor.index_reduce_: reduce name", lambda T: m(T).index_reduce_(
        0, ints(T, 0), T.ones(1, 4), "max")),
    C("Tensor.index_reduce_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .index_reduce_(0, ints(T, 0), T.ones(1), "prod")),
    C("Tensor.masked_select: mask shape", lambda T: m(T).masked_select(T.ones(3, dtype=T.bool))),
    C("Tensor.masked_select: uint8 mask", lambda T: m(T).masked_select(T.ones(4,
                                                                              dtype=T.uint8))),
    C("Tensor.masked_select: float mask", lambda T: m(T).masked_select(T.ones(4))),
    C("Tensor.masked_select: list mask", lambda T: m(T).masked_select([True] * 4)),
    C("Tensor.masked_select: empty", lambda T: T.zeros(0, 4).masked_select(
        T.ones(4, dtype=T.bool))),
    function_row("masked_select", lambda T: (T.tensor([True, False]),)),
    C("Tensor.masked_scatter: source too short", lambda T: m(T).masked_scatter(
        T.ones(4, dtype=T.bool), T.ones(3))),
    C("Tensor.masked_scatter: source dtype", lambda T: m(T).masked_scatter(
        m(T) > 0, T.ones(12, dtype=T.float64))),
    C("Tensor.masked_scatter: float mask", lambda T: m(T).masked_scatter(T.ones(4),
                                                                         T.ones(12))),
    C("Tensor.masked_scatter: mask shape", lambda T: m(T).masked_scatter(
        T.ones(3, dtype=T.bool), T.ones(12))),
    function_row("masked_scatter", lambda T: (T.tensor([True, False]), T.ones(2))),
    C("Tensor.masked_scatter_: broadcast mask into smaller", lambda T: T.zeros(4)
      .masked_scatter_(T.ones(3, 4, dtype=T.bool), T.ones(12))),
    C("Tensor.masked_scatter_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .masked_scatter_(T.ones(2, dtype=T.bool), T.ones(2))),
    C("Tensor.take: index out of range", lambda T: m(T).take(ints(T, 12))),
    C("Tensor.take: negative index out of range", lambda T: m(T).take(ints(T, -13))),
    C("Tensor.take: int32 index", lambda T: m(T).take(ints(T, 1).int())),
    C("Tensor.take: list index", lambda T: m(T).take([1])),
    C("Tensor.take: empty input", lambda T: T.zeros(0).take(ints(T, 0))),
    function_row("take", lambda T: (ints(T, 0),)),
    C("Tensor.put: count", lambda T: m(T).put(ints(T, 1, 2), T.ones(3))),
    C("Tensor.put: source dtype", lambda T: m(T).put(ints(T, 1), T.ones(1, dtype=T.float64))),
    C("Tensor.put: index out of range", lambda T: m(T).put(ints(T, 12), T.tensor([1.0]))),
    C("Tensor.put: float index", lambda T: m(T).put(T.tensor([1.0]), T.tensor([1.0]))),
    function_row("put", lambda T: (ints(T, 0), T.ones(1))),
    C("Tensor.put_: index out of range", lambda T: m(T).put_(ints(T, -13), T.tensor([1.0]))),
    C("Tensor.put_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True).put_(
        ints(T, 0), T.ones(1))),
    C("Tensor.nonzero: 0-d", lambda T: T.tensor(0.0).nonzero()),
    C("Tensor.nonzero: empty", lambda T: T.zeros(0, 2).nonzero()),
    function_row("nonzero"),
    C("Tensor.argwhere: empty", lambda T: T.zeros(0, 2).argwhere()),
    C("Tensor.argwhere: bool", lambda T: bools(T).argwhere()),
    C("Tensor.argwhere: 0-d", lambda T: T.tensor(2.0).argwhere()),
    function_row("argwhere"),
    C("Tensor.select: index out of range", lambda T: m(T).select(0, 3)),
    C("Tensor.select: negative index out of range", lambda T: m(T).select(1, -5)),
    C("Tensor.select: dim out of range", lambda T: m(T).select(2, 0)),
    C("Tensor.select: 0-d", lambda T: T.tensor(1.0).select(0, 0)),
    C("Tensor.select: index a float", lambda T: m(T).select(0, 1.5), since="2.13"),
    C("Tensor.select: empty", lambda T: T.zeros(0, 2).select(0, 0)),
    function_row("select", lambda T: (0, 0)),
    C("Tensor.narrow_copy: past the end", lambda T: m(T).narrow_copy(0, 2, 2)),
    C("Tensor.narrow_copy: negative length", lambda T: m(T).narrow_copy(0, 0, -1)),
    C("Tensor.narrow_copy: start out of range", lambda T: m(T).narrow_copy(1, 5, 0)),
    function_row("narrow_copy", lambda T: (0, 0, 1)),
    C("Tensor.select_scatter: src shape", lambda T: m(T).select_scatter(T.ones(3), 0, 0)),
    C("Tensor.select_scatter: index out of range", lambda T: m(T).select_scatter(
        T.ones(4), 0, 3)),
    C("Tensor.select_scatter: src dtype", lambda T: m(T).select_scatter(
        T.ones(4, dtype=T.float64), 0, 0)),
    function_row("select_scatter", lambda T: (T.ones(()), 0, 0)),
    C("Tensor.slice_scatter: src shape", lambda T: m(T).slice_scatter(T.ones(3, 4), 0, 0, 2)),
    C("Tensor.slice_scatter: dim out of range", lambda T: m(T).slice_scatter(T.ones(3, 4), 2)),
    C("Tensor.slice_scatter: zero step", lambda T: m(T).slice_scatter(T.ones(0, 4), 0, 0, 2,
                                                                      0)),
    function_row("slice_scatter", lambda T: (T.ones(2),)),
    C("Tensor.diagonal_scatter: src shape", lambda T: m(T).diagonal_scatter(T.ones(4))),
    C("Tensor.diagonal_scatter: same dims", lambda T: m(T).diagonal_scatter(T.ones(3), 0, 1, 1)),
    C("Tensor.diagonal_scatter: 1-d", lambda T: x(T, 3).diagonal_scatter(T.ones(3))),
    function_row("diagonal_scatter", lambda T: (T.ones(1),)),
    C("Tensor.tensor_split: zero sections", lambda T: m(T).tensor_split(0)),
    C("Tensor.tensor_split: float tensor", lambda T: m(T).tensor_split(T.tensor([1.0]), 1)),
    C("Tensor.tensor_split: 2-d tensor", lambda T: m(T).tensor_split(T.tensor([[1]]), 1)),
    C("Tensor.tensor_split: dim out of range", lambda T: m(T).tensor_split(2, 2)),
    C("Tensor.tensor_split: 0-d", lambda T: T.tensor(1.0).tensor_split(2)),
    C("Tensor.tensor_split: a float", lambda T: m(T).tensor_split(1.5)),
    function_row("tensor_split", lambda T: (2,)),
    C("Tensor.hsplit: indivisible", lambda T: m(T).hsplit(3)),
    C("Tensor.hsplit: 0-d", lambda T: T.tensor(1.0).hsplit(1)),
    C("Tensor.hsplit: zero sections", lambda T: m(T).hsplit(0)),
    function_row("hsplit", lambda T: (2,)),
    C("Tensor.vsplit: 1-d", lambda T: x(T, 4).vsplit(2)),
    C("Tensor.vsplit: indivisible", lambda T: m(T).vsplit(2)),
    C("Tensor.vsplit: indices past the end", lambda T: m(T).vsplit([1, 5])),
    function_row("vsplit", lambda T: (2,)),
    C("Tensor.dsplit: 2-d", lambda T: m(T).dsplit(2)),
    C("Tensor.dsplit: indivisible", lambda T: x(T, 1, 1, 3).dsplit(2)),
    C("Tensor.dsplit: a float", lambda T: x(T, 1, 1, 4).dsplit(2.0)),
    function_row("dsplit", lambda T: (2,)),
]

# -- moving, repeating, reshaping; their in-place view changes -------------------------------------
SHAPE = [
    C("Tensor.movedim: lengths", lambda T: m(T).movedim((0, 1), (1,))),
    C("Tensor.movedim: repeated source", lambda T: m(T).movedim((0, 0), (1, 0))),
    C("Tensor.movedim: repeated destination", lambda T: m(T).movedim((0, 1), (1, 1))),
    C("Tensor.movedim: dim out of range", lambda T: m(T).movedim(2, 0)),
    C("Tensor.movedim: destination out of range", lambda T: m(T).movedim(0, -3)),
    C("Tensor.movedim: a string", lambda T: m(T).movedim("a", 0)),
    function_row("movedim", lambda T: (0, 0)),
    C("Tensor.moveaxis: dim out of range", lambda T: m(T).moveaxis(0, 2)),
    C("Tensor.moveaxis: lengths", lambda T: m(T).moveaxis([0], [1, 0])),
    C("Tensor.moveaxis: repeated destination", lambda T: m(T).moveaxis((0, 1), (0, 0))),
    function_row("moveaxis", lambda T: (0, 0)),
    C("Tensor.repeat: fewer sizes than dims", lambda T: m(T).repeat(2)),
    C("Tensor.repeat: negative", lambda T: m(T).repeat(2, -1)),
    C("Tensor.repeat: float", lambda T: m(T).repeat(2, 1.5)),
    C("Tensor.repeat: zero", lambda T: m(T).repeat(0, 1)),
    C("Tensor.repeat: no sizes", lambda T: m(T).repeat()),
    C("Tensor.tile: negative", lambda T: m(T).tile(-1)),
    C("Tensor.tile: float", lambda T: m(T).tile(1.5)),
    C("Tensor.tile: fewer sizes", lambda T: m(T).tile(2)),
    C("Tensor.tile: empty input", lambda T: T.zeros(0, 2).tile(3)),
    function_row("tile", lambda T: ((2,),)),
    C("Tensor.repeat_interleave: lengths", lambda T: x(T, 4).repeat_interleave(
        ints(T, 1, 2), 0)),
    C("Tensor.repeat_interleave: negative", lambda T: x(T, 4).repeat_interleave(-1)),
    C("Tensor.repeat_interleave: negative counts", lambda T: x(T, 2).repeat_interleave(
        ints(T, 1, -1), 0)),
    C("Tensor.repeat_interleave: float counts", lambda T: x(T, 2).repeat_interleave(
        T.tensor([1.0, 2.0]), 0)),
    C("Tensor.repeat_interleave: dim out of range", lambda T: x(T, 2).repeat_interleave(2, 1)),
    C("Tensor.repeat_interleave: a float", lambda T: x(T, 2).repeat_interleave(1.5)),
    C("Tensor.repeat_interleave: 2-d counts", lambda T: x(T, 2).repeat_interleave(
        T.tensor([[1, 2]]), 0)),
    C("Tensor.unflatten: sizes", lambda T: m(T).unflatten(1, (3, 2))),
    C("Tensor.unflatten: dim out of range", lambda T: m(T).unflatten(2, (2, 2))),
    C("Tensor.unflatten: empty sizes", lambda T: m(T).unflatten(1, ())),
    C("Tensor.unflatten: an int size", lambda T: m(T).unflatten(1, 4)),
    function_row("unflatten", lambda T: (0, (2, 1))),
    C("Tensor.ravel: empty", lambda T: T.zeros(0, 3).ravel()),
    C("Tensor.ravel: 0-d", lambda T: T.tensor(1.0).ravel()),
    C("Tensor.ravel: transposed", lambda T: m(T).t().ravel()),
    function_row("ravel"),
    C("Tensor.squeeze_: dim out of range", lambda T: x(T, 2, 1).squeeze_(2)),
    C("Tensor.squeeze_: leaf requiring grad", lambda T: T.ones(2, 1, requires_grad=True)
      .squeeze_()),
    C("Tensor.unsqueeze_: dim out of range", lambda T: x(T, 2).unsqueeze_(2)),
    C("Tensor.unsqueeze_: leaf requiring grad", lambda T: T.ones(2, requires_grad=True)
      .unsqueeze_(0)),
    C("Tensor.t_: 3-d", lambda T: x(T, 1, 2, 3).t_()),
    C("Tensor.t_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True).t_()),
    C("Tensor.transpose_: dim out of range", lambda T: m(T).transpose_(0, 2)),
    C("Tensor.transpose_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True)
      .transpose_(0, 1)),
    C("Tensor.swapaxes_: dim out of range", lambda T: m(T).swapaxes_(-3, 0)),
    C("Tensor.swapdims_: dim out of range", lambda T: m(T).swapdims_(0, 5)),
    C("Tensor.swapdims_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True)
      .swapdims_(0, 1)),
]

# -- flips, triangles, diagonals, products, counting -----------------------------------------------
OTHER = [
    C("Tensor.flip: repeated dim", lambda T: m(T).flip(0, 0)),
    C("Tensor.flip: dim out of range", lambda T: m(T).flip(2)),
    C("Tensor.flip: no dims", lambda T: m(T).flip()),
    C("Tensor.flip: a float", lambda T: m(T).flip(0.5)),
    C("Tensor.flip: empty", lambda T: T.zeros(0, 2).flip(0)),
    C("Tensor.flip: 0-d", lambda T: T.tensor(1.0).flip(0)),
    function_row("flip", lambda T: ((0,),)),
    C("Tensor.fliplr: 1-d", lambda T: x(T, 3).fliplr()),
    C("Tensor.fliplr: empty", lambda T: T.zeros(2, 0).fliplr()),
    C("Tensor.fliplr: 0-d", lambda T: T.tensor(1.0).fliplr()),
    function_row("fliplr"),
    C("Tensor.flipud: 0-d", lambda T: T.tensor(1.0).flipud()),
    C("Tensor.flipud: empty", lambda T: T.zeros(0).flipud()),
    C("Tensor.flipud: bool", lambda T: bools(T).flipud()),
    function_row("flipud"),
    C("Tensor.roll: lengths", lambda T: m(T).roll((1, 2), (0,))),
    C("Tensor.roll: several shifts without dims", lambda T: m(T).roll((1, 2))),
    C("Tensor.roll: dim out of range", lambda T: m(T).roll(1, 2)),
    C("Tensor.roll: float shift", lambda T: m(T).roll(1.5, 0)),
    C("Tensor.roll: empty", lambda T: T.zeros(0, 2).roll(1, 0)),
    function_row("roll", lambda T: (1,)),
    C("Tensor.rot90: same dims", lambda T: m(T).rot90(1, (0, 0))),
    C("Tensor.rot90: 1-d", lambda T: x(T, 3).rot90()),
    C("Tensor.rot90: three dims", lambda T: m(T).rot90(1, (0, 1, 1))),
    C("Tensor.rot90: dim out of range", lambda T: m(T).rot90(1, (0, 2)), since="2.13"),
    C("Tensor.rot90: float k", lambda T: m(T).rot90(1.5)),
    function_row("rot90"),
    C("Tensor.tril: 1-d", lambda T: x(T, 3).tril()),
    C("Tensor.tril: float diagonal", lambda T: m(T).tril(0.5)),
    C("Tensor.tril: empty", lambda T: T.zeros(0, 3).tril()),
    function_row("tril"),
    C("Tensor.tril_: 1-d", lambda T: x(T, 3).tril_()),
    C("Tensor.tril_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True).tril_()),
    C("Tensor.triu: 0-d", lambda T: T.tensor(1.0).triu()),
    C("Tensor.triu: a string", lambda T: m(T).triu("a")),
    C("Tensor.triu: diagonal past the end", lambda T: m(T).triu(10)),
    function_row("triu"),
    C("Tensor.triu_: 1-d", lambda T: x(T, 3).triu_(1)),
    C("Tensor.triu_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True).triu_()),
    C("Tensor.diagonal: same dims", lambda T: m(T).diagonal(0, 0, 0)),
    C("Tensor.diagonal: 1-d", lambda T: x(T, 3).diagonal()),
    C("Tensor.diagonal: dim out of range", lambda T: m(T).diagonal(0, 0, 2)),
    C("Tensor.diagonal: offset past the end", lambda T: m(T).diagonal(5)),
    C("Tensor.diagonal: float offset", lambda T: m(T).diagonal(0.5)),
    function_row("diagonal"),
    C("Tensor.diag_embed: same dims", lambda T: x(T, 3).diag_embed(0, 0, 0)),
    C("Tensor.diag_embed: dim out of range", lambda T: x(T, 3).diag_embed(0, 0, 2)),
    C("Tensor.diag_embed: 0-d", lambda T: T.tensor(1.0).diag_embed()),
    function_row("diag_embed"),
    C("Tensor.diag: 3-d", lambda T: x(T, 1, 2, 2).diag()),
    C("Tensor.diag: 0-d", lambda T: T.tensor(1.0).diag()),
    C("Tensor.diag: float diagonal", lambda T: x(T, 3).diag(0.5)),
    C("Tensor.diag: empty", lambda T: T.zeros(0).diag()),
    function_row("diag"),
    C("Tensor.diagflat: 0-d", lambda T: T.tensor(1.0).diagflat()),
    C("Tensor.diagflat: float offset", lambda T: x(T, 2).diagflat(0.5)),
    C("Tensor.diagflat: empty", lambda T: T.zeros(0).diagflat()),
    function_row("diagflat"),
    C("Tensor.trace: 3-d", lambda T: x(T, 1, 2, 2).trace()),
    C("Tensor.trace: 1-d", lambda T: x(T, 3).trace()),
    C("Tensor.trace: bool", lambda T: T.ones(2, 2, dtype=T.bool).trace()),
    C("Tensor.trace: int", lambda T: T.ones(2, 2, dtype=T.int32).trace()),
    C("Tensor.trace: empty", lambda T: T.zeros(0, 3).trace()),
    function_row("trace"),
    C("Tensor.renorm: negative p", lambda T: m(T).renorm(-1, 0, 1)),
    C("Tensor.renorm: int", lambda T: ints(T, 1, 2).reshape(1, 2).renorm(2, 0, 1)),
    C("Tensor.renorm: 1-d", lambda T: x(T, 3).renorm(2, 0, 1)),
    C("Tensor.renorm: dim out of range", lambda T: m(T).renorm(2, 2, 1)),
    C("Tensor.renorm: negative maxnorm", lambda T: m(T).renorm(2, 0, -1)),
    function_row("renorm", lambda T: (2, 0, 1)),
    C("Tensor.renorm_: negative p", lambda T: m(T).renorm_(0, 0, 1)),
    C("Tensor.renorm_: leaf requiring grad", lambda T: T.ones(2, 2, requires_grad=True)
      .renorm_(2, 0, 1)),
    C("Tensor.diff: 0-d", lambda T: T.tensor(1.0).diff()),
    C("Tensor.diff: prepend rank", lambda T: m(T).diff(prepend=T.ones(3))),
    C("Tensor.diff: dim out of range", lambda T: m(T).diff(dim=2)),
    C("Tensor.diff: negative n", lambda T: x(T, 3).diff(-1)),
    C("Tensor.diff: prepend shape", lambda T: m(T).diff(prepend=T.ones(2, 2))),
    C("Tensor.diff: empty", lambda T: T.zeros(0).diff()),
    function_row("diff"),
    C("Tensor.cov: 3-d", lambda T: T.ones(2, 2, 2).cov()),
    C("Tensor.cov: fweights float", lambda T: m(T).cov(fweights=T.ones(4))),
    C("Tensor.cov: aweights shape", lambda T: m(T).cov(aweights=T.ones(3))),
    C("Tensor.cov: negative fweights", lambda T: m(T).cov(fweights=ints(T, 1, -1, 1, 1))),
    C("Tensor.cov: one observation", lambda T: x(T, 2, 1).cov()),
    function_row("cov"),
    C("Tensor.corrcoef: 3-d", lambda T: T.ones(2, 2, 2).corrcoef()),
    C("Tensor.corrcoef: int", lambda T: T.tensor([[1, 2, 4], [3, 1, 0]]).corrcoef()),
    function_row("corrcoef"),
    C("Tensor.outer: 2-d", lambda T: m(T).outer(x(T, 3))),
    C("Tensor.outer: 2-d vec2", lambda T: x(T, 3).outer(m(T))),
    C("Tensor.outer: list", lambda T: x(T, 3).outer([1.0])),
    C("Tensor.outer: 0-d", lambda T: T.tensor(1.0).outer(x(T, 2))),
    function_row("outer", lambda T: (x(T, 2),)),
    C("Tensor.ger: 2-d", lambda T: m(T).ger(x(T, 3))),
    C("Tensor.ger: list", lambda T: x(T, 3).ger([1.0])),
    C("Tensor.ger: dtypes", lambda T: x(T, 2).ger(ints(T, 1, 2))),
    function_row("ger", lambda T: (x(T, 2),)),
    C("Tensor.inner: last dim", lambda T: m(T).inner(T.ones(3))),
    C("Tensor.inner: dtypes", lambda T: x(T, 4).inner(x(T, 4, dtype=T.float64))),
    C("Tensor.inner: list", lambda T: x(T, 3).inner([1.0])),
    function_row("inner", lambda T: (x(T, 2),)),
    C("Tensor.kron: list", lambda T: m(T).kron([1.0])),
    C("Tensor.kron: number", lambda T: m(T).kron(2.0)),
    C("Tensor.kron: empty", lambda T: T.zeros(0, 2).kron(m(T))),
    function_row("kron", lambda T: (x(T, 2),)),
    C("Tensor.cross: length", lambda T: m(T).cross(m(T), dim=1)),
    C("Tensor.cross: rank", lambda T: T.ones(2, 3).cross(T.ones(3), dim=-1)),
    C("Tensor.cross: dtypes", lambda T: T.ones(3).cross(T.ones(3, dtype=T.float64), dim=0)),
    C("Tensor.cross: dim out of range", lambda T: T.ones(3).cross(T.ones(3), dim=1)),
    C("Tensor.cross: list", lambda T: T.ones(3).cross([1.0, 2.0, 3.0])),
    C("Tensor.cross: no length 3", lambda T: T.ones(2, 2).cross(T.ones(2, 2))),
    C("Tensor.cross: shapes", lambda T: T.ones(2, 3).cross(T.ones(4, 3), dim=1)),
    function_row("cross", lambda T: (T.ones(2), 0)),
    C("Tensor.histc: int", lambda T: ints(T, 1, 2).histc()),
    C("Tensor.histc: max below min", lambda T: m(T).histc(3, 2, 1)),
    C("Tensor.histc: zero bins", lambda T: m(T).histc(0)),
    C("Tensor.histc: negative bins", lambda T: m(T).histc(-1)),
    C("Tensor.histc: empty", lambda T: T.zeros(0).histc(4)),
    C("Tensor.histc: bins a float", lambda T: m(T).histc(2.5)),
    function_row("histc"),
    C("Tensor.histogram: int", lambda T: ints(T, 1, 2).histogram(3)),
    C("Tensor.histogram: edges dtype", lambda T: x(T, 3, dtype=T.float64).histogram(
        T.tensor([0.0, 1.0]))),
    C("Tensor.histogram: zero bins", lambda T: m(T).histogram(0)),
    C("Tensor.histogram: range reversed", lambda T: m(T).histogram(3, range=(1.0, 0.0))),
    C("Tensor.histogram: weight shape", lambda T: m(T).histogram(3, weight=T.ones(3))),
    C("Tensor.histogram: empty", lambda T: T.zeros(0).histogram(2)),
    function_row("histogram", lambda T: (2,)),
    C("Tensor.bincount: negative", lambda T: ints(T, -1, 2).bincount()),
    C("Tensor.bincount: float", lambda T: x(T, 2).bincount()),
    C("Tensor.bincount: 2-d", lambda T: T.tensor([[1, 2]]).bincount()),
    C("Tensor.bincount: weights length", lambda T: ints(T, 1, 2).bincount(T.tensor([1.0]))),
    C("Tensor.bincount: negative minlength", lambda T: ints(T, 1, 2).bincount(minlength=-1)),
    C("Tensor.bincount: empty", lambda T: T.zeros(0, dtype=T.int64).bincount()),
    C("Tensor.bincount: bool", lambda T: bools(T).bincount()),
    function_row("bincount"),
]

# -- functions that are not Tensor methods (minigrad.functional and a few more) --------------------
FUNCTIONS = [
    C("minigrad.atleast_1d: a list", lambda T: T.atleast_1d(L)),
    C("minigrad.atleast_1d: a number", lambda T: T.atleast_1d(1.0)),
    C("minigrad.atleast_2d: a list of lists", lambda T: T.atleast_2d([L])),
    C("minigrad.atleast_2d: no tensors", lambda T: T.atleast_2d()),
    C("minigrad.atleast_3d: a list of numbers", lambda T: T.atleast_3d([1.0, x(T, 2)])),
    C("minigrad.hstack: a tensor", lambda T: T.hstack(x(T, 2))),
    C("minigrad.hstack: empty list", lambda T: T.hstack([])),
    C("minigrad.hstack: sizes", lambda T: T.hstack([x(T, 2, 2), x(T, 3, 2)])),
    C("minigrad.hstack: a number", lambda T: T.hstack([x(T, 2), 1.0])),
    C("minigrad.vstack: sizes", lambda T: T.vstack([x(T, 2), x(T, 3)])),
    C("minigrad.vstack: empty list", lambda T: T.vstack([])),
    C("minigrad.vstack: dtypes mix", lambda T: T.vstack([x(T, 2), ints(T, 1, 2)])),
    C("minigrad.row_stack: sizes", lambda T: T.row_stack([x(T, 2), x(T, 3)])),
    C("minigrad.dstack: sizes", lambda T: T.dstack([x(T, 2), x(T, 3)])),
    C("minigrad.dstack: a tensor", lambda T: T.dstack(x(T, 2))),
    C("minigrad.column_stack: sizes", lambda T: T.column_stack([x(T, 2), x(T, 3)])),
    C("minigrad.column_stack: empty list", lambda T: T.column_stack([])),
    C("minigrad.broadcast_shapes: mismatch", lambda T: T.broadcast_shapes((2, 3), (4,))),
    C("minigrad.broadcast_shapes: negative", lambda T: T.broadcast_shapes((2, -1))),
    C("minigrad.broadcast_shapes: a float", lambda T: T.broadcast_shapes((2.5,))),
    C("minigrad.broadcast_tensors: mismatch", lambda T: T.broadcast_tensors(m(T), T.ones(3))),
    C("minigrad.broadcast_tensors: a list", lambda T: T.broadcast_tensors(m(T), L)),
    C("minigrad.meshgrid: indexing", lambda T: T.meshgrid(T.ones(2), T.ones(2), indexing="x")),
    C("minigrad.meshgrid: dtypes", lambda T: T.meshgrid(T.ones(2), ints(T, 1), indexing="ij")),
    C("minigrad.meshgrid: a list", lambda T: T.meshgrid(L, indexing="ij")),
    C("minigrad.meshgrid: nothing", lambda T: T.meshgrid(indexing="ij")),
    C("minigrad.cartesian_prod: 2-d", lambda T: T.cartesian_prod(T.ones(2, 2), T.ones(2))),
    C("minigrad.cartesian_prod: a list", lambda T: T.cartesian_prod(L, x(T, 2))),
    C("minigrad.cartesian_prod: dtypes", lambda T: T.cartesian_prod(x(T, 2), ints(T, 1))),
    C("minigrad.combinations: 2-d", lambda T: T.combinations(m(T))),
    C("minigrad.combinations: negative r", lambda T: T.combinations(x(T, 3), -1)),
    C("minigrad.combinations: a list", lambda T: T.combinations(L)),
    C("minigrad.combinations: r above size", lambda T: T.combinations(x(T, 2), 3)),
    C("minigrad.block_diag: 3-d", lambda T: T.block_diag(x(T, 1, 2, 2))),
    C("minigrad.block_diag: a list", lambda T: T.block_diag(L)),
    C("minigrad.block_diag: dtypes", lambda T: T.block_diag(x(T, 2, 2), ints(T, 1))),
    C("minigrad.tensordot: sizes", lambda T: T.tensordot(m(T), m(T), dims=([0], [1]))),
    C("minigrad.tensordot: dtypes", lambda T: T.tensordot(m(T), x(T, 3, 4, dtype=T.float64),
                                                          dims=([1], [1]))),
    C("minigrad.tensordot: negative dims", lambda T: T.tensordot(m(T), m(T), dims=-1)),
    C("minigrad.tensordot: too many dims", lambda T: T.tensordot(m(T), m(T), dims=3)),
    C("minigrad.tensordot: dims lengths", lambda T: T.tensordot(m(T), m(T), dims=([0, 1],
                                                                                    [0]))),
    C("minigrad.einsum: sizes", lambda T: T.einsum("ij,jk->ik", m(T), m(T))),
    C("minigrad.einsum: fewer operands", lambda T: T.einsum("ij,kj->ik", m(T))),
    C("minigrad.einsum: more operands", lambda T: T.einsum("ij->i", m(T), m(T))),
    C("minigrad.einsum: unknown output", lambda T: T.einsum("ij->ik", m(T))),
    C("minigrad.einsum: repeated output", lambda T: T.einsum("ij->jj", m(T))),
    C("minigrad.einsum: rank", lambda T: T.einsum("ijk->i", m(T))),
    C("minigrad.einsum: dtypes", lambda T: T.einsum("ij,kj->ik", m(T),
                                                    x(T, 3, 4, dtype=T.float64))),
    C("minigrad.einsum: bad character", lambda T: T.einsum("i1->i", m(T))),
    C("minigrad.einsum: a list", lambda T: T.einsum("i->i", L)),
    C("minigrad.einsum: no equation", lambda T: T.einsum(m(T))),
    C("minigrad.cdist: 1-d", lambda T: T.cdist(x(T, 3), x(T, 3))),
    C("minigrad.cdist: columns", lambda T: T.cdist(m(T), T.ones(3, 3))),
    C("minigrad.cdist: int", lambda T: T.cdist(m(T).long(), m(T).long())),
    C("minigrad.cdist: negative p", lambda T: T.cdist(m(T), m(T), p=-1)),
    C("minigrad.cdist: dtypes", lambda T: T.cdist(m(T), x(T, 3, 4, dtype=T.float64))),
    C("minigrad.cdist: a list", lambda T: T.cdist([L], m(T))),
    C("minigrad.cdist: batch sizes", lambda T: T.cdist(x(T, 2, 3, 4), x(T, 3, 3, 4))),
    C("minigrad.cdist: empty", lambda T: T.cdist(T.zeros(0, 4), m(T))),
    C("minigrad.tril_indices: float dtype", lambda T: T.tril_indices(3, 4, dtype=T.float32)),
    C("minigrad.tril_indices: negative row", lambda T: T.tril_indices(-1, 3)),
    C("minigrad.tril_indices: negative col", lambda T: T.tril_indices(3, -1)),
    C("minigrad.tril_indices: float row", lambda T: T.tril_indices(2.5, 3)),
    C("minigrad.triu_indices: negative row", lambda T: T.triu_indices(-2, 3)),
    C("minigrad.triu_indices: a tensor", lambda T: T.triu_indices(T.tensor(2), 3)),
    C("minigrad.triu_indices: bool dtype", lambda T: T.triu_indices(2, 3, dtype=T.bool)),
    C("minigrad.unravel_index: float", lambda T: T.unravel_index(T.tensor([1.0]), (2, 3))),
    C("minigrad.unravel_index: out of range", lambda T: T.unravel_index(ints(T, 6), (2, 3))),
    C("minigrad.unravel_index: negative", lambda T: T.unravel_index(ints(T, -7), (2, 3))),
    C("minigrad.unravel_index: negative shape", lambda T: T.unravel_index(ints(T, 1), (2, -3))),
    C("minigrad.repeat_interleave: lengths", lambda T: T.repeat_interleave(x(T, 4),
                                                                          ints(T, 1, 2), 0)),
    C("minigrad.repeat_interleave: negative", lambda T: T.repeat_interleave(x(T, 4), -1)),
    C("minigrad.repeat_interleave: counts only", lambda T: T.repeat_interleave(ints(T, 1, 2))),
    C("minigrad.repeat_interleave: float counts only", lambda T: T.repeat_interleave(x(T, 2))),
    C("minigrad.repeat_interleave: 2-d counts only", lambda T: T.repeat_interleave(
        T.tensor([[1, 2]]))),
    C("minigrad.repeat_interleave: a list", lambda T: T.repeat_interleave(L, 2)),
    C("minigrad.vander: 2-d", lambda T: T.vander(m(T))),
    C("minigrad.vander: negative N", lambda T: T.vander(x(T, 3), -1)),
    C("minigrad.vander: a list", lambda T: T.vander(L)),
    C("minigrad.vander: bool", lambda T: T.vander(bools(T))),
    C("minigrad.searchsorted: rows", lambda T: T.searchsorted(T.tensor([[1.0, 2, 3], [2, 3, 4]]),
                                                              T.tensor([2.5]))),
    C("minigrad.searchsorted: side", lambda T: T.searchsorted(T.tensor([1.0, 2, 3]),
                                                              T.tensor([2.0]), side="left",
                                                              right=True)),
    C("minigrad.searchsorted: side name", lambda T: T.searchsorted(T.tensor([1.0, 2, 3]),
                                                                   T.tensor([2.0]), side="up")),
    C("minigrad.searchsorted: dtypes", lambda T: T.searchsorted(T.tensor([1.0, 2, 3]),
                                                                ints(T, 2))),
    C("minigrad.searchsorted: a list", lambda T: T.searchsorted([1.0, 2.0], x(T, 2))),
    C("minigrad.searchsorted: sorter shape", lambda T: T.searchsorted(
        T.tensor([1.0, 2, 3]), T.tensor([2.0]), sorter=ints(T, 0, 1))),
    C("minigrad.searchsorted: 0-d sequence", lambda T: T.searchsorted(T.tensor(1.0),
                                                                      T.tensor([2.0]))),
    C("minigrad.bucketize: 2-d boundaries", lambda T: T.bucketize(m(T), T.ones(2, 2))),
    C("minigrad.bucketize: a list", lambda T: T.bucketize(x(T, 2), L)),
    C("minigrad.bucketize: dtypes", lambda T: T.bucketize(ints(T, 1), x(T, 3))),
    C("minigrad.histogramdd: int", lambda T: T.histogramdd(T.ones(3, 2, dtype=T.int64), [2, 2])),
    C("minigrad.histogramdd: bins length", lambda T: T.histogramdd(m(T)[:, :2], [2, 3, 4])),
    C("minigrad.histogramdd: 1-d", lambda T: T.histogramdd(x(T, 3), [2])),
    C("minigrad.histogramdd: zero bins", lambda T: T.histogramdd(m(T)[:, :2], [0, 2])),
    C("minigrad.histogramdd: a list", lambda T: T.histogramdd([L], [2, 2])),
    C("minigrad.isin: two numbers", lambda T: T.isin(1, 2)),
    C("minigrad.isin: dtypes", lambda T: T.isin(x(T, 3), ints(T, 1))),
    C("minigrad.isin: a list", lambda T: T.isin(L, x(T, 2))),
    C("minigrad.isin: empty", lambda T: T.isin(T.zeros(0), x(T, 2))),
    C("minigrad.std_mean: int", lambda T: T.std_mean(ints(T, 1, 2))),
    C("minigrad.std_mean: dim out of range", lambda T: T.std_mean(x(T, 3), 1)),
    C("minigrad.std_mean: empty", lambda T: T.std_mean(T.zeros(0))),
    C("minigrad.std_mean: a list", lambda T: T.std_mean(L)),
    C("minigrad.var_mean: int", lambda T: T.var_mean(ints(T, 1, 2))),
    C("minigrad.var_mean: dim out of range", lambda T: T.var_mean(m(T), (0, 2))),
    C("minigrad.var_mean: a list", lambda T: T.var_mean(L)),
    C("minigrad.var_mean: correction", lambda T: T.var_mean(x(T, 2), correction=3)),
    C("minigrad.real: a list", lambda T: T.real(L)),
    C("minigrad.real: int", lambda T: T.real(ints(T, 1))),
    C("minigrad.imag: real", lambda T: T.imag(x(T, 2))),
    C("minigrad.imag: a list", lambda T: T.imag(L)),
    C("minigrad.gradient: too short for edge_order", lambda T: T.gradient(x(T, 2), edge_order=2)),
    C("minigrad.gradient: edge_order", lambda T: T.gradient(x(T, 4), edge_order=3)),
    C("minigrad.gradient: spacing length", lambda T: T.gradient(x(T, 4), spacing=[1.0, 2.0])),
    C("minigrad.gradient: dim out of range", lambda T: T.gradient(x(T, 4), dim=1)),
    C("minigrad.gradient: a list", lambda T: T.gradient(L)),
    C("minigrad.gradient: 0-d", lambda T: T.gradient(T.tensor(1.0))),
    C("minigrad.gradient: int", lambda T: T.gradient(ints(T, 1, 4, 9))),
]

# -- names of other issues' areas on main (issue 12d) ---------------------------------------------
LATER = [
    C("nn.DataParallel: shapes through it", lambda T: T.nn.DataParallel(T.nn.Linear(2, 2))(
        x(T, 1, 3))),
    C("nn.DataParallel: wraps a module", lambda T: T.nn.DataParallel(T.nn.Linear(2, 2))),
]

NORM = [
    C("minigrad.norm: dim out of range", lambda T: T.norm(x(T, 3), dim=1)),
    C("minigrad.norm: int", lambda T: T.norm(ints(T, 1, 2))),
    C("minigrad.norm: repeated dims", lambda T: T.norm(m(T), p="fro", dim=(0, 0))),
    C("minigrad.norm: unknown order", lambda T: T.norm(m(T), p="a")),
    C("minigrad.norm: nuclear of a vector", lambda T: T.norm(x(T, 3), p="nuc")),
    C("minigrad.norm: empty", lambda T: T.norm(T.zeros(0, 3), dim=1)),
]

# -- the function forms of the older Tensor methods: a list as input -----------------------------
TWO = ("add sub mul div pow maximum minimum matmul dot eq ne "
       "lt le gt ge equal allclose isclose").split()
ONE = ("neg negative exp log sqrt rsqrt square reciprocal abs absolute sin cos sigmoid tanh relu "
       "sum mean max min amax amin argmax argmin var std logsumexp isnan isfinite isinf "
       "sign floor ceil round any all logical_not flatten squeeze t clone numel detach "
       "is_floating_point").split()
FUNCTION_FORMS = (
    [function_row(name, lambda T: (x(T, 2),)) for name in TWO]
    + [function_row(name) for name in ONE]
    + [function_row("clamp", lambda T: (0.0,)), function_row("clip", lambda T: (0.0,)),
       function_row("clamp_min", lambda T: (0.0,)), function_row("clamp_max", lambda T: (0.0,)),
       function_row("mm", lambda T: (x(T, 2, 2),)), function_row("bmm", lambda T: (x(T, 1, 2, 2),)),
       function_row("mv", lambda T: (x(T, 2),)), function_row("softmax", lambda T: (0,)),
       function_row("log_softmax", lambda T: (0,)), function_row("reshape", lambda T: ((2,),)),
       function_row("unsqueeze", lambda T: (0,)), function_row("permute", lambda T: ((0,),)),
       function_row("transpose", lambda T: (0, 0)), function_row("swapaxes", lambda T: (0, 0)),
       function_row("swapdims", lambda T: (0, 0)), function_row("split", lambda T: (1,)),
       function_row("chunk", lambda T: (2,)), function_row("unbind"),
       function_row("narrow", lambda T: (0, 0, 1)),
       function_row("broadcast_to", lambda T: ((2, 2),)),
       function_row("masked_fill", lambda T: (T.tensor([True, False]), 0.0))]
)

# -- out=: a function form writing into a tensor of another dtype --------------------------------
def out_row(name, args):
    return C(f"minigrad.{name}: out of another dtype", lambda T: getattr(T, name)(
        *args(T), out=T.empty(0, dtype=T.int32)))


OUT = [out_row(name, lambda T: (x(T, 2),)) for name in (
    "acos asin atan cosh sinh tan sinc deg2rad rad2deg erf erfc erfinv lgamma digamma i0 exp2 "
    "expm1 log1p log2 log10 frac trunc fix sgn signbit angle isposinf isneginf logit "
    "nan_to_num conj_physical nansum nanmean").split()]
OUT += [out_row(name, lambda T: (x(T, 2) * 2.5, 0)) for name in "cumsum cumprod logcumsumexp "
        "prod".split()]
OUT += [out_row(name, lambda T: (x(T, 2), x(T, 2))) for name in (
    "atan2 hypot copysign fmod remainder floor_divide true_divide divide multiply subtract "
    "ldexp nextafter xlogy igamma logaddexp fmax fmin greater less_equal float_power "
    "outer kron inner").split()]
OUT += [out_row("gcd", lambda T: (ints(T, 4, 6), ints(T, 2, 3))),
        out_row("bitwise_and", lambda T: (ints(T, 4, 6), ints(T, 2, 3)))]

ROWS = (OUT + UNARY + BINARY + TERNARY + REDUCTIONS + INDEXING + SHAPE + OTHER + FUNCTIONS + NORM
        + FUNCTION_FORMS + LATER)

# Built rows of functions that also take a named dim, where torch 2.13 (not 2.11) blames the
# one bad argument ("cumsum(): argument 'dim' (position 1) must be int, not float",
# "argument 'input' (position 1) must be Tensor, not list") and raises TypeError for a dim
# given as a string; torch 2.11 lists the overloads, or raises RuntimeError "Name 'a' not
# found in Tensor[None, None]."
ROWS = changed_since("2.13", (
    [f"Tensor.{name}: dim a string" for name in (
        "prod median nanmedian mode cumsum cumprod cummax cummin logcumsumexp sort argsort "
        "kthvalue").split()]
    + [f"Tensor.{name}: dim a float" for name in (
        "median nanmedian mode cumsum cumprod cummax cummin logcumsumexp kthvalue").split()]
    + [f"minigrad.{name}: a list" for name in (
        "cumsum cumprod cummax cummin logcumsumexp gather scatter_add index_select index_add "
        "index_copy select logsumexp softmax log_softmax transpose").split()]), ROWS)
