"""Tests for autograder/grading/flags.py and prepare's flags: what looks like cheating is named, honest
work (every week's solution, every correct alternative and every known wrong answer) is not."""

from pathlib import Path

import nbformat
import pytest

from autograder.grading.flags import scan_code, scan_notebook
from autograder.grading.prepare import prepare

ROOT = Path(__file__).resolve().parents[3]
WEEKS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


@pytest.mark.parametrize(
    ("code", "flag"),
    [
        ("import numpy as np\nnp.allclose = lambda *a, **k: True", "patches np.allclose"),
        ("import keras\nsetattr(keras.ops, 'all', len)", "patches setattr(keras.ops, ...)"),
        ("import builtins\nbuiltins.AssertionError = Exception", "patches builtins.AssertionError"),
        ("from reference.vae import kl_divergence", "imports reference.vae"),
        ("import autograder.checks.judge as j", "imports autograder.checks.judge"),
        ("get_ipython().input_transformers_cleanup.append(f)", "touches IPython's input_transformers"),
        ("ip = get_ipython()\nip.showtraceback = print", "touches IPython's showtraceback"),
        ("import os\nos._exit(0)", "uses os._exit"),
        ("%matplotlib inline\nimport sys\nsys.exit()", "uses sys.exit"),
        ("open('/srv/course/autograder/weeks/04_vae/conftest.py').read()", "names autograder/weeks"),
        ("display({'application/vnd.vaelab.results+json': []}, raw=True)", "forges the grader's result data"),
        ("def f(x):\n    return np.full(np.shape(x)[:-1], -2.7568156)", "hard-codes the number -2.7568156"),
        ("A = np.array([[0.12, 0.5, 0.25, 0.75], [1.5, 2.5, 0.3, 0.9]])", "hard-codes a table of 8 numbers"),
        ("blob = '" + "QUJD" * 64 + "'", "embeds 256 characters of encoded data"),
    ],
)
def test_cheating_code_is_named(code, flag):
    assert flag in scan_code(code)


def test_constants_a_student_types_by_hand_are_not_answers():
    code = ("c = 0.5 * 1.8378770664093453\nd = -0.9189385332\npi = 3.14159265\neps = 1e-07\n"
            "big = 1000000000.0\ngrey = [0.2126, 0.7152, 0.0722]\n"
            "sizes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]\n"
            "doc = 'A docstring, however long: " + "words " * 60 + "'")
    assert scan_code(code) == []


@pytest.mark.parametrize("week", WEEKS)
def test_honest_work_is_not_flagged(week):
    assert scan_notebook(nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)) == []
    for kind in ("alternatives", "mutants"):
        for path in sorted((ROOT / "tests" / kind / week).glob("*.py")):
            assert scan_code(path.read_text()) == [], path


def test_prepare_flags_deliberate_edits_but_grades_the_course_cells():
    week = "03_variational_inference"
    source = nbformat.read(str(ROOT / "assignments" / "source" / week / f"{week}.ipynb"), as_version=4)
    submitted = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    tests = [c for c in submitted.cells if c.metadata.get("nbgrader", {}).get("grade")]
    tests[0].source = "1000.0"
    tests[1].metadata.nbgrader["points"] = 99.0
    submitted.cells.remove(tests[2])
    submitted.cells.append(nbformat.from_dict(tests[3]))
    prepared = prepare(source, submitted)
    gid = [t.metadata.nbgrader["grade_id"] for t in tests]
    assert prepared.flags == [f"edited locked cell {gid[0]}", f"changed the points of cell {gid[1]}",
                              f"duplicated cell {gid[3]}", f"deleted graded cell {gid[2]}"]  # fmt: skip
    run = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in prepared.notebook.cells}
    assert run[gid[0]].source != "1000.0" and run[gid[1]].metadata.nbgrader["points"] != 99.0
    honest = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    assert prepare(source, honest).flags == []
