"""Worker processes end with their parent; stop requests are remembered, not raised."""

import os
import signal
import subprocess
import sys
import time

import pytest
from processes import HAS_PROC, alive, children, gone_within

from promosim.experiments.lifecycle import StopRequest

POOL = """\
import time
from promosim.experiments.execution import open_backend

if __name__ == "__main__":
    with open_backend(workers=2) as backend:
        started = [backend.executor.submit(time.sleep, 120) for _ in range(2)]
        print("pool", flush=True)
        time.sleep(120)
"""

WATCHED = """\
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import os\\n"
                          "from promosim.experiments.lifecycle import _watch\\n"
                          "_watch(os.getppid())"])
print(child.pid, flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(not HAS_PROC, reason="needs /proc")
def test_pool_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(POOL)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        assert parent.stdout.readline().strip() == "pool"
        deadline = time.monotonic() + 60
        while len(workers := children(parent.pid)) < 3:  # 2 workers and the resource tracker
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        parent.kill()
        parent.wait()
    assert gone_within(workers, 10) < 10


@pytest.mark.skipif(not HAS_PROC, reason="needs /proc")
def test_the_watch_thread_ends_a_process_whose_parent_died():
    parent = subprocess.Popen([sys.executable, "-c", WATCHED], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        child = int(parent.stdout.readline())
        time.sleep(0.5)
        assert alive(child)
    finally:
        parent.kill()
        parent.wait()
    assert gone_within([child], 5) < 5


def test_a_stop_request_remembers_the_first_signal_and_restores_handlers():
    before = signal.getsignal(signal.SIGTERM)
    stop = StopRequest()
    with stop.catching():
        assert not stop
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)
    assert stop and stop.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before
