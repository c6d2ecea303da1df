"""Retention: how long each kind of personal data is kept, and the job that removes it.

Importing this package registers every entry; one module per kind of data, one line here.
"""

from handlers.retention import cases, messages, people, property
from handlers.retention.job import Finding, RetentionJob, look, run
from handlers.retention.registry import ENTRIES, Due, Retained, register

__all__ = [
    "ENTRIES",
    "Due",
    "Finding",
    "Retained",
    "RetentionJob",
    "cases",
    "look",
    "messages",
    "people",
    "property",
    "register",
    "run",
]
