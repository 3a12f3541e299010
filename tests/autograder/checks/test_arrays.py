"""Messages about what a student's code returned name its type as the student wrote it, also when the
object lives in the student's kernel and the judge holds only a handle to it."""

import numpy as np
import pytest

from autograder.checks.arrays import outputs_list, to_numpy


class InKernel:
    """Stands for remote.Handle: an object in the kernel, whose type only the kernel knows."""

    def type_name(self):
        return "SimpleNamespace"


def test_to_numpy_converts_what_it_can():
    assert to_numpy([1, 2], "f").dtype == np.float64


@pytest.mark.parametrize("value, named", [(InKernel(), "SimpleNamespace"), ({"a": 1}, "dict")])
def test_a_value_that_is_no_array_is_named_by_its_own_type(value, named):
    with pytest.raises(AssertionError, match=f"the encoder returned {named}, not a tensor or array"):
        to_numpy(value, "the encoder")


def test_a_single_output_in_the_kernel_is_named_by_its_own_type():
    with pytest.raises(AssertionError, match="returned a single SimpleNamespace, expected a list"):
        outputs_list(InKernel(), 3, "the encoder")
