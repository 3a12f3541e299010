"""`vaelab grade` end to end on real kernels: statuses, CSVs, feedback, gradebook, resume, determinism.

Graded on 03_variational_inference (numpy only, so each kernel is cheap); 04_vae's agreement with
plain nbgrader is in test_nbgrader_agreement.py.
"""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import Course
from autograder.demo_class import make_demo_class, with_code_before

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
CELL_TIMEOUT = 15  # seconds: every honest cell of this numpy week runs in under 2
LIMITS = ["--cell-timeout", str(CELL_TIMEOUT), "--timeout", "120", "--memory", "1500", "--processes", "128"]
# Runs before any hidden test: what a kernel inherits from its zygote must hold nothing hidden.
SPY = (
    "import sys\n"
    # Names built at run time, so the feedback check below does not trip on this cell's own source.
    "hidden = ('reference', 'pytest', *('autograder.' + part for part in ('weeks', 'checks', 'grading')))\n"
    "print('INHERITED', sorted(m for m in sys.modules if m.startswith(hidden)))"
)

# An infinite loop that ignores the interrupt sent at the cell's timeout: the kernel must be killed.
STUBBORN_LOOP = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"

# What a sandboxed kernel tries before any hidden test runs (see autograder/grading/sandbox.py). It
# reports everything it reached; the test below expects nothing. Paths are filled in by the fixture.
SNOOP = """
import json, os, socket
found, here = {}, os.getcwd()
siblings = [os.path.join(os.path.dirname(here), str(n)) for n in range(64)]
for path in [*PATHS, os.path.dirname(here), *(p for p in siblings if p != here)]:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, "rb").close()
        found[path] = "read"
    except OSError:
        pass
for path in WRITES:
    try:
        open(path, "a").close()
        found[path] = "written"
    except OSError:
        pass
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
    found["network"] = "reached the host"
except OSError:
    pass
caps = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("CapEff"))
if os.getuid() == 0 or int(caps, 16):
    found["privileges"] = f"uid {os.getuid()}, capabilities {caps}"
found.update({name: "inherited" for name in os.environ if "SECRET" in name})
children = []
try:
    while len(children) < 4096:  # a fork bomb, of sleepers spawned without copying the kernel's memory
        children.append(os.posix_spawn("/bin/sleep", ["sleep", "120"], {}))
except OSError:
    pass
finally:
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
print("SANDBOX", json.dumps({"uid": os.getuid(), "forks": len(children), "found": found}))
"""

pytestmark = pytest.mark.slow


def vaelab_grade(submissions, out, *extra, env=None, **popen):
    command = [sys.executable, "-m", "autograder.cli", "grade", WEEK, str(submissions), "--out", str(out),
               "--source", str(ROOT / "assignments" / "source"), *LIMITS, *extra]  # fmt: skip
    if popen:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, **popen)
    return subprocess.run(command, capture_output=True, text=True, timeout=900, env=env)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def demo_class(tmp_path_factory):
    course = Course.create(tmp_path_factory.mktemp("release"), ROOT / "assignments" / "source", [WEEK])
    course.generate(WEEK)
    dest = tmp_path_factory.mktemp("class")
    make_demo_class(WEEK, course.released_notebook(WEEK), dest, mutants=2)
    solution = nbformat.read(str(dest / "perfect" / f"{WEEK}.ipynb"), as_version=4)
    first_test = next(c.metadata.nbgrader["grade_id"] for c in solution.cells
                      if c.metadata.get("nbgrader", {}).get("grade"))  # fmt: skip
    (dest / "spy").mkdir()
    nbformat.write(with_code_before(solution, first_test, SPY), str(dest / "spy" / f"{WEEK}.ipynb"))
    second_test = [c.metadata.nbgrader["grade_id"] for c in solution.cells
                   if c.metadata.get("nbgrader", {}).get("grade")][1]  # fmt: skip
    for sid, code in (("stubborn_loop", STUBBORN_LOOP), ("crasher", "import os\nos._exit(1)")):
        (dest / sid).mkdir()
        nbformat.write(with_code_before(solution, second_test, code), str(dest / sid / f"{WEEK}.ipynb"))
    if sandboxed():
        base = tmp_path_factory.getbasetemp()  # holds this class, every OUT and the grader's files
        course = [ROOT / "README.md", ROOT / "tests", ROOT / "solutions", ROOT / "assignments" / "source"]
        paths = [str(p) for p in (base, dest, *course, "/etc/shadow")]
        writes = [str(base / "written-by-a-student"), str(ROOT / "written-by-a-student")]
        code = SNOOP.replace("PATHS", repr(paths)).replace("WRITES", repr(writes))
        code = code.replace("PORT", str(LISTENER.port))
        (dest / "snoop").mkdir()
        nbformat.write(with_code_before(solution, first_test, code), str(dest / "snoop" / f"{WEEK}.ipynb"))
    return dest


