"""`vaelab grade` and plain `nbgrader autograde` give the same points, cell by cell, on correct, stub and
wrong submissions of the heaviest week and of the numpy week, there with a timed-out one too (a cell
interrupted at its timeout): vaelab judges them outside the kernel (autograder/grading/remote.py),
nbgrader inside it. For these weeks this nbgrader run is also the one that proves the release clean, the
solution worth full marks and the stub zero (tests/assignments/test_notebooks.py does it for the rest)."""

import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import Course, totals
from autograder.demo_class import make_demo_class

ROOT = Path(__file__).resolve().parents[3]
# (week, cell timeout in seconds for its timed-out submission: the infinite loop is interrupted there
# by both graders, after every honest cell has had the time it needs; None: no timed-out submission,
# since the loop costs both graders a whole notebook run more, and 03 shows the timeout policy agrees)
WEEKS = [("04_vae", None), ("03_variational_inference", 10)]


@pytest.mark.slow
@pytest.mark.parametrize(("WEEK", "CELL_TIMEOUT"), WEEKS, ids=[week for week, _ in WEEKS])
def test_vaelab_grade_agrees_with_nbgrader_autograde(
    make_course, release_leaks, tmp_path, WEEK, CELL_TIMEOUT  # noqa: N803
):
    course = make_course([WEEK], ROOT / "assignments" / "source")
    course.generate(WEEK)
    assert release_leaks(course, WEEK) == []  # as tests/assignments/test_notebooks.py checks of the rest
    make_demo_class(WEEK, course.released_notebook(WEEK), tmp_path / "class", mutants=1)
    # A kernel that dies makes nbgrader fail the submission (no grade to compare): crashes are compared
    # between forked and plain kernels in test_batch.py.
    looping = ["infinite_loop"] if CELL_TIMEOUT else []
    students = ["perfect", "stub", *looping, *(p.name for p in (tmp_path / "class").glob("wrong_*"))]
    subset = tmp_path / "subset"
    for sid in students:
        notebook = tmp_path / "class" / sid / f"{WEEK}.ipynb"
        course.submit(WEEK, sid, notebook)
        (subset / sid).mkdir(parents=True)
        (subset / sid / f"{WEEK}.ipynb").write_bytes(notebook.read_bytes())
    timeout = ["--cell-timeout", str(CELL_TIMEOUT)] if CELL_TIMEOUT else []
    by_nbgrader = course.autograde(WEEK, cell_timeout=CELL_TIMEOUT)
    expected = {(g.student_id, g.cell_id): g.score for g in by_nbgrader}
    # What tests/assignments/test_notebooks.py checks of the other weeks: one nbgrader run serves both.
    scores = totals(by_nbgrader)
    assert scores["perfect"][0] == scores["perfect"][1] > 0 and scores["stub"] == (0.0, scores["perfect"][1])

    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "grade", WEEK, str(subset), "--out", str(out), "--jobs", "2",
         "--source", str(ROOT / "assignments" / "source"), *timeout],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    vaelab = Course(out / ".vaelab" / "course", db_url=f"sqlite:///{out / 'gradebook.db'}")
    grades = vaelab.grades(WEEK)
    found = {(g.student_id, g.cell_id): g.score for g in grades}
    assert found == expected
    full = sum(g.max_score for g in grades if g.student_id == "perfect")
    assert full > 0 and sum(v for (sid, _), v in found.items() if sid == "perfect") == full
    if looping:
        looped = {cell: score for (sid, cell), score in found.items() if sid == "infinite_loop"}
        assert sum(looped.values()) == full, "the loop is interrupted and every graded cell after it runs"
    wrong = [sid for (sid, _) in found if sid.startswith("wrong_")]
    assert wrong and all(sum(v for (s, _), v in found.items() if s == sid) < full for sid in set(wrong))
