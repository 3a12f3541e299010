"""The `vaelab` command line."""

import argparse
import os
import sys
from pathlib import Path

import autograder.grading  # noqa: F401 - first: it keeps nbformat's start-up light (see its docstring)
from autograder.instructor.cli import add_instructor_commands


def quiet_tensorflow():
    """Silence TensorFlow's start-up chatter on stderr before it is imported (nbgrader zeroes a graded
    cell that writes to stderr)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def quality(args):
    """Train the reference models briefly on the bundled data and print their held-out quality."""
    from autograder.student import load_mnist
    from reference.quality import format_table, measure_all

    print(f"Training the reference models for {args.epochs} epoch(s) on the bundled MNIST subset...")
    rows = measure_all(load_mnist(source="bundled"), args.latent, args.epochs, args.seed)
    print(format_table(rows))
    print("Full table: make bench (benchmarks/reference_quality.py)")
    return 0


def demo(args):
    """Build every week's release, make a demo class for one week and grade it with `vaelab grade`."""
    from autograder.course import Course
    from autograder.demo_class import make_demo_class
    from autograder.week import weeks as declared_weeks

    source_dir = default_source_dir()
    weeks = sorted(w.assignment for w in declared_weeks().values()
                   if (source_dir / w.assignment / f"{w.assignment}.ipynb").is_file())  # fmt: skip
    out = Path(args.out)
    course = Course.create(out / "course", source_dir, weeks)
    for week in weeks:
        course.generate(week)
        print(f"released {week}: {course.released_notebook(week)}")
    students = make_demo_class(args.week, course.released_notebook(args.week), out / "class")
    print(f"demo class for {args.week}: {', '.join(students)}")
    command = [args.week, str(out / "class"), "--out", str(out / "graded"), "--cell-timeout",
               f"{args.cell_timeout:g}", "--memory", "2048", "--force"]  # fmt: skip
    print(f"grading with: vaelab grade {' '.join(command)}")
    grade_args = build_parser().parse_args(["grade", *command])
    return grade(grade_args)


def default_source_dir():
    """assignments/source in the current directory, else the one in vaelab's own checkout."""
    here = Path.cwd() / "assignments" / "source"
    return here if here.is_dir() else Path(__file__).resolve().parents[1] / "assignments" / "source"


def grading_limits(args, week):
    """The Limits of `vaelab grade`: --cell-timeout, else the week's cell budget (course.toml's
    cell_timeout); --timeout, else WALL_CELLS of those; TensorFlow threads divided between --jobs."""
    from autograder.grading.limits import WALL_CELLS, Limits, threads_per_job
    from autograder.week import DEFAULT_CELL_TIMEOUT

    cell_timeout = args.cell_timeout or (week.cell_timeout if week is not None else DEFAULT_CELL_TIMEOUT)
    return Limits(
        cell_timeout=cell_timeout,
        wall_timeout=args.timeout or WALL_CELLS * cell_timeout,
        memory_mb=args.memory,
        threads=threads_per_job(args.jobs),
        processes=args.processes,
    )


def grade(args):
    """Grade a folder or LMS zip of submissions in parallel into OUT (CSV, feedback, report, gradebook)."""
    from autograder.grading.batch import grade_batch
    from autograder.grading.limits import usable_cores

    source_dir = Path(args.source) if args.source else default_source_dir()
    if not (source_dir / args.assignment).is_dir():
        print(f"vaelab grade: no assignment {args.assignment!r} in {source_dir}", file=sys.stderr)
        return 2
    try:
        week, timestamps, extensions, course_id = late_settings(args)
    except (OSError, ValueError) as err:  # a missing or malformed calendar or CSV: say which, no traceback
        print(f"vaelab grade: {err}", file=sys.stderr)
        return 2
    args.jobs = args.jobs or usable_cores()
    limits = grading_limits(args, week)
    print(f"limits: {args.jobs} jobs, {limits.cell_timeout:g} s per cell, {limits.wall_timeout:g} s per "
          f"submission, {limits.memory_mb} MB", file=sys.stderr)  # fmt: skip
    from autograder.grading.atomic import BatchLocked
    from autograder.grading.sandbox import SandboxUnavailable, describe

    try:
        print(f"isolation: {describe(args.sandbox)}", file=sys.stderr)
    except SandboxUnavailable as err:
        print(f"vaelab grade: --sandbox on, but this host cannot sandbox kernels: {err}", file=sys.stderr)
        return 2
    try:
        results = grade_batch(
            args.assignment, args.submissions, args.out, source_dir=source_dir, jobs=args.jobs,
            limits=limits, force=args.force, scheduler=args.scheduler, db_url=args.db,
            fork=not args.plain_kernels, sandbox=args.sandbox, week=week, timestamps=timestamps,
            extensions=extensions, course_id=course_id, precomputed_store=args.precomputed,
        )  # fmt: skip
    except (ValueError, BatchLocked) as err:  # unreadable SUBMISSIONS, a busy OUT: say so, no traceback
        print(f"vaelab grade: {err}", file=sys.stderr)
        return 2
    print(format_grade_table(results))
    flagged = [r.student_id for r in results if r.flags]
    if flagged:
        print(f"\nflagged for review ({len(flagged)}): {', '.join(flagged)} (see grades.csv's flags column)")
    out = Path(args.out)
    print(f"\ngrades: {out / 'grades.csv'}  tests: {out / 'tests.csv'}")
    print(f"feedback: {out / 'feedback'}/<student_id>/{args.assignment}.html  report: {out / 'report.html'}")
    return 0


