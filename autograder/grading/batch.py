"""Grade a batch of submissions: collect -> run -> judge -> record -> report, in parallel, resumable.

OUT is an nbgrader course (course_layout.py): the graded notebooks land in its autograded/ folder and
the grades in its gradebook, so formgrader and nbgrader's own commands work on them.

`grade_submission` is the unit of work: a plain function of a picklable GradeJob, so local worker
processes and Dask workers run exactly the same code.
"""

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.util import Finalize
from pathlib import Path

import nbformat

from autograder.checks.cache import CACHE_DIR_ENV, DIGESTS_ENV, digests
from autograder.checks.cache import trust as trust_cache
from autograder.checks.results import TestResult
from autograder.grading import atomic, precomputed
from autograder.grading.atomic import partial_folder, publish_folder
from autograder.grading.cells import is_graded_test, nbgrader_meta
from autograder.grading.course_layout import (
    prepare_course,
    write_autograded,
    write_submitted,
    write_timestamps,
)
from autograder.grading.flags import scan_notebook
from autograder.grading.forkserver import ForkServer, ForkServerError
from autograder.grading.gradebook import record
from autograder.grading.lateness import lateness_of
from autograder.grading.limits import Limits
from autograder.grading.outcome import SubmissionResult
from autograder.grading.prepare import InvalidSubmission, prepare, read_submission
from autograder.grading.progress import Progress
from autograder.grading.record import ResultStore, write_csvs
from autograder.grading.report import feedback_page, refresh_feedback, write_class_report, write_feedback
from autograder.grading.run import kernel_env, run_notebook
from autograder.grading.sandbox import UID_BASE, Placement, SandboxRoot, cache_bind, grading_folders
from autograder.grading.sandbox import detect as detect_sandbox
from autograder.grading.sandbox import kernel_env as sandbox_env
from autograder.grading.sandbox import resolve as resolve_sandbox
from autograder.grading.score import score_notebook
from autograder.grading.submissions import collect
from autograder.week import WEEKS_DIR, hidden_tests_folder, week_of_assignment


@dataclass(frozen=True)
class GradeJob:
    assignment: str
    student_id: str
    notebook: Path | None
    problem: str  # non-empty: invalid at collection
    source_notebook: Path
    released_notebook: Path
    workdir: Path
    feedback: Path
    limits: Limits
    content_hash: str
    fork: bool = True  # run the kernel forked from this worker's zygote (TensorFlow imported once)
    kernel_env: tuple = ()  # extra (name, value) pairs for the kernel: the precomputed cache's digests
    sandboxed: bool = False  # run the kernel in the sandbox (autograder/grading/sandbox.py) as `uid`
    uid: int = UID_BASE
    outside: bool = False  # judge outside the kernel (autograder/grading/remote.py): the Week's `judged`
    autograded: Path | None = None  # where the graded notebook goes in the course's autograded/ layout


def zero_results(source, assignment, message):
    """Every graded cell at 0 points with `message`: the rows of a submission that could not run."""
    return [
        TestResult(assignment, m["grade_id"], m["grade_id"], 0.0, float(m.get("points", 0)), False, message)
        for m in (nbgrader_meta(c) for c in source.cells if is_graded_test(c))
    ]


# One zygote per worker process, started by its warm-up or first submission (again if the sandbox's
# read-only extras change, as when a Dask worker moves on to another assignment, or if it was killed).
_FORKSERVER = {}
_SANDBOX_ROOT = {}


def worker_forkserver(limits, cwd, placement=None):
    """This worker's fork server, or None where one cannot run (then kernels start plain)."""
    key = None if placement is None else (placement.sandbox, placement.readonly, placement.hidden)
    server = _FORKSERVER.get("server")
    exited = server is not None and server.process.poll() is not None  # killed: start another
    if _FORKSERVER.get("key", key) != key or exited:
        if (stale := _FORKSERVER.pop("server", None)) is not None:
            stale.close()
    if "server" not in _FORKSERVER:
        _FORKSERVER["key"] = key
        env, prefix = kernel_env(limits), ()
        if placement is not None:  # the zygote runs in the sandbox, able to become each submission's uid
            root = worker_sandbox_root()
            env = sandbox_env(env, root.path)
            prefix = placement.sandbox.command([root.path], env, caps=("CAP_SETUID", "CAP_SETGID"),
                                               readonly=placement.readonly,
                                               hidden=placement.hidden)  # fmt: skip
        try:
            _FORKSERVER["server"] = ForkServer(env, cwd=cwd, prefix=prefix)
        except (ForkServerError, OSError):
            _FORKSERVER["server"] = None
        else:
            at_exit(_FORKSERVER["server"].close)
    return _FORKSERVER["server"]


