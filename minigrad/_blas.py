"""The BLAS that NumPy loaded, driven through its own C API with ctypes.

minigrad keeps NumPy's BLAS on one thread (see ``_parallel``).  The library is found
among the shared objects this process has loaded (``/proc/self/maps``; elsewhere where
NumPy keeps its libraries), of the kind NumPy reports using (OpenBLAS, including the
``scipy_openblas`` builds of NumPy's wheels, MKL or BLIS).  When none is found, every
call here does nothing and ``blas_info`` says so.  ``blas_info`` gives what threadpoolctl
would: file, API, version, kernel (OpenBLAS's core name) and threads.
"""
from __future__ import annotations

import ctypes
import glob
import os
import re
from typing import List, Optional

import numpy as np


class _Blas:
    """The BLAS that NumPy loaded, driven through ctypes: name, version, kernel, threads."""

    def __init__(self):
        self.path: Optional[str] = None
        self.api: Optional[str] = None
        self._set = self._get = None
        self._lib = None
        for path in _loaded_blas_paths():
            try:
                lib = ctypes.CDLL(path, mode=getattr(os, "RTLD_NOLOAD", 0))
            except OSError:
                continue
            if self._bind(lib):
                self.path = path
                break

    def _bind(self, lib) -> bool:
        def find(names):
            for name in names:
                fn = getattr(lib, name, None)
                if fn is not None:
                    return fn
            return None

        openblas = [f"{p}{name}{s}" for p in ("scipy_openblas", "openblas")
                    for s in ("64_", "_64_", "") for name in ("_set_num_threads",)]
        setter = find(openblas)
        if setter is not None:
            self.api = "openblas"
            stem = setter.__name__.replace("_set_num_threads", "{}")
            self._get = find([stem.format("_get_num_threads")])
            self._corename = find([stem.format("_get_corename")])
            self._config = find([stem.format("_get_config")])
            self._parallel = find([stem.format("_get_parallel")])
            for fn in (self._corename, self._config):
                if fn is not None:
                    fn.restype = ctypes.c_char_p
        elif find(["MKL_Set_Num_Threads"]) is not None:
            self.api = "mkl"
            setter = find(["MKL_Set_Num_Threads"])
            self._get = find(["MKL_Get_Max_Threads"])
        elif find(["bli_thread_set_num_threads"]) is not None:
            self.api = "blis"
            setter = find(["bli_thread_set_num_threads"])
            self._get = find(["bli_thread_get_num_threads"])
        else:
            return False
        self._set, self._lib = setter, lib
        return True

    def set_threads(self, n: int) -> bool:
        if self._set is None:
            return False
        self._set(ctypes.c_int(n))
        return True

    def threads(self) -> Optional[int]:
        return int(self._get()) if self._get is not None else None

    def info(self) -> dict:
        """threadpoolctl-like facts: library, api, version, kernel, threading layer."""
        info = {"filepath": self.path, "internal_api": self.api, "num_threads": self.threads(),
                "version": None, "architecture": None, "threading_layer": None}
        if self.api == "openblas":
            config = self._config().decode() if self._config else ""
            match = re.search(r"OpenBLAS\s+([\d.]+)", config)
            info["version"] = match.group(1) if match else None
            info["config"] = config
            if self._corename is not None:
                info["architecture"] = self._corename().decode()
            if self._parallel is not None:
                info["threading_layer"] = {0: "disabled", 1: "pthreads", 2: "openmp"}.get(
                    int(self._parallel()), "unknown")
        return info


_BLAS_FILES = {"openblas": "openblas", "mkl": "mkl_rt|libmkl", "blis": "libblis",
               "flexiblas": "flexiblas"}


def _numpy_blas() -> dict:
    """NumPy's own account of its BLAS (name, lib directory), or {} if it gives none."""
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except Exception:                    # show_config's layout is not a stable API
        return {}


def _loaded_blas_paths() -> List[str]:
    """Shared objects of NumPy's BLAS in this process (other libraries may load theirs)."""
    import numpy.linalg  # noqa: F401  (loads the BLAS/LAPACK library)
    numpy_blas = _numpy_blas()
    name = str(numpy_blas.get("name", "")).lower()
    kinds = [k for k in _BLAS_FILES if k in name] or list(_BLAS_FILES)
    pattern = re.compile(r"(%s)[^/]*\.(so|dylib|dll)" % "|".join(_BLAS_FILES[k] for k in kinds))
    found = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip() if line.count(" ") >= 5 else ""
                if pattern.search(os.path.basename(path)) and path not in found:
                    found.append(path)
    except OSError:
        pass
    if not found:                        # no /proc (macOS, Windows): look where NumPy does
        root = os.path.dirname(os.path.dirname(np.__file__))
        for folder in (os.path.join(root, "numpy.libs"), os.path.join(root, "numpy", ".dylibs"),
                       numpy_blas.get("lib directory") or ""):
            found += [p for p in glob.glob(os.path.join(folder, "*"))
                      if pattern.search(os.path.basename(p))]
    return found


_blas: Optional[_Blas] = None


def blas() -> _Blas:
    """The process's BLAS handle (looked up once)."""
    global _blas
    if _blas is None:
        _blas = _Blas()
    return _blas


def blas_info() -> dict:
    """What BLAS NumPy uses: path, api, version, kernel (architecture), threads."""
    return blas().info()
