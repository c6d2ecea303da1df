"""The shoplifting report as one python-telegram-bot `ConversationHandler`: a state per question.

State lives in PTB's `user_data` (in memory, as in PTB's examples without persistence). People
are served concurrently, each person's updates in turn (`bench/peer/processor.py`).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from telegram import CallbackQuery, Message, ReplyKeyboardRemove, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bench.peer import summary
from bench.peer.markup import (
    LOCATION_KEYBOARD,
    SUMMARY_BUTTONS,
    as_html,
    keyboard,
    location_keyboard,
    mark_answered,
)
from bench.peer.questions import BY_ID, KIND, REPORT, Question, Unreadable
from flows import texts
from flows.template import fill

SUMMARY, EDIT = "summary", "edit"
END = ConversationHandler.END
Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Desk:
    """Who may report (Telegram user id → shop) and the reports filed so far."""

    members: dict[int, str]
    bid_code: str = "WE"
    bid_name: str = "West End"
    filed: list[dict[str, Any]] = field(default_factory=list)

    def reference(self) -> str:
        return f"{self.bid_code}-{len(self.filed) + 1:04d}"


def _message(update: Update) -> Message:
    """The message of an update that has one (the handlers' filters see to that)."""
    assert update.message is not None
    return update.message


def _press(update: Update) -> tuple[CallbackQuery, str, int]:
    """A pressed button: the query, the key after "question|", and the chat."""
    query = update.callback_query
    assert query is not None and query.data is not None and isinstance(query.message, Message)
    return query, query.data.partition("|")[2], query.message.chat.id


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


def _user(context: Context) -> dict[str, Any]:
    """This person's conversation: PTB keeps a dict per user for every update that has one."""
    data = context.user_data
    assert data is not None
    return data


class ShopliftingReport:
    """The conversation's callbacks; `handler()` wires them into a ConversationHandler."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    # --- asking ------------------------------------------------------------------------------

    async def send(self, context: Context, chat_id: int, text: str, markup: Any = None) -> None:
        user = _user(context)
        if markup is None and user.get("keyboard"):
            markup, user["keyboard"] = ReplyKeyboardRemove(), False
        text = "\n\n".join([*user.pop("before", []), text])
        await context.bot.send_message(
            chat_id, as_html(text), parse_mode=ParseMode.HTML, reply_markup=markup
        )

    def before(self, context: Context, text: str) -> None:
        """A text (intro, hint, warning) to go at the top of the next message, not alone."""
        _user(context).setdefault("before", []).append(text)

    async def ask(self, context: Context, chat_id: int, qid: str) -> str:
        """Send question `qid` and make it the state."""
        user = _user(context)
        user["q"] = qid
        shop = user["shop"]
        if qid == SUMMARY:
            text = summary.text(user["answers"], shop)
            await self.send(context, chat_id, text, keyboard(SUMMARY, SUMMARY_BUTTONS, 2, shop))
            return SUMMARY
        if qid == EDIT:
            choices = tuple((q.id, q.label) for q in summary.shown(user["answers"]))
            await self.send(context, chat_id, texts.ASK_EDIT, keyboard(EDIT, choices, 2, shop))
            return EDIT
        q = KIND if qid == KIND.id else BY_ID[qid]
        if q.buttons and q.location:  # one keyboard a message: the options go on the share one
            labels = [fill(label, shop=shop) for _, label in q.buttons]
            await self.send(context, chat_id, q.prompt, location_keyboard(labels))
        elif q.buttons:
            await self.send(context, chat_id, q.prompt, keyboard(q.id, q.buttons, q.per_row, shop))
        else:
            await self.send(context, chat_id, q.prompt, LOCATION_KEYBOARD if q.location else None)
        user["keyboard"] = q.location
        return q.id

    async def again(self, context: Context, chat_id: int, hint: str) -> None:
        self.before(context, hint)
        await self.ask(context, chat_id, _user(context)["q"])

    # --- answers -----------------------------------------------------------------------------

    async def accept(self, context: Context, chat_id: int, q: Question, value: Any) -> str:
        """Keep the answer, then ask what comes next (the summary once nothing is missing)."""
        user = _user(context)
        answers: dict[str, Any] = user["answers"]
        answers[q.id] = value
        for later in REPORT:  # an answer that no longer applies must not be filed
            if later.only_if and answers.get(later.only_if[0]) != later.only_if[1]:
                answers.pop(later.id, None)
        if q.id == "safety" and value is True:
            self.before(context, texts.CALL_999)
        if user.get("editing"):
            nxt = summary.first_missing(answers)
        else:
            user["history"].append(q.id)
            nxt = summary.next_after(answers, q.id)
        if nxt == SUMMARY:
            user["editing"] = False
        return await self.ask(context, chat_id, nxt)

    def on_press(self, q: Question) -> Any:
        async def pressed(update: Update, context: Context) -> str:
            query, key, chat_id = _press(update)
            label = fill(dict(q.buttons).get(key, key), shop=_user(context)["shop"])
            nxt = await self.accept(context, chat_id, q, summary.from_button(q, key))
            assert isinstance(query.message, Message)
            await mark_answered(query.message, label)  # after the next question: it can wait
            return nxt

        return pressed

    def on_text(self, q: Question) -> Any:
        async def typed(update: Update, context: Context) -> str | None:
            message = update.message
            assert message is not None and message.text is not None
            assert q.read is not None  # every question can be answered in words
            shop = _user(context)["shop"]
            typed = message.text.strip().casefold()
            key = next(
                (k for k, label in q.buttons if fill(label, shop=shop).casefold() == typed), None
            )
            if q.location and key is not None:  # an option tapped on the share keyboard
                return await self.accept(context, message.chat.id, q, summary.from_button(q, key))
            try:
                value = q.read(message.text, message.date)
            except Unreadable as problem:
                await self.again(context, message.chat.id, problem.hint)
                return None
            if q.id == "where" and value not in ("shop", "elsewhere"):
                _user(context)["answers"]["location"] = value
                value = "typed"
            return await self.accept(context, message.chat.id, q, value)

        return typed

    def on_location(self, q: Question) -> Any:
        async def shared(update: Update, context: Context) -> str:
            message = _message(update)
            assert message.location is not None
            spot = message.location
            where = f"{spot.latitude:.5f}, {spot.longitude:.5f}"
            _user(context)["answers"]["location"] = where
            value = "shared" if q.id == "where" else where
            return await self.accept(context, message.chat.id, q, value)

        return shared

    async def on_photo(self, update: Update, context: Context) -> str:
        message = _message(update)
        largest = max(message.photo, key=lambda size: size.width * size.height)
        return await self.accept(context, message.chat.id, BY_ID["photo"], largest.file_id)

    # --- start, summary, the end -------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> str | int:
        message = _message(update)
        assert update.effective_user is not None
        shop = self.desk.members.get(update.effective_user.id)
        if shop is None:
            await message.reply_text(texts.NOT_REGISTERED)
            return END
        _user(context).clear()
        _user(context).update(shop=shop, answers={}, history=[], editing=False)
        return await self.ask(context, message.chat.id, KIND.id)

    async def on_kind(self, update: Update, context: Context) -> str | int | None:
        query = update.callback_query
        if query is not None:
            query, kind, chat_id = _press(update)
        else:
            typed = (_message(update).text or "").strip().lower()
            kind = next((k for k, label in KIND.buttons if typed in (k, label.lower())), "")
            chat_id = _chat_id(update)
        if kind != "shoplifting":
            if query is None and not kind:
                await self.again(context, chat_id, texts.PICK_KIND_HINT)
                return None
            await self.send(context, chat_id, "This bot takes shoplifting reports only.")
            return END
        if query is not None and isinstance(query.message, Message):
            await mark_answered(query.message, texts.SHOPLIFTING_LABEL)
        self.before(context, fill(texts.INTRO, title=texts.SHOPLIFTING_TITLE))
        return await self.ask(context, chat_id, REPORT[0].id)

    async def on_summary(self, update: Update, context: Context) -> str | int | None:
        query = update.callback_query
        if query is not None:
            query, choice, chat_id = _press(update)
        else:
            typed = (_message(update).text or "").strip().lower()
            choice = {"send": "send", "yes": "send", "change": "change", "cancel": "cancel"}.get(
                typed, ""
            )
            chat_id = _chat_id(update)
        if query is not None and isinstance(query.message, Message):
            if choice in dict(SUMMARY_BUTTONS):
                await mark_answered(query.message, dict(SUMMARY_BUTTONS)[choice])
        if choice == "send":
            ref = self.desk.reference()
            self.desk.filed.append({"ref": ref, **_user(context)["answers"]})
            done = fill(texts.FILED, ref=ref, bid=self.desk.bid_name)
            await self.send(context, chat_id, done)
            nxt: str | int = END
        elif choice == "change":
            nxt = await self.ask(context, chat_id, EDIT)
        elif choice == "cancel":
            await self.send(context, chat_id, f"{texts.CANCELLED} {texts.START_NEW}")
            nxt = END
        else:
            await self.again(context, chat_id, texts.HINT_SUMMARY)
            return None
        return nxt

    async def on_edit(self, update: Update, context: Context) -> str:
        _, key, chat_id = _press(update)
        _user(context)["editing"] = True
        return await self.ask(context, chat_id, key)

    async def cancel(self, update: Update, context: Context) -> int:
        await self.send(context, _chat_id(update), f"{texts.CANCELLED} {texts.START_NEW}")
        _user(context).clear()
        return END

    async def back(self, update: Update, context: Context) -> str:
        user, chat_id = _user(context), _chat_id(update)
        if user.get("editing") or user["q"] == EDIT:
            user["editing"] = False
            return await self.ask(context, chat_id, SUMMARY if user["q"] == EDIT else EDIT)
        if not user["history"]:
            await self.again(context, chat_id, texts.FIRST_QUESTION)
            return user["q"]
        return await self.ask(context, chat_id, user["history"].pop())

    async def stale(self, update: Update, context: Context) -> None:
        # The press was answered in the webhook's answer; say why nothing moved on.
        await self.again(context, _chat_id(update), texts.STALE_BUTTON)

    async def other(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None:
            return
        hint = texts.HINT_EMPTY
        if message.photo:
            hint = texts.HINT_PHOTO_NOT_HERE
        elif message.location:
            hint = texts.HINT_LOCATION_NOT_HERE
        await self.again(context, message.chat.id, hint)

    def handler(self) -> ConversationHandler:
        words = filters.Regex(re.compile(r"^\s*(cancel|back)\s*$", re.IGNORECASE))
        text = filters.TEXT & ~filters.COMMAND & ~words  # those two words work everywhere
        states: dict[object, list[BaseHandler[Update, Context, Any]]] = {
            KIND.id: [
                CallbackQueryHandler(self.on_kind, r"^kind\|"),
                MessageHandler(text, self.on_kind),
            ],
            SUMMARY: [
                CallbackQueryHandler(self.on_summary, r"^summary\|"),
                MessageHandler(text, self.on_summary),
            ],
            EDIT: [CallbackQueryHandler(self.on_edit, r"^edit\|")],
        }
        for q in REPORT:
            handlers: list[BaseHandler[Update, Context, Any]] = [
                CallbackQueryHandler(self.on_press(q), rf"^{q.id}\|")
            ]
            if q.location:
                handlers.append(MessageHandler(filters.LOCATION, self.on_location(q)))
            if q.photo:
                handlers.append(MessageHandler(filters.PHOTO, self.on_photo))
            handlers.append(MessageHandler(text, self.on_text(q)))
            states[q.id] = handlers
        with warnings.catch_warnings():
            # PTB warns that buttons are then matched per person, not per message: as meant.
            warnings.filterwarnings("ignore", r".*CallbackQueryHandler", PTBUserWarning)
            return self._conversation(states, words)

    def _conversation(self, states: dict[object, list[Any]], words: Any) -> ConversationHandler:
        return ConversationHandler(
            entry_points=[
                CommandHandler("report", self.start),
                MessageHandler(filters.Regex(re.compile(r"^\s*report\s*$", re.I)), self.start),
            ],
            states=states,
            fallbacks=[
                CommandHandler("cancel", self.cancel),
                CommandHandler("back", self.back),
                MessageHandler(words & filters.Regex(re.compile("cancel", re.I)), self.cancel),
                MessageHandler(words, self.back),
                CallbackQueryHandler(self.stale),
                MessageHandler(filters.ALL, self.other),
            ],
            name="shoplifting",
        )
