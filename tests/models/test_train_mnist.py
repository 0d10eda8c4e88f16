"""The seed models learn real MNIST with minigrad to torch-level accuracy.

Data: ``$MINIGRAD_DATA_ROOT/MNIST/raw/*.gz`` read with ``minigrad.vision``
(the tests skip when the variable is unset or the files are absent).
Batches are drawn with NumPy from the whole arrays (a fixed permutation per
epoch) to keep the run short; inputs are normalised with MNIST's mean 0.1307
and std 0.3081.

Each recipe lists the test accuracy PyTorch reached with the same recipe
(same architecture from ``bridge.models``, optimizer, batch size, data subset
and epochs; measured once on the development machine for seeds 0 and 1) and
the threshold asserted for minigrad, a little below torch's to absorb
seed-to-seed noise.  The whole file runs in about 4 minutes on two cores
(one thread): the MLPs train on all 60000 images, the CNNs and the LSTM on
subsets.
"""
import os
import time

import numpy as np
import pytest

import minigrad
import minigrad.nn
import minigrad.optim

from bridge.models import build

ROOT = os.environ.get("MINIGRAD_DATA_ROOT")
pytestmark = pytest.mark.skipif(
    not ROOT or not os.path.exists(os.path.join(ROOT, "MNIST", "raw",
                                                "train-images-idx3-ubyte.gz")),
    reason="real MNIST needed: set MINIGRAD_DATA_ROOT to a folder holding MNIST/raw/*.gz")

# model: (optimizer, lr, batch size, epochs, training images used,
#         torch test accuracy with this recipe for seeds 0 and 1, threshold for minigrad)
RECIPES = {
    "mlp": ("Adam", 1e-3, 64, 5, 60000, (0.9759, 0.9777), 0.97),
    "mlp2": ("Adam", 1e-3, 128, 2, 60000, (0.9699, 0.9735), 0.965),
    "quickstart": ("Adam", 1e-3, 128, 2, 60000, (0.9666, 0.9732), 0.96),
    "simplecnn": ("Adam", 1e-3, 64, 1, 15000, (0.9691, 0.9730), 0.96),
    "resnet": ("Adam", 1e-3, 64, 1, 20000, (0.9758, 0.9751), 0.96),
    # LSTM(28, 128) over the 28 rows of each image, then Linear(128, 10) (bridge.models)
    "lstm": ("Adam", 1e-3, 64, 1, 30000, (0.9469, 0.9521), 0.93),
}


@pytest.fixture(scope="module")
def mnist():
    from minigrad.vision import datasets

    def arrays(train):
        ds = datasets.MNIST(ROOT, train=train, download=False)
        x = (ds.data.numpy().astype(np.float32) / 255.0 - 0.1307) / 0.3081
        return x[:, None], ds.targets.numpy().astype(np.int64)
    return arrays(True) + arrays(False)


def train_and_test(name, mnist, seed=0):
    optimizer, lr, batch_size, epochs, n_train, _, _ = RECIPES[name]
    x_train, y_train, x_test, y_test = mnist
    minigrad.manual_seed(seed)
    model = build(name, minigrad.nn)
    opt = getattr(minigrad.optim, optimizer)(model.parameters(), lr=lr)
    loss_fn = minigrad.nn.CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    subset = rng.permutation(len(x_train))[:n_train]
    model.train()
    for _ in range(epochs):
        order = subset[rng.permutation(n_train)]
        for start in range(0, n_train, batch_size):
            idx = order[start:start + batch_size]
            opt.zero_grad()
            loss = loss_fn(model(minigrad.from_numpy(x_train[idx])),
                           minigrad.from_numpy(y_train[idx]))
            loss.backward()
            opt.step()
    model.eval()
    correct = 0
    with minigrad.no_grad():
        for start in range(0, len(x_test), 1000):
            logits = model(minigrad.from_numpy(x_test[start:start + 1000]))
            correct += int((logits.argmax(1).numpy() == y_test[start:start + 1000]).sum())
    return correct / len(x_test)


@pytest.mark.parametrize("name", list(RECIPES))
def test_seed_model_reaches_torch_level_accuracy(name, mnist):
    start = time.perf_counter()
    accuracy = train_and_test(name, mnist)
    threshold = RECIPES[name][-1]
    print(f"{name}: test accuracy {accuracy:.4f} in {time.perf_counter() - start:.1f} s")
    assert accuracy >= threshold, f"{name} reached {accuracy:.4f} < {threshold}"
