"""A demo class for a week: the solution, the released stub, known wrong answers, a corrupt notebook,
an infinite loop and a memory bomb, laid out as `<student_id>/<week>.ipynb` for `vaelab grade`."""

import ast
from pathlib import Path

import nbformat

from autograder.grading.cells import grade_id, is_graded_test, is_read_only, nbgrader_meta
from autograder.week import week as declared_week

INFINITE_LOOP = "while True:\n    pass"
# Grows 100 MB at a time; the cap keeps a broken memory limit from taking the machine down.
MEMORY_BOMB = "blocks = []\nfor _ in range(60):\n    blocks.append(bytearray(100 * 2**20))"


def with_code_before(notebook, target_grade_id, code):
    """A copy of `notebook` with a code cell holding `code` inserted before the cell `target_grade_id`, and
    before the read-only cells right before it (a training the grader evaluates must use the code)."""
    notebook = nbformat.from_dict(notebook)
    index = next(i for i, c in enumerate(notebook.cells) if grade_id(c) == target_grade_id)
    while index > 0 and is_read_only(notebook.cells[index - 1]):
        index -= 1
    notebook.cells.insert(index, nbformat.v4.new_code_cell(code))
    return notebook



def with_definitions(notebook, code):
    """A copy of `notebook` whose solution cells also hold `code`'s definitions: each function or class
    after the solution cell that defines the same name (where a student would have written it), any
    other statement in the first solution cell. How a correct alternative becomes a submission."""
    notebook = nbformat.from_dict(notebook)
    solutions = [c for c in notebook.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]
    lines = code.splitlines()
    for node in ast.parse(code).body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        source = "\n".join(lines[start : node.end_lineno])
        name = getattr(node, "name", None)
        home = next((c for c in solutions if name and _defines(c.source, name)), solutions[0])
        home.source = f"{home.source}\n\n\n{source}" if name else f"{source}\n{home.source}"
    return notebook


def _defines(source, name):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(getattr(node, "name", None) == name for node in tree.body)


def mutant_target(path):
    return path.read_text().splitlines()[0].removeprefix("# target: ").strip()


def make_demo_class(week, released_notebook, dest, mutants=3):
    """Write the demo class to dest/<student_id>/<week>.ipynb; returns the student ids."""
    declared = declared_week(week)
    solution = nbformat.read(str(declared.solution_notebook), as_version=4)
    # Faults strike before the second graded cell: the first keeps its points, the rest cannot run.
    second = [grade_id(c) for c in solution.cells if is_graded_test(c)][1]
    students = {
        "perfect": solution,
        "stub": nbformat.read(str(released_notebook), as_version=4),
        "infinite_loop": with_code_before(solution, second, INFINITE_LOOP),
        "memory_bomb": with_code_before(solution, second, MEMORY_BOMB),
    }
    for path in sorted(declared.mutants.glob("*.py"))[:mutants]:
        target = f"test_{mutant_target(path)}"
        students[f"wrong_{path.stem}"] = with_code_before(solution, target, path.read_text())
    for student_id, notebook in students.items():
        target = Path(dest) / student_id / f"{week}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, str(target))
    corrupt = Path(dest) / "corrupt" / f"{week}.ipynb"
    corrupt.parent.mkdir(parents=True, exist_ok=True)
    corrupt.write_text('{"cells": [{"cell_type": "code", "source": "print(1)"')
    return sorted([*students, "corrupt"])
