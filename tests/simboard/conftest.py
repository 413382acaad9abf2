"""Fixtures for the sim-board console tests: the firmware built for the host (make BOARD=sim) at its prompt."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from simhelp import SIM, Sim  # noqa: E402


@pytest.fixture
def board(tmp_path):
    """A sim board with fresh (erased) images, not started yet: call start()."""
    if not os.access(SIM, os.X_OK):
        pytest.fail("%s is missing: run 'make BOARD=sim'" % SIM)
    s = Sim(tmp_path)
    yield s
    s.close()


@pytest.fixture
def sim(board):
    """A started sim board with fresh images."""
    return board.start()
