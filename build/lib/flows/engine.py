"""The one engine that walks any flow: JSON state in, messages and JSON state out, no I/O."""

from __future__ import annotations

import copy
import math
import re
from datetime import datetime, timedelta

from flows import parse, texts
from flows.definitions import FLOWS
from flows.flow import Flow, Step
from flows.model import JSON, Context, Option, Outbound, Photo, Report, Result, Street, UserInput

# Question ids the engine asks on its own, beside the steps of a flow.
SUMMARY = "summary"
EDIT = "edit"
IDLE = "idle"
CHECK = "_check"  # "<place step id>_check": "Did you mean Coventry Street?"

STATE_VERSION = 1
MAX_TEXT = 2000  # long pastes are cut so one message cannot bloat the stored state
MAX_AGE = timedelta(days=30)
# A phone or server clock a few minutes out should not make "just now" look like the future.
FUTURE_SLACK = timedelta(minutes=5)

YES_NO = (Option("yes", texts.YES), Option("no", texts.NO))
SUMMARY_OPTIONS = (
    Option("send", texts.SEND),
    Option("change", texts.CHANGE),
    Option("cancel", texts.CANCEL),
)
SUMMARY_WORDS = {
    "yes": "send",
    "ok": "send",
    "send it": "send",
    "submit": "send",
    "done": "send",
    "change": "change",
    "edit": "change",
    "fix": "change",
    "stop": "cancel",
}
IDLE_OPTIONS = (
    Option("carry_on", texts.CARRY_ON),
    Option("start_again", texts.START_AGAIN),
    Option("cancel", texts.CANCEL),
)
IDLE_WORDS = {
    "continue": "carry_on",
    "carry on": "carry_on",
    "go on": "carry_on",
    "resume": "carry_on",
    "yes": "carry_on",
    "restart": "start_again",
    "start over": "start_again",
    "new": "start_again",
    "stop": "cancel",
}
SKIP_WORDS = frozenset(
    {
        "skip",
        "no",
        "none",
        "nothing",
        "n a",
        "na",
        "pass",
        "no thanks",
        "nope",
        "nah",
        "dont know",
        "not sure",
        "unknown",
        "idk",
        "no idea",
        "didnt see",
        "did not see",
        "no photo",
    }
)
_DAY_WORDS = re.compile(
    r"\b(yesterday|today|(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?)\b"
    r"|\b\d{1,2}/\d{1,2}\b"
)

State = dict[str, JSON]


# --- Public API -----------------------------------------------------------------------------


def start(kind: str, ctx: Context) -> Result:
    """A new report of `kind`: fresh state, an opening line and the first question."""
    flow = FLOWS.get(kind)
    if flow is None:
        raise ValueError(f"unknown flow kind: {kind!r}")
    first = _next_step(flow, {}, 0)
    state: State = {
        "v": STATE_VERSION,
        "kind": kind,
        "q": first or SUMMARY,
        "answers": {},
        "history": [],
        "last_at": ctx.now.isoformat(),
        "flags": _fresh_flags(),
    }
    return Result(state, [Outbound(flow.intro), *_ask(flow, state, ctx)])


def advance(state: dict[str, JSON], inp: UserInput, ctx: Context) -> Result:
    """Apply one input to `state`; never raises, always answers (except on filing)."""
    try:
        return _advance(state, inp, ctx)
    except Exception:
        # Whatever went wrong, the person on the shop floor must get a reply, not silence.
        return _recover(state, ctx)


def question_of(state: dict[str, JSON]) -> str | None:
    """The question awaiting an answer: step id, summary, edit, idle or <step>_check."""
    if not isinstance(state, dict):
        return None
    q = state.get("q")
    return q if isinstance(q, str) else None


# --- Dispatch -------------------------------------------------------------------------------


def _fresh_flags() -> dict[str, JSON]:
    """Flags of a new state: nothing pending."""
    return {"editing": False, "guess": None, "keep": None, "resume": None, "idle_since": None}


