"""Twilio -> product webhooks: signed form posts (inbound WhatsApp messages, status callbacks).

::

    from fakes import twilio_webhooks as tw_hooks
    params = tw_hooks.inbound_text("Someone nicked a jacket")
    resp = await tw_hooks.post_signed(f"{product_url}/webhooks/twilio", params,
                                      auth_token=DEFAULT_AUTH_TOKEN)

The signature is ``RequestValidator(auth_token).compute_signature(url, params)`` over the
exact URL the product sees (scheme, host, port, path, query).  If the product is behind a
proxy and validates against its public URL, pass ``signature_url=`` (the URL to sign)
separately from the URL to POST to.  All param values are strings, as Twilio sends them.
"""

from __future__ import annotations

import secrets
from typing import Any

import httpx
from twilio.request_validator import RequestValidator

from .twilio_api import (
    API_VERSION,
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    WHATSAPP_SANDBOX_NUMBER,
)

__all__ = [
    "DEFAULT_FROM",
    "InboundFactory",
    "inbound_button",
    "inbound_location",
    "inbound_media",
    "inbound_reply",
    "inbound_text",
    "post_signed",
    "post_signed_sync",
    "sign",
    "signed_headers",
    "status_callback",
]

DEFAULT_FROM = "whatsapp:+447700900123"
SIGNATURE_HEADER = "X-Twilio-Signature"


def sign(url: str, params: dict[str, Any], auth_token: str = DEFAULT_AUTH_TOKEN) -> str:
    """``X-Twilio-Signature`` value for a form POST of ``params`` to ``url``."""
    return RequestValidator(auth_token).compute_signature(url, params)


def signed_headers(
    url: str, params: dict[str, Any], auth_token: str = DEFAULT_AUTH_TOKEN
) -> dict[str, str]:
    return {
        SIGNATURE_HEADER: sign(url, params, auth_token),
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "TwilioProxy/1.1",
        "I-Twilio-Idempotency-Token": secrets.token_hex(16),
    }


async def post_signed(
    url: str,
    params: dict[str, Any],
    *,
    auth_token: str = DEFAULT_AUTH_TOKEN,
    client: httpx.AsyncClient | None = None,
    signature_url: str | None = None,
) -> httpx.Response:
    """POST ``params`` form-encoded to ``url`` with a valid ``X-Twilio-Signature``.

    ``client`` may be an ``httpx.AsyncClient(transport=ASGITransport(app), base_url=...)``
    for in-process apps (``url`` must then still be the full URL the app sees)."""
    headers = signed_headers(signature_url or url, params, auth_token)
    if client is not None:
        return await client.post(url, data=params, headers=headers)
    async with httpx.AsyncClient(timeout=10) as own:
        return await own.post(url, data=params, headers=headers)


def post_signed_sync(
    url: str,
    params: dict[str, Any],
    *,
    auth_token: str = DEFAULT_AUTH_TOKEN,
    signature_url: str | None = None,
) -> httpx.Response:
    headers = signed_headers(signature_url or url, params, auth_token)
    return httpx.post(url, data=params, headers=headers, timeout=10)


def _sid(prefix: str = "SM") -> str:
    return prefix + secrets.token_hex(16)


def _bare(addr: str) -> str:
    return addr.split(":", 1)[-1]


_MESSAGE_TYPES = {"image": "image", "video": "video", "audio": "audio"}


