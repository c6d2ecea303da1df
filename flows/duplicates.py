"""Likely duplicates: earlier reports of one BID that may tell of the same incident as a new one.

Pure and explainable: each pair of reports gets a score from a handful of signals that an
officer would weigh too (kinds, minutes apart, metres apart, shared words, plate, vehicle colour,
shop), added as log-odds, and the reasons that carried it, in words. The weights were tuned on
tests/data/incident_pairs.json; bench/duplicates.py prints precision and recall.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flows import texts
from flows.duplicate_words import (
    Words,
    colours,
    is_stopword,
    item_set,
    plate_overlap,
    read_word,
    tokens_of,
    vague_time,
    victim_sex,
)
from flows.model import JSON, Street
from flows.reading.streets import distance_m
from flows.template import fill

THRESHOLD = 0.6  # a little above even odds: a wrong suggestion costs an officer more than a miss
WINDOW_MINUTES = 180  # people's estimates drift, but not by more than this
FAR_METRES = 900.0  # beyond this two reports are of different places
CRIME_KINDS = ("shoplifting", "begging_asb", "moped_snatch", "theft")

# Log-odds of "same incident" for kinds told apart: how often one incident is reported as both.
_KIND_PAIRS: dict[frozenset[str], float] = {
    frozenset({"moped_snatch", "theft:bag_phone"}): -0.3,
    frozenset({"moped_snatch", "theft:other"}): -0.8,
    frozenset({"moped_snatch", "theft:pickpocket"}): -1.2,
    frozenset({"moped_snatch", "theft:smash_grab"}): -1.2,
    frozenset({"shoplifting", "theft:other"}): -0.8,
    frozenset({"shoplifting", "theft:smash_grab"}): -0.8,
    frozenset({"theft:pickpocket", "theft:bag_phone"}): -0.3,
    frozenset({"theft:other", "theft:bag_phone"}): -0.3,
    frozenset({"theft:other", "theft:pickpocket"}): -0.3,
    frozenset({"theft:other", "theft:smash_grab"}): -0.5,
}
_TEXT_FIELDS = ("what", "items", "description", "direction")
_QUOTE_FIELDS = ("items", "what", "description", "direction")
_COUNTS = {"1": 1, "2": 2, "3": 3, "4_or_more": 4}
_POWERED = frozenset({"moped", "scooter", "motorbike"})
BIAS = -2.6


@dataclass(frozen=True)
class Incident:
    """One report as the duplicate check reads it; `answers` are the flow's stored answers."""

    ref: str
    kind: str
    answers: Mapping[str, JSON]
    occurred_at: datetime  # timezone-aware
    street: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    shop: str | None = None  # the reporter's shop
    location: str | None = None  # the place as understood, when no street was matched


@dataclass(frozen=True)
class Suggestion:
    """An earlier report that may be the same incident, with why, as an officer reads it."""

    ref: str
    score: float  # 0..1, the odds the signals give; THRESHOLD and above is suggested
    reasons: tuple[str, ...]
    text: str  # "Possibly the same as WE-0005 (Coventry Street, 2 min apart, “black handbag”)"


def likely_duplicates(
    new: Incident,
    recent: Sequence[Incident],
    *,
    streets: Sequence[Street] = (),
    threshold: float = THRESHOLD,
    limit: int = 3,
) -> list[Suggestion]:
    """Reports in `recent` that may be the same incident as `new`, most likely first.

    `streets` are the BID's streets; their coordinates let a typed street be compared with a
    shared location.
    """
    area = _Area.of(streets)
    scored: list[tuple[float, Incident, _Reading, _Weighed]] = []
    read_new: _Reading | None = None  # read once, and only if some report gets past the gates
    for other in recent:
        if other.ref == new.ref:
            continue
        gated = _gates(new, other, area)
        if gated is None:
            continue
        read_new = read_new or _read(new, area, quotable=True)
        read_other = _read(other, area)
        weighed = _weigh(new, other, read_new, read_other, gated)
        if weighed.score >= threshold:
            scored.append((weighed.score, other, read_other, weighed))
    scored.sort(key=lambda s: s[0], reverse=True)
    # Only the suggestions shown are put in words (the quote is the dearest part of a judgement).
    assert read_new is not None or not scored
    return [
        _suggestion(new, other, read_new, read_other, weighed)  # type: ignore[arg-type]
        for _, other, read_other, weighed in scored[:limit]
    ]


