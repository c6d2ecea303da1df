"""Whether a description of a person volunteers a sensitive category: ethnicity, religion, health.

A careful word list, not a classifier: clothing colours are not ethnicity ("black hoodie",
"white trainers"), but a colour or a people word naming a person is ("black guy", "asian
woman"). A false alarm costs one polite question, never the report.
"""

from __future__ import annotations

import re

from flows.reading.words import normalise

_PEOPLE = (
    r"(?:man|men|woman|women|guy|guys|lad|lads|bloke|blokes|male|males|female|females|girl|girls|"
    r"boy|boys|kid|kids|youth|youths|teen|teens|teenager|teenagers|person|people|gentleman|"
    r"lady|ladies|fella|fellas|geezer)"
)
_SKIN = r"(?:black|white|brown|asian|oriental|mixed race|mixed)"
_ETHNIC = (
    "asian african afrocaribbean afro caribbean arab arabic chinese indian pakistani "
    "bangladeshi somali romanian roma gypsy gipsy gypsies traveller travellers hispanic "
    "latino latina jamaican nigerian albanian kurdish caucasian ethnic ethnicity race "
    "foreigner foreign"
).split()
_RELIGION = (
    "muslim muslims moslem islamic jewish jew jews christian hindu sikh buddhist religious "
    "hijab niqab burka burqa turban kippah yarmulke"
).split()
_HEALTH = (
    "disabled disability wheelchair schizophrenic schizophrenia bipolar autistic autism "
    "diabetic epileptic epilepsy hiv pregnant downs dementia psychotic"
).split()
_PHRASES = (
    rf"\b{_SKIN} {_PEOPLE}\b",
    r"\b(?:dark|light|fair|pale|olive|brown) skin(?:ned)?\b",
    r"\b(?:eastern european|middle eastern|north african|south asian)\b",
    r"\bmental(?:ly)? (?:ill|illness|health|problems|issues)\b",
    r"\blearning (?:difficulties|disability|disabilities)\b",
)
_WORDS = re.compile(r"\b(?:" + "|".join(_ETHNIC + _RELIGION + _HEALTH) + r")\b")
_PATTERNS = tuple(re.compile(p) for p in _PHRASES)


def mentions_sensitive(text: str) -> bool:
    """Whether `text` describes someone by ethnicity, religion or health."""
    words = normalise(text)
    return bool(_WORDS.search(words)) or any(p.search(words) for p in _PATTERNS)
