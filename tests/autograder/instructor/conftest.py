"""One release of 03_variational_inference (numpy only, the fastest week), shared by the module's tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """The Bundle `vaelab release 03_variational_inference` writes."""
    from autograder.instructor.release import release_week

    return release_week(WEEK, tmp_path_factory.mktemp("release"), ROOT / "assignments" / "source")
