"""Fixtures every week's hidden autograder shares. Each week's own conftest.py defines `rules` (session
scope), the one place its grade-deciding constants live (its `seed` included).

A fixture that trains and is read by several tests is module-scoped, so the grader trains once per
question, not once per test; it calls `reseed(rules.seed, student)` first, since module fixtures are set up
before the per-test seeding below.
"""

import pytest

from autograder.checks.datasets import bundled_mnist
from autograder.checks.seeding import reseed


@pytest.fixture(autouse=True)
def _seeded(rules, student):
    """Seed Python, numpy and Keras before every test, so a submission gets the same score every run."""
    reseed(rules.seed, student)


@pytest.fixture(scope="session")
def mnist():
    """The bundled split every grade uses: ((x_train, y_train), (x_test, y_test))."""
    return bundled_mnist()
