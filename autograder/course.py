"""A course directory driven by the real nbgrader commands: generate, submit, autograde, read grades."""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

# The `nbgrader` command itself (its console script's entry point), started as a grader process: stamping
# a new gradebook without starting `alembic heads` (autograder/grading/gradebook.py).
NBGRADER_MAIN = (
    "import sys; from autograder.grading.gradebook import stamp_new_gradebooks_in_process as stamp; stamp(); "
    "from nbgrader.apps.nbgraderapp import main; sys.exit(main())"
)
COURSE_CONFIG = Path(__file__).resolve().parents[1] / "assignments" / "nbgrader_config.py"


class NbgraderError(RuntimeError):
    """An nbgrader command failed; the message carries its command line and its log."""


@dataclass(frozen=True)
class CellGrade:
    """The score of one graded cell of one student's notebook; None while it awaits manual grading."""

    student_id: str
    notebook: str
    cell_id: str
    score: float | None
    max_score: float


def totals(grades):
    """Sum CellGrades per student: {student_id: (score, max_score)}, ungraded cells counting 0."""
    sums = {}
    for grade in grades:
        score, max_score = sums.get(grade.student_id, (0.0, 0.0))
        sums[grade.student_id] = (score + (grade.score or 0.0), max_score + grade.max_score)
    return sums


@dataclass
class Course:
    """An nbgrader course directory at root, laid out as assignments/ is (source/, release/, ...)."""

    root: Path
    db_url: str = ""  # any nbgrader database URL; default: SQLite gradebook.db in root

    def __post_init__(self):
        # Absolute: nbgrader runs with the course root as its working directory.
        self.root = Path(self.root).resolve()
        self.db_url = self.db_url or f"sqlite:///{self.root / 'gradebook.db'}"

    @classmethod
    def create(cls, root, source_dir, assignments, config=COURSE_CONFIG, db_url=""):
        """Make a course at root with the course's nbgrader config and source_dir/<assignment>/ copied in."""
        root = Path(root)
        (root / "source").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config, root / "nbgrader_config.py")
        for assignment in assignments:
            shutil.copytree(Path(source_dir) / assignment, root / "source" / assignment, dirs_exist_ok=True)
        return cls(root, db_url)

    def generate(self, assignment):
        """Write release/<assignment>/ (solutions and hidden tests removed) and record it in the gradebook."""
        self._nbgrader("generate_assignment", assignment, "--force")

    def released_notebook(self, assignment, name=None):
        """The student version of the assignment's notebook (name: needed when it has several)."""
        return self.root / "release" / assignment / self._notebook_name(assignment, name)

    def submit(self, assignment, student_id, notebook_path, name=None):
        """File notebook_path as student_id's submission, under the source notebook's name."""
        target = self.root / "submitted" / student_id / assignment / self._notebook_name(assignment, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook_path, target)
        self._nbgrader("db", "student", "add", student_id)
        return target

    def autograde(self, assignment, student_id=None, cell_timeout=None):
        """Autograde the submissions (one student's or all) and return their CellGrades.

        cell_timeout: seconds before nbgrader interrupts a cell (default: the course config's).
        """
        student = ["--student", student_id] if student_id else []
        timeout = [f"--Execute.timeout={int(cell_timeout)}"] if cell_timeout else []
        self._nbgrader("autograde", assignment, *student, *timeout, "--force")
        return self.grades(assignment, student_id)

    def grades(self, assignment, student_id=None):
        """The gradebook's CellGrades for the assignment, one student's or everyone's."""
        grades = []
        with Gradebook(self.db_url) as gradebook:
            for submission in gradebook.assignment_submissions(assignment):
                if student_id and submission.student.id != student_id:
                    continue
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        grades.append(
                            CellGrade(
                                student_id=submission.student.id,
                                notebook=notebook.name,
                                cell_id=grade.name,
                                score=None if grade.score is None else float(grade.score),
                                max_score=float(grade.max_score),
                            )
                        )
        return sorted(grades, key=lambda g: (g.student_id, g.notebook, g.cell_id))

    def _notebook_name(self, assignment, name):
        names = sorted(p.name for p in (self.root / "source" / assignment).glob("*.ipynb"))
        if name is None and len(names) == 1:
            return names[0]
        if name in names:
            return name
        raise ValueError(f"{assignment} has the notebooks {names}: pass name= one of them, not {name!r}")

    def _nbgrader(self, *args):
        # The environment's nbgrader, with its bin/ on PATH for the `alembic` that `nbgrader db upgrade` runs.
        bin_dir = Path(sys.executable).parent
        env = dict(os.environ, PATH=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
        command = [sys.executable, "-c", NBGRADER_MAIN, *args, f"--CourseDirectory.db_url={self.db_url}"]
        result = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise NbgraderError(
                f"`nbgrader {' '.join(args)}` failed with exit code {result.returncode} in {self.root}\n"
                f"--- stderr ---\n{result.stderr}\n--- stdout ---\n{result.stdout}"
            )
        return result
