"""Image utilities and geometry transforms against torchvision (tensors) and PIL (pictures).

make_grid is compared with torchvision.utils.make_grid; save_image's PNG is decoded
with PIL (a real decoder) and compared pixel by pixel with torchvision's file; the
transforms are compared with torchvision's on tensors, and on the uint8 arrays that
minigrad uses for PIL images with torchvision on the same picture as a PIL image.
"""
import io
import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from torch_compat import import_torchvision

import minigrad
from minigrad.vision import datasets, transforms as MT, utils as mutils
from minigrad.vision.transforms import functional as MF

torchvision = import_torchvision()          # skips this file when it does not load with torch
TT, TF = torchvision.transforms, torchvision.transforms.functional
Image = pytest.importorskip("PIL.Image", reason="PIL (a torchvision dependency) decodes PNGs")


def pair(array):
    return minigrad.tensor(array), torch.from_numpy(array.copy())


def assert_same_image(mg, th, atol=0.0):
    assert isinstance(mg, minigrad.Tensor)
    got, expected = mg.numpy(), th.numpy()
    assert got.shape == expected.shape and got.dtype == expected.dtype
    if atol == 0.0:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=0, atol=atol)


# -- make_grid and save_image -------------------------------------------------------------
@st.composite
def grid_case(draw):
    batch = draw(st.integers(1, 11))
    channels = draw(st.sampled_from([1, 3, 4]))
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    seed = draw(st.integers(0, 1000))
    images = np.random.default_rng(seed).uniform(-0.5, 1.5, (batch, channels, h, w))
    kwargs = dict(nrow=draw(st.integers(1, 6)), padding=draw(st.integers(0, 3)),
                  normalize=draw(st.booleans()), scale_each=draw(st.booleans()),
                  pad_value=draw(st.sampled_from([0.0, 1.0, 0.25])))
    if draw(st.booleans()):
        kwargs["value_range"] = (draw(st.sampled_from([-0.5, 0.0])),
                                 draw(st.sampled_from([0.5, 1.0])))
    return images.astype(draw(st.sampled_from([np.float32, np.float64]))), kwargs


@settings(max_examples=40)
@given(grid_case(), st.sampled_from(["batch", "list", "single"]))
def test_make_grid_equals_torchvision(case, form):
    images, kwargs = case
    if form == "single":
        images = images[0]
    mg, th = pair(images)
    if form == "list":
        mg, th = list(mg.unbind(0)), list(th.unbind(0))
    assert_same_image(mutils.make_grid(mg, **kwargs), torchvision.utils.make_grid(th, **kwargs))


def test_make_grid_of_a_2d_image_and_bad_input():
    mg, th = pair(np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4))
    assert_same_image(mutils.make_grid(mg), torchvision.utils.make_grid(th))
    for bad in (np.zeros((2, 2)), [minigrad.zeros(3, 2, 2), 5]):
        with pytest.raises(TypeError, match="tensor or list of tensors expected"):
            mutils.make_grid(bad)
    with pytest.raises(TypeError, match="value_range has to be a tuple"):
        mutils.make_grid(minigrad.zeros(2, 3, 2, 2), normalize=True, value_range=[0, 1])


def decode(source):
    with Image.open(source) as image:
        image.load()
        return image.mode, np.asarray(image)


@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("kwargs", [{}, dict(nrow=3, padding=1, normalize=True),
                                    dict(pad_value=1.0, padding=4)])
def test_save_image_writes_the_png_torchvision_writes(tmp_path, channels, kwargs):
    rng = np.random.default_rng(channels)
    images = rng.uniform(-0.2, 1.2, (5, channels, 7, 6)).astype(np.float32)
    images[0, 0, 0, :3] = [0.0, 1.0, 0.5 / 255]       # the rounding edges
    mg, th = pair(images)
    mutils.save_image(mg, tmp_path / "mg.png", **kwargs)
    torchvision.utils.save_image(th, tmp_path / "tv.png", **kwargs)
    got_mode, got = decode(tmp_path / "mg.png")
    expected_mode, expected = decode(tmp_path / "tv.png")
    assert got_mode == expected_mode == ("RGBA" if channels == 4 else "RGB")
    np.testing.assert_array_equal(got, expected)


def test_save_image_to_a_file_object_and_a_single_image(tmp_path):
    image = np.random.default_rng(0).random((3, 5, 4)).astype(np.float32)
    mg, th = pair(image)
    buffer = io.BytesIO()
    mutils.save_image(mg, buffer, format="png")
    torchvision.utils.save_image(th, tmp_path / "tv.png")
    np.testing.assert_array_equal(decode(io.BytesIO(buffer.getvalue()))[1],
                                  decode(tmp_path / "tv.png")[1])


