"""compression_ratio(input_shape, latent_dim): values per input divided by values per code."""

import numbers

import numpy as np
import pytest


def ratio(student, input_shape, latent_dim):
    found = student.compression_ratio(input_shape, latent_dim)
    assert isinstance(found, numbers.Real) or np.ndim(found) == 0, (
        f"compression_ratio returned {type(found).__name__}, expected one number"
    )
    assert np.issubdtype(np.asarray(found).dtype, np.floating), (
        f"compression_ratio{(input_shape, latent_dim)} returned {found!r} of type {type(found).__name__}: "
        "return the ratio as a float, e.g. with / rather than //, even when it is a whole number"
    )
    return float(found)


def check(found, input_shape, latent_dim):
    expected = float(np.prod(input_shape)) / latent_dim
    if np.isclose(found, expected, rtol=1e-6):
        return
    hint = f"divide the {int(np.prod(input_shape))} values of the input by the {latent_dim} of the code"
    if np.isclose(found, 1.0 / expected, rtol=1e-6):
        hint = "the ratio is inverted: input size / code size, not code size / input size"
    elif np.isclose(found, input_shape[0] * input_shape[1] / latent_dim, rtol=1e-6):
        hint = "multiply every axis of input_shape, the channels too"
    raise AssertionError(
        f"compression_ratio({input_shape}, {latent_dim}) returned {found:.6g}, "
        f"expected {expected:.6g}: {hint}"
    )


@pytest.mark.points(1)
def test_a_code_of_16_compresses_mnist_49_times(student):
    check(ratio(student, (28, 28, 1), 16), (28, 28, 1), 16)


@pytest.mark.points(1)
def test_any_input_shape_and_code_size(student):
    for input_shape, latent_dim in [((32, 32, 3), 12), ((28, 28, 1), 10), ((28, 28, 1), 2)]:
        check(ratio(student, input_shape, latent_dim), input_shape, latent_dim)
