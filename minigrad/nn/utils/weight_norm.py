"""``torch.nn.utils.weight_norm`` (the old hook-based weight normalization): not supported."""
from ._unsupported import refuse

_WHY = "it reparametrizes the weight with forward pre-hooks, which minigrad does not do"
weight_norm = refuse("weight_norm", _WHY)
remove_weight_norm = refuse("remove_weight_norm", _WHY)
