import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_quality_prints_a_table_without_stderr_noise():
    # The CLI itself must quiet TensorFlow: start from an environment without the TF_ settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "quality", "--epochs", "1", "--latent", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    for model in ("PCA", "dense AE", "conv AE", "VAE"):
        assert f"| {model} | 2 |" in result.stdout
    assert "absl::InitializeLog" not in result.stderr


@pytest.mark.slow
def test_demo_releases_every_week_and_grades_a_demo_class(tmp_path):
    out = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "demo", "--week", "03_variational_inference",
         "--out", "demo", "--cell-timeout", "15"],  # relative, as `make demo` passes it
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for week in ("03_variational_inference", "04_vae"):
        assert (out / "course" / "release" / week / f"{week}.ipynb").is_file()
    assert "| perfect | 21/21 | ok |" in result.stdout
    assert "| corrupt | 0/21 | invalid |" in result.stdout
    assert (out / "graded" / "report.html").is_file()


def test_similarity_prints_the_flagged_pairs_and_writes_both_files(tmp_path, capsys):
    from autograder.cli import main

    solution = Path(__file__).resolve().parents[2] / "solutions" / "04_vae" / "04_vae.ipynb"
    for student in ("alice", "bob"):
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "04_vae.ipynb").write_bytes(solution.read_bytes())
    (tmp_path / "class" / "carol").mkdir()
    (tmp_path / "class" / "carol" / "04_vae.ipynb").write_text("not json")
    assert main(["similarity", "04_vae", str(tmp_path / "class"), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "| alice | bob | 1.000 | 1.000 | 1.000 |" in printed
    assert "not compared: carol: not a valid notebook" in printed
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"similarity.csv", "similarity.html"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["04_vae", "missing"], "submissions not found"), (["99_none", "."], "no assignment '99_none'"),
     (["04_vae", ".", "--threshold", "0"], "--threshold must lie in (0, 1]")],
    ids=["no_submissions", "unknown_assignment", "threshold_out_of_range"],
)  # fmt: skip
def test_similarity_exits_2_with_a_message_when_it_cannot_start(tmp_path, capsys, args, message):
    from autograder.cli import main

    assert main(["similarity", *args, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err


def test_grade_limits_default_to_the_weeks_cell_budget_and_the_usable_cores():
    from autograder.cli import build_parser, grading_limits
    from autograder.grading.limits import WALL_CELLS, threads_per_job, usable_cores
    from autograder.instructor.calendar import load_calendar

    week = load_calendar().week("04_vae")
    args = build_parser().parse_args(["grade", "04_vae", "subs", "--out", "out"])
    assert args.jobs is None  # `grade` takes the usable cores
    args.jobs = usable_cores()
    limits = grading_limits(args, week)
    assert limits.cell_timeout == week.cell_timeout < 600, "course.toml gives 04_vae a budget of its own"
    assert limits.wall_timeout == WALL_CELLS * week.cell_timeout
    assert limits.threads == threads_per_job(usable_cores())
    given = build_parser().parse_args(["grade", "04_vae", "subs", "--out", "out", "--cell-timeout", "7",
                                       "--timeout", "9", "--jobs", "1"])  # fmt: skip
    assert (grading_limits(given, week).cell_timeout, grading_limits(given, week).wall_timeout) == (7, 9)
