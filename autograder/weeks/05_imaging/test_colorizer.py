"""build_colorizer(): grey patches (n, 16, 16, 1) -> RGB patches (n, 16, 16, 3); trained in the grader,
it beats copying the grey level into every channel on held-out patches."""

import pytest


@pytest.mark.points(1)
def test_maps_grey_patches_to_rgb(student, shape_check):
    shape_check(student.build_colorizer, (16, 16, 1), (16, 16, 3),
                "take (16, 16, 1) grey patches; end with a Conv2D of 3 filters, one per colour")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_grey_copy(student, quality_check, rules):
    quality_check(student.build_colorizer, "colorizer", rules.min_colorizer_psnr,
                  "the grey level copied into every channel")
