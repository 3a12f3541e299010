"""Build the notebook that is run: the student's cells, with the course's locked and test cells restored.

As nbgrader's autograde does, every locked cell (setup, graded tests, with their hidden tests) comes
from the course's source notebook, whatever the submission did to it; graded cells the student
deleted are put back, duplicates are dropped, and cell metadata (points) is the course's own.
"""

from dataclasses import dataclass, field

import nbformat

from autograder.checks.judge import judged_question
from autograder.grading.cells import grade_id, is_graded_test, nbgrader_meta
from autograder.regions import HIDDEN_TESTS, regions, without

# Seeds Python and numpy before any student code: the same submission gets the same score every run.
SEED_CELL = "import random as _r, numpy as _np\n_r.seed(0)\n_np.random.seed(0)\ndel _r, _np"


class InvalidSubmission(ValueError):
    """The submission cannot be graded as a notebook of this assignment; the message says why."""


@dataclass
class Prepared:
    """The notebook to run and the repairs made to it, in words."""

    notebook: nbformat.NotebookNode
    repairs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # repairs that look deliberate, for the TA


def is_locked(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("locked") or meta.get("grade") and not meta.get("solution"))


def read_submission(path):
    """Parse a submitted file as a v4 notebook, or raise InvalidSubmission saying what is wrong."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InvalidSubmission(f"cannot read the file: {err.strerror}") from err
    if not raw.strip():
        raise InvalidSubmission("the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidSubmission(f"not UTF-8 text (byte {err.start}): not a notebook") from err
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as err:  # noqa: BLE001 - nbformat raises many kinds; all mean "not a notebook"
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InvalidSubmission(f"not a valid notebook: {first[:200]}") from err
    if not isinstance(notebook.get("cells"), list):
        raise InvalidSubmission("not a valid notebook: no list of cells")
    return notebook


def prepare(source, submitted, outside=False):
    """Merge the course's `source` notebook and a `submitted` one into the notebook to run.

    outside: the week is judged outside the kernel (autograder/grading/remote.py): graded test cells
    lose their hidden regions, and their metadata says which question the worker judges after them.
    """
    source_cells = {grade_id(c): c for c in source.cells if grade_id(c)}
    order = [grade_id(c) for c in source.cells if grade_id(c)]
    repairs, flags, seen, cells = [], [], set(), []
    for cell in submitted.cells:
        gid = grade_id(cell)
        if gid is None or gid not in source_cells:
            if gid is not None:
                # An id the course does not know: grade it as an ordinary cell, never for points.
                cell = nbformat.from_dict(cell)
                cell.metadata.pop("nbgrader", None)
                flags.append(f"a cell with an unknown grade id {gid}")
            cells.append(cell)
            continue
        if gid in seen:
            repairs.append(f"dropped a duplicate of cell {gid}")
            flags.append(f"duplicated cell {gid}")
            continue
        seen.add(gid)
        original = source_cells[gid]
        if nbgrader_meta(cell).get("points", 0) != nbgrader_meta(original).get("points", 0):
            flags.append(f"changed the points of cell {gid}")
        if is_locked(original):
            if _visible(cell.get("source", "")) != _visible(original.source):
                flags.append(f"edited locked cell {gid}")
            cells.append(nbformat.from_dict(original))
        else:
            restored = nbformat.from_dict(original)
            restored.source = cell.get("source", "")
            cells.append(restored)
    for position, gid in enumerate(order):
        if gid in seen:
            continue
        repairs.append(f"put back deleted cell {gid}")
        if nbgrader_meta(source_cells[gid]).get("grade"):
            flags.append(f"deleted graded cell {gid}")
        before = set(order[:position])
        index = max((i + 1 for i, c in enumerate(cells) if grade_id(c) in before), default=0)
        cells.insert(index, nbformat.from_dict(source_cells[gid]))
        seen.add(gid)
    notebook = nbformat.v4.new_notebook(metadata=source.metadata)
    notebook.cells = [nbformat.v4.new_code_cell(SEED_CELL, metadata={"tags": ["vaelab-seed"]})]
    notebook.cells += [_clean(c) for c in cells]
    if outside:
        for cell in filter(is_graded_test, notebook.cells):
            _move_judge_call(cell)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    return Prepared(notebook, repairs, flags)


def _visible(source):
    """A locked cell's text as released (hidden test regions cut), whitespace-insensitive at line ends."""
    return [line.rstrip() for line in without(source).splitlines() if line.strip()]


def _clean(cell):
    """A fresh copy without the outputs (or the judge's metadata) a student could have planted."""
    cell = nbformat.from_dict(cell)
    cell.metadata.pop("vaelab", None)
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _move_judge_call(cell):
    """Move a test cell's judge call from its source (the kernel runs its visible tests only) to metadata."""
    found = regions(cell.source, (HIDDEN_TESTS,))
    questions = [q for region in found if (q := judged_question(region.text))]
    cell.source = without(cell.source)
    if questions:
        cell.metadata["vaelab"] = {"judge": [list(q) for q in questions]}
