"""The labelled time phrasings, and how a reading of one is judged (shared by test and bench)."""
