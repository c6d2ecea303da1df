"""What handling a phone's photo costs: reading a download to its limit, and removing the
metadata of a 12-megapixel JPEG (turned, and not turned). Prints figures; times nothing in tests.
Run: .venv/bin/python -m bench.media
"""

from __future__ import annotations

import asyncio
import io
import resource
import time
from collections.abc import AsyncIterator

from PIL import Image

from bot.media import MB, Limits, Refused, collect, strip_metadata

WHATSAPP = Limits(image=5 * MB, document=16 * MB)


def phone_photo(orientation: int) -> bytes:
    """A 4000 × 3000 JPEG with GPS and device EXIF, as a phone writes it."""
    exif = Image.Exif()
    exif[0x0110] = "Pixel 8 Pro"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 37.4), 3: "W", 4: (0.0, 7.0, 56.3)}
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


async def endless(read: list[int]) -> AsyncIterator[bytes]:
    yield b"\xff\xd8\xff\xe0" + b"\x00" * (64 * 1024 - 4)
    while True:
        read[0] += 64 * 1024
        yield b"\x00" * (64 * 1024)


async def stopped_at() -> int:
    read = [64 * 1024]
    try:
        await collect(endless(read), limits=WHATSAPP)
    except Refused:
        pass
    return read[0]


def main() -> None:
    read = asyncio.run(stopped_at())
    print(f"an endless 'photo' on WhatsApp: refused after reading {read / MB:.2f} MB (limit 5 MB)")
    for orientation in (1, 6):
        photo = phone_photo(orientation)
        start = time.perf_counter()
        runs = 5
        for _ in range(runs):
            clean = strip_metadata(photo, "image/jpeg")
        took = (time.perf_counter() - start) / runs * 1000
        how = "kept upright (quality kept)" if orientation == 1 else "turned (re-encoded, q92)"
        left = bool(Image.open(io.BytesIO(clean)).getexif())
        print(
            f"12 MP JPEG {len(photo) / MB:.1f} MB, {how}: {took:.0f} ms, "
            f"{len(clean) / MB:.1f} MB after, EXIF left: {left}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
