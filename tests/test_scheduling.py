"""`make test`'s scheduling (tests/scheduling.py): what a unit of work is, and the table it orders by."""

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
spec = importlib.util.spec_from_file_location("vaelab_test_scheduling", HERE / "scheduling.py")
scheduling = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scheduling)


def test_a_files_tests_split_into_one_unit_per_week_they_are_parametrized_by():
    weeks = "tests/autograder/weeks/test_weeks.py"
    assert scheduling.unit_of(f"{weeks}::test_solution_gets_full_marks[06_transfer_learning]") == (
        f"{weeks}[06_transfer_learning]"
    )
    assert scheduling.unit_of(f"{weeks}::test_mutant_loses_points[04_vae/encoder_relu]") == f"{weeks}[04_vae]"
    b = "tests/a/test_b.py"
    assert scheduling.unit_of(f"{b}::test_c[week=05_imaging-denoiser]") == f"{b}[05_imaging]"
    # Anything else stays with its file: other parameters, a week the course does not have, a week's own
    # test file, classes.
    assert scheduling.unit_of(f"{b}::test_c[07_flows-None-must be]") == b
    assert scheduling.unit_of("tests/a/test_b.py::test_c[4-3.5]") == "tests/a/test_b.py"
    assert scheduling.unit_of("tests/w/test_week_04_vae.py::test_x") == "tests/w/test_week_04_vae.py"
    assert scheduling.unit_of("tests/a/test_b.py::Class::test_c[x]") == "tests/a/test_b.py"


def test_the_measured_table_names_units_that_exist():
    seconds = scheduling.measured_seconds()
    assert seconds, f"{scheduling.SECONDS} is missing or empty: tools/scope_seconds.py writes it"
    root = HERE.parent
    missing = [unit for unit in seconds if not (root / unit.split("[", 1)[0]).is_file()]
    assert not missing, f"units of files that are gone (run tools/scope_seconds.py again): {missing}"
