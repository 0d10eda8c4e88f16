"""Datasets, samplers and the DataLoader (``torch.utils.data``)."""
from ._collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import (ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset,
                      random_split)
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler,
                      SubsetRandomSampler, WeightedRandomSampler)


def get_worker_info():
    """Always ``None``: minigrad loads data in the main process."""
    return None


__all__ = ["BatchSampler", "ConcatDataset", "DataLoader", "Dataset", "IterableDataset",
           "RandomSampler", "Sampler", "SequentialSampler", "Subset", "SubsetRandomSampler",
           "TensorDataset", "WeightedRandomSampler", "default_collate", "default_convert",
           "get_worker_info", "random_split"]

# more of torch.utils.data (issue 12): stacked and chained datasets, the distributed sampler
from .dataset import ChainDataset, StackDataset  # noqa: E402
from .distributed import DistributedSampler  # noqa: E402

__all__ += ["ChainDataset", "DistributedSampler", "StackDataset"]

