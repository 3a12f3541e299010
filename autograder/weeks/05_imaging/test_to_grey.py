"""to_grey(rgb): ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B, (..., 3) -> (..., 1)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference import imaging


def rgb(n, seed):
    return np.random.default_rng(seed).random((n, 16, 16, 3)).astype("float32")


@pytest.mark.points(1)
def test_keeps_a_channel_axis_of_one(student):
    found = to_numpy(student.to_grey(rgb(3, 0)), "to_grey")
    hint = "keep the channel axis: (n, h, w, 3) -> (n, h, w, 1), e.g. with [..., None] or keepdims=True"
    assert_shape(found, (3, 16, 16, 1), "to_grey", hint)
    hint = ("(..., 3) -> (..., 1) for any leading axes: work on the last axis only (rgb[..., 0], not "
            "rgb[:, :, :, 0])")  # fmt: skip
    try:
        single = to_numpy(student.to_grey(rgb(1, 0)[0]), "to_grey")
    except Exception as err:  # noqa: BLE001 - any failure here is the student's to_grey
        raise AssertionError(f"to_grey on one image (16, 16, 3) raised {type(err).__name__}: {hint}") from err
    assert_shape(single, (16, 16, 1), "to_grey on one image (16, 16, 3)", hint)


@pytest.mark.points(1)
def test_weights_the_channels_as_bt601(student, rules):
    x = rgb(5, 1)
    expected = imaging.to_grey(x)
    found = to_numpy(student.to_grey(x), "to_grey").reshape(expected.shape)
    mistakes = [
        (x[..., ::-1] @ np.array([0.299, 0.587, 0.114]), "the channels are swapped: R is 0, B is 2"),
        (x.mean(axis=-1), "that is the plain mean of the channels: weight them 0.299 R + 0.587 G + 0.114 B"),
        (x[..., 1], "that is the green channel alone: weight all three"),
    ]
    mistakes = [(wrong[..., None], hint) for wrong, hint in mistakes]
    assert_matches(found, expected, "to_grey", rules.value_rtol, rules.value_atol, mistakes)
