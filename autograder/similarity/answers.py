"""Answers: the code each student wrote in the assignment's answer cells, and the stub's code around it.

Only nbgrader solution cells count, found by the grade ids of the course's source notebook (marking
another cell as a solution makes it count no more than it does for grading). What the released
notebook already holds (the stubs' signatures and docstrings, the visible tests, the given code) is
boilerplate: compare.py drops its fingerprints, so it never makes two students alike.
"""

from dataclasses import dataclass

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from autograder.grading.cells import grade_id, nbgrader_meta
from autograder.grading.prepare import InvalidSubmission, read_submission
from autograder.grading.submissions import list_names
from autograder.regions import without

# assignments/nbgrader_config.py's ClearSolutions.code_stub: what the release puts in every answer cell.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
# An honest notebook's answers are a few kB; tokenizing tens of MB would stall the whole class.
MAX_CODE_CHARS = 1_000_000


@dataclass(frozen=True)
class Stub:
    """What the released notebook gives every student: its answer cells and all its code."""

    assignment: str
    cells: tuple[tuple[str, str], ...]  # (grade id, the stub's code) of each answer cell, in notebook order
    code: tuple[str, ...]  # every code cell as released (hidden tests cut)
    grade_ids: frozenset[str] = frozenset()  # of every nbgrader cell of the notebook

    @property
    def answer_ids(self):
        return tuple(gid for gid, _ in self.cells)


@dataclass(frozen=True)
class Answers:
    """One student's answer cells as (grade id, code), in the course's order; the stub's code in a cell
    they deleted. problem: non-empty when the submission cannot be compared, and it says why."""

    student_id: str
    cells: tuple[tuple[str, str], ...] = ()
    problem: str = ""


def released_stub(source_notebook, assignment):
    """The Stub of the course's source notebook, made as nbgrader's release makes it."""
    notebook = nbformat.read(str(source_notebook), as_version=4)
    released, _ = ClearSolutions(code_stub={"python": CODE_STUB}).preprocess(notebook, {})
    released, _ = ClearHiddenTests().preprocess(released, {})
    code_cells = [c for c in released.cells if c.cell_type == "code"]
    cells = tuple((grade_id(c), c.source) for c in code_cells if nbgrader_meta(c).get("solution"))
    code = tuple(c.source for c in code_cells)
    return Stub(assignment, cells, code, frozenset(filter(None, map(grade_id, released.cells))))


def answers_of(submission, stub):
    """The Answers of one collected Submission; a corrupt or foreign notebook gets its problem instead."""
    student_id = submission.student_id
    if submission.problem:
        return Answers(student_id, problem=submission.problem)
    try:
        notebook = read_submission(submission.path)
    except InvalidSubmission as err:
        return Answers(student_id, problem=str(err))
    found, foreign = {}, []
    for cell in notebook.cells:
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata", {}), dict):
            return Answers(student_id, problem="not a valid notebook: a cell is not a JSON object")
        gid = grade_id(cell)
        if gid is not None and gid not in stub.grade_ids:
            foreign.append(str(gid))
        # The first copy of a duplicated cell counts, as grading keeps it.
        if gid in dict(stub.cells) and gid not in found and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            found[gid] = without("".join(source) if isinstance(source, list) else str(source))
    if not found:
        return Answers(student_id, problem=(
            f"not a notebook of {stub.assignment}: none of its answer cells ({list_names(stub.answer_ids)}) "
            "is in it"
        ))  # fmt: skip
    # Weeks share a few ids (setup, kl_divergence): another week's notebook has mostly ids of its own.
    if len(foreign) > len(stub.grade_ids) // 2:
        return Answers(student_id, problem=(
            f"not a notebook of {stub.assignment}: {len(foreign)} of its nbgrader cells are not "
            f"{stub.assignment}'s ({list_names(foreign)})"
        ))  # fmt: skip
    cells = tuple((gid, found.get(gid, code)) for gid, code in stub.cells)
    size = sum(len(code) for _, code in cells)
    if size > MAX_CODE_CHARS:
        return Answers(student_id, problem=(
            f"its answer cells hold {size / 1e6:.1f} MB of code, over the {MAX_CODE_CHARS / 1e6:g} MB "
            "compared: read it by hand"
        ))  # fmt: skip
    return Answers(student_id, cells)
