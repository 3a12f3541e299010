"""The kernel's end of a judge that runs outside it: call the student's code on the grader's inputs.

Under `vaelab grade`, a week judged outside the kernel (autograder/grading/remote.py) never runs its
hidden tests, the reference or any threshold in the student's kernel. Its tests run in the grading
worker, and each time one touches the student's work (`student.elbo(x, ...)`) the worker sends one
request here: a JSON object whose arrays travel as a base64 `.npz` (numpy's format, read with
allow_pickle=False on both sides), or as a file when large (see Arrays). The requests of a stretch
with nothing else to run in the kernel go to one `serve_loop()`, a silent execute_request that
performs them in turn: each answer is the prompt of the loop's next `input()`, which the worker
answers with the next request, or with an empty string to end the loop before anything else runs
here (the next cell). A request after the first is then one round trip over Jupyter's stdin channel
instead of a whole execute request (a bare request: 1.1-1.4 ms instead of 5.7-6.1, measured
2026-12-06 with `benchmarks/judge_transfer.py`).

Values cross by value: numpy arrays and scalars, tensors (converted with numpy), numbers, strings,
None, and tuples, lists and dicts of them. Anything else (a model, a layer, a Keras variable) stays
here and crosses as a handle, an id in this module's table that later requests name; one object has
one handle. A function the grader passes in (f in `reparam_gradient(f, ...)`) arrives as a stub that
asks the worker to run it, over Jupyter's stdin channel (`input()`), so grader code never runs here
either. A Keras model the grader built arrives once as its .keras file (loaded with safe_mode; a layer
class of the grader's own, like the reference VAE's Sampling, comes as its source) and is kept here
in sync with the worker's: each request brings the worker's changes to its weights and trainable
flags, each answer takes back what student code changed. Any other Keras object (an optimizer)
arrives as its config. A few grader functions must run next to student objects (a tf.function or a
gradient tape around a student's layer): they come as source (`run`) and compute nothing the
student's code could not.

Nothing in this module is secret, and student code can replace any of it: that only changes the
answers its own kernel gives, which the worker judges as the student's.
"""

import base64
import builtins
import hashlib
import io
import json
import os
import sys

REQUEST_PROMPT = "vaelab-request"  # the input() prompt the worker answers with the loop's first request
# The prompt of the loop's next input(), followed by the previous request's answer (a JSON object).
ANSWER_PROMPT = "vaelab-answer "
PING_PROMPT = "vaelab-ping"  # the prompt of an input() that only checks the worker can answer one
# A global array at least this large stays here when the worker reads it (a handle that knows its shape
# and dtype): a test cell that passes x_train back to the student's fit never ships its 12.5 MB twice.
LAZY_BYTES = 2**20
# Arrays of a message from this size on travel in a file (see Arrays).
FILE_BYTES = 2**18
_OBJECTS = {}  # handle id -> object kept for the worker
_NUMBERS = {}  # id() of an object kept -> its handle id
_MIRRORS = {}  # handle id of a grader-built Keras model -> digest of its state when last in sync
_STATE = {"next": 0}
_COMPILED = {}  # (source, name) -> its code: the worker sends the same few functions request after request


def _numpy():
    import numpy as np

    return np


class Arrays:
    """The arrays of one message, as one .npz (allow_pickle=False: data only, never code): in the message
    as base64, or, FILE_BYTES or more of them, in a file of the kernel's folder the worker names (text
    handling in Jupyter's messages costs 0.4 s per 3 MB each way; a file, a few milliseconds).

    The worker's end (autograder/grading/remote.py) uses this class too; `originals` are the numpy
    arrays added, which a call that changes its argument in place changes.
    """

    def __init__(self, blob="", read=None):
        """blob: base64 text, or {"file": path} read (and removed) with read(path) -> bytes."""
        self.items, self.originals = {}, {}
        if blob:
            np = _numpy()
            data = read(blob["file"]) if isinstance(blob, dict) else base64.b64decode(blob)
            with np.load(io.BytesIO(data), allow_pickle=False) as data:
                self.items = {name: data[name] for name in data.files}

    def add(self, array):
        name = f"a{len(self.items)}"
        self.items[name] = array
        if isinstance(array, _numpy().ndarray):
            self.originals[name] = array
        return name

    def blob(self, file=None):
        """The arrays for a message: base64 text, or, given a `file` path and FILE_BYTES of arrays or more,
        {"file": file} once written there."""
        if file and sum(getattr(a, "nbytes", 0) for a in self.items.values()) >= FILE_BYTES:
            # Never through a link or over a file already there: the kernel's folder is student code's.
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
            with os.fdopen(fd, "wb") as f:
                _numpy().savez(f, **self.items)
            return {"file": file}
        if not self.items:
            return ""
        buffer = io.BytesIO()
        _numpy().savez(buffer, **self.items)
        return base64.b64encode(buffer.getvalue()).decode("ascii")


