"""``torch.nn.modules.padding``: the padding layers (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d",
    "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
    "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d",
    "ZeroPad3d"
])
