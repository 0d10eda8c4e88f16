"""Reading IDX files (the MNIST file format) and downloading them safely.

An IDX file is a 4-byte magic number ``0x00 0x00 <type> <ndim>``, then
``ndim`` big-endian uint32 sizes, then the values, big-endian, row-major.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import zlib
from urllib.error import URLError
from urllib.request import Request, urlopen

import numpy as np

IDX_TYPES = {0x08: np.dtype(np.uint8), 0x09: np.dtype(np.int8), 0x0B: np.dtype(">i2"),
             0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}


def read_bytes(path: str) -> bytes:
    """The content of ``path``, un-gzipped when it ends with ``.gz``."""
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "rb") as f:
                return f.read()
        with open(path, "rb") as f:
            return f.read()
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise RuntimeError(f"{path} is corrupted (cannot be decompressed: {error}); delete it "
                           "and download it again") from None


def parse_idx(raw: bytes, path: str = "<bytes>") -> np.ndarray:
    """The array stored in IDX bytes ``raw``, in native byte order."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise RuntimeError(f"{path} is not an IDX file: bad magic number "
                           f"{raw[:4].hex() or '(empty file)'}")
    dtype, ndim = IDX_TYPES[raw[2]], raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise RuntimeError(f"{path} is truncated: the header needs {header} bytes but the file "
                           f"has {len(raw)}")
    shape = tuple(int(n) for n in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != expected:
        raise RuntimeError(f"{path} is corrupted: shape {list(shape)} needs {expected} bytes "
                           f"but the file has {len(raw)}")
    values = np.frombuffer(raw, dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def read_idx(path: str, dtype, ndim: int) -> np.ndarray:
    """Read an IDX file and check that it holds a ``dtype`` array with ``ndim`` dimensions."""
    array = parse_idx(read_bytes(path), path)
    if array.dtype != np.dtype(dtype) or array.ndim != ndim:
        raise RuntimeError(f"{path} holds a {array.dtype} array with {array.ndim} dimensions; "
                           f"expected {np.dtype(dtype)} with {ndim}")
    return array


def md5sum(path: str, chunk: int = 1 << 20) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def download_file(url: str, destination: str, md5: str, timeout: float = 60.0) -> None:
    """Download ``url`` to ``destination`` atomically, checking its md5.

    The bytes go to a hidden temporary file next to ``destination``, which is
    renamed into place only when complete and correct; on any failure it is
    removed, so no partial file is ever left under the final name.
    """
    folder = os.path.dirname(destination)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(destination)}.",
                               suffix=".part")
    try:
        digest = hashlib.md5()
        request = Request(url, headers={"User-Agent": "minigrad"})
        with os.fdopen(fd, "wb") as out, urlopen(request, timeout=timeout) as response:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != md5:
            raise RuntimeError(f"md5 mismatch for {url}: expected {md5}, got "
                               f"{digest.hexdigest()}")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)            # mkstemp makes the file private (0600)
        os.replace(tmp, destination)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


__all__ = ["URLError", "download_file", "md5sum", "parse_idx", "read_idx"]
