"""Tests for autograder/instructor/verify.py: a ready week passes every check; a mutant that is really
correct code is reported as a miss, and the command exits non-zero."""

import argparse
import re
import shutil
from pathlib import Path

import pytest

from autograder.instructor.cli import add_instructor_commands
from autograder.instructor.verify import (
    VerifyRow,
    check_mutants,
    check_points,
    check_stub,
    graded_points,
    verify_week,
)
from autograder.week import week

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
SOURCE = ROOT / "assignments" / "source" / WEEK / f"{WEEK}.ipynb"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = ["gaussian_log_density", "kl_divergence", "monte_carlo_kl", "toy_model", "elbo",
             "gradient_estimators"]  # fmt: skip
MUTANT = ROOT / "tests" / "mutants" / WEEK / "log_density_missing_log_2pi.py"
CORRECT_AS_MUTANT = '''# target: gaussian_log_density
def gaussian_log_density(x, mean, log_var):
    return -0.5 * np.sum(np.log(2 * np.pi) + log_var + (x - mean) ** 2 / np.exp(log_var), axis=-1)
'''


def run_cli(argv):
    parser = argparse.ArgumentParser(prog="vaelab")
    add_instructor_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_a_ready_week_passes_every_in_process_check():
    rows = verify_week(WEEK, release=False)
    assert [r for r in rows if not r.ok] == []
    checks = [r.check for r in rows]
    assert "source notebook clean" in checks and "calendar" in checks and "points" in checks
    assert sum(c.startswith("solution full marks") for c in checks) == 6
    assert sum(c.startswith("mutant ") for c in checks) == len(list(MUTANT.parent.glob("*.py")))
    assert any(c.startswith("alternative ") for c in checks)


def test_the_points_row_prints_each_questions_points_from_the_hidden_tests():
    row = check_points(week(WEEK), graded_points(SOURCE))
    assert row.ok
    assert row.detail == ("gaussian_log_density 3, kl_divergence 4, monte_carlo_kl 3, toy_model 3, elbo 4, "
                          "gradient_estimators 4; 21 in all")  # fmt: skip


def test_graded_cells_that_disagree_with_the_hidden_tests_are_a_miss():
    cells = {**graded_points(SOURCE), "elbo": 5.0, "ratio": 1.0}
    del cells["toy_model"]
    row = check_points(week(WEEK), cells)
    assert not row.ok and row.detail == ("elbo: cell 5, hidden tests 4 (rebuild the notebooks); "
                                         "ratio: a graded cell without hidden tests; "
                                         "toy_model: hidden tests without a graded cell")  # fmt: skip


def test_a_mutant_that_keeps_full_marks_is_a_miss(tmp_path):
    shutil.copy(MUTANT, tmp_path)
    (tmp_path / "correct_code.py").write_text(CORRECT_AS_MUTANT)
    rows = {r.check: r for r in check_mutants(WEEK, SOLUTION, tmp_path, QUESTIONS)}
    assert rows["mutant log_density_missing_log_2pi"].ok
    miss = rows["mutant correct_code"]
    assert not miss.ok and miss.detail == "gaussian_log_density: 3/3, kept full marks"


def test_verify_command_prints_the_table_and_exits_non_zero_on_a_miss(monkeypatch, capsys):
    import autograder.instructor.verify as verify

    rows = [VerifyRow("solution full marks: elbo", True, "4/4"), VerifyRow("mutant x", False, "kept")]
    monkeypatch.setattr(verify, "verify_week", lambda week, source_dir, **options: rows)
    assert run_cli(["verify", WEEK, "--no-kernel"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^mutant x +MISS +kept$", out, flags=re.MULTILINE) and "1 check(s) missed" in out
    monkeypatch.setattr(verify, "verify_week", lambda week, source_dir, **options: rows[:1])
    assert run_cli(["verify", "--all"]) == 0


def test_commands_refuse_an_unknown_week(capsys):
    assert run_cli(["release", "99_nothing"]) == 2
    assert run_cli(["verify"]) == 2


@pytest.mark.slow
def test_released_stub_runs_top_to_bottom_and_scores_zero(bundle):
    rows = check_stub(WEEK, bundle, graded_points(SOURCE), run_kernel=True)
    assert [r.check for r in rows] == ["stub scores zero", "stub runs top to bottom"]
    assert all(r.ok for r in rows), rows
