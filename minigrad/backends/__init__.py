"""``torch.backends``: the flags and queries tutorials use to pick a device.

minigrad runs on the CPU through NumPy: cuDNN, CUDA and MPS are "not available"
(as on a CPU-only torch build), and minigrad does not call oneDNN (mkldnn),
MKL or OpenMP itself, so those report not available either.  The settable flags
(``cudnn.benchmark``, ``cudnn.deterministic``...) are accepted and change nothing.
"""
from . import cpu, cuda, cudnn, mkl, mkldnn, mps, openmp

__all__ = ["cpu", "cuda", "cudnn", "mkl", "mkldnn", "mps", "openmp"]
