"""psnr(x, y, data_range): 10 log10(data_range^2 / MSE) in dB, the MSE over all elements, a float."""

import numbers

import numpy as np
import pytest

from reference import imaging


def pairs():
    rng = np.random.default_rng(0)
    clean = rng.random((4, 28, 28, 1)).astype("float32")
    return clean, imaging.add_gaussian_noise(clean, sigma=0.1, seed=1)


def value(student, x, y, **kwargs):
    found = student.psnr(x, y, **kwargs)
    assert isinstance(found, numbers.Real) or np.ndim(found) == 0, (
        f"psnr returned {type(found).__name__} of shape {np.shape(found)}, expected one number: average "
        "the squared error over every element of the batch, not per image"
    )
    assert isinstance(found, float), (
        f"psnr returned {type(found).__name__}, expected a Python float: return float(...) of the value "
        "(a numpy float32 or a 0-d array is not one)"
    )
    return float(found)


@pytest.mark.points(1)
def test_matches_the_definition_on_noisy_images(student):
    clean, noisy = pairs()
    expected, found = imaging.psnr(clean, noisy), value(student, clean, noisy)
    if found == pytest.approx(expected, abs=1e-3):
        return
    error = imaging.mse(clean, noisy)
    per_image = float(np.mean([imaging.psnr(a, b) for a, b in zip(clean, noisy)]))
    mistakes = [
        (10 * np.log10(255.0**2 / error), "the peak is 255: these images lie in [0, 1], so use data_range=1"),
        (10 * np.log(1.0 / error), "that is the natural log: use np.log10"),
        (20 * np.log10(1.0 / error), "use 10 log10(peak^2 / MSE) or 20 log10(peak / RMSE)"),
        (10 * np.log10(1.0 / np.sqrt(error)), "divide peak^2 by the MSE, not by its square root"),
        (-expected, "the sign is flipped: peak^2 / MSE, not MSE / peak^2"),
        (per_image, "that is the mean of per-image PSNRs: take the MSE over every element first"),
    ]
    hint = next((h for wrong, h in mistakes if found == pytest.approx(wrong, abs=1e-3)), "")
    message = f"psnr returned {found:.4f} dB, expected {expected:.4f} dB"
    raise AssertionError(message + (f": {hint}" if hint else ""))


@pytest.mark.points(1)
def test_uses_data_range_and_is_infinite_for_identical_images(student):
    clean, noisy = pairs()
    expected = imaging.psnr(clean * 255.0, noisy * 255.0, data_range=255.0)
    found = value(student, clean * 255.0, noisy * 255.0, data_range=255.0)
    if found != pytest.approx(expected, abs=1e-3):
        fixed_peak = imaging.psnr(clean * 255.0, noisy * 255.0, data_range=1.0)
        hint = ": the peak in the formula is data_range, not a fixed 1"
        raise AssertionError(
            f"psnr on images in [0, 255] with data_range=255 gave {found:.4f} dB, expected {expected:.4f} dB"
            + (hint if found == pytest.approx(fixed_peak) else "")
        )
    with np.errstate(divide="ignore"):
        same = value(student, clean, clean)
    assert same == float("inf"), (
        f"psnr of two identical images returned {same}, expected inf (the MSE is 0): return float('inf') "
        "when the MSE is 0"
    )
    black, white = np.zeros((2, 4, 4, 1)), np.ones((2, 4, 4, 1))
    opposite = value(student, black, white)
    assert opposite == pytest.approx(0.0, abs=1e-6), (
        f"psnr of black images against white ones returned {opposite} dB, expected 0 dB: the MSE is 1, "
        "peak^2 / MSE = 1 (only an MSE of 0 gives inf)"
    )
