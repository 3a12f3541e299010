"""kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p): KL(q || p) per row, shape (...,)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.variational_inference import kl_diagonal_gaussians as reference_kl


def student_kl(student, *params):
    return to_numpy(student.kl_diagonal_gaussians(*params), "kl_diagonal_gaussians")


@pytest.mark.points(1)
def test_one_value_per_row(student, gaussians):
    for batch, dim in [(1, 2), (6, 5)]:
        found = student_kl(student, *gaussians(batch, dim, seed=batch))
        assert_shape(found, (batch,), "kl_diagonal_gaussians", "sum over the last axis only")
    # The docstring promises (..., d) -> (...,): axis=1 agrees with axis=-1 on rows, not on a grid of them.
    grid = [p.reshape(2, 3, 4) for p in gaussians(6, 4, seed=7)]
    found = student_kl(student, *grid)
    assert_shape(found, (2, 3), "kl_diagonal_gaussians on (2, 3, 4) inputs",
                 "sum over the last axis only (axis=-1), whatever the leading axes")  # fmt: skip


@pytest.mark.points(1)
def test_values_match_the_closed_form(student, gaussians, rules):
    mean_q, log_var_q, mean_p, log_var_p = params = gaussians(8, 3, seed=21)
    expected = reference_kl(*params)
    found = student_kl(student, *params)
    assert_shape(found, (8,), "kl_diagonal_gaussians", "sum over the last axis only")
    var_q, var_p, sq = np.exp(log_var_q), np.exp(log_var_p), (mean_q - mean_p) ** 2
    mistakes = [
        (reference_kl(mean_p, log_var_p, mean_q, log_var_q),
         "this is KL(p || q): the arguments are swapped (the KL is not symmetric)"),
        (0.5 * np.sum(var_q / var_p + sq / var_p - 1, -1),
         "the log-variance ratio -(log_var_q - log_var_p) is missing"),
        (0.5 * np.sum(var_q / var_p + sq / var_p - 1 + (log_var_q - log_var_p), -1),
         "the log-variance ratio has the wrong sign: subtract (log_var_q - log_var_p)"),
        (0.5 * np.sum(var_q / var_p + sq - 1 - (log_var_q - log_var_p), -1),
         "divide the squared mean difference by the variance of p"),
        (-0.5 * np.sum(1 + log_var_q - mean_q**2 - var_q, -1),
         "p's mean and log-variance are ignored: this is the KL against N(0, I) only"),
        (2 * expected, "twice the KL: the closed form has a factor 0.5 in front of the sum"),
        (expected / 3, "mean over the last axis: the KL sums over the coordinates"),
        (-expected, "the sign is flipped: a KL divergence is never negative"),
    ]  # fmt: skip
    assert_matches(found, expected, "kl_diagonal_gaussians", rules.exact_rtol, rules.exact_atol, mistakes)


@pytest.mark.points(1)
def test_zero_for_identical_and_positive_for_different_gaussians(student, gaussians):
    mean_q, log_var_q, mean_p, log_var_p = gaussians(10, 4, seed=22)
    same = student_kl(student, mean_q, log_var_q, mean_q, log_var_q)
    assert np.allclose(same, 0.0, atol=1e-9), f"KL(q || q) should be 0, got {same.max():.4g}"
    different = student_kl(student, mean_q, log_var_q, mean_p, log_var_p)
    assert np.all(different > 0), f"KL(q || p) should be > 0 for q != p, got {different.min():.4g}"


@pytest.mark.points(1)
def test_against_a_standard_normal_it_is_the_vae_kl(student, gaussians, rules):
    mean, log_var, _, _ = gaussians(5, 2, seed=23)
    expected = -0.5 * np.sum(1 + log_var - mean**2 - np.exp(log_var), -1)
    found = student_kl(student, mean, log_var, np.zeros_like(mean), np.zeros_like(log_var))
    assert_matches(
        found, expected, "kl_diagonal_gaussians with p = N(0, I)", rules.exact_rtol, rules.exact_atol
    )
