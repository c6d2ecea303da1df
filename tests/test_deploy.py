"""The production set-up stays true to the code: the systemd unit, and the nginx example in the
README forwarding exactly the public routes (never the console)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from bot.app import create_app
from tests.support import settings_for

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ROUTES = {"/telegram/webhook", "/whatsapp/webhook", "/whatsapp/status", "/healthz"}


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ROOT / "deploy" / "shopwatch.service", encoding="utf-8")
    return parser


def test_the_unit_runs_serve_as_its_own_user_hardened_and_stops_gently() -> None:
    service = unit()["Service"]
    assert service["ExecStart"].split()[:2] == ["/opt/shopwatch/.venv/bin/shopwatch", "serve"]
    assert service["User"] == "shopwatch" and service["Group"] == "shopwatch"
    assert service["EnvironmentFile"] == "/etc/shopwatch/shopwatch.env"
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) >= 15  # serve promises to exit within 10 s
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert service[key] == value, key
    assert service["StateDirectory"] == "shopwatch"  # the only place it may write
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


def nginx_locations() -> list[tuple[str, str, bool]]:
    """(modifier, path, forwarded) of each location in the README's nginx example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```nginx\n(.*?)```", readme, flags=re.S)
    found = re.findall(r"location\s+(=\s+)?(\S+)\s*\{([^}]*)\}", block)
    return [(mod.strip(), path, "proxy_pass" in body) for mod, path, body in found]


def forwarded(path: str) -> bool:
    """nginx's choice: an exact match wins, else the longest prefix."""
    locations = nginx_locations()
    for mod, where, forwards in locations:
        if mod == "=" and where == path:
            return forwards
    prefixes = [(where, forwards) for mod, where, forwards in locations if not mod]
    matching = [p for p in prefixes if path.startswith(p[0])]
    return max(matching, key=lambda p: len(p[0]))[1] if matching else False


def test_nginx_forwards_the_public_routes_and_nothing_else(tmp_path: Path) -> None:
    settings = settings_for(
        f"sqlite+aiosqlite:///{tmp_path / 'routes.db'}",
        public_url="https://shopwatch.example.org",
        telegram_token="7012345678:AAHf3kQ9xZ_vB2mN8pL4rT6yW1cE5dG7hJ0",
        telegram_secret="s3cret-Webhook_token",
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token="f3a9c1e07b5d4a2c9e8f6b1d3a5c7e90",
        console="on",  # off by default behind a public URL; even on, never forwarded
    )
    app = create_app(settings, run_sender=False, run_scheduler=False)
    # Every route the app serves: the schema's, and the schema itself.
    paths = {*app.openapi()["paths"], app.openapi_url}
    assert PUBLIC_ROUTES <= paths
    assert any(path.startswith("/console/") for path in paths)
    assert {path for path in paths if forwarded(path)} == PUBLIC_ROUTES
    assert not forwarded("/console/messages") and not forwarded("/openapi.json")
