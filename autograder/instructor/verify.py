"""`vaelab verify`: prove a week is ready to release. Every check is one VerifyRow (check, ok, detail).

The source notebook is clean; the calendar knows the week; its graded cells carry the points its hidden
tests declare (`@pytest.mark.points`, the one place they are written); the solution gets full marks;
the release ships nothing hidden; the released stub runs top to bottom and scores zero; every mutant
loses points, each failure with a message, in the question its first line names; every alternative
keeps full marks. With nbgrader=True the solution and the stub also go through real `nbgrader autograde`.
"""

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.checks import notebook_code
from autograder.checks.judge import run_question
from autograder.checks.results import available, earned
from autograder.course import Course, totals
from autograder.instructor.release import LeakError, release_week
from autograder.week import SOURCE_DIR
from autograder.week import week as declared_week


@dataclass(frozen=True)
class VerifyRow:
    check: str
    ok: bool
    detail: str = ""


def quiet_definitions(notebook, extra_code=""):
    """load_definitions without what the setup cell prints (data shapes): verify's table stays readable;
    mutation_score judges generated mutants on it too."""
    with contextlib.redirect_stdout(io.StringIO()):
        return notebook_code.load_definitions(notebook, extra_code)


def _stub_definitions(notebook):
    """What a student's kernel holds after running the stub: cells that raise are skipped, as in Jupyter."""
    namespace = {"__name__": "__student__"}
    for source in notebook_code.definition_cells(notebook):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, str(notebook), "exec"), namespace)  # noqa: S102 - the course's own stub
        except Exception:  # a stubbed class body raises NotImplementedError when defined
            continue
    return namespace


def weeks_in(source_dir):
    return sorted(p.name for p in Path(source_dir).iterdir() if (p / f"{p.name}.ipynb").is_file())


def graded_points(notebook_path):
    """{question: points} of the notebook's graded cells (grade id test_<question>)."""
    cells = nbformat.read(str(notebook_path), as_version=4).cells
    meta = [c.metadata.get("nbgrader", {}) for c in cells]
    return {m["grade_id"].removeprefix("test_"): float(m.get("points", 0)) for m in meta if m.get("grade")}


def check_source_notebook(path):
    problems = []
    notebook = nbformat.read(str(path), as_version=4)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        problems.append(f"invalid notebook: {error.message}")
    grade_ids = []
    for index, cell in enumerate(notebook.cells):
        if cell.get("outputs") or cell.get("execution_count"):
            problems.append(f"cell {index} has outputs")
        meta = cell.metadata.get("nbgrader")
        if meta:
            grade_ids.append(meta.get("grade_id"))
            if meta.get("schema_version") != 3:
                problems.append(
                    f"cell {meta.get('grade_id')} has nbgrader schema {meta.get('schema_version')}"
                )
            if meta.get("grade") and not meta.get("points", 0) > 0:
                problems.append(f"graded cell {meta.get('grade_id')} has no points")
    duplicates = sorted({g for g in grade_ids if grade_ids.count(g) > 1})
    if duplicates:
        problems.append(f"duplicate grade ids {duplicates}")
    return VerifyRow(
        "source notebook clean", not problems, "; ".join(problems) or f"{len(grade_ids)} nbgrader cells"
    )


def check_calendar(week):
    """course.toml's entry for the week, as loaded (it has no points: see check_points)."""
    return VerifyRow("calendar", True, f"due {week.due:%Y-%m-%d %H:%M} UTC, late policy {week.late.policy}, "
                     f"cells {week.cell_timeout:g} s, judged {week.judged}")  # fmt: skip


def check_points(week, cells):
    """The graded cells' points (the source notebook's nbgrader metadata, which nbgrader grades with)
    against the hidden tests' `@pytest.mark.points`, which declare them: one graded cell per test file."""
    declared = week.question_points
    problems = [f"{q}: cell {p:g}, hidden tests {declared[q]:g} (rebuild the notebooks)"
                for q, p in cells.items() if q in declared and declared[q] != p]  # fmt: skip
    problems += [f"{q}: a graded cell without hidden tests" for q in cells if q not in declared]
    problems += [f"{q}: hidden tests without a graded cell" for q in declared if q not in cells]
    each = ", ".join(f"{q} {p:g}" for q, p in cells.items())
    return VerifyRow("points", not problems, "; ".join(problems) or f"{each}; {week.points:g} in all")


def check_solution(week, solution, points):
    namespace = quiet_definitions(solution)
    rows = []
    for question, declared in points.items():
        results = run_question(week, question, namespace)
        lost = [f"{r.test_id}: {r.message}" for r in results if not r.passed]
        ok = not lost and earned(results) == available(results) == declared
        detail = f"{earned(results):g}/{available(results):g} (cell declares {declared:g})"
        rows.append(VerifyRow(f"solution full marks: {question}", ok, "; ".join([detail, *lost])))
    return rows


def declared_target(path):
    first = (Path(path).read_text().splitlines() or [""])[0]
    return first.removeprefix("# target: ").strip() if first.startswith("# target: ") else None


