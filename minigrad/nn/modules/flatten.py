"""``torch.nn.modules.flatten``: flatten and unflatten (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Flatten", "Unflatten"
])
