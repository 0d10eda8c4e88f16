"""``torch.nn.modules.container``: the containers (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Container", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"
])
