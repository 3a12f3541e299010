"""Classes for `vaelab similarity`'s tests and benchmark, made of a week's real answers.

Independent work is the week's solution and its correct alternatives (tests/alternatives/<week>/),
each alternative written into the answer cells of the functions it defines; planted copies are the
solution with renamed identifiers, reordered definitions and new comments, or with a few lines
changed. benchmarks/similarity.py draws a large class from the same pieces and the known wrong answers
(tests/mutants/<week>/). Nothing here is run: the code only has to read like a student's.
"""

import ast
import random
import re
from pathlib import Path

import nbformat

from autograder.grading.cells import grade_id, nbgrader_meta
from autograder.similarity.answers import released_stub

ROOT = Path(__file__).resolve().parents[3]
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def source_path(week):
    return ROOT / "assignments" / "source" / week / f"{week}.ipynb"


def solution_notebook(week):
    return nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)


def answer_code(notebook):
    """{grade id: code} of a notebook's answer cells."""
    return {grade_id(c): c.source for c in notebook.cells if nbgrader_meta(c).get("solution")}


def stub_code(week):
    """{grade id: code} of the released stub's answer cells."""
    return dict(released_stub(source_path(week), week).cells)


def with_answers(notebook, answers):
    """A copy of notebook whose answer cells hold `answers` ({grade id: code}) where given."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return notebook


def owners(week):
    """{name: grade id of the answer cell that defines it in the course's notebook}."""
    source = nbformat.read(str(source_path(week)), as_version=4)
    return {
        node.name: gid
        for gid, code in answer_code(source).items()
        for node in ast.parse(code).body
        if isinstance(node, DEFINITIONS)
    }


def by_cell(week, code):
    """A file of definitions (an alternative, a mutant) split into the answer cells whose names it defines;
    its other statements (imports, comments) go to the first of them."""
    lines = code.splitlines(keepends=True)
    tree, owner = ast.parse(code), owners(week)
    header, cells = [], {}
    for node in tree.body:
        text = "".join(lines[_start(node) : node.end_lineno])
        if isinstance(node, DEFINITIONS) and node.name in owner:
            cells.setdefault(owner[node.name], []).append(text)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            header.append(text)
    answers = {gid: "\n\n".join(texts) for gid, texts in cells.items()}
    if header and answers:
        first = next(iter(answers))
        answers[first] = "".join(header) + "\n\n" + answers[first]
    return answers


def alternatives(week):
    """{'alternative_<name>': {grade id: code}} of each correct alternative of the week."""
    folder = ROOT / "tests" / "alternatives" / week
    return {f"alternative_{p.stem}": by_cell(week, p.read_text()) for p in sorted(folder.glob("*.py"))}


def mutants(week):
    """{'mutant_<name>': {grade id: code}} of each known wrong answer of the week."""
    folder = ROOT / "tests" / "mutants" / week
    return {f"mutant_{p.stem}": by_cell(week, p.read_text()) for p in sorted(folder.glob("*.py"))}


def renamed(code, prefix="renamed"):
    """code with every variable, parameter (but self) and attribute it assigns renamed."""
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg) and node.arg != "self":
            names.add(node.arg)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    for number, name in enumerate(sorted(names)):
        code = re.sub(rf"\b{re.escape(name)}\b", f"{prefix}_{number}", code)
    return code


def reordered(code):
    """code with its top-level definitions, and the methods of each class, in reverse order."""
    lines = code.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    tree = ast.parse(code)
    if not tree.body:
        return code
    head = "".join(lines[: _start(tree.body[0])])
    return head + _reversed_block(lines, tree.body, len(lines))


def _start(node):
    """Index of the first line of a statement, decorators included."""
    return min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno]) - 1


