"""The names of hidden tests as a student reads them, for feedback pages and the class report.

`test_values_match_the_reference[4-3.5]` reads "values match the reference (latent dim 4, beta 3.5)":
the first line of the test function's docstring when it has one, else its name in words, and for a
parametrised case its parameters by name. The week's test file is parsed, never imported (importing
would load Keras); tests.csv keeps the machine ids.
"""

import ast
import functools

from autograder.week import hidden_tests_folder


@functools.cache
def _tests_in(week, question):
    """{function name: (docstring's first line, parameter names)} of one test file (empty if none)."""
    path = hidden_tests_folder(week) / f"test_{question}.py"
    try:
        tree = ast.parse(path.read_text())
    except (OSError, SyntaxError, ValueError):
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            doc = (ast.get_docstring(node) or "").strip().splitlines()
            found[node.name] = (doc[0].rstrip(".") if doc else "", _parameter_names(node))
    return found


def _parameter_names(function):
    """The names a @pytest.mark.parametrize gives its cases, or () when its ids are its own."""
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("parametrize")):
            continue
        if any(k.arg == "ids" for k in decorator.keywords) or not decorator.args:
            return ()
        names = decorator.args[0]
        if isinstance(names, ast.Constant) and isinstance(names.value, str):
            return tuple(n.strip() for n in names.value.split(","))
        if isinstance(names, ast.Tuple | ast.List):
            return tuple(e.value for e in names.elts if isinstance(e, ast.Constant))
    return ()


def _words(name):
    return name.removeprefix("test_").removeprefix("test").replace("_", " ").strip()


def _case(case_id, names):
    """'latent dim 4, beta 3.5' for the case id '4-3.5' of parameters (latent_dim, beta)."""
    values = case_id.split("-")
    if names and len(values) == len(names):
        return ", ".join(f"{_words(n)} {v}" for n, v in zip(names, values))
    return case_id


@functools.cache
def _questions(week):
    return tuple(sorted(p.stem.removeprefix("test_") for p in hidden_tests_folder(week).glob("test_*.py")))


def readable_name(test):
    """A TestResult's test in words a student reads."""
    if test.test_id == test.question:  # the one row of a question whose tests did not run
        return f"{_words(test.question).capitalize()} (the whole question)"
    name, _, case_id = test.test_id.partition("[")
    case_id = case_id.removesuffix("]")
    doc, names = "", ()
    # The question's own file first: a test's name is unique there, not always across the week.
    for question in (test.question.removeprefix("test_"), *_questions(test.week)):
        if name in (tests := _tests_in(test.week, question)):
            doc, names = tests[name]
            break
    words = doc or _words(name) or name
    words = words[:1].upper() + words[1:]
    return f"{words} ({_case(case_id, names)})" if case_id else words