def at_exit(close):
    """Run `close` when this process ends: a worker forked by multiprocessing's fork server ends with
    os._exit, which skips atexit, after running multiprocessing's own exit finalizers (as every process
    does, the main one at its atexit)."""
    Finalize(None, close, exitpriority=10)


def worker_sandbox_root():
    if "root" not in _SANDBOX_ROOT:
        _SANDBOX_ROOT["root"] = SandboxRoot()
        at_exit(_SANDBOX_ROOT["root"].close)
    return _SANDBOX_ROOT["root"]


def placement_for(job):
    """Where this job's kernel runs: None (unsandboxed) or a fresh folder of the worker's sandbox root."""
    if not job.sandboxed:
        return None
    folder = worker_sandbox_root().folder(job.uid)
    if job.outside:  # the judge runs here: the kernel sees neither the reference, the tests nor the cache
        return Placement(detect_sandbox(), folder, job.uid, job.limits.processes, hidden=grading_folders())
    cache = dict(job.kernel_env).get(CACHE_DIR_ENV)
    return Placement(detect_sandbox(), folder, job.uid, job.limits.processes,
                     readonly=(cache_bind(cache),) if cache else ())  # fmt: skip


def grade_submission(job):
    """Run, judge and write feedback for one submission; returns its SubmissionResult."""
    source = nbformat.read(str(job.source_notebook), as_version=4)
    released = nbformat.read(str(job.released_notebook), as_version=4)
    max_score = sum(float(nbgrader_meta(c).get("points", 0)) for c in source.cells if is_graded_test(c))
    executed, seconds, flags = None, {}, []
    try:
        if job.problem:
            raise InvalidSubmission(job.problem)
        prepared = prepare(source, read_submission(job.notebook), outside=job.outside)
    except InvalidSubmission as err:
        status, reason, tests = "invalid", str(err), zero_results(source, job.assignment, str(err))
    else:
        job.workdir.mkdir(parents=True, exist_ok=True)
        if job.outside:  # this process judges: it reads the precomputed cache the kernel would have
            trust_cache(job.kernel_env)
        placement = placement_for(job)
        forkserver = None
        if job.fork and hasattr(os, "fork"):
            forkserver = worker_forkserver(job.limits, job.workdir.parent, placement)
        try:
            outcome = run_notebook(prepared.notebook, job.workdir, job.limits, forkserver=forkserver,
                                   extra_env=dict(job.kernel_env), placement=placement)  # fmt: skip
        finally:
            if placement is not None:
                worker_sandbox_root().remove(placement.folder)
        executed, seconds, status = outcome.notebook, outcome.seconds, outcome.status
        flags = prepared.flags + scan_notebook(prepared.notebook)
        fatal = outcome.reason if status in ("timeout", "memory", "crashed") else ""
        tests = score_notebook(executed, job.assignment, not_run_reason=fatal)
        reason = "; ".join(filter(None, [outcome.reason, *prepared.repairs]))
    result = SubmissionResult(
        student_id=job.student_id,
        assignment=job.assignment,
        status=status,
        reason=reason,
        score=float(sum(t.points for t in tests)),
        max_score=max_score,
        tests=tests,
        seconds=seconds,
        content_hash=job.content_hash,
        flags=flags,
    )
    write_feedback(result, executed, released, job.feedback)
    if job.autograded is not None:
        write_autograded(job.autograded, executed, released, tests)
    return result


