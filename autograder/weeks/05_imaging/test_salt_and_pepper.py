"""add_salt_and_pepper(x, amount, seed): a fraction `amount` of values set to 0 or 1, half each."""

import numpy as np
import pytest

from autograder.checks.arrays import images_like


def corrupted(student, x, amount, seed):
    hint = "draw one random number per element, e.g. rng.random(x.shape)"
    found = student.add_salt_and_pepper(x, amount=amount, seed=seed)
    return images_like(found, x, "add_salt_and_pepper", hint)


@pytest.mark.points(1)
def test_same_shape_float32_seeded_and_input_untouched(student):
    x = np.random.default_rng(0).uniform(0.2, 0.8, (6, 16, 16, 3)).astype("float32")
    before = x.copy()
    first = student.add_salt_and_pepper(x, amount=0.2, seed=3)
    assert np.array_equal(x, before), (
        "add_salt_and_pepper changed its input: copy it first (out = np.array(x, dtype=np.float32))"
    )
    assert np.asarray(first).dtype == np.float32, (
        f"add_salt_and_pepper returned {np.asarray(first).dtype} values, expected float32"
    )
    again = corrupted(student, x, 0.2, 3)
    assert np.array_equal(corrupted(student, x, 0.2, 3), again), (
        "add_salt_and_pepper(x, seed=3) gave different results on two calls: draw from "
        "np.random.default_rng(seed), not from the global generator"
    )
    assert not np.array_equal(again, corrupted(student, x, 0.2, 4)), "seeds 3 and 4 gave the same pixels"


@pytest.mark.points(1)
def test_hits_the_requested_fraction_half_salt_half_pepper(student, rules):
    grey = np.full((100, 28, 28, 3), 0.5, dtype="float32")
    found = corrupted(student, grey, 0.2, 0)
    changed = found != 0.5
    assert set(np.unique(found[changed]).tolist()) <= {0.0, 1.0}, (
        "some changed values are neither 0 nor 1: set the hit pixels to exactly 0 (pepper) or 1 (salt)"
    )
    fraction, salt = float(np.mean(changed)), float(np.mean(found == 1.0))
    assert fraction == pytest.approx(0.2, abs=rules.fraction_tol), (
        f"with amount=0.2 you changed {fraction:.1%} of the values, expected 20%: pick each value with "
        "probability amount (rng.random(x.shape) < amount), then choose salt or pepper for it"
    )
    assert salt == pytest.approx(0.1, abs=rules.fraction_tol), (
        f"{salt:.1%} of the values became salt (1) and {fraction - salt:.1%} pepper (0), expected half of "
        "the hits each"
    )
