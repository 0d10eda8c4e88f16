"""Vision datasets and transforms (the ``torchvision`` parts that MNIST tutorials use)."""
from . import datasets, transforms

__all__ = ["datasets", "transforms"]
