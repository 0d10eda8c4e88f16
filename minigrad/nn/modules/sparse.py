"""``torch.nn.modules.sparse``: the embeddings (see ``_mirror``)."""
from ._mirror import mirror

__getattr__, __dir__ = mirror(__name__, [
    "Embedding", "EmbeddingBag"
])