def _advance(state: dict[str, JSON], inp: UserInput, ctx: Context) -> Result:
    """`advance` without the safety net, so tests can see real errors."""
    st = _load(state)
    if st is None:
        return _broken()
    flow = FLOWS[st["kind"]]
    if inp.command == "cancel":
        return _cancelled()
    if st["q"] != IDLE and _quiet(st, ctx):
        flags = st["flags"]
        flags["resume"] = st["q"]
        flags["idle_since"] = st["last_at"]
        st["q"] = IDLE
        st["last_at"] = ctx.now.isoformat()
        return Result(st, _ask(flow, st, ctx))
    st["last_at"] = ctx.now.isoformat()
    if inp.command == "back":
        return _back(flow, st, ctx)
    q = st["q"]
    offered = _offered(flow, st, ctx)
    stale = inp.question is not None and inp.question != q
    if inp.choice is not None and (stale or inp.choice not in {o.key for o in offered}):
        return _again(flow, st, ctx, texts.STALE_BUTTON)
    if q == IDLE:
        return _on_idle(flow, st, inp, ctx)
    if q == SUMMARY:
        return _on_summary(flow, st, inp, ctx)
    if q == EDIT:
        return _on_edit(flow, st, inp, ctx)
    if q.endswith(CHECK):
        return _on_check(flow, st, inp, ctx)
    step = flow.step(q)
    assert step is not None  # _load only lets through questions the flow has
    return _on_step(flow, step, st, inp, ctx)


def _load(state: object) -> State | None:
    """A private, validated copy of a stored state, or None when it cannot be used."""
    if not isinstance(state, dict):
        return None
    kind = state.get("kind")
    flow = FLOWS.get(kind) if isinstance(kind, str) else None
    if flow is None:
        return None
    st: State = copy.deepcopy(state)
    if not isinstance(st.get("answers"), dict):
        st["answers"] = {}
    history = st.get("history")
    st["history"] = (
        [h for h in (history if isinstance(history, list) else []) if flow.step(h) is not None]
        if isinstance(history, list)
        else []
    )
    flags = _fresh_flags()
    if isinstance(st.get("flags"), dict):
        flags.update(st["flags"])
    st["flags"] = flags
    if not isinstance(st.get("last_at"), str):
        st["last_at"] = ""
    if not _valid_question(flow, st, st.get("q")):
        return None
    return st


def _valid_question(flow: Flow, st: State, q: object) -> bool:
    """Whether `q` is a question this flow can be waiting on, given the state's flags."""
    if not isinstance(q, str):
        return False
    if q in (SUMMARY, EDIT):
        return True
    if q == IDLE:
        return _valid_question(flow, st, st["flags"].get("resume"))
    if q.endswith(CHECK):
        guess = st["flags"].get("guess")
        origin = flow.step(q[: -len(CHECK)])
        return (
            origin is not None
            and origin.kind in ("place", "place_text")
            and isinstance(guess, dict)
            and guess.get("step") == origin.id
            and isinstance(guess.get("street"), str)
            and isinstance(guess.get("typed"), str)
        )
    return flow.step(q) is not None


def _quiet(st: State, ctx: Context) -> bool:
    """Whether the person has been silent for longer than the context allows."""
    try:
        last = datetime.fromisoformat(st["last_at"])
    except (TypeError, ValueError):
        return False
    if last.tzinfo is None:
        return False
    return ctx.now - last > timedelta(minutes=ctx.idle_minutes)


def _recover(state: object, ctx: Context) -> Result:
    """A reply after an unexpected error: re-ask the question if we can, else end politely."""
    try:
        st = _load(state)
        if st is None:
            return _broken()
        flow = FLOWS[st["kind"]]
        return Result(st, [Outbound(texts.SORRY_RETRY), *_ask(flow, st, ctx)])
    except Exception:
        return _broken()


def _broken() -> Result:
    """The end of a report whose state could not be read."""
    return Result(None, [Outbound(f"{texts.BROKEN} {texts.START_NEW}")], "cancelled")


def _cancelled() -> Result:
    """The end of a report the person cancelled."""
    return Result(None, [Outbound(f"{texts.CANCELLED} {texts.START_NEW}")], "cancelled")


