"""Reading and cleaning files people send: streamed to a limit, typed by their bytes, photos
without their metadata."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from bot.media import MB, Limits, Refused, collect, sniff, strip_metadata
from tests.media_support import DEVICE, gps_of, jpeg_with_gps, small_jpeg

WHATSAPP = Limits(image=5 * MB, document=16 * MB)


class Stream:
    """A download of `total` bytes that counts how much of it was read."""

    def __init__(self, head: bytes, total: int, chunk: int = 64 * 1024) -> None:
        self.head, self.total, self.chunk, self.read = head, total, chunk, 0

    async def chunks(self) -> AsyncIterator[bytes]:
        data = self.head
        while self.read < self.total:
            piece = (data or b"\x00" * self.chunk)[: self.chunk]
            data = data[len(piece) :]
            self.read += len(piece)
            yield piece


async def test_a_download_stops_as_soon_as_it_passes_the_limit():
    endless = Stream(b"\xff\xd8\xff\xe0" + b"\x00" * 12, total=200 * MB)
    with pytest.raises(Refused) as refused:
        await collect(endless.chunks(), limits=WHATSAPP)
    assert refused.value.reason == "size" and refused.value.permanent
    assert endless.read <= 5 * MB + 64 * 1024  # never more than a chunk past 5 MB
    pdf = Stream(b"%PDF-1.7\n" + b"\x00" * 12, total=6 * MB)
    data, kind = await collect(pdf.chunks(), limits=WHATSAPP)
    assert kind == "application/pdf" and len(data) >= 6 * MB  # documents may be 16 MB


async def test_a_declared_size_over_the_limit_is_refused_before_reading():
    never = Stream(b"\xff\xd8\xff\xe0", total=1)
    with pytest.raises(Refused):
        await collect(never.chunks(), limits=WHATSAPP, declared=17 * MB)
    assert never.read == 0


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d", "image/png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.4\n%\xe2\xe3", "application/pdf"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00", None),
        (b"<html><body>", None),
        (b"PK\x03\x04 a zip or docx", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_bytes(head, kind):
    assert sniff(head) == kind


async def test_a_file_of_another_type_is_refused_whatever_it_claims():
    with pytest.raises(Refused) as refused:
        await collect(Stream(b"MZ\x90\x00 an .exe named photo.jpg", 40).chunks(), limits=WHATSAPP)
    assert refused.value.reason == "type"


def test_a_phones_photo_loses_its_location_and_device_and_is_turned_upright():
    taken = jpeg_with_gps((64, 48), orientation=6)
    assert gps_of(taken) and DEVICE.encode() in taken
    clean = strip_metadata(taken, "image/jpeg")
    image = Image.open(io.BytesIO(clean))
    assert gps_of(clean) == {} and not image.getexif() and DEVICE.encode() not in clean
    assert image.size == (48, 64)  # the orientation applied, not dropped
    assert b"taken at the till" not in clean
    upright = strip_metadata(jpeg_with_gps((64, 48), orientation=1), "image/jpeg")
    assert gps_of(upright) == {} and Image.open(io.BytesIO(upright)).size == (64, 48)


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_exif_too(kind):
    exif = Image.Exif()
    exif[0x0110] = DEVICE
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 37.0)}
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(out, kind, exif=exif.tobytes())
    clean = strip_metadata(out.getvalue(), f"image/{kind.lower()}")
    assert DEVICE.encode() not in clean and gps_of(clean) == {}
    assert Image.open(io.BytesIO(clean)).format == kind


def test_a_clean_photo_and_a_pdf_are_kept_byte_for_byte():
    plain = small_jpeg()
    assert strip_metadata(plain, "image/jpeg") == plain
    assert strip_metadata(b"%PDF-1.7 ...", "application/pdf") == b"%PDF-1.7 ..."


def test_a_photo_that_cannot_be_opened_is_refused():
    with pytest.raises(Refused) as refused:
        strip_metadata(b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")
    assert refused.value.reason == "unreadable"
