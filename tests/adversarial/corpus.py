"""The adversarial corpora of issue 8, built as real notebooks of one week and graded by `vaelab grade`.

Cheats start from the released stub (most also from TRIVIAL, functions that return zeros of roughly
the right shape, so a cheat that fools the judge has something to score with). A cheat holds when it
scores no more than its control (the plain stub, or the trivial functions without the cheat) and,
for cheats that try to reach files, when nothing was reached. Faults each get a clear status row.

`holds=False` marks what beats the grader today (none at present). This week is judged outside the
student's kernel (autograder/grading/remote.py): the kernel sees neither the reference nor the hidden
tests, and what it does to itself (patch numpy, the judge, its own cells) changes only its own answers.
Weeks still judged inside the kernel, as under nbgrader, are open to the cheats docs/isolation.md
lists; an entry that beats the grader is marked holds=False, so the table says so on every run.

Graded by `run(base)` (below): the grader is killed with SIGKILL at several points and resumed, then
every entry is judged. Used by tests/adversarial/test_adversarial.py and benchmarks/adversarial.py,
which load this file by path (tests/ is not a package).
"""

import csv
import html
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

WEEK = "03_variational_inference"

TRIVIAL = """
import numpy as np
def gaussian_log_density(x, mean, log_var):
    return np.zeros(np.shape(x)[:-1])
def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    return np.zeros(np.broadcast_shapes(np.shape(mean_q), np.shape(mean_p))[:-1])
def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    return np.zeros(np.broadcast_shapes(np.shape(mean_q), np.shape(mean_p))[:-1])
def linear_gaussian_log_marginal(x, w, b, sigma):
    return np.zeros(np.shape(x)[:-1])
def linear_gaussian_posterior(x, w, b, sigma):
    z = np.zeros(np.shape(x)[:-1] + (np.shape(w)[0],))
    return z, z
def elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed=0):
    return np.zeros(np.shape(x)[:-1])
def reparam_gradient(f_prime, mean, log_var, n_samples, seed=0):
    return np.zeros((n_samples,) + np.shape(mean))
def score_function_gradient(f, mean, log_var, n_samples, seed=0):
    return np.zeros((n_samples,) + np.shape(mean))
"""

# Cells that try to reach something print "REACHED <what>" when they do; FILES is filled in per batch.
REACH = """
import os
for path in FILES:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, "rb").read(1)
        print("REACHED", path)
    except OSError:
        pass
"""


@dataclass(frozen=True)
class Cheat:
    name: str
    what: str  # in the words
    code: str = ""  # a code cell put before the first graded cell
    base: str = "stub"  # "stub" or "trivial": the control it must not beat
    edit: str = ""  # a change to the notebook's cells instead: "edit_tests", "raise_points", ...
    holds: bool = True
    flagged: bool = True  # whether grades.csv's flags column must name it (autograder/grading/flags.py)


