"""A photo for the police, or skip."""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import reader
from flows.model import JSON, Context, Result, UserInput
from flows.walk import Walk


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    return texts.PHOTO_ATTACHED


@reader("photo", hint=texts.HINT_PHOTO, show=_show, takes_photo=True)
def read_photo(walk: Walk, step: Step, inp: UserInput) -> Result:
    """The photo sent; typed words other than skip get a hint."""
    if inp.photo is None:
        return walk.again(texts.HINT_PHOTO)
    photo = {"content_type": inp.photo.content_type, "source": inp.photo.source}
    return walk.accept(step, photo)
