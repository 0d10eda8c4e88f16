"""``torch.nn.modules.channelshuffle``: the channel shuffle (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "ChannelShuffle"
])
