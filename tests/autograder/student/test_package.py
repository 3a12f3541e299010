"""Tests for autograder/student/__init__.py: a light, self-contained public package."""

import subprocess
import sys

import autograder.student

CHECK_IMPORTS = """
import sys
import autograder.student
leaked = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("tensorflow", "keras", "reference")
    or (name.startswith("autograder.") and not name.startswith("autograder.student"))
)
assert not leaked, leaked
"""


def test_importing_the_package_loads_no_tensorflow_reference_or_grader_code():
    result = subprocess.run(
        [sys.executable, "-c", CHECK_IMPORTS], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_public_api_is_exported():
    assert set(autograder.student.__all__) == {
        "DataUnavailableError",
        "load_color_patches",
        "load_faces",
        "load_mnist",
        "plot_images",
    }
