"""Bulk grading throughput: the same submissions of the heaviest week graded three ways in one run.

1. plain serial `nbgrader autograde` (one kernel after another, TensorFlow imported every time);
2. `vaelab grade --jobs 2` with the fork server, the first batch of the week on this machine: it computes
   the week's student-independent values (`--precomputed`, a store of the run's own, empty at first);
3. the same into another OUT, a later batch: those values come from the store;
4. `vaelab grade --jobs 2 --plain-kernels` (a fresh interpreter per submission; the store's values).
It checks that all three give the same points cell by cell, then prints wall times, ratios and
vaelab's per-submission breakdown (kernel start, student code, judge, shutdown).

Run: `.venv/bin/python benchmarks/bulk_grading.py [--week 04_vae] [--count 20] [--skip-plain]` (about
23 minutes on 2 cores; 16 without the plain-kernels run).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]


def make_class(week, released, dest, count):
    """`count` submissions: the solution and the stub twice each, then known wrong answers."""
    import nbformat

    from autograder.demo_class import mutant_target, with_code_before

    solution = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    stub = nbformat.read(str(released), as_version=4)
    notebooks = [("perfect", solution), ("perfect_2", solution), ("stub", stub), ("stub_2", stub)]
    for path in sorted((ROOT / "tests" / "mutants" / week).glob("*.py")):
        notebooks.append((f"wrong_{path.stem}", with_code_before(solution, f"test_{mutant_target(path)}",
                                                                 path.read_text())))  # fmt: skip
    while len(notebooks) < count:
        notebooks.append((f"perfect_{len(notebooks)}", solution))
    for sid, notebook in notebooks[:count]:
        (dest / "class" / sid).mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, str(dest / "class" / sid / f"{week}.ipynb"))
    return [sid for sid, _ in notebooks[:count]]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def nbgrader_serial(week, students, class_dir, work):
    from autograder.course import Course

    course = Course.create(work / "nbgrader", ROOT / "assignments" / "source", [week])
    course.generate(week)
    for sid in students:
        course.submit(week, sid, class_dir / sid / f"{week}.ipynb")
    grades, seconds = timed(lambda: course.autograde(week))
    return {(g.student_id, g.cell_id): g.score for g in grades}, seconds


def vaelab(week, class_dir, out, *extra):
    command = [sys.executable, "-m", "autograder.cli", "grade", week, str(class_dir), "--out", str(out),
               "--jobs", "2", "--source", str(ROOT / "assignments" / "source"),
               "--precomputed", str(out.parent / "precomputed"), *extra]  # fmt: skip
    run, seconds = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    from autograder.course import Course

    graded = Course(out, db_url=f"sqlite:///{out / 'gradebook.db'}")
    scores = {(g.student_id, g.cell_id): g.score for g in graded.grades(week)}
    stages = [json.loads(p.read_text())["seconds"] for p in (out / ".vaelab" / "results").glob("*.json")]
    return scores, seconds, stages


def breakdown(stages):
    keys = ["start", "run", "judge", "shutdown", "total"]
    return {k: statistics.median(s.get(k, 0.0) for s in stages) for k in keys}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="04_vae")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--skip-plain", action="store_true", help="leave out the --plain-kernels run")
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])

    from autograder.course import Course

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        release = Course.create(work / "release", ROOT / "assignments" / "source", [args.week])
        release.generate(args.week)
        students = make_class(args.week, release.released_notebook(args.week), work, args.count)
        class_dir = work / "class"
        print(f"{len(students)} submissions of {args.week}; {os.cpu_count()} CPU cores")
        expected, nbgrader_s = nbgrader_serial(args.week, students, class_dir, work)
        forked, fork_s, fork_stages = vaelab(args.week, class_dir, work / "fork")
        later, later_s, later_stages = vaelab(args.week, class_dir, work / "later")
        runs = [("serial nbgrader autograde", nbgrader_s),
                ("vaelab grade --jobs 2 (fork server), the week's first batch", fork_s),
                ("vaelab grade --jobs 2 (fork server), a later batch", later_s)]  # fmt: skip
        kinds = [("forked, first batch", fork_stages), ("forked, later batch", later_stages)]
        agree = expected == forked == later
        if not args.skip_plain:
            plain, plain_s, plain_stages = vaelab(args.week, class_dir, work / "plain", "--plain-kernels")
            runs.append(("vaelab grade --jobs 2 --plain-kernels", plain_s))
            kinds.append(("plain", plain_stages))
            agree = agree and expected == plain
    n = len(students)
    print("| how | wall s | s per submission | speed-up vs nbgrader |")
    print("|---|---:|---:|---:|")
    for name, seconds in runs:
        print(f"| {name} | {seconds:.1f} | {seconds / n:.2f} | {nbgrader_s / seconds:.2f}x |")
    print("\nPer submission, median seconds inside one worker (start = kernel ready, run = student cells,")
    print("judge = graded cells, shutdown = kill):")
    print("| kernels | start | run | judge | shutdown | total |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, stages in kinds:
        b = breakdown(stages)
        print(f"| {name} | {b['start']:.2f} | {b['run']:.2f} | {b['judge']:.2f} | {b['shutdown']:.2f} "
              f"| {b['total']:.2f} |")  # fmt: skip
    print(f"\nscores agree cell by cell across the {len(runs)}: {agree}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
