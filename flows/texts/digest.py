"""The manager's digest."""

DIGEST_HEAD = "{bid}: reports in the last 7 days (to {now})"
DIGEST_NONE = "No reports in the last 7 days."
DIGEST_KINDS = "By kind: {items}"
DIGEST_STREETS = "Top places: {items}"
DIGEST_STATUS = "Status now: {items}"
DIGEST_RESPONSE = "Police response: median {median} to first action; {waiting} still waiting."
DIGEST_NO_RESPONSE = "Police response: no cases acted on yet; {waiting} waiting."
