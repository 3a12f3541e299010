import sys

import nbformat
import pytest

from autograder.course import CellGrade, totals

SOLUTION = """def add(a, b):
    ### BEGIN SOLUTION
    return a + b
    ### END SOLUTION"""

VISIBLE_AND_HIDDEN_TESTS = """assert add(1, 2) == 3
### BEGIN HIDDEN TESTS
assert add(-40, 2) == -38
### END HIDDEN TESTS"""

# TensorFlow writes to stderr on import unless the course environment quiets it, and nbgrader zeroes a
# graded cell with any stderr output; the asserts also pin the kernel to this environment's Python.
TENSORFLOW_TEST = f"""import os, sys
import tensorflow as tf
assert os.environ.get("VAELAB_OFFLINE") == "1"
assert sys.prefix == {sys.prefix!r}, sys.prefix
assert add(tf.constant(2), 2).numpy() == 4"""

QUIET_TENSORFLOW = """import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")"""


def nbgrader_cell(source, grade_id, *, grade=False, solution=False, locked=False, points=None):
    metadata = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
                "schema_version": 3}
    if points is not None:
        metadata["points"] = points
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": metadata})


def write_source(directory, assignment, quiet_cell):
    """Write <directory>/<assignment>/adder.ipynb: add(a, b) graded 2 + 1 points; return the directory."""
    cells = [nbgrader_cell(QUIET_TENSORFLOW, "setup", locked=True)] if quiet_cell else []
    cells += [
        nbgrader_cell(SOLUTION, "add", solution=True),
        nbgrader_cell(VISIBLE_AND_HIDDEN_TESTS, "test_add", grade=True, locked=True, points=2),
        nbgrader_cell(TENSORFLOW_TEST, "test_add_with_tensorflow", grade=True, locked=True, points=1),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    (directory / assignment).mkdir(parents=True)
    nbformat.write(notebook, directory / assignment / "adder.ipynb")
    return directory


def sources(notebook_path):
    return "\n".join(cell.source for cell in nbformat.read(notebook_path, as_version=4).cells)


@pytest.mark.slow
def test_solution_scores_full_and_stub_scores_zero(make_course, tmp_path):
    source_dir = write_source(tmp_path / "source", "ps1", quiet_cell=True)
    course = make_course(["ps1"], source_dir)

    course.generate("ps1")
    released = sources(course.released_notebook("ps1"))
    assert "return a + b" not in released and "BEGIN SOLUTION" not in released
    assert "    # YOUR CODE HERE\n    raise NotImplementedError()" in released
    assert "assert add(1, 2) == 3" in released
    assert "HIDDEN TESTS" not in released and "add(-40, 2)" not in released

    course.submit("ps1", "alice", source_dir / "ps1" / "adder.ipynb")
    course.submit("ps1", "bob", course.released_notebook("ps1"))
    grades = course.autograde("ps1")

    assert totals(grades) == {"alice": (3.0, 3.0), "bob": (0.0, 3.0)}, grades
    assert CellGrade("alice", "adder", "test_add_with_tensorflow", 1.0, 1.0) in grades


@pytest.mark.slow
def test_course_config_alone_quiets_tensorflow_and_picks_the_kernel(make_course, tmp_path, monkeypatch):
    # No setup cell and nothing inherited: the settings must come from the course's nbgrader_config.py.
    for variable in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "VAELAB_OFFLINE", "JUPYTER_PATH"):
        monkeypatch.delenv(variable, raising=False)
    # A decoy user-level python3 kernelspec that the course must not use, found first as it is outside a venv.
    decoy = tmp_path / "jupyter-data" / "kernels" / "python3"
    decoy.mkdir(parents=True)
    (decoy / "kernel.json").write_text(
        '{"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],'
        ' "display_name": "decoy", "language": "python"}'
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    source_dir = write_source(tmp_path / "source", "ps1", quiet_cell=False)
    course = make_course(["ps1"], source_dir)

    course.generate("ps1")
    course.submit("ps1", "alice", source_dir / "ps1" / "adder.ipynb")
    grades = course.autograde("ps1", student_id="alice")

    assert totals(grades) == {"alice": (3.0, 3.0)}, grades
