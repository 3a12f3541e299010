"""A week's read-only training cell trains exactly the model its grader would train: the same weights to
the last bit. So a hidden test that evaluates what the cell left (autograder/checks/training.py) gives the
points the grader's own training would have given."""

import contextlib
import io
import types
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from autograder.checks.judge import week_conftest
from autograder.checks.notebook_code import load_definitions

ROOT = Path(__file__).resolve().parents[3]


def plain_parts(build, latent_dim):
    return build(latent_dim=latent_dim)


def linear_autoencoder(week, student):
    rules = week.RULES
    budget = (rules.linear_epochs, rules.linear_batch_size, rules.linear_learning_rate)
    build = student.build_linear_autoencoder
    return week.train_here(student, plain_parts, build, rules.linear_latent_dim, *budget)[2]


# week -> (read-only cell, the name of the model it trains, the grader's own training of that model)
CASES = {
    "01_autoencoders": ("train_linear_autoencoder", "linear_ae", linear_autoencoder),
    "02_conv_autoencoders": ("train_autoencoders", "conv_ae",
                             lambda week, s: week.train_here(s, plain_parts)[0]),
    "04_vae": ("train_vae", "encoder", lambda week, s: week.train_vae_here(s)[0]),
    "05_imaging": ("train_denoiser", "denoiser",
                   lambda week, s: week.train_here(s, s.build_denoiser, *week.task_of("denoiser")[0])),
}  # fmt: skip


def run_until(notebook_path, grade_id):
    """The namespace of the notebook's code run up to and including the cell `grade_id` (tests skipped)."""
    matplotlib.use("Agg")
    namespace = {"__name__": "__main__"}
    for cell in nbformat.read(str(notebook_path), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade"):
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cell.source, meta.get("grade_id", "cell"), "exec"), namespace)  # noqa: S102
        if meta.get("grade_id") == grade_id:
            return namespace
    raise AssertionError(f"no cell {grade_id} in {notebook_path}")


@pytest.mark.parametrize("week", list(CASES))
def test_read_only_training_cell_trains_what_the_grader_trains(week):
    cell, name, grader_training = CASES[week]
    notebook = ROOT / "solutions" / week / f"{week}.ipynb"
    trained_by_the_notebook = run_until(notebook, cell)[name]
    with contextlib.redirect_stdout(io.StringIO()):
        definitions = types.SimpleNamespace(**load_definitions(notebook))
    trained_by_the_grader = grader_training(week_conftest(week), definitions)
    found, expected = trained_by_the_notebook.get_weights(), trained_by_the_grader.get_weights()
    assert len(found) == len(expected) > 0
    assert all(np.array_equal(a, b) for a, b in zip(found, expected)), f"{cell} trains other weights"