def judge(new: Incident, other: Incident, *, streets: Sequence[Street] = ()) -> Suggestion | None:
    """How likely `other` is the same incident as `new`; None when it plainly is not."""
    area = _Area.of(streets)
    gated = _gates(new, other, area)
    if gated is None:
        return None
    read_new, read_other = _read(new, area, quotable=True), _read(other, area)
    weighed = _weigh(new, other, read_new, read_other, gated)
    return _suggestion(new, other, read_new, read_other, weighed)


@dataclass(frozen=True)
class _Area:
    """The BID's streets as the signals use them, worked out once per check."""

    streets: Sequence[Street]
    names: tuple[str, ...]
    points: Mapping[str, tuple[float, float]]  # each named street's first known coordinates

    @staticmethod
    def of(streets: Sequence[Street]) -> _Area:
        points: dict[str, tuple[float, float]] = {}
        for street in streets:
            if street.latitude is not None and street.longitude is not None:
                points.setdefault(street.name, (street.latitude, street.longitude))
        return _Area(streets, tuple(s.name for s in streets), points)


@dataclass(frozen=True)
class _Reading:
    """What the signals read from one report, read once however many it is compared with."""

    words: Words  # of the text fields
    items: frozenset[str]  # things taken
    vague: float  # how loosely the time was given
    sex: str | None  # the victim's, when the words say
    quotable: tuple[tuple[tuple[str, bool, tuple[tuple[str, float], ...]], ...], ...]
    # per quote field, each typed word: (word, is a little word, its canonical words+weights);
    # read only for the new report, the one quoted


def _read(incident: Incident, area: _Area, *, quotable: bool = False) -> _Reading:
    answers = incident.answers
    names = area.names
    quoted = tuple(
        tuple(
            (w, is_stopword(w), read_word(w, names)) for w in str(answers.get(field) or "").split()
        )
        for field in (_QUOTE_FIELDS if quotable else ())
    )
    return _Reading(
        words=_words(incident, names),
        items=item_set(tokens_of(f"{answers.get('what')} {answers.get('items')}", names)),
        vague=vague_time(answers),
        sex=victim_sex(answers.get("what")),
        quotable=quoted,
    )


def _gates(
    new: Incident, other: Incident, area: _Area
) -> tuple[float, float, float | None] | None:
    """Kinds' log-odds, minutes and metres apart; None when the two are plainly not one."""
    if new.kind not in CRIME_KINDS or other.kind not in CRIME_KINDS:
        return None
    kind_logit = _kind_logit(new, other)
    minutes = abs((new.occurred_at - other.occurred_at).total_seconds()) / 60
    if kind_logit is None or minutes > WINDOW_MINUTES:
        return None
    metres = _metres(new, other, area.points)
    if (metres or 0.0) > FAR_METRES:
        return None
    return kind_logit, minutes, metres


@dataclass(frozen=True)
class _Weighed:
    """A pair's score, and the reasons the signals gave so far (the quote and kind come later)."""

    score: float
    reasons: tuple[str, ...]


def _weigh(
    new: Incident,
    other: Incident,
    read_new: _Reading,
    read_other: _Reading,
    gated: tuple[float, float, float | None],
) -> _Weighed:
    kind_logit, minutes, metres = gated
    reasons: list[str] = []
    logit = BIAS + kind_logit

    same_shop = bool(new.shop) and new.shop == other.shop
    at_shops = new.answers.get("where") == "shop" and other.answers.get("where") == "shop"
    if at_shops and same_shop:
        logit += 1.0
        reasons.append(texts.DUP_SAME_SHOP)
    elif at_shops and new.kind == other.kind == "shoplifting":
        logit -= 3.0  # stolen from two different shops: two offences, even by one person
    elif metres is not None or new.street or other.street:
        logit += _place_logit(metres)
        reasons.append(_place_words(other, metres))
    logit += _time_logit(minutes / max(read_new.vague, read_other.vague))
    reasons.append(_minutes_words(minutes))

    logit += _text_logit(read_new.words, read_other.words)
    logit += _facts_logit(new.answers, other.answers, reasons)
    logit += _taken_logit(new, other, read_new, read_other)
    score = 1 / (1 + math.exp(-logit))
    return _Weighed(round(score, 3), tuple(reasons))


