"""``torch.nn.modules.fold``: fold and unfold (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Fold", "Unfold"
])
