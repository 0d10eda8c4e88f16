"""The tutorial models, written once for any ``nn`` namespace.

``build(name, minigrad.nn)`` and ``build(name, torch.nn)`` construct twins:
the same classes, module names and parameter shapes, so their
``state_dict`` keys match by construction.  Each model is a function of the
``nn`` module that defines its classes on the fly.

Image models (``MODELS``; the text model is in ``TEXT_MODELS``, ``all_models()`` has both):

* ``mlp``        Flatten - Linear(784, 256) - ReLU - Linear(256, 10)
* ``mlp2``       Flatten - Linear(784, 500) - ReLU - Linear(500, 256) - ReLU - Linear(256, 10)
* ``quickstart`` the PyTorch quickstart ``NeuralNetwork`` (784-512-512-10 with
  ``self.flatten`` and ``self.linear_relu_stack``)
* ``simplecnn``  ``SimpleCNN``: Conv2d(1, 32, 3, padding=1) - ReLU - MaxPool2d(2) -
  Conv2d(32, 64, 3, padding=1) - ReLU - MaxPool2d(2) - Flatten -
  Linear(64 * 7 * 7, 128) - ReLU - Dropout(0.25) - Linear(128, 10).
  Dropout p=0.25 sits before the classifier, as in the classic Keras/PyTorch
  MNIST examples; the lock-step runner feeds both engines the same mask.
* ``resnet``     ``NetWithResBlock``: Conv2d(1, 16, 3, padding=1, bias=False) -
  BatchNorm2d - ReLU - ``ResBlock(16)`` (conv-bn-relu-conv-bn plus the skip,
  then ReLU) - MaxPool2d(2) - Flatten - Linear(16 * (s/2)^2, 10).

Recurrent models:

* ``lstm``       ``RowLSTM``: reads an image as a sequence, one row of pixels per time
  step (28 steps of 28 pixels for MNIST): LSTM(28, 128, batch_first=True), then
  Linear(128, 10) on the output of the last step.
* ``lstm_lm``    ``WordLSTM``: a word-level language model, Embedding(vocabulary, 32) -
  LSTM(32, 64, num_layers=2, dropout=0.2, batch_first=True) - Linear(64, vocabulary),
  trained on the bundled text (``bridge/texts/lighthouse.txt``, see
  ``bridge.data.load_text``) to predict every next word.  It returns logits shaped
  (N, vocabulary, T), which ``CrossEntropyLoss`` takes with targets (N, T).  The
  dropout between the LSTM layers draws its masks from the lock-step runner's shared
  source, like ``nn.Dropout`` (``bridge.twin.install_shared_dropout``).

Small inputs: every image model takes ``image_size`` (the side of the square,
single-channel image; 28 by default).  The fully connected input size is
derived from it (``image_size ** 2`` for the MLPs, ``64 * (s // 4) ** 2`` for
SimpleCNN, ``16 * (s // 2) ** 2`` for the ResBlock net).  The main job feeds
scikit-learn's 8x8 digits upsampled to 28x28 (see ``bridge.data``), so the
default models are exactly the tutorial ones; ``image_size=8`` gives
digits-sized variants for very fast tests.
"""
from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

NUM_CLASSES = 10


def _mlp(nn, image_size: int = 28):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(image_size * image_size, 256),
        nn.ReLU(),
        nn.Linear(256, NUM_CLASSES),
    )


def _mlp2(nn, image_size: int = 28):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(image_size * image_size, 500),
        nn.ReLU(),
        nn.Linear(500, 256),
        nn.ReLU(),
        nn.Linear(256, NUM_CLASSES),
    )


def _quickstart(nn, image_size: int = 28):
    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(image_size * image_size, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, NUM_CLASSES),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    return NeuralNetwork()


def _simplecnn(nn, image_size: int = 28, dropout: float = 0.25):
    side = image_size // 4          # two 2x2 max-pools

    class SimpleCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 32, kernel_size=3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.Conv2d(32, 64, kernel_size=3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
            )
            self.classifier = nn.Sequential(
                nn.Flatten(),
                nn.Linear(64 * side * side, 128),
                nn.ReLU(),
                nn.Dropout(dropout),
                nn.Linear(128, NUM_CLASSES),
            )

        def forward(self, x):
            return self.classifier(self.features(x))

    return SimpleCNN()


