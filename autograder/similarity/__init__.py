"""`vaelab similarity`: which submissions of one assignment are suspiciously alike.

One straight line, as grading's: collect (autograder/grading/submissions.py, the same SUBMISSIONS forms
as `vaelab grade`) -> answers (answers.py: the code each student wrote in the answer cells, the released
stub as boilerplate) -> compare (compare.py: copydetect's fingerprints, a score per pair) -> report
(report.py: similarity.csv, similarity.html, the terminal's table). batch.py runs the line.
"""

# Here, not in batch.py, so that the command line shows them without importing copydetect.
# Half of two submissions' own code in common. Planted copies of 03's and 04's solutions score 0.65 to
# 0.92, the solution against independently written correct answers at most 0.07
# (tests/autograder/similarity/test_batch.py).
DEFAULT_THRESHOLD = 0.5
# Pairs located and shown side by side; the CSV lists every pair, so a whole class that shares one
# answer does not make an HTML page nobody can open.
DEFAULT_SHOWN = 50
