"""Write tests/scope_seconds.json, the seconds each unit of work took in a measured test run, from that
run's JUnit XML: the table tests/scheduling.py sends the heaviest units first by.

Run: `make test PYTEST_ARGS=--junitxml=/tmp/junit.xml`, then
`.venv/bin/python tools/scope_seconds.py /tmp/junit.xml` (units under 10 s are left out: they count as
light anyway).
"""

import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scheduling import SECONDS, unit_of  # noqa: E402

LIGHT = 10.0


def nodeid(case):
    """pytest's node id of a JUnit testcase (classname is the module's dotted path, then any class)."""
    parts = case.get("classname", "").split(".")
    for cut in range(len(parts), 0, -1):
        path = Path(*parts[:cut]).with_suffix(".py")
        if (ROOT / path).is_file():
            return "::".join([path.as_posix(), *parts[cut:], case.get("name", "")])
    return "::".join([*parts, case.get("name", "")])


def main(junit):
    seconds = defaultdict(float)
    for case in ET.parse(junit).iter("testcase"):
        seconds[unit_of(nodeid(case))] += float(case.get("time", 0))
    heaviest = sorted(seconds.items(), key=lambda item: -item[1])
    table = {unit: round(s, 1) for unit, s in heaviest if s >= LIGHT}
    SECONDS.write_text(json.dumps(table, indent=1) + "\n")
    total = sum(table.values())
    print(f"{len(table)} of {len(seconds)} units over {LIGHT:g} s, {total:.0f} s in all: {SECONDS}")


if __name__ == "__main__":
    main(sys.argv[1])
