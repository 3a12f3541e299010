"""Tests for autograder/instructor/release.py: a student bundle holds the released notebook and the public
helper package, nothing else, and the scan catches anything hidden planted in it."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.checks.notebook_code import load_definitions
from autograder.instructor.release import LeakError, assert_clean, hidden_regions, scan_bundle
from autograder.student.selfcheck import NOT_ATTEMPTED, self_check

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
SOURCE = ROOT / "assignments" / "source" / WEEK / f"{WEEK}.ipynb"
EXPECTED_FILES = {
    f"{WEEK}.ipynb",
    "autograder/__init__.py",
    "autograder/student/__init__.py",
    "autograder/student/data.py",
    "autograder/student/plots.py",
    "autograder/student/selfcheck.py",
}


def files_under(folder):
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_bundle_folder_and_zip_hold_exactly_the_notebook_and_the_student_package(bundle):
    assert files_under(bundle.folder) == EXPECTED_FILES
    with zipfile.ZipFile(bundle.zip_path) as archive:
        assert set(archive.namelist()) == {f"{WEEK}/{name}" for name in EXPECTED_FILES}
    assert (bundle.folder / "autograder" / "__init__.py").read_text() == ""


def test_scan_of_the_release_finds_nothing(bundle):
    assert scan_bundle(bundle.folder, [SOURCE]) == []
    assert scan_bundle(bundle.zip_path, [SOURCE]) == []


def test_released_notebook_ends_with_the_self_check_cell(bundle):
    cells = nbformat.read(str(bundle.folder / f"{WEEK}.ipynb"), as_version=4).cells
    assert cells[-1].source == "from autograder.student.selfcheck import self_check\n\nself_check()"
    assert cells[-2].cell_type == "markdown"


@pytest.fixture
def bundle_copy(bundle, tmp_path):
    return Path(shutil.copytree(bundle.folder, tmp_path / WEEK))


def test_a_planted_solution_region_in_an_extra_file_is_caught(bundle_copy):
    region = hidden_regions(SOURCE)[0]
    (bundle_copy / "autograder" / "student" / "hints.py").write_text(f"# hint\n{region}\n")
    findings = scan_bundle(bundle_copy, [SOURCE])
    assert {(f.path, f.what.split(":")[0]) for f in findings} == {
        ("autograder/student/hints.py", "file not allowed in a student bundle"),
        ("autograder/student/hints.py", "contains solution or hidden-test text"),
    }


def test_a_reference_import_in_the_notebook_is_caught(bundle_copy):
    path = bundle_copy / f"{WEEK}.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[1].source += "\nfrom reference.variational_inference import elbo_closed_form"
    nbformat.write(notebook, str(path))
    assert [(f.path, f.what) for f in scan_bundle(bundle_copy, [SOURCE])] == [
        (f"{WEEK}.ipynb", "contains 'from reference'")
    ]


def test_release_fails_naming_the_file_and_the_finding(bundle_copy):
    (bundle_copy / "autograder" / "weeks.py").write_text("import autograder.weeks\n")
    shutil.make_archive(str(bundle_copy), "zip", bundle_copy.parent, bundle_copy.name)
    with pytest.raises(LeakError, match=r"autograder/weeks.py: contains 'autograder.weeks'"):
        assert_clean(bundle_copy, bundle_copy.with_suffix(".zip"), [SOURCE])


def test_self_check_of_the_released_stub_finds_nothing_attempted(bundle, capsys):
    notebook = bundle.folder / f"{WEEK}.ipynb"
    result = self_check(load_definitions(notebook), notebook=notebook)
    assert [q.status for q in result.questions] == [NOT_ATTEMPTED] * 6
    assert not result.ok and result.exit_code == 1
    assert "0/6 questions pass" in capsys.readouterr().out


@pytest.mark.slow
def test_selfcheck_command_in_the_bundle_exits_1_on_the_stub_using_only_the_bundle(bundle):
    where = subprocess.run(
        [sys.executable, "-c", "import autograder.student.selfcheck as s; print(s.__file__)"],
        cwd=bundle.folder, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(bundle.folder)
    result = subprocess.run(
        [sys.executable, "-m", "autograder.student.selfcheck", f"{WEEK}.ipynb"],
        cwd=bundle.folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not attempted" in result.stdout and "0/6 questions pass" in result.stdout
