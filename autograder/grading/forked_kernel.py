"""jupyter_client kernel managers nbclient can drive for kernels it does not start the usual way.

ForkedKernelManager: a kernel forked by the fork server. It is not this process's child: it is found
by pid, interrupted by message, and killed with its whole process tree instead of being asked to shut
down. SandboxedKernelManager: a plain kernel started inside the sandbox's command.
"""

import asyncio
import os
import queue
import time

import psutil
from jupyter_client import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Int, List, Unicode

from autograder.grading.limits import kill_tree


def alive(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def interrupt_by_message(km, timeout=5.0):
    """Interrupt as interrupt_mode "message" does: a signal to another session is not ours to send.

    Sent on a blocking client of its own and acknowledged before it closes: an asyncio socket closed
    right after a send drops the message.
    """
    client = BlockingKernelClient(connection_file=km.connection_file)
    client.load_connection_file()
    client.start_channels(shell=False, iopub=False, stdin=False, hb=False, control=True)
    try:
        msg = client.session.msg("interrupt_request", content={})
        client.control_channel.send(msg)
        await asyncio.to_thread(_wait_for_reply, client, msg["header"]["msg_id"], timeout)
    finally:
        client.stop_channels()


def _wait_for_reply(client, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            reply = client.control_channel.get_msg(timeout=left)
        except queue.Empty:
            return
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            return


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
        await interrupt_by_message(self)

    async def shutdown_kernel(self, now=False, restart=False):
        kill_tree(self.pid)
        self.cleanup_connection_file()


class SandboxedKernelManager(AsyncKernelManager):
    """A fresh kernel run by `sandbox_command` (bwrap ... setpriv ... --) as `kernel_uid`."""

    sandbox_command = List(Unicode())
    kernel_uid = Int(-1)

    def format_kernel_cmd(self, extra_arguments=None):
        return [*self.sandbox_command, *super().format_kernel_cmd(extra_arguments)]

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        os.chown(self.connection_file, self.kernel_uid, self.kernel_uid)  # the kernel reads it as its uid

    async def interrupt_kernel(self):
        # A signal would hit bwrap, which dies and takes the kernel with it.
        await interrupt_by_message(self)
