"""Student-independent work (reference outputs, held-out data) computed once, not once per submission.

`memo` keeps a value for the life of the process. `persist=True` values can also come from a folder
that `vaelab grade` fills once per assignment, before any student code runs (`precompute`), in a clean
process judging the course's own solution. A kernel loads such a value only if the file's SHA-256
matches the digest the grader put in the kernel's environment, so a submission that tampers with the
folder cannot change what another submission is judged against (nor run code through the unpickler).
"""

import hashlib
import json
import os
import pickle
from pathlib import Path

_MEMO = {}
CACHE_DIR_ENV = "VAELAB_CACHE_DIR"  # where precompute writes
DIGESTS_ENV = "VAELAB_CACHE_DIGESTS"  # JSON {file name: sha256} a kernel may trust


def _trusted(key):
    """The precomputed value of `key`, or None when there is none or it does not match its digest."""
    folder, digests = os.environ.get(CACHE_DIR_ENV), os.environ.get(DIGESTS_ENV)
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
        folder = os.environ.get(CACHE_DIR_ENV)
        if persist and folder and not os.environ.get(DIGESTS_ENV):  # only precompute writes
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{key}.pkl").write_bytes(pickle.dumps(value))
    _MEMO[key] = value
    return value


def digests(folder):
    """{file name: sha256} of every precomputed value in `folder`."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).glob("*.pkl"))}
