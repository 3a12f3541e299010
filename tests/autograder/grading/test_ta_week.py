"""A TA's week in nbgrader's own tools, on a class that `vaelab grade` graded: late penalties, formgrader
in headless Chromium against a real Jupyter server, nbgrader's export and feedback, a PostgreSQL gradebook
shared by two sections graded at once, and report.html and a feedback page rendered in Chromium.

One small class of 03_variational_inference (numpy only: cheap kernels), graded once for the module; the
PostgreSQL server and the browser are the session's (tests/conftest.py).
"""

import csv
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
WEEK = "03_variational_inference"
LIMITS = ["--cell-timeout", "15", "--timeout", "120", "--memory", "1500", "--processes", "128"]
# course.toml: 03 is due 2027-02-01T23:59Z and loses 2.1 points per started day late.
PER_DAY = 2.1
STAMPS = {  # nbgrader's timestamp.txt of each student
    "ontime": "2027-02-05 09:00:00.000000 UTC",  # wrong: the --timestamps CSV corrects it to on time
    "late": "2027-02-02 10:00:00.000000 UTC",  # 10 h late: one started day
    "extended": "2027-02-03 10:00:00.000000 UTC",  # late, but within the 3 days of the extension CSV
}
# What the hidden tests and the judge look like in source: none of it may reach a page a student reads.
HIDDEN_SOURCE = ("BEGIN HIDDEN TESTS", "from reference", "autograder.checks", "assert_matches(", "judge(")

pytestmark = pytest.mark.slow


