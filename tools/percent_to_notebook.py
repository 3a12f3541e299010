"""Build an nbgrader source notebook from a percent-format script (the form we author weeks in).

Cell headers: `# %% [markdown]`, `# %% setup`, `# %% code`, `# %% readonly <grade_id>` (given code
nbgrader restores, such as a training the grader evaluates), `# %% solution <grade_id>`,
`# %% tests test_<question>`. A tests cell's points are not written in it: they are the sum of its
hidden tests' `@pytest.mark.points` (autograder/points.py), found through the judge call of its hidden
region, and copied into the cell's nbgrader metadata, where nbgrader reads them.

Usage: python tools/percent_to_notebook.py WEEK  (a week of course.toml: its three files where Week says)
   or: python tools/percent_to_notebook.py SCRIPT SOURCE_NOTEBOOK [SOLUTION_NOTEBOOK]
The solution notebook is what a perfect student submits: solution markers and hidden tests removed.
"""

import sys
from pathlib import Path

import nbformat

from autograder.checks.judge import judged_question
from autograder.points import question_points
from autograder.regions import MarkerError, as_submitted, check
from autograder.week import WEEKS_DIR, week


def nbgrader(grade_id, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}  # fmt: skip
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def tests_cell_points(header, body, weeks_dir=WEEKS_DIR):
    """A tests cell's points: those its hidden tests declare, for the question its judge call names
    (weeks_dir: the checkout's autograder/weeks, another one's for a week `vaelab new-week` writes there)."""
    cell, grade_id = " ".join(header), header[1]
    if len(header) > 2:
        raise ValueError(f"cell {cell}: a question's points are written once, in its hidden tests' "
                         f"@pytest.mark.points; write the header as `# %% tests {grade_id}`")  # fmt: skip
    judged = judged_question(body)
    if judged is None:
        raise ValueError(f"cell {cell}: its hidden region calls no judge(<week>, <question>, globals()), "
                         "so it has no hidden tests to take its points from")  # fmt: skip
    week_name, question = judged
    if grade_id != f"test_{question}":
        raise ValueError(f"cell {cell}: its grade id must be test_{question}, after its judge call")
    path = Path(weeks_dir) / week_name / f"test_{question}.py"
    if not path.is_file():
        raise ValueError(f"cell {cell}: no hidden tests at {path}")
    points = question_points(path)
    if not points > 0:
        raise ValueError(f"cell {cell}: its hidden tests {path} are worth no points")
    return points


def cells_of(text):
    header, body = None, []
    for line in text.splitlines():
        if line.startswith("# %%"):
            if header is not None:
                yield header, "\n".join(body).strip("\n")
            header, body = line[4:].split(), []
        else:
            body.append(line)
    if header is not None:
        yield header, "\n".join(body).strip("\n")


def solution_notebook(nb):
    solved = nbformat.from_dict(nb)
    for cell in solved.cells:
        if cell.cell_type == "code":
            cell.source = as_submitted(cell.source).rstrip("\n")
    return solved


def build(text, weeks_dir=WEEKS_DIR):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for header, body in cells_of(text):
        kind = header[0]
        if kind != "[markdown]":
            try:
                check(body)
            except MarkerError as error:
                raise MarkerError(f"cell {' '.join(header)}: {error}") from error
        if kind == "[markdown]":
            source = "\n".join(line.removeprefix("# ").removeprefix("#") for line in body.splitlines())
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        elif kind == "setup":
            nb.cells.append(nbformat.v4.new_code_cell(body, metadata=nbgrader("setup", locked=True)))
        elif kind == "code":
            nb.cells.append(nbformat.v4.new_code_cell(body))
        elif kind == "readonly":
            nb.cells.append(nbformat.v4.new_code_cell(body, metadata=nbgrader(header[1], locked=True)))
        elif kind == "solution":
            nb.cells.append(nbformat.v4.new_code_cell(body, metadata=nbgrader(header[1], solution=True)))
        elif kind == "tests":
            points = tests_cell_points(header, body, weeks_dir)
            meta = nbgrader(header[1], grade=True, locked=True, points=points)
            nb.cells.append(nbformat.v4.new_code_cell(body, metadata=meta))
        else:
            raise ValueError(f"unknown cell header {header}")
    # Stable ids keep rebuilt notebooks diff-free.
    for index, cell in enumerate(nb.cells):
        cell.id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell-{index:02d}")
    nbformat.validate(nb)
    return nb


if __name__ == "__main__":
    if len(sys.argv) == 2:
        declared = week(sys.argv[1])
        script, target, *solution = declared.authoring, declared.source_notebook, declared.solution_notebook
    else:
        script, target, *solution = sys.argv[1:]
    with open(script) as f:
        notebook = build(f.read())
    nbformat.write(notebook, target)
    if solution:
        nbformat.write(solution_notebook(notebook), solution[0])
