"""Lessons in the chat: one message at a time, a question at the end, progress kept."""

from __future__ import annotations

from datetime import timedelta

from flows import texts
from flows.content import Lesson
from flows.model import Option, Outbound
from flows.reading.choice import parse_choice
from flows.template import fill
from handlers import delivery
from handlers.content import lessons_of
from handlers.turn import Turn, payload_of
from storage import learning
from storage.models import Bid, LessonProgress

QUESTION_PREFIX = "lesson:"
OFFER_DELAY = timedelta(minutes=10)  # the first lesson is offered this long after joining


async def bid_lessons(turn: Turn) -> list[Lesson]:
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    return lessons_of(turn.settings, bid.code if bid else "WE")


def question_id(lesson: Lesson) -> str:
    return f"{QUESTION_PREFIX}{lesson.key}"


async def begin(turn: Turn, lesson: Lesson) -> None:
    progress = await learning.start_lesson(
        turn.session,
        member_id=turn.actor.id or 0,
        bid_id=turn.actor.bid_id,
        lesson=lesson.key,
        now=turn.now,
    )
    await show_next(turn, lesson, progress)


async def show_next(turn: Turn, lesson: Lesson, progress: LessonProgress) -> None:
    """The next message of the lesson, or its question once all are read."""
    total = len(lesson.messages)
    progress.updated_at = turn.now
    if progress.step < total:
        text = fill(
            texts.LEARN_STEP,
            title=lesson.title,
            number=progress.step + 1,
            total=total,
            text=lesson.messages[progress.step],
        )
        progress.step += 1
        await turn.reply(
            Outbound(
                text, options=(Option("next", texts.LEARN_NEXT),), question=question_id(lesson)
            )
        )
        return
    progress.step = total + 1  # the question is waiting
    await turn.reply(
        Outbound(
            fill(texts.LEARN_QUESTION, title=lesson.title, question=lesson.question),
            options=tuple(Option(f"a{n}", a) for n, a in enumerate(lesson.answers, start=1)),
            question=question_id(lesson),
        )
    )


def reads_as(lesson: Lesson, progress: LessonProgress, text: str) -> str | None:
    """What a press or typed words mean at this point of the lesson: "next" or "aN"."""
    if progress.step <= len(lesson.messages):
        words = text.strip().lower()
        return "next" if words in ("next", "n", "1", "ok", "go on", "continue", "more") else None
    options = [Option(f"a{n}", a) for n, a in enumerate(lesson.answers, start=1)]
    return parse_choice(text, options)


async def answer(turn: Turn, lesson: Lesson, progress: LessonProgress, key: str) -> None:
    """Move the lesson on: the next message, or the verdict on their answer."""
    if key == "next" or progress.step <= len(lesson.messages):
        await show_next(turn, lesson, progress)
        return
    chosen = int(key[1:]) - 1
    right = chosen == lesson.correct
    progress.correct = right
    progress.completed_at = turn.now
    progress.updated_at = turn.now
    verdict = (
        fill(texts.LEARN_RIGHT, explain=lesson.explain)
        if right
        else fill(texts.LEARN_WRONG, answer=lesson.answers[lesson.correct], explain=lesson.explain)
    )
    lines = [verdict, texts.LEARN_FINISHED]
    upcoming = await next_lesson(turn, exclude=lesson.key)
    if upcoming is None:
        await turn.reply("\n".join([*lines, texts.LEARN_ALL_DONE]))
        return
    lines.append(fill(texts.LEARN_NEXT_OFFER, title=upcoming.title))
    await turn.reply(
        Outbound("\n".join(lines), options=(Option(f"learn {upcoming.key}", texts.LEARN_START),))
    )


async def next_lesson(turn: Turn, exclude: str = "") -> Lesson | None:
    """The first lesson this member has not finished."""
    done = {
        p.lesson
        for p in await learning.progress_all(turn.session, member_id=turn.actor.id or 0)
        if p.completed_at is not None
    }
    return next(
        (x for x in await bid_lessons(turn) if x.key not in done and x.key != exclude), None
    )


async def offer_first(turn: Turn) -> None:
    """New staff: the first lesson, offered a little after they join (once settled in)."""
    lessons = await bid_lessons(turn)
    if not lessons or turn.identity is None:
        return
    first = lessons[0]
    offer = Outbound(
        fill(texts.LEARN_WELCOME_OFFER, title=first.title.lower()),
        options=(Option(f"learn {first.key}", texts.LEARN_START),),
    )
    await delivery.push(
        turn.session,
        [turn.identity],
        payload_of(offer, push=True, topic="training"),
        now=turn.now,
        tz=turn.tz,
        topic_name="training",
        delay=OFFER_DELAY,
    )
