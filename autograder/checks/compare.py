"""Comparing a student's numbers with the reference's, naming the likely mistake when they differ."""

import numpy as np


def assert_shape(found, expected, what, hint=""):
    if found.shape != tuple(expected):
        raise AssertionError(
            f"{what} returned shape {found.shape}, expected {tuple(expected)}" + (f": {hint}" if hint else "")
        )


def assert_matches(found, expected, what, rtol, atol, mistakes=()):
    """AssertionError unless found ~ expected; `mistakes` is [(values a known mistake gives, hint)]."""
    if np.allclose(found, expected, rtol=rtol, atol=atol):
        return
    for wrong, hint in mistakes:
        if np.shape(wrong) == np.shape(found) and np.allclose(found, wrong, rtol=rtol, atol=atol):
            raise AssertionError(f"{what} is off: {hint}")
    index = np.unravel_index(np.argmax(np.abs(found - expected)), np.shape(found)) if np.ndim(found) else ()
    position = f" at index {tuple(int(i) for i in index)}" if index else ""
    found_value, expected_value = np.asarray(found)[index], np.asarray(expected)[index]
    raise AssertionError(f"{what} returned {found_value:.6g}{position}, expected {expected_value:.6g}")
