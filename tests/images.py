"""Image files for tests: real small images, hostile ones, and uploads of either."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="JPEG", size=(40, 20), color=(200, 80, 80), exif=None):
    """A small real image file's bytes, optionally with EXIF data."""
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def decompression_bomb_png(width=20_000, height=20_000):
    """A valid PNG of a few dozen bytes whose header claims width x height pixels: decoding
    it would need gigabytes of memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + chunk(b"IEND", b"")
    )


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    """`data` as the file a browser would send."""
    return SimpleUploadedFile(name, data, content_type=content_type)
