"""build_super_resolver(): low-resolution digits (n, 14, 14, 1) -> (n, 28, 28, 1); trained in the grader,
it beats bicubic up-sampling on held-out digits."""

import numpy as np
import pytest


@pytest.mark.points(1)
def test_doubles_height_and_width(student, shape_check):
    x = np.random.default_rng(0).random((3, 14, 14, 1)).astype("float32")
    shape_check(student.build_super_resolver, x, (3, 28, 28, 1),
                "take (14, 14, 1) inputs and double them once, with UpSampling2D(2) or "
                "Conv2DTranspose(strides=2), then end with Conv2D(1, ...)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_bicubic_upsampling(student, trained_scores, baseline, rules, quality_message):
    found = trained_scores(student.build_super_resolver, "super_resolver")
    bicubic = baseline("super_resolver")["psnr"]
    threshold = max(rules.min_super_resolver_psnr, bicubic)
    assert found["psnr"] >= threshold, quality_message(
        student.build_super_resolver, found, threshold, bicubic, "bicubic up-sampling"
    )
