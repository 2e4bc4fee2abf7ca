"""The reliability suite (benchmarks/reliability.py) in miniature: one trial of each kill,
a few full-disk and locked-database trials, on a small library. The full run (50 kills of
each command) is a benchmark; this keeps it working, and fails on any failure it counts."""

from __future__ import annotations

import pytest

from benchmarks import reliability


@pytest.mark.slow
def test_the_reliability_suite_counts_no_failure(capsys):
    code = reliability.main(["--trials", "1", "--disk-trials", "4", "--lock-trials", "4",
                             "--articles", "60", "--only",
                             "kill-import,kill-photo-import,kill-export,full-disk,locked"])
    out = capsys.readouterr().out
    assert "total: " in out
    assert code == 0, out


def test_orphans_are_seen_and_stopped(tmp_path):
    """The check itself: a process left behind with the trial's mark is found (and ended)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, **{reliability.MARKER: "self-test"})
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], env=env)
    try:
        left = reliability.orphans_after("self-test", grace=0.2)
        assert len(left) == 1 and left[0].startswith(f"{proc.pid} ")
        assert proc.wait(timeout=5) != 0  # ended by the check
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
