"""The judge outside the kernel: a week's hidden tests run in the grading worker, on a proxy of the kernel.

For a week whose tests only call the student's code and compare what comes back (course.toml's
`judged = "outside"`, autograder/week.py), `vaelab grade` cuts the hidden regions out of the notebook
the kernel runs, and after each graded cell runs that question's pytest tests here, in a process
where student code never ran, with `student` a KernelNamespace: `student.elbo(x, ...)` sends the
call to the kernel (autograder/probe.py) and returns its answer. Arrays, numbers and strings cross
by value (numpy's .npz format, never a pickle), any other object stays in the kernel as a Handle
(one per object), a function the test passes in runs here when the kernel calls it, and a Keras model
the test builds gets a copy in the kernel that is kept in sync with it at every request. So the
reference, the hidden tests, the thresholds and the comparisons are never in reach of student code,
and whatever student code does to its own kernel (patch numpy, rewrite cells, replace the judge) only
changes its own answers.

The requests go to the probe's serve loop: the first one of a stretch starts it (one execute request),
each answer comes as the prompt of the loop's next input(), and the worker answers that prompt with
the next request, so a request after the first costs one round trip over the stdin channel (a bare
request: 1.1-1.4 ms instead of 5.7-6.1, measured 2026-12-06). The loop holds the kernel: it is ended
(end_loop) before anything else runs there, at the end of a graded cell, when the link closes, and
around a request whose prints are shown (what it printed has come once the loop's execute request is
over).
"""

import builtins
import functools
import inspect
import json
import os
import queue
import secrets
import stat
import sys
import textwrap
import time

import numpy as np
import zmq
from jupyter_client import BlockingKernelClient

from autograder.probe import (
    ANSWER_PROMPT,
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
# The first request of a serve loop, up to this size, travels in the code of its execute request (IPython
# parses a short string faster than the probe's input() makes a round trip); a larger one over the stdin
# channel.
INLINE_BYTES = 4096
# The fields of a request that carry the judge's values (encoded); the others are plain JSON.
ENCODED_FIELDS = ("args", "kwargs", "key", "values")
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
    """A grader-built Keras model's architecture, for the kernel to rebuild (its weights go as a
    model_state): its serialized config, and the source of the classes of its layers that are not Keras'
    own (the reference VAE encoder's Sampling)."""
    keras = sys.modules["keras"]
    custom = {type(layer) for layer in model._flatten_layers()}
    custom = {cls for cls in custom if not cls.__module__.startswith("keras")}
    classes = sorted([cls.__name__, textwrap.dedent(inspect.getsource(cls))] for cls in custom)
    return {"config": json.dumps(keras.saving.serialize_keras_object(model)), "classes": classes}


@functools.cache
def _source_of(code):
    """The source of a grader function's code, which the kernel runs: read once per worker (1.5-4 ms a call
    otherwise), though a question asks the kernel to run the same few functions a hundred times. Keyed by
    the code, which a nested function's every instance shares, so the cache holds no closures."""
    return textwrap.dedent(inspect.getsource(code))


class KernelFault(Exception):
    """The kernel could not answer: it died, ran out of time, or its reply was not an answer."""


def _part(message, key):
    """message[key] when it is a dict, else {}: a kernel student code controls can send any JSON."""
    value = message.get(key)
    return value if isinstance(value, dict) else {}


def _too_big(size):
    return KernelFault(f"student code answered with {size / 2**20:.0f} MB, over the judge's {MAX_ANSWER_MB} "
                       "MB limit: return values of the size the question asks for")  # fmt: skip


def _read_answer_file(path, expected):
    """The bytes of the answer file the kernel wrote where this request asked, which is then removed.

    The kernel's folder is student code's to write: only the path the worker chose is read, never
    through a link, only a regular file, and no more than MAX_ANSWER_MB.
    """
    if path != expected:
        raise KernelFault("the kernel answered through a file the judge did not ask for")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO would block: refused below
    except OSError as err:
        raise KernelFault(f"the kernel's answer file cannot be read ({err.strerror})") from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KernelFault("the kernel's answer file is not a regular file")
        if info.st_size > MAX_ANSWER_MB * 2**20:
            raise _too_big(info.st_size)
        with os.fdopen(fd, "rb") as f:
            fd = None
            return f.read()
    finally:
        if fd is not None:
            os.close(fd)
        os.unlink(path)


class JudgeTimeout(KernelFault):
    """The question's time ran out while the kernel was busy with student code (it was interrupted)."""


class KernelDied(KernelFault):
    """The kernel died while running student code for the judge."""


class StudentError(Exception):
    """Student code raised an exception that is not a builtin one; its name and message are kept."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def _student_exception(answer):
    name, message = answer["error"], answer.get("message", "")
    if not isinstance(name, str) or not isinstance(message, str):
        raise KernelFault("the kernel's answer is malformed (an error that is not a name and a message)")
    kind = getattr(builtins, name, None) if answer.get("builtin") else None
    if isinstance(kind, type) and issubclass(kind, Exception) and kind not in (KeyboardInterrupt,):
        try:
            return kind(message)
        except Exception:  # noqa: BLE001 - an exception type that wants other arguments
            pass
    return StudentError(name, message)


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

    def __setattr__(self, name, value):  # `model.run_eagerly = True` sets it in the kernel
        self._link.request("setattr", target=self._number, name=name, values=value)

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


class RemoteArray(Handle):
    """A large numpy array of the kernel's globals (x_train), left there: its shape and dtype are known
    here, an index or a slice is read from the kernel, numpy reads it whole on first use, and passed
    back to student code it is the kernel's own array again (no copy crosses)."""

    def __init__(self, link, number, shape, dtype):
        super().__init__(link, number, "ndarray", ("numpy.ndarray", "builtins.object"))
        object.__setattr__(self, "shape", tuple(shape))
        object.__setattr__(self, "dtype", np.dtype(dtype))
        object.__setattr__(self, "_value", None)

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape)))

    def __len__(self):
        return self.shape[0]

    def __array__(self, dtype=None, copy=None):
        if self._value is None:
            object.__setattr__(self, "_value", np.asarray(self._link.request("array", target=self._number)))
        return self._value if dtype is None else self._value.astype(dtype)

    def __iter__(self):
        return iter(np.asarray(self))

    def __repr__(self):
        return f"<student's ndarray of shape {self.shape}, {self.dtype}>"


