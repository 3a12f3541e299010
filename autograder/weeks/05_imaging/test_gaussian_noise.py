"""add_gaussian_noise(x, sigma, seed): x + N(0, sigma^2) noise, clipped to [0, 1] after it is added."""

import numpy as np
import pytest

from autograder.checks.arrays import images_like
from reference import imaging


def noisy(student, x, sigma, seed):
    hint = "draw one noise value per element, e.g. rng.normal(0, sigma, size=x.shape)"
    found = student.add_gaussian_noise(x, sigma=sigma, seed=seed)
    return images_like(found, x, "add_gaussian_noise", hint)


@pytest.mark.points(1)
def test_same_shape_float32_seeded_and_input_untouched(student):
    x = np.random.default_rng(0).random((6, 28, 28, 1)).astype("float32")
    before = x.copy()
    first = student.add_gaussian_noise(x, sigma=0.2, seed=3)
    assert np.asarray(first).dtype == np.float32, (
        f"add_gaussian_noise returned {np.asarray(first).dtype} values, expected float32: end with "
        ".astype(np.float32)"
    )
    assert np.array_equal(x, before), "add_gaussian_noise changed its input: work on a copy"
    again = noisy(student, x, 0.2, 3)
    assert np.array_equal(noisy(student, x, 0.2, 3), again), (
        "add_gaussian_noise(x, seed=3) gave different results on two calls: draw the noise from "
        "np.random.default_rng(seed), not from the global generator"
    )
    other = noisy(student, x, 0.2, 4)
    assert not np.array_equal(again, other), "seeds 3 and 4 gave the same noise: use the seed argument"


@pytest.mark.points(1)
def test_noise_has_the_requested_strength_and_is_clipped_after(student, rules):
    grey = np.full((2000, 10, 10, 1), 0.5, dtype="float32")
    found = noisy(student, grey, 0.1, 0)
    std, mean = float(np.std(found - grey)), float(np.mean(found - grey))
    hint = "add rng.normal(0, sigma, size=x.shape): sigma is the standard deviation, not the variance"
    assert abs(mean) < rules.noise_mean_tol and std == pytest.approx(0.1, rel=rules.noise_std_rtol), (
        f"on mid-grey images with sigma=0.1 the noise has mean {mean:.3f} and standard deviation "
        f"{std:.3f}, expected 0 and 0.1: {hint}"
    )
    bright = np.full((2000, 10, 10, 1), 0.9, dtype="float32")
    found = noisy(student, bright, 0.3, 1)
    assert found.min() >= 0.0 and found.max() <= 1.0, (
        f"with sigma=0.3 your noisy images have values in [{found.min():.3g}, {found.max():.3g}]: clip to "
        "[0, 1] after adding the noise (np.clip(x + noise, 0, 1)), not before"
    )
    expected = float(np.mean(imaging.add_gaussian_noise(bright, 0.3, 1)))
    assert float(np.mean(found)) == pytest.approx(expected, abs=rules.noise_mean_tol), (
        f"on images of 0.9 with sigma=0.3 your clipped noisy images average {np.mean(found):.3f}, "
        f"expected {expected:.3f}: add N(0, sigma^2) noise once, then clip to [0, 1]"
    )
