"""reconstruction_mse(x, x_recon): mean squared error per example, averaged over every other axis."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape

HINT = "average over every axis except the first (the examples), e.g. axis=(1, 2, 3) for images"


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(5, 28, 28, 1), (3, 784)], ids=["images", "flat"])
def test_one_value_per_example(student, shape):
    rng = np.random.default_rng(len(shape))
    x, x_recon = rng.random(shape).astype("float32"), rng.random(shape).astype("float32")
    found = to_numpy(student.reconstruction_mse(x, x_recon), "reconstruction_mse")
    assert_shape(found, (shape[0],), "reconstruction_mse", HINT)


@pytest.mark.points(1)
def test_values_are_the_mean_squared_error(student):
    rng = np.random.default_rng(7)
    x, x_recon = rng.random((6, 28, 28, 1)).astype("float32"), rng.random((6, 28, 28, 1)).astype("float32")
    diff = x.astype(np.float64) - x_recon
    expected = np.mean(diff**2, axis=(1, 2, 3))
    found = to_numpy(student.reconstruction_mse(x, x_recon), "reconstruction_mse")
    assert_shape(found, (6,), "reconstruction_mse", HINT)
    mistakes = [
        (np.sum(diff**2, axis=(1, 2, 3)), "the sum over pixels: take the mean over the 784 pixels"),
        (np.sqrt(expected), "the root of the MSE: do not take the square root"),
        (np.mean(np.abs(diff), axis=(1, 2, 3)), "the mean absolute error: square the differences"),
    ]
    assert_matches(found, expected, "reconstruction_mse", 1e-4, 1e-6, mistakes)
