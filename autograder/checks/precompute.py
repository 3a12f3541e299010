"""Fill an assignment's cache of student-independent values by judging the course's own solution.

Run by `vaelab grade` once per batch, in a fresh process, before any student code runs:
`python -m autograder.checks.precompute WEEK SOLUTION_NOTEBOOK CACHE_DIR`.
"""

import os
import sys

from autograder.checks.cache import CACHE_DIR_ENV, DIGESTS_ENV


def precompute(week, solution, folder):
    os.environ[CACHE_DIR_ENV] = str(folder)
    os.environ.pop(DIGESTS_ENV, None)
    from autograder.checks.judge import question_names, run_question
    from autograder.checks.notebook_code import load_definitions

    namespace = load_definitions(solution)
    for question in question_names(week):
        run_question(week, question, namespace)


if __name__ == "__main__":
    precompute(*sys.argv[1:4])
