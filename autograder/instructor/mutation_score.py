"""`vaelab verify WEEK --mutate`: grade a week's generated mutants and report its kill score.

A mutant is killed when it loses a point in some question. Each one is judged in this process, through
the week's own pytest autograder (`run_question`), exactly as `vaelab verify` judges the hand-written
mutants: the solution's definitions, then the mutated cell on top. We chose this over the fork-server
grader of `vaelab grade` because a mutant needs no kernel, no sandbox and no notebook: a kernel start
and its TensorFlow import cost seconds per mutant, while here TensorFlow is imported once and the
reference values the tests compare against are memoised for the whole run (autograder/checks/cache.py).
Only the questions that can see the mutated cell run, the cell's own question first, and judging stops
at the first question that loses a point: a survivor is the only mutant that runs all of them. A mutant
is the course's own code changed by one operator, so it runs unsandboxed; one that runs over
MUTANT_TIMEOUT_S counts as killed. What only a kernel sees (a given cell that raises, stderr zeroing a
cell under nbgrader) is not judged here: such a mutant counts as a survivor, on the safe side.

Equivalent mutants (the same results as the solution, so no test can kill them) are listed with a
one-line reason in `tests/mutants/<week>/equivalent.toml`, keyed as in autograder/instructor/mutants.py.
"""

import random
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks.judge import run_question
from autograder.checks.results import available, earned
from autograder.instructor.mutants import Mutant, generate, solution_cells
from autograder.instructor.verify import graded_points, quiet_definitions
from autograder.week import SOURCE_DIR, hidden_tests_folder
from autograder.week import week as declared_week

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

EQUIVALENT_FILE = "equivalent.toml"
# Far above any question's honest time (03: under 1 s, a Keras training: under a minute): a mutant
# that loops or sleeps is a killed mutant, not a stuck run.
MUTANT_TIMEOUT_S = 300


@dataclass(frozen=True)
class MutantOutcome:
    mutant: Mutant
    status: str  # "killed", "survived" or "equivalent"
    detail: str = ""  # the failing test that killed it, or the reason it is equivalent


@dataclass(frozen=True)
class MutationScore:
    week: str
    generated: int  # before sampling
    outcomes: list = field(default_factory=list)
    seconds: float = 0.0
    stale: list = field(default_factory=list)  # equivalent.toml keys that name no generated mutant

    def count(self, status):
        return sum(o.status == status for o in self.outcomes)

    @property
    def score(self):
        """Killed over non-equivalent mutants judged (1.0 when none were)."""
        judged = self.count("killed") + self.count("survived")
        return self.count("killed") / judged if judged else 1.0


class _TimedOut(Exception):
    pass


def load_equivalents(path):
    """{mutant key: reason} from an equivalent.toml ({} when there is none)."""
    path = Path(path)
    if not path.is_file():
        return {}
    return dict(tomllib.loads(path.read_text()).get("equivalent", {}))


TOP_LEVEL_NAME = re.compile(r"^(?:def|class)\s+(\w+)|^(\w+)\s*=", flags=re.MULTILINE)


def _top_level_names(source):
    """The functions, classes and variables a cell defines at its top level."""
    return {name for pair in TOP_LEVEL_NAME.findall(source) for name in pair if name}


def dependent_questions(week, cells, questions):
    """{cell: [questions whose tests can see it]}, the cell's own question first, then notebook order.

    A cell reaches the cells that name what it defines (elbo calls gaussian_log_density), and a question
    whose test file, or the week's conftest, names what a reached cell defines.
    """
    sources = dict(cells)
    defined = {cell: _top_level_names(source) for cell, source in cells}
    folder = hidden_tests_folder(week)
    tests = {q: (folder / f"test_{q}.py").read_text() for q in questions}
    conftest_path = folder / "conftest.py"
    conftest = conftest_path.read_text() if conftest_path.is_file() else ""

    def mentions(text, names):
        return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)

    result = {}
    for cell in sources:
        reached, frontier = {cell}, [cell]
        while frontier:
            names = defined[frontier.pop()]
            for other in sources:
                if other not in reached and mentions(sources[other], names):
                    reached.add(other)
                    frontier.append(other)
        names = set().union(*(defined[c] for c in reached))
        via_conftest = mentions(conftest, names)
        seen = [q for q in questions if q in reached or via_conftest or mentions(tests[q], names)]
        result[cell] = sorted(seen, key=lambda q: q != cell)
    return result


def judge_mutant(week, solution, mutant, questions, timeout=MUTANT_TIMEOUT_S):
    """('killed', which test) at the first question that loses a point, else ('survived', '')."""
    def alarm(signum, frame):
        raise _TimedOut(f"ran over {timeout} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(timeout)
    try:
        try:
            namespace = quiet_definitions(solution, mutant.source)
        except Exception as error:  # the mutated cell raises when run: the notebook fails, a kill
            return "killed", f"the cell raises {type(error).__name__}"
        for question in questions:
            results = run_question(week, question, namespace)
            if earned(results) < available(results):
                failed = next(r for r in results if not r.passed)
                return "killed", f"{question}/{failed.test_id}"
        return "survived", ""
    except _TimedOut as error:
        return "killed", str(error)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def sample_mutants(mutants, size, seed=0):
    """A fixed sample of `size` mutants (all of them when size is None), in generation order."""
    if size is None or size >= len(mutants):
        return list(mutants)
    chosen = set(random.Random(seed).sample(range(len(mutants)), size))
    return [m for i, m in enumerate(mutants) if i in chosen]


def score_week(week, source_dir=SOURCE_DIR, sample=None, seed=0, progress=None):
    """Generate, sample and judge a week's mutants (source notebook from source_dir): a MutationScore."""
    start = time.monotonic()
    declared = declared_week(week)
    source, solution = declared.source_notebook_in(source_dir), declared.solution_notebook
    questions = list(graded_points(source))
    mutants = generate(source)
    equivalents = load_equivalents(declared.mutants / EQUIVALENT_FILE)
    dependents = dependent_questions(week, solution_cells(source), questions)
    outcomes = []
    for mutant in sample_mutants(mutants, sample, seed):
        if mutant.key in equivalents:
            outcomes.append(MutantOutcome(mutant, "equivalent", equivalents[mutant.key]))
            continue
        status, detail = judge_mutant(week, solution, mutant, dependents[mutant.cell])
        outcomes.append(MutantOutcome(mutant, status, detail))
        if progress:
            progress(len(outcomes), mutant, status)
    stale = sorted(set(equivalents) - {m.key for m in mutants})
    return MutationScore(week, len(mutants), outcomes, time.monotonic() - start, stale)


def format_score(score):
    """The week's counts and kill score, then every survivor with its diff, for an author to act on."""
    lines = [
        f"{score.week}: {score.generated} mutants generated, {len(score.outcomes)} judged: "
        f"{score.count('killed')} killed, {score.count('survived')} survived, "
        f"{score.count('equivalent')} equivalent; kill score {score.score:.1%} of non-equivalent "
        f"({score.seconds:.0f} s)"
    ]
    for outcome in score.outcomes:
        if outcome.status == "survived":
            lines += [f"\nSURVIVED {outcome.mutant.key}  ({outcome.mutant.cell}, {outcome.mutant.operator})",
                      *outcome.mutant.diff.splitlines()[2:]]  # fmt: skip
    for key in score.stale:
        lines.append(f"\nSTALE equivalent.toml entry {key}: no generated mutant has this key")
    return "\n".join(lines)
