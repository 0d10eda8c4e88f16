"""Transforms against torchvision on the same arrays.

Geometric transforms are compared with torchvision's tensor path
(``transforms.functional.rotate`` / ``affine``), which samples with
``grid_sample``.  Nearest interpolation agrees pixel for pixel except where a
source point lies (within rounding noise) exactly halfway between two pixels,
e.g. on the diagonals at 45 degrees: there torchvision's choice follows the
rounding of its float32/float64 sampling grid, which is computed by a matrix
product whose rounding depends on the CPU (a BLAS kernel with or without fused
multiply-add), so it differs between machines.  minigrad computes the source
point in float64 and rounds half to even.  The tests compare exactly away from
those half-way points and check that at them both libraries pick one of the two
neighbours.  Bilinear agrees with
torchvision's zero-padded sampling everywhere; torchvision's ``fill`` blend
(``img * mask + (1 - mask) * fill``, applied after zero padding) counts the
outside twice in the one-pixel band along the border, minigrad's does not.
"""
import math

import numpy as np
import pytest
import torch

import minigrad
from minigrad.vision import transforms as T
from torch_compat import import_torchvision

tvT = import_torchvision().transforms        # skips this module if torchvision does not load
F = tvT.functional
TvMode = tvT.InterpolationMode


def digit_like(seed, size=(28, 28), channels=None):
    """A random uint8 image with an empty 4-pixel border, like an MNIST digit."""
    rng = np.random.default_rng(seed)
    shape = size if channels is None else size + (channels,)
    img = rng.integers(0, 256, shape, np.uint8)
    img[:4], img[-4:], img[:, :4], img[:, -4:] = 0, 0, 0, 0
    return img


@pytest.mark.parametrize("shape, dtype", [((28, 28), np.uint8), ((5, 7, 3), np.uint8),
                                          ((4, 6, 2), np.float64), ((3, 3), np.int32)])
def test_to_tensor_matches_torchvision(shape, dtype):
    array = (np.random.default_rng(0).random(shape) * 255).astype(dtype)
    ours, theirs = T.ToTensor()(array), tvT.ToTensor()(array)
    assert ours.dtype.name == str(theirs.dtype).split(".")[-1]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    from_tensor = T.ToTensor()(minigrad.tensor(array))
    np.testing.assert_array_equal(from_tensor.numpy(), theirs.numpy())


def test_to_tensor_errors_match_torchvision():
    for bad, error in ((np.zeros((1, 2, 3, 4), np.uint8), ValueError), ([1, 2], TypeError)):
        with pytest.raises(error) as theirs:
            tvT.ToTensor()(bad)
        with pytest.raises(error) as ours:
            T.ToTensor()(bad)
        assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, mean, std", [((1, 5, 5), (0.1307,), (0.3081,)),
                                              ((3, 4, 2), [0.5, 0.4, 0.3], [0.2, 0.25, 2.0]),
                                              ((6, 3, 4, 4), (0.1, 0.2, 0.3), (1.5, 1, 0.5))])
def test_normalize_matches_torchvision(dtype, shape, mean, std):
    array = np.random.default_rng(1).random(shape).astype(dtype)
    ours = T.Normalize(mean, std)(minigrad.tensor(array))
    theirs = tvT.Normalize(mean, std)(torch.tensor(array))
    assert ours.dtype.name == str(theirs.dtype).split(".")[-1]
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6 if dtype == np.float32
                               else 1e-12)
    x = minigrad.tensor(array)
    same = T.Normalize(mean, std, inplace=True)(x)
    assert same is x
    np.testing.assert_array_equal(x.numpy(), ours.numpy())


@pytest.mark.parametrize("value, kwargs, error", [
    (np.zeros((1, 2, 2)), {}, TypeError),
    ("int", {}, TypeError),
    ("2d", {}, ValueError),
    ("float", dict(std=(0.0,)), ValueError),
])
def test_normalize_errors_match_torchvision(value, kwargs, error):
    make = {"int": lambda m: m.zeros(1, 2, 2, dtype=m.int64),
            "2d": lambda m: m.zeros(2, 2), "float": lambda m: m.zeros(1, 2, 2)}
    args = dict(mean=(0.5,), std=(0.5,))
    args.update(kwargs)
    ours_in = make[value](minigrad) if isinstance(value, str) else value
    theirs_in = make[value](torch) if isinstance(value, str) else value
    with pytest.raises(error) as theirs:
        tvT.Normalize(**args)(theirs_in)
    with pytest.raises(error) as ours:
        T.Normalize(**args)(ours_in)
    assert str(ours.value) == str(theirs.value).replace("torch.", "minigrad.")