def _again(flow: Flow, st: State, ctx: Context, hint: str) -> Result:
    """A short hint, then the same question again."""
    return Result(st, [Outbound(hint), *_ask(flow, st, ctx)])


# --- Asking ---------------------------------------------------------------------------------


def _offered(flow: Flow, st: State, ctx: Context) -> tuple[Option, ...]:
    """The options shown with the current question (buttons, or a numbered list)."""
    q = st["q"]
    if q == SUMMARY:
        return SUMMARY_OPTIONS
    if q == EDIT:
        return _edit_options(flow, st)
    if q == IDLE:
        return IDLE_OPTIONS
    if q.endswith(CHECK):
        return YES_NO
    step = flow.step(q)
    if step is None:
        return ()
    opts = tuple(Option(o.key, o.label.replace("{shop}", ctx.shop_name)) for o in step.options)
    if step.kind == "yes_no" and not opts:
        opts = YES_NO
    if step.kind == "when":
        opts = (Option("now", texts.JUST_NOW),)
    if step.kind == "place_text" and isinstance(st["flags"].get("keep"), dict):
        opts = (Option("keep", texts.KEEP_MY_WORDS),)
    if step.optional and "skip" not in {o.key for o in opts}:
        opts = (*opts, Option("skip", texts.SKIP))
    return opts


def _ask(flow: Flow, st: State, ctx: Context) -> list[Outbound]:
    """The message that asks the current question."""
    q = st["q"]
    flags = st["flags"]
    offered = _offered(flow, st, ctx)
    if q == SUMMARY:
        return [Outbound(_summary_text(flow, st, ctx), options=offered, question=q)]
    if q == EDIT:
        return [Outbound(texts.ASK_EDIT, options=offered, question=q)]
    if q == IDLE:
        text = texts.IDLE.replace("{since}", _since(flags.get("idle_since"), ctx))
        return [Outbound(text, options=offered, question=q)]
    if q.endswith(CHECK):
        text = texts.ASK_CHECK_STREET.replace("{street}", str(flags["guess"]["street"]))
        return [Outbound(text, options=offered, question=q)]
    step = flow.step(q)
    assert step is not None
    prompt = step.prompt.replace("{shop}", ctx.shop_name)
    keep = flags.get("keep")
    if step.kind == "place_text" and isinstance(keep, dict):
        prompt = texts.ASK_WHERE_AGAIN.replace("{typed}", str(keep.get("typed", "")))
    return [
        Outbound(
            prompt,
            options=offered,
            request_location=step.kind in ("place", "place_text"),
            question=q,
        )
    ]


def _since(value: object, ctx: Context) -> str:
    """When the person was last heard from: "14:30" today, else "Sun 22 Nov, 14:30"."""
    try:
        last = datetime.fromisoformat(str(value))
    except ValueError:
        return "a while ago"
    if last.tzinfo is None:
        return "a while ago"
    if last.astimezone(ctx.tz).date() == ctx.now.astimezone(ctx.tz).date():
        return parse.format_clock(last, ctx.tz)
    return parse.format_time(last, ctx.tz)


# --- Moving between questions ---------------------------------------------------------------


def _next_step(flow: Flow, answers: dict[str, JSON], start_at: int) -> str | None:
    """The first step from position `start_at` on whose condition holds."""
    for step in flow.steps[max(start_at, 0) :]:
        if step.condition is None or step.condition.holds(answers):
            return step.id
    return None


def _prune(flow: Flow, answers: dict[str, JSON]) -> None:
    """Drop answers to conditional steps whose condition no longer holds (in flow order)."""
    for step in flow.steps:
        if step.condition is not None and not step.condition.holds(answers):
            answers.pop(step.id, None)
            answers.pop(f"{step.id}_text", None)


def _clear_dependents(flow: Flow, answers: dict[str, JSON], parent: str) -> None:
    """Forget the answers to steps asked because of `parent`, so a changed answer re-asks them."""
    for step in flow.steps:
        if step.condition is not None and step.condition.step == parent and step.id in answers:
            answers.pop(step.id, None)
            _clear_dependents(flow, answers, step.id)


