"""End to end: `find_similar` on classes of real 03 and 04 answers written as `vaelab grade` reads them.

Planted copies of the solution (renamed identifiers, reordered definitions and new comments; a few
lines changed) must rank at the top; the solution and the week's correct alternatives, each written
independently, must stay below the threshold; corrupt and foreign notebooks are rows.
"""

import csv
import itertools
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.regions import HIDDEN_TESTS, regions
from autograder.similarity import DEFAULT_THRESHOLD
from autograder.similarity.batch import find_similar

WEEKS = ("03_variational_inference", "04_vae")
SOURCE = Path(__file__).resolve().parents[3] / "assignments" / "source"
COPIES = {"solution", "copy_renamed_reordered", "copy_lines_changed"}


def similar(week, submissions, out):
    return find_similar(week, submissions, out, source_dir=SOURCE)


def write_planted_class(planted, week, folder):
    """The planted class, a corrupt notebook and the other week's solution, as <student>/<week>.ipynb."""
    folder = planted.write_class(planted.planted_class(week), folder, week)
    (folder / "corrupt").mkdir()
    (folder / "corrupt" / f"{week}.ipynb").write_text('{"cells": [{"cell_type": "code"')
    other = next(w for w in WEEKS if w != week)
    (folder / "other_week").mkdir()
    nbformat.write(planted.solution_notebook(other), str(folder / "other_week" / f"{week}.ipynb"))
    return folder


@pytest.fixture(scope="module", params=WEEKS)
def run(request, planted, tmp_path_factory):
    """(week, Similarity, OUT) of write_planted_class."""
    week = request.param
    folder = write_planted_class(planted, week, tmp_path_factory.mktemp("class"))
    out = tmp_path_factory.mktemp("out")
    return week, similar(week, folder, out), out


def by_ids(similarity):
    return {(p.student_a, p.student_b): p for p in similarity.pairs}


def test_planted_copies_rank_at_the_top_and_are_flagged(run):
    _, similarity, _ = run
    top = similarity.pairs[:3]
    assert {frozenset((p.student_a, p.student_b)) for p in top} == {
        frozenset(pair) for pair in itertools.combinations(COPIES, 2)
    }
    assert all(p.flagged(similarity.threshold) for p in top)


def test_independently_written_correct_answers_stay_below_the_threshold(run):
    _, similarity, _ = run
    ids = [a.student_id for a in similarity.answers if not a.problem]
    independent = [s for s in ids if s == "solution" or s.startswith("alternative_")]
    assert len(independent) >= 3
    pairs = by_ids(similarity)
    for a, b in itertools.combinations(sorted(independent), 2):
        if (a, b) in pairs:
            assert pairs[a, b].score < DEFAULT_THRESHOLD, (a, b)
            assert not pairs[a, b].flagged(DEFAULT_THRESHOLD), (a, b)


@pytest.mark.parametrize("week", WEEKS)
def test_all_alternatives_in_one_notebook_stay_below_the_threshold(planted, tmp_path, week):
    solution = planted.solution_notebook(week)
    together = {}
    for answers in planted.alternatives(week).values():
        together.update(answers)
    students = {"solution": solution, "alternatives": planted.with_answers(solution, together)}
    folder = planted.write_class(students, tmp_path / "class", week)
    similarity = similar(week, folder, tmp_path / "out")
    assert all(p.score < DEFAULT_THRESHOLD for p in similarity.pairs), similarity.pairs


def test_the_stub_matches_nobody(run):
    _, similarity, _ = run
    assert not [p for p in similarity.pairs if "stub" in (p.student_a, p.student_b)]


def test_corrupt_and_foreign_notebooks_are_rows_and_the_rest_goes_on(run):
    week, similarity, out = run
    rows = list(csv.DictReader((out / "similarity.csv").open(encoding="utf-8")))
    problems = {r["student_a"]: r["problem"] for r in rows if r["problem"]}
    assert problems["corrupt"].startswith("not a valid notebook")
    assert problems["other_week"].startswith(f"not a notebook of {week}")
    assert len(rows) == len(problems) + len(similarity.pairs) and len(similarity.pairs) >= 3


def test_csv_lists_every_pair_best_first_with_regions_for_the_flagged(run):
    _, similarity, out = run
    rows = [r for r in csv.DictReader((out / "similarity.csv").open(encoding="utf-8")) if not r["problem"]]
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert row["student_a"] < row["student_b"]
        assert (row["flagged"] == "yes") == bool(row["regions_a"]) == bool(row["regions_b"])
    assert rows[0]["flagged"] == "yes" and int(rows[0]["shared"]) > 0


def test_html_shows_flagged_pairs_side_by_side_without_hidden_test_code(run, planted):
    week, _, out = run
    page = (out / "similarity.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'id="pair-1"' in page and 'id="pair-3"' in page and "<mark>" in page
    assert "copy_renamed_reordered" in page and "not a valid notebook" in page
    source = nbformat.read(str(planted.source_path(week)), as_version=4)
    hidden = [line.strip() for cell in source.cells for region in regions(cell.source, (HIDDEN_TESTS,))
              for line in region.body.splitlines() if line.strip()]  # fmt: skip
    assert hidden and not [line for line in hidden if line in page]
    assert "BEGIN HIDDEN" not in page and "BEGIN SOLUTION" not in page


def test_a_second_run_writes_the_same_files(run, planted, tmp_path):
    week, _, out = run
    folder = write_planted_class(planted, week, tmp_path / "class")
    again = tmp_path / "again"
    similar(week, folder, again)
    for name in ("similarity.csv", "similarity.html"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_an_lms_zip_is_read_as_vaelab_grade_reads_it(planted, tmp_path):
    week = "04_vae"
    students = planted.planted_class(week)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for number, name in enumerate(("solution", "copy_lines_changed", "alternative_kl_other_form")):
            entry = f"{name.replace('_', '')}_{100 + number}_{200 + number}_{week}.ipynb"
            zf.writestr(entry, nbformat.writes(students[name]))
        zf.writestr("__MACOSX/._junk", b"junk")
    similarity = similar(week, archive, tmp_path / "out")
    ids = [a.student_id for a in similarity.answers]
    assert ids == ["alternativeklotherform", "copylineschanged", "solution"]
    assert (similarity.pairs[0].student_a, similarity.pairs[0].student_b) == ("copylineschanged", "solution")


def test_unreadable_submissions_raise_a_message_not_a_traceback(tmp_path):
    with pytest.raises(ValueError, match="submissions not found"):
        similar("04_vae", tmp_path / "missing", tmp_path / "out")
