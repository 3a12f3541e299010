"""The definitions a notebook makes: its setup and solution cells, executed into a namespace."""

import nbformat


def definition_cells(notebook_path):
    """Source of the setup cell and of every solution cell, in notebook order."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    sources = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade_id") == "setup"):
            sources.append(cell.source)
    return sources


def load_definitions(notebook_path, extra_code=""):
    """Execute the notebook's definitions, then `extra_code` (a mutant or alternative) on top."""
    namespace = {"__name__": "__student__"}
    for source in [*definition_cells(notebook_path), extra_code]:
        exec(compile(source, str(notebook_path), "exec"), namespace)  # noqa: S102 - trusted course code
    return namespace
