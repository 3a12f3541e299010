"""Record stage, nbgrader's side: each graded submission in the course's gradebook, one writer at a time.

vaelab writes what `nbgrader autograde` would: the student, the submission with its time and extension,
the assignment's due date, each code cell's auto score and the notebook's late penalty. A TA's manual
scores, extra credit and comments (formgrader) are never written over: the raw score is read back from
the gradebook, where a manual score wins as in nbgrader, so grades.csv, formgrader and `nbgrader export`
show the same numbers. Two graders may write one gradebook at once (two sections into one PostgreSQL
database): every write, and nbgrader's own creation of the assignment, holds the gradebook's lock.
"""

import contextlib
import datetime
import fcntl
import functools
import warnings
from dataclasses import replace
from pathlib import Path

import nbgrader.api
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.dbutil import ALEMBIC_DIR
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import SAWarning
from sqlalchemy.pool import NullPool


def schema_head():
    """The newest revision of nbgrader's gradebook schema, read from the migration scripts nbgrader ships:
    what `alembic heads` prints first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def stamp_new_gradebooks_in_process():
    """nbgrader stamps each gradebook it creates with its schema's newest revision, which it learns by
    running `alembic heads` in a subprocess: a Python start that imports nbgrader again, about 6 s of CPU
    for every new gradebook (each batch's first `generate_assignment`). In this process the same answer
    comes from the same scripts, once."""
    nbgrader.api.get_alembic_version = functools.cache(schema_head)


# The PostgreSQL advisory lock every vaelab grader takes before it writes a gradebook (any fixed 64-bit key).
ADVISORY_LOCK_KEY = 0x7661656C6162  # "vaelab"


@contextlib.contextmanager
def gradebook_lock(db_url):
    """Hold the gradebook's writer lock: a lock file beside an SQLite file, an advisory lock in PostgreSQL
    (released by the server if the grader dies); other databases get none."""
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        with open(Path(url.database).with_name(Path(url.database).name + ".lock"), "a+") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)
    elif backend == "postgresql":
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
        finally:
            engine.dispose()
    else:
        yield


def naive_utc(moment):
    """A datetime as nbgrader stores it: UTC without a time zone."""
    return None if moment is None else moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _cell_score(grade):
    """nbgrader's Grade.score, computed here (the gradebook computes it only when it loads the row)."""
    score = grade.manual_score if grade.manual_score is not None else grade.auto_score
    return (score or 0.0) + (grade.extra_credit or 0.0)


def record(db_url, course_id, result, lateness):
    """Write one judged SubmissionResult to the gradebook; returns it as recorded: raw_score (a TA's manual
    scores included), late_penalty, score = raw_score - late_penalty, and the submission time."""
    per_cell = {}
    for test in result.tests:
        per_cell[test.question] = per_cell.get(test.question, 0.0) + test.points
    with gradebook_lock(db_url), warnings.catch_warnings(), Gradebook(db_url, course_id=course_id) as book:
        # nbgrader's add_submission trips SQLAlchemy's autoflush warning; the rows are written all the same.
        warnings.simplefilter("ignore", SAWarning)
        if lateness.week_due is not None:
            book.find_assignment(result.assignment).duedate = naive_utc(lateness.week_due)
        try:
            book.find_student(result.student_id)
        except MissingEntry:
            # Formgrader lists students as "last, first": the id until a roster import gives names.
            book.add_student(result.student_id, last_name=result.student_id, first_name="")
        try:
            submission = book.find_submission(result.assignment, result.student_id)
        except MissingEntry:
            submission = book.add_submission(result.assignment, result.student_id)
        submission.timestamp = naive_utc(lateness.submitted_at)
        submission.extension = lateness.extension
        raw, penalty, manual = 0.0, 0.0, []
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell_type == "code":  # written answers stay with formgrader's manual grading
                    grade.auto_score = min(per_cell.get(grade.name, 0.0), grade.max_score)
                    grade.needs_manual_grade = False
                if grade.manual_score is not None:
                    manual.append(f"{grade.name}: {grade.manual_score:g}/{grade.max_score:g}")
            # Per notebook, as nbgrader's AssignLatePenalties does.
            score = sum(_cell_score(grade) for grade in notebook.grades)
            notebook.late_submission_penalty = lateness.penalty(score)
            raw += score
            penalty += notebook.late_submission_penalty
        book.db.commit()
    return replace(result, raw_score=raw, late_penalty=penalty, score=max(0.0, raw - penalty),
                   submitted_at=lateness.submitted_at.isoformat() if lateness.submitted_at else "",
                   lateness=lateness.describe(), manual_grades=sorted(manual))  # fmt: skip
