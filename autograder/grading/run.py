"""Run a prepared notebook in a fresh kernel of its own, within limits; never raises for student faults.

Limits: the kernel's process tree goes into a cgroup of its own where the host allows (memory and
processes enforced by the OS, killed whole at the end; autograder/grading/cgroups.py), and a watchdog
polls its memory and wall time everywhere (limits.py).
"""

import dataclasses
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_hook

from autograder.checks.results import format_results
from autograder.grading.cells import cell_label, error_text, grade_id
from autograder.grading.cgroups import Cgroup
from autograder.grading.forked_kernel import alive
from autograder.grading.graded_cell import judged_here, run_graded_cell
from autograder.grading.limits import Limits, Watchdog, kill_tree, thread_env
from autograder.grading.remote import JudgeTimeout, KernelDied, KernelFault, KernelLink

# The error output of a cell interrupted at its timeout (nbgrader's ename, so both read the same).
TIMEOUT_ERROR = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: the cell ran past its time limit and was interrupted"],
}


@dataclass
class RunOutcome:
    """The executed notebook (cells after a fatal fault stay unexecuted) and how the run ended."""

    notebook: object
    status: str  # ok | error | timeout | memory | crashed
    reason: str
    seconds: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: float = 0.0
    # Per graded cell (grade id): its seconds and the kernel's peak resident memory (MB) while it ran.
    graded_cells: dict[str, tuple[float, float]] = field(default_factory=dict)
    slowest_cell: tuple[str, float] = ("", 0.0)  # the label and seconds of the longest cell, graded or not


def kernel_env(limits):
    """The kernel's environment: quiet TensorFlow, offline data, seeded hashing, bounded threads."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_CURRENT_TEST", "JPY_PARENT_PID")}
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS="0",
        VAELAB_OFFLINE="1",
        PYTHONHASHSEED="0",
        MPLBACKEND="Agg",
        **thread_env(limits.threads),
    )
    # The grading environment's own kernelspec, whatever the user's Jupyter directories hold.
    share = Path(sys.prefix) / "share" / "jupyter"
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(share), env.get("JUPYTER_PATH", "")) if p)
    return env


def first_error(notebook):
    """'Name in cell X: message' for the notebook's first error, or ''."""
    for index, cell in enumerate(notebook.cells):
        if text := error_text(cell, limit=160):
            name, _, message = text.partition(": ")
            return f"{name} in {cell_label(notebook, index)}" + (f": {message}" if message else "")
    return ""


def keep_the_error(cell, execute_reply):
    """Record a cell's error from the kernel's reply when its outputs do not show one.

    Scores follow the outputs (nbgrader's rule: an error output scores 0), and student code can stop
    tracebacks from being displayed (replace IPython's showtraceback); the execute_reply still says
    the cell failed, so the error goes back into the outputs.
    """
    content = (execute_reply or {}).get("content", {})
    shown = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    if content.get("status") != "error" or shown:
        return
    cell.setdefault("outputs", []).append(
        nbformat.v4.new_output("error", ename=str(content.get("ename", "Error")),
                               evalue=str(content.get("evalue", "")), traceback=[])  # fmt: skip
    )


def forked_kernel_manager(forkserver, workdir, env, placement=None):
    """Fork a kernel from the worker's zygote; a kernel manager nbclient can drive, already started."""
    from jupyter_client.connect import write_connection_file

    from autograder.grading.forked_kernel import ForkedKernelManager

    if placement is None:
        connection_file, _ = write_connection_file(str(Path(workdir) / ".kernel.json"), ip="127.0.0.1")
        pid = forkserver.spawn(connection_file, workdir, env)
    else:  # no network in the sandbox: unix sockets in the submission's own folder
        connection_file, _ = write_connection_file(str(workdir / "kernel.json"), transport="ipc",
                                                   ip=str(workdir / "k"))  # fmt: skip
        os.chown(connection_file, placement.uid, placement.uid)
        uid, processes = placement.uid, placement.processes
        pid = forkserver.spawn(connection_file, workdir, env, uid=uid, processes=processes)
    km = ForkedKernelManager(connection_file=connection_file, pid=pid)
    km.load_connection_file()
    return km


