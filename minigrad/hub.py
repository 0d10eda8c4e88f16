"""``torch.hub``: downloading models and weights is not supported (no network access).

``get_dir`` / ``set_dir`` work (the cache folder is ``$TORCH_HOME/hub``, default
``~/.cache/torch/hub``); loading from a repository or a URL raises NotImplementedError.
"""
from __future__ import annotations

import os

_hub_dir: str | None = None


def get_dir() -> str:
    if _hub_dir is not None:
        return _hub_dir
    home = os.path.expanduser(os.getenv("TORCH_HOME", os.path.join(
        os.getenv("XDG_CACHE_HOME", "~/.cache"), "torch")))
    return os.path.join(home, "hub")


def set_dir(d) -> None:
    global _hub_dir
    _hub_dir = os.path.expanduser(os.fspath(d))


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.hub.{name}: minigrad does not download models or "
                                  "pretrained weights; save and load checkpoints with "
                                  "minigrad.save / minigrad.load")
    refuse.__name__ = name
    return refuse


load = _refuse("load")
list = _refuse("list")  # noqa: A001  (torch's name)
help = _refuse("help")  # noqa: A001
load_state_dict_from_url = _refuse("load_state_dict_from_url")
download_url_to_file = _refuse("download_url_to_file")

__all__ = ["download_url_to_file", "get_dir", "help", "list", "load",
           "load_state_dict_from_url", "set_dir"]
