"""What kind of object a student's code returned, and where grader objects it uses live.

Under a judge outside the kernel (autograder/grading/remote.py) a student's model is a handle to an
object in the kernel, so `isinstance` cannot see it; these ask the handle, and are plain `isinstance`
and `type(...).__name__` for objects in this process.
"""


def is_instance(value, cls):
    """isinstance(value, cls), also for an object in the student's kernel."""
    in_kernel = getattr(type(value), "is_instance", None)
    return isinstance(value, cls) or (in_kernel is not None and in_kernel(value, cls))


def type_name(value):
    """The name of value's type (for messages), also for an object in the student's kernel."""
    in_kernel = getattr(type(value), "type_name", None)
    return in_kernel(value) if in_kernel is not None else type(value).__name__


def placed(student, model):
    """`model` (a Keras model of the judge's) as student code sees it: for a judge outside the kernel,
    the handle of the kernel's copy, which is kept in sync with `model` at every request (so its
    weights' identities can be compared with those of a student's model); here, `model` itself."""
    in_kernel = getattr(type(student), "placed", None)
    return model if in_kernel is None else in_kernel(student, model)


def run_beside(student, function, *args, **kwargs):
    """function(*args, **kwargs) where the student's objects live: in the kernel for a judge outside it
    (for what must happen next to them, such as a tf.function or a gradient tape around a student's
    layer; `function` then gets numpy as `np` and imports anything else itself), else right here."""
    in_kernel = getattr(type(student), "run", None)
    return function(*args, **kwargs) if in_kernel is None else in_kernel(student, function, *args, **kwargs)
