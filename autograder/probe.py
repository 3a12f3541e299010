"""The kernel's end of a judge that runs outside it: call the student's code on the grader's inputs.

Under `vaelab grade`, a week judged outside the kernel (autograder/grading/remote.py) never runs its
hidden tests, the reference or any threshold in the student's kernel. Its tests run in the grading
worker, and each time one touches the student's work (`student.elbo(x, ...)`) the worker sends one
request here, as the code of a silent execute_request: `serve(request)`, where `request` is a JSON
object whose arrays travel as a base64 `.npz` (numpy's format, read with allow_pickle=False on both
sides). The answer is the expression `answer()`, read back with the request's user_expressions.

Values cross by value: numpy arrays and scalars, tensors (converted with numpy), numbers, strings,
None, and tuples, lists and dicts of them. Anything else stays here and crosses as a handle, an id
in this module's table that later requests name. A function the grader passes in (f in
`reparam_gradient(f, ...)`) arrives as a stub that asks the worker to run it, over Jupyter's stdin
channel (`input()`), so grader code never runs here either; a Keras model the grader built arrives as
its .keras file (standard layers only, loaded with safe_mode), and any other Keras object (an optimizer)
as its config.

Nothing in this module is secret, and student code can replace any of it: that only changes the
answers its own kernel gives, which the worker judges as the student's.
"""

import base64
import builtins
import io
import json
import random
import sys

_OBJECTS = {}  # handle id -> object kept for the worker
_STATE = {"answer": "", "next": 0}


def _numpy():
    import numpy as np

    return np


class _Arrays:
    """Arrays collected while encoding one message, or read from one."""

    def __init__(self, blob=""):
        self.items = {}
        if blob:
            np = _numpy()
            with np.load(io.BytesIO(base64.b64decode(blob)), allow_pickle=False) as data:
                self.items = {name: data[name] for name in data.files}

    def add(self, array):
        name = f"a{len(self.items)}"
        self.items[name] = array
        return name

    def blob(self):
        if not self.items:
            return ""
        buffer = io.BytesIO()
        _numpy().savez(buffer, **self.items)
        return base64.b64encode(buffer.getvalue()).decode("ascii")


def _as_array(value):
    """`value` as a numpy array if it is array-like data (not a model or a layer), else None."""
    np = _numpy()
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value)
    if callable(value) or not (hasattr(value, "__array__") or hasattr(value, "numpy")):
        return None
    try:
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
    except Exception:  # noqa: BLE001 - not convertible: it stays here as a handle
        return None
    return array if array.dtype != object else None


def encode(value, arrays):
    """A JSON tree for `value`: by value where it can be, a handle where it cannot."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"v": value}  # json writes nan and inf as NaN and Infinity, and reads them back
    array = _as_array(value)
    if array is not None:
        return {"nd": arrays.add(array), "scalar": isinstance(value, _numpy().generic)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v, arrays) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": [[k, encode(v, arrays)] for k, v in value.items()]}
    _STATE["next"] += 1
    _OBJECTS[_STATE["next"]] = value
    kinds = [f"{c.__module__}.{c.__qualname__}" for c in type(value).__mro__]
    return {"handle": _STATE["next"], "type": type(value).__name__, "mro": kinds}


def _callback(number):
    def grader_function(*args, **kwargs):
        arrays = _Arrays()
        request = {"callback": number, "args": encode(list(args), arrays), "kwargs": encode(kwargs, arrays)}
        reply = json.loads(builtins.input(json.dumps({"vaelab": request, "arrays": arrays.blob()})))
        if "error" in reply:
            raise RuntimeError(f"the grader's function failed: {reply['error']}")
        return decode(reply["value"], _Arrays(reply["arrays"]))

    return grader_function


def decode(tree, arrays):
    if "v" in tree:
        return tree["v"]
    if "nd" in tree:
        array = arrays.items[tree["nd"]]
        return array[()] if tree.get("scalar") else array
    if "tuple" in tree:
        return tuple(decode(v, arrays) for v in tree["tuple"])
    if "list" in tree:
        return [decode(v, arrays) for v in tree["list"]]
    if "dict" in tree:
        return {k: decode(v, arrays) for k, v in tree["dict"]}
    if "handle" in tree:
        return _OBJECTS[tree["handle"]]
    if "callback" in tree:
        return _callback(tree["callback"])
    if "keras" in tree:
        return _keras_model(tree["keras"])
    if "keras_config" in tree:
        import keras

        return keras.saving.deserialize_keras_object(json.loads(tree["keras_config"]), safe_mode=True)
    raise ValueError(f"unknown value {tree!r}")


def _keras_model(blob):
    """A Keras model the grader built (standard layers only), from its .keras file's bytes."""
    import os
    import tempfile

    import keras

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as f:
            f.write(base64.b64decode(blob))
        return keras.saving.load_model(path, safe_mode=True)


def reseed(seed):
    """As autograder.checks.seeding.reseed, in this kernel: Python, numpy, and Keras where imported."""
    random.seed(seed)
    _numpy().random.seed(seed)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)


def _perform(request, namespace):
    arrays = _Arrays(request.get("arrays", ""))
    op = request["op"]
    target = namespace if request.get("target") is None else _OBJECTS[request["target"]]
    if op == "getattr":
        if request.get("target") is None:
            if request["name"] not in namespace:
                raise NameError(f"name {request['name']!r} is not defined")
            return namespace[request["name"]]
        return getattr(target, request["name"])
    if op == "call":
        before = {name: array.copy() for name, array in arrays.items.items()}
        value = target(*decode(request["args"], arrays), **decode(request["kwargs"], arrays))
        # Arrays the call changed in place go back, so the caller's own arrays change as here.
        _STATE["changed"] = {n: a for n, a in arrays.items.items() if not _numpy().array_equal(a, before[n],
                                                                                                 equal_nan=True)}
        return value
    if op == "getitem":
        return target[decode(request["key"], arrays)]
    if op == "len":
        return len(target)
    if op == "list":
        return list(target)
    if op == "repr":
        return repr(target)[:2000]
    if op == "array":
        return _numpy().asarray(target)
    if op == "reseed":
        return reseed(request["seed"])
    if op == "release":
        _OBJECTS.clear()
        return None
    raise ValueError(f"unknown request {op!r}")


def serve(request, namespace=None):
    """Perform one request; its answer (a JSON string) is what `answer()` returns next."""
    namespace = vars(sys.modules["__main__"]) if namespace is None else namespace
    _STATE["changed"] = {}
    try:
        value = _perform(request, namespace)
        arrays = _Arrays()
        answer = {"value": encode(value, arrays), "arrays": arrays.blob()}
        if _STATE["changed"]:
            changed = _Arrays()
            answer["changed"] = {name: changed.add(array) for name, array in _STATE["changed"].items()}
            answer["changed_arrays"] = changed.blob()
    except BaseException as err:  # noqa: BLE001 - every failure of student code is an answer
        if isinstance(err, KeyboardInterrupt):
            raise
        answer = {"error": type(err).__name__, "message": str(err)[:1000],
                  "builtin": isinstance(getattr(builtins, type(err).__name__, None), type)}  # fmt: skip
    _STATE["answer"] = json.dumps(answer)


def answer():
    return _STATE["answer"]
