"""The documentation points at things that exist: README.md and docs/*.md have no broken relative link
(file or #anchor), no repository path or module in a code span that is not in the repository, and the
tables that restate the course (weeks, points, wrong answers and alternatives) agree with it.

Pure text: no TensorFlow, no kernel; the whole file runs in well under a second.
"""

import re
from pathlib import Path

import pytest

from autograder.week import weeks

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A code span names a repository path when it starts with one of these (a folder or a file at the root).
TOP_LEVEL = ("assignments/", "autograder/", "benchmarks/", "docs/", "reference/", "solutions/", "tests/",
             "tools/", ".ci/", "Makefile", "course.toml", "pyproject.toml", "README.md")  # fmt: skip
# Dotted names of the project's packages (`autograder.checks.kinds.placed`).
PACKAGES = ("autograder", "reference")
PLACEHOLDER = re.compile(r"[<>*{}]|\.\.\.")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*```")
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def prose_lines(text):
    """The lines of a Markdown text outside fenced code blocks, with their line numbers."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            inside = not inside
        elif not inside:
            yield number, line


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation but - and _ dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path):
    """Every anchor of a Markdown file's headings (duplicates numbered as GitHub does)."""
    seen, found = {}, set()
    for _, line in prose_lines(path.read_text()):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page):
    """'line N: target (why)' for each relative link of `page` whose file or anchor does not exist."""
    problems = []
    for number, line in prose_lines(page.read_text()):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            path = (page.parent / file_part).resolve() if file_part else page
            if not path.exists():
                problems.append(f"line {number}: {target} (no such file)")
            elif anchor and (path.suffix != ".md" or anchor not in anchors(path)):
                problems.append(f"line {number}: {target} (no heading with that anchor in {path.name})")
    return problems


def module_problem(dotted):
    """Why `dotted` (autograder.checks.kinds.placed) names nothing in the repository, or None."""
    parts, path = dotted.split("."), ROOT
    for index, part in enumerate(parts):
        if (path / part).is_dir():
            path = path / part
            continue
        module = path / f"{part}.py" if (path / f"{part}.py").is_file() else path / "__init__.py"
        rest = parts[index + 1 :] if module.name != "__init__.py" else parts[index:]
        if not module.is_file():
            return "no such module"
        if rest and not re.search(rf"\b{re.escape(rest[0])}\b", module.read_text()):
            return f"{rest[0]} is not in {module.relative_to(ROOT)}"
        return None
    return None


def python_file_names():
    """Names of the repository's Python files (a bare `prepare.py` in a code span must be one)."""
    folders = [ROOT / top.rstrip("/") for top in TOP_LEVEL if top.endswith("/")]
    return {path.name for folder in folders if folder.is_dir() for path in folder.rglob("*.py")}


PYTHON_FILES = python_file_names()


def path_problem(token):
    """Why a code span's token that names a repository path or module does not exist, or None (also
    for tokens that name no repository path, and for patterns with placeholders)."""
    token = token.strip(".,;:()'\"")
    if not token or PLACEHOLDER.search(token):
        return None
    relative_python = token.endswith(".py") and "/" in token and not token.startswith(("/", "."))
    if token.startswith(TOP_LEVEL) or relative_python:
        return None if (ROOT / token).exists() else "no such file or folder"
    if re.fullmatch(rf"(?:{'|'.join(PACKAGES)})(?:\.\w+)+", token):
        return module_problem(token)
    if re.fullmatch(r"\w+\.py", token) and token not in PYTHON_FILES:
        return "no Python file of that name in the repository"
    return None


def missing_paths(page):
    """'line N: token (why)' for each repository path or module in a code span of `page` that does not
    exist."""
    problems = []
    for number, line in prose_lines(page.read_text()):
        for span in CODE_SPAN.findall(line):
            for token in span.split():
                why = path_problem(token)
                if why:
                    problems.append(f"line {number}: {token} ({why})")
    return problems


def page_id(page):
    return str(page.relative_to(ROOT))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_relative_links_reach_a_file_and_a_heading(page):
    problems = broken_links(page)
    assert not problems, f"{page_id(page)} has broken links: " + "; ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_paths_in_code_spans_exist(page):
    problems = missing_paths(page)
    assert not problems, f"{page_id(page)} names paths that do not exist: " + "; ".join(problems)


def test_the_checks_catch_a_broken_link_anchor_path_and_module(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Other page\n\n## A `code` heading, twice\n" * 2)
    page.write_text(
        "# Title\n\n"
        "[ok](other.md) [ok](other.md#a-code-heading-twice-1) [ok](#title) [web](https://example.org/x)\n"
        "[gone](missing.md) [bad anchor](other.md#nowhere) [bad local](#untitled)\n"
        "`autograder/grading/remote.py` `tests/mutants/<week>/` `autograder.checks.kinds.placed`\n"
        "`autograder/grading/remote_typo.py` `autograde/checks/judge.py` `autograder.checks.kinds.nowhere`\n"
        "`prepare.py` `no_such_stage.py`\n"
        "```\n`autograder/not_checked_in_a_fence.py`\n```\n"
    )
    assert [p.split(" ")[2] for p in broken_links(page)] == ["missing.md", "other.md#nowhere", "#untitled"]
    assert [p.split(" ")[2] for p in missing_paths(page)] == [
        "autograder/grading/remote_typo.py", "autograde/checks/judge.py", "autograder.checks.kinds.nowhere",
        "no_such_stage.py",
    ]  # fmt: skip


def test_readme_is_short():
    lines = len((ROOT / "README.md").read_text().splitlines())
    assert lines <= 150, f"README.md has {lines} lines, at most 150: move the detail to docs/"


def table_rows(page):
    """{first cell: row's cells} of every Markdown table row of `page`."""
    rows = {}
    for _, line in prose_lines(page.read_text()):
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells
    return rows


def test_student_table_lists_every_week_with_its_points():
    rows = table_rows(ROOT / "docs" / "students.md")
    wrong = {name: rows.get(name, ["", "", "missing"])[-1] for name, week in weeks().items()
             if rows.get(name, [""])[-1] != f"{week.points:g}"}  # fmt: skip
    assert not wrong, f"docs/students.md's table disagrees with the hidden tests' points: {wrong}"


def test_instructor_table_counts_every_weeks_wrong_answers_and_alternatives():
    rows = table_rows(ROOT / "docs" / "instructors.md")
    wrong = {}
    for week in sorted(p.name for p in (ROOT / "assignments" / "source").iterdir() if p.is_dir()):
        mutants, alternatives = (len(list((ROOT / "tests" / kind / week).glob("*.py")))
                                 for kind in ("mutants", "alternatives"))  # fmt: skip
        expected = f"{mutants} / {alternatives}"
        found = rows.get(week, ["missing"])[-1]
        if found != expected:
            wrong[week] = f"{found}, expected {expected}"
    assert not wrong, f"docs/instructors.md's wrong answers / alternatives column is stale: {wrong}"