def test_save_image_refuses_other_formats(tmp_path):
    with pytest.raises(ValueError, match="writes PNG only"):
        mutils.save_image(minigrad.zeros(3, 2, 2), tmp_path / "out.jpg")
    with pytest.raises(ValueError, match="writes PNG only"):
        mutils.save_image(minigrad.zeros(3, 2, 2), io.BytesIO(), format="jpeg")


def test_png_encoder_gray_and_large_images():
    gray = np.random.default_rng(1).integers(0, 256, (300, 257), dtype=np.uint8)
    mode, decoded = decode(io.BytesIO(mutils.encode_png(gray)))
    assert mode == "L"
    np.testing.assert_array_equal(decoded, gray)
    with pytest.raises(TypeError, match="Cannot handle this data type"):
        mutils.encode_png(np.zeros((2, 2, 2), np.uint8))


# -- geometry on tensors --------------------------------------------------------------------
def image(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == np.uint8:
        return rng.integers(0, 256, shape).astype(np.uint8)
    return rng.uniform(0, 1, shape).astype(dtype)


@st.composite
def resize_case(draw):
    h, w = draw(st.integers(1, 30)), draw(st.integers(1, 30))
    if draw(st.booleans()):
        size = [draw(st.integers(1, 40)), draw(st.integers(1, 40))]
        max_size = None
    else:
        size = draw(st.integers(1, 30))
        max_size = draw(st.sampled_from([None, size + 7]))
    mode = draw(st.sampled_from(["bilinear", "bilinear", "nearest", "nearest-exact", "bicubic"]))
    return (draw(st.sampled_from([1, 3])), h, w), size, max_size, mode, draw(st.booleans())


TOLERANCE = {np.float64: 1e-12, np.float32: 2e-6}


@settings(max_examples=60)
@given(resize_case(), st.sampled_from([np.float32, np.float64, np.uint8]),
       st.sampled_from([(), (2,)]))
def test_resize_matches_torchvision(case, dtype, batch):
    shape, size, max_size, mode, antialias = case
    mg, th = pair(image(batch + shape, dtype))
    args = dict(interpolation=TT.InterpolationMode(mode), max_size=max_size,
                antialias=antialias)
    m_resize = MT.Resize(size, interpolation=MF.InterpolationMode(mode), max_size=max_size,
                         antialias=antialias)
    try:
        expected = TT.Resize(size, **args)(th)
    except RuntimeError as error:                     # an output size of 0
        with pytest.raises(RuntimeError, match=re.escape(str(error))):
            m_resize(mg)
        return
    if antialias and mode in ("bilinear", "bicubic") and shape[2] == 1 and \
            expected.shape[-1] == 1 and expected.shape[-2] != shape[1]:
        # torch's antialiasing kernel mishandles a column image (width 1 in and out): every
        # output row repeats one value; minigrad resizes the column (see the README)
        return
    got = m_resize(mg)
    if dtype == np.uint8:
        # integer images: resized in float32 and rounded; a value within a rounding error
        # of .5 may round the other way (torch's kernels use fused multiply-adds)
        assert got.shape == tuple(expected.shape) and got.dtype == minigrad.uint8
        diff = np.abs(got.numpy().astype(int) - expected.numpy().astype(int))
        assert diff.max() <= 1 and (diff == 0).mean() >= 0.97
        if mode != "bicubic":
            assert (diff == 0).mean() >= 0.995
    else:
        assert_same_image(got, expected, atol=TOLERANCE[dtype] * (4 if mode == "bicubic" else 1))


def test_default_bilinear_antialiased_resize_gives_torchs_bytes():
    """The default (bilinear, antialias) on uint8 images: torch's bytes, except where a value
    within float32 rounding of .5 rounds the other way (torch sums with fused multiply-adds
    in an order NumPy cannot reproduce exactly)."""
    mg, th = pair(image((3, 64, 48), np.uint8, seed=5))
    for size in (17, [20, 31], 50, [64, 12], [100, 90]):
        got, expected = MT.Resize(size)(mg).numpy(), TT.Resize(size)(th).numpy()
        assert got.shape == expected.shape
        diff = np.abs(got.astype(int) - expected.astype(int))
        assert diff.max() <= 1 and (diff == 0).mean() >= 0.998, (size, (diff != 0).sum())


def test_resize_errors_and_repr():
    for size in (2.5, [1, 2, 3]):
        with pytest.raises((TypeError, ValueError)) as expected:
            TT.Resize(size)
        with pytest.raises(type(expected.value), match=str(expected.value)):
            MT.Resize(size)
    with pytest.raises(ValueError, match="must be strictly greater"):
        MT.Resize(10, max_size=8)(minigrad.zeros(1, 4, 5))
    for t_mod, m_mod in ((TT, MT),):
        assert repr(m_mod.Resize(5)) == repr(t_mod.Resize(5))
        assert repr(m_mod.Resize([3, 4], interpolation=m_mod.InterpolationMode.NEAREST,
                                 antialias=False)) == \
            repr(t_mod.Resize([3, 4], interpolation=t_mod.InterpolationMode.NEAREST,
                              antialias=False))


CROP_SIZES = [4, (3, 5), [6], (9, 2), (12, 11)]


@pytest.mark.parametrize("size", CROP_SIZES)
@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_center_crop_matches_torchvision(size, dtype):
    for shape in [(3, 8, 7), (1, 7, 8), (2, 3, 5, 6)]:
        mg, th = pair(image(shape, dtype))
        assert_same_image(MT.CenterCrop(size)(mg), TT.CenterCrop(size)(th))
    assert repr(MT.CenterCrop(size)) == repr(TT.CenterCrop(size))


@pytest.mark.parametrize("padding", [2, [1, 3], (0, 1, 2, 3), [-1, 2], (2, -1, 0, 1)])
@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric"])
def test_pad_matches_torchvision(padding, mode):
    for shape, dtype in [((3, 6, 5), np.float32), ((2, 1, 5, 6), np.uint8)]:
        mg, th = pair(image(shape, dtype))
        fill = 7 if dtype == np.uint8 else 0.5
        assert_same_image(MT.Pad(padding, fill, mode)(mg), TT.Pad(padding, fill, mode)(th))
    assert repr(MT.Pad(padding, 1, mode)) == repr(TT.Pad(padding, 1, mode))


@pytest.mark.parametrize("box", [(1, 2, 3, 4), (-2, 1, 5, 3), (3, -1, 6, 9), (0, 0, 8, 7)])
def test_crop_matches_torchvision_also_outside_the_image(box):
    mg, th = pair(image((3, 6, 5), np.float32))
    assert_same_image(MF.crop(mg, *box), TF.crop(th, *box))


def test_flips_match_torchvision():
    mg, th = pair(image((2, 3, 4, 5), np.uint8))
    assert_same_image(MF.hflip(mg), TF.hflip(th))
    assert_same_image(MF.vflip(mg), TF.vflip(th))
    for p in (0.0, 1.0):
        assert_same_image(MT.RandomHorizontalFlip(p)(mg), TT.RandomHorizontalFlip(p)(th))
        assert_same_image(MT.RandomVerticalFlip(p)(mg), TT.RandomVerticalFlip(p)(th))
    assert repr(MT.RandomHorizontalFlip(0.3)) == repr(TT.RandomHorizontalFlip(0.3))
    assert repr(MT.RandomVerticalFlip()) == repr(TT.RandomVerticalFlip())


def test_random_flips_flip_about_half_the_time_and_follow_the_seed():
    img = minigrad.tensor(image((1, 2, 3), np.float32))
    flipped = MF.hflip(img).numpy()
    minigrad.manual_seed(3)
    outcomes = [np.array_equal(MT.RandomHorizontalFlip()(img).numpy(), flipped)
                for _ in range(400)]
    assert 150 < sum(outcomes) < 250
    minigrad.manual_seed(3)
    again = [np.array_equal(MT.RandomHorizontalFlip()(img).numpy(), flipped)
             for _ in range(400)]
    assert again == outcomes


def test_random_crop_is_torchvision_crop_at_the_drawn_place():
    mg, th = pair(image((3, 10, 9), np.float32))
    minigrad.manual_seed(0)
    seen = set()
    for _ in range(30):
        top, left, h, w = MT.RandomCrop.get_params(mg, (4, 5))
        assert 0 <= top <= 6 and 0 <= left <= 4 and (h, w) == (4, 5)
        seen.add((top, left))
    assert len(seen) > 5
    for kwargs in [dict(padding=2), dict(padding=[1, 2], padding_mode="reflect"),
                   dict(pad_if_needed=True, fill=0.5)]:
        size = (12, 11) if kwargs.get("pad_if_needed") else (4, 5)
        minigrad.manual_seed(7)
        got = MT.RandomCrop(size, **kwargs)(mg)
        minigrad.manual_seed(7)
        padded = mg
        if "padding" in kwargs:
            padded = MF.pad(mg, kwargs["padding"], 0, kwargs.get("padding_mode", "constant"))
        if kwargs.get("pad_if_needed"):
            padded = MF.pad(MF.pad(mg, [2, 0], 0.5), [0, 2], 0.5)
        top, left, h, w = MT.RandomCrop.get_params(padded, size)
        th_padded = torch.from_numpy(padded.numpy().copy())
        assert_same_image(got, TF.crop(th_padded, top, left, h, w))
    with pytest.raises(ValueError, match=r"Required crop size \(11, 3\) is larger"):
        MT.RandomCrop((11, 3))(mg)
    assert repr(MT.RandomCrop(4, padding=1)) == repr(TT.RandomCrop(4, padding=1))


def test_random_resized_crop_is_torchvision_resized_crop_at_the_drawn_window():
    mg, th = pair(image((3, 40, 30), np.uint8))
    transform = MT.RandomResizedCrop(16, scale=(0.2, 0.9))
    for seed in range(5):
        minigrad.manual_seed(seed)
        got = transform(mg)
        minigrad.manual_seed(seed)
        top, left, h, w = MT.RandomResizedCrop.get_params(mg, (0.2, 0.9), (3 / 4, 4 / 3))
        assert 0.15 * 1200 <= h * w <= 0.95 * 1200
        expected = TF.resized_crop(th, top, left, h, w, [16, 16])
        diff = np.abs(got.numpy().astype(int) - expected.numpy().astype(int))
        assert got.shape == (3, 16, 16) and diff.max() <= 1 and (diff == 0).mean() > 0.99
    assert repr(transform) == repr(TT.RandomResizedCrop(16, scale=(0.2, 0.9)))


@pytest.mark.parametrize("channels_out", [1, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.uint8])
def test_grayscale_matches_torchvision(channels_out, dtype):
    for shape in [(3, 5, 4), (2, 3, 4, 4), (1, 3, 3)]:
        mg, th = pair(image(shape, dtype))
        assert_same_image(MT.Grayscale(channels_out)(mg), TT.Grayscale(channels_out)(th))
    assert repr(MT.Grayscale(3)) == repr(TT.Grayscale(3))
    with pytest.raises(TypeError, match="permitted channel values are"):
        MT.Grayscale()(minigrad.zeros(2, 4, 4))


DTYPES = ["uint8", "int16", "int32", "int64", "float32", "float64"]


@pytest.mark.parametrize("source", DTYPES)
@pytest.mark.parametrize("target", DTYPES)
def test_convert_image_dtype_matches_torchvision(source, target):
    rng = np.random.default_rng(0)
    if source.startswith("float"):
        array = rng.uniform(0, 1, (3, 4, 5)).astype(source)
        array[0, 0, :2] = [0.0, 1.0]
    else:
        array = rng.integers(0, np.iinfo(source).max, (3, 4, 5), dtype=np.int64).astype(source)
        array[0, 0, :2] = [0, np.iinfo(source).max]
    mg, th = pair(array)
    try:
        expected = TT.ConvertImageDtype(getattr(torch, target))(th)
    except RuntimeError as error:
        with pytest.raises(RuntimeError, match=str(error).replace("torch.", "minigrad.")):
            MT.ConvertImageDtype(getattr(minigrad, target))(mg)
        return
    assert_same_image(MT.ConvertImageDtype(getattr(minigrad, target))(mg), expected)


@pytest.mark.parametrize("shape", [(3, 4, 5), (1, 4, 5), (4, 2, 3), (5, 6)])
@pytest.mark.parametrize("dtype", [np.float32, np.uint8])
def test_to_pil_image_gives_the_pixels_of_torchvisions_pil_image(shape, dtype):
    array = image(shape, dtype)
    if dtype == np.float32:
        array = array * 1.4 - 0.2          # out-of-range values wrap like torch's .byte()
    mg, th = pair(array.astype(dtype))
    got = MT.ToPILImage()(mg)
    expected = np.asarray(TT.ToPILImage()(th))
    assert isinstance(got, np.ndarray) and got.dtype == np.uint8
    np.testing.assert_array_equal(got, expected)


# -- pictures (minigrad's stand-in for PIL images) ------------------------------------------
def picture(shape, seed=0):
    return np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)


