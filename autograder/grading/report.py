"""Report stage: render graded results as a feedback page per student and one class report for the TA.

Everything a student wrote (ids, messages, notebook text) is untrusted: it is escaped before it reaches
HTML, and hidden test code never leaves the grader (released sources replace graded cells, hidden regions
are scrubbed, tracebacks of test cells shrink to their exception line).
"""

import base64
import copy
import html
import io
import math
import re
import textwrap
import urllib.parse
from collections import Counter
from pathlib import Path

import bleach
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from nbconvert import HTMLExporter

from autograder.checks.judge import RESULTS_MIMETYPE
from autograder.grading.atomic import write_atomic
from autograder.grading.outcome import STATUSES
from autograder.grading.readable import readable_name
from autograder.regions import HIDDEN_TESTS, regions, without

# Stages in the order a submission passes through them; stages not listed follow in first-seen order.
STAGE_ORDER = ("collect", "start", "run", "judge", "record", "report")
# Submissions whose tests ran, so a missing or failed row is the student's, not the grader's.
JUDGED_STATUSES = ("ok", "error")
SLOWEST_SHOWN = 10
HISTOGRAM_BINS = 20
# Chart labels wrap at this many characters; none is cut.
LABEL_CHARS = 48
# The feedback page's header sits between these, so the record stage can refresh it (a late penalty, a
# TA's manual score) without rendering the notebook again.
HEADER_START, HEADER_END = "<!-- vaelab-header -->", "<!-- /vaelab-header -->"
# What student markdown and HTML outputs may keep: nbconvert's own sanitiser allows so few tags that
# headings and paragraphs would show as escaped text; scripts, styles and event handlers still go.
ALLOWED_TAGS = bleach.ALLOWED_TAGS | {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "div", "img", "sub", "sup",
    "del", "s", "kbd", "dl", "dt", "dd", "details", "summary",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip

# Scoped, so the header's style never restyles the student's notebook rendered below it.
_STYLE = """
{scope} {{ font-family: sans-serif; margin: 1.5em; }}
{scope} table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}
{scope} th, {scope} td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}
{scope} th {{ background: #f3f3f3; }}
{scope} .pass {{ color: #1a7f37; }} {scope} .fail {{ color: #b42318; }}
{scope} td {{ overflow-wrap: anywhere; vertical-align: top; }}
{scope} td.num {{ text-align: right; white-space: nowrap; }}
{scope} td.nowrap {{ white-space: nowrap; }}
{scope} tr.test td:first-child {{ padding-left: 2em; }}
{scope} img {{ max-width: 100%; height: auto; }}
"""


def _source_text(source):
    return "".join(source) if isinstance(source, list) else source


def _is_test_cell(cell):
    """A graded cell that is not the student's answer: its code is ours and may be hidden."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _shown_outputs(outputs, test_cell):
    """Outputs without the judge's machine-readable results and, in test cells, without tracebacks."""
    shown = []
    for output in outputs:
        if RESULTS_MIMETYPE in output.get("data", {}):
            continue
        output = copy.deepcopy(output)
        if "text" in output:
            output["text"] = without(_source_text(output["text"]))
        for mimetype, value in output.get("data", {}).items():
            if isinstance(value, str | list) and mimetype.startswith("text/"):
                output["data"][mimetype] = without(_source_text(value))
        if output.get("output_type") == "error":
            output["evalue"] = without(str(output.get("evalue", "")))
            if test_cell:
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output['evalue']}"]
            else:
                output["traceback"] = [without(line) for line in output.get("traceback", [])]
        shown.append(output)
    return shown


def _released_sources(released):
    """grade_id -> released source for the cells the student cannot change (answers stay theirs)."""
    sources = {}
    for cell in released.cells if released is not None else []:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") and not meta.get("solution"):
            sources[meta["grade_id"]] = cell.source
    return sources


