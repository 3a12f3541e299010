"""The 03_variational_inference autograder's fixtures; RULES (grading constants) come from rules.toml."""

import types
from pathlib import Path

import numpy as np
import pytest

from autograder.week import load_rules

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


@pytest.fixture(scope="session")
def rules():
    return RULES



def gaussian_pair(batch, dim, seed):
    """Random (mean_q, log_var_q, mean_p, log_var_p), each (batch, dim) float64."""
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(0.0, scale, (batch, dim)) for scale in (1.0, 0.5, 1.0, 0.5))


@pytest.fixture
def gaussians():
    return gaussian_pair


def toy_case():
    """The toy model (w, b, sigma), ten observations x drawn from it, and a random q per observation."""
    from reference.variational_inference import linear_gaussian_posterior

    rng = np.random.default_rng(4)
    w, b, sigma = RULES.w, RULES.b, RULES.sigma
    x = rng.normal(b, np.sqrt(w**2 + sigma**2), 10)
    post_mean, post_log_var = linear_gaussian_posterior(x, w, b, sigma)
    q_mean = post_mean + rng.normal(0.0, 1.0, 10)
    q_log_var = post_log_var + rng.normal(0.0, 0.7, 10)
    return types.SimpleNamespace(w=w, b=b, sigma=sigma, x=x, post_mean=post_mean, post_log_var=post_log_var,
                                 q_mean=q_mean, q_log_var=q_log_var)  # fmt: skip


@pytest.fixture
def toy():
    return toy_case()
