"""``repr(tensor)`` in PyTorch's format: 4 decimals, scientific when ranges are wide."""
from __future__ import annotations

import numpy as np

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3
SCI_MODE = None              # None: chosen from the values; True / False: forced


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None) -> None:
    """torch's print options: digits, summarizing threshold, edge items, line width,
    scientific notation; ``profile`` 'default', 'short' or 'full' resets them first."""
    global PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH, SCI_MODE
    if profile is not None:
        PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH = {
            "default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80),
            "full": (4, float("inf"), 3, 80)}[profile]
    if precision is not None:
        PRECISION = precision
    if threshold is not None:
        THRESHOLD = threshold
    if edgeitems is not None:
        EDGEITEMS = edgeitems
    if linewidth is not None:
        LINEWIDTH = linewidth
    SCI_MODE = sci_mode


def _float_formatter(values: np.ndarray):
    """Pick torch's number style and width from the finite nonzero values being shown."""
    finite = np.abs(values[np.isfinite(values)].astype(np.float64))
    nonzero = finite[finite != 0]
    int_mode, sci = True, False
    if nonzero.size:
        int_mode = bool(np.all(np.ceil(nonzero) == nonzero))
        big, small = nonzero.max(), nonzero.min()
        sci = big / small > 1000.0 or big > 1e8 or (not int_mode and small < 1e-4)
    if SCI_MODE is not None:
        sci = SCI_MODE

    def fmt(v):
        v = float(v)
        if sci:
            return f"{v:.{PRECISION}e}"
        if int_mode:
            return f"{v:.0f}" + ("." if np.isfinite(v) else "")
        return f"{v:.{PRECISION}f}"
    # like torch, only nonzero finite values set the column width
    shown = values[np.isfinite(values) & (values != 0)]
    width = max([1] + [len(fmt(v)) for v in shown])
    return fmt, width


def _formatter(array: np.ndarray, shown: np.ndarray):
    """(format function, column width) for the values of ``array``."""
    if array.dtype == np.bool_:
        fmt = lambda v: "True" if v else "False"  # noqa: E731
    elif array.dtype.kind in "iu":
        fmt = lambda v: str(int(v))  # noqa: E731
    else:
        return _float_formatter(shown)
    return fmt, max(len(fmt(v)) for v in shown)


def _shown_values(array: np.ndarray, summarize: bool) -> np.ndarray:
    if not summarize:
        return array.reshape(-1)
    parts = [array]
    for axis in range(array.ndim):
        parts = [np.take(p, idx, axis=axis) for p in parts
                 for idx in (range(min(EDGEITEMS, p.shape[axis])),
                             range(max(p.shape[axis] - EDGEITEMS, 0), p.shape[axis]))]
    return np.concatenate([p.reshape(-1) for p in parts])


def _format_array(array, fmt, width, indent, summarize):
    if array.ndim == 0:
        return fmt(array.item()).rjust(width)
    n = array.shape[0]
    cut = summarize and n > 2 * EDGEITEMS
    indices = list(range(EDGEITEMS)) + [None] + list(range(n - EDGEITEMS, n)) if cut \
        else list(range(n))
    if array.ndim == 1:
        items = [" ..." if i is None else fmt(array[i].item()).rjust(width) for i in indices]
        per_line = max(1, (LINEWIDTH - indent) // (width + 2))
        lines = [", ".join(items[k:k + per_line]) for k in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = ["..." if i is None else _format_array(array[i], fmt, width, indent + 1, summarize)
            for i in indices]
    separator = "," + "\n" * (array.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(rows) + "]"


def tensor_repr(t) -> str:
    array = t._array
    prefix = "tensor("
    summarize = array.size > THRESHOLD
    suffixes = []
    default_dtypes = ("float32", "int64", "bool")
    if array.size == 0:
        body = "[]"
        if array.ndim != 1:
            suffixes.append(f"size={tuple(array.shape)}")
    else:
        shown = _shown_values(array, summarize)
        fmt, width = _formatter(array, shown)
        body = _format_array(array, fmt, width, len(prefix), summarize)
    if t.dtype.name not in default_dtypes or (array.size == 0 and t.dtype.name != "float32"):
        suffixes.append(f"dtype={t.dtype!r}")
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, len(prefix)) + ")"


def _add_suffixes(text: str, suffixes, indent: int) -> str:
    """Append ``dtype=...`` etc., wrapping to a new line past the line width as torch does.

    Lengths are measured with torch's spelling ("torch.float64") so that lines
    break exactly where torch breaks them.
    """
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        size = len(suffix.replace("minigrad.", "torch."))
        if last_line + size + 2 > LINEWIDTH:
            text += ",\n" + " " * indent + suffix
            last_line = indent + size
        else:
            text += ", " + suffix
            last_line += size + 2
    return text
