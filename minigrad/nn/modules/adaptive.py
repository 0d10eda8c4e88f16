"""``torch.nn.modules.adaptive``: the adaptive softmax (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "AdaptiveLogSoftmaxWithLoss"
])