def grade_submission_safely(job):
    """grade_submission, with a grader fault turned into a 'crashed' row instead of a lost batch."""
    try:
        return grade_submission(job)
    except Exception as err:  # noqa: BLE001 - one submission's fault must not stop the batch
        # The row says what failed; the log keeps where, for whoever fixes the grader.
        print(f"grader error on {job.student_id}:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
        source = nbformat.read(str(job.source_notebook), as_version=4)
        message = f"grader error: {type(err).__name__}: {str(err)[:200]}"
        tests = zero_results(source, job.assignment, message)
        max_score = float(sum(t.max_points for t in tests))
        return SubmissionResult(
            job.student_id, job.assignment, "crashed", message, 0.0, max_score, tests, {}, job.content_hash
        )


def grader_fingerprint(source_notebook, assignment, outside=False):
    """Hash of everything besides the submission that decides a grade: the course notebook, the week's
    tests and their rules.toml, the shared fixtures, the checks they call, the reference they compare
    with, and where the tests run (outside the kernel or in it)."""
    import reference

    digest = hashlib.sha256(Path(source_notebook).read_bytes())
    digest.update(b"judged outside the kernel" if outside else b"judged in the kernel")
    week_dir = hidden_tests_folder(assignment)
    shared = [WEEKS_DIR / "conftest.py", WEEKS_DIR / "pytest.ini"]  # every week's fixtures and settings
    shared += [week_dir / "rules.toml"]  # the week's thresholds
    code = [week_dir, WEEKS_DIR.parent / "checks", Path(reference.__file__).parent]
    files = [(p.name, p) for p in shared]
    files += [(f"{d.name}/{p.relative_to(d)}", p)
              for d in code if d.is_dir() for p in sorted(d.rglob("*.py"))]
    for name, path in files:
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()


def precompute_cache(assignment, folder, limits, store=None):
    """The week's student-independent values (its `@persisted` ones), computed once in a clean process
    before any student code runs, or copied from `store` where an earlier batch on this machine kept them
    (precomputed.py); returns the kernel environment that lets judges trust them (empty if they could not
    be computed: judges then compute them in each kernel, with the same results)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    entry = None if store is None or folder.is_dir() else precomputed.entry_name(assignment, limits.threads)
    if not folder.is_dir() and not precomputed.fetch(store, entry, folder):
        # Built under another name and renamed when complete: a grader killed mid-way leaves no
        # half-filled cache that later batches would trust.
        partial = partial_folder(folder)
        command = [sys.executable, "-m", "autograder.checks.precompute", assignment, str(partial)]
        env = kernel_env(limits)
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=folder.parent)
        if done.returncode != 0 or not partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
            print(f"vaelab grade: could not precompute {assignment}'s student-independent values ({last}); "
                  "each kernel computes them instead", file=sys.stderr)  # fmt: skip
            return ()
        precomputed.keep(store, entry, partial)
        publish_folder(partial, folder)
    return ((CACHE_DIR_ENV, str(folder)), (DIGESTS_ENV, json.dumps(digests(folder))))


@dataclass(frozen=True)
class WarmUp:
    """What a local worker prepares while the batch is being set up (the release generated, the cache
    precomputed), instead of on its first submission: its zygote, and, when the week is judged outside
    the kernel, the modules the judge imports on its first question (Keras, pytest, the reference)."""

    limits: Limits
    work: Path  # the kernels' working folders' parent (a GradeJob's workdir.parent)
    sandboxed: bool
    outside: bool
    fork: bool
    reference: tuple = ()  # the week's reference modules


# What the judge imports on its first question, when the week is judged outside the kernel.
JUDGE_MODULES = ("keras", "pytest", "autograder.checks.judge", "autograder.grading.graded_cell")


def warm_up(plan):
    """A local worker's start (ProcessPoolExecutor's initializer). Nothing here may fail a batch: what
    does not start now starts on the worker's first submission, as it would without a warm-up."""
    try:
        # The zygote only where the first job's would be the same one: a sandboxed kernel judged in it
        # sees the cache read-only, a folder the job names. Started from this (the main) thread: a zygote
        # dies with the thread that started it (die_with_parent's PR_SET_PDEATHSIG is a thread's).
        if plan.fork and hasattr(os, "fork") and (plan.outside or not plan.sandboxed):
            plan.work.mkdir(parents=True, exist_ok=True)
            placement = None
            if plan.sandboxed:
                placement = Placement(detect_sandbox(), plan.work, UID_BASE, plan.limits.processes,
                                      hidden=grading_folders())  # fmt: skip
            worker_forkserver(plan.limits, plan.work, placement)
        if plan.outside:
            for module in (*JUDGE_MODULES, *plan.reference):
                importlib.import_module(module)
    except Exception:  # noqa: BLE001, S110 - the first submission starts what this could not
        pass


