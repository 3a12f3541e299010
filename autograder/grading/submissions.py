"""Collect: one Submission per student, its notebook copied to workdir/<student_id>/<assignment>.ipynb.

Sources: a folder of <student_id>/ folders, nbgrader's submitted/<student_id>/<assignment>/ tree (or the
course root above it), or an LMS export zip (see lms.py). Nothing here parses the notebook JSON: a later
stage does, so a corrupt notebook is still a Submission with a path. A student's folder may hold nbgrader's
timestamp.txt: the Submission carries that time (an unreadable one counts as unknown).
"""

import datetime
import hashlib
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from nbgrader.utils import parse_utc

from autograder.grading.outcome import Submission

# Notebooks with embedded plots reach a few MB; 50 MB is far past any honest submission.
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
# Student ids become directory names and CSV fields.
SAFE_ID = re.compile(r"[A-Za-z0-9_@-][A-Za-z0-9._@-]*")
UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._@-]+")
JUNK_NAMES = frozenset({"__MACOSX", ".DS_Store", ".ipynb_checkpoints", "Thumbs.db", "desktop.ini"})
# A problem lists at most this many file names so it stays one readable line.
LISTED_NAMES = 5
# Where nbgrader (collect, the exchange) records when a student submitted, beside their notebooks.
TIMESTAMP_FILE = "timestamp.txt"


def is_junk(parts):
    """True when any path part is OS or Jupyter litter (__MACOSX, .DS_Store, checkpoints, hidden files)."""
    return any(part in JUNK_NAMES or part.startswith((".", "~$")) for part in parts)


def is_notebook(name):
    """True for a file name ending in .ipynb, any case."""
    return name.lower().endswith(".ipynb")


def list_names(names):
    """'a, b, c' for a problem message, cut after a few names."""
    names = sorted(names)
    shown = ", ".join(names[:LISTED_NAMES])
    more = len(names) - LISTED_NAMES
    return f"{shown} and {more} more" if more > 0 else shown


def no_notebook_problem(names):
    """The one-line problem for a student whose files hold no notebook."""
    return f"no .ipynb notebook found (got: {list_names(names)})" if names else "no .ipynb notebook found"


def safe_id(raw):
    """raw unchanged when already safe, else accents dropped, other characters runs -> '_', no leading dot."""
    raw = raw.strip()
    if SAFE_ID.fullmatch(raw):
        return raw
    # NFKD splits 'é' into 'e' plus a combining accent, so 'José' becomes 'Jose' rather than 'Jos_'.
    plain = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))
    cleaned = UNSAFE_RUN.sub("_", plain).lstrip("._").rstrip("_")
    return cleaned or "student"


def unique_ids(raw_ids):
    """{raw id: safe id}, distinct raw ids kept distinct by suffixes -2, -3, ... in sorted order."""
    raw_ids = sorted(set(raw_ids))
    mapping, taken = {}, set()
    # Every id claims its own safe form before any suffix is handed out, so a suffixed id never takes
    # the name another student would have had; casefold because macOS and Windows folders ignore case.
    for raw in sorted(raw_ids, key=lambda r: (safe_id(r) != r, r)):
        if safe_id(raw).casefold() not in taken:
            mapping[raw] = safe_id(raw)
            taken.add(mapping[raw].casefold())
    for raw in raw_ids:
        if raw not in mapping:
            number = 2
            while f"{safe_id(raw)}-{number}".casefold() in taken:
                number += 1
            mapping[raw] = f"{safe_id(raw)}-{number}"
            taken.add(mapping[raw].casefold())
    return mapping


def check_assignment(assignment):
    """Raise ValueError unless the assignment name is safe as a file name."""
    if not SAFE_ID.fullmatch(assignment):
        raise ValueError(f"assignment name {assignment!r} must match [A-Za-z0-9._@-]+ without a leading dot")


def store(student_id, data, assignment, workdir):
    """Write a notebook's bytes to workdir/<student_id>/<assignment>.ipynb: its valid Submission."""
    target = Path(workdir) / student_id / f"{assignment}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Submission(student_id, target, hashlib.sha256(data).hexdigest())


