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
    found_window,
    in_window,
    lost_window,
    match,
    rank,
    rank_lost,
    score,
    weigh,
)
from flows.property.verify import Question, Verdict, check_answer, verification_question

__all__ = [
    "ALERT_AT",
    "Features",
    "ItemFacts",
    "Match",
    "Prefilter",
    "Question",
    "Ranked",
    "Verdict",
    "alert_for",
    "category_of",
    "check_answer",
    "crime_items",
    "extract",
    "found_window",
    "in_window",
    "lost_window",
    "match",
    "rank",
    "rank_lost",
    "score",
    "split_items",
    "verification_question",
    "weigh",
]