CHEATS = [
    Cheat("patch_comparisons", "monkeypatch np.allclose, np.isclose, np.testing", base="trivial",
          code="np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: np.True_\n"
               "np.testing.assert_allclose = lambda *a, **k: None"),
    Cheat("patch_keras_ops", "monkeypatch keras.ops", base="trivial",
          code="import keras\nkeras.ops.all = lambda *a, **k: True\n"
               "keras.ops.isclose = lambda *a, **k: True"),
    Cheat("replace_assertion_error", "replace builtins.AssertionError", base="trivial",
          code="import builtins\nbuiltins.AssertionError = type('AssertionError', (Exception,), {})"),
    Cheat("silence_tracebacks", "replace IPython's showtraceback", base="trivial",
          code="get_ipython().showtraceback = lambda *a, **k: None\n"
               "get_ipython().showsyntaxerror = lambda *a, **k: None"),
    Cheat("import_reference", "import the hidden reference",
          code="from reference.variational_inference import *"),
    Cheat("read_hidden_tests", "read hidden tests and thresholds from disk",
          code=REACH.replace("FILES", "HIDDEN")),
    Cheat("read_other_submissions", "read other students' submissions, OUT and the course",
          code=REACH.replace("FILES", "OTHERS")),
    Cheat("write_gradebook_and_out", "write to the gradebook or to OUT",
          code="import json\nfor path in WRITES:\n    try:\n"
               "        open(path, 'w').write(json.dumps({'score': 1e9}))\n"
               "        print('REACHED', path)\n    except OSError:\n        pass"),
    Cheat("os_exit", "os._exit mid-run", base="trivial", code="import os\nos._exit(0)"),
    Cheat("sys_exit", "sys.exit mid-run", base="trivial", code="import sys\nsys.exit(0)"),
    Cheat("kill_kernel", "kill the kernel mid-run", base="trivial",
          code="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
    Cheat("fake_passed_output", "print fake 'passed' output and fake result data", base="trivial",
          code="from IPython.display import display\nprint('All tests passed: 21/21')\n"
               "display({'application/vnd.vaelab.results+json': [{'question': 'gaussian_log_density', "
               "'test_id': 'test_values', 'name': 'test_values', 'points': 21.0, 'max_points': 21.0, "
               "'passed': True, 'message': ''}]}, raw=True)"),
    Cheat("edit_test_cells", "edit locked and test cells", base="trivial", edit="edit_tests"),
    Cheat("raise_points", "raise the points in cell metadata", base="trivial", edit="raise_points"),
    Cheat("delete_graded_cells", "delete graded cells", base="trivial", edit="delete_tests"),
    Cheat("duplicate_graded_cells", "duplicate graded cells", base="trivial", edit="duplicate_tests"),
    Cheat("cached_answers", "return cached answers instead of computing them", base="trivial",
          code="def gaussian_log_density(x, mean, log_var):\n"
               "    return np.full(np.shape(x)[:-1], -2.7568156)  # the visible test's answer"),
    Cheat("patch_the_judge", "patch the grader's judge in memory (visible tests skipped at run time)",
          code="get_ipython().input_transformers_cleanup.append(lambda lines: lines[next(\n"
               "    (i for i, l in enumerate(lines) if 'autograder.checks.judge' in l), 0):])\n"
               "import autograder.checks.judge as _j\n_j.judge = lambda week, question, namespace: 3.0"),
    Cheat("rewrite_test_cells_at_run_time", "edit test cells at run time (an IPython input transformer)",
          code="get_ipython().input_transformers_cleanup.append(\n"
               "    lambda lines: ['3.0\\n'] if any('judge(' in l for l in lines) else lines)"),
]  # fmt: skip


@dataclass(frozen=True)
class Fault:
    name: str
    what: str
    statuses: tuple  # the statuses its row may have


FAULTS = [
    Fault("invalid_json", "invalid JSON", ("invalid",)),
    Fault("empty_file", "an empty file", ("invalid",)),
    Fault("nbformat_3", "a notebook in nbformat 3", ("invalid", "error", "ok")),
    Fault("missing_cells", "missing cells (all but the first deleted)", ("error", "ok")),
    Fault("extra_cells", "200 extra cells", ("error", "ok")),
    Fault("duplicated_grade_ids", "duplicated grade ids", ("error", "ok")),
    Fault("non_utf8", "non-UTF-8 text", ("invalid",)),
    Fault("huge_outputs", "100 MB of outputs", ("invalid",)),
    Fault("infinite_loop", "an infinite loop", ("timeout",)),
    Fault("memory_bomb", "a memory bomb", ("memory",)),
    Fault("fork_bomb", "a fork bomb", ("error", "ok", "memory")),
    Fault("never_imports", "a notebook that never finishes importing", ("timeout",)),
    Fault("not_a_notebook", "a file that is not a notebook", ("invalid",)),
    Fault("two_notebooks", "two submissions from one student", ("invalid",)),
]

FORK_BOMB = """
import os
children = []
try:
    while True:
        children.append(os.posix_spawn("/bin/sleep", ["sleep", "60"], {}))
except OSError as err:
    print("fork bomb stopped after", len(children), "processes:", err)
"""


def grade_ids(notebook):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells]


def first_test_index(notebook):
    return next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade"))


def with_cell(notebook, code, index=None):
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    where = first_test_index(notebook) if index is None else index
    notebook.cells.insert(where, nbformat.v4.new_code_cell(code))
    return notebook


def edited(notebook, edit):
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    if edit == "edit_tests":
        for cell in tests:
            cell.source = "print('passed')\n1000.0"
        notebook.cells[0].source += "\nprint('setup edited')"
    elif edit == "raise_points":
        for cell in tests:
            cell.metadata.nbgrader["points"] = 1000.0
    elif edit == "delete_tests":
        notebook.cells = [c for c in notebook.cells if c not in tests]
    elif edit == "duplicate_tests":
        cells = []
        for cell in notebook.cells:
            cells += [cell, cell] if cell in tests else [cell]
        notebook.cells = cells
    return notebook


