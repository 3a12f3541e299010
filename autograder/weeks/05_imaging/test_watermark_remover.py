"""build_watermark_remover(): watermarked digits (n, 28, 28, 1) -> clean digits; trained in the grader,
it beats leaving the watermark in place on held-out digits."""

import pytest


@pytest.mark.points(1)
def test_maps_digits_to_digits(student, shape_check):
    shape_check(student.build_watermark_remover, (28, 28, 1), (28, 28, 1),
                "keep the 28 x 28 size (padding='same') and end with Conv2D(1, ...)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_watermarked_input(student, quality_check, rules):
    quality_check(student.build_watermark_remover, "watermark_remover", rules.min_watermark_remover_psnr,
                  "the watermarked input itself")
