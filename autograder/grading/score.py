"""Judge an executed notebook: the points of each graded cell and one row per hidden test.

Points follow nbgrader's rule (an error scores 0, a number as the cell's result is partial credit,
anything else full marks) with one deliberate difference: output on stderr does not zero a cell,
so TensorFlow's warnings never cost points while a real error still does. A cell judged outside the
kernel (autograder/grading/remote.py) scores what the worker's tests gave, recorded in its metadata
by the worker; nothing the kernel printed counts, and an error in its visible tests still scores 0.
"""

import copy
import json
from dataclasses import replace

from nbgrader.utils import determine_grade

from autograder.checks.judge import RESULTS_MIMETYPE
from autograder.checks.results import TestResult
from autograder.grading.cells import error_text, is_graded_test, nbgrader_meta


def _published(cell):
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if output.get("output_type") == "display_data" and RESULTS_MIMETYPE in data:
            payload = data[RESULTS_MIMETYPE]
            return json.loads(payload) if isinstance(payload, str) else payload
    return None


def cell_points(cell):
    """nbgrader's points for an executed graded cell, stderr outputs ignored."""
    quiet = copy.deepcopy(cell)
    quiet.outputs = [o for o in quiet.get("outputs", []) if o.get("name") != "stderr"]
    score, _ = determine_grade(quiet)
    return float(score or 0.0)


def score_notebook(notebook, week, not_run_reason=""):
    """TestResults for every graded cell of an executed notebook; unexecuted cells score 0."""
    results = []
    for cell in filter(is_graded_test, notebook.cells):
        meta = nbgrader_meta(cell)
        gid, max_points = meta["grade_id"], float(meta.get("points", 0))
        ran = cell.get("execution_count") is not None or cell.get("outputs")
        if not ran:
            message = f"not run: {not_run_reason}" if not_run_reason else "not run"
            results.append(TestResult(week, gid, gid, 0.0, max_points, False, message))
            continue
        outside = cell.get("metadata", {}).get("vaelab", {})
        if "judge" in outside:
            results.extend(_rows_judged_outside(cell, outside, week, gid, max_points))
            continue
        points, error, published = cell_points(cell), error_text(cell), _published(cell)
        if published and not error:
            # Rows are filed under the graded cell they came from, as the gradebook knows it.
            rows = [replace(TestResult(**row), question=gid) for row in published]
            # The cell's points are what counts (nbgrader's rule); rows only explain them.
            if abs(sum(r.points for r in rows) - points) < 1e-9:
                results.extend(rows)
                continue
        message = f"visible test failed: {error}" if error else ""
        results.append(TestResult(week, gid, gid, points, max_points, points >= max_points, message))
    return results


def _rows_judged_outside(cell, outside, week, gid, max_points):
    """Rows of a cell judged outside the kernel: the worker's own results, never what the kernel printed."""
    error = error_text(cell)
    if error or "results" not in outside:
        message = f"visible test failed: {error}" if error else "not judged"
        return [TestResult(week, gid, gid, 0.0, max_points, False, message)]
    return [replace(TestResult(**row), question=gid) for row in outside["results"]]
