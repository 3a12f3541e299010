"""The 01_autoencoders autograder judges behaviour: the solution and correct alternatives keep full marks,
each known wrong answer loses points in the question it targets."""

from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from scipy.linalg import subspace_angles

from autograder.checks.judge import run_question
from autograder.checks.notebook_code import load_definitions
from autograder.checks.results import available, earned

ROOT = Path(__file__).resolve().parents[3]
WEEK = "01_autoencoders"
SOLUTION = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
QUESTIONS = [
    "pca_fit", "pca_encode", "pca_decode", "reconstruction_mse",
    "linear_autoencoder", "linear_vs_pca", "dense_autoencoder", "dense_vs_pca",
]  # fmt: skip
MUTANTS = sorted((ROOT / "tests" / "mutants" / WEEK).glob("*.py"))
ALTERNATIVES = sorted((ROOT / "tests" / "alternatives" / WEEK).glob("*.py"))


def declared_target(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("# target: "), f"{path.name} must start with '# target: <question>'"
    return first.removeprefix("# target: ").strip()


def score(namespace, questions):
    return {q: run_question(WEEK, q, namespace) for q in questions}


def week_conftest():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "week01_conftest", ROOT / "autograder" / "weeks" / WEEK / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference_pca(mnist):
    """The reference PCA of the bundled training images with 8 components (one SVD, about 10 s)."""
    from reference.pca import fit_pca

    (x_train, _), _ = mnist
    return fit_pca(x_train, 8)


def truncated(pca, k):
    from reference.pca import PCA

    return PCA(mean=pca.mean, components=pca.components[:k], shape=pca.shape)


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


def test_grader_pca_spans_the_reference_pca_subspaces(mnist, reference_pca):
    """The week's conftest takes PCA from the covariance's eigenvectors, for speed: same subspaces."""
    (x_train, _), _ = mnist
    mean, components = week_conftest()._principal_directions(x_train, 8)
    np.testing.assert_allclose(mean, reference_pca.mean, atol=1e-6)
    for k in (2, 8):
        angles = np.degrees(subspace_angles(components[:k].T, reference_pca.components[:k].T))
        assert angles.max() < 0.1, (k, angles)


def test_reference_clears_the_training_thresholds_with_margin(mnist, reference_pca):
    """Re-measures what the grade constants in the week's conftest were derived from."""
    from reference.autoencoders import build_dense_autoencoder, build_linear_autoencoder, train_autoencoder
    from reference.pca import pca_reconstruction_mse

    limits = week_conftest().LIMITS
    (x_train, _), (x_test, _) = mnist

    k = limits.linear_latent_dim
    linear = build_linear_autoencoder(latent_dim=k)
    train_autoencoder(linear.model, x_train, limits.linear_epochs, limits.linear_batch_size,
                      limits.linear_learning_rate, seed=limits.seed)  # fmt: skip
    codes = np.vstack([np.zeros((1, k)), np.eye(k)]).astype("float32")
    out = keras.ops.convert_to_numpy(linear.decoder(codes)).reshape(k + 1, -1)
    angles = np.degrees(subspace_angles((out[1:] - out[0]).T, reference_pca.components[:k].T))
    assert angles.max() < limits.max_subspace_angle / 2, angles
    linear_mse = float(np.mean((keras.ops.convert_to_numpy(linear.model(x_test)) - x_test) ** 2))
    pca_linear = pca_reconstruction_mse(truncated(reference_pca, k), x_test)
    assert linear_mse < (1 + (limits.linear_mse_over_pca - 1) / 2) * pca_linear

    dense = build_dense_autoencoder(latent_dim=limits.dense_latent_dim)
    train_autoencoder(dense.model, x_train, limits.dense_epochs, limits.dense_batch_size,
                      limits.dense_learning_rate, seed=limits.seed)  # fmt: skip
    dense_mse = float(np.mean((keras.ops.convert_to_numpy(dense.model(x_test)) - x_test) ** 2))
    pca_dense = pca_reconstruction_mse(truncated(reference_pca, limits.dense_latent_dim), x_test)
    # The threshold sits between the reference and the PCA floor, with room on both sides.
    assert dense_mse < limits.max_dense_mse - 0.001 < limits.max_dense_mse + 0.001 < pca_dense
