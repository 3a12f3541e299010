"""Check your notebook before you submit it: run every visible test and see, question by question,
what passes, what fails and why, and what you have not written yet.

In the notebook (the last cell of every released notebook does this)::

    from autograder.student.selfcheck import self_check
    self_check()

``self_check()`` runs the visible test cells (the ones below each exercise) against the functions you
defined in the notebook. It reads those test cells from the notebook file: the one named by the
environment variable ``VAELAB_NOTEBOOK``, else the one Jupyter or VS Code says is open, else the only
``.ipynb`` file in the current folder; on Colab it asks Colab for the open notebook. Pass
``notebook="path/to/week.ipynb"`` to choose. It only reports: your variables are left as they were.

From a terminal, with an exit status scripts can use (0: every visible test passed, 1 otherwise)::

    python -m autograder.student.selfcheck 03_variational_inference.ipynb

runs the notebook's own cells first (cells that raise an error are reported and skipped), then the
visible tests. Passing the visible tests does not guarantee full marks: hidden tests check more.
"""

import contextlib
import io
import json
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

PASSED, FAILED, NOT_ATTEMPTED = "passed", "failed", "not attempted"


@dataclass(frozen=True)
class QuestionCheck:
    """One question's visible tests: passed, failed (with the test's message) or not attempted."""

    question: str
    status: str
    message: str = ""


@dataclass(frozen=True, repr=False)
class SelfCheckResult:
    questions: list = field(default_factory=list)

    @property
    def ok(self):
        return bool(self.questions) and all(q.status == PASSED for q in self.questions)

    @property
    def exit_code(self):
        return 0 if self.ok else 1

    def __repr__(self):
        passed = sum(q.status == PASSED for q in self.questions)
        return f"<self-check: {passed}/{len(self.questions)} questions pass their visible tests>"


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def visible_tests(notebook):
    """[(question, code)] of the notebook's graded test cells, in order (dict from the .ipynb's JSON)."""
    tests = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade"):
            tests.append((meta.get("grade_id", "").removeprefix("test_"), _source(cell)))
    return tests


def _where_it_stopped(error):
    frames = traceback.extract_tb(error.__traceback__)
    return frames[-1].name if frames else "?"


def check_question(question, code, namespace):
    """Run one test cell's code in a copy of namespace and classify what happened."""
    scratch = dict(namespace)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, f"<visible tests of {question}>", "exec"), scratch)  # noqa: S102
    except NotImplementedError as error:
        return QuestionCheck(question, NOT_ATTEMPTED, f"{_where_it_stopped(error)} is not written yet")
    except NameError as error:
        return QuestionCheck(question, NOT_ATTEMPTED, f"{error}: write it and run its cell first")
    except AssertionError as error:
        return QuestionCheck(question, FAILED, str(error) or "a visible test failed")
    except Exception as error:  # the student's code raised: say where and what
        return QuestionCheck(
            question, FAILED, f"{type(error).__name__} in {_where_it_stopped(error)}: {error}"
        )
    return QuestionCheck(question, PASSED)


def run_visible_tests(notebook, namespace):
    """A SelfCheckResult for the notebook's (dict) visible tests, run against namespace."""
    return SelfCheckResult([check_question(q, code, namespace) for q, code in visible_tests(notebook)])


def format_self_check(result):
    """The result as a plain-text table, one row per question."""
    width = max([len("question"), *(len(q.question) for q in result.questions)])
    lines = [f"{'question':<{width}}  {'result':<13}  message"]
    for q in result.questions:
        lines.append(f"{q.question:<{width}}  {q.status:<13}  {q.message}".rstrip())
    passed = sum(q.status == PASSED for q in result.questions)
    lines.append(f"{passed}/{len(result.questions)} questions pass their visible tests.")
    return "\n".join(lines)


def _colab_notebook():
    try:
        from google.colab import _message  # only on Colab
    except ImportError:
        return None
    return _message.blocking_request("get_ipynb", timeout_sec=30)["ipynb"]


def find_notebook(namespace=None):
    """The path of the notebook being checked, or None on Colab (where it is not a local file)."""
    candidates = [os.environ.get("VAELAB_NOTEBOOK"), os.environ.get("JPY_SESSION_NAME"),
                  (namespace or {}).get("__vsc_ipynb_file__")]  # fmt: skip
    for candidate in candidates:
        if candidate and candidate.endswith(".ipynb") and Path(candidate).is_file():
            return Path(candidate)
    here = sorted(Path.cwd().glob("*.ipynb"))
    if len(here) == 1:
        return here[0]
    if _colab_notebook() is not None:
        return None
    raise FileNotFoundError(
        f"cannot tell which notebook to check: {len(here)} .ipynb files in {Path.cwd()}. "
        "Call self_check(notebook='your_week.ipynb')."
    )


def read_notebook(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def self_check(namespace=None, notebook=None):
    """Run the notebook's visible tests against your definitions and print a table per question.

    namespace: where your functions live (default: the notebook's, i.e. the caller's globals).
    notebook: the .ipynb file (default: see the module's docstring). Returns a SelfCheckResult with
    ``.ok`` (every question passed) and ``.exit_code`` (0 if ok, else 1).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    path = Path(notebook) if notebook else find_notebook(namespace)
    cells = read_notebook(path) if path else _colab_notebook()
    result = run_visible_tests(cells, namespace)
    print(format_self_check(result))
    return result


def _is_test(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade", False)


def _runs_self_check(code):
    return "self_check(" in code


def check_notebook_file(path, out=sys.stdout):
    """Execute the notebook's non-test code cells, then its visible tests; returns a SelfCheckResult."""
    notebook = read_notebook(path)
    namespace = {"__name__": "__main__"}
    for index, cell in enumerate(notebook.get("cells", [])):
        code = _source(cell)
        if cell.get("cell_type") != "code" or _is_test(cell) or _runs_self_check(code):
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, f"<cell {index}>", "exec"), namespace)  # noqa: S102
        except Exception as error:  # keep going: the tests then say what is missing
            print(f"cell {index} raised {type(error).__name__}: {error} (skipped)", file=out)
    result = run_visible_tests(notebook, namespace)
    print(format_self_check(result), file=out)
    return result


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].endswith(".ipynb"):
        print("usage: python -m autograder.student.selfcheck NOTEBOOK.ipynb", file=sys.stderr)
        return 2
    os.environ.setdefault("MPLBACKEND", "Agg")  # plots in the notebook's cells: no window
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return check_notebook_file(args[0]).exit_code


if __name__ == "__main__":
    sys.exit(main())
