"""Reading nbgrader cells: their ids, whether they are graded, the error they raised."""


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    return nbgrader_meta(cell).get("grade_id")


def is_graded_test(cell):
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_read_only(cell):
    """A locked code cell of given code that is neither the setup nor a test (a training the grader
    then evaluates)."""
    meta = nbgrader_meta(cell)
    return (cell.get("cell_type") == "code" and bool(meta.get("locked")) and not meta.get("grade")
            and meta.get("grade_id") != "setup")  # fmt: skip


def cell_label(notebook, index):
    gid = grade_id(notebook.cells[index]) if index is not None else None
    return f"cell {gid!r}" if gid else f"cell {index}"


def error_text(cell, limit=300):
    """'Name: first line of the message' of the cell's first error output, or ''."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name = output.get("ename", "Error")
            lines = str(output.get("evalue", "")).strip().splitlines()
            return f"{name}: {lines[0][:limit]}" if lines else name
    return ""