def _on_values(name):
    """An operator of RemoteArray: the same operator on its values (numpy's own rules)."""

    def operator(self, *args):
        return getattr(np.asarray(self), name)(*args)

    operator.__name__ = name
    return operator


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "radd", "rsub", "rmul",
              "rtruediv", "rfloordiv", "rmod", "rpow", "rmatmul", "neg", "pos", "abs", "eq", "ne", "lt",
              "le", "gt", "ge", "float", "int"):  # fmt: skip
    setattr(RemoteArray, f"__{_name}__", _on_values(f"__{_name}__"))


class KernelNamespace:
    """The `student` fixture of a judge outside the kernel: the kernel's global names, by request.

    A name that holds an object (a function, a class, a model) is asked once: like the in-kernel judge's
    namespace, a snapshot of the globals when the question starts, it keeps the object it first found.
    """

    def __init__(self, link):
        object.__setattr__(self, "_link", link)
        object.__setattr__(self, "_objects", {})

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name in self._objects:
            return self._objects[name]
        value = self._link.request("getattr", target=None, name=name)
        if isinstance(value, Handle) and not isinstance(value, RemoteArray):
            self._objects[name] = value
        return value

    def reseed(self, seed):
        """Seed the kernel's Python, numpy and Keras (autograder.checks.seeding.reseed calls this): with the
        next request, before it runs anything (no round trip of its own)."""
        self._link.reseed_before_next = seed

    def placed(self, model):
        """The kernel's copy of a grader-built Keras model, as a handle (autograder.checks.kinds.placed)."""
        return self._link.place(model)

    def run(self, function, *args, **kwargs):
        """function(*args, **kwargs) run in the kernel, next to student objects
        (autograder.checks.kinds.run_beside)."""
        source, name = _source_of(function.__code__), function.__name__
        return self._link.request("run", source=source, name=name, args=list(args), kwargs=kwargs)


