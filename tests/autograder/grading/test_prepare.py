"""The run notebook holds the course's locked cells whatever the submission did to them."""

import nbformat
import pytest

from autograder.grading.cells import grade_id
from autograder.grading.prepare import SEED_CELL, InvalidSubmission, prepare, read_submission

HIDDEN = "### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS"


def cell(kind, gid, source, points=None):
    meta = {"grade": kind == "tests", "solution": kind == "solution", "locked": kind != "solution",
            "grade_id": gid, "schema_version": 3}  # fmt: skip
    if points is not None:
        meta["points"] = points
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


@pytest.fixture
def source():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        cell("setup", "setup", "import math"),
        cell("solution", "answer", "def f(x):\n    return 2 * x"),
        cell("tests", "test_f", f"assert f(1) == 2\n{HIDDEN}", 2),
    ]
    return notebook


def submitted(source, edit):
    notebook = nbformat.from_dict(source)
    notebook.cells[1].source = "def f(x):\n    return x + x"
    notebook.cells[2].source = "assert f(1) == 2"  # the release has no hidden tests
    edit(notebook)
    return notebook


def sources(prepared):
    return [(grade_id(c), c.source) for c in prepared.notebook.cells[1:]]


def test_student_answer_kept_and_hidden_tests_restored(source):
    prepared = prepare(source, submitted(source, lambda nb: None))
    assert prepared.notebook.cells[0].source == SEED_CELL
    assert sources(prepared) == [
        ("setup", "import math"),
        ("answer", "def f(x):\n    return x + x"),
        ("test_f", source.cells[2].source),
    ]
    assert prepared.repairs == []


def test_edited_test_cell_and_raised_points_are_undone(source):
    def cheat(nb):
        nb.cells[2].source = "pass"
        nb.cells[2].metadata.nbgrader["points"] = 100

    prepared = prepare(source, submitted(source, cheat))
    test_cell = prepared.notebook.cells[3]
    assert test_cell.source == source.cells[2].source
    assert test_cell.metadata.nbgrader["points"] == 2


def test_deleted_cell_is_put_back_in_place_and_duplicate_dropped(source):
    def mangle(nb):
        nb.cells.insert(2, nbformat.from_dict(nb.cells[1]))  # duplicated answer
        del nb.cells[0]  # deleted setup

    prepared = prepare(source, submitted(source, mangle))
    assert [gid for gid, _ in sources(prepared)] == ["setup", "answer", "test_f"]
    assert prepared.repairs == ["dropped a duplicate of cell answer", "put back deleted cell setup"]


def test_unknown_grade_id_is_demoted_to_an_ordinary_cell(source):
    def plant(nb):
        nb.cells.append(cell("tests", "test_free_points", "pass", 50))

    prepared = prepare(source, submitted(source, plant))
    assert "nbgrader" not in prepared.notebook.cells[-1].metadata


def test_planted_outputs_are_cleared(source):
    def plant(nb):
        nb.cells[2].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2.0"})]

    prepared = prepare(source, submitted(source, plant))
    assert all(not c.get("outputs") for c in prepared.notebook.cells if c.cell_type == "code")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b'{"cells": [', "not a valid notebook"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"print('a script, not a notebook')", "not a valid notebook"),
    ],
)
def test_unreadable_submissions_are_invalid_with_a_reason(tmp_path, content, expected):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(content)
    with pytest.raises(InvalidSubmission, match=expected):
        read_submission(path)


def test_nbformat_3_notebook_is_upgraded(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
          "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 1", "language": "python",
                                     "outputs": [], "metadata": {}}], "metadata": {}}]}  # fmt: skip
    path = tmp_path / "old.ipynb"
    path.write_text(__import__("json").dumps(v3))
    assert read_submission(path).cells[0].source == "x = 1"


def test_judged_outside_the_kernel_test_cells_lose_their_hidden_tests_to_the_metadata(source):
    hidden = '### BEGIN HIDDEN TESTS\njudge("w", "q", globals())\n### END HIDDEN TESTS'
    source.cells[2].source = f"assert f(1) == 2\n{hidden}"
    student = submitted(source, lambda cells: None)
    student.cells[1].metadata["vaelab"] = {"judge": [["w", "planted"]], "results": [{"points": 99}]}
    student.cells[2].metadata["vaelab"] = {"results": [{"points": 99}]}
    run = prepare(source, student, outside=True).notebook
    test_cell = next(c for c in run.cells if grade_id(c) == "test_f")
    assert "HIDDEN" not in test_cell.source and "judge" not in test_cell.source
    assert test_cell.source.strip() == "assert f(1) == 2"
    assert test_cell.metadata["vaelab"] == {"judge": [["w", "q"]]}, "the course's judge call, nothing planted"
    assert all("vaelab" not in c.metadata for c in run.cells if grade_id(c) != "test_f")
