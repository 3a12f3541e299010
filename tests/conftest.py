"""Session-wide fixtures: data and seeds shared by every test, loaded once; the real tools the TA's
end-to-end tests drive (a PostgreSQL server, headless Chromium), started once. `make test` installs them."""

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# Set before TensorFlow is first imported by any test module.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

import pytest  # noqa: E402

from autograder.grading import sandbox  # noqa: E402


@pytest.fixture(scope="session")
def mnist():
    """The bundled MNIST split: ((x_train, y_train), (x_test, y_test))."""
    from autograder.student import load_mnist

    return load_mnist(source="bundled")


def free_port():
    """A TCP port on the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres():
    """Debian's PostgreSQL, a server of its own on 127.0.0.1 for the session: postgres(name) creates the
    database `name` and returns its URL. Fails (never skips) where the server is not installed."""
    initdb = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not initdb:
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql")
    pg_ctl = initdb[-1].with_name("pg_ctl")
    # Outside pytest's own temporary folders, which the server's unprivileged user cannot enter.
    home = Path(tempfile.mkdtemp(prefix="vaelab-postgres-"))
    as_postgres = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(home, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port, data = free_port(), home / "data"
    subprocess.run([*as_postgres, initdb[-1], "-D", data, "-A", "trust", "-U", "vaelab", "--no-sync"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*as_postgres, pg_ctl, "-D", data, "-l", home / "log", "-w", "start", "-o",
                    f"-h 127.0.0.1 -p {port} -k {home} -F"], check=True, capture_output=True)  # fmt: skip
    import sqlalchemy

    server = f"postgresql://vaelab@127.0.0.1:{port}"
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")

    def database(name):
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
        return f"{server}/{name}"

    try:
        yield database
    finally:
        admin.dispose()
        subprocess.run([*as_postgres, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


# Flags that let Debian's Chromium run headless as root on a machine without a network of its own.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-quic", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--window-size=1280,1000")  # fmt: skip


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """Debian's headless Chromium, driven through Debian's chromedriver (selenium downloads nothing)."""
    if not (Path("/usr/bin/chromium").is_file() and Path("/usr/bin/chromedriver").is_file()):
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def make_course(tmp_path):
    """make_course(assignments, source_dir) -> Course under tmp_path with the course's nbgrader config."""
    from autograder.course import Course

    made = []

    def make(assignments, source_dir):
        course = Course.create(tmp_path / f"course{len(made)}", source_dir, assignments)
        made.append(course)
        return course

    return make


@pytest.fixture
def release_leaks():
    """release_leaks(course, week) -> what `vaelab release`'s scan finds in the week's nbgrader release:
    grading code, solution or hidden-test markers, or the text of a source region (empty when clean)."""
    from autograder.instructor.release import scan_bundle

    def leaks(course, week):
        sources = sorted((course.root / "source" / week).glob("*.ipynb"))
        return [f"{f.path}: {f.what}" for f in scan_bundle(course.released_notebook(week).parent, sources)]

    return leaks


_PRECOMPUTED = []


def pytest_configure(config):
    """One store of precomputed values for the whole run (autograder/grading/precomputed.py), shared by
    its xdist workers (they inherit the controller's environment) and by the `vaelab` commands tests start:
    each week's student-independent values are computed once per run, never read from the user's own
    ~/.cache. A test of the store itself passes a store of its own.

    Each xdist worker takes its share of the cores for TensorFlow's and the BLAS libraries' threads, as
    `vaelab grade` gives each of its kernels (limits.threads_per_job), and so do the kernels and commands
    its tests start: two workers on two cores, each training with two threads, oversubscribe them
    (two in-process `vaelab verify 01_autoencoders` side by side: 170 s, 142 s with a thread each)."""
    if "VAELAB_PRECOMPUTED" not in os.environ and not hasattr(config, "workerinput"):
        _PRECOMPUTED.append(tempfile.mkdtemp(prefix="vaelab-precomputed-"))
        os.environ["VAELAB_PRECOMPUTED"] = _PRECOMPUTED[0]
    if hasattr(config, "workerinput"):
        from autograder.grading.limits import thread_env, threads_per_job

        workers = int(config.workerinput.get("workercount", 1))
        for name, value in thread_env(threads_per_job(workers)).items():
            os.environ.setdefault(name, value)


