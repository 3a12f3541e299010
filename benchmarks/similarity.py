"""Issue 20's figure: how long `vaelab similarity` takes on a class of 300 submissions.

The class is generated (tests/autograder/similarity/planted.py): each student's answer cells are, at
random, the week's solution, a correct alternative, a known wrong answer or the stub, then renamed,
reordered, recommented or with lines changed, and every tenth student copies an earlier one. The
whole command is timed as a TA runs it (interpreter start and imports included), and exits non-zero
past the minute the issue allows.

    .venv/bin/python benchmarks/similarity.py [--week 04_vae] [--students 300]
"""

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 60.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="04_vae", choices=("03_variational_inference", "04_vae"))
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = ROOT / "tests" / "autograder" / "similarity" / "planted.py"
    spec = importlib.util.spec_from_file_location("planted", path)
    planted = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(planted)
    with tempfile.TemporaryDirectory(prefix="vaelab-similarity-bench-") as tmp:
        students = planted.generated_class(args.week, args.students, args.seed)
        folder = planted.write_class(students, Path(tmp) / "class", args.week)
        command = [str(Path(sys.executable).parent / "vaelab"), "similarity", args.week, str(folder),
                   "--out", str(Path(tmp) / "out")]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n")
        return 1
    print("\n".join(done.stdout.splitlines()[:3]))
    print(f"\n{args.students} submissions of {args.week} compared in {seconds:.1f} s (whole command, "
          f"{os.cpu_count()} CPUs; limit {LIMIT_S:.0f} s)")  # fmt: skip
    return 0 if seconds < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
