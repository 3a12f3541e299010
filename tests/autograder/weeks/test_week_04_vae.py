"""The 04_vae autograder judges behaviour: the solution and correct alternatives keep full marks,
each known wrong answer loses points in the question it targets."""

from pathlib import Path

import keras
import nbformat
import pytest

from autograder.checks.judge import run_question
from autograder.checks.notebook_code import load_definitions
from autograder.checks.results import available, earned

ROOT = Path(__file__).resolve().parents[3]
WEEK = "04_vae"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = [
    "sampling", "encoder", "decoder", "kl_divergence", "reconstruction_loss",
    "vae_loss", "vae_model", "training", "generation",
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


def test_there_are_at_least_ten_mutants_and_three_alternatives():
    assert len(MUTANTS) >= 10 and len(ALTERNATIVES) >= 3


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
    """Re-measures what the threshold in the week's conftest was derived from."""
    from reference.vae import VAE, build_vae_decoder, build_vae_encoder, negative_elbo

    keras.utils.set_random_seed(0)
    vae = VAE(build_vae_encoder(seed=0), build_vae_decoder())
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    (x_train, _), (x_test, _) = mnist
    vae.fit(x_train, epochs=3, batch_size=128, verbose=0)
    assert negative_elbo(vae.encoder, vae.decoder, x_test) < 225.0 - 5.0
