"""The 02_conv_autoencoders autograder judges behaviour: the solution and correct alternatives keep full
marks, each known wrong answer loses points in the question it targets."""

import importlib.util
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest

from autograder.checks.judge import run_question
from autograder.checks.notebook_code import load_definitions
from autograder.checks.results import available, earned

ROOT = Path(__file__).resolve().parents[3]
WEEK = "02_conv_autoencoders"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = [
    "compression_ratio", "conv_encoder", "conv_decoder", "conv_autoencoder", "count_parameters",
    "conv_training",
]  # fmt: skip
MUTANTS = sorted((ROOT / "tests" / "mutants" / WEEK).glob("*.py"))
ALTERNATIVES = sorted((ROOT / "tests" / "alternatives" / WEEK).glob("*.py"))


def declared_target(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("# target: "), f"{path.name} must start with '# target: <question>'"
    return first.removeprefix("# target: ").strip()


def score(namespace, questions):
    return {q: run_question(WEEK, q, namespace) for q in questions}


def week_limits():
    spec = importlib.util.spec_from_file_location(
        "week02_conftest", ROOT / "autograder" / "weeks" / WEEK / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LIMITS


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


def test_reference_clears_the_training_threshold_with_margin(mnist):
    """Re-measures what the grade constants in the week's conftest were derived from."""
    from reference.autoencoders import build_conv_autoencoder, train_autoencoder

    limits = week_limits()
    (x_train, _), (x_test, _) = mnist
    keras.utils.set_random_seed(limits.seed)
    model = build_conv_autoencoder(latent_dim=limits.training_latent_dim, filters=(8, 16)).model
    budget = (limits.training_epochs, limits.training_batch_size, limits.training_learning_rate)
    train_autoencoder(model, x_train[: limits.training_images], *budget, seed=limits.seed)
    found = float(np.mean((keras.ops.convert_to_numpy(model.predict(x_test, verbose=0)) - x_test) ** 2))
    mean_image = float(np.mean((x_test - x_train.mean(axis=0)) ** 2))
    # The threshold sits between the reference and the mean-image floor, with room on both sides.
    assert found < limits.max_training_mse - 0.008 < limits.max_training_mse + 0.008 < mean_image, (
        found, mean_image,
    )  # fmt: skip
