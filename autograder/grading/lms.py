"""LMS export zips (Canvas, Moodle): whose each file is, and each student's latest notebook read safely.

Who a file belongs to, by its path inside the zip:
- Canvas: <name>_[LATE_]<user id>_<submission id>_<file>, where Canvas writes a resubmitted <file> as
  <stem>-1<ext>, <stem>-2<ext>; the student id is <name>, or <name>_<user id> when one name has two users.
  LATE_ marks the Submission late (Canvas's name gives no time; Moodle's gives neither).
- Moodle: <Full Name>_<participant id>_assignsubmission_file_/<file>, or that prefix on a flat file; the
  student id is the full name, or <Full Name>_<participant id> when two participants share it.
- Fallback, for zips from neither: a top-level notebook is one student, named by its file stem; a file in
  folders belongs to the folder above an <assignment> folder (nbgrader's tree, zipped), else to its first
  folder once wrapper folders that every such file shares are set aside.
The latest notebook is kept: highest Canvas submission id, then one named <assignment>.ipynb, then highest
resubmission number, latest entry date, last name, last entry. Entries are never extracted by their own
names: the kept notebook's bytes are read under size caps and written by submissions.store, so nothing
lands outside workdir whatever a name says.
"""

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from autograder.grading.outcome import Submission
from autograder.grading.submissions import (
    MAX_NOTEBOOK_BYTES,
    check_assignment,
    is_junk,
    is_notebook,
    no_notebook_problem,
    store,
    unique_ids,
)

# Ten maximal notebooks; more than any class's export of one assignment, far less than a zip bomb.
MAX_TOTAL_BYTES = 500 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
CANVAS = re.compile(r"(?P<name>[^_]+)_(?P<late>LATE_)?(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)", re.I)
MOODLE = re.compile(r"(?P<name>.+?)_(?P<user>\d+)_assignsubmission_[a-z]+_(?P<file>.*)")
RESUBMISSION = re.compile(r"(?P<stem>.+)-(?P<number>\d+)(?P<suffix>\.[^.]*)")
WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")
# Reading a member can fail in all these ways; each makes one student invalid, not the batch.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError)


@dataclass(frozen=True)
class Entry:
    """One file of the export: whose it is, how it ranks among its student's files, whether it is safe."""

    info: zipfile.ZipInfo
    index: int
    owner: tuple[str, str]  # (name as the LMS writes it, LMS user id or "" when it has none)
    filename: str  # the file as the student uploaded it
    submission: int = -1  # Canvas submission id
    resubmission: int = 0  # Canvas's -N suffix on a re-uploaded file name
    late: bool = False  # Canvas's _LATE_: submitted after the due date, by an amount the name does not give
    unsafe: str = ""  # non-empty: never read, and this says why


def extract_lms_zip(zip_path, assignment, workdir):
    """Each student's latest notebook in a Canvas/Moodle export, as Submissions sorted by student_id."""
    check_assignment(assignment)
    workdir = Path(workdir)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ValueError(f"{zip_path} is not a readable zip file: {error}") from error
    with archive:
        entries = classify(archive.infolist(), assignment)
        if not entries:
            raise ValueError(f"{zip_path} holds no student files (Canvas, Moodle or <student>.ipynb)")
        raw = student_ids(e.owner for e in entries)
        ids = unique_ids(raw.values())
        by_student = {}
        for entry in entries:
            by_student.setdefault(raw[entry.owner], []).append(entry)
        submissions, remaining = [], MAX_TOTAL_BYTES
        # Sorted, so which students a total-size overrun leaves unread does not depend on the zip's order.
        for student in sorted(ids, key=ids.get):
            mine = by_student[student]
            submission, used = submission_for(archive, ids[student], mine, assignment, workdir, remaining)
            submissions.append(submission)
            remaining -= used
    return submissions


def classify(infos, assignment):
    """An Entry per file that belongs to a student; folders, junk and stray top-level files dropped."""
    entries, unclaimed = [], []
    for index, info in enumerate(infos):
        name = info.filename.replace("\\", "/")
        # '..', '.', empty and drive parts are dropped only to tell whose the file is; it is never read.
        parts = tuple(p for p in name.split("/") if not dropped_part(p))
        if info.is_dir() or not parts or is_junk(parts):
            continue
        owned = scheme_owner(parts)
        if owned:
            entries.append(Entry(info, index, unsafe=unsafe_reason(info, name), **owned))
        else:
            unclaimed.append((info, index, name, parts))
    return entries + fallback_entries(unclaimed, assignment)


def dropped_part(part):
    """True for path parts that say nothing about whose a file is: '', '.', '..', a drive letter."""
    return part in ("", ".", "..") or bool(WINDOWS_DRIVE.fullmatch(part))


