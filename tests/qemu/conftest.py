"""Fixtures for the QEMU system tests: a booted flashboot at its prompt."""
import os
import sys
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import Console  # noqa: E402


@pytest.fixture
def fb():
    # 30 s per expect: file transfers (loady, loadb) wait on a sender as well
    c = Console.qemu(timeout=30)
    c.stop_autoboot()
    yield c
    c.close()
