"""Tests for autograder/instructor/new_week.py (`vaelab new-week NAME`): the week it writes into a copy
of the checkout has every part where autograder/week.py says, lints clean and passes `vaelab verify`
(real nbgrader, a real kernel) and `--mutate`; a name, week, file or topic already taken is refused in
one line, with nothing written. No test leaves a week in this checkout."""

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.instructor.cli import add_instructor_commands
from autograder.instructor.new_week import Refused, new_week, plan
from autograder.week import week as declared_week
from autograder.week import weeks

ROOT = Path(__file__).resolve().parents[3]
WEEK = "07_example"


def copy_of_checkout(target):
    """The working tree's files that git tracks or would (not the ignored ones), copied to `target`: a
    checkout of its own to scaffold into."""
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    tracked = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def vaelab(checkout, *argv, timeout=600):
    """`vaelab ARGV` run on the code and the course of `checkout` (its kernels too)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # the venv's ruff, jupyter
    env = dict(os.environ, PYTHONPATH=str(checkout), PATH=path, TF_CPP_MIN_LOG_LEVEL="3",
               TF_ENABLE_ONEDNN_OPTS="0", VAELAB_OFFLINE="1")  # fmt: skip
    return subprocess.run([sys.executable, "-m", "autograder.cli", *argv], cwd=checkout, capture_output=True,
                          text=True, timeout=timeout, env=env)  # fmt: skip


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """A copy of the checkout with WEEK scaffolded in it by the command."""
    checkout = copy_of_checkout(tmp_path_factory.mktemp("checkout"))
    run = vaelab(checkout, "new-week", WEEK)
    assert run.returncode == 0, run.stderr
    return checkout


def files(root):
    return sorted(p.relative_to(root) for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def course(tmp_path):
    """A checkout with this course.toml and the references, nothing else."""
    shutil.copy(ROOT / "course.toml", tmp_path / "course.toml")
    shutil.copytree(ROOT / "reference", tmp_path / "reference")
    return tmp_path


def test_every_part_is_where_week_says_and_the_calendar_dates_it_a_week_after_the_last(scaffolded):
    week = dataclasses.replace(declared_week(WEEK, scaffolded / "course.toml"), root=scaffolded)
    parts = [week.authoring, week.question_table, week.source_notebook, week.solution_notebook,
             week.hidden_tests / "conftest.py", week.hidden_tests / "test_mean_squared_error.py",
             *week.reference_files]  # fmt: skip
    assert [str(p) for p in parts if not p.is_file()] == []
    assert len(list(week.mutants.glob("*.py"))) >= 1 and len(list(week.alternatives.glob("*.py"))) >= 1
    last = max(weeks().values(), key=lambda w: w.release)
    assert (week.release - last.release).days == (week.due - last.due).days == 7
    assert week.judged_outside and week.reference == ("reference.example",)


def test_the_written_code_lints_clean(scaffolded):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    run = subprocess.run([ruff, "check", "."], cwd=scaffolded, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


@pytest.mark.slow
def test_the_scaffolded_week_passes_verify_with_nbgrader_and_its_generated_mutants_die(scaffolded):
    run = vaelab(scaffolded, "verify", WEEK, "--nbgrader")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all checks passed" in run.stdout
    mutated = vaelab(scaffolded, "verify", WEEK, "--mutate")
    assert mutated.returncode == 0, mutated.stdout + mutated.stderr


@pytest.mark.parametrize("name", ["7_flows", "07-flows", "07_Flows", "flows", "07_", "107_flows"])
def test_a_name_not_like_07_flows_is_refused_in_one_line(capsys, name):
    parser = argparse.ArgumentParser(prog="vaelab")
    add_instructor_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["new-week", name])
    assert args.run(args) == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "two digits, an underscore and a lowercase identifier" in message


@pytest.mark.parametrize(("name", "topic", "where", "message"), [
    ("03_variational_inference", None, None, "already declared"),
    ("07_vae", None, None, "reference/vae.py exists: name another topic with --topic"),
    ("07_flows", "Flows", None, "must be a lowercase identifier"),
    ("07_flows", None, "tests/mutants/07_flows/kept.py", "tests/mutants/07_flows exists"),
    ("07_flows", None, "autograder/weeks/07_flows/conftest.py", "weeks/07_flows/conftest.py exists"),
    ("07_flows", None, "solutions/07_flows/07_flows.ipynb", "solutions/07_flows/07_flows.ipynb exists"),
])  # fmt: skip
def test_a_taken_week_file_or_topic_is_refused_with_nothing_written(course, name, topic, where, message):
    if where:
        (course / where).parent.mkdir(parents=True)
        (course / where).write_text("an instructor's own work\n")
    before = {path: (course / path).read_bytes() for path in files(course)}
    with pytest.raises(Refused, match=message):
        new_week(name, topic, root=course)
    assert {path: (course / path).read_bytes() for path in files(course)} == before


@pytest.mark.parametrize(("calendar", "message"), [
    ("[weeks.01_autoencoders\n", "course.toml cannot be read: "),
    ("[weeks.01_autoencoders]\nrelease = 3\n", "course.toml cannot be read: "),
])  # fmt: skip
def test_a_course_toml_that_cannot_be_read_is_refused_with_nothing_written(course, calendar, message):
    (course / "course.toml").write_text(calendar)
    before = {path: (course / path).read_bytes() for path in files(course)}
    with pytest.raises(Refused, match=message):
        new_week("07_flows", root=course)
    assert {path: (course / path).read_bytes() for path in files(course)} == before


@pytest.mark.parametrize(("release", "due", "message"), [
    ("2027-04-01", None, "give --release and --due together"),
    ("2027-04-01", "soon", "--due 'soon' is not a date"),
    ("2027-04-08", "2027-04-01", "is not after release"),
])  # fmt: skip
def test_bad_dates_are_refused(course, release, due, message):
    with pytest.raises(Refused, match=message):
        plan("07_flows", release=release, due=due, root=course)


def test_given_dates_are_released_at_nine_and_due_at_midnight_utc(course):
    week = plan("07_flows", release="2027-04-01", due="2027-04-08", root=course).week
    assert f"{week.release:%Y-%m-%d %H:%M %Z}" == "2027-04-01 09:00 UTC"
    assert f"{week.due:%Y-%m-%d %H:%M %Z}" == "2027-04-08 23:59 UTC"
