"""A question's points, declared once: the `@pytest.mark.points(n)` of its hidden tests.

Read from the test files' source, never imported (importing would load Keras), and counted as the judge
counts pytest's items (`_Collector` in `autograder/checks/judge.py`): a test function is worth its
mark's n (1 without one) once per case of its `@pytest.mark.parametrize` (stacked ones multiply). A form
this reader could count differently from pytest (a test class, a module-wide `pytestmark`, cases that
are not a literal list, a case with marks of its own) is refused with a ValueError, not guessed.
"""

import ast
from pathlib import Path

# A test without a points mark, as the judge counts it.
DEFAULT_POINTS = 1.0


def _mark(decorator, name):
    """Whether a decorator is `@pytest.mark.<name>` (called or not)."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(func).split(".")[-2:] == ["mark", name]


def _points_each(function, where):
    marks = [d for d in function.decorator_list if _mark(d, "points")]
    if not marks:
        return DEFAULT_POINTS
    if len(marks) > 1:
        raise ValueError(f"{where}: {function.name} has {len(marks)} points marks; give it one")
    mark = marks[0]
    value = None
    if isinstance(mark, ast.Call) and len(mark.args) == 1 and not mark.keywords:
        try:
            value = ast.literal_eval(mark.args[0])
        except ValueError:
            value = None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: {function.name}'s points mark must be @pytest.mark.points(<a number>)")
    return float(value)


def _cases(function, where):
    """How many tests pytest makes of one test function: the product of its parametrize lists' lengths."""
    count = 1
    for mark in (d for d in function.decorator_list if _mark(d, "parametrize")):
        values = mark.args[1] if isinstance(mark, ast.Call) and len(mark.args) > 1 else next(
            (k.value for k in getattr(mark, "keywords", []) if k.arg == "argvalues"), None)  # fmt: skip
        if not isinstance(values, ast.List | ast.Tuple) or not values.elts:
            raise ValueError(f"{where}: {function.name}'s parametrize cases must be a literal, non-empty "
                             "list, so that its points can be counted without importing it")  # fmt: skip
        for case in values.elts:
            if isinstance(case, ast.Starred) or (isinstance(case, ast.Call) and any(
                    k.arg == "marks" for k in case.keywords)):  # fmt: skip
                raise ValueError(f"{where}: {function.name} has a case with marks of its own or a starred "
                                 "list; list its cases one by one, without marks")  # fmt: skip
        count *= len(values.elts)
    return count


def points_per_test(path):
    """{test function: its points over all its cases} of one hidden test file, in the file's order."""
    path = Path(path)
    tree = ast.parse(path.read_text(), filename=str(path))
    found = {}
    for node in tree.body:
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            raise ValueError(f"{where}: test class {node.name}: write its tests as module-level functions, "
                             "each with its own @pytest.mark.points")  # fmt: skip
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            raise ValueError(f"{where}: a module-wide pytestmark: put the marks on each test function")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            found[node.name] = _points_each(node, where) * _cases(node, where)
    return found


def question_points(path):
    """The points of one question: the sum over its hidden test file `test_<question>.py`."""
    return float(sum(points_per_test(path).values()))


def week_points(folder):
    """{question: points} of a week's hidden tests folder, by file name (empty when there is none)."""
    return {p.stem.removeprefix("test_"): question_points(p) for p in sorted(Path(folder).glob("test_*.py"))}