def _first_open(flow: Flow, answers: dict[str, JSON]) -> str | None:
    """The first step that should be answered but is not."""
    for step in flow.steps:
        if (step.condition is None or step.condition.holds(answers)) and step.id not in answers:
            return step.id
    return None


def _to_summary(flow: Flow, st: State) -> None:
    """Go to the summary, or first to any question that still needs an answer."""
    _prune(flow, st["answers"])
    missing = _first_open(flow, st["answers"])
    if missing is not None:
        st["q"] = missing
        # Answering it should come back to the summary, as with any change.
        st["flags"]["editing"] = True
        return
    st["q"] = SUMMARY
    st["flags"]["editing"] = False


def _accept(
    flow: Flow,
    st: State,
    step: Step,
    value: JSON,
    extras: dict[str, JSON],
    ctx: Context,
) -> Result:
    """Store an answer (and what goes with it), then ask whatever comes next."""
    answers = st["answers"]
    flags = st["flags"]
    answers.pop(f"{step.id}_text", None)
    if flags.get("editing"):
        _clear_dependents(flow, answers, step.id)
    answers[step.id] = value
    answers.update(extras)
    if step.kind == "place_text" or (step.kind == "place" and value != "elsewhere"):
        flags["keep"] = None
    messages: list[Outbound] = []
    if step.alert is not None and value == step.alert[0]:
        messages.append(Outbound(step.alert[1]))
    if flags.get("editing"):
        missing = _first_open(flow, answers)
        if missing is None:
            _to_summary(flow, st)
        else:
            st["q"] = missing
    else:
        st["history"].append(step.id)
        start_at = flow.index(step.next) if step.next else flow.index(step.id) + 1
        nxt = _next_step(flow, answers, start_at)
        while nxt is not None and nxt in extras:
            # This very answer also answered the follow-up (typed "other" words), so skip it.
            nxt = _next_step(flow, answers, flow.index(nxt) + 1)
        if nxt is None:
            _to_summary(flow, st)
        else:
            st["q"] = nxt
    messages.extend(_ask(flow, st, ctx))
    return Result(st, messages)


def _back(flow: Flow, st: State, ctx: Context) -> Result:
    """The previous question (or, while changing an answer, the list of answers)."""
    q = st["q"]
    flags = st["flags"]
    flags["keep"] = None
    if q == IDLE:
        return _resume(flow, st, ctx)
    if q.endswith(CHECK):
        st["q"] = q[: -len(CHECK)]
        flags["guess"] = None
        return Result(st, _ask(flow, st, ctx))
    if q == EDIT:
        _to_summary(flow, st)
        return Result(st, _ask(flow, st, ctx))
    if flags.get("editing"):
        st["q"] = EDIT
        return Result(st, _ask(flow, st, ctx))
    if not st["history"]:
        return _again(flow, st, ctx, texts.FIRST_QUESTION)
    st["q"] = st["history"].pop()
    return Result(st, _ask(flow, st, ctx))


def _resume(flow: Flow, st: State, ctx: Context) -> Result:
    """Carry on after a quiet spell: ask the question that was waiting."""
    flags = st["flags"]
    st["q"] = flags.get("resume")
    flags["resume"] = None
    flags["idle_since"] = None
    return Result(st, _ask(flow, st, ctx))


# --- Special questions ----------------------------------------------------------------------


def _on_idle(flow: Flow, st: State, inp: UserInput, ctx: Context) -> Result:
    """Carry on, start again or cancel after a quiet spell."""
    key = inp.choice or parse.parse_choice(inp.text, IDLE_OPTIONS, IDLE_WORDS)
    if key == "carry_on":
        return _resume(flow, st, ctx)
    if key == "start_again":
        return start(flow.kind, ctx)
    if key == "cancel":
        return _cancelled()
    return _again(flow, st, ctx, texts.HINT_IDLE)


def _on_summary(flow: Flow, st: State, inp: UserInput, ctx: Context) -> Result:
    """Send, change an answer, or cancel."""
    key = inp.choice or parse.parse_choice(inp.text, SUMMARY_OPTIONS, SUMMARY_WORDS)
    if key == "send":
        return _file(flow, st, ctx)
    if key == "change":
        st["q"] = EDIT
        return Result(st, _ask(flow, st, ctx))
    if key == "cancel":
        return _cancelled()
    return _again(flow, st, ctx, texts.HINT_SUMMARY)


