"""A graded test cell of a week judged outside the kernel, run by the grading worker on that kernel.

`vaelab grade` never sends a graded test cell to the student's kernel. The worker runs the cell's
visible code itself, once, with `student` names as a proxy of the kernel (autograder/grading/remote.py):
the modules it uses by name (np, keras, ...) are the grader's own and `isinstance` sees the type of an
object in the kernel, so student code cannot fake what the visible asserts check. The names the code
binds land in the kernel's globals, as if the cell had run there (a cell that trains `encoder` leaves
it for the next cells). What the code prints, here and in the kernel, becomes the cell's output. Then,
if it passed, the question's hidden pytest tests run here on the same proxy.
"""

import ast
import builtins
import contextlib
import importlib
import io
import types
from dataclasses import dataclass, field

import nbformat

from autograder.grading.remote import WORKER_MODULES, Handle, KernelNamespace, StudentError

_UNBOUND = object()


@dataclass
class GradedCell:
    """What running a graded cell gave: its outputs (streams, the visible code's error) and test rows."""

    outputs: list = field(default_factory=list)
    results: list = field(default_factory=list)


def judged_here(cell):
    """The (week, question) pairs the worker judges at this graded cell ([] for every other cell)."""
    return [tuple(q) for q in cell.get("metadata", {}).get("vaelab", {}).get("judge", [])]


class _Streams(io.TextIOBase):
    """The cell's stream outputs in the order they come: the worker's prints and the kernel's."""

    def __init__(self, outputs):
        self.outputs = outputs

    def write(self, text):
        self.add("stdout", text)
        return len(text)

    def add(self, name, text):
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


def _kernel_names(tree):
    """Names the code reads but never binds, and that are not Python's builtins: the kernel's globals."""
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return sorted(read - bound - set(dir(builtins)) - set(WORKER_MODULES))


def _crosses(value):
    """Whether the kernel can hold `value` as the worker has it: its own object, or data."""
    if isinstance(value, Handle) or value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_crosses(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _crosses(v) for k, v in value.items())
    return hasattr(value, "__array__") and not callable(value) and not isinstance(value, types.ModuleType)


def error_output(err):
    """An nbformat error output for an exception the visible code raised (student code's own name kept)."""
    name = err.name if isinstance(err, StudentError) else type(err).__name__
    message = err.message if isinstance(err, StudentError) else str(err)
    first = message.strip().splitlines()[0][:300] if message.strip() else ""
    return nbformat.v4.new_output("error", ename=name, evalue=first, traceback=[f"{name}: {first}"])


def run_visible_code(source, link, outputs):
    """Run a test cell's visible code here on the kernel's names; None if it passed, else its error output.

    Its prints and those of the kernel while it runs are appended to `outputs`; the names it binds are
    then assigned in the kernel (those it can hold: its own objects and data).
    """
    from autograder.checks.kinds import is_instance

    tree = ast.parse(source)
    names = {"__builtins__": builtins, "__name__": "__visible_tests__", "isinstance": is_instance}
    for name in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & set(WORKER_MODULES):
        names[name] = importlib.import_module(WORKER_MODULES[name])
    for name in _kernel_names(tree):
        try:
            names[name] = getattr(KernelNamespace(link), name)
        except NameError:
            pass  # the code's own NameError says so, as in the kernel
    before = dict(names)
    streams = _Streams(outputs)
    link.on_stream = streams.add
    error = None
    try:
        with contextlib.redirect_stdout(streams):
            exec(compile(tree, "<visible tests>", "exec"), names)  # noqa: S102 - the course's own code
    except Exception as err:  # noqa: BLE001 - any failure of the visible code scores the cell 0
        if link.fault is not None:
            raise link.fault from err
        error = error_output(err)
    finally:
        link.on_stream = None
    bound = {k: v for k, v in names.items() if not k.startswith("__") and before.get(k, _UNBOUND) is not v}
    assign = {k: v for k, v in bound.items() if _crosses(v)}
    if assign:
        link.request("assign", values=assign)
    return error



def run_graded_cell(cell, link):
    """Run a graded cell here, on the kernel of `link` (which never runs it): visible code, then hidden
    tests, within the link's deadline (the cell's timeout, as under nbgrader).

    Returns a GradedCell: the hidden tests' rows, or one failed row when the visible code fails (with its
    error among the outputs). Raises KernelFault when the kernel dies or runs out of time in student code.
    What the cell's requests kept in the kernel is forgotten after it, and the kernel's serve loop is
    ended: the notebook's next cell can run.
    """
    from autograder.checks.judge import run_question
    from autograder.checks.results import TestResult
    from autograder.grading.cells import grade_id, nbgrader_meta

    graded = GradedCell()
    try:
        error = run_visible_code(cell.source, link, graded.outputs)
        if error is not None:
            graded.outputs.append(error)
            gid, points = grade_id(cell), float(nbgrader_meta(cell).get("points", 0))
            week = judged_here(cell)[0][0]
            message = f"visible test failed: {error.ename}" + (f": {error.evalue}" if error.evalue else "")
            graded.results = [TestResult(week, gid, gid, 0.0, points, False, message)]
            return graded
        for week, question in judged_here(cell):
            graded.results += run_question(week, question, KernelNamespace(link))
            if link.fault is not None:  # the tests caught it as a failure; the cell did not finish
                raise link.fault
        return graded
    finally:
        link.forget()
        link.end_loop()
