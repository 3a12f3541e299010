"""A week of the course, declared once in `course.toml` and loaded here: its assignment, dates, late
policy, cell budget, judging mode and reference modules, and where each of its parts lives. Its points
are declared once too, by its hidden tests' `@pytest.mark.points` (read by autograder/points.py).

Everything that needs a week (`vaelab grade`, `verify`, `release`, the calendar, the demo class) asks
`weeks()` or `week(name)` for it, instead of reading course.toml, a conftest or a folder of its own.
"""

import datetime
import math
import types
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from autograder.points import week_points

# The vaelab checkout: a week's notebooks, hidden tests, reference and test data live in it.
ROOT = Path(__file__).resolve().parents[1]
COURSE_TOML = ROOT / "course.toml"
# Each week's pytest autograder: <WEEKS_DIR>/<week>/conftest.py and test_<question>.py.
WEEKS_DIR = ROOT / "autograder" / "weeks"
# The nbgrader source folder: <SOURCE_DIR>/<assignment>/<assignment>.ipynb.
SOURCE_DIR = ROOT / "assignments" / "source"
LATE_POLICIES = ("none", "zero", "points_per_day")
# Where a week's hidden tests run: "outside" the student's kernel (autograder/grading/remote.py, the
# tests work through the proxy), or "kernel", in it, as under nbgrader.
JUDGING = ("outside", "kernel")
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
    """One week; dates are timezone-aware (UTC when course.toml gives no offset)."""

    name: str
    assignment: str
    release: datetime.datetime
    due: datetime.datetime
    late: LatePolicy
    cell_timeout: float = DEFAULT_CELL_TIMEOUT  # seconds a cell may run under `vaelab grade` (its default)
    extensions: dict = field(default_factory=dict)  # student_id -> that student's own due date
    judged: str = "outside"  # one of JUDGING
    reference: tuple = ()  # the reference modules its hidden tests compare with, e.g. ("reference.vae",)
    root: Path = ROOT  # the checkout its parts live in (`vaelab new-week` writes a week into another)

    def due_for(self, student_id):
        """The student's due date: their extension's, or the week's."""
        return self.extensions.get(student_id, self.due)

    @property
    def judged_outside(self):
        return self.judged == "outside"

    @property
    def question_points(self):
        """{question: points}, as the week's hidden tests declare them: the one place points are written."""
        return week_points(self.hidden_tests)

    @property
    def points(self):
        return sum(self.question_points.values())

    @property
    def authoring(self):
        """The percent-format source the notebooks are built from (tools/percent_to_notebook.py)."""
        return self.root / "assignments" / "authoring" / f"{self.name}.py"

    @property
    def question_table(self):
        """The authoring notes: each question and what its hidden tests check."""
        return self.root / "assignments" / "authoring" / f"{self.name}.md"

    @property
    def source_notebook(self):
        return self.source_notebook_in(self.root / SOURCE_DIR.relative_to(ROOT))

    def source_notebook_in(self, source_dir):
        """The source notebook in an nbgrader source folder (`vaelab verify --source DIR`)."""
        return Path(source_dir) / self.assignment / f"{self.assignment}.ipynb"

    @property
    def solution_notebook(self):
        return self.root / "solutions" / self.assignment / f"{self.assignment}.ipynb"

    @property
    def hidden_tests(self):
        """The folder of the week's pytest autograder (conftest.py, test_<question>.py)."""
        return self.root / WEEKS_DIR.relative_to(ROOT) / self.name

    @property
    def rules(self):
        """Its grade-deciding constants (autograder/weeks/<week>/rules.toml), as RULES in its conftest."""
        return load_rules(self.hidden_tests)

    @property
    def reference_files(self):
        return [self.root / Path(*module.split(".")).with_suffix(".py") for module in self.reference]

    @property
    def mutants(self):
        return self.root / "tests" / "mutants" / self.name

    @property
    def alternatives(self):
        return self.root / "tests" / "alternatives" / self.name


def load_rules(folder):
    """A week's grade-deciding constants, from the rules.toml in its hidden tests' folder, as the
    attributes of a namespace (RULES in its conftest; the `rules` fixture); TOML arrays become tuples."""
    with open(Path(folder) / "rules.toml", "rb") as f:
        table = tomllib.load(f)
    return types.SimpleNamespace(**{k: tuple(v) if isinstance(v, list) else v for k, v in table.items()})


def hidden_tests_folder(name):
    """The hidden tests' folder of week `name`, known without the calendar: the judge runs where only the
    week's name is at hand."""
    return WEEKS_DIR / name


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


def parse_week(name, table):
    """A Week from its course.toml table; raises ValueError naming the bad entry."""
    where = f"weeks.{name}"
    missing = {"release", "due"} - set(table)
    if missing:
        raise ValueError(f"{where} lacks {sorted(missing)}")
    if "points" in table:
        raise ValueError(f"{where}.points: a week's points are declared once, by its hidden tests' "
                         f"@pytest.mark.points (autograder/weeks/{name}/); drop the key")  # fmt: skip
    due = _utc(table["due"], f"{where}.due")
    reference = table.get("reference", [])
    if isinstance(reference, str) or not all(isinstance(m, str) for m in reference):
        raise ValueError(f"{where}.reference must be a list of module names such as [\"reference.vae\"]")
    week = Week(
        name=name,
        assignment=table.get("assignment", name),
        release=_utc(table["release"], f"{where}.release"),
        due=due,
        late=_late_policy(table.get("late", {}), where),
        cell_timeout=float(table.get("cell_timeout", DEFAULT_CELL_TIMEOUT)),
        extensions={str(student): extended_due(due, value, f"{where}.extensions.{student}")
                    for student, value in table.get("extensions", {}).items()},
        judged=table.get("judged", "outside"),
        reference=tuple(reference),
    )  # fmt: skip
    if week.cell_timeout <= 0:
        raise ValueError(f"{where}.cell_timeout must be a positive number of seconds")
    if week.due <= week.release:
        raise ValueError(f"{where}: due {week.due} is not after release {week.release}")
    if week.judged not in JUDGING:
        raise ValueError(f"{where}.judged must be one of {JUDGING}, got {week.judged!r}")
    return week


def parse_course(text):
    """(course id, {week name: Week} in the file's order) from course.toml's text."""
    data = tomllib.loads(text)
    weeks = {name: parse_week(name, table) for name, table in data.get("weeks", {}).items()}
    return data.get("course_id", "vaelab"), weeks


def weeks(path=COURSE_TOML):
    """{week name: Week} of a course.toml (default: vaelab's own), in the file's order."""
    return parse_course(Path(path).read_text())[1]


def week(name, path=COURSE_TOML):
    """The Week called `name`; KeyError naming the weeks there are."""
    found = weeks(path)
    if name not in found:
        raise KeyError(f"week {name!r} is not in the course calendar; it has {sorted(found)}")
    return found[name]


def week_of_assignment(assignment, path=COURSE_TOML):
    """The Week whose nbgrader assignment is `assignment`, or None."""
    return next((w for w in weeks(path).values() if w.assignment == assignment), None)
