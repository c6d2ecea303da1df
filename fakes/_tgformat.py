"""Telegram text-formatting checks: HTML -> (plain text, entities), MarkdownV2 reserved chars.

Only what is needed to give realistic results and the real "can't parse entities" errors for
the common bugs (unescaped ``<`` in HTML, unescaped ``.``/``!``/``-`` in MarkdownV2).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any


class EntityParseError(ValueError):
    """Message is ``description`` without the ``Bad Request: can't parse entities: `` prefix."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_AT = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")


class _HTML(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.pos16 = 0
        self.stack: list[tuple[str, int, dict[str, str | None]]] = []
        self.entities: list[dict[str, Any]] = []

    def _byte_offset(self) -> int:
        line, col = self.getpos()
        lines = self.source.split("\n")
        idx = sum(len(x) + 1 for x in lines[: line - 1]) + col
        return len(self.source[:idx].encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in _HTML_TAGS or (tag == "span" and a.get("class") != "tg-spoiler"):
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
            )
        self.stack.append((tag, self.pos16, a))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {self._byte_offset()}, expected "</'
                f'{self.stack[-1][0] if self.stack else ""}>", found "</{tag}>"'
            )
        name, start, attrs = self.stack.pop()
        length = self.pos16 - start
        if length <= 0:
            return
        kind = _HTML_TAGS[name]
        if name == "code" and self.stack and self.stack[-1][0] == "pre":
            lang = (attrs.get("class") or "").removeprefix("language-")
            if lang:
                self.stack[-1][2]["_language"] = lang
            return
        ent: dict[str, Any] = {"offset": start, "length": length, "type": kind}
        if name == "a":
            href = attrs.get("href") or ""
            if href.startswith("tg://user?id="):
                ent["type"] = "text_mention"
            ent["url"] = href
        if name == "pre" and attrs.get("_language"):
            ent["language"] = attrs["_language"]
        if name == "tg-emoji":
            ent["custom_emoji_id"] = attrs.get("emoji-id") or ""
        if name == "blockquote" and "expandable" in attrs:
            ent["type"] = "expandable_blockquote"
        self.entities.append(ent)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.pos16 += utf16_len(data)


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    for m in re.finditer("<", text):
        if not _TAG_AT.match(text, m.start()):
            raise EntityParseError(
                f'Unsupported start tag "{text[m.start() + 1 : m.start() + 8].split(" ")[0]}" '
                f"at byte offset {len(text[: m.start()].encode())}"
            )
    parser = _HTML(text)
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{parser.stack[-1][0]}"'
        )
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.parts), entities


_MDV2_ALWAYS_ESCAPE = set(".!#+-=|{}()")


def check_markdown_v2(text: str) -> str:
    """Raise EntityParseError for unescaped reserved characters; return text sans escapes.

    Formatting characters (``*_~|[]()`` and backticks) are accepted as markup; the plain
    text returned keeps them (no entity extraction), minus the escaping backslashes.
    """
    out: list[str] = []
    i = 0
    in_code = in_pre = in_url = False
    line_start = True
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            line_start = False
            continue
        if text.startswith("```", i):
            in_pre = not in_pre
            i += 3
            continue
        if in_pre:
            out.append(ch)
        elif not in_code and not in_url and text.startswith("||", i):
            i += 2
            continue
        elif ch == "`":
            in_code = not in_code
        elif in_code:
            out.append(ch)
        elif in_url:
            if ch == ")":
                in_url = False
        elif ch == "(" and i > 0 and text[i - 1] == "]":
            in_url = True
        elif ch in _MDV2_ALWAYS_ESCAPE or (ch == ">" and not line_start):
            raise EntityParseError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        elif ch in "*_~[]>":
            pass
        else:
            out.append(ch)
        line_start = ch == "\n"
        i += 1
    if in_code or in_pre:
        raise EntityParseError(
            f"Can't find end of Pre entity at byte offset {len(text.encode())}"
            if in_pre
            else f"Can't find end of Code entity at byte offset {len(text.encode())}"
        )
    return "".join(out)


def format_text(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) like Telegram would store it, or raise EntityParseError."""
    mode = (parse_mode or "").strip()
    if not mode:
        return text, []
    low = mode.lower()
    if low == "html":
        return parse_html(text)
    if low == "markdownv2":
        return check_markdown_v2(text), []
    if low == "markdown":
        return text, []
    raise ValueError(f"Unsupported parse_mode {mode!r}")
