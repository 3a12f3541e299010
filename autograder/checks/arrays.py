"""Turning whatever a student's code returns into numpy, with a message when it cannot be."""

import numpy as np

from autograder.checks.kinds import type_name


def to_numpy(value, what):
    """`value` (tensor, array, number) as a float64 numpy array; AssertionError naming `what` if not."""
    try:
        # Arrays, numbers and eager tensors convert directly: numpy-only weeks never import Keras.
        return np.asarray(value, dtype=np.float64)
    except Exception:  # noqa: BLE001, S110 - fall through to Keras' own conversion
        pass
    try:
        import keras

        return np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float64)
    except Exception as err:  # noqa: BLE001 - any failure here is the student's return value
        raise AssertionError(f"{what} returned {type_name(value)}, not a tensor or array") from err


def images_like(value, x, what, hint):
    """`value` (what a function of images returned for the images x) as numpy, checked to have x's shape;
    AssertionError naming `what` and `hint` if not."""
    found = to_numpy(value, what)
    assert found.shape == x.shape, (
        f"{what} returned shape {found.shape} for images of shape {x.shape}: {hint}"
    )
    return found


def outputs_list(value, n, what):
    """A model's outputs as a list of `n` numpy arrays, accepting a list or a tuple."""
    assert isinstance(value, (list, tuple)), (
        f"{what} returned a single {type_name(value)}, expected a list [z_mean, z_log_var, z]"
    )
    assert len(value) == n, f"{what} returned {len(value)} outputs, expected {n}: [z_mean, z_log_var, z]"
    return [to_numpy(v, what) for v in value]
