"""``torch.nn.utils.prune``: pruning (weight masks via forward pre-hooks) is not supported."""
from ._unsupported import refuse

_WHY = "pruning reparametrizes weights as weight_orig * weight_mask, which minigrad does not do"
identity = refuse("prune.identity", _WHY)
random_unstructured = refuse("prune.random_unstructured", _WHY)
l1_unstructured = refuse("prune.l1_unstructured", _WHY)
random_structured = refuse("prune.random_structured", _WHY)
ln_structured = refuse("prune.ln_structured", _WHY)
global_unstructured = refuse("prune.global_unstructured", _WHY)
custom_from_mask = refuse("prune.custom_from_mask", _WHY)
remove = refuse("prune.remove", _WHY)
is_pruned = refuse("prune.is_pruned", _WHY)