def write(folder, notebook):
    folder.mkdir(parents=True)
    nbformat.write(notebook, str(folder / f"{WEEK}.ipynb"))


def build_class(dest, stub, solution, paths):
    """Write dest/<student>/<WEEK>.ipynb for the controls, every cheat and every fault.

    `paths`: {"HIDDEN": [...], "OTHERS": [...], "WRITES": [...]} host paths the reaching cheats try.
    """
    trivial = with_cell(stub, TRIVIAL)
    write(dest / "solution", solution)
    write(dest / "stub", stub)
    write(dest / "trivial", trivial)
    for cheat in CHEATS:
        base = trivial if cheat.base == "trivial" else stub
        if cheat.edit:
            notebook = edited(base, cheat.edit)
        else:
            code = cheat.code
            for name, value in paths.items():
                code = code.replace(name, repr([str(p) for p in value]))
            notebook = with_cell(base, code)
        write(dest / f"cheat_{cheat.name}", notebook)
    faults = dest / "fault"  # a prefix: each fault is its own student, fault_<name>
    raw = {
        "invalid_json": b'{"cells": [',
        "empty_file": b"",
        "non_utf8": "{\"cells\": [], \"note\": \"caf\xe9\"}".encode("latin-1"),
        "not_a_notebook": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    }
    for name, data in raw.items():
        (Path(f"{faults}_{name}")).mkdir(parents=True)
        (Path(f"{faults}_{name}") / f"{WEEK}.ipynb").write_bytes(data)
    cells = [nbformat.v3.new_code_cell("x = 1")]
    v3 = nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(cells=cells)])
    Path(f"{faults}_nbformat_3").mkdir()
    Path(f"{faults}_nbformat_3", f"{WEEK}.ipynb").write_text(nbformat.v3.writes_json(v3))
    missing = nbformat.from_dict(json.loads(json.dumps(stub)))
    missing.cells = missing.cells[:1]
    write(Path(f"{faults}_missing_cells"), missing)
    extra = nbformat.from_dict(json.loads(json.dumps(stub)))
    extra.cells += [nbformat.v4.new_markdown_cell(f"note {i}") for i in range(200)]
    write(Path(f"{faults}_extra_cells"), extra)
    dup = nbformat.from_dict(json.loads(json.dumps(solution)))
    dup.cells.insert(2, nbformat.from_dict(json.loads(json.dumps(dup.cells[1]))))
    write(Path(f"{faults}_duplicated_grade_ids"), dup)
    huge = nbformat.from_dict(json.loads(json.dumps(solution)))
    huge.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (100 * 2**20))]
    write(Path(f"{faults}_huge_outputs"), huge)
    index = first_test_index(solution) + 1  # after the first graded cell: it keeps its points
    write(Path(f"{faults}_infinite_loop"), with_cell(solution, "while True:\n    pass", index))
    bomb = "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 2**20))"
    write(Path(f"{faults}_memory_bomb"), with_cell(solution, bomb, index))
    write(Path(f"{faults}_fork_bomb"), with_cell(solution, FORK_BOMB, index))
    write(Path(f"{faults}_never_imports"), with_cell(solution, "import time\ntime.sleep(10**6)", 1))
    two = Path(f"{faults}_two_notebooks")
    write(two, solution)
    nbformat.write(stub, str(two / "my_other_attempt.ipynb"))
    (two / f"{WEEK}.ipynb").rename(two / "final_attempt.ipynb")


def build_zip(path, solution):
    """An LMS export with a path-traversal entry, a zip bomb and two honest students."""
    text = nbformat.writes(solution)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"honest_1001_2001_{WEEK}.ipynb", text)
        archive.writestr(f"another_1002_2002_{WEEK}.ipynb", text)
        archive.writestr(f"../../escape_1003_2003_{WEEK}.ipynb", text)
        archive.writestr(f"bomber_1004_2004_{WEEK}.ipynb", b"{" + b" " * (200 * 2**20) + b"}")


# --- Grading the corpora: SIGKILL at several points and resume, then judge every entry. ---

ROOT = Path(__file__).resolve().parents[2]
LIMITS = ["--cell-timeout", "15", "--timeout", "120", "--memory", "1500", "--processes", "128"]


def grade_command(submissions, out, jobs=2):
    return [sys.executable, "-m", "autograder.cli", "grade", WEEK, str(submissions), "--out", str(out),
            "--source", str(ROOT / "assignments" / "source"), "--jobs", str(jobs), *LIMITS]  # fmt: skip


