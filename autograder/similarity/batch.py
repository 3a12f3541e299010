"""Run `vaelab similarity` on a class: collect -> answers -> compare -> report."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading.submissions import collect
from autograder.similarity import DEFAULT_SHOWN, DEFAULT_THRESHOLD
from autograder.similarity.answers import answers_of, released_stub
from autograder.similarity.compare import compare
from autograder.similarity.report import write_report


@dataclass
class Similarity:
    """Every submission's Answers (sorted by student id) and every pair with code in common, best first."""

    assignment: str
    threshold: float
    answers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    stub_cells: tuple = ()  # (grade id, the stub's code) of each answer cell

    @property
    def problems(self):
        return [a for a in self.answers if a.problem]


def source_notebook(source_dir, assignment):
    """The assignment's one notebook in the course's source folder, or ValueError saying what is there."""
    folder = Path(source_dir) / assignment
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if len(notebooks) != 1:
        found = ", ".join(p.name for p in notebooks) or "none"
        raise ValueError(f"expected one notebook of {assignment!r} in {folder}, found {found}")
    return notebooks[0]


def find_similar(assignment, submissions, out, *, source_dir, threshold=DEFAULT_THRESHOLD,
                 shown=DEFAULT_SHOWN):  # fmt: skip
    """Compare every pair of submissions in `submissions` and write OUT/similarity.{csv,html}.

    Raises ValueError when SUBMISSIONS cannot be read at all; a bad submission is a row instead.
    """
    stub = released_stub(source_notebook(source_dir, assignment), assignment)
    with tempfile.TemporaryDirectory(prefix="vaelab-similarity-") as workdir:
        answers = [answers_of(s, stub) for s in collect(Path(submissions), assignment, workdir)]
    pairs = compare(answers, stub, locate_top=shown, threshold=threshold)
    similarity = Similarity(assignment, threshold, answers, pairs, stub.cells)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_report(similarity, out)
    return similarity
