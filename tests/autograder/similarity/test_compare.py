"""Tests for autograder/similarity/compare.py: copydetect's fingerprints, pair scores, matched regions."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from copydetect.utils import filter_code

from autograder.similarity.answers import Answers, released_stub
from autograder.similarity.compare import (
    MIN_SHARED,
    Region,
    boilerplate_hashes,
    cell_fingerprints,
    compare,
    locate,
    score_pairs,
)

WEEKS = ("03_variational_inference", "04_vae")
PLANTED = Path(__file__).with_name("planted.py")


@pytest.fixture(scope="module")
def weeks(planted):
    """{week: (its Stub, {grade id: the solution's code})}."""
    solutions = {week: planted.answer_code(planted.solution_notebook(week)) for week in WEEKS}
    return {week: (released_stub(planted.source_path(week), week), solutions[week]) for week in WEEKS}


def as_answers(student_id, stub, code):
    """Answers of a student whose answer cells hold `code` ({grade id: code}), the stub elsewhere."""
    return Answers(student_id, tuple((gid, code.get(gid, stub_code)) for gid, stub_code in stub.cells))


def fingerprints(stub, answers):
    """{student_id: {grade id: CodeFingerprint}} of a list of Answers."""
    boilerplate = boilerplate_hashes(stub)
    return {a.student_id: cell_fingerprints(a, boilerplate) for a in answers}


def all_hashes(cells):
    return set().union(*(c.hashes for c in cells.values()))


def tokens(code):
    return filter_code(code, "answer.py", "python")[0]


@pytest.mark.parametrize("week", WEEKS)
def test_tokens_are_the_same_whatever_the_identifiers_comments_and_blank_lines(weeks, planted, week):
    _, solution = weeks[week]
    for gid, code in solution.items():
        disguised = planted.recommented(planted.renamed(code))
        assert disguised != code
        assert tokens(disguised) == tokens(code), gid


@pytest.mark.parametrize("week", WEEKS)
def test_reordered_definitions_keep_most_fingerprints(weeks, planted, week):
    stub, solution = weeks[week]
    moved = {gid: planted.reordered(code) for gid, code in solution.items()}
    assert moved != solution
    prints = fingerprints(stub, [as_answers("a", stub, solution), as_answers("b", stub, moved)])
    original, reordered = all_hashes(prints["a"]), all_hashes(prints["b"])
    assert len(original & reordered) >= 0.8 * len(original)


def test_a_function_moved_to_another_cell_still_matches(weeks):
    stub, solution = weeks["04_vae"]
    moved = {"encoder": solution["decoder"] + "\n\n" + solution["encoder"]}
    prints = fingerprints(stub, [as_answers("a", stub, {"decoder": solution["decoder"]}),
                                 as_answers("b", stub, moved)])  # fmt: skip
    assert all_hashes(prints["a"]) <= all_hashes(prints["b"])


@pytest.mark.parametrize("week", WEEKS)
def test_the_stub_alone_has_no_fingerprint_and_matches_nobody(weeks, week):
    stub, solution = weeks[week]
    assert all_hashes(fingerprints(stub, [as_answers("stub", stub, {})])["stub"]) == set()
    pairs = compare([as_answers("stub", stub, {}), as_answers("other_stub", stub, {}),
                     as_answers("solution", stub, solution)], stub)  # fmt: skip
    assert pairs == []


def test_score_is_the_share_of_fingerprints_in_common_and_shares_say_whose_code_is_in_whose(weeks):
    stub, solution = weeks["04_vae"]
    part = {"vae_model": solution["vae_model"]}
    answers = [as_answers("a_whole", stub, solution), as_answers("b_part", stub, part)]
    prints = {sid: all_hashes(cells) for sid, cells in fingerprints(stub, answers).items()}
    (pair,) = score_pairs(prints)
    whole, part = len(prints["a_whole"]), len(prints["b_part"])
    shared = len(prints["a_whole"] & prints["b_part"])
    assert (pair.student_a, pair.student_b, pair.shared) == ("a_whole", "b_part", shared)
    assert pair.share_b == 1.0 and pair.share_a == pytest.approx(shared / whole)
    assert pair.score == pytest.approx(2 * shared / (whole + part))


def test_one_canonical_line_in_common_is_not_flagged(weeks, planted):
    stub, _ = weeks["04_vae"]
    sampling = planted.alternatives("04_vae")["alternative_tf_random_sampling"]
    (pair,) = compare([as_answers("a", stub, sampling), as_answers("b", stub, sampling)], stub)
    assert pair.score == 1.0 and pair.shared < MIN_SHARED and not pair.flagged(0.5)


def test_located_regions_name_the_matching_cells_and_their_lines(weeks):
    stub, solution = weeks["04_vae"]
    copied = {"vae_model": solution["vae_model"], "kl_divergence": "def kl_divergence(m, v):\n    return 0\n"}
    answers = {"a": as_answers("a", stub, solution), "b": as_answers("b", stub, copied)}
    prints = fingerprints(stub, answers.values())
    pair = locate(score_pairs({sid: all_hashes(c) for sid, c in prints.items()})[0], prints, answers)
    lines = solution["vae_model"].count("\n") + 1
    # b's copy of VAE matches a's VAE, and a's Sampling on the one idiom they share (super().__init__).
    assert [r.grade_id for r in pair.regions_b] == ["vae_model"]
    assert pair.regions_b[0].first_line <= 2 and pair.regions_b[-1].last_line >= lines - 1
    assert {gid for gid, _, _ in pair.matches_a} <= {"vae_model", "sampling"}
    assert max(pair.regions_a, key=lambda r: r.last_line - r.first_line).grade_id == "vae_model"
    assert str(Region("vae_model", 3, 3)) == "vae_model 3"
    assert str(Region("vae_model", 1, 9)) == "vae_model 1-9"


SCORES = """
import importlib.util
from autograder.similarity.answers import Answers, released_stub
from autograder.similarity.compare import compare
spec = importlib.util.spec_from_file_location("planted", {planted!r})
planted = importlib.util.module_from_spec(spec)
spec.loader.exec_module(planted)
week = "04_vae"
stub = released_stub(planted.source_path(week), week)
students = planted.planted_class(week)
answers = [Answers(s, tuple(planted.answer_code(nb).items())) for s, nb in students.items()]
for p in compare(answers, stub, threshold=0.5, locate_top=3):
    print(p)
"""


@pytest.mark.slow
def test_scores_and_regions_do_not_depend_on_pythons_hash_seed():
    # copydetect hashes with hash(), salted per process: a window of 1 keeps every run, so no choice
    # depends on the salt.
    runs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, "-c", SCORES.format(planted=str(PLANTED))], env=env,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout)
    assert runs[0] == runs[1] and "copy_renamed_reordered" in runs[0]
