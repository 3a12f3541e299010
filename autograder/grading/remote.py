"""The judge outside the kernel: a week's hidden tests run in the grading worker, on a proxy of the kernel.

For a week whose tests only call the student's code and compare what comes back (see
`autograder.checks.judge.judged_outside`), `vaelab grade` cuts the hidden regions out of the notebook
the kernel runs, and after each graded cell runs that question's pytest tests here, in a process
where student code never ran, with `student` a KernelNamespace: `student.elbo(x, ...)` sends the
call to the kernel (autograder/probe.py) and returns its answer. Arrays, numbers and strings cross
by value (numpy's .npz format, never a pickle), any other object stays in the kernel as a Handle
(one per object), a function the test passes in runs here when the kernel calls it, and a Keras model
the test builds gets a copy in the kernel that is kept in sync with it at every request. So the
reference, the hidden tests, the thresholds and the comparisons are never in reach of student code,
and whatever student code does to its own kernel (patch numpy, rewrite cells, replace the judge) only
changes its own answers.
"""

import ast
import base64
import builtins
import contextlib
import importlib
import inspect
import io
import json
import queue
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import zmq
from jupyter_client import BlockingKernelClient

from autograder.probe import (
    PING_PROMPT,
    REQUEST_PROMPT,
    Arrays,
    decode,
    model_state,
    set_model_state,
    state_digest,
)

PROBE = '__import__("autograder.probe").probe'
# The modules visible tests use by these names are the grader's own, never the kernel's.
WORKER_MODULES = {"np": "numpy", "numpy": "numpy", "math": "math", "keras": "keras", "layers": "keras.layers",
                  "ops": "keras.ops"}  # fmt: skip
# Attributes of a student's object that describe it, read in the kernel like any other.
REMOTE_DUNDERS = ("__name__", "__qualname__")
# The largest answer the judge decodes (its text, arrays in base64 included): far above any question's
# values (04's whole training set is 17 MB), far below what would put the grading worker, which has no
# memory limit of its own, at risk when student code returns something huge.
MAX_ANSWER_MB = 256


def _is_keras_model(value):
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


def _is_tensor(value):
    if not hasattr(value, "numpy") or not hasattr(value, "shape") or callable(value):
        return False
    tensorflow, keras = sys.modules.get("tensorflow"), sys.modules.get("keras")
    return (tensorflow is not None and tensorflow.is_tensor(value)) or (
        keras is not None and isinstance(value, keras.Variable)
    )


def _is_keras_object(value):
    module = type(value).__module__
    return "keras" in sys.modules and module.startswith("keras.") and hasattr(value, "get_config")


def _keras_tree(model):
    """A grader-built Keras model as its .keras file (base64), for the kernel to load, with the source of
    the classes of its layers that are not Keras' own (the reference VAE encoder's Sampling)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.keras"
        model.save(path)
        blob = base64.b64encode(path.read_bytes()).decode("ascii")
    custom = {type(layer) for layer in model._flatten_layers()}
    custom = {cls for cls in custom if not cls.__module__.startswith("keras")}
    classes = sorted([cls.__name__, textwrap.dedent(inspect.getsource(cls))] for cls in custom)
    return {"keras": blob, "classes": classes}


class KernelFault(Exception):
    """The kernel could not answer: it died, ran out of time, or its reply was not an answer."""


class JudgeTimeout(KernelFault):
    """The question's time ran out while the kernel was busy with student code (it was interrupted)."""


class KernelDied(KernelFault):
    """The kernel died while running student code for the judge."""


class StudentError(Exception):
    """Student code raised an exception that is not a builtin one; its name and message are kept."""


def _student_exception(answer):
    name, message = answer["error"], answer.get("message", "")
    kind = getattr(builtins, name, None) if answer.get("builtin") else None
    if isinstance(kind, type) and issubclass(kind, Exception) and kind not in (KeyboardInterrupt,):
        try:
            return kind(message)
        except Exception:  # noqa: BLE001 - an exception type that wants other arguments
            pass
    return StudentError(f"{name}: {message}")