def collect(source, assignment, workdir):
    """Every student's Submission for one assignment from a folder or an LMS zip, sorted by student_id."""
    check_assignment(assignment)
    source, workdir = Path(source), Path(workdir)
    if not source.exists():
        raise ValueError(f"submissions not found: {source}")
    if source.is_file():
        if source.suffix.lower() != ".zip":
            raise ValueError(f"{source} is not a folder of submissions or an LMS export .zip")
        # Imported here because lms builds on this module's helpers.
        from autograder.grading.lms import extract_lms_zip

        return extract_lms_zip(source, assignment, workdir)
    folders = student_folders(source, assignment, workdir)
    if not folders:
        raise ValueError(
            f"{source} holds no submissions: expected <student_id>/*.ipynb folders, nbgrader's "
            f"submitted/<student_id>/{assignment}/ tree, or an LMS export .zip"
        )
    ids = unique_ids(folders)
    submissions = [collect_folder(ids[raw], folders[raw], assignment, workdir) for raw in folders]
    return sorted(submissions, key=lambda s: s.student_id)


def student_folders(source, assignment, workdir):
    """{raw student id: the folder (or loose notebook) holding their files for this assignment}."""
    submitted = source / "submitted"
    if submitted.is_dir() and nbgrader_layout(subfolders(submitted, workdir), assignment):
        source = submitted
    folders = subfolders(source, workdir)
    if nbgrader_layout(folders, assignment):
        # Students without this assignment's folder submitted other assignments, not this one.
        return {f.name: f / assignment for f in folders if (f / assignment).is_dir()}
    folders = {f.name: f for f in folders}
    # Loose notebooks beside the student folders are one student each, named by the file stem.
    for loose in sorted(source.iterdir()):
        if loose.is_file() and is_notebook(loose.name) and not is_junk([loose.name]):
            folders[loose.name if loose.stem in folders else loose.stem] = loose
    return folders


def subfolders(folder, workdir):
    """The non-junk folders directly inside folder, sorted, without the workdir or any folder above it."""
    workdir = workdir.resolve()
    # A workdir inside the source would otherwise turn a second run's copies into students.
    return [
        f for f in sorted(folder.iterdir())
        if f.is_dir() and not is_junk([f.name]) and f.resolve() not in (workdir, *workdir.parents)
    ]


def nbgrader_layout(folders, assignment):
    """True when some student folder holds an <assignment> folder, as nbgrader's submitted/ tree does."""
    return any((f / assignment).is_dir() for f in folders)


def collect_folder(student_id, folder, assignment, workdir):
    """One student's Submission from their folder (or loose notebook file)."""
    names = [folder.name] if folder.is_file() else files_under(folder)
    notebook, problem = pick_notebook(names, assignment)
    if problem:
        return Submission(student_id, None, problem=problem)
    path = folder if folder.is_file() else folder / notebook
    if path.is_symlink():
        return Submission(student_id, None, problem=f"notebook is a symlink: {notebook}")
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return Submission(student_id, None, problem=f"notebook larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
    submitted_at = read_timestamp(folder / TIMESTAMP_FILE) if folder.is_dir() else None
    return replace(store(student_id, path.read_bytes(), assignment, workdir), submitted_at=submitted_at)


def read_timestamp(path):
    """The UTC time in an nbgrader timestamp.txt, or None when there is none or it cannot be read."""
    try:
        text = path.read_text(errors="replace").strip() if path.is_file() and not path.is_symlink() else ""
        return parse_utc(text).replace(tzinfo=datetime.timezone.utc) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def files_under(folder):
    """Every non-junk file below folder as a POSIX path relative to it, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not is_junk([d])]
        relative = Path(root).relative_to(folder)
        found += [(relative / f).as_posix() for f in files if not is_junk([f])]
    return sorted(found)


def pick_notebook(names, assignment):
    """(the one notebook among names, "") or (None, why none could be chosen)."""
    notebooks = [n for n in names if is_notebook(n)]
    named = [n for n in notebooks if n.rsplit("/", 1)[-1] == f"{assignment}.ipynb"]
    if len(named) == 1:
        return named[0], ""
    if len(notebooks) == 1:
        return notebooks[0], ""
    if not notebooks:
        return None, no_notebook_problem(names)
    return None, f"several notebooks and none is the only {assignment}.ipynb (got: {list_names(notebooks)})"
