"""Did you mean Coventry Street? Asked when typed words are close to a street but not sure."""

from __future__ import annotations

from flows import texts
from flows.kinds import CHECK, Special, special
from flows.model import Result, UserInput
from flows.reading.choice import parse_choice
from flows.reading.yesno import parse_yes_no
from flows.steps.place import at_street, in_words, place
from flows.steps.yes_no import YES_NO
from flows.template import fill
from flows.walk import Walk


def _read(walk: Walk, inp: UserInput) -> Result:
    st = walk.st
    guess = st.guess
    assert guess is not None  # only valid states wait here
    origin = walk.flow.step(guess.step)
    assert origin is not None
    if inp.choice is not None:
        yes: bool | None = inp.choice == "yes"
    else:
        key = parse_choice(inp.text, YES_NO, cutoff=101)
        yes = (key == "yes") if key else parse_yes_no(inp.text)
    if yes is None:
        return walk.again(texts.HINT_CHECK_STREET)
    st.guess = None
    if yes:
        st.keep = None
        street = next((s for s in walk.ctx.streets if s.name == guess.street), None)
        if street is None:
            return walk.accept(origin, in_words("typed", guess.typed))
        return walk.accept(origin, at_street("typed", guess.typed, street))
    st.keep = guess.typed
    if origin.kind == "place":
        # They are somewhere else than we guessed: ask for the street in other words.
        return walk.accept(origin, place("elsewhere"))
    return walk.goto(origin.id)


def _back(walk: Walk) -> Result:
    origin = walk.st.q[: -len(CHECK)]
    walk.st.guess = None
    return walk.goto(origin)


def _valid(walk: Walk, q: str) -> bool:
    guess = walk.st.guess
    origin = walk.flow.step(q[: -len(CHECK)])
    return (
        origin is not None
        and origin.kind in ("place", "place_text")
        and guess is not None
        and guess.step == origin.id
    )


def _prompt(walk: Walk) -> str:
    guess = walk.st.guess
    return fill(texts.ASK_CHECK_STREET, street=guess.street if guess else "")


special(
    CHECK,
    Special(read=_read, options=lambda walk: YES_NO, prompt=_prompt, back=_back, valid=_valid),
)