class Handle:
    """An object that lives in the student's kernel; attribute access, calls and indexing go there."""

    def __init__(self, link, number, type_name, kinds=()):
        object.__setattr__(self, "_link", link)
        object.__setattr__(self, "_number", number)
        object.__setattr__(self, "_type_name", type_name)
        object.__setattr__(self, "_kinds", tuple(kinds))  # "module.qualname" of its type's MRO

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") and name not in REMOTE_DUNDERS:
            raise AttributeError(name)
        return self._link.request("getattr", target=self._number, name=name)

    def is_instance(self, cls):
        """Whether the object is, in the kernel, an instance of `cls` (compared by qualified name)."""
        return f"{cls.__module__}.{cls.__qualname__}" in self._kinds

    def type_name(self):
        return self._type_name

    def __call__(self, *args, **kwargs):
        return self._link.request("call", target=self._number, args=list(args), kwargs=kwargs)

    def __getitem__(self, key):
        return self._link.request("getitem", target=self._number, key=key)

    def __len__(self):
        return self._link.request("len", target=self._number)

    def __bool__(self):  # an object is true, as in the kernel (without asking it for a length it lacks)
        return True

    def __iter__(self):
        return iter(self._link.request("list", target=self._number))

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self._link.request("array", target=self._number))
        return array if dtype is None else array.astype(dtype)

    def __repr__(self):
        return f"<student's {self._type_name}>"


class KernelNamespace:
    """The `student` fixture of a judge outside the kernel: the kernel's global names, by request."""

    def __init__(self, link):
        object.__setattr__(self, "_link", link)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._link.request("getattr", target=None, name=name)

    def reseed(self, seed):
        """Seed the kernel's Python, numpy and Keras (autograder.checks.seeding.reseed calls this)."""
        self._link.request("reseed", seed=seed)

    def placed(self, model):
        """The kernel's copy of a grader-built Keras model, as a handle (autograder.checks.kinds.placed)."""
        return self._link.place(model)

    def run(self, function, *args, **kwargs):
        """function(*args, **kwargs) run in the kernel, next to student objects
        (autograder.checks.kinds.run_beside)."""
        source = textwrap.dedent(inspect.getsource(function))
        name = function.__name__
        return self._link.request("run", source=source, name=name, args=list(args), kwargs=kwargs)