class KernelLink:
    """One blocking client of the student's kernel, answering requests until `deadline` (monotonic).

    alive: a function that says whether the kernel process still runs (checked while waiting).
    """

    def __init__(self, connection_file, deadline, alive=lambda: True, folder=None):
        self.deadline, self.alive = deadline, alive
        # The kernel's own folder (the same path in its sandbox): the arrays of a large request or answer
        # travel through files there (autograder.probe.Arrays), not inside Jupyter's messages.
        self.folder = None if folder is None else str(folder)
        self.client = BlockingKernelClient(connection_file=str(connection_file))
        self.client.load_connection_file()
        self.client.start_channels(shell=True, iopub=True, stdin=True, hb=False, control=True)
        # on_stream(name, text) receives what the kernel prints while it serves this link, when set (a
        # test cell's visible code); what it prints for hidden tests is never shown to anyone.
        self.on_stream = None
        self.reseed_before_next = None  # a seed the kernel takes at the start of the next request
        self.release_before_next = False  # whether the kernel drops what it kept for this link first (forget)
        self.callbacks = []  # grader functions the kernel may call, by number
        self.fault = None
        self.pending = None  # the request the probe asks for with input(), until it has it
        self.loop = None  # the msg_id of the probe's serve loop while it waits for the next request
        self.pending_stem, self.calls = None, {}  # the request's stem of callback files, those named so far
        self.stdin_ready = False  # whether the kernel's input requests are known to reach this client
        self.handles = {}  # handle id -> Handle: one object in the kernel, one Handle here
        # Grader-built Keras models sent to the kernel: kept there and in sync with these at every
        # request (weights, trainable flags), so what student code does to them, the test sees here.
        self.mirrors, self.mirror_of, self.synced = {}, {}, {}

    def forget(self):
        """Drop every object, mirror and callback of this link's requests so far, here and (with the next
        request) in the kernel: what a graded cell leaves, the next one does not see."""
        self.handles, self.callbacks = {}, []
        self.mirrors, self.mirror_of, self.synced = {}, {}, {}
        self.release_before_next = True

    def close(self):
        try:
            self.request("release")
            self.end_loop()
        except KernelFault:
            pass
        self.client.stop_channels()

    def end_loop(self):
        """End the kernel's serve loop, if one waits for a request, and wait for its execute reply: the
        kernel runs nothing else (the notebook's next cell) while the loop holds it."""
        loop, self.loop = self.loop, None
        if loop is None or self.fault is not None:  # a fault interrupted the loop, or the kernel is dead
            return
        self.client.input("")
        self._wait(loop)

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
        if isinstance(value, slice):  # an index: x_train[:4] of a RemoteArray
            return {"slice": [self.encode(v, arrays) for v in (value.start, value.stop, value.step)]}
        if value is Ellipsis:
            return {"ellipsis": True}
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
                if "array" in tree:
                    shape, dtype = tree["array"]
                    self.handles[number] = RemoteArray(self, number, shape, dtype)
                else:
                    kind = str(tree.get("type", "object"))
                    self.handles[number] = Handle(self, number, kind, tree.get("mro", ()))
            return self.handles[number]
        raise KernelFault(f"the kernel answered with an unknown value {str(tree)[:80]}")

    def place(self, model):
        """The Handle of the kernel's copy of `model` (a Keras model of the judge's), made at first use."""
        number = self.mirror_of.get(id(model))
        if number is None:
            state = model_state(model)
            number = self.request("keep", model=_keras_tree(model), values=state)._number
            self.mirrors[number], self.mirror_of[id(model)] = model, number
            self.synced[number] = state_digest(state)
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
        files = self._exchange_files()
        self.calls = {}  # callback files of this request: call number -> (its arguments, its answer)
        try:
            return self._request(op, fields, *files)
        finally:
            leftovers = [*files, *(path for pair in self.calls.values() for path in pair)]
            for path in leftovers:  # what was not read (each end removes what it reads), links included
                if path is not None and os.path.lexists(path):
                    os.unlink(path)

    def _exchange_files(self):
        """Paths in the kernel's folder for this request's arrays, pushed models and answer (or Nones)."""
        if self.folder is None:
            return None, None, None
        stem = os.path.join(self.folder, f"vaelab-{secrets.token_hex(8)}")
        return f"{stem}-in.npz", f"{stem}-push.npz", f"{stem}-out.npz"

    def _request(self, op, fields, in_file, push_file, out_file):
        arrays, pushed = Arrays(), Arrays()
        message = {"op": op}
        for name, value in fields.items():
            message[name] = self.encode(value, arrays) if name in ENCODED_FIELDS else value
        self._push(message, pushed)
        message["arrays"], message["push_arrays"] = arrays.blob(in_file), pushed.blob(push_file)
        if out_file is not None:
            message["answer_file"] = out_file
            message["callback_files"] = out_file.removesuffix("-out.npz") + "-call"
        self.pending_stem = message.get("callback_files")
        if self.reseed_before_next is not None:
            message["reseed"], self.reseed_before_next = self.reseed_before_next, None
        if self.release_before_next:
            message["release"], self.release_before_next = True, False
        text = self._exchange(json.dumps(message))
        if len(text) > MAX_ANSWER_MB * 2**20:
            raise _too_big(len(text))
        try:
            answer = json.loads(text)
        except (ValueError, RecursionError) as err:
            raise KernelFault("the kernel gave no answer (its prompt is not one)") from err
        if not isinstance(answer, dict):
            raise KernelFault("the kernel gave no answer (its prompt is not one)")
        try:
            self._copy_back(arrays, answer)
            answered = Arrays(answer.get("arrays", ""), lambda path: _read_answer_file(path, out_file))
            self._pull(answer.get("pulled") or {}, answered)
            if "error" not in answer:
                return self.decode(answer["value"], answered)
            error = _student_exception(answer)
        except KernelFault:
            raise
        except Exception as err:  # noqa: BLE001 - a kernel student code changed answers anything
            raise KernelFault(f"the kernel's answer is malformed ({type(err).__name__})") from err
        raise error

    def _exchange(self, text):
        """The text of the answer to one request (JSON text), sent to the probe's serve loop (started if
        none waits): the answer is the prompt of the loop's next input()."""
        if self.on_stream is not None and self.loop is not None:
            # A request whose prints are shown has a loop of its own: what the earlier ones printed is
            # never passed on.
            on_stream, self.on_stream = self.on_stream, None
            try:
                self.end_loop()
            finally:
                self.on_stream = on_stream
        if self._loop_waits():
            self.client.input(text)
        else:
            self.pending = None
            if len(text) <= INLINE_BYTES:  # as a string in the code: no input() round trip
                code = f"{PROBE}.serve_loop({text!r})"
            else:  # as the answer to the probe's input(): IPython never parses it (12.5 MB as code: 6 s)
                self.pending, code = text, f"{PROBE}.serve_loop()"
            self.loop = self.client.execute(code, silent=True, store_history=False, allow_stdin=True)
        answer = self._wait(self.loop, answering=True)
        if not isinstance(answer, str):  # the loop's execute reply: it ended without answering
            self.loop = None
            ename = _part(answer, "content").get("ename")
            raise KernelFault(f"the kernel gave no answer ({ename or 'no result'})")
        if self.on_stream is not None:
            self.end_loop()  # its execute reply, then its idle status: what the request printed has come
        return answer

    def _loop_waits(self):
        """Whether a serve loop waits for a request: an interrupt ends it (its execute reply has come)."""
        shell = self.client.shell_channel
        while self.loop is not None and shell.socket.poll(0):
            if _part(self._read(shell), "parent_header").get("msg_id") == self.loop:
                self.loop = None
        return self.loop is not None

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
            if reply is not None and _part(reply, "content").get("status") == "ok":
                self.stdin_ready = True
                return
            if reply is None:
                self._interrupt()
                self._wait(msg_id, until=time.monotonic() + 5)  # the interrupted ping's reply
        self.fault = KernelFault("the kernel's stdin channel never answered")
        raise self.fault

    def _wait(self, msg_id, until=None, answering=False):
        """The shell reply to msg_id, answering the kernel's input requests meanwhile; None if `until`
        (monotonic) comes first. With on_stream set, what the request printed is passed on first.
        answering: a request waits for its answer, returned (a str) as soon as the loop's prompt
        brings it."""
        poller = zmq.Poller()
        shell, stdin, iopub = self.client.shell_channel, self.client.stdin_channel, self.client.iopub_channel
        for channel in (shell, stdin, iopub):
            poller.register(channel.socket, zmq.POLLIN)
        reply, idle, drained_by = None, False, None
        while True:
            if reply is not None and (idle or drained_by <= time.monotonic()):
                return reply  # the kernel is idle again (or late): what the request printed has come
            left = self.deadline - time.monotonic()
            if left <= 0:
                self._interrupt()
                self.fault = JudgeTimeout("the hidden tests ran out of time in student code")
                raise self.fault
            if until is not None and until <= time.monotonic() and reply is None:
                return None
            ready = dict(poller.poll(timeout=min(left, 0.5 if reply is None else 0.05) * 1000))
            if iopub.socket in ready:
                idle = self._read_output(self._read(iopub), msg_id) or idle
            if stdin.socket in ready:
                answer = self._answer_input(self._read(stdin), answering)
                if answer is not None:
                    return answer
            if shell.socket in ready:
                message = self._read(shell)
                if _part(message, "parent_header").get("msg_id") == msg_id:
                    reply = message
                    if self.on_stream is None:
                        return reply
                    drained_by = time.monotonic() + 1.0  # its outputs follow on iopub, then "idle"
            elif not ready and not self.alive():
                self.fault = KernelDied("the kernel died while the hidden tests ran student code")
                raise self.fault

    def _read_output(self, message, msg_id):
        """Pass a stream message of the request on to on_stream; True once the request is over (idle)."""
        if _part(message, "parent_header").get("msg_id") != msg_id:
            return False
        kind, content = message.get("msg_type"), _part(message, "content")
        if kind == "stream" and self.on_stream is not None:
            self.on_stream(str(content.get("name", "stdout")), str(content.get("text", "")))
        return kind == "status" and content.get("execution_state") == "idle"

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

    def _answer_input(self, message, answering):
        """An input_request from the kernel: the probe asking for its first request or bringing an
        answer, a callback to a grader function, or student code's input().

        Returns the answer a prompt brings when a request waits for one (`answering`): the reply to
        that prompt is the next request. Any other prompt is answered here.
        """
        prompt = _part(message, "content").get("prompt", "")
        prompt = prompt if isinstance(prompt, str) else ""
        if prompt == PING_PROMPT:
            self.client.input("")
            return None
        if prompt == REQUEST_PROMPT and self.pending is not None:
            self.pending, request = None, self.pending
            self.client.input(request)
            return None
        if prompt.startswith(ANSWER_PROMPT):
            if answering:
                return prompt[len(ANSWER_PROMPT) :]
            self.client.input("")  # a loop no request waits on (its end was lost): ended
            return None
        try:
            request = json.loads(prompt)
            call = request["vaelab"]
            function = self.callbacks[int(call["callback"])]
            args_file, answer_file = self._call_files(call.get("call"))
            arrays = Arrays(request.get("arrays", ""), lambda path: _read_answer_file(path, args_file))
            value = function(*self.decode(call["args"], arrays), **self.decode(call["kwargs"], arrays))
            out = Arrays()
            answer = {"value": self.encode(value, out), "arrays": out.blob(answer_file)}
        except Exception as err:  # noqa: BLE001 - a bad request fails the call in the kernel
            answer = {"error": f"{type(err).__name__}: {str(err)[:200]}"}
        self.client.input(json.dumps(answer))
        return None

    def _call_files(self, call):
        """The files of the request's callback number `call` (arguments, answer), named here from the
        request's own stem: the kernel's word gives only the number. (None, None) without a folder."""
        stem = self.pending_stem
        if self.folder is None or stem is None or not isinstance(call, int) or call in self.calls:
            return None, None
        self.calls[call] = (f"{stem}-{call}-args.npz", f"{stem}-{call}-answer.npz")
        return self.calls[call]

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
