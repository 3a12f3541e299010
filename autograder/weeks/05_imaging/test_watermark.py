"""add_watermark(x, mask, opacity): x (1 - opacity m) + opacity m, a white mask blended into images."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference import imaging


def case(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.random(shape).astype("float32")
    mask = (rng.random(shape[-3:-1]) < 0.3).astype("float32")
    return x, mask


@pytest.mark.points(1)
def test_keeps_the_shape_and_the_input(student):
    for shape in [(5, 28, 28, 1), (3, 16, 12, 3)]:
        x, mask = case(shape, 0)
        before = x.copy()
        returned = student.add_watermark(x, mask, opacity=0.5)
        found = to_numpy(returned, "add_watermark")
        assert np.array_equal(x, before), "add_watermark changed its input: compute a new array"
        assert np.asarray(returned).dtype == np.float32, (
            f"add_watermark returned {np.asarray(returned).dtype} values, expected float32: the corruptions "
            "return float32 arrays (a float64 mask or opacity promotes the result; cast it back)"
        )
        hint = "the mask (h, w) applies to every image and channel: mask[..., None] broadcasts it"
        assert_shape(found, shape, "add_watermark", hint)


@pytest.mark.points(1)
def test_blends_white_where_the_mask_is(student, rules):
    for opacity in (0.5, 0.3):
        check_blend(student, rules, opacity)


def check_blend(student, rules, opacity):
    x, mask = case((4, 20, 20, 3), 1)
    expected = imaging.blend_watermark(x, mask, opacity)
    found = to_numpy(student.add_watermark(x, mask, opacity=opacity), "add_watermark")
    assert_shape(found, x.shape, "add_watermark")
    m = mask[..., None]
    fade = "the image under the mark must fade too: x * (1 - opacity * m) + opacity * m"
    mistakes = [
        (np.clip(x + opacity * m, 0, 1), fade),
        (x + opacity * m, fade),
        (x * (1 - m) + opacity * m, "that replaces the image under the mark: blend the two instead"),
        (x * (1 - opacity * m), "the mark is white: add opacity * m after fading the image"),
        (x * (1 - (1 - opacity) * m) + (1 - opacity) * m, "opacity weighs the mark, not the image"),
    ]
    assert_matches(found, expected, f"add_watermark(opacity={opacity})", rules.value_rtol, rules.value_atol,
                   mistakes)  # fmt: skip
