import numpy as np
import pytest
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity

from reference import imaging


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    clean = rng.random((4, 32, 32, 3)).astype("float32")
    return clean, imaging.add_gaussian_noise(clean, sigma=0.1, seed=1)


def test_metrics_agree_with_scikit_image(images):
    clean, noisy = images
    assert imaging.mse(clean, noisy) == pytest.approx(mean_squared_error(clean, noisy), rel=1e-6)
    assert imaging.psnr(clean, noisy) == pytest.approx(
        peak_signal_noise_ratio(clean.astype("float64"), noisy.astype("float64"), data_range=1.0)
    )
    expected = np.mean(
        [structural_similarity(a, b, data_range=1.0, channel_axis=-1) for a, b in zip(clean, noisy)]
    )
    assert imaging.ssim(clean, noisy) == pytest.approx(expected, rel=1e-6)


def test_psnr_of_identical_images_is_infinite(images):
    clean, _ = images
    assert imaging.psnr(clean, clean) == float("inf")


def test_gaussian_noise_is_seeded_clipped_and_of_requested_strength():
    x = np.full((2000, 8, 8, 1), 0.5, dtype="float32")
    noisy = imaging.add_gaussian_noise(x, sigma=0.1, seed=0)
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0
    assert np.std(noisy - x) == pytest.approx(0.1, rel=0.02)
    np.testing.assert_array_equal(noisy, imaging.add_gaussian_noise(x, sigma=0.1, seed=0))


def test_salt_and_pepper_hits_the_requested_fraction():
    x = np.full((100, 28, 28, 1), 0.5, dtype="float32")
    noisy = imaging.add_salt_and_pepper(x, amount=0.2, seed=0)
    assert np.mean(noisy != 0.5) == pytest.approx(0.2, abs=0.01)
    assert set(np.unique(noisy)) == {0.0, 0.5, 1.0}


def test_watermark_blends_only_where_the_mask_is():
    x = np.zeros((3, 28, 28, 1), dtype="float32")
    marked = imaging.add_watermark(x, opacity=0.5)
    mask = imaging.watermark((28, 28))
    np.testing.assert_allclose(marked[..., 0], np.broadcast_to(0.5 * mask, (3, 28, 28)))


def test_grey_of_grey_image_is_itself():
    grey = np.random.default_rng(0).random((5, 6, 6, 1)).astype("float32")
    np.testing.assert_allclose(imaging.to_grey(np.repeat(grey, 3, axis=-1)), grey, atol=1e-6)


def test_down_then_bicubic_up_beats_nearest_and_keeps_shape(images):
    clean, _ = images
    smooth = np.asarray([np.outer(np.sin(np.linspace(0, 3, 32)), np.ones(32))] * 2)[..., None]
    small = imaging.downsample(smooth, 2)
    assert small.shape == (2, 16, 16, 1)
    up = imaging.upsample_bicubic(small, 2)
    nearest = small.repeat(2, axis=1).repeat(2, axis=2)
    assert up.shape == smooth.shape
    assert imaging.psnr(smooth, up) > imaging.psnr(smooth, nearest)


def test_median_filter_removes_salt_and_pepper():
    x = np.tile(np.linspace(0, 1, 28, dtype="float32"), (10, 28, 1))[..., None]
    noisy = imaging.add_salt_and_pepper(x, amount=0.05, seed=0)
    assert imaging.psnr(x, imaging.median_filter(noisy)) > imaging.psnr(x, noisy) + 5.0


def test_blend_watermark_fades_the_image_under_any_mask():
    rng = np.random.default_rng(0)
    x = rng.random((2, 6, 5, 3)).astype("float32")
    mask = (rng.random((6, 5)) < 0.5).astype("float32")
    blended = imaging.blend_watermark(x, mask, opacity=0.4)
    on = mask.astype(bool)
    np.testing.assert_allclose(blended[:, on], 0.6 * x[:, on] + 0.4, rtol=1e-6)
    np.testing.assert_array_equal(blended[:, ~on], x[:, ~on])
    fixed = imaging.blend_watermark(x, imaging.watermark((6, 5)))
    np.testing.assert_array_equal(imaging.add_watermark(x), fixed)
