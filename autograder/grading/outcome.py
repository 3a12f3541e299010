"""The plain data every grading stage hands to the next: submissions in, graded results out."""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from autograder.checks.results import TestResult

# One word per submission, as grades.csv reports it.
STATUSES = ("ok", "error", "timeout", "memory", "crashed", "invalid")


@dataclass(frozen=True)
class Submission:
    """One student's notebook for one assignment, as collected (path may be None when invalid)."""

    student_id: str
    path: Path | None
    content_hash: str = ""
    problem: str = ""  # non-empty: the submission is invalid, and this says why in one line


@dataclass
class SubmissionResult:
    """A graded submission: status, points, the per-test rows and where its time went."""

    student_id: str
    assignment: str
    status: str
    reason: str
    score: float
    max_score: float
    tests: list[TestResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    content_hash: str = ""
    flags: list[str] = field(default_factory=list)  # what looks like an attempt to fool the grader

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        tests = [TestResult(**t) for t in data.pop("tests", [])]
        return cls(tests=tests, **data)