def vaelab_grade(submissions, out, *extra, popen=False):
    command = [sys.executable, "-m", "autograder.cli", "grade", WEEK, str(submissions), "--out", str(out),
               "--source", str(ROOT / "assignments" / "source"), "--calendar", str(ROOT / "course.toml"),
               *LIMITS, *extra]  # fmt: skip
    if popen:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def nbgrader(course, *args):
    """A real nbgrader command in the course folder vaelab made (its config names the gradebook)."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=course, env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def read_csv(path):
    with open(path, newline="") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


def exported(course):
    """`nbgrader export`'s rows of the week, by student."""
    nbgrader(course, "export", "--to", str(course / "export.csv"))
    return {sid: row for sid, row in read_csv(course / "export.csv").items() if row["assignment"] == WEEK}


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """The class in nbgrader's submitted/ layout, with the TA's timestamps and extensions CSVs."""
    root = tmp_path_factory.mktemp("class")
    solution = nbformat.read(str(ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"), as_version=4)
    for sid, stamp in STAMPS.items():
        folder = root / "submitted" / sid / WEEK
        folder.mkdir(parents=True)
        nbformat.write(solution, str(folder / f"{WEEK}.ipynb"))
        (folder / "timestamp.txt").write_text(stamp + "\n")
    (root / "times.csv").write_text("student_id,submitted_at\nontime,2027-02-01T20:00:00Z\n")
    (root / "extensions.csv").write_text("student_id,assignment,days\nextended,03_variational_inference,3\n")
    return root


def grade_class(klass, out, *extra, folder="submitted", popen=False):
    return vaelab_grade(klass / folder, out, "--timestamps", klass / "times.csv", "--extensions",
                        klass / "extensions.csv", *extra, popen=popen)  # fmt: skip


@pytest.fixture(scope="module")
def graded(klass, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    grade_class(klass, out, "--jobs", "2")
    return out


@pytest.fixture(scope="module")
def formgrader(graded, tmp_path_factory):
    """A Jupyter server on the loopback serving formgrader on the graded course: its base URL."""
    port, token = free_port(), "vaelab-test"
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    # Formgrader alone: JupyterLab's extensions add seconds to the start and nothing to the test.
    others = ["jupyterlab", "notebook", "jupyter_lsp", "jupyter_server_terminals"]
    others += [f"nbgrader.server_extensions.{name}" for name in ("assignment_list", "course_list",
                                                                 "validate_assignment")]  # fmt: skip
    extensions = "{" + ", ".join(f"'{name}': False" for name in others) + "}"
    log = open(tmp_path_factory.mktemp("jupyter") / "server.log", "w")  # noqa: SIM115 - the server's life
    server = subprocess.Popen(
        [str(bin_dir / "jupyter"), "server", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={graded}",
         f"--ServerApp.jpserver_extensions={extensions}"],
        cwd=graded, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, Path(log.name).read_text()
            time.sleep(0.3)
    try:
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_late_work_loses_the_weeks_penalty_and_the_tas_times_and_extensions_count(graded):
    grades = read_csv(graded / "grades.csv")
    late = grades["late"]
    assert float(late["raw_score"]) == 21 and float(late["late_penalty"]) == pytest.approx(PER_DAY)
    assert float(late["score"]) == pytest.approx(21 - PER_DAY)
    assert late["submitted_at"] == "2027-02-02T10:00:00+00:00" and "10 h 1 min late" in late["lateness"]
    # --timestamps wins over timestamp.txt; the extension moves the due date by 3 days.
    assert grades["ontime"]["submitted_at"] == "2027-02-01T20:00:00+00:00"
    for sid in ("ontime", "extended"):
        assert float(grades[sid]["late_penalty"]) == 0 and float(grades[sid]["score"]) == 21, grades[sid]


def test_nbgrader_export_agrees_with_grades_csv(graded):
    grades, export = read_csv(graded / "grades.csv"), exported(graded)
    assert set(export) == set(grades)
    for sid, row in grades.items():
        assert float(export[sid]["score"]) == pytest.approx(float(row["score"])), sid
        assert float(export[sid]["raw_score"]) == pytest.approx(float(row["raw_score"])), sid
        assert float(export[sid]["late_submission_penalty"]) == pytest.approx(float(row["late_penalty"])), sid
        assert export[sid]["timestamp"] == row["submitted_at"][:19].replace("T", " "), sid
        assert export[sid]["duedate"] == "2027-02-01 23:59:00"
    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gradebook:
        extension = gradebook.find_submission(WEEK, "extended").extension
    assert extension is not None and extension.days == 3


def test_formgrader_opens_a_vaelab_graded_submission_takes_a_manual_score_and_makes_feedback(
    klass, graded, formgrader, chromium
):
    """What a TA does after vaelab grade: open the late student's notebook in formgrader's Manual Grading,
    lower a test cell's score by hand, comment, generate feedback; a resumed vaelab grade keeps it all."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base, token = formgrader
    # formgrader draws its tables from its API after the page loads, and may draw them again: an element
    # found a moment ago can be gone. Each lookup in a table is retried until the table holds still.
    wait = WebDriverWait(chromium, 30, ignored_exceptions=(StaleElementReferenceException,))

    def click_in_table(link, row_text="", why=""):
        """Click the first `link` (a CSS selector) in a table row showing `row_text`, once there is one."""

        def clicked(driver):
            for row in driver.find_elements(By.CSS_SELECTOR, "tbody tr"):
                found = row.find_elements(By.CSS_SELECTOR, link) if row_text in row.text else []
                if found:
                    found[0].click()
                    return True
            return False

        wait.until(clicked, why)

    chromium.get(f"{base}/formgrader?token={token}")  # logs in: the server sets its cookie
    chromium.get(f"{base}/formgrader/gradebook/{WEEK}/{WEEK}")
    wait.until(lambda d: "Submission #3" in d.find_element(By.TAG_NAME, "tbody").text)
    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gradebook:
        notebook_id = gradebook.find_submission_notebook(WEEK, WEEK, "late").id
    click_in_table(f"a[href*='{notebook_id}']", why="Manual Grading lists the late student's graded notebook")

    score = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "input.score#test_elbo"))
    assert "visible tests passed" in chromium.page_source  # the graded notebook's own outputs
    assert "Equals log marginal at the true posterior" in chromium.page_source  # its tests, in words
    score.send_keys("2", Keys.TAB)  # formgrader saves a score when its box loses focus
    comment = chromium.find_element(By.CSS_SELECTOR, "textarea.comment")
    comment.send_keys("Check the sign of the KL term.", Keys.TAB)

    def saved(_):
        with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gradebook:
            notebook = gradebook.find_submission_notebook(WEEK, WEEK, "late")
            elbo = next(g for g in notebook.grades if g.name == "test_elbo")
            return elbo.manual_score == 2 and any(c.manual_comment for c in notebook.comments)

    wait.until(saved)

    chromium.get(f"{base}/formgrader/manage_assignments")
    click_in_table(".generate-feedback a", WEEK, why="Manage Assignments has the week and its feedback link")
    wait.until(lambda d: "Successfully generated feedback" in d.page_source)
    page = (graded / "feedback" / "late" / WEEK / f"{WEEK}.html").read_text()
    assert "Check the sign of the KL term." in page and "Score: 2.0 / 4.0" in page
    assert not [s for s in HIDDEN_SOURCE if s in page]

    grade_class(klass, graded)  # resumed: nothing to regrade, everything recorded again
    row, export = read_csv(graded / "grades.csv")["late"], exported(graded)["late"]
    assert row["manual_grades"] == "test_elbo: 2/4" and float(row["raw_score"]) == 19
    assert float(row["score"]) == pytest.approx(19 - PER_DAY) == float(export["score"])
    assert "Scored by your TA" in (graded / "feedback" / "late" / f"{WEEK}.html").read_text()
    assert saved(None), "the manual score and the comment survive vaelab grade"


# Whether an <img> drew something: its pixels, read back through a canvas, are not all one colour.
IMAGE_HAS_CONTENT = """
const image = arguments[0], canvas = document.createElement("canvas");
canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
const context = canvas.getContext("2d");
context.drawImage(image, 0, 0);
const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
const colours = new Set();
for (let i = 0; i < pixels.length && colours.size < 3; i += 4 * 97) {
  colours.add(pixels.slice(i, i + 3).join());
}
return image.complete && image.naturalWidth > 0 && colours.size >= 3;
"""


def test_report_and_a_feedback_page_render_in_chromium_with_plots_and_without_hidden_source(graded, chromium):
    from selenium.webdriver.common.by import By

    chromium.get((graded / "report.html").as_uri())
    images = chromium.find_elements(By.TAG_NAME, "img")
    assert len(images) >= 4 and all(chromium.execute_script(IMAGE_HAS_CONTENT, image) for image in images)
    # Nothing cut off: the page fits the window's width, and each plot shows whole, never scaled past it.
    width = chromium.execute_script("return window.innerWidth")
    assert chromium.execute_script("return document.documentElement.scrollWidth") <= width
    assert all(image.size["width"] <= image.get_property("naturalWidth") for image in images)
    students = chromium.find_element(By.XPATH, "//h2[text()='Students']/following-sibling::table[1]").text
    assert "late" in students and "−2.1" in students and "2027-02-02 10:00 UTC" in students
    assert "Equals log marginal at the true posterior" in chromium.page_source
    chromium.find_element(By.LINK_TEXT, "late").click()

    assert chromium.current_url.endswith(f"/feedback/late/{WEEK}.html")
    header = chromium.find_element(By.CLASS_NAME, "vaelab-feedback").text
    score = read_csv(graded / "grades.csv")["late"]["score"]  # 18.9, less after formgrader's manual score
    assert f"Score: {score}/21" in header and "late penalty of 2.1" in header
    assert "Values match the exact elbo" in header and "test_values_match" not in header
    dom = chromium.execute_script("return document.documentElement.outerHTML")
    assert "def gaussian_log_density" in chromium.find_element(By.TAG_NAME, "body").text  # their notebook
    assert not [s for s in HIDDEN_SOURCE if s in dom]
    for image in chromium.find_elements(By.TAG_NAME, "img"):  # the notebook's own plots
        assert chromium.execute_script(IMAGE_HAS_CONTENT, image)


def gradebook_rows(db_url):
    """{student: (each cell's auto score, late penalty, time, extension)}: what vaelab wrote, whatever a TA
    later scored by hand."""
    with Gradebook(db_url) as gradebook:
        return {s.student.id: (sorted((g.name, g.auto_score) for n in s.notebooks for g in n.grades),
                               s.late_submission_penalty, s.timestamp, s.extension)
                for s in gradebook.assignment_submissions(WEEK)}  # fmt: skip


def test_two_sections_graded_at_once_into_one_postgresql_gradebook_match_sqlite(
    klass, graded, postgres, tmp_path_factory
):
    """Two `vaelab grade` runs, one per section, write one PostgreSQL gradebook at the same time: every
    student once, with what the SQLite gradebook got; then a TA's manual score survives a forced regrade."""
    sections = {"section_a": ("ontime", "late"), "section_b": ("extended",)}
    for section, students in sections.items():
        for sid in students:
            shutil.copytree(klass / "submitted" / sid, klass / section / sid)
    db_url = postgres("ta_week")
    outs = {section: tmp_path_factory.mktemp(section) for section in sections}
    runs = {section: grade_class(klass, outs[section], "--db", db_url, folder=section, popen=True)
            for section in sections}  # fmt: skip
    for section, run in runs.items():
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, output
        assert set(read_csv(outs[section] / "grades.csv")) == set(sections[section])
        assert read_csv(outs[section] / "tests.csv").keys() <= read_csv(graded / "tests.csv").keys()

    assert gradebook_rows(db_url) == gradebook_rows(f"sqlite:///{graded / 'gradebook.db'}")
    with Gradebook(db_url) as gradebook:
        assert len(gradebook.students) == len(STAMPS) and len(gradebook.assignments) == 1
        assert len(gradebook.find_assignment(WEEK).submissions) == len(STAMPS)
        gradebook.find_grade("test_elbo", WEEK, WEEK, "extended").manual_score = 1.0
        gradebook.db.commit()

    grade_class(klass, outs["section_b"], "--db", db_url, "--force", folder="section_b")
    row = read_csv(outs["section_b"] / "grades.csv")["extended"]
    assert row["manual_grades"] == "test_elbo: 1/4" and float(row["score"]) == 18
    with Gradebook(db_url) as gradebook:
        assert gradebook.find_grade("test_elbo", WEEK, WEEK, "extended").manual_score == 1.0
        assert len(gradebook.find_assignment(WEEK).submissions) == len(STAMPS)
