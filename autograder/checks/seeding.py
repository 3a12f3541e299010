"""Seeding before graded work, so a submission gets the same score on every run and worker count."""

import random
import sys

import numpy as np


def reseed(seed):
    """Seed Python, numpy and Keras.

    Keras is seeded only where it is already imported: a numpy-only week never pays for importing it.
    """
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