def pytest_unconfigure(config):
    for folder in _PRECOMPUTED:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s `--dist loadfile`, refined by tests/scheduling.py: a unit per week of a file, and the
    heaviest unit left sent first."""
    if config.getoption("dist") != "loadfile":
        return None
    path = Path(__file__).with_name("scheduling.py")
    spec = importlib.util.spec_from_file_location("vaelab_test_scheduling", path)
    scheduling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scheduling)
    return scheduling.HeaviestFirst(config, log)


# The adversarial table (cheats held, faults handled, kills survived), printed at the end of every run.
# tests/adversarial/test_adversarial.py records it as a user property of a test, so it reaches the
# terminal from a pytest-xdist worker (this file is the one conftest the controller loads) as well as in
# a plain run.
ADVERSARIAL_TABLE = "vaelab_adversarial_table"
_tables = []


def pytest_runtest_logreport(report):
    if report.when == "call":  # the teardown report carries the same properties
        _tables.extend(value for name, value in report.user_properties if name == ADVERSARIAL_TABLE)


def pytest_terminal_summary(terminalreporter, config):
    for rows, summary in _tables:
        terminalreporter.write_sep("=", "adversarial corpora (tests/adversarial)")
        terminalreporter.write_line(rows)
        terminalreporter.write_line(summary)
    if not hasattr(config, "workerinput"):  # the controller, once every worker has finished
        _report_leftovers(terminalreporter)


# What a batch starts that names a sandbox root (sandbox.py's ROOTS and ROOT_NAME: /tmp/vaelab-<grader
# pid>-XXXX) or is a zygote: kernels, zygotes, sandboxes; not the session's PostgreSQL
# (/tmp/vaelab-postgres-*), which may start during a batch.
_SANDBOX_ROOT = re.escape(f"{sandbox.ROOTS}/") + sandbox.ROOT_NAME.pattern
_BATCH_COMMAND = re.compile(rf"{_SANDBOX_ROOT}|autograder\.zygote")


def batch_leftovers(folder=None):
    """{pid: command line} of a batch's processes left behind: kernels, zygotes and sandboxes (naming a
    sandbox root or the zygote, or working in `folder` when given) that no grader owns any more. A process
    that outlived its grader was handed to init, so every ancestor it has left is another such process;
    one of a batch still running (another test's beside this one under pytest-xdist, or another session's
    on the same machine) descends from that batch's grader."""
    import psutil

    def batch_process(proc):
        if _BATCH_COMMAND.search(" ".join(proc.cmdline())):
            return True
        return folder is not None and Path(proc.cwd()).is_relative_to(folder)

    found = {}
    for proc in psutil.process_iter(["pid"]):
        try:
            if batch_process(proc) and all(batch_process(p) for p in proc.parents() if p.pid > 1):
                found[proc.pid] = " ".join(proc.cmdline())
        except (psutil.Error, OSError):
            pass
    return found


@pytest.fixture(scope="session")
def leftovers():
    """batch_leftovers, for a test that checks its own batch left nothing behind."""
    return batch_leftovers


_left_behind = []  # (pid, started, command) of each batch process the run left behind, killed


def pytest_sessionfinish(session):
    """Every batch process the run left behind, wherever it came from (test_batch.py checks its own
    batches; a batch of any other test could leave one too): killed, so the machine is clean, and the run
    fails, since a grader that leaks kernels leaks them on a TA's machine too. The terminal summary
    (which runs after this) lists them."""
    import psutil

    if hasattr(session.config, "workerinput"):  # the controller's, once every worker has finished
        return
    for pid, command in batch_leftovers().items():
        try:
            proc = psutil.Process(pid)
            started = time.strftime("%H:%M:%S", time.localtime(proc.create_time()))
            proc.kill()
        except psutil.Error:
            started = "?"
        _left_behind.append((pid, started, command))
    if _left_behind and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _report_leftovers(terminalreporter):
    count = f"{len(_left_behind)}, killed: the run fails" if _left_behind else "none"
    terminalreporter.write_sep("=", f"batch processes left behind: {count}", red=bool(_left_behind))
    for pid, started, command in _left_behind:
        terminalreporter.write_line(f"killed {pid} (started {started}): {command[:160]}")
