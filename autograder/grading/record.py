"""Record graded submissions: one JSON file each (the commit point), then the CSVs (nbgrader's gradebook:
gradebook.py).

Every file is written whole to a temporary name and renamed into place (`atomic.py`), so a grader
killed at any moment leaves either the old file or the new one, never a partial row.
"""

import csv
import io
import json
from pathlib import Path

from autograder.grading.atomic import write_atomic
from autograder.grading.outcome import SubmissionResult

# score = raw_score - late_penalty, as `nbgrader export` has it; raw_score holds a TA's manual scores.
GRADES_COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "reason", "flags", "raw_score",
                  "late_penalty", "submitted_at", "lateness", "manual_grades"]  # fmt: skip
TESTS_COLUMNS = ["student_id", "test_id", "points", "max_points", "status", "message"]


class ResultStore:
    """The per-submission result files of one batch, under OUT/.vaelab/results/."""

    def __init__(self, out):
        self.dir = Path(out) / ".vaelab" / "results"

    def path(self, student_id):
        return self.dir / f"{student_id}.json"

    def save(self, result):
        write_atomic(self.path(result.student_id), json.dumps(result.to_dict(), indent=1))

    def load(self, student_id):
        try:
            return SubmissionResult.from_dict(json.loads(self.path(student_id).read_text()))
        except (OSError, ValueError, TypeError):
            return None


def _csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csvs(out, results):
    """grades.csv (one row per submission) and tests.csv (one row per test), sorted by student."""
    ordered = sorted(results, key=lambda r: r.student_id)
    grades = [(r.student_id, r.assignment, f"{r.score:g}", f"{r.max_score:g}", r.status, r.reason,
               "; ".join(r.flags), f"{r.raw_score:g}", f"{r.late_penalty:g}", r.submitted_at, r.lateness,
               "; ".join(r.manual_grades)) for r in ordered]  # fmt: skip
    tests = [
        (r.student_id, t.test_id, f"{t.points:g}", f"{t.max_points:g}", "passed" if t.passed else "failed",
         t.message)
        for r in ordered
        for t in r.tests
    ]  # fmt: skip
    write_atomic(Path(out) / "grades.csv", _csv(GRADES_COLUMNS, grades))
    write_atomic(Path(out) / "tests.csv", _csv(TESTS_COLUMNS, tests))
