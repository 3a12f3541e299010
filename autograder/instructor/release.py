"""`vaelab release`: a week's student bundle (released notebook + public helper package), scanned for leaks.

The bundle is a folder and a zip of it holding exactly: the notebook(s) nbgrader's generate_assignment
released, with a self-check cell appended; `autograder/__init__.py` (an empty stub, not the grader's);
`autograder/student/*.py`. So `from autograder.student import ...` works offline, in Jupyter or on Colab,
and nothing of the grader ships.
"""

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import Course
from autograder.regions import regions

STUDENT_PACKAGE = Path(__file__).resolve().parents[1] / "student"
# Texts that only grading code contains; `reference` is the hidden reference package.
FORBIDDEN = (
    "### BEGIN SOLUTION", "### END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
    "autograder.checks", "autograder.weeks", "autograder.grading", "autograder.instructor",
    "from reference", "import reference",
)  # fmt: skip
# Shorter regions (`return x`) would match visible tests and docstrings by chance.
MIN_REGION_CHARS = 40
SELF_CHECK_INTRO = (
    "## Before you submit\n\n"
    "Run the cell below: it runs every visible test of this notebook and lists, question by question, "
    "what passes, what fails and why, and what is not written yet. Hidden tests check more when you "
    "are graded."
)
SELF_CHECK_CODE = "from autograder.student.selfcheck import self_check\n\nself_check()"


@dataclass(frozen=True)
class Finding:
    """Something in a bundle that must not ship: the file and what was found in it."""

    path: str
    what: str


@dataclass(frozen=True)
class Bundle:
    week: str
    folder: Path
    zip_path: Path


class LeakError(RuntimeError):
    """The bundle contains grading code, hidden tests or solution text."""


def normalise(text):
    return " ".join(text.split())


def hidden_regions(notebook_path):
    """The text of every solution and hidden-test region of a source notebook, whitespace-normalised."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    found = (normalise(region.body) for cell in notebook.cells for region in regions(cell.source))
    return [text for text in found if len(text) >= MIN_REGION_CHARS]


def allowed_files(notebook_names):
    """Bundle-relative paths a bundle may hold."""
    package = {f"autograder/student/{p.relative_to(STUDENT_PACKAGE).as_posix()}"
               for p in STUDENT_PACKAGE.rglob("*.py")}  # fmt: skip
    return {*notebook_names, "autograder/__init__.py", *package}


def _bundle_texts(path):
    """{relative path: text} of a bundle folder or zip (a zip's top folder stripped)."""
    path = Path(path)
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes().decode("utf-8", "replace")
                for p in sorted(path.rglob("*")) if p.is_file()}  # fmt: skip
    texts = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                name = info.filename.split("/", 1)[1] if "/" in info.filename else info.filename
                texts[name] = archive.read(info).decode("utf-8", "replace")
    return texts


def scan_bundle(path, source_notebooks=()):
    """Findings for every file not allowed and every forbidden text or hidden region in a bundle."""
    texts = _bundle_texts(path)
    notebooks = {name for name in texts if "/" not in name and name.endswith(".ipynb")}
    allowed = allowed_files(notebooks)
    regions = [r for notebook in source_notebooks for r in hidden_regions(notebook)]
    findings = []
    for name, text in texts.items():
        if name not in allowed:
            findings.append(Finding(name, "file not allowed in a student bundle"))
        if name.endswith(".ipynb"):
            cells = nbformat.reads(text, as_version=4).cells
            text = "\n".join(cell.source for cell in cells)
        findings += [Finding(name, f"contains {marker!r}") for marker in FORBIDDEN if marker in text]
        flat = normalise(text)
        findings += [Finding(name, f"contains solution or hidden-test text: {r[:60]!r}...")
                     for r in regions if r in flat]  # fmt: skip
    return findings


def add_self_check_cell(notebook_path):
    notebook = nbformat.read(str(notebook_path), as_version=4)
    intro = nbformat.v4.new_markdown_cell(SELF_CHECK_INTRO)
    code = nbformat.v4.new_code_cell(SELF_CHECK_CODE)
    intro.id, code.id = "self-check-intro", "self-check"  # stable ids: rebuilt bundles diff-free
    notebook.cells += [intro, code]
    nbformat.write(notebook, str(notebook_path))


def _copy_student_package(folder):
    (folder / "autograder").mkdir(parents=True)
    # An empty package: the grader's own autograder/__init__.py is not the students' business.
    (folder / "autograder" / "__init__.py").write_text("")
    for source in sorted(STUDENT_PACKAGE.rglob("*.py")):
        target = folder / "autograder" / "student" / source.relative_to(STUDENT_PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _zip(folder, zip_path):
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")


def release_week(week, out, source_dir):
    """Generate the week's release with nbgrader and write OUT/<week>/ and OUT/<week>.zip.

    Raises LeakError (naming each file and finding) when the scan finds anything; the bundle is left
    in place for inspection.
    """
    out = Path(out)
    folder, zip_path = out / week, out / f"{week}.zip"
    shutil.rmtree(folder, ignore_errors=True)
    zip_path.unlink(missing_ok=True)
    sources = sorted((Path(source_dir) / week).glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="vaelab-release-") as tmp:
        course = Course.create(Path(tmp) / "course", source_dir, [week])
        course.generate(week)
        folder.mkdir(parents=True)
        for source in sources:
            shutil.copyfile(course.released_notebook(week, source.name), folder / source.name)
            add_self_check_cell(folder / source.name)
    _copy_student_package(folder)
    _zip(folder, zip_path)
    assert_clean(folder, zip_path, sources)
    return Bundle(week, folder, zip_path)


def assert_clean(folder, zip_path, sources):
    """Raise LeakError naming each file and finding when a bundle (folder and zip) is not clean."""
    findings = scan_bundle(folder, sources) + scan_bundle(zip_path, sources)
    if findings:
        details = "\n".join(f"  {f.path}: {f.what}" for f in findings)
        raise LeakError(f"the bundle {folder.name} must not ship:\n{details}")
