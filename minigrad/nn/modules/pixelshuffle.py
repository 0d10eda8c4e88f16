"""``torch.nn.modules.pixelshuffle``: pixel shuffle (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "PixelShuffle", "PixelUnshuffle"
])
