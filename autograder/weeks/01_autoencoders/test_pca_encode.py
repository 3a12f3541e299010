"""pca_encode(x, mean, components): codes (n, k), the centred images projected on the components."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.pca import fit_pca, pca_encode


@pytest.mark.points(1)
@pytest.mark.parametrize("k", [2, 5])
def test_one_code_per_image(student, random_images, k):
    x = random_images(50, seed=10 + k)
    pca = fit_pca(x, k)
    codes = to_numpy(student.pca_encode(x[:7], pca.mean, pca.components), "pca_encode")
    assert_shape(codes, (7, k), "pca_encode", "flatten to (n, 784), then project: (n, 784) @ (784, k)")


@pytest.mark.points(1)
def test_codes_match_the_projection(student, random_images, rules):
    x = random_images(100, seed=13)
    pca = fit_pca(x, 3)
    expected = pca_encode(pca, x[:10])
    codes = to_numpy(student.pca_encode(x[:10], pca.mean, pca.components), "pca_encode")
    assert_shape(codes, (10, 3), "pca_encode", "flatten each image to 784 values, then project")
    flat = x[:10].reshape(10, -1).astype(np.float64)
    mistakes = [(flat @ pca.components.T, "subtract the mean image before projecting on the components")]
    assert_matches(codes, expected, "pca_encode", rules.pca_rtol, rules.pca_atol, mistakes)
