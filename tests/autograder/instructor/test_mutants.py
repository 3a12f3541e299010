"""Tests for autograder/instructor/mutants.py: generated mutants change only the solution regions, use
both cosmic-ray's operators and the Keras-aware ones, and keep their keys when the notebook's lines move."""

from collections import Counter
from pathlib import Path

import nbformat

from autograder.instructor.mutants import as_submitted, generate, solution_cells, solution_lines

ROOT = Path(__file__).resolve().parents[3]


def source_notebook(week):
    return ROOT / "assignments" / "source" / week / f"{week}.ipynb"


def test_mutants_change_only_lines_between_the_solution_markers():
    week = "03_variational_inference"
    cells = dict(solution_cells(source_notebook(week)))
    mutants = generate(source_notebook(week))
    assert len(mutants) > 100
    for mutant in mutants:
        source = cells[mutant.cell]
        lines = solution_lines(source)
        inside = {line for number, line in enumerate(source.splitlines(), 1) if number in lines}
        removed = [line[1:] for line in mutant.diff.splitlines()[2:] if line.startswith("-")]
        assert removed and set(removed) <= inside, mutant.diff
        assert mutant.source != as_submitted(source)


def test_mutants_use_cosmic_ray_and_keras_operators():
    mutants = generate(source_notebook("01_autoencoders"))
    operators = Counter(m.operator.split("/")[0] for m in mutants)
    assert operators["core"] > 0 and operators["keras"] > 0
    keras = {m.operator for m in mutants if m.operator.startswith("keras")}
    assert {"keras/SwapActivation", "keras/ChangeAxis", "keras/IgnoreArgument"} <= keras


def test_keys_are_unique_and_survive_lines_moving(tmp_path):
    week = "03_variational_inference"
    notebook = nbformat.read(str(source_notebook(week)), as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "# a comment the author added\n\n" + cell.source
    moved = tmp_path / f"{week}.ipynb"
    nbformat.write(notebook, str(moved))
    keys = [m.key for m in generate(source_notebook(week))]
    assert len(set(keys)) == len(keys)
    assert [m.key for m in generate(moved)] == keys


def test_a_verbose_argument_is_never_mutated():
    added = [line for m in generate(source_notebook("06_transfer_learning")) for line in m.diff.splitlines()
             if line.startswith("+    ")]  # fmt: skip
    assert [line for line in added if "verbose=0" in line], "06's fit calls (verbose=0) are mutated elsewhere"
    assert [line for line in added if "verbose" in line and "verbose=0" not in line] == []