def _suggestion(
    new: Incident, other: Incident, read_new: _Reading, read_other: _Reading, weighed: _Weighed
) -> Suggestion:
    """The weighed pair in the officer's words."""
    reasons = list(weighed.reasons)
    quote = _quote(read_new, read_other.words)
    if quote:
        reasons.append(fill(texts.DUP_WORDS, words=quote))
    if _kind_key(new) != _kind_key(other):
        kind = texts.DUP_KIND_WORDS.get(_kind_key(other), other.kind)
        reasons.append(fill(texts.DUP_REPORTED_AS, kind=kind))
    line = fill(texts.DUPLICATE_LINE, ref=other.ref, reasons=texts.DUPLICATE_JOIN.join(reasons))
    return Suggestion(other.ref, weighed.score, tuple(reasons), line)


# --- Signals ----------------------------------------------------------------------------------


def _kind_key(incident: Incident) -> str:
    if incident.kind != "theft":
        return incident.kind
    return f"theft:{incident.answers.get('theft_type') or 'other'}"


def _kind_logit(a: Incident, b: Incident) -> float | None:
    """Log-odds for the two kinds; None when one incident is never reported as the other."""
    ka, kb = _kind_key(a), _kind_key(b)
    if ka == kb:
        return 0.0
    return _KIND_PAIRS.get(frozenset({ka, kb}))


def _point(
    incident: Incident, points: Mapping[str, tuple[float, float]]
) -> tuple[float, float] | None:
    if incident.latitude is not None and incident.longitude is not None:
        return incident.latitude, incident.longitude
    return points.get(incident.street) if incident.street is not None else None


def _metres(a: Incident, b: Incident, points: Mapping[str, tuple[float, float]]) -> float | None:
    """Metres between the two places, 0 on one street; None when that is not known."""
    pa, pb = _point(a, points), _point(b, points)
    if pa is not None and pb is not None:
        return distance_m(*pa, *pb)
    if a.street and a.street == b.street:
        return 0.0
    if a.street and b.street:
        return FAR_METRES / 2  # two named streets we cannot place: assume apart
    return None


def _place_logit(metres: float | None) -> float:
    """Log-odds for metres apart; a place we cannot measure says nothing either way."""
    if metres is None:
        return 0.0
    if metres <= 100:
        return 1.4
    if metres <= 250:
        return 0.8
    if metres <= 450:
        return -0.4
    return -2.0


def _time_logit(minutes: float) -> float:
    """Log-odds for minutes apart, already stretched for loosely given times."""
    if minutes <= 10:
        return 1.4
    if minutes <= 25:
        return 0.9
    if minutes <= 45:
        return 0.2
    if minutes <= 75:
        return -0.6
    if minutes <= 120:
        return -1.5
    return -3.0


def _words(incident: Incident, names: tuple[str, ...]) -> Words:
    texts_ = [str(incident.answers.get(f) or "") for f in _TEXT_FIELDS]
    return tokens_of(" ".join(texts_), names)


def _text_logit(a: Words, b: Words) -> float:
    """Shared words: the more specific and the larger their share, the likelier one incident."""
    shared = a.shared_weight(b)
    least = min(a.total, b.total)
    if least <= 0:
        return 0.0
    share = min(1.0, shared / least)
    logit = 2.6 * share + 0.35 * min(shared, 5.0) - 0.9
    ca, cb = a.colour_set, b.colour_set
    if ca and cb and not ca & cb:
        logit -= 0.6  # both describe colours and none agree
    return logit


