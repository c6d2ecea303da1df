"""The tables. Times are aware UTC; JSON columns hold plain JSON values only."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class Bid(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=5, unique=True)
    name: str = Field(max_length=120)
    # Case numbers are handed out by incrementing this in the filing transaction.
    last_case_number: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The BID's own Telegram bot and WhatsApp sender (platform limits are per bot and per
    # sender); unset: the deployment's. Secrets are never logged and masked when shown.
    telegram_token: str | None = Field(default=None, max_length=100)
    telegram_secret: str | None = Field(default=None, max_length=256)
    telegram_path: str | None = Field(default=None, max_length=100)
    telegram_username: str | None = Field(default=None, max_length=64)  # for t.me invite links
    whatsapp_from: str | None = Field(default=None, max_length=64)
    twilio_account_sid: str | None = Field(default=None, max_length=64)
    twilio_auth_token: str | None = Field(default=None, max_length=100)


class Street(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("bid_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id", index=True)
    name: str = Field(max_length=120)
    latitude: float | None = None
    longitude: float | None = None


class Shop(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("bid_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id", index=True)
    name: str = Field(max_length=120)
    street: str = Field(max_length=120)
    # As flows/reading/hours.py writes them ("Mon-Sat 09:00-21:00, Sun 12:00-18:00"), if known.
    opening_hours: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id", index=True)
    role: str = Field(max_length=16)
    shop_id: int | None = Field(default=None, foreign_key="shop.id")
    display_name: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set when they leave or a manager removes them: they are then a stranger to the bot.
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Identity(SQLModel, table=True):
    """One way to reach a member: a Telegram chat, a WhatsApp number, a console handle."""

    __table_args__ = (UniqueConstraint("channel", "address"),)
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    channel: str = Field(max_length=16)
    address: str = Field(max_length=64)
    last_inbound_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable: bool = False
    # Set when they send stop (WhatsApp's STOP too): nothing is sent until they send start.
    stopped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Telegram: the last message queued to this chat asked for a location, so its reply
    # keyboard shows until the next one removes it. Kept here, not in a process's memory, so
    # that whichever process sends the next message knows (set as each message is queued).
    location_keyboard: bool = False


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    bid_id: int = Field(foreign_key="bid.id")
    role: str = Field(max_length=16)
    shop_id: int | None = Field(default=None, foreign_key="shop.id")
    uses_left: int = 1
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Conversation(SQLModel, table=True):
    """Where one identity is in a flow. `version` guards against two messages at once."""

    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id", unique=True)
    state: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    version: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("bid_id", "number"),
        Index("ix_case_bid_status", "bid_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=16, unique=True)
    bid_id: int = Field(foreign_key="bid.id")
    number: int
    kind: str = Field(max_length=32)
    status: str = Field(default="new", max_length=16)
    outcome: str | None = Field(default=None, max_length=16)
    crn: str | None = Field(default=None, max_length=20)
    shop_id: int = Field(foreign_key="shop.id", index=True)
    reporter_id: int = Field(foreign_key="member.id", index=True)
    channel: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    location: str = Field(max_length=300)
    street: str | None = Field(default=None, max_length=120)
    latitude: float | None = None
    longitude: float | None = None
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    last_police_action_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_reminder_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CaseEvent(SQLModel, table=True):
    """A status change or message on a case: who, when, what."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    author_id: int | None = Field(default=None, foreign_key="member.id")
    author_role: str = Field(max_length=16)
    action: str = Field(max_length=16)
    text: str = ""
    status: str = Field(max_length=16)


