"""Training the notebook already did is found only under the graded budget; the grader's own training
reports per-epoch losses that must fall."""

import types

import pytest

from autograder.checks.training import assert_loss_falls, left_with_budget


def history(epochs, steps, losses):
    return types.SimpleNamespace(params={"epochs": epochs, "steps": steps}, history={"loss": losses})


def test_what_a_read_only_cell_left_comes_back_with_its_losses():
    student = types.SimpleNamespace(conv_ae="model", conv_history=history(2, 125, [0.2, 0.1]))
    assert left_with_budget(student, ("conv_ae", "conv_history"), 2, 1000, 8) == ("model", [0.2, 0.1])


@pytest.mark.parametrize("budget", [(3, 1000, 8), (2, 1000, 16), (2, 500, 8)])
def test_a_fit_under_another_budget_is_not_the_graded_training(budget):
    student = types.SimpleNamespace(conv_ae="model", conv_history=history(2, 125, [0.2, 0.1]))
    assert left_with_budget(student, ("conv_ae", "conv_history"), *budget) is None


def test_nothing_is_left_when_the_cell_did_not_run():
    student = types.SimpleNamespace(conv_ae="model")
    assert left_with_budget(student, ("conv_ae", "conv_history"), 2, 1000, 8) is None


def test_a_falling_finite_loss_passes():
    assert_loss_falls([0.3, 0.2, 0.1])


@pytest.mark.parametrize(("losses", "message"), [
    ([], "training reported losses []"),
    ([0.3, float("nan")], "training reported losses"),
    ([0.1, 0.2], "the training loss did not fall: [0.1, 0.2]"),
])  # fmt: skip
def test_an_empty_infinite_or_rising_loss_fails(losses, message):
    with pytest.raises(AssertionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        assert_loss_falls(losses)
