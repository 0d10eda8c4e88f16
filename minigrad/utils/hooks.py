"""``torch.utils.hooks``: the handle that hook registrations return."""
from ..nn.module import _RemovableHandle as RemovableHandle

__all__ = ["RemovableHandle"]
