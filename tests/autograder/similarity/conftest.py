"""The classes of planted.py (real answers of 03 and 04: solution, alternatives, planted copies)."""

import importlib.util
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def planted():
    """tests/autograder/similarity/planted.py, loaded once."""
    spec = importlib.util.spec_from_file_location("planted", Path(__file__).with_name("planted.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
