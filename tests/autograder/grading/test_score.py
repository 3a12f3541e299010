"""Points from executed cells follow nbgrader's rule, except that stderr never zeroes a cell."""

import nbformat

from autograder.checks.judge import RESULTS_MIMETYPE
from autograder.grading.score import score_notebook


def graded(outputs, points=3, executed=True):
    meta = {"grade": True, "solution": False, "locked": True, "grade_id": "test_q", "points": points,
            "schema_version": 3}  # fmt: skip
    cell = nbformat.v4.new_code_cell("...", metadata={"nbgrader": meta})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell.execution_count = 1 if executed else None
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [cell]
    return notebook


STDERR = {"output_type": "stream", "name": "stderr", "text": "TF warning\n"}
ERROR = {"output_type": "error", "ename": "AssertionError", "evalue": "shape (), expected (3,)",
         "traceback": []}  # fmt: skip


def result(value):
    return {"output_type": "execute_result", "data": {"text/plain": value}, "metadata": {},
            "execution_count": 1}  # fmt: skip


def test_clean_cell_gets_full_points_even_with_stderr():
    (row,) = score_notebook(graded([STDERR]), "w")
    assert (row.points, row.max_points, row.passed) == (3.0, 3.0, True)


def test_error_scores_zero_with_the_message():
    (row,) = score_notebook(graded([STDERR, ERROR]), "w")
    assert row.points == 0.0 and "AssertionError: shape (), expected (3,)" in row.message


def test_numeric_result_is_partial_credit():
    (row,) = score_notebook(graded([result("2.0")]), "w")
    assert row.points == 2.0 and not row.passed


def test_published_rows_explain_the_points():
    rows = [
        {"week": "w", "question": "q", "test_id": "test_a", "points": 2.0, "max_points": 2.0,
         "passed": True, "message": "", "hidden": True},
        {"week": "w", "question": "q", "test_id": "test_b", "points": 0.0, "max_points": 1.0,
         "passed": False, "message": "wrong sign", "hidden": True},
    ]  # fmt: skip
    display = {"output_type": "display_data", "data": {RESULTS_MIMETYPE: rows}, "metadata": {}}
    found = score_notebook(graded([display, result("2.0")]), "w")
    summary = [(r.test_id, r.points, r.question) for r in found]
    assert summary == [("test_a", 2.0, "test_q"), ("test_b", 0.0, "test_q")]


def test_forged_rows_that_disagree_with_the_cell_are_ignored():
    rows = [{"week": "w", "question": "q", "test_id": "test_a", "points": 3.0, "max_points": 3.0,
             "passed": True, "message": "", "hidden": True}]  # fmt: skip
    display = {"output_type": "display_data", "data": {RESULTS_MIMETYPE: rows}, "metadata": {}}
    (row,) = score_notebook(graded([display, result("1.0")]), "w")
    assert row.test_id == "test_q" and row.points == 1.0


def test_unexecuted_cell_scores_zero_and_says_why():
    (row,) = score_notebook(graded([], executed=False), "w", not_run_reason="ran past the 60 s budget")
    assert row.points == 0.0 and row.message == "not run: ran past the 60 s budget"


def judged_outside(outputs, results=None):
    notebook = graded(outputs, points=3)
    notebook.cells[0].metadata["vaelab"] = {"judge": [["w", "q"]]}
    if results is not None:
        notebook.cells[0].metadata["vaelab"]["results"] = results
    return notebook


ROW = {"week": "w", "question": "q", "test_id": "test_a", "points": 1.0, "max_points": 1.0, "passed": True,
       "message": ""}  # fmt: skip


def test_a_cell_judged_outside_scores_the_workers_results_not_what_the_kernel_printed():
    fake = {"output_type": "display_data", "data": {RESULTS_MIMETYPE: [dict(ROW, test_id="t", points=3.0)]},
            "metadata": {}}  # fmt: skip
    rows = score_notebook(judged_outside([result("3.0"), fake], [ROW, dict(ROW, test_id="test_b", points=0.0,
                                                                         passed=False)]), "w")  # fmt: skip
    assert [(r.test_id, r.points) for r in rows] == [("test_a", 1.0), ("test_b", 0.0)]


def test_a_cell_judged_outside_scores_zero_when_its_visible_tests_fail_or_it_was_never_judged():
    (failed,) = score_notebook(judged_outside([ERROR], [ROW]), "w")
    (unjudged,) = score_notebook(judged_outside([result("3.0")]), "w")
    assert failed.points == unjudged.points == 0.0
    assert "visible test failed" in failed.message and unjudged.message == "not judged"
