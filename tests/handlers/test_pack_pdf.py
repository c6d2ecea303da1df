"""The evidence pack PDF: it parses, holds the facts, the statement, the timeline and photos."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pypdfium2
import pytest
from PIL import Image

from flows.statement import StatementFacts, statement
from handlers.pack_facts import Pack, TimelineEntry
from handlers.pack_pdf import FONT_DIRS, find_fonts, render_pack

LONDON = ZoneInfo("Europe/London")
# Summer, so London is UTC+1 and a time shown in UTC would be caught.
AT = datetime(2026, 7, 6, 13, 10, tzinfo=UTC)
NAME = "Zoë O\u2019Brien"
OFFICER = "PC Łukasz Nowak"


def facts() -> StatementFacts:
    return StatementFacts(
        kind="shoplifting",
        answers={
            "safety": False,
            "when_text": "20 minutes ago",
            "where": "shop",
            "what": "He took three bottles of Chanel and said \u201csorry\u201d",
            "items": "3 bottles of Chanel N°5",
            "value": 315,
            "offenders": "1",
            "description": "tall, grey hoodie, café apron",
            "direction": "towards Leicester Square",
            "cctv": "yes",
            "reported": False,
        },
        occurred_at=AT,
        created_at=AT + timedelta(minutes=21),
        location="Coventry Street Gifts",
        street="Coventry Street",
        role="staff",
        shop="Coventry Street Gifts",
        shop_street="Coventry Street",
        tz=LONDON,
        photos=2,
    )


def make_pack(photos: tuple[Path, ...] = (), events: int = 3) -> Pack:
    steps = [
        (f"{NAME} (shop staff)", "Report filed", "new, waiting for the police"),
        (f"{OFFICER} (police officer)", "Seen by the police", "seen by the police"),
        (f"{OFFICER} (police officer)", "CCTV collected, £315 confirmed", "being looked into"),
    ]
    timeline = tuple(
        TimelineEntry(AT + timedelta(minutes=21 + 30 * n), *steps[n % len(steps)])
        for n in range(events)
    )
    return Pack(
        ref="WE-0042",
        kind_words="shoplifting",
        status="being looked into",
        reporter_name=NAME,
        reporter_role="shop staff",
        shop="Coventry Street Gifts",
        shop_street="Coventry Street",
        occurred_at=AT,
        created_at=AT + timedelta(minutes=21),
        location="Coventry Street Gifts",
        statement=tuple(statement(facts())),
        timeline=timeline,
        photos=photos,
        linked_refs=("WE-0040", "WE-0041"),
        crn="1234567/26",
        generated_at=AT + timedelta(days=1),
        generated_by=OFFICER,
    )


def read(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


needs_dejavu = pytest.mark.skipif(find_fonts() is None, reason="DejaVu Sans is not installed")


@needs_dejavu
def test_the_pack_holds_the_facts_statement_and_timeline_in_london_time() -> None:
    reader, text = read(render_pack(make_pack()))
    assert reader.metadata is not None and reader.metadata.title == "Evidence pack WE-0042"
    for fact in (
        "Evidence pack WE-0042",
        "14:10 on Monday 6 July 2026",  # 13:10 UTC
        f"{NAME}, shop staff, Coventry Street Gifts",
        "1234567/26",
        "WE-0040, WE-0041",
        "I work as shop staff at Coventry Street Gifts, Coventry Street.",
        "\u201c3 bottles of Chanel N°5\u201d",
        "£315.00",
        "café apron",
        "said \u201csorry\u201d",
        "I shall be liable to prosecution",
        "Signature:",
        "06/07/2026 14:31",
        "06/07/2026 15:01",
        "06/07/2026 15:31",
        "CCTV collected, £315 confirmed",
        f"{OFFICER} (police officer)",
        f"Generated 07/07/2026 14:10 by {OFFICER}",
        "Page 1 of",
    ):
        assert fact in text, fact
    assert "{nb}" not in text
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
    }
    assert any("DejaVuSans" in f for f in fonts)


def test_without_dejavu_the_pack_still_renders_with_plain_letters() -> None:
    _, text = read(render_pack(make_pack(), font_dirs=()))
    assert NAME in text  # ë, the curly apostrophe and £ are in Windows-1252
    assert "PC Lukasz Nowak" in text  # Ł is not, so it prints as the nearest letter
    assert "£315.00" in text


def photo(path: Path, size: tuple[int, int], orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # how the phone was held
    image.save(path, exif=exif.tobytes())
    return path


def test_photos_are_embedded_upright_and_scaled_and_a_bad_one_is_named(tmp_path: Path) -> None:
    turned = photo(tmp_path / "turned.jpg", (400, 200), orientation=6)
    huge = photo(tmp_path / "huge.jpg", (4000, 3000))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo")
    reader, text = read(render_pack(make_pack(photos=(turned, huge, broken, tmp_path / "gone"))))
    images = [image.image for page in reader.pages for image in page.images]
    assert [i.size for i in images if i is not None] == [(200, 400), (1600, 1200)]
    assert "Photo 1 of 4" in text and "Photo 2 of 4" in text
    assert "Photo 3 of 4 could not be read (broken.jpg)." in text
    assert "Photo 4 of 4 could not be read (gone)." in text


def test_a_long_timeline_runs_over_pages_with_their_numbers() -> None:
    reader, text = read(render_pack(make_pack(events=60)))
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Page {pages} of {pages}" in text
    assert text.count("CCTV collected, £315 confirmed") == 20


def test_a_pack_without_photos_or_updates_says_so() -> None:
    pack = replace(make_pack(events=0), linked_refs=(), crn=None)
    _, text = read(render_pack(pack))
    assert "No updates yet." in text
    assert "No photos were sent with this report." in text
    assert "None yet" in text


def test_the_first_page_renders_with_ink_where_the_text_is(tmp_path: Path) -> None:
    pdf = render_pack(make_pack(photos=(photo(tmp_path / "p.jpg", (800, 600)),)))
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    top = image.crop((0, 0, width, height // 3))
    dark = sum(top.histogram()[:128])  # grey levels 0..127
    assert dark > 0.01 * top.width * top.height  # the title and the facts table
    bottom = image.crop((0, height - 30, width, height))
    assert sum(bottom.histogram()[:160]) > 0  # the footer


def test_the_system_font_folders_are_looked_in_first_found_first() -> None:
    found = find_fonts()
    if found is not None:
        assert found[0].parent in FONT_DIRS
        assert found[0].name == "DejaVuSans.ttf" and found[1].name == "DejaVuSans-Bold.ttf"
    assert find_fonts(()) is None
