"""Coverage data for torch's documented "Pointwise Ops", "Reduction Ops" and "Comparison Ops"
(https://pytorch.org/docs/stable/torch.html, torch 2.14) and the cumulative scans of
"Other Operations", for the coverage report (``python -m bridge.coverage``).

``GROUPS`` lists each group's module-level names as torch's docs list them.  Every name is
implemented in minigrad (as ``minigrad.<name>``, as a Tensor method where torch has one,
with its in-place ``<name>_`` where torch has one, and ``out=`` where torch takes it)
except those in ``LEFT_OUT``, each with its reason.  ``PARITY`` names the tests that
compare each implemented name with torch: op-table rows (``tests/core/op_specs.py``,
named ``row:<row name>``) and test functions (``tests/core/test_math_functions.py``).
"""
from __future__ import annotations

GROUPS = {
    "Pointwise Ops": (
        "abs absolute acos arccos acosh arccosh add addcdiv addcmul angle asin arcsin asinh "
        "arcsinh atan arctan atanh arctanh atan2 arctan2 bitwise_not bitwise_and bitwise_or "
        "bitwise_xor bitwise_left_shift bitwise_right_shift ceil clamp clip conj_physical "
        "copysign cos cosh deg2rad div divide digamma erf erfc erfinv exp exp2 expm1 "
        "fake_quantize_per_channel_affine fake_quantize_per_tensor_affine fix float_power floor "
        "floor_divide fmod frac frexp gradient imag ldexp lerp lgamma log log10 log1p log2 "
        "logaddexp logaddexp2 logical_and logical_not logical_or logical_xor logit hypot i0 "
        "igamma igammac mul multiply mvlgamma nan_to_num neg negative nextafter polygamma "
        "positive pow quantized_batch_norm quantized_max_pool1d quantized_max_pool2d rad2deg "
        "real reciprocal remainder round rsqrt sigmoid sign sgn signbit sin sinc sinh softmax "
        "sqrt square sub subtract tan tanh true_divide trunc xlogy").split(),
    "Reduction Ops": (
        "argmax argmin amax amin aminmax all any max min dist logsumexp mean nanmean median "
        "nanmedian mode norm nansum prod quantile nanquantile std std_mean sum unique "
        "unique_consecutive var var_mean count_nonzero").split(),
    "Comparison Ops": (
        "allclose argsort eq equal ge greater_equal gt greater isclose isfinite isin isinf "
        "isposinf isneginf isnan isreal kthvalue le less_equal lt less maximum minimum fmax fmin "
        "ne not_equal sort topk msort").split(),
    # listed by torch under "Other Operations"; the rest of that group is issue 12b's
    "Other Operations (scans)": "cummax cummin cumprod cumsum logcumsumexp".split(),
}

_QUANTIZATION = "quantized tensors are out of scope (issue 12)"
LEFT_OUT = {
    "fake_quantize_per_channel_affine": _QUANTIZATION,
    "fake_quantize_per_tensor_affine": _QUANTIZATION,
    "quantized_batch_norm": _QUANTIZATION,
    "quantized_max_pool1d": _QUANTIZATION,
    "quantized_max_pool2d": _QUANTIZATION,
}

# names whose parity with torch is checked outside an op-table row of the same name
_FUNCTIONS = "tests/core/test_math_functions.py::"
PARITY = {
    "absolute": ["row:abs", _FUNCTIONS + "test_inplace_forms_match_torch"],
    "arccos": [_FUNCTIONS + "test_out_is_written_and_returned"], "arccosh": ["row:acosh"],
    "arcsin": [_FUNCTIONS + "test_out_is_written_and_returned"], "arcsinh": ["row:asinh"],
    "arctan": ["row:atan"], "arctanh": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "arctan2": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "bitwise_not": ["row:bitwise_or_xor_not"], "bitwise_or": ["row:bitwise_or_xor_not"],
    "bitwise_xor": ["row:bitwise_or_xor_not"], "bitwise_left_shift": ["row:bitwise_shifts"],
    "bitwise_right_shift": ["row:bitwise_shifts"], "clip": ["row:clamp"],
    "conj_physical": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "divide": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "imag": [_FUNCTIONS + "test_errors_match_torch"],
    "logical_or": ["row:logical_and_or_xor"], "logical_xor": ["row:logical_and_or_xor"],
    "logical_and": ["row:logical_and_or_xor"],
    "logical_not": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "multiply": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "negative": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "positive": [_FUNCTIONS + "test_function_forms_match_torch"],
    "real": [_FUNCTIONS + "test_function_forms_match_torch"],
    "subtract": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "true_divide": [_FUNCTIONS + "test_function_forms_match_torch"],
    "pow": ["row:pow_tensor", "row:pow_2"], "sub": ["row:sub"], "add": ["row:add"],
    "mul": ["row:mul"], "div": ["row:div"],
    "unique": ["row:unique", _FUNCTIONS + "test_unique_variants_match_torch"],
    "isin": ["row:isin", _FUNCTIONS + "test_isin_forms_match_torch"],
    "allclose": [_FUNCTIONS + "test_predicates_match_torch"],
    "equal": [_FUNCTIONS + "test_predicates_match_torch"],
    "isclose": [_FUNCTIONS + "test_predicates_match_torch"],
    "isfinite": [_FUNCTIONS + "test_predicates_match_torch"],
    "isinf": [_FUNCTIONS + "test_predicates_match_torch"],
    "isnan": [_FUNCTIONS + "test_predicates_match_torch"],
    "greater": ["row:greater_less"], "less_equal": ["row:greater_less"],
    "not_equal": ["row:greater_less"],
    "greater_equal": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "less": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "le": [_FUNCTIONS + "test_out_is_written_and_returned"],
    "gt": ["row:gt_scalar"], "ne": ["row:ne_scalar"],
    "isposinf": ["row:isposinf_isneginf"], "isneginf": ["row:isposinf_isneginf"],
    "isreal": ["row:isposinf_isneginf"],
    "std_mean": ["row:std_mean"], "var_mean": ["row:var_mean"],
    "gradient": ["row:gradient", "row:gradient_coordinates"],
    "argmin": ["row:argmin_dim"],
    "all": [_FUNCTIONS + "test_predicates_match_torch"],
    "any": [_FUNCTIONS + "test_predicates_match_torch"],
    "cummax": ["row:cummax", "row:cummax_cummin_ties"],
    "cummin": ["row:cummin", "row:cummax_cummin_ties"],
}


def implemented(group: str) -> list:
    """The names of ``group`` that minigrad implements."""
    return [name for name in GROUPS[group] if name not in LEFT_OUT]
