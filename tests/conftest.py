"""Session-wide fixtures: data and seeds shared by every test, loaded once."""

import os

# Set before TensorFlow is first imported by any test module.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def mnist():
    """The bundled MNIST split: ((x_train, y_train), (x_test, y_test))."""
    from autograder.student import load_mnist

    return load_mnist(source="bundled")


@pytest.fixture
def make_course(tmp_path):
    """make_course(assignments, source_dir) -> Course under tmp_path with the course's nbgrader config."""
    from autograder.course import Course

    made = []

    def make(assignments, source_dir):
        course = Course.create(tmp_path / f"course{len(made)}", source_dir, assignments)
        made.append(course)
        return course

    return make


@pytest.fixture
def release_leaks():
    """release_leaks(course, week) -> what `vaelab release`'s scan finds in the week's nbgrader release:
    grading code, solution or hidden-test markers, or the text of a source region (empty when clean)."""
    from autograder.instructor.release import scan_bundle

    def leaks(course, week):
        sources = sorted((course.root / "source" / week).glob("*.ipynb"))
        return [f"{f.path}: {f.what}" for f in scan_bundle(course.released_notebook(week).parent, sources)]

    return leaks


# The adversarial table (cheats held, faults handled, kills survived), printed at the end of every run.
# tests/adversarial/test_adversarial.py records it as a user property of a test, so it reaches the
# terminal from a pytest-xdist worker (this file is the one conftest the controller loads) as well as in
# a plain run.
ADVERSARIAL_TABLE = "vaelab_adversarial_table"
_tables = []


def pytest_runtest_logreport(report):
    if report.when == "call":  # the teardown report carries the same properties
        _tables.extend(value for name, value in report.user_properties if name == ADVERSARIAL_TABLE)


def pytest_terminal_summary(terminalreporter):
    for rows, summary in _tables:
        terminalreporter.write_sep("=", "adversarial corpora (tests/adversarial)")
        terminalreporter.write_line(rows)
        terminalreporter.write_line(summary)
