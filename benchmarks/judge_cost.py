"""What judging outside the kernel costs, per week, against the same tests judged in the kernel.

For each week the solution notebook runs twice in a fresh kernel (after one run that warms this process
up as a grading worker is after its first submission) (1 TensorFlow thread, as under
`vaelab grade --jobs 2`), with the precomputed cache both times: once with its graded cells run in the
kernel, hidden tests included, as nbgrader runs them; once as `vaelab grade` runs them, each graded
cell's visible code and hidden tests in this process on a proxy of the kernel
(autograder/grading/graded_cell.py). It prints the seconds of the graded cells each way and their
ratio, then the kernel's peak resident memory while each question was judged outside it, for the
solution and, with --alternatives, for every correct alternative of the week (tests/alternatives/,
where the heavier architectures are).

Run: `.venv/bin/python benchmarks/judge_cost.py [WEEK ...] [--alternatives]` (about 2 minutes a week).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]


def run(week, submission, outside, cache_env, limits):
    """RunOutcome of `submission` (a notebook) prepared against the week's source notebook."""
    import nbformat

    from autograder.grading.prepare import prepare
    from autograder.grading.run import run_notebook

    source = nbformat.read(str(ROOT / "assignments" / "source" / week / f"{week}.ipynb"), as_version=4)
    prepared = prepare(source, submission, outside=outside)
    with tempfile.TemporaryDirectory() as folder:
        return run_notebook(prepared.notebook, Path(folder), limits, extra_env=dict(cache_env))


def score(outcome):
    from autograder.grading.score import score_notebook

    tests = score_notebook(outcome.notebook, "week")
    return sum(t.points for t in tests), sum(t.max_points for t in tests)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weeks", nargs="*")
    parser.add_argument("--alternatives", nargs="*", metavar="NAME",
                        help="also the week's correct alternatives (these, or all of them)")  # fmt: skip
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])

    import nbformat

    from autograder.checks.cache import trust
    from autograder.demo_class import with_definitions
    from autograder.grading.batch import precompute_cache
    from autograder.grading.limits import Limits

    weeks = args.weeks or sorted(p.name for p in (ROOT / "assignments" / "source").iterdir() if p.is_dir())
    limits = Limits(cell_timeout=600, wall_timeout=3600, threads=1)
    cost_rows, detail_rows, memory_rows = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for week in weeks:
            cache_env = precompute_cache(week, Path(tmp) / f"cache-{week}", limits)
            trust(cache_env)  # the judge outside reads the cache here
            solution = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
            run(week, solution, True, cache_env, limits)  # a grading worker's first submission: imports
            inside = run(week, solution, False, cache_env, limits)
            outside = run(week, solution, True, cache_env, limits)
            a, b = inside.seconds["judge"], outside.seconds["judge"]
            others = f"{inside.seconds['run']:.1f} | {outside.seconds['run']:.1f}"
            cost_rows.append(f"| {week} | {a:.1f} ({score(inside)[0]:g}) | {b:.1f} ({score(outside)[0]:g}) "
                             f"| {b / a:.2f}x | {others} |")  # fmt: skip
            detail_rows.append(f"| {week} | " + ", ".join(
                f"{q.removeprefix('test_')} {s:.1f} / {outside.graded_cells.get(q, (0, 0))[0]:.1f}"
                for q, (s, _) in inside.graded_cells.items()) + " |")  # fmt: skip
            submissions = [("solution", outside)]
            if args.alternatives is not None:
                for path in sorted((ROOT / "tests" / "alternatives" / week).glob("*.py")):
                    if args.alternatives and path.stem not in args.alternatives:
                        continue
                    variant = with_definitions(solution, path.read_text())
                    submissions.append((path.stem, run(week, variant, True, cache_env, limits)))
            for name, outcome in submissions:
                points, available = score(outcome)
                peaks = ", ".join(f"{q.removeprefix('test_')} {mb:.0f}"
                                  for q, (_, mb) in outcome.graded_cells.items())  # fmt: skip
                slowest = f"{outcome.slowest_cell[0]} {outcome.slowest_cell[1]:.1f} s"
                memory_rows.append(f"| {week} | {name} | {points:g}/{available:g} | {slowest} "
                                   f"| {outcome.peak_memory_mb:.0f} | {peaks} |")  # fmt: skip
            print(cost_rows[-1], flush=True)
    print("\nGraded cells' seconds (points): in the kernel, as nbgrader runs them; outside, as vaelab does")
    print("| week | in the kernel s | outside s | outside / in | other cells s (in) | (outside) |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(cost_rows))
    print("\nPer question, seconds in the kernel / outside:")
    print("\n".join(detail_rows))
    print("\nThe slowest cell; the kernel's peak memory (MB) while each question was judged outside it:")
    print("| week | submission | points | slowest cell | peak MB, whole run | peak MB per question |")
    print("|---|---|---:|---|---:|---|")
    print("\n".join(memory_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
