"""Rendering outbox payloads for Telegram: HTML, splitting, keyboards and callback data."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.channels.telegram_render import (
    callback_data,
    is_file_id,
    plan,
    read_callback,
    split_text,
    to_html,
    utf16_len,
)
from bot.channels.telegram_setup import file_url
from flows import texts


def test_bold_becomes_html_and_the_rest_is_escaped():
    assert to_html("*WE-0001* <script>&") == "<b>WE-0001</b> &lt;script&gt;&amp;"
    assert to_html("a * b * c") == "a <b> b </b> c"
    assert to_html("*not\nbold*") == "*not\nbold*"


def test_splitting_prefers_lines_then_sentences_then_spaces():
    assert split_text("short") == ["short"]
    sentences = " ".join(f"Sentence number {n} is here." for n in range(400))
    parts = split_text(sentences, 1000)
    assert all(utf16_len(p) <= 1000 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == sentences
    words = "word " * 1000
    assert all(utf16_len(p) <= 100 and not p.endswith(" ") for p in split_text(words, 100))
    emoji = "😀" * 3000  # two UTF-16 units each, as Telegram counts them
    assert [utf16_len(p) for p in split_text(emoji)] == [4096, 1904]


def test_callback_data_fits_64_bytes_or_falls_back_to_text():
    assert callback_data("q", "summary", "send") == "q|summary|send"
    assert callback_data("c", "x" * 70) is None
    assert read_callback("q|where|shop") == ("q", "where", "shop")
    assert read_callback("c|close WE-0001 nfa") == ("c", "", "close WE-0001 nfa")
    assert read_callback("q|broken") is None and read_callback("zz") is None
    long = "reply WE-0001 " + " ".join(["a very long prefilled message"] * 3)
    [part] = plan(
        {
            "text": "Choose",
            "options": [
                {"key": "ack WE-0001", "label": "Acknowledge"},
                {"key": long, "label": "Reply"},
            ],
            "question": None,
        }
    )
    assert isinstance(part.markup, InlineKeyboardMarkup)
    [[button]] = part.markup.inline_keyboard
    assert button.callback_data == "c|ack WE-0001"
    assert part.text is not None and f"Reply: send {long}" in part.text
    [numbered] = plan(
        {"text": "Pick", "options": [{"key": "k" * 70, "label": "First"}], "question": "q1"}
    )
    assert numbered.markup is None and numbered.text == "Pick\n\n1. First"


def test_the_location_question_adds_a_share_button_and_the_next_message_removes_it():
    where = {
        "text": "Where did it happen?",
        "options": [
            {"key": "shop", "label": "At the shop"},
            {"key": "elsewhere", "label": "Somewhere else"},
        ],
        "question": "where",
        "request_location": True,
    }
    # One message: its options and the share button on one keyboard (a message carries one).
    [question] = plan(where)
    assert question.text == "Where did it happen?" and question.then_inline is None
    assert isinstance(question.markup, ReplyKeyboardMarkup)
    assert [[(b.text, b.request_location) for b in row] for row in question.markup.keyboard] == [
        [("At the shop", None), ("Somewhere else", None)],
        [("Share my location", True)],
    ]
    assert question.markup.one_time_keyboard and question.markup.resize_keyboard
    [alone] = plan({**where, "options": []})
    assert isinstance(alone.markup, ReplyKeyboardMarkup)
    assert [[b.text for b in row] for row in alone.markup.keyboard] == [["Share my location"]]
    # Shortcuts to commands stay inline buttons; the share button then comes on its own.
    shortcut = {**where, "question": None, "options": [{"key": "help", "label": "Help"}]}
    inline, hint = plan(shortcut)
    assert isinstance(inline.markup, InlineKeyboardMarkup)
    assert isinstance(hint.markup, ReplyKeyboardMarkup) and hint.text == texts.TG_SHARE_HINT
    [plain] = plan({"text": "What happened?"}, remove_reply_keyboard=True)
    assert isinstance(plain.markup, ReplyKeyboardRemove)
    [buttons] = plan(
        {"text": "Yes?", "options": [{"key": "yes", "label": "Yes"}], "question": "cctv"},
        remove_reply_keyboard=True,
    )
    assert isinstance(buttons.markup, ReplyKeyboardRemove)
    assert isinstance(buttons.then_inline, InlineKeyboardMarkup)


def test_photos_only_when_they_are_telegram_file_ids():
    file_id = "AgACAgQAAxkBAAIBc2ZkAAE" + "x" * 30
    assert is_file_id(file_id)
    assert not is_file_id("https://api.twilio.com/2010-04-01/Media/ME123")
    assert not is_file_id("console-photo")
    parts = plan({"text": "*WE-0001*", "photos": [file_id, file_id, "console-photo"]})
    assert [(p.photo, p.text) for p in parts] == [(file_id, None), (file_id, "<b>WE-0001</b>")]


def test_files_come_from_the_api_url_with_bot_replaced_by_file_bot():
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"
