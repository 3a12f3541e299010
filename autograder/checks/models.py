"""A student's model run on the grader's images: in bounded batches, where the model lives.

Every hidden test that evaluates a student's model on data goes through `outputs`, so a question's
peak memory is that of one batch whatever the number of images, and an architecture heavier than the
solution (full-resolution convolutions, as textbooks write them) is judged like any other. For a judge
outside the kernel the loop runs in the student's kernel, next to the model: one request per call, the
images sent once (or one image and a repeat count); a model of the grader's own runs where it is.
"""

import numpy as np

from autograder.checks.kinds import run_beside
from autograder.checks.raised import first_line

# Images per call of the model: memory of one batch of 28 x 28 activations at full resolution with
# 64 filters (256 x 28 x 28 x 64 float32 = 51 MB per layer), far from any kernel's limit.
BATCH_SIZE = 256


def in_batches(model, x, batch_size, repeat, kwargs):
    """model(rows of x, each repeated `repeat` times) in batches of batch_size, as numpy: an array, or
    a list or tuple of arrays for a model with several outputs. Runs next to the model."""
    import keras

    def as_numpy(value):
        try:
            return np.asarray(keras.ops.convert_to_numpy(value))
        except Exception as err:  # noqa: BLE001 - not a tensor: say what it was
            raise TypeError(f"returned {type(value).__name__}, not a tensor or array") from err

    total, parts, container = len(x) * repeat, [], None
    for start in range(0, total, batch_size):
        rows = np.arange(start, min(total, start + batch_size)) // repeat
        out = model(x[rows], **kwargs)
        if isinstance(out, (list, tuple)):
            container = type(out)
            parts.append([as_numpy(v) for v in out])
        else:
            parts.append([as_numpy(out)])
    merged = [np.concatenate([p[i] for p in parts]) for i in range(len(parts[0]))] if parts else []
    return container(merged) if container is not None else merged[0]


def outputs(student, model, x, what, hint="", *, batch_size=BATCH_SIZE, repeat=1, **kwargs):
    """model(x, **kwargs) as numpy (a list or tuple of arrays if the model returns several), computed
    batch_size images at a time; repeat: each image of x repeated that many times, in order.

    An AssertionError names `what`, the input's shape and `hint` when the model cannot take x.
    """
    x = np.asarray(x)
    in_kernel = getattr(type(model), "is_instance", None) is not None  # a student's model (a handle)
    try:
        if not in_kernel:  # a model of the grader's own, here
            return in_batches(model, x, batch_size, repeat, kwargs)
        return run_beside(student, in_batches, model, x, batch_size, repeat, kwargs)
    except AssertionError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure here is the student's model (a kernel fault
        # is the link's too, and the worker raises it after the question)
        shape = (len(x) * repeat, *x.shape[1:])
        message = f"{what} failed on an input of shape {shape} ({type(err).__name__}: {first_line(err)})"
        raise AssertionError(message + (f": {hint}" if hint else "")) from err
