"""Training the notebook already did under the graded budget, found instead of done again.

A week whose notebook trains a student's model exactly as its grader would (a read-only cell: seeded,
built, compiled and fit on the grader's data with the grader's budget) lets its hidden tests evaluate
what that cell left in the kernel. Where the cell did not run (`vaelab verify` judges the definitions
alone), or did not train on the grader's data (a student's own corruption of the images), the tests
train the model themselves, the same way, and get the same model.
"""

import math

import numpy as np

from autograder.checks.kinds import run_beside


def left_by_the_notebook(student, *names):
    """The kernel's values of `names` (bound by a read-only training cell), or None if one is missing."""
    try:
        return tuple(getattr(student, name) for name in names)
    except (AttributeError, NameError):
        return None


def fit_with_budget(history, epochs, images, batch_size):
    """Whether `history` (a Keras History) comes from one fit() of `epochs` over `images` in `batch_size`."""
    try:
        params = history.params
    except (AttributeError, NameError):
        return False
    steps = math.ceil(images / batch_size)
    return isinstance(params, dict) and (params.get("epochs"), params.get("steps")) == (epochs, steps)


def left_with_budget(student, names, epochs, images, batch_size):
    """(the kernel's values of names[:-1]..., per-epoch losses) when the last name is the History of one
    fit() of `epochs` over `images` in `batch_size` (see fit_with_budget); else None."""
    left = left_by_the_notebook(student, *names)
    if left is None or not fit_with_budget(left[-1], epochs, images, batch_size):
        return None
    return (*left[:-1], left[-1].history["loss"])


def fit_with_mse(model, x, y, epochs, batch_size, learning_rate):
    """The grader's own training of a model (compiled here with Adam and MSE, fit on shuffled batches):
    its per-epoch losses. The notebooks' read-only training cells do the same."""
    import keras

    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    return history.history["loss"]


def assert_loss_falls(losses):
    """AssertionError unless the per-epoch training losses are finite and the last is below the first."""
    assert len(losses) > 0 and np.all(np.isfinite(losses)), f"training reported losses {losses}"
    assert losses[-1] < losses[0], f"the training loss did not fall: {losses}"


def fingerprint(array):
    """shape, dtype and SHA-256 of an array's values, computed where it lives (sent there as source)."""
    import hashlib

    array = np.ascontiguousarray(array)
    return list(array.shape), array.dtype.str, hashlib.sha256(array.view("uint8")).hexdigest()


def same_values(student, value, expected):
    """Whether `value` (the kernel's, left by the notebook) holds exactly the grader's `expected` array;
    compared by fingerprint where it lives, so that nothing large crosses."""
    try:
        found = run_beside(student, fingerprint, value)
    except Exception:  # noqa: BLE001 - not an array: not the grader's data
        return False
    return tuple(found) == tuple(fingerprint(expected))
