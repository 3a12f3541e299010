"""Every week's source notebook is clean, in sync with its authoring script, and grades right under
real `nbgrader autograde`: the solution gets full marks and the released stub gets zero."""

import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import totals

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "assignments" / "source"
WEEKS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())

sys.path.insert(0, str(ROOT / "tools"))
from percent_to_notebook import build, solution_notebook  # noqa: E402


def source_notebook(week):
    return SOURCE / week / f"{week}.ipynb"


@pytest.mark.parametrize("week", WEEKS)
def test_source_notebook_has_no_outputs_and_valid_nbgrader_metadata(week):
    notebook = nbformat.read(str(source_notebook(week)), as_version=4)
    nbformat.validate(notebook)
    grade_ids = []
    for cell in notebook.cells:
        assert not cell.get("outputs") and not cell.get("execution_count"), f"{week} has outputs"
        meta = cell.metadata.get("nbgrader")
        if meta:
            assert meta["schema_version"] == 3
            grade_ids.append(meta["grade_id"])
            if meta["grade"]:
                assert meta.get("points", 0) > 0, f"graded cell {meta['grade_id']} has no points"
    assert len(grade_ids) == len(set(grade_ids)), f"duplicate grade ids in {week}"


@pytest.mark.parametrize("week", WEEKS)
def test_notebooks_match_their_authoring_script(week):
    notebook = build((ROOT / "assignments" / "authoring" / f"{week}.py").read_text())
    committed = nbformat.read(str(source_notebook(week)), as_version=4)
    assert notebook.cells == committed.cells, "rebuild with tools/percent_to_notebook.py"
    solution = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    assert solution_notebook(notebook).cells == solution.cells, "rebuild the solution notebook too"


JUDGED_CELL = """# %% tests {grade_id}
print("visible")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "{question}", globals())
### END HIDDEN TESTS
"""


def test_a_tests_cell_takes_its_points_from_its_hidden_tests():
    (cell,) = build(JUDGED_CELL.format(grade_id="test_elbo", question="elbo")).cells
    assert cell.metadata["nbgrader"]["points"] == 4.0  # the four tests of test_elbo.py, a point each


@pytest.mark.parametrize(("grade_id", "question", "message"), [
    ("test_elbo 4", "elbo", r"points are written once, in its hidden tests' @pytest.mark.points; write the "
                            r"header as `# %% tests test_elbo`"),
    ("test_elbo", "kl_divergence", "its grade id must be test_kl_divergence"),
    ("test_ratio", "ratio", "no hidden tests at"),
])  # fmt: skip
def test_a_tests_cell_that_declares_points_or_has_no_hidden_tests_is_refused(grade_id, question, message):
    with pytest.raises(ValueError, match=message):
        build(JUDGED_CELL.format(grade_id=grade_id, question=question))


def test_a_tests_cell_without_a_judge_call_is_refused():
    with pytest.raises(ValueError, match="calls no judge"):
        build("# %% tests test_elbo\nassert True\n")


# Weeks that tests/autograder/grading/test_nbgrader_agreement.py grades under nbgrader with these same
# checks (release clean, solution full marks, stub zero), next to mutants: one nbgrader run per week.
GRADED_IN_THE_AGREEMENT_TEST = ("03_variational_inference", "04_vae")


@pytest.mark.slow
@pytest.mark.parametrize("week", [w for w in WEEKS if w not in GRADED_IN_THE_AGREEMENT_TEST])
def test_solution_gets_full_marks_and_stub_zero_under_nbgrader(week, make_course, release_leaks):
    course = make_course([week], SOURCE)
    course.generate(week)
    assert release_leaks(course, week) == []
    course.submit(week, "solution", ROOT / "solutions" / week / f"{week}.ipynb")
    course.submit(week, "stub", course.released_notebook(week))
    grades = course.autograde(week)
    scores = totals(grades)
    score, max_score = scores["solution"]
    lost = [g for g in grades if g.student_id == "solution" and g.score != g.max_score]
    assert max_score > 0 and score == max_score, lost
    assert scores["stub"] == (0.0, max_score)