def unsafe_reason(info, name):
    """Why an entry must not be read ("" when it is an ordinary file at a relative path inside the zip)."""
    kind = stat.S_IFMT(info.external_attr >> 16)
    shown = "".join(c if c.isprintable() else "?" for c in name)
    if kind == stat.S_IFLNK:
        return f"symlink in zip: {shown}"
    # Zips written on Windows leave the Unix mode at zero, which means an ordinary file.
    if kind not in (0, stat.S_IFREG):
        return f"special file in zip: {shown}"
    if name.startswith("/") or WINDOWS_DRIVE.match(name) or ".." in name.split("/"):
        return f"unsafe path in zip: {shown}"
    return ""


def scheme_owner(parts):
    """Entry fields (owner, filename, ranks) from Moodle or Canvas naming, or None for neither."""
    for position, part in enumerate(parts):
        moodle = MOODLE.fullmatch(part)
        if moodle:
            filename = moodle["file"] if position == len(parts) - 1 else parts[-1]
            return {"owner": (moodle["name"].strip(), moodle["user"]), "filename": filename}
    canvas = CANVAS.fullmatch(parts[-1])
    if not canvas:
        return None
    resubmitted = RESUBMISSION.fullmatch(canvas["file"])
    filename = resubmitted["stem"] + resubmitted["suffix"] if resubmitted else canvas["file"]
    return {
        "owner": (canvas["name"], canvas["user"]),
        "filename": filename,
        "submission": int(canvas["submission"]),
        "resubmission": int(resubmitted["number"]) if resubmitted else 0,
        "late": bool(canvas["late"]),
    }


def fallback_entries(unclaimed, assignment):
    """Entries for files named by neither LMS: owned by the folder above <assignment>, 1st folder or stem."""
    entries, loose = [], []
    for info, index, name, parts in unclaimed:
        above = [parts[i - 1] for i in range(1, len(parts) - 1) if parts[i] == assignment]
        if above:
            entries.append(fallback_entry(info, index, name, above[-1]))
        elif len(parts) > 1 or is_notebook(parts[0]):
            loose.append((info, index, name, parts))
    shared = shared_folders([parts for *_, parts in loose])
    for info, index, name, parts in loose:
        parts = parts[shared:]
        if len(parts) > 1:
            entries.append(fallback_entry(info, index, name, parts[0]))
        elif is_notebook(parts[0]):
            entries.append(fallback_entry(info, index, name, PurePosixPath(parts[0]).stem))
    return entries


def fallback_entry(info, index, name, student):
    """An Entry owned by a plain student name, with no LMS user id."""
    return Entry(info, index, (student, ""), name.rsplit("/", 1)[-1], unsafe=unsafe_reason(info, name))


def shared_folders(paths):
    """How many leading folders every path shares, when setting them aside still leaves several owners."""
    if len(paths) < 2:
        return 0
    depth = 0
    while all(len(p) > depth + 1 for p in paths) and len({p[depth] for p in paths}) == 1:
        depth += 1
    return depth if len({p[depth] for p in paths}) > 1 else 0


def student_ids(owners):
    """{(name, user id): raw student id}: the name alone unless another user id shares it."""
    owners = set(owners)
    users = {}
    for name, user in owners:
        users.setdefault(name, set()).add(user)
    return {(name, user): f"{name}_{user}" if user and len(users[name]) > 1 else name
            for name, user in owners}


def rank(entry, assignment):
    """Sort key under which a student's latest notebook is the largest."""
    info = entry.info
    named = entry.filename == f"{assignment}.ipynb"
    return (entry.submission, named, entry.resubmission, info.date_time, info.filename, entry.index)


def submission_for(archive, student_id, entries, assignment, workdir, remaining):
    """(one student's Submission, bytes read) from their entries, reading at most remaining bytes."""
    safe = [e for e in entries if not e.unsafe]
    notebooks = [e for e in safe if is_notebook(e.filename)]
    if not notebooks:
        unsafe = sorted(e.unsafe for e in entries if e.unsafe)
        problem = unsafe[0] if unsafe else no_notebook_problem([e.filename for e in safe])
        return Submission(student_id, None, problem=problem), 0
    latest = max(notebooks, key=lambda e: rank(e, assignment))
    limit = min(MAX_NOTEBOOK_BYTES, remaining)
    try:
        data, used = read_capped(archive, latest.info, limit)
    except READ_ERRORS as error:
        problem = f"unreadable notebook in zip: {latest.filename} ({error})"
        return Submission(student_id, None, problem=problem), 0
    if data is None:
        too_big = (
            f"notebook larger than {MAX_NOTEBOOK_BYTES >> 20} MB" if limit == MAX_NOTEBOOK_BYTES
            else f"not read: the zip's notebooks exceed {MAX_TOTAL_BYTES >> 20} MB in total"
        )
        return Submission(student_id, None, problem=too_big), used
    return replace(store(student_id, data, assignment, workdir), marked_late=latest.late), used


def read_capped(archive, info, limit):
    """(the entry's bytes or None past limit, bytes read), counted as read since a header's size can lie."""
    if info.file_size > limit:
        return None, 0
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            total += len(chunk)
            if total > limit:
                return None, total
            chunks.append(chunk)
    return b"".join(chunks), total
