"""WhatsApp bodies and webhook forms, without a server: numbering, splitting, parsing."""

from __future__ import annotations

from bot.channels.split import utf16_len as units
from bot.channels.whatsapp import template_variables
from bot.channels.whatsapp_parse import Button, e164, inbound_of, pressed
from bot.channels.whatsapp_render import MAX_BODY, render, reply_line, split_body
from bot.channels.whatsapp_status import newer
from fakes import twilio_webhooks as twh


def question(*labels: str, **extra: object) -> dict:
    options = [{"key": label.lower(), "label": label} for label in labels]
    return {"text": "Pick *one*", "options": options, "question": "q", **extra}


def test_a_question_is_a_numbered_list_with_a_reply_line():
    [body] = render(question("Shoplifting", "Theft", "Found"))
    assert body == "Pick *one*\n\n1. Shoplifting\n2. Theft\n3. Found\n\nReply 1, 2 or 3."
    assert reply_line(2) == "Reply 1 or 2." and reply_line(4) == "Reply 1, 2, 3 or 4."
    assert reply_line(9) == "Reply with a number from 1 to 9."


def test_lone_options_numbers_and_shortcuts_read_as_words():
    [skip] = render(question("Skip"))
    assert skip == "Pick *one*\n\nOr send: Skip"
    [count] = render(question("1", "2", "4 or more", "Don't know"))
    assert "- 1\n- 2\n- 4 or more\n- Don't know\n\nReply with one of these." in count
    shortcuts = {
        "text": "New report *WE-0001*",
        "question": None,
        "options": [
            {"key": "ack WE-0001", "label": "Acknowledge"},
            {"key": "case WE-0001", "label": "Details"},
        ],
    }
    [alert] = render(shortcuts)
    assert alert.endswith("\n\nAcknowledge: send ack WE-0001\nDetails: send case WE-0001")
    [where] = render(question("Here", "Elsewhere", request_location=True))
    share = "To share your location, tap the paperclip or + and choose Location."
    assert where.endswith(f"Reply 1 or 2.\n{share}")


def test_long_texts_split_at_sentences_then_lines_then_words():
    sentences = [f"This is sentence number {n}, about the incident." for n in range(50)]
    parts = split_body(" ".join(sentences))
    assert len(parts) == 2 and all(units(p) <= MAX_BODY for p in parts)
    assert parts[0].endswith("incident.") and parts[1].startswith("This is sentence")
    assert " ".join(parts) == " ".join(sentences)
    lines = split_body("\n".join(["a line without a full stop"] * 100), limit=100)
    assert all(p.endswith("stop") and len(p) <= 100 for p in lines)
    words = split_body("word " * 50, limit=30)
    assert all(len(p) <= 30 for p in words) and " ".join(words).split() == ["word"] * 50
    assert split_body("x" * 70, limit=30) == ["x" * 30, "x" * 30, "x" * 10]
    emoji = split_body("🚨" * 1000)
    assert [units(p) for p in emoji] == [1600, 400]
    bold = split_body("*Call 999 now.* " + "Stay safe. " * 200)
    assert bold[0].startswith("*Call 999 now.*") and all(units(p) <= MAX_BODY for p in bold)


def test_the_number_is_e164_from_waid_or_from():
    assert e164("447700900123", None) == "+447700900123"
    assert e164(None, "whatsapp:+44 7700 900123") == "+447700900123"
    assert e164("", "whatsapp:07700900123") is None
    assert e164(None, "whatsapp:+1") is None


def test_a_webhook_form_becomes_one_inbound():
    media = twh.inbound_media(
        [("https://api.twilio.com/a.ogg", "audio/ogg"), ("https://api.twilio.com/b", "image/png")],
        "caption",
    )
    inbound, button = inbound_of(media)
    assert button is None and inbound.text == "caption" and inbound.channel == "whatsapp"
    assert inbound.photo.source == "https://api.twilio.com/b"
    assert inbound.photo.content_type == "image/png"
    assert inbound.external_id == media["MessageSid"] and inbound.display_name == "Alice Marsh"
    place, _ = inbound_of(twh.inbound_location(51.5, -0.13, label="Shop", address="1 High St"))
    assert place.location.latitude == 51.5 and place.location.address == "Shop, 1 High St"
    reply, _ = inbound_of(twh.inbound_reply("ok", "SM" + "a" * 32))
    assert reply.reply_to == "SM" + "a" * 32
    press, button = inbound_of(twh.inbound_button("yes", "Yes please"))
    assert button == Button("yes", "Yes please") and press.reply_to is None


def test_a_button_press_is_a_choice_only_when_it_names_an_option():
    inbound, _ = inbound_of(twh.inbound_text(""))
    last = {"options": [{"key": "yes", "label": "Yes"}], "question": "safety"}
    chosen = pressed(inbound, Button("yes", "Yes"), last)
    assert chosen.choice == "yes" and chosen.question == "safety"
    shortcut = {"options": [{"key": "ack WE-0001", "label": "Acknowledge"}], "question": None}
    assert pressed(inbound, Button("ack WE-0001", "Acknowledge"), shortcut).text == "ack WE-0001"
    assert pressed(inbound, Button("mycases", "My reports"), None).text == "mycases"
    words = pressed(inbound, Button("PROMO_1", "Tell me more"), last)
    assert words.text == "Tell me more" and words.choice is None


def test_statuses_move_forward_only():
    assert newer(None, "queued") and newer("sent", "delivered") and newer("delivered", "read")
    assert not newer("delivered", "sent") and not newer("read", "delivered")
    assert newer("read", "failed") and not newer("undelivered", "delivered")
    assert not newer("failed", "undelivered") and not newer("sent", "receiving")


def test_template_variables_name_the_case_and_its_status():
    assert template_variables({"case_ref": "WE-0001", "status": "new"}) == {
        "1": "WE-0001",
        "2": "new, waiting for the police",
    }
    assert template_variables({"text": "hello"}) == {"1": "your report", "2": "a new message"}
