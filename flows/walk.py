"""Moving through one flow: asking the current question, storing answers, going on or back."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flows import texts
from flows.filing import file
from flows.flow import Flow, Step
from flows.kinds import EDIT, READERS, SUMMARY, special_for
from flows.model import JSON, Context, Option, Outbound, Result, UserInput
from flows.numbering import by_number
from flows.reading.words import normalise
from flows.state import FlowState
from flows.template import fill

# Generous: one chat message is at most 4,096 characters; longer pastes are cut, and said so.
MAX_TEXT = 4000
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


def begin(flow: Flow, ctx: Context, answers: dict[str, JSON] | None = None) -> Result:
    """A new conversation in `flow`: fresh state, its opening line and its first question.

    `answers` seeds what is known before it starts (the case an addition is for, who is
    reporting lost property); a step already answered so is not asked.
    """
    known = dict(answers or {})
    first = first_open(flow, known)
    st = FlowState(kind=flow.kind, q=first or SUMMARY, answers=known, last_at=ctx.now)
    walk = Walk(flow, st, ctx)
    return walk.result(Outbound(flow.intro)) if flow.intro else walk.result()


def cancelled(flow: Flow | None = None) -> Result:
    """The end of a conversation the person cancelled, saying how to start it again."""
    again = flow.again_text if flow else texts.START_NEW
    return Result(None, [Outbound(f"{texts.CANCELLED} {again}")], "cancelled")


def broken() -> Result:
    """The end of a conversation whose state could not be read."""
    return Result(None, [Outbound(f"{texts.BROKEN} {texts.START_NEW}")], "cancelled")


@dataclass
class Walk:
    """One step of one conversation: the flow, its state (changed in place) and the world."""

    flow: Flow
    st: FlowState
    ctx: Context

    # --- asking ---------------------------------------------------------------------------

    def shop(self, text: str) -> str:
        """`text` with the reporter's shop (and the case it is about, if any) filled in."""
        ref = self.st.answers.get("ref")
        return fill(text, shop=self.ctx.shop_name, ref=ref if isinstance(ref, str) else "")

    def offered(self) -> tuple[Option, ...]:
        """The options shown with the current question (buttons, or a numbered list)."""
        special = special_for(self.st.q)
        if special is not None:
            return special.options(self)
        step = self.flow.step(self.st.q)
        if step is None:
            return ()
        reader = READERS[step.kind]
        if reader.options is not None:
            opts = reader.options(self, step)
        else:
            opts = tuple(Option(o.key, self.shop(o.label)) for o in step.options)
        if step.optional and "skip" not in {o.key for o in opts}:
            opts = (*opts, Option("skip", texts.SKIP))
        return opts

    def ask(self) -> list[Outbound]:
        """The message that asks the current question."""
        q = self.st.q
        special = special_for(q)
        if special is not None:
            return [Outbound(special.prompt(self), options=self.offered(), question=q)]
        step = self.flow.step(q)
        assert step is not None, f"{self.flow.kind} has no question {q!r}"
        reader = READERS[step.kind]
        prompt = reader.prompt(self, step) if reader.prompt is not None else step.prompt
        return [
            Outbound(
                self.shop(prompt),
                options=self.offered(),
                request_location=reader.takes_location,
                question=q,
            )
        ]

    def result(self, *first: Outbound) -> Result:
        """The state as it is now, with `first` sent before the current question."""
        return Result(self.st.to_json(), [*first, *self.ask()])

    def again(self, hint: str) -> Result:
        """A short hint, then the same question again."""
        return self.result(Outbound(hint))

    def goto(self, q: str) -> Result:
        """Ask question `q` next."""
        self.st.q = q
        return self.result()

    def valid(self, q: str) -> bool:
        """Whether the state can be waiting on question `q` of this flow."""
        special = special_for(q)
        if special is not None:
            return special.valid(self, q)
        return self.flow.step(q) is not None

    # --- reading --------------------------------------------------------------------------

    def read(self, inp: UserInput) -> Result:
        """Hand the input to whatever is being asked.

        A number that is one of the shown options means that option, on every kind of
        question ("1" at "When? 1. Just now" is just now, not 01:00).
        """
        if inp.choice is None and inp.text:
            key = by_number(inp.text, self.offered())
            if key is not None:
                inp = replace(inp, text="", choice=key, question=self.st.q)
        if len(inp.text) > MAX_TEXT:
            # Kept, not refused: say so, so nobody thinks the end of it reached the police.
            result = self.read(replace(inp, text=inp.text[:MAX_TEXT]))
            note = Outbound(fill(texts.TEXT_KEPT, kept=f"{MAX_TEXT:,}"))
            return Result(result.state, [note, *result.messages], result.outcome, result.report)
        special = special_for(self.st.q)
        if special is not None:
            return special.read(self, inp)
        step = self.flow.step(self.st.q)
        assert step is not None, f"{self.flow.kind} has no question {self.st.q!r}"
        reader = READERS[step.kind]
        if inp.choice == "skip" and step.optional:
            return self.accept(step, None)
        if inp.photo is not None and not reader.takes_photo:
            return self.again(texts.HINT_PHOTO_NOT_HERE)
        if inp.location is not None and not reader.takes_location:
            return self.again(texts.HINT_LOCATION_NOT_HERE)
        if reader.takes_location or inp.photo is not None:
            return reader.read(self, step, inp)
        if inp.choice is None:
            words = normalise(inp.text or "")
            if not words:
                return self.again(reader.hint)
            if step.optional and words in SKIP_WORDS and not self.st.collected:
                return self.accept(step, None)
            if not step.optional and words == "skip":
                return self.again(texts.HINT_NEEDED)
        return reader.read(self, step, inp)

    # --- moving between questions ---------------------------------------------------------

    def accept(self, step: Step, value: JSON, extras: dict[str, JSON] | None = None) -> Result:
        """Store an answer (and what goes with it), then ask whatever comes next."""
        extras = extras or {}
        answers, st, flow = self.st.answers, self.st, self.flow
        answers.pop(f"{step.id}_text", None)
        st.collected, st.window = [], None
        if st.editing:
            clear_dependents(flow, answers, step.id)
        answers[step.id] = value
        answers.update(extras)
        first: list[Outbound] = []
        if step.alert is not None and value == step.alert[0]:
            first.append(Outbound(step.alert[1]))
        if st.editing:
            missing = first_open(flow, answers)
            if missing is None:
                self.to_summary()
            else:
                st.q = missing
        else:
            st.history.append(step.id)
            start_at = flow.index(step.next) if step.next else flow.index(step.id) + 1
            nxt = next_step(flow, answers, start_at)
            while nxt is not None and nxt in extras:
                # This very answer also answered the follow-up (typed "other" words): skip it.
                nxt = next_step(flow, answers, flow.index(nxt) + 1)
            if nxt is None and not flow.confirm:
                return file(self)
            if nxt is None:
                self.to_summary()
            else:
                st.q = nxt
        return self.result(*first)

    def to_summary(self) -> None:
        """Go to the summary, or first to any question that still needs an answer."""
        prune(self.flow, self.st.answers)
        missing = first_open(self.flow, self.st.answers)
        if missing is not None:
            self.st.q = missing
            # Answering it should come back to the summary, as with any change.
            self.st.editing = True
            return
        self.st.q = SUMMARY
        self.st.editing = False

    def back(self) -> Result:
        """The previous question (or, while changing an answer, the list of answers)."""
        self.st.keep = None
        special = special_for(self.st.q)
        if special is not None and special.back is not None:
            return special.back(self)
        if self.st.editing:
            return self.goto(EDIT)
        if not self.st.history:
            return self.again(texts.FIRST_QUESTION)
        return self.goto(self.st.history.pop())


def next_step(flow: Flow, answers: dict[str, JSON], start_at: int) -> str | None:
    """The first step from position `start_at` on whose condition holds."""
    for step in flow.steps[max(start_at, 0) :]:
        if step.condition is None or step.condition.holds(answers):
            return step.id
    return None


def prune(flow: Flow, answers: dict[str, JSON]) -> None:
    """Drop answers to conditional steps whose condition no longer holds (in flow order)."""
    for step in flow.steps:
        if step.condition is not None and not step.condition.holds(answers):
            answers.pop(step.id, None)
            answers.pop(f"{step.id}_text", None)


def clear_dependents(flow: Flow, answers: dict[str, JSON], parent: str) -> None:
    """Forget the answers to steps asked because of `parent`, so a changed answer re-asks them."""
    for step in flow.steps:
        if step.condition is not None and step.condition.step == parent and step.id in answers:
            answers.pop(step.id, None)
            clear_dependents(flow, answers, step.id)


def first_open(flow: Flow, answers: dict[str, JSON]) -> str | None:
    """The first step that should be answered but is not."""
    for step in flow.steps:
        if (step.condition is None or step.condition.holds(answers)) and step.id not in answers:
            return step.id
    return None
