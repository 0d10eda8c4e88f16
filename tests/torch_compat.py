"""Which torch is installed, and what the tests may ask of it.

minigrad mirrors one torch release (``minigrad.MIRRORED_TORCH``); the suite also runs
against older torch releases that pyproject admits.  Where torch changed behaviour between
those releases, a test asserts the mirrored release's behaviour (written out in the test)
and compares with the installed torch only when that torch is at least the release that
introduced the behaviour::

    if torch_at_least("2.14"):            # clamp's boundary gradient became 0 in 2.14
        assert ours == theirs

    @requires_torch("2.12", "GroupNorm takes bias= since torch 2.12")
    def test_only_meaningful_with_a_new_torch(): ...

A test never fails just because the installed torch is older.  torchvision is imported
through :func:`import_torchvision`, which skips (instead of erroring) when the installed
torchvision does not load with the installed torch.
"""
from __future__ import annotations

import contextlib
import functools
import re
from typing import Callable, NamedTuple

import pytest
import torch

import minigrad


def release(version: str) -> tuple[int, int]:
    """``"2.13.0+cpu"`` -> ``(2, 13)``."""
    match = re.match(r"(\d+)\.(\d+)", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return int(match.group(1)), int(match.group(2))


INSTALLED = release(torch.__version__)
MIRRORED = release(minigrad.MIRRORED_TORCH)


def torch_at_least(version: str) -> bool:
    """True when the installed torch is release ``version`` or newer."""
    return INSTALLED >= release(version)


@contextlib.contextmanager
def as_mirrored_torch():
    """A comparison with the installed torch that must hold for the mirrored release.  On an
    older torch a failure inside skips instead (that torch may answer differently); the
    mirrored release checks it in full."""
    if INSTALLED >= MIRRORED:
        yield
        return
    try:
        yield
    except (Exception, pytest.fail.Exception) as error:
        pytest.skip(f"torch {torch.__version__} answers differently from the mirrored "
                    f"release: {str(error).splitlines()[0][:200]}")


def requires_torch(version: str, reason: str):
    """Skip a test (or a parametrize case) on torch older than ``version``, saying why."""
    return pytest.mark.skipif(
        not torch_at_least(version),
        reason=f"needs torch >= {version} (installed {torch.__version__}): {reason}")


# names minigrad mirrors that an admitted older torch lacks, with the release that has them
# (torch 2.11 has none of these; 2.12 could not be tested, 2.13 has them all)
NEW_NAMES = {"LinearCrossEntropyLoss": "2.13", "LinearCrossEntropyOptions": "2.13",
             "linear_cross_entropy": "2.13"}


def torch_has(name: str) -> bool:
    """False for a name in :data:`NEW_NAMES` when the installed torch predates it."""
    return torch_at_least(NEW_NAMES.get(name, "0.0"))


def requires_name(name: str):
    """Skip a test (or case) that needs torch's ``name`` when the installed torch lacks it."""
    return requires_torch(NEW_NAMES.get(name, "0.0"),
                          f"torch {torch.__version__} has no {name}")


class Changed(NamedTuple):
    """An error case (a list entry of an error test) whose message torch changed in release
    ``since``; ``message`` is the mirrored release's, written out.  With an older torch the
    case still runs on minigrad and must give ``message``."""
    since: str
    message: str
    case: Callable


def expected_message(case, torch_message: str) -> str:
    """The message minigrad must give for ``case`` (plain or :class:`Changed`), given the
    installed torch's."""
    if isinstance(case, Changed):
        if INSTALLED == MIRRORED:            # the written-out message is the mirrored one
            assert torch_message == case.message, (torch_message, case.message)
        if not torch_at_least(case.since):
            return case.message
    return torch_message


def case_function(case) -> Callable:
    """The callable of an error case, plain or :class:`Changed`."""
    return case.case if isinstance(case, Changed) else case


def comparable_repr(text: str) -> str:
    """minigrad's printed ``text`` in the form the installed torch prints.

    torch 2.12 added ``bias=`` to the printout of the normalization layers (BatchNorm,
    InstanceNorm, GroupNorm, LayerNorm), after ``affine=`` / ``elementwise_affine=``; older
    torch leaves it out, so it is dropped here for them.  The tests that print norm layers
    also check minigrad's full text against torch 2.14's, written out.
    """
    if torch_at_least("2.12"):
        return text
    return re.sub(r"(affine=(?:True|False)), bias=(?:True|False)", r"\1", text)


@functools.lru_cache(maxsize=None)
def torchvision_error() -> str | None:
    """Why torchvision cannot be used with the installed torch, or None when it can."""
    try:
        import torchvision                                    # noqa: F401
        import torchvision.transforms.functional              # noqa: F401
    except Exception as error:       # e.g. "operator torchvision::nms does not exist"
        return f"torchvision does not load with torch {torch.__version__}: {error}"
    return None


def import_torchvision():
    """The torchvision module, or skip the calling test (or module) with the reason."""
    error = torchvision_error()
    if error is not None:
        pytest.skip(error, allow_module_level=True)
    import torchvision
    return torchvision