@pytest.mark.parametrize("size", [7, (5, 9), 40])
def test_resize_on_pictures_is_within_one_level_of_pil(size):
    array = picture((23, 17, 3))
    got = MT.Resize(size)(array)
    expected = np.asarray(TT.Resize(size)(Image.fromarray(array)))
    assert got.shape == expected.shape and got.dtype == np.uint8
    assert np.abs(got.astype(int) - expected.astype(int)).max() <= 1


def test_geometry_on_pictures_equals_pil():
    array = picture((9, 8, 3))
    pil = Image.fromarray(array)
    for m_t, t_t in [(MT.CenterCrop(5), TT.CenterCrop(5)), (MT.CenterCrop(11), TT.CenterCrop(11)),
                     (MT.Pad([1, 2]), TT.Pad([1, 2])), (MT.Pad(2, 9), TT.Pad(2, 9)),
                     (MT.Pad(3, padding_mode="reflect"), TT.Pad(3, padding_mode="reflect")),
                     (MT.Pad(2, padding_mode="symmetric"), TT.Pad(2, padding_mode="symmetric")),
                     (MT.RandomHorizontalFlip(1.0), TT.RandomHorizontalFlip(1.0)),
                     (MT.RandomVerticalFlip(1.0), TT.RandomVerticalFlip(1.0)),
                     (MT.Grayscale(), TT.Grayscale()), (MT.Grayscale(3), TT.Grayscale(3))]:
        got = m_t(array)
        assert isinstance(got, np.ndarray)
        np.testing.assert_array_equal(got, np.asarray(t_t(pil)), err_msg=repr(m_t))