def _edit_options(flow: Flow, st: State) -> tuple[Option, ...]:
    """The answers someone may change: every answered step that the summary shows."""
    answers = dict(st["answers"])
    _prune(flow, answers)
    return tuple(
        Option(step.id, step.label)
        for step in flow.steps
        if step.id in answers and step.kind != "place_text"
    )


def _on_edit(flow: Flow, st: State, inp: UserInput, ctx: Context) -> Result:
    """Which answer to change: re-ask that step, then come back to the summary."""
    key = inp.choice or parse.parse_choice(inp.text, _edit_options(flow, st))
    if key is None or flow.step(key) is None:
        return _again(flow, st, ctx, texts.HINT_CHOICE)
    st["q"] = key
    st["flags"]["editing"] = True
    return Result(st, _ask(flow, st, ctx))


def _on_check(flow: Flow, st: State, inp: UserInput, ctx: Context) -> Result:
    """Yes or no to "Did you mean Coventry Street?"."""
    flags = st["flags"]
    guess = flags["guess"]
    origin = flow.step(str(guess["step"]))
    assert origin is not None
    if inp.choice is not None:
        yes: bool | None = inp.choice == "yes"
    else:
        key = parse.parse_choice(inp.text, YES_NO, cutoff=101)
        yes = (key == "yes") if key else parse.parse_yes_no(inp.text)
    if yes is None:
        return _again(flow, st, ctx, texts.HINT_CHECK_STREET)
    flags["guess"] = None
    typed = str(guess["typed"])
    if yes:
        street = next((s for s in ctx.streets if s.name == guess["street"]), None)
        if street is None:
            return _accept_place(flow, st, origin, typed, _words_place(typed), ctx)
        return _accept_place(flow, st, origin, typed, _street_place(street), ctx)
    flags["keep"] = {"typed": typed}
    if origin.kind == "place":
        # They are somewhere else than we guessed: ask for the street in other words.
        return _accept(flow, st, origin, "elsewhere", {}, ctx)
    st["q"] = origin.id
    return Result(st, _ask(flow, st, ctx))


# --- Steps ----------------------------------------------------------------------------------


def _letters(text: str) -> int:
    """How many letters and digits `text` holds."""
    return sum(c.isalnum() for c in text)


