"""The 03_variational_inference autograder judges behaviour: the solution and correct alternatives keep full
marks, each known wrong answer loses points in the question it targets."""

import importlib.util
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.checks.judge import run_question
from autograder.checks.notebook_code import load_definitions
from autograder.checks.results import available, earned

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = [
    "gaussian_log_density", "kl_divergence", "monte_carlo_kl", "toy_model", "elbo", "gradient_estimators",
]  # fmt: skip
MUTANTS = sorted((ROOT / "tests" / "mutants" / WEEK).glob("*.py"))
ALTERNATIVES = sorted((ROOT / "tests" / "alternatives" / WEEK).glob("*.py"))


def declared_target(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("# target: "), f"{path.name} must start with '# target: <question>'"
    return first.removeprefix("# target: ").strip()


def score(namespace, questions):
    return {q: run_question(WEEK, q, namespace) for q in questions}


@pytest.fixture(scope="module")
def solution_results():
    return score(load_definitions(SOLUTION), QUESTIONS)


def cell_points(notebook_path):
    cells = nbformat.read(str(notebook_path), as_version=4).cells
    meta = [c.metadata.get("nbgrader", {}) for c in cells]
    return {m["grade_id"].removeprefix("test_"): m["points"] for m in meta if m.get("grade")}


@pytest.mark.parametrize("question", QUESTIONS)
def test_solution_gets_full_marks(solution_results, question):
    results = solution_results[question]
    assert results and earned(results) == available(results), [r for r in results if not r.passed]


def test_each_graded_cell_is_worth_its_hidden_tests(solution_results):
    """nbgrader takes the judge's points as partial credit: the cell must declare the same total."""
    source = ROOT / "assignments" / "source" / WEEK / f"{WEEK}.ipynb"
    declared = cell_points(source)
    assert set(declared) == set(QUESTIONS)
    assert declared == {q: available(solution_results[q]) for q in QUESTIONS}


def test_there_are_at_least_six_mutants_and_two_alternatives():
    assert len(MUTANTS) >= 6 and len(ALTERNATIVES) >= 2


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda p: p.stem)
def test_mutant_loses_points_in_its_target_question(mutant):
    target = declared_target(mutant)
    assert target in QUESTIONS
    results = run_question(WEEK, target, load_definitions(SOLUTION, mutant.read_text()))
    assert earned(results) < available(results), f"{mutant.stem} kept full marks in {target}"
    assert all(r.message for r in results if not r.passed), "every failure must explain itself"


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda p: p.stem)
def test_correct_alternative_keeps_full_marks(alternative):
    results = score(load_definitions(SOLUTION, alternative.read_text()), QUESTIONS)
    lost = [r for rs in results.values() for r in rs if not r.passed]
    assert not lost, [(r.test_id, r.message) for r in lost]


def week_conftest():
    path = ROOT / "autograder" / "weeks" / WEEK / "conftest.py"
    spec = importlib.util.spec_from_file_location(f"limits_of_{WEEK}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_monte_carlo_tolerances_are_six_standard_errors_of_the_reference():
    """Re-measures what the Monte Carlo tolerances in the week's conftest were derived from."""
    from reference.variational_inference import (
        elbo_closed_form,
        gaussian_log_density,
        linear_gaussian_log_marginal,
    )

    conftest, rng = week_conftest(), np.random.default_rng(0)
    limits, n = conftest.LIMITS, conftest.LIMITS.n_samples
    # The Gaussians of test_monte_carlo_kl.py::test_converges_to_the_closed_form.
    mean_q, log_var_q, mean_p, log_var_p = conftest.gaussian_pair(8, 3, seed=32)
    z = mean_q + np.exp(0.5 * log_var_q) * rng.standard_normal((n, 8, 3))
    log_ratio = gaussian_log_density(z, mean_q, log_var_q) - gaussian_log_density(z, mean_p, log_var_p)
    assert limits.mc_kl_atol >= 6 * log_ratio.std(0).max() / np.sqrt(n)

    toy = conftest.toy_case()
    x, w, b, sigma, q_mean, q_log_var = toy.x, toy.w, toy.b, toy.sigma, toy.q_mean, toy.q_log_var
    z = q_mean + np.exp(0.5 * q_log_var) * rng.standard_normal((n, 10))
    log_likelihood = -0.5 * (np.log(2 * np.pi * sigma**2) + (x - w * z - b) ** 2 / sigma**2)
    log_prior = -0.5 * (np.log(2 * np.pi) + z**2)
    log_q = -0.5 * (np.log(2 * np.pi) + q_log_var + (z - q_mean) ** 2 / np.exp(q_log_var))
    assert limits.elbo_atol >= 6 * (log_likelihood + log_prior - log_q).std(0).max() / np.sqrt(n)
    gaps = linear_gaussian_log_marginal(x, w, b, sigma) - elbo_closed_form(x, q_mean, q_log_var, w, b, sigma)
    assert limits.elbo_atol < gaps.min(), "the tolerance would let an ELBO above log p(x) pass"
