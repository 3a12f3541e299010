"""Student-independent work (reference outputs, held-out data) computed once, not once per submission.

`memo` keeps a value for the life of the process. A week's conftest declares its expensive values with
`@persisted(key)`; `vaelab grade` computes every one of them once per assignment, before any student code
runs, in a clean process (`precompute`), into a folder. A kernel loads such a value only if the file's
SHA-256 matches the digest the grader put in the kernel's environment, so a submission that tampers with
the folder cannot change what another submission is judged against (nor run code through the
unpickler). Without the folder (plain nbgrader, `vaelab verify`) the value is computed where it is
first needed, by the same function: the same value either way.
"""

import functools
import hashlib
import json
import os
import pickle
from pathlib import Path

_MEMO = {}
_PERSISTED = {}  # key -> zero-argument function, declared by the weeks' conftests with @persisted
CACHE_DIR_ENV = "VAELAB_CACHE_DIR"  # where precompute writes
DIGESTS_ENV = "VAELAB_CACHE_DIGESTS"  # JSON {file name: sha256} a kernel may trust
# Where this process reads the cache (and whether it fills it): set by `trust` or `fill` in the grader's
# own processes; a kernel has no call for it and reads the two variables above from the environment the
# grader started it with.
_WHERE = {}


def trust(kernel_env):
    """Read precomputed values as a kernel started with `kernel_env` (the grader's (name, value) pairs)
    reads them: this process judges that kernel's submission outside it."""
    env = dict(kernel_env)
    _WHERE.update(folder=env.get(CACHE_DIR_ENV), digests=env.get(DIGESTS_ENV))


def fill(folder):
    """Write every persisted value this process computes into `folder` (precompute)."""
    _WHERE.update(folder=str(folder), digests=None)


def _where():
    """(cache folder, digests JSON) of this process, either None when it has none."""
    if _WHERE:
        return _WHERE["folder"], _WHERE["digests"]
    return os.environ.get(CACHE_DIR_ENV), os.environ.get(DIGESTS_ENV)


def _trusted(key):
    """The precomputed value of `key`, or None when there is none or it does not match its digest."""
    folder, digests = _where()
    if not folder or not digests:
        return None
    name = f"{key}.pkl"
    expected = json.loads(digests).get(name)
    path = Path(folder) / name
    if expected is None or not path.is_file():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    return pickle.loads(data)


def memo(key, compute, persist=False):
    """compute() the first time `key` is asked for, then the stored value."""
    if key in _MEMO:
        return _MEMO[key]
    value = _trusted(key) if persist else None
    if value is None:
        value = compute()
        folder, trusted = _where()
        if persist and folder and not trusted:  # only precompute writes
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{key}.pkl").write_bytes(pickle.dumps(value))
    _MEMO[key] = value
    return value


def digests(folder):
    """{file name: sha256} of every precomputed value in `folder`."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).glob("*.pkl"))}


def persisted(key):
    """Decorator: `compute()` is student-independent and expensive; the decorated function returns its
    value, memoized and, under `vaelab grade`, precomputed once per assignment."""

    def declare(compute):
        _PERSISTED[key] = compute

        @functools.wraps(compute)
        def value():
            return memo(key, compute, persist=True)

        return value

    return declare


def compute_persisted():
    """Compute every value declared so far (precompute calls it after `fill`); their keys."""
    for key, compute in list(_PERSISTED.items()):
        memo(key, compute, persist=True)
    return sorted(_PERSISTED)