def _on_step(flow: Flow, step: Step, st: State, inp: UserInput, ctx: Context) -> Result:
    """Read the answer to an ordinary step, or explain what is needed and ask again."""
    text = (inp.text or "").strip()
    words = parse.normalise(text)
    if inp.choice == "skip" and step.optional:
        return _accept(flow, st, step, None, {}, ctx)
    if inp.photo is not None and step.kind != "photo":
        return _again(flow, st, ctx, texts.HINT_PHOTO_NOT_HERE)
    if inp.location is not None and step.kind not in ("place", "place_text"):
        return _again(flow, st, ctx, texts.HINT_LOCATION_NOT_HERE)
    if step.kind in ("place", "place_text"):
        return _on_place(flow, step, st, inp, ctx)
    if step.kind == "photo" and inp.photo is not None:
        photo = {"content_type": inp.photo.content_type, "source": inp.photo.source}
        return _accept(flow, st, step, photo, {}, ctx)
    if inp.choice is None:
        if not words:
            return _again(flow, st, ctx, _hint(step))
        if step.optional and words in SKIP_WORDS:
            return _accept(flow, st, step, None, {}, ctx)
        if not step.optional and words == "skip":
            return _again(flow, st, ctx, texts.HINT_NEEDED)

    if step.kind == "yes_no":
        if inp.choice is not None:
            return _accept(flow, st, step, inp.choice == "yes", {}, ctx)
        key = parse.parse_choice(text, _offered(flow, st, ctx), cutoff=101)
        yes = (key == "yes") if key else parse.parse_yes_no(text)
        if yes is None:
            return _again(flow, st, ctx, texts.HINT_YES_NO)
        return _accept(flow, st, step, yes, {}, ctx)

    if step.kind in ("choice", "count"):
        typed = inp.choice is None
        key = inp.choice if not typed else _typed_choice(flow, step, st, text, ctx)
        if key is None and step.typed_other and sum(c.isalpha() for c in text) >= 3:
            key = "other"
        if key is None:
            return _again(flow, st, ctx, _hint(step))
        extras: dict[str, JSON] = {}
        if typed and step.keep_text and not words.isdigit():
            extras[f"{step.id}_text"] = text[:MAX_TEXT]
        return _accept(flow, st, step, key, extras, ctx)

    if step.kind == "when":
        return _on_when(flow, step, st, inp, ctx)

    if step.kind == "money":
        value = parse.parse_money(text)
        if value is None and not parse.is_unknown(text):
            return _again(flow, st, ctx, texts.HINT_VALUE)
        return _accept(flow, st, step, value, {"value_text": text[:MAX_TEXT]}, ctx)

    if step.kind == "crn":
        ref = parse.parse_crn(text)
        if ref is None:
            return _again(flow, st, ctx, texts.HINT_CRN)
        return _accept(flow, st, step, ref, {}, ctx)

    if step.kind == "plate":
        plate = " ".join(text.upper().replace("-", " ").split())
        if not re.fullmatch(r"[A-Z0-9 ]{1,12}", plate) or not 1 <= _letters(plate) <= 8:
            return _again(flow, st, ctx, texts.HINT_PLATE)
        return _accept(flow, st, step, plate, {}, ctx)

    if step.kind == "photo":
        return _again(flow, st, ctx, texts.HINT_PHOTO)

    # Free text.
    if _letters(text) < step.min_len or not any(c.isalpha() for c in text):
        return _again(flow, st, ctx, texts.HINT_TEXT_SHORT)
    return _accept(flow, st, step, text[:MAX_TEXT], {}, ctx)


def _hint(step: Step) -> str:
    """What to say when a step's answer cannot be used."""
    return {
        "yes_no": texts.HINT_YES_NO,
        "choice": texts.HINT_CHOICE,
        "count": texts.HINT_OFFENDERS,
        "when": texts.HINT_WHEN,
        "place": texts.HINT_WHERE,
        "place_text": texts.HINT_WHERE,
        "money": texts.HINT_VALUE,
        "crn": texts.HINT_CRN,
        "plate": texts.HINT_PLATE,
        "photo": texts.HINT_PHOTO,
    }.get(step.kind, texts.HINT_EMPTY)


def _typed_choice(flow: Flow, step: Step, st: State, text: str, ctx: Context) -> str | None:
    """The option typed words name: exact words first, then yes/no words, then typos."""
    offered = _offered(flow, st, ctx)
    aliases = dict(step.aliases)
    words = parse.normalise(text)
    if step.kind == "count":
        number = re.match(r"(\d+)\b", words)
        if number:
            n = int(number.group(1))
            if n == 0:
                return None
            return str(n) if n <= 3 else "4_or_more"
    key = parse.parse_choice(text, offered, aliases, cutoff=101)
    if key is not None:
        return key
    keys = {o.key for o in offered}
    if {"yes", "no"} <= keys:
        yes = parse.parse_yes_no(text)
        if yes is not None:
            return "yes" if yes else "no"
    # Where unmatched words are kept as "other", only a close match may override them.
    cutoff = 90.0 if step.typed_other else parse.CHOICE_CUTOFF
    return parse.parse_choice(text, offered, aliases, cutoff=cutoff)


