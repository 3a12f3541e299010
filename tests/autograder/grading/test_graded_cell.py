"""A graded cell of a week judged outside the kernel runs in the worker, on the kernel: its visible code
once (the names it binds land in the kernel's globals, what it and the kernel print is its output), its
failure an error output with the student's own exception name, and no hidden test after a failure."""

import time

import nbformat
import pytest

from autograder.grading.graded_cell import run_graded_cell, run_visible_code
from autograder.grading.remote import KernelLink, KernelNamespace

STUDENT = """
import numpy as np

calls = []

class Model:
    def fit(self, x, epochs):
        calls.append(epochs)
        print(f"epoch {epochs}/{epochs}")
        return {"loss": [2.0, 1.0]}

def build():
    return Model()

class StubError(Exception):
    pass

def stub():
    raise StubError("write this function")
"""


@pytest.fixture
def kernel(start_kernel_with):
    return start_kernel_with(STUDENT)


@pytest.fixture
def link(kernel):
    link = KernelLink(kernel.connection_file, time.monotonic() + 30, alive=kernel.is_alive)
    yield link
    link.close()


def test_visible_code_runs_once_and_its_names_land_in_the_kernel(link):
    outputs = []
    code = "model = build()\nhistory = model.fit(np.ones(3), epochs=2)\nprint('trained:', history['loss'])"
    assert run_visible_code(code, link, outputs) is None
    student = KernelNamespace(link)
    assert student.calls == [2], "the training ran once, in the kernel"
    assert student.history == {"loss": [2.0, 1.0]} and student.model.fit is not None
    text = "".join(o.text for o in outputs if o.output_type == "stream")
    assert text == "epoch 2/2\ntrained: [2.0, 1.0]\n", "the kernel's print first, then the worker's"


def test_a_failing_visible_code_is_an_error_named_as_in_the_kernel(link):
    outputs = []
    error = run_visible_code("_value = 1\nstub()", link, outputs)
    assert error.ename == "StubError" and error.evalue == "write this function"
    assert KernelNamespace(link)._value == 1, "what it bound before failing is bound, as in the kernel"


def test_a_graded_cell_whose_visible_code_fails_runs_no_hidden_test(link):
    cell = nbformat.v4.new_code_cell("stub()", metadata={
        "nbgrader": {"grade": True, "grade_id": "test_stub", "points": 3, "locked": True},
        "vaelab": {"judge": [["03_variational_inference", "elbo"]]}})  # fmt: skip
    graded = run_graded_cell(cell, link)
    assert [r.test_id for r in graded.results] == ["test_stub"]
    assert graded.results[0].points == 0 and graded.results[0].max_points == 3
    assert graded.results[0].message == "visible test failed: StubError: write this function"
    assert graded.outputs[-1].output_type == "error"


def test_what_one_graded_cell_kept_in_the_kernel_the_next_does_not_see(link):
    first = KernelNamespace(link)
    model = first.build()
    assert link.handles, "the first cell's request kept the model in the kernel"
    link.forget()
    assert link.handles == {} and link.release_before_next
    assert KernelNamespace(link).calls == [], "the next request works on the same kernel"
    assert not link.release_before_next, "the kernel dropped what the first cell kept"
    with pytest.raises(KeyError):  # the kernel no longer knows the first cell's model
        model.fit(None, epochs=1)
