"""Tests for autograder/similarity/answers.py: which code of a submitted notebook is the student's own."""

import nbformat
import pytest

from autograder.grading.cells import grade_id, nbgrader_meta
from autograder.grading.outcome import Submission
from autograder.similarity.answers import MAX_CODE_CHARS, answers_of, released_stub

WEEK = "04_vae"


@pytest.fixture(scope="module")
def stub(planted):
    return released_stub(planted.source_path(WEEK), WEEK)


def submitted(tmp_path, notebook, name="student"):
    path = tmp_path / name / f"{WEEK}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(notebook, bytes):
        path.write_bytes(notebook)
    else:
        nbformat.write(notebook, str(path))
    return Submission(name, path)


def test_stub_holds_each_answer_cell_as_released_without_solution_or_hidden_code(stub, planted):
    source = nbformat.read(str(planted.source_path(WEEK)), as_version=4)
    assert stub.answer_ids == tuple(grade_id(c) for c in source.cells if nbgrader_meta(c).get("solution"))
    for _, code in stub.cells:
        assert "raise NotImplementedError()" in code
    for code in stub.code:
        assert "BEGIN SOLUTION" not in code and "BEGIN HIDDEN TESTS" not in code
        assert "judge(" not in code
    assert any("assert" in code for code in stub.code), "the visible tests are boilerplate too"


@pytest.mark.slow
def test_stub_is_what_nbgrader_releases(stub, planted, make_course):
    course = make_course([WEEK], planted.ROOT / "assignments" / "source")
    course.generate(WEEK)
    released = nbformat.read(str(course.released_notebook(WEEK)), as_version=4)
    assert list(stub.code) == [c.source for c in released.cells if c.cell_type == "code"]


def test_only_answer_cells_count_and_a_deleted_one_is_the_stub(tmp_path, stub, planted):
    notebook = planted.solution_notebook(WEEK)
    cells = {grade_id(c): c for c in notebook.cells}
    notebook.cells.remove(cells["decoder"])
    duplicate = nbformat.from_dict(cells["encoder"])
    duplicate.id = "encoder-again"
    duplicate.source = "def build_vae_encoder():\n    return 'the second copy'"
    notebook.cells.append(duplicate)
    notebook.cells.append(nbformat.v4.new_code_cell("print('a cell of my own')"))
    marked = nbformat.v4.new_code_cell("print('marked as mine')")
    marked.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "my_own", "locked": False}
    notebook.cells.append(marked)
    answers = answers_of(submitted(tmp_path, notebook), stub)
    assert answers.problem == ""
    assert [gid for gid, _ in answers.cells] == list(stub.answer_ids)
    code = dict(answers.cells)
    assert code["decoder"] == dict(stub.cells)["decoder"]
    assert code["encoder"] == cells["encoder"].source
    everything = "".join(code for _, code in answers.cells)
    assert "a cell of my own" not in everything and "marked as mine" not in everything


def test_hidden_test_regions_never_reach_the_answers(tmp_path, stub, planted):
    notebook = planted.with_answers(planted.solution_notebook(WEEK), {
        "kl_divergence": "x = 1\n### BEGIN HIDDEN TESTS\nsecret = 2\n### END HIDDEN TESTS\ny = 3\n",
    })  # fmt: skip
    answers = answers_of(submitted(tmp_path, notebook), stub)
    assert dict(answers.cells)["kl_divergence"] == "x = 1\ny = 3\n"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b'{"cells": [', "not a valid notebook"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not UTF-8"),
        (b'{"cells": ["cell"], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "not a valid notebook"),
    ],
    ids=["empty", "truncated_json", "pdf", "cell_not_an_object"],
)
def test_unreadable_notebook_is_a_problem_not_an_error(tmp_path, stub, content, words):
    answers = answers_of(submitted(tmp_path, content), stub)
    assert words in answers.problem and answers.cells == ()


def test_a_problem_found_while_collecting_is_kept(stub):
    answers = answers_of(Submission("late", None, problem="no .ipynb notebook found (got: essay.pdf)"), stub)
    assert answers.problem == "no .ipynb notebook found (got: essay.pdf)"


def test_notebook_of_another_week_is_not_compared(tmp_path, stub, planted):
    other = planted.solution_notebook("03_variational_inference")  # shares 'setup' and 'kl_divergence'
    answers = answers_of(submitted(tmp_path, other), stub)
    assert answers.problem.startswith("not a notebook of 04_vae:")
    assert "gaussian_log_density" in answers.problem
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def kl_divergence(): pass")])
    answers = answers_of(submitted(tmp_path, bare, "bare"), stub)
    assert answers.problem.startswith("not a notebook of 04_vae: none of its answer cells")


def test_answers_past_the_size_cap_are_left_to_the_ta(tmp_path, stub, planted):
    huge = planted.with_answers(planted.solution_notebook(WEEK), {"generation": "#" * (MAX_CODE_CHARS + 1)})
    answers = answers_of(submitted(tmp_path, huge), stub)
    assert "read it by hand" in answers.problem
