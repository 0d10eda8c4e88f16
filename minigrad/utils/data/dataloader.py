"""``DataLoader``: iterate over a dataset in (shuffled) mini-batches, like torch's.

Differences from torch (documented): loading always runs in the calling
process.  ``num_workers``, ``pin_memory``, ``timeout``, ``worker_init_fn``,
``prefetch_factor`` and ``persistent_workers`` are accepted and checked like
torch checks them, then ignored (``worker_init_fn`` is never called).

Fast path: when the collate function is ``default_collate`` and the dataset
offers ``_get_batch`` (``TensorDataset``, ``Subset`` of one, the vision
datasets with bulk-capable transforms), each batch is built with one fancy
index per tensor instead of indexing sample by sample and stacking.  The
batches are equal either way.
"""
from __future__ import annotations

from typing import Callable, Optional

from ._collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler


class DataLoader:
    """Combines a dataset and a sampler and yields batches of samples.

    Args:
        dataset: map-style (``len`` and ``[i]``) or iterable dataset.
        batch_size: samples per batch; ``None`` turns batching off.
        shuffle: visit the samples in a new random order every epoch.
        sampler / batch_sampler: custom orders of indices / of index lists.
        num_workers: accepted for compatibility; loading runs in-process.
        collate_fn: turns a list of samples into a batch (``default_collate``).
        drop_last: drop the last batch when it is smaller than ``batch_size``.
        generator: the ``minigrad.Generator`` that shuffling draws from.
    """

    def __init__(self, dataset: Dataset, batch_size: Optional[int] = 1,
                 shuffle: Optional[bool] = None, sampler=None, batch_sampler=None,
                 num_workers: int = 0, collate_fn: Optional[Callable] = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Optional[Callable] = None, multiprocessing_context=None,
                 generator=None, *, prefetch_factor: Optional[int] = None,
                 persistent_workers: bool = False, pin_memory_device: str = "",
                 in_order: bool = True) -> None:
        _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers)
        if isinstance(dataset, IterableDataset):
            for name, value in (("shuffle", shuffle), ("sampler", sampler),
                                ("batch_sampler", batch_sampler)):
                if value not in (None, False):
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                                     f"{name} option, but got {name}={value}")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None and not isinstance(dataset, IterableDataset):
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None and sampler is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout
        self.worker_init_fn, self.generator = worker_init_fn, generator
        self.prefetch_factor, self.persistent_workers = prefetch_factor, persistent_workers
        self.multiprocessing_context = multiprocessing_context
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None or (
            isinstance(self.dataset, IterableDataset) and self.batch_size is not None)

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self._index_sampler)

    def __iter__(self) -> "_DataLoaderIter":
        if isinstance(self.dataset, IterableDataset):
            return _DataLoaderIter(self, self._iterable_batches())
        return _DataLoaderIter(self, self._map_batches())

    def _map_batches(self):
        dataset, collate = self.dataset, self.collate_fn
        if not self._auto_collation:
            for index in self.sampler:
                yield collate(dataset[index])
            return
        fast = getattr(dataset, "_get_batch", None) if collate is default_collate else None
        get_many = getattr(dataset, "__getitems__", None)
        for indices in self.batch_sampler:
            if fast is not None:
                batch = fast(indices)
                if batch is not NotImplemented:
                    yield batch
                    continue
            samples = get_many(indices) if get_many else [dataset[i] for i in indices]
            yield collate(samples)

    def _iterable_batches(self):
        if self.batch_size is None:
            for sample in self.dataset:
                yield self.collate_fn(sample)
            return
        batch = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)


class _DataLoaderIter:
    """One pass over a ``DataLoader``; ``len()`` is the number of batches."""

    def __init__(self, loader: DataLoader, batches) -> None:
        self._loader, self._batches = loader, batches

    def __iter__(self) -> "_DataLoaderIter":
        return self

    def __next__(self):
        return next(self._batches)

    def __len__(self) -> int:
        return len(self._loader)


def _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers) -> None:
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                         "disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                         "let num_workers > 0 to enable multiprocessing, otherwise set "
                         "prefetch_factor to None.")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")


__all__ = ["DataLoader", "Sampler", "default_collate", "default_convert"]
