"""A week declared once in course.toml and loaded by autograder/week.py: its parts exist where Week says,
its declaration is checked, and nothing else needs to declare it."""

import pytest

from autograder.checks.judge import judged_question
from autograder.week import Week, parse_course, week, week_of_assignment, weeks

ENTRY = """
[weeks.09_demo]
release = 2027-01-11T09:00:00Z
due = 2027-01-18T23:59:00Z
"""


@pytest.mark.parametrize("name", list(weeks()))
def test_every_declared_week_has_each_of_its_parts_where_week_says(name):
    declared = week(name)
    parts = {
        "authoring source": declared.authoring, "question table": declared.question_table,
        "source notebook": declared.source_notebook, "solution notebook": declared.solution_notebook,
        "hidden tests": declared.hidden_tests / "conftest.py", "mutants": declared.mutants,
        "alternatives": declared.alternatives, **{f"reference {p.stem}": p for p in declared.reference_files},
    }  # fmt: skip
    missing = {part: str(path) for part, path in parts.items() if not path.exists()}
    assert not missing, f"{name} declares parts that are not there: {missing}"
    assert declared.reference, f"{name} names no reference module in course.toml"


def test_a_week_without_judged_is_judged_outside_and_its_assignment_defaults_to_its_name():
    _, found = parse_course(ENTRY)
    assert found["09_demo"].judged_outside and found["09_demo"].assignment == "09_demo"


@pytest.mark.parametrize(("line", "message"), [
    ('judged = "nowhere"', r"weeks.09_demo.judged must be one of \('outside', 'kernel'\)"),
    ('reference = "reference.vae"', r"weeks.09_demo.reference must be a list of module names"),
])  # fmt: skip
def test_a_bad_declaration_is_refused_naming_the_entry(line, message):
    with pytest.raises(ValueError, match=message):
        parse_course(ENTRY + line + "\n")


def test_weeks_are_found_by_name_and_by_assignment():
    assert isinstance(week("04_vae"), Week) and week_of_assignment("04_vae") == week("04_vae")
    assert week_of_assignment("no_such_assignment") is None
    with pytest.raises(KeyError, match="not in the course calendar"):
        week("no_such_week")


@pytest.mark.parametrize(("region", "expected"), [
    ('### BEGIN HIDDEN TESTS\nfrom autograder.checks.judge import judge\n\n'
     'judge("04_vae", "sampling", globals())\n### END HIDDEN TESTS\n', ("04_vae", "sampling")),
    ("    judge(\n        '01_autoencoders',\n        'pca_fit',\n        globals(),\n    )\n",
     ("01_autoencoders", "pca_fit")),
    ('checks.judge("w", "q", globals())', ("w", "q")),
    ('# judge("w", "q", globals()) in a comment is no call\nx = 1', None),
    ('judge(week, "q", globals())', None),
    ("judge(", None),
])  # fmt: skip
def test_the_judge_call_of_a_hidden_region_is_read_from_its_syntax(region, expected):
    assert judged_question(region) == expected


def test_each_weeks_rules_come_from_its_rules_toml_with_arrays_as_tuples():
    from autograder.week import load_rules, weeks

    for name, declared in weeks().items():
        rules = declared.rules
        assert rules == load_rules(declared.hidden_tests) and isinstance(rules.seed, int), name
    transfer = weeks()["06_transfer_learning"].rules
    assert transfer.small_filters == (4, 8) and transfer.check_seeds == (1, 2)
    assert isinstance(weeks()["03_variational_inference"].rules.n_samples, int)