def _on_when(flow: Flow, step: Step, st: State, inp: UserInput, ctx: Context) -> Result:
    """A time in the last 30 days, kept as ISO plus the words typed."""
    text = (inp.text or "").strip()
    if inp.choice == "now":
        when: datetime | None = ctx.now.astimezone(ctx.tz)
        text = texts.JUST_NOW
    else:
        when = parse.parse_when(text, ctx.now, ctx.tz)
    if when is None:
        day_only = _DAY_WORDS.search(parse.normalise(text))
        return _again(flow, st, ctx, texts.HINT_WHEN_DAY_ONLY if day_only else texts.HINT_WHEN)
    if when > ctx.now + FUTURE_SLACK:
        return _again(flow, st, ctx, texts.HINT_WHEN_FUTURE)
    if when < ctx.now - MAX_AGE:
        return _again(flow, st, ctx, texts.HINT_WHEN_TOO_OLD)
    when = min(when, ctx.now.astimezone(ctx.tz))
    return _accept(flow, st, step, when.isoformat(), {f"{step.id}_text": text[:MAX_TEXT]}, ctx)


# --- Places ---------------------------------------------------------------------------------


def _shop_place(ctx: Context) -> dict[str, JSON]:
    """The reporter's own shop as a place."""
    return {
        "location": ctx.shop_name,
        "street": ctx.shop_street,
        "latitude": None,
        "longitude": None,
    }


def _street_place(street: Street) -> dict[str, JSON]:
    """A matched street as a place."""
    return {
        "location": street.name,
        "street": street.name,
        "latitude": street.latitude,
        "longitude": street.longitude,
    }


def _words_place(words: str) -> dict[str, JSON]:
    """The person's own words as a place, matched to no street."""
    return {"location": words[:MAX_TEXT], "street": None, "latitude": None, "longitude": None}


def _accept_place(
    flow: Flow, st: State, step: Step, typed: str, place: dict[str, JSON], ctx: Context
) -> Result:
    """Store a typed place on either place step."""
    if step.kind == "place":
        return _accept(flow, st, step, "typed", {**place, f"{step.id}_text": typed}, ctx)
    return _accept(flow, st, step, typed[:MAX_TEXT], place, ctx)


def _on_place(flow: Flow, step: Step, st: State, inp: UserInput, ctx: Context) -> Result:
    """Where: the shop, somewhere else, a typed street or landmark, or a shared location."""
    flags = st["flags"]
    if inp.choice == "shop":
        return _accept(flow, st, step, "shop", _shop_place(ctx), ctx)
    if inp.choice == "elsewhere":
        return _accept(flow, st, step, "elsewhere", {}, ctx)
    if inp.choice == "keep":
        typed = str((flags.get("keep") or {}).get("typed", ""))
        return _accept_place(flow, st, step, typed, _words_place(typed), ctx)
    if inp.location is not None:
        lat, lon = inp.location.latitude, inp.location.longitude
        if not (
            isinstance(lat, int | float)
            and isinstance(lon, int | float)
            and math.isfinite(lat)
            and math.isfinite(lon)
            and -90 <= lat <= 90
            and -180 <= lon <= 180
        ):
            return _again(flow, st, ctx, texts.HINT_WHERE)
        near = parse.nearest_street(lat, lon, ctx.streets)
        where = (inp.location.address or "").strip()[:MAX_TEXT] or f"{lat:.5f}, {lon:.5f}"
        place: dict[str, JSON] = {
            "location": where,
            "street": near.name if near else None,
            "latitude": float(lat),
            "longitude": float(lon),
        }
        value = "shared" if step.kind == "place" else where
        return _accept(flow, st, step, value, place, ctx)

    text = (inp.text or "").strip()[:MAX_TEXT]
    if not text:
        return _again(flow, st, ctx, texts.HINT_WHERE)
    offered = _offered(flow, st, ctx)
    aliases = dict(step.aliases)
    if step.kind == "place":
        key = parse.parse_choice(text, offered, aliases, cutoff=101)
        if key in ("shop", "elsewhere"):
            return _on_place(flow, step, st, UserInput(choice=key), ctx)
        if parse.parse_yes_no(text) is not None:
            return _again(flow, st, ctx, texts.HINT_CHOICE)
    match = parse.match_street(text, ctx.streets)
    if match.street is not None and match.sure:
        return _accept_place(flow, st, step, text, _street_place(match.street), ctx)
    if step.kind == "place":
        # A typo of a button ("somwhere else") counts only when it is a close one.
        key = parse.parse_choice(text, offered, aliases, cutoff=88)
        if key in ("shop", "elsewhere"):
            return _on_place(flow, step, st, UserInput(choice=key), ctx)
    if match.street is not None:
        flags["guess"] = {"step": step.id, "street": match.street.name, "typed": text}
        st["q"] = f"{step.id}{CHECK}"
        return Result(st, _ask(flow, st, ctx))
    if sum(c.isalpha() for c in text) >= 3:
        return _accept_place(flow, st, step, text, _words_place(text), ctx)
    return _again(flow, st, ctx, texts.HINT_WHERE)


