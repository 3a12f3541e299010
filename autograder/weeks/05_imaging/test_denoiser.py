"""build_denoiser(): noisy digits (n, 28, 28, 1) -> clean digits; trained in the grader, it beats the
3 x 3 median filter on held-out digits with Gaussian or salt-and-pepper noise."""

import pytest


@pytest.mark.points(1)
def test_maps_digits_to_digits(student, shape_check):
    shape_check(student.build_denoiser, (28, 28, 1), (28, 28, 1),
                "undo each strided Conv2D with Conv2DTranspose(strides=2), end in Conv2D(1, 3)")  # fmt: skip


@pytest.mark.points(2)
def test_psnr_beats_the_median_filter(student, quality_check, rules):
    quality_check(student.build_denoiser, "denoiser", rules.min_denoiser_psnr, "the 3 x 3 median filter")


@pytest.mark.points(1)
def test_ssim_beats_the_median_filter(student, quality_check, rules):
    quality_check(student.build_denoiser, "denoiser", rules.min_denoiser_ssim,
                  "the 3 x 3 median filter", metric="SSIM")