def sandboxed():
    from autograder.grading.sandbox import resolve

    return resolve("auto") is not None


class Listener:
    """A TCP listener on the host's loopback for the whole module: a sandboxed kernel must not reach it."""

    def __init__(self):
        import socket

        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]


LISTENER = Listener()


@pytest.fixture(scope="module")
def graded(demo_class, tmp_path_factory, leftovers):
    out = tmp_path_factory.mktemp("out")
    before = set(leftovers(out))
    run = vaelab_grade(demo_class, out, "--jobs", "2", env={**os.environ, "VAELAB_TEST_SECRET": "token"})
    assert run.returncode == 0, run.stdout + run.stderr
    time.sleep(1)
    assert set(leftovers(out)) - before == set(), "a kernel, zygote or sandbox outlived the batch"
    return out, run


@pytest.fixture(scope="module")
def grades(graded):
    return {row["student_id"]: row for row in read_csv(graded[0] / "grades.csv")}


def test_every_submission_gets_a_row_with_a_status_and_reason(grades):
    status = {sid: row["status"] for sid, row in grades.items()}
    assert status["perfect"] == "ok" and grades["perfect"]["score"] == grades["perfect"]["max_score"]
    assert status["spy"] == "ok" and grades["spy"]["score"] == grades["perfect"]["max_score"]
    assert status["stub"] == "error" and float(grades["stub"]["score"]) == 0
    assert status["corrupt"] == "invalid" and "not a valid notebook" in grades["corrupt"]["reason"]
    assert status["infinite_loop"] == "timeout"
    assert f"longer than {CELL_TIMEOUT} s" in grades["infinite_loop"]["reason"]
    assert status["memory_bomb"] == "memory" and "1500 MB" in grades["memory_bomb"]["reason"]
    assert status["crasher"] == "crashed" and "kernel died" in grades["crasher"]["reason"]
    wrong = [sid for sid in grades if sid.startswith("wrong_")]
    assert len(wrong) == 2
    for sid in wrong:
        assert 0 < float(grades[sid]["score"]) < float(grades[sid]["max_score"]), grades[sid]


def test_a_cell_past_its_timeout_is_interrupted_and_the_cells_after_it_still_run(grades):
    """nbgrader's policy: the loop (an ungraded cell) is interrupted, every graded cell still counts."""
    looped = grades["infinite_loop"]
    assert "interrupted" in looped["reason"] and looped["score"] == looped["max_score"], looped


def test_cells_that_finished_keep_their_points(grades):
    """A kernel killed mid-run (memory, or a loop that ignores the interrupt) keeps what it earned."""
    assert grades["stubborn_loop"]["status"] == "timeout", grades["stubborn_loop"]
    assert f"longer than {CELL_TIMEOUT} s" in grades["stubborn_loop"]["reason"], grades["stubborn_loop"]
    for sid in ("stubborn_loop", "memory_bomb", "crasher"):
        assert 0 < float(grades[sid]["score"]) < float(grades[sid]["max_score"]), grades[sid]


def test_tests_csv_explains_every_lost_point(graded, grades):
    rows = read_csv(graded[0] / "tests.csv")
    for sid, row in grades.items():
        mine = [r for r in rows if r["student_id"] == sid]
        assert sum(float(r["points"]) for r in mine) == pytest.approx(float(row["score"]))
        assert sum(float(r["max_points"]) for r in mine) == pytest.approx(float(row["max_score"]))
        assert all(r["message"] for r in mine if r["status"] == "failed"), mine
    for sid in ("stubborn_loop", "memory_bomb", "crasher"):
        assert [r for r in rows if r["student_id"] == sid and r["message"].startswith("not run")], sid