def _reversed_block(lines, nodes, end):
    starts = [_start(n) for n in nodes] + [end]
    texts = []
    for node, start, stop in zip(nodes, starts, starts[1:]):
        text = "".join(lines[start:stop])
        if isinstance(node, ast.ClassDef) and node.body:
            body_start = _start(node.body[0])
            text = "".join(lines[start:body_start]) + _reversed_block(lines, node.body, stop)
        texts.append(text.rstrip("\n") + "\n\n")
    slots = [i for i, n in enumerate(nodes) if isinstance(n, DEFINITIONS)]
    for slot, text in zip(slots, [texts[i] for i in reversed(slots)]):
        texts[slot] = text
    return "".join(texts)


def recommented(code):
    """code with a comment above every definition and its blank lines doubled."""
    code = re.sub(r"^(\s*)(def|class) ", r"\1# my own version\n\1\2 ", code, flags=re.M)
    return code.replace("\n\n", "\n\n\n")


def lines_changed(answers, count):
    """answers ({grade id: code}) with `count` one-line assignments or returns, spread over them, changed."""
    candidates = []
    for order, (gid, code) in enumerate(answers.items()):
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, (ast.Assign, ast.Return)) and node.value is not None:
                if node.lineno == node.end_lineno:
                    candidates.append((order, node.lineno, gid))
    candidates.sort()
    changed = {gid: code.splitlines() for gid, code in answers.items()}
    step = max(len(candidates) // max(count, 1), 1)
    for _, lineno, gid in candidates[::step][:count]:
        line = changed[gid][lineno - 1]
        head, value = ("return", line.split("return", 1)[1]) if " = " not in line else line.split(" = ", 1)
        head = head if head != "return" else line[: line.index("return") + len("return")]
        joiner = " " if head.endswith("return") else " = "
        changed[gid][lineno - 1] = f"{head}{joiner}float(1) * ({value.strip()}) + 0"
    return {gid: "\n".join(lines) for gid, lines in changed.items()}


def planted_class(week):
    """{student_id: notebook}: the solution, independent work, two planted copies of the solution."""
    solution = solution_notebook(week)
    answers = answer_code(solution)
    stub = stub_code(week)
    students = {
        "solution": solution,
        "stub": with_answers(solution, stub),
        "copy_renamed_reordered": with_answers(
            solution, {g: recommented(reordered(renamed(c))) for g, c in answers.items()}
        ),
        "copy_lines_changed": with_answers(solution, lines_changed(answers, 5)),
    }
    for name, alternative in alternatives(week).items():
        students[name] = with_answers(solution, {**stub, **alternative})
    return students


def write_class(students, dest, week):
    """Write {student_id: notebook} as dest/<student_id>/<week>.ipynb; returns dest."""
    for student_id, notebook in students.items():
        path = Path(dest) / student_id / f"{week}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, str(path))
    return Path(dest)


def generated_class(week, size, seed=0):
    """{student_id: notebook} of `size` students whose every answer cell is, at random, the solution's, a
    correct alternative's, a known wrong answer's or the stub's, then renamed, reordered, recommented or
    with a line changed; every tenth student copies an earlier one and changes two lines."""
    rng = random.Random(seed)
    solution = solution_notebook(week)
    versions = {gid: [code] for gid, code in answer_code(solution).items()}
    for answers in [*alternatives(week).values(), *mutants(week).values()]:
        for gid, code in answers.items():
            versions[gid].append(code)
    stub = stub_code(week)
    students, made = {}, []
    for number in range(size):
        if number % 10 == 9:
            answers = lines_changed(rng.choice(made), 2)
        else:
            answers = {}
            for gid, options in versions.items():
                code = stub[gid] if rng.random() < 0.1 else rng.choice(options)
                for change in (renamed, reordered, recommented):
                    if rng.random() < 0.5:
                        code = change(code)
                answers[gid] = code
            answers = lines_changed(answers, rng.randint(0, 3))
        made.append(answers)
        students[f"student_{number:03d}"] = with_answers(solution, answers)
    return students
