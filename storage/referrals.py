"""StreetLink referrals as recorded on cases: counted for the digest. Callers own the
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Case, CaseEvent

# The case events a referral leaves: passed to the outreach contact, or kept for want of one.
PASSED_ON = "referral"
NO_CONTACT = "referral_wait"


@dataclass(frozen=True)
class ReferralCount:
    passed_on: int  # reached the BID's outreach contact
    no_contact: int  # asked for, but the BID had no outreach contact to pass it to

    @property
    def asked(self) -> int:
        return self.passed_on + self.no_contact


async def count_referrals(session: AsyncSession, *, bid_id: int, since: datetime) -> ReferralCount:
    """The BID's StreetLink referrals since `since`, one per case."""
    query = (
        select(col(CaseEvent.action), func.count(func.distinct(col(CaseEvent.case_id))))
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(
            col(Case.bid_id) == bid_id,
            col(CaseEvent.at) >= since,
            col(CaseEvent.action).in_((PASSED_ON, NO_CONTACT)),
        )
        .group_by(col(CaseEvent.action))
    )
    counted = {action: int(n) for action, n in (await session.execute(query)).all()}
    return ReferralCount(counted.get(PASSED_ON, 0), counted.get(NO_CONTACT, 0))
