"""Why some of torch's names are not in minigrad (read by ``python -m bridge.coverage``).

``LEFT_OUT`` maps a name of the coverage catalogue to the reason minigrad does
not have it; the test fails when a name listed here gets implemented (delete the
line then).  ``PENDING`` lists names being built in parallel work (the value
says where); ``python -m bridge.coverage --prune`` deletes the entries that have
been implemented since, and ``--check`` fails while any remain.
"""

COMPLEX = "complex numbers are out of scope"
SPARSE = "sparse tensors are out of scope"
QUANTIZED = "quantization is out of scope"
LEFT_OUT: dict[str, str] = {
}

# BEGIN PENDING (python -m bridge.coverage --prune deletes the names implemented since)
PENDING: dict[str, str] = {
}
# END PENDING