def similarity(args):
    """Rank the pairs of submissions whose answer code is alike; write OUT/similarity.csv and .html."""
    from autograder.similarity.batch import find_similar
    from autograder.similarity.report import summary_text

    source_dir = Path(args.source) if args.source else default_source_dir()
    if not (source_dir / args.assignment).is_dir():
        print(f"vaelab similarity: no assignment {args.assignment!r} in {source_dir}", file=sys.stderr)
        return 2
    if not 0 < args.threshold <= 1:
        print(f"vaelab similarity: --threshold must lie in (0, 1], got {args.threshold:g}", file=sys.stderr)
        return 2
    try:
        result = find_similar(args.assignment, args.submissions, args.out, source_dir=source_dir,
                              threshold=args.threshold, shown=args.shown)  # fmt: skip
    except ValueError as err:  # unreadable SUBMISSIONS or course notebook: say so, no traceback
        print(f"vaelab similarity: {err}", file=sys.stderr)
        return 2
    print(summary_text(result))
    out = Path(args.out)
    print(f"\npairs: {out / 'similarity.csv'}  side by side: {out / 'similarity.html'}")
    return 0


def late_settings(args):
    """(the assignment's calendar Week or None, --timestamps, --extensions, course id) for `grade`: its due
    date and late policy, and its cell budget."""
    from autograder.grading.lateness import read_extensions, read_timestamps
    from autograder.instructor.calendar import load_calendar

    calendar = load_calendar(args.calendar or default_calendar())
    week = next((w for w in calendar.weeks.values() if w.assignment == args.assignment), None)
    if week is None:
        print(f"vaelab grade: {args.assignment} has no due date in the course calendar: no late penalty",
              file=sys.stderr)  # fmt: skip
    timestamps = read_timestamps(args.timestamps) if args.timestamps else {}
    extensions = {}
    if args.extensions:
        if week is None:
            raise ValueError(f"--extensions needs {args.assignment}'s due date in the course calendar")
        extensions = read_extensions(args.extensions, args.assignment, week.due)
    return week, timestamps, extensions, calendar.course_id


def default_calendar():
    """course.toml in the current directory, else the one in vaelab's own checkout."""
    from autograder.week import COURSE_TOML

    here = Path.cwd() / "course.toml"
    return here if here.is_file() else COURSE_TOML


def format_grade_table(results):
    lines = ["| student | score | status | reason | late penalty |", "|---|---:|---|---|---:|"]
    for r in results:
        late = f"-{r.late_penalty:g}" if r.late_penalty else ""
        score = f"{r.score:g}/{r.max_score:g}"
        lines.append(f"| {r.student_id} | {score} | {r.status} | {r.reason[:80]} | {late} |")
    return "\n".join(lines)


