"""A jupyter_client kernel manager for a kernel forked by the fork server, so nbclient can drive it.

The kernel is not this process's child: it is found by pid, interrupted by message, and killed with
its whole process tree instead of being asked to shut down.
"""

import psutil
from jupyter_client.manager import AsyncKernelManager
from traitlets import Int

from autograder.grading.limits import kill_tree


def alive(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class ForkedKernelManager(AsyncKernelManager):
    pid = Int(0)

    @property
    def has_kernel(self):
        return True

    async def _async_is_alive(self):
        return alive(self.pid)

    # The kernel client asks its manager through the private name, nbclient through the public one.
    is_alive = _async_is_alive

    async def interrupt_kernel(self):
        # The kernel runs with interrupt_mode "message": a signal to another session is not ours to send.
        client = self.client()
        client.start_channels()
        msg = client.session.msg("interrupt_request", content={})
        client.control_channel.send(msg)
        client.stop_channels()

    async def shutdown_kernel(self, now=False, restart=False):
        kill_tree(self.pid)
        self.cleanup_connection_file()
