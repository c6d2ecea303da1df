"""The evidence pack as one PDF: the case, the draft statement, the timeline, photos and links.

fpdf2 draws it (pure Python, embeds TrueType fonts as subsets). Text is set in DejaVu Sans when
the machine has it, so names, £, curly quotes and accents all print; without it the PDF falls
back to the built-in Helvetica and shows characters outside Windows-1252 as "?", never failing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image, ImageOps

from flows import texts
from flows.statement import long_date
from flows.template import fill
from handlers.pack_facts import Pack

# Where Debian/Ubuntu, Fedora, Arch and macOS keep DejaVu (fonts-dejavu-core on Debian).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
PHOTO_MAX_PX = 1600  # enough for A4 at 230 dpi; keeps a pack of phone photos small
PHOTO_MAX_H_MM = 110.0
GREY = (90, 90, 90)
# Letters outside Windows-1252 that NFKD does not take apart, for the Helvetica fallback.
_PLAIN = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"})
BOLD = FontFace(emphasis="BOLD")


def find_fonts(dirs: Sequence[Path] = FONT_DIRS) -> tuple[Path, Path] | None:
    """DejaVu Sans regular and bold, from the first folder that has both."""
    for folder in dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def render_pack(pack: Pack, *, font_dirs: Sequence[Path] = FONT_DIRS) -> bytes:
    """The pack as PDF bytes."""
    pdf = _PackPDF(pack, find_fonts(font_dirs))
    pdf.add_page()
    pdf.title_block()
    pdf.facts()
    pdf.statement()
    pdf.timeline()
    pdf.photos()
    return bytes(pdf.output())


def moment(at: datetime, tz: ZoneInfo) -> str:
    """ "14:10 on Monday 23 November 2026", London time."""
    local = at.astimezone(tz)
    return f"{local:%H:%M} on {long_date(local, tz)}"


class _PackPDF(FPDF):
    def __init__(self, pack: Pack, fonts: tuple[Path, Path] | None) -> None:
        super().__init__(format="A4")
        self.pack = pack
        self.has_unicode_font = fonts is not None
        if fonts is not None:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.body_font = "body"
        else:
            self.core_fonts_encoding = "cp1252"
            self.body_font = "helvetica"
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_title(self._safe(fill(texts.PACK_TITLE, ref=pack.ref)))
        self.set_author("ShopWatch")
        self.set_creation_date(pack.generated_at)

    # --- Text that always prints ----------------------------------------------------------

    def _safe(self, text: str) -> str:
        """The text itself with a TrueType font; the nearest Windows-1252 text without."""
        if self.has_unicode_font:
            return text
        out = []
        for char in text.translate(_PLAIN):
            try:
                char.encode("cp1252")
                out.append(char)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode()
                out.append(base or "?")
        return "".join(out)

    def write_font(self, size: float, bold: bool = False, grey: bool = False) -> None:
        self.set_font(self.body_font, "B" if bold else "", size)
        self.set_text_color(*(GREY if grey else (0, 0, 0)))

    def para(self, text: str, size: float = 10.5, bold: bool = False, grey: bool = False) -> None:
        self.write_font(size, bold, grey)
        self.multi_cell(
            0, size * 0.5, self._safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def heading(self, text: str, keep: float = 30) -> None:
        """A section heading, on a new page when `keep` mm would not follow it on this one."""
        if self.will_page_break(keep):
            self.add_page()
        self.ln(4)
        self.para(text, size=13, bold=True)
        self.ln(1)

    # --- Page furniture --------------------------------------------------------------------

    def header(self) -> None:
        self.write_font(8, grey=True)
        self.cell(0, 5, self._safe(fill(texts.PACK_HEADER, ref=self.pack.ref)))
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-14)
        self.write_font(8, grey=True)
        at = self.pack.generated_at.astimezone(self.pack.tz)
        words = fill(
            texts.PACK_FOOTER,
            at=f"{at:%d/%m/%Y %H:%M}",
            who=self.pack.generated_by,
            page=self.page_no(),
            pages="{nb}",
        )
        self.cell(0, 5, self._safe(words), align="C")

    # --- Sections --------------------------------------------------------------------------

    def title_block(self) -> None:
        p = self.pack
        self.para(fill(texts.PACK_TITLE, ref=p.ref), size=18, bold=True)
        self.ln(1)
        when = moment(p.occurred_at, p.tz)
        subtitle = fill(texts.PACK_SUBTITLE, kind=p.kind_words, when=when, where=p.location)
        self.para(subtitle[:1].upper() + subtitle[1:])
        self.ln(2)

    def facts(self) -> None:
        p = self.pack
        rows = [
            (texts.PACK_REF, p.ref),
            (texts.PACK_KIND, p.kind_words),
            (texts.PACK_STATUS, p.status),
            (texts.PACK_OCCURRED, moment(p.occurred_at, p.tz)),
            (texts.PACK_REPORTED, moment(p.created_at, p.tz)),
            (texts.PACK_WHERE, p.location),
            (
                texts.PACK_REPORTER,
                fill(
                    texts.PACK_REPORTER_IS, name=p.reporter_name, role=p.reporter_role, shop=p.shop
                ),
            ),
            (texts.PACK_CRN, p.crn or texts.PACK_NO_CRN),
            (texts.PACK_LINKED, ", ".join(p.linked_refs) or texts.PACK_NO_LINKED),
        ]
        self.heading(texts.PACK_FACTS)
        self.write_font(10)
        with self.table(
            col_widths=(48, 126), first_row_as_headings=False, line_height=6, text_align="LEFT"
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(self._safe(label), style=BOLD)
                row.cell(self._safe(value))

    def statement(self) -> None:
        p = self.pack
        self.heading(texts.PACK_STATEMENT)
        self.para(texts.PACK_STATEMENT_NOTE, size=9, grey=True)
        self.ln(2)
        self.para(fill(texts.PACK_WITNESS, name=p.reporter_name), bold=True)
        self.ln(2)
        for paragraph in p.statement:
            self.para(paragraph)
            self.ln(2.5)
        if self.will_page_break(40):
            self.add_page()
        self.ln(2)
        self.para(texts.STATEMENT_OF_TRUTH, size=9.5)
        self.ln(8)
        self.para(texts.PACK_SIGNATURE)
        self.ln(4)
        self.para(texts.PACK_DATE)

    def timeline(self) -> None:
        p = self.pack
        self.heading(texts.PACK_TIMELINE, keep=45)
        if not p.timeline:
            self.para(texts.PACK_NO_TIMELINE)
            return
        self.write_font(9)
        heads = (
            texts.PACK_TIMELINE_WHEN,
            texts.PACK_TIMELINE_WHO,
            texts.PACK_TIMELINE_WHAT,
            texts.PACK_TIMELINE_STATUS,
        )
        with self.table(
            col_widths=(31, 38, 73, 32), line_height=5, text_align="LEFT", headings_style=BOLD
        ) as table:
            head = table.row()
            for words in heads:
                head.cell(self._safe(words))
            for entry in p.timeline:
                at = entry.at.astimezone(p.tz)
                row = table.row()
                for words in (f"{at:%d/%m/%Y %H:%M}", entry.who, entry.text, entry.status):
                    row.cell(self._safe(words))

    def photos(self) -> None:
        p = self.pack
        images = [_load_photo(path) for path in p.photos]
        first = next((i for i in images if i is not None), None)
        keep = _fit(first.size, self.epw, PHOTO_MAX_H_MM)[1] + 20 if first else 30
        self.heading(texts.PACK_PHOTOS, keep=keep)
        if not p.photos:
            self.para(texts.PACK_NO_PHOTOS)
            return
        count = len(p.photos)
        for number, (path, image) in enumerate(zip(p.photos, images, strict=True), start=1):
            if image is None:
                self.para(
                    fill(texts.PACK_PHOTO_MISSING, number=number, count=count, name=path.name)
                )
                self.ln(2)
                continue
            width, height = _fit(image.size, self.epw, PHOTO_MAX_H_MM)
            if self.will_page_break(height + 10):
                self.add_page()
            self.image(image, x=self.l_margin, w=width, h=height)
            self.para(
                fill(texts.PACK_PHOTO_CAPTION, number=number, count=count), size=9, grey=True
            )
            self.ln(4)


def _load_photo(path: Path) -> Image.Image | None:
    """The photo upright (phones record rotation in EXIF), in RGB, at most PHOTO_MAX_PX."""
    try:
        with Image.open(path) as raw:
            image = ImageOps.exif_transpose(raw).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
    return image


def _fit(size: tuple[int, int], max_w: float, max_h: float) -> tuple[float, float]:
    """Width and height in mm that keep the photo's shape within max_w × max_h."""
    w_px, h_px = size
    scale = min(max_w / w_px, max_h / h_px)
    return w_px * scale, h_px * scale