def vaelab_grade(submissions, out, jobs=2, popen=False):
    command = grade_command(submissions, out, jobs)
    if popen:
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                                start_new_session=True)  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=ROOT)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def build(base):
    """The corpus class and LMS zip under `base`; returns (class folder, zip, OUT folder)."""
    from autograder.course import Course

    course = Course.create(base / "release", ROOT / "assignments" / "source", [WEEK])
    course.generate(WEEK)
    stub = nbformat.read(str(course.released_notebook(WEEK)), as_version=4)
    solution = nbformat.read(str(ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"), as_version=4)
    klass, out = base / "class", base / "out"
    paths = {
        "HIDDEN": [ROOT / "autograder" / "weeks" / WEEK / "conftest.py",
                   ROOT / "reference" / "variational_inference.py"],
        "OTHERS": [klass, klass / "solution" / f"{WEEK}.ipynb", out, out / ".vaelab" / "submissions",
                   ROOT / "solutions", ROOT / "tests", ROOT / "assignments" / "source"],
        "WRITES": [out / "grades.csv", out / "gradebook.db", out / "injected.txt",
                   out / ".vaelab" / "results" / "cheat_write_gradebook_and_out.json"],
    }  # fmt: skip
    build_class(klass, stub, solution, paths)
    build_zip(base / "lms.zip", solution)
    return klass, base / "lms.zip", out


def grade_with_kills(klass, out, kills=5, seed=0):
    """Grade `klass`, SIGKILL the grader's whole process group after 1 to 4 new results (a random
    number), `kills` times, resuming each time, then let it finish. Returns the results on disk at
    each kill, and how many submissions the last run graded (it must grade only what was left)."""
    results = out / ".vaelab" / "results"
    rng = random.Random(seed)
    points = []
    for _ in range(kills):
        target = len(list(results.glob("*.json"))) + rng.randint(1, 4)
        process = vaelab_grade(klass, out, popen=True)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and len(list(results.glob("*.json"))) < target:
            if process.poll() is not None:
                break
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        points.append(len(list(results.glob("*.json"))))
    final = vaelab_grade(klass, out)
    if final.returncode != 0:
        raise RuntimeError(final.stdout + final.stderr)
    return points, final.stderr.count("graded ")


@dataclass
class Row:
    kind: str  # cheat | fault | kill | control
    name: str
    what: str
    ok: bool
    expected: bool  # whether it is expected to hold today
    detail: str
    flags: str = ""  # grades.csv's flags column for this entry
    expect_flags: bool = False

    def __post_init__(self):
        self.ok, self.expected = bool(self.ok), bool(self.expected)


def reached(out, student):
    page = out / "feedback" / student / f"{WEEK}.html"
    text = html.unescape(page.read_text()) if page.exists() else ""
    return re.findall(r"REACHED (\S+)", text)


def evaluate(klass, out, zip_out, kill_points, last_graded):
    grades = {r["student_id"]: r for r in read_csv(out / "grades.csv")}
    score = {sid: float(r["score"]) for sid, r in grades.items()}
    rows = []
    for cheat in CHEATS:
        sid = f"cheat_{cheat.name}"
        control = max(score["stub"], score["trivial"] if cheat.base == "trivial" else score["stub"])
        found = reached(out, sid)
        held = score[sid] <= control and not found
        detail = f"{score[sid]:g} points (control {control:g}), {grades[sid]['status']}" + (
            f", reached {', '.join(found)}" if found else ""
        )
        rows.append(Row("cheat", cheat.name, cheat.what, held, cheat.holds, detail, grades[sid]["flags"],
                        cheat.flagged))  # fmt: skip
    for fault in FAULTS:
        row = grades.get(f"fault_{fault.name}")
        ok = bool(row) and row["status"] in fault.statuses and (row["status"] == "ok" or bool(row["reason"]))
        detail = f"{row['status']}: {row['reason'][:90]}" if row else "no row"
        rows.append(Row("fault", fault.name, fault.what, ok, True, detail))
    rows += durability_rows(klass, out, kill_points, last_graded)
    rows += zip_rows(zip_out)
    untouched = score["solution"] == float(grades["solution"]["max_score"]) and score["stub"] == 0
    untouched = untouched and not any(grades[sid]["flags"] for sid in ("solution", "stub", "trivial"))
    detail = f"solution {score['solution']:g}/{grades['solution']['max_score']}, stub {score['stub']:g}"
    detail += ", none of solution, stub, trivial flagged"
    rows.append(Row("control", "solution_and_stub", "the rest of the batch graded as normal", untouched, True,
                    detail))  # fmt: skip
    return rows


def durability_rows(klass, out, kill_points, last_graded):
    students = sorted(p.name for p in klass.iterdir())
    grades = read_csv(out / "grades.csv")
    tests = read_csv(out / "tests.csv")
    once = sorted(r["student_id"] for r in grades) == students
    # tests.csv must hold exactly each submission's committed result (its JSON): no partial, no twice.
    wrong = []
    for student in students:
        committed = json.loads((out / ".vaelab" / "results" / f"{student}.json").read_text())["tests"]
        rows = [(r["test_id"], float(r["points"])) for r in tests if r["student_id"] == student]
        if rows != [(t["test_id"], float(t["points"])) for t in committed]:
            wrong.append(student)
    with sqlite3.connect(out / "gradebook.db") as db:
        booked = [r[0] for r in db.execute("SELECT student_id FROM submitted_assignment")]
    leftovers = [str(p.relative_to(out)) for p in out.rglob("*.tmp")]
    # The run after the last kill grades only what had no committed result: nothing graded twice.
    left = len(students) - kill_points[-1]
    ok = once and not wrong and sorted(booked) == students and not leftovers and last_graded == left
    detail = (f"{len(kill_points)} kills, after {', '.join(map(str, kill_points))} results; the last run "
              f"graded {last_graded} (left: {left}); "
              f"{len(grades)} rows for {len(students)} students, test rows differing from the committed "
              f"result: {wrong or 'none'}, {len(booked)} gradebook entries ({len(set(booked))} students), "
              f"temporary files left: {leftovers or 'none'}")  # fmt: skip
    return [Row("kill", "sigkill_and_resume", "SIGKILL mid-batch, then resume", ok, True, detail)]


def zip_rows(zip_out):
    grades = {r["student_id"]: r for r in read_csv(zip_out / "grades.csv")}
    honest = [sid for sid in grades if grades[sid]["status"] == "ok"]
    problems = {sid: r["reason"] for sid, r in grades.items() if r["status"] == "invalid"}
    traversal = any("unsafe" in r or ".." in r for r in problems.values())
    bomb = any("MB" in r for r in problems.values())
    return [
        Row("fault", "zip_path_traversal", "an LMS zip with path traversal",
            traversal and len(honest) >= 2, True,
            "; ".join(f"{k}: {v[:60]}" for k, v in problems.items()) or "no row"),
        Row("fault", "zip_bomb", "an LMS zip with a zip bomb", bomb and len(honest) >= 2, True,
            f"{len(honest)} honest students graded ok"),
    ]  # fmt: skip


def table(rows):
    lines = ["| kind | entry | tried | result | flagged | detail |", "|---|---|---|---|---|---|"]
    for r in rows:
        result = "held" if r.ok else ("**NOT HELD** (known)" if not r.expected else "**FAILED**")
        if r.kind in ("fault", "kill", "control"):
            result = "handled" if r.ok else "**FAILED**"
        lines.append(f"| {r.kind} | {r.name} | {r.what} | {result} | {r.flags or '-'} | {r.detail} |")
    cheats = [r for r in rows if r.kind == "cheat"]
    faults = [r for r in rows if r.kind == "fault"]
    kills = [r for r in rows if r.kind == "kill"]
    survived = sum(int(r.detail.split()[0]) for r in kills if r.ok)
    tried = sum(int(r.detail.split()[0]) for r in kills)
    summary = (f"cheats held {sum(r.ok for r in cheats)}/{len(cheats)}, flagged "
               f"{sum(bool(r.flags) for r in cheats)}/{len(cheats)}, faults handled "
               f"{sum(r.ok for r in faults)}/{len(faults)}, kills survived {survived}/{tried}")  # fmt: skip
    return "\n".join(lines), summary


def run(base, kills=5):
    klass, zip_path, out = build(base)
    zip_out = base / "out_zip"
    # The LMS zip is a batch of its own (another OUT, one worker for its two honest students), graded
    # while the kills go on: the kills wait on results and restarts more than they use both cores.
    beside = subprocess.Popen(grade_command(zip_path, zip_out, jobs=1), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    try:
        points, last_graded = grade_with_kills(klass, out, kills)
        stdout, stderr = beside.communicate(timeout=1800)
    finally:
        if beside.poll() is None:
            beside.kill()
    if beside.returncode != 0:
        raise RuntimeError(stdout + stderr)
    return evaluate(klass, out, zip_out, points, last_graded)
