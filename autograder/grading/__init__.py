"""Bulk grading: collect -> run (fresh kernel per submission) -> judge -> record -> report."""
