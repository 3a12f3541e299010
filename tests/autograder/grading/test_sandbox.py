"""Tests for autograder/grading/sandbox.py on its own (no kernel): what a sandboxed process can reach.

The whole path, real kernels forked and plain under `vaelab grade`, is in test_batch.py (the snoop).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.checks.cache import CACHE_DIR_ENV
from autograder.grading import precomputed, sandbox
from autograder.grading.sandbox import (
    CACHE_MOUNT,
    UID_BASE,
    SandboxRoot,
    cache_bind,
    grading_folders,
    kernel_env,
)

try:
    SANDBOX = sandbox.detect()
except sandbox.SandboxUnavailable as err:
    SANDBOX, WHY = None, str(err)
else:
    WHY = ""
needs_sandbox = pytest.mark.skipif(SANDBOX is None, reason=f"no sandbox on this host: {WHY}")

PROBE = """
import json, os, sys
seen = {}
for path in sys.argv[1:]:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path).read()
        seen[path] = "read"
    except OSError as err:
        seen[path] = type(err).__name__
open("mine.txt", "w").write("ok")
print(json.dumps({"uid": os.getuid(), "cwd": os.getcwd(), "seen": seen, "env": sorted(os.environ)}))
"""


def test_kernel_env_keeps_the_kernel_settings_and_drops_everything_else(tmp_path):
    env = {"TF_CPP_MIN_LOG_LEVEL": "3", "OMP_NUM_THREADS": "1", "VAELAB_CACHE_DIR": "/c",
           "PYTHONHASHSEED": "0", "AWS_SECRET_ACCESS_KEY": "x", "VAELAB_TA_TOKEN": "y", "HOME": "/root",
           "SSH_AUTH_SOCK": "/s"}  # fmt: skip
    kept = kernel_env(env, tmp_path)
    assert {"TF_CPP_MIN_LOG_LEVEL", "OMP_NUM_THREADS", "VAELAB_CACHE_DIR", "PYTHONHASHSEED"} <= set(kept)
    assert not {"AWS_SECRET_ACCESS_KEY", "VAELAB_TA_TOKEN", "SSH_AUTH_SOCK"} & set(kept)
    assert kept["HOME"] == kept["TMPDIR"] == str(tmp_path)


def test_the_command_is_an_allow_list(tmp_path):
    (tmp_path / "py").mkdir()
    (tmp_path / "project" / "autograder").mkdir(parents=True)
    readonly = (str(tmp_path / "py"), str(tmp_path / "project" / "autograder"))
    box = sandbox.Sandbox("bwrap", "setpriv", "prlimit", readonly)
    command = box.command(["/tmp/vaelab-1-x/0"], {"A": "1"}, uid=UID_BASE + 3, processes=64)
    binds = [command[i + 1] for i, arg in enumerate(command) if arg in ("--bind", "--ro-bind")]
    assert "/" not in binds
    assert command[command.index("--bind") + 1] == "/tmp/vaelab-1-x/0"  # the only writable place
    assert {"--unshare-net", "--unshare-pid", "--clearenv", "--die-with-parent"} <= set(command)
    # Each parent of a bind target is made by --dir (mode 0755), or bwrap makes it 0700.
    dirs = [command[i + 1] for i, arg in enumerate(command) if arg == "--dir"]
    assert {str(tmp_path), str(tmp_path / "project"), "/tmp/vaelab-1-x"} <= set(dirs)
    assert command[command.index("/tmp/vaelab-1-x") - 3 :][:2] == ["--perms", "0711"]  # never listable
    tail = command[command.index("--") + 1 :]
    assert tail[:2] == ["prlimit", "--nproc=64"] and f"--reuid={UID_BASE + 3}" in tail
    assert {"--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--clear-groups"} <= set(tail)


def test_describe_says_what_is_isolated():
    assert sandbox.describe("off").startswith("none")
    assert sandbox.describe("auto").startswith("sandboxed" if SANDBOX else "none")


@needs_sandbox
def test_a_sandboxed_process_reaches_only_its_own_folder(tmp_path):
    root = SandboxRoot()
    try:
        mine, theirs = root.folder(UID_BASE + 1), root.folder(UID_BASE + 2)
        (theirs / "answers.txt").write_text("someone else's work")
        secret = tmp_path / "hidden_tests.py"
        secret.write_text("THRESHOLD = 0.05")
        # The precomputed cache lives under OUT (often under /tmp): the kernel sees it at CACHE_MOUNT,
        # read-only, and never the path under OUT.
        shared = tmp_path / "out" / ".vaelab" / "cache" / "week-abc"
        shared.mkdir(parents=True)
        (shared / "values.pkl").write_text("student-independent")
        env = kernel_env({"PYTHONHASHSEED": "0", "GRADER_TOKEN": "t", CACHE_DIR_ENV: str(shared)}, mine)
        assert env[CACHE_DIR_ENV] == CACHE_MOUNT
        command = SANDBOX.command([mine], env, cwd=mine, uid=UID_BASE + 1, processes=64,
                                  readonly=[cache_bind(shared)])  # fmt: skip
        # Nor the store the grader keeps those values in between batches (~/.cache/vaelab/precomputed by
        # default; this run's store under /tmp).
        store = precomputed.default_store()
        store.mkdir(parents=True, exist_ok=True)
        targets = [str(theirs / "answers.txt"), str(theirs), str(root.path), str(secret), "/etc/shadow",
                   f"{CACHE_MOUNT}/values.pkl", str(shared), str(tmp_path / "out"), str(store),
                   str(Path.home() / ".cache")]  # fmt: skip
        done = subprocess.run([*command, sys.executable, "-c", PROBE, *targets], capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        import json

        report = json.loads(done.stdout)
        assert report["uid"] == UID_BASE + 1 and report["cwd"] == str(mine)
        assert report["seen"].pop(f"{CACHE_MOUNT}/values.pkl") == "read"
        assert "read" not in report["seen"].values(), report["seen"]
        assert "GRADER_TOKEN" not in report["env"]
        assert (mine / "mine.txt").read_text() == "ok"
    finally:
        root.close()
    assert not root.path.exists()


@needs_sandbox
def test_a_kernel_judged_outside_itself_sees_neither_the_reference_nor_the_hidden_tests(tmp_path):
    root = SandboxRoot()
    try:
        mine = root.folder(UID_BASE + 1)
        hidden = grading_folders()
        command = SANDBOX.command([mine], kernel_env({}, mine), cwd=mine, uid=UID_BASE + 1, processes=64,
                                  hidden=hidden)  # fmt: skip
        reference, weeks = (Path(p) for p in hidden)
        targets = [str(reference / "vae.py"), str(weeks / "04_vae" / "conftest.py")]
        code = PROBE + "import autograder.probe, autograder.student; print('IMPORTED')\n"
        done = subprocess.run([*command, sys.executable, "-c", code, *targets], capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        import json

        report = json.loads(done.stdout.splitlines()[0])
        assert "read" not in report["seen"].values(), report["seen"]
        assert done.stdout.splitlines()[1] == "IMPORTED", "the kernel keeps the probe and the student helpers"
    finally:
        root.close()


@needs_sandbox
def test_submission_folders_are_private_and_the_root_cannot_be_listed():
    root = SandboxRoot()
    try:
        folder = root.folder(UID_BASE + 7)
        assert oct(root.path.stat().st_mode & 0o777) == "0o711"
        assert oct(folder.stat().st_mode & 0o777) == "0o700" and folder.stat().st_uid == UID_BASE + 7
        assert len(str(folder / "k-12345")) < 100, "unix socket paths must stay short"
    finally:
        root.close()


def test_roots_of_dead_graders_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path("/tmp") / f"vaelab-{dead.pid}-stale"
    stale.mkdir()
    live = Path("/tmp") / f"vaelab-{os.getpid()}-live"
    live.mkdir()
    try:
        SandboxRoot().close()
        assert not stale.exists() and live.exists()
    finally:
        live.rmdir()
