"""The groups of torch's documented functions that the coverage report covers.

torch cannot tell at runtime which section of its documentation a function is
listed in, so the lists are copied here, once, from the documentation source:

    pytorch/pytorch, docs/source/torch.md (the page https://pytorch.org/docs/stable/torch.html),
    commit d0f1ca1cd0a84b92ff7d073f3408c3941322a052, read with the search tool for torch 2.14.1

in the order of that page.  ``python -m bridge.coverage`` checks each name
against the installed torch and reports the ones it lacks (a page newer or older
than the torch in use), so the lists can be refreshed by copying a newer page.
"""

SOURCE = ("pytorch/pytorch docs/source/torch.md @ d0f1ca1cd0a84b92ff7d073f3408c3941322a052 "
          "(https://pytorch.org/docs/stable/torch.html)")

# "Tensors" (the queries and default dtype/device settings) and "Creation Ops"
TENSORS = """
is_tensor is_storage is_complex is_conj is_floating_point is_nonzero set_default_dtype
get_default_dtype set_default_device get_default_device set_default_tensor_type numel
set_printoptions set_flush_denormal
""".split()

CREATION = """
tensor sparse_coo_tensor sparse_csr_tensor sparse_csc_tensor sparse_bsr_tensor
sparse_bsc_tensor asarray as_tensor as_strided from_file from_numpy from_dlpack frombuffer
zeros zeros_like ones ones_like arange range linspace logspace eye empty empty_like
empty_strided full full_like quantize_per_tensor quantize_per_channel dequantize complex polar
heaviside
""".split()

# "Random sampling" (the random creation functions and the seed controls)
RANDOM = """
seed manual_seed initial_seed get_rng_state set_rng_state bernoulli multinomial normal poisson
rand rand_like randint randint_like randn randn_like randperm
""".split()

INDEXING = """
adjoint argwhere cat concat concatenate conj chunk dsplit column_stack dstack gather hsplit
hstack index_add index_copy index_reduce index_select masked_select movedim moveaxis narrow
narrow_copy nonzero permute reshape row_stack select scatter diagonal_scatter select_scatter
slice_scatter scatter_add scatter_reduce split squeeze stack swapaxes swapdims t take
take_along_dim tensor_split tile transpose unbind unravel_index unsqueeze vsplit vstack where
""".split()

POINTWISE = """
abs absolute acos arccos acosh arccosh add addcdiv addcmul angle asin arcsin asinh arcsinh atan
arctan atanh arctanh atan2 arctan2 bitwise_not bitwise_and bitwise_or bitwise_xor
bitwise_left_shift bitwise_right_shift ceil clamp clip conj_physical copysign cos cosh deg2rad
div divide digamma erf erfc erfinv exp exp2 expm1 fake_quantize_per_channel_affine
fake_quantize_per_tensor_affine fix float_power floor floor_divide fmod frac frexp gradient
imag ldexp lerp lgamma log log10 log1p log2 logaddexp logaddexp2 logical_and logical_not
logical_or logical_xor logit hypot i0 igamma igammac mul multiply mvlgamma nan_to_num neg
negative nextafter polygamma positive pow quantized_batch_norm quantized_max_pool1d
quantized_max_pool2d rad2deg real reciprocal remainder round rsqrt sigmoid sign sgn signbit sin
sinc sinh softmax sqrt square sub subtract tan tanh true_divide trunc xlogy
""".split()

REDUCTION = """
argmax argmin amax amin aminmax all any max min dist logsumexp mean nanmean median nanmedian
mode norm nansum prod quantile nanquantile std std_mean sum unique unique_consecutive var
var_mean count_nonzero
""".split()

COMPARISON = """
allclose argsort eq equal ge greater_equal gt greater isclose isfinite isin isinf isposinf
isneginf isnan isreal kthvalue le less_equal lt less maximum minimum fmax fmin ne not_equal
sort topk msort
""".split()

OTHER = """
atleast_1d atleast_2d atleast_3d bincount block_diag broadcast_tensors broadcast_to
broadcast_shapes bucketize cartesian_prod cdist clone combinations corrcoef cov cross cummax
cummin cumprod cumsum diag diag_embed diagflat diagonal diff einsum flatten flip fliplr flipud
kron rot90 gcd histc histogram histogramdd meshgrid lcm logcumsumexp ravel renorm
repeat_interleave roll searchsorted tensordot trace tril tril_indices triu triu_indices
unflatten vander view_as_real view_as_complex resolve_conj resolve_neg
""".split()

# (title, names) of the torch-function groups, in the report's order
FUNCTION_GROUPS = [
    ("Tensors: queries and default dtype/device", TENSORS),
    ("Creation Ops", CREATION),
    ("Random sampling", RANDOM),
    ("Indexing, Slicing, Joining, Mutating Ops", INDEXING),
    ("Pointwise Ops", POINTWISE),
    ("Reduction Ops", REDUCTION),
    ("Comparison Ops", COMPARISON),
    ("Other Operations", OTHER),
]

# the groups whose functions also have Tensor methods (and in-place variants) in the report
OP_GROUPS = ["Indexing, Slicing, Joining, Mutating Ops", "Pointwise Ops", "Reduction Ops",
             "Comparison Ops", "Other Operations"]
