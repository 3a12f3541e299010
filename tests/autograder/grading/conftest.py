"""Fixtures of the grading tests that talk to a real kernel."""

import pytest
from jupyter_client import KernelManager


@pytest.fixture
def start_kernel_with():
    """start_kernel_with(code): a python3 kernel that has run `code` (its KernelManager); every kernel
    started is shut down after the test."""
    started = []

    def start(code):
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(stdout=None, stderr=None)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.execute_interactive(code, timeout=60)
        started.append((manager, client))
        return manager

    yield start
    for manager, client in started:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
