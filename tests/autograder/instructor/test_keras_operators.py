"""Tests for autograder/instructor/keras_operators.py: each operator makes the mistake it names, through
cosmic-ray's own `mutate_code`, and leaves code it does not apply to alone."""

import pytest
from cosmic_ray.mutating import mutate_code

from autograder.instructor.keras_operators import KERAS_OPERATORS

EXAMPLES = [(name, example) for name, operator in KERAS_OPERATORS.items() for example in operator.examples()]


@pytest.mark.parametrize("name, example", EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_operator_makes_its_mutation(name, example):
    mutated = mutate_code(example.pre_mutation_code, KERAS_OPERATORS[name](), example.occurrence)
    assert mutated == example.post_mutation_code


@pytest.mark.parametrize("name, code", [
    ("keras/SwapActivation", 'Dense(2, name="relu")'),
    ("keras/SwapLoss", 'm.compile(loss=my_loss, optimizer="mse")'),
    ("keras/ChangeAxis", "np.sum(x, 1)"),
    ("keras/FlipTrainable", "trainable = False"),
    # Not an argument of the enclosing function, or one with no default to fall back to.
    ("keras/IgnoreArgument", "def f(m, x):\n    m.fit(x, batch_size=size)\n"),
    ("keras/IgnoreArgument", "def f(m, x, steps):\n    m.fit(x, steps)\n"),
])  # fmt: skip
def test_operator_leaves_other_code_alone(name, code):
    assert mutate_code(code, KERAS_OPERATORS[name](), 0) is None


def test_ignored_keras_argument_falls_back_to_keras_default():
    code = "def train(m, x, epochs, batch_size=64):\n    m.fit(x, x, epochs=epochs, batch_size=batch_size)\n"
    operator = KERAS_OPERATORS["keras/IgnoreArgument"]
    assert mutate_code(code, operator(), 0).endswith("m.fit(x, x, epochs=1, batch_size=batch_size)\n")
    assert mutate_code(code, operator(), 1).endswith("m.fit(x, x, epochs=epochs, batch_size=64)\n")
    assert mutate_code(code, operator(), 2).endswith("m.fit(x, x, epochs=epochs, batch_size=None)\n")
