"""A week's student-independent values kept between batches, so that a machine computes them once.

`vaelab grade` computes a week's `@persisted` values (04's reference decoder, 05's baselines, 06's
pre-trained encoder) before any student code runs, into the batch's OUT (`precompute_cache` in
batch.py): a process that imports TensorFlow and trains, 12 to 26 CPU-seconds on a 2-core machine. The
values depend on nothing a submission brings, so every later batch of the week on the same machine
copies them from this store instead: the same files, whose digests the kernels then trust as before.

An entry is named by its week and a digest of everything that decides the values: the grader's and the
reference's code, the week's rules and fixtures, the library versions and the TensorFlow threads they
were computed with. Changing any of them names another entry; the store keeps the KEEP most recently
used entries of each week. Entries are written to a partial folder and renamed into place (a grader
killed mid-way leaves no half entry that a later batch would use), the store is private to its user
(mode 0700), and it never shows in the kernels' sandbox: only the batch's copy does, as before.

Where: VAELAB_PRECOMPUTED (empty: no store, every batch computes), else $XDG_CACHE_HOME/vaelab/precomputed
(~/.cache/vaelab/precomputed); `vaelab grade --precomputed DIR` overrides both.
"""

import hashlib
import importlib.metadata
import os
import platform
import re
import shutil
import sys
from pathlib import Path

from autograder.grading.atomic import PARTIAL, partial_folder, publish_folder
from autograder.week import WEEKS_DIR, hidden_tests_folder

STORE_ENV = "VAELAB_PRECOMPUTED"
KEEP = 4  # entries per week: a few versions of the grader side by side
# What the values are computed with, besides this project's code.
LIBRARIES = ("numpy", "scipy", "tensorflow", "keras", "mlxtend", "scikit-learn", "scikit-image")
_OWNER_PID = re.compile(re.escape(PARTIAL) + r"(\d+)$")


def default_store():
    """The store's folder, or None when VAELAB_PRECOMPUTED is set empty."""
    value = os.environ.get(STORE_ENV)
    if value is not None:
        return Path(value).expanduser() if value else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vaelab" / "precomputed"


def _version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def entry_name(assignment, threads):
    """`<assignment>-<digest>`: the entry of the values `assignment` computes with `threads` threads."""
    import autograder
    import reference

    digest = hashlib.sha256(f"{sys.version}|{platform.machine()}|threads={threads}".encode())
    for name in LIBRARIES:
        digest.update(f"|{name}={_version(name)}".encode())
    # The week's tests and conftest are among the grader's code (autograder/weeks/<week>/).
    roots = [Path(autograder.__file__).parent, Path(reference.__file__).parent]
    files = [(f"{root.name}/{p.relative_to(root)}", p) for root in roots for p in sorted(root.rglob("*.py"))]
    settings = (WEEKS_DIR / "pytest.ini", hidden_tests_folder(assignment) / "rules.toml")
    files += [(f"weeks/{p.relative_to(WEEKS_DIR)}", p) for p in settings]
    for name, path in files:
        if path.is_file():
            digest.update(b"\0" + name.encode() + b"\0" + path.read_bytes())
    return f"{assignment}-{digest.hexdigest()[:24]}"


def _copy(source, target):
    """Copy the folder `source` to `target`, built under a partial name and renamed into place; done too
    when `target` appeared meanwhile (another grader put the same values there)."""
    partial = partial_folder(target)
    shutil.rmtree(partial, ignore_errors=True)
    try:
        shutil.copytree(source, partial)
        publish_folder(partial, target)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        if not target.is_dir():
            raise


def fetch(store, entry, folder):
    """Copy the store's `entry` into `folder` (which must not exist); True when the store had it."""
    if store is None or not (Path(store) / entry).is_dir():
        return False
    kept = Path(store) / entry
    try:
        _copy(kept, Path(folder))
        os.utime(kept)  # most recently used: the last one pruned
    except OSError:
        return False
    return True


def keep(store, entry, folder):
    """Put a copy of the freshly computed `folder` in the store as `entry` (best effort: a store that
    cannot be written costs the next batch a computation, nothing else)."""
    if store is None:
        return
    store = Path(store)
    try:
        store.mkdir(parents=True, exist_ok=True, mode=0o700)
        _sweep_partials(store)
        _copy(folder, store / entry)
        _prune(store, entry.rsplit("-", 1)[0])
    except OSError as err:
        print(f"vaelab grade: could not keep precomputed values in {store} ({err})", file=sys.stderr)


def _sweep_partials(store):
    """Remove the partial entries of graders that died while writing them."""
    for path in store.glob(f"*{PARTIAL}*"):
        owner = _OWNER_PID.search(path.name)
        if owner is None or not _alive(int(owner.group(1))):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune(store, assignment):
    """Keep the KEEP most recently used entries of `assignment`."""
    pattern = re.compile(re.escape(assignment) + r"-[0-9a-f]{24}$")
    entries = [p for p in store.iterdir() if pattern.match(p.name) and p.is_dir()]
    entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
