"""Compare: copydetect's fingerprints of every student's answers, a score for every pair, and where the
matches lie for the pairs a TA reads in detail.

copydetect tokenizes Python with pygments and writes every variable, attribute and parameter as V,
every function name as F, every class name as O and every string as S, dropping comments and
whitespace; a fingerprint is the hash of a NOISE_TOKENS-long run of that text. So renamed
identifiers, changed comments and whitespace leave the fingerprints as they were, and reordered
functions only move them. Each answer cell is fingerprinted on its own (no run spans two cells), and a
student's fingerprints are those of all their cells, so a function moved to another cell still
matches. Fingerprints the released notebook also has are dropped (copydetect's boilerplate), so only
what students wrote can match.
"""

import io
from dataclasses import dataclass, replace

import numpy as np
from copydetect import CodeFingerprint, compare_files
from scipy import sparse

# copydetect's default noise threshold: runs shorter than this in common (one call with its arguments)
# say nothing. It is also the guarantee threshold, so the winnowing window is 1: every run is a
# fingerprint, no match of this length is missed, and no result depends on Python's per-process hash
# seed (a wider window would keep the smallest hash of each window, which the seed decides).
NOISE_TOKENS = 25
WINDOW = 1
# Fingerprints a pair must share to be flagged, whatever its score: about four lines of code. One
# canonical line written alone (Sampling's z_mean + exp(0.5 * z_log_var) * eps, the closed-form KL)
# has 40 to 65, and two students who wrote only that would otherwise score 1.0.
MIN_SHARED = 100


@dataclass(frozen=True)
class Region:
    """Lines first_line..last_line (from 1) of one answer cell hold matched code."""

    grade_id: str
    first_line: int
    last_line: int

    def __str__(self):
        if self.first_line == self.last_line:
            return f"{self.grade_id} {self.first_line}"
        return f"{self.grade_id} {self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class Pair:
    """Two students' answers compared: student_a sorts before student_b.

    shared: the fingerprints they have in common; share_a: the share of a's fingerprints found in b's
    answers (share_b likewise); score: shared over the mean of their counts (Dice), so a student who
    wrote much more than the other does not hide a copy, nor reach a high score on a few common lines.
    matches_*: (grade id, start, end) of each student's matched code, and regions_*: the same as cell
    lines; both only for the pairs located.
    """

    student_a: str
    student_b: str
    score: float
    share_a: float
    share_b: float
    shared: int
    matches_a: tuple[tuple[str, int, int], ...] = ()
    matches_b: tuple[tuple[str, int, int], ...] = ()
    regions_a: tuple[Region, ...] = ()
    regions_b: tuple[Region, ...] = ()

    def flagged(self, threshold):
        """At or above the threshold, on enough code to tell."""
        return self.score >= threshold and self.shared >= MIN_SHARED


def fingerprint(code, boilerplate=()):
    """copydetect's CodeFingerprint of a text of Python code, boilerplate hashes dropped."""
    return CodeFingerprint("answer.py", NOISE_TOKENS, WINDOW, boilerplate=np.asarray(boilerplate),
                           language="python", fp=io.StringIO(code))  # fmt: skip


def boilerplate_hashes(stub):
    """Every fingerprint of the released notebook's code: what no student's answer may be matched on."""
    hashes = set()
    for code in stub.code:
        hashes |= fingerprint(code).hashes
    return np.array(sorted(hashes), dtype=np.int64)


def cell_fingerprints(answers, boilerplate):
    """{grade id: CodeFingerprint} of one student's answer cells."""
    return {gid: fingerprint(code, boilerplate) for gid, code in answers.cells}


def score_pairs(hashes):
    """Every pair of {student_id: set of fingerprints} with a fingerprint in common, best first.

    Ties are ordered by the two ids, so the order is the same on every run.
    """
    ids = sorted(hashes)
    columns, rows, cols = {}, [], []
    for row, student in enumerate(ids):
        for value in hashes[student]:
            rows.append(row)
            cols.append(columns.setdefault(value, len(columns)))
    # One row of 0/1 per student, one column per fingerprint: the product counts what each pair shares.
    incidence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), max(len(columns), 1)))
    common = (incidence @ incidence.T).toarray().astype(np.int64)
    counts = np.diag(common)
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(common, k=1))):
        shared = int(common[i, j])
        pairs.append(Pair(
            ids[i], ids[j], score=float(2 * shared / (counts[i] + counts[j])),
            share_a=float(shared / counts[i]), share_b=float(shared / counts[j]), shared=shared,
        ))  # fmt: skip
    return sorted(pairs, key=lambda p: (-p.score, p.student_a, p.student_b))


def locate(pair, prints, answers):
    """The pair with where its matches lie: copydetect's copied slices of every two cells that match."""
    found_a, found_b = [], []
    for gid_a, print_a in prints[pair.student_a].items():
        for gid_b, print_b in prints[pair.student_b].items():
            if print_a.hashes & print_b.hashes:
                _, _, (slices_a, slices_b) = compare_files(print_a, print_b)
                found_a += [(gid_a, *span) for span in _spans(slices_a)]
                found_b += [(gid_b, *span) for span in _spans(slices_b)]
    answers_a, answers_b = answers[pair.student_a], answers[pair.student_b]
    matches_a, matches_b = _merged(found_a, answers_a), _merged(found_b, answers_b)
    return replace(pair, matches_a=matches_a, matches_b=matches_b, regions_a=regions(answers_a, matches_a),
                   regions_b=regions(answers_b, matches_b))  # fmt: skip


def _spans(slices):
    if len(slices) == 0 or len(slices[0]) == 0:
        return []
    return [(int(start), int(end)) for start, end in zip(slices[0], slices[1])]


def _merged(found, answers):
    """(grade id, start, end) spans in the answers' cell order, overlapping ones of a cell merged."""
    order = {gid: index for index, (gid, _) in enumerate(answers.cells)}
    merged = []
    for gid, start, end in sorted(found, key=lambda m: (order[m[0]], m[1], m[2])):
        if merged and merged[-1][0] == gid and start <= merged[-1][2]:
            merged[-1] = (gid, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((gid, start, end))
    return tuple(merged)


def regions(answers, matches):
    """The cell lines that matched spans cover, in order; the blank edges of a span left out."""
    code, found = dict(answers.cells), []
    for gid, start, end in matches:
        piece = code[gid][start:end]
        if not piece.strip():
            continue
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        first, last = code[gid].count("\n", 0, start) + 1, code[gid].count("\n", 0, end) + 1
        if found and found[-1].grade_id == gid and found[-1].last_line >= first - 1:
            found[-1] = Region(gid, found[-1].first_line, max(last, found[-1].last_line))
        else:
            found.append(Region(gid, first, last))
    return tuple(found)


def compare(answers, stub, threshold=1.0, locate_top=0):
    """Pairs of the comparable Answers with code in common, best first; the first `locate_top` flagged
    pairs (see Pair.flagged) carry where their matches lie."""
    comparable = {a.student_id: a for a in answers if not a.problem}
    boilerplate = boilerplate_hashes(stub)
    prints = {sid: cell_fingerprints(a, boilerplate) for sid, a in comparable.items()}
    hashes = {sid: set().union(*(c.hashes for c in cells.values())) for sid, cells in prints.items()}
    pairs = score_pairs(hashes)
    located = 0
    for index, pair in enumerate(pairs):
        if located == locate_top or pair.score < threshold:
            break
        if pair.flagged(threshold):
            pairs[index] = locate(pair, prints, comparable)
            located += 1
    return pairs
