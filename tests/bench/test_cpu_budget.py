"""The scale-out benchmark's CPU budget: each process in a cgroup of its own, with its quota."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import _cpu_budget
from bench._cpu_budget import PERIOD_US, cpu_budget


def _can_make_groups() -> bool:
    try:
        root, _ = _cpu_budget._root()
    except SystemExit:
        return False
    probe = root / "shopwatch-bench-probe"
    try:
        probe.mkdir()
    except OSError:
        return False
    probe.rmdir()
    return True


needs_cgroups = pytest.mark.skipif(
    not _can_make_groups(), reason="needs a writable cgroup cpu controller (Linux, as root)"
)


def _quota(group: Path) -> tuple[int, int]:
    if (group / "cpu.max").exists():
        quota, period = (group / "cpu.max").read_text().split()
    else:
        quota = (group / "cpu.cfs_quota_us").read_text()
        period = (group / "cpu.cfs_period_us").read_text()
    return int(quota), int(period)


@needs_cgroups
def test_each_process_gets_a_group_of_its_own_with_its_share_of_a_core_removed_after() -> None:
    sleep = [sys.executable, "-c", "import time; time.sleep(30)"]
    sleepers = [subprocess.Popen(sleep), subprocess.Popen(sleep)]
    try:
        with cpu_budget(0.35) as budget:
            assert budget is not None
            for sleeper in sleepers:
                budget.add(sleeper.pid)
            first, second = budget.groups
            assert first != second
            for group, sleeper in zip(budget.groups, sleepers, strict=True):
                assert _quota(group) == (round(0.35 * PERIOD_US), PERIOD_US)
                assert (group / "cgroup.procs").read_text().split() == [str(sleeper.pid)]
            assert budget.throttled_s() >= 0.0
            for sleeper in sleepers:
                sleeper.kill()
                sleeper.wait()
        assert not any(group.exists() for group in budget.groups)
    finally:
        for sleeper in sleepers:
            if sleeper.poll() is None:
                sleeper.kill()
                sleeper.wait()


def test_no_budget_asked_for_is_no_budget() -> None:
    with cpu_budget(None) as budget:
        assert budget is None


def test_without_a_cpu_controller_it_says_so_before_any_server_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cpu_budget, "_V2", tmp_path / "no-cgroup2")
    monkeypatch.setattr(_cpu_budget, "_V1", tmp_path / "no-cgroup1")
    with pytest.raises(SystemExit, match="cpu controller"), cpu_budget(0.35):
        pytest.fail("the budget was given without a cgroup file system")
