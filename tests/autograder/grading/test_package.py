"""What importing the grading package does to a grader process, and what it leaves alone; nbgrader's
commands as vaelab starts them."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook, get_alembic_version

from autograder.course import NBGRADER_MAIN
from autograder.grading.gradebook import schema_head

ROOT = Path(__file__).resolve().parents[3]


def python(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_nbformat_validates_notebooks_without_building_iri_parsers():
    # jsonschema is held below 4.25 (pyproject.toml): from 4.25 its import builds rfc3987_syntax's 38 lark
    # parsers, 2.4 s of every process that imports nbformat. A notebook still validates (an invalid one not).
    found = python(
        "import sys, nbformat\n"
        f"nb = nbformat.read({str(ROOT / 'solutions' / '04_vae' / '04_vae.ipynb')!r}, as_version=4)\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'not a cell type'\n"
        "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('invalid')\n"
        "print('rfc3987_syntax' in sys.modules)"
    )
    assert found == ["invalid", "False"]


def test_a_kernels_imports_are_left_alone():
    # A kernel imports the student helpers, never the grading package: a student's own import works.
    found = python("import sys, autograder.student\nprint('autograder.grading' in sys.modules)")
    assert found == ["False"]


def test_nbgraders_commands_stamp_a_new_gradebook_without_starting_alembic(tmp_path):
    # `alembic heads` first on PATH fails: nbgrader's own Gradebook would fail to stamp a new database.
    fake = tmp_path / "bin" / "alembic"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'alembic started' >&2\nexit 3\n")
    fake.chmod(0o755)
    db = tmp_path / "gradebook.db"
    command = [sys.executable, "-c", NBGRADER_MAIN, "db", "student", "add", "ann",
               f"--CourseDirectory.db_url=sqlite:///{db}"]  # fmt: skip
    env = {**os.environ, "PATH": str(fake.parent)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    stamped = sqlite3.connect(db).execute("SELECT version_num FROM alembic_version").fetchall()
    # The revision `alembic heads` prints (nbgrader's own way, in this unpatched test process).
    assert stamped == [(get_alembic_version(),)] == [(schema_head(),)]
    with Gradebook(f"sqlite:///{db}") as gradebook:
        assert [s.id for s in gradebook.students] == ["ann"]