# --- Summary and filing ---------------------------------------------------------------------


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    """One answer in plain words for the summary."""
    value = answers.get(step.id)
    if step.kind == "money":
        return f"£{value:,.2f}" if isinstance(value, int | float) else texts.NOT_KNOWN
    if step.kind == "place":
        if value == "shop":
            return texts.AT_SHOP_SUMMARY.replace("{shop}", ctx.shop_name)
        location = str(answers.get("location") or "")
        street = answers.get("street")
        if street and street != location:
            return texts.NEAR_STREET.replace("{location}", location).replace(
                "{street}", str(street)
            )
        return location
    if value is None:
        return texts.SKIPPED
    if step.kind == "yes_no":
        return texts.YES if value else texts.NO
    if step.kind in ("choice", "count"):
        label = next(
            (o.label.replace("{shop}", ctx.shop_name) for o in step.options if o.key == value),
            str(value),
        )
        typed = answers.get(f"{step.id}_text")
        if step.keep_text and isinstance(typed, str):
            if parse.normalise(typed) != parse.normalise(label) and not flow.step(
                f"{step.id}_text"
            ):
                return f"{label} ({typed})"
        return label
    if step.kind == "when":
        try:
            return parse.format_time(datetime.fromisoformat(str(value)), ctx.tz)
        except ValueError:
            return str(value)
    if step.kind == "photo":
        return texts.PHOTO_ATTACHED
    return str(value)


def describe(
    kind: str, answers: dict[str, JSON], ctx: Context, only: tuple[str, ...] | None = None
) -> list[str]:
    """A filed report's answers as "Label: value" lines, the same words as its summary."""
    flow = FLOWS.get(kind)
    if flow is None:
        return []
    return [
        f"{step.label}: {_show(flow, step, answers, ctx)}"
        for step in flow.steps
        if step.in_summary and step.id in answers and (only is None or step.id in only)
    ]


def _summary_text(flow: Flow, st: State, ctx: Context) -> str:
    """Every answer in plain words, then the question whether to send."""
    answers = dict(st["answers"])
    _prune(flow, answers)
    lines = [texts.SUMMARY_HEAD, "", *describe(flow.kind, answers, ctx), "", texts.SUMMARY_ASK]
    return "\n".join(lines)


def _number(value: object) -> float | None:
    """A finite float, or None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _file(flow: Flow, st: State, ctx: Context) -> Result:
    """The finished report; the dispatcher thanks the person, so no message here."""
    _to_summary(flow, st)
    if st["q"] != SUMMARY:
        return Result(st, _ask(flow, st, ctx))
    answers = st["answers"]
    try:
        occurred_at = datetime.fromisoformat(str(answers.get("when")))
        if occurred_at.tzinfo is None:
            raise ValueError("naive time")
        occurred_at = occurred_at.astimezone(ctx.tz)
    except ValueError:
        answers.pop("when", None)
        _to_summary(flow, st)
        return Result(st, [Outbound(texts.HINT_WHEN), *_ask(flow, st, ctx)])
    photo = answers.get("photo")
    attachments: tuple[Photo, ...] = ()
    if isinstance(photo, dict) and "source" in photo:
        attachments = (Photo(str(photo.get("content_type", "")), str(photo["source"])),)
    street = answers.get("street")
    report = Report(
        kind=flow.kind,
        answers=copy.deepcopy(answers),
        occurred_at=occurred_at,
        location=str(answers.get("location") or ctx.shop_name),
        street=street if isinstance(street, str) else None,
        latitude=_number(answers.get("latitude")),
        longitude=_number(answers.get("longitude")),
        attachments=attachments,
    )
    return Result(None, [], "filed", report)
