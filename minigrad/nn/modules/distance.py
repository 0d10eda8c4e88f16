"""``torch.nn.modules.distance``: the distances (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "PairwiseDistance", "CosineSimilarity"
])
