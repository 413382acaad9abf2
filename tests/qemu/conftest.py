"""Fixtures for the QEMU system tests: a booted flashboot at its prompt."""
import os
import sys
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import Console  # noqa: E402


@pytest.fixture
def fb():
    c = Console.qemu()
    c.stop_autoboot()
    yield c
    c.close()