def test_feedback_shows_scores_but_never_hidden_tests(graded, grades):
    out = graded[0]
    for sid in grades:
        page = (out / "feedback" / sid / f"{WEEK}.html").read_text()
        assert sid in page
        assert "BEGIN HIDDEN TESTS" not in page and "autograder.checks" not in page


def test_gradebook_holds_the_same_scores(graded, grades):
    with Gradebook(f"sqlite:///{graded[0] / 'gradebook.db'}") as gradebook:
        scores = {s.student.id: s.score for s in gradebook.assignment_submissions(WEEK)}
    assert scores == pytest.approx({sid: float(row["score"]) for sid, row in grades.items()})


def test_forked_kernels_inherit_nothing_hidden(graded):
    page = (graded[0] / "feedback" / "spy" / f"{WEEK}.html").read_text()
    assert "INHERITED []" in page


def snoop_report(page):
    import html
    import json
    import re

    return json.loads(re.search(r"SANDBOX (\{.*\})", html.unescape(page)).group(1))


@pytest.mark.skipif(not sandboxed(), reason="this host cannot sandbox kernels (needs root and bwrap)")
def test_a_sandboxed_kernel_reaches_nothing_but_its_own_folder(graded, grades, demo_class):
    """No other submission (nor a sibling kernel's folder), no OUT, no course files, no network, no
    privileges, no grader secrets in the environment, no fork bomb; and still full marks."""
    page = (graded[0] / "feedback" / "snoop" / f"{WEEK}.html").read_text()
    report = snoop_report(page)
    assert report["found"] == {}
    assert report["uid"] >= 200_000 and 0 < report["forks"] < 128
    assert grades["snoop"]["status"] == "ok" and grades["snoop"]["score"] == grades["perfect"]["score"]
    assert not list(ROOT.glob("written-by-a-student")) and not list(demo_class.parent.glob("written-*"))


def test_report_and_progress(graded, grades):
    out, run = graded
    assert (out / "report.html").read_text().count("data:image/png;base64,") >= 3
    assert f"graded {len(grades)}/{len(grades)}" in run.stderr and "ETA" in run.stderr


def test_rerun_skips_graded_unchanged_submissions(graded, demo_class):
    out, _ = graded
    before = (out / "grades.csv").read_text()
    stamps = {p: p.stat().st_mtime_ns for p in (out / ".vaelab" / "results").glob("*.json")}
    run = vaelab_grade(demo_class, out, "--jobs", "2")
    assert run.returncode == 0 and "graded 1/" not in run.stderr
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert (out / "grades.csv").read_text() == before


def test_scores_do_not_depend_on_worker_count_kernel_kind_or_scheduler(graded, demo_class, tmp_path):
    """Two local workers with forked kernels (the module's batch), one Dask worker with plain kernels:
    the same rows, for correct, wrong, crashing (a dead kernel, a memory bomb) and timed-out
    (interrupted or killed) submissions."""
    subset = tmp_path / "subset"
    wrong = sorted(p.name for p in demo_class.glob("wrong_*")) + (["snoop"] if sandboxed() else [])
    for sid in ("perfect", "stub", "infinite_loop", "stubborn_loop", "memory_bomb", "crasher", *wrong):
        (subset / sid).mkdir(parents=True)
        (subset / sid / f"{WEEK}.ipynb").write_bytes((demo_class / sid / f"{WEEK}.ipynb").read_bytes())
    import distributed  # a dev dependency (pyproject.toml): `vaelab grade --scheduler` needs it

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:  # fmt: skip
        dask = ["--scheduler", cluster.scheduler_address, "--plain-kernels"]
        run = vaelab_grade(subset, tmp_path / "out1", *dask)
    assert run.returncode == 0, run.stderr
    on_dask = read_csv(tmp_path / "out1" / "tests.csv")
    local = [r for r in read_csv(graded[0] / "tests.csv") if (subset / r["student_id"]).exists()]
    assert on_dask == local
    assert {r["student_id"] for r in on_dask} == {p.name for p in subset.iterdir()}
    if sandboxed():  # a plain kernel's sandbox holds as well as a forked one's
        page = (tmp_path / "out1" / "feedback" / "snoop" / f"{WEEK}.html").read_text()
        assert snoop_report(page)["found"] == {}


