"""Tests for autograder/instructor/calendar.py and late_penalty.py: course.toml, due dates, late penalties."""

import datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties

from autograder.instructor.calendar import (
    load_calendar,
    nbgrader_config_lines,
    parse_calendar,
    record_due_dates,
)
from autograder.instructor.late_penalty import CalendarLatePenalty
from autograder.instructor.verify import graded_points
from autograder.week import COURSE_TOML, DEFAULT_CELL_TIMEOUT, LatePolicy

ROOT = Path(__file__).resolve().parents[3]
UTC = datetime.timezone.utc
DAY = 24 * 3600
CALENDAR = """
course_id = "demo"

[weeks.03_variational_inference]
release = 2027-01-25T10:00:00+01:00
due = 2027-02-01T23:59:00Z
late = { policy = "points_per_day", points_per_day = 2.0, max_days_late = 3 }

[weeks.04_vae]
assignment = "vae"
release = 2027-02-01T09:00:00Z
due = 2027-02-15
late = { policy = "zero" }
"""


def test_dates_are_read_as_utc_and_a_bare_date_means_end_of_day():
    calendar = parse_calendar(CALENDAR)
    week = calendar.week("03_variational_inference")
    assert calendar.course_id == "demo" and week.assignment == "03_variational_inference"
    assert week.release == datetime.datetime(2027, 1, 25, 9, 0, tzinfo=UTC)
    assert calendar.week("04_vae").due == datetime.datetime(2027, 2, 15, 23, 59, tzinfo=UTC)
    assert calendar.week("04_vae").assignment == "vae"


def test_points_per_day_counts_started_days_and_zeroes_past_the_limit():
    late = parse_calendar(CALENDAR).week("03_variational_inference").late
    assert late == LatePolicy("points_per_day", 2.0, 3)
    assert late.penalty(20, 0) == 0
    assert late.penalty(20, 60) == 2.0
    assert late.penalty(20, 2 * DAY + 1) == 6.0
    assert late.penalty(20, 4 * DAY) == 20.0
    assert late.penalty(1, DAY) == 1.0, "a penalty never exceeds the score"


def test_zero_and_none_policies():
    assert LatePolicy("zero").penalty(17, 1) == 17 and LatePolicy("zero").penalty(17, 0) == 0
    assert LatePolicy().penalty(17, 10 * DAY) == 0


@pytest.mark.parametrize(
    "bad, message",
    [
        ('late = { policy = "half" }', "late.policy must be one of"),
        ('late = { policy = "points_per_day" }', "points_per_day > 0"),
        ("due = 2027-01-01T00:00:00Z", "is not after release"),
        ("points = 21", r"weeks.w.points: a week's points are declared once, by its hidden tests' "
                        r"@pytest.mark.points \(autograder/weeks/w/\); drop the key"),
    ],
)
def test_a_bad_entry_is_named(bad, message):
    text = f'[weeks.w]\nrelease = 2027-01-10T00:00:00Z\n{bad}\n'
    text += "" if bad.startswith("due") else "due = 2027-01-20T00:00:00Z\n"
    with pytest.raises(ValueError, match=message):
        parse_calendar(text)


def test_an_extension_is_days_after_the_due_date_or_a_date_of_its_own():
    text = CALENDAR.replace('late = { policy = "zero" }', 'late = { policy = "zero" }\n'
                            'extensions = { jdoe = 2, "ann-lee" = 2027-02-20T12:00:00Z }')
    week = parse_calendar(text).week("04_vae")
    assert week.due_for("jdoe") == datetime.datetime(2027, 2, 17, 23, 59, tzinfo=UTC)
    assert week.due_for("ann-lee") == datetime.datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
    assert week.due_for("someone") == week.due
    with pytest.raises(ValueError, match=r"weeks.04_vae.extensions.jdoe must be a number of days"):
        parse_calendar(text.replace("jdoe = 2", 'jdoe = "two"'))


def test_the_course_calendar_lists_every_source_week_and_its_notebook_carries_the_hidden_tests_points():
    calendar = load_calendar(COURSE_TOML)
    assert calendar.course_id == "vaelab"
    for notebook in sorted((ROOT / "assignments" / "source").glob("*/*.ipynb")):
        week = calendar.week(notebook.parent.name)
        assert week.question_points == graded_points(notebook), week.name
        assert week.points == sum(graded_points(notebook).values()) > 0, week.name
        assert 60 <= week.cell_timeout < DEFAULT_CELL_TIMEOUT, f"{week.name} declares its own cell budget"


def test_due_dates_are_recorded_in_the_gradebook(tmp_path):
    calendar = parse_calendar(CALENDAR)
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    record_due_dates(calendar, db_url)
    record_due_dates(calendar, db_url)  # updating, not duplicating
    with Gradebook(db_url) as gradebook:
        assert [a.name for a in gradebook.assignments] == ["03_variational_inference", "vae"]
        assert gradebook.find_assignment("vae").duedate == datetime.datetime(2027, 2, 15, 23, 59)
    record_due_dates(parse_calendar(CALENDAR.replace("2027-02-15", "2027-02-16")), db_url, weeks=["04_vae"])
    with Gradebook(db_url) as gradebook:
        assert gradebook.find_assignment("vae").duedate == datetime.datetime(2027, 2, 16, 23, 59)


def test_nbgrader_applies_the_late_policy_of_the_week_it_grades(tmp_path):
    calendar_path = tmp_path / "course.toml"
    calendar_path.write_text(CALENDAR)
    lines = nbgrader_config_lines(calendar_path)
    plugin = "autograder.instructor.late_penalty.CalendarLatePenalty"
    plugin_line = f'c.AssignLatePenalties.plugin_class = "{plugin}"'
    assert plugin_line in lines and f"c.CalendarLatePenalty.calendar = {str(calendar_path)!r}" in lines
    preprocessor = AssignLatePenalties()
    plugin = CalendarLatePenalty(parent=preprocessor, calendar=str(calendar_path))
    preprocessor.assignment_id = "03_variational_inference"
    assert plugin.late_submission_penalty("s1", 15.0, DAY + 5) == 4.0
    preprocessor.assignment_id = "vae"
    assert plugin.late_submission_penalty("s1", 15.0, 5) == 15.0
    preprocessor.assignment_id = "not_in_calendar"
    assert plugin.late_submission_penalty("s1", 15.0, 5) is None