class Outbox(SQLModel, table=True):
    """A message to send, written in the same transaction as whatever caused it."""

    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The sender's "is an earlier message to this person still unsent?" check.
        Index("ix_outbox_recipient", "channel", "address", "status"),
        # WhatsApp messages sent whose status Twilio never reported (a lost callback).
        Index("ix_outbox_unconfirmed", "channel", "delivery_status", "sent_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    # None for people not registered yet, who are still answered (kindly) on their channel.
    identity_id: int | None = Field(default=None, foreign_key="identity.id", index=True)
    channel: str = Field(max_length=16)
    address: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=Column(JSON))
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    # Parts of a split message already delivered: a retry or a restart sends only the rest.
    parts_sent: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    provider_id: str | None = Field(default=None, max_length=64, index=True)
    delivery_status: str | None = Field(default=None, max_length=16)
    error: str | None = Field(default=None, max_length=300)
    # hardening: set just before part `parts_sent` is handed to the platform, cleared when the
    # answer is recorded; still set after a crash, the part is in doubt (sent or not?).
    attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class InboundSeen(SQLModel, table=True):
    """Inbound deliveries already processed (Telegram update_id, Twilio MessageSid)."""

    __tablename__ = "inbound_seen"

    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InboundQueued(SQLModel, table=True):
    """A message received and acknowledged to its platform but not yet handled: written
    before the webhook answers, deleted in the transaction that handles it."""

    __tablename__ = "inbound_queue"
    __table_args__ = (Index("ix_inbound_queue_person", "channel", "address", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    address: str = Field(max_length=64)
    message: dict[str, Any] = Field(sa_column=Column(JSON))  # the Inbound, and a button's
    received_at: datetime = Field(sa_type=UTCDateTime)
    # Taken by no other process before then: the one that received it handles it at once.
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    attempts: int = 0


class AuditLog(SQLModel, table=True):
    """Who saw or did what with personal details, and every refused command."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    member_id: int | None = Field(default=None, foreign_key="member.id")
    identity_id: int | None = Field(default=None, foreign_key="identity.id")
    action: str = Field(max_length=32)
    detail: str = Field(default="", max_length=300)
    allowed: bool = False
    # The case read or acted on, when there is one (`shopwatch audit --case WE-0042`).
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)


class StoredFile(SQLModel, table=True):
    """A photo someone sent, to be fetched from its platform into the attachment store."""

    __tablename__ = "stored_file"
    __table_args__ = (UniqueConstraint("channel", "source"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    source: str = Field(max_length=500)  # Telegram file_id or WhatsApp media URL
    content_type: str = Field(max_length=100)
    path: str | None = Field(default=None, max_length=300)  # set once fetched
    size: int | None = None
    attempts: int = 0
    error: str | None = Field(default=None, max_length=300)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # --- media (migration 0010): the case it belongs to (only those are served by signed
    # URL), and the Telegram file_id it has on one bot, reused only by that bot.
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    telegram_file_id: str | None = Field(default=None, max_length=200)
    telegram_bot: str | None = Field(default=None, max_length=32)
    # --- migration 0012: a photo the product sends on to others (an alert's photo), so it may
    # be served by signed link like a case's photos.
    shared: bool = False


# --- Privacy: retention settings per BID, and what has been anonymised -----------------------


class RetentionRule(SQLModel, table=True):
    """How many days one kind of personal data is kept (`what`: "cases", "members" …).

    `bid_id` None is the setting for every BID without its own; with no row at all the
    retention registry's default applies.
    """

    __tablename__ = "retention_rule"
    __table_args__ = (UniqueConstraint("bid_id", "what"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int | None = Field(default=None, foreign_key="bid.id")
    what: str = Field(max_length=32)
    days: int
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Anonymised(SQLModel, table=True):
    """A row whose personal details were removed (by retention or erasure), and when."""

    __tablename__ = "anonymised"
    __table_args__ = (UniqueConstraint("what", "row_id"),)
    id: int | None = Field(default=None, primary_key=True)
    what: str = Field(max_length=32)  # "case", "member", "placeholder" …
    row_id: int
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- Linked incidents (issue 12) ---------------------------------------------------------------


class CaseLink(SQLModel, table=True):
    """A case joined with others that tell of the same incident.

    Every case of a group has a row; `group_id` is the id of the group's earliest case, so a
    group is counted once as `coalesce(case_link.group_id, cases.id)`.
    """

    __tablename__ = "case_link"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    group_id: int = Field(foreign_key="cases.id", index=True)
    # Set when the case was closed as a duplicate of another one of the group.
    duplicate_of: int | None = Field(default=None, foreign_key="cases.id")
    linked_by: int | None = Field(default=None, foreign_key="member.id")
    linked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- Keeping the BID informed: preferences, digests, broadcasts, hot spots, lessons ------------


class MemberPreference(SQLModel, table=True):
    """What one member wants to hear about, and when not to be disturbed; absent = defaults."""

    __tablename__ = "member_preference"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", unique=True)
    # Topics turned off ("event", "poll" …) and crime kinds whose alerts are off.
    topics_off: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    kinds_off: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # Officers: the streets whose new-case alerts they get; empty means every street.
    streets: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # Quiet hours as minutes after midnight, London time; both None means none.
    quiet_from: int | None = None
    quiet_to: int | None = None
    # Managers: "weekly", "daily" or "off"; when the last pushed digest went.
    digest: str = Field(default="weekly", max_length=8)
    digest_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Broadcast(SQLModel, table=True):
    """An alert, event or poll sent to many members of a BID; kept for the digest."""

    __table_args__ = (Index("ix_broadcast_bid_created", "bid_id", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id")
    kind: str = Field(max_length=8)  # alert, event, poll
    sender_id: int = Field(foreign_key="member.id")
    text: str = Field(max_length=1000)
    # Who it was for, as understood: {"all": true} or {"streets": [...], "kind": ..., ...}.
    target: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # a poll's
    photo: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # Waiting for the sender to confirm where it goes ("Did you mean Coventry Street?").
    draft: bool = False
    shops: int = 0  # shops reached
    people: int = 0  # people it was queued for
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    results_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BroadcastRecipient(SQLModel, table=True):
    """One member a broadcast was sent to: what their free reply may be answering."""

    __tablename__ = "broadcast_recipient"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "member_id"),
        Index("ix_broadcast_recipient_member", "member_id", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(foreign_key="broadcast.id")
    member_id: int = Field(foreign_key="member.id")
    shop_id: int | None = Field(default=None, foreign_key="shop.id")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BroadcastAnswer(SQLModel, table=True):
    """A member's answer to a poll (the option's number) or an event ("going"): one each."""

    __tablename__ = "broadcast_answer"
    __table_args__ = (UniqueConstraint("broadcast_id", "member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(foreign_key="broadcast.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    answer: str = Field(max_length=32)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BroadcastReply(SQLModel, table=True):
    """A recipient's reply to an alert, passed on to its sender as a thread."""

    __tablename__ = "broadcast_reply"
    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(foreign_key="broadcast.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    text: str = Field(max_length=1000)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Hotspot(SQLModel, table=True):
    """Several reports of one kind close together in a short time: alerted once."""

    __table_args__ = (Index("ix_hotspot_bid_kind_last", "bid_id", "kind", "last_at"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id")
    kind: str = Field(max_length=32)
    latitude: float
    longitude: float
    place: str | None = Field(default=None, max_length=120)  # the street it centres on
    case_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    first_at: datetime = Field(sa_type=UTCDateTime)  # when the earliest report happened
    last_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CaseFollowUp(SQLModel, table=True):
    """Work after a filing that the reporter's reply does not wait for (the duplicate hint,
    the hot-spot check, the tips offer): written with the case; each step is recorded done in
    the transaction that does it, and the row deleted with the last, so a crash does a step
    again rather than never, and a committed step is never done twice."""

    __tablename__ = "case_follow_up"
    case_id: int = Field(foreign_key="cases.id", primary_key=True)
    identity_id: int | None = Field(default=None, foreign_key="identity.id")  # filed from
    filed_at: datetime = Field(sa_type=UTCDateTime)
    # Not swept before then: the process that filed it runs it at once, and a retry waits.
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    attempts: int = 0
    done: str = Field(default="", max_length=300)  # the steps done, each in its own transaction


class LessonProgress(SQLModel, table=True):
    """How far a member is through one lesson, and whether they finished it."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("member_id", "lesson"),)
    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    bid_id: int = Field(foreign_key="bid.id")
    lesson: str = Field(max_length=32)
    step: int = 0  # messages shown so far; past the last one the question is waiting
    correct: bool | None = None  # their answer to the question, once given
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ScheduledPush(SQLModel, table=True):
    """A push held back until `due_at` (quiet hours, an offer made a little later); the
    scheduler moves it into the outbox then, unless the person has sent stop meanwhile."""

    __tablename__ = "scheduled_push"
    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id")
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    payload: dict[str, Any] = Field(sa_column=Column(JSON))
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# The digest counts a BID's reports by when they were filed, and finds each case's first
# police action, without reading every case.
Index("ix_cases_bid_created", Case.__table__.c.bid_id, Case.__table__.c.created_at)  # type: ignore[attr-defined]
Index(
    "ix_case_event_first_action",
    CaseEvent.__table__.c.case_id,  # type: ignore[attr-defined]
    CaseEvent.__table__.c.author_role,  # type: ignore[attr-defined]
    CaseEvent.__table__.c.at,  # type: ignore[attr-defined]
)


# --- Property goes home: found items, lost reports, stolen items, and their matches ------------


_PREFILTER = (
    *("bid_id", "side", "category", "status", "at"),
    *("colour_mask", "marks", "traits", "reading", "latitude", "longitude"),
)


class PropertyItem(SQLModel, table=True):
    """One item on either side of a match: found (held by a shop or the police), lost (a
    report by its owner, or by staff for a customer), or stolen (one item of a crime report).

    `category`, `at` and `colour_mask` are the matcher's prefilter, kept as columns so SQL
    narrows the candidates before any text is compared; `features` is the matcher's reading
    of the text (by reader `reading`; 0 or another reader's: read the text again), and
    `marks` and `traits` bound a candidate's weight from the index alone
    (flows/property/stored.py). Status: found `held`, `matched`,
    `returned`, `handed`, `disposed`; lost `open`, `matched`, `returned`, `expired`; stolen
    `open`, `matched`, `closed`.
    """

    __tablename__ = "property_item"
    __table_args__ = (
        UniqueConstraint("bid_id", "side", "number"),
        # The prefilter: a BID's open items of one side and category, in a window of time,
        # with what bounds each one's weight, so the first pass reads the index alone.
        Index("ix_property_prefilter", *_PREFILTER),
    )
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id")
    side: str = Field(max_length=8)  # "found", "lost", "stolen"
    ref: str = Field(max_length=24, unique=True)  # WE-0042 (found), WE-L-0012, WE-0042/1
    number: int  # per BID and side: the lost report's number, the case's, the item's
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    shop_id: int | None = Field(default=None, foreign_key="shop.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    held_by: str = Field(default="", max_length=16)  # found: "shop", "police", "other"
    category: str = Field(max_length=16)
    text: str = Field(max_length=500)
    contact: str | None = Field(default=None, max_length=120)  # a customer's, given to staff
    street: str | None = Field(default=None, max_length=120)
    latitude: float | None = None
    longitude: float | None = None
    at: datetime = Field(sa_type=UTCDateTime)  # found, lost or taken
    colour_mask: int = 0
    features: str = Field(default="", sa_type=Text)
    marks: int = Field(default=0, sa_type=BigInteger)
    traits: int = 0
    reading: int = 0
    status: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PropertyMatch(SQLModel, table=True):
    """A found item that may be someone's lost or stolen one, and how it is being settled.

    `expected` is the finder's record the owner's answer is checked against: never shown to
    the owner. State: `asked` (owner asked the question), `answered` (with the holder to
    decide), `officer` (a stolen item, with the case's officer), `confirmed`, `rejected`,
    `returned`, `closed`.
    """

    __tablename__ = "property_match"
    __table_args__ = (UniqueConstraint("found_id", "other_id"),)
    id: int | None = Field(default=None, primary_key=True)
    bid_id: int = Field(foreign_key="bid.id", index=True)
    found_id: int = Field(foreign_key="property_item.id", index=True)
    other_id: int = Field(foreign_key="property_item.id", index=True)
    score: float
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    against: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    question_key: str | None = Field(default=None, max_length=32)
    question: str | None = Field(default=None, max_length=200)
    expected: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    asked: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # Earlier questions and answers when a first answer was unsure: [{question, answer}].
    earlier: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    answer: str | None = Field(default=None, max_length=300)
    verdict: str | None = Field(default=None, max_length=8)  # "pass", "fail", "unsure"
    state: str = Field(max_length=16)
    code: str | None = Field(default=None, max_length=8)  # the handover code, once confirmed
    decided_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- perf (issue 13): indexes the per-message and per-report queries need on a large database.
# A filed report looks for cases of its kind near it in time (duplicates, links, hot spots):
# by BID, kind and when it happened, not every case the BID ever had.
Index(
    "ix_cases_bid_kind_occurred",
    Case.__table__.c.bid_id,  # type: ignore[attr-defined]
    Case.__table__.c.kind,  # type: ignore[attr-defined]
    Case.__table__.c.occurred_at,  # type: ignore[attr-defined]
)
# The officers (or managers) of a BID, told of every new report.
Index("ix_member_bid_role", Member.__table__.c.bid_id, Member.__table__.c.role)  # type: ignore[attr-defined]
