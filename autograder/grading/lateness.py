"""Lateness: when each submission came in, the student's due date, and what the week's late policy costs.

When a submission came in, first found first: the TA's `--timestamps` CSV, nbgrader's timestamp.txt
beside the notebook, Canvas's _LATE_ marker (late by an amount its export does not give: counted as one
started day late, unless the student has an extension, which Canvas's marker cannot know of). The due
date is the week's in course.toml, or the student's own from an extension (`--extensions` CSV first,
then course.toml's). The penalty is the week's LatePolicy (autograder/week.py), the
one `nbgrader autograde` applies through autograder/instructor/late_penalty.py.
"""

import csv
import datetime
from dataclasses import dataclass

from nbgrader.utils import parse_utc

from autograder.week import DAY_S, LatePolicy

UTC = datetime.timezone.utc


@dataclass(frozen=True)
class Lateness:
    """One student's submission time against their due date, under the week's policy."""

    submitted_at: datetime.datetime | None = None  # UTC; None when no source gives it
    week_due: datetime.datetime | None = None  # the week's due date; None: the calendar lacks the week
    due: datetime.datetime | None = None  # the student's own: the week's, or their extension's
    marked_late: bool = False  # an LMS said late without saying when
    source: str = ""  # where submitted_at (or the marker) came from, for the TA
    policy: LatePolicy = LatePolicy()

    @property
    def extension(self):
        """How far the student's due date moved (nbgrader's SubmittedAssignment.extension), or None."""
        return self.due - self.week_due if self.due != self.week_due else None

    @property
    def seconds_late(self):
        if self.due is None:
            return 0.0
        if self.submitted_at is not None:
            return max(0.0, (self.submitted_at - self.due).total_seconds())
        return 1.0 if self.marked_late and self.extension is None else 0.0

    def penalty(self, raw_score):
        """The points the policy takes off raw_score."""
        return self.policy.penalty(max(0.0, raw_score), self.seconds_late)

    def describe(self):
        """The lateness in words for grades.csv and the feedback page; "" when on time or unknown."""
        late = self.seconds_late
        if late <= 0:
            return ""
        own = " (after the student's extension)" if self.extension is not None else ""
        if self.submitted_at is None:
            return f"marked late by {self.source} without a time: counted as 1 day late"
        return f"{duration(late)} late{own}, {self.source}"


def duration(seconds):
    """'2 days 3 h', '5 h 12 min', '40 min': how late, in words."""
    days, rest = divmod(int(seconds), DAY_S)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not days and not hours else rest // 60
    if days:
        return f"{days} day{'s' if days > 1 else ''} {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def parse_time(text, where):
    """An aware UTC datetime from text such as 2027-02-01T23:59:00Z (no offset: UTC, as nbgrader reads)."""
    try:
        return parse_utc(text.strip()).replace(tzinfo=UTC)
    except (ValueError, OverflowError) as err:
        raise ValueError(f"{where}: {text!r} is not a date-time such as 2027-02-01T23:59:00Z") from err


def _rows(path, required):
    """The CSV's rows as dicts (header names lower-cased); ValueError naming a missing column."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in required if not any(h in header for h in name.split("|"))]
        if missing:
            wanted = ", ".join(name.replace("|", " or ") for name in required)
            raise ValueError(f"{path}: needs the columns {wanted}; it has {', '.join(header) or 'none'}")
        reader.fieldnames = header
        return [(number, {k: (v or "").strip() for k, v in row.items() if k}) for number, row in
                enumerate(reader, start=2)]  # fmt: skip


def read_timestamps(path):
    """{student_id: UTC submission time} from a CSV with columns student_id,submitted_at."""
    times = {}
    for number, row in _rows(path, ["student_id", "submitted_at"]):
        if row["student_id"] and row["submitted_at"]:
            times[row["student_id"]] = parse_time(row["submitted_at"], f"{path}, row {number}")
    return times


def read_extensions(path, assignment, due):
    """{student_id: extended due date} from a CSV with columns student_id and days or due (a date-time),
    and optionally assignment (rows for other assignments are skipped; an empty one means every week)."""
    extended = {}
    for number, row in _rows(path, ["student_id", "days|due"]):
        if not row["student_id"] or row.get("assignment", "") not in ("", assignment):
            continue
        where = f"{path}, row {number}"
        if row.get("due"):
            extended[row["student_id"]] = parse_time(row["due"], where)
        elif row.get("days"):
            try:
                extended[row["student_id"]] = due + datetime.timedelta(days=float(row["days"]))
            except ValueError as err:
                raise ValueError(f"{where}: days must be a number, got {row['days']!r}") from err
    return extended


def lateness_of(submission, week, timestamps=None, extensions=None):
    """The Lateness of one collected Submission under the calendar's Week (None: no calendar entry)."""
    timestamps, extensions = timestamps or {}, extensions or {}
    sid = submission.student_id
    if sid in timestamps:
        submitted_at, source = timestamps[sid], "time from --timestamps"
    elif submission.submitted_at is not None:
        submitted_at, source = submission.submitted_at, "time from nbgrader's timestamp.txt"
    else:
        submitted_at, source = None, "Canvas (_LATE_)" if submission.marked_late else ""
    if week is None:
        return Lateness(submitted_at=submitted_at, marked_late=submission.marked_late, source=source)
    due = extensions.get(sid) or week.due_for(sid)
    return Lateness(submitted_at, week.due, due, submission.marked_late, source, week.late)
