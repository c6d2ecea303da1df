"""A CPU budget for a benchmark's server processes: a Linux cgroup with a CPU quota each.

On a machine of few cores the servers, PostgreSQL and the load generator share them, so two
servers cannot show they go twice as fast as one: one already takes most of what is free.
Held to the same fraction of a core each, every server is CPU-bound at its budget with cores
to spare for the rest, and what two give against one shows whether anything between them (the
database, its locks, the outbox's claims) holds them back. Needs root and a cgroup file system
with the cpu controller (v2, or v1's `cpu` hierarchy).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PERIOD_US = 10_000  # short periods: a server throttled for 100 ms at a time answers in lumps
_V2 = Path("/sys/fs/cgroup")
_V1 = Path("/sys/fs/cgroup/cpu")


class Budget:
    """Each process added gets a cgroup of its own, with `fraction` of a core."""

    def __init__(self, fraction: float) -> None:
        self.fraction = fraction
        self.groups: list[Path] = []

    def add(self, pid: int) -> None:
        root, v2 = _root()
        group = root / f"shopwatch-bench-{os.getpid()}-{len(self.groups)}"
        group.mkdir()
        self.groups.append(group)
        quota = max(1_000, round(self.fraction * PERIOD_US))
        if v2:
            (group / "cpu.max").write_text(f"{quota} {PERIOD_US}")
        else:
            (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (group / "cpu.cfs_quota_us").write_text(str(quota))
        (group / "cgroup.procs").write_text(str(pid))  # every thread of it, and its children

    def throttled_s(self) -> float:
        """Seconds the processes here were held back by their budget, all together."""
        total = 0.0
        for group in self.groups:
            stat = dict(
                line.split() for line in (group / "cpu.stat").read_text().splitlines() if line
            )
            if "throttled_usec" in stat:
                total += int(stat["throttled_usec"]) / 1e6
            else:
                total += int(stat.get("throttled_time", 0)) / 1e9
        return total


def _root() -> tuple[Path, bool]:
    controllers = _V2 / "cgroup.controllers"
    if controllers.exists() and "cpu" in controllers.read_text().split():
        children = _V2 / "cgroup.subtree_control"  # a child has cpu.max only if this says cpu
        if "cpu" not in children.read_text().split():
            try:
                children.write_text("+cpu")
            except OSError as exc:
                raise SystemExit(f"--cpu: cannot give cgroups the cpu controller ({exc})") from exc
        return _V2, True
    if (_V1 / "cpu.cfs_quota_us").exists():
        return _V1, False
    raise SystemExit("--cpu needs a cgroup file system with the cpu controller (Linux, as root)")


@contextmanager
def cpu_budget(fraction: float | None) -> Iterator[Budget | None]:
    """A Budget, its cgroups removed at the end (after the processes in them have exited)."""
    if fraction is None:
        yield None
        return
    _root()  # fail before any server starts, not after
    budget = Budget(fraction)
    try:
        yield budget
    finally:
        for group in budget.groups:
            try:
                group.rmdir()
            except OSError as exc:  # a process still in it: left for the operator, named
                print(f"  could not remove {group}: {exc}", flush=True)