def test_picture_pipeline_ends_in_a_tensor():
    pipeline = MT.Compose([MT.Resize(12), MT.CenterCrop(10), MT.RandomHorizontalFlip(),
                           MT.ToTensor(), MT.Normalize([0.5] * 3, [0.5] * 3)])
    out = pipeline(picture((20, 16, 3)))
    assert isinstance(out, minigrad.Tensor) and out.shape == (3, 10, 10)
    assert out.dtype == minigrad.float32 and -1.0 <= float(out.min()) <= float(out.max()) <= 1.0


# -- FakeData ---------------------------------------------------------------------------------
def test_fake_data_is_deterministic_per_index_and_shaped_like_torchvisions():
    fake = datasets.FakeData(size=20, image_size=(3, 12, 10), num_classes=4)
    reference = torchvision.datasets.FakeData(size=20, image_size=(3, 12, 10), num_classes=4)
    img, target = fake[3]
    ref_img, ref_target = reference[3]
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8
    assert img.shape == np.asarray(ref_img).shape == (12, 10, 3)
    assert isinstance(target, int) and isinstance(ref_target, int) and 0 <= target < 4
    again, same_target = fake[3]
    np.testing.assert_array_equal(again, img)
    assert same_target == target
    assert not np.array_equal(fake[4][0], img)
    shifted = datasets.FakeData(size=20, image_size=(3, 12, 10), num_classes=4, random_offset=1)
    np.testing.assert_array_equal(shifted[2][0], img)
    assert len(fake) == len(reference) == 20
    assert {fake[i][1] for i in range(20)} == {0, 1, 2, 3}
    with pytest.raises(IndexError, match="FakeData index out of range"):
        fake[20]


