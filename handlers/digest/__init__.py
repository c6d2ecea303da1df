"""The manager's digest: sections registered by feature, built from SQL aggregates.

Importing this package registers the built-in sections; other features add theirs with
`digest_section` from `handlers.digest.registry`.
"""

# isort: off
from handlers.digest import sections, sections_informed  # noqa: F401
from handlers.property import digest as _property_digest  # noqa: F401

# isort: on
from handlers.digest.build import Digest, build_digest, chart_files
from handlers.digest.registry import DigestAsk, Figure, Part, digest_section

__all__ = [
    "Digest",
    "DigestAsk",
    "Figure",
    "Part",
    "build_digest",
    "chart_files",
    "digest_section",
]
