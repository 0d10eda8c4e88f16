"""Vision datasets, transforms and image utilities (the ``torchvision`` parts tutorials use)."""
from . import datasets, transforms, utils

__all__ = ["datasets", "transforms", "utils"]
