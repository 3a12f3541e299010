"""build_colorizer(): grey patches (n, 16, 16, 1) -> RGB patches (n, 16, 16, 3); trained in the grader,
it beats copying the grey level into every channel on held-out patches."""

import numpy as np
import pytest


@pytest.mark.points(1)
def test_maps_grey_patches_to_rgb(student, shape_check):
    x = np.random.default_rng(0).random((3, 16, 16, 1)).astype("float32")
    shape_check(student.build_colorizer, x, (3, 16, 16, 3),
                "take (16, 16, 1) grey patches; end with a Conv2D of 3 filters, one per colour")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_grey_copy(student, trained_scores, baseline, rules, quality_message):
    found = trained_scores(student.build_colorizer, "colorizer")
    grey = baseline("colorizer")["psnr"]
    threshold = max(rules.min_colorizer_psnr, grey)
    assert found["psnr"] >= threshold, quality_message(
        student.build_colorizer, found, threshold, grey, "the grey level copied into every channel"
    )
