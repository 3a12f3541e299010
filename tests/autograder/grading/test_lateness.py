"""Tests for autograder/grading/lateness.py: when a submission came in, the student's due date, the penalty.

The week is the course calendar's 03_variational_inference: due 2027-02-01T23:59Z, 2.1 points per started
day late, nothing after 3 days.
"""

import datetime
import json
import zipfile

import pytest

from autograder.grading.lateness import lateness_of, read_extensions, read_timestamps
from autograder.grading.outcome import Submission
from autograder.grading.submissions import collect
from autograder.instructor.calendar import load_calendar

UTC = datetime.timezone.utc
WEEK = load_calendar().week("03_variational_inference")
NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("submitted", "penalty"), [
    ("2027-02-01T23:59:00", 0.0),  # on the minute
    ("2027-02-02T00:00:01", 2.1),  # a second late starts a day
    ("2027-02-04T23:58:00", 6.3),  # three started days
    ("2027-02-05T00:00:00", 21.0),  # past max_days_late: everything
])  # fmt: skip
def test_each_started_day_late_costs_the_weeks_points_per_day(submitted, penalty):
    lateness = lateness_of(Submission("s", None, submitted_at=at(submitted)), WEEK)
    assert lateness.penalty(21.0) == pytest.approx(penalty)
    assert lateness.penalty(1.0) <= 1.0, "never more than the score"


def test_the_tas_times_win_over_timestamp_txt_and_extensions_move_the_due_date():
    submission = Submission("s", None, submitted_at=at("2027-02-03T10:00:00"))
    assert lateness_of(submission, WEEK).penalty(21) == pytest.approx(4.2)
    retimed = lateness_of(submission, WEEK, timestamps={"s": at("2027-02-01T20:00:00")})
    assert retimed.penalty(21) == 0 and retimed.source == "time from --timestamps"
    extended = lateness_of(submission, WEEK, extensions={"s": at("2027-02-04T23:59:00")})
    assert extended.penalty(21) == 0 and extended.extension == datetime.timedelta(days=3)
    assert extended.describe() == ""


def test_canvas_late_marker_without_a_time_counts_one_day_unless_extended():
    marked = Submission("s", None, marked_late=True)
    assert lateness_of(marked, WEEK).penalty(21) == pytest.approx(2.1)
    assert "without a time" in lateness_of(marked, WEEK).describe()
    assert lateness_of(marked, WEEK, extensions={"s": at("2027-02-03T00:00:00")}).penalty(21) == 0


def test_a_week_without_a_calendar_entry_keeps_the_time_and_costs_nothing():
    lateness = lateness_of(Submission("s", None, submitted_at=at("2030-01-01T00:00:00")), None)
    assert lateness.penalty(21) == 0 and lateness.submitted_at == at("2030-01-01T00:00:00")


def test_csvs_read_iso_times_as_utc_and_days_or_dates_as_extensions(tmp_path):
    times = tmp_path / "times.csv"
    times.write_text("Student_ID,submitted_at\njdoe,2027-02-02 10:00\nann,2027-02-02T11:00:00+01:00\n")
    assert read_timestamps(times) == {"jdoe": at("2027-02-02T10:00:00"), "ann": at("2027-02-02T10:00:00")}
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("student_id,assignment,days,due\njdoe,,2,\nann,03_variational_inference,,"
                          "2027-02-10T00:00Z\nbob,04_vae,5,\n")  # fmt: skip
    found = read_extensions(extensions, "03_variational_inference", WEEK.due)
    assert found == {"jdoe": WEEK.due + datetime.timedelta(days=2), "ann": at("2027-02-10T00:00:00")}


@pytest.mark.parametrize(("text", "message"), [
    ("student_id,when\njdoe,2027-02-02\n", "needs the columns student_id, submitted_at"),
    ("student_id,submitted_at\njdoe,yesterday\n", "row 2: 'yesterday' is not a date-time"),
])  # fmt: skip
def test_a_bad_timestamps_csv_is_named_with_its_row(tmp_path, text, message):
    (tmp_path / "t.csv").write_text(text)
    with pytest.raises(ValueError, match=message):
        read_timestamps(tmp_path / "t.csv")


def test_collect_reads_nbgrader_timestamps_and_canvas_late_markers(tmp_path):
    folder = tmp_path / "submitted" / "jdoe" / "03_variational_inference"
    folder.mkdir(parents=True)
    (folder / "03_variational_inference.ipynb").write_bytes(NOTEBOOK)
    (folder / "timestamp.txt").write_text("2027-02-02 10:00:00.000000 UTC\n")
    [jdoe] = collect(tmp_path / "submitted", "03_variational_inference", tmp_path / "work")
    assert jdoe.submitted_at == at("2027-02-02T10:00:00")
    with zipfile.ZipFile(tmp_path / "canvas.zip", "w") as archive:
        archive.writestr("doejane_LATE_12345_67890_03_variational_inference.ipynb", NOTEBOOK)
        archive.writestr("smithjohn_222_333_03_variational_inference.ipynb", NOTEBOOK)
    found = collect(tmp_path / "canvas.zip", "03_variational_inference", tmp_path / "work2")
    assert {s.student_id: s.marked_late for s in found} == {"doejane": True, "smithjohn": False}
