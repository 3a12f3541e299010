"""OUT is made an nbgrader course once: a resumed or repeated batch of the same source into the same
gradebook keeps the release nbgrader generated, and anything that would change it generates it again."""

import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest

from autograder.grading.course_layout import prepare_course

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"


def released_at(course):
    return course.released_notebook(WEEK).stat().st_mtime_ns


@pytest.mark.slow
def test_the_release_is_generated_again_only_when_its_source_or_gradebook_changed(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "assignments" / "source" / WEEK, source / WEEK)
    out = tmp_path / "out"
    db_url = f"sqlite:///{out / 'gradebook.db'}"

    first = released_at(prepare_course(WEEK, source, out, db_url))
    assert released_at(prepare_course(WEEK, source, out, db_url)) == first, "same source: the release is kept"

    notebook = nbformat.read(str(source / WEEK / f"{WEEK}.ipynb"), as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("One more sentence for the students."))
    nbformat.write(notebook, str(source / WEEK / f"{WEEK}.ipynb"))
    second = released_at(prepare_course(WEEK, source, out, db_url))
    assert second != first, "a changed source is released again"
    released = nbformat.read(str(out / "release" / WEEK / f"{WEEK}.ipynb"), as_version=4)
    assert released.cells[-1].source == "One more sentence for the students."

    with sqlite3.connect(out / "gradebook.db") as db:
        db.execute("DELETE FROM notebook")
        db.execute("DELETE FROM assignment")
    assert released_at(prepare_course(WEEK, source, out, db_url)) != second, (
        "a gradebook that lost the assignment gets it again"
    )
    with sqlite3.connect(out / "gradebook.db") as db:
        assert db.execute("SELECT count(*) FROM assignment").fetchone()[0] == 1
