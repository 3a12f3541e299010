"""Build an nbgrader source notebook from a percent-format script (the form we author weeks in).

Cell headers: `# %% [markdown]`, `# %% setup`, `# %% code`, `# %% readonly <grade_id>` (given code
nbgrader restores, such as a training the grader evaluates), `# %% solution <grade_id>`,
`# %% tests <grade_id> <points>`.

Usage: python tools/percent_to_notebook.py SCRIPT SOURCE_NOTEBOOK [SOLUTION_NOTEBOOK]
The solution notebook is what a perfect student submits: solution markers and hidden tests removed.
"""

import sys

import nbformat

from autograder.regions import MarkerError, as_submitted, check


def nbgrader(grade_id, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}  # fmt: skip
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


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


def build(text):
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
            meta = nbgrader(header[1], grade=True, locked=True, points=float(header[2]))
            nb.cells.append(nbformat.v4.new_code_cell(body, metadata=meta))
        else:
            raise ValueError(f"unknown cell header {header}")
    # Stable ids keep rebuilt notebooks diff-free.
    for index, cell in enumerate(nb.cells):
        cell.id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell-{index:02d}")
    nbformat.validate(nb)
    return nb


if __name__ == "__main__":
    script, target, *solution = sys.argv[1:]
    with open(script) as f:
        notebook = build(f.read())
    nbformat.write(notebook, target)
    if solution:
        nbformat.write(solution_notebook(notebook), solution[0])