class KernelLink:
    """One blocking client of the student's kernel, answering requests until `deadline` (monotonic).

    alive: a function that says whether the kernel process still runs (checked while waiting).
    """

    def __init__(self, connection_file, deadline, alive=lambda: True):
        self.deadline, self.alive = deadline, alive
        self.client = BlockingKernelClient(connection_file=str(connection_file))
        self.client.load_connection_file()
        self.client.start_channels(shell=True, iopub=False, stdin=True, hb=False, control=True)
        self.callbacks = []  # grader functions the kernel may call, by number
        self.fault = None
        self.pending = None  # the request the probe asks for with input(), until it has it
        self.stdin_ready = False  # whether the kernel's input requests are known to reach this client
        self.handles = {}  # handle id -> Handle: one object in the kernel, one Handle here
        # Grader-built Keras models sent to the kernel: kept there and in sync with these at every
        # request (weights, trainable flags), so what student code does to them, the test sees here.
        self.mirrors, self.mirror_of, self.synced = {}, {}, {}

    def close(self):
        try:
            self.request("release")
        except KernelFault:
            pass
        self.client.stop_channels()

    # Encoding: what the worker sends. Handles go back as their ids, functions as callback numbers.
    def encode(self, value, arrays):
        if value is None or isinstance(value, (bool, int, float, str)):
            return {"v": value}
        if isinstance(value, Handle):
            return {"handle": value._number}
        if isinstance(value, (np.ndarray, np.generic)):
            return {"nd": arrays.add(value), "scalar": isinstance(value, np.generic)}
        if _is_tensor(value):  # a tensor or a Keras variable of the judge's own: its value
            return {"nd": arrays.add(np.asarray(value))}
        if isinstance(value, tuple):
            return {"tuple": [self.encode(v, arrays) for v in value]}
        if isinstance(value, list):
            return {"list": [self.encode(v, arrays) for v in value]}
        if isinstance(value, dict):
            return {"dict": [[str(k), self.encode(v, arrays)] for k, v in value.items()]}
        if _is_keras_model(value):
            return {"handle": self.place(value)._number}
        if _is_keras_object(value):  # an optimizer, a loss, a callback: rebuilt there from its config
            keras = sys.modules["keras"]
            return {"keras_config": json.dumps(keras.saving.serialize_keras_object(value))}
        if callable(value):
            self.callbacks.append(value)
            return {"callback": len(self.callbacks) - 1}
        raise TypeError(f"the judge cannot send a {type(value).__name__} to the kernel")

    def decode(self, tree, arrays):
        return decode(tree, arrays, self._leaf)

    def _leaf(self, tree):
        if "handle" in tree:
            number = int(tree["handle"])
            if number not in self.handles:
                kind = str(tree.get("type", "object"))
                self.handles[number] = Handle(self, number, kind, tree.get("mro", ()))
            return self.handles[number]
        raise KernelFault(f"the kernel answered with an unknown value {str(tree)[:80]}")

    def place(self, model):
        """The Handle of the kernel's copy of `model` (a Keras model of the judge's), made at first use."""
        number = self.mirror_of.get(id(model))
        if number is None:
            number = self.request("keep", model=_keras_tree(model))._number
            self.mirrors[number], self.mirror_of[id(model)] = model, number
            self.synced[number] = state_digest(model_state(model))
        return self.handles[number]

    def _push(self, message, arrays):
        """Changes the judge made to its models since the last sync go with the request."""
        push = {}
        for number, model in self.mirrors.items():
            state = model_state(model)
            now = state_digest(state)
            if now != self.synced[number]:
                push[str(number)] = self.encode(state, arrays)
                self.synced[number] = now
        if push:
            message["push"] = push

    def _pull(self, pulled, arrays):
        """Changes student code made to the kernel's copies of the judge's models (an answer's `pulled`,
        with its `arrays`), made to the models here."""
        for number, tree in pulled.items():
            model = self.mirrors.get(int(number))
            if model is None:
                continue
            try:
                set_model_state(model, self.decode(tree, arrays))
            except Exception:  # noqa: BLE001 - student code changed its architecture: it keeps its own
                pass
            self.synced[int(number)] = state_digest(model_state(model))

    def request(self, op, **fields):
        """Perform `op` in the kernel; its answer decoded, or the student's exception raised here."""
        if self.fault is not None:
            raise self.fault
        if not self.stdin_ready:
            self._connect_stdin()
        arrays, pushed = Arrays(), Arrays()
        message = {"op": op}
        for name, value in fields.items():
            message[name] = self.encode(value, arrays) if name in ("args", "kwargs", "key") else value
        self._push(message, pushed)
        message["arrays"], message["push_arrays"] = arrays.blob(), pushed.blob()
        # The request goes as the answer to the probe's input(), never as code IPython would parse
        # (12.5 MB of arrays as code took 6 s; over stdin, well under one).
        self.pending = json.dumps(message)
        msg_id = self.client.execute(f"{PROBE}.serve_from_stdin()", silent=True, store_history=False,
                                     allow_stdin=True, user_expressions={"answer": f"{PROBE}.answer()"})
        reply = self._wait(msg_id)
        content = reply.get("content", {})
        try:
            text = content["user_expressions"]["answer"]["data"]["text/plain"]
            too_big = len(text) > MAX_ANSWER_MB * 2**20
            answer = None if too_big else json.loads(ast.literal_eval(text))
        except Exception as err:  # noqa: BLE001 - anything else is a kernel that does not answer
            raise KernelFault(f"the kernel gave no answer ({content.get('ename') or 'no result'})") from err
        if too_big:
            raise KernelFault(f"student code answered with {len(text) / 2**20:.0f} MB, over the judge's "
                              f"{MAX_ANSWER_MB} MB limit: return values of the size the question asks for")
        self._copy_back(arrays, answer)
        answered = Arrays(answer.get("arrays", ""))
        self._pull(answer.get("pulled") or {}, answered)
        if "error" in answer:
            raise _student_exception(answer)
        return self.decode(answer["value"], answered)

    def _copy_back(self, sent, answer):
        """Write into the judge's own arrays what the student's code changed in place in their copies."""
        if not answer.get("changed"):
            return
        changed = Arrays(answer.get("changed_arrays", ""))
        for name, key in answer["changed"].items():
            original, new = sent.originals.get(name), changed.items.get(key)
            if original is not None and new is not None and original.shape == new.shape:
                if original.flags.writeable:
                    np.copyto(original, new, casting="unsafe")

    def _connect_stdin(self):
        """Make sure the kernel's input() reaches this client before a request depends on it.

        The kernel's stdin socket drops what it sends to a client whose stdin connection is not up
        yet (zmq ROUTER), and the probe would then wait for its request forever: so the first request
        of a link is a ping that asks for input, retried (the kernel interrupted) until answered.
        """
        for attempt in range(1, 11):
            msg_id = self.client.execute(f"{PROBE}.ping()", silent=True, store_history=False,
                                         allow_stdin=True)  # fmt: skip
            reply = self._wait(msg_id, until=time.monotonic() + attempt)
            if reply is not None and reply.get("content", {}).get("status") == "ok":
                self.stdin_ready = True
                return
            if reply is None:
                self._interrupt()
                self._wait(msg_id, until=time.monotonic() + 5)  # the interrupted ping's reply
        self.fault = KernelFault("the kernel's stdin channel never answered")
        raise self.fault

    def _wait(self, msg_id, until=None):
        """The shell reply to msg_id, answering the kernel's input requests meanwhile; None if `until`
        (monotonic) comes first."""
        poller = zmq.Poller()
        shell, stdin = self.client.shell_channel, self.client.stdin_channel
        poller.register(shell.socket, zmq.POLLIN)
        poller.register(stdin.socket, zmq.POLLIN)
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self._interrupt()
                self.fault = JudgeTimeout("the hidden tests ran out of time in student code")
                raise self.fault
            if until is not None and until <= time.monotonic():
                return None
            ready = dict(poller.poll(timeout=min(left, 0.5) * 1000))
            if stdin.socket in ready:
                self._answer_input(self._read(stdin))
            if shell.socket in ready:
                reply = self._read(shell)
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return reply
            elif not ready and not self.alive():
                self.fault = KernelDied("the kernel died while the hidden tests ran student code")
                raise self.fault

    def _read(self, channel):
        """The next message on a channel; a KernelFault (the kernel interrupted) if it is not one.

        A kernel student code has crippled can send broken messages: at its process limit (a fork
        bomb), its input requests have come without their last frame.
        """
        try:
            return channel.get_msg(timeout=0)
        except Exception as err:  # noqa: BLE001 - nothing it sends can be trusted after that
            self._interrupt()
            self.fault = KernelFault(f"the kernel sent a broken message ({type(err).__name__})")
            raise self.fault from err

    def _answer_input(self, message):
        """An input_request from the kernel: the probe asking for its request, a callback to a grader
        function, or student code's input()."""
        prompt = message.get("content", {}).get("prompt", "")
        if prompt == PING_PROMPT:
            self.client.input("")
            return
        if prompt == REQUEST_PROMPT and self.pending is not None:
            self.pending, request = None, self.pending
            self.client.input(request)
            return
        try:
            request = json.loads(prompt)
            call = request["vaelab"]
            function = self.callbacks[int(call["callback"])]
            arrays = Arrays(request.get("arrays", ""))
            value = function(*self.decode(call["args"], arrays), **self.decode(call["kwargs"], arrays))
            out = Arrays()
            answer = {"value": self.encode(value, out), "arrays": out.blob()}
        except Exception as err:  # noqa: BLE001 - a bad request fails the call in the kernel
            answer = {"error": f"{type(err).__name__}: {str(err)[:200]}"}
        self.client.input(json.dumps(answer))

    def _interrupt(self):
        msg = self.client.session.msg("interrupt_request", content={})
        self.client.control_channel.send(msg)
        deadline = time.monotonic() + 5
        while (left := deadline - time.monotonic()) > 0:
            try:
                reply = self.client.control_channel.get_msg(timeout=left)
            except queue.Empty:
                return
            if reply.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"]:
                return


