"""build_watermark_remover(): watermarked digits (n, 28, 28, 1) -> clean digits; trained in the grader,
it beats leaving the watermark in place on held-out digits."""

import numpy as np
import pytest


@pytest.mark.points(1)
def test_maps_digits_to_digits(student, shape_check):
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    shape_check(student.build_watermark_remover, x, (3, 28, 28, 1),
                "keep the 28 x 28 size (padding='same') and end with Conv2D(1, ...)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_watermarked_input(student, trained_scores, baseline, rules, quality_message):
    found = trained_scores(student.build_watermark_remover, "watermark_remover")
    marked = baseline("watermark_remover")["psnr"]
    threshold = max(rules.min_watermark_remover_psnr, marked)
    assert found["psnr"] >= threshold, quality_message(
        student.build_watermark_remover, found, threshold, marked, "the watermarked input itself"
    )
