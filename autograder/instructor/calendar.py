"""The course calendar (`course.toml`): each week's assignment, release and due dates, points, late policy,
and per-student extensions."""

import datetime
import math
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

COURSE_TOML = Path(__file__).resolve().parents[2] / "course.toml"
LATE_POLICIES = ("none", "zero", "points_per_day")
DAY_S = 24 * 3600
# A week's cell_timeout where course.toml gives none.
DEFAULT_CELL_TIMEOUT = 600.0


@dataclass(frozen=True)
class LatePolicy:
    """What a late submission costs: nothing, everything, or points per started day late."""

    policy: str = "none"
    points_per_day: float = 0.0
    max_days_late: float | None = None  # past it, points_per_day scores zero

    def penalty(self, score, seconds_late):
        """The points to take off a score submitted seconds_late after the due date."""
        if seconds_late <= 0 or self.policy == "none":
            return 0.0
        days = math.ceil(seconds_late / DAY_S)
        if self.policy == "zero" or (self.max_days_late is not None and days > self.max_days_late):
            return float(score)
        return min(float(score), self.points_per_day * days)


@dataclass(frozen=True)
class Week:
    """One week of the calendar; dates are timezone-aware (UTC when course.toml gives no offset)."""

    name: str
    assignment: str
    release: datetime.datetime
    due: datetime.datetime
    points: float
    late: LatePolicy
    cell_timeout: float = DEFAULT_CELL_TIMEOUT  # seconds a cell may run under `vaelab grade` (its default)
    extensions: dict = field(default_factory=dict)  # student_id -> that student's own due date

    def due_for(self, student_id):
        """The student's due date: their extension's, or the week's."""
        return self.extensions.get(student_id, self.due)


@dataclass(frozen=True)
class Calendar:
    course_id: str
    weeks: dict  # week name -> Week, in the file's order

    def week(self, name):
        if name not in self.weeks:
            raise KeyError(f"week {name!r} is not in the course calendar; it has {sorted(self.weeks)}")
        return self.weeks[name]


def _utc(value, where):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(23, 59))
    if not isinstance(value, datetime.datetime):
        raise ValueError(f"{where} must be a TOML date-time such as 2027-01-18T23:59:00Z, got {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def _late_policy(table, where):
    policy = table.get("policy", "none")
    if policy not in LATE_POLICIES:
        raise ValueError(f"{where}.late.policy must be one of {LATE_POLICIES}, got {policy!r}")
    if policy == "points_per_day" and float(table.get("points_per_day", 0)) <= 0:
        raise ValueError(f"{where}.late needs points_per_day > 0 for the points_per_day policy")
    return LatePolicy(policy, float(table.get("points_per_day", 0.0)), table.get("max_days_late"))


def extended_due(due, value, where):
    """A student's due date from an extension: a number of days after `due`, or a date-time of its own."""
    if isinstance(value, bool) or not isinstance(value, int | float | datetime.date):
        raise ValueError(f"{where} must be a number of days or a date-time such as 2027-01-20T23:59:00Z, "
                         f"got {value!r}")  # fmt: skip
    if isinstance(value, int | float):
        return due + datetime.timedelta(days=value)
    return _utc(value, where)


def parse_calendar(text):
    """A Calendar from course.toml's text; raises ValueError naming the bad entry."""
    data = tomllib.loads(text)
    weeks = {}
    for name, table in data.get("weeks", {}).items():
        where = f"weeks.{name}"
        missing = {"release", "due", "points"} - set(table)
        if missing:
            raise ValueError(f"{where} lacks {sorted(missing)}")
        due = _utc(table["due"], f"{where}.due")
        week = Week(
            name=name,
            assignment=table.get("assignment", name),
            release=_utc(table["release"], f"{where}.release"),
            due=due,
            points=float(table["points"]),
            late=_late_policy(table.get("late", {}), where),
            cell_timeout=float(table.get("cell_timeout", DEFAULT_CELL_TIMEOUT)),
            extensions={str(student): extended_due(due, value, f"{where}.extensions.{student}")
                        for student, value in table.get("extensions", {}).items()},
        )  # fmt: skip
        if week.cell_timeout <= 0:
            raise ValueError(f"{where}.cell_timeout must be a positive number of seconds")
        if week.due <= week.release:
            raise ValueError(f"{where}: due {week.due} is not after release {week.release}")
        weeks[name] = week
    return Calendar(course_id=data.get("course_id", "vaelab"), weeks=weeks)


def load_calendar(path=COURSE_TOML):
    return parse_calendar(Path(path).read_text())


def record_due_dates(calendar, db_url, weeks=None):
    """Create or update each week's assignment in the gradebook with its due date (naive UTC, as nbgrader).

    weeks: the names of the weeks to record (default: all).
    """
    from nbgrader.api import Gradebook  # here, so that `vaelab --help` does not load nbgrader

    with Gradebook(db_url, course_id=calendar.course_id) as gradebook:
        for week in calendar.weeks.values():
            if weeks is not None and week.name not in weeks:
                continue
            due = week.due.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            gradebook.update_or_create_assignment(week.assignment, duedate=due)


def nbgrader_config_lines(calendar_path=COURSE_TOML):
    """Lines for nbgrader_config.py that make `nbgrader autograde` apply each week's late policy."""
    return [
        f"c.CourseDirectory.course_id = {load_calendar(calendar_path).course_id!r}",
        'c.AssignLatePenalties.plugin_class = "autograder.instructor.late_penalty.CalendarLatePenalty"',
        f"c.CalendarLatePenalty.calendar = {str(calendar_path)!r}",
    ]
