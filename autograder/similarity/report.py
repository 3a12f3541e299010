"""Report: a Similarity as similarity.csv, similarity.html and the table `vaelab similarity` prints.

Student code is untrusted: every id and every line of it is escaped before it reaches HTML. Only the
students' answer cells are shown (hidden test regions already cut by answers.py), never the course's.
"""

import csv
import html
import io

import numpy as np
from copydetect.utils import highlight_overlap

from autograder.grading.atomic import write_atomic
from autograder.similarity.compare import MIN_SHARED

CSV_COLUMNS = ("student_a", "student_b", "score", "share_a", "share_b", "shared", "flagged", "regions_a",
               "regions_b", "problem")  # fmt: skip
# Pairs not flagged that the HTML still lists, so a TA sees how close the closest others come.
BELOW_SHOWN = 10
PRINTED = 10

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
table.side { width: 100%; table-layout: fixed; }
table.side td { width: 50%; }
pre { margin: 0; white-space: pre-wrap; font-size: 0.85em; }
mark { background: #ffd27a; }
.stub { color: #888; font-style: italic; }
"""


class Markup(str):
    """HTML made here from escaped parts, to be written as it is."""


def _e(value):
    return html.escape(str(value), quote=True)


def _table(header, rows):
    """An HTML table of raw values, each escaped, except cells given as Markup (already HTML)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{v if isinstance(v, Markup) else _e(v)}</td>" for v in row) + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def _ratio(value):
    return f"{value:.3f}"


def _cells(pair):
    """The answer cells holding the pair's matches, each once, a's first."""
    return ", ".join(dict.fromkeys(r.grade_id for r in (*pair.regions_a, *pair.regions_b)))


def _pair_count(similarity):
    compared = len(similarity.answers) - len(similarity.problems)
    return compared, compared * (compared - 1) // 2


def flagged(similarity):
    """The pairs Pair.flagged at the similarity's threshold, best first."""
    return [p for p in similarity.pairs if p.flagged(similarity.threshold)]


def csv_text(similarity):
    """similarity.csv: a row per submission not compared, then every pair with code in common, best first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for answers in similarity.problems:
        writer.writerow([answers.student_id, *[""] * (len(CSV_COLUMNS) - 2), answers.problem])
    for p in similarity.pairs:
        writer.writerow([
            p.student_a, p.student_b, _ratio(p.score), _ratio(p.share_a), _ratio(p.share_b), p.shared,
            "yes" if p.flagged(similarity.threshold) else "no",
            "; ".join(map(str, p.regions_a)), "; ".join(map(str, p.regions_b)), "",
        ])  # fmt: skip
    return out.getvalue()


def summary_text(similarity, shown=PRINTED):
    """What `vaelab similarity` prints: counts, the submissions not compared, the flagged pairs."""
    compared, pairs = _pair_count(similarity)
    lines = [f"compared {compared} submissions of {similarity.assignment} ({pairs} pairs)"]
    for answers in similarity.problems:
        lines.append(f"not compared: {answers.student_id}: {answers.problem}")
    above = flagged(similarity)
    rule = f"score >= {similarity.threshold:g} on >= {MIN_SHARED} fingerprints in common"
    if above:
        lines.append(f"flagged ({rule}): {len(above)} pair(s)")
        top = above[:shown]
    else:
        lines.append(f"no pair flagged ({rule})" + ("; the closest:" if similarity.pairs else ""))
        top = similarity.pairs[:3]
    if top:
        lines += ["| student a | student b | score | share a | share b | matching cells |",
                  "|---|---|---:|---:|---:|---|"]  # fmt: skip
        for p in top:
            lines.append(f"| {p.student_a} | {p.student_b} | {_ratio(p.score)} | {_ratio(p.share_a)} | "
                         f"{_ratio(p.share_b)} | {_cells(p)} |")  # fmt: skip
    if len(above) > shown:
        lines.append(f"... and {len(above) - shown} more in similarity.csv")
    return "\n".join(lines)


def _side_by_side(pair, answers_a, answers_b, stub_cells):
    """One row per answer cell either student wrote: a's code | b's code, their matches highlighted."""
    code_a, code_b = dict(answers_a.cells), dict(answers_b.cells)
    rows = []
    for gid, stub_code in stub_cells:
        if code_a[gid] == stub_code and code_b[gid] == stub_code:
            continue
        left = _highlighted(code_a[gid], [(s, e) for g, s, e in pair.matches_a if g == gid], stub_code)
        right = _highlighted(code_b[gid], [(s, e) for g, s, e in pair.matches_b if g == gid], stub_code)
        rows.append(f'<tr><th colspan="2">{_e(gid)}</th></tr>\n<tr><td>{left}</td><td>{right}</td></tr>\n')
    head = f"<tr><th>{_e(pair.student_a)}</th><th>{_e(pair.student_b)}</th></tr>\n"
    return f'<table class="side">\n{head}{"".join(rows)}</table>\n'


def _highlighted(code, spans, stub_code):
    """A cell's code as escaped HTML, the spans marked (copydetect's highlight_overlap)."""
    if code == stub_code:
        return '<span class="stub">the stub, not answered</span>'
    if not spans:
        return f"<pre>{_e(code)}</pre>"
    slices = np.array([[s for s, _ in spans], [e for _, e in spans]])
    marked, _ = highlight_overlap(code, slices, "<mark>", "</mark>", escape_html=True)
    return f"<pre>{marked}</pre>"


def html_text(similarity):
    """similarity.html: the submissions not compared, the flagged pairs, the closest of the others, then
    each located pair side by side."""
    title = f"Similarity: {similarity.assignment}"
    answers = {a.student_id: a for a in similarity.answers}
    compared, pairs = _pair_count(similarity)
    above = flagged(similarity)
    parts = [
        f'<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>{_e(title)}</title>\n'
        f"<style>{_STYLE}</style></head>\n<body>\n<h1>{_e(title)}</h1>\n",
        f"<p>{compared} submissions compared ({pairs} pairs), on the code written in the answer cells only: "
        "the released stub, the visible tests and the given code never count. Score: the fingerprints two "
        "submissions have in common over the mean of their counts; share: the part of one student's "
        "fingerprints found in the other's. Renamed identifiers, comments and layout change no "
        f"fingerprint. Flagged: score at or above {similarity.threshold:g}, on at least {MIN_SHARED} "
        "fingerprints in common.</p>\n",
    ]
    if similarity.problems:
        parts.append("<h2>Not compared</h2>\n")
        parts.append(_table(("Student", "Why"), [(a.student_id, a.problem) for a in similarity.problems]))
    parts.append(f"<h2>Flagged pairs ({len(above)})</h2>\n")
    located = [(rank, p) for rank, p in enumerate(above, 1) if p.matches_a or p.matches_b]
    if above:
        ranks = {rank for rank, _ in located}
        rows = [
            (Markup(f'<a href="#pair-{rank}">{rank}</a>') if rank in ranks else rank, p.student_a,
             p.student_b, _ratio(p.score), _ratio(p.share_a), _ratio(p.share_b), p.shared, _cells(p))
            for rank, p in enumerate(above, 1)
        ]  # fmt: skip
        parts.append(_table(("#", "Student a", "Student b", "Score", "Share a", "Share b", "In common",
                             "Matching cells"), rows))  # fmt: skip
        if len(located) < len(above):
            parts.append(f"<p>The first {len(located)} are shown side by side below (--shown); "
                         "similarity.csv lists every pair.</p>\n")  # fmt: skip
    else:
        parts.append("<p>None.</p>\n")
    below = [p for p in similarity.pairs if not p.flagged(similarity.threshold)][:BELOW_SHOWN]
    if below:
        parts.append("<h2>Closest pairs not flagged</h2>\n")
        parts.append(_table(("Student a", "Student b", "Score", "Share a", "Share b", "In common"),
                            [(p.student_a, p.student_b, _ratio(p.score), _ratio(p.share_a), _ratio(p.share_b),
                              p.shared) for p in below]))  # fmt: skip
    for rank, p in located:
        parts.append(f'<h2 id="pair-{rank}">{rank}. {_e(p.student_a)} and {_e(p.student_b)}: '
                     f"score {_ratio(p.score)}</h2>\n")  # fmt: skip
        parts.append(f"<p>Matching lines: {_e(p.student_a)}: {_e('; '.join(map(str, p.regions_a)))}. "
                     f"{_e(p.student_b)}: {_e('; '.join(map(str, p.regions_b)))}.</p>\n")  # fmt: skip
        parts.append(_side_by_side(p, answers[p.student_a], answers[p.student_b], similarity.stub_cells))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def write_report(similarity, out):
    """Write OUT/similarity.csv and OUT/similarity.html; returns their paths."""
    csv_path, html_path = out / "similarity.csv", out / "similarity.html"
    write_atomic(csv_path, csv_text(similarity))
    write_atomic(html_path, html_text(similarity))
    return csv_path, html_path
