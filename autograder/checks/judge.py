"""Run one question of a week's hidden pytest autograder against a student's namespace.

The week's tests live in `autograder/weeks/<week>/test_<question>.py`; each test receives the
student's definitions through the `student` fixture and declares its points with
`@pytest.mark.points(n)`. In a notebook's hidden test cell, `judge(...)` is the cell's last
expression: nbgrader takes the float it returns as the cell's partial credit.
"""

import ast
import contextlib
import dataclasses
import functools
import importlib.util
import io
import textwrap
import types

import pytest

from autograder.checks.results import TestResult, earned, format_results
from autograder.week import WEEKS_DIR, hidden_tests_folder

# Machine-readable results in the graded cell's outputs, for `vaelab grade`'s per-test rows.
RESULTS_MIMETYPE = "application/vnd.vaelab.results+json"


def question_file(week, question):
    path = hidden_tests_folder(week) / f"test_{question}.py"
    if not path.is_file():
        raise FileNotFoundError(f"no hidden tests for week {week!r}, question {question!r}: {path}")
    return path


def question_names(week):
    """The questions a week's autograder has, from its test_<question>.py files."""
    return sorted(p.stem.removeprefix("test_") for p in hidden_tests_folder(week).glob("test_*.py"))


@functools.cache
def week_conftest(week):
    """A week's conftest.py as a module of its own (for its constants and `@persisted` values)."""
    path = hidden_tests_folder(week) / "conftest.py"
    spec = importlib.util.spec_from_file_location(f"vaelab_week_{week}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged_question(source):
    """(week, question) of the judge call in a hidden test cell's source, or None.

    The call a hidden test region makes, `judge("<week>", "<question>", globals())`, read from the
    region's syntax tree: the region is the code the kernel would have run.
    """
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node.func) == "judge" and len(node.args) >= 2:
            week, question = node.args[:2]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (week, question)):
                return week.value, question.value
    return None


def _called_name(func):
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _failure_message(report):
    """The first line a student should read: the assertion's own message when it has one."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    text = text.removeprefix("AssertionError: ")
    first = text.strip().splitlines()[0] if text.strip() else "failed"
    return first[:500]


class _Collector:
    """pytest plugin: hands the student's namespace to the tests and records each outcome."""

    def __init__(self, week, question, namespace):
        self.week, self.question = week, question
        # A dict of the kernel's globals (the judge in the kernel), or a KernelNamespace (outside it).
        self.namespace = types.SimpleNamespace(**namespace) if isinstance(namespace, dict) else namespace
        self.results = []
        self.collection_errors = []
        self._points = {}

    @pytest.fixture(scope="session")
    def student(self):
        return self.namespace

    def pytest_collection_modifyitems(self, items):
        for item in items:
            marker = item.get_closest_marker("points")
            self._points[item.nodeid] = float(marker.args[0]) if marker else 1.0

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(str(report.longrepr))

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and not report.passed):
            max_points = self._points.get(report.nodeid, 1.0)
            passed = report.passed
            self.results.append(
                TestResult(
                    week=self.week,
                    question=self.question,
                    test_id=report.nodeid.split("::", 1)[-1],
                    points=max_points if passed else 0.0,
                    max_points=max_points,
                    passed=passed,
                    message="" if passed else _failure_message(report),
                )
            )


def _pytest_args(path):
    return [
        str(path),
        "-c", str(WEEKS_DIR / "pytest.ini"),
        "--rootdir", str(WEEKS_DIR),
        "-p", "no:cacheprovider",
        # Its teardown runs gc.collect() several times over TensorFlow's heap: 80% of a question's time.
        "-p", "no:unraisableexception",
        "--import-mode=importlib",
        "-q",
        "--tb=short",
    ]  # fmt: skip


def collected_points(week, question):
    """{test id: points} of one question as the judge counts them, from pytest's collection (no test runs).
    What autograder/points.py reads from the source must equal it."""
    collector = _Collector(week, question, {})
    with contextlib.redirect_stdout(io.StringIO()) as sink, contextlib.redirect_stderr(sink):
        pytest.main([*_pytest_args(question_file(week, question)), "--collect-only"], plugins=[collector])
    if collector.collection_errors:
        raise RuntimeError(f"hidden tests for {week}/{question} failed to load:\n" + sink.getvalue())
    return {nodeid.split("::", 1)[-1]: points for nodeid, points in collector._points.items()}


def run_question(week, question, namespace):
    """Run the hidden tests of one question; returns a list of TestResult."""
    collector = _Collector(week, question, namespace)
    args = _pytest_args(question_file(week, question))
    # Everything pytest and the graded code print goes to a buffer: under nbgrader, any stderr
    # output in a graded cell zeroes it, and the grade must come from the tests alone.
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        pytest.main(args, plugins=[collector])
    if collector.collection_errors:
        raise RuntimeError(f"hidden tests for {week}/{question} failed to load:\n" + sink.getvalue())
    return collector.results


def _publish(results):
    """Attach the results to the cell's outputs when running in a kernel (nbgrader ignores them)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display({RESULTS_MIMETYPE: [dataclasses.asdict(r) for r in results]}, raw=True)


def judge(week, question, namespace):
    """Print the question's results table and return the points earned (nbgrader's partial credit)."""
    results = run_question(week, question, namespace)
    print(format_results(results))
    _publish(results)
    return earned(results)