def _facts_logit(a: Mapping[str, JSON], b: Mapping[str, JSON], reasons: list[str]) -> float:
    """Answers that agree or clash outright: plate, vehicle, offenders, value, behaviour."""
    logit = 0.0
    plate = plate_overlap(a.get("plate"), b.get("plate"))
    if plate is not None:
        common, clash = plate
        if common:
            logit += 2.5 if len(common) >= 3 else 1.0
            reasons.append(fill(texts.DUP_PLATE, plate=common))
        elif clash:
            # Plates with nothing alike are two vehicles; the more of each was read, the surer.
            logit -= 6.0 if min(len(str(a.get("plate"))), len(str(b.get("plate")))) >= 6 else 3.5
    col_a, col_b = colours(a.get("vehicle_colour")), colours(b.get("vehicle_colour"))
    if col_a and col_b:
        if col_a & col_b:
            logit += 1.0
            vehicle = texts.DUP_VEHICLE_WORDS.get(str(a.get("vehicle_type")), "")
            colour = " ".join(sorted(col_a & col_b))
            reasons.append(fill(texts.DUP_VEHICLE, colour=colour, vehicle=vehicle).strip())
        elif not {"dark", "light"} & (col_a | col_b):
            logit -= 3.0  # black is not red; "dark" might be black or blue
    va, vb = a.get("vehicle_type"), b.get("vehicle_type")
    if va and vb and va != "other" and vb != "other":
        logit += 0.3 if (va in _POWERED) == (vb in _POWERED) else -1.5
    na, nb = _COUNTS.get(str(a.get("offenders"))), _COUNTS.get(str(b.get("offenders")))
    if na and nb:
        logit += {0: 0.3, 1: -0.2}.get(abs(na - nb), -0.8)
    xa, xb = _money(a.get("value")), _money(b.get("value"))
    if xa and xb:
        ratio = max(xa, xb) / min(xa, xb)
        logit += 0.5 if ratio <= 1.5 else (-0.8 if ratio > 3 else 0.0)
    ba, bb = a.get("behaviour"), b.get("behaviour")
    if ba and bb and "other" not in (ba, bb):
        logit += 0.5 if ba == bb else -0.5
    return logit


def _taken_logit(a: Incident, b: Incident, read_a: _Reading, read_b: _Reading) -> float:
    """What was taken, and from whom: a phone is not a handbag, a man is not a woman."""
    logit = 0.0
    items_a, items_b = read_a.items, read_b.items
    if items_a and items_b and not items_a & items_b:
        logit -= 1.0
    if {a.kind, b.kind} <= {"moped_snatch", "theft"}:
        sex_a, sex_b = read_a.sex, read_b.sex
        if sex_a and sex_b:
            logit += 0.5 if sex_a == sex_b else -4.5  # two victims, two incidents
    return logit


def _money(value: JSON) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


# --- Words for the officer --------------------------------------------------------------------


def _minutes_words(minutes: float) -> str:
    whole = round(minutes)
    if whole == 0:
        return texts.DUP_SAME_TIME
    if whole < 60:
        return fill(texts.DUP_MINUTES_APART, minutes=whole)
    if whole % 60 == 0:
        return fill(texts.DUP_HOURS_ONLY_APART, hours=whole // 60)
    return fill(texts.DUP_HOURS_APART, hours=whole // 60, minutes=whole % 60)


def _place_words(other: Incident, metres: float | None) -> str:
    place = other.street or other.location or ""
    if metres is None or metres < 60 or metres == FAR_METRES / 2:
        return fill(texts.DUP_PLACE, place=place)
    return fill(texts.DUP_PLACE_AWAY, place=place, metres=int(round(metres, -1)))


def _quote(new: _Reading, other: Words) -> str:
    """The new report's own words that the other shares most: "black handbag".

    A phrase runs over one unshared word ("black leather handbag") but ends at a comma or a
    little word, so it reads as one thing said rather than a splice.
    """
    best = ("", 0.0)
    for field in new.quotable:
        words = [w for w, _, _ in field]
        marks = [other.matches_read(read) for _, _, read in field]
        for start, weight in enumerate(marks):
            if weight < 1.0:
                continue
            total, end, gap = weight, start, 0
            for j in range(start + 1, min(len(words), start + 5)):
                if words[j - 1][-1] in ",.;:!?" or field[j][1]:
                    break
                if marks[j] >= 0.5:  # "ran", "man" and the like only as gaps
                    total, end, gap = total + marks[j], j, 0
                elif (gap := gap + 1) > 1:
                    break
            if total > best[1]:
                best = (" ".join(words[start : end + 1]).strip(".,;:!?"), total)
    return best[0] if best[1] >= 1.5 else ""