def build_parser():
    parser = argparse.ArgumentParser(prog="vaelab", description="Autograded autoencoder/VAE course")
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser("demo", help=demo.__doc__)
    demo_parser.add_argument("--week", default="04_vae", help="the week whose demo class is graded")
    demo_parser.add_argument("--out", default="demo-out", help="folder for the releases and results")
    demo_parser.add_argument("--cell-timeout", type=float, default=60.0, help="stops the infinite loop")
    demo_parser.set_defaults(run=demo)

    quality_parser = commands.add_parser("quality", help=quality.__doc__)
    quality_parser.add_argument("--epochs", type=int, default=2)
    quality_parser.add_argument("--latent", type=int, nargs="+", default=[2, 16])
    quality_parser.add_argument("--seed", type=int, default=0)
    quality_parser.set_defaults(run=quality)

    grade_parser = commands.add_parser("grade", help=grade.__doc__, description=grade.__doc__)
    grade_parser.add_argument("assignment", help="assignment name, e.g. 04_vae")
    grade_parser.add_argument(
        "submissions", help="a folder of <student_id>/*.ipynb, nbgrader's submitted/, or an LMS zip"
    )
    grade_parser.add_argument("--out", required=True, help="folder for the CSVs, feedback and report")
    grade_parser.add_argument("--jobs", type=int, default=None,
                              help="submissions graded at once (default: the usable CPU cores)")  # fmt: skip
    grade_parser.add_argument("--timeout", type=float, default=None,
                              help="wall-clock seconds per submission (default: 5 cell timeouts)")
    grade_parser.add_argument("--cell-timeout", type=float, default=None,
                              help="seconds per cell (default: the week's cell_timeout in course.toml)")
    grade_parser.add_argument("--memory", type=int, default=4096, help="MB per submission (default 4096)")
    grade_parser.add_argument("--force", action="store_true", help="regrade unchanged, already graded work")
    grade_parser.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    grade_parser.add_argument("--db", default="", help="nbgrader database URL (default: OUT/gradebook.db)")
    grade_parser.add_argument("--source", default=None, help="nbgrader source folder (assignments/source)")
    grade_parser.add_argument("--calendar", default=None,
                              help="course.toml with due dates, late policies and extensions "
                                   "(default: ./course.toml, else vaelab's)")  # fmt: skip
    grade_parser.add_argument("--timestamps", metavar="CSV", default=None,
                              help="submission times: columns student_id,submitted_at (ISO 8601, UTC "
                                   "unless it gives an offset); they win over timestamp.txt and LMS "
                                   "markers")  # fmt: skip
    grade_parser.add_argument("--extensions", metavar="CSV", default=None,
                              help="extensions: columns student_id and days or due (a date-time), optionally "
                                   "assignment; they win over course.toml's")  # fmt: skip
    grade_parser.add_argument(
        "--plain-kernels", action="store_true",
        help="start every kernel from scratch instead of forking it from a worker's zygote",
    )  # fmt: skip
    grade_parser.add_argument(
        "--sandbox", choices=("auto", "on", "off"), default="auto",
        help="run each kernel in the sandbox: auto (where this host can; the default), on (refuse to grade "
             "without it) or off",
    )  # fmt: skip
    grade_parser.add_argument(
        "--processes", type=int, default=512,
        help="processes and threads per sandboxed submission (default 512; a fork bomb stops there)",
    )  # fmt: skip
    grade_parser.add_argument(
        "--precomputed", metavar="DIR", default=None,
        help="where the week's student-independent values are kept between batches (default: "
             "$VAELAB_PRECOMPUTED, else ~/.cache/vaelab/precomputed; '' computes them in every batch)",
    )  # fmt: skip
    grade_parser.set_defaults(run=grade)

    from autograder.similarity import DEFAULT_SHOWN, DEFAULT_THRESHOLD

    similarity_parser = commands.add_parser(
        "similarity", help=similarity.__doc__, description=similarity.__doc__
    )
    similarity_parser.add_argument("assignment", help="assignment name, e.g. 04_vae")
    similarity_parser.add_argument(
        "submissions", help="a folder of <student_id>/*.ipynb, nbgrader's submitted/, or an LMS zip"
    )
    similarity_parser.add_argument("--out", required=True, help="folder for similarity.csv and .html")
    similarity_parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD,
        help=f"flag pairs whose score is at least this (default {DEFAULT_THRESHOLD:g})",
    )  # fmt: skip
    similarity_parser.add_argument(
        "--shown", type=int, default=DEFAULT_SHOWN,
        help=f"flagged pairs shown side by side in similarity.html (default {DEFAULT_SHOWN})",
    )  # fmt: skip
    similarity_parser.add_argument("--source", default=None, help="nbgrader source folder")
    similarity_parser.set_defaults(run=similarity)
    add_instructor_commands(commands)
    return parser


def main(argv=None):
    quiet_tensorflow()
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
