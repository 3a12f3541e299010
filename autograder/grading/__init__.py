"""Bulk grading: collect -> run (fresh kernel per submission) -> judge -> record -> report."""

import sys

# nbformat validates notebooks with jsonschema, which imports rfc3987_syntax when it is installed, for two
# string formats ("iri", "iri-reference") that no notebook or Jupyter schema uses; that import builds
# dozens of Earley parsers, about 2 s of CPU in every grader process (python-jsonschema/jsonschema#1428).
# Blocked here, jsonschema leaves those two formats unchecked, as where the package is not installed. Only
# the grader's own processes import this package: a kernel never does, so student code is unaffected.
sys.modules.setdefault("rfc3987_syntax", None)
