"""What importing the grading package does to a grader process, and what it leaves alone."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def python(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_grader_processes_skip_the_iri_parsers_and_still_validate_notebooks():
    # vaelab's command line and a grading worker import the package before nbformat: jsonschema then
    # never builds rfc3987_syntax's parsers, and a notebook still validates (and an invalid one does not).
    found = python(
        "import sys, autograder.cli, autograder.grading.batch, nbformat\n"
        f"nb = nbformat.read({str(ROOT / 'solutions' / '04_vae' / '04_vae.ipynb')!r}, as_version=4)\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'not a cell type'\n"
        "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('invalid')\n"
        "print(sys.modules['rfc3987_syntax'])"
    )
    assert found == ["invalid", "None"]


def test_a_kernels_imports_are_left_alone():
    # A kernel imports the student helpers, never the grading package: a student's own import works.
    found = python("import sys, autograder.student\nprint('autograder.grading' in sys.modules)")
    assert found == ["False"]
