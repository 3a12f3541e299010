"""The classes of planted.py (real answers of 03 and 04: solution, alternatives, planted copies)."""

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent
WEEKS = ("03_variational_inference", "04_vae")


def load_planted():
    spec = importlib.util.spec_from_file_location("similarity_planted", HERE / "planted.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def planted():
    """tests/autograder/similarity/planted.py, loaded once."""
    return load_planted()