def test_compose_and_lambda_match_torchvision():
    img = digit_like(2)
    ours = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,)),
                      T.Lambda(lambda t: t * 2)])
    theirs = tvT.Compose([tvT.ToTensor(), tvT.Normalize((0.1307,), (0.3081,)),
                          tvT.Lambda(lambda t: t * 2)])
    np.testing.assert_array_equal(ours(img).numpy(), theirs(img).numpy())
    with pytest.raises(TypeError) as e_theirs:
        tvT.Lambda(3)
    with pytest.raises(TypeError) as e_ours:
        T.Lambda(3)
    assert str(e_ours.value) == str(e_theirs.value)


@pytest.mark.parametrize("make", [
    lambda t: t.Compose([t.ToTensor(), t.Normalize((0.1307,), (0.3081,))]),
    lambda t: t.Compose([t.Lambda(abs), t.Compose([t.ToTensor()])]),
    lambda t: t.Normalize([0.5, 0.5], [0.2, 0.2], inplace=True),
    lambda t: t.RandomRotation(30),
    lambda t: t.RandomRotation((10, 20.5), fill=1, center=(3, 4)),
    lambda t: t.RandomRotation(5, interpolation=t.InterpolationMode.BILINEAR, fill=None),
    lambda t: t.RandomAffine(0),
    lambda t: t.RandomAffine(30, translate=(0.1, 0.1), scale=(0.9, 1.1), shear=10),
    lambda t: t.RandomAffine((-5, 15), shear=(1, 2, 3, 4), fill=3, center=(1, 1),
                             interpolation=t.InterpolationMode.BILINEAR),
])
def test_repr_matches_torchvision(make):
    assert repr(make(T)) == repr(make(tvT))


@pytest.mark.parametrize("kwargs", [dict(degrees=-3), dict(degrees=0, translate=(0.1, 2)),
                                    dict(degrees=0, scale=(0, 1)),
                                    dict(degrees=0, shear=(1, 2, 3))])
def test_affine_argument_errors_match_torchvision(kwargs):
    with pytest.raises(ValueError) as theirs:
        tvT.RandomAffine(**kwargs)
    with pytest.raises(ValueError) as ours:
        T.RandomAffine(**kwargs)
    assert str(ours.value) == str(theirs.value)


def nearest_candidates(angle, height, width, tolerance=1e-4):
    """For a rotation about the centre: which input pixels nearest sampling may read.

    Returns ``(rows, cols, tie)``: two candidate (row, column) index arrays of shape
    (2, H, W) and the mask of output pixels whose source point lies within
    ``tolerance`` of half-way between pixels (along either axis).  Away from
    those, both candidates are the one nearest pixel; at them, either of the two
    neighbours is a faithful answer.
    """
    turn = math.radians(-angle)                  # the inverse map turns back
    ys, xs = np.meshgrid(np.arange(height) + 0.5 - height / 2,
                         np.arange(width) + 0.5 - width / 2, indexing="ij")
    src_x = math.cos(turn) * xs + math.sin(turn) * ys + width / 2 - 0.5
    src_y = -math.sin(turn) * xs + math.cos(turn) * ys + height / 2 - 0.5
    candidates, tie = [], np.zeros((height, width), bool)
    for src in (src_y, src_x):
        near_tie = np.abs(src - np.floor(src) - 0.5) < tolerance
        nearest = np.floor(src + 0.5)
        low = np.where(near_tie, np.floor(src), nearest).astype(np.int64)
        high = np.where(near_tie, np.floor(src) + 1, nearest).astype(np.int64)
        candidates.append(np.stack([low, high]))
        tie |= near_tie
    return candidates[0], candidates[1], tie


def assert_nearest_rotation_like_torchvision(ours, theirs, images, angle, fill=0.0):
    """Equal away from half-way source points; at them, each picks one of the two neighbours.

    ``images``, ``ours`` and ``theirs`` are (N, H, W).
    """
    height, width = images.shape[-2:]
    rows, cols, tie = nearest_candidates(angle, height, width)
    np.testing.assert_array_equal(ours[:, ~tie], theirs[:, ~tie])
    assert tie.mean() < 0.1                          # the exact comparison covers most pixels
    allowed = []
    for r in rows:
        for c in cols:
            inside = (r >= 0) & (r < height) & (c >= 0) & (c < width)
            picked = images[:, np.clip(r, 0, height - 1), np.clip(c, 0, width - 1)]
            allowed.append(np.where(inside, picked, fill))
    allowed = np.stack(allowed)                      # (4, N, H, W)
    for result in (ours, theirs):
        assert (allowed == result[None]).any(0)[:, tie].all()


