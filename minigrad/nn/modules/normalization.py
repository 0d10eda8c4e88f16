"""``torch.nn.modules.normalization``: layer, group, RMS and local response norms."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "LocalResponseNorm", "CrossMapLRN2d", "LayerNorm", "GroupNorm", "RMSNorm"
])
