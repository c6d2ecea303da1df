"""Inputs for the webhook fuzz tests: Hypothesis strategies, mutated real inputs, raw bytes."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bench.shared_data import shared_file

# Any JSON value, small: what a field of the wrong type is replaced with.
JSON: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)

RAW_BODIES: list[bytes] = [
    b"",
    b"{",
    b"[]",
    b"[{}]",
    b"null",
    b"1",
    b'"update"',
    b"true",
    b"\xff\xfe\x00{",
    b'{"update_id": 1',
    b'{"update_id": "1"}',
    b'{"update_id": 1.5}',
    b'{"update_id": true}',
    b'{"update_id": 99999999999999999999999999}',
    b'{"update_id": 1, "message": "hello"}',
    b'{"update_id": 1, "message": []}',
    b'{"update_id": 1, "message": null}',
    b'{"update_id": 1, "callback_query": 7}',
    b'{"update_id": -1, "message": {"text": "\\ud800"}}',
    b"\x00" * 50,
    '{"update_id": 3, "message": {"text": "caf\u00e9"}}'.encode("latin-1"),
    b'{"update_id": 1e400}',
    b"[" * 5000 + b"]" * 5000,  # deeper than the JSON parser recurses
]


def generated(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """`count` values drawn by Hypothesis (no shrinking needed: we only collect them)."""
    out: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    collect()
    return out


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        root = root[step]
    return root


def mutations(
    original: dict[str, Any], rng: random.Random, wrong: list[Any], count: int
) -> list[dict[str, Any]]:
    """Copies of `original` with one or two things broken: a field removed, of another type,
    wrapped in a list or an object, or the whole thing nested one level too deep."""
    out: list[dict[str, Any]] = []
    where = paths(original)
    if not where:
        return out
    for _ in range(count):
        mutated = copy.deepcopy(original)
        for _ in range(rng.choice((1, 1, 2))):
            targets = [p for p in paths(mutated) if p]
            if not targets:
                break
            path = rng.choice(targets)
            parent = _parent(mutated, path)
            key = path[-1]
            action = rng.randrange(5)
            if action == 0 and isinstance(parent, dict):
                del parent[key]
            elif action == 1:
                parent[key] = rng.choice(wrong)
            elif action == 2:
                parent[key] = [parent[key]]
            elif action == 3:
                parent[key] = {"value": parent[key]}
            else:
                parent[key] = copy.deepcopy(_parent(mutated, path[:-1] or path))
        out.append(mutated)
    return out


def shared_updates() -> list[dict[str, Any]]:
    """Every update of the shared real-shaped set (read, never copied)."""
    data = json.loads(shared_file("telegram_updates.json").read_text())
    return [entry["update"] for entry in data["updates"]]


# --- Telegram's Update schema, loosely: right names, mostly right types, some wrong ---------

_ids = st.integers(min_value=-(2**53), max_value=2**53)
_small = st.integers(min_value=-5, max_value=2**31)
_words = st.text(max_size=40) | st.sampled_from(
    ["report", "cases ²", "/case \ud800", "help", "/start", "1", "yes", "back", "case WE-0001"]
)


def _maybe(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An object with any subset of `fields`; now and then a field holds any JSON at all."""
    return st.fixed_dictionaries(
        {}, optional={k: v | JSON if k != "type" else v for k, v in fields.items()}
    )


USER = _maybe(
    id=_ids, is_bot=st.booleans(), first_name=st.text(max_size=20), username=st.text(max_size=10)
)
CHAT = _maybe(
    id=_ids,
    type=st.sampled_from(["private", "group", "supergroup", "channel", "sender", "?"]),
    title=st.text(max_size=10),
)
ENTITY = _maybe(
    type=st.sampled_from(["bot_command", "bold", "url", "mention", "text_link"]),
    offset=_small,
    length=_small,
)
PHOTO_SIZE = _maybe(
    file_id=st.text(max_size=10),
    file_unique_id=st.text(max_size=10),
    width=_small,
    height=_small,
    file_size=_small,
)
LOCATION = _maybe(
    latitude=st.floats(allow_nan=True, allow_infinity=True),
    longitude=st.floats(allow_nan=True, allow_infinity=True),
)
_MESSAGE = _maybe(
    message_id=_small,
    date=_small,
    chat=CHAT,
    text=_words | _ids,
    caption=_words,
    entities=st.lists(ENTITY, max_size=3),
    photo=st.lists(PHOTO_SIZE, max_size=3),
    location=LOCATION,
    edit_date=_small,
    media_group_id=st.text(max_size=5),
    document=_maybe(file_id=st.text(max_size=5), mime_type=st.sampled_from(["image/png", ""])),
    sticker=_maybe(file_id=st.text(max_size=5), type=st.just("regular")),
)


def _message(base: dict[str, Any], user: Any, reply: Any) -> dict[str, Any]:
    out = dict(base)
    if user is not None:
        out["from"] = user
    if reply is not None:
        out["reply_to_message"] = reply
    return out


MESSAGE = st.builds(_message, _MESSAGE, st.none() | USER, st.none() | _MESSAGE)
CALLBACK = _maybe(
    id=st.text(max_size=8),
    data=st.text(max_size=64) | st.sampled_from(["q:when:now", "c:ack WE-0001", "x"]),
    message=MESSAGE,
    chat_instance=st.text(max_size=5),
    **{"from": USER},
)
MEMBER = _maybe(
    status=st.sampled_from(["member", "kicked", "left", "administrator", "restricted"]),
    user=USER,
    until_date=_small,
)
CHAT_MEMBER = _maybe(
    chat=CHAT, date=_small, old_chat_member=MEMBER, new_chat_member=MEMBER, **{"from": USER}
)
UPDATE = st.builds(
    lambda update_id, body: {"update_id": update_id, **body},
    _ids,
    st.one_of(
        st.fixed_dictionaries({"message": MESSAGE}),
        st.fixed_dictionaries({"edited_message": MESSAGE}),
        st.fixed_dictionaries({"channel_post": MESSAGE}),
        st.fixed_dictionaries({"callback_query": CALLBACK}),
        st.fixed_dictionaries({"my_chat_member": CHAT_MEMBER}),
        st.dictionaries(st.text(max_size=12), JSON, max_size=2),
    ),
)
