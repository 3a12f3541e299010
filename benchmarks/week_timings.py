"""Per week: the solution notebook run top to bottom, the in-process judge of every question, and one
submission through real `nbgrader autograde`, in wall seconds on this machine.

Run: `.venv/bin/python benchmarks/week_timings.py [WEEK ...]` (default: every week in assignments/source).
Targets: a solution notebook under 180 s on 2 CPU cores; grading one submission under 60 s.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def run_notebook(path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(str(path), as_version=4)
    resources = {"metadata": {"path": str(ROOT)}}
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources=resources).execute()


def judge_all(week, path):
    import nbformat

    from autograder.checks.judge import run_question
    from autograder.checks.notebook_code import load_definitions
    from autograder.checks.results import available, earned

    cells = nbformat.read(str(path), as_version=4).cells
    questions = [
        c.metadata["nbgrader"]["grade_id"].removeprefix("test_")
        for c in cells
        if c.metadata.get("nbgrader", {}).get("grade")
    ]
    namespace = load_definitions(path)
    results = [r for q in questions for r in run_question(week, q, namespace)]
    return earned(results), available(results)


def autograde_one(week, path):
    from autograder.course import Course, totals

    with tempfile.TemporaryDirectory() as tmp:
        course = Course.create(Path(tmp) / "course", ROOT / "assignments" / "source", [week])
        course.generate(week)
        course.submit(week, "solution", path)
        grades, seconds = timed(course.autograde, week)
        return totals(grades)["solution"], seconds


def main(weeks):
    weeks = weeks or sorted(p.name for p in (ROOT / "assignments" / "source").iterdir() if p.is_dir())
    print("| week | solution notebook s | in-process judge s (score) | nbgrader autograde s (score) |")
    print("|---|---:|---:|---:|")
    for week in weeks:
        solution = ROOT / "solutions" / week / f"{week}.ipynb"
        _, notebook_s = timed(run_notebook, solution)
        (score, total), judge_s = timed(judge_all, week, solution)
        ((graded, graded_total), autograde_s) = autograde_one(week, solution)
        print(
            f"| {week} | {notebook_s:.1f} | {judge_s:.1f} ({score:g}/{total:g}) "
            f"| {autograde_s:.1f} ({graded:g}/{graded_total:g}) |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
