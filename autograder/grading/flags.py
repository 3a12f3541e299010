"""Flags for the TA: what in a submission's own code looks like an attempt to fool the grader.

A flag changes no score (the sandbox and the judge decide those); it is a line in grades.csv's `flags`
column and in report.html, for a human to look at. The scan reads the student's code cells (the
course's locked cells are its own) and looks for: imports of the grader's internals or the reference,
IPython's execution machinery (input transformers, traceback hooks, event hooks), assignments to
attributes of numpy, Keras, TensorFlow or builtins (monkeypatching), ways of stopping the kernel, and
answers written into the code instead of computed (precise numbers, tables of them, encoded blobs).
prepare.py adds what it repaired on purpose-looking edits (a locked cell edited, points changed).
"""

import ast
import math
import re

from autograder.grading.cells import is_read_only, nbgrader_meta

GRADER_MODULES = ("reference", "autograder.checks", "autograder.weeks", "autograder.grading",
                  "autograder.instructor", "pytest", "_pytest", "nbgrader")  # fmt: skip
PATCHED_MODULES = ("np", "numpy", "keras", "tf", "tensorflow", "builtins", "ops", "IPython")
IPYTHON_HOOKS = ("input_transformers", "showtraceback", "showsyntaxerror", "set_custom_exc",
                 "events.register", "register_magic_function", "ast_transformers", "run_cell")  # fmt: skip
KERNEL_STOPS = ("os._exit", "os.kill", "os.abort", "sys.exit", "signal.", "ctypes")
# A number honest code has no reason to type out: more significant digits than any tolerance, weight or
# rate of the course's stubs (the longest in solutions/ and tests/alternatives/ has 4), unless it is a
# constant of mathematics a student may write by hand (log(2 pi) for a Gaussian's normaliser).
PRECISE_DIGITS = 6
KNOWN_CONSTANTS = (math.pi, math.tau, math.e, math.log(2 * math.pi), 0.5 * math.log(2 * math.pi),
                   math.sqrt(2), math.sqrt(0.5), math.sqrt(2 * math.pi), 1 / math.sqrt(2 * math.pi),
                   math.log(2), math.log(10), math.log10(math.e), 0.5772156649015329)  # fmt: skip
TABLE_SIZE = 8  # that many fractional numbers in one list literal are data, not code
BLOB_CHARS = 256  # an unbroken base64 or hex string this long is encoded data (a pickled answer)


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _patches(tree):
    """Dotted names assigned to (np.allclose = ..., setattr(np, ...)) on the modules graders rely on."""
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []  # fmt: skip
        for target in targets:
            name = _dotted(target)
            if "." in name and name.split(".")[0] in PATCHED_MODULES:
                yield name
        if isinstance(node, ast.Call) and _dotted(node.func) == "setattr" and node.args:
            owner = _dotted(node.args[0])
            if owner.split(".")[0] in PATCHED_MODULES:
                yield f"setattr({owner}, ...)"


def _literal(node):
    """The float a literal stands for (a negated one included), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _literal(node.operand)
        return None if value is None else -value
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, float) else None


def _significant_digits(value):
    return len(repr(abs(value)).split("e")[0].replace(".", "").strip("0"))  # 1e9 and 1000000000.0: 1


def _hard_coded(tree):
    """Answers typed in instead of computed: precise numbers, tables of fractions, encoded blobs."""
    negations = [n for n in ast.walk(tree) if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub)]
    signed = {id(n.operand) for n in negations}  # counted with their sign, by the minus
    largest_table = 0
    for node in ast.walk(tree):
        value = None if id(node) in signed else _literal(node)
        if value is not None and math.isfinite(value) and _significant_digits(value) >= PRECISE_DIGITS:
            if not any(math.isclose(abs(value), known, rel_tol=1e-5) for known in KNOWN_CONSTANTS):
                yield f"hard-codes the number {value!r}"
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            values = [_literal(n) for n in ast.walk(node) if id(n) not in signed]
            largest_table = max(largest_table, sum(v is not None and v != int(v) for v in values))
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            text = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            if len(text) >= BLOB_CHARS and re.fullmatch(r"[A-Za-z0-9+/=]+", text):
                yield f"embeds {len(text)} characters of encoded data"
    if largest_table >= TABLE_SIZE:
        yield f"hard-codes a table of {largest_table} numbers"


def scan_code(source):
    """Flags for one cell's source (IPython magics and shell lines are skipped for parsing)."""
    flags = []
    text = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(text)
    except SyntaxError:
        tree = None
    if tree is not None:
        for module in _imports(tree):
            if module.startswith(GRADER_MODULES):
                flags.append(f"imports {module}")
        flags += [f"patches {name}" for name in _patches(tree)]
        flags += list(dict.fromkeys(_hard_coded(tree)))
    for hook in IPYTHON_HOOKS:
        if re.search(rf"get_ipython\(\)[\w.\s]*\.{re.escape(hook)}", source) or f"ip.{hook}" in source:
            flags.append(f"touches IPython's {hook}")
    for call in KERNEL_STOPS:
        if call in source:
            flags.append(f"uses {call.rstrip('.')}")
    if "vnd.vaelab" in source:
        flags.append("forges the grader's result data")
    for path in ("autograder/weeks", "reference/", ".vaelab/", "gradebook"):
        if path in source:
            flags.append(f"names {path.rstrip('/')}")
    return flags


def scan_notebook(notebook):
    """Flags for the student's own code cells of a prepared notebook, each once, in order.

    Code a student put between a read-only cell (a training the grader then evaluates) and the graded
    cell after it is named too: it could change what the grader evaluates.
    """
    flags, read_only = [], None
    for cell in notebook.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            read_only = None
        elif is_read_only(cell):
            read_only = meta.get("grade_id")
        if cell.cell_type != "code" or meta.get("locked") or "vaelab-seed" in cell.metadata.get("tags", []):
            continue
        found = scan_code(cell.source)
        if read_only and _has_code(cell.source):
            found.append(f"code between the read-only cell {read_only} and the test after it")
        for flag in found:
            if flag not in flags:
                flags.append(flag)
    return flags


def _has_code(source):
    try:
        return bool(ast.parse(source).body)
    except SyntaxError:
        return True
