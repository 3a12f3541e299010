"""Hidden reference implementation of every week's exercises (never shipped to students)."""
