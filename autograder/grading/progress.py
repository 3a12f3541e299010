"""Progress of a batch: a bar with an ETA on a terminal, one plain log line per submission otherwise."""

import sys
import time


def _duration(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    def __init__(self, total, stream=None, width=30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()

    def eta(self):
        if self.done == 0:
            return "?"
        elapsed = time.monotonic() - self.started
        return _duration(elapsed / self.done * (self.total - self.done))

    def advance(self, result):
        self.done += 1
        summary = f"{result.student_id}: {result.status} {result.score:g}/{result.max_score:g}"
        if self.tty:
            filled = int(self.width * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} ETA {self.eta()}  {summary[:40]:<40}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"graded {self.done}/{self.total} ({summary}) ETA {self.eta()}\n")
        self.stream.flush()