def worker_modules(warm):
    """What every local worker imports before its first submission: this module, and the judge's modules
    (TensorFlow's among them, about 8 s of CPU) where the week is judged outside the kernel."""
    modules = [__name__]
    if warm is not None and warm.outside:
        modules += [*JUDGE_MODULES, *warm.reference]
    return modules


def worker_context(warm):
    """Local workers are forked from multiprocessing's fork server: a clean process (started, like a spawned
    worker, from nothing the parent imported or changed) that imports the workers' modules once, so that
    `--jobs N` pays for them once instead of N times; spawned where there is no fork server."""
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    context = get_context("forkserver")
    context.set_forkserver_preload(worker_modules(warm))  # read when the fork server first starts
    return context


class LocalWorkers:
    """`jobs` local worker processes, each starting clean whatever the parent imported (worker_context).

    With a WarmUp, all of them start at once and prepare it while the caller goes on."""

    def __init__(self, jobs, warm=None):
        initializer = (warm_up, (warm,)) if warm is not None else (None, ())
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(warm),
                                        initializer=initializer[0], initargs=initializer[1])  # fmt: skip
        if warm is not None:
            for _ in range(jobs):  # a spawned pool starts a process per submitted task, up to `jobs`
                self.pool.submit(os.getpid)

    def submit(self, job):
        return self.pool.submit(grade_submission_safely, job)

    def completed(self, futures):
        return as_completed(futures)

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskWorkers:
    """The same work on a Dask cluster; each Dask worker process runs its own fork server."""

    def __init__(self, address):
        try:
            from distributed import Client
        except ImportError as err:
            raise ValueError("--scheduler needs Dask: pip install 'vaelab[cluster]'") from err
        self.client = Client(address)

    def submit(self, job):
        # pure=False: a regrade after --force must run again, not reuse a cached result.
        return self.client.submit(grade_submission_safely, job, pure=False, key=f"grade-{job.student_id}")

    def completed(self, futures):
        from distributed import as_completed as dask_completed

        return dask_completed(futures)

    def close(self):
        self.client.close()


def grade_batch(assignment, submissions, out, *, source_dir, jobs=1, limits=None, force=False,
                scheduler=None, db_url="", stream=None, fork=True, sandbox="auto", week=None, timestamps=None,
                extensions=None, course_id="vaelab", precomputed_store=None):  # fmt: skip
    """Grade every submission in `submissions` into `out`; returns the SubmissionResults, by student.

    sandbox: "auto" (sandbox the kernels where this host can), "on" (raise SandboxUnavailable where it
    cannot) or "off". week: the assignment's calendar Week (due date, late policy, extensions; None: no
    penalty); timestamps, extensions: {student_id: UTC datetime} from the TA's CSVs (lateness.py).
    precomputed_store: where the week's student-independent values are kept between batches (None: the
    default, precomputed.default_store(); "": nowhere, this batch computes them).
    """
    sandboxed = resolve_sandbox(sandbox) is not None
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with atomic.lock(out):
        # What a grader killed mid-write left (temporaries, a half-built cache) goes before any write.
        atomic.sweep(out, keep=(out / ".vaelab" / "work", out / ".vaelab" / "submissions"),
                     partials=(out / ".vaelab" / "cache",))  # fmt: skip
        late = {"week": week, "timestamps": timestamps or {}, "extensions": extensions or {}}
        return _grade_locked(assignment, submissions, out, source_dir=source_dir, jobs=jobs, limits=limits,
                             force=force, scheduler=scheduler, db_url=db_url, stream=stream, fork=fork,
                             sandboxed=sandboxed, late=late, course_id=course_id,
                             kept=precomputed.default_store() if precomputed_store is None
                             else Path(precomputed_store) if precomputed_store else None)  # fmt: skip


