"""``torch.nn.modules.lazy``: lazy modules (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "LazyModuleMixin"
])