def sandboxed_kernel_manager(placement, env):
    """A plain kernel that will start inside the sandbox, as the submission's uid."""
    from autograder.grading.forked_kernel import SandboxedKernelManager

    folder, uid = placement.folder, placement.uid
    command = placement.sandbox.command([folder], env, cwd=folder, uid=uid, processes=placement.processes,
                                        readonly=placement.readonly, hidden=placement.hidden)  # fmt: skip
    return SandboxedKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "k"),
                                  connection_file=str(folder / "kernel.json"), sandbox_command=command,
                                  kernel_uid=placement.uid)  # fmt: skip


def run_notebook(notebook, workdir, limits=None, forkserver=None, extra_env=None, placement=None):
    """Execute `notebook` in place with cwd `workdir`; returns a RunOutcome.

    With a fork server the kernel is forked from its zygote (TensorFlow already imported); without
    one, or when forking fails, it is a plain fresh kernel process. Scores are the same either way.
    With a `placement` (autograder.grading.sandbox.Placement) the kernel runs in the sandbox, in the
    placement's folder instead of `workdir`.
    """
    limits = limits or Limits()
    env = {**kernel_env(limits), **(extra_env or {})}
    os.environ["JUPYTER_PATH"] = env["JUPYTER_PATH"]
    if placement is not None:
        from autograder.grading.sandbox import kernel_env as sandbox_env

        workdir, env = placement.folder, sandbox_env(env, placement.folder)
    seconds = {"start": 0.0, "run": 0.0, "judge": 0.0, "shutdown": 0.0}
    graded_cells = {}
    started = time.monotonic()
    state = {"watchdog": None, "cell_start": started, "cell": None, "interrupted": [], "slowest": ("", 0.0)}

    def on_notebook_start(**_):
        seconds["start"] = time.monotonic() - started
        pid = getattr(client.km, "pid", 0) or client.km.provisioner.process.pid
        state["pid"] = pid
        state["cgroup"] = Cgroup.create(limits.memory_mb, limits.processes)
        if state["cgroup"] is not None:
            state["cgroup"].add_tree(pid)
        state["watchdog"] = Watchdog(pid, limits, started)
        state["watchdog"].start()

    def on_cell_start(cell, cell_index, **_):
        state["cell_start"], state["cell"] = time.monotonic(), cell_index
        if state["watchdog"] is not None:
            state["watchdog"].take_window_peak()

    def on_cell_executed(cell, cell_index, execute_reply=None, **_):
        graded = cell.get("metadata", {}).get("nbgrader", {}).get("grade")
        took = time.monotonic() - state["cell_start"]
        seconds["judge" if graded else "run"] += took
        if took > state["slowest"][1]:
            state["slowest"] = (cell_label(notebook, cell_index), took)
        if graded and state["watchdog"] is not None:
            graded_cells[grade_id(cell) or str(cell_index)] = (took, state["watchdog"].take_window_peak())
        if (execute_reply or {}).get("content", {}).get("ename") == TIMEOUT_ERROR["ename"]:
            state["interrupted"].append(cell_index)
        keep_the_error(cell, execute_reply)

    def link():
        """This kernel's link for the judge (one for the notebook, a new one after a fault), with the
        cell's time from now."""
        current = state.get("link")
        if current is None or current.fault is not None:
            if current is not None:
                current.client.stop_channels()
            current = state["link"] = KernelLink(client.km.connection_file, 0, lambda: alive(state["pid"]),
                                                 folder=workdir)  # fmt: skip
        current.deadline = time.monotonic() + limits.cell_timeout
        return current

    def run_in_worker(cell, cell_index):
        """A graded cell of a week judged outside the kernel: run here, on the kernel (graded_cell.py)."""
        try:
            graded = run_graded_cell(cell, link())
        except JudgeTimeout:
            cell.outputs = [nbformat.v4.new_output("error", **TIMEOUT_ERROR)]
            state["interrupted"].append(cell_index)
        except KernelDied as err:
            raise DeadKernelError(str(err)) from err
        except KernelFault as err:  # the kernel did not answer as the probe does: the cell scores 0
            failed = {"ename": "KernelFault", "evalue": f"the judge could not use this kernel: {err}"}
            cell.outputs = [nbformat.v4.new_output("error", traceback=[], **failed)]
        except Exception as err:
            state["grader_error"] = err  # the grader's fault, not the submission's: raised after clean-up
            raise
        else:
            cell.outputs = graded.outputs
            record_judged(cell, graded.results)

    km = None
    if forkserver is not None:
        try:
            km = forked_kernel_manager(forkserver, workdir, env, placement)
        except Exception:  # noqa: BLE001 - any fork failure falls back to a plain kernel
            km = None
    if km is None and placement is not None:
        km = sandboxed_kernel_manager(placement, env)
    client = GradingClient(
        notebook,
        run_in_worker=run_in_worker,
        km=km,
        timeout=limits.cell_timeout,
        # nbgrader's policy: a cell past its timeout is interrupted, scores 0, and the next cells run;
        # a kernel that ignores the interrupt is killed (CellTimeoutError below), as is one past the
        # submission's wall-clock limit (the watchdog).
        interrupt_on_timeout=True,
        error_on_timeout=TIMEOUT_ERROR,
        raise_on_iopub_timeout=True,
        allow_errors=True,
        kernel_name="python3",
        startup_timeout=120,
        # Kill, do not shut down gracefully: a TensorFlow kernel takes 1.5 s to exit politely.
        shutdown_kernel="immediate",
        record_timing=True,
        resources={"metadata": {"path": str(workdir)}},
        on_notebook_start=on_notebook_start,
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    status, reason = "ok", ""
    try:
        # The kernel's own console chatter (ipykernel's transport warning) is not the TA's business;
        # what the student's code prints is captured into the notebook by ipykernel either way.
        client.execute(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        status = "timeout"
        reason = f"{cell_label(notebook, state['cell'])} ran longer than {limits.cell_timeout:g} s"
    except DeadKernelError:
        status, reason = "crashed", f"the kernel died while running {cell_label(notebook, state['cell'])}"
    except Exception as err:  # noqa: BLE001 - a kernel that never starts is this submission's fault
        status, reason = "crashed", f"the kernel failed: {type(err).__name__}: {str(err)[:160]}"
    finally:
        shutdown = time.monotonic()
        if state.get("link") is not None:
            state["link"].client.stop_channels()
        watchdog = state["watchdog"]
        if watchdog is not None:
            watchdog.stop()
            if watchdog.verdict:
                status, reason = watchdog.verdict
                reason += f" while running {cell_label(notebook, state['cell'])}"
        if cgroup := state.get("cgroup"):
            if cgroup.oom_killed() and status in ("ok", "crashed"):  # the OS enforced the limit first
                where = cell_label(notebook, state["cell"])
                status = "memory"
                reason = f"used more than {limits.memory_mb} MB of memory while running {where}"
            cgroup.remove()  # kills every process the submission started, wherever it went
        if "pid" in state:
            kill_tree(state["pid"])
        elif km is not None:
            kill_tree(km.pid)
        _close(client)
        seconds["shutdown"] = time.monotonic() - shutdown
    if "grader_error" in state:
        raise state["grader_error"]
    if status == "ok" and state["interrupted"]:
        where = ", ".join(cell_label(notebook, i) for i in state["interrupted"])
        status = "timeout"
        reason = f"{where} ran longer than {limits.cell_timeout:g} s and was interrupted"
        reason += "; the cells after it ran"
    if status == "ok" and (error := first_error(notebook)):
        status, reason = "error", error
    seconds["total"] = time.monotonic() - started
    peak = state["watchdog"].peak_mb if state["watchdog"] else 0.0
    return RunOutcome(notebook, status, reason, seconds, peak, graded_cells, state["slowest"])


class GradingClient(NotebookClient):
    """nbclient's client, except that a graded cell of a week judged outside the kernel is never sent to
    the kernel: `run_in_worker(cell, cell_index)` runs it in the grading worker instead."""

    def __init__(self, notebook, run_in_worker, **kwargs):
        super().__init__(notebook, **kwargs)
        self.run_in_worker = run_in_worker

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if not judged_here(cell):
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        await run_hook(self.on_cell_start, cell=cell, cell_index=cell_index)
        self.run_in_worker(cell, cell_index)
        await run_hook(self.on_cell_executed, cell=cell, cell_index=cell_index, execute_reply=None)
        return cell


def record_judged(cell, results):
    """Keep a judge's results on its cell: in the metadata score.py trusts, and as a table for its student."""
    cell.metadata.setdefault("vaelab", {})["results"] = [dataclasses.asdict(r) for r in results]
    cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=format_results(results) + "\n"))


def _close(client):
    """Release the kernel manager's sockets without a graceful shutdown (the tree is already killed)."""
    try:
        if client.kc is not None:
            client.kc.stop_channels()
        if client.km is not None:
            client.km.cleanup_connection_file()
    except Exception:  # noqa: BLE001, S110 - best effort: the kernel is already dead
        pass
