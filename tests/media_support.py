"""Photos for the media tests: real JPEGs, with or without the metadata a phone adds, and the
app served over real HTTP on loopback (for Twilio to fetch a signed media URL from it)."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from PIL import Image

DEVICE = "Pixel 8 Pro"  # what a phone writes into its photos' EXIF


def small_jpeg(
    size: tuple[int, int] = (48, 36), colour: tuple[int, int, int] = (20, 20, 160)
) -> bytes:
    """A real JPEG without any metadata."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (64, 48), orientation: int = 1) -> bytes:
    """A JPEG as a phone takes it: GPS position (Coventry Street), device, orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Google"  # make
    exif[0x0110] = DEVICE  # model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 37.4), 3: "W", 4: (0.0, 7.0, 56.3)}
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((250, 250, 250), (0, 0, size[0] // 2, size[1] // 4))  # a mark to see turning
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at the till")
    return out.getvalue()


def gps_of(data: bytes) -> dict[Any, Any]:
    """The GPS block of a photo's EXIF ({} when there is none)."""
    return dict(Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825))


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """The app over real HTTP on 127.0.0.1, in this event loop (its database is bound here)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 - uvicorn only offers the flag
        await asyncio.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