class InboundFactory:
    """Builds the form params Twilio POSTs for inbound WhatsApp messages / status updates."""

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        to: str = WHATSAPP_SANDBOX_NUMBER,
        from_: str = DEFAULT_FROM,
        profile_name: str = "Alice Marsh",
    ) -> None:
        self.account_sid = account_sid
        self.to = to
        self.from_ = from_
        self.profile_name = profile_name

    def _base(
        self,
        body: str,
        *,
        from_: str | None,
        to: str | None,
        profile_name: str | None,
        sid_prefix: str = "SM",
        message_type: str = "text",
    ) -> dict[str, str]:
        sid = _sid(sid_prefix)
        sender = from_ or self.from_
        params = {
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "ProfileName": profile_name if profile_name is not None else self.profile_name,
            "MessageType": message_type,
            "SmsSid": sid,
            "WaId": _bare(sender).lstrip("+"),
            "SmsStatus": "received",
            "Body": body,
            "To": to or self.to,
            "NumSegments": "1",
            "ReferralNumMedia": "0",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": sender,
            "ApiVersion": API_VERSION,
        }
        if not sender.startswith("whatsapp:"):  # plain SMS has no WhatsApp-only fields
            for key in ("ProfileName", "WaId", "MessageType", "ReferralNumMedia"):
                params.pop(key)
        return params

    def text(
        self,
        body: str,
        *,
        from_: str | None = None,
        to: str | None = None,
        profile_name: str | None = None,
    ) -> dict[str, str]:
        return self._base(body, from_=from_, to=to, profile_name=profile_name)

    def media(
        self,
        media: list[tuple[str, str]] | str,
        body: str = "",
        *,
        content_type: str = "image/jpeg",
        from_: str | None = None,
        to: str | None = None,
        profile_name: str | None = None,
    ) -> dict[str, str]:
        """``media``: a URL or ``[(url, content_type), ...]`` (e.g. ``FakeTwilio.add_media(...)``).
        ``body`` is the caption."""
        items = [(media, content_type)] if isinstance(media, str) else list(media)
        first_type = items[0][1].split("/", 1)[0] if items else "text"
        params = self._base(
            body,
            from_=from_,
            to=to,
            profile_name=profile_name,
            sid_prefix="MM",
            message_type=_MESSAGE_TYPES.get(first_type, "document"),
        )
        params["NumMedia"] = str(len(items))
        for i, (url, ctype) in enumerate(items):
            params[f"MediaContentType{i}"] = ctype
            params[f"MediaUrl{i}"] = url
        return params

    def location(
        self,
        latitude: float = 51.514572,
        longitude: float = -0.142483,
        *,
        address: str | None = None,
        label: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        profile_name: str | None = None,
    ) -> dict[str, str]:
        params = self._base(
            "", from_=from_, to=to, profile_name=profile_name, message_type="location"
        )
        params["Latitude"] = repr(float(latitude))
        params["Longitude"] = repr(float(longitude))
        if address is not None:
            params["Address"] = address
        if label is not None:
            params["Label"] = label
        return params

    def button(
        self,
        payload: str,
        text: str | None = None,
        *,
        original_sid: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        profile_name: str | None = None,
    ) -> dict[str, str]:
        """Quick-reply button press on a template/Content message."""
        text = text if text is not None else payload
        params = self._base(
            text, from_=from_, to=to, profile_name=profile_name, message_type="button"
        )
        params["ButtonText"] = text
        params["ButtonPayload"] = payload
        params["OriginalRepliedMessageSender"] = to or self.to
        params["OriginalRepliedMessageSid"] = original_sid or _sid()
        return params

    def reply(
        self,
        body: str,
        original_sid: str,
        *,
        from_: str | None = None,
        to: str | None = None,
        profile_name: str | None = None,
    ) -> dict[str, str]:
        """User swiped-to-reply to message ``original_sid`` (one the product sent)."""
        params = self._base(body, from_=from_, to=to, profile_name=profile_name)
        params["OriginalRepliedMessageSender"] = to or self.to
        params["OriginalRepliedMessageSid"] = original_sid
        return params

    def status(
        self,
        message_sid: str,
        status: str,
        *,
        to: str | None = None,
        from_: str | None = None,
        error_code: int | str | None = None,
    ) -> dict[str, str]:
        """Status callback for an *outbound* message: ``To`` is the user, ``From`` the business.
        ``status``: queued/sending/sent/delivered/read/failed/undelivered."""
        to = to or self.from_
        from_ = from_ or self.to
        params = {
            "MessageSid": message_sid,
            "SmsSid": message_sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": to,
            "From": from_,
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
        }
        if to.startswith("whatsapp:"):
            params["ChannelPrefix"] = "whatsapp"
            params["ChannelInstallSid"] = "XE" + secrets.token_hex(16)
            params["ChannelToAddress"] = _bare(to)
            params["StructuredMessage"] = "false"
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return params


_default = InboundFactory()


def inbound_text(body: str, **kw: Any) -> dict[str, str]:
    return _default.text(body, **kw)


def inbound_media(media: list[tuple[str, str]] | str, body: str = "", **kw: Any) -> dict[str, str]:
    return _default.media(media, body, **kw)


def inbound_location(
    latitude: float = 51.514572, longitude: float = -0.142483, **kw: Any
) -> dict[str, str]:
    return _default.location(latitude, longitude, **kw)


def inbound_button(payload: str, text: str | None = None, **kw: Any) -> dict[str, str]:
    return _default.button(payload, text, **kw)


def inbound_reply(body: str, original_sid: str, **kw: Any) -> dict[str, str]:
    return _default.reply(body, original_sid, **kw)


def status_callback(
    message_sid: str,
    status: str,
    *,
    to: str | None = None,
    from_: str | None = None,
    error_code: int | str | None = None,
    account_sid: str | None = None,
) -> dict[str, str]:
    factory = (
        _default if account_sid in (None, _default.account_sid) else InboundFactory(account_sid)
    )
    return factory.status(message_sid, status, to=to, from_=from_, error_code=error_code)
