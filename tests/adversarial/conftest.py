"""Print the adversarial table (cheats held, faults handled, kills survived) at the end of every run.

The table travels as a user property of test_adversarial.py's first test, so it reaches the terminal
from a pytest-xdist worker as well as from a plain run.
"""

PROPERTY = "vaelab_adversarial_table"  # recorded by test_adversarial.py
_TABLES = []


def pytest_runtest_logreport(report):
    _TABLES.extend(value for name, value in report.user_properties if name == PROPERTY)


def pytest_terminal_summary(terminalreporter):
    for rows, summary in _TABLES:
        terminalreporter.write_sep("=", "adversarial corpora (tests/adversarial)")
        terminalreporter.write_line(rows)
        terminalreporter.write_line(summary)
