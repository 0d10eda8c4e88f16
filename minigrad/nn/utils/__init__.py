"""``nn.utils``: gradient clipping and parameter/vector conversion."""
from .clip_grad import clip_grad_norm_, clip_grad_value_, parameters_to_vector, \
    vector_to_parameters

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector",
           "vector_to_parameters"]

# torch.nn.utils' other files (issue 12, import paths): convert_parameters works; prune,
# parametrize, parametrizations, stateless and the hook-based weight/spectral norm refuse
from . import (convert_parameters, parametrizations, parametrize, prune,  # noqa: E402
               stateless)
from .spectral_norm import remove_spectral_norm, spectral_norm  # noqa: E402
from .weight_norm import remove_weight_norm, weight_norm  # noqa: E402

__all__ += ["convert_parameters", "parametrizations", "parametrize", "prune",
            "remove_spectral_norm", "remove_weight_norm", "spectral_norm", "stateless",
            "weight_norm"]

