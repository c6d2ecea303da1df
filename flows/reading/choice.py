"""Which offered option a person's words name: by number, words, alias or a close typo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from flows.model import Option
from flows.reading.words import normalise

# Fuzzy scores below this are guesses we would rather ask about than act on.
CHOICE_CUTOFF = 80.0


def parse_choice(
    text: str,
    options: Sequence[Option],
    aliases: Mapping[str, str] | None = None,
    cutoff: float = CHOICE_CUTOFF,
) -> str | None:
    """Key of the option `text` names: by number, label, key, alias or a forgiving fuzzy match."""
    t = normalise(text)
    if not t or not options:
        return None
    if t.isdigit():
        n = int(t)
        return options[n - 1].key if 1 <= n <= len(options) else None
    phrases: list[tuple[str, str]] = []
    for opt in options:
        phrases.append((normalise(opt.label), opt.key))
        phrases.append((normalise(opt.key), opt.key))
    keys = {o.key for o in options}
    for words, key in (aliases or {}).items():
        if key in keys:
            phrases.append((normalise(words), key))
    phrases = [(p, k) for p, k in phrases if p]
    for phrase, key in phrases:
        if t == phrase:
            return key
    # Two letters is too little to guess from; "no" must never fuzzily become "not sure".
    # A cutoff above 100 asks for exact words only.
    if len(t) < 3 or cutoff > 100:
        return None
    scored = process.extract(
        t, [p for p, _ in phrases], scorer=fuzz.WRatio, limit=len(phrases), score_cutoff=cutoff
    )
    if not scored:
        return None
    best_key = phrases[scored[0][2]][1]
    best_score = scored[0][1]
    for _, score, idx in scored[1:]:
        # Two different answers fitting equally well means we cannot tell which was meant.
        if phrases[idx][1] != best_key and score >= best_score - 2:
            return None
    return best_key
