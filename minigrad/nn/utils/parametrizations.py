"""``torch.nn.utils.parametrizations``: orthogonal / spectral / weight norm: not supported."""
from ._unsupported import refuse

_WHY = "minigrad modules hold plain Parameters (no parametrization machinery)"
orthogonal = refuse("parametrizations.orthogonal", _WHY)
spectral_norm = refuse("parametrizations.spectral_norm", _WHY)
weight_norm = refuse("parametrizations.weight_norm", _WHY)
