"""``torch.nn.utils.spectral_norm`` (the old hook-based spectral normalization): not supported."""
from ._unsupported import refuse

_WHY = "it reparametrizes the weight with forward pre-hooks, which minigrad does not do"
spectral_norm = refuse("spectral_norm", _WHY)
remove_spectral_norm = refuse("remove_spectral_norm", _WHY)