def test_a_warm_up_starts_the_workers_zygote_and_never_fails_a_batch(tmp_path):
    """What a local worker prepares while the batch is set up (batch.warm_up, its initializer): the
    zygote its first submission's kernel forks from, the same one that submission asks for (and a new
    one if it was killed); a warm-up that cannot start anything leaves it to the first submission."""
    from autograder.grading import batch
    from autograder.grading.limits import Limits

    limits = Limits(cell_timeout=60, wall_timeout=600, threads=1)
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    batch.warm_up(batch.WarmUp(limits, blocked / "work", sandboxed=False, outside=True, fork=True))
    assert "server" not in batch._FORKSERVER  # mkdir failed before any zygote: nothing half-started
    try:
        batch.warm_up(batch.WarmUp(limits, tmp_path / "work", sandboxed=False, outside=True, fork=True,
                                   reference=("reference.vae",)))  # fmt: skip
        server = batch._FORKSERVER["server"]
        time.sleep(1)  # a zygote started from a thread that has ended is killed by then (PR_SET_PDEATHSIG)
        assert server is not None and server.process.poll() is None, "the zygote did not outlive its start"
        assert batch.worker_forkserver(limits, tmp_path / "elsewhere") is server
        assert {"keras", "pytest", "reference.vae"} <= set(sys.modules)
        server.process.kill()
        server.process.wait()
        again = batch.worker_forkserver(limits, tmp_path / "work")  # a killed zygote is started again
        assert again is not server and again.process.poll() is None
    finally:
        stale = batch._FORKSERVER.pop("server", None)
        batch._FORKSERVER.pop("key", None)
        if stale is not None:
            stale.close()


def worker_start():
    """In a local worker, a second in: its pid, its parent's, the CPU seconds it has used itself, whether it
    has TensorFlow."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(1)  # the other worker takes the next task meanwhile
    return os.getpid(), os.getppid(), own.ru_utime + own.ru_stime, "tensorflow" in sys.modules


def test_local_workers_import_the_judges_modules_once_between_them(tmp_path):
    """`--jobs N` pays for TensorFlow's import (about 8 CPU-s) once, not once per worker: the workers are
    forked, clean, from one process that imported the judge's modules; each worker's own CPU time before
    its first task is then a fraction of one import."""
    from autograder.grading import batch
    from autograder.grading.limits import Limits

    warm = batch.WarmUp(Limits(), tmp_path / "work", sandboxed=False, outside=True, fork=False,
                        reference=("reference.vae",))  # fmt: skip
    workers = batch.LocalWorkers(2, warm=warm)
    try:
        started = [f.result(timeout=300) for f in [workers.pool.submit(worker_start) for _ in range(4)]]
    finally:
        workers.close()
    pids, parents = {pid for pid, *_ in started}, {parent for _, parent, *_ in started}
    assert len(pids) == 2 and len(parents) == 1 and os.getpid() not in parents, started
    assert all(imported and cpu < 3 for *_, cpu, imported in started), started


def test_no_more_local_workers_start_than_there_are_submissions_to_grade(tmp_path, monkeypatch):
    """Each local worker starts a zygote that imports TensorFlow: a batch of one submission, or a resumed
    batch with one left, starts one worker whatever --jobs says."""
    from autograder.grading import batch

    started = []

    class Counted(batch.LocalWorkers):
        def __init__(self, jobs, warm=None):
            started.append(jobs)
            super().__init__(jobs)  # no warm-up: the submissions below never reach a kernel

    monkeypatch.setattr(batch, "LocalWorkers", Counted)
    submissions = tmp_path / "class"
    for sid in ("ann", "bob", "cid"):
        (submissions / sid).mkdir(parents=True)
        (submissions / sid / f"{WEEK}.ipynb").write_text("not a notebook")  # graded as invalid, no kernel
    source = ROOT / "assignments" / "source"
    one = batch.grade_batch(WEEK, submissions / "ann", tmp_path / "one", source_dir=source, jobs=2)
    three = batch.grade_batch(WEEK, submissions, tmp_path / "three", source_dir=source, jobs=2)
    assert [r.status for r in one + three] == ["invalid"] * 4
    assert started == [1, 2]