def _resnet(nn, image_size: int = 28, channels: int = 16):
    side = image_size // 2

    class ResBlock(nn.Module):
        """conv-bn-relu-conv-bn, plus the input (the skip), then ReLU."""

        def __init__(self, channels: int):
            super().__init__()
            self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(channels)
            self.relu = nn.ReLU()
            self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(channels)

        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            return self.relu(out + x)

    class NetWithResBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, channels, 3, padding=1, bias=False)
            self.bn = nn.BatchNorm2d(channels)
            self.relu = nn.ReLU()
            self.block = ResBlock(channels)
            self.pool = nn.MaxPool2d(2)
            self.flatten = nn.Flatten()
            self.fc = nn.Linear(channels * side * side, NUM_CLASSES)

        def forward(self, x):
            x = self.relu(self.bn(self.conv(x)))
            x = self.pool(self.block(x))
            return self.fc(self.flatten(x))

    return NetWithResBlock()


def _lstm(nn, image_size: int = 28, hidden: int = 128, cell: str = "LSTM", **options):
    """``options`` (num_layers, bidirectional, proj_size...) and ``cell`` ('GRU', 'RNN') give
    variants for tests; the defaults are the model of the benchmark and the seed test."""
    width = (2 if options.get("bidirectional") else 1) * (options.get("proj_size") or hidden)

    class RowLSTM(nn.Module):
        """An image read row by row: image_size time steps of image_size pixels."""

        def __init__(self):
            super().__init__()
            self.lstm = getattr(nn, cell)(image_size, hidden, batch_first=True, **options)
            self.fc = nn.Linear(width, NUM_CLASSES)

        def forward(self, x):
            rows = x.reshape(x.shape[0], image_size, image_size)   # (N, 1, H, W) -> (N, H, W)
            out, _ = self.lstm(rows)
            return self.fc(out[:, -1])                             # the last step's output

    return RowLSTM()


def _lstm_lm(nn, vocab_size: Optional[int] = None, embed: int = 32, hidden: int = 64,
             num_layers: int = 2, dropout: float = 0.2):
    if vocab_size is None:
        from .data import text_vocabulary
        vocab_size = len(text_vocabulary())

    class WordLSTM(nn.Module):
        """Predicts every next word of a sequence of word indices."""

        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embed)
            self.lstm = nn.LSTM(embed, hidden, num_layers=num_layers, dropout=dropout,
                                batch_first=True)
            self.decoder = nn.Linear(hidden, vocab_size)

        def forward(self, tokens):
            out, _ = self.lstm(self.embedding(tokens))            # (N, T, hidden)
            return self.decoder(out).transpose(1, 2)              # (N, vocabulary, T)

    return WordLSTM()


MODELS: Dict[str, Callable] = {
    "mlp": _mlp,
    "mlp2": _mlp2,
    "quickstart": _quickstart,
    "simplecnn": _simplecnn,
    "resnet": _resnet,
    "lstm": _lstm,
}

# models of word sequences (the bundled text), kept apart from the image models above
TEXT_MODELS: Dict[str, Callable] = {
    "lstm_lm": _lstm_lm,
}


def all_models() -> Dict[str, Callable]:
    """Every model by name: the image models, then the text models."""
    return {**MODELS, **TEXT_MODELS}


def build(name: str, nn, **kwargs):
    """Construct model ``name`` from the classes of ``nn`` (``minigrad.nn`` or ``torch.nn``).

    ``kwargs`` (``image_size``, ``dropout``, ``channels``, ``hidden``...) select variants.
    """
    models = all_models()
    if name not in models:
        raise ValueError(f"unknown model '{name}'; choose one of {sorted(models)}")
    return models[name](nn, **kwargs)


def input_shape(name: str, image_size: int = 28) -> Tuple[int, ...]:
    """Shape of one input sample (without the batch dimension): (1, side, side) for image
    models, (sequence length,) of word indices for the language model."""
    if name not in all_models():
        raise ValueError(f"unknown model '{name}'; choose one of {sorted(all_models())}")
    if name in TEXT_MODELS:
        from .data import TEXT_STEPS
        return (TEXT_STEPS,)
    return (1, image_size, image_size)


def default_dataset(name: str) -> str:
    """The dataset a model trains on when none is named: digits, or the text for the LM."""
    return "text" if name in TEXT_MODELS else "digits"


def build_pair(name: str, **kwargs):
    """A (minigrad model, torch model) pair built from the same definition."""
    import minigrad.nn
    import torch.nn
    return build(name, minigrad.nn, **kwargs), build(name, torch.nn, **kwargs)
