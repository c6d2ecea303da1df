"""One reader per step kind; importing this package registers them all with flows.kinds."""

from flows.steps import (  # noqa: F401
    choice,
    crn,
    flow_menu,
    money,
    photo,
    place,
    plate,
    text,
    when,
    yes_no,
)
