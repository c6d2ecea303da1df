"""One backoff for every retry: doubling, capped, and jittered only downwards."""

from __future__ import annotations

from bot.backoff import backoff


def test_it_doubles_up_to_the_cap_and_jitter_only_shortens_it() -> None:
    top = [backoff(n, rng=lambda: 1.0) for n in range(1, 11)]
    assert top == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert [backoff(n, rng=lambda: 0.0) for n in (1, 2, 10)] == [0.5, 1.0, 150.0]
    assert backoff(0, rng=lambda: 1.0) == 1.0 and backoff(10_000, rng=lambda: 1.0) == 300.0


def test_each_user_keeps_its_own_scale() -> None:
    # Attachments wait ten times longer; Telegram's reconnects start at 5 s, polling at 2 s.
    assert backoff(3, base=10.0, cap=3000.0, rng=lambda: 1.0) == 40.0
    assert backoff(1, base=5.0, cap=300.0, rng=lambda: 1.0) == 5.0
    assert backoff(6, base=2.0, cap=60.0, rng=lambda: 1.0) == 60.0


def test_real_jitter_spreads_retries_within_the_bounds() -> None:
    waits = [backoff(4) for _ in range(200)]
    assert all(4.0 <= w <= 8.0 for w in waits)
    assert len({round(w, 3) for w in waits}) > 50  # not all in the same instant
