"""generate_digits(decoder, n, latent_dim=2, seed=0): n images decoded from prior draws."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_shape
from reference.vae import build_vae_decoder, sample_images


def roughness(images):
    """Mean absolute difference between horizontally adjacent pixels: high for noise."""
    return float(np.mean(np.abs(np.diff(images, axis=2))))


@pytest.mark.points(1)
def test_samples_vary_like_the_references(student, trained_reference_decoder):
    found = to_numpy(student.generate_digits(trained_reference_decoder, 64, latent_dim=2), "generate_digits")
    assert_shape(found, (64, 28, 28, 1), "generate_digits(decoder, 64)")
    expected = sample_images(trained_reference_decoder, 512, latent_dim=2, seed=0)
    spread, expected_spread = found.std(axis=0).mean(), expected.std(axis=0).mean()
    assert spread > 0.5 * expected_spread, (
        f"your 64 samples barely differ (pixel spread {spread:.3f}, a prior sample gives "
        f"{expected_spread:.3f}): draw a different z ~ N(0, I) for each image"
    )
    assert roughness(found) < 2.0 * roughness(expected) and found.min() >= 0 and found.max() <= 1, (
        "your samples look like noise: decode z with the decoder rather than adding noise to images"
    )
    again = to_numpy(student.generate_digits(trained_reference_decoder, 64, latent_dim=2), "generate_digits")
    other = to_numpy(student.generate_digits(trained_reference_decoder, 64, latent_dim=2, seed=1),
                     "generate_digits")  # fmt: skip
    assert np.array_equal(found, again) and not np.array_equal(found, other), (
        "generate_digits must be seeded by its seed argument: the same seed gives the same images and "
        "another seed other images (draw z from np.random.default_rng(seed), or keras.random.normal with "
        "seed=seed)"
    )
    what = "generate_digits(decoder, 3, latent_dim=5)"
    try:
        wide = to_numpy(student.generate_digits(build_vae_decoder(latent_dim=5), 3, latent_dim=5), what)
    except AssertionError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure here is the student's generator
        raise AssertionError(
            f"{what} raised {type(err).__name__} on a decoder of codes of size 5: draw codes of size "
            "latent_dim"
        ) from err
    assert_shape(wide, (3, 28, 28, 1), "generate_digits(decoder, 3, latent_dim=5)",
                 "draw codes of size latent_dim")  # fmt: skip
