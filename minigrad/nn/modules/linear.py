"""``torch.nn.modules.linear``: the linear layers (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Bilinear", "Identity", "LazyLinear", "Linear"
])
