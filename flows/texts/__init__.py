"""Every sentence ShopWatch says to people; plain British English for a busy shop floor.

One module per area, all read as `texts.NAME`. Placeholders in braces are filled in one pass by
`flows.template.fill`, never by chained replaces or str.format on people's own words.
"""

from flows.texts.broadcasts import *  # noqa: F403
from flows.texts.cases import *  # noqa: F403
from flows.texts.channels import *  # noqa: F403
from flows.texts.commands import *  # noqa: F403
from flows.texts.digest import *  # noqa: F403
from flows.texts.dispatch import *  # noqa: F403
from flows.texts.duplicates import *  # noqa: F403
from flows.texts.learning import *  # noqa: F403
from flows.texts.media import *  # noqa: F403
from flows.texts.officer import *  # noqa: F403
from flows.texts.onboarding import *  # noqa: F403
from flows.texts.pack import *  # noqa: F403
from flows.texts.preferences import *  # noqa: F403
from flows.texts.privacy import *  # noqa: F403
from flows.texts.property import *  # noqa: F403
from flows.texts.referrals import *  # noqa: F403
from flows.texts.report import *  # noqa: F403
from flows.texts.team import *  # noqa: F403
from flows.texts.times import *  # noqa: F403
