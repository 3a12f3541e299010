"""Seeding before graded work, so a submission gets the same score on every run and worker count."""

import random
import sys

import numpy as np


def reseed(seed, student=None):
    """Seed Python, numpy and Keras, here and, for a judge outside the kernel, in the student's kernel.

    Keras is seeded only where it is already imported: a numpy-only week never pays for importing it.
    student: the judge's `student` namespace; a KernelNamespace (autograder/grading/remote.py) seeds
    its kernel the same way (autograder/probe.py), since that is where student code draws its numbers.
    """
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
    in_kernel = getattr(type(student), "reseed", None)
    if in_kernel is not None:
        in_kernel(student, seed)
