"""BID area files: one street or landmark a line, with optional coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class StreetLine:
    name: str
    latitude: float | None = None
    longitude: float | None = None


class AreaFileError(ValueError):
    """A line of an area file cannot be read."""


def parse_area(text: str) -> list[StreetLine]:
    """Read `Name` or `Name | lat, lon` lines; blank lines and `#` comments are skipped."""
    streets: list[StreetLine] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, coords = (part.strip() for part in line.partition("|"))
        lat = lon = None
        if coords:
            try:
                lat_text, lon_text = (c.strip() for c in coords.split(","))
                lat, lon = float(lat_text), float(lon_text)
            except ValueError:
                raise AreaFileError(f"line {number}: coordinates must be 'lat, lon'") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise AreaFileError(f"line {number}: coordinates out of range")
        if not name or len(name) > 120:
            raise AreaFileError(f"line {number}: a street name of 1 to 120 characters")
        if name.casefold() not in seen:
            seen.add(name.casefold())
            streets.append(StreetLine(name, lat, lon))
    return streets


def read_area_file(path: Path) -> list[StreetLine]:
    return parse_area(path.read_text(encoding="utf-8"))


def demo_area() -> list[StreetLine]:
    """The West End BID's streets, shipped with the package."""
    return parse_area(resources.files("config").joinpath("areas/we.txt").read_text("utf-8"))