def judged_here(cell):
    """The (week, question) pairs the worker judges after this executed cell ([] for most cells)."""
    return [tuple(q) for q in cell.get("metadata", {}).get("vaelab", {}).get("judge", [])]


def _read_names(tree):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _kernel_names(tree):
    """Names the code reads but never binds, and that are not Python's builtins: the kernel's globals."""
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return sorted(read - bound - set(dir(builtins)) - set(WORKER_MODULES))


def run_visible_tests(source, link):
    """Run a test cell's visible tests here, on the kernel's values: '' if they pass, else the error.

    The kernel ran them too, but there student code may have patched what they use (np.allclose):
    here the modules are the grader's own (WORKER_MODULES), `isinstance` also sees the type of an
    object in the kernel, and only the notebook's other names come from the kernel.
    """
    from autograder.checks.kinds import is_instance

    tree = ast.parse(source)
    names = {"__builtins__": builtins, "__name__": "__visible_tests__", "isinstance": is_instance}
    for name in _read_names(tree) & set(WORKER_MODULES):
        names[name] = importlib.import_module(WORKER_MODULES[name])
    for name in _kernel_names(tree):
        try:
            names[name] = getattr(KernelNamespace(link), name)
        except NameError:
            pass  # the code's own NameError says so, as in the kernel
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(tree, "<visible tests>", "exec"), names)  # noqa: S102 - the course's own code
    except KernelFault:
        raise
    except Exception as err:  # noqa: BLE001 - any failure of the visible tests scores the cell 0
        lines = str(err).strip().splitlines()
        return f"{type(err).__name__}: {lines[0][:300]}" if lines else type(err).__name__
    return ""


def judge_cell(cell, connection_file, seconds, alive=lambda: True):
    """Run an executed test cell's visible tests, then its hidden tests, here, on its kernel.

    Returns its TestResults: the hidden tests' rows, or one failed row when the visible tests fail.
    seconds: the time the questions have in all (the cell's timeout, as under nbgrader). Raises
    KernelFault when the kernel dies or runs out of time in student code.
    """
    from autograder.checks.judge import run_question
    from autograder.checks.results import TestResult
    from autograder.grading.cells import grade_id, nbgrader_meta

    link = KernelLink(connection_file, time.monotonic() + seconds, alive)
    try:
        error = run_visible_tests(cell.source, link)
        if error:
            gid, points = grade_id(cell), float(nbgrader_meta(cell).get("points", 0))
            week = judged_here(cell)[0][0]
            return [TestResult(week, gid, gid, 0.0, points, False, f"visible test failed: {error}")]
        results = []
        for week, question in judged_here(cell):
            results += run_question(week, question, KernelNamespace(link))
            if link.fault is not None:  # the tests caught it as a failure; the cell did not finish
                raise link.fault
        return results
    finally:
        link.close()
