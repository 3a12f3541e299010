"""`vaelab new-week NAME`: write a one-question week that `vaelab verify` passes, for an instructor to
grow into a real one (docs/authoring.md#scaffold).

Every part goes where autograder/week.py's `Week` says it lives, filled in from the templates in
week_template/ (text files with `${week}`-style placeholders, so they are neither linted nor imported
as code). Everything is checked before anything is written: a refused week leaves the checkout as it was.
"""

import dataclasses
import datetime
import importlib.util
import re
import string
from pathlib import Path

from autograder.week import ROOT, parse_week, weeks

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

TEMPLATES = Path(__file__).resolve().parent / "week_template"
# The example's one question: its solution cell id, and its hidden tests' test_<question>.py.
QUESTION = "mean_squared_error"
NAME = re.compile(r"\d{2}_[a-z][a-z0-9_]*")
TOPIC = re.compile(r"[a-z][a-z0-9_]*")
# When no dates are given: a week after the last declared week's.
WEEK_LATER = datetime.timedelta(days=7)


class Refused(ValueError):
    """The week cannot be scaffolded; the message is one line saying why."""


@dataclasses.dataclass(frozen=True)
class Scaffold:
    """The week to write: its Week (dates, paths) and the course.toml table that declares it."""

    week: object  # autograder.week.Week, rooted in the checkout it is written into
    calendar_entry: str
    values: dict  # the templates' placeholders

    def files(self):
        """{path: template name} of every file the week is made of, but the two notebooks."""
        week, hidden = self.week, self.week.hidden_tests
        return {
            week.authoring: "notebook.py",
            week.question_table: "notes.md",
            week.reference_files[0]: "reference.py",
            hidden / "conftest.py": "conftest.py",
            hidden / "rules.toml": "rules.toml",
            hidden / f"test_{QUESTION}.py": "test_question.py",
            week.mutants / "sum_instead_of_mean.py": "mutant_sum_instead_of_mean.py",
            week.mutants / "mean_over_every_axis.py": "mutant_mean_over_every_axis.py",
            week.alternatives / "square_in_float32.py": "alternative_square_in_float32.py",
            week.root / "tests" / "autograder" / "weeks" / f"test_week_{week.name}.py": "test_week.py",
        }

    def paths(self):
        """Every path the week takes, its notebooks and folders included."""
        week = self.week
        return [*self.files(), week.source_notebook, week.solution_notebook, week.hidden_tests, week.mutants,
                week.alternatives]  # fmt: skip


def fill(template, values):
    return string.Template((TEMPLATES / f"{template}.tmpl").read_text()).substitute(values)


def parse_date(text, hour, minute, option):
    """A UTC date-time from `2027-03-01T09:00:00Z` or `2027-03-01` (then at hour:minute)."""
    try:
        if "T" not in text:
            day = datetime.date.fromisoformat(text)
            return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.timezone.utc)
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(f"{option} {text!r} is not a date such as 2027-03-01 or 2027-03-01T09:00:00Z") from None
    value = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def toml_date(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def default_dates(declared):
    """(release, due) a week after the last declared week's (the one released last)."""
    if not declared:
        raise Refused("course.toml declares no week to date the new one from: give --release and --due")
    last = max(declared.values(), key=lambda w: w.release)
    return last.release + WEEK_LATER, last.due + WEEK_LATER


def title(name):
    """'Week 7: flows' for 07_flows."""
    return f"Week {int(name[:2])}: {name[3:].replace('_', ' ')}"


def plan(name, topic=None, release=None, due=None, root=ROOT):
    """The Scaffold of week `name` in the checkout `root`; Refused if any part of it is taken."""
    if not NAME.fullmatch(name):
        raise Refused(f"week name {name!r} must be two digits, an underscore and a lowercase identifier, "
                      "e.g. 07_flows")  # fmt: skip
    topic = topic or name[3:]
    if not TOPIC.fullmatch(topic):
        raise Refused(f"topic {topic!r} must be a lowercase identifier (it names reference/<topic>.py)")
    root = Path(root)
    try:
        declared = weeks(root / "course.toml")
    except (OSError, ValueError, KeyError, TypeError) as error:  # unreadable, not TOML, a week malformed
        raise Refused(f"{root / 'course.toml'} cannot be read: {error}") from None
    if name in declared:
        raise Refused(f"week {name} is already declared in {root / 'course.toml'}")
    if (release is None) != (due is None):
        raise Refused("give --release and --due together, or neither (a week after the last week)")
    if release is None:
        release_at, due_at = default_dates(declared)
    else:
        release_at, due_at = parse_date(release, 9, 0, "--release"), parse_date(due, 23, 59, "--due")
    values = {"week": name, "topic": topic, "title": title(name), "release": toml_date(release_at),
              "due": toml_date(due_at)}  # fmt: skip
    entry = fill("calendar.toml", values)
    try:
        week = parse_week(name, tomllib.loads(entry)["weeks"][name])
    except ValueError as error:  # due before release
        raise Refused(str(error)) from None
    scaffold = Scaffold(dataclasses.replace(week, root=root), entry, values)
    reference = scaffold.week.reference_files[0]
    if reference.exists():
        raise Refused(f"{reference.relative_to(root)} exists: name another topic with --topic")
    taken = [path for path in scaffold.paths() if path.exists()]
    if taken:
        raise Refused(f"{taken[0].relative_to(root)} exists: week {name} would write over it")
    return scaffold


def notebook_builder():
    """tools/percent_to_notebook.py, the one build of a week's notebooks, as a module."""
    path = ROOT / "tools" / "percent_to_notebook.py"
    spec = importlib.util.spec_from_file_location("percent_to_notebook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(scaffold):
    """Write every part of the week and append its table to course.toml; returns the paths written."""
    import nbformat

    week = scaffold.week
    written = []
    for path, template in scaffold.files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(template, scaffold.values))
        written.append(path)
    builder = notebook_builder()
    # The cell's points come from the hidden tests just written, in the checkout the week goes into.
    source = builder.build(week.authoring.read_text(), week.hidden_tests.parent)
    notebooks = {week.source_notebook: source, week.solution_notebook: builder.solution_notebook(source)}
    for path, notebook in notebooks.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, str(path))
        written.append(path)
    calendar = week.root / "course.toml"
    text = calendar.read_text()
    calendar.write_text(text + ("" if text.endswith("\n") else "\n") + scaffold.calendar_entry)
    written.append(calendar)
    return written


def new_week(name, topic=None, release=None, due=None, root=ROOT):
    """Scaffold week `name` in the checkout `root`: the paths written (Refused: nothing is)."""
    return write(plan(name, topic, release, due, root))