def _as_array(value):
    """`value` as a numpy array if it is array-like data (not a model, a layer or a variable), else None.

    A Keras variable stays here as a handle: it is one of a model's weights, whose identity tests
    check (does the classifier hold the encoder's own weights?); its value is one request away.
    """
    np = _numpy()
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value)
    if callable(value) or not (hasattr(value, "__array__") or hasattr(value, "numpy")):
        return None
    keras = sys.modules.get("keras")
    if keras is not None and isinstance(value, keras.Variable):
        return None
    try:
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    except Exception:  # noqa: BLE001 - not convertible: it stays here as a handle
        return None
    return array if array.dtype != object else None


def encode(value, arrays, lazy=False):
    """A JSON tree for `value`: by value where it can be, a handle where it cannot.

    lazy: a numpy array of LAZY_BYTES or more becomes a handle with its shape and dtype (its values are
    one request away), for the kernel's global names.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"v": value}  # json writes nan and inf as NaN and Infinity, and reads them back
    np = _numpy()
    if lazy and isinstance(value, np.ndarray) and value.nbytes >= LAZY_BYTES and value.dtype != object:
        return {"handle": _number(value), "type": "ndarray", "mro": ["numpy.ndarray", "builtins.object"],
                "array": [list(value.shape), value.dtype.str]}  # fmt: skip
    array = _as_array(value)
    if array is not None:
        return {"nd": arrays.add(array), "scalar": isinstance(value, np.generic)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v, arrays) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": [[k, encode(v, arrays)] for k, v in value.items()]}
    kinds = [f"{c.__module__}.{c.__qualname__}" for c in type(value).__mro__]
    return {"handle": _number(value), "type": type(value).__name__, "mro": kinds}


def _number(value):
    """The handle of an object kept here: the same object always has the same one (the worker's
    `id()` of its handles is then as telling as the kernel's of the objects)."""
    number = _NUMBERS.get(id(value))
    if number is None or _OBJECTS.get(number) is not value:
        _STATE["next"] += 1
        number = _NUMBERS[id(value)] = _STATE["next"]
        _OBJECTS[number] = value
    return number


def _callback(number):
    def grader_function(*args, **kwargs):
        arrays = Arrays()
        request = {"callback": number, "args": encode(list(args), arrays), "kwargs": encode(kwargs, arrays)}
        stem = _STATE.get("callback_files")  # large arguments and answers go through files the worker named
        _STATE["calls"] = call = _STATE.get("calls", 0) + 1
        args_file = f"{stem}-{call}-args.npz" if stem else None
        request["call"] = call
        reply = json.loads(builtins.input(json.dumps({"vaelab": request, "arrays": arrays.blob(args_file)})))
        if "error" in reply:
            raise RuntimeError(f"the grader's function failed: {reply['error']}")
        return decode(reply["value"], Arrays(reply["arrays"], _read_file), _leaf)

    return grader_function


def decode(tree, arrays, leaf):
    """The value a JSON tree of `encode` describes; `leaf(tree)` decodes what is not data (a handle)."""
    if "v" in tree:
        return tree["v"]
    if "nd" in tree:
        array = arrays.items[tree["nd"]]
        return array[()] if tree.get("scalar") else array
    if "tuple" in tree:
        return tuple(decode(v, arrays, leaf) for v in tree["tuple"])
    if "list" in tree:
        return [decode(v, arrays, leaf) for v in tree["list"]]
    if "dict" in tree:
        return {str(k): decode(v, arrays, leaf) for k, v in tree["dict"]}
    if "slice" in tree:
        return slice(*(decode(v, arrays, leaf) for v in tree["slice"]))
    if "ellipsis" in tree:
        return Ellipsis
    return leaf(tree)


def _leaf(tree):
    """What the worker sends that is not data: a handle, a grader function, a Keras model or object."""
    if "handle" in tree:
        return _OBJECTS[tree["handle"]]
    if "callback" in tree:
        return _callback(tree["callback"])
    if "keras_config" in tree:
        import keras

        return keras.saving.deserialize_keras_object(json.loads(tree["keras_config"]), safe_mode=True)
    raise ValueError(f"unknown value {tree!r}")


def _keras_model(tree, state):
    """A Keras model the grader built, from its serialized config (safe_mode) and its model_state.

    Its layers are Keras' own, or classes whose source comes with it (the reference VAE encoder's
    Sampling layer), defined by _grader_source.
    """
    import keras

    custom = {name: _grader_source(source, name) for name, source in tree.get("classes", [])}
    config = json.loads(tree["config"])
    model = keras.saving.deserialize_keras_object(config, custom_objects=custom, safe_mode=True)
    set_model_state(model, state)
    return model


def _grader_source(source, name):
    """`name` as defined by the grader's `source`, in a namespace of its own: builtins, np, and Keras
    (keras, layers, ops) where this kernel has imported it, as the grader's modules see them."""
    names = {"__builtins__": builtins, "np": _numpy()}
    if "keras" in sys.modules:
        keras = sys.modules["keras"]
        names.update(keras=keras, layers=keras.layers, ops=keras.ops)
    code = _COMPILED.get((source, name))
    if code is None:
        code = _COMPILED[source, name] = compile(source, f"<grader's {name}>", "exec")
    exec(code, names)  # noqa: S102 - the grader's own code, defined afresh in a namespace of its own
    return names[name]


def model_state(model):
    """What a test may read or change of a Keras model: its weights, and which of its layers train."""
    layers = [model, *model._flatten_layers(include_self=False)]
    return {"weights": [_numpy().asarray(w) for w in model.get_weights()],
            "trainable": [bool(layer.trainable) for layer in layers]}  # fmt: skip


def set_model_state(model, state):
    layers = [model, *model._flatten_layers(include_self=False)]
    if len(state["trainable"]) == len(layers):
        for layer, trainable in zip(layers, state["trainable"]):  # outer first: a model sets its layers
            layer.trainable = trainable
    model.set_weights(state["weights"])


def state_digest(state):
    """A digest of a model_state: equal digests, equal weights and trainable flags."""
    return tuple(_digest(w) for w in state["weights"]) + tuple(state["trainable"])


def _digest(array):
    # SHA-1 runs on the CPU's SHA instructions, 2.5 times as fast as BLAKE2 here; it detects changes (no
    # one can make weights that match a digest computed beforehand).
    return hashlib.sha1(_numpy().ascontiguousarray(array).view("uint8")).digest()


def _read_file(path):
    """The bytes of a file the worker wrote for this kernel, which is then removed."""
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def _perform(request, namespace):
    arrays = Arrays(request.get("arrays", ""), _read_file)
    op = request["op"]
    target = namespace if request.get("target") is None else _OBJECTS[request["target"]]
    if op == "getattr":
        if request.get("target") is None:
            if request["name"] not in namespace:
                raise NameError(f"name {request['name']!r} is not defined")
            return namespace[request["name"]]
        return getattr(target, request["name"])
    if op == "setattr":
        setattr(target, request["name"], decode(request["values"], arrays, _leaf))
        return None
    if op == "call":
        before = {name: _digest(array) for name, array in arrays.items.items()}  # not a copy: memory
        value = target(*decode(request["args"], arrays, _leaf), **decode(request["kwargs"], arrays, _leaf))
        # Arrays the call changed in place go back, so the caller's own arrays change as here.
        _STATE["changed"] = {n: a for n, a in arrays.items.items() if _digest(a) != before[n]}
        return value
    if op == "getitem":
        return target[decode(request["key"], arrays, _leaf)]
    if op == "len":
        return len(target)
    if op == "list":
        return list(target)
    if op == "repr":
        return repr(target)[:2000]
    if op == "array":
        return _numpy().asarray(target)
    if op == "assign":  # the names a test cell the worker ran has bound: the kernel's globals, as if run here
        namespace.update(decode(request["values"], arrays, _leaf))
        return None
    if op == "keep":  # a grader-built model, kept here in sync with the worker's (see serve)
        model = _keras_model(request["model"], decode(request["values"], arrays, _leaf))
        _MIRRORS[_number(model)] = state_digest(model_state(model))
        return model
    if op == "run":  # a grader function that must run next to student objects (inside tf.function)
        function = _grader_source(request["source"], request["name"])
        return function(*decode(request["args"], arrays, _leaf), **decode(request["kwargs"], arrays, _leaf))
    if op == "release":
        _release()
        return None
    raise ValueError(f"unknown request {op!r}")


def _release():
    """Forget every object kept for the worker (its graded cell is over)."""
    _OBJECTS.clear()
    _NUMBERS.clear()
    _MIRRORS.clear()


def serve(request, namespace=None):
    """Perform one request; its answer, a JSON string."""
    namespace = vars(sys.modules["__main__"]) if namespace is None else namespace
    _STATE["changed"], _STATE["callback_files"] = {}, request.get("callback_files")
    try:
        if request.get("release"):  # the previous graded cell's objects, before this one's first request
            _release()
        if request.get("reseed") is not None:  # the judge's seeding, before anything of this request runs
            from autograder.checks.seeding import reseed

            reseed(request["reseed"])
        _push(request)
        value = _perform(request, namespace)
        arrays = Arrays()
        global_name = request["op"] == "getattr" and request.get("target") is None
        answer = {"value": encode(value, arrays, lazy=global_name)}
        # Requests that run no student code leave the models as they were (the next one checks anyway).
        if not global_name and request["op"] not in ("keep", "release", "assign"):
            answer["pulled"] = _pull(arrays)
        answer["arrays"] = arrays.blob(request.get("answer_file"))
        if _STATE["changed"]:
            changed = Arrays()
            answer["changed"] = {name: changed.add(array) for name, array in _STATE["changed"].items()}
            answer["changed_arrays"] = changed.blob()
    except BaseException as err:  # noqa: BLE001 - every failure of student code is an answer
        if isinstance(err, KeyboardInterrupt):
            raise
        answer = {"error": type(err).__name__, "message": str(err)[:1000],
                  "builtin": isinstance(getattr(builtins, type(err).__name__, None), type)}  # fmt: skip
        arrays = Arrays()  # what student code did to a grader's model before it failed still counts
        answer["pulled"] = _pull(arrays)
        answer["arrays"] = arrays.blob()
    return json.dumps(answer)


def _push(request):
    """The worker's changes to its grader-built models since the last sync, made to their copies here."""
    if not request.get("push"):
        return
    arrays = Arrays(request.get("push_arrays", ""), _read_file)
    for number, tree in request["push"].items():
        model = _OBJECTS[int(number)]
        set_model_state(model, decode(tree, arrays, _leaf))
        _MIRRORS[int(number)] = state_digest(model_state(model))


def _pull(arrays):
    """What the request did to the grader-built models kept here, for the worker to do to its own."""
    pulled = {}
    for number, digest in list(_MIRRORS.items()):
        try:
            state = model_state(_OBJECTS[number])
            now = state_digest(state)
            if now != digest:
                pulled[str(number)] = encode(state, arrays)
                _MIRRORS[number] = now
        except Exception:  # noqa: BLE001 - a model student code broke: the worker keeps its own
            pass
    return pulled


def serve_loop(text=None, namespace=None):
    """Perform the worker's requests until it ends the loop with an empty one.

    The first request is `text` (a small one comes in the code of the execute request), or else the
    answer to input(REQUEST_PROMPT): a large one never travels as code, so IPython has nothing large
    to parse. Each next request is the answer to input(ANSWER_PROMPT + the previous one's answer).
    """
    ask = builtins.input  # the kernel's own, set for this execute request; student code may rebind the name
    if text is None:
        text = ask(REQUEST_PROMPT)
    while text:
        answer = serve(json.loads(text), namespace)
        text = ask(ANSWER_PROMPT + answer)


def ping():
    """Ask the worker for input once: it answers when the kernel's stdin channel reaches it."""
    builtins.input(PING_PROMPT)
