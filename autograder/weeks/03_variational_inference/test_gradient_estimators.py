"""reparam_gradient(f_prime, ...), score_function_gradient(f, ...): per-sample d/d(mean) E_q[f(z)]."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_shape

# (mean, log_var) of the 1-D Gaussians q the estimators are graded on.
GAUSSIANS = [(0.7, np.log(0.3)), (-1.2, np.log(2.5))]


def samples(estimator, name, f, mean, log_var, n_samples, seed=0):
    found = to_numpy(estimator(f, mean, log_var, n_samples=n_samples, seed=seed), name)
    assert_shape(found, (n_samples,), name, "return one estimate per sample, not their average")
    return found


@pytest.mark.points(1)
def test_reparam_evaluates_f_prime_at_samples_of_q(student, rules):
    for mean, log_var in GAUSSIANS:
        z = samples(
            student.reparam_gradient, "reparam_gradient", lambda v: v, mean, log_var, rules.n_samples
        )
        std = np.exp(0.5 * log_var)
        assert abs(z.mean() - mean) < rules.gradient_z * std / np.sqrt(len(z)), (
            f"with f'(z) = z the estimates should average to mean = {mean}, got {z.mean():.4f}"
        )
        assert np.isclose(z.std(), std, rtol=rules.std_rtol), (
            f"with f'(z) = z the estimates should have std exp(0.5 * log_var) = {std:.3f}, "
            f"got {z.std():.3f}: "
            "z = mean + exp(0.5 * log_var) * eps"
        )


@pytest.mark.points(1)
def test_score_function_multiplies_f_by_the_score(student, rules):
    for mean, log_var in GAUSSIANS:
        estimator = student.score_function_gradient
        found = samples(estimator, "score_function_gradient", np.ones_like, mean, log_var, rules.n_samples)
        if np.allclose(found, 1.0):
            pytest.fail(
                "score_function_gradient returned f(z): multiply by the score (z - mean) / exp(log_var)"
            )
        expected_std = np.exp(-0.5 * log_var)
        assert abs(found.mean()) < rules.gradient_z * expected_std / np.sqrt(len(found)), (
            f"with f = 1 the estimates should average to 0 (the score has mean 0), got {found.mean():.4f}"
        )
        assert np.isclose(found.std(), expected_std, rtol=rules.std_rtol), (
            f"with f = 1 the estimates (z - mean) / var should have std 1 / std = {expected_std:.3f}, got "
            f"{found.std():.3f}: divide by the variance exp(log_var), not by the std"
        )


@pytest.mark.points(1)
def test_both_are_unbiased(student, rules):
    cases = [  # f, f', analytic d/d(mean) E_q[f] as a function of (mean, var)
        ("z^2", lambda z: z**2, lambda z: 2 * z, lambda m, v: 2 * m),
        ("z^3", lambda z: z**3, lambda z: 3 * z**2, lambda m, v: 3 * m**2 + 3 * v),
    ]
    for mean, log_var in GAUSSIANS:
        for name, f, f_prime, gradient in cases:
            expected = gradient(mean, np.exp(log_var))
            for estimator, g in (("reparam_gradient", f_prime), ("score_function_gradient", f)):
                found = samples(getattr(student, estimator), estimator, g, mean, log_var, rules.n_samples)
                error = abs(found.mean() - expected)
                assert error < rules.gradient_z * found.std() / np.sqrt(len(found)), (
                    f"{estimator} for f(z) = {name}, mean {mean}, var {np.exp(log_var):.2f} averages to "
                    f"{found.mean():.4f}, expected the gradient {expected:.4f}"
                )


@pytest.mark.points(1)
def test_reparam_has_lower_variance_and_both_use_the_seed(student, rules):
    mean, log_var = GAUSSIANS[0]
    reparam = samples(student.reparam_gradient, "reparam_gradient", lambda z: 2 * z, mean, log_var, 10_000)
    score = samples(
        student.score_function_gradient, "score_function_gradient", np.square, mean, log_var, 10_000
    )
    assert reparam.var() < score.var(), (
        f"for f(z) = z^2 the reparametrization estimates should vary less than the score function's; "
        f"got variances {reparam.var():.3f} and {score.var():.3f}"
    )
    for name, f, first in (("reparam_gradient", lambda z: 2 * z, reparam),
                           ("score_function_gradient", np.square, score)):  # fmt: skip
        estimator = getattr(student, name)
        assert np.array_equal(first, samples(estimator, name, f, mean, log_var, 10_000)), (
            f"{name} gave two answers for one seed: draw from default_rng(seed)"
        )
        assert not np.array_equal(first, samples(estimator, name, f, mean, log_var, 10_000, seed=1)), (
            f"{name} gave the same samples for seeds 0 and 1: draw from default_rng(seed)"
        )
