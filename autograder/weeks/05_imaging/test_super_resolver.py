"""build_super_resolver(): low-resolution digits (n, 14, 14, 1) -> (n, 28, 28, 1); trained in the grader,
it beats bicubic up-sampling on held-out digits."""

import pytest


@pytest.mark.points(1)
def test_doubles_height_and_width(student, shape_check):
    shape_check(student.build_super_resolver, (14, 14, 1), (28, 28, 1),
                "take (14, 14, 1) inputs and double them once, with UpSampling2D(2) or "
                "Conv2DTranspose(strides=2), then end with Conv2D(1, ...)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_bicubic_upsampling(student, quality_check, rules):
    quality_check(student.build_super_resolver, "super_resolver", rules.min_super_resolver_psnr,
                  "bicubic up-sampling")