def _grade_locked(assignment, submissions, out, *, source_dir, jobs, limits, force, scheduler, db_url, stream,
                  fork, sandboxed, late, course_id, kept):  # fmt: skip
    limits = limits or Limits()
    db_url = db_url or f"sqlite:///{out / 'gradebook.db'}"
    # Where the hidden tests run is the week's declaration (course.toml's `judged`): the TA's calendar
    # entry, else vaelab's own; an assignment no course.toml knows is judged in its kernel, as by nbgrader.
    declared = late["week"] or week_of_assignment(assignment)
    outside = declared is not None and declared.judged_outside
    # The course copies the source notebook as it is: the fingerprint is known before the course exists.
    source = Path(source_dir) / assignment / f"{assignment}.ipynb"
    fingerprint = grader_fingerprint(source, assignment, outside)
    store = ResultStore(out)
    collected = collect(Path(submissions), assignment, out / ".vaelab" / "submissions")
    results, keys = {}, {}
    for sub in collected:
        key = hashlib.sha256(f"{sub.content_hash}:{sub.problem}:{fingerprint}".encode()).hexdigest()
        previous = None if force else store.load(sub.student_id)
        if previous is not None and previous.content_hash == key:
            results[sub.student_id] = previous
        keys[sub.student_id] = key
    todo = [(number, sub) for number, sub in enumerate(collected) if sub.student_id not in results]
    workers = None
    if todo:  # local workers start their zygotes and imports while the course and the cache are made
        warm = WarmUp(limits, out / ".vaelab" / "work", sandboxed, outside, fork,
                      declared.reference if declared is not None else ())  # fmt: skip
        # No more local workers than submissions: each one's warm-up imports TensorFlow twice.
        workers = DaskWorkers(scheduler) if scheduler else LocalWorkers(min(jobs, len(todo)), warm=warm)
    try:
        cache_dir = out / ".vaelab" / "cache" / f"{assignment}-{fingerprint[:16]}"
        cache_dir.parent.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(1) as beside:  # the cache's own process runs while nbgrader generates
            cache = beside.submit(precompute_cache, assignment, cache_dir, limits, kept)
            course = prepare_course(assignment, source_dir, out, db_url, course_id)
            cache_env = cache.result()
        source_notebook = course.root / "source" / assignment / f"{assignment}.ipynb"
        lateness = {s.student_id: lateness_of(s, late["week"], late["timestamps"], late["extensions"])
                    for s in collected}  # fmt: skip
        _warn_unknown(collected, late)
        for sub in collected:
            write_submitted(out, assignment, sub)

        def recorded(result):
            """The record stage: gradebook (a TA's manual scores read back, the late penalty applied), the
            course's timestamp files, the feedback page's header."""
            result = record(db_url, course_id, result, lateness[result.student_id])
            write_timestamps(out, assignment, result.student_id, lateness[result.student_id].submitted_at)
            refresh_feedback(result, out / feedback_page(result.student_id, assignment))
            return result

        jobs_todo = [
            GradeJob(
                assignment=assignment,
                student_id=sub.student_id,
                notebook=sub.path,
                problem=sub.problem,
                source_notebook=source_notebook,
                released_notebook=course.released_notebook(assignment),
                workdir=out / ".vaelab" / "work" / sub.student_id,
                feedback=out / feedback_page(sub.student_id, assignment),
                limits=limits,
                content_hash=keys[sub.student_id],
                fork=fork,
                kernel_env=cache_env,
                sandboxed=sandboxed,
                uid=UID_BASE + number,
                outside=outside,
                autograded=out / "autograded" / sub.student_id / assignment / f"{assignment}.ipynb",
            )
            for number, sub in todo
        ]
        progress = Progress(len(jobs_todo), stream=stream)
        if jobs_todo:
            futures = [workers.submit(job) for job in jobs_todo]
            for future in workers.completed(futures):
                result = future.result()
                store.save(result)  # the commit point: from here on the submission counts as graded
                results[result.student_id] = recorded(result)
                write_csvs(out, results.values())
                progress.advance(result)
    finally:
        if workers is not None:
            workers.close()
    fresh = {sub.student_id for _, sub in todo}
    # Resumed results are recorded again: the gradebook may hold new manual scores, the TA new times.
    ordered = [results[s.student_id] if s.student_id in fresh else recorded(results[s.student_id])
               for s in collected if s.student_id in results]  # fmt: skip
    write_csvs(out, ordered)
    write_class_report(ordered, out / "report.html")
    return ordered


def _warn_unknown(collected, late):
    """Say on stderr which students the TA's CSVs name but the batch has no submission of (a typo?)."""
    ids = {s.student_id for s in collected}
    for option in ("timestamps", "extensions"):
        unknown = sorted(set(late[option]) - ids)
        if unknown:
            print(f"vaelab grade: --{option} names students with no submission here: {', '.join(unknown)}",
                  file=sys.stderr)  # fmt: skip
