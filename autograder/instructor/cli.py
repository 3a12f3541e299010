"""`vaelab release`, `vaelab verify` and `vaelab new-week`: registered on the main parser by
add_instructor_commands."""

import sys
from pathlib import Path

from autograder.week import COURSE_TOML, ROOT, SOURCE_DIR


def release(args):
    """Build a week's student bundle (folder + zip) and prove nothing hidden ships in it."""
    from autograder.instructor.release import LeakError, release_week

    source_dir = _source_dir(args)
    if not (source_dir / args.week).is_dir():
        print(f"vaelab release: no week {args.week!r} in {source_dir}", file=sys.stderr)
        return 2
    try:
        bundle = release_week(args.week, args.out, source_dir)
    except LeakError as error:
        print(f"vaelab release: {error}", file=sys.stderr)
        return 1
    print(f"released {args.week}: {bundle.folder} and {bundle.zip_path} (scanned: nothing hidden ships)")
    if args.db:
        from autograder.instructor.calendar import load_calendar, record_due_dates

        calendar = load_calendar(args.calendar)
        record_due_dates(calendar, args.db, weeks=[args.week])
        print(f"due date {calendar.week(args.week).due:%Y-%m-%d %H:%M} UTC recorded in {args.db}")
    return 0


def verify(args):
    """Prove weeks are ready: full marks, zero stub, mutants caught, alternatives kept, clean release."""
    from autograder.instructor.verify import verify_week, weeks_in

    source_dir = _source_dir(args)
    weeks = weeks_in(source_dir) if args.all else [args.week]
    if not weeks or weeks == [None]:
        print("vaelab verify: give a WEEK or --all", file=sys.stderr)
        return 2
    if args.mutate:
        return mutate(weeks, source_dir, args.sample, args.seed)
    failed = 0
    for week in weeks:
        rows = verify_week(week, source_dir, nbgrader=args.nbgrader, run_kernel=not args.no_kernel)
        print(f"\n{week}\n{format_verify_table(rows)}")
        failed += sum(not row.ok for row in rows)
    print(f"\n{failed} check(s) missed" if failed else "\nall checks passed")
    return 1 if failed else 0


def new_week(args):
    """Scaffold a one-question week that `vaelab verify` passes, to grow into a real one."""
    from autograder.instructor.new_week import Refused
    from autograder.instructor.new_week import new_week as scaffold

    try:
        written = scaffold(args.name, args.topic, args.release, args.due)
    except Refused as error:
        print(f"vaelab new-week: {error}", file=sys.stderr)
        return 2
    print("\n".join(f"wrote {path.relative_to(ROOT)}" for path in written))
    print(f"next: .venv/bin/vaelab verify {args.name}, then docs/authoring.md#scaffold")
    return 0


def mutate(weeks, source_dir, sample, seed):
    """Grade each week's generated mutants; non-zero exit when a non-equivalent mutant survives."""
    try:
        from autograder.instructor.mutation_score import format_score, score_week
    except ModuleNotFoundError as error:
        print(f"vaelab verify --mutate: {error}; pip install 'vaelab[mutate]'", file=sys.stderr)
        return 2
    survived = 0
    for week in weeks:
        score = score_week(week, source_dir, sample=sample, seed=seed, progress=_progress)
        print(f"\n{format_score(score)}")
        survived += score.count("survived") + len(score.stale)
    print(f"\n{survived} mutant(s) survived or stale" if survived else "\nevery judged mutant was killed")
    return 1 if survived else 0


def _progress(judged, mutant, status):
    if judged % 25 == 0:
        print(f"  {judged} judged (last: {mutant.key} {status})", file=sys.stderr, flush=True)


def format_verify_table(rows):
    width = max(len(row.check) for row in rows)
    lines = [f"{'check':<{width}}  result  detail"]
    lines += [f"{row.check:<{width}}  {'ok' if row.ok else 'MISS':<6}  {row.detail[:200]}" for row in rows]
    return "\n".join(lines)


def _source_dir(args):
    return Path(args.source) if args.source else SOURCE_DIR


def add_instructor_commands(subparsers):
    """Register `release`, `verify` and `new-week` on the `vaelab` parser's subcommands."""
    release_parser = subparsers.add_parser("release", help=release.__doc__, description=release.__doc__)
    release_parser.add_argument("week", help="e.g. 03_variational_inference")
    release_parser.add_argument("--out", default="release", help="folder for <week>/ and <week>.zip")
    release_parser.add_argument("--source", default=None, help="nbgrader source folder (assignments/source)")
    release_parser.add_argument("--db", default="", help="nbgrader gradebook URL to record the due date in")
    release_parser.add_argument("--calendar", default=str(COURSE_TOML), help="course.toml")
    release_parser.set_defaults(run=release)

    verify_parser = subparsers.add_parser("verify", help=verify.__doc__, description=verify.__doc__)
    verify_parser.add_argument("week", nargs="?", help="e.g. 04_vae")
    verify_parser.add_argument("--all", action="store_true", help="every week in the source folder")
    verify_parser.add_argument("--nbgrader", action="store_true",
                               help="also grade solution and stub with real nbgrader")  # fmt: skip
    verify_parser.add_argument("--no-kernel", action="store_true",
                               help="skip running the released stub in a kernel")  # fmt: skip
    verify_parser.add_argument("--source", default=None, help="nbgrader source folder (assignments/source)")
    verify_parser.add_argument("--mutate", action="store_true",
                               help="judge generated mutants instead, print kill scores")  # fmt: skip
    verify_parser.add_argument("--sample", type=int, default=None, metavar="N",
                               help="with --mutate: judge a fixed sample of N mutants per week")  # fmt: skip
    verify_parser.add_argument("--seed", type=int, default=0, help="with --sample: which sample")
    verify_parser.set_defaults(run=verify)

    new_parser = subparsers.add_parser("new-week", help=new_week.__doc__, description=new_week.__doc__)
    new_parser.add_argument("name", help="e.g. 07_flows: two digits, an underscore, a lowercase identifier")
    new_parser.add_argument("--topic", default=None, help="its reference module reference/<topic>.py "
                            "(default: the name without its number)")  # fmt: skip
    new_parser.add_argument("--release", default=None, metavar="DATE",
                            help="e.g. 2027-03-01 or 2027-03-01T09:00:00Z (default: a week after the last "
                            "week's)")  # fmt: skip
    new_parser.add_argument("--due", default=None, metavar="DATE", help="with --release, e.g. 2027-03-08")
    new_parser.set_defaults(run=new_week)
