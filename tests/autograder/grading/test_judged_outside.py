"""The Keras weeks, judged outside the kernel, give, through `vaelab grade` and real sandboxed kernels, the
solution full marks and a known wrong answer exactly the rows the in-process judge gives it (the judge
nbgrader runs in the kernel). 03_variational_inference and 04_vae are compared with nbgrader itself in
test_nbgrader_agreement.py."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.checks.judge import run_question
from autograder.checks.notebook_code import load_definitions
from autograder.demo_class import mutant_target, with_code_before
from autograder.week import weeks

ROOT = Path(__file__).resolve().parents[3]
# A known wrong answer per week that passes the cell's visible tests, so the hidden ones decide its points
# (01's is judged after training: the kernel's seeding must match the judge's).
# 06's trains a grader-built classifier in the kernel, whose weights the judge reads in sync. 03 and 04
# are compared with nbgrader itself, in test_nbgrader_agreement.py.
WRONG = {"01_autoencoders": "dense_without_hidden_activations", "02_conv_autoencoders": "encoder_stride_one",
         "05_imaging": "psnr_mean_of_per_image",
         "06_transfer_learning": "train_classifier_freezes_the_whole_classifier"}  # fmt: skip
WEEKS = list(WRONG)


def test_every_week_is_judged_outside_the_kernel():
    folders = sorted(p.parent.name for p in (ROOT / "autograder" / "weeks").glob("*/conftest.py"))
    assert sorted(weeks()) == folders, "every week with hidden tests is declared in course.toml"
    assert [name for name, week in weeks().items() if not week.judged_outside] == []


@pytest.mark.slow
@pytest.mark.parametrize("week", WEEKS)
def test_solution_full_marks_and_a_wrong_answer_judged_as_in_the_kernel(tmp_path, week):
    solution = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    mutant = ROOT / "tests" / "mutants" / week / f"{WRONG[week]}.py"
    question = mutant_target(mutant)
    subset = tmp_path / "subset"
    wrong = with_code_before(solution, f"test_{question}", mutant.read_text())
    for sid, notebook in (("perfect", solution), (f"wrong_{mutant.stem}", wrong)):
        (subset / sid).mkdir(parents=True)
        nbformat.write(notebook, str(subset / sid / f"{week}.ipynb"))
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "grade", week, str(subset), "--out", str(out), "--jobs", "2",
         "--source", str(ROOT / "assignments" / "source"), "--cell-timeout", "300"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    with open(out / "grades.csv", newline="") as f:
        grades = {row["student_id"]: row for row in csv.DictReader(f)}
    assert grades["perfect"]["status"] == "ok"
    assert float(grades["perfect"]["score"]) == float(grades["perfect"]["max_score"]) > 0
    graded = json.loads((out / ".vaelab" / "results" / f"wrong_{mutant.stem}.json").read_text())

    solution_path = ROOT / "solutions" / week / f"{week}.ipynb"
    expected = run_question(week, question, load_definitions(solution_path, mutant.read_text()))
    found = [(t["test_id"], t["points"]) for t in graded["tests"] if t["question"] == f"test_{question}"]
    assert found == [(e.test_id, e.points) for e in expected]
    assert sum(p for _, p in found) < sum(e.max_points for e in expected), "the wrong answer loses points"


# Heavier correct architectures than the solutions' (tests/alternatives/): the textbook full-resolution conv
# VAE with LeakyReLU and Lambda sampling, and subclassed 64-filter full-resolution imaging networks. Every
# place the judge runs a student model on data goes through batched helpers, so their kernels stay under
# 2048 MB while each question is judged, and they get full marks as in the in-process alternatives test.
HEAVY = {"04_vae": "textbook_conv_lambda_sampling", "05_imaging": "subclassed_full_resolution"}


@pytest.mark.slow
def test_heavier_correct_architectures_get_full_marks_within_2048_mb(tmp_path):
    from autograder.demo_class import with_definitions

    for week, name in HEAVY.items():
        solution = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
        code = (ROOT / "tests" / "alternatives" / week / f"{name}.py").read_text()
        heavy = with_definitions(solution, code)
        (tmp_path / week / name).mkdir(parents=True)
        nbformat.write(heavy, str(tmp_path / week / name / f"{week}.ipynb"))
    # Both weeks at once, one kernel each, as two workers of `--jobs 2` would be.
    running = {week: subprocess.Popen(
        [sys.executable, "-m", "autograder.cli", "grade", week, str(tmp_path / week), "--out",
         str(tmp_path / f"out_{week}"), "--jobs", "1", "--memory", "2048",
         "--source", str(ROOT / "assignments" / "source")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for week in HEAVY}  # fmt: skip
    for week, process in running.items():
        _, stderr = process.communicate(timeout=900)
        assert process.returncode == 0, stderr
        with open(tmp_path / f"out_{week}" / "grades.csv", newline="") as f:
            (row,) = csv.DictReader(f)
        assert row["status"] == "ok", row["reason"]
        assert float(row["score"]) == float(row["max_score"]) > 0, (week, row)