def feedback_notebook(executed, released):
    """A copy of the executed notebook safe to show its student (released may be None)."""
    released_sources = _released_sources(released)
    notebook = copy.deepcopy(executed)
    for cell in notebook.cells:
        source = _source_text(cell.get("source", ""))
        test_cell = _is_test_cell(cell) or bool(regions(source, (HIDDEN_TESTS,)))
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in released_sources:
            source = _source_text(released_sources[grade_id])
        cell.source = without(source)
        if "outputs" in cell:
            cell.outputs = _shown_outputs(cell.outputs, test_cell)
    return notebook


def _e(value):
    return html.escape(str(value), quote=True)


def _table(header, rows):
    """An HTML table; every cell is escaped here, so callers pass raw values."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>\n" for row in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def tests_table(tests):
    if not tests:
        return "<p>No test results.</p>\n"
    head = "".join(f"<th>{h}</th>" for h in ("Test", "Points", "Passed", "Message"))
    rows = []
    for t in tests:
        mark = '<span class="pass">yes</span>' if t.passed else '<span class="fail">no</span>'
        rows.append(
            f"<tr><td>{_e(readable_name(t))}</td><td>{t.points:g}/{t.max_points:g}</td>"
            f"<td>{mark}</td><td>{_e(t.message)}</td></tr>\n"
        )
    return f"<table>\n<tr>{head}</tr>\n{''.join(rows)}</table>\n"


def _feedback_header(result):
    reason = f"<p><b>Reason:</b> {_e(result.reason)}</p>\n" if result.reason else ""
    late = ""
    if result.late_penalty:
        late = (f"<p><b>Late:</b> {_e(result.lateness)}; {result.raw_score:g} points less a late penalty "
                f"of {result.late_penalty:g}</p>\n")  # fmt: skip
    submitted = f" &nbsp; <b>Submitted:</b> {_e(_when(result.submitted_at))}" if result.submitted_at else ""
    manual = ""
    if result.manual_grades:
        manual = f"<p><b>Scored by your TA:</b> {_e('; '.join(result.manual_grades))}</p>\n"
    return (
        f'{HEADER_START}<div class="vaelab-feedback">\n'
        f"<style>{_STYLE.format(scope='.vaelab-feedback')}</style>\n"
        f"<h1>{_e(result.assignment)}: {_e(result.student_id)}</h1>\n"
        f"<p><b>Score:</b> {result.score:g}/{result.max_score:g} &nbsp; "
        f"<b>Status:</b> {_e(result.status)}{submitted}</p>\n"
        f"{late}{manual}{reason}{tests_table(result.tests)}</div>{HEADER_END}\n"
    )


def _when(iso):
    """'2027-02-02 10:00 UTC' from an ISO 8601 time."""
    return iso[:16].replace("T", " ") + " UTC" if iso else ""


def _keeps_attribute(tag, name, value):
    """bleach's attribute filter: links may not carry data, images may only be inline or https."""
    value = value.strip().lower()
    if name in ("class", "id", "title"):
        return True
    if tag == "a":
        return name == "href" and not value.startswith("data:")
    if tag == "img":
        return name in ("alt", "width", "height") or (
            name == "src" and value.startswith(("data:image/", "https:"))
        )
    return tag in ("td", "th") and name in ("colspan", "rowspan")


def _clean_html(element):
    """Student HTML with only harmless tags and attributes left (nbconvert's `clean_html` filter)."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=_keeps_attribute,
        protocols=[*bleach.ALLOWED_PROTOCOLS, "data"],
    )


def _notebook_html(notebook):
    """The notebook as a full HTML page, student markdown and HTML outputs sanitised."""
    exporter = HTMLExporter(
        template_name="classic", embed_images=True, sanitize_html=True, filters={"clean_html": _clean_html}
    )
    body, _ = exporter.from_notebook_node(notebook)
    return body


def write_feedback(result, executed, released, path):
    """Write one student's feedback page: score, test table, then their notebook (when there is one)."""
    header = _feedback_header(result)
    if executed is None:
        title = _e(f"{result.assignment}: {result.student_id}")
        page = (
            f'<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body>\n{header}</body>\n</html>\n"
        )
    else:
        page = _notebook_html(feedback_notebook(executed, released))
        body = re.search(r"<body[^>]*>", page)
        page = page[: body.end()] + "\n" + header + page[body.end() :] if body else header + page
    write_atomic(path, page)
    return Path(path)


