"""The plain data every grading stage hands to the next: submissions in, graded results out."""

import datetime
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
    submitted_at: datetime.datetime | None = None  # UTC, where the source says (nbgrader's timestamp.txt)
    marked_late: bool = False  # the LMS marked it late without saying when (Canvas's _LATE_)


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
    # Set by the record stage: `score` is then raw_score less the late penalty, as `nbgrader export` has it.
    raw_score: float | None = None  # the cells' points, a TA's manual scores included (default: score)
    late_penalty: float = 0.0
    submitted_at: str = ""  # ISO 8601 UTC, "" when unknown
    lateness: str = ""  # the lateness in words, "" when on time or unknown
    manual_grades: list[str] = field(default_factory=list)  # cells a TA scored by hand, "cell: points"

    def __post_init__(self):
        if self.raw_score is None:
            self.raw_score = self.score

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        tests = [TestResult(**t) for t in data.pop("tests", [])]
        return cls(tests=tests, **data)