def test_fake_data_pictures_are_torchvisions_conversion_of_a_normal_image():
    fake = datasets.FakeData(size=400, image_size=(1, 8, 8))
    pixels = np.stack([fake[i][0] for i in range(400)])
    assert pixels.shape == (400, 8, 8)
    # x * 255 truncated to uint8: 0 for -1/255 < x < 1/255, else spread over all bytes
    assert 0.004 < (pixels == 0).mean() < 0.02
    assert len(np.unique(pixels)) == 256


def test_fake_data_with_transforms_and_a_data_loader():
    fake = datasets.FakeData(size=10, image_size=(3, 6, 5), num_classes=3,
                             transform=MT.ToTensor(), target_transform=lambda t: t + 10)
    reference = torchvision.datasets.FakeData(size=10, image_size=(3, 6, 5), num_classes=3,
                                              transform=TT.ToTensor(),
                                              target_transform=lambda t: t + 10)
    assert repr(fake).splitlines()[:3] == repr(reference).splitlines()[:3]
    loader = minigrad.utils.data.DataLoader(fake, batch_size=4)
    images, targets = next(iter(loader))
    assert images.shape == (4, 3, 6, 5) and images.dtype == minigrad.float32
    assert all(10 <= int(t) < 13 for t in targets)
    assert repr(datasets.FakeData()) == repr(torchvision.datasets.FakeData())
