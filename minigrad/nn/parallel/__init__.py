"""``torch.nn.parallel``: DataParallel (a plain wrapper on the CPU) and DistributedDataParallel
(not supported: minigrad runs in one process)."""
from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]