def check_mutants(week, solution, folder, questions):
    rows = []
    for mutant in sorted(Path(folder).glob("*.py")):
        target = declared_target(mutant)
        if target not in questions:
            rows.append(
                VerifyRow(
                    f"mutant {mutant.stem}", False, f"first line must be '# target: <one of {questions}>'"
                )
            )
            continue
        results = run_question(week, target, quiet_definitions(solution, mutant.read_text()))
        lost = earned(results) < available(results)
        silent = [r.test_id for r in results if not r.passed and not r.message]
        detail = f"{target}: {earned(results):g}/{available(results):g}" + (
            "" if lost else ", kept full marks"
        )
        if silent:
            detail += f", failed without a message: {', '.join(silent)}"
        rows.append(VerifyRow(f"mutant {mutant.stem}", lost and not silent, detail))
    return rows


def check_alternatives(week, solution, folder, questions):
    rows = []
    for alternative in sorted(Path(folder).glob("*.py")):
        namespace = quiet_definitions(solution, alternative.read_text())
        lost = [
            f"{q}/{r.test_id}" for q in questions for r in run_question(week, q, namespace) if not r.passed
        ]
        rows.append(VerifyRow(f"alternative {alternative.stem}", not lost, ", ".join(lost) or "full marks"))
    return rows


def _run_top_to_bottom(notebook_path, timeout=600):
    """Run a notebook in a fresh kernel in its own folder: (kernel survived, what raised)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    notebook = nbformat.read(str(notebook_path), as_version=4)
    client = NotebookClient(notebook, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(Path(notebook_path).parent)}})  # fmt: skip
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", VAELAB_OFFLINE="1",
               MPLBACKEND="Agg")  # fmt: skip
    try:
        client.execute(env=env)
    except (DeadKernelError, CellTimeoutError) as error:
        return False, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return True, f"{len(errors)} cells raised (the stubs' NotImplementedError)"


def check_release(week, source_dir, points, run_kernel):
    """Release the week into a temporary folder (scanned for leaks) and check its stub."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="vaelab-verify-") as tmp:
        try:
            bundle = release_week(week, tmp, source_dir)
        except LeakError as error:
            return [VerifyRow("release ships nothing hidden", False, str(error))]
        rows.append(VerifyRow("release ships nothing hidden", True, "bundle scanned: no findings"))
        rows += check_stub(week, bundle, points, run_kernel)
    return rows


def check_stub(week, bundle, points, run_kernel):
    """The bundle's notebook scores zero in process and, with run_kernel, runs top to bottom in a kernel."""
    rows = []
    stub = bundle.folder / f"{week}.ipynb"
    namespace = _stub_definitions(stub)
    scored = {q: earned(run_question(week, q, namespace)) for q in points}
    nonzero = {q: s for q, s in scored.items() if s}
    detail = str(nonzero) if nonzero else f"0/{sum(points.values()):g}"
    rows.append(VerifyRow("stub scores zero", not nonzero, detail))
    if run_kernel:
        survived, detail = _run_top_to_bottom(stub)
        rows.append(VerifyRow("stub runs top to bottom", survived, detail))
    return rows


def check_with_nbgrader(week, source_dir, solution):
    with tempfile.TemporaryDirectory(prefix="vaelab-verify-nbgrader-") as tmp:
        course = Course.create(Path(tmp) / "course", source_dir, [week])
        course.generate(week)
        course.submit(week, "solution", solution)
        course.submit(week, "stub", course.released_notebook(week))
        scores = totals(course.autograde(week))
    score, max_score = scores["solution"]
    stub_score, _ = scores["stub"]
    return [
        VerifyRow(
            "nbgrader: solution full marks", max_score > 0 and score == max_score, f"{score:g}/{max_score:g}"
        ),
        VerifyRow("nbgrader: stub scores zero", stub_score == 0, f"{stub_score:g}/{max_score:g}"),
    ]


def verify_week(name, source_dir=SOURCE_DIR, nbgrader=False, release=True, run_kernel=True):
    """Every check of one week, as VerifyRows. release=False skips the release, the stub and the kernel.

    The week's files are where its Week says (autograder/week.py); source_dir is the nbgrader source
    folder its source notebook is read, released and graded from.
    """
    try:
        week = declared_week(name)
    except (KeyError, ValueError, OSError) as error:
        return [VerifyRow("calendar", False, str(error))]
    source, solution = week.source_notebook_in(source_dir), week.solution_notebook
    if not source.is_file() or not solution.is_file():
        return [VerifyRow("notebooks exist", False, f"need {source} and {solution}")]
    points = graded_points(source)
    questions = list(points)
    rows = [check_source_notebook(source), check_calendar(week), check_points(week, points)]
    if any(q not in week.question_points for q in questions):
        return rows  # a graded cell without hidden tests: nothing can judge it
    rows += check_solution(name, solution, points)
    if release:
        rows += check_release(name, source_dir, points, run_kernel)
    rows += check_mutants(name, solution, week.mutants, questions)
    rows += check_alternatives(name, solution, week.alternatives, questions)
    if nbgrader:
        rows += check_with_nbgrader(name, source_dir, solution)
    return rows
