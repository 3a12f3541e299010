"""What kind of object a student's code returned, wherever that object lives.

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
