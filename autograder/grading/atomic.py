"""Files a grader killed at any moment leaves whole: written to a temporary name, renamed into place.

A SIGKILL between creating the temporary file and renaming it leaves that temporary behind (nothing
can catch the signal); the next batch on the same OUT sweeps such leftovers before it writes, under
an exclusive lock on OUT, so it never sweeps a live writer's file.
"""

import fcntl
import os
import re
import shutil
import tempfile
from pathlib import Path

# Every temporary this module makes is named ".<final name>.<random>.tmp" (or "<folder>.partial-<pid>").
TEMPORARY = re.compile(r"^\..+\.tmp$")
PARTIAL = ".partial-"


class BatchLocked(RuntimeError):
    """Another grader is writing to the same OUT."""


def write_atomic(path, text):
    """Write `text` (str, or bytes as they are) to `path` so that readers see the old file or the new one,
    never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    mode = {"mode": "wb"} if isinstance(text, bytes) else {"mode": "w", "encoding": "utf-8", "newline": ""}
    try:
        with os.fdopen(fd, **mode) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def partial_folder(folder):
    """Where to build `folder` before renaming it into place (see `publish_folder`)."""
    folder = Path(folder)
    return folder.with_name(f"{folder.name}{PARTIAL}{os.getpid()}")


def publish_folder(partial, folder):
    """Rename a finished `partial` folder to `folder` in one step."""
    os.replace(partial, folder)


def sweep(root, keep=(), partials=()):
    """Remove the temporary files a killed writer left under `root` (not under `keep`), and the partial
    folders left directly in each folder of `partials`. Returns the paths removed.

    Call it only while holding `lock(root)`.
    """
    keep = tuple(Path(k) for k in keep)
    removed = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in keep]
        for name in filenames:
            if TEMPORARY.match(name):
                (here / name).unlink(missing_ok=True)
                removed.append(here / name)
    for folder in map(Path, partials):
        for path in folder.glob(f"*{PARTIAL}*") if folder.is_dir() else ():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


class lock:  # noqa: N801 - used as a context manager, like open()
    """An exclusive lock on a batch's OUT folder for as long as the grader runs (released at its death)."""

    def __init__(self, root):
        self.path = Path(root) / ".vaelab" / "lock"

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a+")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise BatchLocked(
                f"another `vaelab grade` is writing to {self.path.parent.parent}: wait for it to finish, "
                "or grade into another --out"
            ) from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
