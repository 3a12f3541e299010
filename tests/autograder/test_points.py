"""Tests for autograder/points.py: a question's points, read once from its hidden tests' source, are what
the judge counts from pytest's collection, and a form it could count differently is refused."""

import pytest

from autograder.checks.judge import collected_points, question_names
from autograder.points import points_per_test, question_points, week_points
from autograder.week import hidden_tests_folder, weeks

FILE = '''
import pytest


def helper():
    pass


@pytest.mark.points(2)
@pytest.mark.parametrize("a", [1, 2])
@pytest.mark.parametrize(("b", "c"), [(1, 2), (3, 4), (5, 6)], ids=["x", "y", "z"])
def test_stacked_cases_multiply(student, a, b, c):
    pass


def test_without_a_mark_is_worth_one(student):
    pass


@pytest.mark.points(0.5)
@pytest.mark.parametrize(argnames="k", argvalues=(2, 5))
def test_keyword_cases(student, k):
    pass
'''


def by_function(points):
    """{test function: its points over all cases} of pytest ids such as test_x[2-5]."""
    found = {}
    for test_id, value in points.items():
        name = test_id.partition("[")[0]
        found[name] = found.get(name, 0.0) + value
    return found


@pytest.mark.parametrize("name", list(weeks()))
def test_the_points_read_from_the_source_are_those_pytest_collects(name):
    folder = hidden_tests_folder(name)
    for question in question_names(name):
        read = points_per_test(folder / f"test_{question}.py")
        assert read == by_function(collected_points(name, question)), f"{name}/{question}"


def test_a_week_is_the_sum_of_its_questions_and_a_test_of_its_cases(tmp_path):
    (tmp_path / "test_q.py").write_text(FILE)
    (tmp_path / "conftest.py").write_text("")
    assert points_per_test(tmp_path / "test_q.py") == {"test_stacked_cases_multiply": 12.0,
                                                       "test_without_a_mark_is_worth_one": 1.0,
                                                       "test_keyword_cases": 1.0}  # fmt: skip
    assert question_points(tmp_path / "test_q.py") == 14.0
    assert week_points(tmp_path) == {"q": 14.0}
    assert week_points(tmp_path / "no_such_week") == {}


@pytest.mark.parametrize(("code", "message"), [
    ("class TestShapes:\n    def test_a(self):\n        pass\n", "test class TestShapes"),
    ("import pytest\npytestmark = pytest.mark.points(2)\n", "module-wide pytestmark"),
    ("import pytest\nCASES = [1, 2]\n@pytest.mark.parametrize('k', CASES)\ndef test_a(k):\n    pass\n",
     "must be a literal, non-empty list"),
    ("import pytest\n@pytest.mark.parametrize('k', [1, pytest.param(2, marks=pytest.mark.points(3))])\n"
     "def test_a(k):\n    pass\n", "a case with marks of its own"),
    ("import pytest\n@pytest.mark.points\ndef test_a():\n    pass\n", "must be @pytest.mark.points"),
    ("import pytest\n@pytest.mark.points(1)\n@pytest.mark.points(2)\ndef test_a():\n    pass\n",
     "has 2 points marks"),
])  # fmt: skip
def test_a_form_pytest_could_count_otherwise_is_refused(tmp_path, code, message):
    (tmp_path / "test_q.py").write_text(code)
    with pytest.raises(ValueError, match=message):
        points_per_test(tmp_path / "test_q.py")
