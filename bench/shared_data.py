"""Where the test material written by others lives (`../shared/data` beside the checkout, as the
project's brief puts it); read from there, never copied into the repository."""

from __future__ import annotations

import os
from pathlib import Path

_BESIDE = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# Where it is on this project's machines, for a clone made somewhere else.
_MACHINE = Path("/work/shared/data")


def shared_file(name: str) -> Path:
    """The shared file `name`; SHOPWATCH_SHARED_DATA names another folder. A missing file is an
    error: the figures it gives are part of what `make test` must print."""
    given = os.environ.get("SHOPWATCH_SHARED_DATA")
    places = [Path(given)] if given else [_BESIDE, _MACHINE]
    for folder in places:
        if (folder / name).is_file():
            return folder / name
    looked = ", ".join(str(p) for p in places)
    raise FileNotFoundError(f"{name} is not in {looked}; set SHOPWATCH_SHARED_DATA to its folder")
