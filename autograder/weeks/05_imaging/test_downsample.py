"""downsample(x, factor): the mean of each factor x factor block, (n, h, w, c) -> (n, h/f, w/f, c)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference import imaging


def images(shape, seed):
    return np.random.default_rng(seed).random(shape).astype("float32")


@pytest.mark.points(1)
def test_halves_height_and_width_only(student):
    for shape in [(4, 28, 28, 1), (2, 16, 16, 3)]:
        returned = student.downsample(images(shape, 0), factor=2)
        found = to_numpy(returned, "downsample")
        assert np.asarray(returned).dtype == np.float32, (
            f"downsample returned {np.asarray(returned).dtype} values, expected float32"
        )
        n, h, w, c = shape
        hint = "halve the two spatial axes (1 and 2) only, keep the batch and channel axes"
        assert_shape(found, (n, h // 2, w // 2, c), "downsample", hint)


@pytest.mark.points(1)
def test_averages_each_block(student, rules):
    for shape, factor in [((3, 28, 28, 1), 2), ((2, 16, 16, 3), 2), ((2, 12, 12, 2), 3)]:
        x = images(shape, factor)
        expected = imaging.downsample(x, factor)
        found = to_numpy(student.downsample(x, factor=factor), "downsample")
        assert_shape(found, expected.shape, "downsample", f"factor={factor} divides height and width")
        n, h, w, c = shape
        blocks = x.reshape(n, h // factor, factor, w // factor, factor, c)
        mistakes = [
            (x[:, ::factor, ::factor], "that keeps one pixel of each block: average the block instead"),
            (blocks.max(axis=(2, 4)), "that is max pooling: average each block instead"),
            (blocks.sum(axis=(2, 4)), "that is the block sum: divide by factor * factor"),
        ]
        assert_matches(found, expected, f"downsample(factor={factor})", rules.value_rtol, rules.value_atol,
                       mistakes)  # fmt: skip
