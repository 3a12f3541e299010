"""The report stage: feedback pages never leak hidden tests, and the class report survives any batch."""

from dataclasses import replace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.checks import results
from autograder.checks.judge import RESULTS_MIMETYPE
from autograder.grading.outcome import SubmissionResult
from autograder.grading.report import feedback_notebook, refresh_feedback, write_class_report, write_feedback

VISIBLE = 'assert kl.shape == (4,), "kl_divergence must return one value per example"'
HIDDEN_LINE = "assert np.allclose(kl, SECRET_REFERENCE_KL)"
HIDDEN = f"""### BEGIN HIDDEN TESTS
{HIDDEN_LINE}
from autograder.checks.judge import judge

judge("04_vae", "kl", globals())
### END HIDDEN TESTS"""
ANSWER = "def kl_divergence(mu, log_var):\n    return my_own_kl(mu, log_var)"
STUDENT_HTML = '<img src="x" onerror="steal()"><script>steal()</script>'
PAYLOAD_MARKER = "payload-only-in-the-judge-json"


def _graded_cell(source, grade_id="test_kl", solution=False, outputs=()):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": not solution, "grade_id": grade_id, "locked": not solution}
    cell.metadata["nbgrader"].update(points=0.0 if solution else 2.0, schema_version=3, solution=solution)
    return cell


@pytest.fixture
def notebooks():
    """(executed, released): the graded cell ran its hidden tests; the released one never had them."""
    results_json = [{"test_id": "test_kl_values", "message": PAYLOAD_MARKER}]
    executed = new_notebook(
        cells=[
            new_markdown_cell(f"## The KL term\n\nMy notes {STUDENT_HTML}"),
            _graded_cell(ANSWER, grade_id="kl_divergence", solution=True),
            _graded_cell(
                f"{VISIBLE}\n{HIDDEN}\n",
                outputs=[
                    new_output("stream", name="stdout", text="FAIL 0/2  test_kl_values\n"),
                    new_output("display_data", data={RESULTS_MIMETYPE: results_json}),
                    new_output(
                        "error",
                        ename="AssertionError",
                        evalue="kl is off by 0.5",
                        traceback=["Traceback (most recent call last)", f"----> 2 {HIDDEN_LINE}"],
                    ),
                ],
            ),
        ]
    )
    stub = _graded_cell(
        "def kl_divergence(mu, log_var):\n    raise NotImplementedError()", "kl_divergence", True
    )
    released = new_notebook(cells=[executed.cells[0], stub, _graded_cell(f"{VISIBLE}\n")])
    return nbformat.from_dict(executed), nbformat.from_dict(released)


def _row(test_id, passed, message=""):
    return results.TestResult("04_vae", "kl", test_id, float(passed), 1.0, passed, message)


def _result(student_id="s1", status="ok", score=1.0, tests=None, seconds=None, reason=""):
    if tests is None:
        tests = [
            _row("test_kl_shape", True),
            _row("test_kl_values", False, "kl is off by 0.5: sum over the latent axis"),
        ]
    if seconds is None:
        seconds = {"start": 1.5, "run": 4.0, "judge": 0.5, "record": 0.1, "total": 6.3}
    return SubmissionResult(student_id, "04_vae", status, reason, score, 2.0, tests, seconds, "abc")


def test_feedback_notebook_keeps_visible_tests_and_drops_hidden_code(notebooks):
    executed, released = notebooks
    answer, cell = feedback_notebook(executed, released).cells[1:]
    assert answer.source == ANSWER, "the student's answer is not replaced by the released stub"
    assert cell.source.strip() == VISIBLE
    assert [o.output_type for o in cell.outputs] == ["stream", "error"]
    assert cell.outputs[1].traceback == ["AssertionError: kl is off by 0.5"]
    assert HIDDEN_LINE in executed.cells[2].source, "the executed notebook itself is left untouched"


def test_feedback_notebook_scrubs_hidden_regions_without_a_released_match(notebooks):
    executed, _ = notebooks
    executed.cells[2].metadata["nbgrader"]["grade_id"] = "renamed_by_student"
    source = feedback_notebook(executed, new_notebook()).cells[2].source
    assert VISIBLE in source
    assert "HIDDEN" not in source and "judge(" not in source


def test_feedback_page_shows_score_and_visible_tests_but_no_hidden_text(notebooks, tmp_path):
    executed, released = notebooks
    path = tmp_path / "feedback" / "s1" / "04_vae.html"
    write_feedback(_result(score=1.0), executed, released, path)
    page = path.read_text(encoding="utf-8")
    assert "1/2" in page
    assert "kl_divergence must return one value per example" in page
    assert "my_own_kl" in page
    assert "test_kl_values" in page and "sum over the latent axis" in page
    assert "SECRET_REFERENCE_KL" not in page
    assert "BEGIN HIDDEN TESTS" not in page
    assert "judge(" not in page
    assert PAYLOAD_MARKER not in page
    assert "----&gt; 2" not in page and "----> 2" not in page
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"


def test_feedback_page_renders_student_markdown_without_its_scripts(notebooks, tmp_path):
    executed, released = notebooks
    page = write_feedback(_result(), executed, released, tmp_path / "f.html").read_text(encoding="utf-8")
    assert "<h2" in page and "The KL term" in page and "My notes" in page
    assert "onerror" not in page
    assert "<script>steal()" not in page


def test_feedback_page_without_notebook_shows_the_reason(tmp_path):
    result = _result("<script>alert(1)</script>", "invalid", 0.0, [], {}, "not a notebook: <b>bad json</b>")
    page = write_feedback(result, None, None, tmp_path / "f.html").read_text(encoding="utf-8")
    assert "not a notebook: &lt;b&gt;bad json&lt;/b&gt;" in page
    assert "0/2" in page and "invalid" in page
    assert "<script>" not in page


