"""``torch.nn.utils.stateless``: calling a module with substituted parameters: not supported."""
from ._unsupported import refuse

functional_call = refuse("stateless.functional_call",
                         "modules cannot be called with substituted parameters in minigrad")
