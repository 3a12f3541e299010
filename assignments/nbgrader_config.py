"""nbgrader configuration of the vaelab course; nbgrader reads it when run from this directory."""

import os
import sys
from pathlib import Path

# The grading kernel inherits this process's environment. nbgrader scores a graded cell 0 if it writes
# anything to stderr, and TensorFlow does on import unless both TF settings are made before it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")
# ipykernel stops capturing output written to fd 2 (TensorFlow's C++ logging) when it sees this variable,
# so grading started from a test would miss stderr that grading a student's notebook does not.
os.environ.pop("PYTEST_CURRENT_TEST", None)


def _prepend(variable, path):
    """Put path first on an os.pathsep-separated environment variable, once."""
    entries = [p for p in os.environ.get(variable, "").split(os.pathsep) if p]
    if str(path) not in entries:
        os.environ[variable] = os.pathsep.join([str(path), *entries])


# nbgrader shells out to `alembic` when it creates a gradebook: find the one installed beside it, even
# when nbgrader was started by its full path without activating the environment.
_prepend("PATH", Path(sys.executable).parent)

# Grade with the Python that runs nbgrader: this environment's own kernelspec (whose `python` jupyter_client
# replaces with sys.executable) must win over a `python3` kernelspec in the user's or the system's Jupyter
# directories, and JUPYTER_PATH is searched before both.
if (Path(sys.prefix) / "share" / "jupyter" / "kernels" / "python3").is_dir():
    _prepend("JUPYTER_PATH", Path(sys.prefix) / "share" / "jupyter")

c = get_config()  # noqa: F821  (injected by traitlets)

c.CourseDirectory.course_id = "vaelab"
c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearHiddenTests.enabled = True

# Per cell, not per notebook: a week's training cell gets the whole budget.
c.Execute.timeout = 600
c.ExecutePreprocessor.timeout = 600

# Late penalties follow course.toml's policy for the week being graded (see autograder/instructor).
# A copy of this file in another course folder finds the calendar of the installed vaelab checkout.
import autograder  # noqa: E402

for _calendar in (Path(__file__).resolve().parents[1], Path(autograder.__file__).resolve().parents[1]):
    if (_calendar / "course.toml").is_file():
        c.AssignLatePenalties.plugin_class = "autograder.instructor.late_penalty.CalendarLatePenalty"
        c.CalendarLatePenalty.calendar = str(_calendar / "course.toml")
        break