def _batch():
    return [
        _result("s_ok", "ok", 2.0, tests=[_row("test_kl_shape", True), _row("test_kl_values", True)]),
        _result("s_error", "error", 1.0),
        _result("s_timeout", "timeout", 0.0, tests=[], seconds={"start": 1.0, "run": 60.0, "total": 61.5}),
        _result("s_invalid", "invalid", 0.0, tests=[], seconds={}, reason="no notebook found"),
        # Mathtext-breaking "$" too: labels are drawn as plain text.
        _result(
            '<script>alert("x")</script>$\\frac{', "ok", 1.0, seconds={"start": 2, "run": 9, "total": 11}
        ),
    ]


def test_class_report_embeds_charts_and_escapes_student_ids(tmp_path):
    path = write_class_report(_batch(), tmp_path / "out" / "report.html")
    page = path.read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') >= 3
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "Kl values" in page and "timeout" in page


def test_class_report_counts_pass_rate_over_judged_submissions_only(tmp_path):
    page = write_class_report(_batch(), tmp_path / "report.html").read_text(encoding="utf-8")
    # kl got full marks in 1 of the 3 ok/error submissions; timeout and invalid do not count.
    assert '<td><b>kl</b></td><td class="num">33% full marks</td><td class="num">3</td>' in page
    assert '<td>Kl values</td><td class="num">33% passed</td><td class="num">3</td>' in page
    assert '<td>Kl shape</td><td class="num">100% passed</td>' in page


def test_a_question_whose_tests_did_not_run_fails_it_but_not_its_tests(tmp_path):
    """A stub's visible test fails, so its question's one row counts against the question only."""
    failed = _row("kl", False, "visible test failed: NotImplementedError")
    stub = _result("stub", "error", 0.0, tests=[failed])
    batch = [*_batch()[:2], stub]
    page = write_class_report(batch, tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<td><b>kl</b></td><td class="num">33% full marks</td><td class="num">3</td>' in page
    assert '<td>Kl values</td><td class="num">50% passed</td><td class="num">2</td>' in page
    assert "whole question" not in page


def test_class_report_lists_every_student_with_score_lateness_and_a_link_to_their_feedback(tmp_path):
    late = _result("late_one", "ok", 2.0, tests=[_row("test_kl_shape", True), _row("test_kl_values", True)])
    late = replace(late, score=1.0, raw_score=2.0, late_penalty=1.0, submitted_at="2027-02-17T08:00:00+00:00",
                   lateness="1 day 8 h late, time from --timestamps", manual_grades=["test_kl: 2/2"])
    page = write_class_report([*_batch(), late], tmp_path / "report.html").read_text(encoding="utf-8")
    students = page.split("<h2>Students</h2>")[1].split("</table>")[0]
    assert students.count("<tr>") == len(_batch()) + 2  # the header and one row per student
    row = next(line for line in students.splitlines() if "late_one" in line)
    assert '<a href="feedback/late_one/04_vae.html">late_one</a>' in row
    shown = ("1/2", "−1 (1 day 8 h late, time from --timestamps)", "2027-02-17 08:00 UTC", "test_kl: 2/2")
    assert all(text in row for text in shown), row
    assert 'href="feedback/s_invalid/04_vae.html"' in students and "no notebook found" in students


def test_feedback_names_each_test_in_words_and_never_by_its_pytest_id(tmp_path):
    tests = [results.TestResult("04_vae", "test_vae_loss", "test_values_match_the_reference[4-3.5]", 0.0, 1.0,
                                False, "the KL term is not weighted by beta")]  # fmt: skip
    page = write_feedback(_result(tests=tests), None, None, tmp_path / "f.html").read_text(encoding="utf-8")
    assert "Values match the reference (latent dim 4, beta 3.5)" in page
    assert "test_values_match" not in page and "[4-3.5]" not in page


def test_a_refreshed_feedback_header_shows_the_late_penalty_and_keeps_the_notebook(notebooks, tmp_path):
    executed, released = notebooks
    path = write_feedback(_result(score=2.0), executed, released, tmp_path / "f.html")
    before = path.read_text(encoding="utf-8")
    recorded = replace(_result(score=2.0), score=0.0, raw_score=2.0, late_penalty=2.0,
                       submitted_at="2027-02-16T10:00:00+00:00", lateness="10 h 1 min late")  # fmt: skip
    refresh_feedback(recorded, path)
    page = path.read_text(encoding="utf-8")
    assert "0/2" in page and "late penalty of 2" in page and "10 h 1 min late" in page
    assert page.split("<!-- /vaelab-header -->")[1] == before.split("<!-- /vaelab-header -->")[1]
    stamp = path.stat().st_mtime_ns
    refresh_feedback(recorded, path)
    assert path.stat().st_mtime_ns == stamp, "an up-to-date page is not written again"


@pytest.mark.parametrize(
    "batch",
    [[], [_result(f"s{i}", "invalid", 0.0, tests=[], seconds={}, reason="empty file") for i in range(3)]],
    ids=["empty", "all_invalid"],
)
def test_class_report_handles_batches_with_nothing_to_plot(batch, tmp_path):
    page = write_class_report(batch, tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_class_report_links_the_similarity_page_only_when_it_is_there(tmp_path):
    page = write_class_report(_batch(), tmp_path / "report.html").read_text(encoding="utf-8")
    assert "similarity.html" not in page
    (tmp_path / "similarity.html").write_text("<html></html>", encoding="utf-8")
    page = write_class_report(_batch(), tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<a href="similarity.html">' in page
