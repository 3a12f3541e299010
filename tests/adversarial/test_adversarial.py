"""Issue 8's corpora, graded for real by `vaelab grade` (with 5 SIGKILLs and resumes on the way): every
cheat must score no more than its control and reach nothing, every fault must get a clear status row
while the rest of the batch is graded as normal, and no kill may lose or duplicate a row.

A cheat marked holds=False in corpus.py would be one known to beat the grader (none is today); such
an entry is reported, and this test fails if it starts to hold without the corpus saying so, or if
any other entry fails. The table is printed at the end of every run (tests/conftest.py).
"""

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent
spec = importlib.util.spec_from_file_location("adversarial_corpus", HERE / "corpus.py")
corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpus)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    return corpus.run(tmp_path_factory.mktemp("adversarial"))


def test_cheats_hold_or_are_known_not_to(rows, record_property):
    record_property("vaelab_adversarial_table", list(corpus.table(rows)))  # printed by tests/conftest.py
    surprises = [(r.name, r.detail) for r in rows if r.kind == "cheat" and r.ok != r.expected]
    assert not surprises, "update corpus.py's holds= (and docs/isolation.md) or fix the grader"


def test_cheats_are_flagged_for_the_ta_and_honest_work_is_not(rows):
    cheats = [r for r in rows if r.kind == "cheat"]
    assert [(r.name, r.flags) for r in cheats if bool(r.flags) != r.expect_flags] == []
    assert all(r.flags for r in cheats if not r.expected), "a cheat that beats the grader must be flagged"


def test_faults_each_get_a_clear_row_and_the_batch_goes_on(rows):
    failed = [(r.name, r.detail) for r in rows if r.kind in ("fault", "control") and not r.ok]
    assert not failed


def test_sigkill_at_five_points_loses_and_duplicates_nothing(rows):
    kills = [r for r in rows if r.kind == "kill"]
    assert kills and all(r.ok for r in kills), [r.detail for r in kills]
    assert int(kills[0].detail.split()[0]) >= 5
