"""Fixtures every week's hidden autograder shares. Each week's own conftest.py defines `limits`, the one
place its grade-deciding constants live (its `seed` included)."""

import random
import sys

import numpy as np
import pytest

from autograder.checks.cache import memo


@pytest.fixture(autouse=True)
def _seeded(limits):
    """Seed Python, numpy and Keras before every test, so a submission gets the same score every run.

    Keras is seeded only where the week uses it: a numpy-only week never pays for importing it.
    """
    random.seed(limits.seed)
    np.random.seed(limits.seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(limits.seed)


@pytest.fixture(scope="session")
def mnist():
    """The bundled split every grade uses: ((x_train, y_train), (x_test, y_test))."""
    from autograder.student import load_mnist

    return memo("mnist-bundled", lambda: load_mnist(source="bundled"))
