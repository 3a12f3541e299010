"""Tests for autograder/student/selfcheck.py: the visible tests of a notebook, run where the student works,
reported per question; `python -m autograder.student.selfcheck` exits 0 only when all pass."""

import subprocess
import sys
from pathlib import Path

import pytest

from autograder.checks.notebook_code import load_definitions
from autograder.student.selfcheck import FAILED, NOT_ATTEMPTED, PASSED, self_check

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = ["gaussian_log_density", "kl_divergence", "monte_carlo_kl", "toy_model", "elbo",
             "gradient_estimators"]  # fmt: skip


def test_the_solution_passes_every_question(capsys):
    result = self_check(load_definitions(SOLUTION), notebook=SOLUTION)
    assert [(q.question, q.status) for q in result.questions] == [(q, PASSED) for q in QUESTIONS]
    assert result.ok and result.exit_code == 0
    assert "6/6 questions pass their visible tests" in capsys.readouterr().out


def test_a_wrong_answer_fails_with_the_tests_message_and_a_missing_one_is_not_attempted(capsys):
    mutant = ROOT / "tests" / "mutants" / WEEK / "log_density_missing_log_2pi.py"
    namespace = load_definitions(SOLUTION, mutant.read_text())
    del namespace["elbo"]
    result = {q.question: q for q in self_check(namespace, notebook=SOLUTION).questions}
    assert result["gaussian_log_density"].status == FAILED
    assert "the log-density is -log(2 pi)" in result["gaussian_log_density"].message
    assert result["elbo"].status == NOT_ATTEMPTED and "'elbo' is not defined" in result["elbo"].message
    assert result["kl_divergence"].status == PASSED


def test_self_check_leaves_the_students_namespace_alone():
    namespace = load_definitions(SOLUTION)
    before = set(namespace)
    self_check(namespace, notebook=SOLUTION)
    assert set(namespace) == before


def test_without_arguments_it_checks_the_callers_globals_and_the_folders_notebook(tmp_path, monkeypatch):
    (tmp_path / SOLUTION.name).write_bytes(SOLUTION.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VAELAB_NOTEBOOK", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    namespace = load_definitions(SOLUTION)
    cell = {**namespace, "self_check": self_check}
    exec("result = self_check()", cell)  # noqa: S102 - as a notebook cell would
    assert cell["result"].ok


def test_importing_it_loads_no_grading_code():
    code = (
        "import sys, autograder.student.selfcheck\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('reference', 'tensorflow', 'keras', 'nbgrader')"
        " or (m.startswith('autograder.') and not m.startswith('autograder.student'))]\n"
        "assert not bad, bad"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.mark.slow
def test_command_exits_0_for_the_solution_notebook():
    result = subprocess.run(
        [sys.executable, "-m", "autograder.student.selfcheck", str(SOLUTION)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6/6 questions pass" in result.stdout
