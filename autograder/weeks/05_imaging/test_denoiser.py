"""build_denoiser(): noisy digits (n, 28, 28, 1) -> clean digits; trained in the grader, it beats the
3 x 3 median filter on held-out digits with Gaussian or salt-and-pepper noise."""

import numpy as np
import pytest


@pytest.mark.points(1)
def test_maps_digits_to_digits(student, shape_check):
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    shape_check(student.build_denoiser, x, (3, 28, 28, 1),
                "undo each strided Conv2D with Conv2DTranspose(strides=2), end in Conv2D(1, 3)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_median_filter(student, trained_scores, baseline, rules, quality_message):
    found = trained_scores(student.build_denoiser, "denoiser")
    median = baseline("denoiser")["psnr"]
    threshold = max(rules.min_denoiser_psnr, median)
    assert found["psnr"] >= threshold, quality_message(
        student.build_denoiser, found, threshold, median, "the 3 x 3 median filter"
    )


@pytest.mark.points(1)
def test_ssim_beats_the_median_filter(student, trained_scores, baseline, rules, quality_message):
    found = trained_scores(student.build_denoiser, "denoiser")
    median = baseline("denoiser")["ssim"]
    threshold = max(rules.min_denoiser_ssim, median)
    assert found["ssim"] >= threshold, quality_message(
        student.build_denoiser, found, threshold, median, "the 3 x 3 median filter", metric="SSIM", unit=""
    )
