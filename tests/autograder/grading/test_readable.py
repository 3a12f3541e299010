"""Tests for autograder/grading/readable.py: hidden tests named in words a student reads."""

import pytest

from autograder.checks import results
from autograder.grading.readable import readable_name


@pytest.mark.parametrize(("week", "question", "test_id", "name"), [
    ("03_variational_inference", "test_kl_divergence", "test_values_match_the_closed_form",
     "Values match the closed form"),
    ("04_vae", "test_vae_loss", "test_values_match_the_reference[4-3.5]",
     "Values match the reference (latent dim 4, beta 3.5)"),
    ("04_vae", "test_kl_divergence", "test_one_value_per_example[1-2]",
     "One value per example (batch 1, latent dim 2)"),
    ("02_conv_autoencoders", "test_count_parameters", "test_counts_every_weight[conv_batchnorm]",
     "Counts every weight (conv_batchnorm)"),  # its own ids
    # The one row of a question whose tests did not run.
    ("03_variational_inference", "test_elbo", "test_elbo", "Elbo (the whole question)"),
])  # fmt: skip
def test_a_pytest_id_reads_as_words_with_its_case_named(week, question, test_id, name):
    assert readable_name(results.TestResult(week, question, test_id, 0.0, 1.0, False)) == name


def test_a_docstring_names_the_test_when_it_has_one(tmp_path, monkeypatch):
    from autograder import week as weeks

    week = tmp_path / "09_week"
    week.mkdir()
    (week / "test_decoder.py").write_text(
        'def test_shape(student):\n    """the decoder returns one image per code."""\n'
    )
    monkeypatch.setattr(weeks, "WEEKS_DIR", tmp_path)
    assert readable_name(results.TestResult("09_week", "test_decoder", "test_shape", 1.0, 1.0, True)) == (
        "The decoder returns one image per code"
    )
