"""Instructions a console flow step costs, counted by callgrind: a figure that holds still.

This machine's clock moves by 10-30% within an hour, so a CPU time in milliseconds can hide a
change of 10%, even beside a peer measured in the same run. Valgrind's callgrind counts the
instructions the process runs instead, which vary by about 3% run to run. It runs
`bench.flow_step --in-process` (the app and its one client in one process) twice, for a few
and for many steps of the same script, and prints the difference per step: start-up and the
first report cancel out, and what is left is whole reports (their filings and follow-ups
included) walked step by step. Under callgrind a step takes about 0.3 s, so the default run
takes about 3 minutes. Compare two versions by running this in each checkout (a `git worktree`
of the older one, say), one after the other or side by side: the counts do not depend on what
else the machine is doing.
With `postgres` the steps run on the local PostgreSQL (SHOPWATCH_BENCH_DATABASE_URL, as
flow_step): what is counted is still this process, the server's own work, not PostgreSQL's.
Run: .venv/bin/python -m bench.instructions [reports] [sqlite|postgres]   (default 8, after one
to warm up, sqlite; needs valgrind: apt-get install valgrind)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.flow_step import REPORT

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
ROOT = Path(__file__).resolve().parent.parent


def instructions(steps: int, backend: str) -> int:
    """Instructions callgrind counted for the whole run of `steps` console steps."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.flow_step",
        str(steps),
        backend,
        "--in-process",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run failed:\n{done.stderr[-2000:]}")
    return int(found[1])


def main(reports: int, backend: str) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    few, many = len(REPORT), len(REPORT) * (1 + reports)
    base, total = instructions(few, backend), instructions(many, backend)
    per_step = (total - base) / (many - few)
    print(
        f"console flow step under callgrind ({backend}, in process, client included): "
        f"steps={many - few}  instructions_per_step={per_step / 1e6:.2f}M  "
        f"per_report={per_step * len(REPORT) / 1e6:.1f}M"
    )


if __name__ == "__main__":
    counts = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(counts[0]) if counts else 8, "postgres" if "postgres" in sys.argv[1:] else "sqlite")
