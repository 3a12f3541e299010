"""Every week's autograder judges behaviour: the solution and correct alternatives keep full marks,
each known wrong answer loses points in the question it targets, and each graded cell is worth exactly
its hidden tests (nbgrader takes the judge's points as the cell's partial credit).

Week-specific checks (thresholds re-measured on the reference) live in test_week_<week>.py.
"""

from pathlib import Path

import pytest

from autograder.checks.judge import question_names, run_question
from autograder.checks.notebook_code import load_definitions
from autograder.checks.results import available, earned
from autograder.instructor.verify import declared_target, graded_points, weeks_in

ROOT = Path(__file__).resolve().parents[3]
WEEKS = weeks_in(ROOT / "assignments" / "source")
# What each week's issue asks for at least: (wrong answers, correct alternatives).
MINIMUM_CORPUS = {"04_vae": (10, 3)}


def solution(week):
    return ROOT / "solutions" / week / f"{week}.ipynb"


def corpus(kind):
    return [(week, path) for week in WEEKS for path in sorted((ROOT / "tests" / kind / week).glob("*.py"))]


def corpus_id(item):
    return f"{item[0]}/{item[1].stem}" if isinstance(item, tuple) else str(item)


@pytest.fixture(scope="module")
def solution_results():
    """{week: {question: results}} for each week's own solution, judged once."""
    return {
        week: {q: run_question(week, q, load_definitions(solution(week))) for q in question_names(week)}
        for week in WEEKS
    }


@pytest.mark.parametrize("week", WEEKS)
def test_solution_gets_full_marks(solution_results, week):
    lost = [(q, r.test_id, r.message) for q, rs in solution_results[week].items() for r in rs if not r.passed]
    assert not lost


@pytest.mark.parametrize("week", WEEKS)
def test_each_graded_cell_is_worth_its_hidden_tests(solution_results, week):
    declared = graded_points(ROOT / "assignments" / "source" / week / f"{week}.ipynb")
    assert declared == {q: available(rs) for q, rs in solution_results[week].items()}


@pytest.mark.parametrize("week", WEEKS)
def test_week_has_enough_wrong_answers_and_alternatives(week):
    mutants, alternatives = MINIMUM_CORPUS.get(week, (6, 2))
    assert len(list((ROOT / "tests" / "mutants" / week).glob("*.py"))) >= mutants
    assert len(list((ROOT / "tests" / "alternatives" / week).glob("*.py"))) >= alternatives


@pytest.mark.parametrize("item", corpus("mutants"), ids=corpus_id)
def test_mutant_loses_points_in_its_target_question(item):
    week, mutant = item
    target = declared_target(mutant)
    assert target in question_names(week), f"{mutant.name} must start with '# target: <question>'"
    results = run_question(week, target, load_definitions(solution(week), mutant.read_text()))
    assert earned(results) < available(results), f"{mutant.stem} kept full marks in {target}"
    assert all(r.message for r in results if not r.passed), "every failure must explain itself"


@pytest.mark.parametrize("item", corpus("alternatives"), ids=corpus_id)
def test_correct_alternative_keeps_full_marks(item):
    week, alternative = item
    namespace = load_definitions(solution(week), alternative.read_text())
    lost = [(q, r.test_id, r.message) for q in question_names(week) for r in run_question(week, q, namespace)
            if not r.passed]  # fmt: skip
    assert not lost
