"""Words that stand in for personal details once they are removed (retention, erasure)."""

# In a case's timeline, in place of what someone wrote.
DETAILS_REMOVED = "(details removed)"
# The name an anonymised case's reporter, and a forgotten member, go by.
NAME_REMOVED = "(name removed)"
