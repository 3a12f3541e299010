"""The course calendar (`course.toml`) as nbgrader needs it: its weeks (autograder/week.py) recorded in a
gradebook with their due dates, and the config lines that apply their late policies."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from autograder.week import COURSE_TOML, parse_course


@dataclass(frozen=True)
class Calendar:
    course_id: str
    weeks: dict  # week name -> autograder.week.Week, in the file's order

    def week(self, name):
        if name not in self.weeks:
            raise KeyError(f"week {name!r} is not in the course calendar; it has {sorted(self.weeks)}")
        return self.weeks[name]


def parse_calendar(text):
    """A Calendar from course.toml's text; raises ValueError naming the bad entry."""
    return Calendar(*parse_course(text))


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
