"""Generated mutants of a week's solution: cosmic-ray's operators plus our Keras-aware ones, applied to
the code between the solution markers of the source notebook's solution cells, and nowhere else.

Each Mutant is one solution cell as a student would submit it with one mutation in it, keyed stably
(`<cell>:<operator>:<digest of the changed lines>`) so that a committed list of equivalent mutants still
names the same mutants after the notebook's lines move.
"""

import difflib
import hashlib
from dataclasses import dataclass

import cosmic_ray.plugins
import nbformat
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.mutating import mutate_code

from autograder.instructor.keras_operators import KERAS_OPERATORS
from autograder.regions import SOLUTION, body_line_numbers, unmarked

ARITHMETIC = ["Add", "Sub", "Mul", "Div", "FloorDiv", "Mod", "Pow"]
COMPARISONS = ["Eq", "NotEq", "Lt", "LtE", "Gt", "GtE"]
# cosmic-ray's core operators that make sense for numerical course code. Left out: bitwise operators
# (a float array rejects them: every such mutant is a crash), `is` comparisons, and the random
# VariableReplacer/VariableInserter (not reproducible from a seed we control).
CORE_OPERATORS = [
    *(f"core/ReplaceBinaryOperator_{a}_{b}" for a in ARITHMETIC for b in ARITHMETIC[:5] if a != b),
    *(f"core/ReplaceComparisonOperator_{a}_{b}" for a in COMPARISONS for b in COMPARISONS if a != b),
    "core/ReplaceUnaryOperator_USub_UAdd",
    "core/ReplaceUnaryOperator_Delete_USub",
    "core/ReplaceUnaryOperator_Delete_Not",
    "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue",
    "core/ReplaceAndWithOr",
    "core/ReplaceOrWithAnd",
    "core/ReplaceBreakWithContinue",
    "core/ReplaceContinueWithBreak",
    "core/NumberReplacer",
    "core/ZeroIterationForLoop",
    "core/AddNot",
]


# Arguments that change what a call prints, never what it returns: a mutant there is equivalent by
# construction (Keras' progress bars go to stdout, which no grade reads).
OUTPUT_ONLY_KEYWORDS = {"verbose"}


@dataclass(frozen=True)
class Mutant:
    cell: str  # grade id of the solution cell it changes
    operator: str
    key: str
    source: str  # the whole cell as submitted (markers removed), with the mutation
    diff: str


def operators():
    """{name: Operator class}: cosmic-ray's core operators we use, then the Keras-aware ones."""
    return {**{name: cosmic_ray.plugins.get_operator(name) for name in CORE_OPERATORS}, **KERAS_OPERATORS}


def solution_cells(source_notebook):
    """[(grade id, source with its solution markers)] of the notebook's solution cells, in order."""
    notebook = nbformat.read(str(source_notebook), as_version=4)
    cells = [(c.metadata.get("nbgrader", {}), c.source) for c in notebook.cells if c.cell_type == "code"]
    return [(meta["grade_id"], source) for meta, source in cells if meta.get("solution")]


def solution_lines(source):
    """1-based numbers of the lines between a cell's BEGIN and END SOLUTION markers."""
    return body_line_numbers(source, SOLUTION)


def as_submitted(source):
    """The cell with its solution markers removed, without a final line ending."""
    return unmarked(source, (SOLUTION,)).removesuffix("\n")


def _occurrences(nodes, operator, lines):
    """Indices (cosmic-ray's `occurrence`) of the operator's positions that start on one of `lines`.

    `nodes` in cosmic-ray's walk order (pre-order), so an index means what it means to `mutate_code`.
    """
    found, index = [], 0
    for node in nodes:
        for (start, _end) in operator.mutation_positions(node):
            if start[0] in lines and not _in_output_only_argument(node):
                found.append(index)
            index += 1
    return found


def _in_output_only_argument(node):
    """Whether `node` is (part of) the value of a `verbose=...` argument."""
    while node is not None and node.type not in ("arglist", "trailer", "simple_stmt", "suite"):
        if node.type == "argument" and getattr(node.children[0], "value", None) in OUTPUT_ONLY_KEYWORDS:
            return True
        node = node.parent
    return False


def _changed_lines(diff):
    return [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _compiles(code):
    try:
        compile(code, "<mutant>", "exec")
    except SyntaxError:
        return False
    return True


def generate(source_notebook, operator_classes=None):
    """Every mutant of the notebook's solution regions, in notebook then operator order."""
    operator_classes = operator_classes or operators()
    mutants, seen_keys = [], set()
    for cell, source in solution_cells(source_notebook):
        lines, original = solution_lines(source), as_submitted(source)
        nodes, seen_code = list(ast_nodes(get_ast(source))), {original}
        for name, operator_class in operator_classes.items():
            for occurrence in _occurrences(nodes, operator_class(), lines):
                mutated = mutate_code(source, operator_class(), occurrence)
                code = as_submitted(mutated) if mutated is not None else original
                if code in seen_code or not _compiles(code):
                    continue
                seen_code.add(code)
                diff = "\n".join(difflib.unified_diff(original.splitlines(), code.splitlines(), cell, cell,
                                                      n=0, lineterm=""))  # fmt: skip
                # The changed lines, not their numbers: the key survives edits elsewhere in the notebook.
                changed = "\n".join(line[0] + line[1:].strip() for line in _changed_lines(diff))
                digest = hashlib.sha1(f"{cell}\n{name}\n{changed}".encode()).hexdigest()[:10]
                key, repeat = f"{cell}:{name}:{digest}", 1
                while key in seen_keys:  # the same change on two identical lines of one cell
                    repeat += 1
                    key = f"{cell}:{name}:{digest}-{repeat}"
                seen_keys.add(key)
                mutants.append(Mutant(cell, name, key, code, diff))
    return mutants
