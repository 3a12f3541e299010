"""The one reading of nbgrader's markers: nbgrader's own rule, checked on the cases it decides and on the
ones where a careless reader would show a hidden test."""

import pytest

from autograder.regions import (
    HIDDEN_TESTS,
    SOLUTION,
    MarkerError,
    as_submitted,
    body_line_numbers,
    check,
    regions,
    unmarked,
    without,
)

CELL = """def f(x):
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION

assert f(1) == 2
### BEGIN HIDDEN TESTS
assert f(2) == 4
### END HIDDEN TESTS
assert f(0) == 0
"""


def test_regions_are_found_in_order_with_their_bodies():
    found = regions(CELL)
    assert [(r.marker, r.first, r.last, r.closed) for r in found] == [
        (SOLUTION, 1, 3, True), (HIDDEN_TESTS, 6, 8, True),
    ]  # fmt: skip
    assert found[0].body == "    return 2 * x\n"
    assert found[1].text == "### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS\n"


def test_without_cuts_hidden_tests_and_their_markers_only():
    hidden = "### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS\n"
    assert without(CELL) == CELL.replace(hidden, "")


def test_as_submitted_keeps_the_solution_and_drops_every_marker():
    assert as_submitted(CELL) == "def f(x):\n    return 2 * x\n\nassert f(1) == 2\nassert f(0) == 0\n"


def test_solution_body_lines_are_numbered_from_one_without_the_markers():
    assert body_line_numbers(CELL, SOLUTION) == {3}
    assert unmarked("a\n  ### BEGIN SOLUTION\nb\n  ### END SOLUTION") == "a\nb\n"


@pytest.mark.parametrize("marker_line", [
    "### BEGIN HIDDEN TESTS",
    "        ### BEGIN HIDDEN TESTS",  # indented
    "###BEGIN HIDDEN TESTS",
    "# BEGIN HIDDEN TESTS",  # nbgrader needs only the words
    "### BEGIN HIDDEN TESTS (size checks)",  # trailing text goes with the marker line
])  # fmt: skip
def test_a_marker_is_any_line_holding_the_words_as_nbgrader_reads_it(marker_line):
    text = f"visible = 1\n{marker_line}\nsecret = 2\n    ### END HIDDEN TESTS  trailing\nafter = 3"
    assert without(text) == "visible = 1\nafter = 3"
    check(text)


def test_an_unclosed_region_hides_everything_after_it_and_check_refuses_it():
    text = "visible = 1\n### BEGIN HIDDEN TESTS\nsecret = 2\nsecret = 3\n"
    assert without(text) == "visible = 1\n"
    assert regions(text)[0].closed is False and regions(text)[0].body == "secret = 2\nsecret = 3\n"
    with pytest.raises(MarkerError, match=r"line 2: BEGIN HIDDEN TESTS never closed"):
        check(text)


def test_a_nested_begin_stays_inside_the_outer_region_and_check_refuses_it():
    text = "### BEGIN HIDDEN TESTS\na\n### BEGIN HIDDEN TESTS\nb\n### END HIDDEN TESTS\nc\n"
    assert without(text) == "c\n"
    with pytest.raises(MarkerError, match=r"line 3: BEGIN HIDDEN TESTS inside the hidden tests region"):
        check(text)


def test_a_stray_end_line_is_dropped_and_check_refuses_it():
    text = "a\n### END HIDDEN TESTS\nb"
    assert without(text) == "a\nb"
    with pytest.raises(MarkerError, match=r"line 2: END HIDDEN TESTS with no hidden tests region open"):
        check(text)


def test_regions_of_the_two_kinds_must_not_overlap():
    text = "### BEGIN SOLUTION\nx = 1\n### BEGIN HIDDEN TESTS\n### END SOLUTION\n### END HIDDEN TESTS\n"
    with pytest.raises(MarkerError, match=r"line 3: a hidden tests region inside the solution region"):
        check(text)


def test_well_formed_cells_and_plain_text_pass_check_unchanged():
    check(CELL)
    assert without("no markers\n") == "no markers\n" and regions("") == []


def test_lines_split_on_newlines_only_as_nbgrader_splits_them():
    # A form feed is not a line break to nbgrader: the marker line and the secret are one line.
    text = "a\n### BEGIN HIDDEN TESTS\fsecret\n### END HIDDEN TESTS\nb"
    assert without(text) == "a\nb"


def test_a_traceback_line_quoting_a_marker_is_cut_to_the_end_of_the_text():
    # Outputs are read with the safe rule: a quoted BEGIN with no END hides the rest.
    trace = "----> 3 assert ok\n      4 ### BEGIN HIDDEN TESTS\n      5 assert secret\n"
    assert without(trace) == "----> 3 assert ok\n"
