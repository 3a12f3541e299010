"""reconstruction_loss(x, x_recon): binary cross-entropy summed over pixels, per example, (batch,)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.vae import reconstruction_loss as reference_reconstruction


@pytest.mark.points(1)
@pytest.mark.parametrize("batch", [1, 16])
def test_one_value_per_example(student, images, batch):
    x, x_recon = images
    found = to_numpy(student.reconstruction_loss(x[:batch], x_recon[:batch]), "reconstruction_loss")
    assert_shape(
        found, (batch,), "reconstruction_loss", "sum over the pixels of each image, not over the batch"
    )


@pytest.mark.points(1)
def test_values_are_summed_binary_cross_entropy(student, images, rules):
    x, x_recon = images
    expected = to_numpy(reference_reconstruction(x, x_recon), "reference")
    found = to_numpy(student.reconstruction_loss(x, x_recon), "reconstruction_loss")
    assert_shape(found, (len(x),), "reconstruction_loss", "one value per example")
    flat_x, flat_r = x.reshape(len(x), -1), x_recon.reshape(len(x), -1)
    mistakes = [
        (expected / 784, "the mean over pixels: sum over the 784 pixels (or multiply the mean by 784)"),
        (np.sum((flat_x - flat_r) ** 2, -1), "squared error: use binary cross-entropy"),
        (-np.sum(flat_x * np.log(flat_r), -1), "only x log(x_recon): add (1 - x) log(1 - x_recon)"),
        (-expected, "the sign is flipped: cross-entropy is -[x log p + (1 - x) log(1 - p)]"),
    ]
    assert_matches(found, expected, "reconstruction_loss", rules.loss_rtol, rules.loss_atol, mistakes)
    # Sigmoid outputs saturate to exactly 0 or 1 in float32: the stated clipping keeps the loss finite.
    saturated = x_recon.copy()
    saturated[:, :14] = np.where(x[:, :14] > 0.5, 0.0, 1.0)
    found = to_numpy(student.reconstruction_loss(x, saturated), "reconstruction_loss")
    assert np.all(np.isfinite(found)), (
        f"reconstruction_loss returned {found[~np.isfinite(found)][:3]} where x_recon is exactly 0 or 1: "
        "clip x_recon with a small epsilon (e.g. 1e-7) before taking logs"
    )
