"""Why some of torch's names are not in minigrad (read by ``python -m bridge.coverage``).

``LEFT_OUT`` maps a name of the coverage catalogue to the reason minigrad does
not have it (the ops of the documented groups keep theirs in ``coverage_math.py``
and ``coverage_indexing.py``, read as well); a test fails when a name listed as
left out gets implemented (delete its line then).  ``PENDING`` lists names being
built in parallel work (the value says where); ``python -m bridge.coverage
--prune`` deletes the entries that have been implemented since, and ``--check``
fails while any remain: each one must end up implemented (with a parity test) or
in ``LEFT_OUT`` with its reason.
"""

COMPLEX = "complex numbers are out of scope (issue 12): minigrad has real dtypes only"
QUANTIZED = "quantization is out of scope (issue 12)"
SPARSE = "sparse tensors are out of scope (issue 12)"
STRIDES = "minigrad tensors are NumPy arrays: strides cannot be chosen by the user"
FROM_FILE = ("storage files (torch.from_file, mmap-backed storages) are not supported; use "
             "minigrad.load")
TENSOR_TYPES = ("deprecated since torch 2.1 (use set_default_dtype); minigrad has no legacy "
                "tensor types")
BFLOAT16 = "Muon orthogonalizes its update in bfloat16, which NumPy has no type for"
DATAPIPES = "DataPipes are deprecated in torch (moved to torchdata); not part of minigrad"
LOW_PRECISION = "float8/grouped GPU matrix products: no such dtypes or devices in minigrad"
LEGACY_LRN = ("a legacy Lua-torch layer whose own backward does not match its forward (torch "
              "2.14 fails torch.autograd.gradcheck on it); LocalResponseNorm is the supported "
              "equivalent")

LEFT_OUT: dict[str, str] = {
    "torch.complex": COMPLEX,
    "torch.polar": COMPLEX,
    "torch.dequantize": QUANTIZED,
    "torch.quantize_per_channel": QUANTIZED,
    "torch.quantize_per_tensor": QUANTIZED,
    "torch.optim.SparseAdam": SPARSE,
    "torch.sparse_bsc_tensor": SPARSE,
    "torch.sparse_bsr_tensor": SPARSE,
    "torch.sparse_coo_tensor": SPARSE,
    "torch.sparse_csc_tensor": SPARSE,
    "torch.sparse_csr_tensor": SPARSE,
    "torch.as_strided": STRIDES,
    "torch.empty_strided": STRIDES,
    "torch.from_file": FROM_FILE,
    "torch.set_default_tensor_type": TENSOR_TYPES,
    "torch.optim.Muon": BFLOAT16,
    "torch.utils.data.DFIterDataPipe": DATAPIPES,
    "torch.utils.data.DataChunk": DATAPIPES,
    "torch.utils.data.IterDataPipe": DATAPIPES,
    "torch.utils.data.MapDataPipe": DATAPIPES,
    "torch.utils.data.argument_validation": DATAPIPES,
    "torch.utils.data.functional_datapipe": DATAPIPES,
    "torch.utils.data.guaranteed_datapipes_determinism": DATAPIPES,
    "torch.utils.data.non_deterministic": DATAPIPES,
    "torch.utils.data.runtime_validation": DATAPIPES,
    "torch.utils.data.runtime_validation_disabled": DATAPIPES,
    "torch.nn.functional.grouped_mm": LOW_PRECISION,
    "torch.nn.functional.scaled_grouped_mm": LOW_PRECISION,
    "torch.nn.functional.scaled_mm": LOW_PRECISION,
    "torch.nn.CrossMapLRN2d": LEGACY_LRN,
}

# BEGIN PENDING (python -m bridge.coverage --prune deletes the names implemented since)
PENDING: dict[str, str] = {
}
# END PENDING
