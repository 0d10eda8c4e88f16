"""``torch.nn.modules``: the paths of torch's layer files, served from ``minigrad.nn``.

``from minigrad.nn.modules.loss import _Loss`` or ``minigrad.nn.modules.conv.Conv2d``
work as in torch; see ``_mirror`` for how the names are found.  The layer classes
are also reachable from here directly (``minigrad.nn.modules.Linear``).
"""
from . import (activation, adaptive, batchnorm, channelshuffle, container, conv, distance,
               dropout, flatten, fold, instancenorm, lazy, linear, loss, module, normalization,
               padding, pixelshuffle, pooling, rnn, sparse, transformer, upsampling,
               utils)  # noqa: F401  (torch.nn.modules.utils, helpers rather than layers)
from ._mirror import _lookup

_FILES = [activation, adaptive, batchnorm, channelshuffle, container, conv, distance, dropout,
          flatten, fold, instancenorm, lazy, linear, loss, module, normalization, padding,
          pixelshuffle, pooling, rnn, sparse, transformer, upsampling]


def __getattr__(name: str):
    if name == "__all__":
        return sorted({n for f in _FILES for n in f.__all__ if not n.startswith("_")})
    if not name.startswith("_"):
        try:
            return _lookup(name)
        except LookupError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
