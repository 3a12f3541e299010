"""What one request of the outside judge costs: a small call, and a large array each way.

    .venv/bin/python benchmarks/judge_transfer.py [--mb 12.5]

Starts one plain kernel, and times `student.nothing()` (a bare request: the mean of --bare of them in
a row, as a hidden test makes them), `student.echo(x)` (x sent to the kernel and back) and
`student.make(n)` (an array made in the kernel and sent back) through autograder.grading.remote,
the path every call of a week judged outside the kernel takes. Prints seconds per call and MB/s.
"""

import argparse
import time

import numpy as np
from jupyter_client import KernelManager

from autograder.grading.remote import KernelLink, KernelNamespace

STUDENT = """
import numpy as np
def nothing():
    return None
def echo(x):
    return x
def take(x):
    return x.shape
def make(n):
    return np.ones((n, 28, 28, 1), dtype="float32")
"""


def best_of(repeats, call):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=12.5, help="size of the large array (MB)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bare", type=int, default=300, help="bare requests timed in a row")
    args = parser.parse_args()
    n = max(1, round(args.mb * 1e6 / (28 * 28 * 4)))
    x = np.random.default_rng(0).random((n, 28, 28, 1)).astype("float32")
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(stdout=None, stderr=None)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive(STUDENT, timeout=60)
        link = KernelLink(manager.connection_file, time.monotonic() + 600, alive=manager.is_alive)
        student = KernelNamespace(link)
        size = x.nbytes / 1e6
        student.nothing()  # the function's handle, asked once
        start = time.perf_counter()
        for _ in range(args.bare):
            student.nothing()
        bare = (time.perf_counter() - start) / args.bare
        small = best_of(args.repeats, lambda: student.take(x[:1]))
        send = best_of(args.repeats, lambda: student.take(x))
        back = best_of(args.repeats, lambda: student.make(n))
        both = best_of(args.repeats, lambda: student.echo(x))
        print(f"array: {x.shape} float32, {size:.1f} MB; best of {args.repeats}")
        print(f"bare request          {bare * 1e3:7.2f} ms  (mean of {args.bare})")
        print(f"small call            {small:7.3f} s")
        print(f"send {size:5.1f} MB          {send:7.3f} s   {size / send:7.1f} MB/s")
        print(f"receive {size:5.1f} MB       {back:7.3f} s   {size / back:7.1f} MB/s")
        print(f"send and receive      {both:7.3f} s")
        link.close()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
