"""``torch.nn.modules.upsampling``: the upsampling layers (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"
])
