"""Property goes home: matching found items to lost reports and to stolen items, and checking
that the person asking is the owner. Pure functions; the caller does storage and messages."""

from flows.property.features import Features, ItemFacts, category_of, extract, split_items
from flows.property.match import (
    ALERT_AT,
    Match,
    Prefilter,
    Ranked,
    alert_for,
    crime_items,
    match,
    prefilter,
    rank,
    score,
)

__all__ = [
    "ALERT_AT",
    "Features",
    "ItemFacts",
    "Match",
    "Prefilter",
    "Ranked",
    "alert_for",
    "category_of",
    "crime_items",
    "extract",
    "match",
    "prefilter",
    "rank",
    "score",
    "split_items",
]
