"""Fill an assignment's cache of student-independent values: every `@persisted` value its conftest declares.

Run by `vaelab grade` once per batch, in a fresh process, before any student code runs:
`python -m autograder.checks.precompute WEEK CACHE_DIR`. It needs neither a solution nor a kernel.
"""

import importlib.util
import os
import sys
from pathlib import Path

from autograder.checks.cache import CACHE_DIR_ENV, DIGESTS_ENV, compute_persisted

WEEKS_DIR = Path(__file__).resolve().parent.parent / "weeks"


def precompute(week, folder):
    """Write the week's persisted values into `folder` (created even when the week declares none)."""
    os.environ[CACHE_DIR_ENV] = str(folder)
    os.environ.pop(DIGESTS_ENV, None)
    Path(folder).mkdir(parents=True, exist_ok=True)
    conftest = WEEKS_DIR / week / "conftest.py"
    if conftest.is_file():
        spec = importlib.util.spec_from_file_location(f"vaelab_precompute_{week}", conftest)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return compute_persisted()


if __name__ == "__main__":
    precompute(*sys.argv[1:3])
