"""Fixtures for the flow tests."""

from __future__ import annotations

import pytest
from flowkit import make_ctx

from flows.model import Context


@pytest.fixture
def ctx() -> Context:
    """A context for a shop on Piccadilly on Sunday 23 November 2025, 14:40."""
    return make_ctx()
