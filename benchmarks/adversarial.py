"""Issue 8's table: cheats tried / held, faults tried / handled, kills survived.

Builds the corpora of tests/adversarial/corpus.py (real notebooks of 03_variational_inference), grades
them with `vaelab grade --jobs 2`, killing the grader with SIGKILL at --kills random points and
resuming, grades an LMS zip with a path traversal and a zip bomb, and prints the Markdown table that
docs/isolation.md ("Adversarial corpora") quotes. The same run is a test
(tests/adversarial/test_adversarial.py), whose summary prints this table on every CI run.

    .venv/bin/python benchmarks/adversarial.py [--kills 5]
"""

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    path = ROOT / "tests" / "adversarial" / "corpus.py"
    spec = importlib.util.spec_from_file_location("adversarial_corpus", path)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    with tempfile.TemporaryDirectory(prefix="vaelab-adversarial-") as tmp:
        rows = corpus.run(Path(tmp), kills=args.kills)
    table, summary = corpus.table(rows)
    print(table)
    print()
    print(summary)
    return 0 if all(r.ok == r.expected for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
