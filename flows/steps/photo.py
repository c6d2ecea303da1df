"""Photos for the police: one or several (an album counts once), then Done, or skip.

A photo step that takes notes (adding to a filed case) also takes typed words instead.
"""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import reader
from flows.model import JSON, Context, Option, Outbound, Result, UserInput
from flows.photos import count_words, photos_of
from flows.reading.words import normalise
from flows.steps.text import letters
from flows.template import fill
from flows.walk import MAX_TEXT, SKIP_WORDS, Walk

DONE = Option("done", texts.PHOTOS_DONE)
_DONE_WORDS = frozenset({"done", "finished", "thats all", "that is all", "no more", "ok", "send"})


def add_photo(walk: Walk, inp: UserInput, photos: list[dict[str, JSON]]) -> bool:
    """Add the input's photo to `photos`; True when it came with others already answered for."""
    assert inp.photo is not None
    photos.append({"content_type": inp.photo.content_type, "source": inp.photo.source})
    same_album = inp.album is not None and inp.album == walk.st.album and len(photos) > 1
    walk.st.album = inp.album
    return same_album


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    return (DONE,) if walk.st.collected else ()


def _prompt(walk: Walk, step: Step) -> str:
    if walk.st.collected:
        return fill(texts.ASK_MORE_PHOTOS, count=count_words(len(walk.st.collected)))
    return step.prompt


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    return count_words(len(photos_of(answers.get(step.id))))


@reader(
    "photo",
    hint=texts.HINT_PHOTO,
    show=_show,
    options=_options,
    prompt=_prompt,
    takes_photo=True,
)
def read_photo(walk: Walk, step: Step, inp: UserInput) -> Result:
    """Collect photos until Done; a typed note when the step takes one."""
    st = walk.st
    if inp.photo is not None:
        if add_photo(walk, inp, st.collected):
            return Result(st.to_json(), [])  # the rest of an album: one reply was enough
        return walk.result()
    words = normalise(inp.text or "")
    if inp.choice == "done" or (st.collected and (words in _DONE_WORDS or words in SKIP_WORDS)):
        return _finish(walk, step, {})
    text = (inp.text or "").strip()
    if step.notes and letters(text) >= 3:
        return _finish(walk, step, {f"{step.id}_note": text[:MAX_TEXT]})
    return walk.again(texts.HINT_PHOTO_MORE if st.collected else texts.HINT_PHOTO)


def _finish(walk: Walk, step: Step, extras: dict[str, JSON]) -> Result:
    photos, walk.st.collected = walk.st.collected, []
    return walk.accept(step, photos or None, extras)


def photo_at_summary(walk: Walk, inp: UserInput) -> Result | None:
    """A photo sent once the report is summed up is added to it, not refused."""
    step = next((s for s in walk.flow.steps if s.kind == "photo"), None)
    if step is None or inp.photo is None:
        return None
    photos = photos_of(walk.st.answers.get(step.id))
    quiet = add_photo(walk, inp, photos)
    walk.st.answers[step.id] = photos
    if quiet:
        return Result(walk.st.to_json(), [])
    return walk.result(Outbound(fill(texts.PHOTO_ADDED, count=count_words(len(photos)))))
