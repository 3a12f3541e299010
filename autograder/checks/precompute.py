"""Fill an assignment's cache of student-independent values: every `@persisted` value its conftest declares.

Run by `vaelab grade` once per batch, in a fresh process, before any student code runs:
`python -m autograder.checks.precompute WEEK CACHE_DIR`. It needs neither a solution nor a kernel.
"""

import sys
from pathlib import Path

from autograder.checks.cache import compute_persisted, fill
from autograder.checks.judge import week_conftest
from autograder.week import hidden_tests_folder


def precompute(week, folder):
    """Write the week's persisted values into `folder` (created even when the week declares none)."""
    fill(folder)
    Path(folder).mkdir(parents=True, exist_ok=True)
    if (hidden_tests_folder(week) / "conftest.py").is_file():
        week_conftest(week)  # declares the week's values, which compute_persisted then computes
    return compute_persisted()


if __name__ == "__main__":
    precompute(*sys.argv[1:3])
