"""Coverage data for torch's documented "Indexing, Slicing, Joining, Mutating Ops" and
"Other Operations" (https://pytorch.org/docs/stable/torch.html, torch 2.14), for the
coverage report (``python -m bridge.coverage``).  The same layout as ``coverage_math``.

``GROUPS`` lists each group's module-level names as torch's docs list them (the cumulative
scans of "Other Operations" are in ``coverage_math``).  Every name is implemented in
minigrad (as ``minigrad.<name>``, as a Tensor method where torch has one, with its in-place
``<name>_`` where torch has one, and ``out=`` where torch takes it) except those in
``LEFT_OUT``, each with its reason.  ``PARITY`` names the tests that compare each
implemented name with torch when it has no op-table row of its own name: op-table rows
(``tests/core/op_specs.py``, named ``row:<row name>``) and test functions.
"""
from __future__ import annotations

GROUPS = {
    "Indexing, Slicing, Joining, Mutating Ops": (
        "adjoint argwhere cat concat concatenate conj chunk dsplit column_stack dstack gather "
        "hsplit hstack index_add index_copy index_reduce index_select masked_select movedim "
        "moveaxis narrow narrow_copy nonzero permute reshape row_stack select scatter "
        "diagonal_scatter select_scatter slice_scatter scatter_add scatter_reduce split squeeze "
        "stack swapaxes swapdims t take take_along_dim tensor_split tile transpose unbind "
        "unravel_index unsqueeze vsplit vstack where").split(),
    # less the scans (cummax cummin cumprod cumsum logcumsumexp), which coverage_math lists
    "Other Operations": (
        "atleast_1d atleast_2d atleast_3d bincount block_diag broadcast_tensors broadcast_to "
        "broadcast_shapes bucketize cartesian_prod cdist clone combinations corrcoef cov cross "
        "diag diag_embed diagflat diagonal diff einsum flatten flip fliplr flipud kron rot90 gcd "
        "histc histogram histogramdd meshgrid lcm ravel renorm repeat_interleave roll "
        "searchsorted tensordot trace tril tril_indices triu triu_indices unflatten vander "
        "view_as_real view_as_complex resolve_conj resolve_neg").split(),
}

_COMPLEX = "complex numbers are out of scope (issue 12): minigrad has no complex dtypes"
LEFT_OUT = {
    "view_as_real": _COMPLEX,
    "view_as_complex": _COMPLEX,
}

# Tensor methods of these groups torch has besides the names above (in-place view changes,
# functions without a module-level form); each is implemented and tested as listed
_INPLACE = "tests/core/test_indexing_ops.py::test_inplace_matches_torch"
_VIEWS = "tests/core/test_indexing_ops.py::test_inplace_view_changes_match_torch"
METHODS = {
    "put": ["row:put"], "put_": [_INPLACE],
    "index_fill": ["row:index_fill", "row:index_fill_tensor"], "index_fill_": [_INPLACE],
    "index_put": ["row:index_put"], "index_put_": [_INPLACE],
    "masked_scatter": ["row:masked_scatter"], "masked_scatter_": [_INPLACE],
    "repeat": ["row:repeat"], "t_": [_VIEWS], "transpose_": [_VIEWS], "swapaxes_": [_VIEWS],
    "swapdims_": [_VIEWS], "squeeze_": [_VIEWS], "unsqueeze_": [_VIEWS],
}

# names whose parity with torch is checked outside an op-table row of the same name
_FORWARD = "tests/core/test_indexing_ops.py::test_forward_matches_torch"
PARITY = {
    "argwhere": [_FORWARD], "conj": [_FORWARD], "nonzero": [_FORWARD],
    "unravel_index": [_FORWARD], "bincount": [_FORWARD], "broadcast_shapes": [_FORWARD],
    "bucketize": [_FORWARD], "gcd": [_FORWARD], "lcm": [_FORWARD], "histc": [_FORWARD],
    "histogram": [_FORWARD], "histogramdd": [_FORWARD], "searchsorted": [_FORWARD],
    "tril_indices": [_FORWARD], "triu_indices": [_FORWARD], "resolve_conj": [_FORWARD],
    "resolve_neg": [_FORWARD],
    "diag": ["row:diag_vector", "row:diag_matrix"],
    "einsum": ["row:einsum_mm", "row:einsum_batched", "row:einsum_implicit",
               "row:einsum_outer", "row:einsum_trace", "row:einsum_diagonal", "row:einsum_sum",
               "row:einsum_transpose", "row:einsum_three"],
    "meshgrid": ["row:meshgrid_ij", "row:meshgrid_xy"],
}


def implemented(group: str) -> list:
    """The names of ``group`` that minigrad implements."""
    return [name for name in GROUPS[group] if name not in LEFT_OUT]
