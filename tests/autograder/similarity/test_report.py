"""Tests for autograder/similarity/report.py: the CSV, the HTML page and the printed table."""

import csv
import io

from autograder.similarity.answers import Answers
from autograder.similarity.batch import Similarity
from autograder.similarity.compare import MIN_SHARED, Pair, Region
from autograder.similarity.report import CSV_COLUMNS, csv_text, html_text, summary_text

STUB = (("kl", "def kl(m, v):\n    raise NotImplementedError()"), ("loss", "def loss(): ..."))
EVIL = "def kl(m, v):\n    return '</pre><script>alert(1)</script>'\n"


def similarity(pairs, threshold=0.5):
    answers = [
        Answers("alice", (("kl", EVIL), ("loss", STUB[1][1]))),
        Answers("bob", (("kl", EVIL), ("loss", STUB[1][1]))),
        Answers("carol", (("kl", "def kl(m, v):\n    return 0\n"), ("loss", STUB[1][1]))),
        Answers("dave", problem="not a valid notebook: truncated"),
    ]
    return Similarity("04_vae", threshold, answers, pairs, STUB)


def located(score=0.9, shared=MIN_SHARED):
    match, region = (("kl", 18, 60),), (Region("kl", 2, 2),)
    return Pair("alice", "bob", score, 0.95, 0.85, shared, match, match, region, region)


def test_csv_has_the_problem_rows_first_then_pairs_best_first():
    pairs = [located(), Pair("alice", "carol", 0.1, 0.1, 0.1, 3)]
    rows = list(csv.reader(io.StringIO(csv_text(similarity(pairs)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1][0] == "dave" and rows[1][-1] == "not a valid notebook: truncated"
    assert rows[2] == ["alice", "bob", "0.900", "0.950", "0.850", str(MIN_SHARED), "yes", "kl 2", "kl 2", ""]
    assert rows[3][:7] == ["alice", "carol", "0.100", "0.100", "0.100", "3", "no"]


def test_a_high_score_on_too_little_code_is_not_flagged():
    few = located(score=1.0, shared=MIN_SHARED - 1)
    assert "no pair flagged" in summary_text(similarity([few]))
    assert csv_text(similarity([few])).splitlines()[2].split(",")[6] == "no"


def test_html_escapes_student_code_and_marks_the_matches():
    page = html_text(similarity([located()]))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<mark>") == 2 and 'href="#pair-1"' in page
    assert "dave" in page and "truncated" in page
    assert "the stub, not answered" not in page, "cells both left as the stub are not shown"


def test_summary_prints_the_flagged_pairs_and_what_was_not_compared():
    text = summary_text(similarity([located()]))
    assert "compared 3 submissions of 04_vae (3 pairs)" in text
    assert "not compared: dave: not a valid notebook: truncated" in text
    assert "| alice | bob | 0.900 | 0.950 | 0.850 | kl |" in text


def test_summary_without_flagged_pairs_shows_the_closest():
    text = summary_text(similarity([Pair("alice", "carol", 0.1, 0.1, 0.1, 3)]))
    assert "no pair flagged" in text and "| alice | carol | 0.100 |" in text