def refresh_feedback(result, path):
    """Bring a feedback page's header up to date with the recorded result (late penalty, manual scores);
    writes nothing when it already is, and a header-only page where there is none."""
    path = Path(path)
    header = _feedback_header(result)
    try:
        page = path.read_text(encoding="utf-8")
    except OSError:
        return write_feedback(result, None, None, path)
    start, end = page.find(HEADER_START), page.find(HEADER_END)
    if start < 0 or end < 0:
        return write_feedback(result, None, None, path)
    fresh = page[:start] + header.rstrip("\n") + page[end + len(HEADER_END) :]
    if fresh != page:
        write_atomic(path, fresh)
    return path


def _label(text, width=LABEL_CHARS):
    """A chart label, wrapped onto more lines rather than cut."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _img(fig, alt):
    """The figure as an inline base64 PNG <img>, cropped to everything drawn (no label or title cut)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.15)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">\n'


def _score_histogram(results):
    scores = [r.score for r in results]
    top = math.ceil(max([1.0, *scores, *(r.max_score for r in results)]))
    # One bar per whole point when that stays readable, so a 1 and a 2 never share a bar.
    bins = [i - 0.5 for i in range(top + 2)] if top <= HISTOGRAM_BINS else HISTOGRAM_BINS
    fig = Figure(figsize=(7, 3.5), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.hist(
        scores,
        bins=bins,
        range=None if top <= HISTOGRAM_BINS else (0, top),
        color="#4c72b0",
        edgecolor="white",
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if top <= HISTOGRAM_BINS:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Score distribution", xlabel="score", ylabel="number of students")
    return _img(fig, "score histogram")


def _question_rates(results):
    """[(question, % of judged submissions with its full marks, judged count, [(test, % passed, ran)])]:
    each question over the submissions whose tests ran (status ok/error), and each of its tests over
    those where that test itself ran (a failed visible test stops a question's tests), in first-seen order."""
    judged = [r for r in results if r.status in JUDGED_STATUSES]
    questions = {}
    for result in judged:
        mine = {}
        for test in result.tests:
            mine.setdefault(test.question, []).append(test)
        for question, tests in mine.items():
            entry = questions.setdefault(question, {"full": 0, "tests": {}})
            entry["full"] += sum(t.points for t in tests) >= sum(t.max_points for t in tests)
            for test in tests:
                if test.test_id != question:
                    counts = entry["tests"].setdefault(readable_name(test), [0, 0])
                    counts[0] += test.passed
                    counts[1] += 1
    return [(question, 100.0 * entry["full"] / len(judged), len(judged),
             [(name, 100.0 * passed / ran, ran) for name, (passed, ran) in entry["tests"].items()])
            for question, entry in questions.items()]  # fmt: skip


def _pass_rate_chart(rates):
    rows = []
    for question, rate, _, tests in rates:
        rows.append((f"{question}: full marks", rate, True))
        rows += [(f"  {name}", test_rate, False) for name, test_rate, _ in tests]
    lines = sum(len(_label(label).splitlines()) for label, _, _ in rows)
    fig = Figure(figsize=(8, 1.3 + 0.24 * lines + 0.08 * len(rows)), dpi=100)
    ax = fig.subplots()
    positions = range(len(rows))
    colors = ["#2f6b3f" if question else "#8fd19e" for _, _, question in rows]
    ax.barh(positions, [rate for _, rate, _ in rows], color=colors)
    ax.set_yticks(positions, [_label(label) for label, _, _ in rows], parse_math=False)
    for tick, (_, _, question) in zip(ax.get_yticklabels(), rows):
        tick.set_fontweight("bold" if question else "normal")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set(title="Pass rate per question (dark) and per test within it (light)", xlabel="% passed")
    return _img(fig, "pass rate per question and per test")


def _pass_rate_table(rates):
    rows = []
    for question, rate, judged, tests in rates:
        rows.append(f'<tr class="question"><td><b>{_e(question)}</b></td><td class="num">{rate:.0f}% '
                    f"full marks</td><td class=\"num\">{judged}</td></tr>\n")  # fmt: skip
        rows += [f'<tr class="test"><td>{_e(name)}</td><td class="num">{test_rate:.0f}% passed</td>'
                 f'<td class="num">{ran}</td></tr>\n' for name, test_rate, ran in tests]  # fmt: skip
    head = "<tr><th>Question / test</th><th>Pass rate</th><th>Submissions</th></tr>\n"
    return f"<table>\n{head}{''.join(rows)}</table>\n"


def _stages(results):
    """Stage names seen in the batch (without "total"), in pipeline order."""
    seen = {key: None for r in results for key in r.seconds if key != "total"}
    return [s for s in STAGE_ORDER if s in seen] + [s for s in seen if s not in STAGE_ORDER]


def _total_seconds(result):
    return result.seconds.get("total", sum(v for k, v in result.seconds.items() if k != "total"))


def _stage_seconds(result, stages):
    """Seconds per stage, plus "other" for the part of the total no stage accounts for."""
    parts = {stage: result.seconds.get(stage, 0.0) for stage in stages}
    parts["other"] = max(0.0, _total_seconds(result) - sum(parts.values()))
    return parts


def _slowest_chart(slowest, stages):
    fig = Figure(figsize=(7, 1.5 + 0.35 * len(slowest)), dpi=100, layout="constrained")
    ax = fig.subplots()
    positions = range(len(slowest))
    left = [0.0] * len(slowest)
    for stage in [*stages, "other"]:
        widths = [_stage_seconds(r, stages)[stage] for r in slowest]
        if any(widths):
            ax.barh(positions, widths, left=left, label=stage)
            left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(positions, [_label(r.student_id) for r in slowest], parse_math=False)
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize="small")
    ax.set(title=f"Slowest {len(slowest)} submissions by stage", xlabel="seconds", ylabel="student")
    return _img(fig, "slowest submissions")


def _stage_chart(totals):
    fig = Figure(figsize=(7, 1.5 + 0.35 * len(totals)), dpi=100, layout="constrained")
    ax = fig.subplots()
    positions = range(len(totals))
    ax.barh(positions, list(totals.values()), color="#8172b2")
    ax.set_yticks(positions, list(totals), parse_math=False)
    ax.invert_yaxis()
    ax.set(title="Time per stage, summed over the batch", xlabel="seconds", ylabel="stage")
    return _img(fig, "time per stage")


def _status_section(results):
    counts = Counter(r.status for r in results)
    statuses = [*STATUSES, *(s for s in counts if s not in STATUSES)]
    return "<h2>Status counts</h2>\n" + _table(("Status", "Submissions"), [(s, counts[s]) for s in statuses])


def _flag_section(results):
    """Submissions whose code looks like an attempt to fool the grader (autograder/grading/flags.py)."""
    flagged = [(r.student_id, f"{r.score:g}/{r.max_score:g}", "; ".join(r.flags)) for r in results if r.flags]
    if not flagged:
        return "<h2>Flagged for review</h2>\n<p>None.</p>\n"
    return "<h2>Flagged for review</h2>\n" + _table(("Student", "Score", "Why"), flagged)


def _similarity_section(folder):
    """A link to `vaelab similarity`'s page when it was written into the same OUT."""
    if not (Path(folder) / "similarity.html").is_file():
        return ""
    return ('<h2>Similarity</h2>\n<p><a href="similarity.html">Pairs of submissions whose answer code is '
            "alike</a> (<code>vaelab similarity</code>; every pair in similarity.csv).</p>\n")  # fmt: skip


def _timing_sections(results):
    timed = [r for r in results if r.seconds]
    if not timed:
        return "<h2>Slowest submissions</h2>\n<p>No timings recorded.</p>\n"
    stages = _stages(timed)
    slowest = sorted(timed, key=_total_seconds, reverse=True)[:SLOWEST_SHOWN]
    rows = [
        (r.student_id, r.status, f"{_total_seconds(r):.2f}", *(f"{r.seconds.get(s, 0):.2f}" for s in stages))
        for r in slowest
    ]
    totals = {stage: sum(r.seconds.get(stage, 0.0) for r in timed) for stage in stages}
    grand_total = sum(_total_seconds(r) for r in timed)
    parts = ["<h2>Slowest submissions</h2>\n", _slowest_chart(slowest, stages)]
    parts.append(_table(("Student", "Status", "Total (s)", *(f"{s} (s)" for s in stages)), rows))
    parts.append("<h2>Time per stage</h2>\n")
    if totals:
        parts.append(_stage_chart(totals))
    unstaged = grand_total - sum(totals.values())
    stage_rows = [(s, f"{v:.2f}") for s, v in totals.items()]
    stage_rows += [("other", f"{unstaged:.2f}")] if unstaged >= 0.005 else []
    stage_rows.append(("total", f"{grand_total:.2f}"))
    parts.append(_table(("Stage", "Seconds (sum)"), stage_rows))
    return "".join(parts)


def feedback_page(student_id, assignment):
    """Where a student's feedback page lies, relative to OUT (and so to report.html)."""
    return Path("feedback") / student_id / f"{assignment}.html"


def _student_section(results):
    """One row per student, linking to their feedback page: what a TA checks and acts on."""
    head = ("Student", "Score", "Raw", "Late penalty", "Submitted", "Status", "Reason", "Flags",
            "Scored by hand", "Time (s)")  # fmt: skip
    rows = []
    for r in sorted(results, key=lambda r: r.student_id):
        href = urllib.parse.quote(feedback_page(r.student_id, r.assignment).as_posix())
        late = f"−{r.late_penalty:g} ({r.lateness})" if r.late_penalty else r.lateness
        seconds = f"{_total_seconds(r):.1f}" if r.seconds else ""
        values = (f"{r.score:g}/{r.max_score:g}", f"{r.raw_score:g}", late, _when(r.submitted_at), r.status,
                  r.reason, "; ".join(r.flags), "; ".join(r.manual_grades), seconds)
        # Ids, scores and times never break inside; reasons and flags wrap.
        kinds = ("num", "num", "wrap", "nowrap", "wrap", "wrap", "wrap", "wrap", "num")
        cells = "".join(f'<td class="{kind}">{_e(value)}</td>' for kind, value in zip(kinds, values))
        rows.append(f'<tr><td class="nowrap"><a href="{_e(href)}">{_e(r.student_id)}</a></td>{cells}</tr>\n')
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f"<h2>Students</h2>\n<table>\n<tr>{header}</tr>\n{''.join(rows)}</table>\n"


def write_class_report(results, path):
    """Write one self-contained HTML page summarising a graded batch for the TA."""
    results = list(results)
    assignments = sorted({r.assignment for r in results})
    title = "Class report" + (f": {', '.join(assignments)}" if assignments else "")
    parts = [
        f'<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>{_e(title)}</title>\n'
        f"<style>{_STYLE.format(scope='body')}</style></head>\n<body>\n<h1>{_e(title)}</h1>\n"
    ]
    if not results:
        parts.append("<p>No submissions.</p>\n")
    else:
        scores = sorted(r.score for r in results)
        mean = sum(scores) / len(scores)
        median = (scores[(len(scores) - 1) // 2] + scores[len(scores) // 2]) / 2
        late = sum(1 for r in results if r.late_penalty)
        parts.append(f"<p>{len(results)} submissions; mean score {mean:.2f}, median {median:.2f}; "
                     f"{late} with a late penalty.</p>\n")  # fmt: skip
        parts.append(_student_section(results))
        parts.append("<h2>Scores</h2>\n" + _score_histogram(results))
        rates = _question_rates(results)
        parts.append("<h2>Pass rate per question</h2>\n")
        if rates:
            parts.append(_pass_rate_chart(rates))
            parts.append(_pass_rate_table(rates))
        else:
            parts.append("<p>No submission reached the tests.</p>\n")
        parts.append(_status_section(results))
        parts.append(_flag_section(results))
        parts.append(_similarity_section(Path(path).parent))
        parts.append(_timing_sections(results))
    parts.append("</body>\n</html>\n")
    write_atomic(path, "".join(parts))
    return Path(path)
