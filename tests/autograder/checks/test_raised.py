"""A student's code that raises becomes a failed check naming the call, the exception and its first line."""

import pytest

from autograder.checks.raised import first_line, raised_as_failure


def test_first_line_keeps_the_first_line_up_to_the_limit():
    err = ValueError("  shapes do not match\nTraceback details  ")
    assert first_line(err) == "shapes do not match"
    assert first_line(err, 6) == "shapes"
    assert first_line(ValueError("x" * 300)) == "x" * 200
    assert first_line(ValueError("x" * 300), limit=None) == "x" * 300


def test_an_exception_without_a_message_says_so():
    assert first_line(KeyError()) == "no message"


def test_what_raised_becomes_an_assertion_error_chained_to_it():
    expected = r"^pretrain\(\.\.\.\) raised ZeroDivisionError: division by zero$"
    with pytest.raises(AssertionError, match=expected) as info:
        with raised_as_failure("pretrain(...)"):
            1 / 0  # noqa: B018 - the student's code raising
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_a_students_own_assertion_is_reported_the_same_way():
    with pytest.raises(AssertionError, match="build_classifier raised AssertionError: mine"):
        with raised_as_failure("build_classifier"):
            raise AssertionError("mine")


def test_code_that_does_not_raise_returns_its_value():
    def call():
        with raised_as_failure("call()"):
            return 3

    assert call() == 3
