"""``torch.nn.utils.parametrize``: parametrizations are not supported by minigrad."""
from ._unsupported import refuse

_WHY = "minigrad modules hold plain Parameters (no parametrization machinery)"
register_parametrization = refuse("parametrize.register_parametrization", _WHY)
remove_parametrizations = refuse("parametrize.remove_parametrizations", _WHY)
cached = refuse("parametrize.cached", _WHY)


def is_parametrized(module, tensor_name=None) -> bool:
    """Always False: nothing is ever parametrized in minigrad."""
    return False
