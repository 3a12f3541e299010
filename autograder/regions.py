"""nbgrader's region markers, read one way everywhere: which lines of a cell are a solution or hidden tests.

The rule is nbgrader's own (its ClearSolutions and ClearHiddenTests preprocessors): a line that
contains `BEGIN SOLUTION` (`BEGIN HIDDEN TESTS`) opens a region and the next line that contains
`END SOLUTION` (`END HIDDEN TESTS`) closes it. A marker line belongs to its region whole, whatever
else it holds (the `### ` before, trailing text, indentation). Lines are split on "\\n" only, as
nbgrader splits them, and each kind of region is read on its own, as nbgrader's two preprocessors do.

Where nbgrader refuses a cell, `check` refuses it too (a region opened inside one of its kind, a
region never closed), and more strictly still: an END with no region open, and regions of the two
kinds overlapping. Readers of text nbgrader never vetted (a student's edit, an executed notebook's
outputs) get the safe reading instead: an unclosed region runs to the end of the text, better to
hide too much than a hidden test, and a stray END line is dropped, as nbgrader drops it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    name: str
    begin: str
    end: str


SOLUTION = Marker("solution", "BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TESTS = Marker("hidden tests", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
MARKERS = (SOLUTION, HIDDEN_TESTS)


class MarkerError(ValueError):
    """A cell's markers that nbgrader would refuse or misread."""


@dataclass(frozen=True)
class Region:
    """One region of a cell: its marker, its lines (0-based, BEGIN line to END line or the text's end)."""

    marker: Marker
    first: int
    last: int
    closed: bool
    lines: tuple  # the region's lines, line endings and marker lines included

    @property
    def text(self):
        """The region as it stands in the cell, markers included."""
        return "".join(self.lines)

    @property
    def body(self):
        """The lines between the markers."""
        return "".join(self.lines[1:-1] if self.closed else self.lines[1:])


def lines_of(text):
    """The text's lines split on "\\n" only, each with its line ending: "".join(lines_of(t)) == t."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return lines + [pieces[-1]] if pieces[-1] else lines


def _scan(lines, marker):
    """(regions, problems) of one marker over the lines; problems as (line index, what)."""
    regions, problems, start = [], [], None
    for index, line in enumerate(lines):
        if marker.begin in line:
            if start is not None:
                opened = f"the {marker.name} region opened on line {start + 1}"
                problems.append((index, f"{marker.begin} inside {opened}"))
            else:
                start = index
        elif marker.end in line:
            if start is None:
                problems.append((index, f"{marker.end} with no {marker.name} region open"))
            else:
                regions.append(Region(marker, start, index, True, tuple(lines[start:index + 1])))
                start = None
    if start is not None:
        problems.append((start, f"{marker.begin} never closed by {marker.end}"))
        regions.append(Region(marker, start, len(lines) - 1, False, tuple(lines[start:])))
    return regions, problems


def _in_order(found):
    """Regions in the order they open."""
    return sorted(found, key=lambda r: (r.first, r.marker.name))


def regions(text, markers=MARKERS):
    """The text's regions of the given markers, in the order they open."""
    lines = lines_of(text)
    return _in_order(r for m in markers for r in _scan(lines, m)[0])


def check(text, markers=MARKERS):
    """Raise MarkerError, naming the line and the broken rule, unless every region is well formed."""
    lines = lines_of(text)
    scans = [_scan(lines, m) for m in markers]
    problems = [p for _, found in scans for p in found]
    found = _in_order(r for regions_of, _ in scans for r in regions_of)
    for before, after in zip(found, found[1:], strict=False):
        if after.first <= before.last:
            problems.append((after.first, f"a {after.marker.name} region inside the {before.marker.name} "
                                          f"region opened on line {before.first + 1}"))  # fmt: skip
    if problems:
        index, what = min(problems)
        raise MarkerError(f"line {index + 1}: {what} ({lines[index].strip()!r})")


def _dropped(lines, markers):
    """Indices of the lines in a region of `markers`, and of their stray END lines."""
    dropped = set()
    for marker in markers:
        found, _ = _scan(lines, marker)
        dropped.update(i for r in found for i in range(r.first, r.last + 1))
        dropped.update(i for i, line in enumerate(lines) if marker.end in line and marker.begin not in line)
    return dropped


def without(text, markers=(HIDDEN_TESTS,)):
    """The text with every region of `markers` cut out, marker lines included (unclosed: to the end)."""
    lines = lines_of(text)
    dropped = _dropped(lines, markers)
    return "".join(line for index, line in enumerate(lines) if index not in dropped)


def unmarked(text, markers=(SOLUTION,)):
    """The text with the marker lines of `markers` removed and their regions' bodies kept."""
    lines = lines_of(text)
    markers_at = {i for i, line in enumerate(lines) for m in markers if m.begin in line or m.end in line}
    return "".join(line for index, line in enumerate(lines) if index not in markers_at)


def body_line_numbers(text, marker=SOLUTION):
    """1-based numbers of the lines inside the regions of `marker`, marker lines excluded."""
    found = regions(text, (marker,))
    return {i + 1 for r in found for i in range(r.first + 1, r.last if r.closed else r.last + 1)}


def as_submitted(text):
    """A cell as a perfect student submits it: hidden tests cut, solution markers removed."""
    return unmarked(without(text, (HIDDEN_TESTS,)), (SOLUTION,))
