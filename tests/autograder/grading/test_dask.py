"""`vaelab grade --scheduler` runs the same work on a Dask cluster and gives the same rows."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.demo_class import make_demo_class

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"


def grade(submissions, out, *extra):
    command = [sys.executable, "-m", "autograder.cli", "grade", WEEK, str(submissions), "--out", str(out),
               "--source", str(ROOT / "assignments" / "source"), "--cell-timeout", "30", *extra]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    with open(out / "tests.csv", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_dask_cluster_grades_like_local_workers(tmp_path):
    distributed = pytest.importorskip("distributed")
    course = Course.create(tmp_path / "release", ROOT / "assignments" / "source", [WEEK])
    course.generate(WEEK)
    make_demo_class(WEEK, course.released_notebook(WEEK), tmp_path / "all", mutants=1)
    subset = tmp_path / "class"
    for sid in ("perfect", "stub", *(p.name for p in (tmp_path / "all").glob("wrong_*"))):
        (subset / sid).mkdir(parents=True)
        (subset / sid / f"{WEEK}.ipynb").write_bytes((tmp_path / "all" / sid / f"{WEEK}.ipynb").read_bytes())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:  # fmt: skip
        on_dask = grade(subset, tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    local = grade(subset, tmp_path / "local", "--jobs", "1")
    assert on_dask == local
    assert {r["student_id"] for r in on_dask} == {p.name for p in subset.iterdir()}
