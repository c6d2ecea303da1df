"""The digest as one picture: reports per day by kind, and the police response times."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flows import registry, texts
from flows.template import fill
from handlers.digest.words import percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from handlers.digest.build import Digest

# Colour-blind-safe (Okabe-Ito), one per kind in registration order.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")


def draw_chart(digest: Digest, bid_name: str) -> bytes:
    """A PNG of the digest (matplotlib's Agg backend: no display, safe in a worker thread)."""
    # Imported here: matplotlib takes a while to load and only digests need it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    days_axes, response_axes = figure.subplots(1, 2, width_ratios=(3, 2))
    _per_day(days_axes, digest)
    _response(response_axes, digest)
    figure.suptitle(fill(texts.DIGEST_CHART_CAPTION, bid=bid_name, period=digest.period))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _days(per_day: dict[tuple[str, str], int]) -> list[date]:
    if not per_day:
        return []
    found = sorted(date.fromisoformat(day) for day, _ in per_day)
    days, day = [], found[0]
    while day <= found[-1]:
        days.append(day)
        day += timedelta(days=1)
    return days


def _per_day(ax: Axes, digest: Digest) -> None:
    from matplotlib.ticker import MaxNLocator

    part = digest.parts.get("kinds")
    per_day: dict[tuple[str, str], int] = part.series.get("per_day", {}) if part else {}
    days = _days(per_day)
    ax.set_title(texts.CHART_TITLE_DAYS)
    if not days:
        ax.text(0.5, 0.5, texts.DIGEST_NONE, ha="center", va="center", wrap=True)
        ax.set_axis_off()
        return
    labels = [f"{d.day} {d:%b}" for d in days]
    positions = list(range(len(days)))  # numbers, not a categorical axis: quick for a year
    bottom = [0] * len(days)
    for index, kind in enumerate(registry.crime_kinds()):
        counts = [per_day.get((d.isoformat(), kind), 0) for d in days]
        if not any(counts):
            continue
        ax.bar(
            positions,
            counts,
            width=0.9 if len(days) < 60 else 1.0,
            bottom=bottom,
            label=registry.name_of(kind).capitalize(),
            color=COLOURS[index % len(COLOURS)],
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.legend(fontsize="small", loc="upper left")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(days) // 10)
    ax.set_xticks(positions[::step], labels[::step], rotation=45, ha="right")


def _response(ax: Axes, digest: Digest) -> None:
    part = digest.parts.get("response")
    ax.set_title(texts.CHART_TITLE_RESPONSE)
    figures = part.figures if part else {}
    median, p90 = figures.get("median_seconds"), figures.get("p90_seconds")
    if median is None or p90 is None or (median.now is None and median.before is None):
        ax.text(0.5, 0.5, texts.CHART_NO_DATA, ha="center", va="center")
        ax.set_axis_off()
        return
    groups = (texts.CHART_MEDIAN, texts.CHART_P90)
    now = [(median.now or 0) / 3600, (p90.now or 0) / 3600]
    before = [(median.before or 0) / 3600, (p90.before or 0) / 3600]
    positions = range(len(groups))
    ax.bar([p - 0.2 for p in positions], now, 0.4, label=texts.CHART_NOW, color=COLOURS[0])
    ax.bar([p + 0.2 for p in positions], before, 0.4, label=texts.CHART_BEFORE, color="#999999")
    ax.set_xticks(list(positions), groups)
    ax.legend(fontsize="small", loc="upper left")
    hour, day = figures.get("within_hour_percent"), figures.get("within_day_percent")
    if hour is not None and day is not None:
        words = fill(texts.CHART_WITHIN, hour=percent(hour.now), day=percent(day.now))
        ax.set_xlabel(words)
