"""``torch.nn.modules.batchnorm``: batch normalization (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "BatchNorm1d", "LazyBatchNorm1d", "BatchNorm2d", "LazyBatchNorm2d", "BatchNorm3d",
    "LazyBatchNorm3d", "SyncBatchNorm", "_NormBase", "_BatchNorm", "_LazyNormBase"
])
