"""Files people send: read as a stream within the platform's limits, typed by their bytes, and
cleaned of photo metadata (location, device) before they are stored."""

from __future__ import annotations

import io
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.channels.base import FetchError

MB = 1024 * 1024
JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
IMAGES = frozenset({JPEG, PNG, WEBP})
# Larger than any phone photo; a file claiming more pixels is refused rather than decoded.
MAX_PIXELS = 120_000_000
_SNIFF_BYTES = 12


@dataclass(frozen=True)
class Limits:
    """The most a platform lets a bot download, by what the file is."""

    image: int
    document: int

    def of(self, content_type: str) -> int:
        return self.image if content_type in IMAGES else self.document

    @property
    def most(self) -> int:
        return max(self.image, self.document)


class Refused(FetchError):
    """A file we will not keep: `reason` is "type", "size" or "unreadable"; never retried."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, permanent=True)
        self.reason = reason


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show (JPEG, PNG, WebP or PDF), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


async def collect(
    chunks: AsyncIterator[bytes], *, limits: Limits, declared: int | None = None
) -> tuple[bytes, str]:
    """Read a download chunk by chunk: its type from the first bytes, stopped past its limit."""
    if declared is not None and declared > limits.most:
        raise Refused("size", f"file of {declared} bytes is over the limit")
    buffer = bytearray()
    content_type: str | None = None
    limit = limits.most
    async for chunk in chunks:
        buffer += chunk
        if content_type is None and len(buffer) >= _SNIFF_BYTES:
            content_type = _typed(buffer)
            limit = limits.of(content_type)
            if declared is not None and declared > limit:
                raise Refused("size", f"{content_type} of {declared} bytes is over the limit")
        if len(buffer) > limit:
            raise Refused("size", f"file over {limit} bytes")
    if content_type is None:
        content_type = _typed(buffer)
    return bytes(buffer), content_type


def _typed(head: bytes | bytearray) -> str:
    found = sniff(bytes(head[:_SNIFF_BYTES]))
    if found is None:
        raise Refused("type", "not a JPEG, PNG, WebP or PDF file")
    return found


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """The photo without EXIF, XMP or comments, turned upright; PDFs are kept as they are.

    A photo that carries nothing to remove is kept byte for byte; otherwise it is encoded
    again (JPEG with its own quantisation tables where it need not be turned, so nothing is
    lost that the eye would see).
    """
    if content_type not in IMAGES:
        return data
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise Refused("size", "photo has too many pixels")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise Refused("unreadable", f"photo could not be read ({type(exc).__name__})") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("size", "photo has too many pixels") from None
    exif = image.getexif()
    orientation = exif.get(0x0112, 1)
    if not exif and not _metadata_in(image):
        return data
    return _encode(image, content_type, upright=orientation in (None, 1))


def _metadata_in(image: Image.Image) -> bool:
    """Whether Pillow found metadata blocks other than the colour profile and resolution."""
    keep = {"icc_profile", "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density"}
    keep |= {"progressive", "progression", "adobe", "adobe_transform", "transparency"}
    keep |= {"gamma", "loop", "duration", "background", "interlace", "aspect", "srgb"}
    return any(key not in keep for key in image.info)


def _encode(image: Image.Image, content_type: str, *, upright: bool) -> bytes:
    icc = image.info.get("icc_profile")
    extra: dict[str, object] = {"icc_profile": icc} if icc else {}
    # Pillow writes some blocks (a JPEG comment, XMP) from `info` unless told otherwise.
    image.info = {k: v for k, v in image.info.items() if k in ("dpi", "transparency")}
    out = io.BytesIO()
    if content_type == JPEG and upright:
        # The same quantisation tables and subsampling: no visible loss from encoding again.
        image.save(out, "JPEG", quality="keep", subsampling="keep", **extra)
        return out.getvalue()
    turned = ImageOps.exif_transpose(image) or image
    turned.info = dict(image.info)
    if content_type == JPEG:
        turned.convert("RGB").save(out, "JPEG", quality=92, **extra)
    elif content_type == PNG:
        turned.save(out, "PNG", optimize=False, **extra)
    else:
        turned.save(out, "WEBP", quality=90, **extra)
    return out.getvalue()
