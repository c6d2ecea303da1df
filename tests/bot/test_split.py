"""One splitter for every platform: where it cuts, and that it never loses or overfills."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.split import split_message, utf16_len


def test_it_cuts_at_a_paragraph_then_a_line_then_a_sentence_then_a_space():
    paragraphs = "First part here.\nSame paragraph.\n\nSecond part."
    assert split_message(paragraphs, limit=40) == [
        "First part here.\nSame paragraph.",
        "Second part.",
    ]
    lines = "One line. Still one\nAnother line"
    assert split_message(lines, limit=25) == ["One line. Still one", "Another line"]
    sentences = 'He said "stop." Then he ran off down the road'
    assert split_message(sentences, limit=30) == [
        'He said "stop."',
        "Then he ran off down the road",
    ]
    words = "alpha beta gamma delta epsilon"
    assert split_message(words, limit=12) == ["alpha beta", "gamma delta", "epsilon"]
    assert split_message("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_it_never_leaves_a_tiny_first_part():
    text = "Hi.\n" + "word " * 30
    first, *_ = split_message(text, limit=60)
    assert len(first) > 20 and first.startswith("Hi.\nword")


def test_the_unit_and_the_limit_are_the_platforms():
    emoji = "🚨" * 10
    assert [utf16_len(p) for p in split_message(emoji, limit=8)] == [8, 8, 4]
    assert [len(p) for p in split_message(emoji, limit=8, measure=len)] == [8, 2]
    assert split_message("", limit=10) == [] and split_message("  \n ", limit=10) == []
    assert split_message(" short ", limit=10) == ["short"]


@given(
    st.text(alphabet=st.sampled_from("ab .!\n😀é"), max_size=400),
    st.integers(min_value=2, max_value=60),
)
def test_parts_fit_and_together_keep_every_word(text: str, limit: int):
    parts = split_message(text, limit=limit)
    assert all(0 < utf16_len(p) <= limit for p in parts)
    assert all(p == p.strip() for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