@pytest.mark.parametrize("angle", [30, -45, 90, 13.7, 180])
def test_rotation_nearest_matches_torchvision_exactly_on_digits(angle):
    imgs = np.stack([digit_like(seed) for seed in range(4)])
    ours = np.stack([T.RandomRotation((angle, angle))(img) for img in imgs])
    assert ours.dtype == np.uint8 and ours.shape == imgs.shape
    theirs = F.rotate(torch.from_numpy(imgs)[:, None], angle, fill=[0.0]).numpy()[:, 0]
    assert_nearest_rotation_like_torchvision(ours, theirs, imgs, angle)
    floats = imgs[:, None] / 255.0
    as_tensor = T.RandomRotation((angle, angle))(minigrad.tensor(floats))
    assert as_tensor.dtype is minigrad.float64 and as_tensor.shape == floats.shape
    reference = F.rotate(torch.tensor(floats), angle, fill=[0.0])
    assert_nearest_rotation_like_torchvision(as_tensor.numpy()[:, 0], reference.numpy()[:, 0],
                                             floats[:, 0], angle)


@pytest.mark.parametrize("angle, size", [(30, (17, 23)), (-72.5, (20, 20)), (3, (9, 31))])
@pytest.mark.parametrize("fill", [0, 7])
def test_rotation_nearest_on_full_images_differs_only_at_ties(angle, size, fill):
    img = np.random.default_rng(3).integers(0, 256, size + (3,), np.uint8)
    ours = T.RandomRotation((angle, angle), fill=fill)(img)
    theirs = F.rotate(torch.from_numpy(img).permute(2, 0, 1), angle,
                      fill=[float(fill)] * 3).permute(1, 2, 0).numpy()
    assert ours.shape == img.shape
    assert_nearest_rotation_like_torchvision(ours.transpose(2, 0, 1), theirs.transpose(2, 0, 1),
                                             img.transpose(2, 0, 1), angle, fill)
    assert (ours == fill).any()                          # corners come from the fill value


@pytest.mark.parametrize("angle", [17.0, -60.0])
def test_rotation_bilinear_matches_zero_padded_sampling(angle):
    img = np.random.default_rng(4).random((2, 15, 18)).astype(np.float32)
    ours = T.RandomRotation((angle, angle), interpolation="bilinear")(minigrad.tensor(img))
    theirs = F.rotate(torch.tensor(img), angle, interpolation=TvMode.BILINEAR, fill=None)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-5)
    with_fill = F.rotate(torch.tensor(img), angle, interpolation=TvMode.BILINEAR,
                         fill=[0.0, 0.0]).numpy()
    assert np.isclose(ours.numpy(), with_fill, atol=1e-5).mean() > 0.85  # border band differs


@pytest.mark.parametrize("seed", range(4))
def test_random_affine_matches_torchvision_with_the_same_parameters(seed):
    imgs = np.stack([digit_like(s) for s in range(3)])[:, None]
    transform = T.RandomAffine(25, translate=(0.15, 0.1), scale=(0.7, 1.3), shear=(-8, 8, -4, 4))
    minigrad.manual_seed(seed)
    ours = transform(minigrad.tensor(imgs))
    minigrad.manual_seed(seed)
    params = T.RandomAffine.get_params(transform.degrees, transform.translate,
                                       transform.scale, transform.shear, [28, 28])
    theirs = F.affine(torch.from_numpy(imgs), *params, fill=[0.0]).numpy()
    assert (ours.numpy() == theirs).mean() > 0.995
    assert ours.dtype is minigrad.uint8


def test_random_transforms_follow_manual_seed():
    img = digit_like(5)
    for transform in (T.RandomRotation(40), T.RandomAffine(20, translate=(0.2, 0.2))):
        minigrad.manual_seed(1)
        a = transform(img)
        minigrad.manual_seed(1)
        b = transform(img)
        c = transform(img)
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(b, c)
    with pytest.raises(NotImplementedError):
        T.RandomRotation(10, expand=True)
