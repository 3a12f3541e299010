"""`vaelab verify` runs on every week in CI: these tests are its rows. The source notebook is clean, the
calendar has the week, its graded cells carry its hidden tests' points, the solution and every correct
alternative keep full marks, each graded cell is worth exactly its hidden tests, the release ships
nothing hidden and its stub scores zero, and each known wrong answer loses points (with a message) in
the question it targets.

Each week is verified once (module fixture); the tests below are views of its rows, so a miss names the
week, the check and the detail. The real-kernel runs of solution and stub are in
tests/assignments/test_notebooks.py; week-specific checks (thresholds re-measured on the reference) live
in test_week_<week>.py.
"""

from pathlib import Path

import pytest

from autograder.instructor.verify import verify_week, weeks_in

ROOT = Path(__file__).resolve().parents[3]
WEEKS = weeks_in(ROOT / "assignments" / "source")
# What each week's issue asks for at least: (wrong answers, correct alternatives).
MINIMUM_CORPUS = {"04_vae": (10, 3)}


def corpus(kind):
    return [
        (week, path.stem) for week in WEEKS for path in sorted((ROOT / "tests" / kind / week).glob("*.py"))
    ]


def corpus_id(item):
    return f"{item[0]}/{item[1]}" if isinstance(item, tuple) else str(item)


@pytest.fixture(scope="module")
def verified():
    """verified(week) -> {check: VerifyRow} of `vaelab verify WEEK` without a kernel, computed once."""
    rows = {}

    def of(week):
        if week not in rows:
            rows[week] = {row.check: row for row in verify_week(week, run_kernel=False)}
        return rows[week]

    return of


def misses(rows, prefix=""):
    return [(r.check, r.detail) for r in rows.values() if r.check.startswith(prefix) and not r.ok]


@pytest.mark.parametrize("week", WEEKS)
def test_solution_gets_full_marks_and_each_cell_is_worth_its_hidden_tests(verified, week):
    rows = verified(week)
    assert any(check.startswith("solution full marks") for check in rows)
    assert not misses(rows, "solution full marks")


@pytest.mark.parametrize("week", WEEKS)
def test_source_calendar_points_release_and_stub_are_ready(verified, week):
    rows = verified(week)
    for check in ("source notebook clean", "calendar", "points", "release ships nothing hidden",
                  "stub scores zero"):  # fmt: skip
        assert rows[check].ok, f"{check}: {rows[check].detail}"


@pytest.mark.parametrize("week", WEEKS)
def test_week_has_enough_wrong_answers_and_alternatives(week):
    mutants, alternatives = MINIMUM_CORPUS.get(week, (6, 2))
    assert len(list((ROOT / "tests" / "mutants" / week).glob("*.py"))) >= mutants
    assert len(list((ROOT / "tests" / "alternatives" / week).glob("*.py"))) >= alternatives


@pytest.mark.parametrize("item", corpus("mutants"), ids=corpus_id)
def test_mutant_loses_points_in_its_target_question(verified, item):
    week, mutant = item
    row = verified(week)[f"mutant {mutant}"]
    assert row.ok, row.detail


@pytest.mark.parametrize("item", corpus("alternatives"), ids=corpus_id)
def test_correct_alternative_keeps_full_marks(verified, item):
    week, alternative = item
    row = verified(week)[f"alternative {alternative}"]
    assert row.ok, row.detail


@pytest.mark.parametrize("week", WEEKS)
def test_verify_has_no_other_miss(verified, week):
    assert not misses(verified(week))
