"""The questions the engine asks on its own; importing this package registers them."""

from flows.questions import edit, far_place, idle, street_check, summary  # noqa: F401
