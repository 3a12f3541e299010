"""How `make test` spreads the suite over its pytest-xdist workers: `--dist loadfile`, refined.

xdist's loadfile sends whole files in collection order, and a worker is handed its next file before it
runs the last test of the current one. With files that hold several week-long batches (every week's
`vaelab verify` in test_weeks.py, every week's graded batch in test_judged_outside.py), one worker got
most of the suite while the other idled at the end. Here:

- a file's tests parametrized by week form one unit per week (`file[04_vae]`), so a week's module
  fixtures still compute once, and the weeks of one file run on both workers;
- the heaviest unit left goes first (longest-processing-time first), by the seconds a unit took in a
  measured run (SECONDS below, written by `tools/scope_seconds.py` from a run's `--junitxml`); a unit
  not listed counts as light. A stale table only orders the work less well: it never changes a result.
"""

import json
import re
from pathlib import Path

from xdist.scheduler import LoadFileScheduling

SECONDS = Path(__file__).with_name("scope_seconds.json")
WEEKS = Path(__file__).resolve().parents[1] / "assignments" / "source"
# A week in a test's parameters: `[04_vae]`, `[04_vae/encoder_relu]`, `[week=04_vae-...]`.
WEEK_PARAM = re.compile(r"\[(?:[a-z_]+=)?(\d\d_[a-z0-9_]+?)(?=[\]/-])")


def unit_of(nodeid):
    """The unit of work a test belongs to: its file, or its file and week when parametrized by one of the
    course's weeks (a scaffolding test's made-up week name is not one)."""
    file = nodeid.split("::", 1)[0]
    week = WEEK_PARAM.search(nodeid)
    return f"{file}[{week.group(1)}]" if week and (WEEKS / week.group(1)).is_dir() else file


def measured_seconds():
    """{unit: seconds} of the last measured run (empty when the table is missing or unreadable)."""
    try:
        return {str(unit): float(seconds) for unit, seconds in json.loads(SECONDS.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


class HeaviestFirst(LoadFileScheduling):
    """loadfile with a unit per (file, week) and the heaviest unit left sent first."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.seconds = measured_seconds()

    def _split_scope(self, nodeid):
        return unit_of(nodeid)

    def _assign_work_unit(self, node):
        # Light units (unmeasured) keep their collection order behind every measured one.
        heaviest = max(self.workqueue, key=lambda unit: self.seconds.get(unit, 0.0))
        self.workqueue.move_to_end(heaviest, last=False)
        super()._assign_work_unit(node)
