"""``torch.utils.model_zoo``: downloading pretrained weights is not supported."""
from ..hub import load_state_dict_from_url as load_url

__all__ = ["load_url"]
