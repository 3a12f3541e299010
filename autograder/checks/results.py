"""A grading result is plain data that every output (terminal, CSV, HTML) renders."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TestResult:
    """The outcome of one hidden test: its points and, on failure, a message a student understands."""

    week: str
    question: str
    test_id: str
    points: float
    max_points: float
    passed: bool
    message: str = ""
    hidden: bool = True


def earned(results):
    """Points earned over a list of results."""
    return float(sum(r.points for r in results))


def available(results):
    """Points available over a list of results."""
    return float(sum(r.max_points for r in results))


def format_results(results):
    """A plain-text table: one line per test, then the total (no hidden source, only names and messages)."""
    lines = []
    for r in results:
        mark = "PASS" if r.passed else "FAIL"
        lines.append(f"{mark} {r.points:g}/{r.max_points:g}  {r.test_id}")
        if r.message:
            lines.append(f"      {r.message}")
    lines.append(f"Total: {earned(results):g}/{available(results):g}")
    return "\n".join(lines)
